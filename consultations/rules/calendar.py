"""Vietnam's public-sector working days (rules.md "Counting time"; notes.md "Calendar").

The `holidays` package's Vietnam calendar (Tết, observed days, substituted days off and make-up
working Saturdays: a make-up Saturday is a working day), plus the repository's override table
(calendar_overrides.yaml) for what the pinned package version lacks. Days are held as numpy
arrays over a fixed range with a cumulative working-day index, so that "the Nth working day
after" and "the next working day" are array lookups for a whole batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import holidays
import numpy as np
import yaml

from .i18n import Holiday, Text, gettext_noop

OVERRIDES_FILE = Path(__file__).with_name("calendar_overrides.yaml")
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2045, 12, 31)
DAY_OFF = "day_off"
WORKING_DAY = "working_day"
NAT = np.datetime64("NaT", "D")

DayArray = np.ndarray  # numpy datetime64[D]; NaT where a date is missing


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class Override:
    on: date
    status: str  # day_off | working_day
    source: str
    note: str = ""


def parse_overrides(data: Any, *, origin: str = "overrides") -> tuple[Override, ...]:
    """Validate the override table; every error names the entry and the field."""
    if not isinstance(data, dict) or not isinstance(data.get("overrides"), list):
        raise CalendarError(f"{origin}: expected a mapping with an `overrides` list")
    seen: dict[date, int] = {}
    result = []
    for i, entry in enumerate(data["overrides"]):
        where = f"{origin}: overrides[{i}]"
        if not isinstance(entry, dict):
            raise CalendarError(f"{where}: expected a mapping")
        unknown = set(entry) - {"date", "status", "source", "note"}
        if unknown:
            raise CalendarError(f"{where}: unknown field(s) {sorted(unknown)}")
        on = entry.get("date")
        if not isinstance(on, date):
            raise CalendarError(f"{where}.date: expected a date (YYYY-MM-DD), got {on!r}")
        if not FIRST_DAY <= on <= LAST_DAY:
            raise CalendarError(f"{where}.date: {on} is outside {FIRST_DAY}…{LAST_DAY}")
        if entry.get("status") not in (DAY_OFF, WORKING_DAY):
            raise CalendarError(f"{where}.status: expected day_off or working_day")
        source = entry.get("source")
        if not isinstance(source, str) or not source.strip():
            raise CalendarError(f"{where}.source: the deciding document is required")
        if on in seen:
            raise CalendarError(f"{where}.date: {on} already overridden by overrides[{seen[on]}]")
        seen[on] = i
        result.append(Override(on, entry["status"], source.strip(), str(entry.get("note") or "")))
    return tuple(result)


def _digest(overrides: Sequence[Override]) -> str:
    text = "\n".join(f"{o.on.isoformat()} {o.status} {o.source}" for o in overrides)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


class WorkingCalendar:
    """Working days between FIRST_DAY and LAST_DAY. Dates outside raise: it refuses to guess."""

    def __init__(self, overrides: Iterable[Override] = ()) -> None:
        self.overrides = tuple(overrides)
        self.first = np.datetime64(FIRST_DAY, "D")
        self.days = np.arange(self.first, np.datetime64(LAST_DAY, "D") + 1)
        self.package_version = holidays.__version__
        years = range(FIRST_DAY.year, LAST_DAY.year + 1)
        vietnam = holidays.country_holidays("VN", years=years)
        # is_working_day knows weekends, holidays and the make-up Saturdays (weekend_workdays).
        working = np.array([vietnam.is_working_day(d) for d in self.days.tolist()], dtype=bool)
        for o in self.overrides:
            working[self._index(o.on)] = o.status == WORKING_DAY
        self.working = working
        # cumulative[i] = working days in [FIRST_DAY, day i]; positions[k] = the (k+1)th one.
        self.cumulative = np.cumsum(working, dtype=np.int64)
        self.positions = np.flatnonzero(working)
        self._names: dict[date, str] = dict(vietnam.items())
        self.version = f"holidays {self.package_version}; overrides {_digest(self.overrides)}"

    # --- one date -------------------------------------------------------------------------
    def _index(self, day: date) -> int:
        if not FIRST_DAY <= day <= LAST_DAY:
            raise CalendarError(
                f"{day} is outside the working-day calendar ({FIRST_DAY}…{LAST_DAY})"
            )
        return (day - FIRST_DAY).days

    def is_working_day(self, day: date) -> bool:
        return bool(self.working[self._index(day)])

    def why(self, day: date) -> str:
        """What kind of day it is, for explanations."""
        return str(self.why_text(day))

    def why_text(self, day: date) -> Text:
        """What kind of day it is, as a text to translate."""
        override = next((o for o in self.overrides if o.on == day), None)
        if override is not None:
            template = (
                gettext_noop("day off ({source})")
                if override.status == DAY_OFF
                else gettext_noop("working day ({source})")
            )
            return Text(template, {"source": override.source})
        if day in self._names:
            return Text(
                gettext_noop("day off: {holiday}"), {"holiday": Holiday(day, self._names[day])}
            )
        if self.is_working_day(day):
            if day.weekday() >= 5:
                return Text(gettext_noop("make-up working Saturday"))
            return Text(gettext_noop("working day"))
        return Text(gettext_noop("weekend"))

    def next_working_day(self, day: date) -> date:
        """The day itself if it is a working day, else the first working day after it."""
        return _to_date(self.next_working_days(np.array([day], dtype="datetime64[D]"))[0])

    def add_working_days(self, day: date, n: int) -> date:
        """The Nth working day after `day` (the day itself is not counted), n ≥ 1."""
        return _to_date(self.add_working_days_to(np.array([day], dtype="datetime64[D]"), n)[0])

    # --- columns --------------------------------------------------------------------------
    def _indices(self, days: DayArray) -> tuple[np.ndarray, np.ndarray]:
        present = ~np.isnat(days)
        idx = np.zeros(days.shape, dtype=np.int64)
        idx[present] = (days[present] - self.first).astype(np.int64)
        if present.any() and (idx[present].min() < 0 or idx[present].max() >= len(self.days)):
            bad = days[present][(idx[present] < 0) | (idx[present] >= len(self.days))][0]
            raise CalendarError(
                f"{bad} is outside the working-day calendar ({FIRST_DAY}…{LAST_DAY})"
            )
        return idx, present

    def _from_positions(self, ordinal: np.ndarray, present: np.ndarray) -> DayArray:
        result = np.full(ordinal.shape, NAT)
        if present.any():
            if ordinal[present].max() >= len(self.positions):
                raise CalendarError(f"a working day after {LAST_DAY} was asked for")
            result[present] = self.first + self.positions[ordinal[present]]
        return result

    def are_working_days(self, days: DayArray) -> np.ndarray:
        idx, present = self._indices(days)
        return present & self.working[idx]

    def next_working_days(self, days: DayArray) -> DayArray:
        idx, present = self._indices(days)
        before = self.cumulative[idx] - self.working[idx]  # working days strictly before
        return self._from_positions(before, present)

    def add_working_days_to(self, days: DayArray, n: int | np.ndarray) -> DayArray:
        if np.any(np.asarray(n) < 1):
            raise CalendarError("a count of working days starts at 1")
        idx, present = self._indices(days)
        return self._from_positions(self.cumulative[idx] + np.asarray(n) - 1, present)

    def working_days_between(self, start: DayArray, end: DayArray) -> np.ndarray:
        """Working days in (start, end] — the start day is not counted."""
        i, p1 = self._indices(start)
        j, p2 = self._indices(end)
        return np.where(p1 & p2, self.cumulative[j] - self.cumulative[i], 0)


def _to_date(value: np.datetime64) -> date:
    result = value.astype("datetime64[D]").item()
    assert isinstance(result, date)
    return result


def load_overrides(path: Path = OVERRIDES_FILE) -> tuple[Override, ...]:
    with path.open(encoding="utf-8") as fh:
        return parse_overrides(yaml.safe_load(fh), origin=path.name)


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """The repository's calendar (immutable once built, so one per process is safe)."""
    return WorkingCalendar(load_overrides())


def days_off_between(calendar: WorkingCalendar, start: date, end: date) -> list[date]:
    """Every day off in [start, end], for explanations of a roll-forward."""
    return [
        start + timedelta(days=k)
        for k in range((end - start).days + 1)
        if not calendar.is_working_day(start + timedelta(days=k))
    ]
