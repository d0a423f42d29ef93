"""An area's story after its consultation, told with the demo's own steps over the bench's cast
(story.BenchStory): the plan version approved (a revised one in every fourth area), appraised,
posted and delivered to each household; consent of the ethnic-minority households concerned;
resettlement plots allocated and handed over; recovery decisions with their delivery and a
few agreements to earlier recovery; payments against each line's net in 1–3 instalments,
refusals and State Treasury deposits; agreements to hand over early and the handovers;
months later a revised version (re-measured plots) and a supplementary one in some areas.
Then safeguards.py: support, enforcement, complaints. The slips: slips.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..history import approval as steps
from ..history import plans
from ..history.conclusion import revise, supplement
from ..history.money import Paid, allocate_plots, hand_over, instalments, pay, refuse
from ..history.script import Script
from ..history.story import Household
from . import slips
from .safeguards import complaints, consent, enforce, support

REVISED = "Phương án bồi thường, hỗ trợ, tái định cư (điều chỉnh sau lấy ý kiến và đối thoại)"


def conclude(history, a: int, s: Script, cases: list, opinion: dict, level: int) -> None:
    story = history.story
    rng = story.rng
    hs = [story.household[c[0]] for c in cases]
    for h in hs:
        h.opinion = opinion.get(h.case.id, "")
    plan = story.drafts[a]
    if a % 4 == 0:  # the draft revised after the consultation (crop prices raised)
        plan = plans.version(story, a, "revised", REVISED, plans.prices_of(s))
    assert s.approval is not None and s.appraisal is not None
    signed = story.day(s.approval)
    steps.appraise(story, plan, story.day(s.appraisal))
    approval, effective = steps.approve(story, plan, signed)
    history.posting(a, story.after(effective, 1), "approved_plan", plan=plan)
    deliver(story, plan, signed, hs, approval)
    consent(story, s, hs)
    if level < 5:
        return
    story.out.flush()

    # Who is decided: all but a few heirs not agreed yet, as far as the area has got.
    waiting = {id(h) for h in hs if rng.random() < slips.WAITING}
    ready = [h for h in hs if id(h) not in waiting]
    resettled = [h for h in ready if h.who.eligible]
    plots = allocate_plots(
        story, a, resettled, story.after(effective, 4), (story.after(effective, 18), 8)
    )
    for h in rng.sample(ready, round(len(ready) * 0.005)):
        story.case_act("earlier_recovery_agreement", h, story.after(signed, -5), {})
    story.out.flush()
    days = [(h, decision_day(story, h, signed, effective, plots)) for h in ready]
    steps.decide(story, days, by_day=False)
    story.out.flush()
    complaints(story, ready)
    if level < 6:
        return

    # Payments, refusals and deposits.
    objectors = [h for h in ready if h.opinion == "disagree"]
    refusing = {id(h) for h in rng.sample(objectors, round(len(objectors) * slips.REFUSING))}
    refusers = [h for h in ready if id(h) in refusing]
    payers = [h for h in ready if id(h) not in refusing and h.net.get(plan.id, 0) > 0]
    paid, late = money(story, plan, effective, payers, refusers)
    if level < 7:
        return

    # Agreements to hand over early, then the handovers.
    split = [h for h in payers if len(paid[id(h)].instalments) >= 2 and id(h) not in late]
    early = set(id(h) for h in split[: round(len(payers) * slips.EARLY_AGREED)])
    unpaid = split[len(early) : len(early) + round(len(payers) * slips.UNPAID_HANDOVER)]
    for h in split:
        if id(h) in early:
            story.case_act("early_handover_agreement", h, story.after(effective, 3), {})
    story.out.flush()
    handed: set[int] = set()
    for h in [h for h in split if id(h) in early] + unpaid:  # before the last instalment
        hand_over(story, h, a, story.after(paid[id(h)].instalments[0][0], 1))
        handed.add(id(h))
    for h in payers:
        done = paid[id(h)]
        if id(h) in handed or done.full_on is None or rng.random() < 0.15:
            continue  # not paid in full, or waits for the harvest
        begin = max(done.full_on, plots.get(h.case.id, done.full_on))
        hand_over(story, h, a, story.after(begin, rng.randint(7, 45)))
        handed.add(id(h))
    story.out.flush()
    support(story, ready, effective)
    enforce(story, refusers)
    if s.revision:
        revise(story, a, s, hs, plan, paid, handed, refusing)
    if s.supplement:
        supplement(story, a, s, hs)
        if story.plans[a].kind == "supplementary":  # its (empty) summary before the approval
            plans.summarize(story, story.plans[a], story.day(s.supplement, -12), corrected=False)


def deliver(story, plan, signed: date, hs: list[Household], approval) -> None:
    """The approved version delivered to each household within days (a few late, a few
    never: DECISION-DELIVERED)."""
    rng = story.rng
    for h in hs:
        roll = rng.random()
        if roll < slips.PLAN_UNDELIVERED:
            continue
        days = rng.randint(8, 15) if roll < slips.PLAN_UNDELIVERED + slips.PLAN_LATE else 0
        method = rng.choices(*steps.ABSENT_DELIVERY)[0] if rng.random() < 0.2 else "in_person"
        story.case_act(
            "plan_delivered",
            h,
            story.after(signed, days + rng.randint(0, 2)),
            {"plan": plan, "method": method},
            after=approval.recorded_at,
        )


def decision_day(story, h: Household, signed: date, effective: date, plots: dict) -> date:
    """Within the ten days after the approval (after its plot for a resettled household); a
    few earlier or much later (PLAN-APPROVED, RECOVERY-TIMING, RESETTLE-BEFORE-RECOVERY)."""
    rng = story.rng
    roll = rng.random()
    if h.case.id in plots:
        if story.slip("unresettled", slips.UNRESETTLED):
            return story.after(effective, 2)
        return story.after(plots[h.case.id], rng.randint(2, 7))
    if roll < slips.DECIDED_EARLY:
        return story.after(signed, -rng.randint(2, 5))
    if roll < slips.DECIDED_EARLY + slips.DECIDED_LATE:
        return story.after(signed, rng.randint(15, 40))
    return story.after(effective, rng.randint(0, 5))


def money(story, plan, effective: date, payers: list, refusers: list):
    """Each payer's net in 1–3 instalments within the 30 days (a few late, a few half paid);
    the refusers' money deposited into State Treasury custody (most). Answers what each was
    paid and who was paid late."""
    rng = story.rng
    due = effective + timedelta(days=30)
    paid: dict[int, Paid] = {}
    late: set[int] = set()
    for h in payers:
        net = h.net[plan.id]
        roll = rng.random()
        n = rng.choices((1, 2, 3), (50, 35, 15))[0]
        if roll < slips.PARTIAL:
            half = net // 2000 * 1000
            pay(story, h, plan, [(story.after(effective, rng.randint(8, 20)), half)])
            paid[id(h)] = Paid()
            continue
        if roll < slips.PARTIAL + slips.PAID_LATE:
            late.add(id(h))
            first = story.after(effective, rng.randint(33, 50))
            parts = instalments(story, net, first, n, within=None)
        else:
            first = story.after(effective, rng.randint(6, 18))
            parts = instalments(story, net, first, n, within=due)
        paid[id(h)] = pay(story, h, plan, [p for p in parts if p[1] > 0])
    for h in refusers:
        net = h.net.get(plan.id, 0)
        refused_on = story.after(effective, rng.randint(6, 14))
        deposit_on = story.after(refused_on, rng.randint(5, 12)) if rng.random() < 0.75 else None
        if net > 0:
            paid[id(h)] = refuse(story, h, net, refused_on, deposit_on)
    story.out.flush()
    return paid, late
