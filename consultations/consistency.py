"""Acts that cannot have happened as told, refused at the door (unlawful acts are recorded and
warned about instead: warnings.py). Each check names the field it refuses."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from landcases.models import CompensationPlan, PlanLine

from . import messages as msg
from .consistency_grievances import CHECKS as GRIEVANCE_CHECKS
from .consistency_grievances import resting_on as grievance_resting_on
from .consistency_refs import Chains, check_named, named_version, refuse_void
from .consistency_steps import CHECKS as STEP_CHECKS
from .consistency_steps import locks_case
from .consistency_steps import resting_on as enforcement_resting_on
from .locks import CASE_STEPS, GRIEVANCE, lock_keys
from .models import Event


def _dmy(day) -> str:
    return f"{day:%d/%m/%Y}"


def _standing_refs(kind: str, field: str, root_id: int):
    return Event.objects.filter(
        kind=kind, **{f"payload__{field}": root_id}, superseded_by__isnull=True, is_void=False
    )


def _posting_ended(act, payload) -> None:
    posting = named_version(payload["posting"])
    if act.subject.area is not None and posting.area_id != act.subject.area.id:
        raise ValidationError({"posting": msg.POSTING_OTHER_AREA})
    if act.happened_on < posting.happened_on:
        raise ValidationError(
            {
                "happened_on": ValidationError(
                    msg.POSTING_END_BEFORE_START, params={"start": _dmy(posting.happened_on)}
                )
            }
        )
    others = _standing_refs("posting_ended", "posting", payload["posting"])
    if act.supersedes is not None:
        others = others.exclude(root_id=act.supersedes.root_id)
    if others.exists():
        raise ValidationError({"posting": msg.POSTING_ALREADY_ENDED})


def _supervision_response(act, payload) -> None:
    finding = named_version(payload["finding"])
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


def _redated_after_refs(
    kind: str, field: str, earliest_message: Any
) -> Callable[[Any, dict], None]:
    """A posting or a finding re-dated after what refers to it (its end, its responses): the
    record would tell of an end before its start. (Its void: `check_void`.)"""

    def check(act, payload) -> None:
        if act.supersedes is None:
            return
        refs = _standing_refs(kind, field, act.supersedes.root_id)
        first = refs.order_by("happened_on").values_list("happened_on", flat=True).first()
        if first is not None and act.happened_on > first:
            raise ValidationError(
                {"happened_on": ValidationError(earliest_message, params={"date": _dmy(first)})}
            )
        if act.subject.area is not None and refs.exclude(area_id=act.subject.area.id).exists():
            raise ValidationError({"area": msg.POSTING_OTHER_AREA})

    return check


def _plan_approved(act, payload) -> None:
    if payload["effective_on"] < act.happened_on.isoformat():
        raise ValidationError(
            {
                "effective_on": ValidationError(
                    msg.EFFECTIVE_BEFORE_SIGNED, params={"date": _dmy(act.happened_on)}
                )
            }
        )


MONEY_KINDS = ("payment", "deposit", "payment_refused")
# The acts that name an earlier act of their own case (a delivery of its decision, the handover
# of its plot), by payload field.
FOLLOWS = {"recovery_delivered": "decision", "resettlement_handed_over": "allocation"}


class Batch:
    """What the checks of a batch of acts read, read once for the batch: a collective delivery
    or a generator's 2,000 payments asked the database two or three questions an act."""

    def __init__(self, acts, payloads: list[dict]):
        # One writer at a time for what the checks read, locked before anything is read and
        # in one order (locks.py): the chains named, voided or corrected, the cases of
        # enforcement acts and of voided decisions, the grievances.
        self.chains = Chains(acts, payloads)
        lock_keys(CASE_STEPS, {a.subject.case.pk for a in acts if locks_case(a) and a.subject.case})
        grievances = [a.subject.grievance for a in acts if a.subject.grievance is not None]
        lock_keys(GRIEVANCE, {g.pk for g in grievances if g.pk is not None})
        pairs = [(a, p) for a, p in zip(acts, payloads, strict=True) if not a.is_void]
        money = {a.subject.case.land_user_id for a, _p in pairs if a.kind in MONEY_KINDS}
        self.lined = set(
            PlanLine.objects.filter(land_user_id__in=money)
            .values_list("land_user_id", flat=True)
            .distinct()
        )
        delivered = [(a, p) for a, p in pairs if a.kind == "plan_delivered"]
        self.plans = CompensationPlan.objects.in_bulk({p["plan"] for _a, p in delivered})
        self.plan_lines = set(
            PlanLine.objects.filter(
                plan_id__in=list(self.plans),
                land_user_id__in={a.subject.case.land_user_id for a, _p in delivered},
            ).values_list("plan_id", "land_user_id")
        )


def _has_a_line(act, payload, batch: Batch) -> None:
    """Money goes to a household against its net: it must have a line in a plan version."""
    if act.subject.case.land_user_id not in batch.lined:
        raise ValidationError(msg.NO_PLAN_LINE, code="no_plan_line")


def _plan_delivered(act, payload, batch: Batch) -> None:
    plan = batch.plans[payload["plan"]]
    if plan.frozen_at is None:
        raise ValidationError({"plan": msg.PLAN_NOT_APPROVED})
    if (plan.id, act.subject.case.land_user_id) not in batch.plan_lines:
        raise ValidationError({"plan": msg.NO_LINE_IN_THIS_PLAN})


def _follows_own(act, payload, batch: Batch) -> None:
    """The act it names (standing: `check_named`) must be the case's."""
    field = FOLLOWS[act.kind]
    if batch.chains.standing[payload[field]] != act.subject.case.id:
        raise ValidationError({field: msg.REFERENCE_OTHER_CASE})


BATCH_CHECKS: dict[str, Callable[[Any, dict, Batch], None]] = {
    "payment": _has_a_line,
    "deposit": _has_a_line,
    "payment_refused": _has_a_line,
    "plan_delivered": _plan_delivered,
    "recovery_delivered": _follows_own,
    "resettlement_handed_over": _follows_own,
}
CHECKS: dict[str, Callable[[Any, dict], None]] = {
    "posting_started": _redated_after_refs("posting_ended", "posting", msg.START_AFTER_END),
    "supervision": _redated_after_refs(
        "supervision_response", "finding", msg.FINDING_AFTER_RESPONSE
    ),
    "posting_ended": _posting_ended,
    "supervision_response": _supervision_response,
    "persuasion": _persuasion,
    "plan_approved": _plan_approved,
}


def check_void(act, chains: Chains) -> None:
    """A void refused while a standing act rests on what it voids: names it, or follows it in
    the law's order (an enforcement act its decisions, a grievance's step the earlier ones)."""
    if act.supersedes is None:
        return
    refuse_void(
        [
            *chains.naming.get(act.supersedes.root_id, ()),
            *enforcement_resting_on(act, chains.voided),
            *grievance_resting_on(act, chains.voided),
        ]
    )


def check_consistent(acts, payloads: list[dict]) -> None:
    """Refuse the first act of the batch that cannot have happened as told."""
    batch = Batch(acts, payloads)
    for act, payload in zip(acts, payloads, strict=True):
        if act.is_void:
            check_void(act, batch.chains)
            continue
        check_named(act, payload, batch.chains)
        for checks in (CHECKS, GRIEVANCE_CHECKS, STEP_CHECKS):
            check = checks.get(act.kind)
            if check is not None:
                check(act, payload)
        batch_check = BATCH_CHECKS.get(act.kind)
        if batch_check is not None:
            batch_check(act, payload, batch)
