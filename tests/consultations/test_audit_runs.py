"""Stored audit runs (issue 13): stored == the command's JSON, reopened as stored after new acts,
bad input writes nothing, the pages' permission matrix, the record holds them."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

from consultations.auditing import AuditError
from consultations.auditruns import audit_run_store, overdue_cases, overdue_update, run_as_json
from consultations.models import (
    AuditFinding,
    AuditRun,
    AuditRunJob,
    Grievance,
    OverdueCase,
    ParcelStage,
)
from consultations.projection import refresh_project_parcel_stages
from landcases.models import ProjectMembership
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.consultations.test_projection import typed_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db
DAY = D + timedelta(days=10)


@pytest.fixture
def world():
    actor, project, area, cases = make_world(2)
    kw = {"project": project, "actor": actor}
    with typed_in(D + timedelta(days=2)):
        record("notice_issued", **kw, area=area, on=D, number="1/TB")
    with typed_in(D + timedelta(days=3)):
        record("notice_delivered", **kw, case=cases[0], on=D + timedelta(days=1), method="post")
    return actor, project, area, cases


def cli(project, *args):
    out, err = StringIO(), StringIO()
    call_command("audit", project.code, *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


@pytest.mark.parametrize("axis", ["recorded", "happened"])
def test_a_stored_run_equals_the_commands_json(world, axis):
    actor, project, area, cases = world
    expected, _ = cli(project, "--as-of", DAY.isoformat(), "--axis", axis, "--format", "json")
    assert expected["findings"]
    run = audit_run_store(project=project, as_of=DAY, axis=axis, actor=actor)
    assert run_as_json(run) == expected
    assert run.findings_count == len(expected["findings"])
    assert run.findings.count() == sum(f["result"] == "fail" for f in expected["findings"])
    assert run.trigger == "user" and run.requested_by == actor
    assert [p["id"] for p in run.packs] == list(project.rule_packs)
    assert run.calendar.startswith("holidays") and run.code_version
    assert run.started_at <= run.finished_at
    # The command's --store stores one more run and prints it as stored: the same JSON.
    stored, err = cli(project, "--as-of", DAY.isoformat(), "--axis", axis, "--store")
    assert stored == expected and "stored audit run" in err
    assert AuditRun.objects.filter(project=project, trigger="command").count() == 1


def test_a_reopened_run_shows_what_was_stored_even_after_new_acts(world, client):
    actor, project, area, (a, b) = world
    today = D + timedelta(days=40)
    run = audit_run_store(project=project, as_of=today, axis="happened", actor=actor)
    before = run_as_json(run)
    record(
        "notice_delivered", project=project, actor=actor, case=b, on=D + timedelta(5), method="post"
    )
    again = audit_run_store(project=project, as_of=today, axis="happened", actor=actor)
    assert run_as_json(again) != before  # the record moved on
    assert run_as_json(AuditRun.objects.get(pk=run.pk)) == before  # the run did not

    def delivered(payload):
        return next(
            f["result"]
            for f in payload["findings"]
            if f["rule"] == "NOTICE-DELIVERED" and f["subject"] == {"type": "case", "id": b.id}
        )

    assert delivered(before) != "pass" and delivered(run_as_json(again)) == "pass"
    client.force_login(actor)
    url = reverse("consultations:audit_run", args=[project.code, run.pk])
    page = client.get(url, {"result": "all", "rule": "NOTICE-DELIVERED"})
    assert page.status_code == 200
    shown = {(f["subject"]["id"], f["result"]) for f in page.context["rows"]}
    assert (b.id, delivered(before)) in shown


@pytest.mark.parametrize(
    "as_of, axis, needle",
    [
        ("2099-01-01", "recorded", "tương lai"),
        ("1999-01-01", "recorded", "01/01/1999"),
        ("31/12/2025", "recorded", "31/12/2025"),
        (DAY.isoformat(), "sideways", "“sideways”"),
    ],
)
def test_bad_input_is_a_clear_message_and_writes_nothing(world, client, as_of, axis, needle):
    actor, project, area, cases = world
    with pytest.raises(AuditError, match=needle):
        audit_run_store(project=project, as_of=as_of, axis=axis, actor=actor)
    auditor = make_user("thanh.tra")
    ProjectMembership.objects.create(project=project, user=auditor, role="auditor")
    client.force_login(auditor)
    url = reverse("consultations:audit_runs", args=[project.code])
    response = client.post(url, {"as_of": as_of, "axis": axis})
    assert response.status_code == 400
    assert needle in response.content.decode()
    assert not AuditRun.objects.exists() and not AuditRunJob.objects.exists()
    if axis == "recorded" and "-" in as_of:
        with pytest.raises(CommandError, match=needle):
            cli(project, "--as-of", as_of, "--store")
        assert not AuditRun.objects.exists()


ROLES = ["board_staff", "commune_official", "front_supervisor", "auditor", "viewer"]


@pytest.mark.parametrize("role", ROLES)
def test_the_pages_permission_matrix(world, client, role, django_capture_on_commit_callbacks):
    actor, project, area, cases = world
    run = audit_run_store(project=project, as_of=DAY, axis="recorded", actor=actor)
    other_actor, other, *_ = make_world(1, code="du-an-khac", username="canbo.khac")
    foreign = audit_run_store(project=other, as_of=DAY, axis="recorded", actor=other_actor)
    user = actor if role == "board_staff" else make_user(f"u-{role}")
    if role != "board_staff":
        ProjectMembership.objects.create(project=project, user=user, role=role)
    client.force_login(user)
    runs_url = reverse("consultations:audit_runs", args=[project.code])
    assert client.get(runs_url).status_code == 200
    assert (
        client.get(reverse("consultations:audit_run", args=[project.code, run.pk])).status_code
        == 200
    )
    # Another project's run, by id under this project, or under its own code: 404.
    assert (
        client.get(reverse("consultations:audit_run", args=[project.code, foreign.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("consultations:audit_run", args=[other.code, foreign.pk])).status_code
        == 404
    )
    assert client.get(reverse("consultations:audit_runs", args=[other.code])).status_code == 404
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(runs_url, {"as_of": DAY.isoformat(), "axis": "recorded"})
    if role == "auditor":  # domain.md: only auditors / inspectors run the audit
        assert response.status_code == 302 and len(callbacks) == 1
        job = AuditRunJob.objects.get()
        assert (job.requested_by, job.as_of, job.status) == (user, DAY, "queued")
    else:
        assert response.status_code == 403 and not callbacks
        assert "không được chạy" in response.content.decode()
        assert not AuditRunJob.objects.exists()
    assert AuditRun.objects.count() == 2  # asking never stores in the request


def test_a_stranger_gets_404(world, client):
    actor, project, area, cases = world
    run = audit_run_store(project=project, as_of=DAY, axis="recorded", actor=actor)
    client.force_login(make_user("nguoi.la"))
    assert client.get(reverse("consultations:audit_runs", args=[project.code])).status_code == 404
    assert (
        client.get(reverse("consultations:audit_run", args=[project.code, run.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("consultations:audit_runs", args=[project.code]),
        {"as_of": DAY.isoformat(), "axis": "recorded"},
    )
    assert response.status_code == 404 and not AuditRunJob.objects.exists()


def _sql(sql, params):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params)


def test_stored_runs_and_findings_refuse_update_and_delete_through_the_orm(world):
    actor, project, area, cases = world
    run = audit_run_store(project=project, as_of=DAY, axis="recorded", actor=actor)
    for attempt in (
        lambda: AuditFinding.objects.filter(run=run).update(result="pass"),
        lambda: AuditFinding.objects.filter(run=run).delete(),
        lambda: AuditRun.objects.filter(pk=run.pk).update(axis="happened"),
        lambda: _sql("delete from consultations_auditrun where id = %s", [run.pk]),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()


def test_every_overdue_reason_is_a_reason_of_a_rule():
    from consultations.auditruns import OVERDUE_REASONS
    from consultations.rules.audit.outcome import RULES

    known = {key for fn in RULES.values() for key in fn.reasons}
    assert known >= OVERDUE_REASONS


def unanswered_grievance(project, actor, case, on):
    g = Grievance.objects.create(project=project, number="KN-1")
    with typed_in(on):
        record(
            "grievance_received",
            project=project,
            actor=actor,
            grievance=g,
            on=on,
            grievance_kind="complaint",
            channel="written",
            cases=[case.id],
        )
    return g


def test_the_overdue_overlay_comes_from_a_stored_run_and_survives_a_recompute(world):
    actor, project, area, (a, b) = world
    from consultations.models import ProjectionVersion

    g = unanswered_grievance(project, actor, b, D + timedelta(days=2))
    refresh_project_parcel_stages(project.id)
    run = audit_run_store(project=project, as_of=D + timedelta(days=120), axis="recorded")
    late = overdue_cases(run)
    assert set(late) == {b.id}  # its complaint was never answered
    version = ProjectionVersion.objects.get(project=project).version
    assert overdue_update(run) == 1
    assert ProjectionVersion.objects.get(project=project).version == version + 1
    parcel_a = a.land_user.holdings.get().parcel_id
    parcel_b = b.land_user.holdings.get().parcel_id
    assert "overdue" in ParcelStage.objects.get(parcel_id=parcel_b).overlays
    assert "overdue" not in ParcelStage.objects.get(parcel_id=parcel_a).overlays
    assert set(OverdueCase.objects.values_list("case_id", flat=True)) == {b.id}
    # A write recomputing b's parcel keeps the overlay until the next stored run: the map
    # reads stored findings.
    record("grievance_accepted", project=project, actor=actor, grievance=g, on=D + timedelta(9))
    assert "overdue" in ParcelStage.objects.get(parcel_id=parcel_b).overlays
    # The next run (answered in time; settlement not due yet): the overlay goes.
    later = audit_run_store(project=project, as_of=D + timedelta(days=20), axis="happened")
    assert overdue_update(later) == 0
    assert "overdue" not in ParcelStage.objects.get(parcel_id=parcel_b).overlays
    assert not OverdueCase.objects.exists()


def test_the_runs_page_shows_a_running_job_and_reads_only(world, client):
    from tests.sweep import changed, digest

    actor, project, area, cases = world
    AuditRunJob.objects.create(
        project=project,
        as_of=DAY,
        axis="recorded",
        trigger="user",
        requested_by=actor,
        status="running",
        phase="auditing",
        task_id="no-such-task",
    )
    client.force_login(actor)
    before = digest()
    page = client.get(reverse("consultations:audit_runs", args=[project.code]))
    assert page.status_code == 200 and "đang kiểm tra" in page.content.decode()
    assert not changed(before, digest())
