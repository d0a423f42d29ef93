"""The map's gate for its hottest path, the tile request: membership, role, and the cache
generation in one query (landcases.access.access_project answers the other map pages).
A read: it never refreshes anything (the writes keep the parcel stages fresh)."""

from dataclasses import dataclass

from django.db import connection
from django.http import Http404

from landcases.access import ROLE_CAPABILITIES, Can

_TILE_ACCESS_SQL = """
    select p.id, m.role, coalesce(v.version, 0)
    from landcases_projectmembership m
    join landcases_project p on p.id = m.project_id
    left join consultations_projectionversion v on v.project_id = p.id
    where m.user_id = %s and p.code = %s
"""


@dataclass(frozen=True)
class TileAccess:
    project_id: int
    version: int  # the projection version the tile cache is keyed on


def access_tiles(user, project_code: str) -> TileAccess:
    """404 unless the user's role in the project may read progress."""
    if not user.is_authenticated:
        raise Http404
    with connection.cursor() as cur:
        cur.execute(_TILE_ACCESS_SQL, [user.pk, project_code])
        row = cur.fetchone()
    if row is None or Can.READ_PROGRESS not in ROLE_CAPABILITIES[row[1]]:
        raise Http404
    project_id, _role, version = row
    return TileAccess(project_id, version)
