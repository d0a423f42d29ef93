"""A meeting's attendees must hold land in its area (checked for the attendees only)."""

import pytest
from django.core.exceptions import ValidationError

from consultations.models import Event
from consultations.services import case_for
from landcases import services as registers
from landcases.models import ProjectArea
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting

pytestmark = pytest.mark.django_db


def test_an_attendee_from_another_area_is_refused_and_nothing_is_written():
    actor, project, area, (a, b, _c) = make_world(3)
    other = ProjectArea.objects.create(project=project, code="KV2", name="Km1 – Km2")
    stranger = case_for(
        registers.land_user_create(project=project, actor=actor, kind="household", name="Hộ lạ")
    )
    before = Event.objects.count()
    with pytest.raises(ValidationError) as info:
        meeting(actor=actor, project=project, area=area, on=D, attendees=[a, stranger])
    assert f"#{stranger.id}" in " ".join(info.value.messages)
    assert Event.objects.count() == before
    with pytest.raises(ValidationError):
        meeting(actor=actor, project=project, area=other, on=D, attendees=[a])
    recorded = meeting(
        actor=actor, project=project, area=area, on=D, attendees=[a, b], outcomes=[(a, "agree")]
    )
    assert recorded.event.payload["cases"] == sorted([a.id, b.id])
