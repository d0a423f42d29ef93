"""The money pages as a permission matrix: 5 roles × every new page (GET, and the export's
POST), own project and another; amounts per land user only for board staff, commune
officials, Front supervisors and auditors — never for viewers, on no page and not in the
export; names only for roles that may read names."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from landcases.models import JobStatus, SpreadsheetJob
from tests.consultations.money_world import ROLES, build_money_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_money_world()


def urls(w) -> dict[str, str]:
    code, lu = w.project.code, w.cases[0].land_user_id
    line_user = w.cases[1].land_user_id
    job = SpreadsheetJob.objects.filter(plan=w.plan).first()
    pages = {
        "plan": reverse("consultations:plan", args=[code, w.plan.id]),
        "draft": reverse("consultations:plan", args=[code, w.draft.id]),
        "line_new": reverse("consultations:plan_line_new", args=[code, w.draft.id]),
        "line": reverse("consultations:plan_line", args=[code, w.draft.id, line_user]),
        "line_delete": reverse(
            "consultations:plan_line_delete", args=[code, w.draft.id, line_user]
        ),
        "import": reverse("consultations:plan_import", args=[code, w.draft.id]),
        "template": reverse("consultations:plan_template", args=[code, w.draft.id]),
        "job": reverse("consultations:job", args=[code, job.id]),
        "job_status": reverse("consultations:job_status", args=[code, job.id]),
        "households": reverse("consultations:households", args=[code]),
        "disbursement": reverse("consultations:disbursement", args=[code]),
        "case": reverse("consultations:case", args=[code, lu]),
    }
    for act in (
        "summary",
        "appraisal",
        "approval",
        "deliver-all",
        "decide-all",
        "deliver-decisions",
    ):
        pages[f"plan_act:{act}"] = reverse("consultations:plan_act", args=[code, w.plan.id, act])
    for act in (
        "plan-delivered",
        "recovery-decision",
        "recovery-delivered",
        "payment",
        "payment-refused",
        "deposit",
        "early-handover",
        "earlier-recovery",
        "handover",
        "resettlement",
        "resettlement-handed-over",
    ):
        pages[f"case_act:{act}"] = reverse("consultations:case_act", args=[code, lu, act])
    return pages


READ = {"plan", "draft", "households", "disbursement", "case"}
BOARD = {
    "line_new",
    "line",
    "line_delete",
    "import",
    "template",
    "job",
    "job_status",
}


def allowed(role: str, name: str) -> bool:
    if name in READ:
        return True
    return role == "board_staff" and (name in BOARD or ":" in name)


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, role):
    client.force_login(world.users[role])
    for name, url in urls(world).items():
        expected = 200 if allowed(role, name) else 404
        assert client.get(url).status_code == expected, (role, name)
        other = url.replace(f"/{world.project.code}/", f"/{world.other.code}/")
        assert client.get(other).status_code == 404, (role, name, "other project")
    export = reverse("consultations:households_export", args=[world.project.code])
    assert client.get(export).status_code == 302  # a GET only goes back to the register
    assert client.post(export).status_code == 200
    other = export.replace(f"/{world.project.code}/", f"/{world.other.code}/")
    assert client.post(other).status_code == 404


def test_a_job_is_its_creators_alone(client, world):
    job = SpreadsheetJob.objects.filter(plan=world.plan).first()
    url = reverse("consultations:job", args=[world.project.code, job.id])
    client.force_login(world.users["auditor"])
    assert client.get(url).status_code == 404


AMOUNTS = ("100.000.000", "40.000.000", "300.000.000", "90.000.000")
NAMES = ("Hộ số 1", "Hộ số 2")


def export_cells(client, world) -> list:
    response = client.post(reverse("consultations:households_export", args=[world.project.code]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_name(book.sheet_names[0]).to_python()


@pytest.mark.parametrize("role", ROLES)
def test_amounts_and_names_only_for_the_roles_that_may_see_them(client, world, role):
    client.force_login(world.users[role])
    pages = urls(world)
    body = "".join(
        client.get(pages[name]).content.decode()
        for name in ("plan", "households", "disbursement", "case")
    )
    sees_amounts = role != "viewer"
    for amount in AMOUNTS:
        assert (amount in body) == sees_amounts, (role, amount)
    for name in NAMES:
        assert (name in body) == sees_amounts, (role, name)  # names: the same roles here
    rows = export_cells(client, world)
    header, cells = rows[0], [c for row in rows[1:] for c in row]
    money_columns = [h for h in header if "(đồng)" in str(h)]
    assert bool(money_columns) == sees_amounts, (role, header)
    assert (40_000_000.0 in cells) == sees_amounts and (100_000_000.0 in cells) == sees_amounts
    assert ("Hộ số 1" in cells) == sees_amounts
    assert len(rows) == 1 + 3


def test_the_timeline_hides_a_payments_amount_from_viewers(client, world):
    url = urls(world)["case"]
    client.force_login(world.users["viewer"])
    assert "40.000.000" not in client.get(url).content.decode()
    client.force_login(world.users["auditor"])
    assert "40.000.000" in client.get(url).content.decode()


def test_a_large_export_is_a_job_the_viewer_downloads_without_amounts(client, world, monkeypatch):
    from consultations import consent_export

    monkeypatch.setattr(consent_export, "INLINE_MAX_ROWS", 1)
    client.force_login(world.users["viewer"])
    response = client.post(reverse("consultations:households_export", args=[world.project.code]))
    job = SpreadsheetJob.objects.get(kind="consent_export")
    assert response.status_code == 302 and response["Location"].endswith(f"/jobs/{job.id}/")
    assert job.params == {
        "filters": {"area": None, "commune": None, "stage": "", "opinion": "", "money": ""},
        "names": False,
        "amounts": False,
    }
    consent_export.consent_export_run(job_id=job.id)  # what the worker does
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.output
    page = client.get(reverse("consultations:job", args=[world.project.code, job.id]))
    assert "file.xlsx" in page.content.decode()
    file = client.get(reverse("consultations:job_file", args=[world.project.code, job.id]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(file.content))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert len(rows) == 4 and not any("(đồng)" in str(h) for h in rows[0])
    # Another member may not fetch it; board staff would see amounts, but not in this file.
    client.force_login(world.users["board_staff"])
    assert (
        client.get(reverse("consultations:job_file", args=[world.project.code, job.id])).status_code
        == 404
    )
