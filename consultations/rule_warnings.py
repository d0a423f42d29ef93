"""Record-time warnings from the audit's own rules: when an act is recorded, the rules it can
break are evaluated for its subject, with the act in the record, by the same pure functions
and pack data as the audit — a warning and the audit cannot disagree (issue 12).

The audit is run on the act's neighbourhood only (its cases, their parcels and co-holders,
areas and plan versions, and their events), as of the act's day, on the happened axis.
"""

from itertools import count
from typing import Any

from django.db.models import Q
from django.utils import timezone

from landcases.models import (
    Holding,
    LandUseCode,
    LandUser,
    Parcel,
    PlanLine,
    Project,
    Tenure,
)

from .models import Case, Event
from .rules import registers as reg
from .rules.audit import evaluate
from .rules.records import Record
from .rules.vocabulary import PLAN_MEETING_KINDS

# The rules an act of each kind can break, and on which subject their finding is read.
WARN_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "meeting": (
        ("DEM-FRONT-PRESENT", "meeting"),
        ("MINUTES-SIGNED", "meeting"),
        ("PLAN-POSTING", "plan"),
    ),
    "compulsory_inventory": (("INVENTORY-PERSUASION", "case"),),
    "recovery_decided": (
        ("PLAN-APPROVED", "case"),
        ("NOTICE-LEAD-TIME", "parcel"),
        ("NOTICE-VALIDITY", "parcel"),
        ("RESETTLE-BEFORE-RECOVERY", "case"),
    ),
    "payment": (("PAYMENT-DEADLINE", "case"),),
    "deposit": (("PAYMENT-DEADLINE", "case"),),
    "handover": (("PAID-BEFORE-HANDOVER", "case"), ("RESETTLE-BEFORE-RECOVERY", "case")),
    "enforcement_executed": (("ENFORCEMENT-PRECONDITIONS", "case"),),
    "grievance_accepted": (("GRV-ACCEPT", "grievance"),),
    "grievance_refused": (("GRV-ACCEPT", "grievance"),),
    "grievance_settled": (("GRV-RESOLVE", "grievance"),),
}
# An act's signatures, named at once with it (the meeting screen), count as recorded with it.
PROVISIONAL_KINDS = {"meeting": "minutes_signed"}


def _plan_of(act, payload: dict) -> int | None:
    """The plan version whose rules the act can break: a meeting's only if the plan is
    consulted on at it (a dialogue on the plan does not post it nor consult on it)."""
    if act.kind == "meeting" and payload.get("meeting_kind") not in PLAN_MEETING_KINDS:
        return None
    return payload.get("plan")


def _cases_of(act, payload: dict) -> set[int]:
    if act.subject.case is not None:
        return {act.subject.case.id}
    if act.kind == "meeting":  # its rules are the meeting's and its plan's, not the attendees'
        return set()
    if act.subject.grievance is not None:
        received = (
            Event.objects.filter(grievance=act.subject.grievance, kind="grievance_received")
            .values_list("payload__cases", flat=True)
            .first()
        )
        return set(received or ())
    return set()


def _neighbourhood(project: Project, case_ids: set[int], area_ids: set[int], plan_ids: set[int]):
    """The current registers around these subjects: the cases, the other holders of their
    parcels, the parcels' areas, the plan versions with a line for them."""
    user_of = dict(Case.objects.filter(pk__in=case_ids).values_list("id", "land_user_id"))
    parcels = set(
        Holding.objects.filter(land_user_id__in=user_of.values()).values_list(
            "parcel_id", flat=True
        )
    )
    holders = Holding.objects.filter(parcel_id__in=parcels).values_list(
        "land_user_id", "parcel_id", "tenure"
    )
    held: dict[int, list[int]] = {}
    customary: set[int] = set()  # land users holding customary land (the register's tenure)
    for lu, parcel, tenure in holders:
        held.setdefault(lu, []).append(parcel)
        if tenure == Tenure.CUSTOMARY:
            customary.add(lu)
    case_of = dict(Case.objects.filter(land_user_id__in=held).values_list("land_user_id", "id"))
    case_of.update({lu: c for c, lu in user_of.items()})
    groups = dict(LandUseCode.objects.values_list("code", "group"))
    parcel_rows = list(
        Parcel.objects.filter(pk__in=parcels, area__isnull=False).values_list(
            "id", "area_id", "land_use_id"
        )
    )
    areas = {a for _p, a, _u in parcel_rows} | area_ids
    lines: dict[int, dict[int, int]] = {}
    for plan_id, lu, net in PlanLine.objects.filter(land_user_id__in=case_of).values_list(
        "plan_id", "land_user_id", "net_vnd"
    ):
        lines.setdefault(plan_id, {})[case_of[lu]] = net
    plan_ids = set(lines) | plan_ids
    from landcases.models import CompensationPlan

    # With the versions their revisions and supplements are based on, listed for these cases
    # or not: a chain of revisions runs through every version (rules/plans.py `slot_of`).
    plans: list[tuple] = []
    wanted = set(plan_ids)
    while wanted:
        found = list(
            CompensationPlan.objects.filter(pk__in=wanted).values_list(
                "id", "area_id", "kind", "number", "version", "base_id"
            )
        )
        plans.extend(found)
        plan_ids |= {row[0] for row in found}
        wanted = {row[5] for row in found if row[5] is not None} - plan_ids
    known = {p[0] for p in plans}
    users = {
        u["id"]: u
        for u in LandUser.objects.filter(pk__in=case_of).values(
            "id", "kind", "resettlement_eligible", "sensitive__vulnerabilities"
        )
    }
    in_areas = {r[0] for r in parcel_rows}
    cases = [
        reg.Case(
            case_of[lu],
            users[lu]["kind"],
            tuple(sorted(p for p in held.get(lu, ()) if p in in_areas)),
            bool(users[lu]["resettlement_eligible"]),
            bool(users[lu]["sensitive__vulnerabilities"]),
            "ethnic_minority" in (users[lu]["sensitive__vulnerabilities"] or ()),
            lu in customary,
        )
        for lu in case_of
        if lu in users
    ]
    registers = reg.Registers(
        reg.Project(project.id, tuple(project.rule_packs), province=project.province.code),
        tuple(reg.Area(a) for a in sorted(areas)),
        tuple(reg.Parcel(p, a, groups[u]) for p, a, u in parcel_rows),
        tuple(cases),
        tuple(
            reg.PlanVersion(
                i, a if a in areas else None, k, n, v, b if b in known else None, lines.get(i, {})
            )
            for i, a, k, n, v, b in plans
        ),
    )
    return registers, set(case_of.values()), areas, plan_ids


def _records(project, case_ids, area_ids, plan_ids) -> list[Record]:
    from .auditing import project_records

    wanted = Q(case_id__in=case_ids) | Q(area_id__in=area_ids) | Q(plan_id__in=plan_ids)
    grievances = Event.objects.filter(project=project, kind="grievance_received").values(
        "grievance_id"
    )
    wanted |= Q(grievance_id__in=grievances)
    return project_records(project, Event.objects.filter(project=project).filter(wanted))


def _provisional(act, payload, ids) -> tuple[list[Record], int]:
    """The act (and what comes with it) as records, as if recorded now."""
    now = timezone.now()
    subject = act.subject
    kind = subject.type
    subject_id = {
        "case": subject.case.id if subject.case else None,
        "area": subject.area.id if subject.area else None,
        "plan": subject.plan.id if subject.plan else None,
        "grievance": subject.grievance.id if subject.grievance else None,
    }.get(kind)
    root = act.supersedes.root_id if act.supersedes is not None else next(ids)
    made = [
        Record(
            next(ids) if act.supersedes else root,
            root,
            act.kind,
            kind,
            subject_id or 0,
            act.happened_on,
            now,
            payload,
        )
    ]
    follower = PROVISIONAL_KINDS.get(act.kind)
    for role in act.warn_context.get("signatories", ()) if follower is not None else ():
        i = next(ids)
        signed = Record(
            i,
            i,
            follower or "",
            kind,
            subject_id or 0,
            act.happened_on,
            now,
            {"meeting": root, "role": role},
        )
        made.append(signed)
    return made, root


def rule_warnings(project: Project, acts, payloads: list[dict]) -> list[list[dict[str, Any]]]:
    """Each act's warnings: every rule it can break that fails for its subject (or falls due
    today undone), with the act recorded. One audit of the batch's neighbourhood for all its
    acts (a bulk load of thousands of payments costs one evaluation, not thousands)."""
    result: list[list[dict[str, Any]]] = [[] for _ in acts]
    wanted = [i for i, a in enumerate(acts) if WARN_RULES.get(a.kind) and not a.is_void]
    if not wanted:
        return result
    case_ids, area_ids, plan_ids = set(), set(), set()
    for i in wanted:
        act, payload = acts[i], payloads[i]
        case_ids |= _cases_of(act, payload)
        if act.subject.area is not None:
            area_ids.add(act.subject.area.id)
        plan = _plan_of(act, payload)
        if plan:
            plan_ids.add(plan)
    registers, case_ids, area_ids, plan_ids = _neighbourhood(project, case_ids, area_ids, plan_ids)
    records = _records(project, case_ids, area_ids, plan_ids)
    replaced = {acts[i].supersedes.root_id for i in wanted if acts[i].supersedes is not None}
    records = [r for r in records if r.root_id not in replaced]
    ids = count(start=-1, step=-1)
    roots: dict[int, int] = {}
    made: list[Record] = []
    for i in wanted:
        provisional, roots[i] = _provisional(acts[i], payloads[i], ids)
        made.extend(provisional)
    # As the record stands once the acts are in it, today: a duty already missed fails, one
    # due today and not done (minutes signed at the meeting) is told too.
    today = timezone.localdate()
    audit = evaluate(registers, [*records, *made], as_of=today, axis="happened")
    parcels_of = {c.id: set(c.parcels) for c in registers.cases}
    for i in wanted:
        act, plan = acts[i], _plan_of(acts[i], payloads[i])
        subjects = {
            "meeting": {roots[i]},
            "case": {act.subject.case.id} if act.subject.case else set(),
            "plan": {plan} if plan else set(),
            "grievance": {act.subject.grievance.id} if act.subject.grievance else set(),
            "parcel": parcels_of.get(act.subject.case.id, set()) if act.subject.case else set(),
        }
        for code, subject in WARN_RULES[act.kind]:
            if code not in audit.runs or audit.runs[code].subject != subject:
                continue  # not a rule of the packs this project lists
            for subject_id in sorted(subjects[subject]):
                finding = audit.finding(code, subject, subject_id, explain=False)
                if finding.result == "fail" or (
                    finding.result == "open" and finding.due_on == today
                ):
                    result[i].append(
                        {
                            "code": "WARN_RULE",
                            "params": {
                                "rule": code,
                                "key": finding.reason_key,
                                "template": finding.reason_template,
                                "values": finding.reason_values,
                            },
                        }
                    )
                    break
    return result
