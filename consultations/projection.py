"""The stage projection: cases' stage intervals, recomputed whole from their events.

Recomputed (not patched) on every write, inside the event's transaction, with the case rows
locked in id order so that two meetings touching the same cases cannot deadlock.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F

from landcases.models import Holding, LandUser

from .models import Case, Event, ProjectionVersion
from .rules.chains import Version, Versioned, standing
from .rules.stages import Fact, intervals

logger = logging.getLogger(__name__)

AREA_STAGE_KINDS = ("posting_started",)


def _fact(kind: str, happened_on, payload: dict) -> Fact:
    opinion = payload.get("opinion", "") if kind in ("opinion", "dialogue_outcome") else ""
    return Fact(
        kind=kind,
        on=happened_on,
        opinion=opinion,
        posting_what=payload.get("what", "") if kind == "posting_started" else "",
        paid_in_full=bool(payload.get("in_full")) if kind == "payment" else False,
    )


def _versioned(row: dict, item) -> Versioned:
    version = Version(row["id"], row["root_id"] or row["id"], row["recorded_at"], row["is_void"])
    return Versioned(version, item)


EVENT_FIELDS = ("id", "root_id", "recorded_at", "is_void", "kind", "happened_on", "payload")


def case_facts(
    case_ids: list[int], *, known_by: datetime | None = None
) -> tuple[dict[int, list[Fact]], dict[int, bool]]:
    """Facts per case (its own events and its areas' events), as known at `known_by`."""
    own: dict[int, list] = defaultdict(list)
    for row in Event.objects.filter(case_id__in=case_ids).values("case_id", *EVENT_FIELDS):
        own[row["case_id"]].append(
            _versioned(row, _fact(row["kind"], row["happened_on"], row["payload"]))
        )
    areas_of: dict[int, set[int]] = defaultdict(set)
    holdings = Holding.objects.filter(land_user__case__id__in=case_ids, parcel__area__isnull=False)
    for case_id, area_id in holdings.values_list("land_user__case__id", "parcel__area_id"):
        areas_of[case_id].add(area_id)
    area_ids = {a for areas in areas_of.values() for a in areas}
    area_events: dict[int, list] = defaultdict(list)
    rows = Event.objects.filter(area_id__in=area_ids, kind__in=AREA_STAGE_KINDS)
    for row in rows.values("area_id", *EVENT_FIELDS):
        area_events[row["area_id"]].append(
            _versioned(row, _fact(row["kind"], row["happened_on"], row["payload"]))
        )
    eligible = dict(
        Case.objects.filter(id__in=case_ids).values_list("id", "land_user__resettlement_eligible")
    )
    facts = {}
    for case_id in case_ids:
        versions = list(own.get(case_id, []))
        for area_id in areas_of.get(case_id, ()):
            versions.extend(area_events.get(area_id, []))
        facts[case_id] = standing(versions, known_by=known_by)
    return facts, eligible


def recompute(case_ids: Iterable[int], *, project_id: int) -> int:
    """Recompute the intervals of these cases whole. Call inside the writing transaction."""
    ids = sorted(set(case_ids))
    if not ids:
        return 0
    assert transaction.get_connection().in_atomic_block, "recompute runs in the event's transaction"
    list(Case.objects.select_for_update().filter(id__in=ids).order_by("id").values_list("id"))
    _write(ids, project_id)
    bump_version(project_id)
    return len(ids)


INTERVAL_COLUMNS = (
    "case_id",
    "project_id",
    "stage",
    "stage_rank",
    "opinion",
    "overlays",
    "valid_from",
    "valid_to",
)
INTERVAL_TYPES = ("int8", "int8", "text", "int2", "text", "text[]", "date", "date")


def _write(ids: list[int], project_id: int, *, full_project: bool = False) -> None:
    """Replace the intervals and current stages of these cases. Written with COPY and one
    UPDATE … FROM: ORM bulk_update builds a CASE per row and grew with the square of the batch
    (a 100k-case rebuild took 304 s that way)."""
    facts, eligible = case_facts(ids)
    intervals_rows: list[tuple] = []
    state_rows: list[tuple] = []
    for case_id in ids:
        spans = intervals(facts[case_id], resettlement_eligible=eligible.get(case_id, False))
        last = spans[-1].state
        state_rows.append((case_id, last.stage, last.rank, last.opinion, list(last.overlays)))
        intervals_rows.extend(
            (
                case_id,
                project_id,
                s.state.stage,
                s.state.rank,
                s.state.opinion,
                list(s.state.overlays),
                s.valid_from,
                s.valid_to,
            )
            for s in spans
        )
    with connection.cursor() as cur:
        cur.execute("delete from consultations_stageinterval where case_id = any(%s)", [ids])
        columns = ", ".join(INTERVAL_COLUMNS)
        with cur.copy(f"copy consultations_stageinterval ({columns}) from stdin") as copy:
            copy.set_types(INTERVAL_TYPES)
            for row in intervals_rows:
                copy.write_row(row)
        cur.execute(
            "create temp table if not exists projection_case_state (id int8, stage text, "
            "stage_rank int2, opinion text, overlays text[]) on commit drop"
        )
        cur.execute("truncate projection_case_state")
        with cur.copy("copy projection_case_state from stdin") as copy:
            copy.set_types(("int8", "text", "int2", "text", "text[]"))
            for row in state_rows:
                copy.write_row(row)
        cur.execute(
            "update consultations_case c set stage = s.stage, stage_rank = s.stage_rank, "
            "opinion = s.opinion, overlays = s.overlays from projection_case_state s "
            "where c.id = s.id"
        )
    if not full_project:
        _refresh_parcel_stages(_PARCELS_OF_CASES, ids)


# The parcel stages of a set of parcels, from the cases holding them (upsert).
_PARCEL_STAGES_SQL = """
    insert into consultations_parcelstage
        (parcel_id, project_id, area_id, commune_id, land_group, stage_rank, opinions, overlays)
    select pa.id, pa.project_id, pa.area_id, pa.commune_at_survey_id, lu."group",
           min(coalesce(c.stage_rank, 0)),
           coalesce(array_agg(distinct c.opinion) filter (where c.opinion <> ''), '{}'),
           coalesce(array_agg(distinct ov) filter (where ov is not null), '{}')
    from landcases_parcel pa
    join landcases_landusecode lu on lu.code = pa.land_use_id
    left join landcases_holding h on h.parcel_id = pa.id
    left join consultations_case c on c.land_user_id = h.land_user_id
    left join lateral unnest(c.overlays) ov on true
    where pa.id in (%s)
    group by pa.id, lu."group"
    on conflict (parcel_id) do update set
        area_id = excluded.area_id, commune_id = excluded.commune_id,
        land_group = excluded.land_group, stage_rank = excluded.stage_rank,
        opinions = excluded.opinions, overlays = excluded.overlays
"""
_PARCELS_OF_CASES = """
    select distinct h.parcel_id from landcases_holding h
    join consultations_case c on c.land_user_id = h.land_user_id where c.id = any(%s)
"""
_PARCELS_OF_PROJECT = "select id from landcases_parcel where project_id = %s"


def _refresh_parcel_stages(parcels_sql: str, param) -> None:
    with connection.cursor() as cur:
        cur.execute(_PARCEL_STAGES_SQL % parcels_sql, [param])


def refresh_project_parcel_stages(project_id: int) -> None:
    """All parcel stages of a project, after a rebuild or a register edit (set-based)."""
    with connection.cursor() as cur:
        cur.execute(
            "delete from consultations_parcelstage ps where ps.project_id = %s and not exists "
            "(select 1 from landcases_parcel pa where pa.id = ps.parcel_id)",
            [project_id],
        )
        cur.execute("select registers_version from landcases_project where id = %s", [project_id])
        (registers_version,) = cur.fetchone()
    _refresh_parcel_stages(_PARCELS_OF_PROJECT, project_id)
    ProjectionVersion.objects.update_or_create(
        project_id=project_id, defaults={"registers_version": registers_version}
    )


def _freshness(project_id: int) -> tuple[bool, int]:
    """(parcel stages built from the registers as they are now, projection version)."""
    with connection.cursor() as cur:
        cur.execute(
            "select p.registers_version = coalesce(v.registers_version, -1), "
            "coalesce(v.version, 0) from landcases_project p "
            "left join consultations_projectionversion v on v.project_id = p.id where p.id = %s",
            [project_id],
        )
        fresh, version = cur.fetchone()
    return fresh, version


def ensure_parcel_stages(project_id: int) -> int:
    """Refresh the project's parcel stages if a register edit made them stale, and answer the
    projection version to key caches on (one query when nothing is stale: maps call this on
    every tile)."""
    fresh, version = _freshness(project_id)
    if fresh:
        return version
    with transaction.atomic():
        with connection.cursor() as cur:  # one refresh at a time per project
            cur.execute("select pg_advisory_xact_lock(%s, %s)", [4711, project_id])
        fresh, version = _freshness(project_id)
        if fresh:
            return version
        refresh_project_parcel_stages(project_id)
        bump_version(project_id)
        # A register edit can also move cases (a parcel into another area, a new holding, the
        # resettlement flag): rebuild them in the background; the rebuild refreshes the parcel
        # stages again when it is done.
        transaction.on_commit(lambda: _enqueue_rebuild(project_id))
    return _freshness(project_id)[1]


def _enqueue_rebuild(project_id: int) -> None:
    from .tasks import rebuild_projection

    try:
        rebuild_projection.apply_async((project_id,), retry=False)
    except Exception:  # noqa: BLE001 - the map is served either way; the command rebuilds too
        logger.warning("could not enqueue the rebuild of project %s", project_id, exc_info=True)


def bump_version(project_id: int) -> None:
    updated = ProjectionVersion.objects.filter(project_id=project_id).update(
        version=F("version") + 1
    )
    if not updated:
        ProjectionVersion.objects.get_or_create(project_id=project_id, defaults={"version": 1})


def cases_ensure(*, project_id: int) -> int:
    """A case for every land user of the project that has none yet (stage `identified`).
    One at a time per project (two pages opened at once would collide otherwise)."""
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(%s, %s)", [4712, project_id])
        missing = LandUser.objects.filter(project_id=project_id, case__isnull=True).values_list(
            "id", flat=True
        )
        new = Case.objects.bulk_create(
            [Case(project_id=project_id, land_user_id=lu) for lu in missing], batch_size=5000
        )
        if new:
            recompute([c.id for c in new], project_id=project_id)
    return len(new)


def rebuild(*, project_id: int, batch: int = 5000, progress=None) -> int:
    """Recompute every case of a project, in batches (the rebuild command and its task)."""
    cases_ensure(project_id=project_id)
    ids = list(
        Case.objects.filter(project_id=project_id).order_by("id").values_list("id", flat=True)
    )
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            chunk = ids[start : start + batch]
            list(
                Case.objects.select_for_update()
                .filter(id__in=chunk)
                .order_by("id")
                .values_list("id")
            )
            _write(chunk, project_id, full_project=True)
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    with transaction.atomic():
        refresh_project_parcel_stages(project_id)
        bump_version(project_id)
    return len(ids)


def cases_of_area(area_id: int) -> list[int]:
    with connection.cursor() as cur:
        cur.execute(
            """
            select distinct c.id from consultations_case c
            join landcases_holding h on h.land_user_id = c.land_user_id
            join landcases_parcel p on p.id = h.parcel_id
            where p.area_id = %s
            """,
            [area_id],
        )
        return [r[0] for r in cur.fetchall()]
