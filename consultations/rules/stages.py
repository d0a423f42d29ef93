"""A case's stage over time, from its standing records (domain.md, "Stage of a land user's case").

The stage is the furthest step reached, in the order of STAGES; `consulted` carries the
opinion; only a case that disagreed passes through `in_dialogue`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from .catalog import KINDS
from .plans import Term, approval_effective, in_force
from .records import Record
from .vocabulary import RANK, STAGES

__all__ = ["BEGINNING", "RANK", "STAGES", "Interval", "State", "intervals", "state_on"]

# The beginning of valid time for a case that has no dated act yet.
BEGINNING = date(1900, 1, 1)

# Which act moves a case to which stage (the catalogue's `stage`); a posting only when it
# posts the draft plan; a dialogue outcome only after a disagreement; an approval only when
# it takes effect, and only of a version with a line for the case; `paid` by amounts.
STEP_OF_KIND = {
    code: kind.stage for code, kind in KINDS.items() if kind.stage and code != "plan_approved"
}
MONEY_KINDS = ("payment", "deposit")
GRIEVANCE_OPENS = ("grievance_received", "grievance_appealed")
GRIEVANCE_CLOSES = ("grievance_settled", "grievance_refused", "grievance_withdrawn")

# Within one day, an opinion comes before the dialogue that answers it; a grievance is
# received before it is answered, settled, appealed or withdrawn; an enforcement is decided
# before it is carried out.
ORDER_IN_A_DAY = {
    "opinion": 10,
    "dialogue_outcome": 20,
    "grievance_received": 30,
    "grievance_accepted": 31,
    "grievance_refused": 32,
    "grievance_settled": 33,
    "grievance_appealed": 34,
    "grievance_withdrawn": 35,
    "enforcement_decided": 36,
    "enforcement_executed": 37,
}


@dataclass(frozen=True)
class State:
    stage: str
    opinion: str = ""
    overlays: tuple[str, ...] = ()

    @property
    def rank(self) -> int:
        return RANK[self.stage]


@dataclass(frozen=True)
class Interval:
    state: State
    valid_from: date
    valid_to: date | None = None  # exclusive; None = still


@dataclass
class _Walk:
    rank: int = 0  # the furthest step reached, `paid` apart (it can fall back)
    opinion: str = ""
    disagreed: bool = False
    paid: int = 0  # VND paid or deposited so far
    terms: list[Term] = field(default_factory=list)  # approved by now
    resettled: bool = False
    grievances: dict[int, bool] = field(default_factory=dict)  # grievance → open
    enforcement: bool = False


def _step(record: Record, walk: _Walk) -> None:
    kind = record.kind
    step = STEP_OF_KIND.get(kind)
    if kind == "posting_started" and record.get("what") == "draft_plan":
        step = "plan_posted"
    elif kind == "opinion":
        walk.opinion = record.get("opinion", "")
        walk.disagreed = walk.disagreed or walk.opinion == "disagree"
    elif kind == "dialogue_outcome" and walk.disagreed:
        step = "in_dialogue"
        walk.opinion = record.get("opinion") or walk.opinion
    elif kind in MONEY_KINDS:
        walk.paid += int(record.get("amount") or 0)
    elif kind == "resettlement_handed_over":
        walk.resettled = True
    elif kind in GRIEVANCE_OPENS:
        walk.grievances[record.subject_id] = True
    elif kind in GRIEVANCE_CLOSES:
        walk.grievances[record.subject_id] = False
    elif kind == "enforcement_decided":
        walk.enforcement = True
    elif kind in ("enforcement_executed", "handover"):
        walk.enforcement = False
    if step is not None:
        walk.rank = max(walk.rank, RANK[step])


def _approvals(records: Sequence[Record], terms: Sequence[Term]) -> list[Record]:
    """Each plan version's approval — its first, as the audit's facts read it —, as a dated
    step on the day it takes effect (only for the versions with a line for the case)."""
    lined = {t.plan_id for t in terms}
    first: dict[int, Record] = {}
    for r in sorted(records, key=lambda r: (r.happened_on, r.id)):
        if r.kind == "plan_approved" and r.subject_id in lined:
            first.setdefault(r.subject_id, r)
    return [replace(r, happened_on=approval_effective(r)) for r in first.values()]


def intervals(
    records: Iterable[Record],
    *,
    resettlement_eligible: bool = False,
    terms: Sequence[Term] = (),
    bases: dict[int, int | None] | None = None,
    kinds: dict[int, str] | None = None,
) -> list[Interval]:
    """The stage intervals of one case; consecutive days with the same state merge.

    `terms`: the case's lines in every plan version (the net of each); with `bases` and
    `kinds`, each version's base and kind for the whole project (revisions replace, supplements
    add: rules/plans.py).
    """
    records = list(records)
    approvals = _approvals(records, terms)
    ordered = sorted(
        [r for r in records if r.kind != "plan_approved"] + approvals,
        key=lambda r: (r.happened_on, ORDER_IN_A_DAY.get(r.kind, 50)),
    )
    term_of = {t.plan_id: t for t in terms}
    walk = _Walk()
    result: list[Interval] = []

    def state() -> State:
        rank = walk.rank
        if rank < RANK["handed_over"]:
            net, _clock = in_force(walk.terms, bases=bases, kinds=kinds)
            if net is not None and net > 0 and walk.paid >= net:
                rank = max(rank, RANK["paid"])
        stage = STAGES[rank]
        opinion = walk.opinion if rank >= RANK["consulted"] else ""
        overlays = []
        if resettlement_eligible and not walk.resettled:
            overlays.append("resettlement_pending")
        if any(walk.grievances.values()):
            overlays.append("grievance_open")
        if walk.enforcement:
            overlays.append("enforcement")
        return State(stage, opinion, tuple(overlays))

    current, since = state(), BEGINNING
    i = 0
    while i < len(ordered):
        day = ordered[i].happened_on
        while i < len(ordered) and ordered[i].happened_on == day:
            record = ordered[i]
            if record.kind == "plan_approved":
                walk.rank = max(walk.rank, RANK["approved"])
                term = term_of[record.subject_id]
                walk.terms.append(replace(term, effective_on=record.happened_on))
            else:
                _step(record, walk)
            i += 1
        new = state()
        if new != current:
            if day > since:
                result.append(Interval(current, since, day))
            since = day
            current = new
    result.append(Interval(current, since, None))
    return result


def state_on(spans: list[Interval], day: date) -> State:
    for span in spans:
        if span.valid_from <= day and (span.valid_to is None or day < span.valid_to):
            return span.state
    return State("identified")
