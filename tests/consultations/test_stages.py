"""The stage function, table-driven, without a database."""

from datetime import date, datetime, timedelta

import pytest

from consultations.rules.plans import Term
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


def Plan(plan_id: int, on: date, **payload) -> Record:  # noqa: N802
    """The approval of a plan version (signed on `on`)."""
    i = next(_ids)
    return Record(i, i, "plan_approved", "plan", plan_id, on, datetime(2026, 1, 1), payload)


def G(kind: str, on: date, grievance: int) -> Record:  # noqa: N802
    i = next(_ids)
    return Record(i, i, kind, "grievance", grievance, on, datetime(2026, 1, 1), {})


def T(plan_id: int, net: int, kind: str = "draft", base: int | None = None) -> Term:  # noqa: N802
    return Term(plan_id, kind, base, 1 if base is None else 2, net, None)


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
        [Fact("opinion", d(40), opinion="agree"), Plan(7, d(60))],
        {"terms": [T(7, 10**8)]},
        State("approved", "agree"),
    ),
    (
        "an approval of a plan without a line for the case does not approve it",
        [Fact("opinion", d(40), opinion="agree"), Plan(8, d(60))],
        {"terms": [T(7, 10**8)]},
        State("consulted", "agree"),
    ),
    (
        "paid when payments and deposits cover the net",
        [
            Plan(7, d(60)),
            Fact("recovery_decided", d(70)),
            Fact("payment", d(80), amount=6 * 10**7),
            Fact("deposit", d(90), amount=4 * 10**7),
        ],
        {"terms": [T(7, 10**8)]},
        State("paid"),
    ),
    (
        "a revised version that raises the net: back to decided",
        [
            Plan(7, d(60)),
            Fact("recovery_decided", d(70)),
            Fact("payment", d(80), amount=10**8),
            Plan(9, d(100)),
        ],
        {"terms": [T(7, 10**8), T(9, 12 * 10**7, kind="revised", base=7)]},
        State("decided"),
    ),
    (
        "a supplementary version adds to what is owed",
        [Plan(7, d(60)), Fact("payment", d(80), amount=10**8), Plan(11, d(100))],
        {"terms": [T(7, 10**8), T(11, 5 * 10**6, kind="supplementary", base=7)]},
        State("approved"),
    ),
    (
        "a revision lowering the net: paid again",
        [Plan(7, d(60)), Fact("payment", d(80), amount=9 * 10**7), Plan(9, d(100))],
        {"terms": [T(7, 10**8), T(9, 9 * 10**7, kind="revised", base=7)]},
        State("paid"),
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
        "the resettlement overlay ends when the plot is handed over, not the site",
        [Fact("handover", d(90))],
        {"resettlement_eligible": True},
        State("handed_over", "", ("resettlement_pending",)),
    ),
    (
        "plot handed over",
        [Fact("resettlement_handed_over", d(80))],
        {"resettlement_eligible": True},
        State("identified"),
    ),
    (
        "a grievance received is open",
        [G("grievance_received", d(10), 3)],
        {},
        State("identified", "", ("grievance_open",)),
    ),
    (
        "settled, it closes; appealed, it opens again",
        [G("grievance_received", d(10), 3), G("grievance_settled", d(40), 3)],
        {},
        State("identified"),
    ),
    (
        "an appeal reopens it",
        [
            G("grievance_received", d(10), 3),
            G("grievance_settled", d(40), 3),
            G("grievance_appealed", d(50), 3),
        ],
        {},
        State("identified", "", ("grievance_open",)),
    ),
    (
        "enforcement from its decision until executed",
        [Fact("enforcement_decided", d(10))],
        {},
        State("identified", "", ("enforcement",)),
    ),
    (
        "enforcement executed",
        [Fact("enforcement_decided", d(10)), Fact("enforcement_executed", d(30))],
        {},
        State("identified"),
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


def test_approved_when_the_approval_takes_effect_not_when_it_is_signed():
    spans = intervals([Plan(7, d(60), effective_on=d(200).isoformat())], terms=[T(7, 10**8)])
    assert state_on(spans, d(100)) == State("identified")
    assert state_on(spans, d(200)) == State("approved")


def test_paid_falls_back_the_day_a_revision_raises_the_net_and_returns_when_covered():
    terms = [T(7, 10**8), T(9, 12 * 10**7, kind="revised", base=7)]
    facts = [
        Plan(7, d(60)),
        Fact("recovery_decided", d(70)),
        Fact("payment", d(80), amount=10**8),
        Plan(9, d(100)),
        Fact("payment", d(120), amount=2 * 10**7),
    ]
    spans = intervals(facts, terms=terms)
    assert [(s.state.stage, s.valid_from) for s in spans[1:]] == [
        ("approved", d(60)),
        ("decided", d(70)),
        ("paid", d(80)),
        ("decided", d(100)),
        ("paid", d(120)),
    ]
