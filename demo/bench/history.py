"""The benchmark project's consultation histories, written through the one door of the case
record (demo/writing.py): per-case acts in batches of `events_write`, meetings with their
outcomes and signatures through `meeting_record`, each act typed in 0–14 days after it happened.

The areas are at different stages, the furthest handed over, the last just notified
(`area_levels`): dissemination meetings, notice issued and delivered (or published), postings,
inventories (a few refusals, persuasion, compulsory inventory), prices and the draft plan posted,
consultation meetings with each attendee's opinion and written opinions from absentees,
dialogues with most objectors, the plan version approved (one decision per version), recovery
decisions, payments in 1–3 instalments, handovers, and Fatherland Front findings with the
board's responses. Corrections: corrections.py.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date, timedelta

import numpy as np
from django.utils import timezone

from consultations.meetings import Outcome
from consultations.models import Case
from consultations.services import Subject

from ..history.steps import COMPULSORY_AFTER_DAYS, PERSUASION_DAYS
from ..writing import Writer
from .registers import Bench

CONCERNS = {
    "disagree": (
        "Đơn giá bồi thường đất thấp hơn giá chuyển nhượng thực tế",
        "Diện tích kiểm đếm tài sản chưa đúng thực tế",
        "Đề nghị được bố trí tái định cư tại chỗ",
    ),
    "other": ("Đề nghị bàn giao mặt bằng sau vụ thu hoạch", "Đề nghị chi trả qua ngân hàng"),
}
OFFICIALS = ["board", "commune_pc", "fatherland_front", "investor", "land_office"]
SIGNATORIES = ["board", "commune_pc", "fatherland_front", "household_representative"]
UNSIGNED = 0.02  # consultation minutes the households' representative signs only later
# Households per meeting at most: a commune-wide dissemination, a consultation per residential
# group, a dialogue with a group of objectors. Each meeting is recorded with its outcomes and
# recomputes its cases (~0.2 s at 100,000 parcels): their count is most of the generation time.
DISSEMINATION_SIZE, CONSULTATION_SIZE, DIALOGUE_SIZE = 300, 120, 30
DELIVERY = (("in_person", "via_commune", "post", "refused_minutes"), (78, 12, 6, 4))
COMMUNE_LEVEL_FROM = date(2025, 7, 1)  # Decree 151/2025: the commune chairman decides

# How far each area has got (0 notified … 7 handed over), furthest first along the grid, and the
# day (after the area's start) its last step ends.
LEVEL_SHARES = (0.07, 0.12, 0.08, 0.18, 0.08, 0.07, 0.12, 0.28)
LEVEL_END_DAY = (50, 185, 215, 285, 305, 330, 370, 420)
LEVEL_NAMES = (
    "notified",
    "inventory",
    "plan posted",
    "consulted",
    "approved",
    "decided",
    "paid",
    "handed over",
)


def area_levels(n_areas: int) -> list[int]:
    """Furthest first: area 0 handed over … the last just notified; at least one at each of
    plan posted (for the meeting benchmark) and handed over."""
    bounds = np.cumsum(LEVEL_SHARES[::-1])
    levels = []
    for i in range(n_areas):
        q = (i + 0.5) / n_areas
        levels.append(len(LEVEL_SHARES) - 1 - int(np.searchsorted(bounds, q)))
    if 2 not in levels and n_areas > 2:
        levels[min(range(n_areas), key=lambda i: abs(levels[i] - 2))] = 2
    return levels


def authority(on: date) -> str:
    return "commune_chairman" if on >= COMMUNE_LEVEL_FROM else "district_pc"


class History:
    def __init__(self, bench: Bench, seed: int, *, batch: int = 2000):
        self.bench = bench
        self.rng = random.Random(seed + 2)
        self.out = Writer(bench.project, self.rng, batch=batch)
        self.today = timezone.localdate()
        self.seq: Counter = Counter()
        self.case = Case.objects.only("id", "project_id").in_bulk([c[0] for c in bench.cases])
        self.unsigned: list = []  # meetings whose minutes the households sign later

    def day(self, d: date, plus: int = 0) -> date:
        return min(self.today, d + timedelta(days=plus))

    def number(self, series: str, suffix: str) -> str:
        self.seq[series] += 1
        return f"{self.seq[series]}/{suffix}"

    # -- acts -----------------------------------------------------------------------------

    def case_act(self, kind: str, c: tuple, on: date, values: dict, *, after=None) -> None:
        subject = Subject(case=self.case[c[0]])
        self.out.add(self.bench.board, self.out.act(kind, subject, on, values, after=after))

    def area_act(self, kind: str, a: int, on: date, values: dict, *, actor=None, after=None):
        act = self.out.act(kind, Subject(area=self.bench.areas[a]), on, values, after=after)
        return self.out.write(actor or self.bench.board, act)

    def sessions(self, cases: list, size: int) -> list[list]:
        """An area meets in sessions of at most `size`, neighbours (same sheet) together."""
        members = sorted(cases, key=lambda c: (c[2], c[0]))
        n = math.ceil(len(members) / size)
        return [members[j * len(members) // n : (j + 1) * len(members) // n] for j in range(n)]

    def meeting(self, a: int, kind: str, on: date, attendees: list, outcomes=(), *, plan=None):
        lng, lat = self.bench.centroids[a]
        signatories = SIGNATORIES
        unsigned = kind == "consultation" and self.rng.random() < UNSIGNED
        if unsigned:
            signatories = [r for r in SIGNATORIES if r != "household_representative"]
        recorded = self.out.meeting(
            self.bench.board,
            area=self.bench.areas[a],
            kind=kind,
            happened_on=on,
            place_lng=lng,
            place_lat=lat,
            place_name=f"Nhà văn hóa thôn, {self.bench.areas[a].code}",
            officials=OFFICIALS,
            signatories=signatories,
            attendees=[c[0] for c in attendees],
            outcomes=list(outcomes),
            plan=plan,
        )
        if unsigned:
            self.unsigned.append(recorded.event)
        return recorded.event

    def posting(self, a: int, on: date, what: str, *, plan=None, days: int = 30):
        values = {"what": what, "places": ["commune_office", "residential_area"], "plan": plan}
        values["place"] = "Nhà văn hóa các thôn"
        posted = self.area_act("posting_started", a, on, values)
        if on + timedelta(days=days) <= self.today:
            act = self.out.act(
                "posting_ended",
                Subject(area=self.bench.areas[a]),
                on + timedelta(days=days),
                {"posting": posted.id},
                after=posted.recorded_at,
            )
            self.out.add(self.bench.board, act)
        return posted

    # -- one area -------------------------------------------------------------------------

    def area_story(self, a: int, level: int, cases: list) -> None:
        rng = self.rng
        start = self.today - timedelta(days=LEVEL_END_DAY[level] + rng.randint(5, 60))
        frontier = rng.uniform(0.5, 1.0)  # share done of the area's current step

        def share(step: int) -> float:
            return frontier if level == step else 1.0

        self.notify(a, start, cases[: round(len(cases) * share(0))], cases)
        if level < 1:
            return
        self.inventory(start, cases[: round(len(cases) * share(1))])
        if level < 2:
            return
        # Prices and the draft plan posted 30 days.
        plan = self.bench.plans.get(a)
        for what in ("land_prices", "asset_prices", "resettlement_plan"):
            self.posting(a, self.day(start, 190), what)
        self.posting(a, self.day(start, 200), "draft_plan", plan=plan)
        if level < 3:
            return
        opinion = self.consult(a, start, cases, plan)
        self.dialogues(a, start, cases, opinion, plan, level)
        if level < 4:
            return
        self.conclude(a, start, cases, opinion, plan, level, share)

    def notify(self, a: int, start: date, reached: list, cases: list) -> None:
        rng = self.rng
        for j, group in enumerate(self.sessions(cases, DISSEMINATION_SIZE)):
            present = [c for c in group if rng.random() < 0.8] or group[:1]
            self.meeting(a, "dissemination", self.day(start, j // 3), present)
        on = start + timedelta(days=14)
        values = {"number": self.number("notice", "TB-UBND"), "authority": authority(on)}
        notice = self.area_act("notice_issued", a, on, values)
        self.posting(a, self.day(on, 1), "notice")
        self.posting(a, self.day(on, 1), "land_user_list")
        for k, c in enumerate(reached):
            if rng.random() < 0.015:
                values = {"newspaper_issues": 3, "radio_broadcasts": 3}
                self.case_act("notice_published", c, self.day(on, 34), values)
                continue
            method = rng.choices(*DELIVERY)[0]
            self.case_act(
                "notice_delivered",
                c,
                self.day(on, 2 + 28 * k // max(1, len(reached))),
                {"method": method, "signed": method != "refused_minutes", "notice": notice.id},
                after=notice.recorded_at,
            )

    def inventory(self, start: date, visited: list) -> None:
        """Inventory with each household; a few refuse, are persuaded or compelled."""
        rng = self.rng
        for k, c in enumerate(visited):
            on = self.day(start, 60 + 110 * k // max(1, len(visited)))
            if rng.random() < 0.006:
                self.case_act("inventory_refused", c, on, {})
                begun = self.day(on, 5)
                ended = self.day(begun, PERSUASION_DAYS)
                values = {"ended_on": ended, "by": ["board", "commune_pc"], "purpose": "inventory"}
                self.case_act("persuasion", c, begun, values)
                if rng.random() < 0.5:
                    # Its warning reads the persuasion on record: written after it.
                    self.out.flush()
                    decided = self.day(begun, PERSUASION_DAYS + COMPULSORY_AFTER_DAYS + 6)
                    values = {"number": self.number("compulsory", "QĐ-UBND")}
                    self.case_act("compulsory_inventory", c, decided, values)
                    continue
                on = self.day(begun, 18)
            values = {"participated": True, "signed": rng.random() > 0.02}
            self.case_act("inventory_done", c, on, values)

    def consult(self, a: int, start: date, cases: list, plan) -> dict:
        """Consultation meetings with each attendee's opinion; absentees write in (half)."""
        rng, n = self.rng, len(cases)
        opinion = {}
        for k, c in enumerate(rng.sample(cases, n)):
            opinion[c[0]] = (
                "disagree"
                if k < 0.15 * n
                else "other"
                if k < 0.19 * n
                else "no_opinion"
                if k < 0.20 * n
                else "agree"
            )
        absent = {c[0] for c in rng.sample(cases, round(0.12 * n))}
        last = start
        for j, group in enumerate(self.sessions(cases, CONSULTATION_SIZE)):
            present = [c for c in group if c[0] not in absent]
            if not present:
                continue
            on = self.day(start, 232 + j // 2)
            last = max(last, on)
            outcomes = [
                Outcome(c[0], opinion[c[0]], rng.choice(CONCERNS.get(opinion[c[0]], ("",))))
                for c in present
            ]
            self.meeting(a, "consultation", on, present, outcomes, plan=plan)
        for c in cases:
            if c[0] in absent:
                if rng.random() < 0.5:
                    values = {"opinion": opinion[c[0]], "channel": "written", "plan": plan}
                    self.case_act("opinion", c, self.day(last, rng.randint(1, 10)), values)
                else:
                    opinion[c[0]] = ""
        return opinion

    def dialogues(self, a: int, start: date, cases: list, opinion: dict, plan, level) -> None:
        rng = self.rng
        objectors = [c for c in cases if opinion[c[0]] == "disagree"]
        chosen = rng.sample(objectors, round(len(objectors) * (0.6 if level == 3 else 0.85)))
        for j, group in enumerate(self.sessions(chosen, DIALOGUE_SIZE)):
            on = self.day(start, 262 + j // 3)
            outcomes = []
            for c in group:
                o = rng.choices(("agree", "other", "disagree"), (50, 15, 35))[0]
                opinion[c[0]] = o
                outcomes.append(Outcome(c[0], o, rng.choice(CONCERNS.get(o, ("",)))))
            self.meeting(a, "dialogue", on, group, outcomes, plan=plan)

    def conclude(self, a, start, cases, opinion, plan, level, share) -> None:
        """The plan version approved (one decision), recovery decided, paid, handed over."""
        rng, n = self.rng, len(cases)
        approved_on = self.day(start, 300)
        values = {
            "number": self.number("approval", "QĐ-UBND"),
            "effective_on": approved_on,
            "authority": authority(approved_on),
        }
        self.out.write(
            self.bench.board, self.out.act("plan_approved", Subject(plan=plan), approved_on, values)
        )
        if level < 5:
            return
        approved = cases[: round(n * min(0.95, share(4)))]
        decided = approved[: round(len(approved) * share(5))]
        for j, group in enumerate(self.sessions(decided, 300)):
            on = self.day(approved_on, 25 + j)
            for c in group:
                values = {"number": self.number("recovery", "QĐ-UBND"), "authority": authority(on)}
                self.case_act("recovery_decided", c, on, values)
        if level < 6:
            return
        payable = [
            c
            for c in decided
            if not (opinion[c[0]] == "disagree" and rng.random() < 0.8) and rng.random() > 0.03
        ]
        paid_in_full = []
        for c in payable[: round(len(payable) * share(6))]:
            on = self.day(start, 335 + rng.randint(0, 20))
            instalments = rng.choices((1, 2, 3), (35, 45, 20))[0]
            full = rng.random() > 0.02
            amount = c[3] if full else c[3] // 2
            for k in range(instalments):
                part = amount // instalments
                if k == instalments - 1:
                    part = amount - (instalments - 1) * part
                values = {
                    "amount": int(part),
                    "method": rng.choices(("bank_transfer", "cash"), (70, 30))[0],
                    "receipt": self.number("receipt", "PC"),
                    "plan": plan,
                }
                self.case_act("payment", c, on, values)
                on = self.day(on, rng.randint(7, 20))
            if full:
                paid_in_full.append((c, on))
        if level < 7:
            return
        for c, paid_on in paid_in_full:
            if rng.random() < 0.85:
                values = {"minutes": self.number("handover", "BB-BGMB"), "area_m2": round(c[4], 1)}
                self.case_act("handover", c, self.day(paid_on, rng.randint(7, 45)), values)

    def supervise(self, a: int) -> None:
        """A Front recommendation (by the Front's own member) and the board's response."""
        on = self.today - timedelta(days=self.rng.randint(30, 90))
        values = {
            "body": "fatherland_front",
            "finding_kind": "recommendation",
            "content": "Đề nghị rà soát đơn giá bồi thường.",
        }
        finding = self.area_act("supervision", a, on, values, actor=self.bench.front)
        values = {"finding": finding.id, "content": "Đã rà soát đơn giá.", "resolves": True}
        self.area_act(
            "supervision_response", a, self.day(on, 10), values, after=finding.recorded_at
        )
