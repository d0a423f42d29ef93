"""The project page's export section at 360 px (Vietnamese first): nothing scrolls sideways,
the parcels download as a GeoPackage named with the project code and the date, with the
names only when the box is ticked."""

import subprocess

import pytest
from django.utils import timezone

from landcases.models import Role
from tests.browser.test_phone_width import OVERFLOW_JS
from tests.factories import make_parcel, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_export_section_on_a_phone_downloads_the_parcels(
    browser, live_server, django_user_model, tmp_path
):
    user = django_user_model.objects.create_user(username="canbo", password="mat-khau-thu-1")
    project, area, commune = make_project(members=[(user, Role.BOARD_STAFF)])
    make_parcel(project, commune, actor=user, sheet="15", no="203", area=area)
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, accept_downloads=True
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "canbo")
        page.fill("input[name=password]", "mat-khau-thu-1")
        page.click("form.form-stack button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/projects/{project.code}/")
        section = page.get_by_test_id("exports")
        assert "Xuất dữ liệu" in section.inner_text()
        assert "Tải kèm dữ liệu nhạy cảm" in section.inner_text()  # board staff may
        m = page.evaluate(OVERFLOW_JS)
        assert max(m["doc"], m["body"]) <= m["inner"], m
        section.locator("select[name=format]").select_option("gpkg")
        with page.expect_download() as info:
            section.get_by_role("button", name="Tải thửa đất").click()
        download = info.value
        today = timezone.localdate().strftime("%Y%m%d")
        assert download.suggested_filename == f"thua-dat-{project.code}-{today}.gpkg"
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        out = subprocess.run(
            ["/usr/bin/ogrinfo", "-ro", "-al", "-so", str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Feature Count: 1" in out and "land_users" not in out
        section.locator("input[name=names]").check()
        with page.expect_download() as info:
            section.get_by_role("button", name="Tải thửa đất").click()
        named = tmp_path / "named.gpkg"
        info.value.save_as(named)
        out = subprocess.run(
            ["/usr/bin/ogrinfo", "-ro", "-al", "-so", str(named)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "land_users: String" in out
    finally:
        context.close()
