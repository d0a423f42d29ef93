"""Benchmark: the first tile after a register edit of one parcel (issue 8, part 5).

One parcel's land-use code is edited through the registers' service (its land group changes,
so its map row must change); then, timed together, the register change is applied (the body of
the `consultations.apply_register_changes` task) and the first z16 tile over the parcel is
requested through the real view, cold. Baseline: today's full refresh of the project's parcel
stages (`projection.refresh_project_parcel_stages`) and the same tile. Every run is rolled back.
"""

from __future__ import annotations

import random
import time

import mapbox_vector_tile
import mercantile
from django.db import transaction
from django.db.models import Count

from consultations.models import ParcelStage
from consultations.projection import apply_register_changes, refresh_project_parcel_stages
from landcases.land_use_codes import AGRICULTURAL, NON_AGRICULTURAL
from landcases.models import Holding, Parcel
from landcases.services import parcel_update

from .case_record import _board_user
from .map import _client, _cold, _tile_url
from .table import Context, Row, median

TARGET_S = 0.050
NEW_USE = "ONT"  # rural residential: non-agricultural (the notice period doubles)
REASON = "Sửa loại đất theo kết quả đo đạc (đo hiệu năng)"


def _parcel(project) -> Parcel:
    """An agricultural parcel with two holders in the area with the most parcels."""
    busiest = (
        Parcel.objects.filter(project=project)
        .values("area_id")
        .annotate(n=Count("id"))
        .order_by("-n", "area_id")
        .first()
    )
    shared = (
        Holding.objects.filter(parcel__area_id=busiest["area_id"])
        .values("parcel_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .values("parcel_id")
    )
    candidates = list(
        Parcel.objects.filter(id__in=shared, land_use__group=AGRICULTURAL)
        .order_by("id")
        .values_list("id", flat=True)
    )
    return Parcel.objects.get(id=random.Random(16).choice(candidates))


def _has_parcel(content: bytes, parcel_id: int) -> bool:
    layers = mapbox_vector_tile.decode(content)
    return any(f.get("id") == parcel_id for f in layers.get("parcels", {}).get("features", []))


def first_tile_after_edit(ctx: Context) -> list[Row]:
    project, client, user = ctx.project, _client(ctx.project), _board_user(ctx.project)
    parcel = _parcel(project)
    c = parcel.geom.point_on_surface
    tile = mercantile.tile(c.x, c.y, 16)
    url = _tile_url(project, tile.z, tile.x, tile.y)

    def run(refresh) -> tuple[float, float, float]:
        with transaction.atomic():
            t0 = time.perf_counter()
            parcel_update(parcel=parcel, actor=user, reason=REASON, land_use=NEW_USE)
            edit = time.perf_counter() - t0
            _cold()
            t0 = time.perf_counter()
            refresh()
            applied = time.perf_counter() - t0
            response = client.get(url)
            elapsed = time.perf_counter() - t0
            row = ParcelStage.objects.get(parcel=parcel)
            if (
                response.status_code != 200
                or not _has_parcel(response.content, parcel.id)
                or row.land_group != NON_AGRICULTURAL
            ):
                raise SystemExit(
                    f"[bench] the edit did not reach the map: HTTP {response.status_code}, "
                    f"land group {row.land_group}"
                )
            transaction.set_rollback(True)
        _cold()  # the tiles cached meanwhile belong to a version that was rolled back
        return elapsed, applied, edit

    def ours():
        assert apply_register_changes(project_id=project.id) == 1

    def baseline():
        refresh_project_parcel_stages(project.id)

    run(ours)  # warm-up, not counted
    timed = [run(ours) for _ in range(ctx.options.runs)]
    base = [run(baseline)[0] for _ in range(max(1, (ctx.options.runs + 1) // 2))]
    ours_s = median([t for t, _a, _e in timed])
    ctx.say(f"[bench] register edit: ours {[round(t * 1000, 1) for t, _a, _e in timed]} ms")
    apply_ms = median([a for _t, a, _e in timed]) * 1000
    holders = parcel.holdings.count()
    n = Parcel.objects.filter(project=project).count()
    return [
        Row(
            f"First z16 tile after a register edit of one parcel at {n:,} parcels (apply + tile)",
            ours_s,
            median(base),
            f"≤ {TARGET_S * 1000:.0f} ms",
            ours_s <= TARGET_S,
            (
                f"parcel {parcel.label} ({holders} holders) land use {parcel.land_use_id}→"
                f"{NEW_USE} by parcel_update (edit {median([e for _t, _a, e in timed]) * 1000:.0f} "
                f"ms, not timed); apply_register_changes ({apply_ms:.0f} ms) + GET tile "
                f"{tile.z}/{tile.x}/{tile.y}, cold; median of {len(timed)}; "
                "baseline: refresh_project_parcel_stages "
                f"+ the same tile, median of {len(base)}; each run rolled back"
            ),
        )
    ]
