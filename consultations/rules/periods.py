"""Counting time as the Civil Code 2015 does (Arts. 147–148, status S; rules.md "Counting time").

- A period's unit is always given (calendar_days, working_days, months), never inferred.
- The day of the event is not counted: a period starts the day after (Art. 147(1)).
- A period in months ends on the same day of the last month, or on that month's last day if it
  has none (Art. 148(3)): 31 Jan + 1 month = end of February; 29 Feb + 12 months = 28 Feb.
- A period within which something must be done and whose last day is a day off ends at the end
  of the next working day (Art. 148(5)): the roll-forward. Lead times counted backwards ("at
  least 90 days before the decision") are plain calendar days, without roll-forward.

Each computation returns the steps it took. The column versions work on numpy datetime64[D]
arrays (NaT = missing) and are tested to agree with the scalar ones.
"""

from __future__ import annotations

import calendar as _months
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .calendar import NAT, DayArray, WorkingCalendar

CALENDAR_DAYS = "calendar_days"
WORKING_DAYS = "working_days"
MONTHS = "months"
UNITS = (CALENDAR_DAYS, WORKING_DAYS, MONTHS)
UNIT_WORDS = {CALENDAR_DAYS: "calendar days", WORKING_DAYS: "working days", MONTHS: "months"}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise PeriodError(f"unknown unit {self.unit!r}: expected one of {', '.join(UNITS)}")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 0:
            raise PeriodError(f"a period is a whole number ≥ 0, got {self.amount!r}")

    def __str__(self) -> str:
        return f"{self.amount} {UNIT_WORDS[self.unit]}"


@dataclass(frozen=True)
class Deadline:
    """The last day of a period that starts after `start`."""

    start: date
    period: Period
    nominal_end: date  # the period's last day as counted
    end: date  # after the roll-forward, if any
    rolled: bool
    steps: tuple[str, ...]


@dataclass(frozen=True)
class LeadTime:
    earlier: date
    later: date
    days: int
    steps: tuple[str, ...]


def add_months(day: date, months: int) -> tuple[date, bool]:
    """The same day `months` later, or that month's last day if it has none (clamped=True)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _months.monthrange(year, month)[1]
    return date(year, month, min(day.day, last)), day.day > last


def deadline(
    start: date, period: Period, *, roll_forward: bool, calendar: WorkingCalendar
) -> Deadline:
    steps = [
        f"event on {start} (not counted, Civil Code 2015 Art. 147(1)): "
        f"{period} counted from {start + timedelta(days=1)}"
    ]
    if period.unit == CALENDAR_DAYS:
        nominal = start + timedelta(days=period.amount)
        steps.append(f"day {period.amount} is {nominal}")
    elif period.unit == WORKING_DAYS:
        nominal = calendar.add_working_days(start, period.amount) if period.amount else start
        skipped = (nominal - start).days - period.amount
        steps.append(
            f"working day {period.amount} is {nominal} "
            f"({skipped} day(s) off skipped; calendar {calendar.version})"
        )
    else:
        nominal, clamped = add_months(start, period.amount)
        if clamped:
            steps.append(
                f"{period.amount} month(s) after {start}: day {start.day} does not exist in "
                f"{nominal:%m/%Y}, so the period ends on its last day, {nominal} "
                "(Civil Code 2015 Art. 148(3))"
            )
        else:
            steps.append(f"{period.amount} month(s) after {start} is {nominal} (Art. 148(3))")
    end, rolled = nominal, False
    if roll_forward and not calendar.is_working_day(nominal):
        end, rolled = calendar.next_working_day(nominal), True
        steps.append(
            f"{nominal} is a day off ({calendar.why(nominal)}): the period ends at the end of "
            f"the next working day, {end} (Civil Code 2015 Art. 148(5))"
        )
    elif not roll_forward:
        steps.append("no roll-forward for this period")
    return Deadline(start, period, nominal, end, rolled, tuple(steps))


def lead_time(earlier: date, later: date) -> LeadTime:
    """Calendar days from `earlier` to `later` (the day of `earlier` not counted, `later`
    counted), for "at least N days before": no roll-forward."""
    days = (later - earlier).days
    steps = (
        f"{earlier} to {later}: {days} calendar day(s) (the day of {earlier} not counted; "
        "a lead time counted backwards is not rolled forward)",
    )
    return LeadTime(earlier, later, days, steps)


# --- columns -------------------------------------------------------------------------------


def add_months_to(days: DayArray, months: int) -> tuple[DayArray, np.ndarray]:
    """Column version of add_months: (end, clamped)."""
    month = days.astype("datetime64[M]")
    offset = days - month.astype("datetime64[D]")
    target = (month + months).astype("datetime64[D]")
    last = (month + months + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    candidate = target + offset
    present = ~np.isnat(days)
    clamped = present & (candidate > last)
    end = np.where(clamped, last, candidate)
    end[~present] = NAT
    return end, clamped


def deadlines(
    starts: DayArray, period: Period, *, roll_forward: bool, calendar: WorkingCalendar
) -> tuple[DayArray, DayArray, np.ndarray]:
    """Column version of deadline: (end, nominal_end, rolled)."""
    starts = np.asarray(starts, dtype="datetime64[D]")
    if period.unit == CALENDAR_DAYS:
        nominal = starts + np.timedelta64(period.amount, "D")
    elif period.unit == WORKING_DAYS:
        nominal = calendar.add_working_days_to(starts, period.amount) if period.amount else starts
    else:
        nominal, _ = add_months_to(starts, period.amount)
    if not roll_forward:
        return nominal, nominal, np.zeros(starts.shape, dtype=bool)
    end = calendar.next_working_days(nominal)
    rolled = ~np.isnat(nominal) & (end != nominal)
    return end, nominal, rolled


def lead_times(earlier: DayArray, later: DayArray) -> tuple[np.ndarray, np.ndarray]:
    """Column version of lead_time: (days, present); days is 0 where either date is missing."""
    present = ~np.isnat(earlier) & ~np.isnat(later)
    days = np.zeros(np.shape(earlier), dtype=np.int64)
    days[present] = (later[present] - earlier[present]).astype(np.int64)
    return days, present
