"""Money and land after an approval: payments in 1–3 instalments (receipt numbers) against the
net of the versions in force, a refusal to receive followed by a deposit into State Treasury
custody, agreements to hand over early and to earlier recovery, handovers, resettlement plots
allocated and handed over. Most within the 30 days of LL2024 Art. 94, a few late: the door
warns about those, and about a handover before payment without an agreement.

Written in phases (payments, then agreements, then handovers), each flushed before the next:
the door's warnings read what is on record when a batch is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from consultations.services import Subject
from landcases.models import CompensationPlan

from .story import Household, Story

PAYMENT_DAYS = 30  # LL2024 Art. 94: from the approval taking effect
METHODS = (("bank_transfer", "cash"), (70, 30))
TYPO_VND = 1_250_000  # a payment typed in short, corrected later (front.py)


@dataclass
class Paid:
    """What was paid to a household: the instalments (day, VND) and the day it was paid in
    full, if it was."""

    instalments: list[tuple[date, int]] = field(default_factory=list)
    full_on: date | None = None


def instalments(story: Story, net: int, first: date, n: int, *, within: date | None) -> list:
    """n instalments of a net: the first larger, the rest every few days, all by `within`
    when given."""
    rng = story.rng
    days = [first]
    for _ in range(n - 1):
        days.append(days[-1] + timedelta(days=rng.randint(3, 6)))
    if within is not None and days[-1] > within:
        shift = days[-1] - within
        days = [max(first, d - shift) for d in days]
    shares = {1: (1,), 2: (0.7, 0.3), 3: (0.5, 0.3, 0.2)}[n]
    amounts = [int(net * share) // 1000 * 1000 for share in shares[:-1]]
    amounts.append(net - sum(amounts))
    return [(story.after(d, 0), a) for d, a in zip(days, amounts, strict=True)]


def pay(story: Story, h: Household, plan: CompensationPlan, parts, *, typo: bool = False) -> Paid:
    """Queue the household's instalments; answer what it was paid."""
    paid = Paid()
    for k, (on, amount) in enumerate(parts):
        receipt = story.number("receipt", "PC-BT")
        typed = amount - TYPO_VND if typo and k == 0 and amount > 2 * TYPO_VND else amount
        if typed != amount:
            story.marks["payment"] = (h, receipt)
        values = {
            "amount": typed,
            "method": story.rng.choices(*METHODS)[0],
            "receipt": receipt,
            "plan": plan,
        }
        story.case_act("payment", h, on, values)
        paid.instalments.append((on, amount))
    if parts:
        paid.full_on = parts[-1][0]
    return paid


def refuse(story: Story, h: Household, net: int, refused_on: date, deposit_on: date | None):
    """A refusal to receive; the money deposited into the State Treasury's custody."""
    story.case_act("payment_refused", h, refused_on, {})
    if deposit_on is None:
        return Paid()
    values = {
        "amount": net,
        "custody": "state_treasury",
        "number": story.number("deposit", "KBNN"),
    }
    story.case_act("deposit", h, deposit_on, values)
    return Paid([(deposit_on, net)], deposit_on)


def allocate_plots(story: Story, i: int, hs: list[Household], on: date, handed: tuple[date, int]):
    """Resettlement plots drawn by lot for the eligible, handed over some days later; answers
    the day each household got its plot."""
    if not hs:
        return {}
    acts = []
    for k, h in enumerate(hs):
        block = "ABC"[k % 3]
        plot = f"{block}{1 + k // 30}-{1 + k % 30:02d}/TĐC-{i + 1}"  # a symbol, as numbers are
        values = {"kind": "land_plot", "plot": plot, "area_m2": h.who.plot_m2}
        acts.append(story.out.act("resettlement_allocated", Subject(case=h.case), on, values))
    given = {}
    start, days = handed
    for k, (h, allocation) in enumerate(
        zip(hs, story.out.write_many(story.board, acts), strict=True)
    ):
        got = story.after(start, days * k // max(1, len(hs)))
        story.case_act(
            "resettlement_handed_over",
            h,
            got,
            {"allocation": allocation.event.id},
            after=allocation.event.recorded_at,
        )
        given[h.case.id] = got
    return given


def hand_over(story: Story, h: Household, i: int, on: date) -> None:
    area = float(sum(x.m2 for x in h.held.get(i, [])))
    values = {"minutes": story.number("handover", "BB-BGMB"), "area_m2": round(area, 1)}
    story.case_act("handover", h, on, values)
