"""What a rule function returns for a batch of subjects, and the tools it decides with.

A rule reads like an ordered list of cases (Catala's exceptions, in order): each `decide`
settles the rows that match and are not settled yet. Every row must end settled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ..calendar import NAT, WorkingCalendar
from ..columns import Table, present
from ..periods import CALENDAR_DAYS, WORKING_DAYS, Period, deadlines

PASS, FAIL, OPEN, NOT_APPLICABLE, CANNOT_EVALUATE = (
    "pass",
    "fail",
    "open",
    "not_applicable",
    "cannot_evaluate",
)
RESULTS = (PASS, FAIL, OPEN, NOT_APPLICABLE, CANNOT_EVALUATE)
ONE_DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class Param:
    value: Any
    unit: str


@dataclass(frozen=True)
class Context:
    calendar: WorkingCalendar
    as_of: date
    # a pack-wide parameter's values on given days (e.g. the approving authority)
    pack_value: Callable[[str, np.ndarray], np.ndarray]

    @property
    def today(self) -> np.datetime64:
        return np.datetime64(self.as_of, "D")


class Params(Mapping[str, Param]):
    def __init__(self, values: Mapping[str, Param]) -> None:
        self._values = dict(values)

    def __getitem__(self, name: str) -> Param:
        return self._values[name]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def value(self, name: str) -> Any:
        return self._values[name].value

    def period(self, name: str, unit: str | None = None) -> Period:
        """The parameter as a period in its own unit (or in the unit another parameter names)."""
        return Period(int(self._values[name].value), unit or self._values[name].unit)


@dataclass
class Count:
    """A deadline computed for the rows: re-derived with its steps for an explanation."""

    label: str
    start: np.ndarray
    amounts: np.ndarray  # per row
    unit: str
    roll_forward: bool
    end: np.ndarray


@dataclass
class Lead:
    """A lead time counted backwards (no roll-forward), in the unit of its threshold."""

    label: str
    earlier: np.ndarray
    later: np.ndarray
    days: np.ndarray
    unit: str


@dataclass
class Outcome:
    n: int
    result: np.ndarray = field(init=False)
    settled: np.ndarray = field(init=False)
    reason: np.ndarray = field(init=False)
    due_on: np.ndarray = field(init=False)
    since: np.ndarray = field(init=False)
    missing: np.ndarray = field(init=False)
    used: dict[str, Any] = field(default_factory=dict)  # arrays, or Lacking
    counts: list[Count] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.result = np.full(self.n, None, dtype=object)
        self.settled = np.zeros(self.n, dtype=bool)
        self.reason = np.full(self.n, None, dtype=object)
        self.due_on = np.full(self.n, NAT)
        self.since = np.full(self.n, NAT)
        self.missing = np.full(self.n, None, dtype=object)

    def undecided(self) -> np.ndarray:
        return ~self.settled

    def decide(
        self,
        mask: np.ndarray | bool,
        result: str,
        reason: str,
        *,
        due_on: np.ndarray | None = None,
        since: np.ndarray | None = None,
        missing: str | None = None,
    ) -> None:
        rows = np.broadcast_to(np.asarray(mask, dtype=bool), (self.n,)) & self.undecided()
        self.result[rows] = result
        self.settled |= rows
        self.reason[rows] = reason
        if due_on is not None:
            self.due_on[rows] = np.broadcast_to(due_on, (self.n,))[rows]
        if since is not None:
            self.since[rows] = np.broadcast_to(since, (self.n,))[rows]
        if missing is not None:
            self.missing[rows] = missing

    def use(self, **values: Any) -> None:
        """Values the rule computed, shown in the finding beside the facts it read."""
        for name, v in values.items():
            self.used[name] = (
                v
                if isinstance(v, (Lacking, PerRow, Words))
                else np.broadcast_to(v, (self.n,)).copy()
            )

    def deadline(
        self,
        label: str,
        start: np.ndarray,
        period: Period | tuple[np.ndarray, str],
        *,
        roll_forward: bool,
        calendar: WorkingCalendar,
    ) -> np.ndarray:
        """The last day of a period after `start` per row (NaT where start is missing)."""
        if isinstance(period, Period):
            amounts, unit = np.full(self.n, period.amount), period.unit
        else:
            amounts, unit = period
        end = np.full(self.n, NAT)
        for amount in np.unique(amounts):
            rows = amounts == amount
            e, _, _ = deadlines(
                start[rows], Period(int(amount), unit), roll_forward=roll_forward, calendar=calendar
            )
            end[rows] = e
        self.counts.append(Count(label, start, amounts, unit, roll_forward, end))
        self.used[label.replace(" ", "_") + "_on"] = end
        return end

    def lead(
        self,
        label: str,
        earlier: np.ndarray,
        later: np.ndarray,
        unit: str,
        calendar: WorkingCalendar,
    ) -> np.ndarray:
        """Days from `earlier` to `later` (0 where either is missing), in `unit`."""
        both = present(earlier) & present(later)
        days = np.zeros(self.n, dtype=np.int64)
        if unit == CALENDAR_DAYS:
            days[both] = (later[both] - earlier[both]).astype(np.int64)
        elif unit == WORKING_DAYS:
            days[both] = calendar.working_days_between(earlier[both], later[both])
        else:
            raise ValueError(f"a lead time is counted in days, not {unit}")
        self.leads.append(Lead(label, earlier, later, days, unit))
        self.used[label.replace(" ", "_") + "_days"] = np.where(both, days, np.iinfo(np.int64).min)
        return days

    def check_done(self, name: str) -> Outcome:
        left = self.undecided()
        if left.any():
            raise AssertionError(f"rule {name} left {int(left.sum())} row(s) undecided")
        return self


def has(column: np.ndarray) -> np.ndarray:
    return present(column)


def missing(column: np.ndarray) -> np.ndarray:
    return ~present(column)


def earliest(*columns: np.ndarray) -> np.ndarray:
    """Row-wise earliest date, ignoring NaT (NaT where all are missing)."""
    stacked = np.stack(columns)
    filled = np.where(np.isnat(stacked), np.datetime64("9999-12-31", "D"), stacked)
    best = filled.min(axis=0)
    return np.where(best == np.datetime64("9999-12-31", "D"), NAT, best)


def latest(*columns: np.ndarray) -> np.ndarray:
    stacked = np.stack(columns)
    filled = np.where(np.isnat(stacked), np.datetime64("0001-01-01", "D"), stacked)
    best = filled.max(axis=0)
    return np.where(best == np.datetime64("0001-01-01", "D"), NAT, best)


def is_(column: np.ndarray, *codes: str) -> np.ndarray:
    """Rows whose code is one of `codes` (element-wise ==: np.isin sorts object arrays)."""
    result = np.zeros(column.shape, dtype=bool)
    for code in codes:
        result |= column == code
    return result


class Lacking:
    """Per row, the names of the checks that do not hold ("" where all hold). The strings are
    built only for the rows a finding is asked for, not for the whole batch."""

    def __init__(self, checks: dict[str, np.ndarray]) -> None:
        self.names = list(checks)
        self.matrix = np.stack([np.asarray(checks[n], dtype=bool) for n in self.names], axis=1)

    def __len__(self) -> int:
        return len(self.matrix)

    def __getitem__(self, i: int) -> str:
        return ", ".join(self.lacking(i))

    def lacking(self, i: int) -> list[str]:
        """The names (English, marked for translation) of the checks that do not hold."""
        return [n for n, ok in zip(self.names, self.matrix[i], strict=True) if not ok]


def lacking(checks: dict[str, np.ndarray]) -> Lacking:
    return Lacking(checks)


class Words:
    """Per row, a word or phrase from a fixed set (English, marked for translation where it is
    written, or a code of the record): a finding's reason shows it translated."""

    def __init__(self, column: np.ndarray) -> None:
        self.column = np.asarray(column, dtype=object)

    def __len__(self) -> int:
        return len(self.column)

    def __getitem__(self, i: int) -> str | None:
        value = self.column[i]
        return None if value is None else str(value)


def words(column: np.ndarray) -> Words:
    return Words(column)


class PerRow:
    """A computed value built only for the rows a finding is asked for (e.g. an amount that
    walks a case's payments)."""

    def __init__(self, n: int, value: Callable[[int], Any]) -> None:
        self.n, self.value = n, value

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> Any:
        return self.value(i)


def true(column: np.ndarray) -> np.ndarray:
    """A bool or bool? column that holds True."""
    return column == 1 if column.dtype == np.int8 else column.astype(bool)


RuleFn = Callable[[Table, Params, Context], Outcome]


@dataclass(frozen=True)
class RuleFunction:
    name: str
    subject: str
    fn: RuleFn
    reads: tuple[str, ...]
    reasons: Mapping[str, str]  # reason → explanation template (str.format over the row)


RULES: dict[str, RuleFunction] = {}


def sensitive_codes(packs) -> frozenset[str]:
    """The codes whose rule function, in any of `packs`, reads a sensitive fact of a household
    (facts_schema.SENSITIVE_FACTS)."""
    from ..facts_schema import SENSITIVE_FACTS

    return frozenset(
        code
        for pack in packs
        for code, entry in pack.rules.items()
        if entry.function in RULES
        and RULES[entry.function].subject == "case"
        and SENSITIVE_FACTS & set(RULES[entry.function].reads)
    )


def rule(
    name: str, *, subject: str, reads: tuple[str, ...], reasons: Mapping[str, str]
) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        if name in RULES:
            raise AssertionError(f"rule function {name} defined twice")
        RULES[name] = RuleFunction(name, subject, fn, reads, reasons)
        return fn

    return register
