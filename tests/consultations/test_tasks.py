"""Tasks on a real Celery worker, which logs in as the application's database role."""

import time
from decimal import Decimal

import pytest

from consultations.models import Case, ParcelStage
from consultations.tasks import rebuild_projection
from landcases import services as registers
from landcases.models import RegisterChange
from tests.consultations.factories import D, make_world
from tests.consultations.record import record

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_rebuild_runs_on_a_real_worker_and_restores_the_projection(celery_worker_process):
    actor, project, area, cases = make_world(3)
    record("notice_delivered", project=project, actor=actor, case=cases[0], on=D, method="post")
    Case.objects.filter(pk=cases[0].pk).update(stage="handed_over", stage_rank=9)  # damaged
    result = rebuild_projection.delay(project.id)
    assert result.get(timeout=60) == {"cases": 3}
    cases[0].refresh_from_db()
    assert cases[0].stage == "notified"


def _applied(change_ids, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not RegisterChange.objects.filter(pk__in=change_ids, applied_at__isnull=True).exists():
            return True
        time.sleep(0.2)
    return False


def test_a_register_edit_is_applied_by_the_worker_within_seconds(celery_worker_process):
    actor, project, area, cases = make_world(2)
    holding = cases[0].land_user.holdings.get()
    parcel = holding.parcel
    before = RegisterChange.objects.count()
    registers.holding_update(
        holding=holding, actor=actor, reason="đồng sử dụng", share_pct=Decimal(50)
    )
    assert RegisterChange.objects.count() == before  # a share cannot move a stage
    newcomer = registers.land_user_create(
        project=project, actor=actor, kind="household", name="Hộ mới chuyển đến"
    )
    registers.holding_create(
        land_user=newcomer,
        parcel=parcel,
        actor=actor,
        tenure="co_user",
        share_pct=Decimal(50),
        affected_area_m2=Decimal(10),
    )
    pending = list(
        RegisterChange.objects.filter(applied_at__isnull=True).values_list("id", flat=True)
    )
    assert pending and _applied(pending)  # enqueued on commit, applied by the worker
    case = Case.objects.get(land_user=newcomer)
    assert case.stage == "identified"
    record("notice_delivered", project=project, actor=actor, case=cases[0], on=D, method="post")
    # The parcel is held by both: its stage is the least advanced of them (the newcomer's).
    assert ParcelStage.objects.get(parcel=parcel).stage_rank == 0


def _until(check, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    return None


def test_an_asked_for_run_is_stored_by_the_worker_with_its_progress(celery_worker_process):
    from datetime import timedelta

    from consultations.auditruns import audit_run_ask, run_as_json
    from consultations.models import AuditRun, AuditRunJob
    from landcases.access import access_project
    from landcases.models import ProjectMembership
    from tests.factories import make_user

    actor, project, area, cases = make_world(2)
    record("notice_issued", project=project, actor=actor, area=area, on=D, number="1/TB")
    auditor = make_user("thanh.tra")
    ProjectMembership.objects.create(project=project, user=auditor, role="auditor")
    access = access_project(auditor, project.code)
    day = D + timedelta(days=30)
    job = audit_run_ask(access=access, actor=auditor, as_of=day, axis="recorded")
    run = _until(lambda: AuditRun.objects.filter(job=job).first())
    assert run is not None, AuditRunJob.objects.get(pk=job.pk).error
    job.refresh_from_db()
    assert (job.status, job.task_id != "", job.done) == ("stored", True, run.findings_count)
    assert run.requested_by == auditor and run.trigger == "user" and run.findings_count > 0
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("audit", project.code, "--as-of", day.isoformat(), stdout=out)
    import json

    assert run_as_json(run) == json.loads(out.getvalue())
    # Delivered twice (acks_late): the stored job answers its run, nothing more is written.
    from consultations.tasks import store_audit_run

    assert store_audit_run.delay(job.id).get(timeout=60) == {"run": run.id}
    assert AuditRun.objects.filter(project=project).count() == 1


def test_the_nightly_job_stores_a_run_per_active_project_and_the_overdue_overlay(
    celery_worker_process,
):
    from datetime import timedelta

    from consultations.models import AuditRun, Grievance, ProjectionVersion
    from consultations.tasks import nightly_audit
    from tests.consultations.factories import make_world as world_of

    actor, project, area, (a, b) = make_world(2)
    idle_actor, idle, *_ = world_of(1, code="du-an-chua-co-viec", username="canbo.khac")
    g = Grievance.objects.create(project=project, number="KN-1")
    record(
        "grievance_received",
        project=project,
        actor=actor,
        grievance=g,
        on=D + timedelta(days=2),
        grievance_kind="complaint",
        channel="written",
        cases=[b.id],
    )
    version = ProjectionVersion.objects.get(project=project).version
    result = nightly_audit.delay().get(timeout=180)
    assert result == {project.code: 1}  # the idle project has no act: not audited
    run = AuditRun.objects.get(project=project)
    assert (run.trigger, run.axis, run.requested_by) == ("nightly", "recorded", None)
    assert not AuditRun.objects.filter(project=idle).exists()
    parcel_b = b.land_user.holdings.get().parcel_id
    assert "overdue" in ParcelStage.objects.get(parcel_id=parcel_b).overlays
    assert ProjectionVersion.objects.get(project=project).version > version
