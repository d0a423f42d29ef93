"""The benchmark project's consultation histories, written through the one door of the case
record (demo/writing.py): per-case acts in batches of `events_write`, meetings with their
outcomes and signatures through `meeting_record`, each act typed in 0–14 days after it happened.

The areas are at different stages, the furthest handed over, the last just notified
(`area_levels`): dissemination meetings, notice issued and delivered (or published), postings,
inventories (a few refusals, persuasion, compulsory inventory), prices and the draft plan posted,
the cut-off date and the census, an invitation, consultation meetings with each attendee's
opinion and written opinions from absentees, dialogues with most objectors, the opinion summary;
then the plan version approved and what follows it (conclusion.py, through the demo's own steps:
story.py), and Fatherland Front findings with the board's responses. The slips the audit finds:
slips.py. Corrections: corrections.py.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from django.utils import timezone

from consultations.invitations import invitation_record
from consultations.meetings import Outcome
from consultations.models import Case
from consultations.seeding import seeding
from consultations.services import Subject

from ..history import plans, safeguards
from ..history.prices import Prices
from ..history.script import PERSUADERS, authority
from ..history.steps import COMPULSORY_AFTER_DAYS, PERSUASION_DAYS
from ..writing import Writer
from . import slips
from .conclusion import conclude
from .registers import Bench
from .story import BenchStory, script_of

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

# How far each area has got (0 notified … 7 handed over), furthest first along the grid.
LEVEL_SHARES = (0.07, 0.12, 0.08, 0.18, 0.08, 0.07, 0.12, 0.28)
# Days (after the area's start) to today, by level: each clock of the audit still running or
# met, apart from the slips (slips.py): an approved area's decisions due, a decided area's
# payments due.
LEVEL_DAYS = ((55, 110), (190, 245), (205, 230), (265, 290), (301, 309), (315, 332), (345, 400))
LEVEL_DAYS += ((425, 480),)
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


class History:
    def __init__(self, bench: Bench, seed: int, *, batch: int = 2000):
        self.bench = bench
        self.rng = random.Random(seed + 2)
        self.out = Writer(bench.project, self.rng, batch=batch)
        self.today = timezone.localdate()
        self.seq: Counter = Counter()
        self.case = Case.objects.only("id", "project_id", "land_user_id").in_bulk(
            [c[0] for c in bench.cases]
        )
        self.unsigned: list = []  # meetings whose minutes the households sign later
        self.story = BenchStory(self, seed)
        self.starts: dict[int, date] = {}  # area index → the day its story starts
        self.levels: dict[int, int] = {}  # area index → how far it has got

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

    def meeting(
        self, a: int, kind: str, on: date, attendees: list, outcomes=(), *, plan=None, after=None
    ):
        lng, lat = self.bench.centroids[a]
        officials, signatories = OFFICIALS, SIGNATORIES
        heard = kind in ("consultation", "dialogue")
        if heard and self.story.slip("front absent", slips.FRONT_ABSENT):  # DEM-FRONT-PRESENT
            officials = [r for r in OFFICIALS if r != "fatherland_front"]
            signatories = [r for r in SIGNATORIES if r != "fatherland_front"]
        unsigned = heard and self.story.slip("unsigned", UNSIGNED, nth=2)
        if unsigned:
            signatories = [r for r in signatories if r != "household_representative"]
        recorded = self.out.meeting(
            self.bench.board,
            area=self.bench.areas[a],
            kind=kind,
            happened_on=on,
            place_lng=lng,
            place_lat=lat,
            place_name=f"Nhà văn hóa thôn, {self.bench.areas[a].code}",
            officials=officials,
            signatories=signatories,
            attendees=[c[0] for c in attendees],
            outcomes=list(outcomes),
            plan=plan,
            invitation=after.root_id if after is not None else None,
            after=after.recorded_at if after is not None else None,
        )
        if unsigned:
            self.unsigned.append((recorded.event, [c[0] for c in attendees]))
        return recorded.event

    def invite(self, a: int, on: date, group: list, k: int):
        """Households invited a week before (every land user of the area but those of
        `group`)."""
        area = self.bench.areas[a]
        others = {self.case[c[0]].land_user_id for c in group}
        sent = self.day(on, -7)
        with seeding(self.out.typed_in(sent)):
            return invitation_record(
                project=self.bench.project,
                actor=self.bench.board,
                area=area,
                happened_on=sent,
                meeting_kind="consultation",
                planned_on=on,
                method=("post", "in_person", "loudspeaker")[k % 3],
                exceptions=others,
            ).event

    def posting(self, a: int, on: date, what: str, *, plan=None, days: int = 30, places=None):
        values = {"what": what, "places": places or ["commune_office", "residential_area"]}
        values.update(plan=plan, place="Nhà văn hóa các thôn")
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
        self.levels[a] = level
        start = self.today - timedelta(days=rng.randint(*LEVEL_DAYS[level]))
        self.starts[a] = start
        frontier = rng.uniform(0.5, 1.0)  # share done of the area's current step

        def share(step: int) -> float:
            return frontier if level == step else 1.0

        self.notify(a, start, cases[: round(len(cases) * share(0))], cases, level)
        script = script_of(start, revised=slips.revised(a, level))
        safeguards.census_and_cutoff(self.story, a, replace(script, inventoried=share(1)))
        if level < 1:
            return
        self.inventory(start, cases[: round(len(cases) * share(1))])
        if level < 2:
            return
        # Prices and the draft plan (a line per household, priced) posted 30 days.
        title = "Dự thảo phương án bồi thường, hỗ trợ, tái định cư"
        plan = plans.version(self.story, a, "draft", title, Prices(Decimal("1")))
        self.bench.plans[a] = self.story.drafts[a] = plan
        for what in ("land_prices", "asset_prices", "resettlement_plan"):
            self.posting(a, self.day(start, 190), what)
        short = slips.short_posting(a)  # PLAN-POSTING: taken down after 12 days
        self.posting(a, self.day(start, 200), "draft_plan", plan=plan, days=12 if short else 30)
        if level < 3:
            return
        opinion = self.consult(a, start, cases, plan)
        self.dialogues(a, start, cases, opinion, plan, level)
        if level < 4:
            return
        on = self.day(start, 290)
        plans.summarize(self.story, plan, on, corrected=slips.miscounted(a))
        conclude(self, a, script, cases, opinion, level)

    def notify(self, a: int, start: date, reached: list, cases: list, level: int) -> None:
        rng = self.rng
        on = start + timedelta(days=14)
        late_meetings = slips.meetings_after_notice(a)  # NOTICE-PRE-MEETING
        for j, group in enumerate(self.sessions(cases, DISSEMINATION_SIZE)):
            present = [c for c in group if rng.random() < 0.8] or group[:1]
            held = self.day(on, 3 + j // 3) if late_meetings else self.day(start, j // 3)
            self.meeting(a, "dissemination", held, present)
        values = {"number": self.number("notice", "TB-UBND"), "authority": authority(on)}
        notice = self.area_act("notice_issued", a, on, values)
        self.posting(a, self.day(on, 1), "notice")
        # NOTICE-POSTED: one area's list of land users posted at the commune office only.
        places = ["commune_office"] if slips.list_unposted(a, level) else None
        self.posting(a, self.day(on, 1), "land_user_list", places=places)
        for k, c in enumerate(reached):
            if rng.random() < 0.015:
                values = {"newspaper_issues": 3, "radio_broadcasts": 3, "radio_days": 3}
                self.case_act("notice_published", c, self.day(on, 34), values)
                continue
            roll = rng.random()
            if roll < slips.UNNOTIFIED:  # NOTICE-DELIVERED: the delivery never recorded
                continue
            delivered = self.day(on, 2 + 28 * k // max(1, len(reached)))
            if roll < slips.UNNOTIFIED + slips.LATE_NOTICE:  # NOTICE-LEAD-TIME: reached late
                delivered = self.day(start, 250)
            method = rng.choices(*DELIVERY)[0]
            self.case_act(
                "notice_delivered",
                c,
                delivered,
                {"method": method, "signed": method != "refused_minutes", "notice": notice.id},
                after=notice.recorded_at,
            )

    def inventory(self, start: date, visited: list) -> None:
        """Inventory with each household; a few refuse, are persuaded or compelled; a few are
        inventoried only after the draft plan was posted."""
        rng = self.rng
        for k, c in enumerate(visited):
            on = self.day(start, 60 + 110 * k // max(1, len(visited)))
            if rng.random() < slips.LATE_INVENTORY:  # INVENTORY-DONE
                on = self.day(start, 203 + rng.randint(0, 10))
            elif rng.random() < 0.006:
                self.case_act("inventory_refused", c, on, {})
                begun = self.day(on, 5)
                ended = self.day(begun, PERSUASION_DAYS)
                compelled = rng.random() < 0.5
                by = list(PERSUADERS)
                if compelled and self.story.slip("frontless", slips.FRONTLESS_PERSUASION, nth=1):
                    by.remove("fatherland_front")  # INVENTORY-PERSUASION
                values = {"ended_on": ended, "by": by, "purpose": "inventory"}
                self.case_act("persuasion", c, begun, values)
                if compelled:
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
        """Consultation meetings after the invitation, with each attendee's opinion; absentees
        write in (half)."""
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
        absent = {c[0] for c in rng.sample(cases, round(slips.ABSENT * n))}
        last, invited = start, None
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
            if j == 0:  # every household of the area, a week before the first session
                invited = self.invite(a, on, [], j)
            self.meeting(a, "consultation", on, present, outcomes, plan=plan, after=invited)
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
        chosen = rng.sample(objectors, round(len(objectors) * (0.6 if level == 3 else 0.95)))
        for j, group in enumerate(self.sessions(chosen, DIALOGUE_SIZE)):
            on = self.day(start, 262 + j // 3)
            outcomes = []
            for c in group:
                o = rng.choices(("agree", "other", "disagree"), (50, 15, 35))[0]
                opinion[c[0]] = o
                outcomes.append(Outcome(c[0], o, rng.choice(CONCERNS.get(o, ("",)))))
            self.meeting(a, "dialogue", on, group, outcomes, plan=plan)

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
