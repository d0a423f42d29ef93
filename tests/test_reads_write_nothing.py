"""Reads never write: every page and endpoint, for every role, with and without "as of" and
replay parameters, leaves every table as it was (architecture.md: a GET that finds a projection
stale is a bug in a write path, not a reason to write).

The URLs are enumerated from the URL configuration itself, so a new page is covered (or this
test fails naming the argument it cannot fill)."""

from datetime import timedelta

import mercantile
import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from consultations.views.cases import CASE_ACTS
from landcases import services as registers
from landcases.models import Role
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record
from tests.factories import make_user

pytestmark = pytest.mark.django_db
ROLES = [r.value for r in Role]
# Pages outside the project data (login, admin, language switch, health) are not project reads.
SKIP_PREFIXES = ("admin", "login", "logout", "i18n", "healthz")


def snapshot() -> dict[str, str]:
    """A digest of every row of every table of ours."""
    with connection.cursor() as cur:
        cur.execute(
            "select tablename from pg_tables where schemaname = 'public' and tablename not in "
            "('spatial_ref_sys', 'django_session') order by tablename"
        )
        tables = [r[0] for r in cur.fetchall()]
        digests = {}
        for table in tables:
            cur.execute(
                f"select count(*), md5(coalesce(string_agg(t::text, '|' order by t::text), '')) "
                f"from {table} t"
            )
            digests[table] = cur.fetchone()
    return digests


def _patterns(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


@pytest.fixture
def world():
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
    meeting(
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
    return users, project, area, cases, posting, finding, caseless


def urls(project, cases, posting, finding, caseless):
    parcel = cases[0].land_user.holdings.get().parcel
    c = parcel.geom.centroid
    tile = mercantile.tile(c.x, c.y, 16)
    values = {
        "code": [project.code],
        "parcel_id": [parcel.id],
        "land_user_id": [cases[0].land_user_id, caseless.id],
        "event_id": [posting.id, finding.id],
        "act": list(CASE_ACTS),
        "z": [16],
        "x": [tile.x],
        "y": [tile.y],
        "evidence_id": [],  # none recorded in this world
    }
    found = []
    for route, pattern in _patterns(get_resolver()):
        if route.startswith(SKIP_PREFIXES) or not route:
            continue
        names = list(pattern.pattern.converters)
        for name in names:
            assert name in values, f"{route}: no value for <{name}> (add one to this test)"
        if any(not values[n] for n in names):
            continue
        combos = [{}]
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


QUERIES = [
    "",
    "?as_of=2025-04-01",
    "?as_of=2025-04-01&mode=recorded",
    "?day=2025-04-01",
    "?area=1&opinion=agree&stage=consulted",
]


@pytest.mark.parametrize("role", ROLES)
def test_no_get_writes_a_row(client, world, role):
    users, project, area, cases, posting, finding, caseless = world
    paths = urls(project, cases, posting, finding, caseless)
    assert any("/tiles/" in p for p in paths) and any("/cases/" in p for p in paths)
    client.force_login(users[role])
    before = snapshot()
    statuses = {}
    for path in paths:
        for query in QUERIES:
            response = client.get(path + query)
            assert response.status_code < 500, (path + query, response.status_code)
            statuses[path + query] = response.status_code
    after = snapshot()
    changed = {t for t in before if before[t] != after[t]}
    assert not changed, f"GETs by {role} wrote to {changed}"
    assert sum(1 for s in statuses.values() if s == 200) > 20  # the matrix was really read
