"""The demo project: a coastal road in Bình Thuận with real parcel shapes moved into place.

Parcel shapes are real: the French cadastre of Épinay-sur-Orge ("DGFiP / Etalab, cadastre 2022",
Licence Ouverte 2.0, see ../shared/data/README.md), projected to Lambert-93, turned so that the
lot pattern runs along the road, tiled along an 8 km corridor and bent onto a gently curving
centreline in VN-2000 / TM-3 108-30 (EPSG:9218). Everything Vietnamese on top of them (communes,
map sheets, parcel numbers, land-use codes, households, names, IDs, decision numbers) is made up.

`build_demo_project()` writes everything in one transaction; the same seed gives the same demo.
"""

from __future__ import annotations

import json
import math
import os
import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry, LineString
from django.db import transaction
from pyproj import Transformer
from simple_history.utils import bulk_create_with_history

from .geometry import remeasure_project_parcels
from .models import (
    AdministrativeUnit,
    Holding,
    LandUseCode,
    LandUser,
    LandUserKind,
    LandUserSensitive,
    MapKind,
    Parcel,
    Project,
    ProjectArea,
    ProjectMembership,
    Role,
    Tenure,
    UnitLevel,
    Vulnerability,
)
from .models.land import LandGroup

PROJECT_CODE = "demo-binh-thuan-road"
SEED = 2025_07_01
SRID = 9218  # VN-2000 / TM-3 108-30 (Bình Thuận)
ATTRIBUTION = "DGFiP / Etalab, cadastre 2022"
SOURCE_FILE = Path("cadastre-fr") / "cadastre-91216-parcelles.json"
REASON = "Dữ liệu mẫu (manage.py demo_project)"
MERGER_DAY = date(2025, 7, 1)

# The corridor: 8 km along the coast south-west of Phan Thiết, 2 × HALF_WIDTH wide.
LENGTH_M = 8000.0
HALF_WIDTH_M = 105.0
AREA_LENGTH_M = 2000.0
MID_LONLAT = (108.045, 10.895)
MID_BEARING_DEG = 223.0  # heading south-west, Km0 at the Phan Thiết end
TURN_DEG = 10.0  # a gentle right-hand curve over the whole length
MIN_RECOVERED_M2 = 5.0  # slivers below this are left out
TILE_LENGTH_M = 1500.0  # each copy of the French pattern covers this much chainage

# Land-use codes the demo uses (the full national list is loaded elsewhere; these are created
# only when missing).
LAND_USE_CODES = {
    "LUC": ("Đất chuyên trồng lúa", "Specialised rice land", LandGroup.AGRICULTURAL),
    "HNK": ("Đất trồng cây hằng năm khác", "Other annual crop land", LandGroup.AGRICULTURAL),
    "CLN": ("Đất trồng cây lâu năm", "Perennial crop land", LandGroup.AGRICULTURAL),
    "NTS": ("Đất nuôi trồng thủy sản", "Aquaculture land", LandGroup.AGRICULTURAL),
    "ONT": ("Đất ở tại nông thôn", "Rural residential land", LandGroup.NON_AGRICULTURAL),
    "TON": ("Đất tôn giáo", "Religious land", LandGroup.NON_AGRICULTURAL),
    "TIN": ("Đất tín ngưỡng", "Land for belief establishments", LandGroup.NON_AGRICULTURAL),
    "BCS": ("Đất bằng chưa sử dụng", "Unused flat land", LandGroup.UNUSED),
}
AGRICULTURAL = ("LUC", "HNK", "CLN", "NTS")

# Administrative units. The codes are illustrative (plausible, not the official ones); the
# names are real-sounding Bình Thuận places. Before 1 Jul 2025: province → district → commune;
# after: province Lâm Đồng → commune (districts abolished, communes merged).
PROVINCE_OLD = ("60", "Tỉnh Bình Thuận", date(1992, 1, 1), MERGER_DAY)
PROVINCE_NEW = ("68", "Tỉnh Lâm Đồng", MERGER_DAY, None)
DISTRICTS = {
    "593": "Thành phố Phan Thiết",
    "598": "Huyện Hàm Thuận Nam",
}
NEW_COMMUNES = {
    "22960": "Phường Tiến Thành",
    "23131": "Xã Tân Thành",
}


@dataclass(frozen=True)
class OldCommune:
    code: str
    name: str
    district: str
    successor: str
    villages: tuple[str, ...]
    land_use_weights: dict[str, int]


# One per 2 km of chainage, Km0 first; two pairs merge into one new unit each.
OLD_COMMUNES = (
    OldCommune(
        "22951",
        "Xã Tiến Lợi",
        "593",
        "22960",
        ("Thôn Phú Lợi", "Thôn Xuân Phong", "Thôn Ích Lợi"),
        {"CLN": 35, "HNK": 35, "LUC": 10, "ONT": 20},
    ),
    OldCommune(
        "22957",
        "Xã Tiến Thành",
        "593",
        "22960",
        ("Thôn Thạnh Hải", "Thôn Tiến Bình", "Thôn Tiến Hòa"),
        {"CLN": 55, "HNK": 25, "LUC": 10, "ONT": 10},
    ),
    OldCommune(
        "23122",
        "Xã Thuận Quý",
        "598",
        "23131",
        ("Thôn Quý Thạnh", "Thôn Thuận Bình", "Thôn Khe Gáo"),
        {"LUC": 45, "HNK": 30, "CLN": 20, "ONT": 5},
    ),
    OldCommune(
        "23128",
        "Xã Tân Thành",
        "598",
        "23131",
        ("Thôn Hòa Thành", "Thôn Tân Hòa", "Thôn Kê Gà"),
        {"NTS": 30, "CLN": 30, "HNK": 25, "ONT": 15},
    ),
)

PROJECT_NAME = "Đường ven biển đoạn Phan Thiết – Kê Gà (dự án mẫu)"
PROJECT_PURPOSE = (
    "Xây dựng tuyến đường ven biển đoạn Phan Thiết – Kê Gà dài khoảng 8 km; phạm vi thu hồi "
    "đất rộng khoảng 200 m (mặt đường, dải cây xanh, hành lang an toàn), kết nối du lịch ven "
    "biển phía nam tỉnh.\n\n"
    "Dự án mẫu để trình diễn phần mềm: ranh giới, số hiệu thửa, loại đất, người sử dụng đất, "
    "tên, số CCCD, điện thoại và số văn bản đều là giả định. Hình thể thửa đất là dữ liệu thật "
    "của bản đồ địa chính Pháp (xã Épinay-sur-Orge), nguồn: "
    f"« {ATTRIBUTION} », Giấy phép Licence Ouverte 2.0 (Etalab), "
    "đã được chiếu, xoay và dịch chuyển về vị trí này.\n"
    "Demo project: parcel shapes from the French cadastre "
    f"({ATTRIBUTION}, Licence Ouverte 2.0) moved into place; names and IDs are made up."
)
PROJECT_INVESTOR = "Sở Giao thông vận tải tỉnh Bình Thuận (nay thuộc tỉnh Lâm Đồng)"
PROJECT_BOARD = (
    "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Bình Thuận; "
    "Trung tâm Phát triển quỹ đất (tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư)"
)
PROJECT_LEGAL_BASIS = (
    "Nghị quyết số 27/NQ-HĐND ngày 14/7/2023 của HĐND tỉnh Bình Thuận về chủ trương đầu tư;\n"
    "Quyết định số 2315/QĐ-UBND ngày 25/10/2023 của UBND tỉnh Bình Thuận phê duyệt dự án;\n"
    "Nghị quyết số 41/NQ-HĐND ngày 08/12/2023 của HĐND tỉnh thông qua danh mục dự án cần thu "
    "hồi đất năm 2024;\n"
    "Quyết định số 512/QĐ-UBND ngày 04/3/2024 phê duyệt kế hoạch sử dụng đất năm 2024.\n"
    "(Số hiệu văn bản là giả định, dùng cho dữ liệu mẫu.)"
)
CUTOFF_DATE = date(2024, 4, 1)
PLANNED_DECISION_DATE = date(2027, 6, 30)
RULE_PACKS = ["vn-2024", "democracy-3406", "complaints-2011"]

# Demo logins, one per role: (username, role, family + middle names, given name).
DEMO_USERS = (
    ("canbo.ban", Role.BOARD_STAFF, "Trần Thị Thu", "Hà"),
    ("canbo.xa", Role.COMMUNE_OFFICIAL, "Lê Văn", "Hùng"),
    ("mttq", Role.FRONT_SUPERVISOR, "Phạm Minh", "Tâm"),
    ("thanhtra", Role.AUDITOR, "Huỳnh Quốc", "Bảo"),
    ("xem", Role.VIEWER, "Võ Thị Ngọc", "Lan"),
)
OFFICIAL_COMMUNE = "23131"  # the commune official works for the merged Xã Tân Thành
PASSWORD_FILE = Path(settings.BASE_DIR) / ".venv" / "demo-project-login"

LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as services._new_lookup_code


class DemoDataMissing(Exception):
    pass


@dataclass
class DemoResult:
    project: Project
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, role label)


# ---------------------------------------------------------------------------------------------
# Source data


def shared_data_dir() -> Path:
    """../shared/data beside the repository, or $SHARED_DATA_DIR."""
    env = os.environ.get("SHARED_DATA_DIR")
    return Path(env) if env else Path(settings.BASE_DIR).parent / "shared" / "data"


def source_path() -> Path:
    path = shared_data_dir() / SOURCE_FILE
    if not path.is_file():
        raise DemoDataMissing(
            f"The demo parcel shapes are missing: {path} not found. Put the shared data folder "
            "beside the repository (../shared/data) or set SHARED_DATA_DIR to it."
        )
    return path


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
    geom: object  # shapely, EPSG:4326
    grid_area: float  # m² in EPSG:9218
    s: float  # chainage of the recovered part's centroid
    t: float  # offset of the parcel's centroid (left = seaward is positive)
    distance: float  # from the centreline (0 when the line crosses it)
    area_index: int


@lru_cache(maxsize=4)
def layout_parcels(seed: int = SEED, path: str | None = None) -> tuple[PlacedParcel, ...]:
    """Every real parcel that the corridor crosses, moved into place (not yet capped)."""
    rng = random.Random(seed)
    data = json.loads(Path(path or source_path()).read_text(encoding="utf-8"))
    features = [
        f
        for f in data["features"]
        if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")
    ]
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
    lonlat = shapely.transform(grid, _to_lonlat(SRID))
    placed = []
    for i, g in enumerate(lonlat):
        g = _clean(g)
        if g is None:
            continue
        s = float(shapely.get_x(piece_centre[i]))
        placed.append(
            PlacedParcel(
                source_id=src[i],
                geom=g,
                grid_area=float(shapely.area(grid[i])),
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


def _clean(geom):
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


def _geos(geom, srid: int = 4326):
    return GEOSGeometry(shapely.to_wkb(geom, hex=True), srid=srid)


def select_parcels(placed, max_parcels: int, rng: random.Random) -> list[PlacedParcel]:
    """The parcels nearest the centreline first, so a small demo still spans every Km."""
    keys = [(p.distance, rng.random()) for p in placed]
    order = sorted(range(len(placed)), key=keys.__getitem__)[: max(0, max_parcels)]
    chosen = [placed[i] for i in order]
    return sorted(chosen, key=lambda p: (p.area_index, p.s, p.t))


# ---------------------------------------------------------------------------------------------
# People


KINH_FAMILY = (
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 10),
    ("Phạm", 7),
    ("Huỳnh", 6),
    ("Võ", 5),
    ("Phan", 4),
    ("Đặng", 3),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Ngô", 2),
    ("Hồ", 2),
    ("Dương", 1),
    ("Trương", 1),
    ("Lương", 1),
)
CHAM_FAMILY = ("Đàng", "Thông", "Quảng", "Lưu", "Bá", "Phú")
RAGLAI_FAMILY = ("Bo Bo", "Mang", "Ma")
MIDDLE_M = ("Văn", "Văn", "Văn", "Minh", "Đức", "Hữu", "Công", "Quốc", "Thanh", "Ngọc")
MIDDLE_F = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh", "Bích")
GIVEN_M = (  # noqa: SIM905
    "An Bình Cường Dũng Hải Hùng Khánh Long Minh Nam Phong Phúc Quang Sơn Tâm Thắng Toàn "
    "Trung Tuấn Việt Vinh Lộc Tài Hiếu Thành Tùng Hòa Lợi Sang Tám Sáu Bảy Nhân Đạt Kiệt"
).split()
GIVEN_F = (  # noqa: SIM905
    "Anh Bích Cúc Dung Hà Hạnh Hằng Hoa Hồng Hương Lan Liên Linh Loan Mai Nga Nhung Oanh "
    "Phượng Thảo Thủy Trang Tuyết Vân Xuân Yến Lệ Sen Mận Hiền Ánh Diệu"
).split()
MOBILE_PREFIXES = (  # noqa: SIM905
    "090 091 093 094 096 097 098 032 033 034 035 036 037 038 039 070 076 077 078 079 081 082 "
    "083 084 085 086 088 089"
).split()
ELSEWHERE = (
    "đường Trần Hưng Đạo, phường Phan Thiết, tỉnh Lâm Đồng",
    "đường Nguyễn Tất Thành, phường Phan Thiết, tỉnh Lâm Đồng",
    "đường Võ Văn Kiệt, phường Mũi Né, tỉnh Lâm Đồng",
    "đường Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh",
    "đường Phan Đăng Lưu, phường Bình Thạnh, Thành phố Hồ Chí Minh",
)


@dataclass
class Person:
    name: str
    female: bool
    born: int
    ethnicity: str


def _person(rng: random.Random, *, ethnicity: str | None = None, female=None) -> Person:
    if ethnicity is None:
        roll = rng.random()
        ethnicity = "Kinh" if roll < 0.96 else ("Chăm" if roll < 0.98 else "Raglai")
    if female is None:
        female = rng.random() < 0.25
    if ethnicity == "Chăm":
        family = rng.choice(CHAM_FAMILY)
    elif ethnicity == "Raglai":
        family = rng.choice(RAGLAI_FAMILY)
    else:
        names, weights = zip(*KINH_FAMILY, strict=True)
        family = rng.choices(names, weights)[0]
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return Person(f"{family} {middle} {given}", female, rng.randint(1940, 1996), ethnicity)


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return ""
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choices("0123456789", k=7))


class Codes:
    """Unique, deterministic lookup codes, CCCD numbers and certificate numbers."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lookup: set[str] = set()
        self.cccd: set[str] = set()
        self.certificates: set[str] = set()

    def lookup_code(self) -> str:
        while True:
            code = "".join(self.rng.choices(LOOKUP_ALPHABET, k=10))
            if code not in self.lookup:
                self.lookup.add(code)
                return code

    def citizen_id(self, person: Person) -> str:
        # 060 = Bình Thuận; then century + sex (0/1 for 19xx male/female), year, six digits.
        while True:
            cid = f"060{int(person.female)}{person.born % 100:02d}{self.rng.randrange(10**6):06d}"
            if cid not in self.cccd:
                self.cccd.add(cid)
                return cid

    def certificate(self) -> str:
        while True:
            series = self.rng.choice(("BĐ", "BK", "BY", "CĐ", "CS", "CT", "DA"))
            number = f"{series} {self.rng.randrange(10**6):06d}"
            if number not in self.certificates:
                self.certificates.add(number)
                return number


# ---------------------------------------------------------------------------------------------
# The build


def find_demo_project() -> Project | None:
    return Project.objects.filter(code=PROJECT_CODE).first()


def demo_password(explicit: str | None = None) -> str:
    """One password for every demo login: the given one, else the `demo_login` password (so
    bin/run shows one login), else the one this command stored before, else a new one."""
    for candidate in _password_candidates(explicit):
        return candidate
    password = secrets.token_urlsafe(9)
    PASSWORD_FILE.parent.mkdir(exist_ok=True)
    PASSWORD_FILE.write_text(password)
    return password


def _password_candidates(explicit: str | None):
    from .management.commands.demo_login import LOGIN_FILE, USERNAME

    if explicit:
        yield explicit
    if LOGIN_FILE.exists() and get_user_model().objects.filter(username=USERNAME).exists():
        yield LOGIN_FILE.read_text().strip()
    if PASSWORD_FILE.exists():
        yield PASSWORD_FILE.read_text().strip()


def current_password(explicit: str | None = None) -> str | None:
    """The password the demo logins have now, if it is one we know (checked, not assumed)."""
    user = get_user_model().objects.filter(username=DEMO_USERS[0][0]).first()
    for candidate in _password_candidates(explicit):
        if user is not None and candidate and user.check_password(candidate):
            return candidate
    return None


def demo_logins() -> list[tuple[str, str]]:
    return [(username, str(role.label)) for username, role, _f, _g in DEMO_USERS]


def build_demo_project(*, max_parcels: int = 3000, password: str, seed: int = SEED) -> DemoResult:
    """Create the demo project once; when it exists, change nothing and say so."""
    started = time.monotonic()
    existing = find_demo_project()
    if existing is not None:
        return DemoResult(project=existing, created=False, logins=demo_logins())
    placed = layout_parcels(seed, str(source_path()))
    rng = random.Random(seed)
    with transaction.atomic():
        counts: dict[str, int] = {}
        codes = _ensure_land_use_codes()
        units = _ensure_units()
        users = _ensure_users(password, units)
        actor = users["canbo.ban"]
        project = _create_project(units, actor)
        areas = _create_areas(project, units, actor)
        chosen = select_parcels(placed, max_parcels, rng)
        parcels, plan = _create_parcels(project, areas, units, codes, chosen, rng, actor)
        remeasure_project_parcels(project_id=project.id)
        counts["land_users"], counts["holdings"] = _create_land_users(
            project, parcels, plan, units, rng, actor
        )
        _create_memberships(project, users, units, actor)
        counts = {
            "parcels": len(parcels),
            "areas": len(areas),
            **counts,
            "communes": project.communes.count(),
            "users": len(users),
        }
    return DemoResult(
        project=project,
        created=True,
        counts=counts,
        seconds=time.monotonic() - started,
        logins=demo_logins(),
    )


def _history(obj, actor):
    obj._history_user = actor
    obj._change_reason = REASON
    obj.save()
    return obj


def _ensure_land_use_codes() -> dict[str, LandUseCode]:
    found = {}
    for code, (name_vi, name_en, group) in LAND_USE_CODES.items():
        found[code], _ = LandUseCode.objects.get_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "group": group}
        )
    return found


def _unit(code, name, level, valid_from, valid_to=None, parent=None, successor=None):
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code=code,
        valid_from=valid_from,
        defaults={
            "name": name,
            "level": level,
            "valid_to": valid_to,
            "parent": parent,
            "successor": successor,
        },
    )
    return unit


def _ensure_units() -> dict[str, AdministrativeUnit]:
    """Keyed by code; the units are shared with other projects, so they are reused if present."""
    code, name, start, end = PROVINCE_NEW
    new_province = _unit(code, name, UnitLevel.PROVINCE, start, end)
    code, name, start, end = PROVINCE_OLD
    old_province = _unit(code, name, UnitLevel.PROVINCE, start, end, successor=new_province)
    units = {new_province.code: new_province, old_province.code: old_province}
    for code, name in NEW_COMMUNES.items():
        units[code] = _unit(code, name, UnitLevel.COMMUNE, MERGER_DAY, parent=new_province)
    for code, name in DISTRICTS.items():
        units[code] = _unit(
            code, name, UnitLevel.DISTRICT, PROVINCE_OLD[2], MERGER_DAY, parent=old_province
        )
    for c in OLD_COMMUNES:
        units[c.code] = _unit(
            c.code,
            c.name,
            UnitLevel.COMMUNE,
            PROVINCE_OLD[2],
            MERGER_DAY,
            parent=units[c.district],
            successor=units[c.successor],
        )
    return units


def _ensure_users(password: str, units) -> dict:
    User = get_user_model()
    users = {}
    for username, _role, family, given in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        # Vietnamese order: family and middle names first, so get_full_name() reads naturally.
        user.first_name, user.last_name = family, given
        user.set_password(password)
        user.save()
        users[username] = user
    return users


def _create_project(units, actor) -> Project:
    corridor = Corridor.default()
    boundary = _clean(corridor.to_lonlat(corridor.band(0, corridor.length)))
    line = corridor.to_lonlat(corridor.centreline())
    project = _history(
        Project(
            code=PROJECT_CODE,
            name=PROJECT_NAME,
            purpose=PROJECT_PURPOSE,
            investor=PROJECT_INVESTOR,
            board=PROJECT_BOARD,
            legal_basis=PROJECT_LEGAL_BASIS,
            province=units[PROVINCE_OLD[0]],
            boundary=_geos(boundary),
            chainage_line=LineString(shapely.get_coordinates(line).tolist(), srid=4326),
            source_srid=SRID,
            cutoff_date=CUTOFF_DATE,
            planned_decision_date=PLANNED_DECISION_DATE,
            rule_packs=RULE_PACKS,
        ),
        actor,
    )
    communes = [units[c.code] for c in OLD_COMMUNES] + [units[c] for c in NEW_COMMUNES]
    project.communes.set(communes)
    return project


def _lower(name: str) -> str:
    """ "Xã Tiến Lợi" → "xã Tiến Lợi" (inside a sentence)."""
    return name[:1].lower() + name[1:]


def _km(metres: float) -> str:
    km, m = divmod(int(round(metres)), 1000)
    return f"Km{km}+{m:03d}"


def _create_areas(project, units, actor) -> list[ProjectArea]:
    corridor = Corridor.default()
    areas = []
    for i, commune in enumerate(OLD_COMMUNES):
        s0, s1 = i * AREA_LENGTH_M, (i + 1) * AREA_LENGTH_M
        successor = NEW_COMMUNES[commune.successor]
        areas.append(
            ProjectArea(
                project=project,
                code=f"{_km(s0)}-{_km(s1)}",
                name=f"{_km(s0)} – {_km(s1)}, {_lower(commune.name)} (nay {_lower(successor)})",
                commune=units[commune.code],
                km_from=Decimal(s0 / 1000).quantize(Decimal("0.001")),
                km_to=Decimal(s1 / 1000).quantize(Decimal("0.001")),
                geom=_geos(_clean(corridor.to_lonlat(corridor.band(s0, s1)))),
            )
        )
    return bulk_create_with_history(
        areas, ProjectArea, default_user=actor, default_change_reason=REASON
    )


@dataclass
class ParcelPlan:
    """What the land-user step needs to know about each parcel (same order as the parcels)."""

    code: str
    area_index: int
    village: str
    has_certificate: bool
    role: str  # private, commune, occupant, nobody, company, pagoda, community


def _create_parcels(project, areas, units, codes, chosen, rng, actor):
    counters: dict[tuple, int] = {}
    blocks: dict[tuple, str] = {}
    sheet_base = {c.code: rng.randint(8, 30) for c in OLD_COMMUNES}
    sheet_dates: dict[tuple, date] = {}
    extract_block = {c.code: rng.randrange(4) for c in OLD_COMMUNES}
    specials = _special_parcels(chosen)
    certificates = Codes(rng)
    parcels, plans = [], []
    for i, p in enumerate(chosen):
        commune = OLD_COMMUNES[p.area_index]
        unit = units[commune.code]
        local_s = p.s - p.area_index * AREA_LENGTH_M
        block = int(local_s // 500)
        extract = block == extract_block[commune.code] and p.t > 20
        if extract:
            kind, sheet = MapKind.EXTRACT, f"TĐ-{block + 1:02d}/2024"
        else:
            kind, sheet = MapKind.CADASTRAL, str(sheet_base[commune.code] + block)
        key = (commune.code, kind, sheet)
        if key not in counters:
            counters[key] = rng.randint(1, 120)
            start = date(2024, 3, 1) if extract else date(2023, 3, 1)
            sheet_dates[key] = start + timedelta(days=rng.randrange(240))
        else:
            counters[key] += rng.choice((1, 1, 1, 2, 3))
        code, role = _land_use(p, i, specials, blocks, commune, rng)
        village = commune.villages[min(2, int(local_s * 3 // AREA_LENGTH_M))]
        legal = _legal_area(p.grid_area, rng)
        has_certificate = role in ("private", "company", "pagoda") and rng.random() < 0.93
        parcels.append(
            Parcel(
                project=project,
                area=areas[p.area_index],
                commune_at_survey=unit,
                survey_date=sheet_dates[key],
                map_kind=kind,
                sheet_no=sheet,
                parcel_no=str(counters[key]),
                land_use=codes[code],
                legal_area_m2=legal,
                # provisional; remeasure_project_parcels computes both in PostGIS below
                geometric_area_m2=Decimal(0),
                recovered_area_m2=Decimal(0),
                certificate_no=certificates.certificate() if has_certificate else "",
                origin=_origin(code, role, rng),
                address=f"{village}, {_lower(commune.name)}, "
                f"{_lower(DISTRICTS[commune.district])}, tỉnh Bình Thuận",
                geom=_geos(p.geom),
                source_srid=SRID,
            )
        )
        plans.append(ParcelPlan(code, p.area_index, village, has_certificate, role))
    parcels = bulk_create_with_history(
        parcels, Parcel, batch_size=1000, default_user=actor, default_change_reason=REASON
    )
    return parcels, plans


def _special_parcels(chosen) -> dict[int, str]:
    """A pagoda near Km3 and a village shrine near Km1, on parcels of a fitting size."""

    def nearest(area_index, low, high, taken):
        ranked = sorted(
            (i for i, p in enumerate(chosen) if i not in taken),
            key=lambda i: (
                chosen[i].area_index != area_index,
                not (low <= chosen[i].grid_area <= high),
                chosen[i].distance,
                i,
            ),
        )
        return ranked[0] if ranked else None

    specials: dict[int, str] = {}
    for area_index, low, high, role in ((1, 800, 5000, "pagoda"), (0, 150, 1500, "community")):
        i = nearest(area_index, low, high, specials)
        if i is not None:
            specials[i] = role
    return specials


def _draw(weights: dict[str, int], rng) -> str:
    names, w = zip(*weights.items(), strict=True)
    return rng.choices(names, w)[0]


def _land_use(p, i, specials, blocks, commune, rng) -> tuple[str, str]:
    if i in specials:
        return ("TON" if specials[i] == "pagoda" else "TIN"), specials[i]
    if rng.random() < 0.015:
        return "BCS", ("nobody" if rng.random() < 0.35 else "occupant")
    # Neighbouring lots share a use: one dominant use per block of ~150 m × 50 m.
    block = (p.area_index, int(p.s // 150), p.t > 0, int(abs(p.t) // 50))
    if block not in blocks:
        blocks[block] = _draw(commune.land_use_weights, rng)
    if abs(p.t) < 40 and p.grid_area < 700 and rng.random() < 0.55:
        code = "ONT"  # houses along the existing road that the new one follows
    elif rng.random() < 0.75:
        code = blocks[block]
    else:
        code = _draw(commune.land_use_weights, rng)
    if code == "NTS" and p.t < 0:
        code = "HNK"  # shrimp ponds only on the seaward side
    if code == "ONT" and p.grid_area > 3000:
        code = "CLN"
    if rng.random() < 0.006:
        return code, "nobody"
    if code == "NTS" and p.grid_area > 1500 and rng.random() < 0.5:
        return code, "company"
    if code in AGRICULTURAL and rng.random() < 0.035:
        return code, "commune"
    return code, "private"


def _legal_area(grid_area: float, rng) -> Decimal:
    if rng.random() < 0.03:  # a few with a real discrepancy, to show the flag
        factor = 1 + rng.choice((-1, 1)) * rng.uniform(0.08, 0.2)
    else:
        factor = 1 + max(-0.03, min(0.03, rng.gauss(0, 0.012)))
    return max(Decimal("1.0"), Decimal(grid_area * factor).quantize(Decimal("0.1")))


ORIGINS = {
    "residential": (
        "Nhà nước giao đất có thu tiền sử dụng đất",
        "Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất",
        "Nhận chuyển nhượng quyền sử dụng đất",
        "Nhận thừa kế quyền sử dụng đất",
    ),
    "agricultural": (
        "Nhà nước giao đất không thu tiền sử dụng đất",
        "Công nhận quyền sử dụng đất như giao đất không thu tiền sử dụng đất",
        "Nhận chuyển nhượng quyền sử dụng đất",
        "Nhận thừa kế quyền sử dụng đất",
    ),
}


def _origin(code: str, role: str, rng) -> str:
    if role == "company":
        return "Nhà nước cho thuê đất trả tiền thuê đất hằng năm"
    if role == "commune":
        return "Đất công ích do UBND xã quản lý"
    if role == "occupant":
        return "Đất chưa sử dụng do UBND xã quản lý; hộ đang sử dụng không có giấy tờ"
    if role == "nobody":
        return "Chưa xác định người sử dụng đất"
    if role == "pagoda":
        return "Công nhận quyền sử dụng đất cho cơ sở tôn giáo"
    if role == "community":
        return "Đất cơ sở tín ngưỡng do cộng đồng dân cư sử dụng"
    return rng.choice(ORIGINS["residential" if code == "ONT" else "agricultural"])


@dataclass
class Draft:
    """A land user before it is written, with its holdings."""

    kind: str
    name: str
    representative: str = ""
    members: int | None = None
    address: str = ""
    phone: str = ""
    person: Person | None = None
    vulnerabilities: list[str] = field(default_factory=list)
    holdings: list[tuple[int, str, Decimal]] = field(default_factory=list)  # parcel idx, tenure, %


def _household(rng, village: str, commune_now: str, *, kind=LandUserKind.HOUSEHOLD) -> Draft:
    person = _person(rng)
    members = rng.choices((1, 2, 3, 4, 5, 6, 7), (6, 12, 20, 26, 18, 10, 8))[0]
    vulnerable = []
    if person.born < 1952 and rng.random() < 0.3:
        members = 1
        vulnerable.append(Vulnerability.ELDERLY)
    if person.female:
        vulnerable.append(Vulnerability.FEMALE_HEADED)
    roll = rng.random()
    if roll < 0.06:
        vulnerable.append(Vulnerability.POOR)
    elif roll < 0.11:
        vulnerable.append(Vulnerability.NEAR_POOR)
    if rng.random() < 0.04:
        vulnerable.append(Vulnerability.DISABLED)
    if rng.random() < 0.04:
        vulnerable.append(Vulnerability.POLICY)
    if person.ethnicity != "Kinh":
        vulnerable.append(Vulnerability.ETHNIC_MINORITY)
    if rng.random() < 0.1:
        address = f"{rng.randint(1, 250)} {rng.choice(ELSEWHERE)}"
    else:
        address = f"{village}, {_lower(commune_now)}, tỉnh Lâm Đồng"
    title = "bà" if person.female else "ông"
    if kind == LandUserKind.INDIVIDUAL:
        name, representative, members = f"{title.capitalize()} {person.name}", "", None
        vulnerable = [v for v in vulnerable if v != Vulnerability.FEMALE_HEADED]
    else:
        name, representative = f"Hộ {title} {person.name}", person.name
    return Draft(
        kind=kind,
        name=name,
        representative=representative,
        members=members,
        address=address,
        phone=_phone(rng),
        person=person,
        vulnerabilities=[str(v) for v in vulnerable],
    )


def _create_land_users(project, parcels, plans, units, rng, actor) -> tuple[int, int]:
    measured = {
        pk: (recovered, legal, geometric)
        for pk, recovered, legal, geometric in Parcel.objects.filter(project=project).values_list(
            "pk", "recovered_area_m2", "legal_area_m2", "geometric_area_m2"
        )
    }
    drafts: list[Draft] = []
    recent: dict[int, list[Draft]] = {}
    singletons: dict[str, Draft] = {}

    def single(key: str, make) -> Draft:
        if key not in singletons:
            singletons[key] = make()
            drafts.append(singletons[key])
        return singletons[key]

    def new_private(plan: ParcelPlan, commune_now: str) -> Draft:
        kind = LandUserKind.INDIVIDUAL if rng.random() < 0.06 else LandUserKind.HOUSEHOLD
        draft = _household(rng, plan.village, commune_now, kind=kind)
        drafts.append(draft)
        recent.setdefault(plan.area_index, []).append(draft)
        return draft

    for idx, plan in enumerate(plans):
        commune = OLD_COMMUNES[plan.area_index]
        commune_now = NEW_COMMUNES[commune.successor]
        role = plan.role
        if role == "nobody":
            continue
        if role == "pagoda":
            pagoda = single(
                "pagoda",
                lambda plan=plan, commune_now=commune_now: Draft(
                    kind=LandUserKind.RELIGIOUS,
                    name="Chùa Phước Hải",
                    representative="Đại đức Thích Minh Tịnh (trụ trì)",
                    address=f"{plan.village}, {_lower(commune_now)}, tỉnh Lâm Đồng",
                    phone=_phone(rng),
                ),
            )
            pagoda.holdings.append((idx, Tenure.CERTIFICATE_HOLDER, Decimal(100)))
        elif role == "community":
            community = single(
                "community",
                lambda plan=plan, commune_now=commune_now: Draft(
                    kind=LandUserKind.COMMUNITY,
                    name=f"Cộng đồng dân cư {_lower(plan.village)}",
                    representative=f"Trưởng thôn {_person(rng, female=False).name}",
                    address=f"{plan.village}, {_lower(commune_now)}, tỉnh Lâm Đồng",
                    phone=_phone(rng),
                ),
            )
            community.holdings.append((idx, Tenure.WITHOUT_CERTIFICATE, Decimal(100)))
        elif role == "commune":
            ubnd = single(
                f"commune-{commune.successor}",
                lambda plan=plan, commune_now=commune_now: Draft(
                    kind=LandUserKind.COMMUNE,
                    name=f"Ủy ban nhân dân {_lower(commune_now)}",
                    representative=f"Chủ tịch UBND: {_person(rng, ethnicity='Kinh').name}",
                    address=f"Trụ sở UBND {_lower(commune_now)}, tỉnh Lâm Đồng",
                    phone="0252" + "".join(rng.choices("0123456789", k=7)),
                ),
            )
            ubnd.holdings.append((idx, Tenure.WITHOUT_CERTIFICATE, Decimal(100)))
        elif role == "company":
            company = single(
                "company",
                lambda: Draft(
                    kind=LandUserKind.ORGANISATION,
                    name="Công ty TNHH Nuôi trồng Thủy sản Biển Xanh Kê Gà",
                    representative=f"Giám đốc {_person(rng, female=False).name}",
                    address="Thôn Kê Gà, xã Tân Thành, tỉnh Lâm Đồng",
                    phone="0252" + "".join(rng.choices("0123456789", k=7)),
                ),
            )
            company.holdings.append((idx, Tenure.LESSEE, Decimal(100)))
        elif role == "occupant":
            occupant = _household(rng, plan.village, commune_now, kind=LandUserKind.OCCUPANT)
            drafts.append(occupant)
            occupant.holdings.append((idx, Tenure.WITHOUT_CERTIFICATE, Decimal(100)))
        else:
            pool = recent.get(plan.area_index, [])[-6:]
            if pool and rng.random() < 0.35:
                owner = rng.choice(pool)
            else:
                owner = new_private(plan, commune_now)
            if rng.random() < 0.09:  # inherited jointly: two households, half each
                other = new_private(plan, commune_now)
                owner.holdings.append((idx, Tenure.CO_USER, Decimal(50)))
                other.holdings.append((idx, Tenure.CO_USER, Decimal(50)))
            elif plan.has_certificate and rng.random() < 0.03:
                owner.holdings.append((idx, Tenure.LESSEE, Decimal(100)))  # leased from the State
            elif plan.has_certificate:
                owner.holdings.append((idx, Tenure.CERTIFICATE_HOLDER, Decimal(100)))
            else:
                owner.holdings.append((idx, Tenure.WITHOUT_CERTIFICATE, Decimal(100)))

    drafts = [d for d in drafts if d.holdings]
    lookup = Codes(rng)
    codes = [lookup.lookup_code() for _ in drafts]
    while clash := set(  # codes other projects already use: draw again
        LandUser.objects.filter(lookup_code__in=codes).values_list("lookup_code", flat=True)
    ):
        codes = [lookup.lookup_code() if c in clash else c for c in codes]
    land_users = []
    for d, code in zip(drafts, codes, strict=True):
        # Loses most of a residential plot and has no other one in the commune (made up: 1 in 4).
        eligible = (
            d.kind in (LandUserKind.HOUSEHOLD, LandUserKind.INDIVIDUAL)
            and any(
                plans[i].code == "ONT"
                and measured[parcels[i].pk][0] >= Decimal("0.7") * measured[parcels[i].pk][2]
                for i, _t, _s in d.holdings
            )
            and rng.random() < 0.25
        )
        land_users.append(
            LandUser(
                project=project,
                kind=d.kind,
                name=d.name,
                representative=d.representative,
                members=d.members,
                address=d.address,
                phone=d.phone,
                lookup_code=code,
                resettlement_eligible=eligible,
            )
        )
    land_users = bulk_create_with_history(
        land_users, LandUser, batch_size=1000, default_user=actor, default_change_reason=REASON
    )
    ids = Codes(rng)
    sensitive, holdings = [], []
    for d, lu in zip(drafts, land_users, strict=True):
        if d.person is not None and d.kind in (LandUserKind.HOUSEHOLD, LandUserKind.INDIVIDUAL):
            sensitive.append(
                LandUserSensitive(
                    land_user=lu,
                    citizen_id=ids.citizen_id(d.person),
                    ethnicity=d.person.ethnicity,
                    vulnerabilities=d.vulnerabilities,
                    health_notes="Khuyết tật vận động, cần hỗ trợ đi lại"
                    if Vulnerability.DISABLED in d.vulnerabilities
                    else "",
                    bank_account=f"Agribank {rng.randrange(10**12, 10**13)}"
                    if rng.random() < 0.5
                    else "",
                )
            )
        for i, tenure, share in d.holdings:
            recovered, legal, _geometric = measured[parcels[i].pk]
            holdings.append(
                Holding(
                    land_user=lu,
                    parcel=parcels[i],
                    tenure=tenure,
                    share_pct=share,
                    affected_area_m2=min(recovered, legal),
                )
            )
    bulk_create_with_history(
        sensitive,
        LandUserSensitive,
        batch_size=1000,
        default_user=actor,
        default_change_reason=REASON,
    )
    bulk_create_with_history(
        holdings, Holding, batch_size=1000, default_user=actor, default_change_reason=REASON
    )
    return len(land_users), len(holdings)


def _create_memberships(project, users, units, actor) -> None:
    for username, role, _family, _given in DEMO_USERS:
        commune = units[OFFICIAL_COMMUNE] if role == Role.COMMUNE_OFFICIAL else None
        _history(
            ProjectMembership(user=users[username], project=project, role=role, commune=commune),
            actor,
        )
    from .management.commands.demo_login import USERNAME

    demo = get_user_model().objects.filter(username=USERNAME).first()
    if demo is not None:
        _history(ProjectMembership(user=demo, project=project, role=Role.BOARD_STAFF), actor)
