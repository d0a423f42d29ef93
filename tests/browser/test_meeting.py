"""The meeting screen in a real browser: a consultation of 80 land users with 10 objectors in
few interactions, and an area of 600 land users all attending, sent twice."""

import pytest

from consultations.models import Case, Event
from tests.consultations.factories import D, make_crowd

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem-1"


def count(page, stage):
    return int(
        page.locator(f"[data-testid=stage-counts] tr[data-stage={stage}] td.num")
        .inner_text()
        .replace(".", "")
    )


class Counted:
    """What a person does on the page, one call per interaction (a click, a fill, a choice)."""

    def __init__(self, page):
        self.page, self.n = page, 0

    def __getattr__(self, name):
        action = getattr(self.page, name)
        if name in ("click", "fill", "select_option", "check", "press", "dblclick"):

            def counted(*args, **kwargs):
                self.n += 1
                return action(*args, **kwargs)

            return counted
        return action


def log_in(page, actor):
    actor.set_password(PASSWORD)
    actor.save()
    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", actor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form-stack button[type=submit]")
    page.wait_for_url(f"{page.base}/")


def open_meeting(page, project, area):
    page.goto(f"{page.base}/projects/{project.code}/record/meeting/?area={area.id}")
    page.wait_for_selector("#meetingmap[data-ready='1']")
    page.wait_for_selector("[data-testid=picker][data-ready='1']")


def fill_meeting(p):
    p.fill("input[name=happened_on]", D.isoformat())
    p.select_option("select[name=kind]", "consultation")
    p.fill("input[name=place_name]", "Nhà văn hóa thôn Tiến Phú")
    p.click("#meetingmap", position={"x": 200, "y": 150})  # the place, on the map
    for role in ("commune_pc", "fatherland_front", "board"):
        p.check(f"input[name=officials][value={role}]")
    for role in ("commune_pc", "fatherland_front", "household_representative"):
        p.check(f"input[name=signatories][value={role}]")


def test_a_consultation_of_80_with_10_objectors_in_under_30_interactions(page, live_server):
    actor, project, area = make_crowd(80)
    from landcases import services as registers

    # The draft the meeting consults on (the form proposes it), never posted: PLAN-POSTING.
    draft = registers.plan_create(
        project=project,
        actor=actor,
        number="PA-01",
        kind="draft",
        title="Dự thảo",
        area=area,
        reason="lập",
    )
    cases = list(Case.objects.filter(project=project).select_related("land_user").order_by("id"))
    log_in(page, actor)
    open_meeting(page, project, area)
    assert page.input_value("select[name=plan]") == ""  # no kind chosen: nothing proposed
    page.select_option("select[name=kind]", "dialogue")
    assert page.input_value("select[name=plan]") == ""  # a dialogue is not consulted on a plan
    p = Counted(page)
    fill_meeting(p)
    assert page.input_value("select[name=plan]") == str(draft.id)  # proposed for a consultation
    p.click("[data-testid=pick-all]")
    page.wait_for_function("document.getElementById('pick-count').textContent === '80'")
    p.select_option("[data-testid=bulk-opinion]", "agree")
    p.click("[data-testid=bulk-apply]")
    assert page.locator("#pick-rows tr").count() == 80  # one page holds a commune meeting
    # The 10 objectors: each one's row in the list, opinion set by keyboard (key 2).
    for case in cases[:10]:
        row = f"tr[data-id='{case.land_user_id}']"
        p.press(f"{row} input[type=checkbox]", "2")
    p.click("[data-testid=submit-meeting]")
    page.wait_for_url(f"**/projects/{project.code}/progress/")
    print(f"\n[meeting of 80 with 10 objectors] {p.n} interactions")
    assert p.n < 30, p.n
    assert count(page, "consulted") == 80
    opinions = page.get_by_test_id("opinion-counts").inner_text()
    assert "Đồng ý\t70" in opinions and "Không đồng ý\t10" in opinions
    assert "PLAN-POSTING" in page.locator(".messages").inner_text()  # recorded with a warning
    assert not page.js_errors


def test_an_area_of_600_all_attending_and_a_double_submit(page, live_server):
    actor, project, area = make_crowd(600)
    log_in(page, actor)
    open_meeting(page, project, area)
    fill_meeting(page)
    page.fill("[data-testid=pick-q]", "nguyen van duc")  # without diacritics: đ is d
    page.wait_for_function(
        "document.querySelectorAll('#pick-rows tr').length > 0 && [...document.querySelectorAll("
        "'#pick-rows tr')].every(r => r.textContent.includes('Nguyễn Văn Đức'))"
    )
    page.fill("[data-testid=pick-q]", "")
    page.wait_for_function("document.getElementById('pick-total').textContent.endsWith('/ 600')")
    page.click("[data-testid=pick-all]")
    page.wait_for_function("document.getElementById('pick-count').textContent === '600'")
    page.select_option("[data-testid=bulk-opinion]", "agree")
    page.click("[data-testid=bulk-apply]")
    first = page.locator("#pick-rows tr").first
    first.locator("select").select_option("disagree")  # an exception
    first.locator("input:not([type=checkbox])").fill("Giá đất thấp")
    # What the browser would send, sent twice (a resend after the first was recorded).
    form = page.evaluate(
        """() => { const f = document.getElementById('meeting-form');
                   f.dispatchEvent(new Event('submit', {cancelable: true}));
                   return [...new FormData(f)].filter(([k, v]) => typeof v === 'string'); }"""
    )
    url = page.url
    statuses = page.evaluate(
        """async ([url, pairs]) => { const out = [];
             for (let i = 0; i < 2; i++) {
               const body = new URLSearchParams(pairs);
               const r = await fetch(url, {method: 'POST', body, credentials: 'same-origin',
                                           redirect: 'manual'});
               out.push([r.status, r.type === 'opaqueredirect' ? '' : await r.text()]);
             } return out; }""",
        [url, form],
    )
    assert statuses[0][0] == 0  # the first: recorded, redirected
    assert statuses[1][0] == 200 and "đã được gửi và ghi nhận" in statuses[1][1]
    meetings = Event.objects.filter(project=project, kind="meeting")
    assert meetings.count() == 1 and len(meetings.get().payload["cases"]) == 600
    opinions = Event.objects.filter(project=project, kind="opinion")
    assert opinions.count() == 600
    assert opinions.filter(payload__opinion="disagree").count() == 1
    # And a double click on the button sends the form once.
    open_meeting(page, project, area)
    fill_meeting(page)
    page.click("[data-testid=pick-all]")
    page.wait_for_function("document.getElementById('pick-count').textContent === '600'")
    page.dblclick("[data-testid=submit-meeting]")
    page.wait_for_url(f"**/projects/{project.code}/progress/")
    assert meetings.count() == 2
    assert not page.js_errors
