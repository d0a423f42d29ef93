"""The end of the first area's story (Km0–2): the draft consulted on is revised (the crop prices
the Front questioned, the early-handover bonus of the first hamlet), appraised and approved,
announced at hamlet meetings and delivered; the eligible households get their resettlement
plots before their recovery decisions; everyone else is decided within ten days; payment
within thirty days for most (a few late, a few refusals and deposits, an unsettled
inheritance); handovers. Months later a revised version re-measures some residential plots and
raises their nets (the paid who had not handed over fall back until the difference is paid),
and a supplementary version adds a support item for a few households.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from .approval import appraise, approve, decide, deliver_at_meetings, deliver_each
from .money import Paid, allocate_plots, hand_over, instalments, pay, refuse
from .plans import prices_of, version
from .prices import production_support, remeasured
from .script import Script
from .story import Household, Story, quota


def conclude(story: Story, i: int, s: Script, hs: list[Household]) -> None:
    assert s.approval is not None and s.appraisal is not None
    rng = story.rng
    first_hamlet = min(hs, key=lambda h: h.order).hamlet
    plan = version(
        story,
        i,
        "revised",
        "Phương án bồi thường, hỗ trợ, tái định cư (điều chỉnh sau lấy ý kiến và đối thoại)",
        prices_of(s),
        who=lambda h: replace(h.entitled_in(i), bonus=h.hamlet == first_hamlet),
    )
    signed = story.day(s.approval)
    appraise(story, plan, story.day(s.appraisal))
    approval, effective = approve(story, plan, signed)
    place = f"Nhà văn hóa các thôn, {story.areas[i].code}"
    story.posting(i, story.after(effective, 1), "approved_plan", place, plan=plan)
    deliver_at_meetings(story, i, plan, effective, hs, approval)

    # Who is who after the approval.
    households = [h for h in hs if h.who.kind == "household" and not h.who.eligible]
    waiting = set(id(h) for h in rng.sample(households, quota(len(households), 0.03, least=1)))
    objectors = [h for h in hs if h.opinion == "disagree" and id(h) not in waiting]
    refusers = rng.sample(objectors, quota(len(objectors), 0.8, least=1 if objectors else 0))
    deposited = {id(h) for h in refusers[: max(1, quota(len(refusers), 0.75))]}
    refusing = {id(h) for h in refusers}
    story.marks["refusing"] = refusers  # enforcement comes for some (safeguards.py)
    payers = [h for h in hs if id(h) not in waiting and id(h) not in refusing]
    late = {id(h) for h in rng.sample(payers, quota(len(payers), 0.04, least=1))}
    partial = {id(h) for h in rng.sample(payers, quota(len(payers), 0.02))} - late
    resettled = [h for h in hs if h.who.eligible and id(h) not in waiting]

    # Agreements to earlier recovery before the decisions (a fact the lead-time rule reads).
    for h in rng.sample(payers, min(2, len(payers))):
        story.case_act("earlier_recovery_agreement", h, story.after(signed, -5), {})
    plots = allocate_plots(
        story, i, resettled, story.after(effective, 4), (story.after(effective, 18), 8)
    )
    decided: list[tuple[Household, date]] = []
    hamlets = list(dict.fromkeys(h.hamlet for h in sorted(hs, key=lambda h: h.order)))
    for h in hs:
        if id(h) in waiting:
            continue  # the heirs have not agreed: no decision, no payment yet
        if h.case.id in plots:
            on = story.after(plots[h.case.id], rng.randint(2, 7))
        else:
            on = story.after(effective, 1 + 2 * min(4, hamlets.index(h.hamlet)))
        decided.append((h, on))
    early = next((k for k, (h, _on) in enumerate(decided) if h.case.id not in plots), None)
    if early is not None:  # signed the day the plan was: before it took effect (a warning)
        decided[early] = (decided[early][0], signed)
    decide(story, decided)

    # Payments, refusals and deposits.
    paid: dict[int, Paid] = {}
    net = {id(h): h.net[plan.id] for h in hs}
    due = effective + timedelta(days=30)
    for h in hs:
        if id(h) in waiting:
            continue
        if id(h) in refusing:
            refused_on = story.after(effective, rng.randint(6, 14))
            deposit_on = story.after(refused_on, rng.randint(5, 12)) if id(h) in deposited else None
            paid[id(h)] = refuse(story, h, net[id(h)], refused_on, deposit_on)
            continue
        if id(h) in partial:
            half = net[id(h)] // 2000 * 1000
            pay(story, h, plan, [(story.after(effective, rng.randint(8, 20)), half)])
            paid[id(h)] = Paid()
            continue
        n = rng.choices((1, 2, 3), (40, 40, 20))[0]
        if id(h) in late:
            first = story.after(effective, rng.randint(33, 50))
            parts = instalments(story, net[id(h)], first, n, within=None)
        else:
            first = story.after(effective, rng.randint(6, 18))
            parts = instalments(story, net[id(h)], first, n, within=due)
        # One payment is typed in short and corrected later (front.py).
        typo = "payment" not in story.marks and n == 1 and id(h) not in late
        paid[id(h)] = pay(story, h, plan, parts, typo=typo)
    story.out.flush()

    # Agreements to hand over early, then the handovers.
    split = [
        h for h in payers if len(paid.get(id(h), Paid()).instalments) >= 2 and id(h) not in late
    ]
    agreeing = split[:2]
    for h in agreeing:
        story.case_act("early_handover_agreement", h, story.after(effective, 3), {})
    story.out.flush()
    unagreed = split[2:3]  # hands over before the last instalment, with no agreement (a warning)
    for h in agreeing + unagreed:
        hand_over(story, h, i, story.after(paid[id(h)].instalments[0][0], 1))
    handed: set[int] = {id(h) for h in agreeing + unagreed}
    for h in hs:
        done = paid.get(id(h))
        if id(h) in handed or done is None or done.full_on is None or id(h) in refusing:
            continue
        if rng.random() < 0.15:
            continue  # waits for the harvest: paid, not handed over yet
        start = max(done.full_on, plots.get(h.case.id, done.full_on))
        hand_over(story, h, i, story.after(start, rng.randint(7, 45)))
        handed.add(id(h))
    story.out.flush()
    if s.revision:
        revise(story, i, s, hs, plan, paid, handed, refusing)
    if s.supplement:
        supplement(story, i, s, hs)


def revise(story, i, s: Script, hs, approved, paid, handed, refusing) -> None:
    """Residential plots re-measured after complaints: a revised version for those households
    (a larger house, one price position up), posted, written opinions, appraised, approved;
    the difference paid (one late)."""
    assert s.revision is not None
    rng = story.rng
    candidates = [
        h
        for h in hs
        if any(x.code == "ONT" for x in h.held.get(i, []))
        and id(h) not in refusing
        and paid.get(id(h)) is not None
        and paid[id(h)].full_on is not None
    ]
    waiting = [h for h in candidates if id(h) not in handed]
    over = [h for h in candidates if id(h) in handed]
    chosen = rng.sample(waiting, quota(len(waiting), 0.5, least=1)) + rng.sample(
        over, quota(len(over), 0.08, least=1)
    )
    chosen = sorted(chosen, key=lambda h: h.order)
    if not chosen:
        return
    grown = {id(h): remeasured(h.entitled_in(i), rng) for h in chosen}
    plan = version(
        story,
        i,
        "revised",
        "Phương án điều chỉnh (đo đạc lại đất ở, nhà ở)",
        prices_of(s, positions_up=True),
        households=chosen,
        who=lambda h: grown[id(h)],
    )
    posted = story.day(s.revision)
    place = f"Nhà văn hóa các thôn, {story.areas[i].code}"
    story.posting(i, posted, "draft_plan", place, plan=plan)
    for h in chosen:
        values = {"opinion": "agree", "channel": "written", "plan": plan}
        story.case_act("opinion", h, story.after(posted, rng.randint(7, 20)), values)
    story.out.flush()
    appraise(story, plan, story.after(posted, 38))
    _approval, effective = approve(story, plan, story.after(posted, 50))
    deliver_each(story, plan, effective, chosen)
    late = chosen[-1] if len(chosen) > 1 else None
    for h in chosen:
        difference = h.net[plan.id] - h.net[approved.id]
        if difference <= 0:
            continue
        days = rng.randint(36, 50) if h is late else rng.randint(5, 25)
        pay(story, h, plan, [(story.after(effective, days), difference)])
    story.out.flush()


def supplement(story, i, s: Script, hs) -> None:
    """A support item the plan missed (production stabilisation for a few farming households),
    in a supplementary version, approved and paid."""
    assert s.supplement is not None
    rng = story.rng
    farmers = [
        h
        for h in hs
        if h.who.kind == "household"
        and sum(x.m2 for x in h.held.get(i, []) if x.code in ("LUC", "HNK", "CLN", "NTS")) >= 500
    ]
    chosen = sorted(
        rng.sample(farmers, min(8, quota(len(farmers), 0.03, least=1))), key=lambda h: h.order
    )
    if not chosen:
        return
    plan = story.plan_version(i, "supplementary", "Phương án bổ sung (hỗ trợ ổn định sản xuất)")
    story.plan_lines(plan, [(h, production_support(h.case.land_user_id)) for h in chosen])
    signed = story.day(s.supplement)
    appraise(story, plan, story.after(signed, -10))
    _approval, effective = approve(story, plan, signed)
    deliver_each(story, plan, effective, chosen)
    for h in chosen:
        pay(story, h, plan, [(story.after(effective, rng.randint(4, 20)), h.net[plan.id])])
    story.out.flush()
