"""A case's stage over time, from its standing records (domain.md, "Stage of a land user's case").

The stage is the furthest step reached, in the order of STAGES; `consulted` carries the
opinion; only a case that disagreed passes through `in_dialogue`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .catalog import KINDS
from .records import Record
from .vocabulary import RANK, STAGES

__all__ = ["BEGINNING", "RANK", "STAGES", "Interval", "State", "intervals", "state_on"]

# The beginning of valid time for a case that has no dated act yet.
BEGINNING = date(1900, 1, 1)

# Which act moves a case to which stage (the catalogue's `stage`); a posting only when it
# posts the draft plan; a dialogue outcome only after a disagreement.
STEP_OF_KIND = {code: kind.stage for code, kind in KINDS.items() if kind.stage}

# Within one day, an opinion comes before the dialogue that answers it.
_ORDER_IN_A_DAY = {"opinion": 10, "dialogue_outcome": 20}


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
    overlays: set = field(default_factory=set)


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
    if step is not None:
        walk.rank = max(walk.rank, RANK[step])


def intervals(records: Iterable[Record], *, resettlement_eligible: bool = False) -> list[Interval]:
    """The stage intervals of one case; consecutive days with the same state merge."""
    ordered = sorted(records, key=lambda r: (r.happened_on, _ORDER_IN_A_DAY.get(r.kind, 50)))
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
        day = ordered[i].happened_on
        while i < len(ordered) and ordered[i].happened_on == day:
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
