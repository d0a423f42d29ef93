"""Rebuild equals incremental on random histories; both "as of" questions."""

import contextlib
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.grievances import grievance_create
from consultations.meetings import meeting_correct
from consultations.models import Case, Event, Grievance, ParcelStage, StageInterval
from consultations.projection import rebuild
from consultations.seeding import seeding
from consultations.selectors import AsOf, case_state, project_counts
from consultations.services import event_correct, event_values, event_void
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record

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
        (p, rank, sorted(opinions), disagree, sorted(overlays))
        for p, rank, opinions, disagree, overlays in ParcelStage.objects.filter(
            project_id=project_id
        ).values_list("parcel_id", "stage_rank", "opinions", "disagree", "overlays")
    )
    return cases, spans, parcels


KINDS = [
    "approve",
    "revise",
    "supplement",
    "deposit",
    "grievance",
    "petition",
    "accept",
    "settle",
    "appeal",
    "withdraw",
    "persuade",
    "enforce",
    "execute",
    "deliver",
    "publish",
    "inventory",
    "refuse",
    "opinion",
    "meeting",
    "dialogue",
    "posting",
    "other_posting",
    "decide",
    "pay",
    "handover",
    "correct",
    "void",
    "redate_meeting",
    "void_meeting",
]

step = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, 2),
    st.integers(0, 120),
    st.sampled_from(["agree", "disagree", "other"]),
)


def _latest(project, **filters):
    return (
        Event.objects.filter(project=project, superseded_by__isnull=True, is_void=False, **filters)
        .order_by("-id")
        .first()
    )


def _plan_world():
    """Three land users, one parcel held by two of them, a draft plan with a line for each."""
    from decimal import Decimal

    from landcases import services as registers
    from landcases.services import ItemInput, LineInput

    actor, project, area, cases = make_world(3)
    holding = cases[0].land_user.holdings.get()
    registers.holding_update(holding=holding, actor=actor, reason="chung", share_pct=Decimal(50))
    registers.holding_create(
        land_user=cases[1].land_user,
        parcel=holding.parcel,
        actor=actor,
        tenure="co_user",
        share_pct=Decimal(50),
        affected_area_m2=Decimal(5),
    )
    from consultations.projection import apply_register_changes

    apply_register_changes(project_id=project.id)
    v1 = registers.plan_create(
        project=project, actor=actor, number="PA", kind="draft", title="PA", area=area, reason="lập"
    )
    registers.plan_lines_replace(
        plan=v1,
        actor=actor,
        reason="nhập",
        lines=[
            LineInput(c.land_user_id, items=[ItemInput("other", net)])
            for c, net in zip(cases, (100 * M, 80 * M, 60 * M), strict=True)
        ],
    )
    return actor, project, area, cases, v1


M = 1_000_000


def _new_version(kw, area, base, kind, case, net, on):
    from landcases import services as registers
    from landcases.models import CompensationPlan
    from landcases.services import ItemInput, LineInput

    version = registers.plan_create(
        project=kw["project"],
        actor=kw["actor"],
        number="PA",
        kind=kind,
        title="PA",
        area=area,
        reason="điều chỉnh",
    )
    registers.plan_lines_replace(
        plan=version,
        actor=kw["actor"],
        reason="nhập",
        lines=[LineInput(case.land_user_id, items=[ItemInput("other", net)])],
    )
    record(
        "plan_approved",
        **kw,
        plan=version,
        on=on,
        number="1/QĐ",
        effective_on=on,
        authority="commune_pc",
    )
    return CompensationPlan.objects.get(pk=version.pk)


def _apply(kind, case, on, opinion, *, kw, area, cases, plan):  # noqa: C901 - a branch per act
    if kind == "approve":
        if not Event.objects.filter(kind="plan_approved", plan=plan).exists():
            record(
                "plan_approved",
                **kw,
                plan=plan,
                on=on,
                number="1/QĐ",
                effective_on=on,
                authority="commune_pc",
            )
    elif kind in ("revise", "supplement"):
        if Event.objects.filter(kind="plan_approved", plan=plan).exists():
            net = 140 * M if kind == "revise" else 10 * M
            _new_version(
                kw, area, plan, "revised" if kind == "revise" else "supplementary", case, net, on
            )
    elif kind == "deposit":
        record("deposit", **kw, case=case, on=on, amount=30 * M, custody="state_treasury")
    elif kind in ("grievance", "petition"):
        grievance_create(
            **kw,
            happened_on=on,
            values={
                "grievance_kind": "complaint" if kind == "grievance" else "petition",
                "channel": "written",
                "cases": [case.id],
            },
        )
    elif kind in ("accept", "settle", "appeal", "withdraw"):
        g = Grievance.objects.filter(project=kw["project"]).order_by("-id").first()
        if g is None:
            return
        values = {
            "accept": {},
            "settle": {"result": "rejected", "number": "QĐ"},
            "appeal": {"route": "second_time"},
            "withdraw": {},
        }[kind]
        grievance_kind = {"accept": "accepted", "settle": "settled", "appeal": "appealed"}
        record(
            f"grievance_{grievance_kind.get(kind, 'withdrawn')}", **kw, grievance=g, on=on, **values
        )
    elif kind == "persuade":
        by = ["commune_pc", "fatherland_front", "board"]
        record("persuasion", **kw, case=case, on=on, by=by, purpose="enforcement")
    elif kind == "enforce":
        record("enforcement_decided", **kw, case=case, on=on, number="CC-1", authority="commune_pc")
    elif kind == "execute":
        record("enforcement_executed", **kw, case=case, on=on)
    elif kind == "deliver":
        record("notice_delivered", **kw, case=case, on=on, method="post", signed=True)
    elif kind == "publish":
        record("notice_published", **kw, case=case, on=on, newspaper_issues=3, radio_broadcasts=3)
    elif kind == "inventory":
        record("inventory_done", **kw, case=case, on=on, participated=True)
    elif kind == "refuse":
        record("inventory_refused", **kw, case=case, on=on)
    elif kind == "opinion":
        record("opinion", **kw, case=case, on=on, opinion=opinion, channel="written")
    elif kind in ("meeting", "dialogue"):
        meeting(
            **kw,
            area=area,
            on=on,
            kind="consultation" if kind == "meeting" else "dialogue",
            attendees=cases,
            outcomes=[(case, opinion)],
        )
    elif kind in ("posting", "other_posting"):
        what = "draft_plan" if kind == "posting" else "land_prices"
        record("posting_started", **kw, area=area, on=on, what=what, place="UBND")
    elif kind == "decide":
        record("recovery_decided", **kw, case=case, on=on, number="1/QĐ", authority="commune_pc")
    elif kind == "pay":
        record("payment", **kw, case=case, on=on, amount=40 * M, method="bank_transfer")
    elif kind == "handover":
        record("handover", **kw, case=case, on=on)
    elif kind in ("redate_meeting", "void_meeting"):
        held = _latest(kw["project"], kind="meeting")
        if held is not None:
            meeting_correct(
                meeting=held,
                actor=kw["actor"],
                reason="sai",
                happened_on=on,
                void=kind == "void_meeting",
            )
    else:
        latest = (
            Event.objects.filter(project=kw["project"], superseded_by__isnull=True, is_void=False)
            .exclude(kind__in=("meeting", "minutes_signed"))
            .order_by("-id")
            .first()
        )
        if latest is None:
            return
        if kind == "void":
            event_void(event=latest, actor=kw["actor"], reason="nhầm")
        elif latest.kind == "plan_approved":  # re-dated with its effect
            values = {**latest.payload, "effective_on": on}
            event_correct(
                event=latest, actor=kw["actor"], reason="sai ngày", happened_on=on, values=values
            )
        else:
            values = None  # an approval re-dated takes effect on its new day, as recorded
            if latest.kind == "plan_approved":
                values = dict(event_values(latest), effective_on=on)
            event_correct(
                event=latest, actor=kw["actor"], reason="sai ngày", happened_on=on, values=values
            )


def _apply_or_refused(*args, **kwargs):
    with contextlib.suppress(ValidationError):
        _apply(*args, **kwargs)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=16))
def test_rebuild_equals_incremental_on_random_histories(django_db_blocker, steps):
    # Each example in its own savepoint so examples do not see each other's rows.
    with transaction.atomic():
        actor, project, area, cases, plan = _plan_world()
        kw = {"project": project, "actor": actor}
        for kind, who, day, opinion in steps:
            # Days are random, so later records are often back-dated before earlier ones;
            # an act that cannot have happened so (a settlement before its acceptance, an
            # enforcement without a recovery decision) is refused and writes nothing.
            _apply_or_refused(
                kind,
                cases[who],
                D + timedelta(days=day),
                opinion,
                kw=kw,
                area=area,
                cases=cases,
                plan=plan,
            )
        incremental = snapshot(project.id)
        rebuild(project_id=project.id)
        assert snapshot(project.id) == incremental
        transaction.set_rollback(True)


def typed_in(day):
    """Record what follows as typed in at noon on `day` (the seeding path)."""
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=12)
    return seeding(moment)


def test_as_of_replay_and_as_recorded():
    actor, project, area, (a, b, c) = make_world(3)
    kw = {"project": project, "actor": actor}
    with typed_in(D + timedelta(days=50)):  # delivered on D, typed in only on D+50
        record("notice_delivered", **kw, case=a, on=D, method="post", signed=True)
    with typed_in(D + timedelta(days=60)):
        record(
            "opinion", **kw, case=a, on=D + timedelta(days=58), opinion="agree", channel="written"
        )
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


def test_as_recorded_sees_the_version_known_then():
    actor, project, area, (a,) = make_world(1)
    with typed_in(D + timedelta(days=1)):
        first = record(
            "notice_delivered", project=project, actor=actor, case=a, on=D, method="post"
        ).event
    with typed_in(D + timedelta(days=40)):
        event_correct(
            event=first, actor=actor, reason="sai ngày", happened_on=D + timedelta(days=30)
        )
    day = D + timedelta(days=20)
    # As recorded on D+20 the delivery stood on D; as known now it was on D+30.
    assert case_state(a, as_of=AsOf(day, "recorded"))[0] == "notified"
    assert case_state(a, as_of=AsOf(day, "replay"))[0] == "identified"


def test_counts_include_land_users_whose_case_row_is_not_there_yet():
    from landcases import services as registers

    actor, project, area, cases = make_world(2)
    registers.land_user_create(project=project, actor=actor, kind="household", name="Hộ mới")
    counts = project_counts(project.id)
    assert counts.total == 3 and counts.by_stage["identified"] == 3
