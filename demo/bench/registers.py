"""The benchmark project's registers, in bulk (the services would take an hour at 100,000
parcels): the frame (units, logins, project, areas, memberships) with their history rows, and
the parcels by COPY with their history rows (bulk.py), their areas measured in PostGIS by
`landcases.geometry.remeasure_project_parcels`, as an import would. Land users and holdings:
people.py. Everything Vietnamese is made up, deterministically from the seed."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import shapely
from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from landcases.geometry import remeasure_project_parcels
from landcases.models import (
    AdministrativeUnit,
    LandUseCode,
    Parcel,
    Project,
    ProjectArea,
    ProjectMembership,
    Role,
    UnitLevel,
)
from landcases.services import land_use_codes_sync

from ..bulk import PARCEL_COLUMNS, analyze, copy_history, copy_rows, new_ids
from ..sources import ATTRIBUTION, LICENCE
from .shapes import SRID, Layout, ewkb_hex, geos, multipolygons, to_lonlat

BOARD_USER, FRONT_USER = "bench.ban", "bench.mttq"
UNIT_FROM, UNIT_TO = date(1992, 1, 1), date(2025, 7, 1)  # communes merged on 1 Jul 2025
REASON = "Dữ liệu đo hiệu năng (bench)"
PRICE_VND_M2 = {"ONT": 4_200_000, "CLN": 260_000, "HNK": 210_000, "LUC": 230_000}

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


@dataclass
class Bench:
    project: Project
    board: object
    front: object
    areas: list[ProjectArea]
    communes: list[AdministrativeUnit]
    parcels: list[int] = field(default_factory=list)  # ids, in layout order
    land_use: np.ndarray = field(default_factory=lambda: np.array([]))
    # per case: (case id, area index, sheet, amount in VND, affected m²)
    cases: list[tuple[int, int, str, int, float]] = field(default_factory=list)
    plans: dict[int, object] = field(default_factory=dict)  # area index → plan version
    centroids: list[tuple[float, float]] = field(default_factory=list)  # per area, lon/lat
    holders: dict[int, Holder] = field(default_factory=dict)  # case id → its land user


@dataclass
class Holder:
    """What the plans and the safeguards need of a case's land user (people.py)."""

    kind: str
    members: int
    eligible: bool  # for resettlement
    flags: list[str]  # vulnerabilities (the sensitive register)
    holdings: list[tuple[int, str, float]]  # parcel id, land-use code, affected m² × share
    customary: bool = False  # holds land by custom (an ethnic-minority community's)


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


def project_code(parcels: int) -> str:
    return f"bench-{parcels}"


def _with_history(obj, actor):
    obj._history_user = actor
    obj._change_reason = REASON
    obj.save()
    return obj


def create_registers(n: int, layout: Layout) -> tuple[Bench, str]:
    province, communes = _units(layout.copies)
    board = _user(BOARD_USER, "Trần Thị Thu", "Hà")
    front = _user(FRONT_USER, "Phạm Minh", "Tâm")
    hull = shapely.convex_hull(shapely.union_all(shapely.convex_hull(layout.grid)))
    boundary = to_lonlat(np.array([hull.buffer(1.0)]))[0]
    project = Project(
        code=project_code(n),
        name=f"Dự án đo hiệu năng ({n:,} thửa)".replace(",", "."),
        purpose=(
            f"Dữ liệu đo hiệu năng (bench/): {n} thửa đất. Hình thể thửa đất là dữ liệu thật "
            "của bản đồ địa chính Pháp (Paris 18e, Épinay-sur-Orge), nguồn: "
            f"« {ATTRIBUTION} », {LICENCE}, đã được chiếu, lặp lại theo lưới và dịch chuyển về "
            "tỉnh Bình Thuận (VN-2000 / TM-3 108-30). Mọi thông tin khác là giả định.\n"
            f"Benchmark data: real parcel shapes ({ATTRIBUTION}, {LICENCE}) tiled into place; "
            "everything else is made up."
        ),
        investor="Chủ đầu tư (giả định)",
        board="Ban bồi thường, hỗ trợ, tái định cư (giả định)",
        province=province,
        boundary=geos(shapely.MultiPolygon([boundary])),
        source_srid=SRID,
        cutoff_date=date(2024, 4, 1),
        rule_packs=["vn-2024", "democracy-3406", "complaints-2011", "lender-ess5"],
    )
    _with_history(project, board)
    project.communes.set(communes)
    for user, role in ((board, Role.BOARD_STAFF), (front, Role.FRONT_SUPERVISOR)):
        _with_history(ProjectMembership(user=user, project=project, role=role), board)

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
                geom=geos(outline),
            )
        )
    areas = bulk_create_with_history(
        areas, ProjectArea, default_user=board, default_change_reason=REASON
    )
    bench = Bench(project, board, front, areas, communes, centroids=centroids)
    return bench, f"project {project.code}, {len(areas)} areas, {layout.copies} copies"


def _land_uses(grid_area: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    missing = set(PRICE_VND_M2) - set(LandUseCode.objects.values_list("code", flat=True))
    if missing:  # a database whose tables were emptied (transactional tests): the list again
        land_use_codes_sync()
        missing = set(PRICE_VND_M2) - set(LandUseCode.objects.values_list("code", flat=True))
    if missing:
        raise SystemExit(f"[generate] land-use codes missing from the national list: {missing}")
    small = rng.choice(["ONT", "CLN"], size=len(grid_area), p=[0.7, 0.3])
    mid = rng.choice(["CLN", "HNK", "ONT", "LUC"], size=len(grid_area), p=[0.4, 0.3, 0.15, 0.15])
    large = rng.choice(["LUC", "HNK", "CLN"], size=len(grid_area), p=[0.5, 0.3, 0.2])
    return np.where(grid_area < 400, small, np.where(grid_area < 3000, mid, large))


def write_parcels(bench: Bench, layout: Layout, lonlat: np.ndarray, seed: int) -> str:
    """Parcels by COPY, measured in PostGIS (geometric and recovered area in EPSG:9218, the Web
    Mercator copy for tiles), then their history rows."""
    rng = np.random.default_rng(seed)
    prng = random.Random(seed)
    grid_area = shapely.area(layout.grid)
    legal = np.where(layout.legal > 0, layout.legal, np.maximum(1.0, np.round(grid_area)))
    bench.land_use = _land_uses(grid_area, rng)
    hexes = ewkb_hex(lonlat)
    bench.parcels = new_ids("landcases_parcel", len(lonlat))
    survey: dict[str, date] = {}
    counters: Counter = Counter()
    project_id = bench.project.id

    def rows():
        for i in range(len(lonlat)):
            sheet = layout.sheet[i]
            if sheet not in survey:
                survey[sheet] = date(2022, 3, 1) + timedelta(days=prng.randrange(600))
            counters[sheet] += 1
            commune = bench.communes[int(layout.copy_of[i])]
            yield (
                bench.parcels[i],
                project_id,
                bench.areas[int(layout.area_of[i])].id,
                commune.id,
                survey[sheet],
                "cadastral",
                sheet,
                str(counters[sheet]),
                str(bench.land_use[i]),
                Decimal(f"{legal[i]:.1f}"),
                Decimal(0),  # both measured below, in PostGIS
                Decimal(0),
                f"CS {prng.randrange(10**6):06d}" if prng.random() < 0.8 else "",
                "Nhận chuyển nhượng quyền sử dụng đất",
                f"Thôn {1 + i % 7}, {commune.name.lower()}, huyện Hàm Thuận Bắc, tỉnh Bình Thuận",
                hexes[i],
                SRID,
            )

    count = copy_rows("landcases_parcel", PARCEL_COLUMNS, rows())
    measured = remeasure_project_parcels(project_id=project_id)
    copy_history(Parcel, bench.parcels, actor=bench.board, reason=REASON)
    analyze("landcases_parcel")
    return f"{count} parcels ({len(survey)} sheets), {measured} measured"
