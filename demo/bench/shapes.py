"""The benchmark's parcel shapes: the French cadastre of Paris 18e (6,821 parcels) and
Épinay-sur-Orge (4,241 parcels), demo/data/ ("DGFiP / Etalab, cadastre 2022", Licence Ouverte
2.0), each projected to Lambert-93 (metres) and copied side by side on a grid with a gap between
copies (so no two copies overlap); the grid is placed in Bình Thuận in VN-2000 / TM-3 108-30
(EPSG:9218) and stored in EPSG:4326."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import shapely
from django.contrib.gis.geos import GEOSGeometry
from pyproj import Transformer

from ..sources import EPINAY, PARIS_18, polygon_features

SOURCES = (PARIS_18, EPINAY)
SRID = 9218  # VN-2000 / TM-3 108-30 (Bình Thuận)
ORIGIN_LONLAT = (107.93, 11.02)  # south-west corner of the layout (Hàm Thuận Bắc, inland)
GAP_M = 150.0  # between copies on the grid
PARCELS_PER_AREA = 3000  # → 20–50 areas (clamped)


@dataclass
class Source:
    name: str
    geoms: np.ndarray  # shapely polygons, Lambert-93 metres, lower-left of the bbox at (0, 0)
    sections: list[str]
    legal: np.ndarray  # "contenance", the registered area (m²)
    width: float
    height: float


def shift(geoms: np.ndarray, dx: float, dy: float) -> np.ndarray:
    offset = np.array([dx, dy])
    return shapely.transform(geoms, lambda xy: xy + offset)


def load_sources() -> list[Source]:
    to_l93 = Transformer.from_crs(4326, 2154, always_xy=True)
    sources = []
    for name in SOURCES:
        features = list(polygon_features(name))
        # Sheet by section, then parcel number, so numbering runs along a sheet.
        features.sort(
            key=lambda f: (
                f["properties"].get("section", ""),
                int(f["properties"].get("numero") or 0),
            )
        )
        geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
        geoms = shapely.transform(
            geoms, lambda xy: np.column_stack(to_l93.transform(xy[:, 0], xy[:, 1]))
        )
        x0, y0, x1, y1 = shapely.total_bounds(geoms)
        geoms = shift(geoms, -x0, -y0)
        sources.append(
            Source(
                name=name,
                geoms=geoms,
                sections=[f["properties"].get("section") or "00" for f in features],
                legal=np.array([float(f["properties"].get("contenance") or 0) for f in features]),
                width=x1 - x0,
                height=y1 - y0,
            )
        )
    return sources


@dataclass
class Layout:
    grid: np.ndarray  # shapely geometries in EPSG:9218
    copy_of: np.ndarray  # copy index per parcel
    sheet: list[str]  # "<copy>-<section>"
    legal: np.ndarray
    area_of: np.ndarray  # area index per parcel
    area_copy: list[int]  # copy index per area
    copies: int


def lay_out(n: int, sources: list[Source]) -> Layout:
    counts, k, left = [], 0, n
    while left > 0:
        m = min(len(sources[k % len(sources)].geoms), left)
        counts.append(m)
        left -= m
        k += 1
    copies = len(counts)
    cols = math.ceil(math.sqrt(copies))
    cell_w = max(s.width for s in sources) + GAP_M
    cell_h = max(s.height for s in sources) + GAP_M
    tr = Transformer.from_crs(4326, SRID, always_xy=True)
    e0, n0 = tr.transform(*ORIGIN_LONLAT)
    target_areas = min(50, max(20, round(n / PARCELS_PER_AREA)))
    per_copy = max(1, round(target_areas / copies))

    grid, copy_of, sheet, legal, area_of, area_copy = [], [], [], [], [], []
    for k, m in enumerate(counts):
        src = sources[k % len(sources)]
        if m < len(src.geoms):  # a partial copy: a compact strip from the west
            cx = shapely.get_x(shapely.centroid(src.geoms))
            idx = np.sort(np.argsort(cx, kind="stable")[:m])
        else:
            idx = np.arange(m)
        dx, dy = e0 + (k % cols) * cell_w, n0 + (k // cols) * cell_h
        placed = shift(src.geoms[idx], dx, dy)
        n_areas = max(1, round(per_copy * m / len(src.geoms)))
        order = np.argsort(shapely.get_x(shapely.centroid(placed)), kind="stable")
        local_area = np.empty(m, dtype=int)
        for j, chunk in enumerate(np.array_split(order, n_areas)):
            local_area[chunk] = len(area_copy) + j
        area_copy.extend([k] * n_areas)
        grid.append(placed)
        copy_of.append(np.full(m, k))
        sheet.extend(f"{k + 1:02d}-{src.sections[i]}" for i in idx)
        legal.append(src.legal[idx])
        area_of.append(local_area)
    return Layout(
        grid=np.concatenate(grid),
        copy_of=np.concatenate(copy_of),
        sheet=sheet,
        legal=np.concatenate(legal),
        area_of=np.concatenate(area_of),
        area_copy=area_copy,
        copies=copies,
    )


def to_lonlat(geoms: np.ndarray) -> np.ndarray:
    tr = Transformer.from_crs(SRID, 4326, always_xy=True)
    return shapely.transform(geoms, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def multipolygons(geoms: np.ndarray) -> np.ndarray:
    """Valid MultiPolygons (the odd invalid one repaired, keeping its polygonal parts)."""
    invalid = ~shapely.is_valid(geoms)
    geoms = geoms.copy()
    for i in np.flatnonzero(invalid):
        fixed = shapely.make_valid(geoms[i])
        parts = [p for p in shapely.get_parts(fixed) if isinstance(p, shapely.Polygon)]
        geoms[i] = shapely.MultiPolygon(parts)
    out = np.array(
        [g if isinstance(g, shapely.MultiPolygon) else shapely.MultiPolygon([g]) for g in geoms],
        dtype=object,
    )
    return out


def ewkb_hex(geoms: np.ndarray) -> np.ndarray:
    return shapely.to_wkb(shapely.set_srid(geoms, 4326), hex=True, include_srid=True)


def geos(geom) -> GEOSGeometry:
    return GEOSGeometry(shapely.to_wkb(geom, hex=True), srid=4326)
