import pytest

from tests.consultations.factories import D, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def count(page, stage):
    return int(
        page.locator(f"[data-testid=stage-counts] tr[data-stage={stage}] td.num")
        .inner_text()
        .replace(".", "")
    )


def test_record_a_consultation_meeting_of_12_land_users(page, live_server):
    actor, project, area, cases = make_world(12)
    actor.set_password("mat-khau-thu-nghiem-1")
    actor.save()
    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", actor.username)
    page.fill("input[name=password]", "mat-khau-thu-nghiem-1")
    page.click("form.form-stack button[type=submit]")
    page.goto(f"{page.base}/projects/{project.code}/progress/")
    assert count(page, "consulted") == 0 and count(page, "identified") == 12

    page.get_by_test_id("record-meeting").click()
    page.click(f"a[href='?area={area.id}']")
    page.wait_for_selector("#meetingmap[data-ready='1']")
    page.fill("input[name=happened_on]", D.isoformat())
    page.select_option("select[name=kind]", "consultation")
    page.fill("input[name=place_name]", "Nhà văn hóa thôn Tiến Phú")
    page.click("#meetingmap", position={"x": 200, "y": 150})  # the place, on the map
    assert page.input_value("input[name=place_lat]") != ""
    for role in ("commune_pc", "fatherland_front", "board"):
        page.check(f"input[name=officials][value={role}]")
    for role in ("commune_pc", "fatherland_front", "household_representative"):
        page.check(f"input[name=signatories][value={role}]")
    page.click("[data-select-all]")
    opinions = ["agree"] * 9 + ["disagree", "disagree", "other"]
    for case, opinion in zip(cases, opinions, strict=True):
        page.select_option(f"select[name=opinion-{case.id}]", opinion)
    page.fill(f"input[name=concerns-{cases[9].id}]", "Đơn giá đất nông nghiệp thấp")
    page.click("text=Ghi nhận cuộc họp >> nth=-1")

    page.wait_for_url(f"**/projects/{project.code}/progress/")
    assert count(page, "consulted") == 12 and count(page, "identified") == 0
    opinion_table = page.get_by_test_id("opinion-counts").inner_text()
    assert "Đồng ý\t9" in opinion_table and "Không đồng ý\t2" in opinion_table
    # The draft plan was never posted: recorded anyway, with a warning (PLAN-POSTING).
    assert "PLAN-POSTING" in page.locator(".messages").inner_text()

    page.goto(f"{page.base}/projects/{project.code}/cases/{cases[9].land_user_id}/")
    assert page.get_by_test_id("opinion").inner_text() == "Không đồng ý"
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "Đơn giá đất nông nghiệp thấp" in timeline and "Cuộc họp" in timeline
    page.screenshot(path="test-artifacts/meeting-timeline.png", full_page=True)
    assert not page.js_errors
