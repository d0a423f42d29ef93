"""The plan a meeting names: proposed for consultation meetings only, and only a consultation
meeting is warned about the plan's posting (PLAN-POSTING reads consultation meetings alone,
LL2024 Art. 87(3)(a)); a dialogue or a dissemination meeting that names the plan keeps it on
record, without that warning."""

import json
import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from consultations.messages import warning_text
from consultations.models import Event
from landcases import services as registers
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    actor, project, area, cases = make_world(2)
    draft = registers.plan_create(  # never posted
        project=project,
        actor=actor,
        number="PA-01",
        kind="draft",
        title="Dự thảo",
        area=area,
        reason="lập",
    )
    return actor, project, area, cases, draft


def _posting_warned(recorded_or_event) -> bool:
    warnings = getattr(recorded_or_event, "warnings", [])
    return any("PLAN-POSTING" in warning_text(w) for w in warnings)


def _form(kind, plan, cases):
    return {
        "happened_on": (D + timedelta(days=31)).isoformat(),
        "kind": kind,
        "place_name": "Nhà văn hóa thôn",
        "place_lat": "10.94",
        "place_lng": "108.0",
        "officials": ["commune_pc", "fatherland_front", "board"],
        "signatories": ["commune_pc", "fatherland_front", "household_representative"],
        "plan": plan.id,
        "submission_key": str(uuid.uuid4()),
        "attendance": json.dumps([{"id": c.land_user_id, "opinion": "agree"} for c in cases]),
    }


def _consulted(world, on):
    """A consultation meeting on the never-posted draft: PLAN-POSTING fails for the plan."""
    actor, project, area, cases, draft = world
    held = meeting(
        actor=actor,
        project=project,
        area=area,
        on=on,
        attendees=cases,
        outcomes=[(c, "agree") for c in cases],
        plan=draft,
    )
    assert _posting_warned(held)
    return held


@pytest.mark.parametrize("kind, warned", [("dialogue", False), ("consultation", True)])
def test_through_the_form_only_a_consultation_meeting_is_warned_of_the_unposted_plan(
    client, world, kind, warned
):
    """After a consultation on the unposted draft, the plan's PLAN-POSTING fails: a later
    dialogue on the same plan did not break it and is not warned; another consultation is."""
    actor, project, area, cases, draft = world
    _consulted(world, D + timedelta(days=20))
    client.force_login(actor)
    url = reverse("consultations:meeting", args=[project.code]) + f"?area={area.id}"
    response = client.post(url, _form(kind, draft, cases), follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    held = Event.objects.filter(kind="meeting").latest("id")
    assert held.payload["meeting_kind"] == kind and held.payload["plan"] == draft.id
    assert _posting_warned(held) is warned
    shown = " ".join(str(m) for m in response.context["messages"])
    assert ("PLAN-POSTING" in shown) is warned


@pytest.mark.parametrize("kind", ["dissemination", "dialogue", "household_visit"])
def test_through_the_service_a_meeting_of_another_kind_is_not_warned_of_the_plan(world, kind):
    actor, project, area, cases, draft = world
    _consulted(world, D + timedelta(days=20))
    held = meeting(
        actor=actor,
        project=project,
        area=area,
        on=D + timedelta(days=31),
        kind=kind,
        attendees=cases,
        outcomes=[(c, "agree") for c in cases] if kind == "dialogue" else (),
        plan=draft,
    )
    assert held.event.payload["plan"] == draft.id  # kept on record as named
    assert not _posting_warned(held)
    _consulted(world, D + timedelta(days=32))  # a consultation still is


def test_the_form_proposes_the_draft_for_consultation_meetings_only(client, world):
    """The kind is chosen on the page: the draft is proposed (by the page's script) when the
    kind is a consultation, not preselected for whatever kind comes first."""
    actor, project, area, cases, draft = world
    client.force_login(actor)
    url = reverse("consultations:meeting", args=[project.code]) + f"?area={area.id}"
    page = client.get(url).content.decode()
    select = re.search(r'<select name="plan".*?</select>', page, re.S).group(0)
    assert "selected" not in select.replace('value="" selected', "")
    config = json.loads(re.search(r'id="meeting-config"[^>]*>(.*?)</script>', page, re.S)[1])
    assert config["plan"] == {"proposed": draft.id, "kinds": ["consultation"]}
    consulting = client.get(url + "&kind=consultation").content.decode()
    select = re.search(r'<select name="plan".*?</select>', consulting, re.S).group(0)
    assert f'value="{draft.id}" selected' in select
