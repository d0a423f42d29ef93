"""A complaint in a real browser: recorded from the case page, accepted, settled; the
`grievance_open` overlay appears on the case page and in the map's counts under the overlay
filter, and goes when the complaint is settled."""

from datetime import timedelta

import pytest

from consultations.models import Grievance
from tests.consultations.factories import D, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem-1"


def log_in(page, actor):
    actor.set_password(PASSWORD)
    actor.save()
    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", actor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form-stack button[type=submit]")
    page.wait_for_url(f"{page.base}/")


def grievance_parcels_on_the_map(page, project) -> int:
    """The parcels the map counts under the `grievance_open` filter (every stage)."""
    page.goto(f"{page.base}/maps/{project.code}/")
    page.wait_for_selector("#progressmap[data-ready='1']")
    page.evaluate("() => document.getElementById('progressmap').removeAttribute('data-ready')")
    page.select_option("#f-overlay", "grievance_open")
    page.wait_for_selector("#progressmap[data-ready='1']")
    cells = page.locator("[data-testid=legend] [data-count]")
    return sum(int(cells.nth(i).inner_text().replace(".", "") or 0) for i in range(cells.count()))


def submit(page):
    with page.expect_navigation():
        page.click("form.form-stack button[type=submit]")


def test_a_complaint_opens_and_closes_the_overlay(page, live_server):
    actor, project, area, (a, _b, _c) = make_world(3)
    log_in(page, actor)
    case_url = f"{page.base}/projects/{project.code}/cases/{a.land_user_id}/"
    assert grievance_parcels_on_the_map(page, project) == 0

    page.goto(case_url)
    page.click("[data-testid=case-grievance-new]")
    assert page.input_value("textarea[name=land_users]") == f"#{a.land_user_id}"
    page.fill("input[name=happened_on]", D.isoformat())
    page.select_option("select[name=grievance_kind]", "complaint")
    page.select_option("select[name=channel]", "written")
    page.fill("textarea[name=summary]", "Đơn khiếu nại về giá đất bồi thường")
    submit(page)
    grievance = Grievance.objects.get(project=project)
    assert page.locator("h1").inner_text().endswith(grievance.number)
    assert "Chưa giải quyết" in page.inner_text("[data-testid=grievance-facts]")

    page.goto(case_url)
    assert "đang khiếu nại" in page.inner_text("[data-testid=stage]")
    assert grievance.number in page.inner_text("[data-testid=case-grievances]")
    assert grievance_parcels_on_the_map(page, project) == 1

    page.goto(f"{page.base}/projects/{project.code}/grievances/{grievance.id}/")
    page.click("[data-testid=step-accept]")
    page.fill("input[name=happened_on]", (D + timedelta(days=5)).isoformat())
    submit(page)
    assert "Thụ lý khiếu nại" in page.inner_text("[data-testid=timeline]")
    page.click("[data-testid=step-settle]")
    page.fill("input[name=happened_on]", (D + timedelta(days=30)).isoformat())
    page.select_option("select[name=result]", "partly")
    page.fill("input[name=number]", "12/QĐ-UBND")
    submit(page)
    assert "Đã kết thúc" in page.inner_text("[data-testid=grievance-facts]")

    page.goto(case_url)
    assert "đang khiếu nại" not in page.inner_text("[data-testid=stage]")
    assert grievance_parcels_on_the_map(page, project) == 0
    assert not page.js_errors
