"""Pages of the case record: the permission matrix, the meeting screen, corrections."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from consultations.models import Event
from landcases.models import Role
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db
ROLES = [r.value for r in Role]


@pytest.fixture
def world():
    users = {role: make_user(f"u-{role}") for role in ROLES}
    actor, project, area, cases = make_world(
        3, members=[(u, r) for r, u in users.items() if r != "board_staff"]
    )
    users["board_staff"] = actor
    project.memberships.filter(user=users["commune_official"]).update(
        commune=area.commune.current()
    )
    finding = record(
        "supervision",
        project=project,
        actor=users["front_supervisor"],
        on=D,
        body="fatherland_front",
        finding_kind="recommendation",
        content="Công khai giá đất",
    ).event
    posting = record(
        "posting_started",
        project=project,
        actor=actor,
        area=area,
        on=D,
        what="draft_plan",
        place="UBND xã",
    ).event
    other, other_area, _ = make_project("du-an-khac")
    return users, project, area, cases, finding, posting, other


def pages(project, area, cases, finding, posting):
    lu = cases[0].land_user_id
    return {
        "progress": reverse("consultations:progress", args=[project.code]),
        "case": reverse("consultations:case", args=[project.code, lu]),
        "supervision": reverse("consultations:supervision", args=[project.code]),
        "deliver": reverse("consultations:case_act", args=[project.code, lu, "deliver"]),
        "inventory": reverse("consultations:case_act", args=[project.code, lu, "inventory"]),
        "opinion": reverse("consultations:case_act", args=[project.code, lu, "opinion"]),
        "notice": reverse("consultations:notice_issue", args=[project.code]),
        "posting": reverse("consultations:posting_start", args=[project.code]),
        "posting_end": reverse("consultations:posting_end", args=[project.code, posting.id]),
        "meeting": reverse("consultations:meeting", args=[project.code]) + f"?area={area.id}",
        "correct": reverse("consultations:correct", args=[project.code, posting.id]),
        "respond": reverse("consultations:respond", args=[project.code, finding.id]),
    }


def issue_11_pages(project, area, cases, actor):
    """Grievances, a meeting's record and signatures, invitations, safeguards, enforcement."""
    from consultations.grievances import grievance_create
    from tests.consultations.record import meeting

    grievance = grievance_create(
        project=project,
        actor=actor,
        happened_on=D,
        values={"grievance_kind": "complaint", "channel": "written", "cases": [cases[0].id]},
    ).event.grievance
    held = meeting(project=project, actor=actor, area=area, on=D, attendees=cases[:1]).event
    signed = Event.objects.get(
        kind="minutes_signed", payload__meeting=held.id, payload__role="commune_pc"
    )
    code, lu = project.code, cases[0].land_user_id
    return {
        "grievances": reverse("consultations:grievances", args=[code]),
        "grievance": reverse("consultations:grievance", args=[code, grievance.id]),
        "grievance_new": reverse("consultations:grievance_new", args=[code]) + f"?land_user={lu}",
        "grievance_settle": reverse(
            "consultations:grievance_step", args=[code, grievance.id, "settle"]
        ),
        "meeting_detail": reverse("consultations:meeting_detail", args=[code, held.id]),
        "signatures_add": reverse("consultations:signatures_add", args=[code, held.id]),
        "signature_confirm": reverse(
            "consultations:signature_confirm", args=[code, held.id, signed.id]
        ),
        "invitation": reverse("consultations:invitation", args=[code]),
        "safeguards": reverse("consultations:safeguards", args=[code]),
        "census": reverse("consultations:census", args=[code]),
        "cutoff": reverse("consultations:cutoff", args=[code]),
        "open_recommendations": reverse("consultations:open_recommendations", args=[code]),
        "enforcement": reverse("consultations:case_act", args=[code, lu, "enforcement-decision"]),
        "support": reverse("consultations:case_act", args=[code, lu, "support"]),
    }


READ = {
    "progress",
    "case",
    "supervision",
    "grievances",
    "grievance",
    "meeting_detail",
    "safeguards",
    "open_recommendations",
}
BOARD_RECORDS = {
    "grievance_new",
    "grievance_settle",
    "signatures_add",
    "invitation",
    "census",
    "cutoff",
    "enforcement",
    "support",
}
ALLOWED = {
    "board_staff": READ
    | BOARD_RECORDS
    | {
        "deliver",
        "inventory",
        "opinion",
        "notice",
        "posting",
        "posting_end",
        "meeting",
        "correct",
        "respond",
        "signature_confirm",
    },
    # A commune official records postings: the correction page of the board's posting opens,
    # and the door refuses it with a message (only the recording organisation corrects).
    # Officials with an account confirm their own body's signature (the door checks whose).
    "commune_official": READ
    | {"deliver", "notice", "posting", "posting_end", "correct", "signature_confirm"},
    "front_supervisor": READ | {"signature_confirm"},
    "inspection_board": READ | {"signature_confirm"},
    "auditor": READ,
    "viewer": READ,
}


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, role):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users[role])
    urls = {
        **pages(project, area, cases, finding, posting),
        **issue_11_pages(project, area, cases, users["board_staff"]),
    }
    assert set(urls) == set().union(*ALLOWED.values())
    for name, url in urls.items():
        expected = 200 if name in ALLOWED[role] else 404
        assert client.get(url).status_code == expected, (role, name)
        other_url = url.replace(f"/{project.code}/", f"/{other.code}/")
        assert client.get(other_url).status_code == 404, (role, name, "other project")


def test_front_supervisor_records_findings_and_nothing_else(client, world):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users["front_supervisor"])
    url = reverse("consultations:supervision", args=[project.code])
    response = client.post(
        url,
        {
            "happened_on": D.isoformat(),
            "finding_kind": "finding",
            "content": "Thiếu chữ ký của MTTQ ở biên bản họp",
        },
    )
    assert response.status_code == 302
    assert Event.objects.filter(kind="supervision", recorded_by=users["front_supervisor"]).exists()
    deliver = reverse(
        "consultations:case_act", args=[project.code, cases[0].land_user_id, "deliver"]
    )
    before = Event.objects.count()
    assert client.post(deliver, {"happened_on": D.isoformat(), "method": "post"}).status_code == 404
    assert Event.objects.count() == before


def test_viewer_sees_progress_without_names(client, world):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users["viewer"])
    body = client.get(
        reverse("consultations:case", args=[project.code, cases[0].land_user_id])
    ).content.decode()
    assert "Hộ số 1" not in body


def test_amounts_of_money_only_for_roles_that_may_read_them(client, world):
    users, project, area, cases, finding, posting, other = world
    from landcases import services as registers
    from tests.consultations.test_money import M, lines, plan

    version = plan(project, area, users["board_staff"])
    registers.plan_lines_replace(
        plan=version, actor=users["board_staff"], reason="nhập", lines=lines(cases[:1], [20 * M])
    )
    record(
        "deposit",
        project=project,
        actor=users["board_staff"],
        case=cases[0],
        on=D + timedelta(days=1),
        amount=123456789,
        custody="state_treasury",
    )
    url = reverse("consultations:case", args=[project.code, cases[0].land_user_id])
    for role in ROLES:
        client.force_login(users[role])
        body = client.get(url).content.decode()
        shown = "123.456.789" in body or "123,456,789" in body
        assert shown == (role != "viewer"), role
        assert ("123456789" in body) is False, role


def test_future_date_in_a_form_is_refused_in_vietnamese(client, world):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users["board_staff"])
    from django.utils import timezone

    tomorrow = timezone.localdate() + timedelta(days=1)
    url = reverse("consultations:case_act", args=[project.code, cases[0].land_user_id, "deliver"])
    response = client.post(url, {"happened_on": tomorrow.isoformat(), "method": "in_person"})
    assert "ở tương lai" in response.content.decode()
    assert not Event.objects.filter(kind="notice_delivered").exists()


def test_meeting_screen_records_outcomes_in_one_submit(client, world):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users["board_staff"])
    url = reverse("consultations:meeting", args=[project.code]) + f"?area={area.id}"
    data = {
        "happened_on": (D + timedelta(days=31)).isoformat(),
        "kind": "consultation",
        "place_name": "Nhà văn hóa thôn",
        "place_lat": "10.94",
        "place_lng": "108.0",
        "officials": ["commune_pc", "fatherland_front"],
        "signatories": ["commune_pc", "fatherland_front", "household_representative"],
        "submission_key": str(uuid.uuid4()),
        "attendance": json.dumps(
            [
                {"id": cases[0].land_user_id, "opinion": "agree"},
                {
                    "id": cases[1].land_user_id,
                    "opinion": "disagree",
                    "concerns": "Giá bồi thường thấp",
                },
                {"id": cases[2].land_user_id, "opinion": "other"},
            ]
        ),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    again = client.post(url, data)  # the same form sent twice: refused, nothing recorded twice
    assert again.status_code == 200 and "đã được gửi và ghi nhận" in again.content.decode()
    assert Event.objects.filter(kind="meeting").count() == 1
    progress = client.get(reverse("consultations:progress", args=[project.code])).content.decode()
    assert 'data-stage="consulted">' in progress
    row = progress.split('data-stage="consulted">', 1)[1].split("</tr>", 1)[0]
    assert "Đã lấy ý kiến" in row and '<td class="num">3</td>' in row
    case_page = client.get(
        reverse("consultations:case", args=[project.code, cases[1].land_user_id])
    )
    assert "Giá bồi thường thấp" in case_page.content.decode()


def test_meeting_without_place_shows_the_message(client, world):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users["board_staff"])
    url = reverse("consultations:meeting", args=[project.code]) + f"?area={area.id}"
    response = client.post(
        url,
        {
            "happened_on": D.isoformat(),
            "kind": "dialogue",
            "place_name": "UBND",
            "attendance": json.dumps([{"id": cases[0].land_user_id}]),
        },
    )
    assert "bấm vào bản đồ" in response.content.decode()
    assert not Event.objects.filter(kind="meeting").exists()


def test_correct_a_date_from_the_timeline(client, world):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users["board_staff"])
    event = record(
        "notice_delivered",
        project=project,
        actor=users["board_staff"],
        case=cases[0],
        on=D,
        method="post",
        signed=True,
    ).event
    url = reverse("consultations:correct", args=[project.code, event.id])
    response = client.post(
        url,
        {
            "action": "redate",
            "happened_on": (D + timedelta(days=2)).isoformat(),
            "reason": "Sai ngày trên sổ",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Sai ngày trên sổ" in page and "Đã được đính chính sau" in page


def test_bad_as_of_date_is_a_message_not_a_500(client, world):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users["auditor"])
    response = client.get(
        reverse("consultations:progress", args=[project.code]), {"as_of": "2025-13-45"}
    )
    assert response.status_code == 200
    assert "không phải là ngày" in response.content.decode()


def test_commune_official_records_postings_of_their_own_commune_only(client, world):
    users, project, area, cases, finding, posting, other = world
    from landcases.models import AdministrativeUnit, ProjectMembership, UnitLevel

    elsewhere = AdministrativeUnit.objects.create(
        code="99999", name="Xã khác", level=UnitLevel.COMMUNE, valid_from=D
    )
    ProjectMembership.objects.filter(user=users["commune_official"]).update(commune=elsewhere)
    client.force_login(users["commune_official"])
    url = reverse("consultations:posting_start", args=[project.code])
    data = {
        "happened_on": D.isoformat(),
        "area": area.id,
        "what": "land_prices",
        "place": "Nhà văn hóa",
    }
    response = client.post(url, data)
    assert "chỉ ghi nhận việc thuộc xã mình" in response.content.decode()
    # Their own commune (here: the area's commune after the merger) is fine.
    ProjectMembership.objects.filter(user=users["commune_official"]).update(
        commune=area.commune.current()
    )
    assert client.post(url, data).status_code == 302


def test_evidence_download_only_for_roles_that_read_names(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    users, project, area, cases, finding, posting, other = world
    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    event = record(
        "notice_delivered",
        project=project,
        actor=users["board_staff"],
        case=cases[0],
        on=D,
        method="in_person",
        signed=True,
        files=[SimpleUploadedFile("bien-ban-giao.pdf", pdf)],
    ).event
    evidence = event.evidence.get()
    url = reverse("consultations:evidence", args=[project.code, evidence.id])
    for role, status in (
        ("board_staff", 200),
        ("auditor", 200),
        ("commune_official", 200),
        ("viewer", 404),
    ):
        client.force_login(users[role])
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            assert b"".join(response.streaming_content) == pdf
            assert response["Content-Type"] == "application/pdf"
    client.force_login(users["board_staff"])
    other_url = reverse("consultations:evidence", args=[other.code, evidence.id])
    assert client.get(other_url).status_code == 404


def test_commune_official_delivers_notices_in_their_commune_only(client, world):
    users, project, area, cases, finding, posting, other = world
    from landcases.models import AdministrativeUnit, ProjectMembership, UnitLevel

    url = reverse("consultations:case_act", args=[project.code, cases[0].land_user_id, "deliver"])
    data = {"happened_on": D.isoformat(), "method": "in_person"}
    client.force_login(users["commune_official"])
    assert client.post(url, data).status_code == 302  # own commune (after the merger)
    elsewhere = AdministrativeUnit.objects.create(
        code="99998", name="Xã xa", level=UnitLevel.COMMUNE, valid_from=D
    )
    membership = ProjectMembership.objects.filter(user=users["commune_official"])
    membership.update(commune=elsewhere)
    before = Event.objects.count()
    assert client.post(url, data).status_code == 404
    membership.update(commune=None)  # no commune set: fails closed
    assert client.post(url, data).status_code == 404
    assert Event.objects.count() == before


def test_a_household_s_remarks_are_erased_on_request_and_their_hash_stays(client, world):
    users, project, area, cases, finding, posting, other = world
    board = users["board_staff"]
    rec = record(
        "opinion",
        project=project,
        actor=board,
        case=cases[0],
        on=D,
        opinion="disagree",
        channel="written",
        concerns="Nhà tôi ở số 5 ngõ 3",
    )
    page = reverse("consultations:case", args=[project.code, cases[0].land_user_id])
    url = reverse("consultations:erase_remarks", args=[project.code, cases[0].land_user_id])
    client.force_login(users["auditor"])
    assert client.get(url).status_code == 404  # board staff only
    client.force_login(board)
    assert "Nhà tôi ở số 5" in client.get(page).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    response = client.post(url, {"reason": "Đơn đề nghị của hộ ngày 01/04/2025"})
    assert response.status_code == 302
    body = client.get(page).content.decode()
    assert "Nhà tôi ở số 5" not in body and "[đã xóa]" in body
    from consultations.models import FreeText
    from consultations.texts import text_matches

    text = FreeText.objects.get(pk=rec.event.payload["concerns_text"])
    assert text.erased_by == board and text_matches(text, "Nhà tôi ở số 5 ngõ 3")
    assert Event.objects.get(pk=rec.event.pk).payload["concerns_sha256"] == text.sha256


def test_the_attendee_picker_searches_names_without_diacritics(client, world):
    users, project, area, cases, finding, posting, other = world
    from landcases import services as registers

    registers.land_user_update(
        land_user=cases[1].land_user,
        actor=users["board_staff"],
        reason="tên đầy đủ",
        name="Nguyễn Văn Đức",
    )
    url = reverse("consultations:meeting_candidates", args=[project.code])
    a = {"area": area.id}
    client.force_login(users["board_staff"])
    rows = client.get(url, {**a, "q": "nguyen van duc"}).json()["rows"]
    assert [r["id"] for r in rows] == [cases[1].land_user_id]
    assert client.get(url, {**a, "q": "NGUYỄN đức"}).json()["total"] == 1
    assert client.get(url, {**a, "q": "van nguyen x"}).json()["total"] == 0
    assert client.get(url, a).json()["total"] == 3
    everyone = client.get(url, {**a, "ids": 1}).json()["ids"]
    assert sorted(everyone) == sorted(c.land_user_id for c in cases)
    assert client.get(url, {**a, "stage": "bogus"}).status_code == 400
    client.force_login(users["viewer"])  # viewers may not record meetings (nor search names)
    assert client.get(url, {**a, "q": "nguyen"}).status_code == 404


def test_attendance_that_cannot_be_read_is_a_message_and_nothing_is_written(client, world):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users["board_staff"])
    url = reverse("consultations:meeting", args=[project.code]) + f"?area={area.id}"
    base = {
        "happened_on": D.isoformat(),
        "kind": "consultation",
        "place_name": "UBND",
        "place_lat": "10.9",
        "place_lng": "108.0",
    }
    before = Event.objects.count()
    for bad in (
        "{not json",
        json.dumps({"id": 1}),
        json.dumps([{"id": "x"}]),
        json.dumps([{"id": cases[0].land_user_id, "opinion": "maybe"}]),
        json.dumps([{"id": 10**30}]),
    ):
        response = client.post(url, {**base, "attendance": bad})
        assert response.status_code == 200, bad
        assert 'data-testid="attendance-error"' in response.content.decode(), bad
    assert Event.objects.count() == before


def test_a_notice_delivered_to_every_household_of_an_area_with_exceptions(client, world):
    users, project, area, cases = world[0], world[1], world[2], world[3]
    client.force_login(users["board_staff"])
    url = reverse("consultations:collective_delivery", args=[project.code])
    data = {
        "happened_on": D.isoformat(),
        "area": area.id,
        "method": "in_person",
        "signed": "on",
        "submission_key": str(uuid.uuid4()),
    }
    before = Event.objects.count()
    bad = client.post(url, {**data, "exceptions": "NOSUCHCODE #999999"})
    assert "NOSUCHCODE" in bad.content.decode() and Event.objects.count() == before
    absent = cases[1].land_user
    response = client.post(url, {**data, "exceptions": f"{absent.lookup_code}"})
    assert response.status_code == 302
    delivered = Event.objects.filter(kind="notice_delivered", project=project)
    assert sorted(delivered.values_list("case_id", flat=True)) == sorted([cases[0].id, cases[2].id])
    assert all(e.payload == {"method": "in_person", "signed": True} for e in delivered)
    assert client.post(url, {**data, "exceptions": f"#{absent.id}"}).status_code == 200  # resent
    assert delivered.count() == 2


def test_the_front_corrects_its_finding_and_the_board_may_not(client, world):
    users, project, area, cases, finding, posting, other = world
    url = reverse("consultations:correct", args=[project.code, finding.id])
    page = reverse("consultations:supervision", args=[project.code])
    client.force_login(users["board_staff"])
    assert 'data-testid="correct-finding"' not in client.get(page).content.decode()
    assert client.get(url).status_code == 404  # the board records no findings at all
    client.force_login(users["front_supervisor"])
    assert 'data-testid="correct-finding"' in client.get(page).content.decode()
    response = client.post(
        url,
        {"action": "void", "reason": "Ghi nhầm cuộc giám sát", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302 and response["Location"].endswith("/supervision/")
    assert Event.objects.filter(supersedes=finding, is_void=True).exists()


def test_a_correction_by_another_organisation_is_refused_and_says_why(client, world):
    users, project, area, cases, finding, posting, other = world
    client.force_login(users["commune_official"])  # records postings, but not this one
    url = reverse("consultations:correct", args=[project.code, posting.id])
    response = client.post(url, {"action": "void", "reason": "sai"})
    assert response.status_code == 200
    assert "Chỉ tổ chức đã ghi nhận" in response.content.decode()
    assert not Event.objects.filter(supersedes=posting).exists()
