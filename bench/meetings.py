"""Issue 9's benchmarks: a meeting of 2,000 attendees recorded in one POST, and the attendee
search without diacritics over every land user of the project."""

from __future__ import annotations

import json
import random
import time
import uuid
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.models import Case, Event
from consultations.services import Subject, event_record
from landcases.models import LandUser, ProjectArea
from landcases.selectors import name_matches

from .case_record import _board_user
from .table import Context, Row, median, timed

ATTENDEES = 2_000
MEETING_TARGET_S = 2.0
SEARCH_TARGET_S = 0.100
BASELINE_SAMPLE = 200  # written opinions recorded one by one, extrapolated to 2,000


def _area_with(project, n: int) -> ProjectArea:
    with connection.cursor() as cur:
        cur.execute(
            "select p.area_id, count(distinct h.land_user_id) from landcases_holding h "
            "join landcases_parcel p on p.id = h.parcel_id where p.project_id = %s "
            "and p.area_id is not null group by p.area_id order by 2 desc limit 1",
            [project.id],
        )
        area_id, count = cur.fetchone()
    if count < n:
        raise SystemExit(f"[bench] no area of {project.code} has {n} land users ({count} at most)")
    return ProjectArea.objects.get(pk=area_id)


def meeting_2000(ctx: Context) -> list[Row]:
    """One POST of the meeting screen with 2,000 attendees and their outcomes (one JSON field),
    against written opinions recorded one at a time through the service (a sample of 200,
    extrapolated). Every run is rolled back."""
    project, runs = ctx.project, ctx.options.runs
    user = _board_user(project)
    area = _area_with(project, ATTENDEES)
    rng = random.Random(2000)
    users = sorted(
        LandUser.objects.filter(project=project, holdings__parcel__area=area)
        .distinct()
        .values_list("id", flat=True)
    )
    chosen = sorted(rng.sample(users, ATTENDEES))
    rows = [
        {"id": lu, "opinion": rng.choices(("agree", "disagree", "other"), (81, 15, 4))[0]}
        for lu in chosen
    ]
    for row in rows:
        if row["opinion"] == "disagree":
            row["concerns"] = "Đơn giá đất thấp hơn giá thị trường"
    day = timezone.localdate() - timedelta(days=1)
    lng, lat = (area.geom or project.boundary).centroid.coords
    url = reverse("consultations:meeting", kwargs={"code": project.code}) + f"?area={area.id}"
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    def data():
        return {
            "happened_on": day.isoformat(),
            "kind": "consultation",
            "place_name": "Hội trường UBND xã",
            "place_lat": f"{lat:.6f}",
            "place_lng": f"{lng:.6f}",
            "officials": ["board", "commune_pc", "fatherland_front"],
            "signatories": ["commune_pc", "fatherland_front", "household_representative"],
            "submission_key": str(uuid.uuid4()),
            "attendance": json.dumps(rows),
        }

    def submit() -> float:
        with transaction.atomic():
            last = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
            elapsed, response = timed(client.post, url, data())
            written = Event.objects.filter(id__gt=last, kind="opinion").count()
            if response.status_code != 302 or written != ATTENDEES:
                raise SystemExit(
                    f"[bench] the meeting was not recorded: HTTP {response.status_code}, "
                    f"{written} opinions"
                )
            transaction.set_rollback(True)
        return elapsed

    cases = {
        c.land_user_id: c for c in Case.objects.filter(land_user_id__in=chosen[:BASELINE_SAMPLE])
    }

    def one_by_one() -> float:
        with transaction.atomic():
            t0 = time.perf_counter()
            for row in rows[:BASELINE_SAMPLE]:
                event_record(
                    project=project,
                    actor=user,
                    kind="opinion",
                    happened_on=day,
                    subject=Subject(case=cases[row["id"]]),
                    values={
                        "opinion": row["opinion"],
                        "channel": "written",
                        "concerns": row.get("concerns", ""),
                    },
                )
            elapsed = time.perf_counter() - t0
            transaction.set_rollback(True)
        return elapsed * ATTENDEES / BASELINE_SAMPLE

    submit()  # warm-up, not counted
    ours = [submit() for _ in range(runs)]
    ctx.say(f"[bench] meeting 2000: view {', '.join(f'{t:.3f}' for t in ours)} s")
    base = [one_by_one() for _ in range(max(1, runs // 2))]
    ours_s = median(ours)
    return [
        Row(
            name=f"Meeting of {ATTENDEES} attendees with outcomes, one POST (100k cases)",
            ours=ours_s,
            baseline=median(base),
            target=f"≤ {MEETING_TARGET_S:g} s",
            passed=ours_s <= MEETING_TARGET_S,
            notes=(
                f"area {area.code}; median of {runs} (min {min(ours):.3f}, max {max(ours):.3f}); "
                f"baseline: {BASELINE_SAMPLE} written opinions one by one through event_record, "
                f"extrapolated to {ATTENDEES}"
            ),
        )
    ]


SEARCH_SQL_BASELINE = """
    select id from landcases_landuser
    where project_id = %s and unaccent(name) ilike %s and unaccent(name) ilike %s
    order by name, id limit 50
"""


def attendee_search(ctx: Context) -> list[Row]:
    """The first 50 matches of a two-word query without diacritics among every land user of the
    project (the stored search name, trigram-indexed), against the same query as an unindexed
    `unaccent(name) ILIKE` scan."""
    project, runs = ctx.project, ctx.options.runs
    total = LandUser.objects.filter(project=project).count()
    queries = ["tran thi", "nguyen van", "le hoa", "pham minh", "vo thanh"]

    def ours_once(q: str) -> tuple[float, list[int]]:
        t0 = time.perf_counter()
        found = list(
            name_matches(LandUser.objects.filter(project=project), q)
            .order_by("name", "id")
            .values_list("id", flat=True)[:50]
        )
        return time.perf_counter() - t0, found

    def baseline_once(q: str) -> tuple[float, list[int]]:
        a, b = q.split()
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(SEARCH_SQL_BASELINE, [project.id, f"%{a}%", f"%{b}%"])
            found = [r[0] for r in cur.fetchall()]
        return time.perf_counter() - t0, found

    for q in queries:  # warm-up
        ours_once(q)
        baseline_once(q)
    ours_t, base_t = [], []
    for _ in range(runs):
        for q in queries:
            t, _found = ours_once(q)
            ours_t.append(t)
            bt, _bfound = baseline_once(q)
            base_t.append(bt)
    ours_s = median(ours_t)
    return [
        Row(
            name=(
                "Attendee search, first 50 of a two-word query without diacritics "
                f"({total:,} land users)"
            ),
            ours=ours_s,
            baseline=median(base_t),
            target=f"≤ {SEARCH_TARGET_S * 1000:g} ms",
            passed=ours_s <= SEARCH_TARGET_S,
            notes=(
                f"queries {', '.join(queries)}; median of {len(ours_t)} "
                f"(max {max(ours_t) * 1000:.0f} ms); baseline: unaccent(name) ILIKE, no index"
            ),
        )
    ]
