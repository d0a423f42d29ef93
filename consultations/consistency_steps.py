"""Enforcement steps, signatures, invitations and consent records that cannot have happened as
told, refused at the door (unlawful ones are recorded and warned about: warnings_steps.py).

A correction is checked as the act it becomes, against the other standing acts (its own
earlier version left out); a signature re-dated with its meeting is not asked again who was
present (what was recorded stands; the audit judges it).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from . import messages as msg
from .consistency_refs import named_version
from .models import Event
from .vocabulary import label

ENFORCEMENT_STEPS = ("enforcement_posted", "enforcement_delivered", "enforcement_executed")
# LL2024 Art. 89: enforcement carries out a recovery decision; its posting, delivery and
# execution carry out an enforcement decision. What each enforcement act rests on: a standing
# act of these kinds on its case, dated on or before it (persuasion only when it is to enforce).
NEEDS: dict[str, tuple[str, ...]] = {
    "persuasion": ("recovery_decided",),
    "enforcement_decided": ("recovery_decided",),
    **dict.fromkeys(ENFORCEMENT_STEPS, ("recovery_decided", "enforcement_decided")),
}
MISSING = {
    "recovery_decided": (msg.ENFORCEMENT_NO_RECOVERY_DECISION, "no_decision"),
    "enforcement_decided": (msg.ENFORCEMENT_NOT_DECIDED, "not_decided"),
}


def _dmy(day) -> str:
    return f"{day:%d/%m/%Y}"


def _standing(act, **filters):
    qs = Event.objects.filter(is_void=False, superseded_by__isnull=True, **filters)
    if act.supersedes is not None:
        qs = qs.exclude(root_id=act.supersedes.root_id)
    return qs


def locks_case(act) -> bool:
    """Whether the act's case is locked for its batch (consistency.py `Batch`): an act that
    rests on its decisions, or the void of a decision (a new decision breaks nothing)."""
    if act.is_void:
        return any(act.kind in needs for needs in NEEDS.values())
    return act.kind in NEEDS


def _needs(kind: str, payload: dict) -> tuple[str, ...]:
    if kind == "persuasion" and payload.get("purpose") != "enforcement":
        return ()
    return NEEDS.get(kind, ())


def _enforcement(act, payload) -> None:
    needs = _needs(act.kind, payload)
    if not needs:
        return
    case, day = act.subject.case, act.happened_on
    for kind in needs:
        if not _standing(act, case=case, kind=kind, happened_on__lte=day).exists():
            message, code = MISSING[kind]
            raise ValidationError(message, params={"date": _dmy(day)}, code=code)


def resting_on(act, voided: set[int]) -> list[tuple[str, date]]:
    """The standing enforcement acts (kind, day) of the case that rest on the decision this
    void takes away: none of its kind, on or before them, would be left (acts voided in the
    same batch left out)."""
    dependents = [k for k, needs in NEEDS.items() if act.kind in needs]
    case = act.subject.case
    if not dependents or case is None:
        return []
    standing = Event.objects.filter(case=case, is_void=False, superseded_by__isnull=True).exclude(
        root_id__in=voided
    )
    left = min(standing.filter(kind=act.kind).values_list("happened_on", flat=True), default=None)
    return [
        (e.kind, e.happened_on)
        for e in standing.filter(kind__in=dependents, happened_on__gte=act.supersedes.happened_on)
        if act.kind in _needs(e.kind, e.payload) and (left is None or left > e.happened_on)
    ]


def _minutes_signed(act, payload) -> None:
    meeting = named_version(payload["meeting"])
    if act.happened_on < meeting.happened_on:
        raise ValidationError(
            {
                "happened_on": ValidationError(
                    msg.SIGNATURE_BEFORE_MEETING, params={"date": _dmy(meeting.happened_on)}
                )
            }
        )
    if act.supersedes is not None:
        return
    role, case = payload["role"], payload.get("case")
    if case is not None and role != "household_representative":
        raise ValidationError({"case": msg.SIGNATURE_CASE_NOT_HOUSEHOLD})
    if role != "household_representative" and role not in meeting.payload.get("officials", []):
        raise ValidationError(
            {
                "role": ValidationError(
                    msg.SIGNATURE_ROLE_ABSENT, params={"role": label("signatory_role", role)}
                )
            }
        )
    if case is not None and case not in meeting.payload.get("cases", []):
        raise ValidationError(
            {"case": ValidationError(msg.SIGNATURE_NOT_ATTENDING, params={"id": _land_user(case)})}
        )
    same = _standing(act, kind="minutes_signed", payload__meeting=meeting.root_id)
    same = same.filter(payload__role=role)
    if case is None:
        same = same.exclude(payload__has_key="case")
    else:
        same = same.filter(payload__case=case)
    if same.exists():
        raise ValidationError({"role": msg.SIGNATURE_ALREADY})


def _land_user(case_id: int) -> int:
    from .models import Case

    return Case.objects.filter(pk=case_id).values_list("land_user_id", flat=True).first() or 0


def _signature_confirmed(act, payload) -> None:
    """Who may confirm is the door's access check (their own body's signature only)."""
    signature = named_version(payload["signature"])
    if act.happened_on < signature.happened_on:
        raise ValidationError(
            {
                "happened_on": ValidationError(
                    msg.CONFIRM_BEFORE_SIGNATURE, params={"date": _dmy(signature.happened_on)}
                )
            }
        )
    if _standing(act, kind="signature_confirmed", payload__signature=signature.root_id).exists():
        raise ValidationError({"signature": msg.CONFIRM_ALREADY})


def _invitation_sent(act, payload) -> None:
    from .projection import cases_of_area

    if payload["planned_on"] < act.happened_on.isoformat():
        raise ValidationError(
            {
                "planned_on": ValidationError(
                    msg.INVITATION_PLANNED_BEFORE_SENT,
                    params={"date": _dmy_iso(payload["planned_on"])},
                )
            }
        )
    outside = set(payload["cases"]) - set(cases_of_area(act.subject.area.id))
    if outside:
        raise ValidationError(
            {
                "cases": ValidationError(
                    msg.MEETING_OUTSIDE_AREA, params={"id": _land_user(min(outside))}
                )
            }
        )


def _dmy_iso(iso: str) -> str:
    return "/".join(reversed(iso.split("-")))


def _meeting(act, payload) -> None:
    """The invitation a meeting names was sent before it, for it (same area and kind)."""
    if not payload.get("invitation"):
        return
    invitation = named_version(payload["invitation"])
    if invitation.area_id != act.subject.area.id:
        raise ValidationError({"invitation": msg.INVITATION_OTHER_AREA})
    kind = invitation.payload.get("meeting_kind")
    if kind != payload["meeting_kind"]:
        raise ValidationError(
            {
                "invitation": ValidationError(
                    msg.INVITATION_OTHER_KIND, params={"kind": label("meeting_kind", kind)}
                )
            }
        )
    if invitation.happened_on > act.happened_on:
        raise ValidationError(
            {
                "invitation": ValidationError(
                    msg.INVITATION_AFTER_MEETING, params={"sent": _dmy(invitation.happened_on)}
                )
            }
        )


def _fpic_record(act, payload) -> None:
    if payload["consultation_on"] > act.happened_on.isoformat():
        raise ValidationError(
            {
                "consultation_on": ValidationError(
                    msg.FPIC_CONSENT_BEFORE_CONSULTATION,
                    params={"date": _dmy_iso(payload["consultation_on"])},
                )
            }
        )


CHECKS: dict[str, Callable[[Any, dict], None]] = {
    "persuasion": _enforcement,
    "enforcement_decided": _enforcement,
    **dict.fromkeys(ENFORCEMENT_STEPS, _enforcement),
    "minutes_signed": _minutes_signed,
    "signature_confirmed": _signature_confirmed,
    "invitation_sent": _invitation_sent,
    "meeting": _meeting,
    "fpic_record": _fpic_record,
}
