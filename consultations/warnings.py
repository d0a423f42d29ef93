"""What an act breaks, told when it is recorded (and again when it is corrected): the act is
recorded all the same — the audit must see it.

The thresholds come from the project's rule pack (see the audit); these are the checks the
recording screens show at once.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models import Q

from landcases.models import Holding

from . import messages as msg
from .models import Event
from .rules.vocabulary import REQUIRED_SIGNATORIES
from .warnings_steps import WARNERS as STEP_WARNERS

PERSUASION_DAYS, COMPULSORY_AFTER_DAYS = 15, 10  # LL2024 Art. 87-88 (rules.md)
PLAN_POSTING_DAYS = 30  # vn-2024, LL2024 Art. 87(3)(a)


def _standing(**filters):
    """Latest, non-void versions (what the record says now)."""
    return Event.objects.filter(is_void=False, superseded_by__isnull=True, **filters)


def _meeting(project, act, payload, memo) -> list[dict]:
    warnings: list[dict] = []
    if payload.get("meeting_kind") not in ("consultation", "dialogue"):
        return warnings
    if "fatherland_front" not in payload.get("officials", []):
        warnings.append(msg.warn("WARN_FRONT_ABSENT"))
    if "signatories" in act.warn_context:
        signed = set(act.warn_context["signatories"])
    elif act.supersedes is not None:  # a correction: the minutes' signatures on record
        signed = set(
            _standing(kind="minutes_signed", payload__meeting=act.supersedes.root_id).values_list(
                "payload__role", flat=True
            )
        )
    else:
        signed = set()
    missing = [r for r in REQUIRED_SIGNATORIES if r not in signed]
    if missing:
        warnings.append(
            msg.warn("WARN_MINUTES_UNSIGNED", missing=msg.codes("signatory_role", missing))
        )
    if payload.get("meeting_kind") == "consultation":
        posting = (
            _standing(
                area=act.subject.area,
                kind="posting_started",
                payload__what="draft_plan",
                happened_on__lte=act.happened_on,
            )
            .order_by("happened_on")
            .first()
        )
        if posting is None:
            warnings.append(msg.warn("WARN_NO_POSTING"))
        elif (act.happened_on - posting.happened_on).days < PLAN_POSTING_DAYS:
            days = (act.happened_on - posting.happened_on).days
            warnings.append(msg.warn("WARN_POSTING_SHORT", days=days, need=PLAN_POSTING_DAYS))
    return warnings


def _notice_delivered(project, act, payload, memo) -> list[dict]:
    if payload.get("notice"):
        return []
    if "notices" not in memo:  # once per batch: the first notice of each area, every case's areas
        memo["notices"] = dict(
            _standing(kind="notice_issued", project=project)
            .order_by("area_id", "happened_on")
            .values_list("area_id", "happened_on")
            .distinct("area_id")
        )
        memo["areas"] = {}
        for case_id, area_id in Holding.objects.filter(
            land_user__case__id__in=memo["cases"], parcel__area__isnull=False
        ).values_list("land_user__case__id", "parcel__area_id"):
            memo["areas"].setdefault(case_id, set()).add(area_id)
    firsts = [memo["notices"].get(a) for a in memo["areas"].get(act.subject.case.id, ())]
    issued = any(first is not None and first <= act.happened_on for first in firsts)
    return [] if issued else [msg.warn("WARN_NOTICE_NOT_ISSUED")]


def _compulsory_inventory(project, act, payload, memo) -> list[dict]:
    first = (
        _standing(case=act.subject.case, kind="persuasion")
        .filter(Q(payload__purpose="inventory") | Q(payload__purpose__isnull=True))
        .order_by("happened_on")
        .first()
    )
    need = PERSUASION_DAYS + COMPULSORY_AFTER_DAYS
    days = (act.happened_on - first.happened_on).days if first else 0
    if first is None or days < need:
        return [msg.warn("WARN_PERSUASION_SHORT", days=days, need=need)]
    return []


PAYMENT_DAYS = 30  # vn-2024, LL2024 Art. 94 (the audit reads the pack's number)


def _position(act, memo) -> tuple[int | None, Any, int, set[str]]:
    """(net in force on the act's day, when the latest version counted took effect, VND paid
    or deposited by then, the kinds of the case's acts by then) — from the standing record."""
    from .projection import case_records
    from .rules.plans import in_force

    case_id = act.subject.case.id
    if ("position", case_id) not in memo:
        records, contexts = case_records([case_id])
        memo[("position", case_id)] = (records[case_id], contexts[case_id])
    records, context = memo[("position", case_id)]
    approvals = {
        r.subject_id: r.get("effective_on") or r.happened_on.isoformat()
        for r in records
        if r.kind == "plan_approved"
    }
    terms = [
        replace(t, effective_on=date.fromisoformat(approvals[t.plan_id]))
        for t in context.terms
        if t.plan_id in approvals
    ]
    net, clock = in_force(terms, act.happened_on, bases=context.bases, kinds=context.kinds)
    before = [r for r in records if r.happened_on <= act.happened_on]
    paid = sum(int(r.get("amount") or 0) for r in before if r.kind in ("payment", "deposit"))
    return net, clock, paid, {r.kind for r in before}


def _recovery_decided(project, act, payload, memo) -> list[dict]:
    net, clock, _paid, _kinds = _position(act, memo)
    return [] if clock is not None else [msg.warn("WARN_DECISION_BEFORE_APPROVAL")]


def _payment(project, act, payload, memo) -> list[dict]:
    net, clock, _paid, _kinds = _position(act, memo)
    if clock is not None and (act.happened_on - clock).days > PAYMENT_DAYS:
        days = (act.happened_on - clock).days
        return [msg.warn("WARN_PAYMENT_LATE", days=days, need=PAYMENT_DAYS)]
    return []


def _handover(project, act, payload, memo) -> list[dict]:
    net, _clock, paid, kinds = _position(act, memo)
    if "early_handover_agreement" in kinds or (net is not None and paid >= net):
        return []
    return [
        msg.warn(
            "WARN_HANDOVER_BEFORE_PAYMENT",
            net=f"{net or 0:,}".replace(",", "."),
            paid=f"{paid:,}".replace(",", "."),
        )
    ]


WARNERS: dict[str, Callable[[Any, Any, dict, dict], list[dict]]] = {
    "recovery_decided": _recovery_decided,
    "payment": _payment,
    "deposit": _payment,
    "handover": _handover,
    "meeting": _meeting,
    "notice_delivered": _notice_delivered,
    "compulsory_inventory": _compulsory_inventory,
}


# The warners that read a case's position (its plan terms, payments, acts so far).
POSITION_KINDS = ("recovery_decided", "payment", "deposit", "handover")


def _load_positions(acts, memo) -> None:
    """The standing records of every case whose position a warner of the batch reads, in one
    read (one per case took ~70 ms each: most of a batch of 2,000 payments)."""
    from .projection import case_records

    wanted = sorted(
        {
            a.subject.case.id
            for a in acts
            if a.kind in POSITION_KINDS and not a.is_void and a.subject.case is not None
        }
    )
    if wanted:
        records, contexts = case_records(wanted)
        for case_id in wanted:
            memo[("position", case_id)] = (records[case_id], contexts[case_id])


def warnings_for(*, project, acts, payloads: list[dict]) -> list[list[dict]]:
    """The warnings of each act of a batch (what a warner reads once is kept for the batch)."""
    memo: dict[str, Any] = {"cases": [a.subject.case.id for a in acts if a.subject.case]}
    _load_positions(acts, memo)
    result = []
    for act, payload in zip(acts, payloads, strict=True):
        found: list[dict] = []
        for table in (WARNERS, STEP_WARNERS):
            warner = None if act.is_void else table.get(act.kind)
            found.extend(warner(project, act, payload, memo) if warner else [])
        result.append(found)
    return result
