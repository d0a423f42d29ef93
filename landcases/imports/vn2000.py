"""VN-2000 and the source coordinate system of a layer: the provincial TM-3 zones as PROJ's
EPSG database lists them (read at run time, not typed in), a .prj recognised as one of them
(by its authority code, else by its projection's parameters), a province's zone (Circular
973/2001/TT-TCĐC, data/vn2000_provinces.csv) and the check for coordinates that do not fit
their label (metres labelled as degrees, or a layer that falls outside Vietnam)."""

import csv
import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyproj import CRS, Transformer
from pyproj.database import query_crs_info
from pyproj.enums import PJType
from pyproj.exceptions import CRSError

from . import messages as msg

PROVINCES_FILE = Path(__file__).parent / "data" / "vn2000_provinces.csv"
VN2000_GEOGRAPHIC = 4756
MIN_CONFIDENCE = 70  # pyproj's match confidence (0-100) for an authority code
# Vietnam's land (EPSG:4756's area of use) with half a degree around it for the coast.
VIETNAM_MARGIN = 0.5
ZONE_MARGIN = 1.0  # a layer this far outside its zone's area is suspicious, not impossible
WGS84_AXES = (6378137.0, 298.257223563)


class CrsError(ValueError):
    """The source coordinate system cannot be read or chosen (a translated message)."""


@dataclass(frozen=True)
class Zone:
    epsg: int
    name: str
    central_meridian: float
    scale: float
    false_easting: float
    false_northing: float
    area: tuple[float, float, float, float]  # west, south, east, north (degrees)
    area_name: str


def _parameters(crs: CRS) -> dict[str, float]:
    operation = crs.coordinate_operation
    if operation is None:
        return {}
    return {p.name: float(p.value) for p in operation.params if not isinstance(p.value, str)}


@cache
def tm3_zones() -> tuple[Zone, ...]:
    """Every "VN-2000 / TM-3 …" projected CRS of the EPSG database PROJ carries."""
    zones = {}
    for info in query_crs_info(auth_name="EPSG", pj_types=PJType.PROJECTED_CRS):
        if info.deprecated or not info.name.startswith("VN-2000 / TM-3"):
            continue
        code = int(info.code)
        crs = CRS.from_epsg(code)
        p = _parameters(crs)
        area = crs.area_of_use
        zones[code] = Zone(
            epsg=code,
            name=crs.name,
            central_meridian=p["Longitude of natural origin"],
            scale=p["Scale factor at natural origin"],
            false_easting=p["False easting"],
            false_northing=p["False northing"],
            area=area.bounds if area else (-180.0, -90.0, 180.0, 90.0),
            area_name=area.name if area else "",
        )
    return tuple(zones[c] for c in sorted(zones))


def zone_by_meridian(meridian: float) -> Zone | None:
    """The zone of a central meridian; where PROJ has a provincial zone and a national one
    with the same projection (none today), the provincial one."""
    found = [z for z in tm3_zones() if abs(z.central_meridian - meridian) < 1e-9]
    found.sort(key=lambda z: ("zone" in z.name, z.epsg))
    return found[0] if found else None


# --- provinces ---------------------------------------------------------------------------


def plain_name(name: str) -> str:
    """A province's name for lookup: no case, diacritics, “tỉnh”/“thành phố” or punctuation."""
    text = unicodedata.normalize("NFKD", (name or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = " ".join("".join(c if c.isalnum() else " " for c in text).split())
    for prefix in ("thanh pho ", "tinh ", "tp "):
        text = text.removeprefix(prefix)
    return text.replace(" ", "")


@dataclass(frozen=True)
class ProvinceZone:
    province: str  # as before 1 Jul 2025
    province_2025: str
    central_meridian: float
    zone: Zone | None


def _degrees(text: str) -> float:
    degrees, minutes = text.split("-")
    return int(degrees) + int(minutes) / 60


@cache
def province_zones() -> tuple[ProvinceZone, ...]:
    lines = [ln for ln in PROVINCES_FILE.read_text(encoding="utf-8").splitlines() if ln[:1] != "#"]
    rows = []
    for row in csv.DictReader(lines):
        meridian = _degrees(row["central_meridian"])
        rows.append(
            ProvinceZone(
                row["province"], row["province_2025"], meridian, zone_by_meridian(meridian)
            )
        )
    return tuple(rows)


def zones_for_province(name: str) -> list[ProvinceZone]:
    """The zone of a province by its name before 1 Jul 2025 (one answer), or by a province of
    2025 (one answer per former province it took in: Lâm Đồng took in Bình Thuận, 108°30',
    and Đắk Nông, 108°30', beside its own 107°45' — the user chooses by where the land is)."""
    wanted = plain_name(name)
    rows = province_zones()
    former = [r for r in rows if plain_name(r.province) == wanted]
    merged = [r for r in rows if plain_name(r.province_2025) == wanted]
    found = merged if len(merged) > len(former) else former
    if not found:
        raise CrsError(msg.PROVINCE_UNKNOWN % {"name": (name or "")[:60]})
    return found


# --- recognising a .prj --------------------------------------------------------------------


@dataclass(frozen=True)
class Recognition:
    epsg: int | None  # None: not recognised, choose by province
    how: str  # authority / declared / parameters / wgs84_datum / none
    confidence: int  # 0-100
    note: str  # a translated sentence for the report


def _by_parameters(crs: CRS) -> Zone | None:
    if not crs.is_projected or crs.coordinate_operation is None:
        return None
    if crs.coordinate_operation.method_name.lower() != "transverse mercator":
        return None
    p = _parameters(crs)
    unit = crs.axis_info[0].unit_name if crs.axis_info else ""
    if unit not in ("metre", "meter") or abs(p.get("Latitude of natural origin", 0.0)) > 1e-9:
        return None
    ellipsoid = crs.ellipsoid
    axes = (ellipsoid.semi_major_metre, ellipsoid.inverse_flattening) if ellipsoid else (0, 0)
    if not all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(axes, WGS84_AXES, strict=True)):
        return None  # VN-2000 uses the WGS 84 ellipsoid; Hà Nội 72 (Krassovsky) does not
    for zone in tm3_zones():
        if (
            abs(p.get("Longitude of natural origin", math.nan) - zone.central_meridian) < 1e-6
            and abs(p.get("Scale factor at natural origin", math.nan) - zone.scale) < 1e-7
            and abs(p.get("False easting", math.nan) - zone.false_easting) < 1e-3
            and abs(p.get("False northing", math.nan) - zone.false_northing) < 1e-3
        ):
            return zone_by_meridian(zone.central_meridian)
    return None


def recognise_prj(wkt: str) -> Recognition:
    """What a .prj (WKT, ESRI's or OGC's) is: the EPSG system PROJ matches with confidence
    (a VN-2000 TM-3 zone or another), else the code the WKT declares, else a VN-2000 zone
    whose projection's parameters it has."""
    if not (wkt or "").strip():
        raise CrsError(msg.PRJ_EMPTY)
    try:
        crs = CRS.from_wkt(wkt)
    except CRSError:
        raise CrsError(msg.PRJ_UNREADABLE) from None
    zones = {z.epsg: z for z in tm3_zones()}
    matches = crs.list_authority(auth_name="EPSG", min_confidence=MIN_CONFIDENCE)
    if matches:
        best = max(matches, key=lambda m: m.confidence)
        epsg = int(best.code)
        name = zones[epsg].name if epsg in zones else CRS.from_epsg(epsg).name
        note = msg.PRJ_BY_AUTHORITY % {"name": name, "epsg": epsg}
        return Recognition(epsg, "authority", int(best.confidence), str(note))
    declared = crs.to_json_dict().get("id") or {}
    if declared.get("authority") == "EPSG":  # its own code, though PROJ's match is weaker
        epsg = int(declared["code"])
        weaker = crs.list_authority(auth_name="EPSG", min_confidence=0)
        confidence = max((m.confidence for m in weaker if int(m.code) == epsg), default=0)
        note = msg.PRJ_BY_AUTHORITY % {"name": crs.name[:80], "epsg": epsg}
        return Recognition(epsg, "declared", int(confidence), str(note))
    zone = _by_parameters(crs)
    if zone is None:
        note = msg.PRJ_NOT_RECOGNISED % {"name": crs.name[:80]}
        return Recognition(None, "none", 0, str(note))
    datum = plain_name(crs.datum.name if crs.datum else "")
    if "vn2000" in datum or "vietnam" in datum:
        note = msg.PRJ_BY_PARAMETERS % {
            "meridian": f"{zone.central_meridian:g}",
            "scale": f"{zone.scale:g}",
            "easting": f"{zone.false_easting:.0f}",
            "name": zone.name,
            "epsg": zone.epsg,
        }
        return Recognition(zone.epsg, "parameters", 90, str(note))
    note = msg.PRJ_WGS84_DATUM % {"name": zone.name, "epsg": zone.epsg}
    return Recognition(zone.epsg, "wgs84_datum", 60, str(note))


# --- do the coordinates fit their label? -------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str  # metres_as_degrees / degrees_as_metres / outside_vietnam / outside_zone / …
    message: str
    blocking: bool  # False: a warning the user may accept


@cache
def vietnam_extent() -> tuple[float, float, float, float]:
    area = CRS.from_epsg(VN2000_GEOGRAPHIC).area_of_use
    assert area is not None
    west, south, east, north = area.bounds
    m = VIETNAM_MARGIN
    return west - m, south - m, east + m, north + m


def _inside(box, area, margin=0.0) -> bool:
    west, south, east, north = box
    a_west, a_south, a_east, a_north = area
    return (
        a_west - margin <= west <= east <= a_east + margin
        and a_south - margin <= south <= north <= a_north + margin
    )


def check_extent(bounds: tuple[float, float, float, float], epsg: int) -> list[Problem]:
    """Whether a layer's extent (west, south, east, north, in its own CRS) fits that CRS:
    metres labelled as degrees, degrees labelled as metres, a layer outside Vietnam (refused),
    or outside the zone's own area (a warning: another province's zone?)."""
    if not all(math.isfinite(v) for v in bounds):
        return [Problem("not_finite", str(msg.COORDINATES_NOT_NUMBERS), True)]
    crs = CRS.from_epsg(epsg)
    west, south, east, north = bounds
    in_degree_range = max(abs(west), abs(east)) <= 180 and max(abs(south), abs(north)) <= 90
    if crs.is_geographic:
        if not in_degree_range:
            value = f"{max(abs(v) for v in bounds):.0f}"
            text = msg.METRES_AS_DEGREES % {"value": value, "name": crs.name}
            return [Problem("metres_as_degrees", str(text), True)]
        box = bounds
    else:
        if in_degree_range:
            text = msg.DEGREES_AS_METRES % {"name": crs.name}
            return [Problem("degrees_as_metres", str(text), True)]
        to_wgs84 = Transformer.from_crs(crs, 4326, always_xy=True)
        box = to_wgs84.transform_bounds(west, south, east, north, densify_pts=21)
    if not all(math.isfinite(v) for v in box) or not _inside(box, vietnam_extent()):
        lon = (box[0] + box[2]) / 2 if all(map(math.isfinite, box)) else math.nan
        lat = (box[1] + box[3]) / 2 if all(map(math.isfinite, box)) else math.nan
        text = msg.OUTSIDE_VIETNAM % {"name": crs.name, "lon": f"{lon:.2f}", "lat": f"{lat:.2f}"}
        return [Problem("outside_vietnam", str(text), True)]
    zone = next((z for z in tm3_zones() if z.epsg == epsg), None)
    if zone is not None and not _inside(box, zone.area, ZONE_MARGIN):
        text = msg.OUTSIDE_ZONE % {"name": zone.name, "area": zone.area_name}
        return [Problem("outside_zone", str(text), False)]
    return []
