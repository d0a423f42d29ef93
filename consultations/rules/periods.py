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
from .i18n import Text, gettext_noop

CALENDAR_DAYS = "calendar_days"
WORKING_DAYS = "working_days"
MONTHS = "months"
UNITS = (CALENDAR_DAYS, WORKING_DAYS, MONTHS)
UNIT_WORDS = {CALENDAR_DAYS: "calendar days", WORKING_DAYS: "working days", MONTHS: "months"}
# A period as a text: "{amount} calendar days" (translated by the reader).
UNIT_TEMPLATES = {
    CALENDAR_DAYS: gettext_noop("{amount} calendar days"),
    WORKING_DAYS: gettext_noop("{amount} working days"),
    MONTHS: gettext_noop("{amount} months"),
}
# The units of pack parameters, as a parameter step names them (the codes, translated).
UNIT_NAMES = (
    gettext_noop("calendar_days"),
    gettext_noop("working_days"),
    gettext_noop("months"),
    gettext_noop("count"),
    gettext_noop("code"),
    gettext_noop("rate_per_day"),
)


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

    def text(self) -> Text:
        return Text(UNIT_TEMPLATES[self.unit], {"amount": self.amount})


@dataclass(frozen=True)
class Deadline:
    """The last day of a period that starts after `start`."""

    start: date
    period: Period
    nominal_end: date  # the period's last day as counted
    end: date  # after the roll-forward, if any
    rolled: bool
    steps: tuple[str, ...]  # in English
    texts: tuple[Text, ...] = ()  # the same steps as templates and values


@dataclass(frozen=True)
class LeadTime:
    earlier: date
    later: date
    days: int
    steps: tuple[str, ...]  # in English
    texts: tuple[Text, ...] = ()


def add_months(day: date, months: int) -> tuple[date, bool]:
    """The same day `months` later, or that month's last day if it has none (clamped=True)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _months.monthrange(year, month)[1]
    return date(year, month, min(day.day, last)), day.day > last


def deadline(
    start: date, period: Period, *, roll_forward: bool, calendar: WorkingCalendar
) -> Deadline:
    texts = [
        Text(
            gettext_noop(
                "event on {start} (not counted, Civil Code 2015 Art. 147(1)): {period} counted "
                "from {first}"
            ),
            {"start": start, "period": period.text(), "first": start + timedelta(days=1)},
        )
    ]
    if period.unit == CALENDAR_DAYS:
        nominal = start + timedelta(days=period.amount)
        texts.append(
            Text(gettext_noop("day {amount} is {day}"), {"amount": period.amount, "day": nominal})
        )
    elif period.unit == WORKING_DAYS:
        nominal = calendar.add_working_days(start, period.amount) if period.amount else start
        skipped = (nominal - start).days - period.amount
        texts.append(
            Text(
                gettext_noop(
                    "working day {amount} is {day} ({skipped} day(s) off skipped; calendar "
                    "{calendar})"
                ),
                {
                    "amount": period.amount,
                    "day": nominal,
                    "skipped": skipped,
                    "calendar": calendar.version,
                },
            )
        )
    else:
        nominal, clamped = add_months(start, period.amount)
        if clamped:
            texts.append(
                Text(
                    gettext_noop(
                        "{amount} month(s) after {start}: day {day} does not exist in {month}, so "
                        "the period ends on its last day, {end} (Civil Code 2015 Art. 148(3))"
                    ),
                    {
                        "amount": period.amount,
                        "start": start,
                        "day": start.day,
                        "month": f"{nominal:%m/%Y}",
                        "end": nominal,
                    },
                )
            )
        else:
            texts.append(
                Text(
                    gettext_noop("{amount} month(s) after {start} is {end} (Art. 148(3))"),
                    {"amount": period.amount, "start": start, "end": nominal},
                )
            )
    end, rolled = nominal, False
    if roll_forward and not calendar.is_working_day(nominal):
        end, rolled = calendar.next_working_day(nominal), True
        texts.append(
            Text(
                gettext_noop(
                    "{day} is a day off ({why}): the period ends at the end of the next working "
                    "day, {end} (Civil Code 2015 Art. 148(5))"
                ),
                {"day": nominal, "why": calendar.why_text(nominal), "end": end},
            )
        )
    elif not roll_forward:
        texts.append(Text(gettext_noop("no roll-forward for this period")))
    return Deadline(start, period, nominal, end, rolled, tuple(str(t) for t in texts), tuple(texts))


def lead_time(earlier: date, later: date) -> LeadTime:
    """Calendar days from `earlier` to `later` (the day of `earlier` not counted, `later`
    counted), for "at least N days before": no roll-forward."""
    days = (later - earlier).days
    texts = (
        Text(
            gettext_noop(
                "{earlier} to {later}: {days} calendar day(s) (the day of {earlier} not counted; "
                "a lead time counted backwards is not rolled forward)"
            ),
            {"earlier": earlier, "later": later, "days": days},
        ),
    )
    return LeadTime(earlier, later, days, tuple(str(t) for t in texts), texts)


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
