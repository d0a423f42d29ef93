"""Benchmarks of the exports (issue 14, "Out"): every parcel of the project with its stage as
GeoPackage, zipped Shapefile and GeoJSON (consultations/parcel_export.py: one SQL query, whole
columns handed to GDAL by pyogrio's raw writer), and the household list as a workbook.

The functions are timed directly (the view adds only the file's streaming). The baseline of the
GeoJSON row is the naive way: the same parcels with ST_AsGeoJSON, each feature built as a dict
and written with json.dumps, one at a time."""

from __future__ import annotations

import io
import json
import os
import tempfile
import time

from django.db import connection
from pyogrio.raw import write

from consultations.household_export import household_workbook
from consultations.parcel_export import (
    FORMATS,
    _columns,
    parcel_rows,
    write_geojson,
    write_rows,
)

from .table import Context, Row

TARGET_S = 5.0

_NAIVE_SQL = """
    select pa.id, pa.sheet_no, pa.parcel_no, pa.land_use_id, pa.legal_area_m2::float8,
           coalesce(ps.stage_rank, 0), coalesce(array_to_string(ps.overlays, ','), ''),
           ST_AsGeoJSON(pa.geom)
    from landcases_parcel pa
    left join consultations_parcelstage ps on ps.parcel_id = pa.id
    where pa.project_id = %(project)s
    order by pa.id
"""


def _naive_geojson(project) -> int:
    out = io.StringIO()
    with connection.cursor() as cur:
        cur.execute(_NAIVE_SQL, {"project": project.id})
        out.write('{"type": "FeatureCollection", "features": [')
        for n, r in enumerate(cur.fetchall()):
            feature = {
                "type": "Feature",
                "geometry": json.loads(r[7]),
                "properties": {
                    "parcel_id": r[0],
                    "sheet_no": r[1],
                    "parcel_no": r[2],
                    "land_use": r[3],
                    "legal_m2": r[4],
                    "stage_rank": r[5],
                    "overlays": r[6],
                },
            }
            out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False))
        out.write("]}")
    return len(out.getvalue())


def _gdal_geojson(project) -> float:
    """GDAL's own GeoJSON writer (RFC 7946) on the same columns: the path not taken."""
    rows = parcel_rows(project, with_names=True)
    geometry, data, names = _columns(rows, with_names=True, shapefile=False)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        write(
            os.path.join(folder, "x.geojson"),
            geometry,
            data,
            names,
            driver="GeoJSON",
            geometry_type="MultiPolygon",
            promote_to_multi=False,
            crs="EPSG:4326",
            layer_options={"RFC7946": "YES"},
        )
    return time.perf_counter() - t0


def parcel_exports(ctx: Context) -> list[Row]:
    project = ctx.project
    rows = []
    for code in ("gpkg", "shp"):
        fmt = FORMATS[code]
        t0 = time.perf_counter()
        fetched = parcel_rows(project, with_names=True)
        t1 = time.perf_counter()
        handle = write_rows(fetched, fmt, srid=project.source_srid, with_names=True)
        t2 = time.perf_counter()
        size = handle.seek(0, 2)
        handle.close()
        rows.append(
            Row(
                f"export-{code}",
                t2 - t0,
                target=f"≤ {TARGET_S:.0f} s",
                passed=t2 - t0 <= TARGET_S,
                notes=f"{len(fetched)} parcels with names, {size / 2**20:.0f} MiB: query "
                f"{t1 - t0:.2f} s, transform to EPSG:{project.source_srid} and GDAL write "
                f"{t2 - t1:.2f} s",
            )
        )
        ctx.say(f"[bench] export-{code}: {t2 - t0:.2f} s")
    t0 = time.perf_counter()
    handle = write_geojson(project, with_names=True)
    ours = time.perf_counter() - t0
    size = handle.seek(0, 2)
    handle.close()
    b0 = time.perf_counter()
    _naive_geojson(project)
    baseline = time.perf_counter() - b0
    gdal = _gdal_geojson(project)
    rows.append(
        Row(
            "export-geojson",
            ours,
            baseline,
            target=f"≤ {TARGET_S:.0f} s",
            passed=ours <= TARGET_S,
            notes=f"ST_AsGeoJSON per feature, {size / 2**20:.0f} MiB; baseline json.dumps per "
            f"feature; GDAL's GeoJSON writer (RFC7946) {gdal:.2f} s without the query",
        )
    )
    t0 = time.perf_counter()
    data = household_workbook(project, with_names=True, sensitive=None)
    ours = time.perf_counter() - t0
    rows.append(
        Row(
            "export-households",
            ours,
            target=f"≤ {TARGET_S:.0f} s",
            passed=ours <= TARGET_S,
            notes=f"household list xlsx with names, {len(data) / 2**20:.0f} MiB (no baseline)",
        )
    )
    return rows
