"""A plan version's path after the consultation: appraised, approved (one decision for the
version, taking effect a few days after it is signed), posted, delivered to each household —
collectively to those present at the hamlet meeting that announces it
(`consultations.collective.collective_record`), one by one to the others — and the recovery
decisions with their delivery."""

from __future__ import annotations

from datetime import date, timedelta

from consultations.collective import collective_record
from consultations.models import Event
from consultations.seeding import seeding
from consultations.services import Subject
from landcases.models import CompensationPlan

from .script import EFFECTIVE_AFTER, authority
from .story import Household, Story

ABSENT_DELIVERY = (("via_commune", "post", "in_person"), (50, 20, 30))


def appraise(story: Story, plan: CompensationPlan, on: date) -> Event:
    values = {"number": story.number("appraisal", "BC-HĐTĐ")}
    return story.out.write(
        story.board, story.out.act("plan_appraised", Subject(plan=plan), on, values)
    )


def approve(story: Story, plan: CompensationPlan, signed: date) -> tuple[Event, date]:
    """The approval (written at once: it freezes the version's lines); answers it and the day
    it takes effect."""
    effective = story.after(signed, EFFECTIVE_AFTER)
    values = {
        "number": story.number("approval", "QĐ-UBND"),
        "effective_on": effective,
        "authority": authority(signed),
    }
    event = story.out.write(
        story.board, story.out.act("plan_approved", Subject(plan=plan), signed, values)
    )
    return event, effective


def deliver_at_meetings(
    story: Story, i: int, plan: CompensationPlan, effective: date, hs: list[Household], approval
) -> None:
    """Each hamlet's meeting announces the approved plan and hands it to those present (one
    collective act per meeting); the others get it through the commune, by post or at home."""
    story.out.flush()
    delivered: set[int] = set()
    area_users = {h.case.land_user_id for h in story.households if i in h.held}
    for k, (hamlet, group) in enumerate(story.sessions(hs, 120)):
        on = story.after(effective, k // 3)
        present = [h for h in group if story.rng.random() < 0.85] or group[:1]
        meeting = story.meeting(i, "dissemination", on, hamlet, present, after=approval.recorded_at)
        with seeding(story.out.typed_in(on, after=meeting.event.recorded_at)):
            collective_record(
                project=story.project,
                actor=story.board,
                kind="plan_delivered",
                area=story.areas[i],
                happened_on=on,
                values={"plan": plan, "method": "in_person"},
                exceptions=area_users - {h.case.land_user_id for h in present},
            )
        delivered |= {h.case.land_user_id for h in present}
    for h in story.households:
        if i in h.held and h.case.land_user_id not in delivered:
            method = story.rng.choices(*ABSENT_DELIVERY)[0]
            on = story.after(effective, story.rng.randint(2, 9))
            story.case_act("plan_delivered", h, on, {"plan": plan, "method": method})


def deliver_each(story: Story, plan: CompensationPlan, effective: date, hs: list[Household]):
    for h in hs:
        on = story.after(effective, story.rng.randint(1, 4))
        story.case_act("plan_delivered", h, on, {"plan": plan, "method": "in_person"})


def decide(story: Story, decided: list[tuple[Household, date]], *, by_day: bool = True) -> None:
    """Recovery decisions, one per household, and their delivery a few days later: the
    decisions written a day at a time, or (`by_day=False`, in bulk) in batches in the order
    of their days."""
    ordered = sorted(decided, key=lambda hd: hd[1])
    if by_day:
        days: dict[date, list[tuple[Household, date]]] = {}
        for h, on in decided:
            days.setdefault(on, []).append((h, on))
        groups = [days[on] for on in sorted(days)]
    else:
        size = story.out.batch
        groups = [ordered[k : k + size] for k in range(0, len(ordered), size)]
    for group in groups:
        acts = [
            story.out.act(
                "recovery_decided",
                Subject(case=h.case),
                on,
                {"number": story.number("recovery", "QĐ-UBND"), "authority": authority(on)},
            )
            for h, on in group
        ]
        written = story.out.write_many(story.board, acts)
        for (h, on), decision in zip(group, written, strict=True):
            late = story.rng.random() < 0.06
            delivered_on = story.after(
                on, story.rng.randint(5, 9) if late else story.rng.randint(1, 3)
            )
            story.case_act(
                "recovery_delivered",
                h,
                delivered_on,
                {"decision": decision.event.id, "method": "in_person"},
                after=decision.event.recorded_at,
            )


def spread(start: date, k: int, n: int, days: int) -> date:
    """The k-th of n acts spread over `days` from `start`."""
    return start + timedelta(days=days * k // max(1, n))
