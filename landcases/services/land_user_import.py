"""Importing land users and their holdings from a workbook (land_user_xlsx.py reads and checks
it): all or nothing — when any row is refused nothing is written and an error sheet is kept for
the uploader. The write is set-based (COPY with the history rows simple_history would write,
reason = the import), after the register services' own checks of every value; what the file
was checked against (the parcels' shares, the citizen IDs) is checked again under lock.

A second import of the same list is refused row by row: a citizen ID already in the project's
register is named (masked, as in every reason) without saying which land user has it (that
would be an unlogged read of sensitive data by CCCD). Matching by list key would
need the key to outlive the census, and an update by file would overwrite corrections made by
hand since; both are left to the register's pages, which keep the history.

A small file is done in the request; a large one by a Celery worker (landcases/tasks.py), its
job polled by its page."""

import logging
import secrets
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from psycopg import sql

from .. import messages as msg
from ..changes import registers_changed
from ..models import (
    Holding,
    JobKind,
    JobStatus,
    LandUser,
    LandUserSensitive,
    Project,
    SpreadsheetJob,
)
from ..xlsx import SpreadsheetError, check_archive, errors_workbook
from .bulk import copy_rows, history_of_new_rows, next_ids
from .common import require_reason
from .people import SEARCH_NAME_SQL

logger = logging.getLogger(__name__)

IMPORT_TASK = "landcases.land_user_import"
INLINE_MAX_BYTES = 150_000  # some 1,500 rows: done in the request
ERROR_SHEET_NAME = "loi-nhap-nguoi-su-dung-dat.xlsx"
JOB_REFUSED_ROWS = 1000
LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as people._new_lookup_code

USER_COLUMNS = (
    "id",
    "project_id",
    "kind",
    "name",
    "representative",
    "members",
    "address",
    "phone",
    "lookup_code",
    "resettlement_eligible",
)  # and search_name, computed in the database (not in the history: excluded there)
SENSITIVE_COLUMNS = (
    "land_user_id",
    "citizen_id",
    "ethnicity",
    "vulnerabilities",
    "health_notes",
    "bank_account",
)
HOLDING_COLUMNS = ("land_user_id", "parcel_id", "tenure", "share_pct", "affected_area_m2")


@transaction.atomic
def land_users_import(*, project: Project, actor, reason: str, land_users: list) -> dict:
    """Write checked land users (land_user_xlsx.LandUserInput) with their sensitive data and
    holdings, each with its first history row; registers_changed once for them all."""
    reason = require_reason(reason)
    if not land_users:
        return {"land_users": 0, "holdings": 0, "sensitive": 0}
    who = (timezone.now(), "+", actor.pk if actor else None, reason)
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own, for COPY
        _check_again(cursor, project, land_users)
        ids = next_ids(cursor, LandUser, len(land_users))
        codes = _lookup_codes(cursor, len(land_users))
        users, sensitive, holdings = [], [], []
        for pk, code, u in zip(ids, codes, land_users, strict=True):
            p = u.person
            users.append(
                (pk, project.pk, p["kind"], p["name"], p["representative"], p["members"])
                + (p["address"], p["phone"], code, False)
            )
            s = u.sensitive
            if s["citizen_id"] or s["ethnicity"] or s["vulnerabilities"]:
                sensitive.append(
                    (pk, s["citizen_id"], s["ethnicity"], s["vulnerabilities"], "", "")
                )
            holdings += [
                (pk, h.parcel_id, h.tenure, h.share_pct, h.affected_area_m2) for h in u.holdings
            ]
        _copy_land_users(cursor, users)
        copy_rows(cursor, LandUserSensitive._meta.db_table, SENSITIVE_COLUMNS, sensitive)
        copy_rows(cursor, Holding._meta.db_table, HOLDING_COLUMNS, holdings)
        history_of_new_rows(cursor, LandUser, ids, who)
        history_of_new_rows(
            cursor, LandUserSensitive, [r[0] for r in sensitive], who, key="land_user_id"
        )
        # The holdings' ids come from their table's identity: their history found by land user.
        history_of_new_rows(cursor, Holding, ids, who, key="land_user_id")
    registers_changed(project_id=project.pk, parcels=[h[1] for h in holdings], land_users=ids)
    return {"land_users": len(users), "holdings": len(holdings), "sensitive": len(sensitive)}


def _copy_land_users(cursor, users: list[tuple]) -> None:
    """The land users through a staging table, their searchable names computed on the way in
    as land_users_index_names stores them (one write of each row)."""
    names = sql.SQL(", ").join(map(sql.Identifier, USER_COLUMNS))
    cursor.execute(
        sql.SQL(
            "create temporary table land_user_stage on commit drop as "
            "select {names} from landcases_landuser with no data"
        ).format(names=names)
    )
    copy_rows(cursor, "land_user_stage", USER_COLUMNS, users)
    cursor.execute(
        sql.SQL(
            "insert into landcases_landuser ({names}, search_name) "
            "select {names}, {search} from land_user_stage"
        ).format(names=names, search=sql.SQL(SEARCH_NAME_SQL))
    )
    cursor.execute("drop table land_user_stage")


def _check_again(cursor, project: Project, land_users: list) -> None:
    """What the rows were checked against, again, with no holding or sensitive record added
    meanwhile (the two tables locked against writes until the end of the transaction; reads go
    on): the parcels' shares stay within 100 %, no citizen ID was registered meanwhile."""
    cursor.execute(
        "lock table landcases_holding, landcases_landusersensitive in share row exclusive mode"
    )
    added: dict[int, Decimal] = defaultdict(Decimal)
    for u in land_users:
        for h in u.holdings:
            added[h.parcel_id] += h.share_pct
    cursor.execute(
        "select h.parcel_id, sum(h.share_pct) from landcases_holding h "
        "where h.parcel_id = any(%s) group by h.parcel_id",
        [list(added)],
    )
    if any(total + added[pk] > 100 for pk, total in cursor.fetchall()):
        raise ValidationError(
            str(msg.XLSX_LU_REGISTER_CHANGED) % {"what": msg.XLSX_LU_CHANGED_SHARES}
        )
    citizen_ids = [u.sensitive["citizen_id"] for u in land_users if u.sensitive["citizen_id"]]
    cursor.execute(
        "select 1 from landcases_landusersensitive s join landcases_landuser u "
        "on u.id = s.land_user_id where u.project_id = %s and s.citizen_id = any(%s) limit 1",
        [project.pk, citizen_ids],
    )
    if len(set(citizen_ids)) != len(citizen_ids) or cursor.fetchone():
        raise ValidationError(
            str(msg.XLSX_LU_REGISTER_CHANGED) % {"what": msg.XLSX_LU_CHANGED_CITIZEN_IDS}
        )


# Each random byte → a letter of the alphabet (256 = 8 × 32: every letter equally likely).
_LETTERS = bytes(ord(LOOKUP_ALPHABET[b % len(LOOKUP_ALPHABET)]) for b in range(256))


def _lookup_codes(cursor, n: int) -> list[str]:
    """n new lookup codes, none already given (checked set-based, drawn again if so)."""
    codes: set[str] = set()
    while len(codes) < n:
        wanted = n - len(codes)
        letters = secrets.token_bytes(10 * wanted).translate(_LETTERS).decode()
        drawn = {letters[i : i + 10] for i in range(0, len(letters), 10)} - codes
        cursor.execute(
            "select lookup_code from landcases_landuser where lookup_code = any(%s)",
            [list(drawn)],
        )
        codes |= drawn - {code for (code,) in cursor.fetchall()}
    return sorted(codes)


# --- the job ------------------------------------------------------------------------------


def land_user_import_start(
    *,
    project: Project,
    actor,
    data: bytes,
    name: str,
    reason: str,
    language: str,
    dry_run: bool = False,
    inline: bool | None = None,
) -> SpreadsheetJob:
    """Take an upload: refused at once when it is no workbook; else done now (small) or
    queued for the worker."""
    reason = require_reason(reason)
    try:
        check_archive(data)
    except SpreadsheetError as exc:
        raise ValidationError({"file": str(exc)}) from None
    job = SpreadsheetJob.objects.create(
        project=project,
        kind=JobKind.LAND_USER_IMPORT,
        created_by=actor,
        language=language,
        input=data,
        input_name=name[:255],
        params={"reason": reason, "dry_run": dry_run},
    )
    if inline if inline is not None else len(data) <= INLINE_MAX_BYTES:
        return land_user_import_run(job_id=job.id)
    transaction.on_commit(lambda: _enqueue(job.id))
    return job


def _enqueue(job_id: int) -> None:
    from celery import current_app

    try:
        current_app.send_task(IMPORT_TASK, args=(job_id,), retry=False)
    except Exception:  # noqa: BLE001 - the user is told on the job's page; nothing was written
        logger.warning("could not enqueue %s for job %s", IMPORT_TASK, job_id, exc_info=True)
        _finish(job_id, JobStatus.FAILED, {"message": str(msg.JOB_NOT_QUEUED)})


def _finish(job_id: int, status: str, result: dict, *, output: bytes | None = None) -> None:
    fields = {"status": status, "result": result, "finished_at": timezone.now(), "input": None}
    if output is not None:
        fields |= {"output": output, "output_name": ERROR_SHEET_NAME}
    SpreadsheetJob.objects.filter(pk=job_id).update(**fields)


def land_user_import_run(*, job_id: int) -> SpreadsheetJob:
    """Do a queued import (idempotent: a finished job is left as it is)."""
    job = SpreadsheetJob.objects.select_related("project", "created_by").get(pk=job_id)
    if job.finished or job.input is None:
        return job
    SpreadsheetJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, phase="reading")
    try:
        with translation.override(job.language):
            _run(job)
    except Exception:
        _finish(job_id, JobStatus.FAILED, {"message": str(msg.JOB_FAILED)})
        raise
    return SpreadsheetJob.objects.get(pk=job_id)


def _progress(job_id: int, phase: str):
    def report(done: int, total: int) -> None:
        SpreadsheetJob.objects.filter(pk=job_id).update(phase=phase, done=done, total=total)

    return report


def _run(job: SpreadsheetJob) -> None:
    status, result, output = import_workbook(
        bytes(job.input or b""),
        project=job.project,
        actor=job.created_by,
        reason=job.params["reason"],
        dry_run=bool(job.params.get("dry_run")),
        progress=_progress(job.id, "checking"),
        writing=lambda: SpreadsheetJob.objects.filter(pk=job.id).update(phase="writing"),
    )
    # The job keeps the first refused rows for its page; the error sheet has them all.
    refused_rows = result.get("refused_rows") or []
    if len(refused_rows) > JOB_REFUSED_ROWS:
        result |= {"refused_rows": refused_rows[:JOB_REFUSED_ROWS], "refused_rows_cut": True}
    _finish(job.id, status, result, output=output)


def import_workbook(
    data: bytes, *, project, actor, reason: str, dry_run=False, progress=None, writing=None
) -> tuple[str, dict, bytes | None]:
    """Read, check and (unless refused or a dry run) write a workbook: its job status, the
    report (counts, each refused row with its number and reasons) and the error sheet. The
    page's job and the command `import_land_users` both come here."""
    from ..land_user_xlsx import LAND_USERS, masked_citizen_id, read_land_user_workbook

    try:
        book = read_land_user_workbook(data, project=project, progress=progress)
    except SpreadsheetError as exc:
        return JobStatus.REFUSED, {"message": str(exc), "refused_rows": []}, None
    result = {
        "rows": book.rows,
        "refused": book.refused,
        "refused_rows": [{"row": r.number, "reasons": r.errors} for r in book.read.refused],
    }
    if not book.ok:
        # The error sheet shows the citizen IDs as the reasons do (its rows are no register
        # record whose read the sensitive-read log could keep): the rest of the row as sent.
        sheet = errors_workbook([(LAND_USERS, book.read)], masked={"citizen_id": masked_citizen_id})
        return JobStatus.REFUSED, result, sheet
    result |= {"land_users": len(book.land_users), "holdings": book.holdings}
    if dry_run:
        return JobStatus.DONE, {**result, "dry_run": True}, None
    if writing:
        writing()
    try:
        written = land_users_import(
            project=project, actor=actor, reason=reason, land_users=book.land_users
        )
    except ValidationError as exc:
        return JobStatus.REFUSED, {**result, "message": " ".join(exc.messages)}, None
    return JobStatus.DONE, {**result, **written}, None
