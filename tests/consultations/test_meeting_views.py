"""Meetings planned and signed, enforcement, safeguards and supervision through their pages:
invitations before the meeting, the meeting screen naming its invitation with dissent per
attendee, the meeting's record (who was invited, who came), signatures added afterwards with
the scan, an official confirming their own, the People's Inspection Board and the
inspectorate recording findings, the open recommendations with their age."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Event
from landcases.models import Role
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.factories import make_user

pytestmark = pytest.mark.django_db
ROLES = [r.value for r in Role]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def day(n):
    return (D + timedelta(days=n)).isoformat()


@pytest.fixture
def world():
    users = {role: make_user(f"u-{role}") for role in ROLES if role != "board_staff"}
    actor, project, area, cases = make_world(3, members=[(u, r) for r, u in users.items()])
    users["board_staff"] = actor
    project.memberships.filter(user=users["commune_official"]).update(
        commune=area.commune.current()
    )
    return users, project, area, cases


def post(client, url, data):
    return client.post(url, {"submission_key": str(uuid.uuid4()), **data})


def test_invited_attended_dissent_and_signatures_on_the_meeting_s_record(
    client, world, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    users, project, area, (a, b, c) = world
    client.force_login(users["board_staff"])
    invite = reverse("consultations:invitation", args=[project.code])
    base = {"area": area.id, "meeting_kind": "consultation", "method": "post"}
    late = post(client, invite, {**base, "happened_on": day(30), "planned_on": day(20)})
    assert "giấy mời phải gửi trước cuộc họp" in late.content.decode()
    response = post(
        client,
        invite,
        {**base, "happened_on": day(30), "planned_on": day(40), "exceptions": f"#{c.land_user_id}"},
    )
    assert response.status_code == 302
    invitation = Event.objects.get(kind="invitation_sent")
    screen = reverse("consultations:meeting", args=[project.code]) + f"?area={area.id}"
    assert "Giấy mời đã gửi cho cuộc họp này" in client.get(screen).content.decode()
    data = {
        "happened_on": day(40),
        "kind": "consultation",
        "place_name": "Nhà văn hóa thôn",
        "place_lat": "10.94",
        "place_lng": "108.0",
        "officials": ["commune_pc", "fatherland_front"],
        "signatories": ["commune_pc", "inspection_board"],  # the Board was not there
        "invitation": invitation.id,
        "attendance": json.dumps(
            [
                {"id": a.land_user_id, "opinion": "agree"},
                {"id": c.land_user_id, "opinion": "disagree", "dissent": True},
            ]
        ),
    }
    refused = post(client, screen, data)
    assert "Ban Thanh tra nhân dân không có trong thành phần" in refused.content.decode()
    assert not Event.objects.filter(kind="meeting").exists()
    response = post(client, screen, {**data, "signatories": ["commune_pc"]})
    assert response.status_code == 302
    meeting = Event.objects.get(kind="meeting")
    assert meeting.payload["invitation"] == invitation.id
    dissent = Event.objects.get(kind="opinion", case=c)
    assert dissent.payload["dissent"] is True
    assert "dissent" not in Event.objects.get(kind="opinion", case=a).payload
    page_url = reverse("consultations:meeting_detail", args=[project.code, meeting.id])
    page = client.get(page_url).content.decode()
    assert 'data-testid="invited-absent">1<' in page and "Hộ số 2" in page  # b stayed away
    assert 'data-testid="dissent"' in page and 'data-testid="missing-signatures"' in page
    sign = reverse("consultations:signatures_add", args=[project.code, meeting.id])
    bad = post(
        client,
        sign,
        {"happened_on": day(41), "households": "listed", "listed": f"#{b.land_user_id}"},
    )
    assert f"#{b.land_user_id} không dự cuộc họp" in bad.content.decode()
    response = client.post(
        sign,
        {
            "happened_on": day(41),
            "roles": ["fatherland_front"],
            "households": "all",
            "evidence": SimpleUploadedFile("bien-ban-ky.pdf", PDF),
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    signed = Event.objects.filter(kind="minutes_signed", is_void=False)
    assert signed.filter(payload__role="household_representative").count() == 2
    assert all(s.evidence.count() == 1 for s in signed.filter(happened_on=D + timedelta(days=41)))
    page = client.get(page_url).content.decode()
    assert 'data-testid="missing-signatures"' not in page
    # The commune official confirms the commune's signature, as their own act.
    client.force_login(users["commune_official"])
    page = client.get(page_url).content.decode()
    assert page.count('data-testid="confirm-signature"') == 1
    commune_sig = signed.get(payload__role="commune_pc")
    confirm = reverse(
        "consultations:signature_confirm", args=[project.code, meeting.id, commune_sig.id]
    )
    assert (
        post(client, confirm, {"happened_on": timezone.localdate().isoformat()}).status_code == 302
    )
    mine = Event.objects.get(kind="signature_confirmed")
    assert (
        mine.recorded_by == users["commune_official"] and mine.recorded_role == "commune_official"
    )
    front_sig = signed.get(payload__role="fatherland_front")
    other = reverse(
        "consultations:signature_confirm", args=[project.code, meeting.id, front_sig.id]
    )
    response = post(client, other, {"happened_on": timezone.localdate().isoformat()})
    assert "chỉ được xác nhận chữ ký của cơ quan mình" in response.content.decode()
    # The board corrects a signature's date and the invitation's from the record, and comes back.
    client.force_login(users["board_staff"])
    page = client.get(page_url).content.decode()
    front_fix = reverse("consultations:correct", args=[project.code, front_sig.id])
    assert front_fix in page
    assert reverse("consultations:correct", args=[project.code, invitation.id]) in page
    fix = {"action": "redate", "happened_on": day(42), "reason": "Sai ngày ký"}
    response = post(client, front_fix, fix)
    assert response.status_code == 302 and response.url == page_url
    fix = {**fix, "happened_on": day(29), "reason": "Sai ngày gửi"}
    response = post(
        client, reverse("consultations:correct", args=[project.code, invitation.id]), fix
    )
    assert response.status_code == 302 and response.url == page_url


def test_enforcement_steps_on_the_case_page(client, world):
    users, project, area, (a, _b, _c) = world
    client.force_login(users["board_staff"])
    act = "consultations:case_act"
    decision = reverse(act, args=[project.code, a.land_user_id, "enforcement-decision"])
    data = {"happened_on": day(20), "number": "CC-1", "authority": "commune_chairman"}
    refused = post(client, decision, data)
    assert "chưa có quyết định thu hồi đất" in refused.content.decode()
    record(
        "recovery_decided",
        project=project,
        actor=users["board_staff"],
        case=a,
        on=D,
        number="1",
        authority="commune_pc",
    )
    persuade = reverse(act, args=[project.code, a.land_user_id, "enforcement-persuasion"])
    assert post(client, persuade, {"happened_on": day(5), "by": ["board"]}).status_code == 302
    assert Event.objects.get(kind="persuasion").payload["purpose"] == "enforcement"
    assert post(client, decision, data).status_code == 302
    case_url = reverse("consultations:case", args=[project.code, a.land_user_id])
    page = client.get(case_url).content.decode()
    assert "ENFORCEMENT-PRECONDITIONS" in page and "cưỡng chế" in page
    section = page.split('data-testid="case-enforcement"', 1)[1].split("</details>", 1)[0]
    assert "CC-1" in section and section.count("chưa ghi nhận") == 3  # posted, delivered, done


def test_support_and_consent_are_seen_per_household_only_with_sensitive_rights(client, world):
    users, project, area, (a, _b, _c) = world
    kw = {"project": project, "actor": users["board_staff"], "case": a}
    record("support_measure", **kw, on=D, measure="health_care")
    record(
        "fpic_record",
        **kw,
        on=D,
        basis="relocation",
        consultation_on=D.isoformat(),
        consent="given",
    )
    page = reverse("consultations:safeguards", args=[project.code])
    case_url = reverse("consultations:case", args=[project.code, a.land_user_id])
    for role, sees in (("board_staff", True), ("auditor", True), ("commune_official", False)):
        client.force_login(users[role])
        body = client.get(page).content.decode()
        assert ("Chăm sóc sức khỏe" in body) == sees, role
        assert ('data-testid="measure-count"' in body) == (not sees), role
        assert ('data-kind="support_measure"' in client.get(case_url).content.decode()) == sees


def test_census_and_cut_off_for_the_project_or_an_area(client, world):
    users, project, area, cases = world
    client.force_login(users["board_staff"])
    census = reverse("consultations:census", args=[project.code])
    cutoff = reverse("consultations:cutoff", args=[project.code])
    assert post(client, census, {"happened_on": day(3)}).status_code == 302
    response = post(
        client,
        cutoff,
        {"happened_on": day(1), "area": area.id, "cutoff_on": day(3), "method": "posting"},
    )
    assert response.status_code == 302
    closed = Event.objects.get(kind="census_closed")
    assert closed.subject_type == "project" and closed.area is None
    assert Event.objects.get(kind="cutoff_announced").area == area
    body = client.get(reverse("consultations:safeguards", args=[project.code])).content.decode()
    assert "toàn dự án" in body and area.code in body


def test_three_bodies_record_findings_and_the_open_list_shows_age_and_latest_response(
    client, world
):
    users, project, area, cases = world
    url = reverse("consultations:supervision", args=[project.code])
    for role, kind in (
        ("inspection_board", "recommendation"),
        ("auditor", "conclusion"),
        ("front_supervisor", "recommendation"),
    ):
        client.force_login(users[role])
        response = post(
            client,
            url,
            {"happened_on": day(0), "finding_kind": kind, "content": f"Kiến nghị của {role}"},
        )
        assert response.status_code == 302, role
    bodies = dict(
        Event.objects.filter(kind="supervision").values_list("recorded_role", "payload__body")
    )
    assert bodies == {
        "inspection_board": "inspection_board",
        "auditor": "inspectorate",
        "front_supervisor": "fatherland_front",
    }
    conclusion = Event.objects.get(kind="supervision", payload__body="inspectorate")
    board = users["board_staff"]
    record(
        "supervision_response",
        project=project,
        actor=board,
        on=D + timedelta(days=5),
        finding=conclusion.id,
        content="Đang xem xét",
    )
    resolved = Event.objects.get(kind="supervision", payload__body="fatherland_front")
    record(
        "supervision_response",
        project=project,
        actor=board,
        on=D + timedelta(days=6),
        finding=resolved.id,
        content="Đã công khai",
        resolves=True,
    )
    client.force_login(users["viewer"])
    page = reverse("consultations:open_recommendations", args=[project.code])
    body = client.get(page).content.decode()
    assert "Kiến nghị của" not in body  # the words only for roles that may read names
    client.force_login(users["inspection_board"])
    body = client.get(page).content.decode()
    assert "Kiến nghị của inspection_board" in body and "Kiến nghị của auditor" in body
    assert "Kiến nghị của front_supervisor" not in body  # considered and resolved
    assert "Đang xem xét" in body and "chưa trả lời" in body
    age = (timezone.localdate() - D).days
    assert body.count(f'data-testid="age">{age}<') == 2


@pytest.mark.parametrize("role", ROLES)
def test_a_meeting_without_signatures_or_invitation_reads_for_every_role(client, world, role):
    from tests.consultations.record import meeting

    users, project, area, cases = world
    held = meeting(
        project=project,
        actor=users["board_staff"],
        area=area,
        on=D,
        attendees=cases,
        signatories=(),
    ).event
    client.force_login(users[role])
    body = client.get(reverse("consultations:meeting_detail", args=[project.code, held.id]))
    assert body.status_code == 200
    text = body.content.decode()
    assert 'data-testid="missing-signatures"' in text and "không ghi" in text  # no invitation
    assert ("Hộ số 1" in text) == (role != "viewer")
