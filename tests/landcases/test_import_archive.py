"""Uploaded zips (issue 14): refused before unpacking for their size, ratio, member count,
paths, links, passwords and nesting; the chosen layer's files alone unpacked, streamed."""

import io
import os
import stat
import tempfile
import tracemalloc
import zipfile

import pytest
from django.utils import translation

from landcases.imports import archive
from landcases.imports import messages as msg

SHAPEFILE = {
    "thua_dat/ThuaDat.shp": b"shp" * 100,
    "thua_dat/ThuaDat.shx": b"shx" * 10,
    "thua_dat/ThuaDat.dbf": b"dbf" * 100,
    "thua_dat/ThuaDat.prj": b'PROJCS["VN-2000 / TM-3 108-30"]',
    "thua_dat/ThuaDat.cpg": b"UTF-8",
    "thua_dat/readme.txt": b"not needed",
    "__MACOSX/thua_dat/._ThuaDat.shp": b"resource fork",
}


def make_zip(path, members, **kwargs):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **kwargs) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.fixture(autouse=True)
def own_temp_dir(tmp_path, monkeypatch):
    """Unpacked layers land under the test's own folder: what is left behind can be seen."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory):
    """1 GiB of zeros in a zip of about 1 MB, written by zipfile in chunks (never in memory)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("bomb/ThuaDat.dbf", "w", force_zip64=True) as out:
            chunk = bytes(2**20)
            for _ in range(1024):
                out.write(chunk)
        zf.writestr("bomb/ThuaDat.shp", b"shp")
        zf.writestr("bomb/ThuaDat.shx", b"shx")
    assert path.stat().st_size < 2 * 2**20
    return path


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(archive.ArchiveRefused) as refused:
        call(*args, **kwargs)
    return str(refused.value)


def test_the_files_of_a_shapefile_alone_are_unpacked_into_a_fresh_directory(tmp_path, own_temp_dir):
    path = make_zip(tmp_path / "up.zip", SHAPEFILE)
    assert [d.name for d in archive.inspect(path)] == ["thua_dat/ThuaDat.shp"]
    with archive.extract(path) as found:
        assert found.dataset.kind == "shapefile"
        assert found.main.name == "ThuaDat.shp"
        assert found.directory.parent == own_temp_dir
        names = sorted(p.name for p in found.directory.iterdir())
        assert names == sorted(
            ["ThuaDat.shp", "ThuaDat.shx", "ThuaDat.dbf", "ThuaDat.prj", "ThuaDat.cpg"]
        )
        assert (found.directory / "ThuaDat.dbf").read_bytes() == SHAPEFILE["thua_dat/ThuaDat.dbf"]
    assert not found.directory.exists()
    assert list(own_temp_dir.iterdir()) == []


def test_a_file_object_is_read_as_well_as_a_path(tmp_path):
    data = make_zip(io.BytesIO(), {"ranh_gioi.geojson": b'{"type": "FeatureCollection"}'})
    data.seek(0)
    with archive.extract(data) as found:
        assert found.dataset.kind == "geojson"
        assert found.main.read_bytes() == b'{"type": "FeatureCollection"}'


def test_a_zip_bomb_is_refused_by_its_ratio_before_anything_is_unpacked(zip_bomb, own_temp_dir):
    with translation.override("vi"):
        reason = refusal(archive.extract, zip_bomb)
        expected = str(msg.ARCHIVE_BOMB) % {
            "name": "bomb/ThuaDat.dbf",
            "ratio": _ratio(zip_bomb),
            "limit": 200,
        }
    assert reason == expected
    assert _ratio(zip_bomb) > 500
    assert list(own_temp_dir.iterdir()) == []


def _ratio(path) -> int:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("bomb/ThuaDat.dbf")
    assert info.file_size == 2**30
    return int(info.file_size / info.compress_size)


def test_a_zip_bomb_under_a_lax_ratio_is_still_refused_by_its_unpacked_size(zip_bomb):
    limits = archive.Limits(ratio=10**6, member_bytes=512 * archive.MB)
    reason = refusal(archive.inspect, zip_bomb, limits=limits)
    assert reason == str(msg.ARCHIVE_MEMBER_TOO_LARGE) % {
        "name": "bomb/ThuaDat.dbf",
        "size": "1024.0",
        "limit": 512,
    }
    limits = archive.Limits(ratio=10**6, total_bytes=512 * archive.MB)
    reason = refusal(archive.inspect, zip_bomb, limits=limits)
    assert reason == str(msg.ARCHIVE_TOO_LARGE_UNPACKED) % {"size": "1024.0", "limit": 512}


def test_many_small_members_that_add_up_to_a_bomb_are_refused(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for i in range(100):  # each 512 KiB of zeros: under the per-member threshold
            zf.writestr(f"part{i}.dbf", bytes(512 * 1024))
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    ratio = int(sum(i.file_size for i in infos) / sum(i.compress_size for i in infos))
    assert ratio > 200
    assert refusal(archive.inspect, path) == str(msg.ARCHIVE_BOMB_TOTAL) % {
        "ratio": ratio,
        "limit": 200,
    }


def test_a_2_gb_upload_is_refused_by_its_size_without_being_read(tmp_path):
    huge = tmp_path / "huge.zip"
    with open(huge, "wb") as out:
        out.truncate(2 * 2**30)  # sparse: 2 GiB long, nothing on disk
    tracemalloc.start()
    try:
        reason = refusal(archive.extract, huge)
        with open(huge, "rb") as sent:
            assert refusal(archive.inspect, sent) == reason
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reason == str(msg.FILE_TOO_LARGE) % {"size": "2048.0", "limit": 256}
    assert peak < 2**20


def test_unpacking_is_streamed_in_chunks(tmp_path):
    """64 MiB unpacked with well under 64 MiB of memory (the ratio limit is lifted for it)."""
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("big.gpkg", "w") as out:
        for _ in range(64):
            out.write(bytes(2**20))
    tracemalloc.start()
    try:
        with archive.extract(path, limits=archive.Limits(ratio=10**6)) as found:
            assert found.main.stat().st_size == 64 * 2**20
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20


@pytest.mark.parametrize(
    "name",
    [
        "../ThuaDat.shp",
        "thua_dat/../../ThuaDat.shp",
        "/etc/cron.d/ThuaDat.shp",
        "C:/Windows/ThuaDat.shp",
        "c:ThuaDat.shp",
        "thua_dat\\..\\..\\ThuaDat.shp",
        "\\\\server\\share\\ThuaDat.shp",
    ],
)
def test_a_member_pointing_outside_is_refused(tmp_path, name, own_temp_dir):
    path = make_zip(tmp_path / "up.zip", {**SHAPEFILE, name: b"x"})
    assert refusal(archive.extract, path) == str(msg.ARCHIVE_UNSAFE_PATH) % {"name": name}
    assert list(own_temp_dir.iterdir()) == []


def test_a_symbolic_link_is_refused(tmp_path):
    link = zipfile.ZipInfo("thua_dat/ThuaDat.dbf")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    members = {k: v for k, v in SHAPEFILE.items() if not k.endswith(".dbf")}
    path = make_zip(tmp_path / "up.zip", {**members, link: b"/etc/passwd"})
    assert refusal(archive.inspect, path) == str(msg.ARCHIVE_SYMLINK) % {
        "name": "thua_dat/ThuaDat.dbf"
    }


def test_a_member_under_a_password_is_refused(tmp_path):
    path = make_zip(tmp_path / "up.zip", SHAPEFILE)
    raw = bytearray(path.read_bytes())
    # Set the "encrypted" bit in the central directory entry of the first member.
    at = raw.index(b"PK\x01\x02")
    raw[at + 8] |= 0x1
    path.write_bytes(bytes(raw))
    first = next(iter(SHAPEFILE))
    assert refusal(archive.inspect, path) == str(msg.ARCHIVE_ENCRYPTED) % {"name": first}


def test_too_many_members_are_refused(tmp_path):
    path = make_zip(tmp_path / "up.zip", {f"f{i}.txt": b"" for i in range(6)})
    reason = refusal(archive.inspect, path, limits=archive.Limits(members=5))
    assert reason == str(msg.ARCHIVE_TOO_MANY_MEMBERS) % {"count": 6, "limit": 5}


def test_one_zip_inside_the_zip_is_opened_two_are_refused(tmp_path, own_temp_dir):
    inner = make_zip(io.BytesIO(), SHAPEFILE).getvalue()
    once = make_zip(tmp_path / "once.zip", {"ban_do.zip": inner})
    assert [d.name for d in archive.inspect(once)] == ["thua_dat/ThuaDat.shp"]
    assert list(own_temp_dir.iterdir()) == []
    with archive.extract(once, choose="thua_dat/ThuaDat.shp") as found:
        assert found.main.name == "ThuaDat.shp"
        assert (found.directory / "ThuaDat.shx").exists()
    assert list(own_temp_dir.iterdir()) == []
    twice = make_zip(tmp_path / "twice.zip", {"goi.zip": once.read_bytes()})
    expected = str(msg.ARCHIVE_NESTED_TOO_DEEP) % {"name": "ban_do.zip"}
    assert refusal(archive.extract, twice) == expected
    assert refusal(archive.inspect, twice) == expected
    assert list(own_temp_dir.iterdir()) == []


def test_only_other_archives_are_refused(tmp_path):
    path = make_zip(tmp_path / "up.zip", {"a.zip": b"PK", "b.rar": b"Rar!"})
    assert refusal(archive.extract, path) == str(msg.ARCHIVE_ONLY_ARCHIVES) % {
        "names": "a.zip, b.rar"
    }


def test_an_incomplete_shapefile_says_what_is_missing(tmp_path):
    members = {k: v for k, v in SHAPEFILE.items() if not k.endswith((".shx", ".dbf"))}
    path = make_zip(tmp_path / "up.zip", members)
    assert archive.inspect(path)[0].missing == (".shx", ".dbf")
    assert refusal(archive.extract, path) == str(msg.SHAPEFILE_INCOMPLETE) % {
        "name": "thua_dat/ThuaDat.shp",
        "missing": ".shx, .dbf",
    }


def test_several_layers_are_listed_and_one_is_chosen(tmp_path):
    path = make_zip(tmp_path / "up.zip", {**SHAPEFILE, "giao_thong.kml": b"<kml/>"})
    assert refusal(archive.extract, path) == str(msg.ARCHIVE_SEVERAL_DATASETS) % {
        "names": "giao_thong.kml, thua_dat/ThuaDat.shp"
    }
    with archive.extract(path, choose="giao_thong.kml") as found:
        assert [p.name for p in found.directory.iterdir()] == ["giao_thong.kml"]
    assert refusal(archive.extract, path, choose="x.shp") == str(msg.ARCHIVE_NO_SUCH_DATASET) % {
        "name": "x.shp"
    }


def test_no_layer_and_not_a_zip_are_refused(tmp_path):
    path = make_zip(tmp_path / "up.zip", {"readme.txt": b"hello", "ThuaDat.dbf": b"table"})
    assert refusal(archive.extract, path) == str(msg.ARCHIVE_NO_DATASET)
    other = tmp_path / "not.zip"
    other.write_bytes(b"%PDF-1.4 not a zip")
    assert refusal(archive.inspect, other) == str(msg.NOT_A_ZIP)


def test_a_damaged_member_is_refused_and_nothing_is_left(tmp_path, own_temp_dir):
    payload = os.urandom(50_000)
    path = make_zip(tmp_path / "up.zip", {"thua_dat.gpkg": payload})
    raw = bytearray(path.read_bytes())
    raw[200] ^= 0xFF  # inside the compressed data of the only member
    path.write_bytes(bytes(raw))
    assert refusal(archive.extract, path) == str(msg.ARCHIVE_DAMAGED) % {"name": "thua_dat.gpkg"}
    assert list(own_temp_dir.iterdir()) == []


def test_refusals_are_in_vietnamese_first(tmp_path):
    path = make_zip(tmp_path / "up.zip", {"../x.shp": b""})
    with translation.override("vi"):
        reason = refusal(archive.inspect, path)
    assert reason.startswith("Tệp")
