"""Enforcement steps, signatures of the minutes, invitations, consent records: the impossible
refused with a message and nothing written, the unlawful recorded with a warning, and the
`enforcement` overlay from the decision until it is carried out."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from consultations.invitations import invitation_record
from consultations.meeting_selectors import meeting_record_of
from consultations.messages import warning_text
from consultations.models import Event
from consultations.signatures import signature_confirm, signatures_record
from landcases import services as registers
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def day(n):
    return D + timedelta(days=n)


@pytest.fixture
def world():
    return make_world(3)


def refused(fn, *args, **kwargs) -> str:
    before = Event.objects.count()
    with pytest.raises(ValidationError) as caught:
        fn(*args, **kwargs)
    assert Event.objects.count() == before  # nothing written
    return " ".join(caught.value.messages)


def texts(recorded):
    return [warning_text(w) for w in recorded.warnings]


def test_enforcement_needs_a_recovery_decision_and_its_own_decision(world):
    actor, project, area, (a, _b, _c) = world
    kw = {"project": project, "actor": actor, "case": a}
    text = refused(
        record, "enforcement_decided", **kw, on=day(1), number="1/CC", authority="commune_pc"
    )
    assert "quyết định thu hồi" in text
    refused(record, "persuasion", **kw, on=day(1), by=["board"], purpose="enforcement")
    record("persuasion", **kw, on=day(1), by=["board"], purpose="inventory")  # not enforcement
    record("recovery_decided", **kw, on=day(10), number="1/QĐ", authority="commune_pc")
    refused(record, "enforcement_decided", **kw, on=day(9), number="1/CC", authority="commune_pc")
    text = refused(record, "enforcement_posted", **kw, on=day(20), places=["commune_office"])
    assert "quyết định cưỡng chế" in text


def test_enforcement_is_warned_about_each_missing_precondition(world):
    actor, project, area, (a, b, _c) = world
    kw = {"project": project, "actor": actor}
    for case in (a, b):
        record("recovery_decided", **kw, case=case, on=day(0), number="1", authority="commune_pc")
    record("persuasion", **kw, case=a, on=day(2), by=["board"], purpose="enforcement")
    decided = record(
        "enforcement_decided", **kw, case=a, on=day(20), number="CC-1", authority="commune_pc"
    )
    [warning] = texts(decided)
    assert "ENFORCEMENT-PRECONDITIONS" in warning
    assert "UBND xã" in warning and "Mặt trận Tổ quốc" in warning  # by label
    assert "Tổ chức làm nhiệm vụ bồi thường" not in warning  # the board did persuade
    executed = record("enforcement_executed", **kw, case=a, on=day(40))
    assert len(executed.warnings) == 3  # persuasion, posting, delivery
    # b: every precondition on record first — no warning.
    record(
        "persuasion",
        **kw,
        case=b,
        on=day(2),
        ended_on=day(12),
        by=["commune_pc", "fatherland_front", "board"],
        purpose="enforcement",
    )
    record("enforcement_decided", **kw, case=b, on=day(20), number="CC-2", authority="commune_pc")
    record("enforcement_posted", **kw, case=b, on=day(21), places=["commune_office"])
    record("enforcement_delivered", **kw, case=b, on=day(22), method="refused_minutes")
    assert record("enforcement_executed", **kw, case=b, on=day(40)).warnings == []


def test_the_enforcement_overlay_runs_from_the_decision_until_it_is_carried_out(world):
    actor, project, area, (a, _b, _c) = world
    kw = {"project": project, "actor": actor, "case": a}
    record("recovery_decided", **kw, on=day(0), number="1", authority="commune_pc")
    record("enforcement_decided", **kw, on=day(20), number="1/CC", authority="commune_pc")
    a.refresh_from_db()
    assert "enforcement" in a.overlays
    record("enforcement_executed", **kw, on=day(30))
    a.refresh_from_db()
    assert "enforcement" not in a.overlays


@pytest.fixture
def held(world):
    actor, project, area, cases = world
    rec = meeting(
        project=project,
        actor=actor,
        area=area,
        on=day(40),
        attendees=cases[:2],
        outcomes=[(cases[0], "agree"), (cases[1], "disagree")],
        officials=("commune_pc", "fatherland_front", "board"),
        signatories=(),
    )
    return world, rec.event


def test_signatures_by_role_and_household_with_the_scan(held, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    (actor, project, area, (a, b, c)), m = held
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    kw = {"project": project, "actor": actor, "meeting": m}
    text = refused(signatures_record, **kw, happened_on=day(40), roles=["inspection_board"])
    assert "Ban Thanh tra nhân dân" in text  # not present: cannot have signed
    text = refused(signatures_record, **kw, happened_on=day(40), cases=[c.id])
    assert f"#{c.land_user_id}" in text  # did not attend
    refused(signatures_record, **kw, happened_on=day(39), roles=["commune_pc"])  # before it
    refused(signatures_record, **kw, happened_on=day(40))  # nothing ticked
    written = signatures_record(
        **kw,
        happened_on=day(40),
        roles=["commune_pc", "board"],
        cases=[a.id],
        evidence_files=[scan],
    )
    assert len(written) == 3 and all(w.event.evidence.count() == 1 for w in written)
    refused(signatures_record, **kw, happened_on=day(41), roles=["commune_pc"])  # twice
    signatures_record(**kw, happened_on=day(45), roles=["fatherland_front"], cases=[b.id])
    seen = meeting_record_of(m)
    assert seen.roles_signed == [  # in the vocabulary's order
        "commune_pc",
        "fatherland_front",
        "household_representative",
        "board",
    ]
    assert seen.households_signed == {a.id, b.id} and seen.missing_roles == []


def test_an_official_confirms_their_own_body_s_signature_only(held):
    (actor, project, area, cases), m = held
    official = make_user("can-bo-xa")
    front = make_user("mttq")
    project.memberships.create(user=official, role="commune_official", commune=area.commune)
    project.memberships.create(user=front, role="front_supervisor")
    signed = signatures_record(
        project=project, actor=actor, meeting=m, happened_on=day(40), roles=["commune_pc"]
    )[0].event
    kw = {"project": project, "signature": signed}
    assert "Mặt trận" in refused(signature_confirm, **kw, actor=front, happened_on=day(41))
    refused(signature_confirm, **kw, actor=actor, happened_on=day(41))  # the board is not it
    refused(signature_confirm, **kw, actor=official, happened_on=day(39))  # before signing
    mine = signature_confirm(**kw, actor=official, happened_on=day(41)).event
    assert mine.recorded_by == official and mine.recorded_role == "commune_official"
    refused(signature_confirm, **kw, actor=official, happened_on=day(42))  # twice
    [s] = meeting_record_of(m).signatures
    assert s.confirmation == mine


def test_invitations_come_before_their_meeting(world):
    actor, project, area, (a, b, c) = world
    kw = {"project": project, "actor": actor, "area": area}
    text = refused(
        invitation_record,
        **kw,
        happened_on=day(30),
        meeting_kind="consultation",
        planned_on=day(29),
        method="post",
    )
    assert "01/04/2025" in text  # planned before it was sent
    sent = invitation_record(
        **kw,
        happened_on=day(30),
        meeting_kind="consultation",
        planned_on=day(40),
        method="loudspeaker",
        exceptions={c.land_user_id},
    ).event
    assert sorted(sent.payload["cases"]) == sorted([a.id, b.id])
    late = invitation_record(
        **kw, happened_on=day(45), meeting_kind="consultation", planned_on=day(50), method="post"
    ).event
    dialogue = invitation_record(
        **kw, happened_on=day(31), meeting_kind="dialogue", planned_on=day(50), method="post"
    ).event

    def held_with(invitation):
        from consultations.meetings import meeting_record

        return meeting_record(
            project=project,
            actor=actor,
            area=area,
            kind="consultation",
            happened_on=day(40),
            place_lng=108.0,
            place_lat=10.94,
            officials=["commune_pc", "fatherland_front"],
            attendees=[a.id, c.id],
            outcomes=[],
            invitation=invitation,
        )

    assert "sau cuộc họp" in refused(held_with, late)
    assert "loại khác" in refused(held_with, dialogue)
    rec = held_with(sent)
    seen = meeting_record_of(rec.event)
    assert seen.invitation == sent and seen.invited_absent == [b.id]
    assert seen.came_uninvited == [c.id]


def test_consent_follows_its_consultation_and_customary_land_is_read_from_the_register(world):
    actor, project, area, (a, _b, _c) = world
    kw = {"project": project, "actor": actor, "case": a}
    values = {"basis": "customary_land", "consent": "given"}
    refused(record, "fpic_record", **kw, on=day(10), consultation_on=day(11), **values)
    rec = record("fpic_record", **kw, on=day(10), consultation_on=day(5), **values)
    assert any("LND-FPIC" in t for t in texts(rec))
    holding = a.land_user.holdings.get()
    registers.holding_update(
        holding=holding, actor=actor, reason="đất theo phong tục", tenure="customary"
    )
    assert holding.history.first().tenure == "customary"  # with history, who and why
    again = record("fpic_record", **kw, on=day(12), consultation_on=day(5), **values)
    assert again.warnings == []
    relocated = record(
        "fpic_record",
        **kw,
        on=day(12),
        consultation_on=day(5),
        basis="relocation",
        consent="withheld",
    )
    assert relocated.warnings == []
