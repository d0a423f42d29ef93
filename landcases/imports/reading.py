"""Reading an uploaded cadastral layer with GDAL (pyogrio, no geopandas): the upload is copied
into a fresh temporary directory of ours (a zip through archive.extract, any other file under
a fixed name), and only that file is handed to GDAL — never a path or URL from the user, and
no network access (CPL_VSIL_CURL_ALLOWED_EXTENSIONS). A KML with a DOCTYPE (where XML entity
bombs live) is refused before GDAL sees it. Text of a Shapefile's DBF is read as raw bytes
(latin-1 round trip) so that TCVN3 / VNI can be detected (legacy_text.py)."""

import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyogrio
from pyogrio import raw
from pyogrio.errors import DataLayerError, DataSourceError

from . import archive
from . import messages as msg

# Single files accepted outside a zip, by the suffix of the name sent (stored under our name).
SINGLE_SUFFIXES = {
    ".gpkg": "gpkg",
    ".geojson": "geojson",
    ".json": "geojson",
    ".kml": "kml",
    ".dxf": "dxf",
    ".dgn": "dgn",
}
_DOCTYPE = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
CHUNK = 2**20

pyogrio.set_gdal_config_options(
    {
        "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".no-network",  # no /vsicurl/ reads at all
        "GDAL_HTTP_TIMEOUT": "1",
        "LIBKML_RESOLVE_STYLE": "NO",
        "LIBKML_EXTERNAL_STYLE": "NO",
        "GPKG_WARN_UNRECOGNIZED_SRS": "NO",
        # A parcel drawn in AutoCAD / MicroStation is a closed (LW)POLYLINE: a polygon.
        "DXF_CLOSED_LINE_AS_POLYGON": "TRUE",
    }
)


class LayerRefused(ValueError):
    """The file or layer cannot be imported at all: a translated reason."""


@dataclass
class Source:
    """The upload unpacked in our temporary directory."""

    directory: Path
    main: Path
    kind: str
    layer: str | None = None  # the layer inside the file to read (None: its only one)

    def cleanup(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> "Source":
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()


def _check_kml(path: Path) -> None:
    with open(path, "rb") as f:
        tail = b""
        while chunk := f.read(CHUNK):
            if _DOCTYPE.search(tail + chunk):
                raise LayerRefused(str(msg.KML_DOCTYPE))
            tail = chunk[-16:]


# What a file of each kind starts with (GDAL picks its driver from the content, not the name)
# and the drivers allowed to open it: anything else is refused before GDAL reads it.
DRIVERS = {
    "gpkg": {"GPKG"},
    "shapefile": {"ESRI Shapefile"},
    "geojson": {"GeoJSON"},
    "kml": {"KML", "LIBKML"},
    "dxf": {"DXF"},
    "dgn": {"DGN"},
}


def _looks_like(kind: str, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind == "gpkg":
        return head.startswith(b"SQLite format 3\x00")
    if kind == "shapefile":
        return head[:4] == (9994).to_bytes(4, "big")
    if kind == "geojson":
        return text[:1] in (b"{", b"[")
    if kind == "kml":
        return text[:1] == b"<" and b"<kml" in head.lower()
    if kind == "dxf":
        return head.startswith(b"AutoCAD Binary DXF") or (
            text[:1].isdigit() and b"SECTION" in head[:4096]
        )
    if kind == "dgn":  # v7: a type-9 element first
        return len(head) > 3 and head[0] in (0x08, 0x88, 0xC8) and head[1:4] == b"\x09\xfe\x02"
    return False


OLE_COMPOUND = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how a DGN V8 starts


def _check_content(source: "Source") -> None:
    with open(source.main, "rb") as f:
        head = f.read(65536)
    if source.kind == "dgn" and head.startswith(OLE_COMPOUND):
        raise LayerRefused(str(msg.DGN_V8))
    if not _looks_like(source.kind, head):
        raise LayerRefused(str(msg.FILE_NOT_OF_ITS_KIND % {"kind": source.kind}))


def open_upload(path: Path, name: str, *, layer: str | None = None) -> Source:
    """The upload (a file of ours on disk, sent as `name`) ready for GDAL. `layer` names one
    of a zip's datasets (archive.inspect) or, else, a layer inside the file (a GeoPackage's)."""
    if zipfile.is_zipfile(path):
        try:
            datasets = {d.name for d in archive.inspect(path)}
            dataset = layer if layer in datasets else None
            extracted = archive.extract(path, choose=dataset)
        except archive.ArchiveRefused as exc:
            raise LayerRefused(str(exc)) from None
        inner = None if dataset is not None or extracted.dataset.kind == "shapefile" else layer
        source = Source(extracted.directory, extracted.main, extracted.dataset.kind, inner)
    else:
        suffix = Path(name).suffix.lower()
        kind = SINGLE_SUFFIXES.get(suffix)
        if kind is None:
            raise LayerRefused(str(msg.FILE_KIND_UNKNOWN % {"name": name[:120]}))
        size = os.stat(path).st_size
        if size > archive.LIMITS.upload_bytes:
            raise LayerRefused(
                str(
                    msg.FILE_TOO_LARGE
                    % {"size": f"{size / 2**20:.1f}", "limit": archive.LIMITS.upload_bytes >> 20}
                )
            )
        directory = Path(tempfile.mkdtemp(prefix="import-"))
        main = directory / f"layer{suffix if suffix != '.json' else '.geojson'}"
        shutil.copyfile(path, main)
        source = Source(directory, main, kind, layer)
    try:
        if source.kind == "kml":  # the more precise reason first
            _check_kml(source.main)
        _check_content(source)
    except LayerRefused:
        source.cleanup()
        raise
    return source


@dataclass
class Layer:
    name: str
    crs: str | None  # as GDAL gives it: "EPSG:9218" or a WKT, None when the file has none
    geometry_type: str
    fields: list[str]
    wkb: np.ndarray  # one WKB (bytes) or None per feature
    # Text fields as GDAL gave them; `text_encoding` turns a value back into the file's bytes
    # (latin-1 for a DBF read byte for byte, UTF-8 for the formats that are UTF-8 by rule).
    text: dict[str, np.ndarray]
    text_encoding: str
    other: dict[str, np.ndarray] = field(default_factory=dict)  # numbers, dates
    bounds: tuple[float, float, float, float] | None = None
    features: int = 0  # in the layer (more than read when max_features cut it)
    not_utf8: bool = False  # a UTF-8 format whose text is not UTF-8 (read as raw bytes)

    def __len__(self) -> int:
        return len(self.wkb)

    def raw(self, value) -> bytes | None:
        """A text value as the file's bytes."""
        return value.encode(self.text_encoding) if isinstance(value, str) else None


def layer_names(path: Path, name: str) -> list[str]:
    """The layers a user may choose in an upload: a zip's datasets when it holds several,
    else the layers inside the file (a GeoPackage may hold several)."""
    if zipfile.is_zipfile(path):
        try:
            datasets = [d.name for d in archive.inspect(path)]
        except archive.ArchiveRefused as exc:
            raise LayerRefused(str(exc)) from None
        if len(datasets) > 1:
            return datasets
    with open_upload(path, name) as source:
        try:
            return [str(n) for n, _t in pyogrio.list_layers(source.main)]
        except (DataSourceError, DataLayerError) as exc:
            raise LayerRefused(str(msg.LAYER_UNREADABLE % {"error": str(exc)[:200]})) from None


def read_layer(source: Source, layer: str | None = None, *, max_features=None) -> Layer:
    """Every feature of the chosen layer (the only one when `layer` is not given), or its
    first `max_features` (the set-up screen's preview and sample)."""
    try:
        driver = pyogrio.read_info(source.main)["driver"]
        if driver not in DRIVERS.get(source.kind, ()):
            raise LayerRefused(str(msg.FILE_NOT_OF_ITS_KIND % {"kind": source.kind}))
        layers = [str(n) for n, _t in pyogrio.list_layers(source.main)]
        if layer is None and len(layers) > 1:
            names = ", ".join(layers[:10])
            raise LayerRefused(str(msg.SEVERAL_LAYERS % {"names": names}))
        if layer is not None and layer not in layers:
            raise LayerRefused(str(msg.NO_SUCH_LAYER % {"name": layer[:120]}))
        name = layer or layers[0]
        # A DBF's bytes as they are (latin-1 maps each byte to one character and back).
        encoding = "latin1" if source.kind == "shapefile" else None
        not_utf8 = False
        try:
            meta, _fids, wkb, values = raw.read(
                source.main, layer=name, encoding=encoding, max_features=max_features
            )
        except UnicodeDecodeError:
            # A format that is UTF-8 by rule holding other bytes (TCVN3 or VNI text pasted
            # from a Shapefile): its bytes as they are, for the encoding's detection to tell.
            not_utf8, encoding = True, "latin1"
            meta, _fids, wkb, values = raw.read(
                source.main, layer=name, encoding=encoding, max_features=max_features
            )
        info = pyogrio.read_info(source.main, layer=name, force_total_bounds=True)
    except (DataSourceError, DataLayerError) as exc:
        raise LayerRefused(str(msg.LAYER_UNREADABLE % {"error": str(exc)[:200]})) from None
    fields = [str(f) for f in meta["fields"]]
    texts, other = {}, {}
    for fname, column in zip(fields, values, strict=True):
        if column.dtype == object:
            texts[fname] = column
        else:
            other[fname] = column
    bounds = info.get("total_bounds")
    bounds = tuple(float(v) for v in bounds) if bounds is not None else None
    return Layer(
        name=name,
        crs=meta.get("crs"),
        geometry_type=str(meta.get("geometry_type") or ""),
        fields=fields,
        wkb=wkb if wkb is not None else np.array([], dtype=object),
        text=texts,
        text_encoding="latin1" if encoding else "utf-8",
        not_utf8=not_utf8,
        other=other,
        bounds=bounds,
        features=max(int(info.get("features") or 0), len(wkb) if wkb is not None else 0),
    )
