"""The real parcel shapes the demo and the benchmark are made of: GeoJSON files of the French
cadastre, compressed, in demo/data/ ("DGFiP / Etalab, cadastre 2022", Licence Ouverte 2.0:
see demo/data/README.md). Nothing outside the repository is read."""

import json
import lzma
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "cadastre-fr"
ATTRIBUTION = "DGFiP / Etalab, cadastre 2022"
LICENCE = "Licence Ouverte 2.0"
EPINAY = "cadastre-91216-parcelles.json.xz"  # Épinay-sur-Orge: peri-urban and farmland
PARIS_18 = "cadastre-75118-parcelles.json.xz"  # Paris 18e: dense urban


class DataMissing(Exception):
    pass


def source_path(name: str) -> Path:
    path = DATA_DIR / name
    if not path.is_file():
        raise DataMissing(
            f"The parcel shapes are missing: {path} not found (they are part of the "
            "repository: check out demo/data/ again)."
        )
    return path


@lru_cache(maxsize=4)
def _read(path: Path) -> tuple[dict, ...]:
    with lzma.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return tuple(
        f
        for f in data["features"]
        if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")
    )


def polygon_features(name: str) -> tuple[dict, ...]:
    """The file's features with a polygonal geometry, in file order (read once per process)."""
    return _read(source_path(name))
