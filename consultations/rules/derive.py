"""Per-subject fact rows from the standing records and the registers (used by facts.py).

Each function below documents, by its code, the definition the SQL extraction must mirror.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .derive_case import case_row
from .record_index import Index, Row, first, last, max_date, min_date, on
from .records import Record
from .registers import PlanVersion, Registers
from .vocabulary import PLAN_MEETING_KINDS


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
                lambda r: r.get("meeting_kind") in PLAN_MEETING_KINDS and r.get("plan") == plan.id,
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
