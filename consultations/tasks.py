"""Celery adapters: ids in, a service call, progress out. Idempotent (rebuilds are whole)."""

from celery import shared_task

from landcases.models import Project

from .projection import rebuild


@shared_task(bind=True, acks_late=True, name="consultations.rebuild_projection")
def rebuild_projection(self, project_id: int) -> dict:
    def progress(done: int, total: int) -> None:
        self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    if not Project.objects.filter(pk=project_id).exists():
        return {"cases": 0}  # deleted since it was enqueued
    return {"cases": rebuild(project_id=project_id, progress=progress)}
