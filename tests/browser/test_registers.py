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
