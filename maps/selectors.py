"""Reads for the progress map: tiles, counts, small layers and the parcel under a click."""

from collections import defaultdict
from datetime import date

from django.core.cache import caches
from django.db import connection

from consultations.models import ProjectionVersion
from consultations.rules.vocabulary import STAGES
from landcases.models import Holding, Parcel

from . import sql
from .filters import MapQuery
from .tiles import Tile

TILE_TTL = 24 * 3600


def projection_version(project_id: int) -> int:
    """The cache generation of a project's map (bumped by every write that moves a stage)."""
    return (
        ProjectionVersion.objects.filter(project_id=project_id)
        .values_list("version", flat=True)
        .first()
        or 0
    )


def first_day(project_id: int) -> date | None:
    with connection.cursor() as cur:
        cur.execute(sql.FIRST_DAY_SQL, {"project": project_id})
        return cur.fetchone()[0]


def parcel_tile(project_id: int, tile: Tile, query: MapQuery) -> bytes:
    with connection.cursor() as cur:
        cur.execute(
            sql.tile_sql(replay=query.day is not None, used=query.register_filters()),
            {"project": project_id, "z": tile.z, "x": tile.x, "y": tile.y, **query.sql_params()},
        )
        return bytes(cur.fetchone()[0] or b"")


def cached_parcel_tile(
    project_id: int, tile: Tile, query: MapQuery, *, version: int
) -> tuple[bytes, bool]:
    """The tile from the cache kept under the project's projection version (bumped by every
    event transaction), else built and stored. Returns (tile, was cached)."""
    key = f"mvt:{project_id}:{version}:{tile.z}/{tile.x}/{tile.y}:{query.cache_key()}"
    found = caches["tiles"].get(key)
    if found is not None:
        return found, True
    data = parcel_tile(project_id, tile, query)
    caches["tiles"].set(key, data, TILE_TTL)
    return data, False


def area_counts(project_id: int, query: MapQuery) -> dict[int | None, dict[str, int]]:
    """Parcels per stage in each area, under the filters (cached per projection version)."""
    version = projection_version(project_id)
    key = f"counts:{project_id}:{version}:{query.cache_key()}"
    found = caches["tiles"].get(key)
    if found is not None:
        return found
    with connection.cursor() as cur:
        cur.execute(
            sql.area_counts_sql(replay=query.day is not None),
            {"project": project_id, **query.sql_params()},
        )
        rows = cur.fetchall()
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STAGES, 0))
    for area_id, rank, n in rows:
        counts[area_id][STAGES[rank]] += n
    result = dict(counts)
    caches["tiles"].set(key, result, TILE_TTL)
    return result


def totals(counts: dict[int | None, dict[str, int]]) -> dict[str, int]:
    total = dict.fromkeys(STAGES, 0)
    for per_area in counts.values():
        for stage, n in per_area.items():
            total[stage] += n
    return total


def layers(project_id: int, query: MapQuery, bbox=None, *, names: bool = False) -> dict:
    """The small layers as GeoJSON built in SQL: boundary, areas (with progress), meetings
    (their place's words only for roles that may read names)."""
    params = {
        "project": project_id,
        "day": query.day,
        "bbox": list(bbox) if bbox else None,
        "names": names,
    }
    with connection.cursor() as cur:
        cur.execute(sql.BOUNDARY_GEOJSON_SQL, params)
        boundary = cur.fetchone()[0]
        cur.execute(sql.AREAS_GEOJSON_SQL, params)
        areas = cur.fetchone()[0]
        cur.execute(sql.MEETINGS_GEOJSON_SQL, params)
        meetings = cur.fetchone()[0]
    counts = area_counts(project_id, query)
    for feature in areas:
        per_stage = counts.get(feature["id"], dict.fromkeys(STAGES, 0))
        n = sum(per_stage.values())
        feature["properties"].update(
            parcels=n,
            counts=per_stage,
            # The area's colour: the least advanced stage that still holds a parcel.
            least=next((s for s in STAGES if per_stage[s]), None),
            done=round(100 * per_stage["handed_over"] / n) if n else 0,
        )
    return {
        "boundary": {"type": "Feature", "geometry": boundary, "properties": {}},
        "areas": {"type": "FeatureCollection", "features": areas},
        "meetings": {"type": "FeatureCollection", "features": meetings},
    }


def parcel_at(project_id: int, *, lat: float, lng: float) -> Parcel | None:
    with connection.cursor() as cur:
        cur.execute(sql.PARCEL_AT_SQL, {"project": project_id, "lat": lat, "lng": lng})
        row = cur.fetchone()
    if row is None:
        return None
    return (
        Parcel.objects.select_related("land_use", "area", "commune_at_survey")
        .defer("geom")
        .get(pk=row[0])
    )


def parcel_holders(parcel: Parcel):
    return (
        Holding.objects.filter(parcel=parcel)
        .select_related("land_user", "land_user__case")
        .order_by("land_user__name")
    )
