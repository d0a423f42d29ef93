"""Importing parcels from a cadastral file: one code path for the web, the worker
(landcases/tasks.py) and `manage.py import_parcels`. The upload is kept with its job
(models.ParcelImport); the run reads the layer with GDAL (imports/reading.py), settles the
source CRS (imports/vn2000.py) and the text encoding (imports/legacy_text.py), checks each
feature's attributes with the register's own rules, stages and checks the shapes set-based in
PostGIS (parcel_staging.py), and writes — all or nothing, in one transaction — the new parcels
and the changes of those matched by natural key, with their history (reason = the import) and
the register change that refreshes stages and tiles. A dry run does everything but the write.
"""

import logging
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from pyproj import CRS
from pyproj.exceptions import CRSError

from .. import messages as msg
from .. import parcel_staging as staging
from ..changes import registers_changed
from ..geometry import ACCEPTED_SRIDS, _reason
from ..imports import field_mapping, legacy_text, reading, vn2000
from ..imports import messages as imsg
from ..models import (
    JobStatus,
    MapKind,
    ParcelImport,
)
from .common import optional_reason
from .dates import check_register_date
from .parcel_import_rows import Values, row_context, staged_rows

logger = logging.getLogger(__name__)

IMPORT_TASK = "landcases.parcel_import"
REQUIRED = ("sheet_no", "parcel_no", "land_use_code", "legal_area")
# Flag a parcel whose geometric area differs from its legal area by more than this share.
# Digitising a 1:1000–1:2000 sheet moves an edge by some 0.2–0.4 m: about 2–4 % of a
# 20 × 30 m plot. 5 % is above that noise and below a real error (a wrong parcel, a
# legal area of another plot, a shape drawn in the wrong unit).
AREA_TOLERANCE_PCT = Decimal(5)
STATEMENT_TIMEOUT_MS = 120_000  # per checking statement
ENCODING_SAMPLE = 2000
IMPORT_LOCK = 4714  # pg_advisory_xact_lock(IMPORT_LOCK, project): one import at a time
RUN_LOCK = 4715  # pg_advisory_lock(RUN_LOCK, job), held by the session running the job
REPORT_LIST_MAX = 5000  # rejected, repaired, flagged and changed features listed (counts: all)


class ImportRefused(Exception):
    """The whole layer is refused: a translated reason (and the report of its features, when
    they were checked); nothing was written."""

    def __init__(self, message: str, report: dict | None = None):
        super().__init__(message)
        self.report = report or {}


@dataclass
class Params:
    layer: str | None = None
    srid: int | None = None
    encoding: str = "auto"
    mapping: dict[str, str] = field(default_factory=dict)  # "": the field left unmapped
    repair: bool = False
    dry_run: bool = False
    survey_date: date | None = None
    commune: str | None = None  # the commune code when the file has no commune field
    map_kind: str = MapKind.CADASTRAL
    area_tolerance_pct: Decimal = AREA_TOLERANCE_PCT

    @classmethod
    def from_json(cls, data: dict) -> "Params":
        """The choices kept with a job (its other keys, e.g. `decide`, left out)."""
        names = {f.name for f in fields(cls)}
        data = {k: v for k, v in data.items() if k in names}
        if data.get("survey_date"):
            data["survey_date"] = date.fromisoformat(data["survey_date"])
        if data.get("area_tolerance_pct") is not None:
            data["area_tolerance_pct"] = Decimal(str(data["area_tolerance_pct"]))
        return cls(**data)

    def to_json(self) -> dict:
        out = dict(self.__dict__)
        out["survey_date"] = self.survey_date.isoformat() if self.survey_date else None
        out["area_tolerance_pct"] = str(self.area_tolerance_pct)
        return out


# --- the job --------------------------------------------------------------------------------
# From the command line: start (QUEUED) and run, or queue. From the web: start a DRAFT, set it
# up (parcel_import_check: QUEUED, then a run that checks without writing → CHECKED, the
# upload kept), then accept (QUEUED, a run that checks again and writes → DONE) or cancel. A
# draft or a checked import can be set up again; one left undecided expires (its upload gone).

EXPIRE_AFTER = timedelta(hours=24)
_PROGRESS_KEY = "parcel-import-progress:{}"
_RUNNABLE = (JobStatus.QUEUED,)
# A refused check of the web keeps its upload (to be set up again): it may be cancelled too.
CANCELLABLE = (
    JobStatus.DRAFT,
    JobStatus.QUEUED,
    JobStatus.RUNNING,
    JobStatus.CHECKED,
    JobStatus.REFUSED,
)
REVISABLE = (JobStatus.CHECKED, JobStatus.REFUSED)


class _Cancelled(Exception):
    pass


def _check_params(params: Params) -> None:
    if params.encoding not in ("auto", *legacy_text.ENCODINGS):
        raise ValidationError(
            {
                "encoding": imsg.ENCODING_NOT_OFFERED
                % {"name": params.encoding, "choices": ", ".join(legacy_text.ENCODINGS)}
            }
        )


def parcel_import_start(
    *,
    project,
    actor,
    data: bytes,
    name: str,
    params: Params | None = None,
    language: str = "vi",
    draft: bool = False,
) -> ParcelImport:
    """Keep an upload and its choices as a job: QUEUED (run it with parcel_import_run, or
    queue it), or a DRAFT for the web's set-up screen."""
    params = params or Params()
    _check_params(params)
    return ParcelImport.objects.create(
        project=project,
        created_by=actor,
        language=language,
        input=data,
        input_name=Path(name).name[:255],
        params={**params.to_json(), "decide": draft},
        status=JobStatus.DRAFT if draft else JobStatus.QUEUED,
    )


def _move(job: ParcelImport, sources: tuple, message, **fields) -> None:
    """The job from one of `sources` to a new state, or the reason it cannot be."""
    moved = ParcelImport.objects.filter(pk=job.pk, status__in=sources).update(
        stepped_at=timezone.now(), **fields
    )
    if not moved:
        job.refresh_from_db(fields=["status"])
        raise ValidationError(message % {"status": job.get_status_display()})


def parcel_import_check(job: ParcelImport, *, params: Params) -> None:
    """The set-up chosen on the web: check the file with it (nothing written), then wait."""
    _check_params(params)
    with transaction.atomic():
        _move(
            job,
            (JobStatus.DRAFT,),
            imsg.IMPORT_NOT_IN_SETUP,
            status=JobStatus.QUEUED,
            params={**params.to_json(), "dry_run": True, "decide": True},
            report={},
            phase="",
            done=0,
            total=0,
        )
        parcel_import_enqueue(job)


def parcel_import_revise(job: ParcelImport) -> None:
    """Back to the set-up screen from a checked or refused check (the upload is still kept)."""
    with transaction.atomic():
        if not job.params.get("decide"):
            raise ValidationError(imsg.IMPORT_NOT_IN_SETUP % {"status": job.get_status_display()})
        _move(job, REVISABLE, imsg.IMPORT_NOT_IN_SETUP, status=JobStatus.DRAFT)


def parcel_import_accept(job: ParcelImport) -> None:
    """Write what the check showed: checked again, then written, all or nothing."""
    with transaction.atomic():
        _move(
            job,
            (JobStatus.CHECKED,),
            imsg.IMPORT_NOT_CHECKED,
            status=JobStatus.QUEUED,
            params={**job.params, "dry_run": False},
            phase="",
            done=0,
            total=0,
        )
        parcel_import_enqueue(job)


def parcel_import_cancel(job: ParcelImport) -> None:
    """Cancel an import not yet written. A running one stops at its next step and rolls back;
    one that has just written (its write commits with the DONE) cannot be cancelled."""
    fields = {"status": JobStatus.CANCELLED, "finished_at": timezone.now()}
    running = ParcelImport.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)
    if not running:  # not running: the upload goes now (a running one drops it at its end)
        _move(job, CANCELLABLE, imsg.IMPORT_NOT_CANCELLABLE, input=None, **fields)


def parcel_import_expire(*, now=None) -> int:
    """The periodic task's sweep (hourly): imports left undecided for a day after their last
    step (set up, checked, refused with the upload kept, or still waiting for a worker) are
    cancelled; a running one whose worker is gone (its lock is free) fails; and every ended
    import still holding an upload (it may name owners) drops it. Answers how many changed."""
    now = now or timezone.now()
    before = now - EXPIRE_AFTER
    expired = {"status": "cancelled", "message": str(imsg.IMPORT_EXPIRED)}
    undecided = Q(
        status__in=(JobStatus.DRAFT, JobStatus.CHECKED, JobStatus.REFUSED), stepped_at__lt=before
    )
    changed = (
        ParcelImport.objects.filter(undecided, input__isnull=False)
        .exclude(status=JobStatus.REFUSED, params__decide=False)
        .update(status=JobStatus.CANCELLED, input=None, finished_at=now, report=expired)
    )
    changed += ParcelImport.objects.filter(status=JobStatus.QUEUED, stepped_at__lt=before).update(
        status=JobStatus.CANCELLED, input=None, finished_at=now, report=expired
    )
    for job_id in ParcelImport.objects.filter(status=JobStatus.RUNNING).values_list(
        "pk", flat=True
    ):
        changed += _fail_if_abandoned(job_id)
    changed += ParcelImport.objects.filter(
        status__in=(JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED), input__isnull=False
    ).update(input=None)
    return changed


def _fail_if_abandoned(job_id: int) -> int:
    """A RUNNING job nobody runs (its worker died: its session lock went with it) fails."""
    with _running(job_id) as mine:
        if not mine:
            return 0
        return ParcelImport.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            input=None,
            finished_at=timezone.now(),
            report={"status": "failed", "message": str(imsg.IMPORT_ABANDONED)},
        )


@contextmanager
def _running(job_id: int):
    """The job's session lock, held while it runs (pg_try_advisory_lock): True when taken."""
    with connection.cursor() as cur:
        cur.execute("select pg_try_advisory_lock(%s, %s)", [RUN_LOCK, job_id])
        taken = bool(cur.fetchone()[0])
    try:
        yield taken
    finally:
        if taken:
            try:
                with connection.cursor() as cur:
                    cur.execute("select pg_advisory_unlock(%s, %s)", [RUN_LOCK, job_id])
            except DatabaseError:  # e.g. an aborted transaction: the session goes, its lock too
                connection.close()


def parcel_import_enqueue(job: ParcelImport) -> None:
    def send() -> None:
        from celery import current_app

        try:
            current_app.send_task(IMPORT_TASK, args=(job.id,), retry=False)
        except Exception:  # noqa: BLE001 - told on the job; nothing was written
            logger.warning("could not enqueue %s for job %s", IMPORT_TASK, job.id, exc_info=True)
            _finish(job.id, JobStatus.FAILED, {"message": str(msg.JOB_NOT_QUEUED)})

    transaction.on_commit(send)


def parcel_import_progress(job: ParcelImport) -> tuple[str, int, int]:
    """(phase, done, total) of a job: live from the cache while it runs (its steps run in one
    transaction, so its row shows them only at the end), else as stored."""
    if job.status == JobStatus.RUNNING:
        live = cache.get(_PROGRESS_KEY.format(job.pk))
        if live:
            return live
    return job.phase, job.done, job.total


def _finish(job_id: int, status: str, report: dict, *, keep_input: bool = False) -> int:
    """The job's end, unless it was cancelled meanwhile (then its upload goes all the same)."""
    now = timezone.now()
    fields = {"status": status, "report": report, "finished_at": now, "stepped_at": now}
    if not keep_input:
        fields["input"] = None
    ended = (
        ParcelImport.objects.filter(pk=job_id).exclude(status=JobStatus.CANCELLED).update(**fields)
    )
    if not ended:
        ParcelImport.objects.filter(pk=job_id).update(input=None)
    cache.delete(_PROGRESS_KEY.format(job_id))
    return ended


def parcel_import_run(*, job_id: int) -> ParcelImport:
    """Do a queued job (a job in any other state is left as it is, but a RUNNING one whose
    worker died fails: a redelivered task finds it so; the write is all or nothing and
    commits with the job's DONE)."""
    for _attempt in range(20):  # the hourly sweep may hold the lock for a moment
        with _running(job_id) as mine:
            if mine:
                return _run_locked(job_id)
        if not ParcelImport.objects.filter(pk=job_id, status=JobStatus.QUEUED).exists():
            break  # another worker runs it now
        time.sleep(0.5)
    return ParcelImport.objects.defer("input").get(pk=job_id)


def _run_locked(job_id: int) -> ParcelImport:
    """The run, its job's lock held by this session."""
    started = ParcelImport.objects.filter(pk=job_id, status__in=_RUNNABLE).update(
        status=JobStatus.RUNNING, phase="reading", done=0, total=0, stepped_at=timezone.now()
    )
    if not started:
        _fail_if_abandoned_here(job_id)
        return ParcelImport.objects.defer("input").get(pk=job_id)
    try:
        _run(job_id)
    except Exception:
        _finish(job_id, JobStatus.FAILED, {"status": "failed", "message": str(msg.JOB_FAILED)})
        raise
    return ParcelImport.objects.defer("input").get(pk=job_id)


def _fail_if_abandoned_here(job_id: int) -> None:
    # This worker holds the job's lock, so a RUNNING job is nobody's: its run died.
    ParcelImport.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED,
        input=None,
        finished_at=timezone.now(),
        report={"status": "failed", "message": str(imsg.IMPORT_ABANDONED)},
    )


class _ChangedSinceCheck(Exception):
    def __init__(self, report: dict):
        self.report = report


COMPARED = ("accepted", "rejected", "created", "updated", "unchanged")


def _run(job_id: int) -> None:
    job = ParcelImport.objects.select_related("project", "created_by").defer("input").get(pk=job_id)
    data = ParcelImport.objects.filter(pk=job_id).values_list("input", flat=True).first()
    if data is None:
        _finish(job_id, JobStatus.FAILED, {"status": "failed", "message": str(msg.JOB_FAILED)})
        return
    params = Params.from_json(job.params)
    deciding = bool(job.params.get("decide"))
    # The check's outcome, which an accept must meet again (counts, and the fingerprint of
    # what each row does to which parcel as it then stood).
    checked = (job.report or {}) if deciding and not params.dry_run else None
    phases = ["reading"]
    key = _PROGRESS_KEY.format(job_id)

    def progress(phase: str, done: int, total: int) -> None:
        if phase != phases[-1]:
            phases.append(phase)
            _stop_if_cancelled(job_id)
        cache.set(key, (phase, done, total), 3600)
        if not transaction.get_connection().in_atomic_block:
            ParcelImport.objects.filter(pk=job_id).update(phase=phase, done=done, total=total)

    def finish(report: dict) -> None:  # in the write's transaction: DONE commits with it
        locked = ParcelImport.objects.select_for_update().filter(pk=job_id).values_list("status")
        if locked.first() != (JobStatus.RUNNING,):
            raise _Cancelled
        if checked is not None and (
            any(report["counts"].get(k) != checked.get("counts", {}).get(k) for k in COMPARED)
            or report.get("fingerprint") != checked.get("fingerprint")
        ):
            raise _ChangedSinceCheck(report)  # the write rolls back: the user decides again
        status = JobStatus.CHECKED if params.dry_run and deciding else JobStatus.DONE
        done = report["counts"]["accepted"]
        ParcelImport.objects.filter(pk=job_id).update(phase="writing", done=done, total=done)
        _finish(job_id, status, {**report, "phases": phases}, keep_input=status == "checked")

    with translation.override(job.language), tempfile.TemporaryDirectory() as tmp:
        upload = Path(tmp) / "upload"
        upload.write_bytes(data)
        del data  # the file on disk is what GDAL reads: not a second copy held meanwhile
        try:
            import_parcels(job=job, path=upload, params=params, progress=progress, finish=finish)
        except _Cancelled:
            _finish(job_id, JobStatus.CANCELLED, {"status": "cancelled"})
        except _ChangedSinceCheck as changed:
            report = {
                **changed.report,
                "dry_run": True,
                "phases": phases,
                "message": str(imsg.CHANGED_SINCE_CHECK),
            }
            ParcelImport.objects.filter(pk=job_id).update(params={**job.params, "dry_run": True})
            _finish(job_id, JobStatus.CHECKED, report, keep_input=True)
        except ImportRefused as exc:
            report = {**exc.report, "status": "refused", "message": str(exc)}
            _finish(job_id, JobStatus.REFUSED, report, keep_input=deciding)


def _stop_if_cancelled(job_id: int) -> None:
    # Read on the job's own connection: a cancel commits on another one (READ COMMITTED).
    if ParcelImport.objects.filter(pk=job_id, status=JobStatus.CANCELLED).exists():
        raise _Cancelled


# --- the import -----------------------------------------------------------------------------


def _source_crs(layer: reading.Layer, given: int | None) -> tuple[int, dict]:
    if given:
        srid, found = int(given), {"epsg": int(given), "how": "given", "note": ""}
    elif not layer.crs:
        raise ImportRefused(str(imsg.CRS_MISSING))
    else:
        try:
            wkt = CRS.from_user_input(layer.crs).to_wkt()
            recognised = vn2000.recognise_prj(wkt)
        except CRSError:  # PROJ's own words (English, its internals): the text it could not read
            text = " ".join(layer.crs.split())
            text = text[:80] + "…" if len(text) > 80 else text
            raise ImportRefused(str(imsg.CRS_UNREADABLE % {"text": text})) from None
        except vn2000.CrsError as exc:  # translated
            raise ImportRefused(str(exc)) from None
        if recognised.epsg is None:
            raise ImportRefused(str(imsg.CRS_NOT_RECOGNISED_CHOOSE % {"note": recognised.note}))
        srid = recognised.epsg
        found = {
            "epsg": srid,
            "how": recognised.how,
            "confidence": recognised.confidence,
            "note": recognised.note,
        }
    if srid not in ACCEPTED_SRIDS:
        raise ImportRefused(str(msg.CRS_NOT_ACCEPTED % {"srid": srid}))
    return srid, found


def _check_extent(bounds, srid: int) -> list[str]:
    if bounds is None:
        return []
    problems = vn2000.check_extent(bounds, srid)
    for problem in problems:
        if problem.blocking:
            raise ImportRefused(problem.message)
    return [p.message for p in problems]


def _mapping(layer: reading.Layer, params: Params, remembered: dict) -> dict[str, str]:
    suggested = field_mapping.suggest(layer.fields, remembered)
    mapping = {t: s.source for t, s in suggested.items() if s is not None}
    for target, source in params.mapping.items():
        if target not in field_mapping.TARGETS:
            raise ImportRefused(str(msg.CHOICE_UNKNOWN))
        if source == "":  # chosen: no field of the file (whatever was suggested)
            mapping.pop(target, None)
            continue
        if source not in layer.fields:
            label = field_mapping.TARGETS[target]
            raise ImportRefused(str(imsg.FIELD_NOT_IN_LAYER % {"name": source, "field": label}))
        mapping[target] = source
    needed = [*REQUIRED, *(() if params.commune else ("commune_code",))]
    for target in needed:
        if target not in mapping:
            label = field_mapping.TARGETS[target]
            raise ImportRefused(str(imsg.FIELD_NOT_MAPPED % {"field": label}))
    return mapping


def _encoding(layer: reading.Layer, mapping: dict, choice: str) -> tuple[str, dict]:
    # Distinct values of the mapped text fields, a few thousand at most (all it takes).
    sample: dict[bytes, None] = {}
    for source in mapping.values():
        for value in layer.text.get(source, ()):
            raw = layer.raw(value)
            if raw and len(sample) < ENCODING_SAMPLE:
                sample[raw] = None
    detection = legacy_text.detect(list(sample))
    found = {
        "found": detection.encoding,
        "label": detection.label,
        "confidence": detection.confidence,
        "evidence": detection.evidence,
    }
    override = None if choice == "auto" else choice
    used = legacy_text.chosen_encoding(detection, override)
    if layer.not_utf8 and used not in ("tcvn3", "vni"):
        raise ImportRefused(str(imsg.TEXT_NOT_UTF8))
    if used == "unknown":
        raise ImportRefused(detection.evidence)
    return used, {**found, "used": used, "format_not_utf8": layer.not_utf8}


def _reason_text(code: str, reason: str | None, srid: int) -> str:
    if code == "empty":
        return str(imsg.GEOMETRY_EMPTY)
    if code == "not_polygon":
        return str(imsg.GEOMETRY_KIND % {"kind": (reason or "").lower()})
    if code == "too_complex":
        return str(msg.GEOMETRY_TOO_COMPLEX % {"count": reason, "limit": staging.MAX_VERTICES})
    if code == "invalid":
        return str(msg.GEOMETRY_INVALID % {"reason": _reason(reason or "")})
    if code == "repair_failed":
        return str(imsg.REPAIR_FAILED % {"reason": _reason(reason or "")})
    if code == "outside":
        return str(msg.PARCEL_OUTSIDE_PROJECT)
    if code == "affected_too_large":
        return str(msg.AFFECTED_AREA_TOO_LARGE % {"affected": reason, "legal": "…"})
    if code == "overlap":  # parcel_staging.OVERLAPS: the largest overlap, and their count
        import json

        found = json.loads(reason or "{}")
        words = {"row": found.get("row"), "key": found.get("key"), "area": found.get("area")}
        text = str(
            (imsg.OVERLAPS_FEATURE if found.get("row") is not None else imsg.OVERLAPS_PARCEL)
            % words
        )
        if (found.get("count") or 1) > 1:
            text += " " + str(imsg.OVERLAPS_IN_ALL % {"count": found["count"]})
        return text
    return reason or code


def _remembered(project_id: int) -> dict:
    last = (
        ParcelImport.objects.filter(project_id=project_id, status=JobStatus.DONE)
        .exclude(report__dry_run=True)
        .order_by("-created_at")
        .values_list("report", flat=True)
        .first()
    )
    return (last or {}).get("mapping", {})


def import_parcels(*, job: ParcelImport, path: Path, params: Params, progress, finish=None) -> dict:
    """The whole import of one upload; the report (a dict for JSON), or ImportRefused. The
    shapes are checked and the parcels written in one transaction holding the project's
    import lock (one import of a project at a time) and the matched parcels' rows (as a
    register edit locks them): what was checked is what is written. `finish(report)` runs
    last in that transaction (the job's end commits with the write)."""
    clock, timings = time.perf_counter(), {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    project = job.project
    survey_date = params.survey_date or timezone.localdate()
    try:  # as parcel_create checks it
        if survey_date > timezone.localdate():
            raise ValidationError(msg.SURVEY_DATE_IN_FUTURE)
        check_register_date("survey_date", survey_date)
    except ValidationError as exc:
        raise ImportRefused(" ".join(exc.messages)) from None
    try:
        source = reading.open_upload(path, job.input_name, layer=params.layer)
    except reading.LayerRefused as exc:
        raise ImportRefused(str(exc)) from None
    with source:
        try:
            layer = reading.read_layer(source, source.layer)
        except reading.LayerRefused as exc:
            raise ImportRefused(str(exc)) from None
    lap("read")
    if len(layer) == 0:
        raise ImportRefused(str(imsg.LAYER_EMPTY % {"name": layer.name}))
    kind = layer.geometry_type.lower()
    if "polygon" not in kind and kind not in ("unknown", "geometry", ""):
        raise ImportRefused(str(imsg.LAYER_NOT_POLYGONS % {"name": layer.name, "kind": kind}))
    srid, crs_found = _source_crs(layer, params.srid)
    warnings = _check_extent(layer.bounds, srid)
    mapping = _mapping(layer, params, _remembered(project.id))
    encoding, encoding_found = _encoding(layer, mapping, params.encoding)
    if layer.not_utf8:
        warnings.append(str(imsg.TEXT_LEGACY_IN_UTF8 % {"encoding": encoding_found["label"]}))
    progress("checking", 0, len(layer))
    ctx = row_context(commune=params.commune, map_kind=params.map_kind, survey_date=survey_date)
    rejected: list[dict] = []
    t = staging.create(job.id)
    try:
        staging.load(t, staged_rows(layer, Values(layer, mapping, encoding), ctx, rejected))
        lap("stage")
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("select pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK, project.id])
            report, written = _check_and_write(
                t,
                job=job,
                params=params,
                srid=srid,
                survey_date=survey_date,
                mapping=mapping,
                layer=layer,
                progress=progress,
                lap=lap,
            )
            report["counts"] |= written.pop("counts")
            report |= written
            report |= {
                "status": "done",
                "file": job.input_name,
                "layer": layer.name,
                "kind": source.kind,
                "crs": crs_found,
                "encoding": encoding_found,
                "mapping": mapping,
                "survey_date": survey_date.isoformat(),
                "dry_run": params.dry_run,
                "repair": params.repair,
                "warnings": warnings,
                "timings_s": timings,
            }
            report["counts"]["read"] = len(layer)
            if finish is not None:
                finish(report)
    finally:
        staging.drop(t)
    return report


def _check_and_write(t, *, job, params, srid, survey_date, mapping, layer, progress, lap):
    try:
        with transaction.atomic():  # its statement timeout lasts to the write's end
            check_times = staging.check(
                t,
                srid=srid,
                project_id=job.project_id,
                repair=params.repair,
                timeout_ms=STATEMENT_TIMEOUT_MS,
                progress=lambda d, n: progress("checking", d, n),
            )
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "57014":
            raise ImportRefused(
                str(imsg.IMPORT_TIMEOUT % {"seconds": f"{STATEMENT_TIMEOUT_MS / 1000:g}"})
            ) from None
        raise
    lap("check")
    rows = staging.outcome(t)
    polygons = sum(1 for r in rows if r[1] not in ("not_polygon", "empty"))
    if polygons == 0 and not any(r[1] == "attributes" for r in rows):
        kinds = sorted({(r[2] or "").lower() for r in rows if r[1] == "not_polygon"})
        raise ImportRefused(
            str(imsg.LAYER_NOT_POLYGONS % {"name": layer.name, "kind": ", ".join(kinds)})
        )
    report = _report_rows(rows, srid, params)
    report["check_statements_s"] = check_times
    if report["counts"]["accepted"] == 0:
        report["counts"]["read"] = len(layer)
        raise ImportRefused(str(imsg.NOTHING_ACCEPTED), report)
    progress("writing", 0, report["counts"]["accepted"])
    reason = optional_reason(
        str(imsg.IMPORT_REASON % {"name": job.input_name, "job": job.id}), default=""
    )
    written = _write(
        t,
        job=job,
        params=params,
        srid=srid,
        survey_date=survey_date,
        mapping=mapping,
        reason=reason,
    )
    lap("write")
    done = written["counts"]["created"] + written["counts"]["updated"]
    progress("writing", done + written["counts"]["unchanged"], report["counts"]["accepted"])
    return report, written


def _report_rows(rows, srid: int, params: Params) -> dict:
    rejected, repaired, flagged = [], [], []
    tolerance = params.area_tolerance_pct
    for row, code, reason, was_invalid, sheet, number, legal, geometric, _pid in rows:
        key = f"{sheet}/{number}" if sheet else None
        if code == "repeated":
            text = str(
                imsg.KEY_REPEATED % {"key": key, "count": reason.count(",") + 1, "rows": reason}
            )
            rejected.append({"row": row, "key": key, "code": code, "reason": text})
        elif code:
            text = _reason_text(code, reason, srid)
            rejected.append({"row": row, "key": key, "code": code, "reason": text})
            continue
        if code:
            continue
        if was_invalid:
            text = str(imsg.REPAIRED % {"reason": _reason(was_invalid)})
            repaired.append({"row": row, "key": key, "reason": text})
        if legal and geometric is not None:
            pct = (geometric - legal) / legal * 100
            if abs(pct) > tolerance:
                text = str(
                    imsg.AREA_DISCREPANCY
                    % {
                        "geometric": geometric,
                        "legal": legal,
                        "pct": f"{pct:+.1f}",
                        "tolerance": tolerance,
                    }
                )
                flagged.append(
                    {
                        "row": row,
                        "key": key,
                        "legal": str(legal),
                        "geometric": str(geometric),
                        "pct": round(float(pct), 2),
                        "reason": text,
                    }
                )
    accepted = len(rows) - len(rejected)
    return {
        "counts": {
            "accepted": accepted,
            "rejected": len(rejected),
            "repaired": len(repaired),
            "area_flagged": len(flagged),
        },
        "rejected": rejected[:REPORT_LIST_MAX],
        "repaired": repaired[:REPORT_LIST_MAX],
        "area_flags": flagged[:REPORT_LIST_MAX],
        "area_tolerance_pct": str(tolerance),
    }


class _DryRun(Exception):
    pass


CHANGED_FIELDS = {
    "land_use": 3,
    "legal_area_m2": 5,
    "certificate_no": 7,
    "address": 9,
}


def _write(t, *, job, params, srid, survey_date, mapping, reason) -> dict:
    certificate, address = "certificate_no" in mapping, "address" in mapping
    out: dict = {}
    try:
        with transaction.atomic():
            updated, unchanged, staged, rows = staging.changes(
                t, certificate=certificate, address=address, limit=REPORT_LIST_MAX
            )
            listed = []
            for r in rows:
                fields = {
                    f: (
                        [str(r[CHANGED_FIELDS[f]]), str(r[CHANGED_FIELDS[f] + 1])]
                        if f != "geom"
                        else True
                    )
                    for f in r[2]
                }
                listed.append({"row": r[0], "parcel": r[1], "fields": fields})
            fingerprint = staging.fingerprint(t)  # before the write: the register as read
            written = staging.update(
                t,
                srid=srid,
                certificate=certificate,
                address=address,
                actor=job.created_by,
                reason=reason,
            )
            assert written == updated
            created = staging.insert(
                t,
                project_id=job.project_id,
                survey_date=survey_date,
                srid=srid,
                actor=job.created_by,
                reason=reason,
            )
            registers_changed(project_id=job.project_id, parcels=[*created, *staged])
            out = {
                "counts": {"created": len(created), "updated": updated, "unchanged": unchanged},
                "changes": listed,
                "fingerprint": fingerprint,
            }
            if params.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return out
