"""The facts the rules read, built from the standing records and the register facts.

One table per kind of subject (project, area, parcel, plan version, meeting, case, grievance):
one row per subject, scalar typed columns (columns.py), so that the same columns can be
extracted in SQL for a whole project and compared with these. Lists stay out of the columns:
they are summarised (first/last dates, counts, flags); the cases a row touches and a case's
payments are side tables.

"As of D": the records that happened by D and were recorded by the end of D (Vietnam time) on
the `recorded` axis, or that happened by D as known now on the `happened` axis; the registers
as they stood at D (the caller's).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from . import derive
from .columns import Table
from .facts_schema import (  # noqa: F401
    AREA,
    CASE,
    GRIEVANCE,
    MEETING,
    PARCEL,
    PLAN,
    PROJECT,
    SCHEMAS,
    SUBJECTS,
)
from .records import Record, standing
from .registers import Registers

AXES = ("recorded", "happened")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class FactsError(ValueError):
    pass


@dataclass
class Facts:
    as_of: date
    axis: str
    tables: dict[str, Table]
    records: list[Record]  # the standing records the facts were built from

    def table(self, subject: str) -> Table:
        return self.tables[subject]


def end_of_day(day: date) -> datetime:
    """The last instant of `day` in Vietnam: what was recorded by then is known on that day."""
    return datetime.combine(day + timedelta(days=1), time.min, VIETNAM) - timedelta(microseconds=1)


def standing_as_of(records: Iterable[Record], *, as_of: date, axis: str) -> list[Record]:
    if axis not in AXES:
        raise FactsError(f"axis must be one of {AXES}, got {axis!r}")
    records = list(records)
    for r in records:
        if r.recorded_at.tzinfo is None:
            raise FactsError(f"record {r.id}: recorded_at must carry a time zone")
    known_by = end_of_day(as_of) if axis == "recorded" else None
    return standing(records, known_by=known_by, happened_by=as_of)


def build_facts(
    registers: Registers, records: Sequence[Record], *, as_of: date, axis: str
) -> Facts:
    """The facts of every subject of the project as of `as_of` on `axis`."""
    kept = standing_as_of(records, as_of=as_of, axis=axis)
    built = derive.derive(registers, kept, as_of=as_of)
    tables = {}
    for subject, schema in SCHEMAS.items():
        rows, touches = built[subject]
        tables[subject] = Table.from_rows(subject, schema, rows, touches)
    tables["case"].extra["payments"] = built["payments"]
    return Facts(as_of, axis, tables, kept)


def subject_facts(
    registers: Registers,
    records: Sequence[Record],
    subject: str,
    subject_id: int,
    *,
    as_of: date,
    axis: str,
) -> dict[str, Any]:
    """One subject's facts as a plain mapping (the batch's own code path, one row read)."""
    table = build_facts(registers, records, as_of=as_of, axis=axis).table(subject)
    return table.row(table.index_of(subject_id))


def relevant_records(registers: Registers, records: Sequence[Record], case_id: int) -> list[Record]:
    """A case's relevant records: its own, its areas' (the areas of the parcels it holds), those
    of the plan versions with a line for it, of the meetings whose `cases` include it, and of
    the grievances whose receipt names it. (Pass standing records for an as-of view.)"""
    case = next(c for c in registers.cases if c.id == case_id)
    areas = set(registers.areas_of(case))
    plans = {p.id for p in registers.plans if case_id in p.lines}
    meetings = {
        r.root_id for r in records if r.kind == "meeting" and case_id in (r.get("cases") or ())
    }
    grievances = {
        r.subject_id
        for r in records
        if r.kind == "grievance_received" and case_id in (r.get("cases") or ())
    }
    meeting_kinds = {"meeting", "minutes_signed", "signature_confirmed"}

    def about_meeting(r: Record) -> bool:
        if r.kind == "meeting":
            return r.root_id in meetings
        return r.kind in meeting_kinds and r.get("meeting") in meetings

    kept = []
    for r in records:
        own = r.subject_type == "case" and r.subject_id == case_id
        area = r.subject_type == "area" and r.subject_id in areas and r.kind not in meeting_kinds
        if (
            own
            or area
            or about_meeting(r)
            or (r.subject_type == "plan" and r.subject_id in plans)
            or (r.subject_type == "grievance" and r.subject_id in grievances)
        ):
            kept.append(r)
    return kept
