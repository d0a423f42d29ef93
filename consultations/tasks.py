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
