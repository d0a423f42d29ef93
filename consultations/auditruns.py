"""Stored audit runs (issue 13): the whole-project audit, kept with every version its answer
depends on, so that a run can be opened again as it was ("which audit did the inspector see on
15 June?").

- `audit_run_ask`: a user asks for a run (the view): checked (role, axis, as-of), a job row,
  the task enqueued on commit. Nothing is written when a check fails.
- `audit_run_store`: the audit computed and stored with its findings in one transaction (the
  command's --store, the task, the nightly job).
- `overdue_update`: the nightly job's second step, the `overdue` overlay of the parcels from a
  stored run, and the projection version bumped so that cached tiles refresh.

A run and its findings are insert-only (the app role may not UPDATE or DELETE them; triggers
refuse it for anyone): the job row holds what changes while a run is computed.
"""

import hashlib
import os
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from landcases.access import Can, ProjectAccess
from landcases.models import Project

from .auditing import AXES, AuditError, check_as_of
from .auditstore import all_findings, write_findings
from .facts_sql import stored as stored_facts
from .facts_sql.audit import audit_project_sql
from .models import (
    AuditFinding,
    AuditRun,
    AuditRunJob,
    Case,
    OverdueCase,
    ProjectionVersion,
    RuleOverride,
)
from .projection import _parcels_of_cases, _refresh_parcel_stages, bump_version
from .rules.audit.outcome import FAIL, RESULTS
from .rules.packs import PACKS_DIR, default_packs

Progress = Callable[[str, int, int], None]


@lru_cache(maxsize=1)
def code_version() -> str:
    """`git describe` of the checkout the process runs (LANDTRACKER_VERSION when set, e.g. in
    an image without .git; else the package version)."""
    given = os.environ.get("LANDTRACKER_VERSION", "")
    if given:
        return given[:100]
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
        )
        if out.returncode == 0 and out.stdout.strip():
            return f"git {out.stdout.strip()}"[:100]
    except (OSError, subprocess.SubprocessError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"landtracker {version('landtracker')}"
    except PackageNotFoundError:
        return "landtracker (unknown version)"


def packs_digest(ids: Iterable[str] | None = None, directory: Path = PACKS_DIR) -> str:
    """A digest of the pack files as loaded: those of the packs `ids` and of the packs they
    extend (every pack file when None), so that editing a pack a project does not list
    leaves its runs as they were."""
    wanted: set[str] | None = None
    if ids is not None:
        wanted, todo = set(), list(ids)
        while todo:
            pid = todo.pop()
            path = directory / f"{pid}.yaml"
            if pid in wanted or not path.exists():
                continue
            wanted.add(pid)
            extends = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("extends")
            if extends:
                todo.append(str(extends))
    h = hashlib.sha256()
    for path in sorted(directory.glob("*.yaml")):
        if wanted is None or path.stem in wanted:
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _pack_versions(project: Project) -> list[dict]:
    packs = default_packs()
    return [
        {"id": p, "version": packs[p].version, "title": packs[p].title}
        for p in project.rule_packs
        if p in packs
    ]


def _override_versions(project: Project) -> list[dict]:
    """The active overrides that reach the project, each with its history row in force."""
    province = project.province.code if project.province_id else ""
    rows = []
    for o in RuleOverride.objects.filter(active=True).order_by("pk"):
        if not (
            (o.scope == "project" and o.project_id == project.id)
            or (o.scope == "province" and province and o.province_code == province)
        ):
            continue
        latest = o.history.order_by("-history_date", "-history_id").first()
        rows.append(
            {
                "id": o.pk,
                "history_id": latest.history_id if latest else None,
                "scope": o.scope,
                "pack": o.pack,
                "rule": o.rule,
                "parameter": o.parameter,
                "value": o.value,
            }
        )
    return rows


def check_request(project: Project, as_of, axis: str) -> date:
    """The question as asked, checked: a date (not in the future, not before the project's
    first act) and a known axis. AuditError with a translated message otherwise."""
    if axis not in AXES:
        raise AuditError(_("Unknown axis “%(axis)s”: recorded or happened.") % {"axis": axis})
    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of)
        except ValueError:
            raise AuditError(
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": as_of}
            ) from None
    check_as_of(project, as_of, axis)
    return as_of


def _snapshot() -> None:
    """Every read of the run from one snapshot, when this is the outermost transaction."""
    with connection.cursor() as cur:
        cur.execute("set transaction isolation level repeatable read")


def audit_run_store(
    *,
    project: Project,
    as_of: date,
    axis: str = "recorded",
    actor=None,
    trigger: str | None = None,
    job: AuditRunJob | None = None,
    progress: Progress | None = None,
) -> AuditRun:
    """Run the whole-project audit and store the run and every finding, in one transaction
    (findings by COPY). `actor` None: the system (the nightly job or the command)."""
    trigger = trigger or ("user" if actor is not None else "command")
    as_of = check_request(project, as_of, axis)
    report = progress or (lambda phase, done, total: None)
    started = timezone.now()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            _snapshot()
        report("auditing", 0, 1)
        projection = (
            ProjectionVersion.objects.filter(project_id=project.id)
            .values_list("version", flat=True)
            .first()
        ) or 0
        overrides = _override_versions(project)
        audit = audit_project_sql(project, as_of=as_of, axis=axis)
        tally = audit.summary()
        counts: Counter[str] = Counter()
        for per_rule in tally.values():
            counts.update(per_rule)
        total = sum(counts.values())
        report("storing", 0, counts[FAIL])
        run = AuditRun.objects.create(
            project=project,
            job=job,
            as_of=as_of,
            axis=axis,
            trigger=trigger,
            requested_by=actor,
            packs=_pack_versions(project),
            packs_digest=packs_digest(project.rule_packs),
            overrides=overrides,
            calendar=audit.calendar.version,
            code_version=code_version(),
            projection_version=projection,
            started_at=started,
            finished_at=started,  # the trigger stamps the database clock
            counts={r: counts[r] for r in RESULTS if counts[r]},
            tally={code: dict(per_rule) for code, per_rule in tally.items() if per_rule},
            findings_count=total,
            facts=stored_facts.dump(audit.facts),
        )
        write_findings(audit, run.id, report)
    run.refresh_from_db(fields=["finished_at"])
    return run


def run_as_json(run: AuditRun) -> dict:
    """The stored run in the shape of `manage.py audit --format json`."""
    return {
        "project": run.project.code,
        "as_of": run.as_of.isoformat(),
        "axis": run.axis,
        "findings": list(all_findings(run)),
    }


def may_run(access: ProjectAccess) -> bool:
    return access.can(Can.RUN_AUDIT)


def audit_run_ask(*, access: ProjectAccess, actor, as_of, axis: str) -> AuditRunJob:
    """A user asks for a stored run: checked first (role, axis, date), then a job row and the
    task, enqueued once the job is committed. Nothing is written when a check fails."""
    if not may_run(access):
        raise PermissionDenied(_("Your role in this project may not run the audit."))
    day = check_request(access.project, as_of, axis)
    from .tasks import store_audit_run

    with transaction.atomic():
        job = AuditRunJob.objects.create(
            project=access.project, as_of=day, axis=axis, trigger="user", requested_by=actor
        )
        transaction.on_commit(lambda: store_audit_run.delay(job.id))
    return job


# The reasons of a failed finding that say a deadline has passed and the duty is still not
# done (rules/audit/*: each is decided `since` the day after its deadline, with no act date);
# a duty done late ("late", "paid_late") is a violation on the record, not overdue.
OVERDUE_REASONS = frozenset({"missed", "overdue", "unsigned", "lapsed", "not_delivered", "unpaid"})


def overdue_cases(run: AuditRun) -> dict[int, date | None]:
    """The cases a failed finding with a passed, still unmet deadline touches (the `overdue`
    overlay: "a deadline of the audit has passed"), each with the earliest day since which."""
    found: dict[int, date | None] = {}
    rows = AuditFinding.objects.filter(
        run=run, result="fail", reason_key__in=OVERDUE_REASONS
    ).values_list("cases", "fails_since")
    for cases, since in rows:
        for case_id in cases:
            if case_id not in found or (
                since is not None and (found[case_id] is None or since < found[case_id])
            ):
                found[case_id] = since
    return found


def overdue_update(run: AuditRun) -> int:
    """Replace the project's overdue cases by those of `run`, refresh the parcel stages of the
    cases that changed and bump the projection version (cached tiles refresh). Same lock
    order as every projection writer: cases by id, then parcel stages, then the version."""
    project_id = run.project_id
    new = overdue_cases(run)
    with transaction.atomic():
        old = set(
            OverdueCase.objects.filter(project_id=project_id).values_list("case_id", flat=True)
        )
        existing = set(
            Case.objects.filter(project_id=project_id, id__in=list(new)).values_list(
                "id", flat=True
            )
        )
        new = {k: v for k, v in new.items() if k in existing}
        changed = sorted(old ^ set(new))
        list(
            Case.objects.select_for_update().filter(id__in=changed).order_by("id").values_list("id")
        )
        OverdueCase.objects.filter(project_id=project_id).delete()
        OverdueCase.objects.bulk_create(
            [
                OverdueCase(case_id=c, project_id=project_id, run=run, since=s)
                for c, s in sorted(new.items())
            ],
            batch_size=5000,
        )
        _refresh_parcel_stages(_parcels_of_cases(changed))
        bump_version(project_id)
    return len(new)


def active_projects():
    """The projects the nightly job audits: those with at least one recorded act."""
    from .models import Event

    return Project.objects.filter(pk__in=Event.objects.values("project_id")).order_by("pk")


def nightly(*, day: date | None = None) -> dict[str, int]:
    """Store a run of every active project (today, recorded axis) as the system, then its
    overdue overlay. One project's failure does not stop the others (it is logged)."""
    import logging

    log = logging.getLogger(__name__)
    day = day or timezone.localdate()
    done = {}
    for project in active_projects().select_related("province"):
        try:
            run = audit_run_store(project=project, as_of=day, axis="recorded", trigger="nightly")
            done[project.code] = overdue_update(run)
        except Exception:
            log.exception("nightly audit of %s failed", project.code)
    return done
