"""The parcel import's web screens (issue 14): upload, set-up with its preview, the check
that writes nothing, its report, accept or cancel; who may see an import; reads never write."""

from datetime import date
from decimal import Decimal

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyproj import Transformer

from landcases.models import (
    JobStatus,
    Parcel,
    ParcelImport,
    ProjectMembership,
    Role,
)
from landcases.services.parcel_imports import parcel_import_expire, parcel_import_run
from tests.factories import make_user
from tests.landcases.parcel_files import features, project_for, zipped_shapefile
from tests.landcases.test_parcel_import import faulty_rows

pytestmark = pytest.mark.django_db


def url(project, name, job=None):
    kwargs = {"code": project.code} | ({"job_id": job.id} if job else {})
    return reverse(f"landcases:{name}", kwargs=kwargs)


@pytest.fixture
def place():
    rows, project_rows = faulty_rows()
    project = project_for(project_rows, "nhap-web")
    user = make_user("canbo-web")
    ProjectMembership.objects.create(user=user, project=project, role=Role.BOARD_STAFF)
    return rows, project, user


def setup_data(**extra):
    data = {
        "layer": "",
        "srid": "",
        "encoding": "auto",
        "commune": "",
        "map_kind": "cadastral",
        "survey_date": "2024-03-01",
        "field_commune_code": "MAXA",
        "field_sheet_no": "SHBANDO",
        "field_parcel_no": "SHTHUA",
        "field_land_use_code": "MDSD",
        "field_legal_area": "DIENTICH",
        "field_owner_text": "TENCHU",
        "field_address": "DIACHI",
    }
    return data | extra


def upload(client, project, rows, name="ban-do.zip"):
    sent = SimpleUploadedFile(name, zipped_shapefile(rows))
    response = client.post(url(project, "parcel_import"), {"file": sent})
    assert response.status_code == 302, response.content[:500]
    return ParcelImport.objects.latest("id")


def test_upload_set_up_check_then_accept_writes_the_parcels(client, place):
    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    assert job.status == JobStatus.DRAFT and not Parcel.objects.exists()

    page = client.get(url(project, "parcel_import_job", job))
    assert page.status_code == 200 and page.templates[0].name.endswith("_setup.html")
    setup = page.context["setup"]
    assert setup.features == 40 and setup.crs["epsg"] == 9218
    assert setup.encoding["found"] == "tcvn3"  # the helper writes its text in TCVN3
    assert setup.mapping["sheet_no"] == "SHBANDO" and not setup.problems
    preview = page.context["map_data"]["preview"]["features"]
    assert len(preview) == 40 and preview[0]["properties"]["sheet_no"] == "12"
    places = {f["properties"]["address"] for f in preview}
    assert "xóm Đông Hải" in places  # decoded from TCVN3
    assert "owner_text" not in preview[0]["properties"]  # no owner's name on the page
    first = shapely.geometry.shape(preview[0]["geometry"])
    expected = shapely.transform(
        rows[0]["geom"],
        Transformer.from_crs(9218, 4326, always_xy=True).transform,
        interleaved=False,
    )
    assert first.centroid.distance(expected.centroid) < 1e-7  # moved to WGS 84 by PROJ

    response = client.post(url(project, "parcel_import_check", job), setup_data())
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["setup"].problems,
    )
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.params["dry_run"]
    parcel_import_run(job_id=job.id)  # as the worker would
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED and job.input is not None
    assert not Parcel.objects.exists()  # the check wrote nothing
    report = client.get(url(project, "parcel_import_job", job))
    counts = report.context["report"]["counts"]
    assert (counts["read"], counts["accepted"], counts["rejected"]) == (40, 36, 4)
    assert counts["created"] == 36
    assert b'data-testid="accept"' in report.content

    assert client.post(url(project, "parcel_import_accept", job)).status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and not job.params["dry_run"]
    parcel_import_run(job_id=job.id)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.input is None
    assert Parcel.objects.filter(project=project).count() == 36
    done = client.get(url(project, "parcel_import_job", job))
    assert b'data-testid="see-map"' in done.content
    # Accepting twice does nothing more.
    client.post(url(project, "parcel_import_accept", job))
    assert Parcel.objects.filter(project=project).count() == 36


def test_a_preview_with_other_choices_keeps_nothing(client, place):
    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    kept = dict(job.params)
    response = client.post(
        url(project, "parcel_import_check", job),
        setup_data(srid="9210", field_sheet_no="SHTHUA", preview="1"),
    )
    assert response.status_code == 200
    assert response.context["setup"].srid == 9210
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT and job.params == kept


def test_a_set_up_that_cannot_run_is_shown_again_with_its_reason(client, place):
    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    response = client.post(
        url(project, "parcel_import_check", job), setup_data(field_legal_area="")
    )
    assert response.status_code == 400
    assert response.context["setup"].problems
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


def test_cancel_after_the_check_writes_nothing_and_drops_the_upload(client, place):
    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    client.post(url(project, "parcel_import_check", job), setup_data())
    parcel_import_run(job_id=job.id)
    assert client.post(url(project, "parcel_import_cancel", job)).status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.input is None
    client.post(url(project, "parcel_import_accept", job))  # too late: refused, nothing run
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and not Parcel.objects.exists()


def test_a_checked_import_can_be_set_up_again(client, place):
    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    client.post(url(project, "parcel_import_check", job), setup_data())
    parcel_import_run(job_id=job.id)
    client.post(url(project, "parcel_import_revise", job))
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT and job.input is not None


def test_a_cancel_while_it_runs_rolls_the_write_back(place):
    from landcases.services import parcel_imports as imports

    rows, project, user = place
    job = imports.parcel_import_start(
        project=project,
        actor=user,
        data=zipped_shapefile(rows),
        name="b.zip",
        params=imports.Params(survey_date=date(2024, 3, 1)),
    )
    original = imports._check_and_write

    def cancelled_meanwhile(*args, **kwargs):
        out = original(*args, **kwargs)
        ParcelImport.objects.filter(pk=job.pk).update(status=JobStatus.CANCELLED)
        return out

    imports._check_and_write = cancelled_meanwhile
    try:
        parcel_import_run(job_id=job.id)
    finally:
        imports._check_and_write = original
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.input is None, job.report
    assert not Parcel.objects.exists()


def test_undecided_imports_expire_after_a_day(client, place):
    from datetime import timedelta

    from django.utils import timezone

    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    fresh = upload(client, project, rows)
    ParcelImport.objects.filter(pk=job.pk).update(stepped_at=timezone.now() - timedelta(days=2))
    assert parcel_import_expire() == 1
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.input is None
    assert fresh.status == JobStatus.DRAFT and fresh.input is not None


@pytest.mark.parametrize(
    "role, status", [(None, 404), (Role.VIEWER, 404), (Role.COMMUNE_OFFICIAL, 404)]
)
def test_only_editors_of_the_project_reach_the_import(client, place, role, status):
    rows, project, user = place
    other = make_user("nguoi-khac")
    if role:
        ProjectMembership.objects.create(user=other, project=project, role=role)
    client.force_login(other)
    assert client.get(url(project, "parcel_import")).status_code == status


def test_another_members_import_is_not_found(client, place):
    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    colleague = make_user("dong-nghiep")
    ProjectMembership.objects.create(user=colleague, project=project, role=Role.BOARD_STAFF)
    client.force_login(colleague)
    for name in ("parcel_import_job", "parcel_import_status", "parcel_import_report"):
        assert client.get(url(project, name, job)).status_code == 404
    for name in ("parcel_import_check", "parcel_import_accept", "parcel_import_cancel"):
        assert client.post(url(project, name, job)).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


def test_the_pages_write_nothing_when_read(client, place, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    for name in ("parcel_import_job", "parcel_import_status", "parcel_import_report"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(project, name, job)).status_code == 200
        writes = [
            q["sql"]
            for q in queries
            if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
            and "django_session" not in q["sql"]
        ]
        assert not writes, writes


def test_a_file_of_another_kind_is_refused_on_the_set_up_screen(client, place):
    rows, project, user = place
    client.force_login(user)
    sent = SimpleUploadedFile("ban-do.gpkg", b"not a geopackage at all")
    client.post(url(project, "parcel_import"), {"file": sent})
    job = ParcelImport.objects.latest("id")
    page = client.get(url(project, "parcel_import_job", job))
    assert page.context["setup"].problems and b'data-testid="setup-form"' not in page.content
    assert len(features(1)) == 1


def test_an_upload_above_the_limit_is_refused_before_it_is_read(client, place, monkeypatch):
    """A 2 GB file cannot be sent in a test: the limit is lowered to 1 MB instead, and a file
    of 3 MB is refused by the request's length, a chunked one once the limit is passed."""
    from landcases.views import parcel_import as views

    rows, project, user = place
    monkeypatch.setattr(views, "upload_limit", lambda: 2**20)
    client.force_login(user)
    big = SimpleUploadedFile("ban-do.gpkg", b"\0" * (3 * 2**20))
    response = client.post(url(project, "parcel_import"), {"file": big})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "3.0" in errors[0] and "1 MB" in errors[0]
    assert response.wsgi_request.upload_refused > 3 * 2**20  # by its length, not read
    assert not ParcelImport.objects.exists()


def test_the_size_handler_stops_at_the_limit_when_the_length_is_not_known(rf):
    from django.core.files.uploadhandler import StopUpload

    from landcases.uploads import SizeLimitedUpload

    request = rf.post("/")
    handler = SizeLimitedUpload(request, limit=1000)
    handler.handle_raw_input(None, {}, 0, b"x")
    handler.new_file("file", "a.gpkg", "application/octet-stream", None)
    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 600, 600)
    assert request.upload_refused == 1200


def checked(client, project, rows):
    job = upload(client, project, rows)
    client.post(url(project, "parcel_import_check", job), setup_data())
    parcel_import_run(job_id=job.id)
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED, job.report
    return job


def test_an_accept_that_would_write_other_than_was_checked_writes_nothing(client, place):
    from django.contrib.gis.geos import GEOSGeometry, MultiPolygon

    from landcases import services

    rows, project, user = place
    client.force_login(user)
    job = checked(client, project, rows)
    assert job.report["counts"]["created"] == 36
    # A colleague registers a parcel over the first shape of the file meanwhile.
    shape = MultiPolygon(GEOSGeometry(rows[0]["geom"].wkt, srid=9218), srid=9218)
    services.parcel_create(
        project=project,
        actor=user,
        commune_at_survey=project.communes.get(code="22999"),
        map_kind="cadastral",
        sheet_no="99",
        parcel_no="1",
        land_use="LUC",
        legal_area_m2=Decimal(shape.area).quantize(Decimal("0.1")),
        geom=shape,
        survey_date=date(2024, 3, 1),
        reason="đo lại",
    )
    client.post(url(project, "parcel_import_accept", job))
    parcel_import_run(job_id=job.id)
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED and job.params["dry_run"]
    assert job.report["counts"]["created"] == 35 and job.report["message"]
    assert Parcel.objects.filter(project=project).count() == 1  # nothing of the file
    client.post(url(project, "parcel_import_accept", job))  # accepted again, as it is now
    parcel_import_run(job_id=job.id)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Parcel.objects.filter(project=project).count() == 36


def _other_session_holds(job_id):
    """A second session holding the job's run lock (as a live worker does)."""
    import psycopg
    from django.db import connection

    from landcases.services.parcel_imports import RUN_LOCK

    s = connection.settings_dict
    other = psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"],
        host=s["HOST"],
        port=s["PORT"],
        autocommit=True,
    )
    other.execute("select pg_advisory_lock(%s, %s)", [RUN_LOCK, job_id])
    return other


def test_a_job_left_running_by_a_dead_worker_fails_and_drops_its_upload(client, place):
    rows, project, user = place
    client.force_login(user)
    dead, alive = upload(client, project, rows), upload(client, project, rows)
    ParcelImport.objects.filter(pk__in=[dead.pk, alive.pk]).update(status=JobStatus.RUNNING)
    other = _other_session_holds(alive.pk)
    try:
        assert parcel_import_expire() == 1
        # A redelivered task of the live one leaves it to its worker.
        assert parcel_import_run(job_id=alive.pk).status == JobStatus.RUNNING
    finally:
        other.close()
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == JobStatus.FAILED and dead.input is None and dead.report["message"]
    assert alive.status == JobStatus.RUNNING and alive.input is not None
    # Once its worker is gone too, a redelivered task finds it abandoned.
    assert parcel_import_run(job_id=alive.pk).status == JobStatus.FAILED


def test_ended_imports_never_keep_an_upload(client, place):
    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    ParcelImport.objects.filter(pk=job.pk).update(status=JobStatus.CANCELLED)  # input kept
    assert parcel_import_expire() == 1
    job.refresh_from_db()
    assert job.input is None


def test_the_report_names_what_changes_in_the_users_words(client, place):
    from landcases.services.parcel_imports import parcel_import_accept

    rows, project, user = place
    client.force_login(user)
    job = checked(client, project, rows)
    parcel_import_accept(job)
    parcel_import_run(job_id=job.id)
    rows[0]["DIENTICH"] = "123.4"
    again = checked(client, project, rows)
    page = client.get(url(project, "parcel_import_job", again))
    assert again.report["counts"]["updated"] == 1
    text = page.content.decode()
    assert "legal_area_m2" not in text and "123.4" in text
    label = str(Parcel._meta.get_field("legal_area_m2").verbose_name)
    assert label in text


def test_an_accept_with_the_same_counts_but_an_edit_since_the_check_asks_again(client, place):
    """The file changes parcel 12/1's legal area; a colleague edits its address meanwhile: the
    counts are the same (1 updated), the register is not what was checked."""
    from landcases import services
    from landcases.services.parcel_imports import parcel_import_accept

    rows, project, user = place
    client.force_login(user)
    first = checked(client, project, rows)
    parcel_import_accept(first)
    parcel_import_run(job_id=first.id)
    rows[0]["DIENTICH"] = "123.4"
    job = checked(client, project, rows)
    assert job.report["counts"]["updated"] == 1
    parcel = Parcel.objects.get(project=project, sheet_no="12", parcel_no="1")
    services.parcel_update(parcel=parcel, actor=user, reason="sửa", address="thôn Mới")
    parcel_import_accept(job)
    parcel_import_run(job_id=job.id)
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED and job.report["message"], job.report
    parcel.refresh_from_db()
    assert parcel.legal_area_m2 != Decimal("123.4") and parcel.address == "thôn Mới"


def test_a_refused_check_can_be_cancelled_and_drops_its_upload(client, place):
    rows, project, user = place
    client.force_login(user)
    job = upload(client, project, rows)
    client.post(url(project, "parcel_import_check", job), setup_data(survey_date="2026-01-01"))
    parcel_import_run(job_id=job.id)  # the commune is not in force then: every row refused
    job.refresh_from_db()
    assert job.status == JobStatus.REFUSED and job.input is not None
    client.post(url(project, "parcel_import_cancel", job))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.input is None


def test_an_import_set_up_again_late_does_not_expire_under_the_user(client, place):
    from datetime import timedelta

    from django.utils import timezone

    from landcases.services.parcel_imports import parcel_import_revise

    rows, project, user = place
    client.force_login(user)
    job = checked(client, project, rows)
    day_ago = timezone.now() - timedelta(hours=23, minutes=30)
    ParcelImport.objects.filter(pk=job.pk).update(created_at=day_ago, stepped_at=day_ago)
    parcel_import_revise(ParcelImport.objects.get(pk=job.pk))  # a step: now
    assert parcel_import_expire(now=timezone.now() + timedelta(hours=1)) == 0
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT and job.input is not None
