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
