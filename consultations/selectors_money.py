"""Reads of plans and money: a plan number's versions with where each stands on its path, a
version's lines and totals (per area and per version), the opinion tally the board confirms,
and what each household is owed under the versions in force (rules/plans.py, the definition
the stage function uses). Reads only; amounts are the views' to hide from roles that may not
see them."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from landcases.models import CompensationPlan, PlanItem, PlanLine

from .models import Event
from .rules.plans import Term, versions_in_force

# The land user's home in the project: the area and commune (at survey) of its holding with
# the largest affected area (lowest parcel id on a tie). Totals per area and commune, the
# household register's filters and the disbursement summary all use it, so that they agree.
HOME_SQL = """
    select distinct on (h.land_user_id) h.land_user_id, p.area_id,
           p.commune_at_survey_id as commune_id
    from landcases_holding h join landcases_parcel p on p.id = h.parcel_id
    where p.project_id = %(project)s
    order by h.land_user_id, h.affected_area_m2 desc, p.id
"""
# The latest version of each chain of corrections, voids dropped.
STANDING_SQL = (
    "not e.is_void and not exists "
    "(select 1 from consultations_event s where s.supersedes_id = e.id)"
)


def standing_events(**filters) -> QuerySet[Event]:
    return Event.objects.filter(is_void=False, superseded_by__isnull=True, **filters)


@dataclass
class VersionPath:
    """A plan version and the acts of its path that stand (None: not recorded)."""

    plan: CompensationPlan
    lines: int = 0
    summary: Event | None = None
    appraisal: Event | None = None
    approval: Event | None = None
    postings: list[Event] = field(default_factory=list)
    meetings: list[Event] = field(default_factory=list)
    delivered: int = 0  # households it was delivered to

    @property
    def effective_on(self) -> date | None:
        if self.approval is None:
            return None
        raw = self.approval.payload.get("effective_on")
        return date.fromisoformat(raw) if raw else self.approval.happened_on

    @property
    def status(self) -> str:
        return "approved" if self.approval is not None else "draft"

    @property
    def tally_differs(self) -> bool:
        if self.summary is None:
            return False
        p = self.summary.payload
        return any(p.get(k) != p.get(f"proposed_{k}") for k in ("agree", "disagree", "other"))


def plan_paths(plans: list[CompensationPlan]) -> list[VersionPath]:
    """Each version with its path: a few queries whatever the number of versions."""
    ids = [p.id for p in plans]
    paths = {p.id: VersionPath(p) for p in plans}
    counts = PlanLine.objects.filter(plan_id__in=ids).values_list("plan_id")
    for (plan_id,) in counts:
        paths[plan_id].lines += 1
    kinds = {
        "opinion_summary": "summary",
        "plan_appraised": "appraisal",
        "plan_approved": "approval",
    }
    acts = standing_events(plan_id__in=ids, kind__in=kinds).order_by("happened_on", "id")
    for e in acts.select_related("recorded_by"):
        path = paths[e.plan_id or 0]
        if getattr(path, kinds[e.kind]) is None:  # the first that stands
            setattr(path, kinds[e.kind], e)
    for e in standing_events(kind="posting_started", payload__plan__in=ids).select_related("area"):
        paths[e.payload["plan"]].postings.append(e)
    for e in standing_events(kind="meeting", payload__plan__in=ids).select_related("area"):
        paths[e.payload["plan"]].meetings.append(e)
    delivered = (
        standing_events(kind="plan_delivered", payload__plan__in=ids)
        .values_list("payload__plan", "case_id")
        .distinct()
    )
    for plan_id, _case in delivered:
        paths[plan_id].delivered += 1
    return [paths[i] for i in ids]


def plan_versions(plan: CompensationPlan) -> list[CompensationPlan]:
    return list(
        CompensationPlan.objects.filter(project_id=plan.project_id, number=plan.number)
        .select_related("base", "area")
        .order_by("version")
    )


def version_lines(plan: CompensationPlan) -> QuerySet[PlanLine]:
    """The version's lines with their items, in name order (paginate them)."""
    return (
        PlanLine.objects.filter(plan=plan)
        .select_related("land_user")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.order_by("category", "id")))
        .order_by("land_user__name", "land_user_id")
    )


@dataclass(frozen=True)
class Totals:
    area_id: int | None
    lines: int
    gross: int
    deductions: int
    net: int


def version_totals(plan: CompensationPlan) -> tuple[list[Totals], Totals]:
    """Totals per area (the households' home areas) and for the version, in one query."""
    sql = f"""
        with home as ({HOME_SQL})
        select home.area_id, count(*), coalesce(sum(l.gross_vnd), 0),
               coalesce(sum(l.deductions_vnd), 0), coalesce(sum(l.net_vnd), 0)
        from landcases_planline l left join home on home.land_user_id = l.land_user_id
        where l.plan_id = %(plan)s
        group by home.area_id order by home.area_id nulls last
    """  # noqa: S608 - composed of our own constants
    with connection.cursor() as cur:
        cur.execute(sql, {"project": plan.project_id, "plan": plan.id})
        rows = [Totals(*r) for r in cur.fetchall()]
    whole = Totals(
        None,
        sum(r.lines for r in rows),
        sum(r.gross for r in rows),
        sum(r.deductions for r in rows),
        sum(r.net for r in rows),
    )
    return rows, whole


def proposed_tally(plan: CompensationPlan) -> dict[str, int]:
    """The counts the record proposes for the version's opinion summary: the latest standing
    opinion (at a meeting or in writing) of each household with a line in the version, among
    the opinions about this version or about no version named; households without one are
    `no_opinion`."""
    sql = f"""
        select distinct on (e.case_id) e.payload ->> 'opinion'
        from consultations_event e
        join consultations_case c on c.id = e.case_id
        join landcases_planline l on l.land_user_id = c.land_user_id and l.plan_id = %(plan)s
        where e.project_id = %(project)s and e.kind = 'opinion' and {STANDING_SQL}
          and (e.payload -> 'plan' is null or e.payload ->> 'plan' = %(plan_text)s)
        order by e.case_id, e.happened_on desc, e.recorded_at desc, e.id desc
    """  # noqa: S608 - composed of our own constants
    tally = dict.fromkeys(("agree", "disagree", "other", "no_opinion"), 0)
    with connection.cursor() as cur:
        cur.execute(sql, {"plan": plan.id, "plan_text": str(plan.id), "project": plan.project_id})
        for (opinion,) in cur.fetchall():
            tally[opinion if opinion in tally else "no_opinion"] += 1
    lined = PlanLine.objects.filter(plan=plan).count()
    tally["no_opinion"] += lined - sum(tally.values())
    return tally


@dataclass(frozen=True)
class Owed:
    """What a household is owed today under the versions in force."""

    net: int
    plan_ids: tuple[int, ...]


def approvals_in_effect(project_id: int) -> dict[int, date]:
    """Each approved version's effective date: its first standing approval's (by the day it
    was signed, then id), as the stage function and the audit's facts read it
    (rules/plans.py `approval_effective`) — a later approval does not move it."""
    found: dict[int, date] = {}
    rows = (
        standing_events(project_id=project_id, kind="plan_approved")
        .order_by("happened_on", "id")
        .values_list("plan_id", "happened_on", "payload")
    )
    for plan_id, signed, payload in rows:
        if plan_id not in found:
            raw = (payload or {}).get("effective_on")
            found[plan_id] = date.fromisoformat(raw) if raw else signed
    return found


def owed_in_force(
    project_id: int, land_user_ids: list[int] | None = None, *, on: date | None = None
) -> dict[int, Owed]:
    """Per land user (of `land_user_ids`, or every one of the project): the net of the plan
    versions in force on `on` (today), by rules/plans.py — a few queries, then pure Python."""
    on = on or timezone.localdate()
    effective = approvals_in_effect(project_id)
    if not effective:
        return {}
    plans: dict[int, tuple[str, int | None, int]] = {
        pk: (kind, base, version)
        for pk, kind, base, version in CompensationPlan.objects.filter(
            project_id=project_id
        ).values_list("id", "kind", "base_id", "version")
    }
    bases = {pk: v[1] for pk, v in plans.items()}
    kinds = {pk: v[0] for pk, v in plans.items()}
    lines = PlanLine.objects.filter(plan_id__in=list(effective))
    if land_user_ids is not None:
        lines = lines.filter(land_user_id__in=land_user_ids)
    nets: dict[int, dict[int, int]] = defaultdict(dict)  # land user → plan → net
    for land_user_id, plan_id, net in lines.values_list("land_user_id", "plan_id", "net_vnd"):
        nets[land_user_id][plan_id] = net
    # Which versions are in force depends on the versions a household is listed in, not on
    # its nets (kind, base, version and effective date are the version's): chosen once per
    # set of versions — a project has a few sets for 100,000s of households.
    chosen_of: dict[tuple[int, ...], tuple[int, ...]] = {}
    owed: dict[int, Owed] = {}
    for land_user_id, by_plan in nets.items():
        listed = tuple(sorted(by_plan))
        chosen = chosen_of.get(listed)
        if chosen is None:
            terms = [Term(p, *plans[p][:2], plans[p][2], 0, effective[p]) for p in listed]
            chosen = chosen_of[listed] = tuple(
                t.plan_id for t in versions_in_force(terms, on, bases=bases, kinds=kinds)
            )
        if chosen:
            owed[land_user_id] = Owed(sum(by_plan[p] for p in chosen), chosen)
    return owed


def plan_labels(project_id: int) -> dict[int, str]:
    return {
        pk: f"{number} v{version}"
        for pk, number, version in CompensationPlan.objects.filter(
            project_id=project_id
        ).values_list("id", "number", "version")
    }


def case_money(case) -> dict[str, Any]:
    """A case page's money: its lines in every version, the versions in force and their net,
    what was paid and deposited (standing acts), and what is outstanding."""
    land_user_id = case.land_user_id
    lines = list(
        PlanLine.objects.filter(land_user_id=land_user_id)
        .select_related("plan")
        .order_by("plan__number", "plan__version")
    )
    owed = owed_in_force(case.project_id, [land_user_id]).get(land_user_id)
    paid = deposited = 0
    if case.pk is not None:
        for kind, amount in standing_events(case=case, kind__in=("payment", "deposit")).values_list(
            "kind", "payload__amount"
        ):
            if kind == "payment":
                paid += int(amount or 0)
            else:
                deposited += int(amount or 0)
    net = owed.net if owed else None
    return {
        "lines": lines,
        "in_force": set(owed.plan_ids) if owed else set(),
        "net": net,
        "paid": paid,
        "deposited": deposited,
        "outstanding": max(net - paid - deposited, 0) if net is not None else None,
    }


def latest_decisions(project_id: int, land_users: set[int]) -> dict[int, int]:
    """Land user → the root id of its latest standing recovery decision."""
    rows = (
        standing_events(
            project_id=project_id, kind="recovery_decided", case__land_user_id__in=land_users
        )
        .order_by("case__land_user_id", "happened_on", "id")
        .values_list("case__land_user_id", "root_id")
    )
    return dict(rows)  # the latest of each land user wins
