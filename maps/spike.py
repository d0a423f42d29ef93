"""Renderer spike (bootstrap issue): a few fixed polygons served as MVT by PostGIS.

The polygons live in the SQL itself so that the spike needs no register; the parcel layer of the
progress map replaces it. Both queries go through PostGIS, as the real layers will.
"""

from django.db import connection

from .tiles import Tile

# Three small plots near Phan Thiết (EPSG:4326), id and label only.
_POLYGONS = """
    (values
        (1, 'Thửa A', ST_MakeEnvelope(108.1000, 10.9400, 108.1010, 10.9410, 4326)),
        (2, 'Thửa B', ST_MakeEnvelope(108.1015, 10.9400, 108.1025, 10.9410, 4326)),
        (3, 'Thửa C', ST_MakeEnvelope(108.1000, 10.9415, 108.1025, 10.9422, 4326))
    ) as polys(id, label, geom)
"""
# Composed from constants only; the user's numbers travel as query parameters.

_TILE_SQL = f"""
with env as (select ST_TileEnvelope(%(z)s, %(x)s, %(y)s) as e),
mvt as (
    select id, ST_AsMVTGeom(ST_Transform(geom, 3857), env.e, 4096, 64, true) as geom
    from {_POLYGONS}, env
    where geom && ST_Transform(env.e, 4326)
)
select ST_AsMVT(mvt, 'spike', 4096, 'geom') from mvt
"""  # noqa: S608

_AT_SQL = f"""
select id, label from {_POLYGONS}
where ST_Intersects(geom, ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326))
"""  # noqa: S608


def spike_tile(tile: Tile) -> bytes:
    with connection.cursor() as cur:
        cur.execute(_TILE_SQL, {"z": tile.z, "x": tile.x, "y": tile.y})
        return bytes(cur.fetchone()[0] or b"")


def spike_polygon_at(*, lat: float, lng: float) -> dict | None:
    with connection.cursor() as cur:
        cur.execute(_AT_SQL, {"lat": lat, "lng": lng})
        row = cur.fetchone()
    return {"id": row[0], "label": row[1]} if row else None
