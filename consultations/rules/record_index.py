"""The standing records grouped the ways the facts read them, and small date helpers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from .records import Record
from .registers import PlanVersion, Registers

Row = dict[str, Any]
POSTING_PLACES = ("commune_office", "residential_area")
PERSUADERS = {"commune_pc": "commune_pc", "fatherland_front": "front", "board": "board"}


def as_date(value: Any) -> date | None:
    """A payload date: a date, or an ISO string as JSON holds it."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def first(records: Iterable[Record], pred: Callable[[Record], bool] | None = None) -> Record | None:
    return next((r for r in records if pred is None or pred(r)), None)


def last(records: Iterable[Record], pred: Callable[[Record], bool] | None = None) -> Record | None:
    found = None
    for r in records:
        if pred is None or pred(r):
            found = r
    return found


def on(record: Record | None) -> date | None:
    return record.happened_on if record is not None else None


def min_date(*days: date | None) -> date | None:
    present = [d for d in days if d is not None]
    return min(present) if present else None


def max_date(*days: date | None) -> date | None:
    present = [d for d in days if d is not None]
    return max(present) if present else None


class Index:
    """The standing records grouped the ways the facts read them (records sorted by date, id)."""

    def __init__(self, registers: Registers, records: list[Record]) -> None:
        self.reg = registers
        self.by_subject: dict[tuple[str, int], dict[str, list[Record]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.by_kind: dict[str, list[Record]] = defaultdict(list)
        for r in records:
            self.by_subject[(r.subject_type, r.subject_id)][r.kind].append(r)
            self.by_kind[r.kind].append(r)
        self.meeting = {r.root_id: r for r in self.by_kind["meeting"]}
        self.meetings_of_case: dict[int, list[Record]] = defaultdict(list)
        for r in self.by_kind["meeting"]:
            for case_id in r.get("cases") or ():
                self.meetings_of_case[case_id].append(r)
        self.plans_of_case: dict[int, list[PlanVersion]] = defaultdict(list)
        for plan in registers.plans:
            for case_id in plan.lines:
                self.plans_of_case[case_id].append(plan)
        self.plan = {p.id: p for p in registers.plans}
        self.plan_bases = {p.id: p.base_id for p in registers.plans}
        self.plan_kinds = {p.id: p.kind for p in registers.plans}
        self.parcel = {p.id: p for p in registers.parcels}
        self.cases_of_area: dict[int, list[int]] = defaultdict(list)
        self.cases_of_parcel: dict[int, list[int]] = defaultdict(list)
        for c in registers.cases:
            for area_id in registers.areas_of(c):
                self.cases_of_area[area_id].append(c.id)
            for pid in c.parcels:
                self.cases_of_parcel[pid].append(c.id)

    def of(self, subject: str, subject_id: int, kind: str) -> list[Record]:
        return self.by_subject.get((subject, subject_id), {}).get(kind, [])

    def first_notice(self, area_id: int | None) -> date | None:
        return on(first(self.of("area", area_id, "notice_issued"))) if area_id is not None else None

    def postings(self, what: str, area_id: int | None = None) -> list[Record]:
        return [
            r
            for r in self.by_kind["posting_started"]
            if r.get("what") == what and (area_id is None or r.subject_id == area_id)
        ]

    def posting_end(self, posting: Record) -> date | None:
        return on(
            first(self.by_kind["posting_ended"], lambda r: r.get("posting") == posting.root_id)
        )

    def opinion_plan(self, opinion: Record) -> int | None:
        """The plan an opinion is about: its own `plan`, else its meeting's."""
        if opinion.get("plan") is not None:
            return int(opinion.get("plan"))
        meeting = self.meeting.get(opinion.get("meeting"))
        return meeting.get("plan") if meeting is not None else None
