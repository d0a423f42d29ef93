"""The demo history's cast and plumbing: who is where along the road (cases by area and
hamlet, in the order the board goes round), where each hamlet meets, the plan versions, and
the acts written through the door (demo/writing.py)."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.gis.db.models.functions import Centroid
from django.utils import timezone

from consultations import projection
from consultations.models import Case
from consultations.services import Subject
from landcases.models import CompensationPlan, Holding, LandUser, Parcel, Project

from ..writing import Writer
from .script import (
    BOARD_USER,
    DESIGNED_FOR,
    DISSEMINATION_OFFICIALS,
    DISSEMINATION_SIGNATORIES,
    FRONT_USER,
    OFFICIALS,
    POSTED_AT,
    PRICE_VND_M2,
    SIGNATORIES,
)

PLAN_REASON = "Dữ liệu mẫu (manage.py demo_history)"


@dataclass
class Household:
    """A case as the story needs it: its area (the first one it holds land in), hamlet, order
    along the road and amount of compensation."""

    case: Case
    area: int
    hamlet: str
    order: int
    amount_vnd: int
    affected_m2: float
    opinion: str = ""  # standing opinion on the plan, as the story goes


def lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def quota(n: int, share: float, *, least: int = 0) -> int:
    return min(n, max(least, round(n * share)))


def split(items: list, n: int) -> list[list]:
    n = max(1, n)
    return [items[k * len(items) // n : (k + 1) * len(items) // n] for k in range(n)]


class Story:
    def __init__(self, project: Project, *, seed: int):
        User = get_user_model()
        self.project = project
        self.rng = random.Random(seed)
        self.board = User.objects.get(username=BOARD_USER)
        self.front = User.objects.get(username=FRONT_USER)
        self.today = timezone.localdate()
        self.shift = min(timedelta(0), self.today - DESIGNED_FOR)
        self.areas = list(project.areas.order_by("km_from", "id"))
        self.out = Writer(project, self.rng)
        self.households: list[Household] = []
        self.places: dict[tuple[int, str], tuple[float, float]] = {}
        self.plans: dict[int, CompensationPlan] = {}  # area index → the plan version in force
        self.marks: dict[str, object] = {}  # events and cases the corrections come back to
        self.seq: Counter = Counter()

    # -- dates and numbers --------------------------------------------------------------------

    def day(self, d: date, plus: int = 0) -> date:
        """A date of the script (moved back if the clock is before DESIGNED_FOR)."""
        return min(self.today, d + self.shift + timedelta(days=plus))

    def after(self, d: date, days: int) -> date:
        """A date some days after one already placed; never after today."""
        return min(self.today, d + timedelta(days=days))

    def number(self, series: str, suffix: str) -> str:
        self.seq[series] += 1
        return f"{self.seq[series]}/{suffix}"

    # -- acts ---------------------------------------------------------------------------------

    def case_act(self, kind: str, h: Household, on: date, values: dict, *, after=None) -> None:
        """A board's act about one case, written with the next batch."""
        self.out.add(self.board, self.out.act(kind, Subject(case=h.case), on, values, after=after))

    def area_act(self, kind: str, i: int, on: date, values: dict, *, actor=None, after=None):
        """An act about an area (or the project when `i` is None), written now."""
        subject = Subject(area=self.areas[i]) if i is not None else Subject()
        act = self.out.act(kind, subject, on, values, after=after)
        return self.out.write(actor or self.board, act)

    def meeting(self, i, kind, on, hamlet, attendees, outcomes=(), *, defect=None):
        officials = DISSEMINATION_OFFICIALS if kind == "dissemination" else OFFICIALS
        signatories = DISSEMINATION_SIGNATORIES if kind == "dissemination" else SIGNATORIES
        if defect == "front_absent":
            officials = [r for r in officials if r != "fatherland_front"]
            signatories = [r for r in signatories if r != "fatherland_front"]
        elif defect == "unsigned":
            signatories = [r for r in signatories if r != "household_representative"]
        lng, lat = self.places.get((i, hamlet)) or next(iter(self.places.values()))
        plan = self.plans.get(i) if kind in ("consultation", "dialogue") else None
        return self.out.meeting(
            self.board,
            area=self.areas[i],
            kind=kind,
            happened_on=on,
            place_lng=lng,
            place_lat=lat,
            place_name=f"Nhà văn hóa {lower(hamlet)}",
            officials=officials,
            signatories=signatories,
            attendees=[h.case.id for h in attendees],
            outcomes=list(outcomes),
            plan=plan,
        )

    def posting(self, i: int, on: date, what: str, place: str, days: int = 30, plan=None):
        values = {"what": what, "places": POSTED_AT, "place": place, "plan": plan}
        posted = self.area_act("posting_started", i, on, values)
        end = on + timedelta(days=days)
        if end <= self.today:
            self.out.add(
                self.board,
                self.out.act(
                    "posting_ended",
                    Subject(area=self.areas[i]),
                    end,
                    {"posting": posted.id, "opinions_received": self.rng.randint(0, 6)},
                    after=posted.recorded_at,
                ),
            )
        return posted

    # -- who is where -------------------------------------------------------------------------

    def load(self) -> None:
        """The cases (created by the case record from the register changes), by area."""
        projection.apply_register_changes(project_id=self.project.id)
        if LandUser.objects.filter(project=self.project, case__isnull=True).exists():
            projection.rebuild(project_id=self.project.id)  # changes applied elsewhere before
        index = {a.id: i for i, a in enumerate(self.areas)}
        cases = {c.land_user_id: c for c in Case.objects.filter(project=self.project)}
        held: dict[int, list] = defaultdict(list)
        rows = (
            Holding.objects.filter(land_user__project=self.project, parcel__area__isnull=False)
            .order_by("land_user_id", "parcel_id")
            .values_list(
                "land_user_id",
                "parcel_id",
                "parcel__area_id",
                "parcel__address",
                "parcel__land_use__code",
                "affected_area_m2",
                "share_pct",
            )
        )
        for lu, parcel, area_id, address, code, affected, share in rows:
            held[lu].append((index[area_id], parcel, address, code, affected, share))
        for lu in sorted(held):
            holdings = held[lu]
            area = min(h[0] for h in holdings)
            first = min((h for h in holdings if h[0] == area), key=lambda h: h[1])
            amount = sum(
                Decimal(affected) * Decimal(share) / 100 * PRICE_VND_M2.get(code, 200_000)
                for _a, _p, _addr, code, affected, share in holdings
            )
            self.households.append(
                Household(
                    case=cases[lu],
                    area=area,
                    hamlet=first[2].split(",")[0].strip() or self.areas[area].code,
                    order=first[1],
                    amount_vnd=max(1_000_000, int(round(amount, -3))),
                    affected_m2=float(sum(Decimal(h[4]) * Decimal(h[5]) / 100 for h in holdings)),
                )
            )
        self.households.sort(key=lambda h: (h.area, h.order))
        spots: dict[tuple[int, str], list] = defaultdict(list)
        parcels = Parcel.objects.filter(project=self.project, area__isnull=False)
        for area_id, address, c in parcels.annotate(c=Centroid("geom")).values_list(
            "area_id", "address", "c"
        ):
            spots[(index[area_id], address.split(",")[0].strip())].append((c.x, c.y))
        for key, points in spots.items():
            xs, ys = zip(*points, strict=True)
            self.places[key] = (round(sum(xs) / len(xs), 6), round(sum(ys) / len(ys), 6))

    def of_area(self, i: int) -> list[Household]:
        return [h for h in self.households if h.area == i]

    def sessions(self, hs: list[Household], size: int) -> list[tuple[str, list[Household]]]:
        """A commune meets hamlet by hamlet, in groups of at most `size` households."""
        by_hamlet: dict[str, list[Household]] = defaultdict(list)
        for h in sorted(hs, key=lambda h: h.order):
            by_hamlet[h.hamlet].append(h)
        out = []
        for hamlet, members in by_hamlet.items():
            for group in split(members, math.ceil(len(members) / size)):
                out.append((hamlet, group))
        return out

    def plan_version(self, i: int, version: int, kind: str, title: str) -> CompensationPlan:
        """A plan version of the area (a register entry with its history; a revision has the
        area's previous version as its base) with a line for each of the area's households:
        the amount its payments are drawn from."""
        from landcases.services.plans import ItemInput, LineInput, plan_lines_replace

        area = self.areas[i]
        base = self.plans.get(i) if kind != "draft" else None
        plan = CompensationPlan(
            project=self.project,
            area=area,
            number=f"PA-{area.code}",
            version=version,
            kind=kind,
            base=base,
            title=f"{title} {area.name}",
        )
        plan._history_user = self.board
        plan._change_reason = PLAN_REASON
        plan.save()
        plan_lines_replace(
            plan=plan,
            actor=self.board,
            reason=PLAN_REASON,
            lines=[
                LineInput(h.case.land_user_id, items=[ItemInput("other", h.amount_vnd)])
                for h in self.of_area(i)
            ],
        )
        self.plans[i] = plan
        return plan
