"""The household register as a workbook (landcases/xlsx.py): every row of the filter, written
in constant memory as the rows stream from the database. Names and lookup codes only for roles
that may read names, amounts only for roles that may read amounts — decided when the export is
asked for and kept with its job. Small exports are answered at once, large ones by a worker."""

import logging
from collections.abc import Iterator
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from landcases.models import JobKind, JobStatus, SpreadsheetJob
from landcases.xlsx import Column, Sheet, stream_workbook

from . import messages as msg
from .rules.vocabulary import OVERLAYS
from .selectors_consent import ConsentFilters, ConsentRow, consent_all, consent_rows
from .selectors_money import plan_labels
from .vocabulary import label

logger = logging.getLogger(__name__)

EXPORT_TASK = "consultations.consent_export"
INLINE_MAX_ROWS = 5000  # up to this many rows, the request answers with the file


def consent_sheet(*, with_names: bool, with_amounts: bool) -> Sheet:
    columns = [Column("id", _("Land user #"), "int", width=10)]
    if with_names:
        columns += [
            Column("code", _("Lookup code"), width=14),
            Column("name", _("Name"), width=30),
        ]
    columns += [
        Column("area", _("Project area"), width=10),
        Column("commune", _("Commune"), width=20),
        Column("stage", _("Stage"), width=16),
        Column("overlays", _("Overlays"), width=18),
        Column("opinion", _("Opinion on the plan"), width=14),
        Column("dialogue", _("Dialogue outcome"), width=14),
        Column("versions", _("Plan versions in force"), width=18),
    ]
    if with_amounts:
        columns += [
            Column("net", _("Net in force (VND)"), "vnd"),
            Column("paid", _("Paid (VND)"), "vnd"),
            Column("deposited", _("Deposited (VND)"), "vnd"),
            Column("outstanding", _("Outstanding (VND)"), "vnd"),
        ]
    columns += [
        Column("payments", _("Instalments"), "int", width=10),
        Column("last_paid_on", _("Last paid on"), "date", width=12),
        Column("refused", _("Refused to receive"), "bool", width=10),
        Column("deposited_on", _("Deposited on"), "date", width=12),
        Column("decided_on", _("Recovery decided on"), "date", width=12),
        Column("early_handover_on", _("Agreed to hand over early on"), "date", width=12),
        Column("earlier_recovery_on", _("Agreed to earlier recovery on"), "date", width=12),
        Column("handed_over_on", _("Handed over on"), "date", width=12),
        Column("handed_m2", _("Area handed over (m²)"), "decimal", width=12),
        Column("plot", _("Resettlement plot or apartment"), width=18),
        Column("resettled_on", _("Resettlement handed over on"), "date", width=12),
    ]
    return Sheet(_("Households"), columns)


def consent_lines(rows, *, project, with_names: bool, with_amounts: bool) -> Iterator[list]:
    """The rows as workbook lines, in the columns of `consent_sheet`."""
    areas = dict(project.areas.values_list("id", "code"))
    communes = dict(project.communes.values_list("id", "name"))
    plans = plan_labels(project.id)
    # Labels of a few codes, 100,000s of times: translated once per export.
    stages = _Labels("stage")
    opinions = _Labels("opinion")
    overlays = _Labels("overlay")
    for r in rows:
        line: list = [r.land_user_id]
        if with_names:
            line += [r.lookup_code, r.name]
        line += [
            areas.get(r.area_id, ""),
            communes.get(r.commune_id, ""),
            stages[r.stage],
            ", ".join(overlays[o] for o in r.overlays if o in OVERLAYS) if r.overlays else "",
            opinions[r.opinion] if r.opinion else "",
            opinions[r.dialogue] if r.dialogue else "",
            ", ".join(plans.get(p, "") for p in r.plan_ids),
        ]
        if with_amounts:
            line += [r.net, r.paid, r.deposited, r.outstanding]
        line += [
            r.payments or None,
            r.last_paid_on,
            r.refused,
            r.deposited_on,
            r.decided_on,
            r.early_handover_on,
            r.earlier_recovery_on,
            r.handed_over_on,
            r.handed_m2,
            _plot(r),
            r.resettled_on,
        ]
        yield line


class _Labels(dict):
    """A vocabulary's labels in the active language, each translated when first met."""

    def __init__(self, vocabulary: str):
        super().__init__()
        self.vocabulary = vocabulary

    def __missing__(self, code: str) -> str:
        found = self[code] = str(label(self.vocabulary, code))
        return found


def _plot(r: ConsentRow) -> str:
    if not r.plot:
        return ""
    return f"{label('resettlement_kind', r.plot_kind)} {r.plot}".strip()


def consent_workbook(
    project,
    filters: ConsentFilters,
    *,
    with_names: bool,
    with_amounts: bool,
    out=None,
    progress=None,
) -> bytes:
    rows = consent_all(project.id, filters, by_name=with_names)
    sheet = consent_sheet(with_names=with_names, with_amounts=with_amounts)
    lines = consent_lines(rows, project=project, with_names=with_names, with_amounts=with_amounts)
    return stream_workbook([(sheet, lines)], out=out, progress=progress)


def export_name(project) -> str:
    return f"so-theo-doi-ho-{project.code}-{timezone.localdate():%Y%m%d}.xlsx"


def consent_export_start(
    *, project, actor, filters: ConsentFilters, with_names: bool, with_amounts: bool, language: str
) -> bytes | SpreadsheetJob:
    """The workbook at once when the filter keeps few rows; else a job for the worker."""
    rows, _bare = consent_rows(project.id, filters, by_name=False)
    if len(rows) <= INLINE_MAX_ROWS:
        return consent_workbook(project, filters, with_names=with_names, with_amounts=with_amounts)
    job = SpreadsheetJob.objects.create(
        project=project,
        kind=JobKind.CONSENT_EXPORT,
        created_by=actor,
        language=language,
        total=len(rows),
        params={"filters": asdict(filters), "names": with_names, "amounts": with_amounts},
    )
    transaction.on_commit(lambda: _enqueue(job.id))
    return job


def _enqueue(job_id: int) -> None:
    from celery import current_app

    try:
        current_app.send_task(EXPORT_TASK, args=(job_id,), retry=False)
    except Exception:  # noqa: BLE001 - the user is told on the job's page
        logger.warning("could not enqueue %s for job %s", EXPORT_TASK, job_id, exc_info=True)
        SpreadsheetJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, result={"message": str(msg.EXPORT_NOT_QUEUED)}
        )


def consent_export_run(*, job_id: int) -> SpreadsheetJob:
    """Write a queued export (idempotent: a finished job is left as it is)."""
    job = SpreadsheetJob.objects.select_related("project").get(pk=job_id)
    if job.finished:
        return job
    SpreadsheetJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, phase="writing")

    def progress(done: int) -> None:
        SpreadsheetJob.objects.filter(pk=job_id).update(done=done)

    try:
        with translation.override(job.language):
            data = consent_workbook(
                job.project,
                ConsentFilters(**job.params["filters"]),
                with_names=job.params["names"],
                with_amounts=job.params["amounts"],
                progress=progress,
            )
    except Exception:
        SpreadsheetJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            result={"message": str(msg.EXPORT_FAILED)},
            finished_at=timezone.now(),
        )
        raise
    SpreadsheetJob.objects.filter(pk=job_id).update(
        status=JobStatus.DONE,
        done=job.total,
        output=data,
        output_name=export_name(job.project),
        finished_at=timezone.now(),
    )
    return SpreadsheetJob.objects.get(pk=job_id)
