"""Civil Code counting: table-driven, and the column versions agree with the scalar ones."""

import random
from datetime import date, timedelta

import numpy as np
import pytest

from consultations.rules.calendar import default_calendar
from consultations.rules.periods import (
    Period,
    PeriodError,
    add_months,
    add_months_to,
    deadline,
    deadlines,
    lead_time,
    lead_times,
)

CAL = default_calendar()


@pytest.mark.parametrize(
    ("start", "months", "expected", "clamped"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28), True),
        (date(2024, 1, 31), 1, date(2024, 2, 29), True),
        (date(2024, 2, 29), 12, date(2025, 2, 28), True),
        (date(2024, 2, 29), 48, date(2028, 2, 29), False),
        (date(2024, 8, 15), 12, date(2025, 8, 15), False),
        (date(2024, 10, 31), 4, date(2025, 2, 28), True),
        (date(2024, 12, 31), 1, date(2025, 1, 31), False),
        (date(2024, 3, 31), 1, date(2024, 4, 30), True),
    ],
)
def test_month_end_rule(start, months, expected, clamped):
    assert add_months(start, months) == (expected, clamped)
    column, flags = add_months_to(np.array([start], dtype="datetime64[D]"), months)
    assert column[0].item() == expected and bool(flags[0]) is clamped


@pytest.mark.parametrize(
    ("start", "period", "roll", "nominal", "end"),
    [
        # the day of the event is not counted: 10 days after Mon 2 Jun 2025 is Thu 12 Jun
        (date(2025, 6, 2), Period(10, "calendar_days"), True, date(2025, 6, 12), date(2025, 6, 12)),
        # last day a Saturday: rolled to Monday
        (date(2025, 6, 4), Period(10, "calendar_days"), True, date(2025, 6, 14), date(2025, 6, 16)),
        # the same without roll-forward
        (
            date(2025, 6, 4),
            Period(10, "calendar_days"),
            False,
            date(2025, 6, 14),
            date(2025, 6, 14),
        ),
        # last day in Tết 2026: rolled to Mon 23 Feb
        (
            date(2026, 1, 16),
            Period(30, "calendar_days"),
            True,
            date(2026, 2, 15),
            date(2026, 2, 23),
        ),
        # last day the make-up Saturday 26 Apr 2025: a working day, no roll
        (
            date(2025, 4, 16),
            Period(10, "calendar_days"),
            True,
            date(2025, 4, 26),
            date(2025, 4, 26),
        ),
        # last day Fri 2 May 2025 (swapped off): rolled to Mon 5 May
        (date(2025, 4, 22), Period(10, "calendar_days"), True, date(2025, 5, 2), date(2025, 5, 5)),
        # 3 working days from Thu 23 Jan 2025 run over Tết
        (date(2025, 1, 23), Period(3, "working_days"), True, date(2025, 2, 4), date(2025, 2, 4)),
        # 12 months from 29 Feb 2024 end on 28 Feb 2025 (a Friday)
        (date(2024, 2, 29), Period(12, "months"), True, date(2025, 2, 28), date(2025, 2, 28)),
        # 12 months from 31 Aug 2025 end on Mon 31 Aug 2026, swapped off: rolled to Thu 3 Sep
        (date(2025, 8, 31), Period(12, "months"), True, date(2026, 8, 31), date(2026, 9, 3)),
    ],
)
def test_deadlines(start, period, roll, nominal, end):
    d = deadline(start, period, roll_forward=roll, calendar=CAL)
    assert (d.nominal_end, d.end, d.rolled) == (nominal, end, nominal != end)
    assert "not counted" in d.steps[0]
    if d.rolled:
        assert "Art. 148(5)" in d.steps[-1]


def test_lead_time_is_plain_calendar_days():
    # delivered Fri 3 Jan 2025, decided Thu 3 Apr 2025: 90 days, whatever falls between
    t = lead_time(date(2025, 1, 3), date(2025, 4, 3))
    assert t.days == 90 and "not rolled forward" in t.steps[0]


@pytest.mark.parametrize(
    ("amount", "unit"), [(-1, "calendar_days"), (3, "weeks"), (True, "months")]
)
def test_bad_periods_are_refused(amount, unit):
    with pytest.raises(PeriodError):
        Period(amount, unit)


@pytest.mark.parametrize(
    "period",
    [
        Period(10, "calendar_days"),
        Period(3, "working_days"),
        Period(12, "months"),
        Period(1, "months"),
    ],
)
@pytest.mark.parametrize("roll", [True, False])
def test_columns_agree_with_scalars(period, roll):
    rng = random.Random(7)
    days = [date(2015, 1, 1) + timedelta(days=rng.randrange(0, 365 * 12)) for _ in range(400)]
    days += [date(2024, 1, 31), date(2024, 2, 29), date(2025, 1, 24), date(2026, 2, 12)]
    column = np.array(days + [None], dtype="datetime64[D]")
    end, nominal, rolled = deadlines(column, period, roll_forward=roll, calendar=CAL)
    assert np.isnat(end[-1]) and np.isnat(nominal[-1]) and not rolled[-1]
    for i, day in enumerate(days):
        d = deadline(day, period, roll_forward=roll, calendar=CAL)
        assert (end[i].item(), nominal[i].item(), bool(rolled[i])) == (
            d.end,
            d.nominal_end,
            d.rolled,
        )


def test_lead_time_columns():
    a = np.array(["2025-01-03", "NaT", "2025-01-03"], dtype="datetime64[D]")
    b = np.array(["2025-04-03", "2025-04-03", "NaT"], dtype="datetime64[D]")
    days, present = lead_times(a, b)
    assert days.tolist() == [90, 0, 0] and present.tolist() == [True, False, False]
