"""The versions in force for a household (rules/plans.py): one definition, read by the stage
function, by the audit's facts per case and over columns for a whole project."""

from datetime import date, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from consultations.rules.columns import INT_NULL
from consultations.rules.plans import Term, approval_effective, in_force, in_force_columns, slot_of
from consultations.rules.records import Record
from consultations.rules.stages import intervals, state_on

D = date(2025, 3, 1)


def test_a_revision_chain_through_a_version_that_does_not_list_the_household():
    # v1 (draft) and v3 list the household; v2 revises v1 without listing it; v3 revises v2.
    kinds = {1: "draft", 2: "revised", 3: "revised"}
    bases = {1: None, 2: 1, 3: 2}
    terms = [Term(1, "draft", None, 1, 100, D), Term(3, "revised", 2, 3, 150, D + timedelta(9))]
    assert slot_of(3, kinds, bases) == 1
    assert in_force(terms, bases=bases, kinds=kinds) == (150, D + timedelta(9))
    # Knowing only the household's own versions, the chain stops at v2 (v1 and v3 both count).
    assert in_force(terms) == (250, D + timedelta(9))

    def approval(plan_id: int, on: date) -> Record:
        return Record(
            plan_id, plan_id, "plan_approved", "plan", plan_id, on, datetime(2026, 1, 1), {}
        )

    payment = Record(
        9, 9, "payment", "case", 1, D + timedelta(20), datetime(2026, 1, 1), {"amount": 150}
    )
    records = [approval(1, D), approval(3, D + timedelta(9)), payment]
    lines = [Term(1, "draft", None, 1, 100, None), Term(3, "revised", 2, 3, 150, None)]
    spans = intervals(records, terms=lines, bases=bases, kinds=kinds)
    assert state_on(spans, D + timedelta(20)).stage == "paid"


def test_an_approval_takes_effect_on_its_effective_date_else_on_its_day():
    signed = Record(1, 1, "plan_approved", "plan", 1, D, datetime(2026, 1, 1), {})
    later = Record(
        2, 2, "plan_approved", "plan", 1, D, datetime(2026, 1, 1), {"effective_on": "2025-04-01"}
    )
    assert approval_effective(signed) == D
    assert approval_effective(later) == date(2025, 4, 1)


@st.composite
def projects(draw):
    n = draw(st.integers(1, 6))
    kinds, bases = {}, {}
    for plan_id in range(1, n + 1):
        kind = (
            "draft"
            if plan_id == 1
            else draw(st.sampled_from(["draft", "revised", "supplementary"]))
        )
        kinds[plan_id] = kind
        bases[plan_id] = None if kind == "draft" else draw(st.integers(1, plan_id - 1))
    households = draw(
        st.lists(
            st.lists(
                st.tuples(
                    st.integers(1, n),
                    st.integers(0, 10**9),
                    st.none() | st.integers(0, 30),
                ),
                max_size=6,
                unique_by=lambda line: line[0],
            ),
            min_size=1,
            max_size=8,
        )
    )
    return kinds, bases, households


@settings(max_examples=200, deadline=None)
@given(projects())
def test_the_columns_answer_what_in_force_answers(project):
    kinds, bases, households = project
    rows, slots, effective, versions, plan_ids, nets, expected = [], [], [], [], [], [], []
    for row, lines in enumerate(households):
        terms = [
            Term(p, kinds[p], bases[p], p, net, None if day is None else D + timedelta(day))
            for p, net, day in lines
        ]
        expected.append(in_force(terms, bases=bases, kinds=kinds))
        for t in terms:
            if t.effective_on is None:
                continue
            rows.append(row)
            slots.append(slot_of(t.plan_id, kinds, bases))
            effective.append(np.datetime64(t.effective_on, "D"))
            versions.append(t.version)
            plan_ids.append(t.plan_id)
            nets.append(t.net)
    net, clock = in_force_columns(
        len(households),
        np.array(rows, dtype=np.int64),
        np.array(slots, dtype=np.int64),
        np.array(effective, dtype="datetime64[D]"),
        np.array(versions, dtype=np.int64),
        np.array(plan_ids, dtype=np.int64),
        np.array(nets, dtype=np.int64),
    )
    got = [
        (
            None if n == INT_NULL else int(n),
            None if np.isnat(c) else c.astype(date),
        )
        for n, c in zip(net, clock, strict=True)
    ]
    assert got == expected


def test_a_version_approved_twice_counts_from_its_first_approval_for_the_stage_as_for_the_audit():
    def approval(i: int, signed: date, effective: date) -> Record:
        return Record(
            i, i, "plan_approved", "plan", 7, signed, datetime(2026, 1, 1),
            {"effective_on": effective.isoformat()},
        )  # fmt: skip

    records = [approval(1, D, D + timedelta(60)), approval(2, D + timedelta(5), D + timedelta(20))]
    spans = intervals(records, terms=[Term(7, "draft", None, 1, 100, None)])
    assert state_on(spans, D + timedelta(30)).stage == "identified"
    assert state_on(spans, D + timedelta(60)).stage == "approved"
