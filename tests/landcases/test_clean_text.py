"""Clean text at the register door (issue 9, part 4): free text is normalised to NFC and
cleaned of invisible characters; numbers and codes with hidden characters or non-ASCII digits
are refused with a translated message, never a database error."""

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from landcases import messages as msg
from landcases import services
from landcases.models import LandUser, LandUserSensitive, Parcel, Role
from landcases.text import clean, had_hidden_characters, has_non_ascii_digits
from tests.factories import make_parcel, make_project, make_user, vn2000_rect

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hằng"
NFD = unicodedata.normalize("NFD", NAME)
RLO, ZWSP, NUL = "\u202e", "\u200b", "\x00"
ARABIC_INDIC = "٠٦٠٩٨٧٦٥٤٣٢١"  # 12 digits, U+0660…
FULL_WIDTH = "０６０９８７６５４３２１"  # 12 digits, U+FF10…


@pytest.fixture
def setup():
    user = make_user("canbo")
    project, area, commune = make_project(members=[(user, Role.BOARD_STAFF)])
    return user, project, area, commune


def test_text_helpers():
    assert NFD != NAME and clean(NFD) == NAME
    assert clean(f"Hộ{ZWSP} ông{RLO} Tám{NUL}") == "Hộ ông Tám"
    assert had_hidden_characters(f"15{ZWSP}") and not had_hidden_characters("15/203")
    assert had_hidden_characters("a\nb") and not had_hidden_characters("a\nb", multiline=True)
    assert has_non_ascii_digits(ARABIC_INDIC) and has_non_ascii_digits(FULL_WIDTH)
    assert not has_non_ascii_digits("060987654321")


def test_names_and_addresses_are_stored_nfc_without_hidden_characters(setup):
    user, project, area, commune = setup
    lu = services.land_user_create(
        project=project,
        actor=user,
        kind="household",
        name=f"{RLO}{NFD}{ZWSP}{NUL}",
        representative=NFD,
        address=f"Thôn 3,{ZWSP} xã Thuận Quý",
    )
    lu.refresh_from_db()
    assert lu.name == NAME and lu.representative == NAME
    assert lu.address == "Thôn 3, xã Thuận Quý"
    # The same name typed again with a hidden mark is no change at all.
    assert services.land_user_update(land_user=lu, actor=user, reason="x", name=f"{NFD}{RLO}") == []
    services.land_user_update(land_user=lu, actor=user, reason=f"sửa{NUL} tên", name=f"{NAME} B")
    assert lu.history.first().history_change_reason == "sửa tên"


@pytest.mark.parametrize("hidden", [ZWSP, RLO, NUL, "\u2066", "\ufeff"])
def test_parcel_numbers_with_hidden_characters_are_refused(setup, hidden):
    user, project, area, commune = setup
    with pytest.raises(ValidationError) as exc:
        services.parcel_create(
            project=project,
            actor=user,
            commune_at_survey=commune,
            survey_date=date(2024, 1, 1),
            map_kind="cadastral",
            sheet_no=f"1{hidden}5",
            parcel_no="203",
            certificate_no=f"CS{hidden}0001",
            land_use="LUC",
            legal_area_m2=Decimal(100),
            geom=vn2000_rect(0, 0, 10, 10),
        )
    assert set(exc.value.error_dict) == {"sheet_no", "certificate_no"}
    assert exc.value.error_dict["sheet_no"][0].message == msg.HIDDEN_CHARACTERS_IN_CODE
    assert Parcel.objects.count() == 0


def test_parcel_numbers_are_nfc_and_trimmed(setup):
    user, project, area, commune = setup
    parcel = make_parcel(project, commune, actor=user, sheet=" 15 ", no="203 ")
    assert (parcel.sheet_no, parcel.parcel_no) == ("15", "203")
    services.parcel_update(parcel=parcel, actor=user, reason="địa chỉ", address=f"Thôn{ZWSP} 1")
    parcel.refresh_from_db()
    assert parcel.address == "Thôn 1"


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULL_WIDTH, f"06098765432{ZWSP}1"])
def test_a_cccd_of_other_digits_gets_the_cccd_message(setup, digits):
    user, project, area, commune = setup
    lu = services.land_user_create(project=project, actor=user, kind="household", name="Hộ A")
    with pytest.raises(ValidationError) as exc:
        services.land_user_sensitive_set(land_user=lu, actor=user, reason="nhập", citizen_id=digits)
    assert exc.value.error_dict["citizen_id"][0].message == msg.CITIZEN_ID_FORMAT
    assert not LandUserSensitive.objects.exists()


def test_a_cccd_of_arabic_indic_digits_through_the_form_is_the_translated_message(client, setup):
    user, project, area, commune = setup
    lu = services.land_user_create(project=project, actor=user, kind="household", name="Hộ A")
    client.force_login(user)
    response = client.post(
        reverse("landcases:land_user_sensitive", args=[project.code, lu.id]),
        {"citizen_id": ARABIC_INDIC, "reason": "nhập CCCD"},
    )
    assert response.status_code == 200
    assert "Số CCCD phải gồm đúng 12 chữ số" in response.content.decode()
    assert not LandUserSensitive.objects.exists()


@pytest.mark.parametrize("phone", ["０９０９０００１１１", "0909\u200b000111", "090-ABC-111", "12"])
def test_phones_are_ascii_digits(setup, phone):
    user, project, area, commune = setup
    with pytest.raises(ValidationError) as exc:
        services.land_user_create(
            project=project, actor=user, kind="household", name="Hộ A", phone=phone
        )
    assert "phone" in exc.value.error_dict
    assert not LandUser.objects.exists()


def test_a_long_reason_is_kept_whole(setup):
    user, project, area, commune = setup
    parcel = make_parcel(project, commune, actor=user)
    reason = "Điều chỉnh theo Quyết định số 1234/QĐ-UBND ngày 12/03/2025 " * 3
    services.parcel_update(parcel=parcel, actor=user, reason=reason, origin="Nhà nước giao")
    assert parcel.history.first().history_change_reason == reason.strip()
    with pytest.raises(ValidationError) as exc:
        services.parcel_update(parcel=parcel, actor=user, reason="x" * 256, origin="khác")
    assert "reason" in exc.value.error_dict


@pytest.mark.parametrize("page", ["parcels", "land_users"])
@pytest.mark.parametrize("q", [f"a{NUL}b", "x" * 100_000, f"{RLO}{NFD}"])
def test_a_search_with_nul_or_huge_words_is_an_answer_not_a_crash(client, setup, page, q):
    user, project, area, commune = setup
    client.force_login(user)
    response = client.get(reverse(f"landcases:{page}", args=[project.code]), {"q": q})
    assert response.status_code == 200


def test_set_up_registers_clean_names_and_refuse_hidden_marks_in_numbers(setup):
    user, project, area, commune = setup
    services.project_update(project=project, actor=user, reason="tên", name=f"{NFD}{ZWSP}")
    project.refresh_from_db()
    assert project.name == NAME
    with pytest.raises(ValidationError) as exc:
        services.plan_create(
            project=project, actor=user, number=f"PA{ZWSP}1", kind="draft", title="t", reason="x"
        )
    assert exc.value.error_dict["number"][0].message == msg.HIDDEN_CHARACTERS_IN_CODE
    plan = services.plan_create(
        project=project, actor=user, number="PA-1", kind="draft", title=f"{RLO}{NFD}", reason="x"
    )
    assert plan.title == NAME
    new = services.area_create(project=project, actor=user, reason="x", code="KV2", name=NFD)
    assert new.name == NAME
