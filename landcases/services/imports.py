"""Importing a plan version from a workbook: the upload is kept with its job, read and checked
row by row (plan_xlsx.py), and the draft's lines replaced in one transaction — or, when any row
is refused, nothing written and an error sheet kept for the uploader. A small file is done in
the request; a large one by a Celery worker (landcases/tasks.py), the page polling its job."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from .. import messages as msg
from ..models import CompensationPlan, JobKind, JobStatus, SpreadsheetJob
from ..xlsx import SpreadsheetError, check_archive, errors_workbook
from .common import require_reason
from .plans import plan_lines_replace

logger = logging.getLogger(__name__)

IMPORT_TASK = "landcases.plan_import"
# Up to this size (some 1,500 households with their items) the request does it at once.
INLINE_MAX_BYTES = 150_000


def plan_import_start(
    *,
    plan: CompensationPlan,
    actor,
    data: bytes,
    name: str,
    reason: str,
    language: str,
    inline: bool | None = None,
) -> SpreadsheetJob:
    """Take an upload for a draft version: refused at once when the version is approved or
    the file is no workbook; else done now (small) or queued for the worker."""
    reason = require_reason(reason)
    if CompensationPlan.objects.filter(pk=plan.pk, frozen_at__isnull=False).exists():
        raise ValidationError(msg.PLAN_FROZEN, code="frozen")
    try:
        check_archive(data)
    except SpreadsheetError as exc:
        raise ValidationError({"file": str(exc)}) from None
    job = SpreadsheetJob.objects.create(
        project_id=plan.project_id,
        kind=JobKind.PLAN_IMPORT,
        plan=plan,
        created_by=actor,
        language=language,
        input=data,
        input_name=name[:255],
        params={"reason": reason},
    )
    if inline if inline is not None else len(data) <= INLINE_MAX_BYTES:
        return plan_import_run(job_id=job.id)
    transaction.on_commit(lambda: _enqueue(job.id))
    return job


def _enqueue(job_id: int) -> None:
    from celery import current_app

    try:
        current_app.send_task(IMPORT_TASK, args=(job_id,), retry=False)
    except Exception:  # noqa: BLE001 - the user is told on the job's page; nothing was written
        logger.warning("could not enqueue %s for job %s", IMPORT_TASK, job_id, exc_info=True)
        _finish(job_id, JobStatus.FAILED, {"message": str(msg.JOB_NOT_QUEUED)})


def _progress(job_id: int, phase: str):
    def report(done: int, total: int) -> None:
        SpreadsheetJob.objects.filter(pk=job_id).update(phase=phase, done=done, total=total)

    return report


def _finish(job_id: int, status: str, result: dict, *, output: bytes | None = None) -> None:
    """The job's outcome; the upload is emptied (it names people)."""
    fields = {"status": status, "result": result, "finished_at": timezone.now(), "input": None}
    if output is not None:
        fields |= {"output": output, "output_name": "loi-nhap-phuong-an.xlsx"}
    SpreadsheetJob.objects.filter(pk=job_id).update(**fields)


def plan_import_run(*, job_id: int) -> SpreadsheetJob:
    """Do a queued import (idempotent: a finished job is left as it is; one that a lost worker
    left running is done again — its write is all or nothing)."""
    job = SpreadsheetJob.objects.select_related("plan", "created_by").get(pk=job_id)
    if job.finished or job.input is None:
        return job
    SpreadsheetJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, phase="reading")
    try:
        return _run(job)
    except Exception:
        _finish(job_id, JobStatus.FAILED, {"message": str(msg.JOB_FAILED)})
        raise


def _run(job: SpreadsheetJob) -> SpreadsheetJob:
    from ..plan_xlsx import read_plan_workbook

    job_id, plan, data = job.id, job.plan, job.input
    assert plan is not None and data is not None  # an import's job (see plan_import_run)
    with translation.override(job.language):
        try:
            book = read_plan_workbook(
                bytes(data), project=plan.project, progress=_progress(job_id, "checking")
            )
        except SpreadsheetError as exc:
            _finish(job_id, JobStatus.REFUSED, {"message": str(exc)})
            return SpreadsheetJob.objects.get(pk=job_id)
        counts = {"households": book.households, "items": book.items, "refused": book.refused}
        if not book.ok:
            _finish(job_id, JobStatus.REFUSED, counts, output=errors_workbook(book.reads))
            return SpreadsheetJob.objects.get(pk=job_id)
        SpreadsheetJob.objects.filter(pk=job_id).update(phase="writing")
        try:
            written = plan_lines_replace(
                plan=plan, actor=job.created_by, reason=job.params["reason"], lines=book.lines
            )
        except ValidationError as exc:
            _finish(job_id, JobStatus.REFUSED, {**counts, "message": " ".join(exc.messages)})
            return SpreadsheetJob.objects.get(pk=job_id)
        net = sum(line.net for line in book.lines)
        _finish(job_id, JobStatus.DONE, {**counts, "lines": written, "net": net})
    return SpreadsheetJob.objects.get(pk=job_id)
