"""Reads never write: every page and endpoint, for every role, with and without "as of" and
replay parameters, leaves every table as it was (architecture.md: a GET that finds a projection
stale is a bug in a write path, not a reason to write).

The URLs are enumerated from the URL configuration itself, so a new page is covered (or this
test fails naming the argument it cannot fill)."""

import pytest

from tests.pages import ROLES, build_world, page_paths
from tests.sweep import changed, digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


QUERIES = [
    "",
    "?as_of=2025-04-01",
    "?as_of=2025-04-01&mode=recorded",
    "?day=2025-04-01",
    "?area=1&opinion=agree&stage=consulted",
]


@pytest.mark.parametrize("role", ROLES)
def test_no_get_writes_a_row(client, world, role):
    paths = page_paths(world)
    assert any("/tiles/" in p for p in paths) and any("/cases/" in p for p in paths)
    assert any("/members/" in p for p in paths) and any("/areas/" in p for p in paths)
    client.force_login(world.users[role])
    before = digest()
    statuses = {}
    for path in paths:
        for query in QUERIES:
            response = client.get(path + query)
            assert response.status_code < 500, (path + query, response.status_code)
            statuses[path + query] = response.status_code
    wrote = changed(before, digest())
    assert not wrote, f"GETs by {role} wrote to {wrote}"
    assert sum(1 for s in statuses.values() if s == 200) > 20  # the matrix was really read
