"""A plan's money path in the browser: the template downloaded and filled in by code (its own
headers and household rows), imported; the version approved; a household paid in instalments
until its case turns `paid` on the map (the legend's count); a revised version with a higher
net makes it fall back."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from consultations.services import case_for
from landcases import services as registers
from landcases.models import PlanLine, Role
from tests.consultations.factories import D
from tests.factories import make_parcel, make_project, make_user
from tests.workbooks import workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem-1"
M = 1_000_000


def legend(page, stage) -> int:
    return int(page.locator(f"[data-count={stage}]").inner_text().replace(".", "") or 0)


def open_map(page, code):
    page.goto(f"{page.base}/maps/{code}/")
    page.wait_for_selector("#progressmap[data-ready='1']")
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-pane canvas').length > 0")


def submit(page):
    with page.expect_navigation():
        page.click("main form.form-stack button[type=submit]")


def record_payment(page, code, land_user_id, day, amount):
    page.goto(f"{page.base}/projects/{code}/cases/{land_user_id}/")
    page.click("text=Chi trả tiền (một lần chi)")
    page.fill("input[name=happened_on]", day.isoformat())
    page.fill("input[name=amount]", amount)
    page.select_option("select[name=method]", "bank_transfer")
    page.fill("input[name=receipt]", f"PC-{amount[:2]}")
    submit(page)
    return page.get_by_test_id("stage").inner_text()


def approve(page, day, number):
    page.click("[data-testid=act-approval]")
    page.fill("input[name=number]", number)
    page.fill("input[name=happened_on]", day.isoformat())
    page.fill("input[name=effective_on]", day.isoformat())
    assert page.input_value("select[name=authority]") == "commune_chairman"
    submit(page)
    assert "phê duyệt ngày" in page.get_by_test_id("versions").inner_text()


def test_import_approve_pay_in_instalments_then_a_revision_falls_back(page, tmp_path):
    board = make_user("canbo.ban", first_name="Lan", last_name="Nguyễn")
    board.set_password(PASSWORD)
    board.save()
    project, area, commune = make_project(members=[(board, Role.BOARD_STAFF)])
    households = []
    for i in range(3):
        parcel = make_parcel(
            project,
            commune,
            actor=board,
            no=str(i + 1),
            dx=20 + i * 100,
            dy=-40,
            w=80,
            h=80,
            legal=Decimal(6400),
            area=area,
        )
        lu = registers.land_user_create(
            project=project, actor=board, kind="household", name=f"Hộ ông Lê Văn {'ABC'[i]}"
        )
        registers.holding_create(
            land_user=lu,
            parcel=parcel,
            actor=board,
            tenure="certificate",
            affected_area_m2=Decimal(6400),
        )
        case_for(lu)
        households.append(lu)
    plan = registers.plan_create(
        project=project,
        actor=board,
        number="PA-01",
        kind="draft",
        title="Phương án Km0",
        area=area,
        reason="lập",
    )
    code = project.code

    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", "canbo.ban")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form-stack button[type=submit]")
    page.goto(f"{page.base}/projects/{code}/plans/")
    page.click("text=PA-01")
    page.click("[data-testid=import]")

    # The template, as downloaded: its headers and its household rows (the area's), filled in.
    with page.expect_download() as download:
        page.click("[data-testid=template]")
    book = CalamineWorkbook.from_filelike(io.BytesIO(download.value.path().read_bytes()))
    names = book.sheet_names
    sheet_h, sheet_i = names[0], names[1]
    rows_h = book.get_sheet_by_name(sheet_h).to_python()
    header_i = book.get_sheet_by_name(sheet_i).to_python()[0]
    assert sheet_h == "Hộ gia đình" and rows_h[0][0] == "Mã tra cứu" and len(rows_h) == 4
    nets = {lu.lookup_code: (i + 1) * 100 * M for i, lu in enumerate(households)}
    filled_h = [[r[0], r[1], 2 * M, nets[r[0]] - 2 * M] for r in rows_h[1:]]
    filled_i = []
    for r in rows_h[1:]:
        land = nets[r[0]] - 8 * M
        filled_i.append([r[0], "Đất", "LUC", "Lúa nước", 100, "m2", land // 100, land])
        filled_i.append([r[0], "Hỗ trợ", "life_stabilisation", "", None, "", None, 8 * M])
    path = tmp_path / "phuong-an.xlsx"
    path.write_bytes(workbook({sheet_h: [rows_h[0], *filled_h], sheet_i: [header_i, *filled_i]}))
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=reason]", "Nhập phương án từ bảng tính")
    submit(page)
    outcome = page.get_by_test_id("job-outcome").inner_text()
    assert "3 hộ" in outcome and "6 khoản" in outcome
    page.click("text=Xem phương án")
    assert page.get_by_test_id("version-net").inner_text() == "594.000.000"
    assert PlanLine.objects.filter(plan=plan).count() == 3

    approve(page, D, "15/QĐ-UBND")
    first = households[0]  # owed 98 million
    assert "Phương án đã phê duyệt" in record_payment(
        page, code, first.id, D + timedelta(days=5), "50.000.000"
    )
    open_map(page, code)
    assert legend(page, "paid") == 0 and legend(page, "approved") == 3
    stage = record_payment(page, code, first.id, D + timedelta(days=12), "48.000.000")
    assert "Đã chi trả" in stage
    assert page.get_by_test_id("outstanding").inner_text() == "0"
    open_map(page, code)
    assert legend(page, "paid") == 1 and legend(page, "approved") == 2

    # A revised version raises the household's net: the case falls back.
    page.goto(f"{page.base}/projects/{code}/plans/new/")
    page.fill("input[name=number]", "PA-01")
    page.select_option("select[name=kind]", "revised")
    page.fill("input[name=title]", "Điều chỉnh đơn giá")
    page.fill("input[name=reason]", "Đơn giá mới")
    submit(page)
    page.goto(f"{page.base}/projects/{code}/plans/{plan.id}/")
    page.click("[data-testid=versions] >> text=v2")
    page.click("[data-testid=line-new]")
    page.fill("input[name=land_user]", first.lookup_code)
    page.fill("input[name=deductions]", "2.000.000")
    page.select_option("select[name=item-0-category]", "land")
    page.fill("input[name=item-0-code]", "LUC")
    page.fill("input[name=item-0-amount]", "130.000.000")
    page.fill("input[name=reason]", "Đơn giá đất mới")
    submit(page)
    assert "128.000.000" in page.get_by_test_id("lines").inner_text()
    approve(page, D + timedelta(days=20), "21/QĐ-UBND")
    open_map(page, code)
    assert legend(page, "paid") == 0 and legend(page, "approved") == 3
    page.goto(f"{page.base}/projects/{code}/cases/{first.id}/")
    assert "Phương án đã phê duyệt" in page.get_by_test_id("stage").inner_text()
    assert page.get_by_test_id("outstanding").inner_text() == "30.000.000"
    assert not page.js_errors
