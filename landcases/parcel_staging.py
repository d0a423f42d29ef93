"""The set-based half of a parcel import (landcases/services/parcel_imports.py): the features
COPYed as WKB into a staging table of the job, checked there in a few statements under a
statement timeout (geometry type, vertex count before validity, validity with its reason,
ST_MakeValid only where the user chose repair, the project's boundary, keys repeated in the
file), transformed by PostGIS's PROJ to EPSG:4326 and measured in the project's VN-2000 zone
(landcases.geometry's one area expression), and refused where they overlap one another or the
register's parcels beyond a tolerance (OVERLAPS); then, in the caller's transaction, written into
the register with the history rows django-simple-history would write."""

import time
from decimal import Decimal

from django.db import DatabaseError, connection, transaction

from .geometry import MAX_VERTICES, _area_sql
from .models import Parcel

STAGE_COLUMNS = (
    "row",
    "wkb",
    "commune_id",
    "map_kind",
    "sheet_no",
    "parcel_no",
    "land_use",
    "legal",
    "certificate_no",
    "address",
    "code",
    "reason",
)

STAGE_TYPES = (
    "int4",
    "bytea",
    "int8",
    "text",
    "text",
    "text",
    "text",
    "numeric",
    "text",
    "text",
    "text",
    "text",
)

CREATE = """
create temporary table {t} (
    row integer primary key,
    wkb bytea,
    commune_id bigint,
    map_kind text,
    sheet_no text,
    parcel_no text,
    land_use text,
    legal numeric,
    certificate_no text,
    address text,
    code text,          -- the refusal's code (null: accepted so far)
    reason text,        -- its words, or the validity reason for the caller to translate
    g geometry,
    npoints integer,
    gtype text,
    repaired text,      -- the validity reason of a shape repaired
    g4326 geometry,
    geometric numeric,
    recovered numeric,
    parcel_id bigint,
    changed text[]      -- the register fields a matched parcel changes
)
"""

# Two parcels' shapes may overlap by digitising noise: separately digitised edges of a 1:1000–
# 1:2000 sheet lie some 0.1–0.3 m apart, a sliver of a few m² along a 20–30 m edge, about 1 %
# of a 20 × 30 m plot. A shape is refused when it overlaps another by more than both of these
# (the first alone would refuse the slivers of large fields, the second alone those of tiny
# plots); a parcel digitised twice, shifted or drawn over its neighbour overlaps by far more.
OVERLAP_MIN_M2 = Decimal(1)
OVERLAP_MIN_SHARE = Decimal("0.01")  # of the smaller of the two shapes' areas

# A shape accepted so far that overlaps another accepted shape of the file (each pair measured
# once, both refused), or a parcel of the project of the same map kind (an extract survey,
# trích đo, re-measures land the cadastral sheet shows) that is neither the one it updates
# (same natural key) nor one another accepted shape of the file updates (that one is compared as
# its new shape). `&&` then ST_Intersects finds the candidates through the GiST indexes (the
# staging table's, the register's); ST_Relate keeps the pairs whose interiors meet (parcels
# that only share an edge or a corner never are measured); the overlap is measured in the
# project's zone. The reason (JSON): the largest overlap's other row and key (row null: a
# parcel of the register), its area, and how many overlaps the shape has. `b.row - a.row > 0`
# and `project_id + 0` are not indexable on purpose: the pairs come through the GiST indexes,
# never through the primary key's range (every later row for each row) or the project's
# index (every staged shape for each of the project's parcels).
OVERLAPS = f"""
update {{t}} s set code = 'overlap', reason = o.reason
from (select distinct on (f.row) f.row,
             json_build_object('row', f.other_row, 'key', f.other_key, 'area', f.area,
                               'count', count(*) over (partition by f.row))::text reason
      from (select x.row, x.other_row, x.other_key, pr.area
            from (select a.row ar, b.row br, a.sheet_no || '/' || a.parcel_no ak,
                         b.sheet_no || '/' || b.parcel_no bk, least(a.geometric, b.geometric) small,
                         {_area_sql("ST_Intersection(a.g4326, b.g4326)")} area
                  from {{t}} a join {{t}} b on b.row - a.row > 0 and a.g4326 && b.g4326
                       and ST_Intersects(a.g4326, b.g4326), landcases_project p
                  where p.id = %(project)s and a.code is null and b.code is null
                    and ST_Relate(a.g4326, b.g4326, 'T********') offset 0) pr
            cross join lateral (values (pr.ar, pr.br, pr.bk), (pr.br, pr.ar, pr.ak))
                 x(row, other_row, other_key)
            where pr.area > {OVERLAP_MIN_M2} and pr.area > {OVERLAP_MIN_SHARE} * pr.small
            union all
            select e.row, null, e.key, e.area
            from (select a.row, pa.sheet_no || '/' || pa.parcel_no key,
                         least(a.geometric, pa.geometric_area_m2) small,
                         {_area_sql("ST_Intersection(a.g4326, pa.geom)")} area
                  from {{t}} a join landcases_parcel pa on pa.project_id + 0 = %(project)s
                       and pa.map_kind = a.map_kind
                       and a.g4326 && pa.geom and ST_Intersects(a.g4326, pa.geom),
                       landcases_project p
                  where p.id = %(project)s and a.code is null
                    and pa.id is distinct from a.parcel_id
                    and not exists (select from {{t}} u
                                    where u.parcel_id = pa.id and u.code is null)
                    and ST_Relate(a.g4326, pa.geom, 'T********') offset 0) e
            where e.area > {OVERLAP_MIN_M2} and e.area > {OVERLAP_MIN_SHARE} * e.small) f
      order by f.row, f.area desc, f.other_row nulls first, f.other_key) o
where s.row = o.row and s.code is null
"""  # noqa: S608 - composed of our own constants

CHECKS = [
    # Parsed in the source CRS, with its type and vertex count (no validity on a huge shape).
    """update {t} set (g, gtype, npoints) = (
           select x.g, GeometryType(x.g), ST_NPoints(x.g)
           from (select ST_Force2D(ST_GeomFromWKB(wkb, %(srid)s)) g offset 0) x), wkb = null
       where wkb is not null""",
    f"""update {{t}} set
           code = case when g is null or ST_IsEmpty(g) then 'empty'
                       when gtype not in ('POLYGON', 'MULTIPOLYGON') then 'not_polygon'
                       else 'too_complex' end,
           reason = case when gtype not in ('POLYGON', 'MULTIPOLYGON') then gtype
                         else npoints::text end
       where code is null and (g is null or ST_IsEmpty(g)
             or gtype not in ('POLYGON', 'MULTIPOLYGON') or npoints > {MAX_VERTICES})""",  # noqa: S608
    # Validity, once per shape: the invalid ones keep GEOS's reason; repaired where the user
    # chose it (only those), else refused.
    """update {t} set repaired = ST_IsValidReason(g) where code is null and not ST_IsValid(g)""",
    """update {t} set g = ST_CollectionExtract(ST_MakeValid(g), 3)
       where code is null and repaired is not null and %(repair)s""",
    """update {t} set code = case when %(repair)s then 'repair_failed' else 'invalid' end,
              reason = repaired
       where code is null and repaired is not null and (not %(repair)s or ST_IsEmpty(g))""",
    # PROJ's EPSG transformation to the stored CRS; the boundary; the areas in the zone
    # (`offset 0`: the transformed shape and its area computed once, not inlined into each use).
    f"""update {{t}} s set (g4326, code, geometric, recovered) = (
           select y.g,
                  case when ST_Intersects(y.g, p.boundary) then null else 'outside' end,
                  y.a,
                  case when ST_CoveredBy(y.g, p.boundary) then y.a
                       else least(y.a, {_area_sql("ST_Intersection(y.g, p.boundary)")}) end
           from (select x.g, {_area_sql("x.g")} a
                 from (select ST_Multi(ST_Transform(s.g, 4326)) g offset 0) x offset 0) y)
       from landcases_project p where s.code is null and p.id = %(project)s""",  # noqa: S608
    # A key the file repeats: every row of it is refused (which one is right is not known).
    """update {t} s set code = 'repeated', reason = d.rows
       from (select commune_id, map_kind, sheet_no, parcel_no,
                    string_agg(row::text, ', ' order by row) rows
             from {t} where code is distinct from 'attributes'
             group by 1, 2, 3, 4 having count(*) > 1) d
       where s.code is null and s.commune_id = d.commune_id and s.map_kind = d.map_kind
         and s.sheet_no = d.sheet_no and s.parcel_no = d.parcel_no""",
    # The register's parcel of the same natural key, when there is one.
    """update {t} s set parcel_id = pa.id from landcases_parcel pa
       where s.code is null and pa.project_id = %(project)s
         and pa.commune_at_survey_id = s.commune_id and pa.map_kind = s.map_kind
         and pa.sheet_no = s.sheet_no and pa.parcel_no = s.parcel_no""",
    # The matched parcels locked as a register edit locks them (parcel_update, a holding's
    # write): none changes, loses or gains a holding between this check and the write.
    """select count(*) from (select 1 from landcases_parcel
       where id in (select parcel_id from {t} where parcel_id is not null)
       order by id for update) locked""",
    # A new legal area below a holding's affected area (parcel_update's check).
    """update {t} s set code = 'affected_too_large', reason = h.affected::text
       from (select parcel_id, max(affected_area_m2) affected from landcases_holding
             where parcel_id in (select parcel_id from {t} where parcel_id is not null)
             group by parcel_id) h
       where s.code is null and h.parcel_id = s.parcel_id and h.affected > s.legal""",
    # Overlaps, last (among the shapes accepted by everything else), with fresh statistics
    # (the first analyze saw no g4326). Their indexes are made with the table (INDEXES): one
    # built here, after the updates, would be unusable until the transaction ends (its
    # `indcheckxmin`: the updates' HOT chains), and the self-join scanned every pair.
    "analyze {t}",
    OVERLAPS,
]


# The overlaps' indexes (the shapes accepted so far, the parcels they update), made before
# the load and the checks (see CHECKS).
INDEXES = (
    "create index on {t} using gist (g4326) where code is null",
    "create index on {t} (parcel_id) where code is null",
)


def table_name(job_id: int) -> str:
    return f"parcel_stage_{int(job_id)}"


TEMP_BUFFERS = "256MB"  # the default 8 MB spills 100,000 staged shapes to disk


def create(job_id: int) -> str:
    t = table_name(job_id)
    try:  # settable only before the session's first temporary table: else left as it is
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("select set_config('temp_buffers', %s, false)", [TEMP_BUFFERS])
    except DatabaseError:
        pass
    with connection.cursor() as cur:
        cur.execute(f"drop table if exists {t}")
        cur.execute(CREATE.format(t=t))
        for statement in INDEXES:
            cur.execute(statement.format(t=t))
    return t


def drop(t: str) -> None:
    with connection.cursor() as cur:
        cur.execute(f"drop table if exists {t}")


def load(t: str, rows) -> int:
    count = 0
    columns = ", ".join(STAGE_COLUMNS)
    statement = f"copy {t} ({columns}) from stdin (format binary)"
    with connection.cursor() as cur, cur.copy(statement) as copy:
        copy.set_types(STAGE_TYPES)
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def check(
    t: str, *, srid: int, project_id: int, repair: bool, timeout_ms: int, progress
) -> list[float]:
    params = {"srid": srid, "project": project_id, "repair": repair}
    times = []
    with connection.cursor() as cur:
        cur.execute(f"analyze {t}")
        cur.execute("select set_config('statement_timeout', %s, true)", [f"{int(timeout_ms)}ms"])
        cur.execute("select set_config('jit', 'off', true)")  # compiling cost 0.4-0.7 s each
        for i, statement in enumerate(CHECKS):
            t0 = time.perf_counter()
            cur.execute(statement.format(t=t), params)
            times.append(round(time.perf_counter() - t0, 3))
            progress(i + 1, len(CHECKS))
    return times


def outcome(t: str) -> list[tuple]:
    """(row, code, reason, repaired, sheet, parcel, legal, geometric, parcel_id) of every row
    refused, repaired or measured (all rows)."""
    with connection.cursor() as cur:
        cur.execute(
            f"select row, code, reason, repaired, sheet_no, parcel_no, legal, geometric, "  # noqa: S608
            f"parcel_id from {t} order by row"
        )
        return cur.fetchall()


def bounds(t: str) -> tuple[float, float, float, float] | None:
    with connection.cursor() as cur:
        cur.execute(
            f"select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from "  # noqa: S608
            f"(select ST_Extent(g) e from {t}) x"
        )
        row = cur.fetchone()
    if row is None or row[0] is None:
        return None
    return float(row[0]), float(row[1]), float(row[2]), float(row[3])


# --- writing (in the caller's transaction) -----------------------------------------------

# What a matched parcel would change (the optional fields only where the file has them).
MARK_CHANGES = """
update {t} s set changed = array_remove(array[
    case when s.land_use is distinct from pa.land_use_id then 'land_use' end,
    case when s.legal is distinct from pa.legal_area_m2 then 'legal_area_m2' end,
    case when %(cert)s and s.certificate_no is distinct from pa.certificate_no
         then 'certificate_no' end,
    case when %(address)s and s.address is distinct from pa.address then 'address' end,
    case when not ST_Equals(s.g4326, pa.geom) then 'geom' end], null)
from landcases_parcel pa where pa.id = s.parcel_id and s.code is null
"""

CHANGES = """
select s.row, s.parcel_id, s.changed,
       pa.land_use_id, s.land_use, pa.legal_area_m2, s.legal,
       pa.certificate_no, s.certificate_no, pa.address, s.address
from {t} s join landcases_parcel pa on pa.id = s.parcel_id
where s.code is null and cardinality(s.changed) > 0
order by s.row
limit %(limit)s
"""

COUNTS = """
select count(*) filter (where parcel_id is not null and cardinality(changed) > 0),
       count(*) filter (where parcel_id is not null and cardinality(changed) = 0),
       coalesce(array_agg(parcel_id) filter (
           where parcel_id is not null and changed && array['land_use', 'geom']), '{{}}')
from {t} where code is null
"""

# The history rows django-simple-history writes on a save ("+" created, "~" changed): a
# snapshot of the tracked columns of the parcels written, who and why. Joined on the staging
# table (no array of ids, no materialised copy of the rows written).
HISTORY = """
insert into {history} ({names}, history_date, history_type, history_user_id,
                       history_change_reason)
select {pa_names}, now(), %(kind)s, %(actor)s, %(reason)s
from landcases_parcel pa join {t} s on {join}
where s.code is null {where}
returning id
"""

# A new parcel found again by its natural key (unique in the project).
BY_KEY = """pa.project_id = %(project)s and pa.commune_at_survey_id = s.commune_id
    and pa.map_kind = s.map_kind and pa.sheet_no = s.sheet_no and pa.parcel_no = s.parcel_no"""

UPDATE = """
update landcases_parcel pa set
    land_use_id = s.land_use,
    legal_area_m2 = s.legal,
    certificate_no = case when %(cert)s then s.certificate_no else pa.certificate_no end,
    address = case when %(address)s then s.address else pa.address end,
    geom = s.g4326,
    geom_web = ST_Transform(s.g4326, 3857),
    geometric_area_m2 = s.geometric,
    recovered_area_m2 = s.recovered,
    source_srid = %(srid)s
from {t} s
where s.parcel_id = pa.id and s.code is null and cardinality(s.changed) > 0
"""

INSERT = """
insert into landcases_parcel (
    project_id, area_id, commune_at_survey_id, survey_date, map_kind, sheet_no, parcel_no,
    land_use_id, legal_area_m2, geometric_area_m2, recovered_area_m2, certificate_no,
    origin, address, geom, geom_web, source_srid)
select %(project)s, null, commune_id, %(survey_date)s, map_kind, sheet_no, parcel_no,
       land_use, legal, geometric, recovered, coalesce(certificate_no, ''), '',
       coalesce(address, ''), g4326, ST_Transform(g4326, 3857), %(srid)s
from {t} where code is null and parcel_id is null
order by row
"""


def _history(t: str, *, join: str, where: str = "") -> str:
    history = Parcel.history.model
    tracked = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    names = ", ".join(connection.ops.quote_name(c) for c in tracked)
    pa_names = ", ".join(f"pa.{connection.ops.quote_name(c)}" for c in tracked)
    return HISTORY.format(
        history=history._meta.db_table,
        names=names,
        pa_names=pa_names,
        t=t,
        join=join,
        where=where,
    )


def fingerprint(t: str) -> str:
    """What the import would do, row by row, to the register as it stands: each row's refusal,
    the parcel it updates and that parcel's row version (xmin: any edit since changes it), the
    fields it changes. An accept writes only when this is what its check saw."""
    with connection.cursor() as cur:
        cur.execute(
            f"select md5(coalesce(string_agg(concat_ws(':', s.row, s.code, s.parcel_id, "  # noqa: S608
            f"pa.xmin::text, s.changed::text), ',' order by s.row), '')) "
            f"from {t} s left join landcases_parcel pa on pa.id = s.parcel_id"
        )
        return cur.fetchone()[0]


def changes(t: str, *, certificate: bool, address: bool, limit: int):
    """(updated, unchanged, ids whose land use or shape change, the first `limit` changes)."""
    with connection.cursor() as cur:
        cur.execute("select set_config('jit', 'off', true)")
        cur.execute(MARK_CHANGES.format(t=t), {"cert": certificate, "address": address})
        cur.execute(COUNTS.format(t=t))
        updated, unchanged, staged = cur.fetchone()
        cur.execute(CHANGES.format(t=t), {"limit": limit})
        return updated, unchanged, list(staged), cur.fetchall()


def update(t: str, *, srid: int, certificate: bool, address: bool, actor, reason: str) -> int:
    with connection.cursor() as cur:
        cur.execute(UPDATE.format(t=t), {"srid": srid, "cert": certificate, "address": address})
        updated = cur.rowcount
        cur.execute(
            _history(t, join="s.parcel_id = pa.id", where="and cardinality(s.changed) > 0"),
            {"kind": "~", "actor": actor.pk, "reason": reason},
        )
        return updated


def insert(t: str, *, project_id: int, survey_date, srid: int, actor, reason: str) -> list[int]:
    with connection.cursor() as cur:
        cur.execute(
            INSERT.format(t=t), {"project": project_id, "survey_date": survey_date, "srid": srid}
        )
        cur.execute(
            _history(t, join=BY_KEY, where="and s.parcel_id is null"),
            {"kind": "+", "actor": actor.pk, "reason": reason, "project": project_id},
        )
        return sorted(r[0] for r in cur.fetchall())
