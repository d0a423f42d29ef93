"""The demo road's parcels: real shapes laid along a corridor.

The French cadastre of Épinay-sur-Orge (demo/data/, "DGFiP / Etalab, cadastre 2022", Licence
Ouverte 2.0), projected to Lambert-93, turned so that the lot pattern runs along the road, tiled
along an 8 km corridor and bent onto a gently curving centreline in VN-2000 / TM-3 108-30
(EPSG:9218). Deterministic: the same seed gives the same layout.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from django.contrib.gis.geos import GEOSGeometry
from pyproj import Transformer

from ..sources import EPINAY, polygon_features
from .places import OLD_COMMUNES, SEED, SRID

# The corridor: 8 km along the coast south-west of Phan Thiết, 2 × HALF_WIDTH wide.
LENGTH_M = 8000.0
HALF_WIDTH_M = 105.0
AREA_LENGTH_M = 2000.0
MID_LONLAT = (108.045, 10.895)
MID_BEARING_DEG = 223.0  # heading south-west, Km0 at the Phan Thiết end
TURN_DEG = 10.0  # a gentle right-hand curve over the whole length
MIN_RECOVERED_M2 = 5.0  # slivers below this are left out
TILE_LENGTH_M = 1500.0  # each copy of the French pattern covers this much chainage


def _lonlat_to(srid: int):
    tr = Transformer.from_crs(4326, srid, always_xy=True)
    return lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))


def _to_lonlat(srid: int):
    tr = Transformer.from_crs(srid, 4326, always_xy=True)
    return lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))


# ---------------------------------------------------------------------------------------------
# Geometry: the corridor and the parcel layout


@dataclass(frozen=True)
class Corridor:
    """Chainage s (m from Km0) and offset t (m, positive to the left = seaward) → EPSG:9218.

    The centreline is a circular arc: the map (s, t) → C(s) + t·n(s) keeps shapes (area scale
    1 − t·κ, under 0.3 % inside the corridor) and never folds, so tiled parcels stay disjoint.
    """

    mid_e: float
    mid_n: float
    mid_phi: float  # heading at mid-length, radians counter-clockwise from grid east
    kappa: float  # curvature, 1/m (negative: turning right)
    length: float = LENGTH_M
    half_width: float = HALF_WIDTH_M

    @classmethod
    def default(cls) -> Corridor:
        (mid,) = _lonlat_to(SRID)(np.array([MID_LONLAT]))
        return cls(
            mid_e=float(mid[0]),
            mid_n=float(mid[1]),
            mid_phi=math.radians(90.0 - MID_BEARING_DEG),
            kappa=-math.radians(TURN_DEG) / LENGTH_M,
        )

    def to_grid(self, st: np.ndarray) -> np.ndarray:
        s, t = st[:, 0], st[:, 1]
        phi = self.mid_phi + self.kappa * (s - self.length / 2)
        sin0, cos0 = math.sin(self.mid_phi), math.cos(self.mid_phi)
        e = self.mid_e + (np.sin(phi) - sin0) / self.kappa - t * np.sin(phi)
        n = self.mid_n - (np.cos(phi) - cos0) / self.kappa + t * np.cos(phi)
        return np.column_stack([e, n])

    def band(self, s0: float, s1: float, *, step: float = 20.0) -> shapely.Polygon:
        """The corridor between two chainages, in (s, t), densified so it bends with the arc."""
        s = np.linspace(s0, s1, max(2, math.ceil((s1 - s0) / step) + 1))
        w = self.half_width
        right = np.column_stack([s, np.full_like(s, -w)])
        left = np.column_stack([s, np.full_like(s, w)])[::-1]
        ring = np.concatenate([right, left])
        return shapely.Polygon(ring)

    def centreline(self, *, step: float = 50.0) -> shapely.LineString:
        s = np.linspace(0, self.length, math.ceil(self.length / step) + 1)
        return shapely.LineString(np.column_stack([s, np.zeros_like(s)]))

    def to_lonlat(self, geoms):
        """(s, t) geometries → EPSG:4326 through EPSG:9218."""
        return shapely.transform(shapely.transform(geoms, self.to_grid), _to_lonlat(SRID))


def grid_to_lonlat(geoms):
    """EPSG:9218 geometries → EPSG:4326 (the same transformation as the project's outline)."""
    return shapely.transform(geoms, _to_lonlat(SRID))


def _dominant_angle(geoms) -> float:
    """The pattern's main lot direction (radians, modulo 90°), edges weighted by length."""
    xy, idx = shapely.get_coordinates(shapely.get_exterior_ring(geoms), return_index=True)
    same = idx[1:] == idx[:-1]
    d = (xy[1:] - xy[:-1])[same]
    length = np.hypot(d[:, 0], d[:, 1])
    angle = np.degrees(np.arctan2(d[:, 1], d[:, 0])) % 90.0
    hist, _ = np.histogram(angle, bins=90, range=(0, 90), weights=length)
    smooth = hist + np.roll(hist, 1) + np.roll(hist, -1)
    return math.radians(float(np.argmax(smooth)) + 0.5)


def _rotate(geoms, angle: float, origin: tuple[float, float]):
    c, s = math.cos(angle), math.sin(angle)
    ox, oy = origin

    def fn(xy):
        x, y = xy[:, 0] - ox, xy[:, 1] - oy
        return np.column_stack([c * x - s * y, s * x + c * y])

    return shapely.transform(geoms, fn)


def _windows(union, angle, origin, rotated, *, cell=20.0, length, height):
    """Every window (x0, y-centre) of the rotated pattern, with the share of it the parcels
    cover and the number of parcel centroids in it, as arrays."""
    x0, y0, x1, y1 = shapely.total_bounds(rotated)
    xs = np.arange(x0, x1, cell) + cell / 2
    ys = np.arange(y0, y1, cell) + cell / 2
    gx, gy = np.meshgrid(xs, ys)
    c, s = math.cos(-angle), math.sin(-angle)  # back into the pattern's own frame
    px = c * gx.ravel() - s * gy.ravel() + origin[0]
    py = s * gx.ravel() + c * gy.ravel() + origin[1]
    covered = shapely.contains_xy(union, px, py).reshape(gx.shape)
    centres = shapely.centroid(rotated)
    counts, _, _ = np.histogram2d(
        shapely.get_y(centres),
        shapely.get_x(centres),
        bins=[len(ys), len(xs)],
        range=[[y0, y0 + len(ys) * cell], [x0, x0 + len(xs) * cell]],
    )
    wx, wy = int(length / cell), int(height / cell)

    def window_sums(grid):
        table = np.zeros((grid.shape[0] + 1, grid.shape[1] + 1))
        table[1:, 1:] = grid.cumsum(0).cumsum(1)
        return table[wy:, wx:] - table[:-wy, wx:] - table[wy:, :-wx] + table[:-wy, :-wx]

    coverage = window_sums(covered.astype(float)) / (wx * wy)
    count = window_sums(counts)
    rows, cols = np.indices(coverage.shape)
    return (
        (x0 + cols * cell).ravel(),
        (y0 + rows * cell + height / 2).ravel(),
        coverage.ravel(),
        count.ravel(),
    )


def _in_window(rotated, wx: float, wy: float, height: float):
    """Parcels whose centroid falls in the window's length and that reach into its band."""
    cx = shapely.get_x(shapely.centroid(rotated))
    b = shapely.bounds(rotated)
    return (
        (cx >= wx) & (cx < wx + TILE_LENGTH_M) & (b[:, 3] > wy - height) & (b[:, 1] < wy + height)
    )


@dataclass
class PlacedParcel:
    source_id: str
    geom: object  # shapely, EPSG:9218 (VN-2000 / TM-3 108-30), as a survey would deliver it
    grid_area: float  # m² in EPSG:9218
    s: float  # chainage of the recovered part's centroid
    t: float  # offset of the parcel's centroid (left = seaward is positive)
    distance: float  # from the centreline (0 when the line crosses it)
    area_index: int


@lru_cache(maxsize=4)
def layout_parcels(seed: int = SEED) -> tuple[PlacedParcel, ...]:
    """Every real parcel that the corridor crosses, moved into place (not yet capped)."""
    rng = random.Random(seed)
    features = polygon_features(EPINAY)
    ids = [str(f.get("id") or i) for i, f in enumerate(features)]
    pattern = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    pattern = shapely.transform(pattern, _lonlat_to(2154))  # Lambert-93, metres
    pattern = shapely.make_valid(pattern)
    union = shapely.union_all(pattern)
    shapely.prepare(union)
    centre = union.centroid
    origin = (centre.x, centre.y)
    lot_angle = _dominant_angle(pattern)

    corridor = Corridor.default()
    margin = 200.0
    height = 2 * corridor.half_width + 20
    copies = math.ceil((corridor.length + 2 * margin) / TILE_LENGTH_M)
    used: dict[int, list[tuple[float, float]]] = {}
    placed_geoms, placed_ids = [], []
    for k in range(copies):
        quarter = k % 4
        angle = -lot_angle + quarter * math.pi / 2
        rotated = _rotate(pattern, angle, origin)
        xs, ys, coverage, count = _windows(
            union, angle, origin, rotated, length=TILE_LENGTH_M, height=height
        )
        # Well covered (few gaps) and dense (many lots), away from windows this turn gave before.
        ok = coverage >= 0.85
        for a, b in used.setdefault(quarter, []):
            ok &= (np.abs(xs - a) > TILE_LENGTH_M / 2) | (np.abs(ys - b) > height)
        if not ok.any():
            ok = coverage >= 0.0
        candidates = np.flatnonzero(ok & (count >= 0.85 * count[ok].max()))
        pick_at = candidates[rng.randrange(len(candidates))]
        wx, wy = float(xs[pick_at]), float(ys[pick_at])
        used[quarter].append((wx, wy))
        s_start = -margin + k * TILE_LENGTH_M
        pick = _in_window(rotated, wx, wy, height)
        # Turn once more so that the lots of this window (not of the whole commune) run along
        # the road, about the window's centre.
        turn = _dominant_angle(rotated[pick])
        turn = (turn + math.pi / 4) % (math.pi / 2) - math.pi / 4
        if abs(turn) > math.radians(2):
            angle -= turn
            cx, cy = wx + TILE_LENGTH_M / 2, wy
            c, s = math.cos(-turn), math.sin(-turn)
            wx, wy = c * cx - s * cy - TILE_LENGTH_M / 2, s * cx + c * cy
            rotated = _rotate(pattern, angle, origin)
            pick = _in_window(rotated, wx, wy, height)
        moved = shapely.transform(
            rotated[pick], lambda xy, dx=s_start - wx, dy=-wy: xy + np.array([dx, dy])
        )
        placed_geoms.extend(moved)
        placed_ids.extend(f"{ids[i]}#{k}" for i in np.flatnonzero(pick))

    geoms = np.array(placed_geoms, dtype=object)
    band = corridor.band(0, corridor.length)
    inside = shapely.area(shapely.intersection(geoms, band))
    keep = np.flatnonzero(inside >= MIN_RECOVERED_M2)
    geoms, src = geoms[keep], [placed_ids[i] for i in keep]
    geoms = _drop_overlaps(geoms)
    src = [s for s, g in zip(src, geoms, strict=True) if g is not None]
    geoms = np.array([g for g in geoms if g is not None], dtype=object)

    line = corridor.centreline()
    piece_centre = shapely.centroid(shapely.intersection(geoms, band))
    centre = shapely.centroid(geoms)
    distance = shapely.distance(geoms, line)
    grid = shapely.transform(geoms, corridor.to_grid)
    to_lonlat = _to_lonlat(SRID)
    placed = []
    for i, g in enumerate(grid):
        g = clean(g)
        # Stored in EPSG:4326: a shape that would not stay valid there is left out.
        if g is None or not shapely.is_valid(shapely.transform(g, to_lonlat)):
            continue
        s = float(shapely.get_x(piece_centre[i]))
        placed.append(
            PlacedParcel(
                source_id=src[i],
                geom=g,
                grid_area=float(shapely.area(g)),
                s=s,
                t=float(shapely.get_y(centre[i])),
                distance=float(distance[i]),
                area_index=min(int(s // AREA_LENGTH_M), len(OLD_COMMUNES) - 1),
            )
        )
    return tuple(placed)


def _drop_overlaps(geoms):
    """Tiles meet at seams (and the source has a few overlaps): the later parcel gives way."""
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    pairs = a < b
    a, b = a[pairs], b[pairs]
    overlap = shapely.area(shapely.intersection(geoms[a], geoms[b]))
    dropped: set[int] = set()
    for i, j, area in sorted(zip(a.tolist(), b.tolist(), overlap.tolist(), strict=True)):
        if area > 0.5 and i not in dropped:
            dropped.add(j)
    return [None if i in dropped else g for i, g in enumerate(geoms)]


def clean(geom):
    """A valid MultiPolygon, or None when nothing polygonal is left."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    polygons = [
        p
        for p in shapely.get_parts(geom)
        if isinstance(p, shapely.Polygon | shapely.MultiPolygon) and not p.is_empty
    ]
    parts = [q for p in polygons for q in shapely.get_parts(p)]
    if not parts:
        return None
    multi = shapely.MultiPolygon(parts)
    return multi if multi.is_valid else None


def geos(geom, srid: int = 4326) -> GEOSGeometry:
    return GEOSGeometry(shapely.to_wkb(geom, hex=True), srid=srid)


def select_parcels(placed, max_parcels: int, rng: random.Random) -> list[PlacedParcel]:
    """The parcels nearest the centreline first, so a small demo still spans every Km."""
    keys = [(p.distance, rng.random()) for p in placed]
    order = sorted(range(len(placed)), key=keys.__getitem__)[: max(0, max_parcels)]
    chosen = [placed[i] for i in order]
    return sorted(chosen, key=lambda p: (p.area_index, p.s, p.t))
