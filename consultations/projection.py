"""The stage projection: cases' stage intervals and the map's parcel stages, recomputed whole
from the record by the writes that change them — never by a read.

Recomputed (not patched: back-dated events make deltas wrong) inside the writing transaction.
Lock order, the same for every writer so that none can deadlock: the case rows in id order,
then the parcel-stage rows in parcel order, then the project's version row (last, once).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from landcases.models import CompensationPlan, Holding, LandUser, PlanLine, RegisterChange

from .models import Case, Event, ProjectionVersion
from .rules.plans import Term
from .rules.records import Record, standing
from .rules.stages import intervals

# Shared acts that move the stage of every case of their area.
AREA_STAGE_KINDS = ("posting_started",)
# Acts about a plan version that move the stage of the cases it concerns.
PLAN_STAGE_KINDS = ("plan_approved",)

EVENT_FIELDS = (
    "id",
    "root_id",
    "kind",
    "subject_type",
    "happened_on",
    "recorded_at",
    "payload",
    "is_void",
)


def record_of(row: dict, subject_id: int) -> Record:
    return Record(
        id=row["id"],
        root_id=row["root_id"],
        kind=row["kind"],
        subject_type=row["subject_type"],
        subject_id=subject_id,
        happened_on=row["happened_on"],
        recorded_at=row["recorded_at"],
        payload=row["payload"],
        is_void=row["is_void"],
    )


def _areas_of_cases(case_ids) -> dict[int, set[int]]:
    areas_of: dict[int, set[int]] = defaultdict(set)
    holdings = Holding.objects.filter(land_user__case__id__in=case_ids, parcel__area__isnull=False)
    for case_id, area_id in holdings.values_list("land_user__case__id", "parcel__area_id"):
        areas_of[case_id].add(area_id)
    return areas_of


@dataclass(frozen=True)
class CaseContext:
    """What the registers tell the stage function about a case: its resettlement flag, its
    lines in the plan versions, and each version's base (the whole project's)."""

    resettlement_eligible: bool = False
    terms: tuple[Term, ...] = ()
    bases: dict[int, int | None] | None = None
    kinds: dict[int, str] | None = None  # each version's kind (the whole project's)


def _terms_of_cases(
    case_ids,
) -> tuple[dict[int, list[Term]], dict[int, int | None], dict[int, str]]:
    """Each case's lines (one Term per plan version listing it), and every base and kind of
    those versions' project."""
    terms: dict[int, list[Term]] = defaultdict(list)
    rows = PlanLine.objects.filter(land_user__case__id__in=case_ids).values_list(
        "land_user__case__id", "plan_id", "plan__kind", "plan__base_id", "plan__version", "net_vnd"
    )
    projects = set()
    for case_id, plan_id, kind, base, version, net in rows:
        terms[case_id].append(Term(plan_id, kind, base, version, net, None))
        projects.add(plan_id)
    plans = (
        CompensationPlan.objects.filter(
            project__in=CompensationPlan.objects.filter(pk__in=projects).values("project")
        ).values_list("id", "base_id", "kind")
        if projects
        else []
    )
    bases: dict[int, int | None] = {}
    kinds: dict[int, str] = {}
    for plan_id, base_id, kind in plans:
        bases[plan_id], kinds[plan_id] = base_id, kind
    return terms, bases, kinds


def case_records(
    case_ids: list[int], *, known_by: datetime | None = None
) -> tuple[dict[int, list[Record]], dict[int, CaseContext]]:
    """The standing records of each case (its own, its areas' that move a stage, its plan
    versions' approvals, its grievances'), as known at `known_by` (now when None); and what
    the registers say of it (CaseContext)."""
    own: dict[int, list[Record]] = defaultdict(list)
    for row in Event.objects.filter(case_id__in=case_ids).values("case_id", *EVENT_FIELDS):
        own[row["case_id"]].append(record_of(row, row["case_id"]))
    areas_of = _areas_of_cases(case_ids)
    terms, bases, kinds = _terms_of_cases(case_ids)
    plans_of = {case_id: {t.plan_id for t in ts} for case_id, ts in terms.items()}
    area_ids = {a for areas in areas_of.values() for a in areas}
    plan_ids = {p for plans in plans_of.values() for p in plans}
    shared: dict[tuple[str, int], list[Record]] = defaultdict(list)
    rows = Event.objects.filter(area_id__in=area_ids, kind__in=AREA_STAGE_KINDS)
    for row in rows.values("area_id", *EVENT_FIELDS):
        shared[("area", row["area_id"])].append(record_of(row, row["area_id"]))
    rows = Event.objects.filter(plan_id__in=plan_ids, kind__in=PLAN_STAGE_KINDS)
    for row in rows.values("plan_id", *EVENT_FIELDS):
        shared[("plan", row["plan_id"])].append(record_of(row, row["plan_id"]))
    grievances_of: dict[int, set[int]] = defaultdict(set)
    with connection.cursor() as cur:  # the grievances (any version of them) about these cases
        cur.execute(
            "select distinct e.grievance_id, x::bigint from consultations_event e, "
            "jsonb_array_elements(e.payload -> 'cases') x "
            "where e.kind = 'grievance_received' and x::bigint = any(%s)",
            [list(case_ids)],
        )
        for grievance_id, case_id in cur.fetchall():
            grievances_of[case_id].add(grievance_id)
    grievance_ids = {g for gs in grievances_of.values() for g in gs}
    rows = Event.objects.filter(grievance_id__in=grievance_ids)
    for row in rows.values("grievance_id", *EVENT_FIELDS):
        shared[("grievance", row["grievance_id"])].append(record_of(row, row["grievance_id"]))
    eligible = dict(
        Case.objects.filter(id__in=case_ids).values_list("id", "land_user__resettlement_eligible")
    )
    result, contexts = {}, {}
    for case_id in case_ids:
        mine = list(own.get(case_id, []))
        for area_id in areas_of.get(case_id, ()):
            mine.extend(shared.get(("area", area_id), []))
        for plan_id in plans_of.get(case_id, ()):
            mine.extend(shared.get(("plan", plan_id), []))
        for grievance_id in grievances_of.get(case_id, ()):
            mine.extend(shared.get(("grievance", grievance_id), []))
        result[case_id] = standing(mine, known_by=known_by)
        contexts[case_id] = CaseContext(
            eligible.get(case_id, False), tuple(terms.get(case_id, ())), bases, kinds
        )
    return result, contexts


def case_intervals(records: list[Record], context: CaseContext):
    return intervals(
        records,
        resettlement_eligible=context.resettlement_eligible,
        terms=context.terms,
        bases=context.bases,
        kinds=context.kinds,
    )


def cases_touched(events: Iterable[Event]) -> list[int]:
    """The cases whose stage these events may move."""
    ids: set[int] = set()
    areas: set[int] = set()
    plans: set[int] = set()
    grievances: set[int] = set()
    for e in events:
        if e.case_id:
            ids.add(e.case_id)
        elif e.area_id and e.kind in AREA_STAGE_KINDS:
            areas.add(e.area_id)
        elif e.plan_id and e.kind in PLAN_STAGE_KINDS:
            plans.add(e.plan_id)
        elif e.grievance_id:
            grievances.add(e.grievance_id)
    if plans:  # the cases with a line in the plan version
        ids |= set(
            Case.objects.filter(land_user__plan_lines__plan_id__in=plans).values_list(
                "id", flat=True
            )
        )
    if grievances:  # the cases the grievance is about
        for cases in Event.objects.filter(
            grievance_id__in=grievances, kind="grievance_received"
        ).values_list("payload__cases", flat=True):
            ids.update(cases or ())
    for area_id in areas:
        ids.update(cases_of_area(area_id))
    return sorted(ids)


def recompute(case_ids: Iterable[int], *, project_id: int, parcels: Iterable[int] = ()) -> int:
    """Recompute the intervals of these cases whole, then the stages of their parcels (and of
    `parcels`), then bump the project's version. Call inside the writing transaction."""
    ids = sorted(set(case_ids))
    extra = sorted(set(parcels))
    if not ids and not extra:
        return 0
    assert transaction.get_connection().in_atomic_block, "recompute runs in the writing transaction"
    list(Case.objects.select_for_update().filter(id__in=ids).order_by("id").values_list("id"))
    if ids:
        _write(ids, project_id)
    _refresh_parcel_stages(_parcels_of_cases(ids) | set(extra))
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


def _write(ids: list[int], project_id: int) -> None:
    """Replace the intervals and current stages of these cases. Written with COPY and one
    UPDATE … FROM: ORM bulk_update builds a CASE per row and grew with the square of the batch
    (a 100k-case rebuild took 304 s that way)."""
    records, contexts = case_records(ids)
    intervals_rows: list[tuple] = []
    state_rows: list[tuple] = []
    for case_id in ids:
        spans = case_intervals(records[case_id], contexts[case_id])
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


def _parcels_of_cases(ids: list[int]) -> set[int]:
    if not ids:
        return set()
    with connection.cursor() as cur:
        cur.execute(
            "select distinct h.parcel_id from landcases_holding h "
            "join consultations_case c on c.land_user_id = h.land_user_id where c.id = any(%s)",
            [ids],
        )
        return {r[0] for r in cur.fetchall()}


# The stage of each parcel from the cases holding it: the least advanced stage, the opinions
# of the cases at that stage (a parcel matches an opinion by its least advanced case), whether
# any holder disagrees (the red outline), and every holder's overlays. A holder without a case
# row yet counts as `identified`. Upserted in parcel order (the lock order of every writer);
# rows of parcels that no longer exist are removed.
_PARCEL_STAGES_SQL = """
    with holders as (
        select pa.id as parcel_id, pa.project_id, pa.area_id, pa.commune_at_survey_id,
               lu."group" as land_group, h.id as holding_id,
               coalesce(c.stage_rank, 0) as rank, coalesce(c.opinion, '') as opinion,
               coalesce(c.overlays, '{}')
                 || case when od.case_id is null then '{}' else '{overdue}'::varchar[] end
                 as overlays
        from landcases_parcel pa
        join landcases_landusecode lu on lu.code = pa.land_use_id
        left join landcases_holding h on h.parcel_id = pa.id
        left join consultations_case c on c.land_user_id = h.land_user_id
        -- `overdue` comes from the latest nightly audit run (auditruns.overdue_update)
        left join consultations_overduecase od on od.case_id = c.id
        where pa.id = any(%(parcels)s)
    ), least as (
        select parcel_id, min(rank) as rank from holders group by parcel_id
    ), overlays as (
        -- once per parcel: a subquery per group rescanned the whole CTE (quadratic: 35 s of
        -- a 20,000-parcel rebuild)
        select parcel_id, array_agg(distinct ov order by ov) as overlays
        from holders, unnest(holders.overlays) ov group by parcel_id
    )
    insert into consultations_parcelstage (parcel_id, project_id, area_id, commune_id,
        land_group, stage_rank, opinions, disagree, overlays)
    select h.parcel_id, min(h.project_id), min(h.area_id), min(h.commune_at_survey_id),
           min(h.land_group), l.rank,
           coalesce(array_agg(distinct h.opinion) filter (
               where h.rank = l.rank and h.opinion <> '' and h.holding_id is not null), '{}'),
           coalesce(bool_or(h.opinion = 'disagree'), false),
           coalesce(o.overlays, '{}')
    from holders h join least l using (parcel_id) left join overlays o using (parcel_id)
    group by h.parcel_id, l.rank, o.overlays
    order by h.parcel_id
    on conflict (parcel_id) do update set
        area_id = excluded.area_id, commune_id = excluded.commune_id,
        land_group = excluded.land_group, stage_rank = excluded.stage_rank,
        opinions = excluded.opinions, disagree = excluded.disagree, overlays = excluded.overlays
"""


# Every writer first holds the stage rows of its parcels (made if missing), in parcel order;
# the stages are then computed by a later statement, whose snapshot sees the cases of any
# writer that held those rows before it (READ COMMITTED: one snapshot per statement). Computed
# in the same statement as the lock, a writer waiting on a row would write the stage from the
# cases as they were before the other writer committed (a co-holder's new stage lost).
_HOLD_PARCEL_STAGES_SQL = """
    insert into consultations_parcelstage (parcel_id, project_id, area_id, commune_id,
        land_group, stage_rank, opinions, disagree, overlays)
    select pa.id, pa.project_id, pa.area_id, pa.commune_at_survey_id, lu."group", 0, '{}',
           false, '{}'
    from landcases_parcel pa join landcases_landusecode lu on lu.code = pa.land_use_id
    where pa.id = any(%(parcels)s)
    order by pa.id
    on conflict (parcel_id) do nothing
"""


def _refresh_parcel_stages(parcel_ids: set[int]) -> None:
    if not parcel_ids:
        return
    ids = sorted(parcel_ids)
    with connection.cursor() as cur:
        cur.execute(_HOLD_PARCEL_STAGES_SQL, {"parcels": ids})
        cur.execute(
            "select parcel_id from consultations_parcelstage where parcel_id = any(%s) "
            "order by parcel_id for update",
            [ids],
        )
        cur.execute(_PARCEL_STAGES_SQL, {"parcels": ids})
        cur.execute(
            "delete from consultations_parcelstage ps where ps.parcel_id = any(%s) and not exists "
            "(select 1 from landcases_parcel pa where pa.id = ps.parcel_id)",
            [ids],
        )


def refresh_project_parcel_stages(project_id: int) -> None:
    """All parcel stages of a project (after a rebuild), set-based."""
    with connection.cursor() as cur:
        cur.execute(
            "delete from consultations_parcelstage ps where ps.project_id = %s and not exists "
            "(select 1 from landcases_parcel pa where pa.id = ps.parcel_id)",
            [project_id],
        )
        cur.execute("select id from landcases_parcel where project_id = %s", [project_id])
        ids = {r[0] for r in cur.fetchall()}
    _refresh_parcel_stages(ids)


def bump_version(project_id: int) -> None:
    updated = ProjectionVersion.objects.filter(project_id=project_id).update(
        version=F("version") + 1
    )
    if not updated:
        ProjectionVersion.objects.get_or_create(project_id=project_id, defaults={"version": 1})


def _create_cases(project_id: int, land_user_ids: Iterable[int] | None) -> list[int]:
    """A case (stage `identified`) for each of these land users (all of the project when
    None) that has none yet. One creator at a time per project."""
    with connection.cursor() as cur:
        cur.execute("select pg_advisory_xact_lock(%s, %s)", [4712, project_id])
    missing = LandUser.objects.filter(project_id=project_id, case__isnull=True)
    if land_user_ids is not None:
        missing = missing.filter(pk__in=list(land_user_ids))
    new = Case.objects.bulk_create(
        [
            Case(project_id=project_id, land_user_id=lu)
            for lu in missing.values_list("id", flat=True)
        ],
        batch_size=5000,
    )
    return [c.id for c in new]


def apply_register_changes(*, project_id: int, limit: int = 500) -> int:
    """Bring the projection up to date with the register changes recorded since the last
    application: new cases for new land users, the cases and parcels touched recomputed.
    Only what the changes name; idempotent (a change applied twice gives the same rows)."""
    applied = 0
    while True:
        with transaction.atomic():
            changes = list(
                RegisterChange.objects.select_for_update(skip_locked=True)
                .filter(project_id=project_id, applied_at__isnull=True)
                .order_by("id")[:limit]
            )
            if not changes:
                return applied
            users = {u for c in changes for u in c.land_users}
            parcels = {p for c in changes for p in c.parcels}
            users |= set(
                Holding.objects.filter(parcel_id__in=parcels).values_list("land_user_id", flat=True)
            )
            _create_cases(project_id, users)
            case_ids = list(
                Case.objects.filter(land_user_id__in=users).values_list("id", flat=True)
            )
            recompute(case_ids, project_id=project_id, parcels=parcels)
            RegisterChange.objects.filter(pk__in=[c.pk for c in changes]).update(
                applied_at=timezone.now()
            )
            applied += len(changes)


def rebuild(*, project_id: int, batch: int = 5000, progress=None) -> int:
    """Recompute every case of a project, in batches (the rebuild command and its task)."""
    with transaction.atomic():
        _create_cases(project_id, None)
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
            _write(chunk, project_id)
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
