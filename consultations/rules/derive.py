"""Per-subject fact rows from the standing records and the registers (used by facts.py).

Each function below documents, by its code, the definition the SQL extraction must mirror.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from .records import Record
from .registers import Case, PlanVersion, Registers

Row = dict[str, Any]
POSTING_PLACES = ("commune_office", "residential_area")
PERSUADERS = {"commune_pc": "commune_pc", "fatherland_front": "front", "board": "board"}


def as_date(value: Any) -> date | None:
    """A payload date: a date, or an ISO string as JSON holds it."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def first(records: Iterable[Record], pred: Callable[[Record], bool] | None = None) -> Record | None:
    return next((r for r in records if pred is None or pred(r)), None)


def last(records: Iterable[Record], pred: Callable[[Record], bool] | None = None) -> Record | None:
    found = None
    for r in records:
        if pred is None or pred(r):
            found = r
    return found


def on(record: Record | None) -> date | None:
    return record.happened_on if record is not None else None


def min_date(*days: date | None) -> date | None:
    present = [d for d in days if d is not None]
    return min(present) if present else None


def max_date(*days: date | None) -> date | None:
    present = [d for d in days if d is not None]
    return max(present) if present else None


class Index:
    """The standing records grouped the ways the facts read them (records sorted by date, id)."""

    def __init__(self, registers: Registers, records: list[Record]) -> None:
        self.reg = registers
        self.by_subject: dict[tuple[str, int], dict[str, list[Record]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.by_kind: dict[str, list[Record]] = defaultdict(list)
        for r in records:
            self.by_subject[(r.subject_type, r.subject_id)][r.kind].append(r)
            self.by_kind[r.kind].append(r)
        self.meeting = {r.root_id: r for r in self.by_kind["meeting"]}
        self.meetings_of_case: dict[int, list[Record]] = defaultdict(list)
        for r in self.by_kind["meeting"]:
            for case_id in r.get("cases") or ():
                self.meetings_of_case[case_id].append(r)
        self.plans_of_case: dict[int, list[PlanVersion]] = defaultdict(list)
        for plan in registers.plans:
            for case_id in plan.lines:
                self.plans_of_case[case_id].append(plan)
        self.plan = {p.id: p for p in registers.plans}
        self.parcel = {p.id: p for p in registers.parcels}
        self.cases_of_area: dict[int, list[int]] = defaultdict(list)
        self.cases_of_parcel: dict[int, list[int]] = defaultdict(list)
        for c in registers.cases:
            for area_id in registers.areas_of(c):
                self.cases_of_area[area_id].append(c.id)
            for pid in c.parcels:
                self.cases_of_parcel[pid].append(c.id)

    def of(self, subject: str, subject_id: int, kind: str) -> list[Record]:
        return self.by_subject.get((subject, subject_id), {}).get(kind, [])

    def first_notice(self, area_id: int | None) -> date | None:
        return on(first(self.of("area", area_id, "notice_issued"))) if area_id is not None else None

    def postings(self, what: str, area_id: int | None = None) -> list[Record]:
        return [
            r
            for r in self.by_kind["posting_started"]
            if r.get("what") == what and (area_id is None or r.subject_id == area_id)
        ]

    def posting_end(self, posting: Record) -> date | None:
        return on(
            first(self.by_kind["posting_ended"], lambda r: r.get("posting") == posting.root_id)
        )

    def opinion_plan(self, opinion: Record) -> int | None:
        """The plan an opinion is about: its own `plan`, else its meeting's."""
        if opinion.get("plan") is not None:
            return int(opinion.get("plan"))
        meeting = self.meeting.get(opinion.get("meeting"))
        return meeting.get("plan") if meeting is not None else None


def slot_of(index: Index, plan: PlanVersion) -> int:
    """The slot a version's lines fill: a revised version replaces its base's lines (for the
    cases it lists); a draft or supplementary version is a slot of its own."""
    seen = set()
    while plan.kind == "revised" and plan.base_id is not None and plan.id not in seen:
        seen.add(plan.id)
        plan = index.plan[plan.base_id]
    return plan.id


def net_in_force(index: Index, case_id: int) -> tuple[int | None, date | None]:
    """(net of the approved versions in force for the case, effective date of the latest counted).

    Per slot, the latest approved version (by effective date, then version number) that lists
    the case; the net is the sum over slots.
    """
    slots: dict[int, tuple[tuple[date, int, int], int]] = {}
    for plan in index.plans_of_case.get(case_id, []):
        approval = first(index.of("plan", plan.id, "plan_approved"))
        if approval is None:
            continue
        key = (as_date(approval.get("effective_on")) or approval.happened_on, plan.version, plan.id)
        slot = slot_of(index, plan)
        if slot not in slots or key > slots[slot][0]:
            slots[slot] = (key, plan.lines[case_id])
    if not slots:
        return None, None
    return sum(amount for _, amount in slots.values()), max(key[0] for key, _ in slots.values())


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


def parcel_row(index: Index, parcel_id: int, cases: dict[int, Row], as_of: date) -> Row:
    parcel = index.parcel[parcel_id]
    held = [cases[c] for c in index.cases_of_parcel.get(parcel_id, [])]
    decided = min_date(*(c["recovery_decided_on"] for c in held))

    def excepted(c: Row) -> bool:
        agreed = c["earlier_recovery_agreed_on"]
        return agreed is not None and (decided is None or agreed <= decided)

    others = [c for c in held if not excepted(c)]
    notified = [min_date(c["notice_delivered_on"], c["notice_published_on"]) for c in others]
    notices = [r.happened_on for r in index.of("area", parcel.area_id, "notice_issued")]
    return {
        "id": parcel.id,
        "area_id": parcel.area_id,
        "land_group": parcel.land_group,
        "cases": len(held),
        "cases_excepted": len(held) - len(others),
        "cases_unnotified": sum(1 for n in notified if n is None),
        "notified_last_on": max_date(*notified),
        "recovery_first_on": decided,
        "notice_issued_on": min_date(*notices),
        "notice_last_issued_on": max_date(*(n for n in notices if n <= (decided or as_of))),
    }


def area_row(index: Index, area_id: int, cases: dict[int, Row]) -> Row:
    def posted(what: str, place: str) -> date | None:
        return on(first(index.postings(what, area_id), lambda r: place in (r.get("places") or ())))

    unplaced = [
        r
        for w in ("notice", "land_user_list")
        for r in index.postings(w, area_id)
        if not r.get("places")
    ]
    meetings = index.of("area", area_id, "meeting")
    return {
        "id": area_id,
        "cases": len(index.cases_of_area.get(area_id, [])),
        "notice_issued_on": index.first_notice(area_id),
        "dissemination_on": on(first(meetings, lambda r: r.get("meeting_kind") == "dissemination")),
        "notice_posted_commune_on": posted("notice", "commune_office"),
        "notice_posted_residential_on": posted("notice", "residential_area"),
        "list_posted_commune_on": posted("land_user_list", "commune_office"),
        "list_posted_residential_on": posted("land_user_list", "residential_area"),
        "notice_postings_unplaced": len(unplaced),
        "recovery_first_on": min_date(
            *(cases[c]["recovery_decided_on"] for c in index.cases_of_area.get(area_id, []))
        ),
    }


def plan_row(index: Index, plan: PlanVersion, cases: dict[int, Row]) -> Row:
    postings = [r for r in index.postings("draft_plan") if r.get("plan") == plan.id]
    places = {p for r in postings for p in (r.get("places") or ())}
    summary = last(index.of("plan", plan.id, "opinion_summary"))
    counts = {"agree": 0, "disagree": 0, "other": 0}
    for case_id in plan.lines:
        opinion = last(
            index.of("case", case_id, "opinion"),
            lambda r: index.opinion_plan(r) in (None, plan.id),
        )
        if opinion is not None and opinion.get("opinion") in counts:
            counts[opinion.get("opinion")] += 1
    notice = index.first_notice(plan.area_id)
    if plan.area_id is None:
        notice = min_date(*(cases[c]["notice_issued_on"] for c in plan.lines))
    return {
        "id": plan.id,
        "area_id": plan.area_id,
        "kind": plan.kind,
        "cases": len(plan.lines),
        "notice_issued_on": notice,
        "posting_started_on": on(first(postings)),
        "posting_ended_on": index.posting_end(postings[0]) if postings else None,
        "posted_commune": "commune_office" in places,
        "posted_residential": "residential_area" in places,
        "postings_unplaced": sum(1 for r in postings if not r.get("places")),
        "consultation_on": on(
            first(
                index.by_kind["meeting"],
                lambda r: r.get("meeting_kind") == "consultation" and r.get("plan") == plan.id,
            )
        ),
        "appraised_on": on(first(index.of("plan", plan.id, "plan_appraised"))),
        "approved_on": on(first(index.of("plan", plan.id, "plan_approved"))),
        "summary_on": on(summary),
        "summary_agree": summary.get("agree") if summary else None,
        "summary_disagree": summary.get("disagree") if summary else None,
        "summary_other": summary.get("other") if summary else None,
        "opinions_agree": counts["agree"],
        "opinions_disagree": counts["disagree"],
        "opinions_other": counts["other"],
    }


def meeting_row(index: Index, meeting: Record) -> Row:
    signatures = [r for r in index.by_kind["minutes_signed"] if r.get("meeting") == meeting.root_id]
    roles = {r.get("role") for r in signatures}
    households = {
        r.get("case") if r.get("case") is not None else -r.id
        for r in signatures
        if r.get("role") == "household_representative"
    }
    officials = meeting.get("officials")
    return {
        "id": meeting.root_id,
        "area_id": meeting.subject_id,
        "kind": meeting.get("meeting_kind"),
        "held_on": meeting.happened_on,
        "plan_id": meeting.get("plan"),
        "cases": len(meeting.get("cases") or ()),
        "notice_issued_on": index.first_notice(meeting.subject_id),
        "officials_recorded": officials is not None,
        "front_present": "fatherland_front" in (officials or ()),
        "signed_commune_pc": "commune_pc" in roles,
        "signed_front": "fatherland_front" in roles,
        "household_signatures": len(households),
    }


def grievance_row(index: Index, grievance_id: int) -> Row:
    def k(kind: str) -> list[Record]:
        return index.of("grievance", grievance_id, kind)

    received = first(k("grievance_received"))
    return {
        "id": grievance_id,
        "received_on": on(received),
        "grievance_kind": received.get("grievance_kind") if received else None,
        "complex": received.get("complex") if received else None,
        "remote": received.get("remote") if received else None,
        "cases": len(received.get("cases") or ()) if received else 0,
        "accepted_on": on(first(k("grievance_accepted"))),
        "refused_on": on(first(k("grievance_refused"))),
        "settled_on": on(first(k("grievance_settled"))),
        "withdrawn_on": on(first(k("grievance_withdrawn"))),
    }


def project_row(index: Index) -> Row:
    reg = index.reg

    def posted(what: str) -> date | None:
        return on(first(index.postings(what)))

    return {
        "id": reg.project.id,
        "cases": len(reg.cases),
        "resettlement_cases": sum(1 for c in reg.cases if c.resettlement_eligible),
        "notice_issued_on": on(first(index.by_kind["notice_issued"])),
        "consultation_first_on": on(
            first(index.by_kind["meeting"], lambda r: r.get("meeting_kind") == "consultation")
        ),
        "land_prices_posted_on": posted("land_prices"),
        "asset_prices_posted_on": posted("asset_prices"),
        "resettlement_plan_posted_on": posted("resettlement_plan"),
        "draft_plan_posted_on": posted("draft_plan"),
        "census_closed_on": on(first(index.by_kind["census_closed"])),
        "cutoff_announced_on": on(first(index.by_kind["cutoff_announced"])),
    }


def derive(registers: Registers, records: list[Record], *, as_of: date) -> dict[str, Any]:
    """Rows and the cases each row touches, per subject; plus the case payments side table."""
    index = Index(registers, records)
    ledger: list[list[tuple[date, int]]] = []
    case_rows: dict[int, Row] = {}
    for case in registers.cases:
        entries = [
            (r.happened_on, int(r.get("amount") or 0))
            for kind in ("payment", "deposit")
            for r in index.of("case", case.id, kind)
        ]
        entries.sort()
        ledger.append(entries)
        case_rows[case.id] = case_row(index, case, entries)
    all_cases = tuple(c.id for c in registers.cases)
    grievances = sorted({sid for (stype, sid) in index.by_subject if stype == "grievance"})
    received = {g: first(index.of("grievance", g, "grievance_received")) for g in grievances}
    meetings = list(index.meeting.values())
    return {
        "case": ([case_rows[c] for c in all_cases], [(c,) for c in all_cases]),
        "parcel": (
            [parcel_row(index, p.id, case_rows, as_of) for p in registers.parcels],
            [tuple(index.cases_of_parcel.get(p.id, [])) for p in registers.parcels],
        ),
        "area": (
            [area_row(index, a.id, case_rows) for a in registers.areas],
            [tuple(index.cases_of_area.get(a.id, [])) for a in registers.areas],
        ),
        "plan": (
            [plan_row(index, p, case_rows) for p in registers.plans],
            [tuple(p.lines) for p in registers.plans],
        ),
        "meeting": (
            [meeting_row(index, m) for m in meetings],
            [tuple(m.get("cases") or ()) for m in meetings],
        ),
        "grievance": (
            [grievance_row(index, g) for g in grievances],
            [tuple(r.get("cases") or ()) if r else () for r in received.values()],
        ),
        "project": ([project_row(index)], [all_cases]),
        "payments": ledger,
    }
