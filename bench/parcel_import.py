"""The parcel import of issue 14 at production scale: N parcels (the bench's real French
shapes laid out in Bình Thuận, demo/bench/shapes.py) written to a GeoPackage in EPSG:9218,
imported end to end through landcases.services.parcel_imports (read, stage, check, transform,
measure, write with history), against a bare `ogr2ogr -f PostgreSQL` of the same file into a
table, in the same run. Everything is rolled back."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import shapely
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import connection, transaction
from pyogrio import raw
from pyproj import CRS

from demo.bench.shapes import SRID, lay_out, load_sources
from landcases.models import AdministrativeUnit, Project, UnitLevel

from .table import Row

TARGET_S = 10.0
TARGET_LOAD_SHARE = 0.60
COMMUNE = "99901"
TARGET_VS_LAYER_MAPPING = 30
LAYER_MAPPING_SAMPLE = 1000


def make_geopackage(path: Path, n: int, *, commune: str = COMMUNE) -> shapely.Geometry:
    """n parcels in EPSG:9218 with the attribute names of Vietnamese cadastral files; returns
    the layer's hull (for a project's boundary)."""
    layout = lay_out(n, load_sources())
    geoms = layout.grid
    numbers: dict[str, int] = {}
    parcel_no = []
    for sheet in layout.sheet:
        numbers[sheet] = numbers.get(sheet, 0) + 1
        parcel_no.append(str(numbers[sheet]))
    legal = np.where(layout.legal > 0, layout.legal, shapely.area(geoms))
    fields = ["MAXA", "SHBANDO", "SHTHUA", "MDSD", "DIENTICH", "DIACHI"]
    data = [
        np.array([commune] * n, dtype=object),
        np.array(layout.sheet, dtype=object),
        np.array(parcel_no, dtype=object),
        np.array(["LUC"] * n, dtype=object),
        np.round(legal, 1),
        np.array(["thôn Phú Lâm"] * n, dtype=object),
    ]
    raw.write(
        path,
        shapely.to_wkb(geoms),
        data,
        fields,
        driver="GPKG",
        geometry_type="Unknown",
        crs=CRS.from_epsg(SRID).to_wkt(),
        layer="thua_dat",
    )
    return shapely.convex_hull(shapely.union_all(shapely.envelope(geoms)))


def _project(hull: shapely.Geometry, actor) -> Project:
    province = AdministrativeUnit.objects.create(
        code="99", name="Tỉnh thử", level=UnitLevel.PROVINCE, valid_from=date(1990, 1, 1)
    )
    commune = AdministrativeUnit.objects.create(
        code=COMMUNE,
        name="Xã thử",
        level=UnitLevel.COMMUNE,
        valid_from=date(1990, 1, 1),
        parent=province,
    )
    boundary = MultiPolygon(GEOSGeometry(shapely.buffer(hull, 50).wkt, srid=SRID), srid=SRID)
    boundary.transform(4326)
    project = Project.objects.create(
        code="bench-import",
        name="Nhập thử",
        province=province,
        boundary=boundary,
        source_srid=SRID,
    )
    project.communes.set([commune])
    return project


def _layer_mapping(path: Path, project: Project, sample: int) -> float:
    """GeoDjango's LayerMapping of the first `sample` parcels into the register (its own
    save per feature; no history, no checks beyond the fields'): seconds for the sample."""
    from django.contrib.gis.utils import LayerMapping

    from landcases.models import Parcel

    meta, _f, wkb, values = raw.read(path, max_features=sample)
    fields = [*meta["fields"], "PROJ", "NGAYDO", "LOAIBD", "SRID"]
    values = [
        *values,
        np.array([project.code] * len(wkb), dtype=object),
        np.array(["2024-03-01"] * len(wkb), dtype="datetime64[D]"),
        np.array(["cadastral"] * len(wkb), dtype=object),
        np.full(len(wkb), SRID, dtype=np.int32),
    ]
    sample_path = path.with_name("mau.gpkg")
    raw.write(
        sample_path,
        wkb,
        values,
        fields,
        driver="GPKG",
        geometry_type="MultiPolygon",
        crs=CRS.from_epsg(SRID).to_wkt(),
        layer="mau",
        promote_to_multi=True,
    )
    mapping = {
        "project": {"code": "PROJ"},
        "commune_at_survey": {"code": "MAXA"},
        "survey_date": "NGAYDO",
        "map_kind": "LOAIBD",
        "sheet_no": "SHBANDO",
        "parcel_no": "SHTHUA",
        "land_use": {"code": "MDSD"},
        "legal_area_m2": "DIENTICH",
        "geometric_area_m2": "DIENTICH",
        "recovered_area_m2": "DIENTICH",
        "address": "DIACHI",
        "source_srid": "SRID",
        "geom": "MULTIPOLYGON",
    }
    t0 = time.perf_counter()
    with transaction.atomic():
        LayerMapping(Parcel, str(sample_path), mapping, transform=True).save(strict=True)
        transaction.set_rollback(True)
    return time.perf_counter() - t0


def _ogr2ogr(path: Path) -> float:
    s = connection.settings_dict
    dsn = f"PG:dbname={s['NAME']} host={s['HOST']} port={s['PORT']} user={s['USER']}"
    env = {"PGPASSWORD": s["PASSWORD"] or "", "PATH": "/usr/bin:/bin", "PG_USE_COPY": "YES"}
    t0 = time.perf_counter()
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            dsn,
            str(path),
            "-nln",
            "bench_ogr_stage",
            "-overwrite",
            "-lco",
            "SPATIAL_INDEX=NONE",
            "-lco",
            "SCHEMA=bench_scratch",
            "-gt",
            "65536",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    elapsed = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("drop table if exists bench_scratch.bench_ogr_stage")
    return elapsed


def import_geopackage(ctx) -> list[Row]:
    from landcases.services.parcel_imports import Params, import_parcels, parcel_import_start

    n = ctx.parcels
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        gpkg = tmp / "thua.gpkg"
        hull = make_geopackage(gpkg, n)
        ctx.say(f"[bench] parcel import: {gpkg.stat().st_size / 2**20:.0f} MB GeoPackage")
        bare = _ogr2ogr(gpkg)
        with transaction.atomic():
            actor = get_user_model().objects.create_user("bench-import")
            project = _project(hull, actor)
            sample = min(n, LAYER_MAPPING_SAMPLE)
            mapped = _layer_mapping(gpkg, project, sample)
            job = parcel_import_start(
                project=project,
                actor=actor,
                data=gpkg.read_bytes(),
                name="thua.gpkg",
                params=Params(repair=True, survey_date=date(2024, 3, 1)),
            )
            t0 = time.perf_counter()
            report = import_parcels(
                job=job,
                path=gpkg,
                params=Params.from_json(job.params),
                progress=lambda *a: None,
            )
            ours = time.perf_counter() - t0
            transaction.set_rollback(True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    t, c = report["timings_s"], report["counts"]
    load = t["read"] + t["stage"]
    share = bare / load
    return [
        Row(
            f"Parcel import, {n:,} parcels from a GeoPackage in EPSG:9218, end to end",
            ours,
            None,
            f"≤ {TARGET_S:.0f} s",
            ours <= TARGET_S,
            f"read {t['read']} s, stage {t['stage']} s, check {t['check']} s, write "
            f"{t['write']} s; created {c['created']:,}, repaired {c['repaired']}, rejected "
            f"{c['rejected']}; rolled back",
        ),
        Row(
            f"Parcel import, {n:,} parcels, vs GeoDjango's LayerMapping (sampled, extrapolated)",
            ours,
            mapped * n / sample,
            f"≥ {TARGET_VS_LAYER_MAPPING}×",
            mapped * n / sample >= TARGET_VS_LAYER_MAPPING * ours,
            f"LayerMapping.save of the first {sample:,} features ({mapped:.2f} s), "
            f"extrapolated ×{n / sample:g}: its own save per feature, without our checks, "
            "history or areas; rolled back",
        ),
        Row(
            f"Parcel import loading (read + COPY into staging), {n:,} parcels, vs bare ogr2ogr",
            load,
            bare,
            f"≥ {TARGET_LOAD_SHARE:.0%} of ogr2ogr's rate",
            share >= TARGET_LOAD_SHARE,
            f"ogr2ogr -f PostgreSQL (PG_USE_COPY, no index) {bare:.2f} s; our rate "
            f"{share:.0%} of it",
        ),
    ]
