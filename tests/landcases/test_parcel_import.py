"""The parcel import (issue 14): a zipped Shapefile in EPSG:9218 with TCVN3 text and planted
faults, through the service the web, the worker and the command line share."""

from datetime import date
from decimal import Decimal

import pytest
import shapely
from django.core.management import CommandError, call_command
from pyproj import Geod, Transformer

from landcases.models import JobStatus, Parcel, ParcelImport, ProjectMembership, RegisterChange
from landcases.services.parcel_imports import Params, parcel_import_run, parcel_import_start
from tests.factories import make_user
from tests.landcases.parcel_files import (
    bow_tie,
    features,
    project_for,
    tcvn3,
    zipped_shapefile,
)

pytestmark = pytest.mark.django_db

SURVEY = date(2024, 3, 1)


def faulty_rows():
    """40 real parcels; row 2 a bow-tie, rows 3 and 4 one key, row 6 moved 5 km away."""
    rows = features(40)
    project_rows = [dict(r) for r in rows]
    x, y = rows[1]["geom"].centroid.coords[0]
    rows[1]["geom"] = bow_tie(x - 5, y - 5, 10)
    rows[3]["SHTHUA"] = rows[2]["SHTHUA"]
    rows[5]["geom"] = shapely.transform(rows[5]["geom"], lambda xy: xy + (5000, 0))
    return rows, project_rows


def run(project, user, data, name="ban-do.zip", language="en", **params):
    params.setdefault("survey_date", SURVEY)
    job = parcel_import_start(
        project=project,
        actor=user,
        data=data,
        name=name,
        params=Params(**params),
        language=language,
    )
    return parcel_import_run(job_id=job.id)


@pytest.fixture
def setting():
    rows, project_rows = faulty_rows()
    return rows, project_for(project_rows, "nhap-thua"), make_user("canbo")


def test_a_tcvn3_shapefile_with_faults_is_imported_with_its_report(setting):
    rows, project, user = setting
    job = run(project, user, zipped_shapefile(rows))
    report = job.report
    assert job.status == JobStatus.DONE, report
    counts = report["counts"]
    assert counts["read"] == 40
    assert counts["rejected"] == 4 and counts["accepted"] == 36
    assert counts["created"] == 36 and counts["updated"] == 0
    by_row = {r["row"]: r for r in report["rejected"]}
    assert by_row[2]["code"] == "invalid" and "Self-intersection" not in by_row[2]["reason"]
    assert by_row[3]["code"] == by_row[4]["code"] == "repeated"
    assert "3, 4" in by_row[3]["reason"]
    assert by_row[6]["code"] == "outside"
    assert set(by_row) == {2, 3, 4, 6}
    assert report["encoding"]["found"] == "tcvn3" and report["encoding"]["used"] == "tcvn3"
    assert "TCVN3" in report["encoding"]["evidence"]
    assert report["crs"]["epsg"] == 9218
    assert report["mapping"]["sheet_no"] == "SHBANDO"
    assert report["mapping"]["legal_area"] == "DIENTICH"
    assert Parcel.objects.filter(project=project).count() == 36
    first = Parcel.objects.get(project=project, parcel_no="1")
    assert first.address == "thôn Phú Lâm"
    assert first.legal_area_m2 == Decimal(rows[0]["DIENTICH"])
    assert first.source_srid == 9218 and first.land_use_id == "LUC"
    assert Parcel.objects.get(project=project, parcel_no="8").address == "xóm Đông Hải"
    history = first.history.get()
    assert history.history_type == "+" and "ban-do.zip" in history.history_change_reason
    assert history.history_user_id == user.id
    change = RegisterChange.objects.get(project=project)
    assert sorted(change.parcels) == sorted(
        Parcel.objects.filter(project=project).values_list("id", flat=True)
    )


def test_the_report_is_in_the_users_language(setting):
    rows, project, user = setting
    report = run(project, user, zipped_shapefile(rows), language="vi", dry_run=True).report
    by_row = {r["row"]: r["reason"] for r in report["rejected"]}
    assert by_row[6] == "Thửa đất nằm ngoài ranh giới thu hồi của dự án."
    assert "xuất hiện 2 lần trong tệp" in by_row[3]


def test_a_known_point_lands_within_5_cm_of_projs_epsg_9218_transformation(setting):
    rows, project, user = setting
    run(project, user, zipped_shapefile(rows))
    source = rows[0]["geom"].exterior.coords[0]
    stored = Parcel.objects.get(project=project, parcel_no="1").geom[0][0][0]
    lon, lat = Transformer.from_crs(9218, 4326, always_xy=True).transform(*source)
    _az, _back, metres = Geod(ellps="WGS84").inv(lon, lat, stored[0], stored[1])
    assert metres < 0.05


def test_areas_are_measured_in_the_zone_and_discrepancies_flagged(setting):
    rows, project, user = setting
    rows[9]["DIENTICH"] = f"{rows[9]['geom'].area * 1.2:.1f}"  # 20 % more than drawn
    report = run(project, user, zipped_shapefile(rows)).report
    flagged = {f["row"]: f for f in report["area_flags"]}
    assert 10 in flagged and flagged[10]["pct"] == pytest.approx(-16.67, abs=0.1)
    parcel = Parcel.objects.get(project=project, parcel_no="10")
    assert float(parcel.geometric_area_m2) == pytest.approx(rows[9]["geom"].area, abs=0.1)


def test_repair_makes_the_bow_tie_valid_and_says_so(setting):
    rows, project, user = setting
    report = run(project, user, zipped_shapefile(rows), repair=True).report
    assert report["counts"]["repaired"] == 1 and report["counts"]["created"] == 37
    assert report["repaired"][0]["row"] == 2
    bow = Parcel.objects.get(project=project, parcel_no="2")
    assert bow.geom.valid and len(bow.geom) == 2


def test_a_dry_run_writes_nothing(setting):
    rows, project, user = setting
    job = run(project, user, zipped_shapefile(rows), dry_run=True)
    assert job.status == JobStatus.DONE and job.report["counts"]["created"] == 36
    assert job.report["dry_run"] is True
    assert not Parcel.objects.filter(project=project).exists()
    assert not Parcel.history.filter(project_id=project.id).exists()
    assert not RegisterChange.objects.filter(project=project).exists()


def test_a_corrected_file_updates_the_parcels_it_matches_with_history(setting):
    rows, project, user = setting
    run(project, user, zipped_shapefile(rows))
    rows[9]["DIENTICH"] = "999.5"
    rows[9]["MDSD"] = "CLN" if rows[9]["MDSD"] != "CLN" else "ONT"
    # 5 cm: within the overlap tolerance (0.5 m would overlap row 40 by 4.6 m², 2 %)
    rows[20]["geom"] = shapely.transform(rows[20]["geom"], lambda xy: xy + (0.05, 0))
    rows[1]["geom"] = features(2)[1]["geom"]  # the bow-tie corrected: a new parcel
    report = run(project, user, zipped_shapefile(rows), name="ban-do-sua.zip").report
    counts = report["counts"]
    assert counts["created"] == 1 and counts["updated"] == 2 and counts["unchanged"] == 34
    changes = {c["row"]: c["fields"] for c in report["changes"]}
    assert set(changes[10]) == {"land_use", "legal_area_m2"}
    assert changes[10]["legal_area_m2"][1] == "999.5"
    assert set(changes[21]) == {"geom"}
    parcel = Parcel.objects.get(project=project, parcel_no="10")
    assert parcel.legal_area_m2 == Decimal("999.5")
    latest = parcel.history.order_by("-history_date", "-history_id").first()
    assert latest.history_type == "~" and "ban-do-sua.zip" in latest.history_change_reason
    assert parcel.history.count() == 2
    changed = RegisterChange.objects.filter(project=project).order_by("-id").first()
    assert parcel.id in changed.parcels


def test_the_user_can_override_the_encoding_and_the_mapping(setting):
    rows, project, user = setting
    for r in rows:
        r["SOTO_KHAC"] = "7"
    data = zipped_shapefile(rows)
    job = run(project, user, data, encoding="utf-8")
    assert job.status == JobStatus.REFUSED and job.report["counts"]["rejected"] == 40
    assert "UTF-8" in job.report["rejected"][0]["reason"]
    assert not Parcel.objects.filter(project=project).exists()
    job = run(project, user, data, mapping={"address": "TENCHU"})
    assert job.status == JobStatus.DONE
    assert Parcel.objects.get(project=project, parcel_no="1").address == "Nguyễn Văn Bình"


def test_the_command_line_runs_the_same_import_and_writes_the_json_report(setting, tmp_path):
    import io
    import json

    rows, project, user = setting
    ProjectMembership.objects.create(user=user, project=project, role="board_staff")
    path = tmp_path / "ban-do.zip"
    path.write_bytes(zipped_shapefile(rows))
    out, stdout = tmp_path / "report.json", io.StringIO()
    args = ["--user", user.username, "--survey-date", "2024-03-01", "--map", "address=DIACHI"]
    call_command(
        "import_parcels",
        project.code,
        str(path),
        *args,
        "--report",
        str(out),
        "--dry-run",
        stdout=stdout,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["counts"]["accepted"] == 36 and report["dry_run"] is True
    assert report["encoding"]["found"] == "tcvn3"
    assert '"created": 36' in stdout.getvalue()
    assert not Parcel.objects.filter(project=project).exists()
    call_command("import_parcels", project.code, str(path), *args, stdout=stdout)
    assert Parcel.objects.filter(project=project).count() == 36
    with pytest.raises(CommandError, match="no coordinate system"):
        path.write_bytes(zipped_shapefile(rows, prj=False))
        call_command(
            "import_parcels", project.code, str(path), *args, "--language", "en", stdout=stdout
        )


@pytest.mark.parametrize("role", [None, "viewer", "commune_official", "auditor", "inactive"])
def test_the_command_line_refuses_a_user_who_may_not_edit_the_registers(setting, tmp_path, role):
    rows, project, user = setting
    if role == "inactive":
        ProjectMembership.objects.create(user=user, project=project, role="board_staff")
        type(user).objects.filter(pk=user.pk).update(is_active=False)
    elif role:
        ProjectMembership.objects.create(user=user, project=project, role=role)
    path = tmp_path / "ban-do.zip"
    path.write_bytes(zipped_shapefile(rows))
    with pytest.raises(CommandError, match="không được sửa sổ của dự án “nhap-thua”"):
        call_command("import_parcels", project.code, str(path), "--user", user.username)
    assert not ParcelImport.objects.exists() and not Parcel.objects.exists()


def test_tcvn3_helper_writes_what_the_decoder_reads():
    from landcases.imports.legacy_text import decode

    assert decode(tcvn3("thôn Phú Lâm"), "tcvn3") == "thôn Phú Lâm"


@pytest.mark.django_db(transaction=True)
def test_an_import_runs_on_a_real_worker_with_progress(celery_worker_process):
    import time

    from django.db import transaction

    from landcases.services.parcel_imports import parcel_import_enqueue

    rows, project_rows = faulty_rows()
    project = project_for(project_rows, "nhap-nen")
    user = make_user("canbo-nen")
    with transaction.atomic():
        job = parcel_import_start(
            project=project,
            actor=user,
            data=zipped_shapefile(rows),
            name="ban-do.zip",
            params=Params(survey_date=SURVEY),
        )
        parcel_import_enqueue(job)
    assert job.status == JobStatus.QUEUED
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.2)
    assert job.status == JobStatus.DONE, job.report
    assert job.report["phases"] == ["reading", "checking", "writing"]
    assert (job.phase, job.done, job.total) == ("writing", 36, 36) and job.percent == 100
    assert job.input is None
    assert Parcel.objects.filter(project=project).count() == 36


def test_an_import_after_other_temporary_tables_in_the_session_still_runs(setting, monkeypatch):
    from django.db import connection

    from landcases import parcel_staging

    rows, project, user = setting
    with connection.cursor() as cur:  # temp_buffers can no longer change in this session
        cur.execute("create temporary table autre (x int)")
        cur.execute("drop table autre")
    monkeypatch.setattr(parcel_staging, "TEMP_BUFFERS", "300MB")
    job = run(project, user, zipped_shapefile(rows))
    assert job.status == JobStatus.DONE and job.report["counts"]["created"] == 36
