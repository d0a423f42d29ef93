"""What a grievance act, an enforcement step or a consent record breaks, told when it is
recorded: the act is recorded all the same (the audit must see it). The counting of the
grievance clocks (GRV-ACCEPT, GRV-RESOLVE) is the audit's alone: no copy of it here."""

from collections.abc import Callable
from typing import Any

from landcases.models import Holding, Tenure

from . import messages as msg
from .models import Event
from .rules.vocabulary import PERSUADERS


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


def _persuaded_by(act) -> set[str]:
    rows = _standing(
        act,
        case=act.subject.case,
        kind="persuasion",
        payload__purpose="enforcement",
        happened_on__lte=act.happened_on,
    ).values_list("payload__by", flat=True)
    return {body for by in rows for body in by or ()}


def _enforcement(project, act, payload, memo) -> list[dict]:
    """ENFORCEMENT-PRECONDITIONS (LL2024 Art. 89(2)): persuasion by the commune People's
    Committee, the Fatherland Front and the board; the decision posted and delivered (or its
    refusal in minutes) before it is carried out."""
    warnings = []
    missing = [b for b in PERSUADERS if b not in _persuaded_by(act)]
    if missing:
        warnings.append(
            msg.warn("WARN_ENFORCEMENT_NO_PERSUASION", missing=msg.codes("persuader", missing))
        )
    if act.kind == "enforcement_executed":
        before = {"case": act.subject.case, "happened_on__lte": act.happened_on}
        if not _standing(act, kind="enforcement_posted", **before).exists():
            warnings.append(msg.warn("WARN_ENFORCEMENT_NOT_POSTED"))
        if not _standing(act, kind="enforcement_delivered", **before).exists():
            warnings.append(msg.warn("WARN_ENFORCEMENT_NOT_DELIVERED"))
    return warnings


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
    "enforcement_decided": _enforcement,
    "enforcement_executed": _enforcement,
    "fpic_record": _fpic_record,
}
