"""Grievances on record: numbered with their receipt in one transaction, their acts in the Law
on Complaints' order (the impossible refused with a message and nothing written, the unlawful
recorded with a warning), and the `grievance_open` overlay on the case and the map's parcels."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from consultations.grievance_selectors import grievance_rows
from consultations.grievances import grievance_create, parse_land_users
from consultations.messages import warning_text
from consultations.models import Case, Event, Grievance, ParcelStage
from consultations.projection import rebuild
from consultations.services import event_correct
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(3)


def day(n):
    return D + timedelta(days=n)


def receive(project, actor, cases, *, on=D, **values):
    values = {"grievance_kind": "complaint", "channel": "written", **values}
    return grievance_create(
        project=project,
        actor=actor,
        happened_on=on,
        values={**values, "cases": [c.id for c in cases]},
    )


def refused(fn, *args, **kwargs) -> str:
    before = (Event.objects.count(), Grievance.objects.count())
    with pytest.raises(ValidationError) as caught:
        fn(*args, **kwargs)
    assert (Event.objects.count(), Grievance.objects.count()) == before  # nothing written
    return " ".join(caught.value.messages)


def act(kind, grievance, actor, on, **values):
    return record(
        kind, project=grievance.project, actor=actor, grievance=grievance, on=on, **values
    )


def overlays(case):
    case.refresh_from_db()
    return case.overlays


def test_numbers_follow_per_project_and_a_refused_receipt_leaves_none(world):
    actor, project, area, (a, b, _c) = world
    first = receive(project, actor, [a]).event.grievance
    assert first.number == "KN-0001"
    text = refused(receive, project, actor, [b], channel="verbal")  # who took it?
    assert "ai đã tiếp nhận" in text
    assert receive(project, actor, [b]).event.grievance.number == "KN-0002"
    other_actor, other, _area, (x,) = make_world(1, code="du-an-khac", username="ban.khac")
    assert receive(other, other_actor, [x]).event.grievance.number == "KN-0001"


def test_a_grievance_about_another_project_s_act_or_land_user_is_refused(world):
    actor, project, area, (a, _b, _c) = world
    other_actor, other, other_area, (x,) = make_world(1, code="du-an-khac", username="ban.khac")
    elsewhere = record(
        "notice_issued", project=other, actor=other_actor, area=other_area, on=D, number="9/TB"
    ).event
    text = refused(receive, project, actor, [a], about=elsewhere.id)
    assert f"#{elsewhere.id}" in text and "không phải" in text
    refused(receive, project, actor, [x])  # another project's case
    here = record("notice_issued", project=project, actor=actor, area=area, on=D, number="1/TB")
    assert receive(project, actor, [a], about=here.event.id).event.payload["about"] == (
        here.event.id
    )


def test_a_verbal_complaint_names_a_member_who_took_it_and_is_warned_unconfirmed(world):
    actor, project, area, (a, _b, _c) = world
    stranger = make_user("nguoi-ngoai")
    refused(receive, project, actor, [a], channel="verbal", taken_by=stranger.id)
    rec = receive(project, actor, [a], channel="verbal", taken_by=actor.id)
    assert any("Điều 8" in warning_text(w) for w in rec.warnings)
    ok = receive(project, actor, [a], channel="verbal", taken_by=actor.id, confirmed=True)
    assert ok.warnings == []


def test_acts_follow_the_law_s_order_or_are_refused(world):
    actor, project, area, (a, _b, _c) = world
    g = receive(project, actor, [a], on=D).event.grievance
    assert "trước ngày" in refused(act, "grievance_accepted", g, actor, day(-1))
    text = refused(act, "grievance_settled", g, actor, day(5), result="upheld", number="1/QĐ")
    assert "thụ lý" in text  # settlement before acceptance
    accepted = act("grievance_accepted", g, actor, day(12)).event
    text = refused(act, "grievance_settled", g, actor, day(11), result="upheld", number="1")
    assert "15/03/2025" in text  # dated before the acceptance
    refused(act, "grievance_refused", g, actor, day(13), reason="Quá hạn")
    settled = act("grievance_settled", g, actor, day(40), result="partly", number="7/QĐ")
    assert settled.warnings == []  # the clock is the audit's (GRV-RESOLVE), not a warning here
    refused(act, "grievance_settled", g, actor, day(41), result="upheld", number="8")
    # Re-dating the acceptance after its settlement is refused too.
    refused(event_correct, event=accepted, actor=actor, reason="sai", happened_on=day(50))
    act("grievance_appealed", g, actor, day(50), route="second_time")
    refused(act, "grievance_appealed", g, actor, day(51), route="second_time")
    act("grievance_settled", g, actor, day(80), result="rejected", number="9/QĐ")
    act("grievance_withdrawn", g, actor, day(90))
    assert "rút" in refused(act, "grievance_appealed", g, actor, day(91), route="lawsuit")


def test_an_appeal_before_any_settlement_is_recorded_with_a_warning(world):
    actor, project, area, (a, _b, _c) = world
    g = receive(project, actor, [a]).event.grievance
    act("grievance_accepted", g, actor, day(3))
    rec = act("grievance_appealed", g, actor, day(60), route="lawsuit")
    assert any("Điều 7" in warning_text(w) for w in rec.warnings)


def test_a_petition_is_answered_without_acceptance_and_never_appealed(world):
    actor, project, area, (a, _b, _c) = world
    g = receive(project, actor, [a], grievance_kind="petition").event.grievance
    act("grievance_settled", g, actor, day(20), result="upheld", number="CV-3")
    assert "kiến nghị" in refused(act, "grievance_appealed", g, actor, day(30), route="lawsuit")
    refused(act, "grievance_settled", g, actor, day(21), result="upheld", number="CV-4")


def test_a_refused_grievance_is_not_settled(world):
    actor, project, area, (a, _b, _c) = world
    g = receive(project, actor, [a]).event.grievance
    act("grievance_refused", g, actor, day(5), reason="Không thuộc thẩm quyền")
    refused(act, "grievance_settled", g, actor, day(30), result="upheld", number="1")


def test_the_overlay_opens_and_closes_on_the_cases_and_their_parcels(world):
    actor, project, area, (a, b, c) = world
    g = receive(project, actor, [a, b], complex=True, remote=True, summary="Giá thấp").event
    grievance = g.grievance
    assert "grievance_open" in overlays(a) and "grievance_open" in overlays(b)
    assert "grievance_open" not in overlays(c)
    parcel_a = a.land_user.holdings.get().parcel_id
    assert "grievance_open" in ParcelStage.objects.get(parcel_id=parcel_a).overlays
    act("grievance_accepted", grievance, actor, day(5))
    assert "grievance_open" in overlays(a)
    act("grievance_settled", grievance, actor, day(30), result="rejected", number="2/QĐ")
    assert "grievance_open" not in overlays(a)
    assert "grievance_open" not in ParcelStage.objects.get(parcel_id=parcel_a).overlays
    act("grievance_appealed", grievance, actor, day(40), route="second_time")
    assert "grievance_open" in overlays(b)
    before = sorted(Case.objects.values_list("id", "overlays"))
    rebuild(project_id=project.id)
    assert sorted(Case.objects.values_list("id", "overlays")) == before


def test_the_list_puts_open_grievances_first_with_their_dates(world):
    actor, project, area, (a, b, _c) = world
    old = receive(project, actor, [a], on=D).event.grievance
    act("grievance_accepted", old, actor, day(2))
    act("grievance_settled", old, actor, day(20), result="upheld", number="1")
    late = receive(project, actor, [b], on=day(10)).event.grievance
    early = receive(project, actor, [a, b], on=day(5)).event.grievance
    rows = grievance_rows(project.id)
    assert [r.grievance for r in rows] == [early, late, old]
    assert [r.is_open for r in rows] == [True, True, False]
    assert rows[2].answered.happened_on == day(2)
    assert rows[2].settled.payload["result"] == "upheld"
    assert [r.grievance for r in grievance_rows(project.id, case=b)] == [early, late]


def test_land_users_are_named_by_lookup_code_or_id_of_the_project(world):
    actor, project, area, (a, b, _c) = world
    code = b.land_user.lookup_code.lower()
    assert parse_land_users(project.id, f"#{a.land_user_id}, {code}") == sorted(
        [a.land_user_id, b.land_user_id]
    )
    with pytest.raises(ValidationError, match="KHONGCO"):
        parse_land_users(project.id, "KHONGCO #1")
    with pytest.raises(ValidationError):
        parse_land_users(project.id, "   ")
