"""The exports (issue 14, "Out"): the parcels as GeoPackage, zipped Shapefile and GeoJSON, read
back with the system's `ogrinfo` (GDAL 3.6, as older QGIS installs have it, not the GDAL that
wrote them), and the household list as a workbook read back with openpyxl; the names only
when asked and allowed, sensitive data only for its roles, on a POST, logged; every read
through the gate."""

import io
import subprocess
import zipfile
from datetime import timedelta

import openpyxl
import pytest
import shapely
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from pyogrio.raw import read

from consultations.parcel_export import _shapefile_text
from landcases import services as registers
from landcases.models import Role, SensitiveReadLog
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db

OGRINFO = "/usr/bin/ogrinfo"
NAME = "Hộ số 1"  # the first land user of make_world, holding parcel 10/1


@pytest.fixture
def world():
    users = {r: make_user(f"x-{r}") for r in Role if r != Role.BOARD_STAFF}
    actor, project, area, cases = make_world(3, members=[(u, r) for r, u in users.items()])
    users[Role.BOARD_STAFF] = actor
    kw = {"project": project, "actor": actor}
    record("notice_issued", **kw, area=area, on=D, number="1/TB")
    record("notice_delivered", **kw, case=cases[0], on=D + timedelta(days=1), method="post")
    registers.land_user_sensitive_set(
        land_user=cases[0].land_user,
        actor=actor,
        reason="Điều tra",
        citizen_id="060123456789",
        ethnicity="Chăm",
        vulnerabilities=["poor"],
    )
    return users, project


def ogrinfo(path, *args) -> str:
    done = subprocess.run(
        [OGRINFO, "-ro", "-al", *args, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={"LC_ALL": "C.UTF-8"},
    )
    return done.stdout + done.stderr


def download(client, user, project, fmt, tmp_path, **extra):
    client.force_login(user)
    response = client.get(
        reverse("consultations:parcel_export", args=[project.code]),
        {"format": fmt, **extra},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200, response.status_code
    assert project.code in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    if fmt == "shp":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert sorted(archive.namelist()) == [
                f"thua_dat.{s}" for s in ("cpg", "dbf", "prj", "shp", "shx")
            ]
            archive.extractall(tmp_path)
            assert archive.read("thua_dat.cpg").strip() == b"UTF-8"
        return tmp_path / "thua_dat.shp"
    path = tmp_path / f"thua_dat.{fmt}"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "geojson"])
def test_each_format_reads_back_with_ogrinfo(client, world, tmp_path, fmt):
    users, project = world
    path = download(client, users[Role.VIEWER], project, fmt, tmp_path)
    summary = ogrinfo(path, "-so")
    assert "Layer name: thua_dat" in summary
    assert "Feature Count: 3" in summary
    assert "Warning" not in summary and "ERROR" not in summary, summary
    if fmt == "geojson":
        assert 'GEOGCRS["WGS 84"' in summary
    else:
        assert 'PROJCRS["VN-2000 / TM-3 108-30"' in summary
        assert 'ID["EPSG",9218]' in summary
    for field in ("parcel_id", "commune_nm", "sheet_no", "parcel_no", "stage", "overlays"):
        assert f"{field}: " in summary, field
    assert "land_users" not in summary  # no names unless asked
    features = ogrinfo(path, "-where", "parcel_no = '1'")
    assert "commune_nm (String) = Xã Thuận Quý" in features
    assert "stage (String) = notified" in features
    assert "land_group (String) = Đất nông nghiệp" in features
    assert "map_kind (String) = Bản đồ địa chính" in features
    assert "stage_lbl (String) = Đã thông báo" in features
    assert "overlays (String) = resettlement_pending" in features  # an eligible household
    assert NAME not in features
    if fmt != "geojson":
        # Metres in the zone: the parcels lie near (450,000, 1,210,000).
        assert "Extent: (449999.99" in summary and "- (450069.99" in summary
    else:
        assert "Extent: (108." in summary


@pytest.mark.parametrize("fmt", ["gpkg", "shp"])
def test_names_only_when_asked_and_allowed(client, world, tmp_path, fmt):
    users, project = world
    path = download(client, users[Role.COMMUNE_OFFICIAL], project, fmt, tmp_path, names="1")
    features = ogrinfo(path, "-where", "parcel_no = '1'")
    assert f"land_users (String) = {NAME}" in features
    client.force_login(users[Role.VIEWER])
    url = reverse("consultations:parcel_export", args=[project.code])
    assert client.get(url, {"format": fmt, "names": "1"}).status_code == 404


def test_no_sensitive_data_in_any_gis_file(client, world, tmp_path):
    users, project = world
    for fmt in ("gpkg", "shp", "geojson"):
        folder = tmp_path / fmt
        folder.mkdir()
        path = download(client, users[Role.BOARD_STAFF], project, fmt, folder, names="1")
        text = ogrinfo(path)
        assert NAME in text
        assert "060123456789" not in text and "Chăm" not in text


def test_unknown_format_is_refused_in_words(client, world):
    users, project = world
    client.force_login(users[Role.VIEWER])
    url = reverse("consultations:parcel_export", args=[project.code])
    response = client.get(url, {"format": "kml"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert "GeoPackage" in response.content.decode()


@pytest.mark.parametrize("role", [*Role, None])
def test_permission_matrix(client, world, role):
    """Every role (None: a member of another project only, who gets 404 for everything)."""
    users, project = world
    if role is None:
        stranger = make_user("x-stranger")
        make_project("du-an-khac", members=[(stranger, Role.BOARD_STAFF)])
        client.force_login(stranger)
    else:
        client.force_login(users[role])
    parcels = reverse("consultations:parcel_export", args=[project.code])
    households = reverse("consultations:household_list_export", args=[project.code])
    sensitive = {"sensitive": "1", "purpose": "audit"}
    expected = 404 if role is None else 200
    assert client.get(parcels, {"format": "gpkg"}).status_code == expected
    assert client.get(households).status_code == expected
    names = 404 if role in (None, Role.VIEWER) else 200
    assert client.get(parcels, {"format": "geojson", "names": "1"}).status_code == names
    may_sensitive = role in (Role.BOARD_STAFF, Role.AUDITOR)
    assert client.post(households, sensitive).status_code == (200 if may_sensitive else 404)


def workbook_rows(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    width = len(rows[0])
    return [r + [None] * (width - len(r)) for r in rows]  # empty cells at the end are not kept


def test_household_list_columns_per_role(client, world):
    users, project = world
    url = reverse("consultations:household_list_export", args=[project.code])
    client.force_login(users[Role.VIEWER])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert project.code in response["Content-Disposition"]
    rows = workbook_rows(response)
    header = rows[0]
    assert len(rows) == 4  # three land users, one holding each
    assert "Tên" not in header and "Mã tra cứu" not in header
    assert all(NAME not in [str(c) for c in r] for r in rows)
    stage, parcel = header.index("Giai đoạn"), header.index("Tờ / thửa")
    assert [(r[parcel], r[stage]) for r in rows[1:]] == [
        ("10/1", "Đã thông báo"),
        ("10/2", "Đã xác định"),
        ("10/3", "Đã xác định"),
    ]
    assert rows[1][header.index("Hình thức sử dụng")] == "Người có Giấy chứng nhận"
    assert not any("CCCD" in str(h) for h in header)

    client.force_login(users[Role.COMMUNE_OFFICIAL])
    rows = workbook_rows(client.get(url, HTTP_ACCEPT_LANGUAGE="vi"))
    header = rows[0]
    assert "Tên" in header
    assert NAME in [r[header.index("Tên")] for r in rows[1:]]
    assert not any("CCCD" in str(h) for h in header)
    # A commune official may not ask for the sensitive columns.
    assert client.post(url, {"sensitive": "1", "purpose": "audit"}).status_code == 404
    assert not SensitiveReadLog.objects.exists()


def test_sensitive_columns_by_choice_with_a_purpose_and_logged(client, world):
    users, project = world
    url = reverse("consultations:household_list_export", args=[project.code])
    client.force_login(users[Role.AUDITOR])
    plain = workbook_rows(client.get(url, HTTP_ACCEPT_LANGUAGE="vi"))
    assert not any("CCCD" in str(h) for h in plain[0])
    assert not SensitiveReadLog.objects.exists()  # a GET reads no sensitive data
    refused = client.post(url, {"sensitive": "1"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 400 and not SensitiveReadLog.objects.exists()
    rows = workbook_rows(
        client.post(url, {"sensitive": "1", "purpose": "audit"}, HTTP_ACCEPT_LANGUAGE="vi")
    )
    header = rows[0]
    cccd = next(i for i, h in enumerate(header) if "CCCD" in str(h))
    name = header.index("Tên")
    first = next(r for r in rows[1:] if r[name] == NAME)
    assert first[cccd] == "060123456789"
    assert "Chăm" in first
    logged = SensitiveReadLog.objects.get()  # the one land user with a sensitive record
    assert logged.user == users[Role.AUDITOR] and logged.purpose == "audit"
    assert logged.land_user.name == NAME
    others = [r for r in rows[1:] if r[name] != NAME]
    assert len(others) == 2 and all(r[cccd] is None for r in others)


def test_a_land_user_holding_nothing_has_a_row(client, world):
    users, project = world
    registers.land_user_create(
        project=project, actor=users[Role.BOARD_STAFF], kind="individual", name="Trần Văn Út"
    )
    client.force_login(users[Role.BOARD_STAFF])
    url = reverse("consultations:household_list_export", args=[project.code])
    rows = workbook_rows(client.get(url, HTTP_ACCEPT_LANGUAGE="vi"))
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("Tên")] == "Trần Văn Út")
    assert row[header.index("Tờ / thửa")] is None and row[header.index("Loại")] == "Cá nhân"
    assert row[header.index("Giai đoạn")] == "Đã xác định"


def test_zone_coordinates_are_those_postgis_computes(client, world, tmp_path):
    """The Shapefile's and GeoPackage's coordinates: the registers' own transformation (PostGIS
    ST_Transform to the project's zone), to a micrometre."""
    users, project = world
    path = download(client, users[Role.VIEWER], project, "gpkg", tmp_path)
    _meta, _fids, geometry, fields = read(path)
    with connection.cursor() as cur:
        cur.execute(
            "select id, ST_AsBinary(ST_Transform(geom, %s)) from landcases_parcel "
            "where project_id = %s order by id",
            [project.source_srid, project.id],
        )
        expected = dict(cur.fetchall())
    assert len(expected) == 3
    for parcel_id, wkb in zip(fields[0], geometry, strict=True):
        a, b = shapely.from_wkb(wkb), shapely.from_wkb(bytes(expected[parcel_id]))
        assert shapely.hausdorff_distance(a, b) < 1e-6


def test_shapefile_text_is_cut_to_what_dbase_holds():
    long = "Nguyễn Thị Ánh Tuyết; " * 20  # 440 characters, more bytes
    cut = _shapefile_text([long, "Hộ số 1", ""])
    assert len(cut[0].encode()) <= 254 and long.startswith(cut[0]) and len(cut[0]) > 100
    assert list(cut[1:]) == ["Hộ số 1", ""]


def test_management_command_same_code_path(world, tmp_path):
    _users, project = world
    out = tmp_path / "thua_dat.gpkg"
    call_command("export_parcels", project.code, "--format", "gpkg", str(out))
    summary = ogrinfo(out, "-so")
    assert "Feature Count: 3" in summary and "land_users" not in summary
    named = tmp_path / "named.geojson"
    call_command("export_parcels", project.code, "--format", "geojson", "--names", str(named))
    assert NAME in ogrinfo(named)


def test_the_bench_row_runs_on_a_small_project(world):
    """bench/exports.py on this world (what it measures is for bin/bench, not asserted)."""
    from bench.exports import parcel_exports
    from bench.table import Context

    _users, project = world
    rows = parcel_exports(Context(project=project, parcels=3, options=None, log=lambda _t: None))
    assert [r.name for r in rows] == [
        "export-gpkg",
        "export-shp",
        "export-geojson",
        "export-households",
    ]
    assert rows[2].baseline is not None and all(r.ours > 0 for r in rows)
    assert "3 parcels" in rows[0].notes


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "geojson"])
def test_a_project_without_parcels_exports_an_empty_layer(client, tmp_path, fmt):
    user = make_user("x-empty")
    project, _area, _commune = make_project("du-an-trong", members=[(user, Role.VIEWER)])
    path = download(client, user, project, fmt, tmp_path)
    summary = ogrinfo(path, "-so")
    assert "Layer name: thua_dat" in summary and "Feature Count: 0" in summary
