"""The end of an area's story (Km0–2): the plan approved, the recovery decided, compensation
paid (or refused and deposited), the site handed over.

The plan is approved once per plan version (its subject is the version, not each case): the
draft that was consulted on is revised after the Front's recommendation, and the revised
version is the one approved. Each version has a line per household of the area (story.py
`plan_version`), the amount its payments are drawn from.
"""

from __future__ import annotations

from consultations.services import Subject

from .script import Script, authority
from .story import Household, Story, quota

PAYMENT_METHODS = ("bank_transfer", "cash")


def conclude(story: Story, i: int, s: Script, hs: list[Household]) -> None:
    assert s.approval is not None
    rng = story.rng
    approved_on = story.day(s.approval)
    revised = story.plan_version(
        i, 2, "revised", "Phương án bồi thường, hỗ trợ, tái định cư (điều chỉnh đơn giá cây trồng)"
    )
    approval = story.out.write(
        story.board,
        story.out.act(
            "plan_approved",
            Subject(plan=revised),
            approved_on,
            {
                "number": story.number("approval", "QĐ-UBND"),
                "effective_on": approved_on,
                "authority": authority(approved_on),
            },
        ),
    )
    place = f"Nhà văn hóa các thôn, {story.areas[i].code}"
    story.posting(i, story.after(approved_on, 3), "approved_plan", place, plan=revised)
    for k, h in enumerate(hs):
        story.case_act(
            "plan_delivered",
            h,
            story.after(approved_on, 5 + 10 * k // max(1, len(hs))),
            {"plan": revised, "method": rng.choices(("in_person", "via_commune"), (85, 15))[0]},
            after=approval.recorded_at,
        )
    # Recovery decided hamlet by hamlet for the first two thirds, along the road.
    decided = sorted(hs, key=lambda h: h.order)[: quota(len(hs), s.approved, least=1)]
    hamlets = list(dict.fromkeys(h.hamlet for h in decided))
    paid_ones = []
    for j, hamlet in enumerate(hamlets):
        decided_on = story.after(approved_on, 25 + 14 * j)
        group = [h for h in decided if h.hamlet == hamlet]
        decisions = story.out.write_many(
            story.board,
            [
                story.out.act(
                    "recovery_decided",
                    Subject(case=h.case),
                    decided_on,
                    {
                        "number": story.number("recovery", "QĐ-UBND"),
                        "authority": authority(decided_on),
                    },
                )
                for h in group
            ],
        )
        for h, decision in zip(group, decisions, strict=True):
            delivered_on = story.after(decided_on, rng.randint(2, 9))
            story.case_act(
                "recovery_delivered",
                h,
                delivered_on,
                {"decision": decision.event.id, "method": "in_person"},
                after=decision.event.recorded_at,
            )
            paid_on = pay(story, h, decided_on, revised)
            if paid_on is not None:
                paid_ones.append((h, paid_on))
    handing = rng.sample(paid_ones, quota(len(paid_ones), 0.85, least=1))
    for h, paid_on in sorted(handing, key=lambda p: p[0].order):
        story.case_act(
            "handover",
            h,
            story.after(paid_on, rng.randint(7, 45)),
            {"minutes": story.number("handover", "BB-BGMB"), "area_m2": round(h.affected_m2, 1)},
        )
    if paid_ones:
        story.marks["payment"] = paid_ones[0][0]


def pay(story: Story, h: Household, decided_on, plan):
    """Payment within 30 days of the decision (a few late); an objector may refuse it (then the
    money goes into the State Treasury's custody); an unsettled inheritance waits. Answers the
    day it was paid in full, if it was."""
    rng = story.rng
    if h.opinion == "disagree" and rng.random() < 0.8:
        refused_on = story.after(decided_on, rng.randint(5, 20))
        story.case_act("payment_refused", h, refused_on, {})
        if rng.random() < 0.5:
            story.case_act(
                "deposit",
                h,
                story.after(refused_on, rng.randint(10, 25)),
                {
                    "amount": h.amount_vnd,
                    "custody": "state_treasury",
                    "number": story.number("deposit", "KBNN"),
                },
            )
        return None
    roll = rng.random()
    if roll < 0.03:
        return None  # an inheritance not settled yet
    late = roll > 0.96
    paid_on = story.after(decided_on, rng.randint(35, 70) if late else rng.randint(5, 28))
    in_full = rng.random() > 0.02
    amount = h.amount_vnd if in_full else int(round(h.amount_vnd * 0.5, -3))
    story.case_act(
        "payment",
        h,
        paid_on,
        {
            "amount": amount,
            "method": rng.choices(PAYMENT_METHODS, (70, 30))[0],
            "receipt": story.number("receipt", "PC"),
            "plan": plan,
        },
    )
    return paid_on if in_full else None
