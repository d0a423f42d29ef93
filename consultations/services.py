"""Writes to the case record: one function per act, keyword-only, each in one transaction.

Acts that break the law are recorded with warnings (the audit must see them); only the
impossible or malformed is refused.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from landcases.models import CompensationPlan, Project, ProjectArea

from . import messages as msg
from .evidence import evidence_check, evidence_store
from .models import Case, Event, EventKind, SubjectType
from .projection import cases_of_area, recompute


@dataclass(frozen=True)
class Subject:
    """What an event is about: a case, or a shared subject that is not copied to each case."""

    case: Case | None = None
    area: ProjectArea | None = None
    plan: CompensationPlan | None = None

    @property
    def type(self) -> str:
        if self.case is not None:
            return SubjectType.CASE
        if self.area is not None:
            return SubjectType.AREA
        if self.plan is not None:
            return SubjectType.PLAN
        return SubjectType.PROJECT

    def project_ids(self) -> set[int]:
        return {o.project_id for o in (self.case, self.area, self.plan) if o is not None}


@dataclass
class Recorded:
    event: Event
    warnings: list[dict] = field(default_factory=list)  # messages.warn() values


def check_happened_on(day: date | None) -> None:
    if day is None:
        raise ValidationError({"happened_on": msg.DATE_REQUIRED})
    if day > timezone.localdate():
        raise ValidationError(
            {"happened_on": ValidationError(msg.DATE_IN_FUTURE, params={"date": f"{day:%d/%m/%Y}"})}
        )


def _check_correction(old: Event, *, project: Project, kind: str, subject: Subject, reason: str):
    if old.project_id != project.id:
        raise ValidationError(msg.CORRECTION_OTHER_PROJECT, code="correction_project")
    same = (
        old.kind == kind
        and old.case_id == (subject.case.id if subject.case else None)
        and old.area_id == (subject.area.id if subject.area else None)
        and old.plan_id == (subject.plan.id if subject.plan else None)
    )
    if not same:
        raise ValidationError(msg.CORRECTION_OTHER_KIND, code="correction_kind")
    if old.is_void:
        raise ValidationError(msg.CORRECTION_OF_VOID, code="correction_of_void")
    if Event.objects.filter(supersedes=old).exists():
        raise ValidationError(msg.CORRECTION_NOT_LATEST, code="correction_not_latest")
    if not reason.strip():
        raise ValidationError({"correction_reason": msg.CORRECTION_REASON_REQUIRED})


def affected_cases(event: Event) -> list[int]:
    if event.case_id:
        return [event.case_id]
    if event.area_id and event.kind == EventKind.POSTING_STARTED:
        return cases_of_area(event.area_id)
    return []


def event_record(
    *,
    project: Project,
    actor,
    kind: str,
    happened_on: date | None,
    subject: Subject,
    payload: dict | None = None,
    evidence_files=(),
    supersedes: Event | None = None,
    correction_reason: str = "",
    is_void: bool = False,
    warnings: Sequence[dict] | None = None,
) -> Recorded:
    """The one door for every event. Callers hold `transaction.atomic()` or get their own."""
    with transaction.atomic():
        check_happened_on(happened_on)
        assert happened_on is not None  # checked above
        if subject.project_ids() - {project.id}:
            raise ValidationError(msg.SUBJECT_OTHER_PROJECT, code="subject_project")
        if supersedes is not None:
            _check_correction(
                supersedes, project=project, kind=kind, subject=subject, reason=correction_reason
            )
        for upload in evidence_files:  # every file checked before any is stored
            evidence_check(upload)
        texts = list(warnings or [])
        stored: list = []
        try:
            stored = [
                evidence_store(project=project, actor=actor, upload=f) for f in evidence_files
            ]
            event = _insert_event(
                project=project,
                actor=actor,
                kind=kind,
                happened_on=happened_on,
                subject=subject,
                payload=payload,
                supersedes=supersedes,
                is_void=is_void,
                correction_reason=correction_reason,
                warnings=texts,
            )
            if stored:
                event.evidence.add(*stored)
            recompute(affected_cases(event), project_id=project.id)
        except Exception:
            for item in stored:  # the rows roll back; their files must not stay behind
                item.file.delete(save=False)
            raise
    return Recorded(event, texts)


def _insert_event(
    *,
    project,
    actor,
    kind,
    happened_on,
    subject,
    payload,
    supersedes,
    is_void,
    correction_reason,
    warnings,
) -> Event:
    try:
        with transaction.atomic():
            return Event.objects.create(
                project=project,
                kind=kind,
                subject_type=subject.type,
                case=subject.case,
                area=subject.area,
                plan=subject.plan,
                happened_on=happened_on,
                recorded_at=timezone.now(),
                recorded_by=actor,
                payload=payload or {},
                root_id=(supersedes.root_id or supersedes.id) if supersedes else None,
                supersedes=supersedes,
                is_void=is_void,
                correction_reason=correction_reason.strip(),
                warnings=warnings,
            )
    except IntegrityError as exc:  # another correction of the same version won the race
        raise ValidationError(msg.CORRECTION_NOT_LATEST, code="correction_not_latest") from exc


def event_void(*, event: Event, actor, reason: str) -> Recorded:
    """A void is a correction to nothing: the chain stands no more."""
    subject = Subject(case=event.case, area=event.area, plan=event.plan)
    return event_record(
        project=event.project,
        actor=actor,
        kind=event.kind,
        happened_on=event.happened_on,
        subject=subject,
        payload={},
        supersedes=event,
        correction_reason=reason,
        is_void=True,
    )


def case_for(land_user) -> Case:
    with transaction.atomic():
        case, created = Case.objects.get_or_create(
            land_user=land_user, defaults={"project_id": land_user.project_id}
        )
        if created:
            recompute([case.id], project_id=case.project_id)
    return case
