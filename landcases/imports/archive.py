"""An uploaded zip, checked before anything is unpacked: its size, the number of members,
their paths (no absolute paths, drive letters or “..”), no symbolic links or passwords, the
unpacked size and the compression ratio of each member (a zip bomb goes far beyond any real
layer), and at most one zip inside the zip. Then only the files of the chosen layer — a
Shapefile's .shp/.shx/.dbf/.prj/.cpg, or one GeoPackage, GeoJSON, KML, DXF or DGN — are
unpacked, streamed in chunks, into a fresh temporary directory (each byte counted: a member
that unpacks to more than it declares is refused).
"""

import lzma
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from . import messages as msg

MB = 2**20
CHUNK = MB
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
SHAPEFILE_REQUIRED = (".shx", ".dbf")
SINGLE_FILE_KINDS = {
    ".gpkg": "gpkg",
    ".geojson": "geojson",
    ".json": "geojson",
    ".kml": "kml",
    ".dxf": "dxf",
    ".dgn": "dgn",
}
ARCHIVE_SUFFIXES = (".zip", ".kmz", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz")
_DRIVE = re.compile(r"^[A-Za-z]:")
_SEPARATORS = re.compile(r"[\\/]")


@dataclass(frozen=True)
class Limits:
    # The file as sent. It is kept with its job in a bytea until read, and PostgreSQL cannot
    # send a bytea much above 500 MB back (as text, twice its size): 256 MB is some 700,000
    # parcels as a GeoPackage (100,000 take 36 MB), and far below that limit.
    upload_bytes: int = 256 * MB
    member_bytes: int = 2048 * MB  # one member unpacked
    total_bytes: int = 3072 * MB  # every member unpacked
    members: int = 500
    ratio: int = 200  # unpacked / packed, for a member of more than ratio_from bytes
    ratio_from: int = MB


LIMITS = Limits()


class ArchiveRefused(ValueError):
    """The archive is refused before (or while) unpacking: a translated reason."""


@dataclass(frozen=True)
class Dataset:
    name: str  # the member path of its main file (what the user chooses)
    kind: str  # shapefile / gpkg / geojson / kml / dxf / dgn
    members: tuple[str, ...]
    missing: tuple[str, ...] = ()  # a Shapefile's required parts not in the archive


@dataclass
class Extracted:
    """The unpacked layer; remove it with cleanup() (or use it as a context manager)."""

    directory: Path
    main: Path
    dataset: Dataset

    def cleanup(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> "Extracted":
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()


def _mb(size: int) -> str:
    return f"{size / MB:.1f}"


def _size_of(source: str | os.PathLike | BinaryIO) -> int:
    if isinstance(source, str | os.PathLike):
        return os.stat(source).st_size
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    where = source.tell()
    end = source.seek(0, os.SEEK_END)
    source.seek(where)
    return end


def _unsafe(name: str) -> bool:
    parts = _SEPARATORS.split(name)
    return (
        name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts or "\x00" in name
    )


def _ignored(name: str) -> bool:
    """Folders and the resource forks macOS adds to the zips it makes."""
    parts = _SEPARATORS.split(name)
    return name.endswith(("/", "\\")) or parts[0] == "__MACOSX" or parts[-1].startswith("._")


def _checked_members(archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise ArchiveRefused(
            msg.ARCHIVE_TOO_MANY_MEMBERS % {"count": len(infos), "limit": limits.members}
        )
    kept, total = [], 0
    for info in infos:
        name = info.filename
        if _unsafe(name):
            raise ArchiveRefused(msg.ARCHIVE_UNSAFE_PATH % {"name": name[:120]})
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ArchiveRefused(msg.ARCHIVE_SYMLINK % {"name": name[:120]})
        if info.flag_bits & 0x1:
            raise ArchiveRefused(msg.ARCHIVE_ENCRYPTED % {"name": name[:120]})
        if info.file_size > limits.member_bytes:
            raise ArchiveRefused(
                msg.ARCHIVE_MEMBER_TOO_LARGE
                % {
                    "name": name[:120],
                    "size": _mb(info.file_size),
                    "limit": limits.member_bytes // MB,
                }
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_from and ratio > limits.ratio:
            raise ArchiveRefused(
                msg.ARCHIVE_BOMB % {"name": name[:120], "ratio": int(ratio), "limit": limits.ratio}
            )
        total += info.file_size
        if not _ignored(name):
            kept.append(info)
    if total > limits.total_bytes:
        raise ArchiveRefused(
            msg.ARCHIVE_TOO_LARGE_UNPACKED % {"size": _mb(total), "limit": limits.total_bytes // MB}
        )
    # Many members each under ratio_from can add up to a bomb of their own.
    ratio = total / max(sum(i.compress_size for i in infos), 1)
    if total > limits.ratio_from and ratio > limits.ratio:
        raise ArchiveRefused(msg.ARCHIVE_BOMB_TOTAL % {"ratio": int(ratio), "limit": limits.ratio})
    return kept


def _datasets(names: list[str]) -> list[Dataset]:
    found: list[Dataset] = []
    parts: dict[str, dict[str, str]] = defaultdict(dict)
    for name in names:
        path = PurePosixPath(name.replace("\\", "/"))
        suffix = path.suffix.lower()
        if suffix in SHAPEFILE_PARTS:
            stem = str(path.with_suffix("")).lower()
            parts[stem][suffix] = name
        elif suffix in SINGLE_FILE_KINDS:
            found.append(Dataset(name, SINGLE_FILE_KINDS[suffix], (name,)))
    for group in parts.values():
        if ".shp" not in group:
            continue  # a .dbf alone (a table) or a stray .prj is not a layer
        missing = tuple(s for s in SHAPEFILE_REQUIRED if s not in group)
        members = tuple(group[s] for s in SHAPEFILE_PARTS if s in group)
        found.append(Dataset(group[".shp"], "shapefile", members, missing))
    return sorted(found, key=lambda d: d.name)


def _open(source, limits: Limits) -> zipfile.ZipFile:
    size = _size_of(source)
    if size > limits.upload_bytes:
        raise ArchiveRefused(
            msg.FILE_TOO_LARGE % {"size": _mb(size), "limit": limits.upload_bytes // MB}
        )
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ArchiveRefused(msg.NOT_A_ZIP) from None


def inspect(source, *, limits: Limits = LIMITS, _depth: int = 0) -> list[Dataset]:
    """The layers of an uploaded zip (a path or a binary file object), every member checked;
    nothing of the layers is unpacked (a zip inside the zip is, to be read in turn)."""
    with _open(source, limits) as archive:
        infos = _checked_members(archive, limits)
        datasets = _datasets([i.filename for i in infos])
        if datasets:
            return datasets
        with _inner_zip(archive, infos, limits, _depth) as nested:
            return inspect(nested, limits=limits, _depth=_depth + 1)


@contextmanager
def _inner_zip(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits, depth: int):
    """An archive without a layer may hold one zip: unpacked to a scratch file for the time
    it is read. Anything else is refused."""
    inner = [i for i in infos if i.filename.lower().endswith(ARCHIVE_SUFFIXES)]
    if not inner:
        raise ArchiveRefused(msg.ARCHIVE_NO_DATASET)
    if depth >= 1:
        raise ArchiveRefused(msg.ARCHIVE_NESTED_TOO_DEEP % {"name": inner[0].filename[:120]})
    if len(inner) > 1 or not inner[0].filename.lower().endswith(".zip"):
        names = ", ".join(i.filename[:120] for i in inner[:10])
        raise ArchiveRefused(msg.ARCHIVE_ONLY_ARCHIVES % {"names": names})
    scratch = Path(tempfile.mkdtemp(prefix="import-zip-"))
    try:
        nested = scratch / "inner.zip"
        _copy(archive, inner[0], nested, limits)
        yield nested
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _copy(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limits: Limits) -> None:
    written = 0
    allowed = min(info.file_size, limits.member_bytes)
    with open(target, "xb") as out:
        try:
            with archive.open(info) as src:
                while chunk := src.read(CHUNK):
                    written += len(chunk)
                    if written > allowed:
                        raise ArchiveRefused(msg.ARCHIVE_LIED % {"name": info.filename[:120]})
                    out.write(chunk)
        except (
            zipfile.BadZipFile,
            EOFError,
            zlib.error,
            lzma.LZMAError,
            OSError,
            NotImplementedError,
        ):
            raise ArchiveRefused(msg.ARCHIVE_DAMAGED % {"name": info.filename[:120]}) from None


def _pick(datasets: list[Dataset], choose: str | None) -> Dataset:
    if choose is not None:
        for dataset in datasets:
            if dataset.name == choose:
                break
        else:
            raise ArchiveRefused(msg.ARCHIVE_NO_SUCH_DATASET % {"name": choose[:120]})
    elif len(datasets) == 1:
        dataset = datasets[0]
    else:
        names = ", ".join(d.name for d in datasets[:10])
        raise ArchiveRefused(msg.ARCHIVE_SEVERAL_DATASETS % {"names": names})
    if dataset.missing:
        raise ArchiveRefused(
            msg.SHAPEFILE_INCOMPLETE % {"name": dataset.name, "missing": ", ".join(dataset.missing)}
        )
    return dataset


def extract(
    source, *, choose: str | None = None, limits: Limits = LIMITS, _depth: int = 0
) -> Extracted:
    """Unpack the chosen layer (the only one, when `choose` is not given) of an uploaded zip
    into a fresh temporary directory. A zip whose only content is one zip is opened once."""
    with _open(source, limits) as archive:
        infos = _checked_members(archive, limits)
        datasets = _datasets([i.filename for i in infos])
        if not datasets:
            with _inner_zip(archive, infos, limits, _depth) as nested:
                return extract(nested, choose=choose, limits=limits, _depth=_depth + 1)
        dataset = _pick(datasets, choose)
        directory = Path(tempfile.mkdtemp(prefix="import-"))
        by_name = {i.filename: i for i in infos}
        try:
            for name in dataset.members:
                base = _SEPARATORS.split(name)[-1]
                _copy(archive, by_name[name], directory / base, limits)
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        return Extracted(directory, directory / _SEPARATORS.split(dataset.name)[-1], dataset)
