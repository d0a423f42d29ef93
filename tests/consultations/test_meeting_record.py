"""meeting_record: attendees must hold land in the area (checked for the attendees only); a
bulk load may leave the recompute to its rebuild."""

import pytest
from django.core.exceptions import ValidationError

from consultations.meetings import Outcome, meeting_record
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


def test_a_bulk_load_may_leave_the_recompute_to_its_rebuild():
    from consultations import projection
    from consultations.models import Case

    actor, project, area, (a, b, _c) = make_world(3)
    before = dict(Case.objects.values_list("id", "stage"))
    meeting_record(
        project=project,
        actor=actor,
        area=area,
        kind="consultation",
        happened_on=D,
        place_lng=108.0,
        place_lat=10.94,
        officials=["commune_pc", "fatherland_front", "board"],
        signatories=["commune_pc", "fatherland_front", "household_representative"],
        attendees=[a.id, b.id],
        outcomes=[Outcome(a.id, "agree"), Outcome(b.id, "disagree", "Đơn giá thấp")],
        recompute_cases=False,
    )
    assert dict(Case.objects.values_list("id", "stage")) == before
    projection.rebuild(project_id=project.id)
    assert dict(Case.objects.filter(id__in=[a.id, b.id]).values_list("id", "opinion")) == {
        a.id: "agree",
        b.id: "disagree",
    }
