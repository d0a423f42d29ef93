"""How a stored run keeps its findings (auditruns.audit_run_store) and gives them back.

Every finding gets a row with the columns to filter on (rule, result, reason, severity,
subject, the cases it touches, due date, failing since), written by COPY from the audit's
columns. A failing finding also keeps its JSON (finding/1, with its explanation) as the audit
produced it. The others, nine in ten at 100,000 parcels, are assembled again when read, by the
same code, from the facts stored with the run (facts_sql/stored.py), the packs, overrides and
calendar of the run, each checked to be the ones in force now (the program may be newer: each
assembled finding is checked against its row's verdict). Storing all of them whole took 216 s
and ~2 KB a finding at 100,000 parcels.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat

import numpy as np
from django.db import connection
from django.utils.translation import gettext as _

from .facts_sql import stored
from .rules import registers as reg
from .rules.audit.engine import RuleRun, evaluate_facts
from .rules.audit.finding import Audit, Finding
from .rules.audit.outcome import FAIL

COLUMNS = (
    "run_id", "rule", "result", "reason_key", "severity", "subject_type", "subject_id",
    "cases", "due_on", "fails_since", "data",
)  # fmt: skip
NULL = "\\N"


class StoredRunError(ValueError):
    """A stored finding cannot be assembled again exactly (another pack, override, calendar or
    code now); the message is translated."""


def _per_row(run: RuleRun, attr: str) -> np.ndarray:
    out = np.empty(len(run.table), dtype=object)
    for g in run.groups:
        out[g.rows] = getattr(g.outcome, attr)
    return out


def _days(values: np.ndarray) -> list[str]:
    days = np.asarray(values, dtype="datetime64[D]")
    text = np.datetime_as_string(days).astype(object)
    text[np.isnat(days)] = NULL
    return text.tolist()


def _cases(run: RuleRun) -> list[str]:
    touches = run.table.touches
    starts = getattr(touches, "starts", None)
    if starts is None:
        return ["{" + ",".join(map(str, t)) + "}" for t in touches]
    values = touches.values.tolist()  # type: ignore[attr-defined]
    bounds = starts.tolist()
    return [
        "{" + ",".join(map(str, values[a:b])) + "}"
        for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]


def _lines(audit: Audit, run_id: int, code: str, run: RuleRun) -> Iterator[str]:
    """The COPY lines (text format) of one rule's findings, in subject order."""
    n = len(run.table)
    result = run.result().tolist()
    reason = [str(r)[:40] for r in _per_row(run, "reason").tolist()]
    severity = np.empty(n, dtype=object)
    for g in run.groups:
        severity[g.rows] = g.severity
    since = _days(_per_row(run, "since"))
    fails_since = [NULL] * n
    data = [NULL] * n
    for i in np.flatnonzero(run.result() == FAIL).tolist():
        fails_since[i] = since[i]
        data[i] = audit.finding_at(code, i).json_text().replace("\\", "\\\\")
    columns = (
        repeat(f"{run_id}\t{code}"),
        result,
        reason,
        severity.tolist(),
        repeat(run.subject),
        map(str, run.table.ids.tolist()),
        _cases(run),
        _days(_per_row(run, "due_on")),
        fails_since,
        data,
    )
    for fields in zip(*columns, strict=False):  # repeat() is endless
        yield "\t".join(fields) + "\n"


def write_findings(audit: Audit, run_id: int, progress) -> int:
    """Every finding of `audit` into the run's rows; the count."""
    total = sum(len(r.table) for r in audit.runs.values())
    done = 0
    with (
        connection.cursor() as cur,
        cur.copy(f"copy consultations_auditfinding ({', '.join(COLUMNS)}) from stdin") as copy,
    ):
        for code, run in audit.runs.items():
            block: list[str] = []
            for line in _lines(audit, run_id, code, run):
                block.append(line)
                if len(block) == 20_000:
                    copy.write("".join(block))
                    block.clear()
            copy.write("".join(block))
            done += len(run.table)
            progress("storing", done, total)
    return total


def reopen(run) -> Audit:
    """The run's audit, from its stored facts, when what the rules depend on is what it was."""
    from .auditruns import _override_versions, packs_digest

    if run.facts is None:
        raise StoredRunError(_("This run was stored without its facts."))
    changed = []
    if run.packs_digest != packs_digest():
        changed.append(_("the rule packs"))
    if run.overrides != _override_versions(run.project):
        changed.append(_("the overrides"))
    if changed:
        raise StoredRunError(
            _("Changed since this run: %(what)s; only its failing findings are shown in full.")
            % {"what": ", ".join(changed)}
        )
    audit = _REOPENED.get(run.pk)
    if audit is None:
        from .auditing import project_overrides

        project = run.project
        audit = evaluate_facts(
            stored.load(run.facts),
            project=reg.Project(
                project.id, tuple(project.rule_packs), province=project.province.code
            ),
            overrides=project_overrides(project),
        )
        if audit.calendar.version != run.calendar:
            raise StoredRunError(
                _("Changed since this run: %(what)s; only its failing findings are shown in full.")
                % {"what": _("the calendar")}
            )
        _REOPENED.clear()  # one run kept per process: a whole project's columns are large
        _REOPENED[run.pk] = audit
    return audit


_REOPENED: dict[int, Audit] = {}


def finding_json(audit: Audit, row: dict) -> dict:
    """A stored row's finding (rule, subject, result, reason) assembled from the audit."""
    found: Finding = audit.finding(
        row["rule"], row["subject_type"], row["subject_id"], explain=False
    )
    if (found.result, found.reason_key[:40]) != (row["result"], row["reason_key"]):
        raise StoredRunError(
            _("A finding assembled again differs from the one stored (%(rule)s).")
            % {"rule": row["rule"]}
        )
    return found.as_json()
