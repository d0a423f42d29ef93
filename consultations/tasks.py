"""Celery adapters: ids in, a service call, progress out. Idempotent (rebuilds are whole,
register changes are applied once and marked)."""

from celery import shared_task

from landcases.models import Project, RegisterChange

from .projection import apply_register_changes as apply_changes
from .projection import rebuild


@shared_task(bind=True, acks_late=True, name="consultations.rebuild_projection")
def rebuild_projection(self, project_id: int) -> dict:
    def progress(done: int, total: int) -> None:
        self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    if not Project.objects.filter(pk=project_id).exists():
        return {"cases": 0}  # deleted since it was enqueued
    return {"cases": rebuild(project_id=project_id, progress=progress)}


@shared_task(acks_late=True, name="consultations.apply_register_changes")
def apply_register_changes(project_id: int) -> dict:
    """Enqueued by the registers (by name) when a write may move stages."""
    return {"changes": apply_changes(project_id=project_id)}


@shared_task(acks_late=True, name="consultations.sweep_register_changes")
def sweep_register_changes() -> dict:
    """Every minute (beat): what a lost message left unapplied."""
    projects = set(
        RegisterChange.objects.filter(applied_at__isnull=True).values_list("project_id", flat=True)
    )
    return {str(p): apply_changes(project_id=p) for p in sorted(projects)}


@shared_task(acks_late=True, name="consultations.consent_export")
def consent_export(job_id: int) -> dict:
    """The household register's workbook for a job (consent_export.py)."""
    from .consent_export import consent_export_run

    return {"status": consent_export_run(job_id=job_id).status}


@shared_task(bind=True, acks_late=True, name="consultations.store_audit_run")
def store_audit_run(self, job_id: int) -> dict:
    """A run a user asked for (auditruns.audit_run_ask). Idempotent: a job already stored (a
    message delivered twice) answers its run. Progress goes to the job row at each phase and
    to the task's state within the storing transaction (the row's updates would be invisible
    until it commits)."""
    from django.utils import timezone

    from .auditing import AuditError
    from .auditruns import audit_run_store
    from .models import AuditRun, AuditRunJob

    job = AuditRunJob.objects.select_related("project__province", "requested_by").filter(pk=job_id)
    job = job.first()
    if job is None:
        return {"run": None}
    stored = AuditRun.objects.filter(job=job).values_list("id", flat=True).first()
    if stored is not None:
        return {"run": stored}
    AuditRunJob.objects.filter(pk=job.pk).update(
        status="running", task_id=self.request.id or "", phase="auditing", updated_at=timezone.now()
    )

    def progress(phase: str, done: int, total: int) -> None:
        self.update_state(state="PROGRESS", meta={"phase": phase, "done": done, "total": total})

    try:
        run = audit_run_store(
            project=job.project,
            as_of=job.as_of,
            axis=job.axis,
            actor=job.requested_by,
            trigger=job.trigger,
            job=job,
            progress=progress,
        )
    except AuditError as exc:  # the question became wrong since it was asked (rare)
        AuditRunJob.objects.filter(pk=job.pk).update(
            status="failed", error=str(exc), updated_at=timezone.now()
        )
        return {"run": None, "error": str(exc)}
    except Exception as exc:
        AuditRunJob.objects.filter(pk=job.pk).update(
            status="failed", error=type(exc).__name__, updated_at=timezone.now()
        )
        raise
    AuditRunJob.objects.filter(pk=job.pk).update(
        status="stored",
        phase="stored",
        done=run.findings_count,
        total=run.findings_count,
        updated_at=timezone.now(),
    )
    return {"run": run.id, "findings": run.findings_count}


@shared_task(acks_late=True, name="consultations.nightly_audit")
def nightly_audit() -> dict:
    """Every night (beat): a stored run of every active project, today, recorded axis, as
    the system; then the parcels' `overdue` overlay from it and the tile version bumped."""
    from .auditruns import nightly

    return nightly()
