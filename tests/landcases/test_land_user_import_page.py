"""The land users' import page, its template, its job page and error sheet: who may use them
(another project → 404, a viewer → refused), and the command `import_land_users` on the same
path (--dry-run writes nothing, the report as JSON); the queued import on a real worker."""

import io
import json
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from landcases import services as registers
from landcases.models import JobStatus, LandUser, ProjectMembership, SpreadsheetJob
from tests.factories import make_project, make_user
from tests.landcases.land_user_books import KEYS, book, household, make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return make_place()


def url(project, name, **kw):
    return reverse(f"landcases:{name}", kwargs={"code": project.code, **kw})


def upload(client, project, data, name="ds.xlsx"):
    sent = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(url(project, "land_user_import"), {"file": sent, "reason": "Nhập danh sách"})


def test_the_board_imports_through_the_page(client, place):
    actor, project, parcels, commune = place
    client.force_login(actor)
    page = client.get(url(project, "land_user_import"))
    assert page.status_code == 200 and not SpreadsheetJob.objects.exists()  # a GET writes nothing
    template = client.get(url(project, "land_user_import_template"))
    assert template.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(template.content)).sheetnames[0]
    response = upload(client, project, book([household()]))
    job = SpreadsheetJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(project, "land_user_import_job", job_id=job.id)
    shown = client.get(response["Location"]).content.decode()
    assert job.status == JobStatus.DONE and 'data-testid="job-outcome"' in shown
    assert LandUser.objects.filter(project=project).count() == 1
    status = client.get(url(project, "land_user_import_status", job_id=job.id)).json()
    assert status["finished"] and status["percent"] == 100


def test_a_refused_file_shows_its_reasons_and_its_error_sheet(client, place):
    actor, project, parcels, commune = place
    client.force_login(actor)
    response = upload(client, project, book([household(citizen_id="123")]))
    job = SpreadsheetJob.objects.get()
    shown = client.get(response["Location"]).content.decode()
    assert job.status == JobStatus.REFUSED and 'data-testid="refused-rows"' in shown
    assert "123" in shown
    sheet = client.get(url(project, "land_user_import_errors", job_id=job.id))
    assert sheet.status_code == 200
    rows = list(
        openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)
    )
    assert len(rows) == 2 and "123" in rows[1][-1]


def test_the_error_sheet_shows_citizen_ids_by_their_last_four_digits(client, place):
    actor, project, parcels, commune = place
    client.force_login(actor)
    rows = [
        household("1", parcel_no=99),  # refused for its parcel: its CCCD is right
        household("2", "Hộ khác", citizen_id=79123456789.0, parcel_no=98),  # typed as a number
    ]
    upload(client, project, book(rows))
    job = SpreadsheetJob.objects.get()
    sheet = client.get(url(project, "land_user_import_errors", job_id=job.id))
    lines = list(
        openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)
    )
    column = KEYS.index("citizen_id")
    assert [line[column] for line in lines[1:]] == ["********6789", "*******6789"]
    assert lines[1][2] == "Hộ ông Nguyễn Văn An"  # the rest of the row as sent
    cells = " ".join(str(c) for line in lines for c in line)
    assert "060123456789" not in cells and "79123456789" not in cells


def test_a_file_that_is_no_workbook_is_refused_on_the_form(client, place):
    actor, project, parcels, commune = place
    client.force_login(actor)
    response = upload(client, project, b"PK not really")
    assert response.status_code == 200 and not SpreadsheetJob.objects.exists()
    assert response.context["form"].errors["file"]


@pytest.mark.parametrize(
    "name", ["land_user_import", "land_user_import_template"], ids=["page", "template"]
)
def test_who_may_import(client, place, name):
    actor, project, parcels, commune = place
    viewer, outsider = make_user("xem"), make_user("ngoai")
    ProjectMembership.objects.create(user=viewer, project=project, role="viewer")
    other, _area, _commune = make_project("du-an-khac", members=[(outsider, "board_staff")])
    target = url(project, name)
    assert client.get(target).status_code == 302  # to the login
    client.force_login(outsider)
    assert client.get(target).status_code == 404
    client.force_login(viewer)
    assert client.get(target).status_code == 404
    if name == "land_user_import":
        assert upload(client, project, book([household()])).status_code == 404
        assert not LandUser.objects.filter(project=project).exists()
    client.force_login(actor)
    assert client.get(target).status_code == 200


def test_a_job_is_its_creators(client, place):
    actor, project, parcels, commune = place
    job = registers.land_user_import_start(
        project=project,
        actor=actor,
        data=book([household(citizen_id="1")]),
        name="ds.xlsx",
        reason="Nhập",
        language="vi",
    )
    colleague, outsider = make_user("dongnghiep"), make_user("ngoai")
    ProjectMembership.objects.create(user=colleague, project=project, role="board_staff")
    make_project("du-an-khac", members=[(outsider, "board_staff")])
    names = ("land_user_import_job", "land_user_import_status", "land_user_import_errors")
    for user in (colleague, outsider):
        client.force_login(user)
        for name in names:
            assert client.get(url(project, name, job_id=job.id)).status_code == 404
    client.force_login(actor)
    for name in names:
        assert client.get(url(project, name, job_id=job.id)).status_code == 200


def test_the_command_dry_run_writes_nothing_and_reports(tmp_path, place):
    actor, project, parcels, commune = place
    path = tmp_path / "ds.xlsx"
    path.write_bytes(book([household("1"), household("2", "Hộ khác", citizen_id="", parcel_no=2)]))
    report = tmp_path / "r.json"
    out = io.StringIO()
    call_command(
        "import_land_users",
        project.code,
        str(path),
        "--dry-run",
        "--report",
        str(report),
        stdout=out,
    )
    assert not LandUser.objects.filter(project=project).exists()
    found = json.loads(report.read_text())
    assert (found["status"], found["land_users"], found["holdings"]) == ("done", 2, 2)
    assert found["dry_run"] is True and found["refused_rows"] == []
    call_command("import_land_users", project.code, str(path), "--user", actor.username, stdout=out)
    assert LandUser.objects.filter(project=project).count() == 2
    assert LandUser.objects.filter(project=project).first().history.get().history_user == actor


def test_the_command_reports_refused_rows(tmp_path, place):
    actor, project, parcels, commune = place
    path = tmp_path / "ds.xlsx"
    path.write_bytes(book([household("1"), household("2", "Hộ khác", parcel_no=99)]))
    report = tmp_path / "r.json"
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_land_users", project.code, str(path), "--report", str(report), stdout=out
        )
    found = json.loads(report.read_text())
    assert found["status"] == "refused" and found["refused"] == 1
    (refused,) = found["refused_rows"]
    assert refused["row"] == 3 and len(refused["reasons"]) == 2  # the same CCCD, and 10/99
    assert "********6789" in refused["reasons"][0] and "10/99" in refused["reasons"][1]
    assert "********6789" in out.getvalue()
    assert "060123456789" not in out.getvalue() + report.read_text()  # masked, printed and kept
    assert not LandUser.objects.filter(project=project).exists()


@pytest.mark.parametrize("role", [None, "viewer", "front_supervisor", "auditor"])
def test_the_command_refuses_a_user_who_may_not_edit_the_registers(tmp_path, place, role):
    actor, project, parcels, commune = place
    other = make_user("nguoi.khac")
    if role:
        ProjectMembership.objects.create(user=other, project=project, role=role)
    path = tmp_path / "ds.xlsx"
    path.write_bytes(book([household()]))
    with pytest.raises(CommandError, match="không được sửa sổ của dự án"):
        call_command("import_land_users", project.code, str(path), "--user", other.username)
    assert not LandUser.objects.filter(project=project).exists()


def test_the_command_refuses_an_unknown_project(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_land_users", "khong-co", str(tmp_path / "x.xlsx"))


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_on_a_real_worker(celery_worker_process):
    actor, project, parcels, commune = make_place()
    rows = [
        household(
            str(i), f"Hộ số {i}", citizen_id="", parcel_no=1, share_pct=10, affected_area_m2=10
        )
        for i in range(5)
    ]
    job = registers.land_user_import_start(
        project=project,
        actor=actor,
        data=book(rows),
        name="lon.xlsx",
        reason="Nhập",
        language="vi",
        inline=False,
    )
    assert job.status == JobStatus.QUEUED
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.2)
    assert job.status == JobStatus.DONE, job.result
    assert (job.done, job.total) == (5, 5) and job.input is None
    assert LandUser.objects.filter(project=project).count() == 5


def test_the_plan_jobs_pages_do_not_open_a_land_user_import(client, place):
    actor, project, parcels, commune = place
    job = registers.land_user_import_start(
        project=project,
        actor=actor,
        data=book([household(citizen_id="1")]),
        name="ds.xlsx",
        reason="Nhập",
        language="vi",
    )
    client.force_login(actor)
    for name in ("job", "job_status", "job_file"):
        path = reverse(f"consultations:{name}", kwargs={"code": project.code, "job_id": job.id})
        assert client.get(path).status_code == 404


def test_an_upload_without_reason_writes_nothing(client, place):
    actor, project, parcels, commune = place
    client.force_login(actor)
    sent = SimpleUploadedFile("ds.xlsx", book([household()]))
    response = client.post(url(project, "land_user_import"), {"file": sent, "reason": "  "})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert not SpreadsheetJob.objects.exists() and not LandUser.objects.exists()
