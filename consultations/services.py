"""The one door to the case record. Every event — an act, a meeting's outcomes, a correction,
a void — is written by `events_write` below, in the caller's transaction (or its own), after:

- the kind, the subject and every payload value are checked against the catalogue
  (payloads.py), references included (same project);
- the recorder's role may record the kind (access.py), and a correction comes from the
  organisation that recorded the act;
- free text is set apart (texts.py) and named by id and hash;
- the warnings of the act are evaluated (warnings.py), for a correction too.

The rows are inserted with SQL that never names `recorded_at`, `seeded` or `root_id`: the
database stamps them (the application's role may not even name them). Then the cases the
events touch are recomputed in one id-ordered batch (projection.py).

Acts that break the law are recorded with warnings (the audit must see them); only the
impossible or malformed is refused.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from landcases.models import CompensationPlan, Project, ProjectArea

from . import messages as msg
from .access import recorder_role, require_may_record
from .consistency import check_consistent
from .evidence import evidence_check, evidence_store
from .models import Case, Event, Grievance, Submission
from .payloads import Checked, TextRef, check_refs, check_values
from .projection import cases_touched, recompute
from .rules.catalog import KINDS
from .texts import texts_store
from .warnings import warnings_for


@dataclass(frozen=True)
class Subject:
    """What an event is about: a case, or a shared subject that is not copied to each case
    (an area, a plan version, a grievance), or the project itself."""

    case: Case | None = None
    area: ProjectArea | None = None
    plan: CompensationPlan | None = None
    grievance: Grievance | None = None

    @property
    def type(self) -> str:
        for name in ("case", "area", "plan", "grievance"):
            if getattr(self, name) is not None:
                return name
        return "project"

    def project_ids(self) -> set[int]:
        objs = (self.case, self.area, self.plan, self.grievance)
        return {o.project_id for o in objs if o is not None}

    @classmethod
    def of(cls, event: Event) -> "Subject":
        return cls(case=event.case, area=event.area, plan=event.plan, grievance=event.grievance)


@dataclass
class Act:
    """One event to write: what the door checks and inserts."""

    kind: str
    subject: Subject
    happened_on: date | None
    values: dict[str, Any] = field(default_factory=dict)
    supersedes: Event | None = None
    is_void: bool = False
    reason: str = ""
    warn_context: dict[str, Any] = field(default_factory=dict)
    # The seeding path only (demo, bench and test histories, as the owner role on a demo,
    # bench or test database): when it was recorded. The application's role may not name the
    # column at all, and the database refuses it elsewhere (seeding.py).
    seeded_at: datetime | None = None


@dataclass
class Recorded:
    event: Event
    warnings: list[dict] = field(default_factory=list)  # messages.warn() values
    others: list[int] = field(default_factory=list)  # ids of the other events written with it


# No act the tracker checks can be older than the Land Law 1993 (in force 15 Oct 1993): the
# floor when a project has no earliest permissible date of its own.
EARLIEST_ACT_FLOOR = date(1993, 10, 15)


def check_happened_on(project: Project, day: date | None) -> None:
    if day is None:
        raise ValidationError({"happened_on": msg.DATE_REQUIRED})
    if day > timezone.localdate():
        raise ValidationError(
            {"happened_on": ValidationError(msg.DATE_IN_FUTURE, params={"date": f"{day:%d/%m/%Y}"})}
        )
    earliest = getattr(project, "earliest_act_date", None) or EARLIEST_ACT_FLOOR
    if day < earliest:
        raise ValidationError(
            {
                "happened_on": ValidationError(
                    msg.DATE_BEFORE_PROJECT,
                    params={"date": f"{day:%d/%m/%Y}", "earliest": f"{earliest:%d/%m/%Y}"},
                )
            }
        )


def check_payload_dates(project: Project, kind: str, payload: dict) -> None:
    """Every other date of an act (a consultation held on, a cut-off date) is no older than
    the project's acts can be either."""
    earliest = getattr(project, "earliest_act_date", None) or EARLIEST_ACT_FLOOR
    for name, f in KINDS[kind].fields.items():
        if f.base == "date" and payload.get(name) and payload[name] < earliest.isoformat():
            day = date.fromisoformat(payload[name])
            raise ValidationError(
                {
                    name: ValidationError(
                        msg.DATE_BEFORE_PROJECT,
                        params={"date": f"{day:%d/%m/%Y}", "earliest": f"{earliest:%d/%m/%Y}"},
                    )
                }
            )


def _check_subject(project: Project, act: Act) -> None:
    spec = KINDS.get(act.kind)
    if spec is None:
        raise ValidationError(
            {"kind": ValidationError(msg.UNKNOWN_KIND, params={"value": act.kind})}
        )
    if act.subject.type not in spec.subjects:
        raise ValidationError(
            msg.WRONG_SUBJECT, params={"subject": act.subject.type}, code="subject"
        )
    if act.subject.project_ids() - {project.id}:
        raise ValidationError(msg.SUBJECT_OTHER_PROJECT, code="subject_project")


def _check_correction(project: Project, act: Act, role: str) -> None:
    old = act.supersedes
    assert old is not None
    if old.project_id != project.id:
        raise ValidationError(msg.CORRECTION_OTHER_PROJECT, code="correction_project")
    if old.kind != act.kind or Subject.of(old) != act.subject:
        raise ValidationError(msg.CORRECTION_OTHER_KIND, code="correction_kind")
    if old.is_void:
        raise ValidationError(msg.CORRECTION_OF_VOID, code="correction_of_void")
    if Event.objects.filter(supersedes=old).exists():
        raise ValidationError(msg.CORRECTION_NOT_LATEST, code="correction_not_latest")
    if old.recorded_role != role:
        from .vocabulary import label

        raise ValidationError(
            msg.CORRECTION_OTHER_ORGANISATION,
            params={"by": label("recorder_role", old.recorded_role)},
            code="correction_organisation",
        )
    if not act.reason.strip():
        raise ValidationError({"reason": msg.CORRECTION_REASON_REQUIRED})


_INSERT_SQL = """
    insert into consultations_event (id, project_id, kind, subject_type, case_id, area_id,
        plan_id, grievance_id, happened_on, recorded_by_id, recorded_role, payload,
        supersedes_id, is_void, reason_id, warnings)
    select * from unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::bigint[],
        %s::bigint[], %s::bigint[], %s::bigint[], %s::date[], %s::bigint[], %s::text[],
        %s::jsonb[], %s::bigint[], %s::bool[], %s::bigint[], %s::jsonb[])
"""


def _effects(results: list[Recorded], actor) -> None:
    """What an act does to the registers: an approval freezes the version's lines."""
    from landcases.services import plan_freeze

    for r in results:
        e = r.event
        if e.kind == "plan_approved" and not e.is_void and e.plan is not None:
            plan_freeze(plan=e.plan, actor=actor, approval_event=e.root_id)


def _claim(key, project, actor) -> Submission | None:
    if not key:
        return None
    try:
        with transaction.atomic():
            return Submission.objects.create(key=key, project=project, submitted_by=actor)
    except IntegrityError as exc:
        raise ValidationError(msg.ALREADY_RECORDED, code="already_recorded") from exc


def _new_ids(n: int) -> list[int]:
    with connection.cursor() as cur:
        cur.execute(
            "select nextval(pg_get_serial_sequence('consultations_event', 'id')) "
            "from generate_series(1, %s)",
            [n],
        )
        return [r[0] for r in cur.fetchall()]


def events_write(
    *,
    project: Project,
    actor,
    acts: Sequence[Act],
    evidence_files=(),
    recompute_cases=True,
    submission_key=None,
) -> list[Recorded]:
    """Write these acts (each gets the evidence: the delivery list scanned once belongs to
    every household's act it proves). All are checked before any is
    written; in one transaction with the recomputed cases. A form's `submission_key` makes a
    second, identical submission a refusal (it waits for the first and finds its key taken)."""
    if not acts:
        return []
    with transaction.atomic():
        role = recorder_role(project, actor)
        submission = _claim(submission_key, project, actor)
        checked: list[Checked] = []
        for act in acts:
            _check_subject(project, act)
            if act.subject.case is not None and act.subject.case.pk is None:
                # A land user's first act: its case is created here, in the act's transaction,
                # so that a refused act leaves no case (nor its projection) behind.
                act.subject = replace(act.subject, case=case_for(act.subject.case.land_user))
            if act.supersedes is not None:  # the recording organisation, and it alone
                _check_correction(project, act, role)
            require_may_record(
                role, act.kind, project=project, actor=actor, values=act.values, subject=act.subject
            )
            if not act.is_void:  # a void keeps the date of the act it voids, however old
                check_happened_on(project, act.happened_on)
            checked.append(
                Checked(act.kind, {}) if act.is_void else check_values(act.kind, act.values)
            )
        check_refs(project.id, checked)
        for act, item in zip(acts, checked, strict=True):
            check_payload_dates(project, act.kind, item.payload)
        check_consistent(acts, [item.payload for item in checked])
        for upload in evidence_files:  # every file checked before any is stored
            evidence_check(upload)
        stored: list = []
        try:
            results = _insert(project, actor, role, acts, checked)
            stored = [
                evidence_store(project=project, actor=actor, upload=f) for f in evidence_files
            ]
            if stored:
                link = Event.evidence.through
                link.objects.bulk_create(
                    link(event_id=r.event.id, evidence_id=e.id) for r in results for e in stored
                )
            _effects(results, actor)
            if recompute_cases:
                recompute(cases_touched([r.event for r in results]), project_id=project.id)
            if submission is not None:
                Submission.objects.filter(pk=submission.pk).update(event=results[0].event)
        except Exception:
            for item in stored:  # the rows roll back; their files must not stay behind
                item.file.delete(save=False)
            raise
    return results


def _insert(project, actor, role, acts: Sequence[Act], checked: list[Checked]) -> list[Recorded]:
    texts: list[str] = []
    slots: list[
        tuple[int, str | None]
    ] = []  # (act index, field name; None: the reason)  # (act index, field or None for the reason)
    for i, (act, item) in enumerate(zip(acts, checked, strict=True)):
        for name, words in item.texts.items():
            texts.append(words)
            slots.append((i, name))
        if act.supersedes is not None:
            texts.append(act.reason.strip())
            slots.append((i, None))
    reasons: dict[int, int] = {}
    for (i, slot), row in zip(slots, texts_store(project_id=project.id, texts=texts), strict=True):
        if slot is None:
            reasons[i] = row.id
        else:
            checked[i].payload[f"{slot}_text"] = row.id
            checked[i].payload[f"{slot}_sha256"] = row.sha256
    warnings = warnings_for(project=project, acts=acts, payloads=[c.payload for c in checked])
    ids = _new_ids(len(acts))

    def column(fn):
        return [fn(i, a) for i, a in enumerate(acts)]

    params = [
        ids,
        [project.id] * len(acts),
        column(lambda i, a: a.kind),
        column(lambda i, a: a.subject.type),
        column(lambda i, a: a.subject.case.id if a.subject.case else None),
        column(lambda i, a: a.subject.area.id if a.subject.area else None),
        column(lambda i, a: a.subject.plan.id if a.subject.plan else None),
        column(lambda i, a: a.subject.grievance.id if a.subject.grievance else None),
        column(lambda i, a: a.happened_on),
        [actor.pk] * len(acts),
        [role] * len(acts),
        [Jsonb({} if a.is_void else c.payload) for a, c in zip(acts, checked, strict=True)],
        column(lambda i, a: a.supersedes.id if a.supersedes else None),
        column(lambda i, a: a.is_void),
        column(lambda i, a: reasons.get(i)),
        [Jsonb(w) for w in warnings],
    ]
    sql = _INSERT_SQL
    if any(a.seeded_at for a in acts):
        sql = sql.replace(", warnings)", ", warnings, recorded_at)", 1).replace(
            "%s::jsonb[])", "%s::jsonb[], %s::timestamptz[])", 1
        )
        params.append([a.seeded_at for a in acts])
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, params)
    except IntegrityError as exc:  # another correction of the same version won the race
        raise ValidationError(msg.CORRECTION_NOT_LATEST, code="correction_not_latest") from exc
    # The rows as stamped (recorded_at, root_id, seeded), joined to nothing: their subjects are
    # the acts' own objects (a join per batch scanned every case of the project: 14 ms a call
    # at 5,000 cases, most of a meeting's recording).
    events = Event.objects.in_bulk(ids)
    for event_id, act in zip(ids, acts, strict=True):
        event = events[event_id]
        event.project, event.recorded_by = project, actor
        event.case, event.area = act.subject.case, act.subject.area
        event.plan, event.grievance = act.subject.plan, act.subject.grievance
    first = ids[0]
    return [
        Recorded(events[i], w, others=[x for x in ids if x != first] if i == first else [])
        for i, w in zip(ids, warnings, strict=True)
    ]


def event_record(
    *,
    project: Project,
    actor,
    kind: str,
    happened_on: date | None,
    subject: Subject,
    values: dict[str, Any] | None = None,
    evidence_files=(),
    warn_context: dict[str, Any] | None = None,
    submission_key=None,
) -> Recorded:
    """Record one act."""
    act = Act(kind, subject, happened_on, dict(values or {}), warn_context=warn_context or {})
    return events_write(
        project=project,
        actor=actor,
        acts=[act],
        evidence_files=evidence_files,
        submission_key=submission_key,
    )[0]


def event_correct(
    *,
    event: Event,
    actor,
    reason: str,
    happened_on: date | None = None,
    values: dict[str, Any] | None = None,
    evidence_files=(),
    submission_key=None,
) -> Recorded:
    """Record a correction: the same act with another date and/or other details. Its warnings
    are evaluated again, for the act as corrected."""
    values = dict(event_values(event) if values is None else values)
    act = Act(
        event.kind,
        Subject.of(event),
        happened_on or event.happened_on,
        values,
        supersedes=event,
        reason=reason,
    )
    return events_write(
        project=event.project,
        actor=actor,
        acts=[act],
        evidence_files=evidence_files,
        submission_key=submission_key,
    )[0]


def event_void(*, event: Event, actor, reason: str, submission_key=None) -> Recorded:
    """A void is a correction to nothing: the chain stands no more."""
    act = Act(event.kind, Subject.of(event), event.happened_on, supersedes=event, is_void=True)
    act.reason = reason
    return events_write(
        project=event.project, actor=actor, acts=[act], submission_key=submission_key
    )[0]


def event_values(event: Event) -> dict[str, Any]:
    """An event's details as the door takes them, to correct it (its texts by reference:
    a correction names the same words, which an erasure then removes once)."""
    values: dict[str, Any] = {}
    for name, f in KINDS[event.kind].fields.items():
        if f.base == "text":
            if event.payload.get(f"{name}_text"):
                values[name] = TextRef(
                    event.payload[f"{name}_text"], event.payload[f"{name}_sha256"]
                )
        elif name in event.payload:
            values[name] = event.payload[name]
    return values


def case_for(land_user) -> Case:
    """The land user's case, created with its first act (a POST: reads never create it)."""
    with transaction.atomic():
        case, created = Case.objects.get_or_create(
            land_user=land_user, defaults={"project_id": land_user.project_id}
        )
        if created:
            recompute([case.id], project_id=case.project_id)
    return case
