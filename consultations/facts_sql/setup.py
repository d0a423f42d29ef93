"""The two inputs of the facts as temporary tables of the extracting transaction: the registers
as they stood at the end of D (their django-simple-history tables) and the standing records.

Registers (what `auditing.registers_as_of` reads, set-based): of every row, its latest history
version recorded by the moment, unless that version is a deletion; a row entered only later is
taken as it was first entered (registers are often typed in after the acts they concern).

  audit_area    (id)
  audit_parcel  (id, area_id, land_group)       parcels in a standing area
  audit_case    (id, land_user_id, resettlement_eligible, vulnerable, ethnic_minority)
                                                 standing land users that have a case row
  audit_holding (case_id, parcel_id, customary)  standing holdings of those, on those parcels
  audit_plan    (id, area_id, kind, version, base_id)   area_id NULL when not a standing area
  audit_line    (plan_id, case_id, net)         standing lines of standing plans and cases

Records (rules/records.py `standing`, set-based): the latest version of each chain of
corrections recorded by the end of D in Vietnam time (recorded axis; every version on the
happened axis), voids dropped, then only acts that happened by D (`standing_sql`):

  audit_other (id, root_id, kind, subject_type, sid, happened_on, payload)
               the records of every subject but the cases (those: case_records.py)

A correction is recorded after what it corrects (the stamping trigger refuses otherwise) and
supersedes the latest version, so a chain's versions are ordered alike by id and by the time
they were recorded: the version standing at T is the one recorded by T whose successor was not.
"""

# ruff: noqa: S608 - the SQL is built from model table names only; every value is a parameter

from __future__ import annotations

from datetime import date, datetime

from django.db import connection

from landcases.models import (
    CompensationPlan,
    Holding,
    LandUser,
    LandUserSensitive,
    Parcel,
    PlanLine,
    ProjectArea,
)

from ..models import Case, Event


def _table(model) -> str:
    return model._meta.db_table


def _history(model) -> str:
    return model.history.model._meta.db_table


def _as_of(model, columns: str, scope: str) -> str:
    """The rows of `model`'s register as they stood at %(moment)s (else as first entered),
    restricted to `scope` (a condition on the history row `h`, e.g. its project). `columns`:
    plain columns of `h` (only those are carried through the sorts: a parcel's geometry is
    not)."""
    table, pk = _history(model), model._meta.pk.column
    return f"""
        with latest as materialized (
            select distinct on (h.{pk}) h.{pk} as audit_key, h.history_type, {columns}
            from {table} h
            where h.history_date <= %(moment)s and {scope}
            order by h.{pk}, h.history_date desc, h.history_id desc
        ), kept as (
            select * from latest where history_type <> '-'
        ), entered as (
            select distinct on (h.{pk}) {columns} from {table} h
            where h.history_date > %(moment)s and h.history_type = '+' and {scope}
              and not exists (select 1 from kept k where k.audit_key = h.{pk})
            order by h.{pk}, h.history_date, h.history_id
        )
        select {columns} from kept h union all select {columns} from entered h
    """  # noqa: S608


def registers_sql() -> list[str]:
    project = "h.project_id = %(project)s"
    # a holding, a sensitive row or a line counts only on a parcel, for a land user or in a
    # plan of the project as of D, which the tables before them hold
    parcels_of_project = "h.parcel_id in (select id from audit_parcel)"
    users_of_project = "h.land_user_id in (select id from audit_user)"
    plans_of_project = "h.plan_id in (select id from audit_plan)"
    return [
        f"create temp table audit_area on commit drop as {_as_of(ProjectArea, 'h.id', project)}",
        f"""create temp table audit_parcel on commit drop as
            select p.id, p.area_id, u."group" as land_group
            from ({_as_of(Parcel, "h.id, h.area_id, h.land_use_id", project)}) p
            join landcases_landusecode u on u.code = p.land_use_id
            where p.area_id in (select id from audit_area)""",
        "analyze audit_parcel",  # the joins below are planned on its statistics
        f"""create temp table audit_user on commit drop as
            {_as_of(LandUser, "h.id, h.kind, h.resettlement_eligible", project)}""",
        "analyze audit_user",  # the scope of the next: a hash join, not 90,000 index probes
        f"""create temp table audit_sensitive on commit drop as
            {_as_of(LandUserSensitive, "h.land_user_id, h.vulnerabilities", users_of_project)}""",
        f"""create temp table audit_case on commit drop as
            select c.id, u.id as land_user_id, u.resettlement_eligible,
                   coalesce(cardinality(s.vulnerabilities), 0) > 0 as vulnerable,
                   coalesce('ethnic_minority' = any(s.vulnerabilities), false) as ethnic_minority
            from audit_user u join {_table(Case)} c on c.land_user_id = u.id
            left join audit_sensitive s on s.land_user_id = u.id""",
        "analyze audit_case",
        f"""create temp table audit_holding on commit drop as
            select c.id as case_id, h.parcel_id, h.tenure = 'customary' as customary
            from ({_as_of(Holding, "h.land_user_id, h.parcel_id, h.tenure", parcels_of_project)}) h
            join audit_case c on c.land_user_id = h.land_user_id
            join audit_parcel p on p.id = h.parcel_id  -- one row a parcel""",
        f"""create temp table audit_plan on commit drop as
            select p.id, case when p.area_id in (select id from audit_area) then p.area_id end
                   as area_id, p.kind, p.version, p.base_id
            from ({
            _as_of(CompensationPlan, "h.id, h.area_id, h.kind, h.version, h.base_id", project)
        }) p""",
        "analyze audit_plan",
        f"""create temp table audit_line on commit drop as
            select l.plan_id, c.id as case_id, l.net_vnd as net
            from ({_as_of(PlanLine, "h.plan_id, h.land_user_id, h.net_vnd", plans_of_project)}) l
            join audit_case c on c.land_user_id = l.land_user_id
            where l.plan_id in (select id from audit_plan)""",
    ]


RECORD_COLUMNS = """e.id, e.root_id, e.kind, e.subject_type,
    case e.subject_type when 'case' then e.case_id when 'area' then e.area_id
         when 'plan' then e.plan_id when 'grievance' then e.grievance_id
         else e.project_id end as sid,
    e.happened_on, e.payload"""


def standing_sql(*, known: bool, where: str, columns: str = RECORD_COLUMNS) -> str:
    """The standing records of the project, one row per chain: `columns` of the event `e`,
    `where` a further condition on it. `known`: on the recorded axis (only what was recorded
    by %(known_by)s)."""
    events = _table(Event)
    by = "and e.recorded_at <= %(known_by)s" if known else ""
    successor = "and n.recorded_at <= %(known_by)s" if known else ""
    return f"""
        select {columns}
        from {events} e
        where e.project_id = %(project)s and e.happened_on <= %(as_of)s and not e.is_void {by}
          and ({where})
          and not exists (select 1 from {events} n where n.supersedes_id = e.id {successor})
    """  # noqa: S608


# The records of the other subjects than the cases (areas, plans, grievances, the project: a
# few thousand), what most of the queries read, indexed. The cases' own records are read once,
# in one pass (case_records.py).
def other_sql(*, known: bool) -> str:
    where = "e.subject_type <> 'case'"
    return (
        f"create temp table audit_other on commit drop as {standing_sql(known=known, where=where)}"
    )


INDEXES = (
    "create index on audit_other (kind, sid)",
    "create index on audit_holding (parcel_id)",
    "analyze audit_other",
    "analyze audit_holding",
    "analyze audit_line",
)


def create_inputs(project_id: int, *, as_of: date, moment: datetime, known_by: datetime | None):
    """Create the temporary tables (inside the caller's transaction)."""
    params = {"project": project_id, "moment": moment, "as_of": as_of, "known_by": known_by}
    with connection.cursor() as cur:
        cur.execute("set local jit = off")  # compiling costs more than running, here
        cur.execute("set local work_mem = '64MB'")
        for statement in registers_sql():
            cur.execute(statement, params)
        cur.execute(other_sql(known=known_by is not None), params)
        for statement in INDEXES:
            cur.execute(statement)
