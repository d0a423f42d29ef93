"""Consent status at a glance: one row per land user of a project — its opinion on the plan,
the dialogue outcome, the versions in force and their net, what was paid or deposited, the
agreements, the handover and resettlement, the stage — and the disbursement summary per area
and per commune. Set-based: a query for the land users, one for their facts, a few for the
lines of the versions in force; never a query per household."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection

from .rules.vocabulary import RANK, STAGES
from .selectors_money import HOME_SQL, STANDING_SQL, Owed, owed_in_force

MONEY_FILTERS = ("outstanding", "covered", "deposited", "refused", "no_plan")


@dataclass(frozen=True)
class ConsentFilters:
    area: int | None = None
    commune: int | None = None
    stage: str = ""
    opinion: str = ""
    money: str = ""  # one of MONEY_FILTERS (roles that may see amounts only)


@dataclass
class ConsentRow:
    land_user_id: int
    lookup_code: str
    name: str
    area_id: int | None
    commune_id: int | None
    stage: str
    overlays: list[str]
    opinion: str = ""
    dialogue: str = ""
    plan_ids: tuple[int, ...] = ()
    net: int | None = None
    paid: int = 0
    payments: int = 0
    last_paid_on: date | None = None
    refused: bool = False
    deposited: int = 0
    deposited_on: date | None = None
    decided_on: date | None = None
    early_handover_on: date | None = None
    earlier_recovery_on: date | None = None
    handed_over_on: date | None = None
    handed_m2: Decimal | None = None
    plot: str = ""
    plot_kind: str = ""
    resettled_on: date | None = None
    affected_m2: Decimal = field(default=Decimal(0))
    case_id: int | None = None

    @property
    def outstanding(self) -> int | None:
        if self.net is None:
            return None
        return max(self.net - self.paid - self.deposited, 0)

    @property
    def money_status(self) -> str:
        if self.net is None:
            return "no_plan"
        return (
            "covered" if self.net > 0 and self.paid + self.deposited >= self.net else "outstanding"
        )


_LAND_USERS_SQL = f"""
    with home as ({HOME_SQL})
    select lu.id, lu.lookup_code, lu.name, home.area_id, home.commune_id,
           coalesce(c.stage, 'identified'), coalesce(c.overlays, array[]::varchar[]), c.id
    from landcases_landuser lu
    left join home on home.land_user_id = lu.id
    left join consultations_case c on c.land_user_id = lu.id
    where lu.project_id = %(project)s {{where}}
    order by {{order}}
"""  # noqa: S608 - composed of our own constants

_FACTS_SQL = f"""
    select e.case_id,
      (array_agg(e.payload ->> 'opinion' order by e.happened_on desc, e.id desc)
         filter (where e.kind = 'opinion'))[1],
      (array_agg(e.payload ->> 'opinion' order by e.happened_on desc, e.id desc)
         filter (where e.kind = 'dialogue_outcome'))[1],
      coalesce(sum((e.payload ->> 'amount')::bigint) filter (where e.kind = 'payment'), 0),
      count(*) filter (where e.kind = 'payment'),
      max(e.happened_on) filter (where e.kind = 'payment'),
      bool_or(e.kind = 'payment_refused'),
      coalesce(sum((e.payload ->> 'amount')::bigint) filter (where e.kind = 'deposit'), 0),
      max(e.happened_on) filter (where e.kind = 'deposit'),
      min(e.happened_on) filter (where e.kind = 'recovery_decided'),
      min(e.happened_on) filter (where e.kind = 'early_handover_agreement'),
      min(e.happened_on) filter (where e.kind = 'earlier_recovery_agreement'),
      min(e.happened_on) filter (where e.kind = 'handover'),
      sum((e.payload ->> 'area_m2')::numeric) filter (where e.kind = 'handover'),
      (array_agg(e.payload ->> 'plot' order by e.happened_on desc, e.id desc)
         filter (where e.kind = 'resettlement_allocated'))[1],
      (array_agg(e.payload ->> 'kind' order by e.happened_on desc, e.id desc)
         filter (where e.kind = 'resettlement_allocated'))[1],
      min(e.happened_on) filter (where e.kind = 'resettlement_handed_over')
    from consultations_event e
    where e.project_id = %(project)s and e.case_id is not null {{cases}}
      and e.kind = any(%(kinds)s::text[]) and {STANDING_SQL}
    group by e.case_id
"""  # noqa: S608 - composed of our own constants
FACT_KINDS = [
    "opinion",
    "dialogue_outcome",
    "payment",
    "payment_refused",
    "deposit",
    "recovery_decided",
    "early_handover_agreement",
    "earlier_recovery_agreement",
    "handover",
    "resettlement_allocated",
    "resettlement_handed_over",
]
FACT_FIELDS = (
    "opinion",
    "dialogue",
    "paid",
    "payments",
    "last_paid_on",
    "refused",
    "deposited",
    "deposited_on",
    "decided_on",
    "early_handover_on",
    "earlier_recovery_on",
    "handed_over_on",
    "handed_m2",
    "plot",
    "plot_kind",
    "resettled_on",
)


def _land_users(project_id: int, filters: ConsentFilters, by_name: bool) -> list[ConsentRow]:
    where: list[str] = []
    params: dict[str, int | str] = {"project": project_id}
    if filters.area:
        where.append("and home.area_id = %(area)s")
        params["area"] = filters.area
    if filters.commune:
        where.append("and home.commune_id = %(commune)s")
        params["commune"] = filters.commune
    if filters.stage:
        where.append("and coalesce(c.stage, 'identified') = %(stage)s")
        params["stage"] = filters.stage
    if filters.opinion:
        where.append("and c.opinion = %(opinion)s")
        params["opinion"] = filters.opinion
    order = "lu.name, lu.id" if by_name else "lu.id"
    sql = _LAND_USERS_SQL.format(where=" ".join(where), order=order)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    return [
        ConsentRow(lu, code, name, area, commune, stage, list(overlays or []), case_id=case_id)
        for lu, code, name, area, commune, stage, overlays, case_id in rows
    ]


def _facts(project_id: int, case_ids: list[int] | None) -> list[tuple]:
    """The facts of these cases (of every case of the project when None): one query — per
    chunk of cases, each chunk scanned the project's events again."""
    cases = "" if case_ids is None else "and e.case_id = any(%(cases)s::bigint[])"
    with connection.cursor() as cur:
        cur.execute(
            _FACTS_SQL.format(cases=cases),
            {"project": project_id, "cases": case_ids, "kinds": FACT_KINDS},
        )
        return cur.fetchall()


def _fill(
    project_id: int,
    rows: list[ConsentRow],
    owed: dict[int, Owed] | None = None,
    *,
    every_case: bool = False,
) -> None:
    """The facts and the net in force of these rows: a query for the facts (of every case of
    the project when `every_case`, else of these rows'), the lines in force (`owed`, else a
    few queries for these rows)."""
    by_case = {r.case_id: r for r in rows if r.case_id}
    if by_case:
        for case_id, *values in _facts(project_id, None if every_case else list(by_case)):
            row = by_case.get(case_id)
            if row is None:
                continue
            for name, value in zip(FACT_FIELDS, values, strict=True):
                if value is not None:
                    setattr(row, name, value)
    mine = owed if owed is not None else owed_in_force(project_id, [r.land_user_id for r in rows])
    for row in rows:
        found = mine.get(row.land_user_id)
        if found is not None:
            row.net, row.plan_ids = found.net, found.plan_ids


def _money_matches(row: ConsentRow, money: str) -> bool:
    if money == "deposited":
        return row.deposited > 0
    if money == "refused":
        return row.refused
    return row.money_status == money


def consent_rows(
    project_id: int, filters: ConsentFilters, *, by_name: bool
) -> tuple[list[ConsentRow], bool]:
    """Every land user the filters keep, in order, before their facts are read: (rows,
    whether they still need `consent_fill`). A money filter needs every row's facts first."""
    rows = _land_users(project_id, filters, by_name)
    if not filters.money:
        return rows, True
    _fill(project_id, rows, owed_in_force(project_id), every_case=_unfiltered(filters))
    return [r for r in rows if _money_matches(r, filters.money)], False


def consent_fill(project_id: int, rows: list[ConsentRow]) -> list[ConsentRow]:
    _fill(project_id, rows)
    return rows


def consent_all(project_id: int, filters: ConsentFilters, *, by_name: bool) -> Iterator[ConsentRow]:
    """Every row of the filter with its facts, chunk by chunk (the export)."""
    rows, bare = consent_rows(project_id, filters, by_name=by_name)
    if bare:
        _fill(project_id, rows, owed_in_force(project_id), every_case=_unfiltered(filters))
    yield from rows


def _unfiltered(filters: ConsentFilters) -> bool:
    """Whether the rows are every land user of the project (before a money filter)."""
    return not (filters.area or filters.commune or filters.stage or filters.opinion)


@dataclass
class Disbursement:
    """One line of the disbursement summary (an area, a commune, or the whole project)."""

    key: int | None
    households: int = 0
    with_plan: int = 0
    approved: int = 0  # VND: the net of the versions in force
    paid: int = 0
    deposited: int = 0
    outstanding: int = 0
    handed_m2: Decimal = Decimal(0)
    by_stage: Counter = field(default_factory=Counter)

    def add(self, row: ConsentRow) -> None:
        self.households += 1
        self.by_stage[row.stage] += 1
        self.paid += row.paid
        self.deposited += row.deposited
        if row.net is not None:
            self.with_plan += 1
            self.approved += row.net
            self.outstanding += row.outstanding or 0
        if row.handed_over_on is not None:
            self.handed_m2 += row.handed_m2 if row.handed_m2 is not None else row.affected_m2

    def stages(self) -> list[tuple[str, int]]:
        return [(s, self.by_stage.get(s, 0)) for s in STAGES]


_AFFECTED_SQL = """
    select h.land_user_id, sum(h.affected_area_m2) from landcases_holding h
    join landcases_parcel p on p.id = h.parcel_id
    where p.project_id = %(project)s group by h.land_user_id
"""


def disbursement_summary(
    project_id: int,
) -> tuple[list[Disbursement], list[Disbursement], Disbursement]:
    """Per home area, per home commune, and for the project. m² handed over: the handover's
    area when its minutes give one, else the household's affected area."""
    rows = list(consent_all(project_id, ConsentFilters(), by_name=False))
    with connection.cursor() as cur:
        cur.execute(_AFFECTED_SQL, {"project": project_id})
        affected = dict(cur.fetchall())
    areas: dict[int | None, Disbursement] = {}
    communes: dict[int | None, Disbursement] = {}
    whole = Disbursement(None)
    for row in rows:
        row.affected_m2 = affected.get(row.land_user_id) or Decimal(0)
        areas.setdefault(row.area_id, Disbursement(row.area_id)).add(row)
        communes.setdefault(row.commune_id, Disbursement(row.commune_id)).add(row)
        whole.add(row)

    def ordered(groups: dict[int | None, Disbursement]) -> list[Disbursement]:
        return sorted(groups.values(), key=lambda d: (d.key is None, d.key or 0))

    return ordered(areas), ordered(communes), whole


def stage_known(stage: str) -> bool:
    return stage in RANK
