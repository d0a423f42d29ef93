"""Run the benchmarks and print one table: `bin/bench [--parcels N] [--regenerate] [--only NAME]`.

A benchmark is a function `fn(ctx: bench.table.Context) -> list[bench.table.Row]`, registered
in BENCHMARKS below by name (for --only) and "module:function" (imported after Django is set up
against the bench database). Each row carries our time, the naive baseline's time in the same
run (the ratio is baseline / ours), the target and whether it was met.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import time

from .table import log

# (name, "module:function", what it measures). Add new benchmarks here.
BENCHMARKS: list[tuple[str, str, str]] = [
    (
        "meeting",
        "bench.meetings:meeting_2000",
        "one POST of a meeting with 2,000 attendees' outcomes vs written opinions one by one",
    ),
    (
        "search",
        "bench.meetings:attendee_search",
        "attendee search without diacritics (trigram) vs an unaccent ILIKE scan",
    ),
    (
        "rebuild",
        "bench.case_record:rebuild_projection",
        "projection.rebuild of every case vs recomputing cases one at a time",
    ),
    (
        "map-initial",
        "bench.map:initial_view",
        "the map's first screen at the parcel zoom, cold, vs GeoJSON of every parcel",
    ),
    ("map-overhead", "bench.map:tile_overhead", "tile view minus raw ST_AsMVT, same tile"),
    ("map-minzoom", "bench.map:every_tile_min_zoom", "every tile of the project at z14"),
    ("map-z16", "bench.map:z16_sample", "a sample of z16 tiles with parcels (p95)"),
    ("map-cached", "bench.map:cached_throughput", "cached tiles/s under wrk from a second process"),
    ("map-page", "bench.map:map_page", "the map page with its counts vs counting in Python"),
    (
        "audit",
        "bench.audit:whole_audit",
        "the whole-project audit set-based (SQL facts, columns) vs per-case Python through the ORM",
    ),
    (
        "parcel-import",
        "bench.parcel_import:import_geopackage",
        "parcels from a GeoPackage end to end vs a bare ogr2ogr of the same file",
    ),
    (
        "register-edit",
        "bench.register_edit:first_tile_after_edit",
        "first z16 tile after editing one parcel vs refreshing every parcel stage",
    ),
    (
        "exports",
        "bench.exports:parcel_exports",
        "parcels as GeoPackage/Shapefile (pyogrio) and GeoJSON (PostGIS, vs json.dumps per "
        "feature), the household list as xlsx",
    ),
    (
        "land-user-import",
        "bench.land_users:import_50000",
        "50,000 land-user rows from XLSX (read, checked, written) vs row-by-row ORM saves",
    ),
]


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bin/bench", description=__doc__.splitlines()[0])
    p.add_argument("--parcels", type=int, default=100_000, help="project size (default 100000)")
    p.add_argument(
        "--regenerate",
        action="store_true",
        help="drop the bench database and generate the data afresh",
    )
    p.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this benchmark (repeatable, or comma-separated)",
    )
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    p.add_argument("--runs", type=int, default=5, help="runs of the timed request (default 5)")
    p.add_argument(
        "--sample", type=int, default=2000, help="cases of the naive rebuild (default 2000)"
    )
    p.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    return p.parse_args(argv)


def resolve(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    names = [n for n, _p, _w in BENCHMARKS]
    if options.list:
        for name, _path, what in BENCHMARKS:
            print(f"{name:<12} {what}")
        return 0
    only = [n.strip() for item in options.only for n in item.split(",") if n.strip()]
    unknown = [n for n in only if n not in names]
    if unknown:
        log(f"[bench] unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}")
        return 2
    if options.parcels < 100:
        log("[bench] --parcels must be at least 100")
        return 2

    # Set-up and generation as the owner, in a process of its own; the benchmarks (and the web
    # server they start) as the application role, as in production.
    owner_url = os.environ.pop("OWNER_DATABASE_URL", "")
    app_url = os.environ.get("DATABASE_URL", "")
    if not owner_url or not app_url:
        log("[bench] needs DATABASE_URL (app role, .env.local), OWNER_DATABASE_URL (.env.owner)")
        return 2
    from .db import BENCH_DB, bench_url, check_bench_database, role_of, use_bench_settings

    prepare = [sys.executable, "-m", "bench.prepare", "--parcels", str(options.parcels)]
    prepare += ["--app-role", role_of(app_url)] + (["--regenerate"] if options.regenerate else [])
    env = dict(os.environ, OWNER_DATABASE_URL=owner_url)
    if subprocess.run(prepare, env=env, check=False).returncode:
        log("[bench] preparing the bench database failed")
        return 1
    use_bench_settings(bench_url(app_url))

    import django

    django.setup()
    check_bench_database()
    from demo.bench import find_project

    from .table import Context, format_table

    started = time.monotonic()
    project = find_project(options.parcels)
    ctx = Context(project=project, parcels=options.parcels, options=options, log=log)
    rows = []
    for name, path, _what in BENCHMARKS:
        if only and name not in only:
            continue
        log(f"[bench] {name} …")
        rows.extend(resolve(path)(ctx))
    print()
    print(
        f"Benchmarks on {project.code} ({options.parcels} parcels), database "
        f"{BENCH_DB}, as the database role {role_of(app_url)}"
    )
    print(format_table(rows))
    log(f"[bench] total {time.monotonic() - started:.0f} s")
    failed = [r for r in rows if r.passed is False]
    return 1 if options.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
