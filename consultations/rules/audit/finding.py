"""Findings: one rule's result for one subject, with everything needed to trust it.

The JSON shape (`Finding.as_json`, schema "finding/1") is documented in docs/scenarios.md
and kept stable: keys are only ever added.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, overload

import numpy as np

from ..calendar import WorkingCalendar
from ..columns import INT_NULL
from ..facts import Facts
from ..i18n import INDENT, LABEL, LABELLED, Text, as_json, gettext_noop, term
from ..periods import CALENDAR_DAYS, Period, deadline, lead_time
from .engine import Group, Resolved, RuleRun
from .outcome import FAIL, Lacking, Words

SCHEMA = "finding/1"


def _plain(value: Any) -> Any:
    """A numpy scalar as a plain value (None where missing)."""
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else value.astype("datetime64[D]").item()
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return None if value == INT_NULL else int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


@dataclass(frozen=True)
class Finding:
    rule: str
    result: str  # pass / fail / open / not_applicable / cannot_evaluate
    severity: str
    subject: dict[str, Any]  # {"type": …, "id": …}
    cases: tuple[int, ...]  # the cases it touches (to outline their parcels)
    pack: dict[str, Any] | None
    parameters: list[dict[str, Any]]
    basis: list[dict[str, str]]
    due_on: date | None
    since: date | None
    missing: str | None
    facts: dict[str, Any]
    computed: dict[str, Any]
    calendar: str
    as_of: date
    axis: str
    overridden: bool = field(default=False)
    reason_key: str = ""
    # The reason as a text: its template (English; translated by the reader: rules hold no
    # Django) and the values it is filled with; the explanation's steps the same way
    # (i18n.Text), None when not asked for. Shown in English and as JSON when read.
    reason_text: Text | str = ""
    steps: tuple[Text, ...] | None = None

    @property
    def reason(self) -> str:
        return str(self.reason_text)

    @property
    def reason_template(self) -> str:
        return self.reason_text.template if isinstance(self.reason_text, Text) else ""

    @property
    def reason_values(self) -> dict[str, Any]:
        """The values (JSON: dates ISO, words to translate as nested {template, values}, lists
        of them)."""
        return as_json(self.reason_text.values) if isinstance(self.reason_text, Text) else {}

    @property
    def explanation(self) -> list[str] | None:
        return [str(t) for t in self.steps] if self.steps is not None else None

    @property
    def explanation_steps(self) -> list[dict[str, Any]] | None:
        return [t.as_json() for t in self.steps] if self.steps is not None else None

    def as_json(self) -> dict[str, Any]:
        return {k: _json(v) for k, v in self._data().items()}

    def json_text(self) -> str:
        """`as_json` as JSON text, written in one pass (what a stored run keeps)."""
        return json.dumps(self._data(), ensure_ascii=False, default=_default)

    def _data(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "rule": self.rule,
            "result": self.result,
            "severity": self.severity,
            "subject": self.subject,
            "cases": list(self.cases),
            "pack": self.pack,
            "parameters": self.parameters,
            "basis": self.basis,
            "reason": self.reason,
            "reason_key": self.reason_key,
            "due_on": self.due_on,
            "since": self.since,
            "missing": self.missing,
            "facts": self.facts,
            "computed": self.computed,
            "explanation": self.explanation,
            "calendar": self.calendar,
            "as_of": self.as_of,
            "axis": self.axis,
            "reason_template": self.reason_template,
            "reason_values": self.reason_values,
            "explanation_steps": self.explanation_steps,
        }


def _parameter_json(r: Resolved) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": r.name,
        "value": r.value,
        "unit": r.unit,
        "since": r.since,
        "reference": r.reference.as_json() if r.reference else None,
    }
    if r.override is not None:
        data["base_value"] = r.base
        data["override"] = r.override.as_json()
    return data


class Audit:
    """The results of every rule as columns; findings are built on demand."""

    def __init__(
        self,
        facts: Facts,
        runs: dict[str, RuleRun],
        calendar: WorkingCalendar,
        explain: set[tuple[str, int]],
    ) -> None:
        self.facts = facts
        self.runs = runs
        self.calendar = calendar
        self.explain = explain
        self._groups: dict[tuple[str, int], _Parts] = {}
        self._deadlines: dict[tuple[date, int, str, bool], Any] = {}
        self._positions: dict[str, dict[int, int]] = {}
        self._governing: dict[tuple[Any, ...], Text] = {}

    def summary(self) -> dict[str, Counter[str]]:
        return {code: Counter(run.result().tolist()) for code, run in self.runs.items()}

    def findings(
        self,
        *,
        codes: Iterable[str] | None = None,
        results: Iterable[str] | None = None,
        subject: tuple[str, int] | None = None,
    ) -> list[Finding]:
        wanted = set(results) if results is not None else None
        found: list[Finding] = []
        for code in codes if codes is not None else self.runs:
            run = self.runs[code]
            if subject is not None and run.subject != subject[0]:
                continue
            rows = np.ones(len(run.table), dtype=bool)
            if wanted is not None:  # by column: a whole project's rows are not looped over
                rows &= np.isin(run.result().astype(str), list(wanted))
            if subject is not None:
                rows &= run.table.ids == subject[1]
            found.extend(self._finding(run, int(i)) for i in np.flatnonzero(rows))
        return found

    def explained(
        self, results: Iterable[str] = (FAIL,), *, codes: Iterable[str] | None = None
    ) -> Explained:
        """The findings with these results (the failing by default), explained, by column:
        each rule's rows selected at once, what a group's findings share computed once per
        group, each deadline's steps derived once per distinct (start, period, roll-forward)
        and checked against the rule's column. A finding's texts are assembled when it is read
        (a page shows a few; an export streams them)."""
        wanted = list(results)
        chosen = set(codes) if codes is not None else None
        selected: list[tuple[RuleRun, np.ndarray]] = []
        for code, run in self.runs.items():
            if chosen is not None and code not in chosen:
                continue
            rows = np.flatnonzero(np.isin(run.result().astype(str), wanted))
            if not len(rows):
                continue
            selected.append((run, rows))
            for g in np.unique(run.group_of[rows]):
                group = run.groups[int(g)]
                self._parts(run, int(g))
                mine = rows[run.group_of[rows] == g]
                pos = run.pos_of[mine]
                pos = pos[group.outcome.result[pos] == FAIL]  # the others are not explained
                for count in group.outcome.counts:
                    self._deadlines_of(count, pos)
        return Explained(self, selected)

    def _deadlines_of(self, count: Any, pos: np.ndarray) -> None:
        """Every distinct deadline of `count` at these positions, derived and checked once."""
        start = count.start[pos]
        dated = ~np.isnat(start) & ~np.isnat(count.end[pos])
        if not dated.any():
            return
        keys = np.unique(
            np.stack(
                [
                    start[dated].astype(np.int64),
                    np.asarray(count.amounts[pos])[dated].astype(np.int64),
                    count.end[pos][dated].astype(np.int64),
                ]
            ),
            axis=1,
        )
        epoch = date(1970, 1, 1)
        for day, amount, end in keys.T.tolist():
            d, _ = self._deadline(
                epoch + timedelta(days=day), int(amount), count.unit, count.roll_forward
            )
            if d.end != epoch + timedelta(days=end):
                raise AssertionError((count.label, "deadline differs from its column"))

    def finding(
        self, code: str, subject_type: str, subject_id: int, *, explain: bool = True
    ) -> Finding:
        run = self.runs[code]
        if run.subject != subject_type:
            raise KeyError(f"{code} is about a {run.subject}, not a {subject_type}")
        positions = self._positions.get(run.subject)
        if positions is None:
            ids = run.table.ids.tolist()
            positions = self._positions[run.subject] = dict(zip(ids, range(len(ids)), strict=True))
        if subject_id not in positions:
            raise KeyError(f"no {run.subject} {subject_id}")
        return self._finding(run, positions[subject_id], explain=explain)

    def finding_at(self, code: str, i: int) -> Finding:
        """The finding of the rule's row `i` (explained when failing or asked for)."""
        return self._finding(self.runs[code], i)

    def _finding(self, run: RuleRun, i: int, *, explain: bool = False) -> Finding:
        g = int(run.group_of[i])
        group = run.groups[g]
        parts = self._parts(run, g)
        pos = int(run.pos_of[i])
        out = group.outcome
        key = str(out.reason[pos])
        shown = parts.shown.get(key)
        if shown is None:
            # Only the facts shown (those the rule reads, those its reason names) are decoded.
            template = group.function.reasons.get(key, "") if group.function else ""
            reads = group.function.reads if group.function else ()
            shown = parts.shown[key] = [
                c for c in run.table.schema if c.name in reads or "{" + c.name + "}" in template
            ]
        columns = run.table.columns
        row = {c.name: c.decode(columns[c.name][i]) for c in shown}
        facts = {name: row[name] for name in parts.reads}
        computed = {name: _plain(values[pos]) for name, values in out.used.items()}
        result = str(out.result[pos])
        subject_id = int(run.table.ids[i])
        pack = None
        if parts.pack is not None:
            base = parts.pack
            pack = {
                "id": base["id"],
                "version": base["version"],
                "title": base["title"],
                "selected_by": {
                    "fact": run.selecting_fact,
                    "date": _plain(run.selecting[i]),
                    "provisional": bool(run.provisional[i]),
                },
                "validity_note": base["validity_note"],
            }
        reason = self._reason(group, key, {**row, **computed, **parts.params}, out, pos, parts)
        asked = explain or result == FAIL or (run.subject, subject_id) in self.explain
        steps = self._explain(run, group, parts, i, pos, reason) if asked else None
        return Finding(
            rule=run.code,
            result=result,
            severity=group.severity,
            subject={"type": run.subject, "id": subject_id},
            cases=tuple(run.table.touches[i]),
            pack=pack,
            parameters=parts.parameters,
            basis=parts.basis,
            due_on=_plain(out.due_on[pos]),
            since=_plain(out.since[pos]),
            missing=out.missing[pos],
            facts=facts,
            computed=computed,
            calendar=self.calendar.version,
            as_of=self.facts.as_of,
            axis=self.facts.axis,
            overridden=parts.overridden,
            reason_key=key,
            reason_text=reason,
            steps=tuple(steps) if steps is not None else None,
        )

    def _parts(self, run: RuleRun, g: int) -> _Parts:
        """What every finding of one group shares, computed once per group."""
        found = self._groups.get((run.code, g))
        if found is not None:
            return found
        group = run.groups[g]
        pack = None
        if group.pack is not None:
            pack = {
                "id": group.pack.id,
                "version": group.pack.version,
                "title": group.pack.title,
                "validity_note": group.pack.validity_note or None,
            }
        parameters = [_parameter_json(r) for r in group.params]
        if group.severity_override is not None:
            parameters.append(
                {
                    "name": "severity",
                    "value": group.severity,
                    "unit": "code",
                    "base_value": group.base_severity,
                    **group.severity_override.as_json(),
                }
            )
        parts = _Parts(
            pack=pack,
            parameters=parameters,
            basis=[b.as_json() for b in group.entry.basis] if group.entry else [],
            params={f"p_{r.name}": r.value for r in group.params},
            reads=tuple(group.function.reads) if group.function else (),
            codes=frozenset(c.name for c in run.table.schema if c.type == "code"),
            overridden=any(r.override for r in group.params) or group.severity_override is not None,
            head=self._head(group),
        )
        self._groups[(run.code, g)] = parts
        return parts

    @staticmethod
    def _reason(
        group: Group, key: str, values: dict[str, Any], out: Any, pos: int, parts: _Parts
    ) -> Text | str:
        """The reason as a text: the rule's template and the values it names (words and codes
        to translate as nested texts), or why no rule ran."""
        if group.function is None or key not in group.function.reasons:
            return group.note or key
        template = group.function.reasons[key]
        filled: dict[str, Any] = {}
        for name, value in values.items():
            if "{" + name + "}" not in template:
                continue
            used = out.used.get(name)
            if isinstance(used, Lacking):
                filled[name] = [Text(n) for n in used.lacking(pos)]
            elif isinstance(used, Words) or name in parts.codes:
                filled[name] = term(_plain(value))
            else:
                filled[name] = _plain(value)
        return Text(template, filled)

    @staticmethod
    def _head(group: Group) -> list[Text]:
        """The steps of an explanation that every row of the group shares: the pack's
        validity, each parameter (and override), the severity override."""
        if group.pack is None:
            return []
        steps: list[Text] = []
        if group.pack.validity_text is not None:
            steps.append(Text(LABELLED, {"label": group.pack.id, "step": group.pack.validity_text}))
        if group.entry is None:
            return steps
        for r in group.params:
            shown = {"name": r.name, "value": r.value, "unit": term(r.unit)}
            if r.override is not None:
                steps.append(
                    Text(
                        gettext_noop(
                            "{name} = {value} ({unit}), overriding {base} by {override}: {reason}"
                        ),
                        {
                            **shown,
                            "base": r.base,
                            "override": repr(r.override.id),
                            "reason": r.override.reason,
                        },
                    )
                )
            else:
                steps.append(Text(gettext_noop("{name} = {value} ({unit})"), shown))
        if group.severity_override is not None:
            o = group.severity_override
            steps.append(
                Text(
                    gettext_noop("severity {severity}, overriding {base} by {override}: {reason}"),
                    {
                        "severity": term(group.severity),
                        "base": term(group.base_severity),
                        "override": repr(o.id),
                        "reason": o.reason,
                    },
                )
            )
        return steps

    def _deadline(self, start: date, amount: int, unit: str, roll_forward: bool) -> Any:
        """A deadline with its steps, once per distinct (start, period, roll-forward)."""
        key = (start, amount, unit, roll_forward)
        found = self._deadlines.get(key)
        if found is None:
            d = deadline(
                start, Period(amount, unit), roll_forward=roll_forward, calendar=self.calendar
            )
            found = self._deadlines[key] = (d, [Text(INDENT, {"step": s}) for s in d.texts])
        return found

    def _governs(self, run: RuleRun, group: Group, i: int) -> Text:
        """Which pack governs the row and why: one text per pack, fact, day and provisional."""
        assert group.pack is not None
        day, provisional = _plain(run.selecting[i]), bool(run.provisional[i])
        key = (group.pack.id, group.pack.version, run.selecting_fact, day, provisional)
        found = self._governing.get(key)
        if found is None:
            chosen = {
                "pack": group.pack.id,
                "version": group.pack.version,
                "fact": run.selecting_fact,
                "day": day,
            }
            if provisional:
                template = gettext_noop(
                    "{pack} {version} governs: chosen by {fact} = {day} (not dated yet: the "
                    "as-of date stands in)"
                )
            else:
                template = gettext_noop("{pack} {version} governs: chosen by {fact} = {day}")
            found = self._governing[key] = Text(template, chosen)
        return found

    def _explain(
        self, run: RuleRun, group: Group, parts: _Parts, i: int, pos: int, reason: Text | str
    ) -> list[Text]:
        if group.pack is None:
            return [group.note] if group.note else []
        steps = [self._governs(run, group, i), *parts.head]
        if group.entry is None:
            return [*steps, *([group.note] if group.note else [])]
        out = group.outcome
        for count in out.counts:
            start = _plain(count.start[pos])
            if start is None:
                continue
            d, shown = self._deadline(
                start, int(count.amounts[pos]), count.unit, count.roll_forward
            )
            if d.end != _plain(count.end[pos]):
                raise AssertionError((run.code, count.label, "deadline differs from its column"))
            steps.append(_label(count.label))
            steps.extend(shown)
        for lead in out.leads:
            earlier, later = _plain(lead.earlier[pos]), _plain(lead.later[pos])
            if earlier is None or later is None:
                continue
            if lead.unit == CALENDAR_DAYS:
                t = lead_time(earlier, later)
                if t.days != int(lead.days[pos]):
                    raise AssertionError((run.code, lead.label, "lead time differs"))
                steps.append(Text(LABELLED, {"label": term(lead.label), "step": t.texts[0]}))
            else:
                steps.append(
                    Text(
                        gettext_noop(
                            "{label}: {days} working day(s) after {earlier} up to {later}"
                        ),
                        {
                            "label": term(lead.label),
                            "days": int(lead.days[pos]),
                            "earlier": earlier,
                            "later": later,
                        },
                    )
                )
        steps.append(
            Text(
                gettext_noop("result: {result} — {reason}"),
                {"result": term(str(out.result[pos])), "reason": reason},
            )
        )
        return steps


@dataclass
class _Parts:
    """What the findings of one group share (Audit._parts)."""

    pack: dict[str, Any] | None
    parameters: list[dict[str, Any]]
    basis: list[dict[str, str]]
    params: dict[str, Any]
    reads: tuple[str, ...]
    codes: frozenset[str]
    overridden: bool
    head: list[Text]
    shown: dict[str, list[Any]] = field(default_factory=dict)


class Explained(Sequence[Finding]):
    """Findings selected and explained by column (Audit.explained): each one assembled from the
    audit's columns and shared parts when it is read."""

    def __init__(self, audit: Audit, selected: list[tuple[RuleRun, np.ndarray]]) -> None:
        self.audit = audit
        self.selected = selected
        self.offsets = np.cumsum([0, *(len(rows) for _, rows in selected)])

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def __iter__(self) -> Iterator[Finding]:
        for run, rows in self.selected:
            for i in rows.tolist():
                yield self.audit._finding(run, i)

    @overload
    def __getitem__(self, k: int) -> Finding: ...
    @overload
    def __getitem__(self, k: slice) -> list[Finding]: ...
    def __getitem__(self, k: int | slice) -> Finding | list[Finding]:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        at = int(np.searchsorted(self.offsets, k, side="right")) - 1
        run, rows = self.selected[at]
        return self.audit._finding(run, int(rows[k - self.offsets[at]]))


@lru_cache(maxsize=256)
def _label(label: str) -> Text:
    return Text(LABEL, {"label": term(label)})
