"""What an act breaks, told when it is recorded (and again when it is corrected): the act is
recorded all the same — the audit must see it.

The thresholds come from the project's rule pack (see the audit); these are the checks the
recording screens show at once.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from landcases.models import Holding

from . import messages as msg
from .models import Event
from .rules.vocabulary import SIGNATORY_ROLES

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
    needed = [r for r in SIGNATORY_ROLES if r != "board"]
    missing = [r for r in needed if r not in signed]
    if missing:
        warnings.append(msg.warn("WARN_MINUTES_UNSIGNED", missing=", ".join(missing)))
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


WARNERS: dict[str, Callable[[Any, Any, dict, dict], list[dict]]] = {
    "meeting": _meeting,
    "notice_delivered": _notice_delivered,
    "compulsory_inventory": _compulsory_inventory,
}


def warnings_for(*, project, acts, payloads: list[dict]) -> list[list[dict]]:
    """The warnings of each act of a batch (what a warner reads once is kept for the batch)."""
    memo: dict[str, Any] = {"cases": [a.subject.case.id for a in acts if a.subject.case]}
    result = []
    for act, payload in zip(acts, payloads, strict=True):
        warner = None if act.is_void else WARNERS.get(act.kind)
        result.append(warner(project, act, payload, memo) if warner else [])
    return result
