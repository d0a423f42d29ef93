"""The parcels with their consultation stage and overlays as a GIS file: GeoPackage, zipped
Shapefile or GeoJSON, written by GDAL (pyogrio's raw writer: whole columns at once, no
geopandas) into a temporary folder and answered as one file.

Coordinates: GeoPackage and Shapefile in the project's VN-2000 zone (what cadastral offices and
their MicroStation/Famis/QGIS projects use; transformed by PostGIS with PROJ's EPSG
transformation, as the registers' areas are); GeoJSON in WGS 84, as RFC 7946 requires.

No personal data but the land users' names, and those only when the caller asks for them and
the role may read names (Can.READ_PERSONAL); never citizen IDs, ethnicity or vulnerabilities.
The attribute names (FIELDS) are at most 10 characters, the Shapefile's limit, and the same in
every format (docs/exports.md).
"""

import os
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

import numpy as np
from django.db import connection
from django.utils import timezone
from pyogrio.raw import write

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
        select h.parcel_id, count(*) as n,
               {names} as names
        from landcases_holding h
        join landcases_landuser lu on lu.id = h.land_user_id
        where lu.project_id = %(project)s
        group by h.parcel_id
    )
    select pa.id, u.code, u.name, pa.map_kind, pa.sheet_no, pa.parcel_no, pa.land_use_id,
           luc."group", pa.legal_area_m2::float8, pa.geometric_area_m2::float8,
           pa.recovered_area_m2::float8, pa.certificate_no, pa.address, coalesce(a.code, ''),
           coalesce(ps.stage_rank, 0), coalesce(array_to_string(ps.opinions, ','), ''),
           coalesce(ps.disagree, false)::int, coalesce(array_to_string(ps.overlays, ','), ''),
           coalesce(h.n, 0), coalesce(h.names, ''),
           ST_AsBinary({geom})
    from landcases_parcel pa
    join landcases_administrativeunit u on u.id = pa.commune_at_survey_id
    join landcases_landusecode luc on luc.code = pa.land_use_id
    left join landcases_projectarea a on a.id = pa.area_id
    left join consultations_parcelstage ps on ps.parcel_id = pa.id
    left join h on h.parcel_id = pa.id
    where pa.project_id = %(project)s
    order by pa.id
"""


def parcel_rows(project, *, vn2000: bool, with_names: bool) -> list[tuple]:
    """One tuple per parcel: the columns of FIELDS (labels not yet filled), the names (empty
    unless asked) and the geometry as WKB."""
    geom = "ST_Transform(pa.geom, %(srid)s)" if vn2000 else "pa.geom"
    names = "string_agg(lu.name, '; ' order by lu.name)" if with_names else "''"
    with connection.cursor() as cur:
        cur.execute(
            _SQL.format(geom=geom, names=names),
            {"project": project.id, "srid": project.source_srid},
        )
        return cur.fetchall()


def _columns(rows: list[tuple], *, with_names: bool, shapefile: bool):
    """The rows as GDAL's column arrays, the labels filled in the active language."""
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [()] * 21
    kinds = {k: str(v) for k, v in MapKind.choices}
    groups = {k: str(v) for k, v in LAND_GROUP_LABELS.items()}
    stage_labels = [str(label("stage", s)) for s in STAGES]
    ranks = np.fromiter(cols[14], dtype="int32", count=n)
    text = _shapefile_text if shapefile else _text
    data = [
        np.fromiter(cols[0], dtype="int64", count=n),
        text(cols[1]),
        text(cols[2]),
        text([kinds.get(k, k) for k in cols[3]]),
        text(cols[4]),
        text(cols[5]),
        text(cols[6]),
        text([groups.get(g, g) for g in cols[7]]),
        np.fromiter(cols[8], dtype="float64", count=n),
        np.fromiter(cols[9], dtype="float64", count=n),
        np.fromiter(cols[10], dtype="float64", count=n),
        text(cols[11]),
        text(cols[12]),
        text(cols[13]),
        text([STAGES[r] for r in ranks]),
        ranks,
        text([stage_labels[r] for r in ranks]),
        text(cols[15]),
        np.fromiter(cols[16], dtype="int32", count=n),
        text(cols[17]),
        np.fromiter(cols[18], dtype="int32", count=n),
    ]
    names = [f[0] for f in FIELDS]
    if with_names:
        data.append(text(cols[19]))
        names.append(NAMES_FIELD[0])
    geometry = np.array(cols[20], dtype=object) if n else np.array([], dtype=object)
    return geometry, data, names


def _text(values) -> np.ndarray:
    return np.array(list(values), dtype=object)


def _shapefile_text(values) -> np.ndarray:
    """Text cut to what a dBase field holds (254 bytes of UTF-8), at a character boundary."""
    out = []
    for value in values:
        data = value.encode()
        if len(data) > SHAPEFILE_TEXT_BYTES:
            value = data[:SHAPEFILE_TEXT_BYTES].decode(errors="ignore")
        out.append(value)
    return np.array(out, dtype=object)


def export_name(project, fmt: Format) -> str:
    return f"thua-dat-{project.code}-{timezone.localdate():%Y%m%d}.{fmt.suffix}"


def write_parcels(project, fmt: Format, *, with_names: bool) -> IO[bytes]:
    """The file of the project's parcels, as an open temporary file at its start (deleted when
    closed). `with_names` must already be checked against the role (the views do)."""
    rows = parcel_rows(project, vn2000=fmt.vn2000, with_names=with_names)
    return write_rows(rows, fmt, srid=project.source_srid, with_names=with_names)


def write_rows(rows: list[tuple], fmt: Format, *, srid: int, with_names: bool) -> IO[bytes]:
    geometry, data, names = _columns(rows, with_names=with_names, shapefile=fmt.code == "shp")
    crs = f"EPSG:{srid}" if fmt.vn2000 else "EPSG:4326"
    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        path = os.path.join(folder, f"{LAYER}.{fmt.code}")
        options: dict = {"driver": fmt.driver, "layer": LAYER, "crs": crs}
        if fmt.code == "gpkg":
            # GeoPackage 1.2: what GDAL before 3.7 (QGIS 3.28 LTR and older) opens without a
            # warning; pyogrio's GDAL would write 1.4.
            options["dataset_options"] = {"VERSION": "1.2"}
        elif fmt.code == "shp":
            options["encoding"] = "UTF-8"  # writes the .cpg; the .prj comes from the CRS
        else:
            options["layer_options"] = {"RFC7946": "YES"}
        write(
            path,
            geometry,
            data,
            names,
            geometry_type="MultiPolygon",
            promote_to_multi=False,
            **options,
        )
        if fmt.code != "shp":
            # Open before the folder goes: the file lives on until it is closed.
            return open(path, "rb")  # noqa: SIM115 - the caller closes it
        out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for suffix in ("shp", "shx", "dbf", "prj", "cpg"):
                archive.write(os.path.join(folder, f"{LAYER}.{suffix}"), f"{LAYER}.{suffix}")
    out.seek(0)
    return out
