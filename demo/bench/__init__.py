"""A benchmark project of N parcels made of real parcel shapes (shapes.py), with land users
and cases (registers.py, people.py: registers in bulk, cases made by the case record) and
consultation histories written through the one door (history.py, corrections.py), then the
projection rebuilt by `projection.rebuild`. Used by bin/bench (bench/).

Everything Vietnamese on top of the shapes (communes, sheets, parcel numbers, land uses,
households, events) is made up, deterministically from the seed. The project is written in one
transaction: a project with the bench code exists only complete. Seeded histories need the
owner role on a database marked `bench` (manage.py db_kind bench).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count

from consultations import projection
from consultations.models import Case, Event
from consultations.rules.vocabulary import STAGES
from landcases.models import Project

from ..writing import require_seedable
from .corrections import make_corrections
from .history import LEVEL_NAMES, History, area_levels
from .people import write_people
from .registers import Bench, create_registers, project_code, write_parcels
from .shapes import lay_out, load_sources, multipolygons, to_lonlat

__all__ = ["SEED", "ensure_project", "find_project", "generate", "project_code"]

SEED = 2026_11_28


class Phases:
    """Times each phase and prints it as it ends."""

    def __init__(self, log):
        self.log = log
        self.times: dict[str, float] = {}
        self.started = time.monotonic()

    def run(self, name: str, fn, *args, **kwargs):
        t0 = time.monotonic()
        result = fn(*args, **kwargs)
        seconds = time.monotonic() - t0
        self.times[name] = seconds
        detail = result if isinstance(result, str) else ""
        if isinstance(result, tuple) and result and isinstance(result[-1], str):
            detail = result[-1]
        self.log(f"[generate] {name:<22} {seconds:7.1f} s  {detail}")
        return result

    def total(self) -> float:
        return time.monotonic() - self.started


def write_histories(bench: Bench, seed: int, log) -> str:
    levels = area_levels(len(bench.areas))
    by_area: dict[int, list] = defaultdict(list)
    for c in bench.cases:
        by_area[c[1]].append(c)
    history = History(bench, seed)
    started = time.monotonic()
    for a in range(len(bench.areas)):
        history.area_story(a, levels[a], by_area.get(a, []))
        if levels[a] >= 3 and a % 4 == 0:
            history.supervise(a)
        history.out.flush()
        log(
            f"[generate]   area {a + 1}/{len(bench.areas)} ({LEVEL_NAMES[levels[a]]}, "
            f"{len(by_area.get(a, []))} cases) at {time.monotonic() - started:.0f} s"
        )
    corrections = make_corrections(history)
    history.out.flush()
    events = Event.objects.filter(project=bench.project)
    count = events.count()
    case_events = events.filter(case__isnull=False).count()
    stages = Counter(LEVEL_NAMES[v] for v in levels)
    return (
        f"{count} events ({case_events / max(1, len(bench.cases)):.1f} per case, "
        f"{corrections} corrections); areas: "
        + ", ".join(f"{stages[name]} {name}" for name in LEVEL_NAMES if stages[name])
    )


def write_projection(bench: Bench) -> str:
    """The stage projection, by the case record's own rebuild."""
    projection.rebuild(project_id=bench.project.id)
    stages = Case.objects.filter(project=bench.project).values_list("stage").annotate(n=Count("id"))
    by_stage = dict(stages.order_by())
    return "cases by stage: " + ", ".join(f"{by_stage[s]} {s}" for s in STAGES if by_stage.get(s))


def find_project(parcels: int) -> Project | None:
    return Project.objects.filter(code=project_code(parcels)).first()


def generate(parcels: int, *, seed: int = SEED, log=print, analyze: bool = True) -> Project:
    """The project, in one transaction; then VACUUM ANALYZE (`analyze=False` inside a
    transaction of the caller's, as a test does)."""
    require_seedable()
    phases = Phases(log)
    log(f"[generate] a bench project of {parcels} parcels (kept for later runs)")
    sources = phases.run(
        "load shapes",
        lambda: (s := load_sources(), ", ".join(f"{x.name}: {len(x.geoms)}" for x in s)),
    )[0]
    layout = phases.run(
        "lay out", lambda: (lo := lay_out(parcels, sources), f"{lo.copies} copies on a grid")
    )[0]
    lonlat = phases.run(
        "to EPSG:4326",
        lambda: (g := multipolygons(to_lonlat(layout.grid)), f"{len(g)} multipolygons"),
    )[0]
    with transaction.atomic():
        bench = phases.run("registers", create_registers, parcels, layout)[0]
        phases.run("parcels (bulk)", write_parcels, bench, layout, lonlat, seed)
        phases.run("people, cases", write_people, bench, layout, seed)
        phases.run("histories (door)", write_histories, bench, seed, log)
        phases.run("projection (rebuild)", write_projection, bench)
    if analyze:
        phases.run("vacuum analyze", vacuum)
    log(f"[generate] done in {phases.total():.1f} s")
    return bench.project


def vacuum() -> str:
    tables = (
        "landcases_parcel",
        "landcases_landuser",
        "landcases_holding",
        "consultations_case",
        "consultations_event",
        "consultations_freetext",
        "consultations_stageinterval",
        "consultations_parcelstage",
    )
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"vacuum analyze {t}")
    return f"{len(tables)} tables"


def ensure_project(parcels: int, *, log=print) -> Project:
    project = find_project(parcels)
    if project is not None:
        cases = Case.objects.filter(project=project).count()
        events = Event.objects.filter(project=project).count()
        log(
            f"[generate] reusing {project.code}: {cases} cases, {events} events "
            "(--regenerate for a fresh one)"
        )
        return project
    return generate(parcels, log=log)
