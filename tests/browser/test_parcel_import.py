"""A parcel import end to end in the browser, on a phone (issue 14): upload a zipped
Shapefile in EPSG:9218 with TCVN3 text and planted faults, confirm the CRS, map the fields,
see the first features on the map, check it on the real Celery worker with its progress,
read the report, accept, and see the parcels drawn on the progress map."""

import pytest

from landcases.forms.parcel_import import crs_choices
from landcases.models import Parcel, Role
from tests.browser.test_phone_width import OVERFLOW_JS
from tests.factories import make_user
from tests.landcases.parcel_files import project_for, zipped_shapefile
from tests.landcases.test_parcel_import import faulty_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN_JS = """() => [...document.querySelectorAll('.leaflet-tile-pane canvas')].some(c => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
  return false;
})"""


def fits(page):
    m = page.evaluate(OVERFLOW_JS)
    assert max(m["doc"], m["body"]) <= m["inner"], m


def test_a_parcel_import_end_to_end_on_a_phone(browser, live_server, celery_worker_process):
    rows, project_rows = faulty_rows()
    project = project_for(project_rows, "nhap-trinh-duyet")
    user = make_user("canbo.nhap")
    user.set_password("mat-khau-thu-nghiem-1")
    user.save()
    project.memberships.create(user=user, role=Role.BOARD_STAFF)
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "canbo.nhap")
        page.fill("input[name=password]", "mat-khau-thu-nghiem-1")
        page.click("form.form-stack button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/projects/{project.code}/parcels/")
        page.get_by_test_id("parcel-import").click()
        fits(page)
        page.set_input_files(
            "input[name=file]",
            files=[
                {
                    "name": "ban-do.zip",
                    "mimeType": "application/zip",
                    "buffer": zipped_shapefile(rows),
                }
            ],
        )
        page.get_by_test_id("upload-form").locator("button[type=submit]").click()

        # The set-up: the CRS read from the .prj, TCVN3 found, the fields suggested.
        page.get_by_test_id("setup-form").wait_for()
        assert "EPSG:9218" in page.get_by_test_id("crs-found").inner_text()
        assert "TCVN3" in page.get_by_test_id("encoding-found").inner_text()
        mapping = page.get_by_test_id("mapping")
        assert mapping.locator("select[name=field_sheet_no]").input_value() == "SHBANDO"
        page.wait_for_selector("#importmap[data-ready='1']")
        assert page.locator("#importmap").get_attribute("data-features") == "40"
        assert page.locator(".leaflet-overlay-pane path").count() >= 40
        fits(page)
        # Choose the province's zone by name (the same zone as the file's), map the owner.
        province = next(label for value, label in crs_choices() if label.startswith("Bình Thuận"))
        assert "EPSG:9218" in province
        page.select_option("select[name=srid]", label=province)
        mapping.locator("select[name=field_owner_text]").select_option("TENCHU")
        page.fill("input[name=survey_date]", "2024-03-01")
        page.get_by_test_id("check").click()

        # The check runs on the worker; the page follows it, then shows the report.
        page.get_by_test_id("report-counts").wait_for(timeout=60_000)
        counts = page.get_by_test_id("report-counts")
        assert counts.locator("[data-count=read]").inner_text() == "40"
        assert counts.locator("[data-count=accepted]").inner_text() == "36"
        assert counts.locator("[data-count=rejected]").inner_text() == "4"
        rejected = page.get_by_test_id("rejected").inner_text()
        assert "12/3" in rejected and "3, 4" in rejected  # the repeated key, both rows
        assert "12/2" in rejected and "12/6" in rejected  # the bow-tie, the one outside
        assert Parcel.objects.filter(project=project).count() == 0  # the check wrote nothing
        fits(page)
        page.get_by_test_id("accept").click()

        page.get_by_test_id("see-map").wait_for(timeout=60_000)
        assert counts.locator("[data-count=created]").inner_text() == "36"
        assert Parcel.objects.filter(project=project).count() == 36
        page.get_by_test_id("see-map").click()
        page.wait_for_selector("#progressmap[data-ready='1']")
        page.wait_for_function("document.querySelectorAll('.leaflet-tile-pane canvas').length > 0")
        page.wait_for_function(DRAWN_JS, timeout=20_000)
        assert page.locator("[data-count=identified]").inner_text() == "36"
        page.screenshot(path="test-artifacts/parcel-import-map.png", full_page=True)
        assert not errors, errors
    except Exception:
        page.screenshot(path="test-artifacts/parcel-import-failed.png", full_page=True)
        raise
    finally:
        context.close()


def test_the_files_text_is_shown_as_text_on_the_set_up_map(browser, live_server):
    """A label from the file is text, never markup (Leaflet puts a string tooltip in as
    HTML): an <img onerror> in a parcel number does not run."""
    rows, project_rows = faulty_rows()
    rows = rows[:3]
    rows[0]["SHTHUA"] = '<img src=x onerror="window.__ran=1">'
    project = project_for(project_rows, "nhap-chu")
    user = make_user("canbo.chu")
    user.set_password("mat-khau-thu-nghiem-1")
    user.save()
    project.memberships.create(user=user, role=Role.BOARD_STAFF)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1000, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "canbo.chu")
        page.fill("input[name=password]", "mat-khau-thu-nghiem-1")
        page.click("form.form-stack button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/projects/{project.code}/parcels/import/")
        page.set_input_files(
            "input[name=file]",
            files=[
                {"name": "b.zip", "mimeType": "application/zip", "buffer": zipped_shapefile(rows)}
            ],
        )
        page.get_by_test_id("upload-form").locator("button[type=submit]").click()
        page.wait_for_selector("#importmap[data-ready='1']")
        for path in page.locator(".leaflet-overlay-pane path").all():
            path.dispatch_event("mouseover")
        page.wait_for_selector(".leaflet-tooltip")
        texts = page.locator(".leaflet-tooltip").all_inner_texts()
        assert any("<img" in t for t in texts), texts
        assert page.evaluate("window.__ran") is None
        assert page.locator(".leaflet-tooltip img").count() == 0
    finally:
        context.close()
