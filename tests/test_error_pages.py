"""Error pages are translated pages of the application (issue 9, part 6), Django's bare
"Bad Request (400)" for too many fields or too large a body included."""

import pytest
from django.test import Client

from landcases.models import Role
from tests.factories import make_project, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

TITLES = {
    400: "Không hiểu được yêu cầu (400)",
    403: "Không được phép (403)",
    404: "Không tìm thấy trang (404)",
    500: "Máy chủ gặp sự cố (500)",
}


def assert_app_page(response, status):
    body = response.content.decode()
    assert response.status_code == status
    assert TITLES[status] in body
    assert 'class="topbar"' in body and '<html lang="vi">' in body  # extends base.html


@pytest.fixture
def board(client):
    user = make_user("canbo", first_name="Lan")
    project, _area, _commune = make_project(members=[(user, Role.BOARD_STAFF)])
    client.force_login(user)
    return client, project


def test_404_is_the_apps_page_and_knows_who_is_logged_in(board):
    client, project = board
    response = client.get("/projects/khong-co/")
    assert_app_page(response, 404)
    assert 'data-testid="who">Lan' in response.content.decode()


def test_404_in_english_when_chosen(board):
    client, project = board
    client.cookies["django_language"] = "en"
    response = client.get("/projects/khong-co/")
    assert response.status_code == 404
    assert "Page not found (404)" in response.content.decode()


def test_403_from_a_view(board):
    client, project = board
    assert_app_page(client.get("/test-errors/403/"), 403)


def test_403_of_an_expired_form_is_the_apps_page(board):
    _client, project = board
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(project.memberships.get().user)
    response = strict.post(f"/projects/{project.code}/land-users/new/", {"name": "Hộ A"})
    assert_app_page(response, 403)
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_400_from_a_view(board):
    client, project = board
    assert_app_page(client.get("/test-errors/400/"), 400)


def test_too_many_fields_is_the_apps_400_not_djangos_bare_page(board):
    client, project = board
    fields = {f"f{i}": "x" for i in range(1_001)}
    response = client.post(f"/projects/{project.code}/land-users/new/", fields)
    assert_app_page(response, 400)
    assert "Bad Request" not in response.content.decode()


def test_too_large_a_body_is_the_apps_400(board, settings):
    client, project = board
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = client.post(
        f"/projects/{project.code}/land-users/new/", {"name": "x" * 2_000, "kind": "household"}
    )
    assert_app_page(response, 400)


def test_500_renders_without_a_request_context(board):
    client, project = board
    client.raise_request_exception = False
    response = client.get("/test-errors/500/")
    assert_app_page(response, 500)


def test_500_for_anonymous_users_too(client):
    client.raise_request_exception = False
    assert_app_page(client.get("/test-errors/500/"), 500)
