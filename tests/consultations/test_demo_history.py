"""The demo history on a small demo project: four areas at four points of the process."""

import json

import pytest
from django.db import transaction

from consultations import projection
from consultations.demo_history import build_demo_history
from consultations.messages import warning_text
from consultations.models import Case, Event, EventKind, StageInterval
from consultations.rules.stages import RANK
from consultations.selectors import open_recommendations
from landcases import demo
from landcases.models import Holding

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    """One small demo and its history for the whole module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = demo.build_demo_project(max_parcels=150, password="x")
        result = build_demo_history(built.project)
        yield result
        transaction.set_rollback(True)


def first_area_of_cases(project):
    order = {a.id: i for i, a in enumerate(project.areas.order_by("km_from", "id"))}
    first = {}
    rows = Holding.objects.filter(land_user__project=project, parcel__area__isnull=False)
    for case_id, area_id in rows.values_list("land_user__case__id", "parcel__area_id"):
        first[case_id] = min(first.get(case_id, 99), order[area_id])
    return first


def standing(project, **filters):
    """The latest, non-void version of each event chain."""
    events = Event.objects.filter(project=project, **filters)
    return events.filter(superseded_by__isnull=True, is_void=False)


def snapshot(project):
    cases = sorted(
        Case.objects.filter(project=project).values_list("id", "stage", "opinion", "overlays")
    )
    spans = sorted(
        StageInterval.objects.filter(project=project).values_list(
            "case_id", "stage", "opinion", "overlays", "valid_from", "valid_to"
        )
    )
    return cases, spans


def test_every_area_is_at_its_own_point(history):
    assert history.created
    project = history.project
    first = first_area_of_cases(project)
    furthest = {}
    for case_id, rank in Case.objects.filter(project=project).values_list("id", "stage_rank"):
        area = first[case_id]
        furthest[area] = max(furthest.get(area, 0), rank)
    assert sorted(furthest) == [0, 1, 2, 3]
    assert len(set(furthest.values())) == 4
    assert furthest == {
        0: RANK["handed_over"],
        1: RANK["in_dialogue"],
        2: RANK["inventoried"],
        3: RANK["notified"],
    }
    assert history.stages_by_area[project.areas.order_by("km_from").first().code]["handed_over"]


def test_some_objectors_had_a_dialogue_and_some_not(history):
    project = history.project
    objectors = set(
        standing(project, kind=EventKind.OPINION, payload__opinion="disagree").values_list(
            "case_id", flat=True
        )
    )
    talked = set(
        standing(project, kind=EventKind.DIALOGUE_OUTCOME).values_list("case_id", flat=True)
    )
    assert objectors
    assert objectors & talked
    assert objectors - talked
    assert talked <= objectors
    dialogues = Event.objects.filter(
        project=project, kind="meeting", payload__meeting_kind="dialogue"
    )
    assert dialogues.exists()


def test_corrections_voids_and_warnings(history):
    project = history.project
    events = Event.objects.filter(project=project)
    corrected = events.filter(supersedes__isnull=False, is_void=False)
    assert corrected.filter(kind=EventKind.NOTICE_DELIVERED).exists()
    assert corrected.exclude(correction_reason="").count() == corrected.count()
    voided = events.get(is_void=True)
    assert voided.kind == EventKind.OPINION and voided.supersedes.payload["channel"] == "meeting"
    warned = [warning_text(w) for e in events.exclude(warnings=[]) for w in e.warnings]
    assert any("DEM-FRONT-PRESENT" in w for w in warned)
    assert any("MINUTES-SIGNED" in w for w in warned)


def test_supervision_findings_some_open_some_resolved(history):
    findings = open_recommendations(history.project.id)
    assert any(f.resolved for f in findings)
    assert any(not f.resolved for f in findings)
    actors = {f.recorded_by.username for f in findings}
    assert actors == {"mttq"}


def test_payloads_carry_no_names(history):
    project = history.project
    names = [n for n in project.land_users.values_list("name", flat=True) if len(n) > 6]
    payloads = list(Event.objects.filter(project=project).values_list("payload", flat=True))
    text = json.dumps(payloads, ensure_ascii=False)
    assert not [n for n in names if n in text]


def test_case_table_equals_a_full_rebuild(history):
    project = history.project
    before = snapshot(project)
    projection.rebuild(project_id=project.id)
    assert snapshot(project) == before


def test_a_second_run_adds_nothing(history):
    project = history.project
    count = Event.objects.filter(project=project).count()
    again = build_demo_history(project)
    assert not again.created
    assert Event.objects.filter(project=project).count() == count
