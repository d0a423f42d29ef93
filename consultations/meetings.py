"""A meeting and, on the same submit, every attending land user's outcome.

One `meeting` event (subject: the area) plus one outcome event per land user (subject: the
case), written in one transaction with the cases' projections.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import messages as msg
from .acts import POSTING_WHATS  # noqa: F401 - re-exported for forms
from .models import Case, Event, EventKind
from .projection import cases_of_area, recompute
from .services import Recorded, Subject, event_record, event_void

MEETING_KINDS = ("dissemination", "consultation", "dialogue", "household_visit")
OFFICIAL_ROLES = ("commune_pc", "fatherland_front", "board", "investor", "land_office", "other")
SIGNATORY_ROLES = ("commune_pc", "fatherland_front", "household_representatives", "board")
OPINIONS = ("agree", "disagree", "other", "no_opinion")
PLAN_POSTING_DAYS = 30  # vn-2024, LL2024 Art. 87(3)(a); the audit reads the pack's number


@dataclass(frozen=True)
class Outcome:
    case_id: int
    opinion: str  # consultation: the opinion; dialogue: the result, on the same scale
    concerns: str = ""


def _warnings(*, kind: str, area, happened_on: date, officials, signatories) -> list[dict]:
    warnings: list[dict] = []
    if kind not in ("consultation", "dialogue"):
        return warnings
    if "fatherland_front" not in officials:
        warnings.append(msg.warn("WARN_FRONT_ABSENT"))
    missing = [
        r
        for r in ("commune_pc", "fatherland_front", "household_representatives")
        if r not in signatories
    ]
    if missing:
        warnings.append(msg.warn("WARN_MINUTES_UNSIGNED", missing=", ".join(missing)))
    if kind == "consultation":
        posting = (
            Event.objects.filter(
                area=area,
                kind=EventKind.POSTING_STARTED,
                is_void=False,
                superseded_by__isnull=True,
                payload__what="draft_plan",
                happened_on__lte=happened_on,
            )
            .order_by("happened_on")
            .first()
        )
        if posting is None:
            warnings.append(msg.warn("WARN_NO_POSTING"))
        elif (happened_on - posting.happened_on).days < PLAN_POSTING_DAYS:
            days = (happened_on - posting.happened_on).days
            warnings.append(msg.warn("WARN_POSTING_SHORT", days=days, need=PLAN_POSTING_DAYS))
    return warnings


@transaction.atomic
def meeting_record(
    *,
    project,
    actor,
    area,
    kind: str,
    happened_on: date,
    place_lng: float | None,
    place_lat: float | None,
    place_name: str = "",
    officials: list[str],
    signatories: list[str],
    attendees: list[int],
    outcomes: Sequence[Outcome] = (),
    plan=None,
    evidence_files=(),
) -> Recorded:
    if place_lng is None or place_lat is None:
        raise ValidationError({"place": msg.MEETING_PLACE_REQUIRED})
    if not attendees:
        raise ValidationError({"attendees": msg.NO_ATTENDEES})
    in_area = set(cases_of_area(area.id))
    for case_id in attendees:
        if case_id not in in_area:
            raise ValidationError(
                {"attendees": ValidationError(msg.MEETING_OUTSIDE_AREA, params={"id": case_id})}
            )
    attending = set(attendees)
    for outcome in outcomes:
        if outcome.case_id not in attending:
            raise ValidationError(
                {
                    "attendees": ValidationError(
                        msg.OUTCOME_NOT_ATTENDING, params={"id": outcome.case_id}
                    )
                }
            )
    warnings = _warnings(
        kind=kind, area=area, happened_on=happened_on, officials=officials, signatories=signatories
    )
    payload = {
        "meeting_kind": kind,
        "place": [place_lng, place_lat],
        "place_name": place_name.strip(),
        "officials": sorted(set(officials)),
        "signatories": sorted(set(signatories)),
        "cases": sorted(attending),
        "plan": plan.id if plan else None,
    }
    recorded = event_record(
        project=project,
        actor=actor,
        kind=EventKind.MEETING,
        happened_on=happened_on,
        subject=Subject(area=area),
        payload=payload,
        evidence_files=evidence_files,
        warnings=warnings,
    )
    meeting = recorded.event
    outcome_kind = EventKind.DIALOGUE_OUTCOME if kind == "dialogue" else EventKind.OPINION
    if kind in ("consultation", "dialogue") and outcomes:
        now = timezone.now()
        Event.objects.bulk_create(
            Event(
                project=project,
                kind=outcome_kind,
                subject_type="case",
                case_id=o.case_id,
                happened_on=happened_on,
                recorded_at=now,
                recorded_by=actor,
                payload={
                    "opinion": o.opinion,
                    "channel": "meeting",
                    "meeting": meeting.id,
                    "concerns": o.concerns.strip()[:2000],
                },
            )
            for o in outcomes
        )
        recompute([o.case_id for o in outcomes], project_id=project.id)
    return recorded


def meeting_cases(meeting: Event) -> list[Case]:
    return list(
        Case.objects.filter(id__in=meeting.payload.get("cases", [])).select_related("land_user")
    )


@transaction.atomic
def meeting_correct(
    *, meeting: Event, actor, reason: str, happened_on: date | None = None, void: bool = False
) -> Recorded:
    """Re-date or void a meeting together with the outcomes recorded at it: an outcome cannot
    outlive its meeting, nor keep the meeting's old date."""
    root = meeting.root_id or meeting.id
    outcomes = list(
        Event.objects.filter(
            project_id=meeting.project_id,
            kind__in=(EventKind.OPINION, EventKind.DIALOGUE_OUTCOME),
            payload__meeting=root,
            superseded_by__isnull=True,
            is_void=False,
        ).select_related("case", "project")
    )
    if void:
        recorded = event_void(event=meeting, actor=actor, reason=reason)
    else:
        recorded = event_record(
            project=meeting.project,
            actor=actor,
            kind=meeting.kind,
            happened_on=happened_on,
            subject=Subject(area=meeting.area, plan=meeting.plan),
            payload=meeting.payload,
            supersedes=meeting,
            correction_reason=reason,
        )
    for outcome in outcomes:
        if void:
            event_void(event=outcome, actor=actor, reason=reason)
        else:
            event_record(
                project=outcome.project,
                actor=actor,
                kind=outcome.kind,
                happened_on=happened_on,
                subject=Subject(case=outcome.case),
                payload=outcome.payload,
                supersedes=outcome,
                correction_reason=reason,
            )
    return recorded
