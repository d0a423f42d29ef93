"""The stage function, table-driven, without a database."""

from datetime import date, datetime, timedelta

import pytest

from consultations.rules.records import Record, standing
from consultations.rules.stages import BEGINNING, Interval, State, intervals, state_on

D = date(2025, 3, 1)


def d(n: int) -> date:
    return D + timedelta(days=n)


_ids = iter(range(1, 10**6))


def Fact(kind: str, on: date, **payload) -> Record:  # noqa: N802 - reads like a row
    """A standing record of this kind on this day (subject and times do not matter here)."""
    i = next(_ids)
    return Record(i, i, kind, "case", 1, on, datetime(2026, 1, 1), payload)


CASES = [
    ("nothing yet", [], {}, State("identified")),
    ("notice delivered", [Fact("notice_delivered", d(0))], {}, State("notified")),
    ("published instead", [Fact("notice_published", d(0))], {}, State("notified")),
    (
        "inventory",
        [Fact("notice_delivered", d(0)), Fact("inventory_done", d(5))],
        {},
        State("inventoried"),
    ),
    ("compulsory inventory counts", [Fact("compulsory_inventory", d(5))], {}, State("inventoried")),
    (
        "refusal does not",
        [Fact("notice_delivered", d(0)), Fact("inventory_refused", d(5))],
        {},
        State("notified"),
    ),
    (
        "land price posting is not the plan",
        [Fact("inventory_done", d(1)), Fact("posting_started", d(2), what="land_prices")],
        {},
        State("inventoried"),
    ),
    (
        "draft plan posted",
        [Fact("posting_started", d(2), what="draft_plan")],
        {},
        State("plan_posted"),
    ),
    ("agree", [Fact("opinion", d(40), opinion="agree")], {}, State("consulted", "agree")),
    ("disagree", [Fact("opinion", d(40), opinion="disagree")], {}, State("consulted", "disagree")),
    (
        "disagree then dialogue",
        [
            Fact("opinion", d(40), opinion="disagree"),
            Fact("dialogue_outcome", d(50), opinion="agree"),
        ],
        {},
        State("in_dialogue", "agree"),
    ),
    (
        "dialogue still disagree",
        [
            Fact("opinion", d(40), opinion="disagree"),
            Fact("dialogue_outcome", d(50), opinion="disagree"),
        ],
        {},
        State("in_dialogue", "disagree"),
    ),
    (
        "an agreeing case never enters dialogue",
        [Fact("opinion", d(40), opinion="agree"), Fact("dialogue_outcome", d(50), opinion="agree")],
        {},
        State("consulted", "agree"),
    ),
    (
        "same-day opinion and dialogue",
        [
            Fact("dialogue_outcome", d(40), opinion="other"),
            Fact("opinion", d(40), opinion="disagree"),
        ],
        {},
        State("in_dialogue", "other"),
    ),
    (
        "agree goes straight to approved",
        [Fact("opinion", d(40), opinion="agree"), Fact("plan_approved", d(60))],
        {},
        State("approved", "agree"),
    ),
    (
        "a payment without a plan line to cover is not paid",
        [Fact("recovery_decided", d(70)), Fact("payment", d(80), amount=10**9)],
        {},
        State("decided"),
    ),
    ("handover", [Fact("handover", d(90))], {}, State("handed_over")),
    (
        "furthest step wins, in any order",
        [Fact("inventory_done", d(9)), Fact("notice_delivered", d(10))],
        {},
        State("inventoried"),
    ),
    (
        "resettlement overlay",
        [Fact("notice_delivered", d(0))],
        {"resettlement_eligible": True},
        State("notified", "", ("resettlement_pending",)),
    ),
    (
        "overlay ends at handover",
        [Fact("handover", d(90))],
        {"resettlement_eligible": True},
        State("handed_over"),
    ),
]


@pytest.mark.parametrize("name,facts,options,expected", CASES, ids=[c[0] for c in CASES])
def test_stage_today(name, facts, options, expected):
    spans = intervals(facts, **options)
    assert spans[-1].valid_to is None
    assert spans[-1].state == expected


def test_intervals_cover_time_without_gaps_and_merge_equal_states():
    facts = [
        Fact("notice_delivered", d(0)),
        Fact("notice_delivered", d(3)),  # a second delivery changes nothing
        Fact("inventory_done", d(10)),
        Fact("opinion", d(40), opinion="disagree"),
        Fact("opinion", d(45), opinion="agree"),
    ]
    spans = intervals(facts)
    assert spans == [
        Interval(State("identified"), BEGINNING, d(0)),
        Interval(State("notified"), d(0), d(10)),
        Interval(State("inventoried"), d(10), d(40)),
        Interval(State("consulted", "disagree"), d(40), d(45)),
        Interval(State("consulted", "agree"), d(45), None),
    ]
    assert state_on(spans, d(-1)) == State("identified")
    assert state_on(spans, d(9)) == State("notified")
    assert state_on(spans, d(44)).opinion == "disagree"


T0 = datetime(2025, 3, 1, 9, 0)


def v(id_, root, minutes, void=False):
    return Record(
        id_, root, "notice_delivered", "case", 1, D, T0 + timedelta(minutes=minutes), {}, void
    )


def test_standing_versions_as_known_at_a_moment():
    chain = [v(1, 1, 0), v(5, 1, 30), v(9, 1, 60, void=True), v(2, 2, 5)]

    def ids(records):
        return sorted(r.id for r in records)

    assert ids(standing(chain)) == [2]  # 1 was voided by 9
    assert ids(standing(chain, known_by=T0 + timedelta(minutes=45))) == [2, 5]
    assert ids(standing(chain, known_by=T0 + timedelta(minutes=10))) == [1, 2]
    assert standing(chain, known_by=T0 - timedelta(minutes=1)) == []
    assert standing(chain, happened_by=D - timedelta(days=1)) == []
