"""What the set-up screen of a parcel import shows, read from the kept upload (nothing
written): the layers to choose from, the chosen layer's fields and feature count, its source
CRS as recognised (or why it must be chosen), the text encoding found, the field mapping
suggested (or as chosen), and the first features on the map, moved to WGS 84 with PROJ and
labelled with their mapped values decoded. The same steps as the import itself
(parcel_imports.py), on the first features only."""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from pyproj import Transformer

from ..imports import field_mapping, reading, vn2000
from ..models import ParcelImport
from .parcel_import_rows import Values
from .parcel_imports import (
    ImportRefused,
    Params,
    _encoding,
    _mapping,
    _remembered,
    _source_crs,
)

PREVIEW_FEATURES = 200
SAMPLE_FEATURES = 2000  # enough for the encoding's detection (parcel_imports.ENCODING_SAMPLE)
# What the preview shows of each feature (no owner's name: the page needs none).
LABELS = ("sheet_no", "parcel_no", "land_use_code", "legal_area", "address")


@dataclass
class Setup:
    layers: list[str] = field(default_factory=list)
    layer: str | None = None
    fields: list[str] = field(default_factory=list)
    features: int = 0
    geometry_type: str = ""
    srid: int | None = None
    crs: dict = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)
    encoding: dict = field(default_factory=dict)
    preview: dict = field(default_factory=dict)  # GeoJSON of the first features (WGS 84)
    problems: list[str] = field(default_factory=list)  # what stops the import as set up


def parcel_import_setup(job: ParcelImport, params: Params) -> Setup:
    """The set-up screen of `job` with `params` as chosen so far (reads only)."""
    setup = Setup()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload"
        path.write_bytes(bytes(job.input or b""))
        try:
            setup.layers = reading.layer_names(path, job.input_name)
            chosen = params.layer if params.layer in setup.layers else None
            if chosen is None and len(setup.layers) > 1:
                chosen = setup.layers[0]
            with reading.open_upload(path, job.input_name, layer=chosen) as source:
                layer = reading.read_layer(source, source.layer, max_features=SAMPLE_FEATURES)
        except reading.LayerRefused as exc:
            setup.problems.append(str(exc))
            return setup
    setup.layer, setup.fields = layer.name, layer.fields
    setup.features, setup.geometry_type = layer.features, layer.geometry_type
    try:
        setup.srid, setup.crs = _source_crs(layer, params.srid)
    except ImportRefused as exc:
        setup.problems.append(str(exc))
    remembered = _remembered(job.project_id)
    suggested = field_mapping.suggest(layer.fields, remembered)
    setup.mapping = {t: s.source for t, s in suggested.items() if s is not None}
    for target, column in params.mapping.items():
        if column == "":
            setup.mapping.pop(target, None)
        elif column in layer.fields:
            setup.mapping[target] = column
    try:
        _mapping(layer, params, remembered)
    except ImportRefused as exc:
        setup.problems.append(str(exc))
    try:
        used, setup.encoding = _encoding(layer, setup.mapping, params.encoding)
    except ImportRefused as exc:
        setup.problems.append(str(exc))
        used = "utf-8"
    if setup.srid is not None:
        for problem in vn2000.check_extent(layer.bounds, setup.srid) if layer.bounds else ():
            if problem.blocking:
                setup.problems.append(problem.message)
        setup.preview = _preview(layer, setup.srid, Values(layer, setup.mapping, used))
    return setup


def _preview(layer: reading.Layer, srid: int, values: Values) -> dict:
    """The first features as GeoJSON in WGS 84 (longitude, latitude), with their labels."""
    transformer = Transformer.from_crs(srid, 4326, always_xy=True)
    features = []
    for i, wkb in enumerate(layer.wkb[:PREVIEW_FEATURES]):
        if wkb is None:
            continue
        try:
            shape = shapely.from_wkb(wkb)
        except shapely.errors.GEOSException:
            continue
        moved = shapely.transform(shape, lambda xy: _moved(transformer, xy), include_z=False)
        properties = {name: values.get(name, i) for name in LABELS}
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(moved),
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _moved(transformer: Transformer, xy):
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])
