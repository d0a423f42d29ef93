"""A benchmark project of N parcels made of real parcel shapes, with land users, cases and
consultation histories, written in bulk (psycopg COPY) into the bench database.

Shapes: the French cadastre of Paris 18e (6,821 parcels) and Épinay-sur-Orge (4,241 parcels),
"DGFiP / Etalab, cadastre 2022, Licence Ouverte 2.0" (../shared/data/README.md). Each file is
projected to Lambert-93 (metres); copies of the two patterns are laid side by side on a grid with
a gap between copies (so no two copies overlap), the grid is placed in Bình Thuận in VN-2000 /
TM-3 108-30 (EPSG:9218) and stored in EPSG:4326. Everything Vietnamese on top (communes, sheets,
parcel numbers, land uses, households, events) is made up, deterministically from the seed.

The project is written in one transaction: a project with the bench code exists only complete.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import shapely
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction
from django.utils import timezone
from pyproj import Transformer

from consultations.models import Case, Event
from consultations.projection import bump_version, case_facts, refresh_project_parcel_stages
from consultations.rules.stages import RANK, intervals
from landcases.geometry import remeasure_project_parcels
from landcases.models import (
    AdministrativeUnit,
    CompensationPlan,
    LandUseCode,
    Project,
    ProjectArea,
    ProjectMembership,
    Role,
    UnitLevel,
)

ATTRIBUTION = "DGFiP / Etalab, cadastre 2022, Licence Ouverte 2.0"
SOURCES = ("cadastre-75118-parcelles.json", "cadastre-91216-parcelles.json")
SRID = 9218  # VN-2000 / TM-3 108-30 (Bình Thuận)
ORIGIN_LONLAT = (107.93, 11.02)  # south-west corner of the layout (Hàm Thuận Bắc, inland)
GAP_M = 150.0  # between copies on the grid
SEED = 2026_11_28
PARCELS_PER_AREA = 3000  # → 20–50 areas (clamped)
BOARD_USER, FRONT_USER = "bench.ban", "bench.mttq"
UNIT_FROM, UNIT_TO = date(1992, 1, 1), date(2025, 7, 1)  # communes merged on 1 Jul 2025
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

COMMUNES = (  # real Bình Thuận commune names (before the 2025 merger); codes are made up
    "Hàm Chính",
    "Hàm Liêm",
    "Hàm Thắng",
    "Hàm Hiệp",
    "Hàm Phú",
    "Hàm Trí",
    "Hàm Đức",
    "Hồng Sơn",
    "Hồng Liêm",
    "Thuận Hòa",
    "Thuận Minh",
    "Đông Tiến",
    "Đông Giang",
    "La Dạ",
    "Đa Mi",
    "Hàm Minh",
    "Hàm Kiệm",
    "Hàm Cường",
    "Hàm Mỹ",
    "Mương Mán",
    "Hàm Thạnh",
    "Tân Lập",
    "Tân Thuận",
    "Thuận Quý",
)
FAMILY = (
    ["Nguyễn"] * 30
    + ["Trần"] * 11
    + ["Lê"] * 10
    + ["Phạm"] * 7
    + "Huỳnh Võ Phan Đặng Bùi Đỗ Ngô Hồ Dương Trương Đàng Thông Quảng".split()  # noqa: SIM905
)
MIDDLE = ("Văn", "Văn", "Thị", "Thị", "Minh", "Đức", "Ngọc", "Thanh", "Hữu", "Kim")
GIVEN = (  # noqa: SIM905
    "An Bình Cường Dũng Hải Hùng Khánh Long Minh Nam Phong Phúc Quang Sơn Tâm Thắng Toàn Trung "
    "Tuấn Việt Anh Bích Cúc Dung Hà Hạnh Hằng Hoa Hồng Hương Lan Liên Linh Mai Nga Thảo Trang"
).split()
LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PRICE_VND_M2 = {"ONT": 4_200_000, "CLN": 260_000, "HNK": 210_000, "LUC": 230_000}
CONCERNS = {
    "disagree": (
        "Đơn giá bồi thường đất thấp hơn giá chuyển nhượng thực tế",
        "Diện tích kiểm đếm tài sản chưa đúng thực tế",
        "Đề nghị được bố trí tái định cư tại chỗ",
    ),
    "other": ("Đề nghị bàn giao mặt bằng sau vụ thu hoạch", "Đề nghị chi trả qua ngân hàng"),
}
OFFICIALS = ["board", "commune_pc", "fatherland_front", "investor", "land_office"]
SIGNATORIES = ["board", "commune_pc", "fatherland_front", "household_representatives"]

# How far each area has got (0 notified … 7 handed over), furthest first along the grid, and the
# day (after the area's start) its last step ends.
LEVEL_SHARES = (0.07, 0.12, 0.08, 0.18, 0.08, 0.07, 0.12, 0.28)
LEVEL_END_DAY = (50, 185, 215, 285, 305, 330, 370, 420)
LEVEL_NAMES = (
    "notified",
    "inventory",
    "plan posted",
    "consulted",
    "approved",
    "decided",
    "paid",
    "handed over",
)

EVENT_COLUMNS = (
    "id",
    "project_id",
    "kind",
    "subject_type",
    "case_id",
    "area_id",
    "plan_id",
    "happened_on",
    "recorded_at",
    "recorded_by_id",
    "payload",
    "root_id",
    "supersedes_id",
    "is_void",
    "correction_reason",
    "warnings",
)


def project_code(parcels: int) -> str:
    return f"bench-{parcels}"


def shared_data_dir() -> Path:
    env = os.environ.get("SHARED_DATA_DIR")
    return Path(env) if env else Path(settings.BASE_DIR).parent / "shared" / "data"


# ---------------------------------------------------------------------------------------------
# Plumbing


class Phases:
    """Times each phase and prints it as it ends."""

    def __init__(self, log):
        self.log = log
        self.times: dict[str, float] = {}
        self.started = time.monotonic()

    def run(self, name: str, fn, *args, **kwargs):
        t0 = time.monotonic()
        result = fn(*args, **kwargs)
        seconds = time.monotonic() - t0
        self.times[name] = seconds
        detail = result if isinstance(result, str) else ""
        if isinstance(result, tuple) and result and isinstance(result[-1], str):
            detail = result[-1]
        self.log(f"[generate] {name:<22} {seconds:7.1f} s  {detail}")
        return result

    def total(self) -> float:
        return time.monotonic() - self.started


def reserve_ids(table: str, n: int) -> int:
    """Take n consecutive ids from the table's sequence (we hold the only writer)."""
    with connection.cursor() as cur:
        cur.execute("select pg_get_serial_sequence(%s, 'id')", [table])
        (seq,) = cur.fetchone()
        cur.execute("select nextval(%s)", [seq])
        (first,) = cur.fetchone()
        if n > 1:
            cur.execute("select setval(%s, %s)", [seq, first + n - 1])
    return first


def copy_rows(table: str, columns, rows) -> int:
    count = 0
    with connection.cursor() as cur:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cur.cursor.copy(sql) as cp:
            for row in rows:
                cp.write_row(row)
                count += 1
    return count


def analyze(*tables: str) -> None:
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"analyze {t}")


# ---------------------------------------------------------------------------------------------
# Shapes and layout


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
        path = shared_data_dir() / "cadastre-fr" / name
        if not path.is_file():
            raise SystemExit(
                f"[generate] missing {path}: put the shared data beside the repository "
                "(../shared/data) or set SHARED_DATA_DIR"
            )
        features = [
            f
            for f in json.loads(path.read_text(encoding="utf-8"))["features"]
            if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")
        ]
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


def _geos(geom) -> GEOSGeometry:
    return GEOSGeometry(shapely.to_wkb(geom, hex=True), srid=4326)


# ---------------------------------------------------------------------------------------------
# Registers


@dataclass
class Bench:
    project: Project
    board: object
    front: object
    areas: list[ProjectArea]
    communes: list[AdministrativeUnit]
    first_parcel: int = 0
    land_use: np.ndarray = field(default_factory=lambda: np.array([]))
    # per case: (case id, area index, sheet, amount in VND, affected m²)
    cases: list[tuple[int, int, str, int, float]] = field(default_factory=list)
    plans: dict[int, int] = field(default_factory=dict)  # area index → plan id
    centroids: list[tuple[float, float]] = field(default_factory=list)  # per area, lon/lat


def _units(copies: int) -> tuple[AdministrativeUnit, list[AdministrativeUnit]]:
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="BT60",
        valid_from=UNIT_FROM,
        defaults={"name": "Tỉnh Bình Thuận", "level": UnitLevel.PROVINCE, "valid_to": UNIT_TO},
    )
    district, _ = AdministrativeUnit.objects.get_or_create(
        code="BT589",
        valid_from=UNIT_FROM,
        defaults={
            "name": "Huyện Hàm Thuận Bắc",
            "level": UnitLevel.DISTRICT,
            "valid_to": UNIT_TO,
            "parent": province,
        },
    )
    communes = []
    for k in range(copies):
        name = COMMUNES[k % len(COMMUNES)]
        if k >= len(COMMUNES):
            name = f"{name} {k // len(COMMUNES) + 1}"
        unit, _ = AdministrativeUnit.objects.get_or_create(
            code=f"BT{k + 1:03d}",
            valid_from=UNIT_FROM,
            defaults={
                "name": f"Xã {name}",
                "level": UnitLevel.COMMUNE,
                "valid_to": UNIT_TO,
                "parent": district,
            },
        )
        communes.append(unit)
    return province, communes


def _user(username: str, first: str, last: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def create_registers(n: int, layout: Layout, lonlat: np.ndarray) -> tuple[Bench, str]:
    province, communes = _units(layout.copies)
    board = _user(BOARD_USER, "Trần Thị Thu", "Hà")
    front = _user(FRONT_USER, "Phạm Minh", "Tâm")
    hull = shapely.convex_hull(shapely.union_all(shapely.convex_hull(layout.grid)))
    boundary = to_lonlat(np.array([hull.buffer(1.0)]))[0]
    project = Project.objects.create(
        code=project_code(n),
        name=f"Dự án đo hiệu năng ({n:,} thửa)".replace(",", "."),
        purpose=(
            f"Dữ liệu đo hiệu năng (bench/): {n} thửa đất. Hình thể thửa đất là dữ liệu thật "
            "của bản đồ địa chính Pháp (Paris 18e, Épinay-sur-Orge), nguồn: "
            f"« {ATTRIBUTION} », đã được chiếu, lặp lại theo lưới và dịch chuyển về tỉnh "
            "Bình Thuận (VN-2000 / TM-3 108-30). Mọi thông tin khác là giả định.\n"
            f"Benchmark data: real parcel shapes ({ATTRIBUTION}) tiled into place; "
            "everything else is made up."
        ),
        investor="Chủ đầu tư (giả định)",
        board="Ban bồi thường, hỗ trợ, tái định cư (giả định)",
        province=province,
        boundary=_geos(shapely.MultiPolygon([boundary])),
        source_srid=SRID,
        cutoff_date=date(2024, 4, 1),
        rule_packs=["vn-2024", "democracy-3406", "complaints-2011"],
    )
    project.communes.set(communes)
    ProjectMembership.objects.create(user=board, project=project, role=Role.BOARD_STAFF)
    ProjectMembership.objects.create(user=front, project=project, role=Role.FRONT_SUPERVISOR)

    areas, centroids = [], []
    for a, k in enumerate(layout.area_copy):
        members = layout.grid[layout.area_of == a]
        # The outline: the parcels' union with the streets between them closed (±8 m).
        outline = shapely.union_all(shapely.buffer(members, 8.0, quad_segs=2))
        outline = shapely.simplify(shapely.buffer(outline, -8.0, quad_segs=2), 1.0)
        outline = multipolygons(to_lonlat(np.array([outline])))[0]
        c = outline.centroid
        centroids.append((round(c.x, 6), round(c.y, 6)))
        j = a - layout.area_copy.index(k)
        areas.append(
            ProjectArea(
                project=project,
                code=f"K{k + 1:02d}.{j + 1}",
                name=f"Khu {k + 1:02d}.{j + 1}, {communes[k].name.lower()}",
                commune=communes[k],
                geom=_geos(outline),
            )
        )
    areas = ProjectArea.objects.bulk_create(areas)
    bench = Bench(project, board, front, areas, communes, centroids=centroids)
    return bench, f"project {project.code}, {len(areas)} areas, {layout.copies} copies"


def _land_uses(grid_area: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    known = set(LandUseCode.objects.values_list("code", flat=True))
    missing = set(PRICE_VND_M2) - known
    if missing:
        raise SystemExit(f"[generate] land-use codes missing from LandUseCode: {missing}")
    small = rng.choice(["ONT", "CLN"], size=len(grid_area), p=[0.7, 0.3])
    mid = rng.choice(["CLN", "HNK", "ONT", "LUC"], size=len(grid_area), p=[0.4, 0.3, 0.15, 0.15])
    large = rng.choice(["LUC", "HNK", "CLN"], size=len(grid_area), p=[0.5, 0.3, 0.2])
    return np.where(grid_area < 400, small, np.where(grid_area < 3000, mid, large))


def write_parcels(bench: Bench, layout: Layout, lonlat: np.ndarray, seed: int) -> str:
    rng = np.random.default_rng(seed)
    prng = random.Random(seed)
    n = len(lonlat)
    grid_area = shapely.area(layout.grid)
    legal = np.where(layout.legal > 0, layout.legal, np.maximum(1.0, np.round(grid_area)))
    bench.land_use = _land_uses(grid_area, rng)
    hexes = ewkb_hex(lonlat)
    first = reserve_ids("landcases_parcel", n)
    bench.first_parcel = first
    survey: dict[str, date] = {}
    counters: Counter = Counter()
    project_id = bench.project.id

    def rows():
        for i in range(n):
            sheet = layout.sheet[i]
            if sheet not in survey:
                survey[sheet] = date(2022, 3, 1) + timedelta(days=prng.randrange(600))
            counters[sheet] += 1
            k = int(layout.copy_of[i])
            commune = bench.communes[k]
            yield (
                first + i,
                project_id,
                bench.areas[int(layout.area_of[i])].id,
                commune.id,
                survey[sheet],
                "cadastral",
                sheet,
                str(counters[sheet]),
                str(bench.land_use[i]),
                Decimal(f"{legal[i]:.1f}"),
                Decimal(0),  # both set by remeasure_project_parcels below
                Decimal(0),
                f"CS {prng.randrange(10**6):06d}" if prng.random() < 0.8 else "",
                "Nhận chuyển nhượng quyền sử dụng đất",
                f"Thôn {1 + i % 7}, {commune.name.lower()}, huyện Hàm Thuận Bắc, tỉnh Bình Thuận",
                hexes[i],
                SRID,
            )

    columns = (
        "id",
        "project_id",
        "area_id",
        "commune_at_survey_id",
        "survey_date",
        "map_kind",
        "sheet_no",
        "parcel_no",
        "land_use_id",
        "legal_area_m2",
        "geometric_area_m2",
        "recovered_area_m2",
        "certificate_no",
        "origin",
        "address",
        "geom",
        "source_srid",
    )
    count = copy_rows("landcases_parcel", columns, rows())
    analyze("landcases_parcel")
    return f"{count} parcels ({len(survey)} sheets)"


def _name(rng: random.Random) -> tuple[str, bool]:
    middle = rng.choice(MIDDLE)
    female = middle in ("Thị", "Kim") or (middle == "Ngọc" and rng.random() < 0.5)
    return f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}", female


def write_people(bench: Bench, layout: Layout, seed: int) -> str:
    """Land users (~0.9 per parcel), holdings and one case per land user."""
    rng = random.Random(seed + 1)
    project_id = bench.project.id
    first = bench.first_parcel
    with connection.cursor() as cur:
        cur.execute(
            "select id, recovered_area_m2, legal_area_m2 from landcases_parcel "
            "where project_id = %s",
            [project_id],
        )
        measured = {pid: min(rec, leg) for pid, rec, leg in cur.fetchall()}
    users: list[dict] = []  # kind, area, sheet, holdings [(parcel index, tenure, share)]
    recent: dict[int, list[int]] = defaultdict(list)

    def new_user(area: int, sheet: str) -> int:
        roll = rng.random()
        kind = (
            "household"
            if roll < 0.90
            else "individual"
            if roll < 0.96
            else "occupant"
            if roll < 0.98
            else "organisation"
        )
        users.append({"kind": kind, "area": area, "sheet": sheet, "holdings": []})
        recent[area].append(len(users) - 1)
        return len(users) - 1

    for i in range(len(layout.grid)):
        if rng.random() < 0.04:
            continue  # nobody: public or unclaimed land
        area, sheet = int(layout.area_of[i]), layout.sheet[i]
        if rng.random() < 0.08:  # inherited jointly: two co-users, half each
            a, b = new_user(area, sheet), new_user(area, sheet)
            users[a]["holdings"].append((i, "co_user", 50))
            users[b]["holdings"].append((i, "co_user", 50))
            continue
        pool = recent[area][-6:]
        owner = rng.choice(pool) if pool and rng.random() < 0.15 else new_user(area, sheet)
        roll = rng.random()
        tenure = "certificate" if roll < 0.8 else "no_certificate" if roll < 0.97 else "lessee"
        users[owner]["holdings"].append((i, tenure, 100))

    n_users = len(users)
    first_user = reserve_ids("landcases_landuser", n_users)
    prefix = "".join(LOOKUP_ALPHABET[(project_id // 32**j) % 32] for j in (1, 0))
    seen: set[str] = set()

    def lookup() -> str:
        while True:
            code = prefix + "".join(rng.choices(LOOKUP_ALPHABET, k=8))
            if code not in seen:
                seen.add(code)
                return code

    def user_rows():
        for u_i, u in enumerate(users):
            name, female = _name(rng)
            kind = u["kind"]
            title = "bà" if female else "ông"
            if kind == "organisation":
                display, rep, members = f"Công ty TNHH {name.split()[-1]} {u_i}", name, None
            elif kind == "individual":
                display, rep, members = f"{title.capitalize()} {name}", "", None
            else:
                display, rep, members = f"Hộ {title} {name}", name, rng.randint(1, 7)
            codes = [str(bench.land_use[i]) for i, _t, _s in u["holdings"]]
            eligible = kind in ("household", "individual") and "ONT" in codes
            yield (
                first_user + u_i,
                project_id,
                kind,
                display,
                rep,
                members,
                f"{u['sheet']}, tỉnh Bình Thuận",
                "09" + "".join(rng.choices("0123456789", k=8)) if rng.random() < 0.9 else "",
                lookup(),
                eligible and rng.random() < 0.25,
            )

    copy_rows(
        "landcases_landuser",
        (
            "id",
            "project_id",
            "kind",
            "name",
            "representative",
            "members",
            "address",
            "phone",
            "lookup_code",
            "resettlement_eligible",
        ),
        user_rows(),
    )
    n_holdings = sum(len(u["holdings"]) for u in users)
    first_holding = reserve_ids("landcases_holding", n_holdings)

    def holding_rows():
        h = first_holding
        for u_i, u in enumerate(users):
            for i, tenure, share in u["holdings"]:
                yield (h, first_user + u_i, first + i, tenure, share, measured[first + i])
                h += 1

    copy_rows(
        "landcases_holding",
        ("id", "land_user_id", "parcel_id", "tenure", "share_pct", "affected_area_m2"),
        holding_rows(),
    )
    # One case per land user (cases_ensure does the same, row by row through the ORM).
    first_case = reserve_ids("consultations_case", n_users)
    copy_rows(
        "consultations_case",
        ("id", "project_id", "land_user_id", "stage", "stage_rank", "opinion", "overlays"),
        (
            (first_case + u_i, project_id, first_user + u_i, "identified", 0, "", [])
            for u_i in range(n_users)
        ),
    )
    for u_i, u in enumerate(users):
        amount = sum(
            float(measured[first + i]) * share / 100 * PRICE_VND_M2[str(bench.land_use[i])]
            for i, _t, share in u["holdings"]
        )
        affected = sum(float(measured[first + i]) * share / 100 for i, _t, share in u["holdings"])
        bench.cases.append(
            (first_case + u_i, u["area"], u["sheet"], max(1_000_000, round(amount, -3)), affected)
        )
    analyze("landcases_landuser", "landcases_holding", "consultations_case")
    return (
        f"{n_users} land users ({n_users / len(layout.grid):.2f}/parcel), "
        f"{n_holdings} holdings, {n_users} cases"
    )


# ---------------------------------------------------------------------------------------------
# Histories


class History:
    """Events of the whole project, as rows for COPY, with ids taken in order."""

    def __init__(self, bench: Bench, first_id: int, seed: int):
        self.bench = bench
        self.rng = random.Random(seed + 2)
        self.next_id = first_id
        self.rows: list[tuple] = []
        self.today = timezone.localdate()
        self.now = timezone.now() - timedelta(minutes=5)
        self.seq: Counter = Counter()
        self.by_kind: Counter = Counter()

    def day(self, d: date, plus: int = 0) -> date:
        return min(self.today, d + timedelta(days=plus))

    def recorded(self, on: date, *, later_days: int = 0) -> datetime:
        at = datetime.combine(on, dtime(7, 30), TZ) + timedelta(
            days=later_days, minutes=self.rng.randrange(0, 2 * 24 * 60)
        )
        return min(at, self.now)

    def number(self, series: str, suffix: str) -> str:
        self.seq[series] += 1
        return f"{self.seq[series]}/{suffix}"

    def add(
        self,
        kind: str,
        on: date,
        payload: dict,
        *,
        case: int | None = None,
        area: int | None = None,
        plan: int | None = None,
        by=None,
        root: int | None = None,
        supersedes: int | None = None,
        void: bool = False,
        reason: str = "",
        recorded_at: datetime | None = None,
    ) -> int:
        event_id = self.next_id
        self.next_id += 1
        subject = "case" if case else "area" if area else "plan" if plan else "project"
        self.rows.append(
            (
                event_id,
                self.bench.project.id,
                kind,
                subject,
                case,
                None if case else area,
                plan,
                on,
                recorded_at or self.recorded(on),
                (by or self.bench.board).id,
                json.dumps(payload, ensure_ascii=False),
                root,
                supersedes,
                void,
                reason,
                "[]",
            )
        )
        self.by_kind[kind] += 1
        return event_id

    # -- one area ---------------------------------------------------------------------------

    def sessions(self, cases: list, size: int) -> list[list]:
        by_sheet: dict[str, list] = defaultdict(list)
        for c in cases:
            by_sheet[c[2]].append(c)
        out = []
        for members in by_sheet.values():
            n = math.ceil(len(members) / size)
            out.extend(
                members[j * len(members) // n : (j + 1) * len(members) // n] for j in range(n)
            )
        return out

    def meeting(self, a: int, kind: str, on: date, attendees: list, *, plan=None) -> int:
        lng, lat = self.bench.centroids[a]
        payload = {
            "meeting_kind": kind,
            "place": [lng, lat],
            "place_name": f"Nhà văn hóa thôn, {self.bench.areas[a].code}",
            "officials": OFFICIALS,
            "signatories": SIGNATORIES,
            "cases": sorted(c[0] for c in attendees),
            "plan": plan,
        }
        return self.add("meeting", on, payload, area=self.bench.areas[a].id)

    def posting(self, a: int, on: date, what: str, *, plan=None, days: int = 30) -> int:
        area = self.bench.areas[a].id
        payload = {"what": what, "place": "Nhà văn hóa các thôn", "plan": plan}
        posted = self.add("posting_started", on, payload, area=area)
        if on + timedelta(days=days) <= self.today:
            self.add("posting_ended", on + timedelta(days=days), {"posting": posted}, area=area)
        return posted

    def area_story(self, a: int, level: int, cases: list) -> None:
        rng, area_id = self.rng, self.bench.areas[a].id
        start = self.today - timedelta(days=LEVEL_END_DAY[level] + rng.randint(5, 60))
        frontier = rng.uniform(0.5, 1.0)  # share done of the area's current step

        def share(step: int) -> float:
            return frontier if level == step else 1.0

        # Dissemination, notice, postings, deliveries (or publication).
        for j, group in enumerate(self.sessions(cases, 80)):
            present = [c for c in group if rng.random() < 0.8] or group[:1]
            self.meeting(a, "dissemination", self.day(start, j // 3), present)
        notice_on = start + timedelta(days=14)
        notice = self.add(
            "notice_issued", notice_on, {"number": self.number("notice", "TB-UBND")}, area=area_id
        )
        self.posting(a, self.day(notice_on, 1), "notice")
        self.posting(a, self.day(notice_on, 1), "land_user_list")
        reached = cases[: round(len(cases) * share(0))]
        methods, weights = ("in_person", "via_commune", "post", "refused_minutes"), (78, 12, 6, 4)
        for k, c in enumerate(reached):
            if rng.random() < 0.015:
                self.add(
                    "notice_published",
                    self.day(notice_on, 34),
                    {"newspaper_issues": 3, "radio_broadcasts": 3},
                    case=c[0],
                )
                continue
            method = rng.choices(methods, weights)[0]
            self.add(
                "notice_delivered",
                self.day(notice_on, 2 + 28 * k // max(1, len(reached))),
                {"method": method, "signed": method != "refused_minutes", "notice": notice},
                case=c[0],
            )
        if level < 1:
            return

        # Inventory: land, then structures and crops; a few refuse, are persuaded or compelled.
        visited = cases[: round(len(cases) * share(1))]
        for k, c in enumerate(visited):
            on = self.day(start, 60 + 110 * k // max(1, len(visited)))
            if rng.random() < 0.006:
                self.add("inventory_refused", on, {}, case=c[0])
                begun = self.day(on, 5)
                self.add(
                    "persuasion",
                    begun,
                    {"ended_on": self.day(begun, 15).isoformat(), "by": ["board", "commune_pc"]},
                    case=c[0],
                )
                if rng.random() < 0.5:
                    self.add(
                        "compulsory_inventory",
                        self.day(begun, 31),
                        {"number": self.number("compulsory", "QĐ-UBND")},
                        case=c[0],
                    )
                    continue
                on = self.day(begun, 18)
            for part in ("land", "assets"):
                signed = rng.random() > 0.02
                payload = {"participated": True, "signed": signed, "part": part}
                self.add("inventory_done", on, payload, case=c[0])
                on = self.day(on, rng.randint(0, 6))
        if level < 2:
            return

        # Prices and the draft plan posted 30 days.
        plan = self.bench.plans.get(a)
        for what in ("land_prices", "asset_prices", "resettlement_plan"):
            self.posting(a, self.day(start, 190), what)
        self.posting(a, self.day(start, 200), "draft_plan", plan=plan)
        if level < 3:
            return

        # Consultation meetings with each attendee's opinion; absentees write in (half of them).
        n = len(cases)
        order = rng.sample(cases, n)
        opinion = {}
        for k, c in enumerate(order):
            opinion[c[0]] = (
                "disagree"
                if k < 0.15 * n
                else "other"
                if k < 0.19 * n
                else "no_opinion"
                if k < 0.20 * n
                else "agree"
            )
        absent = {c[0] for c in rng.sample(cases, round(0.12 * n))}
        last = start
        for j, group in enumerate(self.sessions(cases, 80)):
            present = [c for c in group if c[0] not in absent]
            if not present:
                continue
            on = self.day(start, 232 + j // 2)
            last = max(last, on)
            meeting = self.meeting(a, "consultation", on, present, plan=plan)
            for c in present:
                o = opinion[c[0]]
                self.add(
                    "opinion",
                    on,
                    {
                        "opinion": o,
                        "channel": "meeting",
                        "meeting": meeting,
                        "concerns": rng.choice(CONCERNS[o]) if o in CONCERNS else "",
                    },
                    case=c[0],
                )
        for c in cases:
            if c[0] in absent:
                if rng.random() < 0.5:
                    o = opinion[c[0]]
                    self.add(
                        "opinion",
                        self.day(last, rng.randint(1, 10)),
                        {"opinion": o, "channel": "written", "concerns": "", "plan": plan},
                        case=c[0],
                    )
                else:
                    opinion[c[0]] = ""
        # Dialogues with most objectors.
        objectors = [c for c in cases if opinion[c[0]] == "disagree"]
        chosen = rng.sample(objectors, round(len(objectors) * (0.6 if level == 3 else 0.85)))
        for j, group in enumerate(self.sessions(chosen, 15)):
            on = self.day(start, 262 + j // 3)
            meeting = self.meeting(a, "dialogue", on, group, plan=plan)
            for c in group:
                o = rng.choices(("agree", "other", "disagree"), (50, 15, 35))[0]
                opinion[c[0]] = o
                payload = {
                    "opinion": o,
                    "channel": "meeting",
                    "meeting": meeting,
                    "concerns": rng.choice(CONCERNS[o]) if o in CONCERNS else "",
                }
                self.add("dialogue_outcome", on, payload, case=c[0])
        if level < 4:
            return

        # Plan approved (in batches of decisions), recovery decided, paid, handed over.
        approved = cases[: round(n * min(0.95, share(4)))]
        decided = approved[: round(len(approved) * share(5))]
        decided_ids = {c[0] for c in decided}
        for j, group in enumerate(self.sessions(approved, 300)):
            number = self.number("approval", "QĐ-UBND")
            on = self.day(start, 300 + j)
            for c in group:
                self.add("plan_approved", on, {"number": number}, case=c[0])
                if level >= 5 and c[0] in decided_ids:
                    self.add(
                        "recovery_decided",
                        self.day(on, 25),
                        {"number": self.number("recovery", "QĐ-UBND"), "approval": number},
                        case=c[0],
                    )
        if level < 6:
            return
        payable = [
            c
            for c in decided
            if not (opinion[c[0]] == "disagree" and rng.random() < 0.8) and rng.random() > 0.03
        ]
        paid_in_full = []
        for c in payable[: round(len(payable) * share(6))]:
            on = self.day(start, 335 + rng.randint(0, 20))
            installments = rng.choices((1, 2, 3), (35, 45, 20))[0]
            full = rng.random() > 0.02
            amount = c[3]
            for k in range(installments):
                last_one = k == installments - 1
                part = (
                    amount - (installments - 1) * (amount // installments)
                    if last_one
                    else (amount // installments)
                )
                payload = {
                    "in_full": full and last_one,
                    "amount_vnd": int(part),
                    "receipt": self.number("receipt", "PC"),
                }
                self.add("payment", on, payload, case=c[0])
                on = self.day(on, rng.randint(7, 20))
            if full:
                paid_in_full.append((c, on))
        if level < 7:
            return
        for c, paid_on in paid_in_full:
            if rng.random() < 0.85:
                self.add(
                    "handover",
                    self.day(paid_on, rng.randint(7, 45)),
                    {"affected_area_m2": round(c[4], 1)},
                    case=c[0],
                )

    def supervise(self, a: int) -> None:
        area_id, on = self.bench.areas[a].id, self.today - timedelta(days=self.rng.randint(30, 90))
        finding = self.add(
            "supervision",
            on,
            {"finding_kind": "recommendation", "text": "Đề nghị rà soát đơn giá bồi thường."},
            area=area_id,
            by=self.bench.front,
        )
        self.add(
            "supervision_response",
            self.day(on, 10),
            {"finding": finding, "text": "Đã rà soát đơn giá.", "resolves": True},
            area=area_id,
        )

    # -- corrections ------------------------------------------------------------------------

    def corrections(self) -> int:
        rng, made = self.rng, 0
        originals = [r for r in self.rows if r[11] is None]
        cols = {c: i for i, c in enumerate(EVENT_COLUMNS)}

        def correct(old: tuple, *, on=None, payload=None, void=False, reason: str) -> int:
            return self.add(
                old[cols["kind"]],
                on or old[cols["happened_on"]],
                {} if void else (payload or json.loads(old[cols["payload"]])),
                case=old[cols["case_id"]],
                area=old[cols["area_id"]],
                plan=old[cols["plan_id"]],
                root=old[cols["root_id"]] or old[cols["id"]],
                supersedes=old[cols["id"]],
                void=void,
                reason=reason,
                recorded_at=min(self.now, old[cols["recorded_at"]] + timedelta(days=20)),
            )

        for old in originals:
            kind, roll = old[cols["kind"]], rng.random()
            if kind == "notice_delivered" and roll < 0.002:
                correct(
                    old,
                    on=self.day(old[cols["happened_on"]], 2),
                    reason="Ngày giao ghi nhầm; sửa theo biên bản giao nhận.",
                )
                made += 1
                if rng.random() < 0.1:  # and corrected once more
                    again = self.rows[-1]
                    correct(again, on=old[cols["happened_on"]], reason="Sửa lại theo bản gốc.")
                    made += 1
            elif kind == "payment" and roll < 0.002:
                payload = json.loads(old[cols["payload"]])
                payload["amount_vnd"] += 1_250_000
                correct(old, payload=payload, reason="Nhập sai số tiền; sửa theo phiếu chi.")
                made += 1
            elif kind == "opinion" and roll < 0.0005:
                correct(old, void=True, reason="Ý kiến ghi nhầm vào biên bản của hộ liền kề.")
                self.add(
                    "opinion",
                    self.day(old[cols["happened_on"]], 12),
                    {"opinion": "other", "channel": "written", "concerns": "", "plan": None},
                    case=old[cols["case_id"]],
                )
                made += 1
            elif kind == "meeting" and roll < 0.02:
                payload = json.loads(old[cols["payload"]])
                if payload.get("meeting_kind") == "consultation":
                    payload["place_name"] += " (bổ sung chữ ký)"
                    correct(old, payload=payload, reason="Đại diện các hộ ký bổ sung biên bản.")
                    made += 1
        return made


def area_levels(n_areas: int) -> list[int]:
    """Furthest first: area 0 handed over … the last just notified; at least one at each of
    plan posted (for the meeting benchmark) and handed over."""
    bounds = np.cumsum(LEVEL_SHARES[::-1])
    levels = []
    for i in range(n_areas):
        q = (i + 0.5) / n_areas
        levels.append(len(LEVEL_SHARES) - 1 - int(np.searchsorted(bounds, q)))
    if 2 not in levels and n_areas > 2:
        levels[min(range(n_areas), key=lambda i: abs(levels[i] - 2))] = 2
    return levels


def write_histories(bench: Bench, seed: int) -> str:
    levels = area_levels(len(bench.areas))
    plans = [
        CompensationPlan(
            project=bench.project,
            area=area,
            number=f"PA-{area.code}",
            version=1,
            kind="draft",
            title=f"Dự thảo phương án bồi thường, hỗ trợ, tái định cư {area.code}",
        )
        for a, area in enumerate(bench.areas)
        if levels[a] >= 2
    ]
    for plan in CompensationPlan.objects.bulk_create(plans):
        bench.plans[next(a for a, x in enumerate(bench.areas) if x.id == plan.area_id)] = plan.id
    by_area: dict[int, list] = defaultdict(list)
    for c in bench.cases:
        by_area[c[1]].append(c)
    # Events take ids from a block we hold: lock out any other writer meanwhile.
    with connection.cursor() as cur:
        cur.execute("lock table consultations_event in exclusive mode")
    first = reserve_ids("consultations_event", 1)
    history = History(bench, first, seed)
    for a in range(len(bench.areas)):
        history.area_story(a, levels[a], by_area.get(a, []))
        if levels[a] >= 3 and a % 4 == 0:
            history.supervise(a)
    corrections = history.corrections()
    count = copy_rows("consultations_event", EVENT_COLUMNS, history.rows)
    with connection.cursor() as cur:
        cur.execute(
            "select setval(pg_get_serial_sequence('consultations_event', 'id'), %s)",
            [history.next_id - 1],
        )
    analyze("consultations_event")
    stages = Counter(LEVEL_NAMES[v] for v in levels)
    case_events = sum(v for k, v in history.by_kind.items() if k not in AREA_KINDS)
    return (
        f"{count} events ({case_events / max(1, len(bench.cases)):.1f} per case, "
        f"{corrections} corrections); areas: "
        + ", ".join(f"{stages[name]} {name}" for name in LEVEL_NAMES if stages[name])
    )


AREA_KINDS = (
    "meeting",
    "notice_issued",
    "posting_started",
    "posting_ended",
    "supervision",
    "supervision_response",
)


def write_projection(bench: Bench, batch: int = 5000) -> str:
    """The stage projection as projection.rebuild computes it (its own case_facts and the pure
    `intervals`), written with COPY, then the parcel stages by the projection's own set-based
    refresh; the rebuild benchmark recomputes it all and checks it is unchanged."""
    project_id = bench.project.id
    ids = sorted(c[0] for c in bench.cases)
    spans_rows, current = [], []
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        facts, eligible = case_facts(chunk)
        for case_id in chunk:
            spans = intervals(facts[case_id], resettlement_eligible=eligible.get(case_id, False))
            for s in spans:
                spans_rows.append(
                    (
                        case_id,
                        project_id,
                        s.state.stage,
                        s.state.rank,
                        s.state.opinion,
                        list(s.state.overlays),
                        s.valid_from,
                        s.valid_to,
                    )
                )
            state = spans[-1].state
            current.append(
                (case_id, state.stage, RANK[state.stage], state.opinion, list(state.overlays))
            )
    copy_rows(
        "consultations_stageinterval",
        (
            "case_id",
            "project_id",
            "stage",
            "stage_rank",
            "opinion",
            "overlays",
            "valid_from",
            "valid_to",
        ),
        spans_rows,
    )
    with connection.cursor() as cur:
        cur.execute(
            "create temporary table bench_case_state (id bigint primary key, stage varchar(15), "
            "stage_rank smallint, opinion varchar(12), overlays varchar(25)[]) on commit drop"
        )
    copy_rows("bench_case_state", ("id", "stage", "stage_rank", "opinion", "overlays"), current)
    with connection.cursor() as cur:
        cur.execute(
            "update consultations_case c set stage = t.stage, stage_rank = t.stage_rank, "
            "opinion = t.opinion, overlays = t.overlays from bench_case_state t where c.id = t.id"
        )
    refresh_project_parcel_stages(project_id)  # the map's one row per parcel (set-based)
    bump_version(project_id)
    stages = Counter(c[1] for c in current)
    return f"{len(spans_rows)} intervals; cases by stage: " + ", ".join(
        f"{stages[s]} {s}" for s in RANK if stages[s]
    )


# ---------------------------------------------------------------------------------------------
# The whole


def find_project(parcels: int) -> Project | None:
    return Project.objects.filter(code=project_code(parcels)).first()


def generate(parcels: int, *, seed: int = SEED, log=print) -> Project:
    phases = Phases(log)
    log(f"[generate] a bench project of {parcels} parcels (kept for later runs)")
    sources = phases.run(
        "load shapes",
        lambda: (s := load_sources(), ", ".join(f"{x.name}: {len(x.geoms)}" for x in s)),
    )[0]
    layout = phases.run(
        "lay out", lambda: (lo := lay_out(parcels, sources), f"{lo.copies} copies on a grid")
    )[0]
    lonlat = phases.run(
        "to EPSG:4326",
        lambda: (g := multipolygons(to_lonlat(layout.grid)), f"{len(g)} multipolygons"),
    )[0]
    with transaction.atomic():
        bench = phases.run("registers", create_registers, parcels, layout, lonlat)[0]
        phases.run("parcels (COPY)", write_parcels, bench, layout, lonlat, seed)
        phases.run(
            "remeasure (PostGIS)",
            lambda: f"{remeasure_project_parcels(project_id=bench.project.id)} parcels",
        )
        phases.run("people, cases (COPY)", write_people, bench, layout, seed)
        phases.run("histories (COPY)", write_histories, bench, seed)
        phases.run("projection (COPY)", write_projection, bench)
    phases.run("vacuum analyze", vacuum)
    log(f"[generate] done in {phases.total():.1f} s")
    return bench.project


def vacuum() -> str:
    tables = (
        "landcases_parcel",
        "landcases_landuser",
        "landcases_holding",
        "consultations_case",
        "consultations_event",
        "consultations_stageinterval",
        "consultations_parcelstage",
    )
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"vacuum analyze {t}")
    return f"{len(tables)} tables"


def ensure_project(parcels: int, *, log=print) -> Project:
    project = find_project(parcels)
    if project is not None:
        cases = Case.objects.filter(project=project).count()
        events = Event.objects.filter(project=project).count()
        log(
            f"[generate] reusing {project.code}: {cases} cases, {events} events "
            "(--regenerate for a fresh one)"
        )
        return project
    return generate(parcels, log=log)
