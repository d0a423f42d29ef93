"""Every event kind through its service; refusals; corrections; the append-only guarantees."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from consultations import acts
from consultations.meetings import Outcome, meeting_record
from consultations.messages import warning_text
from consultations.models import Case, Event, StageInterval
from consultations.roles import grant_app_role
from consultations.services import event_void
from tests.consultations.factories import D, make_world
from tests.factories import make_project

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
    acts.notice_issue(**kw, area=area, happened_on=D, number="12/TB-UBND")
    acts.notice_deliver(
        **kw, case=a, happened_on=D + timedelta(days=1), method="in_person", signed=True
    )
    acts.notice_publish(
        **kw, case=b, happened_on=D + timedelta(days=2), newspaper_issues=3, radio_broadcasts=3
    )
    assert stage(a) == ("notified", "") and stage(b) == ("notified", "")
    acts.inventory_record(**kw, case=a, happened_on=D + timedelta(days=10), done=True)
    acts.inventory_record(**kw, case=b, happened_on=D + timedelta(days=10), done=False)
    acts.persuasion_record(
        **kw,
        case=b,
        happened_on=D + timedelta(days=11),
        ended_on=None,
        by_roles=["commune_pc", "fatherland_front", "board"],
    )
    rec = acts.compulsory_inventory_decide(
        **kw, case=b, happened_on=D + timedelta(days=20), number="5/QĐ-UBND"
    )
    assert "INVENTORY-PERSUASION" in warning_text(rec.warnings[0])  # 9 days < 25: warned
    assert stage(a)[0] == "inventoried" and stage(b)[0] == "inventoried"
    acts.posting_start(
        **kw,
        area=area,
        happened_on=D + timedelta(days=30),
        what="draft_plan",
        place="Nhà văn hóa thôn 2",
    )
    assert stage(c)[0] == "plan_posted"  # a shared subject reaches every case of the area
    posting = Event.objects.get(kind="posting_started")
    acts.posting_end(**kw, posting=posting, happened_on=D + timedelta(days=60))
    meeting = meeting_record(
        **kw,
        area=area,
        kind="consultation",
        happened_on=D + timedelta(days=61),
        place_lng=108.0,
        place_lat=10.94,
        place_name="UBND xã",
        officials=["commune_pc"],
        signatories=["commune_pc"],
        attendees=[a.id, b.id],
        outcomes=[Outcome(a.id, "agree"), Outcome(b.id, "disagree", "Giá đất thấp")],
    )
    texts = [warning_text(w) for w in meeting.warnings]
    assert any("DEM-FRONT-PRESENT" in t for t in texts)
    assert any("MINUTES-SIGNED" in t for t in texts)
    acts.written_opinion(
        **kw,
        case=c,
        happened_on=D + timedelta(days=62),
        opinion="other",
        concerns="Đề nghị tái định cư tại chỗ",
    )
    assert stage(a) == ("consulted", "agree")
    assert stage(b) == ("consulted", "disagree")
    assert stage(c) == ("consulted", "other")
    meeting_record(
        **kw,
        area=area,
        kind="dialogue",
        happened_on=D + timedelta(days=75),
        place_lng=108.0,
        place_lat=10.94,
        officials=["commune_pc", "fatherland_front", "board"],
        signatories=["commune_pc", "fatherland_front", "household_representatives"],
        attendees=[b.id],
        outcomes=[Outcome(b.id, "agree")],
    )
    assert stage(b) == ("in_dialogue", "agree")
    finding = acts.supervision_record(
        **kw,
        happened_on=D + timedelta(days=76),
        kind="recommendation",
        text="Công khai bảng giá đất",
    )
    acts.supervision_respond(
        **kw,
        finding=finding.event,
        happened_on=D + timedelta(days=80),
        text="Đã niêm yết",
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
        "supervision",
        "supervision_response",
    }
    # No personal data in payloads: names never appear in the log.
    for payload in Event.objects.values_list("payload", flat=True):
        assert "Hộ số" not in str(payload)


def test_a_date_in_the_future_is_refused_and_nothing_written(world):
    actor, project, area, (a, b, c) = world
    with pytest.raises(ValidationError) as exc:
        acts.notice_deliver(
            project=project,
            actor=actor,
            case=a,
            method="post",
            signed=False,
            happened_on=timezone.localdate() + timedelta(days=1),
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
    project, area, commune = make_project("du-an-khac")
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
        acts.notice_deliver(
            project=project,
            actor=actor,
            case=a,
            happened_on=D,
            method="post",
            signed=True,
            evidence_files=[fake],
        )
    assert "bien-ban.pdf" in " ".join(exc.value.messages)
    settings.EVIDENCE_MAX_BYTES = 100
    big = SimpleUploadedFile("anh.png", PNG + b"\x00" * 200)
    with pytest.raises(ValidationError):
        acts.notice_deliver(
            project=project,
            actor=actor,
            case=a,
            happened_on=D,
            method="post",
            signed=True,
            evidence_files=[big],
        )
    assert Event.objects.count() == 0
    settings.EVIDENCE_MAX_BYTES = 10_000
    rec = acts.notice_deliver(
        project=project,
        actor=actor,
        case=a,
        happened_on=D,
        method="post",
        signed=True,
        evidence_files=[SimpleUploadedFile("bien-ban.pdf", PDF)],
    )
    evidence = rec.event.evidence.get()
    assert evidence.content_type == "application/pdf" and len(evidence.sha256) == 64


def test_corrections_and_voids_are_new_rows(world):
    actor, project, area, (a, b, c) = world
    first = acts.notice_deliver(
        project=project, actor=actor, case=a, happened_on=D, method="post", signed=True
    ).event
    from consultations.services import Subject, event_record

    fixed = event_record(
        project=project,
        actor=actor,
        kind="notice_delivered",
        happened_on=D + timedelta(days=2),
        subject=Subject(case=a),
        payload=first.payload,
        supersedes=first,
        correction_reason="Sai ngày trên biên bản",
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
    first = acts.notice_deliver(
        project=project, actor=actor, case=a, happened_on=D, method="post", signed=True
    ).event
    from consultations.services import Subject, event_record

    with pytest.raises(ValidationError):
        event_record(
            project=project,
            actor=actor,
            kind="inventory_done",
            happened_on=D,
            subject=Subject(case=a),
            supersedes=first,
            correction_reason="x",
        )
    other, _, _ = make_project("du-an-c")
    with pytest.raises(ValidationError):
        event_record(
            project=other,
            actor=actor,
            kind="notice_delivered",
            happened_on=D,
            subject=Subject(),
            supersedes=first,
            correction_reason="x",
        )
    with pytest.raises(ValidationError):  # a case of this project under another project
        event_record(
            project=other,
            actor=actor,
            kind="notice_delivered",
            happened_on=D,
            subject=Subject(case=a),
        )


def test_orm_updates_and_deletes_of_events_are_refused(world):
    actor, project, area, (a, b, c) = world
    event = acts.notice_deliver(
        project=project, actor=actor, case=a, happened_on=D, method="post", signed=True
    ).event
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(happened_on=D - timedelta(days=5))
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()


def test_the_app_role_cannot_update_delete_or_truncate_the_record(world):
    actor, project, area, (a, b, c) = world
    acts.notice_deliver(
        project=project, actor=actor, case=a, happened_on=D, method="post", signed=True
    )
    grant_app_role("landtracker_app")
    for sql in (
        "update consultations_event set happened_on = happened_on",
        "delete from consultations_event",
        "truncate consultations_event cascade",
        "update landcases_historicalparcel set history_change_reason = 'x'",
    ):
        with (
            pytest.raises(Exception, match="permission denied"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute("set local role landtracker_app")
            cur.execute(sql)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("set local role landtracker_app")
        cur.execute("select count(*) from consultations_event")
        assert cur.fetchone()[0] == 1
        cur.execute("update consultations_case set opinion = opinion")  # projections are writable


def test_voiding_or_redating_a_meeting_carries_its_outcomes(world):
    from consultations.meetings import meeting_correct

    actor, project, area, (a, b, c) = world
    meeting = meeting_record(
        project=project,
        actor=actor,
        area=area,
        kind="consultation",
        happened_on=D,
        place_lng=108.0,
        place_lat=10.94,
        officials=[],
        signatories=[],
        attendees=[a.id, b.id],
        outcomes=[Outcome(a.id, "agree"), Outcome(b.id, "disagree")],
    ).event
    meeting_correct(
        meeting=meeting, actor=actor, reason="Sai ngày họp", happened_on=D + timedelta(days=3)
    )
    spans = StageInterval.objects.filter(case=a, stage="consulted").get()
    assert spans.valid_from == D + timedelta(days=3)
    latest = Event.objects.filter(kind="meeting").order_by("-id").first()
    meeting_correct(meeting=latest, actor=actor, reason="Cuộc họp không diễn ra", void=True)
    assert stage(a) == ("identified", "") and stage(b) == ("identified", "")


def test_a_voided_event_cannot_be_corrected(world):
    from consultations.services import Subject, event_record

    actor, project, area, (a, b, c) = world
    first = acts.notice_deliver(
        project=project, actor=actor, case=a, happened_on=D, method="post", signed=True
    ).event
    void = event_void(event=first, actor=actor, reason="nhầm").event
    with pytest.raises(ValidationError):
        event_record(
            project=project,
            actor=actor,
            kind="notice_delivered",
            happened_on=D,
            subject=Subject(case=a),
            supersedes=void,
            correction_reason="khôi phục",
        )


def test_a_refused_act_leaves_no_evidence_file_behind(world, settings, tmp_path, monkeypatch):
    actor, project, area, (a, b, c) = world
    settings.MEDIA_ROOT = tmp_path
    good = SimpleUploadedFile("bien-ban.pdf", PDF)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\x00" * 64)
    with pytest.raises(ValidationError):  # every file is checked before any is stored
        acts.notice_deliver(
            project=project,
            actor=actor,
            case=a,
            happened_on=D,
            method="post",
            signed=True,
            evidence_files=[good, bad],
        )
    assert not any(p.is_file() for p in tmp_path.rglob("*"))

    from consultations import services

    def broken(*args, **kwargs):
        raise RuntimeError("the projection failed")

    monkeypatch.setattr(services, "recompute", broken)  # a failure after the file was stored
    good.seek(0)
    with pytest.raises(RuntimeError):
        acts.notice_deliver(
            project=project,
            actor=actor,
            case=a,
            happened_on=D,
            method="post",
            signed=True,
            evidence_files=[good],
        )
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    assert not Event.objects.filter(kind="notice_delivered").exists()
