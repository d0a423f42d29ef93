"""A case's stage over time, from its facts (domain.md, "Stage of a land user's case").

The stage is the furthest step reached, in the order of STAGES; `consulted` carries the
opinion; only a case that disagreed passes through `in_dialogue`.
"""

from dataclasses import dataclass, field
from datetime import date

STAGES = (
    "identified",
    "notified",
    "inventoried",
    "plan_posted",
    "consulted",
    "in_dialogue",
    "approved",
    "decided",
    "paid",
    "handed_over",
)
RANK = {stage: rank for rank, stage in enumerate(STAGES)}

# The beginning of valid time for a case that has no dated act yet.
BEGINNING = date(1900, 1, 1)

# Which fact moves a case to which stage (posting only when it posts the draft plan).
STEP_OF_KIND = {
    "notice_delivered": "notified",
    "notice_published": "notified",
    "inventory_done": "inventoried",
    "compulsory_inventory": "inventoried",
    "opinion": "consulted",
    "plan_approved": "approved",
    "recovery_decided": "decided",
    "handover": "handed_over",
}


@dataclass(frozen=True)
class Fact:
    kind: str
    on: date
    opinion: str = ""  # opinion: agree / disagree / other / no_opinion; dialogue: its result
    posting_what: str = ""
    paid_in_full: bool = False


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
    rank: int = 0
    opinion: str = ""
    disagreed: bool = False
    handed_over: bool = False
    overlays: set = field(default_factory=set)


def _step(fact: Fact, walk: _Walk) -> None:
    step = STEP_OF_KIND.get(fact.kind)
    if fact.kind == "posting_started" and fact.posting_what == "draft_plan":
        step = "plan_posted"
    elif fact.kind == "payment" and fact.paid_in_full:
        step = "paid"
    elif fact.kind == "opinion":
        walk.opinion = fact.opinion
        walk.disagreed = walk.disagreed or fact.opinion == "disagree"
    elif fact.kind == "dialogue_outcome" and walk.disagreed:
        step = "in_dialogue"
        walk.opinion = fact.opinion or walk.opinion
    if step is not None:
        walk.rank = max(walk.rank, RANK[step])


def intervals(facts: list[Fact], *, resettlement_eligible: bool = False) -> list[Interval]:
    """The stage intervals of one case; consecutive days with the same state merge."""
    ordered = sorted(facts, key=lambda f: (f.on, _ORDER_IN_A_DAY.get(f.kind, 50)))
    walk = _Walk()
    result: list[Interval] = []

    def state() -> State:
        stage = STAGES[walk.rank]
        opinion = walk.opinion if walk.rank >= RANK["consulted"] else ""
        overlays = []
        if resettlement_eligible and walk.rank < RANK["handed_over"]:
            overlays.append("resettlement_pending")
        return State(stage, opinion, tuple(overlays))

    current, since = state(), BEGINNING
    i = 0
    while i < len(ordered):
        day = ordered[i].on
        while i < len(ordered) and ordered[i].on == day:
            _step(ordered[i], walk)
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


# Within one day, an opinion comes before the dialogue that answers it.
_ORDER_IN_A_DAY = {"opinion": 10, "dialogue_outcome": 20}
