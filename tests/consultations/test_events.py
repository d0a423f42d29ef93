"""Every event kind through its service; refusals; corrections; the append-only guarantees."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from consultations.meetings import Outcome, meeting_record
from consultations.messages import warning_text
from consultations.models import Case, Event, StageInterval
from consultations.services import Act, Subject, event_correct, event_void, events_write
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def stage(case):
    case.refresh_from_db()
    return case.stage, case.opinion


@pytest.fixture
def world():
    return make_world(3)


def test_every_first_step_moves_the_stage(world):
    actor, project, area, (a, b, c) = world
    kw = dict(project=project, actor=actor)
    record("notice_issued", **kw, area=area, on=D, number="12/TB-UBND")
    record(
        "notice_delivered", **kw, case=a, on=D + timedelta(days=1), method="in_person", signed=True
    )
    record(
        "notice_published",
        **kw,
        case=b,
        on=D + timedelta(days=2),
        newspaper_issues=3,
        radio_broadcasts=3,
    )
    assert stage(a) == ("notified", "") and stage(b) == ("notified", "")
    record(
        "inventory_done", **kw, case=a, on=D + timedelta(days=10), participated=True, signed=True
    )
    record("inventory_refused", **kw, case=b, on=D + timedelta(days=10))
    record(
        "persuasion",
        **kw,
        case=b,
        on=D + timedelta(days=11),
        by=["commune_pc", "fatherland_front", "board"],
        purpose="inventory",
    )
    rec = record(
        "compulsory_inventory", **kw, case=b, on=D + timedelta(days=20), number="5/QĐ-UBND"
    )
    assert "INVENTORY-PERSUASION" in warning_text(rec.warnings[0])  # 9 days < 25: warned
    assert stage(a)[0] == "inventoried" and stage(b)[0] == "inventoried"
    posting = record(
        "posting_started",
        **kw,
        area=area,
        on=D + timedelta(days=30),
        what="draft_plan",
        places=["commune_office", "residential_area"],
        place="Nhà văn hóa thôn 2",
    )
    assert stage(c)[0] == "plan_posted"  # a shared subject reaches every case of the area
    record("posting_ended", **kw, area=area, on=D + timedelta(days=60), posting=posting.event.id)
    held = meeting(
        **kw,
        area=area,
        on=D + timedelta(days=61),
        officials=["commune_pc"],
        signatories=["commune_pc"],
        attendees=[a, b],
        outcomes=[(a, "agree"), (b, "disagree", "Giá đất thấp")],
    )
    texts = [warning_text(w) for w in held.warnings]
    assert any("DEM-FRONT-PRESENT" in t for t in texts)
    assert any("MINUTES-SIGNED" in t for t in texts)
    record(
        "opinion",
        **kw,
        case=c,
        on=D + timedelta(days=62),
        opinion="other",
        channel="written",
        concerns="Đề nghị tái định cư tại chỗ",
    )
    assert stage(a) == ("consulted", "agree")
    assert stage(b) == ("consulted", "disagree")
    assert stage(c) == ("consulted", "other")
    meeting(
        **kw,
        area=area,
        on=D + timedelta(days=75),
        kind="dialogue",
        attendees=[b],
        outcomes=[(b, "agree")],
    )
    assert stage(b) == ("in_dialogue", "agree")
    front = make_user("mttq.1")
    project.memberships.create(user=front, role="front_supervisor")
    finding = record(
        "supervision",
        actor=front,
        project=project,
        on=D + timedelta(days=76),
        body="fatherland_front",
        finding_kind="recommendation",
        content="Công khai bảng giá đất",
    )
    record(
        "supervision_response",
        **kw,
        on=D + timedelta(days=80),
        finding=finding.event.id,
        content="Đã niêm yết",
        resolves=True,
    )
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert kinds >= {
        "notice_issued",
        "notice_delivered",
        "notice_published",
        "posting_started",
        "posting_ended",
        "inventory_done",
        "inventory_refused",
        "persuasion",
        "compulsory_inventory",
        "meeting",
        "opinion",
        "dialogue_outcome",
        "minutes_signed",
        "supervision",
        "supervision_response",
    }
    # No personal data or free text in payloads: only the catalogue's id/date/number/code keys.
    from consultations.rules.catalog import stored_keys

    for kind, payload in Event.objects.values_list("kind", "payload"):
        assert set(payload) <= stored_keys(kind), kind
        assert "Hộ số" not in str(payload) and "Giá đất" not in str(payload)


def test_a_date_in_the_future_is_refused_and_nothing_written(world):
    actor, project, area, (a, b, c) = world
    with pytest.raises(ValidationError) as exc:
        record(
            "notice_delivered",
            project=project,
            actor=actor,
            case=a,
            method="post",
            on=timezone.localdate() + timedelta(days=1),
        )
    assert "tương lai" in " ".join(exc.value.messages)
    assert Event.objects.count() == 0


def test_outcome_for_a_land_user_outside_the_area_is_refused(world):
    actor, project, area, (a, b, c) = world
    _other_project, _other_area, (stranger,) = make_world_other()
    with pytest.raises(ValidationError) as exc:
        meeting_record(
            project=project,
            actor=actor,
            area=area,
            kind="consultation",
            happened_on=D,
            place_lng=108.0,
            place_lat=10.9,
            officials=[],
            signatories=[],
            attendees=[a.id, stranger.id],
            outcomes=[Outcome(stranger.id, "agree")],
        )
    assert f"#{stranger.id}" in " ".join(exc.value.messages)
    assert Event.objects.count() == 0


def make_world_other():
    from consultations.services import case_for
    from landcases import services as registers
    from tests.factories import make_parcel

    actor = Case.objects.first().land_user.holdings.first().parcel.history.first().history_user
    project, area, commune = make_project("du-an-khac", members=[(actor, "board_staff")])
    parcel = make_parcel(project, commune, actor=actor, area=area)
    lu = registers.land_user_create(project=project, actor=actor, kind="household", name="Hộ X")
    registers.holding_create(
        land_user=lu, parcel=parcel, actor=actor, tenure="certificate", affected_area_m2=1
    )
    return project, area, (case_for(lu),)


def test_meeting_without_place_is_refused(world):
    actor, project, area, (a, b, c) = world
    with pytest.raises(ValidationError):
        meeting_record(
            project=project,
            actor=actor,
            area=area,
            kind="dissemination",
            happened_on=D,
            place_lng=None,
            place_lat=None,
            officials=[],
            signatories=[],
            attendees=[a.id],
        )
    assert Event.objects.count() == 0


def test_evidence_checked_by_content_and_size(world, settings):
    actor, project, area, (a, b, c) = world
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(ValidationError) as exc:
        record(
            "notice_delivered",
            project=project,
            actor=actor,
            case=a,
            on=D,
            method="post",
            files=[fake],
        )
    assert "bien-ban.pdf" in " ".join(exc.value.messages)
    settings.EVIDENCE_MAX_BYTES = 100
    big = SimpleUploadedFile("anh.png", PNG + b"\x00" * 200)
    with pytest.raises(ValidationError):
        record(
            "notice_delivered",
            project=project,
            actor=actor,
            case=a,
            on=D,
            method="post",
            files=[big],
        )
    assert Event.objects.count() == 0
    settings.EVIDENCE_MAX_BYTES = 10_000
    rec = record(
        "notice_delivered",
        project=project,
        actor=actor,
        case=a,
        on=D,
        method="post",
        files=[SimpleUploadedFile("bien-ban.pdf", PDF)],
    )
    evidence = rec.event.evidence.get()
    assert evidence.content_type == "application/pdf" and len(evidence.sha256) == 64


def deliver(project, actor, case, on=D):
    return record(
        "notice_delivered",
        project=project,
        actor=actor,
        case=case,
        on=on,
        method="post",
        signed=True,
    ).event


def test_corrections_and_voids_are_new_rows(world):
    actor, project, area, (a, b, c) = world
    first = deliver(project, actor, a)
    fixed = event_correct(
        event=first, actor=actor, reason="Sai ngày trên biên bản", happened_on=D + timedelta(days=2)
    ).event
    assert fixed.root_id == first.id
    spans = list(StageInterval.objects.filter(case=a).order_by("valid_from"))
    assert spans[-1].valid_from == D + timedelta(days=2)
    with pytest.raises(ValidationError):  # only the latest version can be corrected
        event_void(event=first, actor=actor, reason="x")
    event_void(event=fixed, actor=actor, reason="Giao nhầm hộ")
    assert stage(a)[0] == "identified"
    assert Event.objects.count() == 3  # nothing updated, nothing deleted


def test_correction_of_another_kind_or_project_is_refused(world):
    actor, project, area, (a, b, c) = world
    first = deliver(project, actor, a)
    with pytest.raises(ValidationError):
        events_write(
            project=project,
            actor=actor,
            acts=[Act("inventory_done", Subject(case=a), D, supersedes=first, reason="x")],
        )
    other, _, _ = make_project("du-an-c", members=[(actor, "board_staff")])
    with pytest.raises(ValidationError):
        events_write(
            project=other,
            actor=actor,
            acts=[
                Act(
                    "notice_delivered",
                    Subject(),
                    D,
                    {"method": "post"},
                    supersedes=first,
                    reason="x",
                )
            ],
        )
    with pytest.raises(ValidationError):  # a case of this project under another project
        record("notice_delivered", project=other, actor=actor, case=a, on=D, method="post")


def test_orm_updates_and_deletes_of_events_are_refused(world):
    actor, project, area, (a, b, c) = world
    event = deliver(project, actor, a)
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(happened_on=D - timedelta(days=5))
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk)._raw_delete(connection.alias)


def test_voiding_or_redating_a_meeting_carries_its_outcomes(world):
    from consultations.meetings import meeting_correct

    actor, project, area, (a, b, c) = world
    held = meeting(
        project=project,
        actor=actor,
        area=area,
        on=D,
        attendees=[a, b],
        outcomes=[(a, "agree"), (b, "disagree")],
    ).event
    meeting_correct(
        meeting=held, actor=actor, reason="Sai ngày họp", happened_on=D + timedelta(days=3)
    )
    spans = StageInterval.objects.filter(case=a, stage="consulted").get()
    assert spans.valid_from == D + timedelta(days=3)
    latest = Event.objects.filter(kind="meeting").order_by("-id").first()
    meeting_correct(meeting=latest, actor=actor, reason="Cuộc họp không diễn ra", void=True)
    assert stage(a) == ("identified", "") and stage(b) == ("identified", "")


def test_a_voided_event_cannot_be_corrected(world):
    actor, project, area, (a, b, c) = world
    first = deliver(project, actor, a)
    void = event_void(event=first, actor=actor, reason="nhầm").event
    with pytest.raises(ValidationError):
        event_correct(event=void, actor=actor, reason="khôi phục", values={"method": "post"})


def test_a_refused_act_leaves_no_evidence_file_behind(world, settings, tmp_path, monkeypatch):
    actor, project, area, (a, b, c) = world
    settings.MEDIA_ROOT = tmp_path
    good = SimpleUploadedFile("bien-ban.pdf", PDF)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\x00" * 64)
    with pytest.raises(ValidationError):  # every file is checked before any is stored
        record(
            "notice_delivered",
            project=project,
            actor=actor,
            case=a,
            on=D,
            method="post",
            files=[good, bad],
        )
    assert not any(p.is_file() for p in tmp_path.rglob("*"))

    from consultations import services

    def broken(*args, **kwargs):
        raise RuntimeError("the projection failed")

    monkeypatch.setattr(services, "recompute", broken)  # a failure after the file was stored
    good.seek(0)
    with pytest.raises(RuntimeError):
        record(
            "notice_delivered",
            project=project,
            actor=actor,
            case=a,
            on=D,
            method="post",
            files=[good],
        )
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    assert not Event.objects.filter(kind="notice_delivered").exists()


def test_evidence_of_a_collective_act_belongs_to_every_households_act(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    actor, project, area, cases = world
    acts = [
        Act("notice_delivered", Subject(case=case), D, {"method": "via_commune"}) for case in cases
    ]
    written = events_write(
        project=project,
        actor=actor,
        acts=acts,
        evidence_files=[SimpleUploadedFile("danh-sach-giao.pdf", PDF)],
    )
    scans = [set(r.event.evidence.values_list("sha256", flat=True)) for r in written]
    assert len(written) == len(cases) and all(len(s) == 1 for s in scans)
    assert len(set.union(*scans)) == 1  # one file, stored once, on each act
