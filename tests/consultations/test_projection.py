"""Rebuild equals incremental on random histories; both "as of" questions."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations import acts
from consultations.meetings import Outcome, meeting_record
from consultations.models import Case, Event, ParcelStage, StageInterval
from consultations.projection import rebuild
from consultations.selectors import AsOf, case_state, project_counts
from consultations.services import Subject, event_record, event_void
from tests.consultations.factories import D, make_world

pytestmark = pytest.mark.django_db


def snapshot(project_id):
    cases = sorted(
        Case.objects.filter(project_id=project_id).values_list("id", "stage", "opinion", "overlays")
    )
    spans = sorted(
        StageInterval.objects.filter(project_id=project_id).values_list(
            "case_id", "stage", "opinion", "valid_from", "valid_to"
        )
    )
    parcels = sorted(
        (p, rank, sorted(opinions), sorted(overlays))
        for p, rank, opinions, overlays in ParcelStage.objects.filter(
            project_id=project_id
        ).values_list("parcel_id", "stage_rank", "opinions", "overlays")
    )
    return cases, spans, parcels


KINDS = [
    "deliver",
    "publish",
    "inventory",
    "refuse",
    "opinion",
    "meeting",
    "dialogue",
    "posting",
    "other_posting",
    "approve",
    "pay",
    "handover",
    "correct",
    "void",
]

step = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, 2),
    st.integers(0, 120),
    st.sampled_from(["agree", "disagree", "other"]),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_rebuild_equals_incremental_on_random_histories(django_db_blocker, steps):
    # Each example in its own savepoint so examples do not see each other's rows.
    from django.db import transaction

    with transaction.atomic():
        actor, project, area, cases = make_world(3)
        kw = {"project": project, "actor": actor}
        for kind, who, day, opinion in steps:
            case = cases[who]
            # Days are random, so later records are often back-dated before earlier ones.
            on = D + timedelta(days=day)
            if kind == "deliver":
                acts.notice_deliver(**kw, case=case, happened_on=on, method="post", signed=True)
            elif kind == "publish":
                acts.notice_publish(
                    **kw, case=case, happened_on=on, newspaper_issues=3, radio_broadcasts=3
                )
            elif kind == "inventory":
                acts.inventory_record(**kw, case=case, happened_on=on, done=True)
            elif kind == "refuse":
                acts.inventory_record(**kw, case=case, happened_on=on, done=False)
            elif kind == "opinion":
                acts.written_opinion(**kw, case=case, happened_on=on, opinion=opinion)
            elif kind in ("meeting", "dialogue"):
                meeting_record(
                    **kw,
                    area=area,
                    kind="consultation" if kind == "meeting" else "dialogue",
                    happened_on=on,
                    place_lng=108.0,
                    place_lat=10.9,
                    officials=[],
                    signatories=[],
                    attendees=[c.id for c in cases],
                    outcomes=[Outcome(case.id, opinion)],
                )
            elif kind in ("posting", "other_posting"):
                acts.posting_start(
                    **kw,
                    area=area,
                    happened_on=on,
                    place="UBND",
                    what="draft_plan" if kind == "posting" else "land_prices",
                )
            elif kind in ("approve", "pay", "handover"):
                event_kind = {"approve": "plan_approved", "pay": "payment", "handover": "handover"}[
                    kind
                ]
                event_record(
                    **kw,
                    kind=event_kind,
                    happened_on=on,
                    subject=Subject(case=case),
                    payload={"in_full": True} if kind == "pay" else {},
                )
            else:
                latest = (
                    Event.objects.filter(project=project, superseded_by__isnull=True, is_void=False)
                    .exclude(kind="meeting")
                    .order_by("-id")
                    .first()
                )
                if latest is None:
                    continue
                if kind == "void":
                    event_void(event=latest, actor=actor, reason="nhầm")
                else:
                    event_record(
                        **kw,
                        kind=latest.kind,
                        happened_on=on,
                        subject=Subject(case=latest.case, area=latest.area),
                        payload=latest.payload,
                        supersedes=latest,
                        correction_reason="sai ngày",
                    )
        incremental = snapshot(project.id)
        rebuild(project_id=project.id)
        assert snapshot(project.id) == incremental
        transaction.set_rollback(True)


def at(monkeypatch, day):
    """Record what follows as if typed in at noon on `day` (known time)."""
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=12)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_as_of_replay_and_as_recorded(monkeypatch):
    actor, project, area, (a, b, c) = make_world(3)
    # Delivered on D, but typed in only on D+50.
    at(monkeypatch, D + timedelta(days=50))
    acts.notice_deliver(
        project=project, actor=actor, case=a, happened_on=D, method="post", signed=True
    )
    at(monkeypatch, D + timedelta(days=60))
    acts.written_opinion(
        project=project, actor=actor, case=a, happened_on=D + timedelta(days=58), opinion="agree"
    )
    monkeypatch.undo()
    day = D + timedelta(days=10)
    # Replay (happened by D+10, as known now): the late-typed delivery counts.
    replay = AsOf(day, "replay")
    assert case_state(a, as_of=replay)[0] == "notified"
    assert project_counts(project.id, as_of=replay).by_stage["notified"] == 1
    # Audit reconstruction (happened and recorded by D+10): nothing was on record yet.
    recorded = AsOf(day, "recorded")
    assert case_state(a, as_of=recorded)[0] == "identified"
    assert project_counts(project.id, as_of=recorded).by_stage["notified"] == 0
    # On D+55 the delivery was on record, the opinion not yet.
    assert case_state(a, as_of=AsOf(D + timedelta(days=59), "recorded"))[0] == "notified"
    assert case_state(a, as_of=AsOf(D + timedelta(days=59), "replay"))[0] == "consulted"
    assert project_counts(project.id).by_stage["consulted"] == 1


def test_as_recorded_sees_the_version_known_then(monkeypatch):
    actor, project, area, (a,) = make_world(1)
    at(monkeypatch, D + timedelta(days=1))
    first = acts.notice_deliver(
        project=project, actor=actor, case=a, happened_on=D, method="post", signed=True
    ).event
    at(monkeypatch, D + timedelta(days=40))
    event_record(
        project=project,
        actor=actor,
        kind="notice_delivered",
        happened_on=D + timedelta(days=30),
        subject=Subject(case=a),
        payload=first.payload,
        supersedes=first,
        correction_reason="sai ngày",
    )
    monkeypatch.undo()
    day = D + timedelta(days=20)
    # As recorded on D+20 the delivery stood on D; as known now it was on D+30.
    assert case_state(a, as_of=AsOf(day, "recorded"))[0] == "notified"
    assert case_state(a, as_of=AsOf(day, "replay"))[0] == "identified"
