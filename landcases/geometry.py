"""Parcel geometry: parse, check and measure (areas in the project's VN-2000 zone, in PostGIS)."""

import json
from decimal import Decimal

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.db import connection

from . import messages as msg
from .models.projects import VN2000_SRIDS

MAX_VERTICES = 20_000  # checked before validity: ST_IsValid on 1M vertices took 28 s (notes.md)
ACCEPTED_SRIDS = (4326, *VN2000_SRIDS)


def parse_geometry(text: str, srid: int) -> GEOSGeometry:
    """WKT or GeoJSON in `srid` → a GEOS geometry carrying that SRID (not yet checked)."""
    if srid not in ACCEPTED_SRIDS:
        raise ValidationError(
            {"geom": ValidationError(msg.CRS_NOT_ACCEPTED, params={"srid": srid}, code="crs")}
        )
    text = (text or "").strip()
    try:
        if text.startswith("{"):
            data = json.loads(text)
            if data.get("type") == "Feature":
                data = data.get("geometry") or {}
            geom = GEOSGeometry(json.dumps(data))
        else:
            geom = GEOSGeometry(text)
    except (ValueError, TypeError, GEOSException, GDALException, AttributeError) as exc:
        raise ValidationError(
            {"geom": ValidationError(msg.GEOMETRY_UNREADABLE, code="unreadable")}
        ) from exc
    geom.srid = srid
    return geom


def checked_parcel_geometry(geom: GEOSGeometry) -> MultiPolygon:
    """A valid multipolygon in EPSG:4326, or a ValidationError that says what is wrong."""
    if geom.srid not in ACCEPTED_SRIDS:
        raise ValidationError(msg.CRS_NOT_ACCEPTED, params={"srid": geom.srid}, code="crs")
    if geom.empty:
        raise ValidationError(msg.GEOMETRY_UNREADABLE, code="unreadable")
    if geom.num_coords > MAX_VERTICES:
        raise ValidationError(
            msg.GEOMETRY_TOO_COMPLEX,
            params={"count": geom.num_coords, "limit": MAX_VERTICES},
            code="too_complex",
        )
    if isinstance(geom, Polygon):
        geom = MultiPolygon(geom, srid=geom.srid)
    if not isinstance(geom, MultiPolygon):
        raise ValidationError(msg.GEOMETRY_NOT_POLYGON, code="not_polygon")
    if not geom.valid:
        raise ValidationError(
            msg.GEOMETRY_INVALID, params={"reason": geom.valid_reason}, code="invalid"
        )
    if geom.srid != 4326:
        try:
            geom = geom.transform(4326, clone=True)
        except (GDALException, GEOSException) as exc:
            raise ValidationError(
                msg.CRS_OUT_OF_RANGE, params={"srid": geom.srid}, code="crs_range"
            ) from exc
    assert isinstance(geom, MultiPolygon)
    lon_min, lat_min, lon_max, lat_max = geom.extent
    if not (-180 <= lon_min <= lon_max <= 180 and -90 <= lat_min <= lat_max <= 90):
        raise ValidationError(msg.CRS_OUT_OF_RANGE, params={"srid": geom.srid}, code="crs_range")
    return geom


def measure_parcel(geom: MultiPolygon, *, project_id: int) -> tuple[Decimal, Decimal, bool]:
    """(geometric area, recovered area = parcel ∩ recovery boundary, intersects the boundary),
    both areas in m² in the project's VN-2000 zone, never in degrees; rounded to 0.1 m² as
    Decimals (a float such as 1234.3 fails the one-decimal field's validation)."""
    with connection.cursor() as cur:
        cur.execute(
            """
            select round(ST_Area(ST_Transform(g, p.source_srid))::numeric, 1),
                   round(ST_Area(ST_Transform(
                       ST_Intersection(g, p.boundary), p.source_srid))::numeric, 1),
                   ST_Intersects(g, p.boundary)
            from landcases_project p, (select ST_GeomFromEWKB(%s) as g) x
            where p.id = %s
            """,
            [bytes(geom.ewkb), project_id],
        )
        geometric, recovered, inside = cur.fetchone()
    return geometric, min(recovered, geometric), inside


REMEASURE_SQL = """
    update landcases_parcel pa
    set geom_web = ST_Transform(pa.geom, 3857),
        geometric_area_m2 = round(ST_Area(ST_Transform(pa.geom, p.source_srid))::numeric, 1),
        recovered_area_m2 = least(
            round(ST_Area(ST_Transform(pa.geom, p.source_srid))::numeric, 1),
            round(ST_Area(ST_Transform(
                ST_Intersection(pa.geom, p.boundary), p.source_srid))::numeric, 1))
    from landcases_project p
    where pa.project_id = p.id and p.id = %s
"""


def remeasure_project_parcels(*, project_id: int) -> int:
    """Set-based: recompute every parcel's areas and web geometry of a project (after a bulk
    load)."""
    with connection.cursor() as cur:
        cur.execute(REMEASURE_SQL, [project_id])
        return cur.rowcount
