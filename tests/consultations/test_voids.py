"""A void is refused while a standing act rests on what it voids — an act naming it (every
`event:` field of the catalogue), an enforcement act on its case's decision, a grievance's
later step on an earlier one — with a translated message naming what rests on it, and nothing
written; once those are voided (or, in the law's order, once something else carries them),
the void passes. A meeting voided with its outcomes and signatures is refused while another
organisation's confirmation of one of its signatures stands."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from consultations.consistency_refs import NAMING
from consultations.grievances import grievance_create
from consultations.invitations import invitation_record
from consultations.meetings import meeting_correct
from consultations.models import Event
from consultations.services import event_void
from consultations.signatures import signature_confirm, signatures_record
from consultations.vocabulary import KIND_LABELS
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def day(n):
    return D + timedelta(days=n)


class World:
    def __init__(self):
        self.actor, self.project, self.area, self.cases = make_world(3)
        self.kw = {"project": self.project, "actor": self.actor}
        self.official = make_user("can-bo-xa")
        self.project.memberships.create(
            user=self.official, role="commune_official", commune=self.area.commune
        )
        self.front = make_user("mttq")
        self.project.memberships.create(user=self.front, role="front_supervisor")

    def meeting(self, kind="consultation", **extra):
        return meeting(
            **self.kw, area=self.area, on=day(40), kind=kind, attendees=self.cases, **extra
        ).event


@pytest.fixture
def w():
    return World()


def latest(event) -> Event:
    return Event.objects.filter(root_id=event.root_id).latest("id")


def void(event, actor) -> Event:
    return event_void(event=latest(event), actor=actor, reason="ghi nhầm").event


def refused(fn, *args, **kwargs) -> str:
    before = Event.objects.count()
    with pytest.raises(ValidationError) as caught:
        fn(*args, **kwargs)
    assert Event.objects.count() == before  # nothing written
    return " ".join(caught.value.messages)


# For each act that names another by a payload field: (the act named, who voids it), and
# (the act naming it, who voids that).
def _notice(w):
    notice = record("notice_issued", **w.kw, area=w.area, on=day(0), number="1/TB").event
    a = w.cases[0]
    deliver = record("notice_delivered", **w.kw, case=a, on=day(1), method="post", notice=notice.id)
    return (notice, w.actor), (deliver.event, w.actor)


def _posting(w):
    posting = record("posting_started", **w.kw, area=w.area, on=day(0), what="draft_plan").event
    end = record("posting_ended", **w.kw, area=w.area, on=day(30), posting=posting.id)
    return (posting, w.actor), (end.event, w.actor)


def _invitation(w):
    invitation = invitation_record(
        **w.kw,
        area=w.area,
        happened_on=day(30),
        meeting_kind="consultation",
        planned_on=day(40),
        method="post",
    ).event
    from consultations.meetings import meeting_record

    held = meeting_record(
        **w.kw,
        area=w.area,
        kind="consultation",
        happened_on=day(40),
        place_lng=108.0,
        place_lat=10.94,
        officials=["commune_pc", "fatherland_front", "board"],
        attendees=[c.id for c in w.cases],
        invitation=invitation.id,
    ).event
    return (invitation, w.actor), (held, w.actor)


def _opinion(w):
    held = w.meeting(signatories=())
    said = record(
        "opinion",
        **w.kw,
        case=w.cases[0],
        on=day(40),
        opinion="agree",
        channel="meeting",
        meeting=held.id,
    )
    return (held, w.actor), (said.event, w.actor)


def _dialogue_outcome(w):
    held = w.meeting(kind="dialogue", signatories=())
    said = record(
        "dialogue_outcome", **w.kw, case=w.cases[0], on=day(40), opinion="agree", meeting=held.id
    )
    return (held, w.actor), (said.event, w.actor)


def _minutes_signed(w):
    held = w.meeting(signatories=())
    [signed] = signatures_record(**w.kw, meeting=held, happened_on=day(40), roles=["board"])
    return (held, w.actor), (signed.event, w.actor)


def _signature_confirmed(w):
    held = w.meeting(signatories=())
    [signed] = signatures_record(**w.kw, meeting=held, happened_on=day(40), roles=["commune_pc"])
    mine = signature_confirm(
        project=w.project, actor=w.official, signature=signed.event, happened_on=day(41)
    )
    return (signed.event, w.actor), (mine.event, w.official)


def _recovery_delivered(w):
    a = w.cases[0]
    decision = record(
        "recovery_decided", **w.kw, case=a, on=day(50), number="1/QĐ", authority="commune_pc"
    ).event
    delivered = record(
        "recovery_delivered", **w.kw, case=a, on=day(51), decision=decision.id, method="post"
    )
    return (decision, w.actor), (delivered.event, w.actor)


def _resettlement_handed_over(w):
    a = w.cases[0]
    allocation = record(
        "resettlement_allocated", **w.kw, case=a, on=day(50), kind="apartment", plot="CH-1"
    ).event
    handed = record(
        "resettlement_handed_over", **w.kw, case=a, on=day(60), allocation=allocation.id
    )
    return (allocation, w.actor), (handed.event, w.actor)


def _grievance_about(w):
    notice = record("notice_issued", **w.kw, area=w.area, on=day(0), number="1/TB").event
    received = grievance_create(
        **w.kw,
        happened_on=day(5),
        values={
            "grievance_kind": "complaint",
            "channel": "written",
            "cases": [w.cases[0].id],
            "about": notice.id,
        },
    )
    return (notice, w.actor), (received.event, w.actor)


def _supervision_response(w):
    finding = record(
        "supervision",
        project=w.project,
        actor=w.front,
        on=day(0),
        body="fatherland_front",
        finding_kind="finding",
        content="Thiếu chữ ký",
    ).event
    response = record(
        "supervision_response", **w.kw, on=day(5), finding=finding.id, content="Đã bổ sung"
    )
    return (finding, w.front), (response.event, w.actor)


NAMED = {
    ("notice_delivered", "notice"): _notice,
    ("posting_ended", "posting"): _posting,
    ("meeting", "invitation"): _invitation,
    ("opinion", "meeting"): _opinion,
    ("dialogue_outcome", "meeting"): _dialogue_outcome,
    ("minutes_signed", "meeting"): _minutes_signed,
    ("signature_confirmed", "signature"): _signature_confirmed,
    ("recovery_delivered", "decision"): _recovery_delivered,
    ("resettlement_handed_over", "allocation"): _resettlement_handed_over,
    ("grievance_received", "about"): _grievance_about,
    ("supervision_response", "finding"): _supervision_response,
}


def test_every_field_that_names_an_act_is_tried_here():
    """A new `event:` field of the catalogue gets its case below (or this fails)."""
    assert set(NAMED) == {(kind, name) for kind, fields in NAMING.items() for name, _ in fields}


@pytest.mark.parametrize("pair", sorted(NAMED), ids=lambda p: ".".join(p))
def test_an_act_cannot_be_voided_while_an_act_naming_it_stands(w, pair):
    (named, named_by), (naming, naming_by) = NAMED[pair](w)
    text = refused(void, named, named_by)
    assert "Không thể hủy việc này" in text  # translated
    assert f"{KIND_LABELS[naming.kind]} ({naming.happened_on:%d/%m/%Y})" in text  # what rests
    void(naming, naming_by)
    gone = void(named, named_by)
    assert gone.is_void


def test_an_act_naming_a_voided_act_is_refused(w):
    notice = record("notice_issued", **w.kw, area=w.area, on=day(0), number="1/TB").event
    void(notice, w.actor)
    with pytest.raises(ValidationError) as caught:
        record(
            "notice_delivered", **w.kw, case=w.cases[0], on=day(1), method="post", notice=notice.id
        )
    assert "notice" in caught.value.message_dict
    assert not Event.objects.filter(kind="notice_delivered").exists()


def test_a_refusal_names_five_and_counts_the_others(w):
    from consultations.meetings import Outcome, meeting_record

    held = meeting_record(
        **w.kw,
        area=w.area,
        kind="consultation",
        happened_on=day(40),
        place_lng=108.0,
        place_lat=10.94,
        officials=["commune_pc", "fatherland_front", "board"],
        signatories=["commune_pc", "fatherland_front", "board", "household_representative"],
        attendees=[c.id for c in w.cases],
        outcomes=[Outcome(c.id, "agree") for c in w.cases],
    ).event
    text = refused(void, held, w.actor)  # 3 opinions and 4 signatures rest on it
    assert "và 2 việc khác" in text


def test_a_recovery_decision_is_not_voided_under_the_enforcement_that_rests_on_it(w):
    a = w.cases[0]
    kw = {**w.kw, "case": a}
    first = record("recovery_decided", **kw, on=day(10), number="1/QĐ", authority="commune_pc")
    persuaded = record("persuasion", **kw, on=day(12), by=["board"], purpose="enforcement").event
    decided = record(
        "enforcement_decided", **kw, on=day(20), number="1/CC", authority="commune_pc"
    ).event
    posted = record("enforcement_posted", **kw, on=day(21), places=["commune_office"]).event
    text = refused(void, first.event, w.actor)
    for e in (persuaded, decided, posted):
        assert f"{KIND_LABELS[e.kind]} ({e.happened_on:%d/%m/%Y})" in text
    text = refused(void, decided, w.actor)
    assert str(KIND_LABELS["enforcement_posted"]) in text
    assert str(KIND_LABELS["persuasion"]) not in text  # persuasion rests on the recovery decision
    # Another recovery decision, earlier than every enforcement act: the first one may go.
    record("recovery_decided", **kw, on=day(11), number="2/QĐ", authority="commune_pc")
    assert void(first.event, w.actor).is_void
    # Persuasion for the inventory rests on no decision.
    record("persuasion", **kw, on=day(1), by=["board"], purpose="inventory")
    void(posted, w.actor)
    assert void(decided, w.actor).is_void


def _receive(w, on, kind="complaint"):
    values = {"grievance_kind": kind, "channel": "written", "cases": [w.cases[0].id]}
    return grievance_create(**w.kw, happened_on=on, values=values).event


def _step(w, kind, grievance, on, **values):
    return record(kind, **w.kw, grievance=grievance, on=on, **values).event


def test_a_grievance_s_step_is_not_voided_under_its_later_steps(w):
    received = _receive(w, day(0))
    g = received.grievance
    accepted = _step(w, "grievance_accepted", g, day(5))
    settled = _step(w, "grievance_settled", g, day(30), result="upheld", number="5/QĐ")
    text = refused(void, received, w.actor)  # nothing of it was received
    assert (
        str(KIND_LABELS["grievance_accepted"]) in text
        and str(KIND_LABELS["grievance_settled"]) in text
    )
    text = refused(void, accepted, w.actor)  # a complaint settled, never accepted
    assert f"{KIND_LABELS['grievance_settled']} ({settled.happened_on:%d/%m/%Y})" in text
    assert str(KIND_LABELS["grievance_received"]) not in text  # it comes before: rests on nothing
    appealed = _step(w, "grievance_appealed", g, day(40), route="second_time")
    accepted_2 = _step(w, "grievance_accepted", g, day(45))
    text = refused(void, appealed, w.actor)  # a second acceptance of the first round
    assert str(KIND_LABELS["grievance_accepted"]) in text
    void(accepted_2, w.actor)  # the last step rests on nothing
    void(appealed, w.actor)
    void(settled, w.actor)
    void(accepted, w.actor)
    assert void(received, w.actor).is_void


def test_a_withdrawal_may_be_voided(w):
    received = _receive(w, day(0))
    withdrawn = _step(w, "grievance_withdrawn", received.grievance, day(3))
    assert void(withdrawn, w.actor).is_void


def test_a_meeting_is_not_voided_with_its_signatures_while_a_confirmation_stands(w):
    """A confirmation is another organisation's own act (the commune's, of its signature): the
    board's void of the meeting cannot take it along (only its recorder may void it), and a
    signature voided under it would leave a confirmation of nothing. Refused, naming it."""
    held = w.meeting(
        outcomes=[(c, "agree") for c in w.cases], signatories=("commune_pc", "fatherland_front")
    )
    signed = Event.objects.get(kind="minutes_signed", payload__role="commune_pc")
    mine = signature_confirm(
        project=w.project, actor=w.official, signature=signed, happened_on=day(41)
    ).event
    text = refused(meeting_correct, meeting=held, actor=w.actor, reason="không họp", void=True)
    assert f"{KIND_LABELS['signature_confirmed']} ({mine.happened_on:%d/%m/%Y})" in text
    assert not Event.objects.filter(is_void=True).exists()
    void(mine, w.official)  # the commune takes its confirmation back
    gone = meeting_correct(meeting=held, actor=w.actor, reason="không họp", void=True)
    assert gone.event.is_void and len(gone.others) == 3 + 2  # its outcomes and signatures
    standing = Event.objects.filter(is_void=False, superseded_by__isnull=True)
    assert not standing.filter(kind__in=("meeting", "opinion", "minutes_signed")).exists()


def test_the_correction_page_shows_the_refusal_and_writes_nothing(client, w):
    import uuid

    from django.urls import reverse

    a = w.cases[0]
    decision = record(
        "recovery_decided", **w.kw, case=a, on=day(50), number="1/QĐ", authority="commune_pc"
    ).event
    delivered = record(
        "recovery_delivered", **w.kw, case=a, on=day(51), decision=decision.id, method="post"
    ).event
    client.force_login(w.actor)
    url = reverse("consultations:correct", args=[w.project.code, decision.id])
    before = Event.objects.count()
    response = client.post(
        url,
        {
            "action": "void",
            "happened_on": decision.happened_on.isoformat(),
            "reason": "ghi nhầm",
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Không thể hủy việc này" in page
    assert f"{KIND_LABELS['recovery_delivered']} ({delivered.happened_on:%d/%m/%Y})" in page
    assert Event.objects.count() == before
