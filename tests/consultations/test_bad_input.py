"""A bad-input sweep of every POST form of the case record (issue 9, part 7): every bad value
in all of a form's fields at once, then each field alone with the bad values it must refuse;
no answer is a server error and nothing is written. Each form's valid baseline is posted last
and must write, so the refusals are the bad values' doing."""

import json
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from landcases.models import Role
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.factories import make_project, make_user
from tests.sweep import bad_values, sweep, sweep_fields, writes

pytestmark = pytest.mark.django_db

TEXT = ["empty", "huge", "nul"]
OPTIONAL_TEXT = ["huge", "nul"]
ID = ["other_project", "huge_int", "wrong_type", "nul"]
NUMBER = ["wrong_type", "huge_int", "huge", "nul"]
CHOICE = ["empty", "wrong_type", "nul", "huge"]
DATE = ["empty", "future", "ancient", "wrong_type", "nul"]
# A submission key is fresh in every post (else the second post is refused as a resend).
KEY = "submission_key"


def forms(world):
    """(name, url, valid data, {field: bad values it must refuse}, field → its own values)."""
    board, project, area, cases, front, posting, finding, other_area = world
    lu = cases[0].land_user_id
    on = D.isoformat()
    area_of = {"area": {"other_project": str(other_area.id)}}
    case_act = lambda act: reverse("consultations:case_act", args=[project.code, lu, act])  # noqa: E731
    return [
        (
            "deliver",
            case_act("deliver"),
            {"happened_on": on, "method": "post"},
            {"happened_on": DATE, "method": CHOICE},
            {},
        ),
        (
            "publish",
            case_act("publish"),
            {"happened_on": on, "newspaper_issues": "3", "radio_broadcasts": "3"},
            {"happened_on": DATE, "newspaper_issues": NUMBER, "radio_broadcasts": NUMBER},
            {},
        ),
        (
            "inventory",
            case_act("inventory"),
            {"happened_on": on, "done": "1"},
            {"happened_on": DATE, "done": CHOICE},
            {},
        ),
        (
            "persuasion",
            case_act("persuasion"),
            {"happened_on": on, "by": ["board"], "purpose": "inventory"},
            {
                "happened_on": DATE,
                "ended_on": ["ancient", "wrong_type", "nul"],
                "by": CHOICE,
                "purpose": CHOICE,
            },
            {},
        ),
        (
            "compulsory",
            case_act("compulsory"),
            {"happened_on": on, "number": "1/QĐ"},
            {"happened_on": DATE, "number": TEXT},
            {},
        ),
        (
            "opinion",
            case_act("opinion"),
            {"happened_on": on, "opinion": "agree"},
            {"happened_on": DATE, "opinion": CHOICE, "concerns": OPTIONAL_TEXT},
            {},
        ),
        (
            "notice",
            reverse("consultations:notice_issue", args=[project.code]),
            {"happened_on": on, "area": str(area.id), "number": "5/TB"},
            {"happened_on": DATE, "area": ID, "number": TEXT},
            area_of,
        ),
        (
            "posting",
            reverse("consultations:posting_start", args=[project.code]),
            {"happened_on": on, "area": str(area.id), "what": "land_prices", "place": "UBND"},
            {"happened_on": DATE, "area": ID, "what": CHOICE, "place": TEXT, "plan": ID},
            area_of,
        ),
        (
            "posting_end",
            reverse("consultations:posting_end", args=[project.code, posting.id]),
            {"happened_on": (D + timedelta(days=30)).isoformat()},
            {"happened_on": DATE},
            {},
        ),
        (
            "collective",
            reverse("consultations:collective_delivery", args=[project.code]),
            {"happened_on": on, "area": str(area.id), "method": "in_person"},
            {"happened_on": DATE, "area": ID, "method": CHOICE, "exceptions": OPTIONAL_TEXT},
            area_of,
        ),
        (
            "meeting",
            reverse("consultations:meeting", args=[project.code]) + f"?area={area.id}",
            {
                "happened_on": on,
                "kind": "dialogue",
                "place_name": "UBND",
                "place_lat": "10.9",
                "place_lng": "108.0",
                "attendance": json.dumps([{"id": lu, "opinion": "agree"}]),
            },
            {
                "happened_on": DATE,
                "kind": CHOICE,
                "place_name": TEXT,
                "place_lat": NUMBER,
                "place_lng": NUMBER,
                "attendance": ["empty", "huge", "nul", "wrong_type", "other_project", "huge_int"],
                "officials": CHOICE,
                "signatories": CHOICE,
                "plan": ID,
            },
            {},
        ),
        (
            "correct",
            reverse("consultations:correct", args=[project.code, posting.id]),
            {"action": "redate", "happened_on": on, "reason": "sai ngày"},
            {
                "action": CHOICE,
                "happened_on": ["future", "ancient", "wrong_type", "nul"],
                "reason": TEXT,
            },
            {},
        ),
        (
            "respond",
            reverse("consultations:respond", args=[project.code, finding.id]),
            {"happened_on": (D + timedelta(days=2)).isoformat(), "content": "Đã niêm yết"},
            {"happened_on": DATE, "content": TEXT},
            {},
        ),
        (
            "erase",
            reverse("consultations:erase_remarks", args=[project.code, lu]),
            {"reason": "đơn của hộ"},
            {"reason": TEXT},
            {},
        ),
    ]


@pytest.fixture
def world():
    front = make_user("mttq")
    board, project, area, cases = make_world(2, members=[(front, Role.FRONT_SUPERVISOR)])
    _other, other_area, _c = make_project("du-an-khac")
    record(
        "opinion",
        project=project,
        actor=board,
        case=cases[0],
        on=D,
        opinion="other",
        channel="written",
        concerns="Đề nghị làm đường",
    )  # something to erase
    posting = record(
        "posting_started",
        project=project,
        actor=board,
        area=area,
        on=D,
        what="draft_plan",
        place="UBND",
    ).event
    finding = record(
        "supervision",
        project=project,
        actor=front,
        on=D,
        body="fatherland_front",
        finding_kind="recommendation",
        content="Công khai giá",
    ).event
    return board, project, area, cases, front, posting, finding, other_area


def test_no_bad_value_is_a_500_or_writes_anything(world):
    board, project, area, cases, front, posting, finding, other_area = world
    values = bad_values(other_project_id=other_area.id)
    client = Client()
    client.force_login(board)
    problems = []
    for name, url, baseline, fields, field_values in forms(world):
        base = {**baseline, KEY: str(uuid.uuid4())}
        # All fields at once with what no field takes (a free text takes "not-a-number").
        refused_by_all = {k: values[k] for k in ("huge", "nul")}
        problems += [
            f"{name} (all): {p}"
            for p in sweep(client, url, fields=list(fields), values=refused_by_all, baseline=base)
        ]
        problems += [
            f"{name}: {p}"
            for p in sweep_fields(
                client, url, baseline=base, fields=fields, values=values, field_values=field_values
            )
        ]
        assert writes(client, url, {**baseline, KEY: str(uuid.uuid4())}), f"{name}: baseline"
    assert not problems, "\n".join(problems)
