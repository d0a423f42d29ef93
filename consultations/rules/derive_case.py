"""A case's fact row: its own records, its areas', plan versions', meetings' (used by derive)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .plans import Term, approval_effective, in_force
from .record_index import PERSUADERS, Index, Row, as_date, first, last, max_date, min_date, on
from .records import Record
from .registers import Case, PlanVersion


def net_in_force(index: Index, case_id: int) -> tuple[int | None, date | None]:
    """(net of the approved versions in force for the case, effective date of the latest counted):
    rules/plans.py's definition, each version's approval being its first (effective on its
    `effective_on`, else on its day)."""
    terms = []
    for plan in index.plans_of_case.get(case_id, []):
        approval = first(index.of("plan", plan.id, "plan_approved"))
        if approval is None:
            continue
        terms.append(
            Term(
                plan.id,
                plan.kind,
                plan.base_id,
                plan.version,
                plan.lines[case_id],
                approval_effective(approval),
            )
        )
    return in_force(terms, bases=index.plan_bases, kinds=index.plan_kinds)


def persuasion(records: list[Record], purposes: tuple[Any, ...], by: date | None) -> Row:
    kept = [
        r for r in records if r.get("purpose") in purposes and (by is None or r.happened_on <= by)
    ]
    roles = {role for r in kept for role in (r.get("by") or ())}
    return {
        "from": min_date(*(r.happened_on for r in kept)),
        "to": max_date(*((as_date(r.get("ended_on")) or r.happened_on) for r in kept)),
        **{short: role in roles for role, short in PERSUADERS.items()},
    }


def case_row(index: Index, case: Case, payments: list[tuple[date, int]]) -> Row:
    own = index.by_subject.get(("case", case.id), {})

    def k(kind: str) -> list[Record]:
        return own.get(kind, [])

    plans = index.plans_of_case.get(case.id, [])
    approvals: list[tuple[PlanVersion, Record]] = []
    for p in plans:
        approval = first(index.of("plan", p.id, "plan_approved"))
        if approval is not None:
            approvals.append((p, approval))
    first_approval = min(approvals, key=lambda pa: (pa[1].happened_on, pa[1].id), default=None)
    approved_ids = {p.id for p, _ in approvals}
    plan_ids = {p.id for p in plans}
    meetings = index.meetings_of_case.get(case.id, [])
    publication = last(k("notice_published"))
    inventory = first(k("inventory_done"))
    compulsory = on(first(k("compulsory_inventory")))
    executed = on(first(k("enforcement_executed")))
    inv = persuasion(k("persuasion"), ("inventory", None), compulsory)
    enf = persuasion(k("persuasion"), ("enforcement",), executed)
    opinion = last(k("opinion"))
    outcome = last(k("dialogue_outcome"))
    net, clock = net_in_force(index, case.id)
    paid, paid_on = 0, None
    for day, amount in payments:
        paid += amount
        if paid_on is None and net is not None and net > 0 and paid >= net:
            paid_on = day
    fpic = last(k("fpic_record"))
    return {
        "id": case.id,
        "parcels": len(case.parcels),
        "resettlement_eligible": case.resettlement_eligible,
        "vulnerable": case.vulnerable,
        "ethnic_minority": case.ethnic_minority,
        "customary_land": case.customary_land,
        "notice_issued_on": min_date(*(index.first_notice(a) for a in index.reg.areas_of(case))),
        "notice_delivered_on": on(first(k("notice_delivered"))),
        "notice_published_on": on(publication),
        "newspaper_issues": publication.get("newspaper_issues") if publication else None,
        "radio_broadcasts": publication.get("radio_broadcasts") if publication else None,
        "radio_days": publication.get("radio_days") if publication else None,
        "earlier_recovery_agreed_on": on(first(k("earlier_recovery_agreement"))),
        "inventory_done_on": on(inventory),
        "inventory_participated": inventory.get("participated") if inventory else None,
        "inventory_refused_on": on(first(k("inventory_refused"))),
        "compulsory_inventory_on": compulsory,
        "inventory_persuasion_from": inv["from"],
        "inventory_persuasion_to": inv["to"],
        "inventory_persuaded_by_commune_pc": inv["commune_pc"],
        "inventory_persuaded_by_front": inv["front"],
        "inventory_persuaded_by_board": inv["board"],
        "has_plan_line": bool(plans),
        "plan_posted_on": on(
            first(index.postings("draft_plan"), lambda r: r.get("plan") in plan_ids)
        ),
        "consultation_on": on(first(meetings, lambda r: r.get("meeting_kind") == "consultation")),
        "opinion": opinion.get("opinion") if opinion else None,
        "opinion_on": on(opinion),
        "dialogue_on": on(first(meetings, lambda r: r.get("meeting_kind") == "dialogue")),
        "dialogue_outcome": outcome.get("opinion") if outcome else None,
        "plan_appraised_on": min_date(
            *(on(first(index.of("plan", p, "plan_appraised"))) for p in plan_ids)
        ),
        "approval_on": first_approval[1].happened_on if first_approval else None,
        "approval_effective_on": as_date(first_approval[1].get("effective_on"))
        if first_approval
        else None,
        "approval_authority": first_approval[1].get("authority") if first_approval else None,
        "payment_clock_on": clock,
        "net_amount": net,
        "paid_amount": paid,
        "paid_in_full_on": paid_on,
        "plan_delivered_on": on(
            first(k("plan_delivered"), lambda r: r.get("plan") in approved_ids)
        ),
        "recovery_decided_on": on(first(k("recovery_decided"))),
        "recovery_delivered_on": on(first(k("recovery_delivered"))),
        "early_handover_agreed_on": on(first(k("early_handover_agreement"))),
        "handover_on": on(first(k("handover"))),
        "resettlement_agreed_on": on(first(k("resettlement_agreed"))),
        "resettlement_handed_over_on": on(first(k("resettlement_handed_over"))),
        "enforcement_decided_on": on(first(k("enforcement_decided"))),
        "enforcement_posted_on": on(first(k("enforcement_posted"))),
        "enforcement_delivered_on": on(first(k("enforcement_delivered"))),
        "enforcement_executed_on": executed,
        "enforcement_persuaded_by_commune_pc": enf["commune_pc"],
        "enforcement_persuaded_by_front": enf["front"],
        "enforcement_persuaded_by_board": enf["board"],
        "support_measures": len(k("support_measure")),
        "support_measure_on": on(first(k("support_measure"))),
        "fpic_consent": fpic.get("consent") if fpic else None,
        "fpic_consent_given_on": on(first(k("fpic_record"), lambda r: r.get("consent") == "given")),
    }
