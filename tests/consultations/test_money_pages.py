"""The money pages at work: editing a draft line by line, importing a workbook through the page,
the plan's acts (summary with the proposed counts, approval, deliveries and decisions for every
household of the version), the case page's money acts, the household register and the
disbursement summary."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from consultations.models import Case, Event
from consultations.selectors_consent import ConsentFilters, consent_fill, consent_rows
from landcases import services as registers
from landcases.models import PlanItem, PlanLine
from tests.consultations.factories import D
from tests.consultations.money_world import M, build_money_world
from tests.consultations.record import record
from tests.sweep import changed, digest
from tests.workbooks import land_item, plan_workbook, support_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_money_world()


@pytest.fixture
def board(client, world):
    client.force_login(world.users["board_staff"])
    return client


def url(world, name, *args):
    return reverse(f"consultations:{name}", args=[world.project.code, *args])


def items_data(rows, *, initial=0):
    data = {
        "item-TOTAL_FORMS": str(max(len(rows), 1)),
        "item-INITIAL_FORMS": str(initial),
        "item-MIN_NUM_FORMS": "0",
        "item-MAX_NUM_FORMS": "200",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"item-{i}-{key}"] = value
    return data


def line_post(code, deductions="1.000.000", rows=None, reason="đo đạc lại"):
    rows = rows or [
        {
            "category": "land",
            "code": "LUC",
            "quantity": "150",
            "unit": "m2",
            "unit_price": "600.000",
            "amount": "90.000.000",
        },
        {"category": "support", "code": "relocation", "amount": "5000000"},
    ]
    return {"land_user": code, "deductions": deductions, "reason": reason, **items_data(rows)}


def body(response) -> str:
    return response.content.decode()


def test_a_draft_line_is_added_replaced_and_deleted_with_reasons(board, world):
    third = world.cases[2].land_user
    response = board.post(url(world, "plan_line_new", world.draft.id), line_post(third.lookup_code))
    assert response.status_code == 302, body(response)
    line = PlanLine.objects.get(plan=world.draft, land_user=third)
    assert (line.gross_vnd, line.deductions_vnd, line.net_vnd) == (95 * M, M, 94 * M)
    assert line.history.first().history_change_reason == "đo đạc lại"
    rows = [{"category": "crop", "description": "Lúa", "amount": "2000000"}]
    response = board.post(
        url(world, "plan_line", world.draft.id, third.id),
        line_post("", deductions="0", rows=rows, reason="bỏ khoản hỗ trợ"),
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.net_vnd == 2 * M and list(line.items.values_list("category", flat=True)) == ["crop"]
    page = body(board.get(url(world, "plan", world.draft.id)))
    assert "Hộ số 3" in page and "2.000.000" in page
    response = board.post(
        url(world, "plan_line_delete", world.draft.id, third.id), {"reason": "trùng"}
    )
    assert response.status_code == 302
    assert not PlanLine.objects.filter(plan=world.draft, land_user=third).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"land_user": "KHONGCO123"}, "Không có người sử dụng đất nào"),
        ({"deductions": "một triệu"}, "Hãy nhập số tiền bằng đồng"),
        ({"reason": ""}, "Trường này là bắt buộc"),
        (
            {"rows": [{"category": "land", "code": "XYZ", "amount": "1000"}]},
            "“XYZ” không phải là mã loại đất",
        ),
        (
            {
                "rows": (
                    [
                        {
                            "category": "land",
                            "code": "LUC",
                            "quantity": "10",
                            "unit_price": "1000",
                            "amount": "5000",
                        }
                    ]
                )
            },
            "khối lượng nhân đơn giá",
        ),
        ({"rows": [{"code": "LUC", "amount": "5000"}]}, "Hãy chọn loại"),
    ],
)
def test_a_bad_line_gets_a_message_and_writes_nothing(board, world, data, message):
    before = digest()
    data = dict(data)
    rows = data.pop("rows", None)
    post = {**line_post(world.cases[2].land_user.lookup_code, rows=rows), **data}
    response = board.post(url(world, "plan_line_new", world.draft.id), post)
    assert response.status_code == 200 and message in body(response), body(response)[-3000:]
    assert not changed(before, digest())


def test_an_approved_versions_line_cannot_be_edited(board, world):
    first = world.cases[0].land_user
    page = body(board.get(url(world, "plan", world.plan.id)))
    assert "đã được phê duyệt: các dòng không bao giờ thay đổi" in page
    assert url(world, "plan_line_new", world.plan.id) not in page  # no edit link offered
    before = digest()
    for response in (
        board.post(url(world, "plan_line", world.plan.id, first.id), line_post("")),
        board.post(url(world, "plan_line_new", world.plan.id), line_post(first.lookup_code)),
        board.post(url(world, "plan_line_delete", world.plan.id, first.id), {"reason": "sai"}),
    ):
        assert response.status_code == 200
        assert "Phương án này đã được phê duyệt: nội dung không được thay đổi" in body(response)
    assert not changed(before, digest())


def upload(name="pa.xlsx", data=b""):
    file = io.BytesIO(data)
    file.name = name
    return file


def test_an_import_through_the_page_and_its_error_sheet(board, world):
    codes = [c.land_user.lookup_code for c in world.cases]
    households = [[c, f"Hộ số {i + 1}", 0, None] for i, c in enumerate(codes)]
    items = [land_item(c, 50 * M) for c in codes] + [support_item(codes[0], 3 * M)]
    bad = [*households, [codes[1], "Hộ số 2", 0, None]]
    response = board.post(
        url(world, "plan_import", world.draft.id),
        {"file": upload(data=plan_workbook(bad, items)), "reason": "nhập"},
    )
    assert response.status_code == 302
    job_page = board.get(response["Location"])
    assert "1 dòng bị từ chối" in body(job_page) and "chưa ghi gì" in body(job_page)
    sheet = board.get(response["Location"] + "file.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(sheet.content))
    rows = book.get_sheet_by_name("Hộ gia đình").to_python()
    assert rows[1][0] == codes[1] and "đã có một dòng" in rows[1][-1]
    assert PlanLine.objects.filter(plan=world.draft).count() == 1  # the draft as it was
    response = board.post(
        url(world, "plan_import", world.draft.id),
        {"file": upload(data=plan_workbook(households, items)), "reason": "nhập lại"},
    )
    assert "Dự thảo này nay gồm dòng của 3 hộ với 4 khoản" in body(board.get(response["Location"]))
    assert PlanLine.objects.filter(plan=world.draft).count() == 3
    assert PlanItem.objects.filter(line__plan=world.draft).count() == 4


def test_an_import_into_an_approved_version_or_of_no_workbook_is_refused(board, world):
    before = digest()
    response = board.post(
        url(world, "plan_import", world.plan.id), {"file": upload(data=b"PK..."), "reason": "nhập"}
    )
    assert "đã được phê duyệt" in body(response)
    response = board.post(
        url(world, "plan_import", world.draft.id), {"file": upload(data=b"%PDF-1.4"), "reason": "x"}
    )
    assert "không phải là tệp Excel" in body(response)
    assert not changed(before, digest())


def test_the_opinion_summary_keeps_the_proposed_and_the_confirmed_counts(board, world):
    record(
        "opinion",
        project=world.project,
        actor=world.users["board_staff"],
        case=world.cases[1],
        on=D,
        opinion="disagree",
        channel="written",
    )
    form = body(board.get(url(world, "plan_act", world.plan.id, "summary")))
    assert "Theo hồ sơ: đồng ý 1, không đồng ý 1, ý kiến khác 0 (chưa có ý kiến: 1)" in form
    response = board.post(
        url(world, "plan_act", world.plan.id, "summary"),
        {
            "happened_on": (D + timedelta(days=20)).isoformat(),
            "agree": "2",
            "disagree": "1",
            "other": "0",
        },
    )
    assert response.status_code == 302
    summary = Event.objects.get(kind="opinion_summary")
    assert summary.payload == {
        "agree": 2,
        "disagree": 1,
        "other": 0,
        "proposed_agree": 1,
        "proposed_disagree": 1,
        "proposed_other": 0,
    }
    assert "hồ sơ ghi 1 / 1 / 0" in body(board.get(url(world, "plan", world.plan.id)))


def test_an_approval_effective_before_it_was_signed_is_refused(board, world):
    before = digest()
    response = board.post(
        url(world, "plan_act", world.draft.id, "approval"),
        {
            "number": "5/QĐ-UBND",
            "happened_on": "2025-06-10",
            "effective_on": "2025-06-09",
            "authority": "commune_chairman",
        },
    )
    assert "không thể có hiệu lực trước ngày ký (10/06/2025)" in body(response)
    assert not changed(before, digest())
    response = board.post(
        url(world, "plan_act", world.draft.id, "approval"),
        {
            "number": "5/QĐ-UBND",
            "happened_on": "2025-06-10",
            "effective_on": "2025-06-12",
            "authority": "commune_chairman",
        },
    )
    assert response.status_code == 302
    world.draft.refresh_from_db()
    assert world.draft.frozen_at is not None
    page = body(board.get(url(world, "plan", world.draft.id)))
    assert "phê duyệt ngày 10/06/2025 (5/QĐ-UBND), có hiệu lực từ 12/06/2025" in page


def test_the_approved_plan_delivered_to_every_household_but_the_exceptions(board, world):
    a, b, c = world.cases
    response = board.post(
        url(world, "plan_act", world.plan.id, "deliver-all"),
        {
            "happened_on": (D + timedelta(days=33)).isoformat(),
            "method": "in_person",
            "exceptions": f"#{c.land_user_id}",
        },
    )
    assert response.status_code == 302
    delivered = Event.objects.filter(kind="plan_delivered")
    assert sorted(delivered.values_list("case_id", flat=True)) == sorted([a.id, b.id])
    assert {e.payload["plan"] for e in delivered} == {world.plan.id}
    before = digest()
    response = board.post(
        url(world, "plan_act", world.draft.id, "deliver-all"),
        {"happened_on": (D + timedelta(days=33)).isoformat(), "method": "in_person"},
    )
    assert "chưa được phê duyệt" in body(response)  # the draft: not to be delivered
    assert not changed(before, digest())


def test_recovery_decisions_for_the_version_and_a_land_user_outside_the_project(board, world):
    stranger = registers.land_user_create(
        project=world.other, actor=world.users["board_staff"], kind="household", name="Hộ B"
    )
    on = (D + timedelta(days=35)).isoformat()
    before = digest()
    response = board.post(
        url(world, "plan_act", world.plan.id, "decide-all"),
        {
            "happened_on": on,
            "number": "7/QĐ-UBND",
            "authority": "commune_chairman",
            "only": stranger.lookup_code,
        },
    )
    assert "không phải là hộ của phương án này" in body(response) and stranger.lookup_code in body(
        response
    )
    assert not changed(before, digest())
    response = board.post(
        url(world, "plan_act", world.plan.id, "deliver-decisions"),
        {"happened_on": on, "method": "post"},
    )
    assert "chưa có quyết định thu hồi đất" in body(response)
    assert not changed(before, digest())
    a, b, c = world.cases
    response = board.post(
        url(world, "plan_act", world.plan.id, "decide-all"),
        {
            "happened_on": on,
            "number": "7/QĐ-UBND",
            "authority": "commune_chairman",
            "only": f"{a.land_user.lookup_code}, {b.land_user.lookup_code}",
        },
    )
    assert response.status_code == 302
    decisions = {e.case_id: e.root_id for e in Event.objects.filter(kind="recovery_decided")}
    assert set(decisions) == {a.id, b.id}
    response = board.post(
        url(world, "plan_act", world.plan.id, "deliver-decisions"),
        {"happened_on": on, "method": "post", "exceptions": c.land_user.lookup_code},
    )
    assert response.status_code == 302
    delivered = {
        e.case_id: e.payload["decision"] for e in Event.objects.filter(kind="recovery_delivered")
    }
    assert delivered == decisions
    assert Case.objects.get(pk=a.pk).stage == "decided"


@pytest.mark.parametrize("amount", ["0", "-5000000", "năm triệu", "1,5", "٥٠٠٠"])
def test_a_payment_of_nothing_or_less_is_refused(board, world, amount):
    before = digest()
    response = board.post(
        url(world, "case_act", world.cases[0].land_user_id, "payment"),
        {"happened_on": (D + timedelta(days=45)).isoformat(), "amount": amount, "method": "cash"},
    )
    assert "Hãy nhập số tiền bằng đồng: một số nguyên lớn hơn 0" in body(response)
    assert not changed(before, digest())


def test_a_payment_to_a_land_user_with_no_plan_line_is_refused(board, world):
    newcomer = registers.land_user_create(
        project=world.project, actor=world.users["board_staff"], kind="household", name="Hộ mới"
    )
    before = digest()
    response = board.post(
        url(world, "case_act", newcomer.id, "payment"),
        {
            "happened_on": (D + timedelta(days=45)).isoformat(),
            "amount": "5.000.000",
            "method": "cash",
        },
    )
    assert "không có tên trong phương án nào" in body(response)
    assert not changed(before, digest())


def test_instalments_until_paid_with_the_late_payment_warned(board, world):
    lu = world.cases[0].land_user_id
    response = board.post(
        url(world, "case_act", lu, "payment"),
        {
            "happened_on": (D + timedelta(days=80)).isoformat(),
            "amount": "60.000.000",
            "method": "bank_transfer",
            "receipt": "PC-02",
            "plan": world.plan.id,
        },
        follow=True,
    )
    page = body(response)
    assert "PAYMENT-DEADLINE" in page and Case.objects.get(pk=world.cases[0].pk).stage == "paid"
    assert "100.000.000" in page  # owed under the version in force, on the case page


def test_refusal_deposit_agreements_handover_and_resettlement_on_the_case_page(board, world):
    lu = world.cases[1].land_user_id
    on = (D + timedelta(days=50)).isoformat()
    for act, data in (
        ("payment-refused", {}),
        ("deposit", {"amount": "100000000", "custody": "state_treasury", "number": "TB-9"}),
        ("early-handover", {}),
        ("earlier-recovery", {}),
        ("handover", {"minutes": "BB-3", "area_m2": "95.5"}),
        ("resettlement", {"kind": "apartment", "plot": "CH-204", "area_m2": "62"}),
    ):
        response = board.post(url(world, "case_act", lu, act), {"happened_on": on, **data})
        assert response.status_code == 302, (act, body(response)[-2000:])
    allocation = Event.objects.get(kind="resettlement_allocated")
    form = body(board.get(url(world, "case_act", lu, "resettlement-handed-over")))
    assert "CH-204" in form
    response = board.post(
        url(world, "case_act", lu, "resettlement-handed-over"),
        {"happened_on": on, "allocation": allocation.root_id},
    )
    assert response.status_code == 302
    row = consent_fill(
        world.project.id,
        [
            r
            for r in consent_rows(world.project.id, ConsentFilters(), by_name=True)[0]
            if r.land_user_id == lu
        ],
    )[0]
    assert row.refused and row.deposited == 100 * M and row.outstanding == 0
    assert row.early_handover_on and row.earlier_recovery_on and row.handed_over_on
    assert str(row.handed_m2) == "95.5" and row.plot == "CH-204" and row.resettled_on
    assert row.stage == "handed_over"


def test_the_register_filters_pages_and_reads_in_few_queries(board, world):
    page = body(board.get(url(world, "households") + "?money=outstanding"))
    assert page.count('data-land-user="') == 3
    page = body(board.get(url(world, "households") + f"?stage=approved&area={world.area.id}"))
    assert page.count('data-land-user="') == 3
    page = body(board.get(url(world, "households") + "?stage=paid"))
    assert page.count('data-land-user="') == 0
    page = body(board.get(url(world, "households") + "?stage=nonsense&area=abc"))
    assert page.count('data-land-user="') == 3 and "Giai đoạn" in page  # dropped, with a message
    with CaptureQueriesContext(connection) as first:
        board.get(url(world, "households"))
    for i in range(20):
        registers.land_user_create(
            project=world.project,
            actor=world.users["board_staff"],
            kind="household",
            name=f"Hộ thêm {i}",
        )
    with CaptureQueriesContext(connection) as more:
        board.get(url(world, "households"))
    assert len(more) == len(first)  # not a query per household


def test_the_disbursement_summary_adds_up(board, world):
    a, b, c = world.cases
    record(
        "deposit",
        project=world.project,
        actor=world.users["board_staff"],
        case=b,
        on=D + timedelta(days=41),
        amount=100 * M,
        custody="state_treasury",
    )
    record(
        "handover",
        project=world.project,
        actor=world.users["board_staff"],
        case=b,
        on=D + timedelta(days=42),
        area_m2=80,
    )
    page = body(board.get(url(world, "disbursement")))
    # 3 households × 100 million approved, 40 million paid, 100 million deposited.
    for figure in ("300.000.000", "40.000.000", "160.000.000", "80"):
        assert figure in page, figure
