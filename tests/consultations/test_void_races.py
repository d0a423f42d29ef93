"""An act resting on another and a void of that other, recorded at once: the second waits for
the first to commit (the same advisory lock, locks.py), then is refused — never both recorded.
The first is held open in its transaction while the second runs, so the interleaving is the
one that let both pass before."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from consultations.grievances import grievance_create
from consultations.models import Event
from consultations.services import event_void
from consultations.signatures import signature_confirm, signatures_record
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def day(n):
    return D + timedelta(days=n)


def _signature():
    actor, project, area, cases = make_world(2)
    official = make_user("can-bo-xa")
    project.memberships.create(user=official, role="commune_official", commune=area.commune)
    held = meeting(
        project=project, actor=actor, area=area, on=day(40), attendees=cases, signatories=()
    ).event
    [signed] = signatures_record(
        project=project, actor=actor, meeting=held, happened_on=day(40), roles=["commune_pc"]
    )
    return (
        lambda: signature_confirm(
            project=project, actor=official, signature=signed.event, happened_on=day(41)
        ),
        lambda: event_void(event=signed.event, actor=actor, reason="ghi nhầm"),
    )


def _enforcement():
    actor, project, area, (a,) = make_world(1)
    kw = {"project": project, "actor": actor, "case": a}
    decision = record("recovery_decided", **kw, on=day(10), number="1/QĐ", authority="commune_pc")
    return (
        lambda: record(
            "enforcement_decided", **kw, on=day(20), number="1/CC", authority="commune_pc"
        ),
        lambda: event_void(event=decision.event, actor=actor, reason="ghi nhầm"),
    )


def _grievance():
    actor, project, area, (a,) = make_world(1)
    values = {"grievance_kind": "complaint", "channel": "written", "cases": [a.id]}
    received = grievance_create(project=project, actor=actor, happened_on=day(0), values=values)
    g = received.event.grievance
    return (
        lambda: record("grievance_accepted", project=project, actor=actor, grievance=g, on=day(3)),
        lambda: event_void(event=received.event, actor=actor, reason="ghi nhầm"),
    )


WORLDS = {"signature": _signature, "enforcement": _enforcement, "grievance": _grievance}


@pytest.mark.parametrize("first", ["rest", "void"])
@pytest.mark.parametrize("world", sorted(WORLDS))
def test_a_resting_act_and_a_void_of_what_it_rests_on_are_never_both_recorded(world, first):
    rest, void = WORLDS[world]()
    one, two = (rest, void) if first == "rest" else (void, rest)
    written, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def hold_open():
        try:
            with transaction.atomic():
                one()
                written.set()
                release.wait(10)
            results["one"] = "recorded"
        except BaseException as exc:  # noqa: BLE001 - reported below
            results["one"] = exc
            written.set()
        finally:
            connection.close()

    def then():
        try:
            two()
            results["two"] = "recorded"
        except ValidationError as exc:
            results["two"] = exc
        finally:
            connection.close()

    a = threading.Thread(target=hold_open)
    a.start()
    assert written.wait(10)
    b = threading.Thread(target=then)
    b.start()
    time.sleep(1.0)
    waited = b.is_alive()  # the second waits on the first's lock
    release.set()
    a.join(10)
    b.join(10)
    assert results["one"] == "recorded", results
    assert isinstance(results["two"], ValidationError), results
    assert waited
    voids = Event.objects.filter(is_void=True).count()
    assert voids == (1 if first == "void" else 0)
