"""Benchmarks of the progress map (issue: "fast at 100,000 parcels").

Every timing goes through the real views (django.test.Client) unless the row says otherwise;
"cold" means the Redis tile and count caches were emptied first.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mercantile
from django.conf import settings
from django.core import serializers
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from landcases.models import Parcel, ProjectMembership, Role
from maps import sql
from maps.views import PARCEL_MIN_ZOOM

from .table import Context, Row, median, timed

ROOT = Path(settings.BASE_DIR)
SCREEN = (1400, 900)  # the map's viewport in pixels on a desktop
# The web server under load and the load tool (overridable: BENCH_GUNICORN, BENCH_WRK). Both
# share the 2 cores: one wrk thread leaves the server the most of them.
GUNICORN = "--workers 3"
WRK = "-t1 -c8"


def _client(project) -> Client:
    membership = (
        ProjectMembership.objects.filter(project=project, role=Role.BOARD_STAFF)
        .select_related("user")
        .order_by("id")
        .first()
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(membership.user)
    return client


def _tile_url(project, z, x, y) -> str:
    return reverse("maps:tile", args=[project.code, z, x, y])


def _cold() -> None:
    caches["tiles"].clear()  # tiles and counts only: sessions stay


def _dense_point(project) -> tuple[float, float]:
    """The centre of the area with the most parcels: where a user looks first."""
    with connection.cursor() as cur:
        cur.execute(
            """select ST_X(c), ST_Y(c) from (
                 select ST_Centroid(ST_Collect(ST_Centroid(geom))) c, count(*) n
                 from landcases_parcel where project_id = %s group by area_id
                 order by n desc limit 1) t""",
            [project.id],
        )
        return cur.fetchone()


def _screen_tiles(lng: float, lat: float, z: int) -> list[mercantile.Tile]:
    centre = mercantile.tile(lng, lat, z)
    cols, rows = SCREEN[0] // 256 + 2, SCREEN[1] // 256 + 2
    return [
        mercantile.Tile(centre.x + dx, centre.y + dy, z)
        for dx in range(-(cols // 2), cols - cols // 2)
        for dy in range(-(rows // 2), rows - rows // 2)
    ]


def _project_tiles(project, z: int) -> list[mercantile.Tile]:
    west, south, east, north = project.boundary.extent
    return list(mercantile.tiles(west, south, east, north, [z]))


def _parcel_tiles(project, z: int, n: int, seed: int = 7) -> list[mercantile.Tile]:
    rng = random.Random(seed)
    ids = list(Parcel.objects.filter(project=project).values_list("id", flat=True))
    chosen = rng.sample(ids, min(n, len(ids)))
    seen, tiles = set(), []
    for parcel in Parcel.objects.filter(id__in=chosen).only("geom"):
        c = parcel.geom.point_on_surface
        t = mercantile.tile(c.x, c.y, z)
        if t not in seen:
            seen.add(t)
            tiles.append(t)
    return tiles


def _fitted_zoom(project) -> int:
    """The zoom Leaflet's fitBounds picks for the project boundary on the screen."""
    west, south, east, north = project.boundary.extent
    for z in range(20, 0, -1):
        a, b = mercantile.xy(west, south), mercantile.xy(east, north)
        metres_per_px = 2 * 20037508.342789244 / (256 * 2**z)
        if (b[0] - a[0]) / metres_per_px <= SCREEN[0] and (b[1] - a[1]) / metres_per_px <= SCREEN[
            1
        ]:
            return z
    return 0


def _serve(client, project, tiles) -> tuple[float, int]:
    """Page (with its counts), small layers and the given parcel tiles, in order, cold."""
    _cold()
    urls = [
        reverse("maps:progress_map", args=[project.code]),
        reverse("maps:layers", args=[project.code]),
        reverse("maps:counts", args=[project.code]),
    ]
    urls += [_tile_url(project, t.z, t.x, t.y) for t in tiles]
    t0, size = time.perf_counter(), 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        size += len(response.content)
    return time.perf_counter() - t0, size


def initial_view(ctx: Context) -> list[Row]:
    """The map as it opens (fitted to the project; parcel tiles only from z14) and its first
    screen at the parcel zoom over the densest area, both cold and requested one after the
    other (a browser fetches tiles in parallel), against the naive way of drawing parcels:
    GeoJSON of every parcel through Django's serializer."""
    project, client = ctx.project, _client(ctx.project)
    zoom = _fitted_zoom(project)
    west, south, east, north = project.boundary.extent
    fitted_tiles = (
        list(mercantile.tiles(west, south, east, north, [zoom])) if zoom >= PARCEL_MIN_ZOOM else []
    )
    opened, opened_size = _serve(client, project, fitted_tiles)
    lng, lat = _dense_point(project)
    screen = _screen_tiles(lng, lat, PARCEL_MIN_ZOOM)
    first_screen, screen_size = _serve(client, project, screen)
    ctx.say(f"[bench] naive GeoJSON of {ctx.parcels} parcels through the serializer …")
    naive, data = timed(
        serializers.serialize,
        "geojson",
        Parcel.objects.filter(project=project).select_related("land_use"),
        geometry_field="geom",
        fields=["sheet_no", "parcel_no", "land_use"],
    )
    return [
        Row(
            f"map: initial view as opened (fitted, z{zoom}: page+counts+layers"
            f"{f'+{len(fitted_tiles)} tiles' if fitted_tiles else ', no parcel tile'}), cold",
            opened,
            naive,
            "≥ 50× less time",
            naive / opened >= 50,
            f"{opened_size / 1e6:.2f} MB vs {len(data) / 1e6:.0f} MB of GeoJSON",
        ),
        Row(
            f"map: first screen at z{PARCEL_MIN_ZOOM} on the densest area "
            f"(page+counts+layers+{len(screen)} tiles), cold, serial",
            first_screen,
            naive,
            "– (reported)",
            None,
            f"{screen_size / 1e6:.1f} MB; tiles requested one by one",
        ),
    ]


def tile_overhead(ctx: Context) -> list[Row]:
    """Our tile view (stages joined, through Django) minus the bare ST_AsMVT of the same tile."""
    project, client = ctx.project, _client(ctx.project)
    tiles = _parcel_tiles(project, 16, 60)
    ours, raw = [], []
    for t in tiles:
        _cold()
        dt, response = timed(client.get, _tile_url(project, t.z, t.x, t.y))
        assert response.status_code == 200
        ours.append(dt)
        with connection.cursor() as cur:
            dt, _ = timed(
                cur.execute,
                sql.raw_tile_sql(),
                {"project": project.id, "z": t.z, "x": t.x, "y": t.y},
            )
            cur.fetchone()
        raw.append(dt)
    overhead = median([a - b for a, b in zip(ours, raw, strict=True)])
    return [
        Row(
            "map: tile view − raw ST_AsMVT, same z16 tile, cold (median overhead)",
            overhead,
            median(raw),
            "≤ 5 ms",
            overhead <= 0.005,
            f"{len(tiles)} tiles; view median {median(ours) * 1000:.1f} ms, "
            f"raw median {median(raw) * 1000:.1f} ms (baseline column: raw)",
        )
    ]


def every_tile_min_zoom(ctx: Context) -> list[Row]:
    project, client = ctx.project, _client(ctx.project)
    tiles = _project_tiles(project, PARCEL_MIN_ZOOM)
    _cold()
    times, sizes = [], []
    for t in tiles:
        dt, response = timed(client.get, _tile_url(project, t.z, t.x, t.y))
        times.append(dt)
        sizes.append(len(response.content))
    worst, biggest = max(times), max(sizes)
    ok = worst <= 0.25 and biggest <= 500_000
    return [
        Row(
            f"map: every tile over the project at z{PARCEL_MIN_ZOOM}, cold (worst)",
            worst,
            None,
            "≤ 250 ms and ≤ 500 KB",
            ok,
            f"{len(tiles)} tiles, median {median(times) * 1000:.0f} ms, "
            f"largest {biggest / 1000:.0f} KB",
        )
    ]


def z16_sample(ctx: Context) -> list[Row]:
    project, client = ctx.project, _client(ctx.project)
    tiles = _parcel_tiles(project, 16, 300, seed=11)
    _cold()
    times = []
    for t in tiles:
        dt, response = timed(client.get, _tile_url(project, t.z, t.x, t.y))
        assert response.status_code == 200
        times.append(dt)
    p95 = statistics.quantiles(times, n=20)[-1]
    return [
        Row(
            "map: z16 tiles with parcels, cold (p95)",
            p95,
            None,
            "p95 ≤ 50 ms",
            p95 <= 0.05,
            f"{len(tiles)} tiles, median {median(times) * 1000:.1f} ms",
        )
    ]


def map_page(ctx: Context) -> list[Row]:
    """The map page with its legend counts (cold) against the naive count: every parcel's
    least advanced stage computed in Python from prefetched holdings and cases."""
    project, client = ctx.project, _client(ctx.project)
    runs = []
    for _ in range(5):
        _cold()
        dt, response = timed(client.get, reverse("maps:progress_map", args=[project.code]))
        assert response.status_code == 200
        runs.append(dt)
    ours = median(runs)

    def naive():
        counts = {}
        parcels = (
            Parcel.objects.filter(project=project)
            .defer("geom")
            .prefetch_related("holdings__land_user__case")
        )
        for parcel in parcels:
            ranks = [
                h.land_user.case.stage_rank
                for h in parcel.holdings.all()
                if hasattr(h.land_user, "case")
            ]
            rank = min(ranks) if ranks else 0
            counts[rank] = counts.get(rank, 0) + 1
        return counts

    baseline, _ = timed(naive)
    return [
        Row(
            "map: page with its counts, cold (median of 5)",
            ours,
            baseline,
            "≤ 200 ms",
            ours <= 0.2,
            "baseline: counts in a Python loop over prefetched parcels",
        )
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_cookie(project) -> str:
    client = _client(project)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def cached_throughput(ctx: Context) -> list[Row]:
    """Cached tiles per second served by gunicorn on this machine, loaded by wrk from a
    second process (loopback only, bounded in time), against the same tiles uncached."""
    if shutil.which("wrk") is None:
        return [
            Row(
                "map: cached tiles/s (wrk)",
                None,
                None,
                "≥ 500/s",
                None,
                "wrk is not installed (bin/bench installs it)",
            )
        ]
    project = ctx.project
    warm_paths = [_tile_url(project, t.z, t.x, t.y) for t in _parcel_tiles(project, 16, 400, 5)]
    # The uncached pass gets so many distinct tiles that it never comes round to one twice.
    cold_paths = [_tile_url(project, t.z, t.x, t.y) for t in _parcel_tiles(project, 18, 6000, 9)]
    port = _free_port()
    # The web server logs in as the application role (this process's DATABASE_URL), never as
    # the owner (whose URL this process never had).
    env = dict(os.environ, DATABASE_URL=os.environ["DATABASE_URL"])
    assert "OWNER_DATABASE_URL" not in env
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),  # the virtualenv's
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            *os.environ.get("BENCH_GUNICORN", GUNICORN).split(),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        cookie = _session_cookie(project)
        base = f"http://127.0.0.1:{port}"
        for _ in range(60):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.25)
        with tempfile.TemporaryDirectory() as tmp:
            _cold()
            cold = _wrk(base, _script(Path(tmp) / "cold.lua", cold_paths, cookie), seconds=5)
            warm_script = _script(Path(tmp) / "warm.lua", warm_paths, cookie)
            _wrk(base, warm_script, seconds=3)  # fills the cache with these tiles
            warm = _wrk(base, warm_script, seconds=10)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return [
        Row(
            f"map: cached tiles/s (gunicorn {os.environ.get('BENCH_GUNICORN', GUNICORN)}; "
            f"wrk {os.environ.get('BENCH_WRK', WRK)})",
            1 / warm if warm else None,
            1 / cold if cold else None,
            "≥ 500 tiles/s",
            warm >= 500,
            f"{warm:.0f} tiles/s cached vs {cold:.0f} tiles/s uncached (columns: s per tile)",
        )
    ]


def _script(path: Path, paths: list[str], cookie: str) -> Path:
    listing = ", ".join(f'"{p}"' for p in paths)
    path.write_text(
        f"local paths = {{{listing}}}\nlocal i = 0\n"
        f'wrk.headers["Cookie"] = "{cookie}"\n'
        "request = function()\n  i = (i % #paths) + 1\n"
        '  return wrk.format("GET", paths[i])\nend\n'
    )
    return path


def _wrk(base: str, script: Path, *, seconds: int) -> float:
    out = subprocess.run(
        [
            "wrk",
            *os.environ.get("BENCH_WRK", WRK).split(),
            f"-d{seconds}s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(out)
