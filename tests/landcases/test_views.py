from decimal import Decimal

import pytest
from django.urls import reverse

from landcases import services
from landcases.models import Parcel, Role
from landcases.selectors import LandUserFilters, ParcelFilters, land_user_list, parcel_list
from tests.factories import make_parcel, make_project, make_user, vn2000_rect

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client):
    user = make_user("canbo", first_name="Lan", last_name="Nguyễn")
    project, area, commune = make_project(members=[(user, Role.BOARD_STAFF)])
    client.force_login(user)
    return client, user, project, area, commune


def test_create_parcel_in_vn2000_through_the_form(board):
    client, user, project, area, commune = board
    response = client.post(
        reverse("landcases:parcel_create", args=[project.code]),
        {
            "commune_at_survey": commune.id,
            "survey_date": "2024-03-01",
            "map_kind": "extract",
            "sheet_no": "15",
            "parcel_no": "203",
            "land_use": "onT",
            "legal_area_m2": "240",
            "area": area.id,
            "srid": 9218,
            "geom": vn2000_rect(0, 0, 12, 20).wkt,
        },
    )
    parcel = Parcel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("landcases:parcel", args=[project.code, parcel.id])
    assert parcel.land_use_id == "ONT"
    assert parcel.geometric_area_m2 == Decimal("240.0")


def test_bad_geometry_in_the_form_gets_a_vietnamese_message_and_saves_nothing(board):
    client, user, project, area, commune = board
    response = client.post(
        reverse("landcases:parcel_create", args=[project.code]),
        {
            "commune_at_survey": commune.id,
            "survey_date": "2024-03-01",
            "map_kind": "cadastral",
            "sheet_no": "1",
            "parcel_no": "1",
            "land_use": "LUC",
            "legal_area_m2": "10",
            "srid": 9218,
            "geom": "POLYGON((0 0, 1 1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Không đọc được hình thửa" in body
    assert Parcel.objects.count() == 0


def test_parcel_edit_shows_refusal_in_english_when_chosen(board):
    client, user, project, area, commune = board
    parcel = make_parcel(project, commune, actor=user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("landcases:parcel_edit", args=[project.code, parcel.id]),
        {"land_use": "LUC", "legal_area_m2": "600", "reason": ""},
    )
    assert "This field is required" in response.content.decode()
    response = client.post(
        reverse("landcases:parcel_edit", args=[project.code, parcel.id]),
        {"land_use": "LUC", "legal_area_m2": "580.5", "reason": "Đo đạc lại theo trích lục"},
    )
    assert response.status_code == 302
    page = client.get(reverse("landcases:parcel", args=[project.code, parcel.id])).content.decode()
    assert "Đo đạc lại theo trích lục" in page
    assert "600.0 → 580.5" in page


def test_parcel_list_filters_and_search(board):
    client, user, project, area, commune = board
    make_parcel(project, commune, actor=user, sheet="7", no="1", land_use="ONT")
    make_parcel(project, commune, actor=user, sheet="7", no="2", dx=50, land_use="LUC")
    base = reverse("landcases:parcels", args=[project.code])
    body = client.get(base, {"group": "non_agricultural"}).content.decode()
    assert ">7/1<" in body and ">7/2<" not in body
    body = client.get(base, {"q": "7/2"}).content.decode()
    assert ">7/2<" in body and ">7/1<" not in body
    body = client.get(base, {"holders": "none"}).content.decode()
    assert ">7/1<" in body and ">7/2<" in body


def test_parcel_list_query_count_does_not_grow_with_rows(board, django_assert_max_num_queries):
    client, user, project, area, commune = board
    for i in range(12):
        make_parcel(project, commune, actor=user, no=str(i), dx=i * 25)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("landcases:parcels", args=[project.code]))
    assert response.status_code == 200


def test_selectors_query_counts(board, django_assert_num_queries):
    client, user, project, area, commune = board
    for i in range(5):
        parcel = make_parcel(project, commune, actor=user, no=str(i), dx=i * 25)
        lu = services.land_user_create(
            project=project, actor=user, kind="household", name=f"Hộ {i}"
        )
        services.holding_create(
            land_user=lu,
            parcel=parcel,
            actor=user,
            tenure="certificate",
            affected_area_m2=Decimal(10),
        )
    with django_assert_num_queries(1):
        rows = list(parcel_list(project=project, filters=ParcelFilters()))
        assert [r.commune_at_survey.code for r in rows] == ["22999"] * 5
        assert [r.land_use.group for r in rows] == ["agricultural"] * 5
    with django_assert_num_queries(1):
        rows = list(land_user_list(project=project, filters=LandUserFilters(), by_name=True))
        assert [r.parcel_count for r in rows] == [1] * 5


def test_sensitive_edit_logs_reads_and_keeps_history(board):
    client, user, project, area, commune = board
    lu = services.land_user_create(project=project, actor=user, kind="household", name="Hộ X")
    url = reverse("landcases:land_user_sensitive", args=[project.code, lu.id])
    response = client.post(url, {"citizen_id": "12ab", "reason": "nhập"})
    assert "12 chữ số" in response.content.decode()
    response = client.post(
        url,
        {
            "citizen_id": "060111222333",
            "ethnicity": "Chăm",
            "vulnerabilities": ["poor"],
            "reason": "nhập từ danh sách",
        },
    )
    assert response.status_code == 302
    detail = reverse("landcases:land_user", args=[project.code, lu.id])
    assert "060111222333" not in client.get(detail).content.decode()
    page = client.post(detail, {"purpose": "identity_check"}).content.decode()
    assert "060111222333" in page and "Hộ nghèo" in page
    edit = client.post(url, {"reveal": "1"}).content.decode()  # shown to edit: logged
    assert 'value="060111222333"' in edit
    from landcases.models import SensitiveReadLog

    assert list(
        SensitiveReadLog.objects.filter(land_user=lu)
        .values_list("purpose", flat=True)
        .order_by("id")
    ) == ["identity_check", "register_correction"]
