"""Setting up a project in the application (issue 9, "What a user can do"): a superuser
creates it with its first board-staff member; its board staff edit it, its communes and key
dates, its areas, its plan entries and its members — each write with a reason in the history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.services import check_happened_on
from landcases import messages as msg
from landcases import services
from landcases.models import (
    CompensationPlan,
    Project,
    ProjectArea,
    ProjectMembership,
    RegisterChange,
    Role,
)
from tests.factories import make_parcel, make_project, make_user, vn2000_rect

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client):
    user = make_user("canbo")
    project, area, commune = make_project(members=[(user, Role.BOARD_STAFF)])
    client.force_login(user)
    return client, user, project, area, commune


def errors(exc) -> dict:
    return {k: [e.message for e in v] for k, v in exc.value.error_dict.items()}


# — who creates a project —


def test_a_superuser_creates_a_project_and_names_its_first_board_member(client):
    make_project("khac")  # the units and land-use codes
    admin = make_user("quantri", is_superuser=True, is_staff=True)
    lead = make_user("truongban")
    client.force_login(admin)
    boundary = vn2000_rect(-100, -100, 200, 200)
    response = client.post(
        reverse("landcases:project_create"),
        {
            "code": "ql55",
            "name": "Nâng cấp QL55",
            "province": Project.objects.get().province_id,
            "source_srid": 9218,
            "srid": 9218,
            "geom": boundary.wkt,
            "board_staff": "truongban",
            "reason": "Quyết định 12/QĐ-UBND",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get(code="ql55")
    membership = ProjectMembership.objects.get(project=project)
    assert (membership.user, membership.role) == (lead, Role.BOARD_STAFF)
    assert membership.history.get().history_change_reason == "Quyết định 12/QĐ-UBND"
    assert project.history.get().history_user == admin
    assert not ProjectMembership.objects.filter(user=admin).exists()  # not a member


def test_only_superusers_reach_the_new_project_page(board):
    client, user, project, area, commune = board
    assert client.get(reverse("landcases:project_create")).status_code == 404
    assert client.post(reverse("landcases:project_create"), {"code": "x"}).status_code == 404
    assert Project.objects.count() == 1


# — the project —


def test_board_staff_edit_the_project_with_a_reason_and_the_page_shows_it(board):
    client, user, project, area, commune = board
    url = reverse("landcases:project_edit", args=[project.code])
    data = {
        "name": "Dự án\u200b QL55",
        "purpose": "Mở rộng",
        "investor": "Sở GTVT",
        "board": "Ban QLDA",
        "legal_basis": "NQ 1/HĐND",
        "earliest_act_date": "2024-01-15",
        "communes": "22999, 26000",
        "reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the reason is required
    project.refresh_from_db()
    assert project.earliest_act_date is None
    response = client.post(url, {**data, "reason": "Quyết định chủ trương đầu tư"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "Dự án QL55"
    assert project.earliest_act_date == date(2024, 1, 15)
    record = project.history.first()
    assert (record.history_user, record.history_change_reason) == (
        user,
        "Quyết định chủ trương đầu tư",
    )
    page = client.get(reverse("landcases:project", args=[project.code])).content.decode()
    assert "15/01/2024" in page


def test_the_case_record_refuses_acts_before_the_earliest_date(board):
    client, user, project, area, commune = board
    services.project_update(
        project=project, actor=user, reason="QĐ đầu tư", earliest_act_date=date(2024, 1, 15)
    )
    project.refresh_from_db()
    check_happened_on(project, date(2024, 1, 15))
    with pytest.raises(ValidationError) as exc:
        check_happened_on(project, date(2024, 1, 14))
    assert "15/01/2024" in " ".join(exc.value.messages)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(1, 1, 1), msg.DATE_TOO_EARLY),
        (timezone.localdate() + timedelta(days=1), msg.DATE_IN_FUTURE),
    ],
)
def test_an_absurd_earliest_date_is_refused(board, day, message):
    client, user, project, area, commune = board
    with pytest.raises(ValidationError) as exc:
        services.project_update(project=project, actor=user, reason="x", earliest_act_date=day)
    assert errors(exc)["earliest_act_date"] == [message]
    project.refresh_from_db()
    assert project.earliest_act_date is None


def test_key_dates_come_after_the_earliest_date_of_acts(board):
    client, user, project, area, commune = board
    services.project_update(
        project=project, actor=user, reason="QĐ", earliest_act_date=date(2024, 1, 15)
    )
    with pytest.raises(ValidationError) as exc:
        services.project_update(
            project=project, actor=user, reason="x", cutoff_date=date(2024, 1, 1)
        )
    assert "cutoff_date" in exc.value.error_dict
    project.refresh_from_db()
    assert project.cutoff_date is None
    services.project_update(project=project, actor=user, reason="x", cutoff_date=date(2024, 2, 1))


def test_communes_by_code_unknown_ones_named_and_used_ones_kept(board):
    client, user, project, area, commune = board
    url = reverse("landcases:project_edit", args=[project.code])
    base = {"name": project.name, "reason": "Sáp nhập xã"}
    body = client.post(url, {**base, "communes": "22999 99999"}).content.decode()
    assert "99999" in body
    # Commune 22999 holds the project's area KV1: it cannot be dropped.
    body = client.post(url, {**base, "communes": "26000"}).content.decode()
    assert "22999" in body
    assert set(project.communes.values_list("code", flat=True)) == {"22999", "26000"}
    ProjectArea.objects.filter(pk=area.pk).update(commune=None)
    assert client.post(url, {**base, "communes": "22999"}).status_code == 302
    assert set(project.communes.values_list("code", flat=True)) == {"22999"}
    # The history keeps the communes as they were and are.
    history = client.get(url).content.decode()
    assert "22999, 26000" in history


# — areas —


def test_an_area_with_an_outline_pasted_in_vn2000_and_edited_without_moving_stages(board):
    client, user, project, area, commune = board
    outline = vn2000_rect(0, 0, 100, 50)
    response = client.post(
        reverse("landcases:area_create", args=[project.code]),
        {
            "code": "KV2",
            "name": "Km1 – Km2",
            "commune": commune.id,
            "km_from": "1.000",
            "km_to": "2",
            "srid": 9218,
            "geom": outline.wkt,
            "reason": "Phân khu theo gói thầu",
        },
    )
    assert response.status_code == 302
    new = ProjectArea.objects.get(code="KV2")
    assert new.geom.srid == 4326 and (new.km_from, new.km_to) == (Decimal(1), Decimal(2))
    before = RegisterChange.objects.count()
    services.area_update(
        area=new, actor=user, reason="Đo lại", geom=vn2000_rect(0, 0, 120, 50), name="Km1–Km2"
    )
    assert RegisterChange.objects.count() == before  # an outline moves no stage
    assert new.history.first().history_change_reason == "Đo lại"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"code": "KV1"}, "code", msg.AREA_CODE_TAKEN),
        ({"km_from": Decimal(3), "km_to": Decimal(2)}, "km_to", msg.KM_RANGE),
        ({"km_from": Decimal(-1)}, "km_from", msg.KM_NEGATIVE),
        ({"geom": vn2000_rect(50_000, 0, 10, 10)}, "geom", msg.AREA_OUTSIDE_PROJECT),
        ({"code": "K\u202eV"}, "code", msg.HIDDEN_CHARACTERS_IN_CODE),
    ],
    ids=["duplicate-code", "km-range", "km-negative", "outside", "bidi-in-code"],
)
def test_bad_areas_are_refused(board, values, field, message):
    client, user, project, area, commune = board
    fields = {"code": "KV9", "name": "Khu 9", **values}
    with pytest.raises(ValidationError) as exc:
        services.area_create(project=project, actor=user, reason="x", **fields)
    assert errors(exc)[field] == [message]
    assert ProjectArea.objects.count() == 1


# — plans —


def test_plan_versions_follow_their_number(board):
    client, user, project, area, commune = board
    with pytest.raises(ValidationError) as exc:
        services.plan_create(
            project=project, actor=user, number="PA-01", kind="revised", title="x", reason="x"
        )
    assert errors(exc)["kind"] == [msg.PLAN_FIRST_IS_DRAFT]
    draft = services.plan_create(
        project=project, actor=user, number="PA-01", kind="draft", title="Dự thảo", reason="lập"
    )
    revised = services.plan_create(
        project=project, actor=user, number="PA-01", kind="revised", title="Điều chỉnh", reason="x"
    )
    assert (draft.version, revised.version) == (1, 2)
    with pytest.raises(ValidationError):
        services.plan_create(
            project=project, actor=user, number="PA-01", kind="draft", title="x", reason="x"
        )


def test_moving_a_plan_to_another_area_records_a_register_change(board):
    client, user, project, area, commune = board
    parcel = make_parcel(project, commune, actor=user, area=area)
    other = services.area_create(project=project, actor=user, reason="x", code="KV2", name="2")
    plan = services.plan_create(
        project=project, actor=user, number="PA-1", kind="draft", title="t", area=other, reason="x"
    )
    before = RegisterChange.objects.count()
    assert services.plan_update(plan=plan, actor=user, reason="nhầm khu", area=area) == ["area"]
    change = RegisterChange.objects.order_by("-id").first()
    assert RegisterChange.objects.count() == before + 1
    assert change.parcels == [parcel.id]
    assert services.plan_update(plan=plan, actor=user, reason="x", title="Tiêu đề") == ["title"]
    assert RegisterChange.objects.count() == before + 1  # a title moves nothing


def test_the_plan_pages(board):
    client, user, project, area, commune = board
    response = client.post(
        reverse("landcases:plan_create", args=[project.code]),
        {
            "number": "PA-7",
            "kind": "draft",
            "title": "Phương án KV1",
            "area": area.id,
            "reason": "lập",
        },
    )
    assert response.status_code == 302
    plan = CompensationPlan.objects.get()
    page = client.get(reverse("landcases:plans", args=[project.code])).content.decode()
    assert "PA-7" in page and "Phương án KV1" in page
    response = client.post(
        reverse("landcases:plan_edit", args=[project.code, plan.id]),
        {"title": "Phương án KV1 (sửa)", "area": area.id, "reason": "sửa tên"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Phương án KV1 (sửa)" and plan.version == 1


# — memberships —


def test_board_staff_manage_roles_with_reasons(board):
    client, user, project, area, commune = board
    official = make_user("xa")
    url = reverse("landcases:members", args=[project.code])
    add = {"username": "xa", "role": "commune_official", "reason": "Quyết định phân công"}
    body = client.post(url, add).content.decode()
    assert ProjectMembership.objects.filter(user=official).count() == 0  # no commune given
    assert "Cán bộ UBND xã phải được gắn với xã mà mình phụ trách." in body
    assert client.post(url, {**add, "commune": commune.id}).status_code == 302
    membership = ProjectMembership.objects.get(user=official)
    assert membership.commune == commune
    edit = reverse("landcases:member_edit", args=[project.code, membership.id])
    assert client.post(edit, {"role": "viewer", "reason": "chuyển công tác"}).status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.commune) == ("viewer", None)
    remove = reverse("landcases:member_remove", args=[project.code, membership.id])
    assert client.post(remove, {"remove-reason": "nghỉ hưu"}).status_code == 302
    assert not ProjectMembership.objects.filter(user=official).exists()
    gone = ProjectMembership.history.filter(user_id=official.id).order_by("-history_date").first()
    assert (gone.history_type, gone.history_change_reason) == ("-", "nghỉ hưu")


def test_the_last_board_member_stays(board):
    client, user, project, area, commune = board
    membership = ProjectMembership.objects.get(user=user)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, actor=user, reason="x")
    with pytest.raises(ValidationError):
        services.membership_change(membership=membership, actor=user, reason="x", role="viewer")
    assert ProjectMembership.objects.get(user=user).role == Role.BOARD_STAFF


@pytest.mark.parametrize("role", [r for r in Role if r != Role.BOARD_STAFF])
def test_other_roles_cannot_set_up(client, board, role):
    _client, user, project, area, commune = board
    other = make_user(f"u-{role}")
    ProjectMembership.objects.create(user=other, project=project, role=role)
    client.force_login(other)
    plan = services.plan_create(
        project=project, actor=user, number="PA", kind="draft", title="t", reason="x"
    )
    for name, args in [
        ("project_edit", []),
        ("area_create", []),
        ("area_edit", [area.id]),
        ("plan_create", []),
        ("plan_edit", [plan.id]),
        ("members", []),
    ]:
        url = reverse(f"landcases:{name}", args=[project.code, *args])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"reason": "x", "name": "x"}).status_code == 404, name
    assert client.get(reverse("landcases:plans", args=[project.code])).status_code == 200
