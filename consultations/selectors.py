"""Reads of the case record: timelines, counts by stage, both "as of" questions. Reads never
write: a land user whose case row does not exist yet (its first act or the register change
that creates it has not come) reads as `identified`."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from landcases.models import LandUser

from .models import Case, Event, FreeText, StageInterval
from .projection import case_intervals, case_records
from .rules.catalog import KINDS
from .rules.stages import state_on
from .rules.vocabulary import STAGES


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


def attach_texts(events: Iterable[Event]) -> None:
    """Each event's free text as `event.texts` ({field: words; "" once erased}) and its
    correction reason as `event.reason_text` — one query for all."""
    events = list(events)
    ids: set[int] = set()
    for e in events:
        for name, f in KINDS[e.kind].fields.items():
            if f.base == "text" and e.payload.get(f"{name}_text"):
                ids.add(e.payload[f"{name}_text"])
        if e.reason_id:
            ids.add(e.reason_id)
    words = dict(FreeText.objects.filter(pk__in=ids).values_list("pk", "text")) if ids else {}
    for e in events:
        e.texts = {  # type: ignore[attr-defined]
            name: words.get(e.payload.get(f"{name}_text"))
            for name, f in KINDS[e.kind].fields.items()
            if f.base == "text" and e.payload.get(f"{name}_text")
        }
        e.reason_text = words.get(e.reason_id, "") if e.reason_id else ""  # type: ignore[attr-defined]


def _case_event_filter(case: Case) -> Q:
    area_ids = list(
        case.land_user.holdings.filter(parcel__area__isnull=False)
        .values_list("parcel__area_id", flat=True)
        .distinct()
    )
    shared = Q(area_id__in=area_ids, case__isnull=True) & ~Q(
        kind__in=("meeting", "minutes_signed", "signature_confirmed", "invitation_sent")
    )
    attended = Q(kind="meeting", payload__cases__contains=[case.id]) if case.pk else Q(pk=None)
    own = Q(case=case) if case.pk else Q(pk=None)
    return own | shared | attended


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
        e.is_superseded = e.id in corrected  # type: ignore[attr-defined]
    attach_texts(events)
    return events


def case_state(case: Case, *, as_of: AsOf = AsOf()) -> tuple[str, str, list[str]]:
    if case.pk is None:
        return "identified", "", []
    if as_of.day is None:
        return case.stage, case.opinion, case.overlays
    if as_of.mode == "replay":
        span = (
            StageInterval.objects.filter(case=case, valid_from__lte=as_of.day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of.day))
            .first()
        )
        return (span.stage, span.opinion, span.overlays) if span else ("identified", "", [])
    records, contexts = case_records([case.id], known_by=as_of.known_by)
    state = state_on(case_intervals(records[case.id], contexts[case.id]), as_of.day)
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
    counts = _counts((r["stage"], r["opinion"], r["n"]) for r in rows)
    return _with_caseless(project_id, counts)


def _with_caseless(project_id: int, counts: Counts) -> Counts:
    """Land users whose case row is not there yet count as identified."""
    caseless = LandUser.objects.filter(project_id=project_id, case__isnull=True).count()
    counts.by_stage["identified"] += caseless
    counts.total += caseless
    return counts


def _recorded_counts(project_id: int, as_of: AsOf) -> Counts:
    """Audit reconstruction: the events recorded by D, through the stage function."""
    known_by, day = as_of.known_by, as_of.day
    assert day is not None
    ids = list(Case.objects.filter(project_id=project_id).values_list("id", flat=True))
    tally: Counter = Counter()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        records, contexts = case_records(chunk, known_by=known_by)
        for case_id in chunk:
            spans = case_intervals(records[case_id], contexts[case_id])
            state = state_on(spans, day)
            tally[(state.stage, state.opinion)] += 1
    counts = _counts((stage, opinion, n) for (stage, opinion), n in tally.items())
    return _with_caseless(project_id, counts)


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


def _standing(project_id: int, kind: str):
    return Event.objects.filter(
        project_id=project_id, kind=kind, is_void=False, superseded_by__isnull=True
    )


def open_recommendations(project_id: int) -> list[Event]:
    """Findings with the board's responses (latest versions only), and whether a response
    marked each resolved."""
    findings = list(
        _standing(project_id, "supervision")
        .select_related("area", "recorded_by")
        .order_by("happened_on")
    )
    by_finding: dict[int, list[Event]] = {}
    responses = _standing(project_id, "supervision_response").select_related("recorded_by")
    for r in responses.order_by("happened_on"):
        by_finding.setdefault(r.payload.get("finding"), []).append(r)
    for f in findings:
        answers = by_finding.get(f.root_id, [])
        f.responses = answers
        f.resolved = any(r.payload.get("resolves") for r in answers)
    return findings


def meeting_candidates(
    *,
    project_id: int,
    area_id: int,
    q: str = "",
    stage: str = "",
    opinion: str = "",
    by_name: bool = False,
):
    """The land users of an area a meeting may list, filtered: by name without diacritics
    (for roles that may read names), by stage and by opinion (their case's, today)."""
    from landcases.selectors import name_matches

    qs = LandUser.objects.filter(project_id=project_id, holdings__parcel__area_id=area_id)
    if q and by_name:
        qs = name_matches(qs, q)
    if stage == "identified":
        qs = qs.filter(Q(case__isnull=True) | Q(case__stage="identified"))
    elif stage:
        qs = qs.filter(case__stage=stage)
    if opinion:
        qs = qs.filter(case__opinion=opinion)
    return qs.distinct().order_by(*(("name", "id") if by_name else ("id",)))
