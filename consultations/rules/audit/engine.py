"""Running every rule of the packs a project lists over the facts of its subjects.

Per rule code: each row's selecting date chooses the governing pack; inside it, each
parameter's value in force on that date and any override that applies then. Rows that share
all of these form a group, and the pack's function for the code runs once per group over the
group's rows (numpy columns). Results are kept as columns; findings are built on demand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from ..calendar import WorkingCalendar, default_calendar
from ..columns import Table
from ..facts import Facts, build_facts
from ..i18n import Text, gettext_noop
from ..overrides import SEVERITY, Override, for_project
from ..packs import (
    RULE_CODES,
    Pack,
    PackError,
    Parameter,
    Reference,
    RuleEntry,
    default_packs,
    governing_index,
    listed,
)
from ..records import Record
from ..registers import Registers

if TYPE_CHECKING:
    from .finding import Audit

from .outcome import (
    CANNOT_EVALUATE,
    NOT_APPLICABLE,
    RULES,
    Context,
    Outcome,
    Param,
    Params,
    RuleFunction,
)


@dataclass(frozen=True)
class Resolved:
    """A parameter as a group of rows sees it: the value in force, and any override."""

    name: str
    unit: str
    value: Any
    since: date | None
    reference: Reference | None
    base: Any  # the pack's value (differs from `value` when overridden)
    override: Override | None


@dataclass
class Group:
    pack: Pack | None
    entry: RuleEntry | None
    function: RuleFunction | None
    params: list[Resolved]
    severity: str
    severity_override: Override | None
    base_severity: str
    rows: np.ndarray
    outcome: Outcome
    note: Text | None = None  # why no function ran


@dataclass
class RuleRun:
    code: str
    subject: str
    table: Table
    selecting_fact: str
    selecting: np.ndarray
    provisional: np.ndarray
    groups: list[Group]
    group_of: np.ndarray
    pos_of: np.ndarray

    def result(self) -> np.ndarray:
        out = np.empty(len(self.table), dtype=object)
        for g in self.groups:
            out[g.rows] = g.outcome.result
        return out


def _value_index(param: Parameter, days: np.ndarray) -> np.ndarray:
    sinces = np.array([v.since for v in param.values], dtype="datetime64[D]")
    return np.searchsorted(sinces, days, side="right") - 1


def _override_index(candidates: list[Override], days: np.ndarray) -> np.ndarray:
    result = np.full(days.shape, -1, dtype=np.int64)
    for i, o in enumerate(candidates):
        mask = np.ones(days.shape, dtype=bool)
        if o.valid_from is not None:
            mask &= days >= np.datetime64(o.valid_from, "D")
        if o.valid_to is not None:
            mask &= days <= np.datetime64(o.valid_to, "D")
        result[mask] = i
    return result


def _pack_values(pack: Pack) -> Any:
    def lookup(name: str, days: np.ndarray) -> np.ndarray:
        param = pack.parameters.get(name)
        out = np.full(days.shape, None, dtype=object)
        if param is None:
            return out
        idx = _value_index(param, days)
        for i, v in enumerate(param.values):
            out[(idx == i) & ~np.isnat(days)] = v.value
        return out

    return lookup


def _subject_of(code: str, candidates: list[Pack]) -> tuple[str, str]:
    entries = [p.rules[code] for p in candidates if code in p.rules]
    subjects = {RULES[e.function].subject for e in entries if e.function in RULES}
    unknown = [e.function for e in entries if e.function not in RULES]
    if unknown:
        raise PackError(f"{code}: unknown rule function(s) {', '.join(unknown)}")
    selecting = {e.selecting_date for e in entries}
    if len(subjects) != 1 or len(selecting) != 1:
        raise PackError(f"{code}: the listed packs disagree on its subject or selecting date")
    return subjects.pop(), selecting.pop()


def _factorise(keys: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows sharing every key get one group number: (group per row, a first row per group).
    Column by column, so that the combined code stays small (np.unique(axis=0) is slow)."""
    code = np.zeros(n, dtype=np.int64)
    for column in keys:
        if n and column.min() != column.max():
            _, column = np.unique(column, return_inverse=True)
            code = code * (int(column.max()) + 1) + column.reshape(-1)
            _, code = np.unique(code, return_inverse=True)
            code = code.reshape(-1)
    _, firsts, group_of = np.unique(code, return_index=True, return_inverse=True)
    return group_of.reshape(-1), firsts


def run_rule(
    code: str,
    candidates: list[Pack],
    facts: Facts,
    overrides: Sequence[Override],
    calendar: WorkingCalendar,
) -> RuleRun:
    subject, fact = _subject_of(code, candidates)
    table = facts.table(subject)
    if fact not in table.columns:
        raise PackError(f"{code}: selecting date {fact!r} is not a fact of a {subject}")
    raw = table[fact]
    provisional = np.isnat(raw)
    # Not dated yet (the step has not happened): the law in force on the as-of date stands in.
    days = np.where(provisional, np.datetime64(facts.as_of, "D"), raw)
    pack_idx = governing_index(candidates, code, days)
    keys = [pack_idx]
    for i, pack in enumerate(candidates):
        entry = pack.rules.get(code)
        if entry is None:
            continue
        rows = pack_idx == i
        for param in entry.parameters.values():
            keys.append(np.where(rows, _value_index(param, days), -2))
        for target in [*entry.parameters, SEVERITY]:
            mine = [o for o in overrides if (o.pack, o.rule, o.target) == (pack.id, code, target)]
            keys.append(np.where(rows, _override_index(mine, days), -2))
    group_of, firsts = _factorise(keys, len(table))
    groups = []
    pos_of = np.zeros(len(table), dtype=np.int64)
    for g, first in enumerate(firsts):
        rows = np.flatnonzero(group_of == g)
        pos_of[rows] = np.arange(len(rows))
        groups.append(
            _run_group(
                code,
                candidates,
                int(pack_idx[first]),
                table if len(rows) == len(table) else table.take(rows),
                days[rows],
                overrides,
                facts,
                calendar,
                rows,
            )
        )
    return RuleRun(code, subject, table, fact, days, provisional, groups, group_of, pos_of)


def _run_group(
    code: str,
    candidates: list[Pack],
    pack_i: int,
    rows_table: Table,
    days: np.ndarray,
    overrides: Sequence[Override],
    facts: Facts,
    calendar: WorkingCalendar,
    rows: np.ndarray,
) -> Group:
    day = days[0].item()
    outcome = Outcome(len(rows_table))
    if pack_i < 0:
        outcome.decide(True, CANNOT_EVALUATE, "no_pack", missing=f"a listed pack in force on {day}")
        return Group(
            None,
            None,
            None,
            [],
            "",
            None,
            "",
            rows,
            outcome,
            Text(gettext_noop("no listed pack governs a step dated {day}"), {"day": day}),
        )
    pack = candidates[pack_i]
    entry = pack.rules.get(code)
    if entry is None:
        outcome.decide(True, NOT_APPLICABLE, "not_in_pack")
        return Group(
            pack,
            None,
            None,
            [],
            "",
            None,
            "",
            rows,
            outcome,
            Text(
                gettext_noop("{rule} is not a rule of {pack}, which governs this step"),
                {"rule": code, "pack": pack.id},
            ),
        )
    resolved = []
    for name, param in entry.parameters.items():
        value = param.at(day)
        found = [
            o
            for o in overrides
            if (o.pack, o.rule, o.target) == (pack.id, code, name) and o.applies_on(day)
        ]
        override = found[0] if found else None
        resolved.append(
            Resolved(
                name,
                param.unit,
                override.value if override else (value.value if value else None),
                value.since if value else None,
                value.reference if value else None,
                value.value if value else None,
                override,
            )
        )
    sev = [
        o
        for o in overrides
        if (o.pack, o.rule, o.target) == (pack.id, code, SEVERITY) and o.applies_on(day)
    ]
    severity = sev[0].value if sev else entry.severity
    function = RULES[entry.function]
    lacking = [r.name for r in resolved if r.value is None]
    group = Group(
        pack,
        entry,
        function,
        resolved,
        severity,
        sev[0] if sev else None,
        entry.severity,
        rows,
        outcome,
    )
    if lacking:
        outcome.decide(
            True,
            CANNOT_EVALUATE,
            "no_value",
            missing=f"a value of {', '.join(lacking)} in {pack.id} on {day}",
        )
        group.note = Text(
            gettext_noop("{pack} has no value of {parameters} on {day}"),
            {"pack": pack.id, "parameters": ", ".join(lacking), "day": day},
        )
        return group
    params = Params({r.name: Param(r.value, r.unit) for r in resolved})
    context = Context(calendar, facts.as_of, _pack_values(pack))
    group.outcome = function.fn(rows_table, params, context).check_done(function.name)
    return group


def evaluate(
    registers: Registers,
    records: Iterable[Record],
    *,
    as_of: date,
    axis: str = "recorded",
    overrides: Iterable[Override] = (),
    packs: Mapping[str, Pack] | None = None,
    calendar: WorkingCalendar | None = None,
    explain: Iterable[tuple[str, int]] = (),
) -> Audit:
    """Every rule of the packs the project lists, for every subject, as of `as_of` on `axis`.

    `overrides` are parsed override entries (overrides.parse_overrides); two that set the same
    thing at once raise. `explain` names subjects (e.g. ("case", 12)) whose findings carry
    explanations whatever their result (failing ones always do).
    """
    facts = build_facts(registers, list(records), as_of=as_of, axis=axis)
    return evaluate_facts(
        facts,
        project=registers.project,
        overrides=overrides,
        packs=packs,
        calendar=calendar,
        explain=explain,
    )


def evaluate_facts(
    facts: Facts,
    *,
    project: Any,
    overrides: Iterable[Override] = (),
    packs: Mapping[str, Pack] | None = None,
    calendar: WorkingCalendar | None = None,
    explain: Iterable[tuple[str, int]] = (),
) -> Audit:
    """`evaluate` over facts already built (in Python by rules/facts.py, or extracted in SQL for
    a whole project by consultations/facts_sql): `project` is a registers.Project (its id,
    listed packs and province)."""
    from .finding import Audit

    packs = packs if packs is not None else default_packs()
    calendar = calendar or default_calendar()
    candidates = listed(packs, project.packs)
    mine = for_project(overrides, project_id=project.id, province=project.province)
    runs = {
        code: run_rule(code, candidates, facts, mine, calendar)
        for code in RULE_CODES
        if any(code in p.rules for p in candidates)
    }
    return Audit(facts, runs, calendar, set(explain))
