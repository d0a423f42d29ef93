"""What an act breaks, told when it is recorded (and again when it is corrected): the act is
recorded all the same — the audit must see it.

The legal rules are the audit's own (rule_warnings.py: the pure rule functions with the
project's packs, on the act's neighbourhood): no number is written here. What remains here is
what no rule of the catalogue says but a recording screen should: a delivery of a notice that
was never recorded as issued, and the checks of issue 11's acts that are not rules of the
catalogue (warnings_steps.py: a verbal complaint unconfirmed, an appeal of an unsettled
grievance, an FPIC record on land that is not customary).
"""

from collections.abc import Callable
from typing import Any

from landcases.models import Holding

from . import messages as msg
from .models import Event
from .rule_warnings import rule_warnings
from .warnings_steps import WARNERS as STEP_WARNERS


def _standing(**filters):
    """Latest, non-void versions (what the record says now)."""
    return Event.objects.filter(is_void=False, superseded_by__isnull=True, **filters)


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


WARNERS: dict[str, Callable[[Any, Any, dict, dict], list[dict]]] = {
    "notice_delivered": _notice_delivered,
}


def warnings_for(*, project, acts, payloads: list[dict]) -> list[list[dict]]:
    """The warnings of each act of a batch (what a warner reads once is kept for the batch)."""
    memo: dict[str, Any] = {"cases": [a.subject.case.id for a in acts if a.subject.case]}
    by_rules = rule_warnings(project, acts, payloads)
    result = []
    for act, payload, ruled in zip(acts, payloads, by_rules, strict=True):
        found: list[dict] = []
        for table in (WARNERS, STEP_WARNERS):
            warner = None if act.is_void else table.get(act.kind)
            found.extend(warner(project, act, payload, memo) if warner else [])
        result.append(found + ruled)
    return result
