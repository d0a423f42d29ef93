"""Reads of the case record: timelines, counts by stage, both "as of" questions."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from .models import Case, Event, EventKind, StageInterval
from .projection import case_facts
from .rules.stages import STAGES, intervals, state_on


@dataclass(frozen=True)
class AsOf:
    """`replay`: happened by D, as known now. `recorded`: happened and recorded by D."""

    day: date | None = None
    mode: str = "replay"

    @property
    def known_by(self) -> datetime | None:
        if self.day is None or self.mode != "recorded":
            return None
        return timezone.make_aware(datetime.combine(self.day, time.max))


def _case_event_filter(case: Case) -> Q:
    area_ids = list(
        case.land_user.holdings.filter(parcel__area__isnull=False)
        .values_list("parcel__area_id", flat=True)
        .distinct()
    )
    shared = Q(area_id__in=area_ids, case__isnull=True) & ~Q(kind=EventKind.MEETING)
    attended = Q(kind=EventKind.MEETING, payload__cases__contains=[case.id])
    return Q(case=case) | shared | attended


def timeline(case: Case, *, as_of: AsOf = AsOf()) -> list[Event]:
    """Every event about the case, including shared ones, with corrections marked."""
    qs = (
        Event.objects.filter(_case_event_filter(case))
        .select_related("recorded_by", "supersedes", "area")
        .prefetch_related("evidence")
        .order_by("happened_on", "recorded_at", "id")
    )
    if as_of.day:
        qs = qs.filter(happened_on__lte=as_of.day)
    if as_of.known_by:
        qs = qs.filter(recorded_at__lte=as_of.known_by)
    events = list(qs)
    corrected = {e.supersedes_id for e in events if e.supersedes_id}
    for e in events:
        setattr(e, "is_superseded", e.id in corrected)  # noqa: B010 - a display flag
    return events


def case_state(case: Case, *, as_of: AsOf = AsOf()):
    if as_of.day is None:
        return case.stage, case.opinion, case.overlays
    if as_of.mode == "replay":
        span = (
            StageInterval.objects.filter(case=case, valid_from__lte=as_of.day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of.day))
            .first()
        )
        return (span.stage, span.opinion, span.overlays) if span else ("identified", "", [])
    facts, eligible = case_facts([case.id], known_by=as_of.known_by)
    state = state_on(intervals(facts[case.id], resettlement_eligible=eligible[case.id]), as_of.day)
    return state.stage, state.opinion, list(state.overlays)


@dataclass
class Counts:
    by_stage: dict[str, int]
    by_opinion: dict[str, int]
    total: int


def project_counts(project_id: int, *, as_of: AsOf = AsOf()) -> Counts:
    rows: Any
    if as_of.day is None:
        rows = Case.objects.filter(project_id=project_id).values("stage", "opinion")
        rows = rows.annotate(n=Count("id"))
    elif as_of.mode == "replay":
        rows = (
            StageInterval.objects.filter(project_id=project_id, valid_from__lte=as_of.day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of.day))
            .values("stage", "opinion")
            .annotate(n=Count("id"))
        )
    else:
        return _recorded_counts(project_id, as_of)
    return _counts((r["stage"], r["opinion"], r["n"]) for r in rows)


def _recorded_counts(project_id: int, as_of: AsOf) -> Counts:
    """Audit reconstruction: the events recorded by D, through the stage function."""
    known_by, day = as_of.known_by, as_of.day
    assert day is not None
    ids = list(Case.objects.filter(project_id=project_id).values_list("id", flat=True))
    tally: Counter = Counter()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        facts, eligible = case_facts(chunk, known_by=known_by)
        for case_id in chunk:
            state = state_on(intervals(facts[case_id]), day)
            tally[(state.stage, state.opinion)] += 1
    return _counts((stage, opinion, n) for (stage, opinion), n in tally.items())


def _counts(rows) -> Counts:
    by_stage = dict.fromkeys(STAGES, 0)
    by_opinion: Counter = Counter()
    total = 0
    for stage, opinion, n in rows:
        by_stage[stage] += n
        if opinion:
            by_opinion[opinion] += n
        total += n
    return Counts(by_stage, dict(by_opinion), total)


def open_recommendations(project_id: int) -> list[Event]:
    """Front findings not yet marked resolved by a board response (latest versions only)."""
    findings = [
        e
        for e in Event.objects.filter(
            project_id=project_id,
            kind=EventKind.SUPERVISION,
            is_void=False,
            superseded_by__isnull=True,
        )
        .select_related("area", "recorded_by")
        .order_by("happened_on")
    ]
    responses = Event.objects.filter(
        project_id=project_id,
        kind=EventKind.SUPERVISION_RESPONSE,
        is_void=False,
        superseded_by__isnull=True,
    )
    by_finding: dict[int, list[Event]] = {}
    for r in responses.select_related("recorded_by").order_by("happened_on"):
        by_finding.setdefault(r.payload.get("finding"), []).append(r)
    result = []
    for f in findings:
        answers = by_finding.get(f.root_id or f.id, [])
        setattr(f, "responses", answers)  # noqa: B010 - display data for the template
        setattr(f, "resolved", any(r.payload.get("resolves") for r in answers))  # noqa: B010
        result.append(f)
    return result
