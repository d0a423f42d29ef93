"""Cadastral files for the import tests, built from the repository's own data
(tests/data/cadastre-91216-first200: real parcels moved to Bình Thuận, EPSG:9218), with text
in TCVN3 as Vietnamese software writes it and faults planted where a test asks."""

import io
import tempfile
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from pyogrio import raw
from pyproj import CRS

from landcases.imports.legacy_text import tcvn3_table
from tests.landcases.test_real_shapes import project_around, real_shapes_in_vn2000

FIELDS = ["MAXA", "SHBANDO", "SHTHUA", "MDSD", "DIENTICH", "TENCHU", "DIACHI"]
NAMES = ["Nguyễn Văn Bình", "Trần Thị Hoà", "Lê Văn Tám", "Phạm Thị Lụa"]
PLACES = ["thôn Phú Lâm", "xóm Đông Hải", "thôn Hiệp Đức"]


@cache
def _tcvn3_bytes() -> dict[str, int]:
    return {ch: b for b, ch in enumerate(tcvn3_table()) if b >= 0x20}


def tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes (a letter the table lacks is written as base + tone byte)."""
    table, out = _tcvn3_bytes(), bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in table:
            out.append(table[ch])
            continue
        for part in unicodedata.normalize("NFD", ch):
            out.append(table[part])  # KeyError: TCVN3 cannot hold it (a capital with accent)
    return bytes(out)


def features(n: int = 40) -> list[dict]:
    """n real parcels in EPSG:9218 with register attributes (Unicode)."""
    placed = real_shapes_in_vn2000()[:n]
    return [
        {
            "geom": shape,
            "MAXA": "22999",
            "SHBANDO": "12",
            "SHTHUA": str(i + 1),
            "MDSD": ("LUC", "ONT", "CLN")[i % 3],
            "DIENTICH": f"{float(props['contenance']):.1f}",
            "TENCHU": NAMES[i % len(NAMES)],
            "DIACHI": PLACES[i % len(PLACES)],
        }
        for i, (props, shape) in enumerate(placed)
    ]


def project_for(rows: list[dict], code: str):
    return project_around([r["geom"] for r in rows], code)


def bow_tie(x: float, y: float, size: float = 20) -> shapely.Polygon:
    return shapely.Polygon([(x, y), (x + size, y + size), (x + size, y), (x, y + size), (x, y)])


def _column(values: list) -> np.ndarray:
    """Numbers as a number field (an empty cell: NULL, read back as NaN), else text."""
    numbers = [v for v in values if v is not None]
    if numbers and all(isinstance(v, int | float) for v in numbers):
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    return np.array(values, dtype=object)


def write_layer(
    rows: list[dict],
    directory: Path,
    *,
    driver="ESRI Shapefile",
    name="thua",
    crs=9218,
    text="tcvn3",
    geometry_type="Polygon",
) -> Path:
    suffix = {"ESRI Shapefile": ".shp", "GPKG": ".gpkg", "GeoJSON": ".geojson"}[driver]
    path = directory / f"{name}{suffix}"
    geometry = np.array([shapely.to_wkb(r["geom"]) for r in rows], dtype=object)
    fields = [f for f in FIELDS if rows and f in rows[0]]
    if text == "tcvn3":  # raw TCVN3 bytes, through latin-1, as a DBF of .VnTime text holds
        data = [
            np.array([tcvn3(r[f]).decode("latin1") for r in rows], dtype=object) for f in fields
        ]
        encoding = "latin1"
    else:
        data = [_column([r[f] for r in rows]) for f in fields]
        encoding = None if driver != "ESRI Shapefile" else "UTF-8"
    wkt = CRS.from_epsg(crs).to_wkt("WKT1_ESRI") if crs else None
    raw.write(
        path,
        geometry,
        data,
        fields,
        driver=driver,
        geometry_type=geometry_type,
        crs=wkt,
        encoding=encoding,
        layer=name,
    )
    return path


def zipped_shapefile(rows: list[dict], *, prj=True, **kw) -> bytes:
    """A zip of the Shapefile's .shp/.shx/.dbf (and .prj); no .cpg, as the old software
    writes it."""
    with tempfile.TemporaryDirectory() as tmp:
        shp = write_layer(rows, Path(tmp), **kw)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for part in sorted(Path(tmp).iterdir()):
                if part.suffix == ".cpg" or (part.suffix == ".prj" and not prj):
                    continue
                z.write(part, f"ban-do/{part.name}")
        assert shp.exists()
        return buf.getvalue()


def single_file(rows: list[dict], driver: str, **kw) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_layer(rows, Path(tmp), driver=driver, text="utf-8", **kw).read_bytes()
