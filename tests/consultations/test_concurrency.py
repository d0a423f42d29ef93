"""Two writers at once: a meeting correction (all its cases) and an act on one of its cases.
Every writer locks the case rows in id order, then the parcel stages in parcel order, then the
project's version row, once: no cycle, so no deadlock (a 500 before)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from consultations.meetings import meeting_correct
from consultations.models import Event
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 12


def test_a_meeting_correction_and_an_act_on_one_of_its_cases_do_not_deadlock():
    actor, project, area, cases = make_world(6)
    held = meeting(
        project=project,
        actor=actor,
        area=area,
        on=D,
        attendees=cases,
        outcomes=[(c, "agree") for c in cases],
    ).event
    errors: list[BaseException] = []

    def correct_meeting(barrier):
        try:
            barrier.wait()
            latest = Event.objects.filter(root_id=held.root_id).order_by("-id").first()
            meeting_correct(
                meeting=latest,
                actor=actor,
                reason="sai ngày",
                happened_on=D + timedelta(days=1 + len(errors) % 3),
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def act_on_a_case(barrier, day):
        try:
            barrier.wait()
            record(
                "inventory_done",
                project=project,
                actor=actor,
                case=cases[-1],
                on=D + timedelta(days=day),
                participated=True,
            )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    for i in range(ROUNDS):
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=correct_meeting, args=(barrier,)),
            threading.Thread(target=act_on_a_case, args=(barrier, 2 + i)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert not errors, errors
    assert Event.objects.filter(kind="meeting").count() == 1 + ROUNDS


def test_two_writers_on_co_holders_of_one_parcel_leave_its_stage_fresh():
    """Two households hold one parcel; each writer moves its own case. Whichever commits last,
    the parcel's stage is the one its cases give now (a stale least stage before: the second
    writer computed it from the first's cases as they were before it committed)."""
    from decimal import Decimal

    from consultations.models import ParcelStage
    from consultations.projection import _refresh_parcel_stages
    from landcases import services as registers

    actor, project, area, cases = make_world(2)
    first = cases[0].land_user.holdings.get()
    shared = first.parcel
    registers.holding_update(holding=first, actor=actor, reason="co-holder", share_pct=Decimal(50))
    registers.holding_create(
        land_user=cases[1].land_user,
        parcel=shared,
        actor=actor,
        tenure="certificate",
        share_pct=Decimal(50),
        affected_area_m2=Decimal(50),
    )
    from consultations.projection import apply_register_changes

    apply_register_changes(project_id=project.id)
    errors: list[BaseException] = []
    opinions = ("agree", "disagree")

    def act(barrier, case, opinion, day):
        try:
            barrier.wait()
            record(
                "opinion",
                project=project,
                actor=actor,
                case=case,
                on=D + timedelta(days=day),
                opinion=opinion,
                channel="written",
            )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    for i in range(ROUNDS):
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=act, args=(barrier, case, opinions[i % 2], 1 + i))
            for case in cases
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        seen = ParcelStage.objects.get(parcel=shared)
        from django.db import transaction

        with transaction.atomic():
            _refresh_parcel_stages({shared.id})
            fresh = ParcelStage.objects.get(parcel=shared)
            transaction.set_rollback(True)
        assert (seen.stage_rank, sorted(seen.opinions), seen.disagree) == (
            fresh.stage_rank,
            sorted(fresh.opinions),
            fresh.disagree,
        ), i
