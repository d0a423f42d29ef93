"""A bad-input sweep of the forms of grievances, enforcement, safeguards, invitations and
signatures (issue 11; machinery in tests/sweep.py): every bad value in all fields at once, then
each field alone; no answer is a server error and nothing is written; each baseline is then
posted and must write. Then the issue's own list, each refused with its message (or, the
appeal before a settlement, recorded with a warning)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultations.grievances import grievance_create
from consultations.models import Event
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record
from tests.factories import make_user
from tests.sweep import bad_values, changed, digest, sweep, sweep_fields, writes

pytestmark = pytest.mark.django_db

TEXT = ["empty", "huge", "nul"]
OPTIONAL_TEXT = ["huge", "nul"]
ID = ["other_project", "huge_int", "wrong_type", "nul"]
CHOICE = ["empty", "wrong_type", "nul", "huge"]
PAST_DATE = ["empty", "future", "ancient", "wrong_type", "nul"]
ANY_DATE = ["ancient", "wrong_type", "nul"]


def iso(n):
    return (D + timedelta(days=n)).isoformat()


class World:
    def __init__(self):
        self.actor, self.project, self.area, self.cases = make_world(3)
        a, b, c = self.cases
        self.official = make_user("can-bo-xa")
        self.project.memberships.create(
            user=self.official, role="commune_official", commune=self.area.commune.current()
        )
        kw = {"project": self.project, "actor": self.actor}
        record("recovery_decided", **kw, case=a, on=D, number="1/QĐ", authority="commune_pc")
        record(
            "enforcement_decided",
            **kw,
            case=a,
            on=iso_day(2),
            number="1/CC",
            authority="commune_pc",
        )
        self.grievance = grievance_create(
            **kw,
            happened_on=D,
            values={"grievance_kind": "complaint", "channel": "written", "cases": [a.id]},
        ).event.grievance
        record("grievance_accepted", **kw, grievance=self.grievance, on=iso_day(3))
        self.unaccepted = grievance_create(
            **kw,
            happened_on=D,
            values={"grievance_kind": "complaint", "channel": "written", "cases": [b.id]},
        ).event.grievance
        self.meeting = meeting(
            **kw,
            area=self.area,
            on=iso_day(40),
            attendees=[a, b],
            officials=("commune_pc", "board"),
            signatories=(),
        ).event
        self.late_invitation = record(
            "invitation_sent",
            **kw,
            area=self.area,
            on=iso_day(45),
            meeting_kind="consultation",
            planned_on=iso_day(50),
            method="post",
            cases=[a.id],
        ).event
        self.signature = record(
            "minutes_signed",
            **kw,
            area=self.area,
            on=iso_day(40),
            meeting=self.meeting.id,
            role="commune_pc",
        ).event
        other_actor, other, other_area, _ = make_world(1, code="du-an-khac", username="ban.khac")
        self.other_area = other_area
        self.other_event = record(
            "notice_issued", project=other, actor=other_actor, area=other_area, on=D, number="9/TB"
        ).event
        self.stranger = make_user("nguoi-ngoai")


def iso_day(n):
    return D + timedelta(days=n)


def case_act(w, act, case=0):
    return reverse("consultations:case_act", args=[w.project.code, w.cases[case].land_user_id, act])


def specs(w: World) -> dict[str, dict]:
    code, a = w.project.code, w.cases[0]
    step = "consultations:grievance_step"
    return {
        "grievance_new": {
            "url": reverse("consultations:grievance_new", args=[code]),
            "baseline": {
                "happened_on": iso(5),
                "grievance_kind": "complaint",
                "channel": "written",
                "land_users": f"#{a.land_user_id}",
                "about": "",
                "summary": "",
            },
            "fields": {
                "happened_on": PAST_DATE,
                "grievance_kind": CHOICE,
                "channel": CHOICE,
                "land_users": [*TEXT, "wrong_type", "other_project"],
                "about": ID,
                "summary": OPTIONAL_TEXT,
            },
            "other": {"about": w.other_event.id},
        },
        "grievance_verbal": {
            "url": reverse("consultations:grievance_new", args=[code]),
            "baseline": {
                "happened_on": iso(5),
                "grievance_kind": "petition",
                "channel": "verbal",
                "taken_by": w.actor.id,
                "land_users": f"#{a.land_user_id}",
            },
            "fields": {"taken_by": ["empty", *ID]},
            "other": {"taken_by": w.stranger.id},
        },
        "grievance_settle": {
            "url": reverse(step, args=[code, w.grievance.id, "settle"]),
            "baseline": {"happened_on": iso(30), "result": "upheld", "number": "5/QĐ"},
            "fields": {"happened_on": PAST_DATE, "result": CHOICE, "number": TEXT},
        },
        "grievance_refuse": {
            "url": reverse(step, args=[code, w.unaccepted.id, "refuse"]),
            "baseline": {"happened_on": iso(4), "reason": "Không thuộc thẩm quyền"},
            "fields": {"happened_on": PAST_DATE, "reason": TEXT},
        },
        "grievance_appeal": {
            "url": reverse(step, args=[code, w.grievance.id, "appeal"]),
            "baseline": {"happened_on": iso(60), "route": "lawsuit"},
            "fields": {"happened_on": PAST_DATE, "route": CHOICE},
        },
        "enforcement_persuasion": {
            "url": case_act(w, "enforcement-persuasion"),
            "baseline": {"happened_on": iso(1), "by": ["board"], "ended_on": ""},
            "fields": {"happened_on": PAST_DATE, "by": CHOICE, "ended_on": ANY_DATE},
        },
        "enforcement_decision": {
            "url": case_act(w, "enforcement-decision"),
            "baseline": {"happened_on": iso(3), "number": "CC-2", "authority": "commune_chairman"},
            "fields": {"happened_on": PAST_DATE, "number": TEXT, "authority": CHOICE},
        },
        "enforcement_posted": {
            "url": case_act(w, "enforcement-posted"),
            "baseline": {"happened_on": iso(4), "places": ["commune_office"], "place": ""},
            "fields": {"happened_on": PAST_DATE, "places": CHOICE, "place": OPTIONAL_TEXT},
        },
        "enforcement_delivered": {
            "url": case_act(w, "enforcement-delivered"),
            "baseline": {"happened_on": iso(4), "method": "refused_minutes"},
            "fields": {"happened_on": PAST_DATE, "method": CHOICE},
        },
        "support": {
            "url": case_act(w, "support", 1),
            "baseline": {"happened_on": iso(4), "measure": "vocational_training", "note": ""},
            "fields": {"happened_on": PAST_DATE, "measure": CHOICE, "note": OPTIONAL_TEXT},
        },
        "fpic": {
            "url": case_act(w, "fpic", 1),
            "baseline": {
                "happened_on": iso(4),
                "basis": "relocation",
                "consultation_on": iso(2),
                "consent": "withheld",
            },
            "fields": {
                "happened_on": PAST_DATE,
                "basis": CHOICE,
                "consultation_on": PAST_DATE,
                "consent": CHOICE,
            },
        },
        "invitation": {
            "url": reverse("consultations:invitation", args=[code]),
            "baseline": {
                "happened_on": iso(10),
                "area": w.area.id,
                "meeting_kind": "dialogue",
                "planned_on": iso(20),
                "method": "phone",
                "exceptions": "",
            },
            "fields": {
                "happened_on": PAST_DATE,
                "area": ["empty", *ID],
                "meeting_kind": CHOICE,
                "planned_on": ["empty", *ANY_DATE],
                "method": CHOICE,
                "exceptions": [*OPTIONAL_TEXT, "wrong_type"],
            },
            "other": {"area": w.other_area.id},
        },
        "signatures": {
            "url": reverse("consultations:signatures_add", args=[code, w.meeting.id]),
            "baseline": {
                "happened_on": iso(41),
                "roles": ["board"],
                "households": "listed",
                "listed": f"#{a.land_user_id}",
            },
            "fields": {
                "happened_on": PAST_DATE,
                "roles": ["wrong_type", "nul", "huge"],
                "households": CHOICE,
                "listed": [*OPTIONAL_TEXT, "wrong_type"],
            },
        },
        "confirm": {
            "url": reverse(
                "consultations:signature_confirm", args=[code, w.meeting.id, w.signature.id]
            ),
            "baseline": {"happened_on": iso(41)},
            "fields": {"happened_on": PAST_DATE},
            "user": w.official,
        },
        "census": {
            "url": reverse("consultations:census", args=[code]),
            "baseline": {"happened_on": iso(5), "area": ""},
            "fields": {"happened_on": PAST_DATE, "area": ID},
            "other": {"area": w.other_area.id},
        },
        "cutoff": {
            "url": reverse("consultations:cutoff", args=[code]),
            "baseline": {
                "happened_on": iso(5),
                "area": w.area.id,
                "cutoff_on": iso(1),
                "method": "meeting",
            },
            "fields": {
                "happened_on": PAST_DATE,
                "area": ID,
                "cutoff_on": ["empty", *ANY_DATE],
                "method": CHOICE,
            },
            "other": {"area": w.other_area.id},
        },
    }


FORMS = [
    "grievance_new",
    "grievance_verbal",
    "grievance_settle",
    "grievance_refuse",
    "grievance_appeal",
    "enforcement_persuasion",
    "enforcement_decision",
    "enforcement_posted",
    "enforcement_delivered",
    "support",
    "fpic",
    "invitation",
    "signatures",
    "confirm",
    "census",
    "cutoff",
]


@pytest.mark.parametrize("form", FORMS)
def test_bad_input_is_refused_and_writes_nothing(client, form):
    world = World()
    spec = specs(world)[form]
    client.force_login(spec.get("user", world.actor))
    values = bad_values(other_project_id=world.other_event.id)
    other = {f: {"other_project": str(v)} for f, v in spec.get("other", {}).items()}
    refused = {name for names in spec["fields"].values() for name in names}
    problems = sweep(
        client,
        spec["url"],
        fields=list(spec["fields"]),
        values={k: v for k, v in values.items() if k in refused},
        baseline={"submission_key": ""},
    )
    problems += sweep_fields(
        client,
        spec["url"],
        baseline=spec["baseline"],
        fields=spec["fields"],
        values=values,
        field_values=other,
    )
    assert not problems, problems
    assert writes(client, spec["url"], spec["baseline"]), "the baseline itself must be valid"


def test_the_issue_s_bad_input_gets_its_message_and_writes_nothing(client):
    """A grievance about another project's act, a settlement before acceptance, an
    enforcement step without a recovery decision, a signature by a body that did not attend,
    an invitation after the meeting: refused, with the message; an appeal of an unsettled
    complaint is possible (once the time for settlement has passed): recorded, warned."""
    w = World()
    code, (a, _b, _c) = w.project.code, w.cases
    client.force_login(w.actor)
    meeting_screen = reverse("consultations:meeting", args=[code]) + f"?area={w.area.id}"
    cases = [
        (
            reverse("consultations:grievance_new", args=[code]),
            {
                "happened_on": iso(5),
                "grievance_kind": "complaint",
                "channel": "written",
                "land_users": f"#{a.land_user_id}",
                "about": w.other_event.id,
            },
            "không phải là việc hay quyết định của dự án này",
        ),
        (
            reverse("consultations:grievance_step", args=[code, w.unaccepted.id, "settle"]),
            {"happened_on": iso(20), "result": "upheld", "number": "2/QĐ"},
            "hãy ghi nhận việc thụ lý trước",
        ),
        (
            case_act(w, "enforcement-decision", 1),
            {"happened_on": iso(20), "number": "CC-9", "authority": "commune_pc"},
            "chưa có quyết định thu hồi đất",
        ),
        (
            reverse("consultations:signatures_add", args=[code, w.meeting.id]),
            {"happened_on": iso(41), "roles": ["fatherland_front"], "households": "none"},
            "không có trong thành phần tham dự",
        ),
        (
            meeting_screen,
            {
                "happened_on": iso(40),
                "kind": "consultation",
                "place_name": "UBND",
                "place_lat": "10.9",
                "place_lng": "108.0",
                "invitation": w.late_invitation.id,
                "attendance": f'[{{"id": {a.land_user_id}}}]',
            },
            "sau cuộc họp",
        ),
        (
            reverse("consultations:invitation", args=[code]),
            {
                "happened_on": iso(45),
                "area": w.area.id,
                "meeting_kind": "consultation",
                "planned_on": iso(44),
                "method": "post",
            },
            "giấy mời phải gửi trước cuộc họp",
        ),
    ]
    for url, data, text in cases:
        before = digest()
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert text in response.content.decode(), (url, text)
        assert not changed(before, digest()), url
    appeal = reverse("consultations:grievance_step", args=[code, w.grievance.id, "appeal"])
    response = client.post(appeal, {"happened_on": iso(70), "route": "second_time"}, follow=True)
    assert "Luật Khiếu nại 2011, Điều 7" in response.content.decode()
    assert Event.objects.filter(kind="grievance_appealed", grievance=w.grievance).exists()
