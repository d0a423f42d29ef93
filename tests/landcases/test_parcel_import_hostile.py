"""Hostile and broken cadastral files (issue 14): each refused with a clear reason, through
the import itself, and nothing written."""

import io
import os
import stat
import time
import zipfile

import numpy as np
import pytest
import shapely

from landcases.models import JobStatus, Parcel
from tests.factories import make_user
from tests.landcases.parcel_files import features, project_for, single_file, zipped_shapefile
from tests.landcases.test_parcel_import import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    rows = features(10)
    return rows, project_for(rows, "nhap-xau"), make_user("canbo")


def refused(job, needle: str) -> None:
    assert job.status == JobStatus.REFUSED, job.report
    assert needle in job.report["message"], job.report["message"]
    assert not Parcel.objects.exists()


def test_a_zip_bomb_is_refused_before_unpacking(setting):
    _rows, project, user = setting
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bom/thua.shp", b"\0" * (64 * 2**20))
        z.writestr("bom/thua.shx", b"\0" * 100)
        z.writestr("bom/thua.dbf", b"\0" * 100)
    refused(run(project, user, buf.getvalue()), "zip bomb")


def test_path_traversal_and_symlink_members_are_refused(setting):
    rows, project, user = setting
    good = zipfile.ZipFile(io.BytesIO(zipped_shapefile(rows)))
    for bad_name, link in (("../../etc/thua.shp", False), ("ban-do/thua.prj", True)):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for info in good.infolist():
                data = good.read(info)
                if info.filename.endswith(".shp") and not link:
                    z.writestr(bad_name, data)
                elif info.filename.endswith(".prj") and link:
                    member = zipfile.ZipInfo(bad_name)
                    member.create_system = 3
                    member.external_attr = (stat.S_IFLNK | 0o777) << 16
                    z.writestr(member, "/etc/passwd")
                else:
                    z.writestr(info.filename, data)
        job = run(project, user, buf.getvalue())
        refused(job, "symbolic link" if link else "outside the archive")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE kml [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&f;</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
108.5,11.0 108.6,11.0 108.6,11.1 108.5,11.0</coordinates></LinearRing></outerBoundaryIs>
</Polygon></Placemark></Document></kml>"""


def test_a_kml_entity_bomb_is_refused_before_gdal_reads_it(setting):
    _rows, project, user = setting
    started = time.monotonic()
    refused(run(project, user, BOMB, name="thua.kml"), "declares a DOCTYPE")
    assert time.monotonic() - started < 10
    # Also inside a zip, and with the DOCTYPE in lower case after a long comment.
    # (the padding past the reader's first 1 MiB chunk, and not compressible).
    padding = os.urandom(800_000).hex().encode()
    hidden = BOMB.replace(b"<!DOCTYPE", b"<!--" + padding + b"-->\n<!doctype")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("thua.kml", hidden)
    refused(run(project, user, buf.getvalue()), "declares a DOCTYPE")


def test_a_polygon_of_a_million_vertices_is_refused_by_its_vertex_count(setting):
    rows, project, user = setting
    centre = rows[0]["geom"].centroid
    angles = np.linspace(0, 2 * np.pi, 1_000_000, endpoint=False)
    ring = np.column_stack([centre.x + 30 * np.cos(angles), centre.y + 30 * np.sin(angles)])
    rows = [dict(rows[0], geom=shapely.Polygon(ring)), *rows[1:3]]
    job = run(project, user, zipped_shapefile(rows))
    assert job.status == JobStatus.DONE
    rejected = job.report["rejected"]
    assert [r["row"] for r in rejected] == [1] and rejected[0]["code"] == "too_complex"
    assert "1000001" in rejected[0]["reason"]
    assert job.report["counts"]["created"] == 2


def test_a_missing_crs_is_refused(setting):
    rows, project, user = setting
    refused(run(project, user, zipped_shapefile(rows, prj=False)), "no coordinate system")


def test_a_missing_crs_can_be_given(setting):
    rows, project, user = setting
    job = run(project, user, zipped_shapefile(rows, prj=False), srid=9218)
    assert job.status == JobStatus.DONE and job.report["counts"]["created"] == 10
    assert job.report["crs"]["how"] == "given"


def test_a_crs_that_is_not_vn2000_is_refused(setting):
    rows, project, user = setting
    refused(run(project, user, zipped_shapefile(rows, crs=2154)), "EPSG:2154")


def test_metres_labelled_as_degrees_are_refused(setting):
    rows, project, user = setting
    refused(run(project, user, zipped_shapefile(rows, crs=4326)), "look like metres")


def test_an_empty_layer_is_refused(setting):
    _rows, project, user = setting
    data = single_file([], "GPKG")
    refused(run(project, user, data, name="rong.gpkg", commune="22999"), "no features")


def test_a_layer_of_points_is_refused(setting):
    rows, project, user = setting
    points = [dict(r, geom=r["geom"].centroid) for r in rows]
    data = single_file(points, "GPKG", geometry_type="Point")
    refused(run(project, user, data, name="diem.gpkg"), "not polygons")


def test_a_geopackage_in_utf8_is_read(setting):
    rows, project, user = setting
    job = run(project, user, single_file(rows, "GPKG"), name="thua.gpkg")
    assert job.status == JobStatus.DONE, job.report
    assert job.report["encoding"]["found"] == "utf-8"
    assert Parcel.objects.get(parcel_no="1").address == "thôn Phú Lâm"


def test_a_file_of_an_unknown_kind_is_refused(setting):
    _rows, project, user = setting
    refused(run(project, user, b"MZ\x90\x00", name="thua.exe"), "not a kind of file")


def test_the_project_may_be_in_every_vn2000_tm3_zone(setting):
    from django.db import IntegrityError, connection, transaction
    from pyproj import Geod, Transformer

    from landcases.imports.vn2000 import tm3_zones
    from landcases.models import Project
    from landcases.models.projects import VN2000_SRIDS

    _rows, project, _user = setting
    assert sorted(VN2000_SRIDS) == sorted(z.epsg for z in tm3_zones())
    for srid in (5896, 5897, 5898, 5899, 9205, 9218):
        Project.objects.filter(pk=project.pk).update(source_srid=srid)
    to_wgs84 = {z.epsg: Transformer.from_crs(z.epsg, 4326, always_xy=True) for z in tm3_zones()}
    with connection.cursor() as cur:  # PostGIS knows each zone and transforms it as PROJ does
        for srid, transformer in to_wgs84.items():
            cur.execute(
                "select ST_X(g), ST_Y(g) from (select ST_Transform(ST_SetSRID("
                "ST_MakePoint(520000, 1200000), %s), 4326) g) x",
                [srid],
            )
            lon, lat = cur.fetchone()
            expected = transformer.transform(520_000, 1_200_000)
            assert Geod(ellps="WGS84").inv(lon, lat, *expected)[2] < 0.05, srid
    for srid in (4326, 5895, 9204, 9219):
        with pytest.raises(IntegrityError), transaction.atomic():
            Project.objects.filter(pk=project.pk).update(source_srid=srid)


def test_checks_that_take_too_long_are_stopped_and_nothing_is_written(setting, monkeypatch):
    from landcases.services import parcel_imports

    rows, project, user = setting
    centre = rows[0]["geom"].centroid
    angles = np.linspace(0, 2 * np.pi, 1_000_000, endpoint=False)
    ring = np.column_stack([centre.x + 30 * np.cos(angles), centre.y + 30 * np.sin(angles)])
    data = zipped_shapefile([dict(rows[0], geom=shapely.Polygon(ring)), *rows[1:]])
    monkeypatch.setattr(parcel_imports, "STATEMENT_TIMEOUT_MS", 1)
    refused(run(project, user, data), "took longer than 0.001 s")


def test_a_layer_is_chosen_among_several(setting):
    import zipfile as zf

    rows, project, user = setting
    a, b = zipped_shapefile(rows[:4]), zipped_shapefile(rows[4:], name="thua2")
    buf = io.BytesIO()
    with zf.ZipFile(buf, "w") as z:
        for data in (a, b):
            inner = zf.ZipFile(io.BytesIO(data))
            for info in inner.infolist():
                z.writestr(info.filename, inner.read(info))
    data = buf.getvalue()
    refused(run(project, user, data), "several layers")
    job = run(project, user, data, layer="ban-do/thua2.shp")
    assert job.status == JobStatus.DONE and job.report["counts"]["created"] == 6
    gpkg = single_file(rows, "GPKG")
    job = run(project, user, gpkg, name="thua.gpkg", layer="khong-co")
    assert job.status == JobStatus.REFUSED and "no layer" in job.report["message"]


def test_a_file_pointing_gdal_at_another_file_or_the_network_is_refused(setting, tmp_path):
    """An OGR VRT (or a GeoJSON naming a URL) sent as .geojson: GDAL picks its driver from the
    content, so the content is checked against the kind, the referring drivers are not
    loaded at all, and nothing of the named file reaches the report."""
    import pyogrio

    rows, project, user = setting
    secret = tmp_path / "secret.csv"
    secret.write_text("commune,sheet\nBI-MAT,1\n")
    vrt = (
        f"<OGRVRTDataSource><OGRVRTLayer name='x'><SrcDataSource>CSV:{secret}</SrcDataSource>"
        "</OGRVRTLayer></OGRVRTDataSource>"
    ).encode()
    for name in ("thua.geojson", "thua.kml", "thua.gpkg", "thua.dxf"):
        job = run(project, user, vrt, name=name, srid=9218)
        refused(job, "is not that of a")
        assert "BI-MAT" not in str(job.report)
    drivers = pyogrio.list_drivers()
    assert "OGR_VRT" not in drivers and "WFS" not in drivers and "HTTP" not in drivers
    assert "GeoJSON" in drivers and "GPKG" in drivers


def test_an_empty_number_cell_is_a_missing_value_not_nan(setting):
    rows, project, user = setting
    numbered = [dict(r, SHTHUA=i + 1) for i, r in enumerate(rows)]
    numbered[3]["SHTHUA"] = None
    data = single_file(numbered, "GPKG")
    job = run(project, user, data, name="thua.gpkg", srid=9218)
    assert job.status == JobStatus.DONE, job.report
    assert not Parcel.objects.filter(parcel_no="nan").exists()
    assert job.report["counts"]["rejected"] == 1, job.report["counts"]
    assert Parcel.objects.filter(parcel_no="5").exists()


def test_text_that_is_not_utf8_in_a_utf8_format_is_refused_with_its_reason(setting):
    _rows, project, user = setting
    data = (
        b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        b'{"MAXA":"22999","SHBANDO":"1","SHTHUA":"a\xff\xfeb","MDSD":"LUC","DIENTICH":"50"},'
        b'"geometry":{"type":"Polygon","coordinates":'
        b"[[[500000,1200000],[500010,1200000],[500010,1200010],[500000,1200000]]]}}]}"
    )
    refused(run(project, user, data, name="thua.geojson", srid=9218), "not UTF-8")


def test_a_survey_date_in_the_future_is_refused_as_parcel_create_refuses_it(setting):
    from datetime import timedelta

    from django.utils import timezone

    rows, project, user = setting
    later = timezone.localdate() + timedelta(days=3)
    refused(run(project, user, zipped_shapefile(rows), survey_date=later), "future")


def test_a_prj_that_proj_cannot_read_is_refused_in_the_users_words(setting):
    """GDAL reads this .prj as “EPSG:99999999”, a code PROJ does not know: its CRSError
    (English, “Internal Proj Error”) is not what the user is told."""
    rows, project, user = setting
    data = io.BytesIO(zipped_shapefile(rows, prj=False))
    garbage = (
        'PROJCS["rac",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,'
        '298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
        'PROJECTION["Transverse_Mercator"],UNIT["Meter",1],AUTHORITY["EPSG","99999999"]]'
    )
    with zipfile.ZipFile(data, "a") as z:
        z.writestr("ban-do/thua.prj", garbage)
    job = run(project, user, data.getvalue(), language="vi")
    refused(job, "Không đọc được hệ tọa độ của lớp (“EPSG:99999999”)")
    assert "Proj" not in job.report["message"]


def _cad_dxf(squares) -> bytes:
    """A DXF as CAD software writes parcels: closed LWPOLYLINEs on a layer."""
    out = ["0", "SECTION", "2", "ENTITIES"]
    for x, y, s in squares:
        out += ["0", "LWPOLYLINE", "8", "THUA", "90", "4", "70", "1"]
        for px, py in ((x, y), (x + s, y), (x + s, y + s), (x, y + s)):
            out += ["10", str(px), "20", str(py)]
    out += ["0", "ENDSEC", "0", "EOF"]
    return ("\n".join(out) + "\n").encode()


def _read(tmp_path, name: str, data: bytes):
    from landcases.imports import reading

    path = tmp_path / "upload"
    path.write_bytes(data)
    with reading.open_upload(path, name) as source:
        return reading.read_layer(source, source.layer)


def test_closed_polylines_of_a_dxf_are_read_as_polygons(tmp_path):
    layer = _read(tmp_path, "ban-do.dxf", _cad_dxf([(500000, 1200000, 10), (500020, 1200000, 8)]))
    shapes = [shapely.from_wkb(w) for w in layer.wkb]
    assert [s.geom_type for s in shapes] == ["Polygon", "Polygon"]
    assert sorted(round(s.area) for s in shapes) == [64, 100]
    assert "Layer" in layer.fields


def test_a_dgn_v7_is_read_and_a_v8_is_refused_with_how_to_convert(tmp_path):
    import numpy as np
    from pyogrio import raw

    from landcases.imports import reading

    squares = [shapely.box(500000 + 20 * i, 1200000, 500010 + 20 * i, 1200010) for i in range(3)]
    dgn = tmp_path / "v7.dgn"
    raw.write(
        dgn,
        np.array([shapely.to_wkb(s) for s in squares], dtype=object),
        [],
        [],
        driver="DGN",
        geometry_type="Polygon",
    )
    layer = _read(tmp_path, "ban-do.dgn", dgn.read_bytes())
    assert [shapely.from_wkb(w).geom_type for w in layer.wkb] == ["Polygon"] * 3
    v8 = reading.OLE_COMPOUND + b"\0" * 1024
    with pytest.raises(reading.LayerRefused, match="V7"):
        _read(tmp_path, "ban-do.dgn", v8)


def test_tcvn3_text_in_a_geojson_is_detected_and_read(setting):
    """TCVN3 bytes pasted into a format that is UTF-8 by rule: not refused as "not UTF-8"
    but found (the bytes as they are) and read, with a warning in the report."""
    from tests.landcases.parcel_files import write_layer

    rows, project, user = setting
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        data = write_layer(rows[:5], Path(tmp), driver="GeoJSON", text="tcvn3").read_bytes()
    job = run(project, user, data, name="thua.geojson", srid=9218, mapping={"address": "DIACHI"})
    assert job.status == JobStatus.DONE, job.report
    assert job.report["encoding"]["used"] == "tcvn3" and job.report["warnings"]
    places = set(Parcel.objects.filter(project=project).values_list("address", flat=True))
    assert "xóm Đông Hải" in places
