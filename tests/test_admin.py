"""The back office is for Django superusers only, and project data is read-only there
(issue 9): changes go through the app's services, with a reason and the history."""

import pytest
from django.contrib import admin

from landcases.models import LandUser, Project
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    project, _area, _commune = make_project()
    return project


def test_staff_status_alone_opens_nothing(client, project):
    client.force_login(make_user("nhanvien", is_staff=True))
    for url in (
        "/admin/",
        "/admin/landcases/project/",
        f"/admin/landcases/project/{project.id}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_superusers_read_projects_but_cannot_change_them(client, project):
    client.force_login(make_user("quantri", is_staff=True, is_superuser=True))
    assert client.get("/admin/landcases/project/").status_code == 200
    page = client.get(f"/admin/landcases/project/{project.id}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = client.post(f"/admin/landcases/project/{project.id}/change/", {"name": "Đổi tên"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.name == "Dự án du-an-thu"
    assert client.get("/admin/landcases/project/add/").status_code == 403
    assert client.get(f"/admin/landcases/project/{project.id}/delete/").status_code == 403


def test_personal_data_is_not_in_the_back_office():
    assert not admin.site.is_registered(LandUser)
    assert admin.site.is_registered(Project)


def test_administrators_keep_users_and_units(client):
    client.force_login(make_user("quantri", is_staff=True, is_superuser=True))
    assert client.get("/admin/auth/user/add/").status_code == 200
    assert client.get("/admin/landcases/administrativeunit/add/").status_code == 200
