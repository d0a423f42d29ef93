"""Parcel and area geometry: parse, check and measure (areas in the project's VN-2000 zone, in
PostGIS, rounded there to the places of the area fields, so that what is measured is what a
Decimal field holds)."""

import json
import math
import re
from itertools import accumulate

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import (
    GEOSException,
    GEOSGeometry,
    MultiPolygon,
    Polygon,
    WKBWriter,
)
from django.core.exceptions import ValidationError
from django.db import connection

from . import messages as msg
from .models import Parcel
from .models.projects import VN2000_SRIDS

MAX_VERTICES = 20_000  # checked before validity: ST_IsValid on 1M vertices took 28 s (notes.md)
# A GeoJSON Feature holding a MultiPolygon nests 6 deep, a WKT MULTIPOLYGON 3: anything much
# deeper is not a shape (and 5,000 levels exhaust Python's parser: RecursionError).
MAX_NESTING = 20
ACCEPTED_SRIDS = (4326, *VN2000_SRIDS)
# The measured areas are rounded in SQL to the places of the model's fields, in one expression
# shared by the single measure and the set-based remeasure.
AREA_PLACES = Parcel._meta.get_field("geometric_area_m2").decimal_places
assert Parcel._meta.get_field("recovered_area_m2").decimal_places == AREA_PLACES

_BRACKETS = re.compile(r"[^\[\]{}()]")
_DEPTH_STEP = {"[": 1, "{": 1, "(": 1, "]": -1, "}": -1, ")": -1}


def _nesting(text: str) -> int:
    brackets = _BRACKETS.sub("", text)
    return max(accumulate(_DEPTH_STEP[c] for c in brackets), default=0)


def _unreadable() -> ValidationError:
    return ValidationError({"geom": ValidationError(msg.GEOMETRY_UNREADABLE, code="unreadable")})


def parse_geometry(text: str, srid: int) -> GEOSGeometry:
    """WKT or GeoJSON in `srid` → a 2-D GEOS geometry carrying that SRID (not yet checked)."""
    if srid not in ACCEPTED_SRIDS:
        raise ValidationError(
            {"geom": ValidationError(msg.CRS_NOT_ACCEPTED, params={"srid": srid}, code="crs")}
        )
    text = (text or "").strip()
    if _nesting(text) > MAX_NESTING:
        raise ValidationError({"geom": ValidationError(msg.GEOMETRY_TOO_NESTED, code="too_nested")})
    try:
        if text.startswith("{"):
            # NaN and Infinity are not JSON: refuse them rather than let them reach GEOS.
            data = json.loads(text, parse_constant=_no_constant)
            if data.get("type") == "Feature":
                data = data.get("geometry") or {}
            geom = GEOSGeometry(json.dumps(data))
        else:
            geom = GEOSGeometry(text)
    except (
        ValueError,
        TypeError,
        GEOSException,
        GDALException,
        AttributeError,
        RecursionError,
    ) as exc:
        raise _unreadable() from exc
    if geom.hasz:  # a shape from a GIS may carry heights; the registers keep plan positions
        writer = WKBWriter()
        writer.outdim = 2
        geom = GEOSGeometry(writer.write(geom))
    geom.srid = srid
    return geom


def _no_constant(name: str):
    raise ValueError(name)


# GEOS explains invalidity in English ("Self-intersection[x y]"): the known reasons are shown
# in the user's language, with GEOS's location kept.
def _reason(text: str) -> str:
    head, _, where = text.partition("[")
    label = msg.GEOS_REASONS.get(head.strip())
    if label is None:
        return text
    return f"{label} [{where}" if where else str(label)


def checked_outline(geom: GEOSGeometry) -> MultiPolygon:
    """A valid 2-D multipolygon in EPSG:4326 (a parcel or an area's outline), or a
    ValidationError that says what is wrong."""
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
    if not all(math.isfinite(v) for v in geom.extent):
        raise ValidationError(msg.COORDINATES_NOT_FINITE, code="not_finite")
    if not geom.valid:
        raise ValidationError(
            msg.GEOMETRY_INVALID, params={"reason": _reason(geom.valid_reason)}, code="invalid"
        )
    source = geom.srid
    if source != 4326:
        try:
            geom = geom.transform(4326, clone=True)
        except (GDALException, GEOSException) as exc:
            raise ValidationError(
                msg.CRS_OUT_OF_RANGE, params={"srid": source}, code="crs_range"
            ) from exc
    assert isinstance(geom, MultiPolygon)
    lon_min, lat_min, lon_max, lat_max = geom.extent
    if not (-180 <= lon_min <= lon_max <= 180 and -90 <= lat_min <= lat_max <= 90):
        raise ValidationError(msg.CRS_OUT_OF_RANGE, params={"srid": source}, code="crs_range")
    return geom


# The parcel's own name for it (services import it).
checked_parcel_geometry = checked_outline


def _area_sql(geom: str) -> str:
    """The area of `geom` (EPSG:4326) in m², in the project `p`'s VN-2000 zone, as numeric
    rounded half away from zero to the fields' places."""
    return f"round(ST_Area(ST_Transform({geom}, p.source_srid))::numeric, {AREA_PLACES})"


MEASURE_SQL = f"""
    select {_area_sql("g")},
           least({_area_sql("g")}, {_area_sql("ST_Intersection(g, p.boundary)")}),
           ST_Intersects(g, p.boundary)
    from landcases_project p, (select ST_GeomFromEWKB(%s) as g) x
    where p.id = %s
"""  # noqa: S608 - composed of our own constants


def measure_parcel(geom: MultiPolygon, *, project_id: int):
    """(geometric area, recovered area = parcel ∩ recovery boundary, intersects the boundary):
    both areas Decimals in m², measured in the project's VN-2000 zone, never in degrees."""
    with connection.cursor() as cur:
        cur.execute(MEASURE_SQL, [bytes(geom.ewkb), project_id])
        geometric, recovered, inside = cur.fetchone()
    return geometric, recovered, inside


def intersects_boundary(geom: MultiPolygon, *, project_id: int) -> bool:
    with connection.cursor() as cur:
        cur.execute(
            "select ST_Intersects(ST_GeomFromEWKB(%s), boundary) from landcases_project "
            "where id = %s",
            [bytes(geom.ewkb), project_id],
        )
        return bool(cur.fetchone()[0])


REMEASURE_SQL = f"""
    update landcases_parcel pa
    set geom_web = ST_Transform(pa.geom, 3857),
        geometric_area_m2 = {_area_sql("pa.geom")},
        recovered_area_m2 = least(
            {_area_sql("pa.geom")}, {_area_sql("ST_Intersection(pa.geom, p.boundary)")})
    from landcases_project p
    where pa.project_id = p.id and p.id = %s
"""  # noqa: S608 - composed of our own constants


def remeasure_project_parcels(*, project_id: int) -> int:
    """Set-based: recompute every parcel's areas and web geometry of a project (after a bulk
    load or a change of its boundary)."""
    with connection.cursor() as cur:
        cur.execute(REMEASURE_SQL, [project_id])
        return cur.rowcount
