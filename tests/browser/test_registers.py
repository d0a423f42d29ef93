import pytest

from landcases.models import Role
from tests.factories import make_parcel, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_parcel_page_shows_keys_areas_and_its_map(page, login, django_user_model):
    login(username="canbo")
    user = django_user_model.objects.get(username="canbo")
    project, area, commune = make_project(members=[(user, Role.BOARD_STAFF)])
    parcel = make_parcel(project, commune, actor=user, sheet="15", no="203", area=area)
    page.goto(f"{page.base}/projects/{project.code}/parcels/")
    page.click("text=15/203")
    page.wait_for_url(f"**/parcels/{parcel.id}/")
    facts = page.get_by_test_id("parcel-facts").inner_text()
    assert "Xã Thuận Quý" in facts and "Xã Tân Thành (mới)" in facts  # survey commune → today's
    assert "600" in page.get_by_test_id("legal-area").inner_text()
    page.wait_for_selector("#parcelmap[data-ready='1'] path.leaflet-interactive")
    # The parcel is drawn as an SVG path with a real extent on screen.
    box = page.locator("#parcelmap path.leaflet-interactive").last.bounding_box()
    assert box["width"] > 20 and box["height"] > 20
    assert not page.js_errors


def test_a_parcel_drawn_on_the_map_is_saved_with_its_area(page, login, django_user_model):
    from landcases.models import Parcel

    login(username="canbo")
    user = django_user_model.objects.get(username="canbo")
    project, area, commune = make_project(members=[(user, Role.BOARD_STAFF)])
    page.goto(f"{page.base}/projects/{project.code}/parcels/new/")
    page.wait_for_selector("#shapemap[data-ready='1']")
    assert "Vẽ một hình chữ nhật" in page.get_attribute("a.leaflet-draw-draw-rectangle", "title")
    page.click("a.leaflet-draw-draw-rectangle")
    box = page.locator("#shapemap").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx - 20, cy - 20)
    page.mouse.down()
    page.mouse.move(cx + 20, cy + 20, steps=5)
    page.mouse.up()
    drawn = page.input_value("textarea[name=geom]")
    assert '"Polygon"' in drawn and page.input_value("select[name=srid]") == "4326"
    page.select_option("select[name=commune_at_survey]", str(commune.id))
    page.fill("input[name=survey_date]", "2024-03-01")
    page.fill("input[name=sheet_no]", "9")
    page.fill("input[name=parcel_no]", "1")
    page.fill("input[name=land_use]", "LUC")
    page.fill("input[name=legal_area_m2]", "100")
    page.click("form.form-stack button[type=submit]")
    page.wait_for_url("**/parcels/*/")
    parcel = Parcel.objects.get(project=project)
    assert parcel.source_srid == 4326 and parcel.geometric_area_m2 > 0
    assert not page.js_errors
