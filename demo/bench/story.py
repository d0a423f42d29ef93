"""The demo story's plumbing (demo/history/story.py) over the benchmark project, so that the
demo's own steps write the bench's plan versions and their lines (plans.py, prices.py),
approvals, plan deliveries and recovery decisions (approval.py), payments, refusals, deposits,
resettlement and handovers (money.py), opinion summaries, revised and supplementary versions
(conclusion.py), the cut-off and census and the grievances (safeguards.py): one copy of each,
written in bulk through the same Writer (batches, `recompute_cases=False`)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from ..history.prices import Entitled
from ..history.script import Script
from ..history.story import Household, Story


class BenchStory(Story):
    """A Story whose cast is the bench's cases (one Household each, its hamlet the sheet)."""

    def __init__(self, history, seed: int):  # the demo's users and road are not the bench's
        bench = history.bench
        self.project = bench.project
        self.rng = history.rng
        self.board = self.official = bench.board
        self.front = bench.front
        self.today = history.today
        self.shift = timedelta(0)
        self.areas = bench.areas
        self.out = history.out
        self.holders = bench.holders
        self.plans, self.drafts, self.marks = {}, {}, {}
        self.seq = history.seq
        self.places: dict[tuple[int, str], tuple[float, float]] = {}
        self.households: list[Household] = []
        self.household: dict[int, Household] = {}  # case id → its household
        draw = random.Random(seed + 7)  # what stands on the land, the plot, the deduction
        for order, c in enumerate(bench.cases):
            holder = bench.holders[c[0]]
            road = {p: draw.uniform(5, 150) for p, _code, _m2 in holder.holdings}
            self.rng = draw
            held = [
                self._held(p, code, Decimal(f"{m2:.2f}"), road) for p, code, m2 in holder.holdings
            ]
            who = Entitled(
                kind=holder.kind,
                members=holder.members or 1,
                eligible=holder.eligible,
                plot_m2=Decimal(draw.randrange(100, 126)) if holder.eligible else Decimal(0),
                deduction=draw.randrange(12, 61) * 1_000_000
                if holder.kind == "household" and draw.random() < 0.05
                else 0,
            )
            h = Household(history.case[c[0]], c[1], c[2], order, who, {c[1]: held})
            self.households.append(h)
            self.household[c[0]] = h
            self.places.setdefault((c[1], c[2]), bench.centroids[c[1]])
        self.rng = history.rng
        self.chances: Counter = Counter()
        self.slipped: Counter = Counter()
        self.by_area: dict[int, list[Household]] = {}
        for h in self.households:
            self.by_area.setdefault(h.area, []).append(h)

    def of_area(self, i: int) -> list[Household]:
        return self.by_area.get(i, [])

    def slip(self, name: str, share: float, *, nth: int = 3) -> bool:
        """Whether this chance of the slip `name` is taken (slips.py): a `share` of them, and
        the `nth` if none was before, so that a small project has one too."""
        self.chances[name] += 1
        taken = self.rng.random() < share or (self.chances[name] == nth and not self.slipped[name])
        self.slipped[name] += taken
        return taken


def script_of(start: date, *, revised: bool = False, factor: str = "1") -> Script:
    """An area's dates for the demo's steps that read a Script (days after the area's start)."""

    def day(n: int) -> date:
        return start + timedelta(days=n)

    return Script(
        dissemination=start,
        notice=day(14),
        notice_number="TB",
        inventory=(day(60), day(170)),
        land_factor=factor,
        summary=day(290),
        appraisal=day(290),
        approval=day(300),
        revision=day(395) if revised else None,
        supplement=day(405) if revised else None,
    )
