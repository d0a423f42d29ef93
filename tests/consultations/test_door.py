"""The one door: kinds, subjects and payload values checked against the catalogue; the known
time from the database clock; free text set apart; corrections with their warnings."""

from datetime import UTC, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from consultations.messages import warning_text
from consultations.models import Event, FreeText
from consultations.rules.catalog import KINDS, stored_keys
from consultations.seeding import seeding
from consultations.services import Subject, event_correct, event_record, event_void
from consultations.texts import text_erase, text_matches
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(3)


def refused(fn, *args, **kwargs) -> ValidationError:
    before = Event.objects.count(), FreeText.objects.count()
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    assert (Event.objects.count(), FreeText.objects.count()) == before  # nothing written
    return info.value


def test_recorded_at_comes_from_the_database_clock(world):
    actor, project, area, (a, _b, _c) = world
    rec = record("notice_issued", actor=actor, project=project, on=D, area=area, number="1/TB")
    with connection.cursor() as cur:
        cur.execute("select clock_timestamp()")
        (now,) = cur.fetchone()
    event = Event.objects.get(pk=rec.event.pk)
    assert abs((now - event.recorded_at).total_seconds()) < 5
    assert event.root_id == event.id and not event.seeded
    assert event.recorded_role == "board_staff"


def test_a_supplied_recorded_at_is_refused_with_a_message(world):
    actor, project, area, _ = world
    error = refused(
        record,
        "notice_issued",
        actor=actor,
        project=project,
        on=D,
        area=area,
        number="1/TB",
        recorded_at="2020-01-01T00:00",
    )
    assert "recorded_at" in error.message_dict


@pytest.mark.parametrize(
    "kind, values, field",
    [
        ("notice_delivered", {"method": "by_pigeon"}, "method"),
        ("notice_delivered", {"method": "post", "colour": "red"}, "colour"),
        (
            "notice_published",
            {"newspaper_issues": "three", "radio_broadcasts": 3},
            "newspaper_issues",
        ),
        (
            "notice_published",
            {"newspaper_issues": 3, "radio_broadcasts": 10**6},
            "radio_broadcasts",
        ),
        ("opinion", {"opinion": "maybe", "channel": "written"}, "opinion"),
        ("persuasion", {"by": ["board", "police"]}, "by"),
        ("notice_delivered", {}, "method"),
    ],
)
def test_values_outside_the_catalogue_are_refused(world, kind, values, field):
    actor, project, area, (a, _b, _c) = world
    error = refused(record, kind, actor=actor, project=project, on=D, case=a, **values)
    assert field in error.message_dict


def test_an_unknown_kind_and_a_wrong_subject_are_refused(world):
    actor, project, area, (a, _b, _c) = world
    refused(record, "coffee_break", actor=actor, project=project, on=D, case=a)
    refused(record, "notice_issued", actor=actor, project=project, on=D, case=a, number="1")


def test_the_database_refuses_an_unknown_kind():
    with pytest.raises(Exception, match="event_kind_known"), connection.cursor() as cur:
        cur.execute("savepoint s")
        cur.execute(
            "insert into consultations_event (project_id, kind, subject_type, happened_on, "
            "recorded_by_id, recorded_role, payload, is_void, warnings) "
            "values (1, 'coffee_break', 'project', '2025-01-01', 1, 'board_staff', '{}', false, '[]')"
        )


def test_references_to_another_project_are_refused(world):
    actor, project, area, (a, _b, _c) = world
    other_actor, other, other_area, (x,) = make_world(1, code="khac", username="khac")
    notice = record(
        "notice_issued", actor=other_actor, project=other, on=D, area=other_area, number="9/TB"
    )
    error = refused(
        record,
        "notice_delivered",
        actor=actor,
        project=project,
        on=D,
        case=a,
        method="post",
        notice=notice.event.id,
    )
    assert "notice" in error.message_dict
    refused(record, "notice_delivered", actor=actor, project=project, on=D, case=x, method="post")


def test_free_text_lives_apart_and_can_be_erased_keeping_its_hash(world):
    actor, project, area, (a, _b, _c) = world
    rec = record(
        "opinion",
        actor=actor,
        project=project,
        on=D,
        case=a,
        opinion="disagree",
        channel="written",
        concerns="Giá đất thấp hơn thị trường",
    )
    payload = Event.objects.get(pk=rec.event.pk).payload
    assert set(payload) <= stored_keys("opinion")
    assert "Giá" not in str(payload)
    text = FreeText.objects.get(pk=payload["concerns_text"])
    assert text.sha256 == payload["concerns_sha256"] and text.text.startswith("Giá")
    text_erase(text=text, actor=actor, reason="Hộ gia đình đề nghị xóa ngày 02/03/2025")
    text.refresh_from_db()
    assert text.text == "" and text.erased_at is not None
    assert text.sha256 == payload["concerns_sha256"]
    assert text_matches(text, "Giá đất thấp hơn thị trường")
    assert not text_matches(text, "Giá đất cao")


def test_free_text_can_only_be_erased_even_by_sql(world):
    actor, project, area, (a, _b, _c) = world
    rec = record(
        "opinion",
        actor=actor,
        project=project,
        on=D,
        case=a,
        opinion="other",
        channel="written",
        concerns="Đề nghị làm đường gom",
    )
    text_id = rec.event.payload["concerns_text"]
    with pytest.raises(Exception, match="only be erased"), connection.cursor() as cur:
        cur.execute("update consultations_freetext set text = 'khác' where id = %s", [text_id])


def test_text_is_cleaned_at_the_door(world):
    actor, project, area, (a, _b, _c) = world
    rec = record(
        "notice_issued",
        actor=actor,
        project=project,
        on=D,
        area=area,
        number="12/TB\u202e-UBND\u200b\x00",
    )
    assert rec.event.payload["number"] == "12/TB-UBND"


def test_a_correction_carries_the_warnings_of_the_corrected_act(world):
    from landcases import services as registers

    actor, project, area, (a, b, _c) = world
    plan = registers.plan_create(
        project=project,
        actor=actor,
        number="PA",
        kind="draft",
        title="PA",
        area=area,
        reason="lập",
    )
    record(
        "posting_started",
        actor=actor,
        project=project,
        on=D,
        area=area,
        what="draft_plan",
        place="UBND xã",
        places=["commune_office", "residential_area"],
        plan=plan,
    )
    held = meeting(
        actor=actor,
        project=project,
        area=area,
        on=D + timedelta(days=40),
        officials=("commune_pc", "board"),
        signatories=("commune_pc", "household_representative"),  # the absent Front signs not
        attendees=[a],
        outcomes=[(a, "agree")],
        plan=plan,
    )
    assert any("DEM-FRONT-PRESENT" in warning_text(w) for w in held.warnings)
    assert not any("PLAN-POSTING" in warning_text(w) for w in held.warnings)
    from consultations.meetings import meeting_correct

    fixed = meeting_correct(
        meeting=held.event, actor=actor, reason="Sai ngày", happened_on=D + timedelta(days=10)
    )
    texts = [warning_text(w) for w in fixed.warnings]
    assert any("DEM-FRONT-PRESENT" in t for t in texts)  # still absent after re-dating
    assert any("PLAN-POSTING" in t for t in texts)  # now only 10 days after the posting


def test_corrections_and_voids(world):
    actor, project, area, (a, _b, _c) = world
    rec = record("notice_delivered", actor=actor, project=project, on=D, case=a, method="post")
    fixed = event_correct(
        event=rec.event, actor=actor, reason="Ngày sai", happened_on=D + timedelta(days=1)
    )
    assert fixed.event.root_id == rec.event.id and fixed.event.supersedes_id == rec.event.id
    refused(event_correct, event=rec.event, actor=actor, reason="lần nữa")  # not the latest
    refused(event_correct, event=fixed.event, actor=actor, reason="   ")  # no reason
    gone = event_void(event=fixed.event, actor=actor, reason="Không giao")
    assert gone.event.is_void and gone.event.payload == {}
    refused(event_void, event=gone.event, actor=actor, reason="again")
    a.refresh_from_db()
    assert a.stage == "identified"


def test_only_the_recording_organisation_corrects_an_act(world):
    actor, project, area, (a, _b, _c) = world
    front = make_user("mttq.xa")
    project.memberships.create(user=front, role="front_supervisor")
    finding = event_record(
        project=project,
        actor=front,
        kind="supervision",
        happened_on=D,
        subject=Subject(),
        values={
            "body": "fatherland_front",
            "finding_kind": "recommendation",
            "content": "Công khai bảng giá đất",
        },
    )
    error = refused(event_void, event=finding.event, actor=actor, reason="Không đúng")
    assert "Fatherland Front" in " ".join(error.messages) or "Mặt trận" in " ".join(error.messages)
    event_correct(event=finding.event, actor=front, reason="Sửa ngày", happened_on=D)
    # and the board may not write a finding in the Front's name
    refused(
        event_record,
        project=project,
        actor=actor,
        kind="supervision",
        happened_on=D,
        subject=Subject(),
        values={"body": "fatherland_front", "finding_kind": "finding", "content": "x"},
    )


def test_seeding_is_the_owners_and_marks_its_rows(world):
    actor, project, area, _ = world
    from datetime import datetime

    when = datetime(2025, 1, 5, 9, tzinfo=UTC)
    with seeding(when):
        rec = record("notice_issued", actor=actor, project=project, on=D, area=area, number="2/TB")
    event = Event.objects.get(pk=rec.event.pk)
    assert event.seeded and event.recorded_at == when


def test_every_kind_of_the_catalogue_names_known_fields():
    for code, kind in KINDS.items():
        assert kind.subjects, code
        assert stored_keys(code) >= set(kind.fields) - {
            n for n, f in kind.fields.items() if f.base == "text"
        }


def test_the_seeding_path_takes_a_time_per_act(world):
    from datetime import datetime

    from consultations.services import Act, events_write

    actor, project, area, (a, b, _c) = world
    t1 = datetime(2025, 3, 4, 8, tzinfo=UTC)
    t2 = datetime(2025, 3, 9, 8, tzinfo=UTC)
    written = events_write(
        project=project,
        actor=actor,
        acts=[
            Act("notice_delivered", Subject(case=a), D, {"method": "post"}, seeded_at=t1),
            Act("notice_delivered", Subject(case=b), D, {"method": "post"}, seeded_at=t2),
        ],
    )
    stamped = {r.event.case_id: (r.event.recorded_at, r.event.seeded) for r in written}
    assert stamped == {a.id: (t1, True), b.id: (t2, True)}


def test_seeding_is_refused_in_a_production_database(world):
    from datetime import datetime

    actor, project, area, _ = world
    with connection.cursor() as cur:
        cur.execute("update landtracker_database set kind = 'production'")
    try:
        with (
            pytest.raises(Exception, match="seeding is refused"),
            seeding(datetime(2025, 1, 5, tzinfo=UTC)),
        ):
            record("notice_issued", actor=actor, project=project, on=D, area=area, number="3")
    finally:
        with connection.cursor() as cur:
            cur.execute("update landtracker_database set kind = 'test'")


def test_a_commune_official_records_notices_of_its_own_commune_only_at_the_door(world):
    from landcases.models import AdministrativeUnit, UnitLevel

    actor, project, area, (a, _b, _c) = world
    official = make_user("can.bo.xa")
    membership = project.memberships.create(
        user=official, role="commune_official", commune=area.commune.current()
    )
    record("notice_issued", actor=official, project=project, on=D, area=area, number="5/TB")
    elsewhere = AdministrativeUnit.objects.create(
        code="99997", name="Xã khác", level=UnitLevel.COMMUNE, valid_from=D
    )
    membership.commune = elsewhere
    membership.save()
    error = refused(
        record, "notice_delivered", actor=official, project=project, on=D, case=a, method="post"
    )
    assert error.code == "commune"


def test_acts_that_cannot_have_happened_as_told_are_refused(world):
    actor, project, area, (a, _b, _c) = world
    kw = {"actor": actor, "project": project}
    posting = record("posting_started", **kw, on=D, area=area, what="draft_plan", place="UBND")
    error = refused(
        record, "posting_ended", **kw, on=D - timedelta(days=1), area=area, posting=posting.event.id
    )
    assert "happened_on" in error.message_dict  # an end before its start
    record("posting_ended", **kw, on=D + timedelta(days=30), area=area, posting=posting.event.id)
    error = refused(
        record,
        "posting_ended",
        **kw,
        on=D + timedelta(days=31),
        area=area,
        posting=posting.event.id,
    )
    assert "posting" in error.message_dict  # a second end of one posting
    error = refused(
        record, "persuasion", **kw, on=D, case=a, by=["board"], ended_on=D - timedelta(days=2)
    )
    assert "ended_on" in error.message_dict  # persuasion ending before it began
    front = make_user("mttq.2")
    project.memberships.create(user=front, role="front_supervisor")
    finding = record(
        "supervision",
        actor=front,
        project=project,
        on=D,
        body="fatherland_front",
        finding_kind="finding",
        content="Thiếu chữ ký",
    )
    error = refused(
        record,
        "supervision_response",
        **kw,
        on=D - timedelta(days=1),
        finding=finding.event.id,
        content="Đã bổ sung",
    )
    assert "happened_on" in error.message_dict  # a response before its finding
    event_void(event=finding.event, actor=front, reason="ghi nhầm")
    error = refused(
        record, "supervision_response", **kw, on=D, finding=finding.event.id, content="Đã bổ sung"
    )
    assert "finding" in error.message_dict  # a response to a voided finding


def test_an_act_before_the_projects_earliest_date_is_refused_naming_it(world):
    from datetime import date

    actor, project, area, (a, _b, _c) = world
    error = refused(
        record,
        "notice_delivered",
        actor=actor,
        project=project,
        on=date(1, 1, 1),
        case=a,
        method="post",
    )
    assert "15/10/1993" in " ".join(error.messages)  # no project date: the Land Law 1993 floor
    project.earliest_act_date = D - timedelta(days=10)
    project.save(update_fields=["earliest_act_date"])
    error = refused(
        record,
        "notice_delivered",
        actor=actor,
        project=project,
        on=D - timedelta(days=11),
        case=a,
        method="post",
    )
    assert (D - timedelta(days=10)).strftime("%d/%m/%Y") in " ".join(error.messages)


@pytest.mark.parametrize(
    "bad", ["Nguyễn Văn An 12", "no digit", "12; drop", "１２/TB", "٠٦/TB", "12#TB", "x" * 61]
)
def test_a_document_number_is_digits_letters_and_the_separators_of_a_symbol(world, bad):
    """A number goes into the immutable payload: no name or remark may hide under its name."""
    actor, project, area, _cases = world
    refused(record, "notice_issued", actor=actor, project=project, on=D, area=area, number=bad)
    assert not Event.objects.exists()


def test_the_numbers_the_state_writes_are_accepted(world):
    actor, project, area, _cases = world
    for i, number in enumerate(["12/QĐ-UBND", "45/2025/TB-BQL", "3", "BB. 07/đ"]):
        rec = record(
            "notice_issued",
            actor=actor,
            project=project,
            on=D + timedelta(i),
            area=area,
            number=number,
        )
        assert rec.event.payload["number"] == number


def test_a_posting_and_a_finding_cannot_be_re_dated_past_or_voided_under_what_refers_to_them(
    world,
):
    from landcases.models import ProjectArea

    actor, project, area, _cases = world
    kw = {"actor": actor, "project": project}
    posting = record("posting_started", **kw, on=D, area=area, what="draft_plan", place="UBND")
    other = ProjectArea.objects.create(project=project, code="KV2", name="Km1 – Km2")
    error = refused(
        record, "posting_ended", **kw, on=D + timedelta(30), area=other, posting=posting.event.id
    )
    assert "posting" in error.message_dict  # the end of a posting elsewhere
    end = record("posting_ended", **kw, on=D + timedelta(30), area=area, posting=posting.event.id)
    error = refused(
        event_correct,
        event=posting.event,
        actor=actor,
        reason="sai ngày",
        happened_on=D + timedelta(31),
    )
    assert "happened_on" in error.message_dict  # a start after its end
    error = refused(event_void, event=posting.event, actor=actor, reason="ghi nhầm")
    assert "void them first" in " ".join(error.messages) or "trước" in " ".join(error.messages)
    event_correct(event=posting.event, actor=actor, reason="sai ngày", happened_on=D + timedelta(2))
    event_void(event=end.event, actor=actor, reason="ghi nhầm")
    event_void(
        event=Event.objects.filter(root_id=posting.event.id).latest("id"),
        actor=actor,
        reason="ghi nhầm",
    )  # nothing stands on it any more

    front = make_user("mttq.3")
    project.memberships.create(user=front, role="front_supervisor")
    finding = record(
        "supervision",
        actor=front,
        project=project,
        on=D,
        body="fatherland_front",
        finding_kind="finding",
        content="Thiếu chữ ký",
    )
    record(
        "supervision_response",
        **kw,
        on=D + timedelta(5),
        finding=finding.event.id,
        content="Đã bổ sung",
    )
    error = refused(
        event_correct,
        event=finding.event,
        actor=front,
        reason="sai ngày",
        happened_on=D + timedelta(6),
    )
    assert "happened_on" in error.message_dict  # a finding after its response
    refused(event_void, event=finding.event, actor=front, reason="ghi nhầm")


def test_a_void_of_an_act_older_than_the_projects_earliest_date_is_recorded(world):
    actor, project, area, (a, _b, _c) = world
    old = record("notice_delivered", actor=actor, project=project, on=D, case=a, method="post")
    project.earliest_act_date = D + timedelta(days=1)
    project.save(update_fields=["earliest_act_date"])
    event_void(event=old.event, actor=actor, reason="ghi nhầm")
    assert Event.objects.filter(root_id=old.event.id, is_void=True).exists()
