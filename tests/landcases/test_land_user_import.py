"""Importing land users and their holdings from a workbook: the template round trip, all or
nothing, the error sheet read with openpyxl, each bad input with its reason, a second import of
the same list refused."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from landcases import services as registers
from landcases.land_user_xlsx import LAND_USERS, land_user_template, masked_citizen_id
from landcases.models import (
    Holding,
    JobStatus,
    LandUser,
    LandUserSensitive,
    RegisterChange,
)
from tests.landcases.land_user_books import KEYS, book, household, make_place, row
from tests.workbooks import headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return make_place()


def run(place, data, **kw):
    actor, project, parcels, commune = place
    return registers.land_user_import_start(
        project=project,
        actor=actor,
        data=data,
        name="ds.xlsx",
        reason="Nhập danh sách kiểm đếm",
        language="vi",
        **kw,
    )


def reasons(job) -> dict[int, list[str]]:
    return {r["row"]: r["reasons"] for r in job.result["refused_rows"]}


def assert_nothing_written(project):
    assert not LandUser.objects.filter(project=project).exists()
    assert not Holding.objects.filter(parcel__project=project).exists()


def test_the_template_round_trip(place):
    actor, project, parcels, commune = place
    sheet = openpyxl.load_workbook(io.BytesIO(land_user_template()))[LAND_USERS.title]
    assert [c.value for c in sheet[1]] == headers(LAND_USERS)
    assert sheet.max_row == 3  # the example: one household holding two parcels
    sheet.append(household("2", "Bà Trần Thị Bình", citizen_id="060987654321", parcel_no=3))
    sheet.cell(4, 1 + [c.key for c in LAND_USERS.columns].index("v_poor"), "x")
    out = io.BytesIO()
    sheet.parent.save(out)
    job = run(place, out.getvalue())
    assert job.status == JobStatus.DONE, job.result
    assert (job.result["land_users"], job.result["holdings"]) == (2, 3)
    an = LandUser.objects.get(project=project, name="Hộ ông Nguyễn Văn An")
    assert (an.kind, an.members, an.phone) == ("household", 4, "0912 345 678")
    assert an.search_name == "ho ong nguyen van an nguyen van an"
    held = {h.parcel.parcel_no: h for h in an.holdings.select_related("parcel")}
    assert set(held) == {"1", "2"}
    assert (held["2"].share_pct, held["2"].affected_area_m2) == (Decimal(50), Decimal("120.5"))
    assert an.sensitive.citizen_id == "060123456789" and an.sensitive.ethnicity == "Kinh"
    binh = LandUser.objects.get(project=project, name="Bà Trần Thị Bình")
    assert binh.sensitive.vulnerabilities == ["poor"]
    assert len(binh.lookup_code) == 10 and binh.lookup_code != an.lookup_code
    # history with the import's reason, who and the '+' of a create
    for record in (an, an.sensitive, held["1"]):
        first = record.history.get()
        assert first.history_type == "+" and first.history_user_id == actor.pk
        assert first.history_change_reason == "Nhập danh sách kiểm đếm"
    change = RegisterChange.objects.filter(project=project).order_by("-id").first()
    assert set(change.land_users) == {an.pk, binh.pk}
    assert set(change.parcels) == {p.pk for p in parcels}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_headers_in_one_language_and_codes_read_too(place, language):
    """The template writes “Vietnamese (English)”; a header in one language reads as well."""
    actor, project, parcels, commune = place
    with translation.override(language):
        header = [str(c.plain) for c in LAND_USERS.columns]
    assert "Số CCCD" in header or "Citizen ID (CCCD)" in header
    data = book([household(kind="household", tenure="Certificate holder")], header=header)
    job = run(place, data)
    assert job.status == JobStatus.DONE, job.result
    assert LandUser.objects.get(project=project).kind == "household"


def test_the_template_headers_are_vietnamese_then_english():
    with translation.override("en"):
        labels = [c.label for c in LAND_USERS.columns]
    assert "Số CCCD (Citizen ID (CCCD))" in labels and "Mã hộ trong danh sách (List key)" in labels


def test_a_land_user_without_parcel_and_without_sensitive_data(place):
    actor, project, parcels, commune = place
    data = book([row(key="A", kind="Tổ chức", name="Công ty TNHH Minh Phát")])
    job = run(place, data)
    assert job.status == JobStatus.DONE, job.result
    lu = LandUser.objects.get(project=project)
    assert lu.kind == "organisation" and not lu.holdings.exists()
    assert not LandUserSensitive.objects.filter(land_user=lu).exists()


def test_one_bad_row_writes_nothing_and_the_error_sheet_says_why(place):
    actor, project, parcels, commune = place
    rows = [
        household("1"),
        household("2", "Hộ bà Lê Thị Cúc", citizen_id="0601234", parcel_no=2),
        household("3", "Hộ ông Phạm Văn Dũng", citizen_id="060111222333", parcel_no=3),
    ]
    job = run(place, book(rows))
    assert job.status == JobStatus.REFUSED
    assert_nothing_written(project)
    assert job.result["refused"] == 1 and list(reasons(job)) == [3]
    assert "“***1234”" in reasons(job)[3][0] and "12" in reasons(job)[3][0]
    assert "0601234" not in json.dumps(job.result)  # the job keeps the reasons: masked
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(job.output))).active
    lines = [[c.value for c in r] for r in sheet.iter_rows()]
    assert lines[0] == [*headers(LAND_USERS), "Lỗi"]
    assert len(lines) == 2  # the header and the one refused row, as sent
    assert lines[1][2] == "Hộ bà Lê Thị Cúc"
    assert lines[1][KEYS.index("citizen_id")] == "***1234"  # the sheet masks it as well
    assert lines[1][-1].startswith("dòng 3:") and "***1234" in lines[1][-1]


def refused(place, rows, **kw) -> list[str]:
    actor, project, parcels, commune = place
    job = run(place, book(rows, **kw))
    assert job.status == JobStatus.REFUSED, job.result
    assert_nothing_written(project)
    return [reason for rs in reasons(job).values() for reason in rs]


def one_reason(place, rows, **kw) -> str:
    found = refused(place, rows, **kw)
    assert len(found) == 1, found
    return found[0]


def test_citizen_id_typed_as_a_number_lost_its_leading_zero(place):
    reason = one_reason(place, [household(citizen_id=60123456789)])
    assert "“*******6789”" in reason and "60123456789" not in reason


def test_citizen_id_typed_as_a_number_of_twelve_digits_is_taken(place):
    actor, project, parcels, commune = place
    job = run(place, book([household(citizen_id=260123456789)]))
    assert job.status == JobStatus.DONE, job.result
    assert LandUserSensitive.objects.get().citizen_id == "260123456789"


def test_citizen_id_with_full_width_digits_is_refused(place):
    assert "CCCD" in one_reason(place, [household(citizen_id="０６０１２３４５６７８９")])


def test_unknown_kind_and_tenure(place):
    found = refused(place, [household(kind="Hợp tác xã", tenure="thuê lại")])
    assert len(found) == 2
    assert "Hợp tác xã" in found[0] and "household" in found[0]
    assert "thuê lại" in found[1]


def test_share_out_of_range(place):
    assert "100" in one_reason(place, [household(share_pct=120)])
    assert "100" in one_reason(place, [household(share_pct=0)])


def test_shares_of_one_parcel_above_100(place):
    rows = [household("1", share_pct=60), household("2", "Hộ khác", citizen_id="", share_pct=50)]
    found = refused(place, rows)
    assert len(found) == 2 and all("110" in f for f in found)


def test_affected_area_larger_than_the_parcel(place):
    assert "600" in one_reason(place, [household(affected_area_m2=700)])


def test_a_parcel_not_in_the_project(place):
    assert "10/99" in one_reason(place, [household(parcel_no=99)])


def test_a_parcel_of_another_commune(place):
    assert "10/1" in one_reason(place, [household(commune="11111")])


def test_half_a_parcel_key(place):
    assert one_reason(place, [household(parcel_no=None)])


def test_a_date_typed_in_a_number_column(place):
    found = one_reason(place, [household(members="12/03/2024")])
    assert "12/03/2024" in found


def test_the_same_land_user_with_other_details(place):
    rows = [household("1"), household("1", "Tên khác", parcel_no=2, share_pct=50)]
    found = one_reason(place, rows)
    assert "Tên" in found or "tên" in found


def test_the_same_key_repeated_with_its_details_or_none(place):
    actor, project, parcels, commune = place
    rows = [household("1"), household("1", parcel_no=2), row(key="1", sheet_no=10, parcel_no=3)]
    rows[2][[c.key for c in LAND_USERS.columns].index("tenure")] = "co_user"
    rows[2][[c.key for c in LAND_USERS.columns].index("affected_area_m2")] = 10
    job = run(place, book(rows))
    assert job.status == JobStatus.DONE, job.result
    assert LandUser.objects.get(project=project).holdings.count() == 3


def test_duplicate_land_users_by_citizen_id_in_one_file(place):
    rows = [household("1"), household("2", "Hộ ông An (trùng)", parcel_no=2)]
    reason = one_reason(place, rows, language="vi")
    assert "row 2" in reason.replace("dòng", "row")
    assert "********6789" in reason and "060123456789" not in reason


@pytest.mark.parametrize(
    ("value", "shown"),
    [("060123456789", "********6789"), (60123456789.0, "*******6789"), ("12", "12"), (None, "")],
)
def test_a_citizen_id_is_shown_by_its_last_four_digits(value, shown):
    assert masked_citizen_id(value) == shown
    assert masked_citizen_id("9" * 40) == "*" * 16 + "9999"


def test_the_same_parcel_twice_for_one_land_user(place):
    rows = [household("1", share_pct=40), household("1", share_pct=40)]
    assert "10/1" in one_reason(place, rows)


def test_a_second_import_of_the_same_list_is_refused(place):
    actor, project, parcels, commune = place
    assert run(place, book([household()])).status == JobStatus.DONE
    job = run(place, book([household()]))
    assert job.status == JobStatus.REFUSED
    code = LandUser.objects.get(project=project).lookup_code
    assert "********6789 đã được đăng ký trong dự án" in reasons(job)[2][0]
    # who holds it is not said, nor the CCCD in full
    assert code not in json.dumps(job.result) and "060123456789" not in json.dumps(job.result)
    assert LandUser.objects.filter(project=project).count() == 1


def test_unknown_headers(place):
    header = [*headers(LAND_USERS), "Ghi chú"]
    job = run(place, book([household()], header=header))
    assert job.status == JobStatus.REFUSED and "Ghi chú" in job.result["message"]


def test_merged_header_cells(place):
    job = run(place, book([household()], merge=("Người sử dụng đất", "A1:B1")))
    assert job.status == JobStatus.REFUSED and "gộp" in job.result["message"]


def test_not_a_workbook_is_refused_at_once(place):
    with pytest.raises(ValidationError):
        run(place, b"not a zip")


def test_a_dry_run_writes_nothing(place):
    actor, project, parcels, commune = place
    job = run(place, book([household()]), dry_run=True)
    assert job.status == JobStatus.DONE and job.result["land_users"] == 1
    assert_nothing_written(project)


def test_the_set_based_write_sends_every_field_of_the_models():
    from landcases.services import land_user_import as write

    def fields(model):
        return tuple(f.column for f in model._meta.concrete_fields)

    assert (*write.USER_COLUMNS, "search_name") == fields(LandUser)
    assert fields(LandUserSensitive) == write.SENSITIVE_COLUMNS
    assert ("id", *write.HOLDING_COLUMNS) == fields(Holding)


def test_the_job_keeps_the_first_refused_rows_and_the_error_sheet_all(place, monkeypatch):
    from landcases.services import land_user_import as write

    monkeypatch.setattr(write, "JOB_REFUSED_ROWS", 2)
    rows = [household(str(i), f"Hộ {i}", citizen_id="1", parcel_no=99) for i in range(4)]
    job = run(place, book(rows))
    assert job.result["refused"] == 4 and len(job.result["refused_rows"]) == 2
    assert job.result["refused_rows_cut"] is True
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(job.output))).active
    assert sheet.max_row == 5


def test_an_error_sheet_sent_back_with_its_masked_citizen_id_says_to_copy_it_back(place):
    reason = one_reason(place, [household("1", citizen_id="********1234")])
    assert "********1234" in reason and "12" in reason
    assert reason != one_reason(place, [household("1", citizen_id="0601234")])
