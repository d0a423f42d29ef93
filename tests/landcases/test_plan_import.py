"""Importing a plan version from a workbook: checked row by row, all or nothing, an error sheet
of the refused rows as sent, a corrected file replacing the draft's lines; the template round
trip; a large file on a real Celery worker."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from landcases import services as registers
from landcases.models import JobStatus, PlanItem, PlanLine, SpreadsheetJob
from landcases.plan_xlsx import HOUSEHOLDS, ITEMS, name_matches_loosely, plan_template
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.factories import make_project
from tests.workbooks import headers, land_item, plan_workbook, support_item, titles

pytestmark = pytest.mark.django_db
M = 1_000_000


@pytest.fixture
def world():
    actor, project, area, cases = make_world(3)
    plan = registers.plan_create(
        project=project, actor=actor, number="PA-01", kind="draft", title="Dự thảo", reason="lập"
    )
    codes = [c.land_user.lookup_code for c in cases]
    return actor, project, plan, cases, codes


def run(world, data, **kw):
    actor, project, plan, cases, codes = world
    return registers.plan_import_start(
        plan=plan, actor=actor, data=data, name="pa.xlsx", reason="nhập", language="vi", **kw
    )


def good(codes, amounts=(100 * M, 200 * M, 300 * M)):
    households = [
        [c, f"Hộ số {i + 1}", M, a - M]
        for i, (c, a) in enumerate(zip(codes, amounts, strict=False))
    ]
    items = []
    for c, a in zip(codes, amounts, strict=False):
        items += [land_item(c, a - 10 * M), support_item(c, 10 * M)]
    return households, items


def error_rows(job) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(bytes(job.output)))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_a_workbook_becomes_the_drafts_lines(world):
    actor, project, plan, cases, codes = world
    job = run(world, plan_workbook(*good(codes)))
    assert job.status == JobStatus.DONE and job.result["lines"] == 3
    assert job.input is None  # the upload named people: emptied once read
    line = PlanLine.objects.get(plan=plan, land_user=cases[1].land_user)
    assert (line.gross_vnd, line.deductions_vnd, line.net_vnd) == (200 * M, M, 199 * M)
    land = line.items.get(category="land")
    assert (land.code, land.quantity, land.unit_price_vnd) == ("LUC", 100, 1_900_000)
    assert line.items.get(category="support").code == "life_stabilisation"
    assert line.history.first().history_change_reason == "nhập"


def test_a_corrected_file_replaces_the_drafts_lines(world):
    actor, project, plan, cases, codes = world
    run(world, plan_workbook(*good(codes)))
    households, items = good(codes[:2], (50 * M, 60 * M))
    run(world, plan_workbook(households, items))
    assert PlanLine.objects.filter(plan=plan).count() == 2
    assert PlanItem.objects.filter(line__plan=plan).count() == 4
    assert set(PlanLine.objects.values_list("net_vnd", flat=True)) == {49 * M, 59 * M}


def refused(world, households, items, **kw):
    """Import a bad file over good lines: refused, the good lines stay, the error sheet."""
    actor, project, plan, cases, codes = world
    run(world, plan_workbook(*good(codes)))
    before = sorted(PlanLine.objects.values_list("id", "net_vnd"))
    job = run(world, plan_workbook(households, items, **kw))
    assert job.status == JobStatus.REFUSED
    assert sorted(PlanLine.objects.values_list("id", "net_vnd")) == before
    return job


def test_a_duplicate_household_is_refused_with_its_row(world):
    actor, project, plan, cases, codes = world
    households, items = good(codes)
    households.append([codes[0], "Hộ số 1", 0, None])
    job = refused(world, households, items)
    sheets = error_rows(job)
    h, i = titles()
    assert sheets[h][0] == [*headers(HOUSEHOLDS), "Lỗi"]
    (row,) = sheets[h][1:]
    assert row[0] == codes[0] and "dòng 5" in row[-1] and "đã có một dòng (dòng 2)" in row[-1]
    assert sheets[i][1:] == []  # every item row was fine


def test_an_unknown_or_another_projects_lookup_code_is_refused(world):
    actor, project, plan, cases, codes = world
    other, _area, _commune = make_project("du-an-khac")
    stranger = registers.land_user_create(project=other, actor=actor, kind="household", name="Hộ B")
    households, items = good(codes)
    households += [["KHONGCO123", "Ai đó", 0, None], [stranger.lookup_code, "Hộ B", 0, None]]
    job = refused(world, households, items)
    reasons = [r[-1] for r in error_rows(job)[titles()[0]][1:]]
    assert len(reasons) == 2
    assert all("Không có người sử dụng đất nào của dự án này có mã tra cứu" in r for r in reasons)


@pytest.mark.parametrize(
    "bad, message",
    [
        (
            lambda c: [c, "đất", "LUC", "", 100, "m2", 1000, "một trăm nghìn"],
            "không phải là số tiền",
        ),
        (lambda c: [c, "đất", "LUC", "", 100, "m2", 1000, 200_000], "khối lượng nhân đơn giá"),
        (lambda c: [c, "đất", "XYZ", "", 100, "m2", 1000, 100_000], "“XYZ”"),
        (lambda c: [c, "hỗ trợ", "quà tết", "", None, "", None, 100_000], "“quà tết”"),
        (lambda c: [c, "thưởng", "", "", None, "", None, 100_000], "“thưởng”"),
        (lambda c: ["KHONGCO123", "đất", "LUC", "", 1, "m2", 1, 1], "không có dòng nào"),
        # larger than the quantity field holds (numeric(14, 2)): the row, not a failed job
        (lambda c: [c, "cây", "", "", 10**13, "cây", None, 100_000], "Khối lượng"),
    ],
)
def test_bad_item_rows_are_refused_with_their_reasons(world, bad, message):
    actor, project, plan, cases, codes = world
    households, items = good(codes)
    items.append(bad(codes[2]))
    job = refused(world, households, items)
    (row,) = error_rows(job)[titles()[1]][1:]
    assert message in row[-1], row[-1]
    assert job.result["refused"] == 1


def test_a_net_that_is_not_entitlements_minus_deductions_is_refused(world):
    actor, project, plan, cases, codes = world
    households, items = good(codes)
    households[0][3] = 12345
    job = refused(world, households, items)
    (row,) = error_rows(job)[titles()[0]][1:]
    assert "12.345" in row[-1] and "99.000.000" in row[-1]


def test_a_name_is_checked_loosely(world):
    actor, project, plan, cases, codes = world
    households, items = good(codes)
    households[0][1] = "HỘ SO 1"  # no diacritics, upper case: the same household
    households[1][1] = "Trần Thị Mai"  # another household: the lookup code is wrong
    job = refused(world, households, items)
    (row,) = error_rows(job)[titles()[0]][1:]
    assert row[0] == codes[1] and "“Hộ số 2”" in row[-1]
    assert name_matches_loosely("ông Nguyễn Văn Đức", "Nguyen Van Duc")
    assert not name_matches_loosely("Lê Văn Tám", "Lê Văn Bảy")


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"merge": ("Hộ gia đình", "A1:B1")}, "ô gộp"),
        ({"drop": "Số tiền (đồng)"}, "Thiếu cột “Số tiền (đồng)”"),
    ],
)
def test_merged_header_cells_or_a_missing_column_refuse_the_file(world, kw, message):
    actor, project, plan, cases, codes = world
    households, items = good(codes)
    if "drop" in kw:
        at = headers(ITEMS).index(kw.pop("drop"))
        items = [r[:at] + r[at + 1 :] for r in items]
        data = plan_workbook(households, items, **kw)
        # rewrite the header without the column
        from tests.workbooks import workbook

        h, i = titles()
        data = workbook(
            {
                h: [headers(HOUSEHOLDS), *households],
                i: [headers(ITEMS)[:at] + headers(ITEMS)[at + 1 :], *items],
            }
        )
    else:
        data = plan_workbook(households, items, **kw)
    run(world, plan_workbook(*good(codes)))
    before = PlanLine.objects.count()
    job = run(world, data)
    assert job.status == JobStatus.REFUSED and message in job.result["message"]
    assert not job.output and PlanLine.objects.count() == before


def test_english_headers_are_read_as_well(world):
    actor, project, plan, cases, codes = world
    households, items = good(codes)
    for row in items:
        row[1] = {"đất": "Land", "hỗ trợ": "support"}[row[1]]
    job = run(world, plan_workbook(households, items, language="en"))
    assert job.status == JobStatus.DONE and job.result["lines"] == 3


def test_an_approved_version_takes_no_import(world):
    actor, project, plan, cases, codes = world
    run(world, plan_workbook(*good(codes)))
    record(
        "plan_approved",
        project=project,
        actor=actor,
        plan=plan,
        on=D,
        number="1/QĐ",
        effective_on=D,
        authority="commune_chairman",
    )
    jobs = SpreadsheetJob.objects.count()
    with pytest.raises(ValidationError, match="đã được phê duyệt"):
        run(world, plan_workbook(*good(codes)))
    assert SpreadsheetJob.objects.count() == jobs


def test_what_is_not_a_workbook_is_refused_at_once(world):
    with pytest.raises(ValidationError) as info:
        run(world, b"%PDF-1.4 hello")
    assert "file" in info.value.message_dict and not SpreadsheetJob.objects.exists()


def test_the_template_filled_in_by_code_imports(world):
    """The downloaded template's own headers and sheets, its example rows replaced."""
    actor, project, plan, cases, codes = world
    book = CalamineWorkbook.from_filelike(io.BytesIO(plan_template()))
    h, i = titles()
    assert book.sheet_names[:2] == [h, i] and "Hướng dẫn" in book.sheet_names
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in (h, i)}
    assert sheets[h][0] == headers(HOUSEHOLDS) and sheets[i][0] == headers(ITEMS)
    households, items = good(codes)
    from tests.workbooks import workbook

    job = run(world, workbook({h: [sheets[h][0], *households], i: [sheets[i][0], *items]}))
    assert job.status == JobStatus.DONE
    codes_sheet = book.get_sheet_by_name("Mã hỗ trợ").to_python()
    assert ["life_stabilisation", "Hỗ trợ ổn định đời sống"] in codes_sheet


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_on_a_real_worker_with_progress(celery_worker_process):
    actor, project, area, cases = make_world(3)
    plan = registers.plan_create(
        project=project, actor=actor, number="PA-09", kind="draft", title="Lớn", reason="lập"
    )
    households, items = good([c.land_user.lookup_code for c in cases])
    job = registers.plan_import_start(
        plan=plan,
        actor=actor,
        data=plan_workbook(households, items),
        name="lon.xlsx",
        reason="nhập",
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
    assert (job.done, job.total) == (9, 9) and PlanLine.objects.filter(plan=plan).count() == 3
