"""Grievance pages: the receipt form (from the case page), the acts that follow, the list with
open ones first, names only for roles that may read them, the case page's section."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from consultations.models import Event, Grievance
from landcases.models import Role
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.factories import make_user

pytestmark = pytest.mark.django_db
ROLES = [r.value for r in Role]


def day(n):
    return (D + timedelta(days=n)).isoformat()


@pytest.fixture
def world():
    users = {role: make_user(f"u-{role}") for role in ROLES if role != "board_staff"}
    actor, project, area, cases = make_world(3, members=[(u, r) for r, u in users.items()])
    users["board_staff"] = actor
    return users, project, area, cases


def post(client, url, data):
    return client.post(url, {"submission_key": str(uuid.uuid4()), **data})


def test_a_complaint_from_the_case_page_to_its_settlement(client, world):
    users, project, area, (a, b, _c) = world
    client.force_login(users["board_staff"])
    decision = record(
        "recovery_decided",
        project=project,
        actor=users["board_staff"],
        case=a,
        on=D,
        number="15/QĐ-UBND",
        authority="commune_pc",
    ).event
    case_url = reverse("consultations:case", args=[project.code, a.land_user_id])
    page = client.get(case_url).content.decode()
    assert 'data-testid="case-grievance-new"' in page
    new = (
        reverse("consultations:grievance_new", args=[project.code]) + f"?land_user={a.land_user_id}"
    )
    form = client.get(new).content.decode()
    assert f"#{a.land_user_id}" in form and "15/QĐ-UBND" in form  # prefilled; the case's acts
    response = post(
        client,
        new,
        {
            "happened_on": day(2),
            "grievance_kind": "complaint",
            "channel": "verbal",
            "taken_by": users["board_staff"].id,
            "land_users": f"#{a.land_user_id} {b.land_user.lookup_code}",
            "about": decision.id,
            "complex": "on",
            "summary": "Giá đất bồi thường thấp hơn giá thị trường",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    grievance = Grievance.objects.get(project=project)
    assert grievance.number == "KN-0001"
    page = client.get(response["Location"]).content.decode()
    assert "Luật Khiếu nại 2011, Điều 8" in page  # warned: the complainant did not confirm
    assert "Giá đất bồi thường thấp" in page and "Hộ số 1" in page
    received = Event.objects.get(kind="grievance_received")
    assert received.payload["cases"] == sorted([a.id, b.id]) and received.payload["complex"]
    step = reverse("consultations:grievance_step", args=[project.code, grievance.id, "settle"])
    early = post(client, step, {"happened_on": day(5), "result": "upheld", "number": "3/QĐ"})
    assert early.status_code == 200 and "thụ lý" in early.content.decode()
    accept = reverse("consultations:grievance_step", args=[project.code, grievance.id, "accept"])
    assert post(client, accept, {"happened_on": day(6)}).status_code == 302
    assert post(client, step, {"happened_on": day(30), "result": "partly", "number": "3/QĐ"})
    a.refresh_from_db()
    assert "grievance_open" not in a.overlays
    listing = client.get(reverse("consultations:grievances", args=[project.code])).content.decode()
    assert "KN-0001" in listing and "Đúng một phần" in listing and 'data-testid="clock"' in listing


def test_the_viewer_sees_grievances_without_names_or_words(client, world):
    users, project, area, (a, _b, _c) = world
    from consultations.grievances import grievance_create

    rec = grievance_create(
        project=project,
        actor=users["board_staff"],
        happened_on=D,
        values={
            "grievance_kind": "petition",
            "channel": "written",
            "cases": [a.id],
            "summary": "Xin giữ lại cây xoài",
        },
    )
    client.force_login(users["viewer"])
    for url in (
        reverse("consultations:grievances", args=[project.code]),
        reverse("consultations:grievance", args=[project.code, rec.event.grievance_id]),
        reverse("consultations:case", args=[project.code, a.land_user_id]),
    ):
        body = client.get(url).content.decode()
        assert "KN-0001" in body and f"#{a.land_user_id}" in body, url
        assert "Hộ số 1" not in body and "cây xoài" not in body, url
        assert "Ghi nhận khiếu nại" not in body, url  # viewers record nothing
    client.force_login(users["front_supervisor"])
    body = client.get(reverse("consultations:grievances", args=[project.code])).content.decode()
    assert "Hộ số 1" in body


def test_bad_land_users_or_another_project_s_act_change_nothing(client, world):
    users, project, area, (a, _b, _c) = world
    other_actor, other, other_area, _ = make_world(1, code="du-an-khac", username="ban.khac")
    foreign = record(
        "notice_issued", project=other, actor=other_actor, area=other_area, on=D, number="9/TB"
    ).event
    client.force_login(users["board_staff"])
    url = reverse("consultations:grievance_new", args=[project.code])
    base = {"happened_on": day(1), "grievance_kind": "complaint", "channel": "written"}
    before = (Event.objects.count(), Grievance.objects.count())
    for data, text in (
        ({"land_users": "KHONGCO"}, "KHONGCO"),
        (
            {"land_users": f"#{a.land_user_id}", "about": foreign.id},
            "không phải là việc hay quyết định của dự án này",
        ),
        ({"land_users": f"#{a.land_user_id}", "channel": "verbal"}, "ai đã tiếp nhận"),
    ):
        response = post(client, url, {**base, **data})
        assert response.status_code == 200 and text in response.content.decode(), data
    assert (Event.objects.count(), Grievance.objects.count()) == before


def test_a_land_user_without_a_case_yet_reads_every_section_and_form_writing_nothing(client, world):
    """Before its first act a land user's case is not stored (the case page reads an unsaved
    one): the grievance, enforcement and safeguard sections and every act's form answer for
    every role that reads them, and a GET writes no case."""
    from consultations.models import Case
    from consultations.views.cases import CASE_ACTS
    from landcases import services as registers

    users, project, _area, _cases = world
    newcomer = registers.land_user_create(
        project=project, actor=users["board_staff"], kind="household", name="Hộ mới đến"
    )
    Case.objects.filter(land_user=newcomer).delete()  # as before the worker applies the change
    before = (Case.objects.count(), Event.objects.count())
    case_url = reverse("consultations:case", args=[project.code, newcomer.id])
    for role, user in users.items():
        client.force_login(user)
        page = client.get(case_url)
        assert page.status_code == 200, role
    client.force_login(users["board_staff"])
    page = client.get(case_url).content.decode()
    assert 'data-testid="case-grievance-new"' in page
    new = reverse("consultations:grievance_new", args=[project.code])
    assert client.get(f"{new}?land_user={newcomer.id}").status_code == 200
    for act in CASE_ACTS:
        url = reverse("consultations:case_act", args=[project.code, newcomer.id, act])
        assert client.get(url).status_code == 200, act
    assert (Case.objects.count(), Event.objects.count()) == before
    assert not Case.objects.filter(land_user=newcomer).exists()
