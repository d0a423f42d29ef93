"""A planned meeting in a real browser: the invitation it follows chosen on the meeting screen,
a dissent ticked on an attendee's row, and the meeting's record showing who was invited and
stayed away, the dissent, and the signatures added afterwards with the scan."""

from datetime import timedelta

import pytest

from consultations.invitations import invitation_record
from consultations.models import Case, Event
from tests.browser.test_meeting import log_in, open_meeting
from tests.consultations.factories import D, make_crowd

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_invited_meeting_with_a_dissent_and_signatures_added_later(
    page, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    actor, project, area = make_crowd(5)
    cases = list(Case.objects.filter(project=project).select_related("land_user").order_by("id"))
    invitation = invitation_record(
        project=project,
        actor=actor,
        area=area,
        happened_on=D - timedelta(days=7),
        meeting_kind="consultation",
        planned_on=D,
        method="loudspeaker",
    ).event
    log_in(page, actor)
    open_meeting(page, project, area)
    page.fill("input[name=happened_on]", D.isoformat())
    page.select_option("select[name=kind]", "consultation")
    page.fill("input[name=place_name]", "Nhà văn hóa thôn")
    page.click("#meetingmap", position={"x": 200, "y": 150})
    for role in ("commune_pc", "fatherland_front"):
        page.check(f"input[name=officials][value={role}]")
    page.select_option("select[name=invitation]", str(invitation.id))
    for case, opinion in zip(cases[:4], ("agree", "agree", "agree", "disagree"), strict=True):
        row = f"tr[data-id='{case.land_user_id}']"
        page.check(f"{row} input[type=checkbox]:not([data-role])")
        page.select_option(f"{row} select", opinion)
    objector = f"tr[data-id='{cases[3].land_user_id}']"
    page.check(f"{objector} input[data-role=dissent]")
    page.click("[data-testid=submit-meeting]")
    page.wait_for_url(f"**/projects/{project.code}/progress/")
    meeting = Event.objects.get(kind="meeting")
    assert meeting.payload["invitation"] == invitation.id
    dissent = Event.objects.get(kind="opinion", case=cases[3])
    assert dissent.payload["dissent"] is True and dissent.payload["opinion"] == "disagree"

    page.click(f"a[href$='/meetings/{meeting.id}/']")
    assert page.inner_text("[data-testid=invited-absent]") == "1"  # the fifth stayed away
    assert cases[4].land_user.name in page.inner_text("[data-testid=absent-list]")
    assert page.locator("[data-testid=dissent]").count() == 1
    assert page.locator("[data-testid=missing-signatures]").count() == 1

    page.click("[data-testid=add-signatures]")
    page.fill("input[name=happened_on]", (D + timedelta(days=1)).isoformat())
    page.check("input[name=roles][value=commune_pc]")
    page.check("input[name=roles][value=fatherland_front]")
    page.select_option("select[name=households]", "all_but")
    page.fill("textarea[name=listed]", f"#{cases[3].land_user_id}")  # the objector did not sign
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(PDF)
    page.set_input_files("input[name=evidence]", str(scan))
    with page.expect_navigation():
        page.click("form.form-stack button[type=submit]")
    assert page.locator("[data-testid=missing-signatures]").count() == 0
    signed = Event.objects.filter(kind="minutes_signed", payload__role="household_representative")
    assert sorted(signed.values_list("payload__case", flat=True)) == [c.id for c in cases[:3]]
    assert page.locator("[data-testid=signatures] a[href*='/evidence/']").count() == 5
    assert not page.js_errors
