"""How a stored run keeps its findings (auditruns.audit_run_store) and gives them back.

A run keeps the facts its findings were assembled from (facts_sql/stored.py: compressed numpy
arrays, a few MB at 100,000 parcels), the versions of what the rules depend on (packs,
overrides, calendar, code), its counts per rule and result, and every failing finding whole
(finding/1 JSON with its explanation, as the audit produced it) in a row with the columns the
pages and the overdue overlay filter on. Every other finding (nine in ten) is assembled again,
by the same code, from the run's facts when it is read, once the packs, overrides and calendar
are checked to be the run's and the counts to be the run's. Storing every finding whole took
216 s and ~2 KB a finding at 100,000 parcels (1.3 million findings); a row for each, 40 s.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from django.db import connection
from django.utils.translation import gettext as _

from .facts_sql import stored
from .rules import registers as reg
from .rules.audit.engine import RuleRun, evaluate_facts
from .rules.audit.finding import Audit, Explained
from .rules.audit.outcome import FAIL, RESULTS

COLUMNS = (
    "run_id", "rule", "result", "reason_key", "severity", "subject_type", "subject_id",
    "cases", "due_on", "fails_since", "data",
)  # fmt: skip
NULL = "\\N"


class StoredRunError(ValueError):
    """A stored run's findings cannot be assembled again exactly (another pack, override or
    calendar now, or other counts); the message is translated."""


def _days(values: list) -> list[str]:
    return [NULL if v is None else v.isoformat() for v in values]


def _lines(audit: Audit, run_id: int, code: str, run: RuleRun) -> Iterator[str]:
    """The COPY lines (text format) of one rule's failing findings, in subject order."""
    for i in np.flatnonzero(run.result() == FAIL).tolist():
        f = audit.finding_at(code, i)
        fields = (
            str(run_id),
            code,
            f.result,
            f.reason_key[:40],
            f.severity,
            run.subject,
            str(f.subject["id"]),
            "{" + ",".join(map(str, f.cases)) + "}",
            *_days([f.due_on, f.since]),
            f.json_text().replace("\\", "\\\\"),  # COPY's escape; JSON has no raw tab or newline
        )
        yield "\t".join(fields) + "\n"


def write_findings(audit: Audit, run_id: int, progress) -> int:
    """The failing findings of `audit` into the run's rows; their count."""
    runs = [(code, run) for code, run in audit.runs.items() if (run.result() == FAIL).any()]
    total = sum(int((run.result() == FAIL).sum()) for _, run in runs)
    done = 0
    with (
        connection.cursor() as cur,
        cur.copy(f"copy consultations_auditfinding ({', '.join(COLUMNS)}) from stdin") as copy,
    ):
        for code, run in runs:
            block: list[str] = []
            for line in _lines(audit, run_id, code, run):
                block.append(line)
                if len(block) == 5000:
                    copy.write("".join(block))
                    done += len(block)
                    block.clear()
                    progress("storing", done, total)
            copy.write("".join(block))
            done += len(block)
            progress("storing", done, total)
    return total


def reopen(run) -> Audit:
    """The run's audit, from its stored facts, when what the rules depend on is what it was
    (the program may be newer: then the counts per rule and result must still be the run's).
    Computed once per process for the last run asked (a whole project's columns are large)."""
    from .auditing import project_overrides
    from .auditruns import _override_versions, packs_digest

    if run.facts is None:  # read here only: the other queries of runs defer it
        run.refresh_from_db(fields=["facts"])
    if run.facts is None:
        raise StoredRunError(_("This run was stored without its facts."))
    listed = tuple(p["id"] for p in run.packs)
    changed = []
    if run.packs_digest != packs_digest(listed):
        changed.append(_("the rule packs"))
    if run.overrides != _override_versions(run.project):
        changed.append(_("the overrides"))
    if changed:
        raise _changed(changed)
    key = (run.pk, run.project_id, run.finished_at)
    with _LOCK:
        audit = _REOPENED.get(key)
        if audit is None:
            project = run.project
            try:
                audit = evaluate_facts(
                    stored.load(run.facts),
                    project=reg.Project(project.id, listed, province=project.province.code),
                    overrides=project_overrides(project),
                )
            except (stored.StoredFactsError, ValueError, KeyError, OSError) as exc:
                raise _changed([_("the program")]) from exc
            if audit.calendar.version != run.calendar:
                raise _changed([_("the calendar")])
            tally = {code: dict(c) for code, c in audit.summary().items() if c}
            if tally != run.tally:
                raise _changed([_("the counts of its findings")])
            _REOPENED.clear()
            _REOPENED[key] = audit
    return audit


def _changed(what: list[str]) -> StoredRunError:
    return StoredRunError(
        _("Changed since this run: %(what)s; only its failing findings are shown in full.")
        % {"what": ", ".join(what)}
    )


_REOPENED: dict[tuple, Audit] = {}
_LOCK = threading.Lock()  # two requests for one run compute it once


class Assembled(Sequence[dict]):
    """Findings of a reopened run as finding/1 JSON, each assembled when read (a page)."""

    def __init__(self, explained: Explained) -> None:
        self.explained = explained

    def __len__(self) -> int:
        return len(self.explained)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [f.as_json() for f in self.explained[k]]
        return self.explained[k].as_json()


def findings_of(run, *, results: Iterable[str], codes: Iterable[str] | None = None):
    """The run's findings with these results (and rules), in the audit's order: the failing as
    stored (a queryset of their JSON); others assembled again from the run's facts. A run
    stored before its facts were kept has a row, whole, for every finding."""
    from .models import AuditFinding

    wanted = list(results)
    if wanted == [FAIL] or not run.tally:
        rows = AuditFinding.objects.filter(run=run, result__in=wanted).order_by("id")
        if codes is not None:
            rows = rows.filter(rule__in=list(codes))
        return rows.values_list("data", flat=True)
    try:
        return Assembled(reopen(run).explained(wanted, codes=codes))
    except AssertionError as exc:  # a newer program derives a deadline otherwise
        raise _changed([_("the program")]) from exc


def all_findings(run) -> Iterator[dict]:
    """Every finding of the run in the audit's order (the command's JSON): the failing as
    stored, the others assembled again; each failing one checked to be where it was."""
    from .models import AuditFinding

    if not run.tally:  # stored before its facts were kept: every finding whole
        yield from (
            AuditFinding.objects.filter(run=run).order_by("id").values_list("data", flat=True)
        )
        return
    stored_rows = iter(
        AuditFinding.objects.filter(run=run, result=FAIL)
        .order_by("id")
        .values_list("rule", "subject_type", "subject_id", "data")
    )
    for f in reopen(run).explained(RESULTS):
        if f.result != FAIL:
            yield f.as_json()
            continue
        rule, subject_type, subject_id, data = next(stored_rows, (None, None, None, None))
        if (rule, subject_type, subject_id) != (f.rule, f.subject["type"], f.subject["id"]):
            raise _changed([_("the counts of its findings")])
        yield data
    if next(stored_rows, None) is not None:
        raise _changed([_("the counts of its findings")])
