"""The parcels with their consultation stage and overlays as a GIS file: GeoPackage, zipped
Shapefile or GeoJSON, written by GDAL (pyogrio's raw writer: whole columns at once, no
geopandas) into a temporary folder and answered as one file.

Coordinates: GeoPackage and Shapefile in the project's VN-2000 zone (what cadastral offices and
their MicroStation/Famis/QGIS projects use), transformed with PROJ's EPSG transformation, as the
registers' areas are; GeoJSON in WGS 84, as RFC 7946 requires, written by PostGIS (GDAL's
GeoJSON writer was measured slower than json.dumps per feature: bench/exports.py).

No personal data but the land users' names, and those only when the caller asks for them and
the role may read names (Can.READ_PERSONAL); never citizen IDs, ethnicity or vulnerabilities.
The attribute names (FIELDS) are at most 10 characters, the Shapefile's limit, and the same in
every format (docs/exports.md).
"""

import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

import numpy as np
import shapely
from django.db import connection
from django.utils import timezone
from pyogrio import set_gdal_config_options
from pyogrio.raw import write
from pyproj import Transformer

from landcases.models import MapKind
from landcases.models.land import LAND_GROUP_LABELS

from .rules.vocabulary import STAGES
from .vocabulary import label

LAYER = "thua_dat"
SHAPEFILE_TEXT_BYTES = 254  # a dBase text field holds at most 254 bytes


@dataclass(frozen=True)
class Format:
    code: str
    driver: str
    suffix: str  # of the downloaded file
    content_type: str
    vn2000: bool  # in the project's VN-2000 zone; else WGS 84


FORMATS = {
    "gpkg": Format("gpkg", "GPKG", "gpkg", "application/geopackage+sqlite3", True),
    "shp": Format("shp", "ESRI Shapefile", "zip", "application/zip", True),
    "geojson": Format("geojson", "GeoJSON", "geojson", "application/geo+json", False),
}

# (name in the file, GDAL type of the column, what it holds) — docs/exports.md lists them.
FIELDS = (
    ("parcel_id", "int64", "the parcel's number in the tracker"),
    ("commune", "str", "code of the commune at survey"),
    ("commune_nm", "str", "name of the commune at survey"),
    ("map_kind", "str", "map kind (cadastral / extract)"),
    ("sheet_no", "str", "map sheet no."),
    ("parcel_no", "str", "parcel no."),
    ("land_use", "str", "land-use code"),
    ("land_group", "str", "land group (label)"),
    ("legal_m2", "float64", "legal area, m²"),
    ("geom_m2", "float64", "geometric area in the VN-2000 zone, m²"),
    ("recov_m2", "float64", "recovered area, m²"),
    ("cert_no", "str", "certificate no. (GCN)"),
    ("location", "str", "the parcel's location"),
    ("area_code", "str", "project area code"),
    ("stage", "str", "least advanced stage of its land users' cases (code)"),
    ("stage_rank", "int32", "the stage's rank, 0 = identified … 9 = handed over"),
    ("stage_lbl", "str", "the stage (label, in the language of the export)"),
    ("opinions", "str", "opinions at that stage (codes, comma-separated)"),
    ("disagree", "int32", "1 when a land user disagrees"),
    ("overlays", "str", "overlays (codes, comma-separated)"),
    ("holders", "int32", "number of land users holding it"),
)
NAMES_FIELD = ("land_users", "str", "land users' names, '; '-separated (only when asked)")

_SQL = """
    with h as (
        select h.parcel_id, count(*) as n, {names} as names
        from landcases_holding h
        join landcases_landuser lu on lu.id = h.land_user_id
        where lu.project_id = %(project)s
        group by h.parcel_id
    )
    select pa.id as parcel_id, u.code as commune, u.name as commune_nm,
           coalesce(%(kinds)s::jsonb ->> pa.map_kind, pa.map_kind) as map_kind,
           pa.sheet_no, pa.parcel_no, pa.land_use_id as land_use,
           coalesce(%(groups)s::jsonb ->> luc."group", luc."group") as land_group,
           pa.legal_area_m2::float8 as legal_m2, pa.geometric_area_m2::float8 as geom_m2,
           pa.recovered_area_m2::float8 as recov_m2, pa.certificate_no as cert_no,
           pa.address as location, coalesce(a.code, '') as area_code,
           (%(stages)s::text[])[coalesce(ps.stage_rank, 0) + 1] as stage,
           coalesce(ps.stage_rank, 0)::int as stage_rank,
           (%(stage_labels)s::text[])[coalesce(ps.stage_rank, 0) + 1] as stage_lbl,
           coalesce(array_to_string(ps.opinions, ','), '') as opinions,
           coalesce(ps.disagree, false)::int as disagree,
           coalesce(array_to_string(ps.overlays, ','), '') as overlays,
           coalesce(h.n, 0)::int as holders {names_column}, {geom} as geom
    from landcases_parcel pa
    join landcases_administrativeunit u on u.id = pa.commune_at_survey_id
    join landcases_landusecode luc on luc.code = pa.land_use_id
    left join landcases_projectarea a on a.id = pa.area_id
    left join consultations_parcelstage ps on ps.parcel_id = pa.id
    left join h on h.parcel_id = pa.id
    where pa.project_id = %(project)s
    order by pa.id
"""


def _query(project, *, geom: str, with_names: bool) -> tuple[str, dict]:
    """The parcels' columns (FIELDS, labels in the active language) and `geom`."""
    sql = _SQL.format(
        geom=geom,
        names="string_agg(lu.name, '; ' order by lu.name)" if with_names else "''",
        names_column=f", coalesce(h.names, '') as {NAMES_FIELD[0]}" if with_names else "",
    )
    params = {
        "project": project.id,
        "kinds": json.dumps({k: str(v) for k, v in MapKind.choices}),
        "groups": json.dumps({k: str(v) for k, v in LAND_GROUP_LABELS.items()}),
        "stages": list(STAGES),
        "stage_labels": [str(label("stage", s)) for s in STAGES],
    }
    return sql, params


def parcel_rows(project, *, with_names: bool) -> list[tuple]:
    """One tuple per parcel: the columns of FIELDS (and the names when asked), then the
    geometry as WKB in WGS 84 (as stored)."""
    sql, params = _query(project, geom="ST_AsBinary(pa.geom)", with_names=with_names)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def to_zone(wkb: np.ndarray, srid: int) -> np.ndarray:
    """WGS 84 → the project's VN-2000 zone with PROJ's EPSG transformation (the one PostGIS
    applies to the registers' areas: the same coordinates to 1e-8 m, measured on the bench's
    100,000 parcels), vectorised: ~2x faster than ST_Transform in the query."""
    transformer = Transformer.from_crs(4326, srid, always_xy=True)

    def move(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return shapely.to_wkb(shapely.transform(shapely.from_wkb(wkb), move))


def _columns(rows: list[tuple], *, with_names: bool, shapefile: bool):
    """The rows as GDAL's column arrays."""
    fields = [*FIELDS, NAMES_FIELD] if with_names else list(FIELDS)
    cols = list(zip(*rows, strict=True)) if rows else [()] * (len(fields) + 1)
    text = _shapefile_text if shapefile else _text
    data = [
        text(cols[i]) if kind == "str" else np.fromiter(cols[i], dtype=kind, count=len(rows))
        for i, (_name, kind, _what) in enumerate(fields)
    ]
    return np.array(cols[-1], dtype=object), data, [f[0] for f in fields]


def _text(values) -> np.ndarray:
    return np.array(values, dtype=object)


def _shapefile_text(values) -> np.ndarray:
    """Text cut to what a dBase field holds (254 bytes of UTF-8), at a character boundary
    (only values of more than 63 characters can be too long: 4 bytes a character at most)."""
    out = np.array(values, dtype=object)
    lengths = np.fromiter(map(len, out), dtype=np.int64, count=len(out))
    for i in np.flatnonzero(lengths > SHAPEFILE_TEXT_BYTES // 4):
        data = out[i].encode()
        if len(data) > SHAPEFILE_TEXT_BYTES:
            out[i] = data[:SHAPEFILE_TEXT_BYTES].decode(errors="ignore")
    return out


def export_name(project, fmt: Format) -> str:
    return f"thua-dat-{project.code}-{timezone.localdate():%Y%m%d}.{fmt.suffix}"


def write_parcels(project, fmt: Format, *, with_names: bool) -> IO[bytes]:
    """The file of the project's parcels, as an open temporary file at its start (deleted when
    closed). `with_names` must already be checked against the role (the views do)."""
    if fmt.code == "geojson":
        return write_geojson(project, with_names=with_names)
    rows = parcel_rows(project, with_names=with_names)
    return write_rows(rows, fmt, srid=project.source_srid, with_names=with_names)


def write_rows(rows: list[tuple], fmt: Format, *, srid: int, with_names: bool) -> IO[bytes]:
    """GeoPackage or zipped Shapefile of these rows (parcel_rows), by GDAL, in the zone."""
    geometry, data, names = _columns(rows, with_names=with_names, shapefile=fmt.code == "shp")
    geometry = to_zone(geometry, srid)
    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        path = os.path.join(folder, f"{LAYER}.{fmt.code}")
        options: dict = {"driver": fmt.driver, "layer": LAYER, "crs": f"EPSG:{srid}"}
        if fmt.code == "gpkg":
            # GeoPackage 1.2: what GDAL before 3.7 (QGIS 3.28 LTR and older) opens without a
            # warning; pyogrio's GDAL would write 1.4.
            options["dataset_options"] = {"VERSION": "1.2"}
        else:
            options["encoding"] = "UTF-8"  # writes the .cpg; the .prj comes from the CRS
        # A file of our own in a folder of our own: SQLite need not wait for the disk on each
        # commit (measured 2.3 s → 1.4 s for 100,000 parcels).
        set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": "OFF"})
        try:
            write(
                path,
                geometry,
                data,
                names,
                geometry_type="MultiPolygon",
                promote_to_multi=False,
                **options,
            )
        finally:
            set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": None})
        if fmt.code == "gpkg":
            # Open before the folder goes: the file lives on until it is closed.
            return open(path, "rb")  # noqa: SIM115 - the caller closes it
        out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for suffix in ("shp", "shx", "dbf", "prj", "cpg"):
                archive.write(os.path.join(folder, f"{LAYER}.{suffix}"), f"{LAYER}.{suffix}")
    out.seek(0)
    return out


def write_geojson(project, *, with_names: bool) -> IO[bytes]:
    """GeoJSON (RFC 7946: WGS 84 longitude/latitude, exterior rings counter-clockwise, 7
    decimals, about 1 cm), each feature written by PostGIS's ST_AsGeoJSON from the same
    columns. Measured at 100,000 parcels (bench/exports.py): GDAL's GeoJSON writer took ~8x as
    long as this, slower even than json.dumps per feature."""
    sql, params = _query(project, geom="ST_ForcePolygonCCW(pa.geom)", with_names=with_names)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
    out.write(b'{"type":"FeatureCollection","name":"' + LAYER.encode() + b'","features":[\n')
    first = True
    with connection.cursor() as cur:
        cur.execute(f"select ST_AsGeoJSON(t.*, 'geom', 7) from ({sql}) t", params)  # noqa: S608
        while batch := cur.fetchmany(2000):
            text = ",\n".join(r[0] for r in batch)
            out.write((text if first else ",\n" + text).encode())
            first = False
    out.write(b"\n]}\n")
    out.seek(0)
    return out
