"""Acts that cannot have happened as told, refused at the door (unlawful acts are recorded and
warned about instead: warnings.py). Each check names the field it refuses."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from landcases.models import CompensationPlan, PlanLine

from . import messages as msg
from .consistency_grievances import CHECKS as GRIEVANCE_CHECKS
from .consistency_steps import CHECKS as STEP_CHECKS
from .models import Event


def _standing_root(root_id: int) -> Event | None:
    """The version of a chain that stands now (None when the chain was voided)."""
    latest = Event.objects.filter(root_id=root_id).order_by("-id").first()
    return None if latest is None or latest.is_void else latest


def _dmy(day) -> str:
    return f"{day:%d/%m/%Y}"


def _posting_ended(act, payload) -> None:
    posting = _standing_root(payload["posting"])
    if posting is None:
        raise ValidationError({"posting": msg.REFERENCE_VOIDED})
    if act.happened_on < posting.happened_on:
        raise ValidationError(
            {
                "happened_on": ValidationError(
                    msg.POSTING_END_BEFORE_START, params={"start": _dmy(posting.happened_on)}
                )
            }
        )
    others = Event.objects.filter(
        kind="posting_ended",
        payload__posting=payload["posting"],
        superseded_by__isnull=True,
        is_void=False,
    )
    if act.supersedes is not None:
        others = others.exclude(root_id=act.supersedes.root_id)
    if others.exists():
        raise ValidationError({"posting": msg.POSTING_ALREADY_ENDED})


def _supervision_response(act, payload) -> None:
    finding = _standing_root(payload["finding"])
    if finding is None:
        raise ValidationError({"finding": msg.REFERENCE_VOIDED})
    if act.happened_on < finding.happened_on:
        raise ValidationError(
            {
                "happened_on": ValidationError(
                    msg.RESPONSE_BEFORE_FINDING, params={"date": _dmy(finding.happened_on)}
                )
            }
        )


def _persuasion(act, payload) -> None:
    ended = payload.get("ended_on")
    if ended and ended < act.happened_on.isoformat():
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    msg.ENDED_BEFORE_BEGUN, params={"date": _dmy(act.happened_on)}
                )
            }
        )


def _plan_approved(act, payload) -> None:
    if payload["effective_on"] < act.happened_on.isoformat():
        raise ValidationError(
            {
                "effective_on": ValidationError(
                    msg.EFFECTIVE_BEFORE_SIGNED, params={"date": _dmy(act.happened_on)}
                )
            }
        )


def _has_a_line(act, payload) -> None:
    """Money goes to a household against its net: it must have a line in a plan version."""
    if not PlanLine.objects.filter(land_user_id=act.subject.case.land_user_id).exists():
        raise ValidationError(msg.NO_PLAN_LINE, code="no_plan_line")


def _plan_delivered(act, payload) -> None:
    plan = CompensationPlan.objects.get(pk=payload["plan"])
    if plan.frozen_at is None:
        raise ValidationError({"plan": msg.PLAN_NOT_APPROVED})
    if not PlanLine.objects.filter(plan=plan, land_user_id=act.subject.case.land_user_id).exists():
        raise ValidationError({"plan": msg.NO_LINE_IN_THIS_PLAN})


def _refers_to_own(field: str):
    """An act that follows another of the same case (a delivery of its decision, the handover
    of its plot): the act it names must stand and be the case's."""

    def check(act, payload) -> None:
        earlier = _standing_root(payload[field])
        if earlier is None:
            raise ValidationError({field: msg.REFERENCE_VOIDED})
        if earlier.case_id != act.subject.case.id:
            raise ValidationError({field: msg.REFERENCE_OTHER_CASE})

    return check


CHECKS: dict[str, Callable[[Any, dict], None]] = {
    "posting_ended": _posting_ended,
    "supervision_response": _supervision_response,
    "persuasion": _persuasion,
    "plan_approved": _plan_approved,
    "payment": _has_a_line,
    "deposit": _has_a_line,
    "payment_refused": _has_a_line,
    "plan_delivered": _plan_delivered,
    "recovery_delivered": _refers_to_own("decision"),
    "resettlement_handed_over": _refers_to_own("allocation"),
}


def check_consistent(act, payload: dict) -> None:
    if act.is_void:
        return
    for checks in (CHECKS, GRIEVANCE_CHECKS, STEP_CHECKS):
        check = checks.get(act.kind)
        if check is not None:
            check(act, payload)
