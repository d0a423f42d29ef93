"""The facts of every subject of a project, extracted set-based: SQL over the temporary inputs
(setup.py), sent as numpy columns (transport.py), into the same fact tables
(rules/facts_schema.py) that rules/facts.py builds in Python one subject at a time.

The registers as of the day and the records of the areas, plans, meetings and grievances are
reduced in SQL, one statement per kind of subject. The cases' own records (half a million at
100,000 households) are read in one pass (case_records.py), on a second connection under this
transaction's snapshot while this one builds the inputs (beside.py), and reduced with numpy
(case_columns.py). What aggregates facts of the cases over the registers' links (a case's
parcels, a parcel's first recovery decision among its cases, an area's cases, the net in force
of a household's approved versions, the day its payments covered it) is computed over those
columns with numpy: group reductions over (row, case) pairs, no Python loop per subject. Each
definition mirrors rules/derive.py and rules/derive_case.py (the reference:
tests/consultations/test_facts_sql.py checks the two agree).

    facts = extract_facts(project, as_of=day, axis="recorded")   # rules.facts.Facts
"""

# ruff: noqa: S608 - the SQL is built from constants; every value is a parameter

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.db import connection, transaction

from ..rules.columns import INT_NULL, NAT, Table
from ..rules.facts import AXES, Facts, FactsError
from ..rules.facts_schema import SCHEMAS
from ..rules.plans import in_force_columns, slot_of
from ..rules.registers import LAND_GROUPS, PLAN_KINDS
from ..rules.vocabulary import AUTHORITIES, FPIC_CONSENT, GRIEVANCE_KINDS, MEETING_KINDS, OPINIONS
from . import case_columns as cc
from . import case_records
from .beside import Beside, begin_shared
from .case_columns import count as _count
from .case_columns import days as _days
from .case_columns import group_max as _group_max
from .case_columns import group_min as _group_min
from .setup import create_inputs
from .transport import Out, fetch, select_list

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NAT_I = np.iinfo(np.int64).min  # NaT as int64 (datetime64 → int64 keeps it)
BIG = np.iinfo(np.int64).max

VOCABULARY = {
    "opinion": OPINIONS,
    "dialogue_outcome": OPINIONS,
    "approval_authority": AUTHORITIES,
    "fpic_consent": FPIC_CONSENT,
    "land_group": LAND_GROUPS,
    "plan_kind": PLAN_KINDS,
    "meeting_kind": MEETING_KINDS,
    "grievance_kind": GRIEVANCE_KINDS,
}


def _arr(e: str) -> str:
    """A payload array (a missing key or a JSON null: empty)."""
    return f"(case when jsonb_typeof({e}) = 'array' then {e} else '[]'::jsonb end)"


def _arr_of(alias: str, key: str) -> str:
    return _arr(f"{alias}.payload->'{key}'")


def _bool(e: str) -> str:
    """A payload flag: NULL when missing or null (payloads hold JSON booleans)."""
    return f"(case when jsonb_typeof({e}) = 'boolean' then ({e})::text::bool end)"


def _int(e: str) -> str:
    return f"(({e})::numeric::int8)"


def _outs(schema_name: str, exprs: dict[str, str], vocab: dict[str, str] | None = None):
    """The columns of a subject's schema, in its order, each with its SQL expression."""
    vocab = vocab or {}
    outs = []
    for c in SCHEMAS[schema_name]:
        if c.name not in exprs:
            continue
        outs.append(Out(c.name, c.type, exprs[c.name], VOCABULARY.get(vocab.get(c.name, ""), ())))
    return outs


HELPERS = (
    # Compiling the plans (JIT) costs more than running them: the inputs are small temp tables.
    "set local jit = off",
    # the first and the latest standing record of each (subject, kind), by (happened_on, id)
    """create temp table audit_first on commit drop as
       select distinct on (subject_type, sid, kind) subject_type, sid, kind, id, root_id,
              happened_on, payload
       from audit_other order by subject_type, sid, kind, happened_on, id""",
    """create temp table audit_last on commit drop as
       select distinct on (subject_type, sid, kind) subject_type, sid, kind, id, root_id,
              happened_on, payload
       from audit_other order by subject_type, sid, kind, happened_on desc, id desc""",
    "create index on audit_first (kind, sid)",
    "create index on audit_last (kind, sid)",
    # the cases a meeting names, in the payload's order (each payload read once: a meeting's
    # is large, and a column of it taken per case would read it again for every case)
    f"""create temp table audit_meeting_case on commit drop as
        with m as materialized (
            select root_id, payload->>'meeting_kind' as meeting_kind, happened_on,
                   {_arr("payload->'cases'")} as cases
            from audit_other where kind = 'meeting'
        )
        select m.root_id as meeting, m.meeting_kind, m.happened_on,
               (x.value #>> '{{}}')::int8 as case_id, x.n
        from m, jsonb_array_elements(m.cases) with ordinality as x(value, n)""",
    "analyze audit_area",
)


# --- case -------------------------------------------------------------------------------------

# A case's register columns; those of its records and plan lines: case_columns.py.
CASE = "select %s from audit_case c order by c.id"
CASE_OUTS = [
    Out("id", "int", "c.id"),
    Out("resettlement_eligible", "bool", "c.resettlement_eligible"),
    Out("vulnerable", "bool", "c.vulnerable"),
    Out("ethnic_minority", "bool", "c.ethnic_minority"),
]
# each version's first approval (by day, id)
APPROVALS = """
    select sid as plan_id, id, happened_on as day,
           (nullif(payload->>'effective_on', ''))::date as effective,
           case when payload->>'authority' is null then 0 else coalesce(array_position(
               %(authorities)s::text[], payload->>'authority'), -1) end as authority
    from audit_first where kind = 'plan_approved' and subject_type = 'plan'
"""
APPROVAL_OUTS = [
    Out("plan_id", "int", "plan_id"),
    Out("id", "int", "id"),
    Out("day", "date", "day"),
    Out("effective", "date", "effective"),
    Out("authority", "small", "authority"),
]
LINES = "select plan_id, case_id, net from audit_line"
LINE_OUTS = [
    Out("plan_id", "int", "plan_id"),
    Out("case_id", "int", "case_id"),
    Out("net", "int?", "net"),
]


# --- pairs and small lists --------------------------------------------------------------------

HOLDINGS = """
    select h.case_id, h.parcel_id, p.area_id, h.customary
    from audit_holding h join audit_parcel p on p.id = h.parcel_id order by h.case_id, h.parcel_id
"""
HOLDING_OUTS = [
    Out("case_id", "int", "case_id"),
    Out("parcel_id", "int", "parcel_id"),
    Out("area_id", "int", "area_id"),
    Out("customary", "bool", "customary"),  # a holding's tenure then
]
NOTICES = """
    select sid as area_id, happened_on as day from audit_other
    where kind = 'notice_issued' and subject_type = 'area' order by 1, 2
"""
NOTICE_OUTS = [Out("area_id", "int", "area_id"), Out("day", "date", "day")]


def _first_notice(alias: str) -> str:
    return (
        f"(select n.happened_on from audit_first n where n.kind = 'notice_issued' "
        f"and n.subject_type = 'area' and n.sid = {alias})"
    )


def parcel_sql() -> tuple[str, list[Out]]:
    sql = """
    select %s from audit_parcel p
    left join audit_first n on n.kind = 'notice_issued' and n.subject_type = 'area'
         and n.sid = p.area_id
    order by p.id
    """
    e = {
        "id": "p.id",
        "area_id": "p.area_id",
        "land_group": "p.land_group",
        "notice_issued_on": "n.happened_on",
    }
    return sql, _outs("parcel", e, {"land_group": "land_group"})


def _posted(what: str, place: str) -> str:
    return (
        f"(select min(r.happened_on) from audit_other r where r.kind = 'posting_started' "
        f"and r.sid = a.id and r.payload->>'what' = '{what}' "
        f"and {_arr_of('r', 'places')} ? '{place}')"
    )


def area_sql() -> tuple[str, list[Out]]:
    sql = "select %s from audit_area a order by a.id"
    places = _arr("r.payload->'places'")
    e = {
        "id": "a.id",
        "notice_issued_on": _first_notice("a.id"),
        "dissemination_on": "(select min(r.happened_on) from audit_other r "
        "where r.kind = 'meeting' and r.subject_type = 'area' and r.sid = a.id "
        "and r.payload->>'meeting_kind' = 'dissemination')",
        "notice_posted_commune_on": _posted("notice", "commune_office"),
        "notice_posted_residential_on": _posted("notice", "residential_area"),
        "list_posted_commune_on": _posted("land_user_list", "commune_office"),
        "list_posted_residential_on": _posted("land_user_list", "residential_area"),
        "notice_postings_unplaced": "(select count(*) from audit_other r where r.kind = "
        "'posting_started' and r.sid = a.id and r.payload->>'what' in ('notice', "
        f"'land_user_list') and jsonb_array_length({places}) = 0)",
    }
    return sql, _outs("area", e)


def plan_sql() -> tuple[str, list[Out]]:
    places = _arr("r.payload->'places'")
    sql = f"""
    with postings as (
        select {_int("r.payload->>'plan'")} as plan_id, r.id, r.root_id, r.happened_on,
               {places} as places
        from audit_other r
        where r.kind = 'posting_started' and r.payload->>'what' = 'draft_plan'
    ), firstpost as (
        select distinct on (plan_id) plan_id, root_id, happened_on from postings
        order by plan_id, happened_on, id
    ), posts as (
        select plan_id, bool_or(places ? 'commune_office') as commune,
               bool_or(places ? 'residential_area') as residential,
               count(*) filter (where jsonb_array_length(places) = 0) as unplaced
        from postings group by plan_id
    ), ended as (
        select fp.plan_id, min(e.happened_on) as ended_on
        from firstpost fp join audit_other e on e.kind = 'posting_ended'
             and {_int("e.payload->>'posting'")} = fp.root_id
        group by fp.plan_id
    ), consulted as (
        select {_int("r.payload->>'plan'")} as plan_id, min(r.happened_on) as on_
        from audit_other r where r.kind = 'meeting' and r.payload->>'meeting_kind' = 'consultation'
        group by 1
    )
    select %s
    from audit_plan p
    left join firstpost fp on fp.plan_id = p.id left join posts on posts.plan_id = p.id
    left join ended on ended.plan_id = p.id left join consulted on consulted.plan_id = p.id
    left join audit_first ap on ap.kind = 'plan_appraised' and ap.subject_type = 'plan'
         and ap.sid = p.id
    left join audit_first av on av.kind = 'plan_approved' and av.subject_type = 'plan'
         and av.sid = p.id
    left join audit_last s on s.kind = 'opinion_summary' and s.subject_type = 'plan'
         and s.sid = p.id
    order by p.id
    """
    e = {
        "id": "p.id",
        "area_id": "p.area_id",
        "kind": "p.kind",
        # of an area's version, the area's first notice; of another (lines_columns), the first
        # of its cases'
        "notice_issued_on": _first_notice("p.area_id"),
        "posting_started_on": "fp.happened_on",
        "posting_ended_on": "ended.ended_on",
        "posted_commune": "posts.commune",
        "posted_residential": "posts.residential",
        "postings_unplaced": "coalesce(posts.unplaced, 0)",
        "consultation_on": "consulted.on_",
        "appraised_on": "ap.happened_on",
        "approved_on": "av.happened_on",
        "summary_on": "s.happened_on",
        "summary_agree": _int("s.payload->>'agree'"),
        "summary_disagree": _int("s.payload->>'disagree'"),
        "summary_other": _int("s.payload->>'other'"),
    }
    return sql, _outs("plan", e, {"kind": "plan_kind"})


def meeting_sql() -> tuple[str, list[Out]]:
    sql = f"""
    with signed as (
        select {_int("s.payload->>'meeting'")} as meeting,
               bool_or(s.payload->>'role' = 'commune_pc') as commune_pc,
               bool_or(s.payload->>'role' = 'fatherland_front') as front,
               count(distinct coalesce({_int("s.payload->>'case'")}, -s.id))
                   filter (where s.payload->>'role' = 'household_representative') as households
        from audit_other s where s.kind = 'minutes_signed' group by 1
    )
    select %s
    from audit_other m left join signed on signed.meeting = m.root_id
    where m.kind = 'meeting'
    order by m.happened_on, m.id
    """
    officials = "m.payload->'officials'"
    e = {
        "id": "m.root_id",
        "area_id": "m.sid",
        "kind": "m.payload->>'meeting_kind'",
        "held_on": "m.happened_on",
        "plan_id": _int("m.payload->>'plan'"),
        "cases": f"jsonb_array_length({_arr_of('m', 'cases')})",
        "notice_issued_on": _first_notice("m.sid"),
        "officials_recorded": f"coalesce(jsonb_typeof({officials}), 'null') <> 'null'",
        "front_present": f"{_arr(officials)} ? 'fatherland_front'",
        "signed_commune_pc": "signed.commune_pc",
        "signed_front": "signed.front",
        "household_signatures": "coalesce(signed.households, 0)",
    }
    return sql, _outs("meeting", e, {"kind": "meeting_kind"})


def grievance_sql() -> tuple[str, list[Out]]:
    sql = """
    with g as (
        select sid,
               min(happened_on) filter (where kind = 'grievance_accepted') as accepted,
               min(happened_on) filter (where kind = 'grievance_refused') as refused,
               min(happened_on) filter (where kind = 'grievance_settled') as settled,
               min(happened_on) filter (where kind = 'grievance_withdrawn') as withdrawn
        from audit_other where subject_type = 'grievance' group by sid
    )
    select %s
    from g left join audit_first r on r.kind = 'grievance_received'
         and r.subject_type = 'grievance' and r.sid = g.sid
    order by g.sid
    """
    e = {
        "id": "g.sid",
        "received_on": "r.happened_on",
        "grievance_kind": "r.payload->>'grievance_kind'",
        "complex": _bool("r.payload->'complex'"),
        "remote": _bool("r.payload->'remote'"),
        "cases": f"coalesce(jsonb_array_length({_arr_of('r', 'cases')}), 0)",
        "accepted_on": "g.accepted",
        "refused_on": "g.refused",
        "settled_on": "g.settled",
        "withdrawn_on": "g.withdrawn",
    }
    return sql, _outs("grievance", e, {"grievance_kind": "grievance_kind"})


def project_sql() -> tuple[str, list[Out]]:
    def first(cond: str) -> str:
        return f"(select min(r.happened_on) from audit_other r where {cond})"

    def posted(what: str) -> str:
        return first(f"r.kind = 'posting_started' and r.payload->>'what' = '{what}'")

    e = {
        "id": "%(project)s::int8",
        "cases": "(select count(*) from audit_case)",
        "resettlement_cases": "(select count(*) from audit_case where resettlement_eligible)",
        "notice_issued_on": first("r.kind = 'notice_issued'"),
        "consultation_first_on": first(
            "r.kind = 'meeting' and r.payload->>'meeting_kind' = 'consultation'"
        ),
        "land_prices_posted_on": posted("land_prices"),
        "asset_prices_posted_on": posted("asset_prices"),
        "resettlement_plan_posted_on": posted("resettlement_plan"),
        "draft_plan_posted_on": posted("draft_plan"),
        "census_closed_on": first("r.kind = 'census_closed'"),
        "cutoff_announced_on": first("r.kind = 'cutoff_announced'"),
    }
    return "select %s", _outs("project", e)


MEETING_CASES = "select meeting, case_id from audit_meeting_case order by happened_on, meeting, n"
GRIEVANCE_CASES = f"""
    select r.sid as grievance, (x.value #>> '{{}}')::int8 as case_id
    from audit_first r,
         jsonb_array_elements({_arr("r.payload->'cases'")}) with ordinality as x(value, n)
    where r.kind = 'grievance_received' and r.subject_type = 'grievance'
    order by r.sid, x.n
"""


# --- numpy side -------------------------------------------------------------------------------


class Touches(Sequence):
    """The cases each row touches, as (offsets, values) arrays; a row's tuple built when read."""

    def __init__(self, starts: np.ndarray, values: np.ndarray) -> None:
        self.starts, self.values = starts, values

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return tuple(int(v) for v in self.values[self.starts[i] : self.starts[i + 1]])

    @classmethod
    def grouped(cls, n: int, rows: np.ndarray, values: np.ndarray) -> Touches:
        """From (row, value) pairs sorted by row (stable in the wanted order)."""
        counts = np.bincount(rows, minlength=n) if len(rows) else np.zeros(n, dtype=np.int64)
        starts = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        return cls(starts, values)


class Payments(Sequence):
    """A case's payments and deposits, (day, amount) sorted, per case row."""

    def __init__(self, starts: np.ndarray, days: np.ndarray, amounts: np.ndarray) -> None:
        self.starts, self.days, self.amounts = starts, days, amounts

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i):  # type: ignore[override]
        a, b = self.starts[i], self.starts[i + 1]
        return [(d.item(), int(x)) for d, x in zip(self.days[a:b], self.amounts[a:b], strict=True)]


def _rows_of(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The rows of `ids` (sorted) holding `wanted` (every one present)."""
    return np.searchsorted(ids, wanted)


def _held(n: int, h_case: np.ndarray, holdings, notices) -> dict[str, np.ndarray]:
    """A case's columns of its holdings (`h_case`: each holding's case row): how many parcels
    it holds, whether one customarily, and the first notice issued in their areas."""
    customary = np.zeros(n, dtype=bool)
    customary[h_case[holdings["customary"]]] = True
    # notices come sorted by (area, day): an area's first is its first row
    areas, first = np.unique(notices["area_id"], return_index=True)
    at = np.searchsorted(areas, holdings["area_id"])
    has = at < len(areas)
    has[has] = areas[at[has]] == holdings["area_id"][has]
    days = _days(notices["day"][first[at[has]]])
    return {
        "parcels": _count(n, h_case),
        "customary_land": customary,
        "notice_issued_on": _group_min(n, h_case[has], days),
    }


def _net_and_payments(
    case_ids: np.ndarray, approved: dict[str, np.ndarray], plans, payments
) -> dict[str, object]:
    """The net in force of a household's approved versions (rules/plans.py `in_force`), what it
    was paid, and the day its payments and deposits first covered that net."""
    n = len(case_ids)
    kinds = {p: k for p, k, _b, _v in plans}
    bases = {p: b for p, _k, b, _v in plans}
    slot_map = {p: slot_of(p, kinds, bases) for p in kinds}
    plan_ids = approved["plan_id"]
    slots = np.array([slot_map[int(p)] for p in plan_ids], dtype=np.int64)
    nets, clock = in_force_columns(
        n,
        _rows_of(case_ids, approved["case_id"]),
        slots,
        approved["effective"],
        approved["version"],
        plan_ids,
        approved["net"],
    )
    rows, days, amounts = payments
    paid = np.zeros(n, dtype=np.int64)
    np.add.at(paid, rows, amounts)
    # The day payments plus deposits first covered the net: a day's entries come in order of
    # amount, so the running total is highest at the day's last entry.
    cum = np.cumsum(amounts)
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(
        np.bincount(rows, minlength=n) if len(rows) else np.zeros(n, np.int64), out=starts[1:]
    )
    before = np.concatenate([[0], cum])[starts[:-1]]  # running total before each case's first
    running = cum - before[rows] if len(rows) else cum
    owed = nets[rows] if len(rows) else nets[:0]
    covers = (owed != INT_NULL) & (owed > 0) & (running >= owed)
    in_full = _group_min(n, rows[covers], _days(days[covers]))
    return {
        "net_amount": nets,
        "payment_clock_on": clock,
        "paid_amount": paid,
        "paid_in_full_on": in_full,
        "payments": Payments(starts, days, amounts),
    }


def _table(subject: str, columns: dict[str, np.ndarray], touches) -> Table:
    schema = SCHEMAS[subject]
    missing = [c.name for c in schema if c.name not in columns]
    if missing:
        raise AssertionError(f"{subject}: no SQL for {missing}")
    return Table(subject, schema, columns["id"], {c.name: columns[c.name] for c in schema}, touches)


def _rows(sql: str, params, outs: list[Out]) -> dict[str, np.ndarray]:
    """The columns of `sql`'s rows (each Out naming a column of it), in its order."""
    select, extra = select_list(outs)
    return fetch(f"select {select} from ({sql}) q", {**params, **extra}, outs)


def _query(build, params) -> dict[str, np.ndarray]:
    sql, outs = build()
    select, extra = select_list(outs)
    return fetch(sql.replace("select %s", "select " + select, 1), {**params, **extra}, outs)


TEMP_TABLES = (
    "audit_area", "audit_parcel", "audit_user", "audit_sensitive", "audit_case", "audit_holding",
    "audit_plan", "audit_line", "audit_other", "audit_first", "audit_last",
    "audit_meeting_case",
)  # fmt: skip


def _drop_inputs() -> None:
    """`on commit drop` ends them with the transaction; inside an outer one (a test, a task
    doing more) they are dropped here, so that the next extraction can create them again."""
    with connection.cursor() as cur:
        cur.execute(f"drop table if exists {', '.join(TEMP_TABLES)}")


def end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, VIETNAM) - timedelta(microseconds=1)


def extract_facts(project, *, as_of: date, axis: str) -> Facts:
    """The facts of every subject of `project` as of `as_of` on `axis` (one transaction)."""
    if axis not in AXES:
        raise FactsError(f"axis must be one of {AXES}, got {axis!r}")
    moment = end_of_day(as_of)
    known_by = moment if axis == "recorded" else None
    params = {"project": project.id, "as_of": as_of, "moment": moment, "known_by": known_by}
    # a caller's transaction shares its snapshot before the savepoint below is taken
    outermost = not connection.in_atomic_block and connection.get_autocommit()
    snapshot = None if outermost else begin_shared(outermost=False)
    with transaction.atomic():
        if outermost:
            snapshot = begin_shared(outermost=True)
        known = known_by is not None
        # the cases' records, on a second connection while this one builds the inputs
        beside = Beside(snapshot, lambda cur: case_records.fetch(cur, params, known=known))
        with beside:  # an error here cancels the other connection's query
            _drop_inputs()
            create_inputs(project.id, as_of=as_of, moment=moment, known_by=known_by)
            with connection.cursor() as cur:
                for statement in HELPERS:
                    cur.execute(statement)
                cur.execute("select id, kind, base_id, version from audit_plan")
                plans = cur.fetchall()
            case = _query(lambda: (CASE, CASE_OUTS), params)
            case_ids = case["id"]
            parcel = _query(parcel_sql, params)
            area = _query(area_sql, params)
            plan = _query(plan_sql, params)
            meeting = _query(meeting_sql, params)
            grievance = _query(grievance_sql, params)
            proj = _query(project_sql, params)
            approvals = _rows(
                APPROVALS, {**params, "authorities": list(AUTHORITIES)}, APPROVAL_OUTS
            )
            line_rows = _rows(LINES, params, LINE_OUTS)
            holdings = _rows(HOLDINGS, params, HOLDING_OUTS)
            notices = _rows(NOTICES, params, NOTICE_OUTS)
            meeting_cases = _rows(
                MEETING_CASES,
                params,
                [Out("owner", "int", "meeting"), Out("case_id", "int", "case_id")],
            )
            grievance_cases = _rows(
                GRIEVANCE_CASES,
                params,
                [Out("owner", "int", "grievance"), Out("case_id", "int", "case_id")],
            )
            rec = beside.result()
        _drop_inputs()
    # the lines by (plan, case), the approvals by plan
    order = np.lexsort((line_rows["case_id"], line_rows["plan_id"]))
    line_rows = {k: v[order] for k, v in line_rows.items()}
    order = np.argsort(approvals["plan_id"], kind="stable")
    approvals = {k: v[order] for k, v in approvals.items()}
    lines = {"owner": line_rows["plan_id"], "case_id": line_rows["case_id"]}

    r = cc.Records(case_ids, rec)
    case.update(cc.day_columns(r))
    case.update(cc.payload_columns(r, case))
    case.update(cc.line_columns(r, line_rows, plan, approvals, meeting, meeting_cases))
    approved = cc.approved_lines(line_rows, {p: v for p, _k, _b, v in plans}, approvals)
    case.update(_net_and_payments(case_ids, approved, plans, cc.payments(r)))
    payments = case.pop("payments")
    plan.update(cc.plan_opinions(r, line_rows, plan, meeting))
    n_case = len(case_ids)
    h_case = _rows_of(case_ids, holdings["case_id"])
    case.update(_held(n_case, h_case, holdings, notices))
    # a version's cases (its lines), and of a version of no standing area, its first notice:
    # the first of its cases'
    n_plan = len(plan["id"])
    p_rows = _rows_of(plan["id"], line_rows["plan_id"])
    plan["cases"] = _count(n_plan, p_rows)
    l_case = _rows_of(case_ids, line_rows["case_id"])
    of_cases = _group_min(n_plan, p_rows, _days(case["notice_issued_on"][l_case]))
    plan["notice_issued_on"] = np.where(
        plan["area_id"] == INT_NULL, of_cases, plan["notice_issued_on"]
    )
    tables = {"case": _table("case", case, Touches.grouped(n_case, np.arange(n_case), case_ids))}
    tables["case"].extra["payments"] = payments  # type: ignore[assignment]

    # Parcels: aggregates over the cases holding them (derive.parcel_row).
    order = np.lexsort((holdings["case_id"], holdings["parcel_id"]))
    p_ids = parcel["id"]
    h_parcel = _rows_of(p_ids, holdings["parcel_id"])
    n_parcel = len(p_ids)
    decided = _group_min(n_parcel, h_parcel, _days(case["recovery_decided_on"][h_case]))
    agreed = case["earlier_recovery_agreed_on"][h_case]
    bound = decided[h_parcel]
    excepted = ~np.isnat(agreed) & (np.isnat(bound) | (agreed <= bound))
    delivered = case["notice_delivered_on"][h_case]
    published = case["notice_published_on"][h_case]
    notified = np.where(
        np.isnat(delivered),
        published,
        np.where(np.isnat(published), delivered, np.minimum(delivered, published)),
    )
    others = ~excepted
    parcel["cases"] = _count(n_parcel, h_parcel)
    parcel["cases_excepted"] = _count(n_parcel, h_parcel, excepted)
    parcel["cases_unnotified"] = _count(n_parcel, h_parcel, others & np.isnat(notified))
    parcel["notified_last_on"] = _group_max(n_parcel, h_parcel[others], _days(notified[others]))
    parcel["recovery_first_on"] = decided
    # the latest notice of its area issued by the first decision (else by the as-of date)
    limit = np.where(np.isnat(decided), np.datetime64(as_of, "D"), decided)
    key = notices["area_id"] * 1_000_000 + _days(notices["day"])
    wanted = parcel["area_id"] * 1_000_000 + _days(limit)
    at = np.searchsorted(key, wanted, side="right") - 1
    found = (
        (at >= 0) & (notices["area_id"][np.maximum(at, 0)] == parcel["area_id"])
        if len(key)
        else np.zeros(n_parcel, bool)
    )
    last_notice = np.full(n_parcel, NAT)
    last_notice[found] = notices["day"][at[found]]
    parcel["notice_last_issued_on"] = last_notice
    tables["parcel"] = _table(
        "parcel", parcel, Touches.grouped(n_parcel, h_parcel[order], holdings["case_id"][order])
    )

    # Areas: the cases holding a parcel in them (each once).
    a_ids = area["id"]
    n_area = len(a_ids)
    pairs = (
        np.unique(np.stack([holdings["area_id"], holdings["case_id"]]), axis=1)
        if len(h_case)
        else np.zeros((2, 0), np.int64)
    )
    pa_rows = _rows_of(a_ids, pairs[0])
    pa_case = _rows_of(case_ids, pairs[1])
    area["cases"] = _count(n_area, pa_rows)
    area["recovery_first_on"] = _group_min(
        n_area, pa_rows, _days(case["recovery_decided_on"][pa_case])
    )
    tables["area"] = _table("area", area, Touches.grouped(n_area, pa_rows, pairs[1]))

    tables["plan"] = _table(
        "plan",
        plan,
        Touches.grouped(len(plan["id"]), _rows_of(plan["id"], lines["owner"]), lines["case_id"]),
    )
    # meetings: one row per standing meeting, in (held_on, id) order; touches in payload order
    m_ids = meeting["id"]
    m_order = np.argsort(m_ids, kind="stable")
    m_rows = (
        m_order[np.searchsorted(m_ids[m_order], meeting_cases["owner"])]
        if len(m_ids)
        else meeting_cases["owner"]
    )
    m_sort = np.argsort(m_rows, kind="stable")
    tables["meeting"] = _table(
        "meeting",
        meeting,
        Touches.grouped(len(m_ids), m_rows[m_sort], meeting_cases["case_id"][m_sort]),
    )
    g_ids = grievance["id"]
    tables["grievance"] = _table(
        "grievance",
        grievance,
        Touches.grouped(
            len(g_ids), _rows_of(g_ids, grievance_cases["owner"]), grievance_cases["case_id"]
        ),
    )
    tables["project"] = _table(
        "project", proj, Touches.grouped(1, np.zeros(n_case, np.int64), case_ids)
    )
    return Facts(as_of, axis, tables, [])
