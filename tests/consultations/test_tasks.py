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
