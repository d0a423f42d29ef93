"""The permission matrix: role × page × own / other project, field visibility and the read log."""

from decimal import Decimal

import pytest
from django.urls import reverse

from landcases import services
from landcases.models import Role, SensitiveReadLog
from tests.factories import make_parcel, make_project, make_user

pytestmark = pytest.mark.django_db

ROLES = [r.value for r in Role]
READ_PAGES = ["project", "parcels", "parcel", "land_users", "land_user"]
EDIT_PAGES = [
    "parcel_create",
    "parcel_edit",
    "holding_create",
    "land_user_create",
    "land_user_edit",
    "land_user_sensitive",
]
CCCD = "060987654321"


@pytest.fixture
def world():
    admin = make_user("quantri")
    own, _, commune = make_project("du-an-a")
    other, _, other_commune = make_project("du-an-b")
    data = {}
    for project, c in ((own, commune), (other, other_commune)):
        parcel = make_parcel(project, c, actor=admin)
        lu = services.land_user_create(
            project=project,
            actor=admin,
            kind="household",
            name=f"Hộ ông Lê Văn Tám {project.code}",
            phone="0909000111",
        )
        services.holding_create(
            land_user=lu,
            parcel=parcel,
            actor=admin,
            tenure="certificate",
            affected_area_m2=Decimal(100),
        )
        services.land_user_sensitive_set(
            land_user=lu, actor=admin, reason="nhập", citizen_id=CCCD, ethnicity="Raglai"
        )
        data[project.code] = {"parcel": parcel, "lu": lu}
    users = {}
    for role in ROLES:
        user = make_user(f"u-{role}")
        own.memberships.create(user=user, role=role)
        users[role] = user
    return own, other, data, users


def url(name, project, data):
    kwargs = {"code": project.code}
    if name in ("parcel", "parcel_edit", "holding_create"):
        kwargs["parcel_id"] = data[project.code]["parcel"].id
    if name in ("land_user", "land_user_edit", "land_user_sensitive"):
        kwargs["land_user_id"] = data[project.code]["lu"].id
    return reverse(f"landcases:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", READ_PAGES + EDIT_PAGES)
def test_matrix(client, world, role, page):
    own, other, data, users = world
    client.force_login(users[role])
    expected = 200 if page in READ_PAGES or role == Role.BOARD_STAFF else 404
    assert client.get(url(page, own, data)).status_code == expected
    # Another project's pages do not exist for this user, whatever the role.
    assert client.get(url(page, other, data)).status_code == 404


@pytest.mark.parametrize("page", READ_PAGES)
def test_objects_of_another_project_are_404_inside_my_project(client, world, page):
    own, other, data, users = world
    client.force_login(users[Role.BOARD_STAFF])
    if page in ("parcel", "land_user"):
        key = "parcel" if page == "parcel" else "lu"
        kwargs = {
            "code": own.code,
            f"{'parcel' if page == 'parcel' else 'land_user'}_id": data[other.code][key].id,
        }
        assert client.get(reverse(f"landcases:{page}", kwargs=kwargs)).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    own, other, data, users = world
    response = client.get(url("parcels", own, data))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_project_list_shows_only_my_projects(client, world):
    own, other, data, users = world
    client.force_login(users[Role.VIEWER])
    body = client.get(reverse("landcases:projects")).content.decode()
    assert own.name in body and other.name not in body


NAME_VISIBLE = {
    Role.BOARD_STAFF,
    Role.COMMUNE_OFFICIAL,
    Role.FRONT_SUPERVISOR,
    Role.INSPECTION_BOARD,
    Role.AUDITOR,
}
SENSITIVE_VISIBLE = {Role.BOARD_STAFF, Role.AUDITOR}


@pytest.mark.parametrize("role", ROLES)
def test_field_visibility_and_read_log(client, world, role):
    own, other, data, users = world
    lu = data[own.code]["lu"]
    client.force_login(users[role])
    body = client.get(url("land_user", own, data)).content.decode()
    assert (lu.name in body) == (role in NAME_VISIBLE)
    assert ("0909000111" in body) == (role in NAME_VISIBLE)
    assert CCCD not in body  # a GET shows no sensitive data and logs nothing
    assert ('data-testid="reveal"' in body) == (role in SENSITIVE_VISIBLE)
    assert not SensitiveReadLog.objects.filter(user=users[role]).exists()
    body = client.post(url("land_user", own, data), {"purpose": "payment"}).content.decode()
    assert (CCCD in body) == (role in SENSITIVE_VISIBLE)
    assert ("Raglai" in body) == (role in SENSITIVE_VISIBLE)
    logged = SensitiveReadLog.objects.filter(user=users[role], land_user=lu)
    assert logged.count() == (1 if role in SENSITIVE_VISIBLE else 0)
    # The parcel page and the list never show the CCCD, and names follow the same rule.
    parcel_body = client.get(url("parcel", own, data)).content.decode()
    assert CCCD not in parcel_body
    assert (lu.name in parcel_body) == (role in NAME_VISIBLE)
    list_body = client.get(url("land_users", own, data)).content.decode()
    assert (lu.name in list_body) == (role in NAME_VISIBLE)


def test_viewer_cannot_search_by_name(client, world):
    own, other, data, users = world
    client.force_login(users[Role.VIEWER])
    body = client.get(url("land_users", own, data), {"q": "Tám"}).content.decode()
    assert f"#{data[own.code]['lu'].id}" not in body


def test_read_log_records_who_when_which(client, world):
    own, other, data, users = world
    client.force_login(users[Role.AUDITOR])
    client.post(url("land_user", own, data), {"purpose": "audit"})
    entry = SensitiveReadLog.objects.get(user=users[Role.AUDITOR])
    assert entry.purpose == "audit"
    assert entry.land_user == data[own.code]["lu"]
    assert entry.project == own
    assert entry.read_at is not None
