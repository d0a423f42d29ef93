"""Vietnam's public-sector working days: the pinned package's days and the override table."""

from datetime import date

import numpy as np
import pytest

from consultations.rules.calendar import (
    CalendarError,
    Override,
    WorkingCalendar,
    default_calendar,
    load_overrides,
    parse_overrides,
)

CAL = default_calendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 5, 2), False),  # Fri, swapped off
        (date(2025, 4, 26), True),  # Sat, make-up working day
        (date(2026, 8, 31), False),  # Mon, swapped off
        (date(2026, 8, 22), True),  # Sat, make-up working day
        (date(2026, 8, 29), False),  # an ordinary Saturday
        (date(2025, 4, 30), False),  # Reunification Day
        (date(2025, 9, 2), False),  # National Day
        (date(2025, 1, 24), True),  # Fri before Tết 2025
        (date(2025, 2, 3), True),  # Mon after Tết 2025
        (date(2026, 2, 13), True),  # Fri before Tết 2026
        (date(2026, 2, 23), True),  # Mon after Tết 2026
        (date(2026, 4, 27), False),  # Hùng Kings observed (26 Apr is a Sunday)
    ],
)
def test_pinned_days(day, working):
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("first", "last"),
    [(date(2025, 1, 25), date(2025, 2, 2)), (date(2026, 2, 14), date(2026, 2, 22))],
)
def test_tet_is_off_every_day(first, last):
    days = np.arange(np.datetime64(first), np.datetime64(last) + 1)
    assert not CAL.are_working_days(days).any()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 1, 22), 3, date(2025, 2, 3)),  # Wed + 3 working days spans Tết 2025
        (date(2026, 2, 12), 2, date(2026, 2, 23)),  # Thu + 2 spans Tết 2026
        (date(2025, 4, 25), 1, date(2025, 4, 26)),  # Fri + 1 = the make-up Saturday
        (date(2025, 4, 29), 2, date(2025, 5, 6)),  # Tue + 2: 30 Apr, 1-2 May off, weekend, Mon 5
        (date(2024, 6, 7), 1, date(2024, 6, 10)),  # Fri + 1 = Mon
        (date(2024, 6, 8), 1, date(2024, 6, 10)),  # from a Saturday
    ],
)
def test_add_working_days(start, n, expected):
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 1, 25), date(2025, 2, 3)),
        (date(2025, 5, 2), date(2025, 5, 5)),
        (date(2025, 4, 26), date(2025, 4, 26)),
        (date(2024, 6, 12), date(2024, 6, 12)),
    ],
)
def test_next_working_day(day, expected):
    assert CAL.next_working_day(day) == expected


def test_columns_agree_with_single_days_and_keep_missing_dates():
    days = np.array(["2025-01-25", "NaT", "2025-05-02", "2026-08-21"], dtype="datetime64[D]")
    nxt = CAL.next_working_days(days)
    plus = CAL.add_working_days_to(days, 2)
    assert np.isnat(nxt[1]) and np.isnat(plus[1])
    for i in (0, 2, 3):
        d = days[i].item()
        assert nxt[i].item() == CAL.next_working_day(d)
        assert plus[i].item() == CAL.add_working_days(d, 2)


def test_working_days_between_does_not_count_the_start():
    start = np.array(["2025-04-25"], dtype="datetime64[D]")
    end = np.array(["2025-05-05"], dtype="datetime64[D]")
    # 26 Apr (make-up Sat), 28, 29 Apr, 5 May
    assert CAL.working_days_between(start, end)[0] == 4


def test_refuses_dates_outside_its_range():
    with pytest.raises(CalendarError, match="outside"):
        CAL.is_working_day(date(1999, 12, 31))
    with pytest.raises(CalendarError, match="outside"):
        CAL.next_working_days(np.array(["2046-01-01"], dtype="datetime64[D]"))


def test_override_table_changes_days_and_the_version():
    extra = WorkingCalendar(
        [
            Override(date(2027, 1, 4), "day_off", "Doc 1/TB-TEST"),
            Override(date(2027, 1, 9), "working_day", "Doc 1/TB-TEST"),
        ]
    )
    assert CAL.is_working_day(date(2027, 1, 4)) and not extra.is_working_day(date(2027, 1, 4))
    assert extra.is_working_day(date(2027, 1, 9))
    assert extra.version != CAL.version and CAL.version.startswith("holidays 0.109")
    assert "Doc 1/TB-TEST" in extra.why(date(2027, 1, 4))


def test_repository_override_file_is_valid():
    assert load_overrides() == CAL.overrides


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"date": "2025-01-01", "status": "day_off", "source": "x"}, r"\.date: expected a date"),
        ({"date": date(2025, 1, 1), "status": "holiday", "source": "x"}, r"\.status"),
        ({"date": date(2025, 1, 1), "status": "day_off"}, r"\.source"),
        ({"date": date(2025, 1, 1), "status": "day_off", "source": "x", "why": 1}, "unknown"),
    ],
)
def test_bad_override_entries_name_the_field(entry, message):
    with pytest.raises(CalendarError, match=message):
        parse_overrides({"overrides": [entry]})


def test_the_same_day_twice_is_refused():
    entry = {"date": date(2025, 1, 1), "status": "day_off", "source": "x"}
    with pytest.raises(CalendarError, match=r"overrides\[1\]\.date: .* overrides\[0\]"):
        parse_overrides({"overrides": [entry, entry]})
