"""The demo history's cast and plumbing: who is where along the road (cases by area and
hamlet, in the order the board goes round) and what each holds there, where each hamlet meets,
the plan versions and their lines (through the registers' services: `plan_create`,
`plan_lines_replace`), and the acts written through the door (demo/writing.py)."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.gis.db.models.functions import Centroid
from django.db import connection
from django.utils import timezone

from consultations import projection
from consultations.models import Case
from consultations.services import Subject
from landcases.models import CompensationPlan, Holding, LandUser, Parcel, Project
from landcases.services import LineInput, plan_create, plan_lines_replace

from ..bulk import analyze
from ..writing import Writer
from .prices import HOUSES, Entitled, Held
from .script import (
    BOARD_USER,
    COMMUNE_USER,
    DESIGNED_FOR,
    DISSEMINATION_OFFICIALS,
    DISSEMINATION_SIGNATORIES,
    FRONT_USER,
    OFFICIALS,
    POSTED_AT,
    SIGNATORIES,
)

PLAN_REASON = "Dữ liệu mẫu (manage.py demo_history)"


@dataclass
class Household:
    """A case as the story needs it: its area (the first one it holds land in), hamlet, order
    along the road, what it holds in each area and what the plan versions owe it."""

    case: Case
    area: int
    hamlet: str
    order: int
    who: Entitled  # the register facts its lines are made of (holdings: of every area)
    held: dict[int, list[Held]] = field(default_factory=dict)  # by area index
    opinion: str = ""  # standing opinion on the plan, as the story goes
    net: dict[int, int] = field(default_factory=dict)  # plan id → its line's net (VND)

    @property
    def affected_m2(self) -> float:
        return float(sum(h.m2 for hs in self.held.values() for h in hs))

    def entitled_in(self, i: int) -> Entitled:
        return replace(self.who, holdings=self.held.get(i, []))


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
        self.official = User.objects.get(username=COMMUNE_USER)
        self.today = timezone.localdate()
        self.shift = min(timedelta(0), self.today - DESIGNED_FOR)
        self.areas = list(project.areas.order_by("km_from", "id"))
        self.out = Writer(project, self.rng)
        self.households: list[Household] = []
        self.places: dict[tuple[int, str], tuple[float, float]] = {}
        self.plans: dict[int, CompensationPlan] = {}  # area index → its latest plan version
        self.drafts: dict[int, CompensationPlan] = {}  # area index → the draft consulted on
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

    def meeting(
        self,
        i,
        kind,
        on,
        hamlet,
        attendees,
        outcomes=(),
        *,
        defect=None,
        after=None,
        invitation=None,
    ):
        officials = DISSEMINATION_OFFICIALS if kind == "dissemination" else OFFICIALS
        signatories = DISSEMINATION_SIGNATORIES if kind == "dissemination" else SIGNATORIES
        if defect == "front_absent":
            officials = [r for r in officials if r != "fatherland_front"]
            signatories = [r for r in signatories if r != "fatherland_front"]
        elif defect in ("unsigned", "signed_by_household"):  # the latter: by land user, after
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
            invitation=invitation,
            after=after,
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
        users = LandUser.objects.filter(project=self.project).values_list(
            "id", "kind", "members", "resettlement_eligible"
        )
        facts = {u: (kind, members, eligible) for u, kind, members, eligible in users}
        road = self._road_distances()
        rng = self.rng
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
            m2 = (Decimal(affected) * Decimal(share) / 100).quantize(Decimal("0.01"))
            held[lu].append((index[area_id], parcel, address, self._held(parcel, code, m2, road)))
        for lu in sorted(held):
            holdings = held[lu]
            area = min(h[0] for h in holdings)
            first = min((h for h in holdings if h[0] == area), key=lambda h: h[1])
            kind, members, eligible = facts[lu]
            who = Entitled(
                kind=kind,
                members=members or 1,
                eligible=eligible,
                plot_m2=Decimal(rng.randrange(100, 126)) if eligible else Decimal(0),
                deduction=rng.randrange(12, 61) * 1_000_000
                if kind == "household" and rng.random() < 0.05
                else 0,
            )
            by_area: dict[int, list[Held]] = defaultdict(list)
            for a, _parcel, _address, h in holdings:
                by_area[a].append(h)
            self.households.append(
                Household(
                    case=cases[lu],
                    area=area,
                    hamlet=first[2].split(",")[0].strip() or self.areas[area].code,
                    order=first[1],
                    who=who,
                    held=dict(by_area),
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

    def _road_distances(self) -> dict[int, float]:
        """Each parcel's distance (m) from the road's centreline (the price position)."""
        with connection.cursor() as cur:
            cur.execute(
                "select pa.id, ST_Distance(ST_Transform(pa.geom, p.source_srid), "
                "ST_Transform(p.chainage_line, p.source_srid)) "
                "from landcases_parcel pa join landcases_project p on p.id = pa.project_id "
                "where p.id = %s",
                [self.project.id],
            )
            return dict(cur.fetchall())

    def _held(self, parcel: int, code: str, m2: Decimal, road: dict[int, float]) -> Held:
        """What stands and grows on a holding (drawn once: every version prices the same)."""
        rng = self.rng
        crop = house = ""
        floor, hut = Decimal(0), 0
        if code == "CLN":
            crop = "dragon_fruit" if rng.random() < 0.6 else "cashew"
        if code == "ONT" and m2 >= 40:
            house = rng.choices(tuple(HOUSES), (50, 40, 10))[0]
            floor = min(m2 * Decimal("0.5"), Decimal(150)).quantize(Decimal("0.1"))
        elif code in ("LUC", "HNK", "CLN", "NTS") and rng.random() < 0.1:
            hut = rng.randrange(18, 46) * 1_000_000
        return Held(parcel, code, m2, road.get(parcel, 0.0), crop, house, floor, hut)

    def plan_version(self, i: int, kind: str, title: str) -> CompensationPlan:
        """A plan version of the area (`plan_create`: the next version of the area's plan
        number, based on the one before)."""
        area = self.areas[i]
        plan = plan_create(
            project=self.project,
            actor=self.board,
            number=f"PA-{area.code}",
            kind=kind,
            title=f"{title} {area.name}",
            area=area,
            reason=PLAN_REASON,
        )
        self.plans[i] = plan
        return plan

    def plan_lines(self, plan: CompensationPlan, lines: list[tuple[Household, LineInput]]) -> None:
        """The version's lines (`plan_lines_replace`, as an import of the board's spreadsheet)."""
        plan_lines_replace(
            plan=plan, actor=self.board, reason=PLAN_REASON, lines=[line for _h, line in lines]
        )
        # Planned on fresh statistics: a version's (empty) lines were looked up by a nested
        # loop over every item of the versions before, 1.5 s each, inside this transaction.
        analyze("landcases_planline", "landcases_planitem")
        for h, line in lines:
            h.net[plan.id] = line.net
