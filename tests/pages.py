"""Every page of the application, enumerated from the URL configuration itself, over one small
world with a value for every URL argument: a new page is covered by the tests that use this
(tests/test_reads_write_nothing.py, tests/browser/test_phone_width.py), or they fail naming the
argument they cannot fill.

API:
- `World` / `build_world()`: a project with 3 cases and acts, one user per role (`users`),
  a plan, a second membership, a land user without a case yet, a grievance, a meeting with
  its signatures and a stored audit run (their ids in `extra`). Needs the database.
- `page_paths(world, *, include=None, one_per_route=False)`: the paths (no query string) of
  every project page, for every value of every argument (or, with `one_per_route`, the first
  value of each but the case act and the grievance step); `include` filters routes (e.g. `html_routes` below).
- `html_routes(route)`: whether a route is a page a person opens (not a tile, a JSON layer or
  a file).
- `SKIP_PREFIXES`: routes outside the project data (login, admin, language switch, health).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import mercantile
from django.urls import URLPattern, URLResolver, get_resolver

from consultations.auditruns import audit_run_store
from consultations.grievances import grievance_create
from consultations.models import Event
from consultations.views.cases import CASE_ACTS
from consultations.views.grievances import STEPS as GRIEVANCE_STEPS
from consultations.views.plans import PLAN_ACTS
from landcases import services as registers
from landcases.models import Role
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record
from tests.factories import make_user

ROLES = [r.value for r in Role]
SKIP_PREFIXES = ("admin", "login", "logout", "i18n", "healthz")
NOT_HTML = (
    ".pbf",
    "/counts",
    "/layers",
    "/parcel-at",
    "/evidence/",
    ".xlsx",
    "/status",
    "/export/",
    ".json",
)


@dataclass
class World:
    users: dict
    project: object
    area: object
    cases: list
    posting: object
    finding: object
    caseless: object
    plan: object
    membership: object
    extra: dict = field(default_factory=dict)


def build_world() -> World:
    users = {role: make_user(f"u-{role}") for role in ROLES if role != "board_staff"}
    actor, project, area, cases = make_world(3, members=[(u, r) for r, u in users.items()])
    users["board_staff"] = actor
    kw = {"project": project, "actor": actor}
    record("notice_issued", **kw, area=area, on=D, number="1/TB")
    record("notice_delivered", **kw, case=cases[0], on=D + timedelta(days=1), method="post")
    posting = record(
        "posting_started",
        **kw,
        area=area,
        on=D + timedelta(days=2),
        what="draft_plan",
        place="UBND xã",
    ).event
    held = meeting(
        **kw,
        area=area,
        on=D + timedelta(days=40),
        attendees=cases,
        outcomes=[(cases[0], "agree"), (cases[1], "disagree", "Giá thấp")],
    )
    finding = record(
        "supervision",
        actor=users["front_supervisor"],
        project=project,
        on=D + timedelta(days=41),
        body="fatherland_front",
        finding_kind="recommendation",
        content="Công khai giá",
    ).event
    # A land user whose case row does not exist yet (its register change not applied).
    caseless = registers.land_user_create(
        project=project, actor=actor, kind="household", name="Hộ mới"
    )
    plan = registers.plan_create(
        project=project, actor=actor, number="PA-01", kind="draft", title="Dự thảo", reason="lập"
    )
    # A line for the first household, and an import of board staff's (its job's pages).
    registers.plan_line_set(
        plan=plan,
        actor=actor,
        reason="lập",
        line=registers.LineInput(
            cases[0].land_user_id, 0, [registers.ItemInput("land", 10**8, code="LUC")]
        ),
    )
    membership = project.memberships.get(user=users["viewer"])
    grievance = grievance_create(
        **kw,
        happened_on=D + timedelta(days=42),
        values={"grievance_kind": "complaint", "channel": "written", "cases": [cases[1].id]},
    ).event.grievance
    signature = Event.objects.get(
        kind="minutes_signed", payload__meeting=held.event.id, payload__role="commune_pc"
    )
    extra = {
        "grievance_id": [grievance.id],
        "step": list(GRIEVANCE_STEPS),
        "meeting_id": [held.event.id],
        "signature_id": [signature.id],
        "job_id": [
            _import_job(plan, actor).id,
            _land_user_import_job(project, actor).id,
            _parcel_import_job(project, actor).id,
        ],
        # A stored audit run (its page opens it as stored).
        "run_id": [
            audit_run_store(project=project, as_of=D + timedelta(days=41), axis="recorded").id
        ],
    }
    return World(users, project, area, cases, posting, finding, caseless, plan, membership, extra)


def _import_job(plan, actor):
    """A plan import refused row by row (its page, status and error sheet all answer)."""
    from tests.workbooks import plan_workbook

    return registers.plan_import_start(
        plan=plan,
        actor=actor,
        data=plan_workbook([["KHONGCO123", "Ai", 0, None]], []),
        name="pa.xlsx",
        reason="nhập",
        language="vi",
    )


def _land_user_import_job(project, actor):
    """A land-user import refused row by row (its page, status and error sheet all answer)."""
    from tests.landcases.land_user_books import book, household

    return registers.land_user_import_start(
        project=project,
        actor=actor,
        data=book([household(parcel_no=999)]),
        name="ds.xlsx",
        reason="nhập",
        language="vi",
    )


def _parcel_import_job(project, actor):
    """A parcel import being set up (its set-up screen reads the upload; nothing written)."""
    from landcases.services.parcel_imports import parcel_import_start
    from tests.landcases.parcel_files import features, zipped_shapefile

    return parcel_import_start(
        project=project,
        actor=actor,
        data=zipped_shapefile(features(3)),
        name="ban-do.zip",
        draft=True,
    )


def patterns(resolver=None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """(route, pattern) of every URL, routes joined as written (`projects/<slug:code>/…`)."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def html_routes(route: str) -> bool:
    return not any(marker in route for marker in NOT_HTML)


def url_values(world: World) -> dict[str, list]:
    parcel = world.cases[0].land_user.holdings.get().parcel
    c = parcel.geom.centroid
    tile = mercantile.tile(c.x, c.y, 16)
    return {
        "code": [world.project.code],
        "parcel_id": [parcel.id],
        "land_user_id": [world.cases[0].land_user_id, world.caseless.id],
        "event_id": [world.posting.id, world.finding.id],
        "act": list(CASE_ACTS),
        "plan_act": list(PLAN_ACTS),
        "area_id": [world.area.id],
        "plan_id": [world.plan.id],
        "membership_id": [world.membership.id],
        "z": [16],
        "x": [tile.x],
        "y": [tile.y],
        "evidence_id": [],  # none recorded in this world
        **world.extra,
    }


def page_paths(
    world: World,
    *,
    include: Callable[[str], bool] | None = None,
    one_per_route: bool = False,
) -> list[str]:
    """With `one_per_route`, each route once, with the first value of each argument (but every
    act and grievance step: each is its own form)."""
    values = url_values(world)
    if one_per_route:
        values = {k: (v if k in ("act", "plan_act", "step") else v[:1]) for k, v in values.items()}
    found = []
    for route, pattern in patterns():
        if route.startswith(SKIP_PREFIXES) or not route:
            continue
        if include is not None and not include(route):
            continue
        names = list(pattern.pattern.converters)
        for name in names:
            assert name in values, f"{route}: no value for <{name}> (add one to tests/pages.py)"
        if any(not values[n] for n in names):
            continue
        combos: list[dict] = [{}]
        for name in names:
            combos = [{**c, name: v} for c in combos for v in values[name]]
        for kwargs in combos:
            path = "/" + route
            for name, value in kwargs.items():
                path = path.replace(f"<slug:{name}>", str(value)).replace(
                    f"<int:{name}>", str(value)
                )
            found.append(path)
    return found
