"""Findings: one rule's result for one subject, with everything needed to trust it.

The JSON shape (`Finding.as_json`, schema "finding/1") is documented in docs/scenarios.md
and kept stable: keys are only ever added.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
    reason: str
    due_on: date | None
    since: date | None
    missing: str | None
    facts: dict[str, Any]
    computed: dict[str, Any]
    explanation: list[str] | None
    calendar: str
    as_of: date
    axis: str
    overridden: bool = field(default=False)
    # The reason as its template (English; translated by the reader: rules hold no Django) and
    # the values it is filled with (JSON: dates ISO, words to translate as nested
    # {template, values}, lists of them); the explanation's steps the same way (i18n.Text).
    reason_key: str = ""
    reason_template: str = ""
    reason_values: dict[str, Any] = field(default_factory=dict)
    explanation_steps: list[dict[str, Any]] | None = None

    def as_json(self) -> dict[str, Any]:
        data = {
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
        return {k: _json(v) for k, v in data.items()}


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

    def finding(
        self, code: str, subject_type: str, subject_id: int, *, explain: bool = True
    ) -> Finding:
        run = self.runs[code]
        if run.subject != subject_type:
            raise KeyError(f"{code} is about a {run.subject}, not a {subject_type}")
        i = run.table.index_of(subject_id)
        return self._finding(run, i, explain=explain)

    def _finding(self, run: RuleRun, i: int, *, explain: bool = False) -> Finding:
        group = run.groups[int(run.group_of[i])]
        pos = int(run.pos_of[i])
        out = group.outcome
        reads = group.function.reads if group.function else ()
        key = str(out.reason[pos])
        # Only the facts shown (those the rule reads, those its reason names) are decoded.
        template = group.function.reasons.get(key, "") if group.function else ""
        row = {
            c.name: c.decode(run.table.columns[c.name][i])
            for c in run.table.schema
            if c.name in reads or "{" + c.name + "}" in template
        }
        facts = {name: row[name] for name in reads}
        computed = {name: _plain(values[pos]) for name, values in out.used.items()}
        params = {f"p_{r.name}": r.value for r in group.params}
        result = str(out.result[pos])
        subject_id = int(run.table.ids[i])
        pack = None
        if group.pack is not None:
            pack = {
                "id": group.pack.id,
                "version": group.pack.version,
                "title": group.pack.title,
                "selected_by": {
                    "fact": run.selecting_fact,
                    "date": _plain(run.selecting[i]),
                    "provisional": bool(run.provisional[i]),
                },
                "validity_note": group.pack.validity_note or None,
            }
        values = {**row, **computed, **params}
        codes = {c.name for c in run.table.schema if c.type == "code"}
        reason = self._reason(group, key, values, out, pos, codes)
        template = reason.template if isinstance(reason, Text) else ""
        asked = explain or result == FAIL or (run.subject, subject_id) in self.explain
        severity_override = None
        if group.severity_override is not None:
            severity_override = {
                "base_value": group.base_severity,
                **group.severity_override.as_json(),
            }
        steps = self._explain(run, group, i, pos, reason) if asked else None
        parameters = [_parameter_json(r) for r in group.params]
        if severity_override:
            parameters.append(
                {"name": "severity", "value": group.severity, "unit": "code", **severity_override}
            )
        return Finding(
            rule=run.code,
            result=result,
            severity=group.severity,
            subject={"type": run.subject, "id": subject_id},
            cases=tuple(run.table.touches[i]),
            pack=pack,
            parameters=parameters,
            basis=[b.as_json() for b in group.entry.basis] if group.entry else [],
            reason=str(reason),
            due_on=_plain(out.due_on[pos]),
            since=_plain(out.since[pos]),
            missing=out.missing[pos],
            facts=facts,
            computed=computed,
            explanation=[str(t) for t in steps] if steps is not None else None,
            calendar=self.calendar.version,
            as_of=self.facts.as_of,
            axis=self.facts.axis,
            overridden=any(r.override for r in group.params) or group.severity_override is not None,
            reason_key=key,
            reason_template=template,
            reason_values=as_json(reason.values) if isinstance(reason, Text) else {},
            explanation_steps=[t.as_json() for t in steps] if steps is not None else None,
        )

    @staticmethod
    def _reason(
        group: Group, key: str, values: dict[str, Any], out: Any, pos: int, codes: set[str]
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
            elif isinstance(used, Words) or name in codes:
                filled[name] = term(_plain(value))
            else:
                filled[name] = _plain(value)
        return Text(template, filled)

    def _explain(
        self, run: RuleRun, group: Group, i: int, pos: int, reason: Text | str
    ) -> list[Text]:
        steps: list[Text] = []
        if group.pack is None:
            return [group.note] if group.note else []
        chosen = {
            "pack": group.pack.id,
            "version": group.pack.version,
            "fact": run.selecting_fact,
            "day": _plain(run.selecting[i]),
        }
        if run.provisional[i]:
            steps.append(
                Text(
                    gettext_noop(
                        "{pack} {version} governs: chosen by {fact} = {day} (not dated yet: the "
                        "as-of date stands in)"
                    ),
                    chosen,
                )
            )
        else:
            steps.append(
                Text(gettext_noop("{pack} {version} governs: chosen by {fact} = {day}"), chosen)
            )
        if group.pack.validity_text is not None:
            steps.append(Text(LABELLED, {"label": group.pack.id, "step": group.pack.validity_text}))
        if group.entry is None:
            return [*steps, *([group.note] if group.note else [])]
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
        out = group.outcome
        for count in out.counts:
            start = _plain(count.start[pos])
            if start is None:
                continue
            period = Period(int(count.amounts[pos]), count.unit)
            d = deadline(start, period, roll_forward=count.roll_forward, calendar=self.calendar)
            assert d.end == _plain(count.end[pos]), (run.code, count.label)
            steps.append(Text(LABEL, {"label": term(count.label)}))
            steps.extend(Text(INDENT, {"step": s}) for s in d.texts)
        for lead in out.leads:
            earlier, later = _plain(lead.earlier[pos]), _plain(lead.later[pos])
            if earlier is None or later is None:
                continue
            if lead.unit == CALENDAR_DAYS:
                t = lead_time(earlier, later)
                assert t.days == int(lead.days[pos])
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
