"""The demo road's parcels, written by the generators' bulk path (demo/bulk.py): the shapes
moved from VN-2000 to EPSG:4326 at once (pyproj, as the project's boundary) and given the
parcel service's checks set-based (valid, polygonal, within the vertex limit, finite, in
range: what `landcases.geometry.checked_parcel_geometry` refuses), the rows by COPY, measured
in PostGIS by
`landcases.geometry.remeasure_project_parcels` (geometric and recovered area in EPSG:9218, the
Web Mercator copy), their history rows (who, why) as the service writes them. One register
change names them all (land_users.py). `parcel_create` one by one took ~45 ms a parcel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import shapely

from landcases.geometry import MAX_VERTICES, remeasure_project_parcels
from landcases.models import LandUseCode, MapKind, Parcel
from landcases.services import land_use_codes_sync

from ..bulk import PARCEL_COLUMNS, analyze, copy_history, copy_rows, new_ids
from .layout import AREA_LENGTH_M, grid_to_lonlat
from .people import Codes, lower
from .places import AGRICULTURAL, DISTRICTS, OLD_COMMUNES, REASON, SRID

LAND_USES = ("LUC", "HNK", "CLN", "NTS", "ONT", "TON", "TIN", "BCS")  # of the national list


@dataclass
class ParcelPlan:
    """What the land-user step needs to know about each parcel (same order as the parcels)."""

    code: str
    area_index: int
    village: str
    has_certificate: bool
    role: str  # private, commune, occupant, nobody, company, pagoda, community


def land_use_codes() -> dict[str, LandUseCode]:
    """The codes the demo uses, from the national list (loaded by a migration)."""
    if LandUseCode.objects.filter(code__in=LAND_USES).count() < len(LAND_USES):
        land_use_codes_sync()  # a database whose tables were emptied (transactional tests)
    return LandUseCode.objects.in_bulk(LAND_USES)


def create_parcels(project, areas, units, codes, chosen, rng, actor):
    counters: dict[tuple, int] = {}
    blocks: dict[tuple, str] = {}
    sheet_base = {c.code: rng.randint(8, 30) for c in OLD_COMMUNES}
    sheet_dates: dict[tuple, date] = {}
    extract_block = {c.code: rng.randrange(4) for c in OLD_COMMUNES}
    specials = _special_parcels(chosen)
    certificates = Codes(rng)
    rows, plans = [], []
    ids = new_ids("landcases_parcel", len(chosen))
    shapes = _checked_lonlat([p.geom for p in chosen])
    for i, p in enumerate(chosen):
        commune = OLD_COMMUNES[p.area_index]
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
        rows.append(
            (
                ids[i],
                project.id,
                areas[p.area_index].id,
                units[commune.code].id,
                sheet_dates[key],
                kind,
                sheet,
                str(counters[key]),
                codes[code].code,
                legal,
                Decimal(0),  # both measured below, in PostGIS
                Decimal(0),
                certificates.certificate() if has_certificate else "",
                _origin(code, role, rng),
                f"{village}, {lower(commune.name)}, "
                f"{lower(DISTRICTS[commune.district])}, tỉnh Bình Thuận",
                shapes[i],
                SRID,  # as surveyed, in VN-2000: stored in EPSG:4326
            )
        )
        plans.append(ParcelPlan(code, p.area_index, village, has_certificate, role))
    copy_rows("landcases_parcel", PARCEL_COLUMNS, rows)
    remeasure_project_parcels(project_id=project.id)
    outside = Parcel.objects.filter(pk__in=ids, recovered_area_m2__lte=0).count()
    assert not outside, f"{outside} parcels outside the recovery boundary"  # as the service
    copy_history(Parcel, ids, actor=actor, reason=REASON)
    analyze("landcases_parcel")
    return ids, plans


def _checked_lonlat(grid_shapes) -> list[str]:
    """The shapes in EPSG:4326 as EWKB (hex), after the checks parcel_create makes."""
    geoms = shapely.set_srid(grid_to_lonlat(np.array(grid_shapes, dtype=object)), 4326)
    types = shapely.get_type_id(geoms)
    bounds = shapely.bounds(geoms)
    assert (types == shapely.GeometryType.MULTIPOLYGON).all(), "not multipolygons"
    assert shapely.is_valid(geoms).all(), "invalid shapes"
    assert (shapely.get_num_coordinates(geoms) <= MAX_VERTICES).all(), "too many vertices"
    assert np.isfinite(bounds).all(), "coordinates not finite"
    lon, lat = bounds[:, [0, 2]], bounds[:, [1, 3]]
    assert ((lon >= -180) & (lon <= 180) & (lat >= -90) & (lat <= 90)).all(), "out of range"
    return list(shapely.to_wkb(geoms, hex=True, include_srid=True))


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
