"""Same seed, same day: the same demo history (apart from the database's ids and the salts of
the free-text hashes)."""

import pytest
from django.db import transaction
from django.utils import timezone

from consultations.models import Event
from consultations.rules.catalog import KINDS
from demo import project as demo
from demo.history import build_demo_history

pytestmark = pytest.mark.django_db


def _comparable(event: Event, today_start) -> tuple:
    """What the story decided: kind, subject, dates, codes and numbers (no ids, no hashes)."""
    fields = KINDS[event.kind].fields
    values = tuple(
        sorted(
            (k, str(v))
            for k, v in event.payload.items()
            if k in fields and fields[k].base not in ("ref", "refs", "event", "text")
        )
    )
    subject = event.case.land_user.lookup_code if event.case_id else getattr(event.area, "code", "")
    # Acts typed in "now" (clamped to the clock) differ by the seconds between the two runs.
    typed = event.recorded_at.isoformat() if event.recorded_at < today_start else "today"
    return (event.kind, subject, event.happened_on, typed, event.is_void, values)


def test_same_seed_same_history():
    today_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    histories = []
    for _ in range(2):
        with transaction.atomic():
            built = demo.build_demo_project(max_parcels=60, password="x")
            build_demo_history(built.project)
            events = Event.objects.filter(project=built.project).select_related(
                "case__land_user", "area"
            )
            histories.append(sorted(_comparable(e, today_start) for e in events))
            transaction.set_rollback(True)
    assert len(histories[0]) > 100
    assert histories[0] == histories[1]
