"""Benchmarks of the case record: recording a meeting, rebuilding the projection."""

from __future__ import annotations

import random
import time

from django.db import connection, transaction

from consultations.models import Case, Event
from consultations.projection import cases_of_area, rebuild, recompute
from landcases.models import ProjectArea, ProjectMembership, Role

from .table import Context, Row, timed

ATTENDEES = 80
MEETING_TARGET_S = 1.0
REBUILD_TARGET_S = 60.0  # our choice: the brief sets none (see README)


def _board_user(project):
    membership = (
        ProjectMembership.objects.filter(project=project, role=Role.BOARD_STAFF)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if membership is None:
        raise SystemExit(f"[bench] {project.code} has no board-staff member")
    return membership.user


def _meeting_area(project) -> ProjectArea:
    """An area whose draft plan is posted and not yet consulted (else any big enough)."""
    posted = Event.objects.filter(
        project=project, kind="posting_started", payload__what="draft_plan"
    ).values("area_id")
    consulted = Event.objects.filter(
        project=project, kind="meeting", payload__meeting_kind="consultation"
    ).values("area_id")
    areas = ProjectArea.objects.filter(project=project).order_by("id")
    for candidate in (areas.filter(id__in=posted).exclude(id__in=consulted), areas):
        for area in candidate:
            if len(cases_of_area(area.id)) >= ATTENDEES:
                return area
    raise SystemExit(f"[bench] no area of {project.code} has {ATTENDEES} cases")


def _last_event_id() -> int:
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


def projection_digest(project_id: int) -> tuple:
    """Intervals, current stages and parcel stages of a project: counts and order-free
    checksums."""
    with connection.cursor() as cur:
        cur.execute(
            "select count(*), coalesce(sum(hashtext(concat_ws('|', case_id, stage, stage_rank, "
            "opinion, overlays::text, valid_from, valid_to))::bigint), 0) "
            "from consultations_stageinterval where project_id = %s",
            [project_id],
        )
        intervals = cur.fetchone()
        cur.execute(
            "select coalesce(sum(hashtext(concat_ws('|', id, stage, stage_rank, opinion, "
            "overlays::text))::bigint), 0) from consultations_case where project_id = %s",
            [project_id],
        )
        (cases,) = cur.fetchone()
        cur.execute(
            "select count(*), coalesce(sum(hashtext(concat_ws('|', parcel_id, area_id, "
            "commune_id, land_group, stage_rank, opinions::text, overlays::text))::bigint), 0) "
            "from consultations_parcelstage where project_id = %s",
            [project_id],
        )
        return (*intervals, cases, *cur.fetchone())


def rebuild_projection(ctx: Context) -> list[Row]:
    """projection.rebuild of the whole project, against recomputing a sample of cases one at a
    time (each in its own transaction, with its own queries), extrapolated to every case."""
    project = ctx.project
    n_cases = Case.objects.filter(project=project).count()
    n_events = Event.objects.filter(project=project).count()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] > 10 or done == total:
            last[0] = now
            ctx.say(f"[bench] rebuild: {done}/{total} cases")

    before = projection_digest(project.id)
    ours, _ = timed(rebuild, project_id=project.id, progress=progress)
    after = projection_digest(project.id)
    same = "projection unchanged" if after == before else "projection CHANGED by rebuild"
    ids = list(Case.objects.filter(project=project).values_list("id", flat=True))
    sample = random.Random(2000).sample(ids, min(ctx.options.sample, len(ids)))

    def naive() -> None:
        for case_id in sample:
            with transaction.atomic():
                recompute([case_id], project_id=project.id)

    spent, _ = timed(naive)
    per_case = spent / len(sample)
    baseline = per_case * n_cases
    return [
        Row(
            name=f"Rebuilding the projection of {n_cases:,} cases",
            ours=ours,
            baseline=baseline,
            target=f"< {REBUILD_TARGET_S:g} s",
            passed=ours < REBUILD_TARGET_S,
            notes=(
                f"{n_cases} cases, {n_events} events, {n_events / ours:,.0f} events/s; "
                f"baseline: {len(sample)} cases recomputed one at a time "
                f"({per_case * 1000:.1f} ms each) × {n_cases}; "
                f"{same} ({after[0]} intervals, {after[3]} parcel stages)"
            ),
        )
    ]
