"""What a grievance act or a consent record breaks that no rule of the catalogue says, told
when it is recorded: the act is recorded all the same (the audit must see it). The grievance
clocks (GRV-ACCEPT, GRV-RESOLVE) and the enforcement preconditions (ENFORCEMENT-PRECONDITIONS)
are the audit's rules, told through rule_warnings.py: no copy of them here."""

from collections.abc import Callable
from typing import Any

from landcases.models import Holding, Tenure

from . import messages as msg
from .models import Event


def _standing(act, **filters):
    qs = Event.objects.filter(is_void=False, superseded_by__isnull=True, **filters)
    if act.supersedes is not None:
        qs = qs.exclude(root_id=act.supersedes.root_id)
    return qs


def _grievance_received(project, act, payload, memo) -> list[dict]:
    # Law on Complaints 2011 Art. 8: a verbal complaint is written down and the complainant
    # signs or fingerprints it.
    if payload.get("channel") == "verbal" and not payload.get("confirmed"):
        return [msg.warn("WARN_VERBAL_UNCONFIRMED")]
    return []


def _grievance_appealed(project, act, payload, memo) -> list[dict]:
    """Law on Complaints 2011 Art. 7: a second complaint or a lawsuit follows a first-time
    settlement, or the end of the time for it (which the audit counts)."""
    mine = _standing(act, grievance=act.subject.grievance, happened_on__lte=act.happened_on)
    last_appeal = mine.filter(kind="grievance_appealed").order_by("-happened_on").first()
    settled = mine.filter(kind="grievance_settled")
    if last_appeal is not None:
        settled = settled.filter(happened_on__gte=last_appeal.happened_on)
    return [] if settled.exists() else [msg.warn("WARN_APPEAL_UNSETTLED")]


def _fpic_record(project, act, payload, memo) -> list[dict]:
    if payload.get("basis") != "customary_land":
        return []
    customary = Holding.objects.filter(
        land_user_id=act.subject.case.land_user_id, tenure=Tenure.CUSTOMARY
    )
    return [] if customary.exists() else [msg.warn("WARN_FPIC_NOT_CUSTOMARY")]


WARNERS: dict[str, Callable[[Any, Any, dict, dict], list[dict]]] = {
    "grievance_received": _grievance_received,
    "grievance_appealed": _grievance_appealed,
    "fpic_record": _fpic_record,
}
