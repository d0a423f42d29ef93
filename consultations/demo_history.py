"""Consultation histories for the demo project (manage.py demo_history).

The demo road (landcases/demo.py) has four areas of 2 km; each gets a history of its own,
dated in the past and told in the order it happened:

- Km0–2 far ahead: dissemination meetings, notice issued and delivered, inventories, prices and
  the draft plan posted 30 days, consultation meetings per hamlet, written opinions of absentees,
  dialogues with most objectors; for about two thirds of the land users the plan is approved,
  recovery decided, compensation paid in full and the site handed over.
- Km2–4 at consultation and dialogue (a meeting without the Fatherland Front, a dialogue whose
  minutes lack the households' signatures, half of the objectors still waiting for a dialogue).
- Km4–6 at inventory: two thirds inventoried, a few refusals, persuasion, compulsory inventory.
- Km6–8 just notified: dissemination meetings, notice issued, some deliveries, two publications.

Plus Fatherland Front findings and recommendations with the board's responses (some resolved,
some open), a corrected delivery date, a corrected payment, minutes completed after a finding and
one voided opinion.

Shared acts, rare acts, meetings and corrections go through the services (acts, meetings,
services.event_record). The mass of per-case acts (deliveries, inventories done, approvals,
decisions, payments, handovers) is written in bulk by default and the projection rebuilt once
at the end; `bulk=False` records every one of them through `services.event_record` instead.
Same seed and same day, same history.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.gis.db.models.functions import Centroid
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from landcases.models import Holding, Parcel, Project

from . import acts, projection, services
from .meetings import Outcome, meeting_record
from .models import Case, Event, EventKind, SubjectType

SEED = 2025_03_08
BOARD_USER, FRONT_USER = "canbo.ban", "mttq"
# The dates below tell the story as of this day; on an earlier clock they move back with it.
DESIGNED_FOR = date(2026, 11, 28)

OFFICIALS = ["board", "commune_pc", "fatherland_front", "investor", "land_office"]
SIGNATORIES = ["board", "commune_pc", "fatherland_front", "household_representatives"]
DISSEMINATION_OFFICIALS = ["board", "commune_pc", "fatherland_front", "investor"]
DISSEMINATION_SIGNATORIES = ["board", "commune_pc", "fatherland_front"]
PERSUADERS = ["board", "commune_pc", "fatherland_front"]

# Made-up compensation per m² of recovered land (land, structures, crops and support together).
PRICE_VND_M2 = {
    "ONT": 4_200_000,
    "CLN": 260_000,
    "HNK": 210_000,
    "LUC": 230_000,
    "NTS": 240_000,
    "TON": 2_500_000,
    "TIN": 2_500_000,
    "BCS": 45_000,
}

DISAGREE_CONCERNS = (
    "Đơn giá bồi thường đất thấp hơn giá chuyển nhượng thực tế tại địa phương",
    "Đơn giá cây thanh long, cây điều chưa sát giá thị trường",
    "Diện tích kiểm đếm nhà, vật kiến trúc chưa đúng thực tế",
    "Đề nghị thu hồi luôn phần đất còn lại không đủ điều kiện sản xuất",
    "Đề nghị được bố trí tái định cư tại chỗ",
    "Mức hỗ trợ chuyển đổi nghề nghiệp thấp",
)
OTHER_CONCERNS = (
    "Đề nghị cho bàn giao mặt bằng sau vụ thu hoạch",
    "Đề nghị làm đường gom vào phần đất còn lại",
    "Đề nghị chi trả qua tài khoản ngân hàng",
    "Đề nghị xác định lại ranh giới với thửa liền kề",
)


@dataclass(frozen=True)
class Script:
    """One area's story. Shares are of the area's land users; dates as of DESIGNED_FOR."""

    dissemination: date
    notice: date
    notice_number: str
    delivery_days: int = 25
    delivered: float = 1.0  # of those not published, in the order the board went round
    published: float = 0.01
    min_published: int = 1
    inventory: tuple[date, date] | None = None
    inventoried: float = 1.0
    refusals: float = 0.0
    refusal_outcomes: tuple[str, ...] = ("persuaded",)  # persuaded / compulsory / ongoing
    prices: date | None = None  # land prices, asset prices, resettlement plan posted
    draft_plan: date | None = None
    consultation: date | None = None
    defects: tuple[tuple[str, int, str], ...] = ()  # (meeting kind, session, front_absent|unsigned)
    dialogue: date | None = None
    dialogued: float = 0.0  # of the objectors
    approved: float = 0.0
    approval: date | None = None


SCRIPTS = (
    Script(  # Km0–2: far ahead
        dissemination=date(2025, 3, 8),
        notice=date(2025, 3, 25),
        notice_number="46/TB-UBND",
        inventory=(date(2025, 5, 5), date(2025, 7, 18)),
        refusals=0.006,
        refusal_outcomes=("persuaded", "compulsory"),
        prices=date(2025, 7, 21),
        draft_plan=date(2025, 8, 4),
        consultation=date(2025, 9, 6),
        defects=(("consultation", 4, "unsigned"), ("dialogue", 2, "front_absent")),
        dialogue=date(2025, 10, 8),
        dialogued=0.85,
        approved=0.65,
        approval=date(2025, 12, 18),
    ),
    Script(  # Km2–4: consultation and dialogue
        dissemination=date(2025, 6, 14),
        notice=date(2025, 8, 12),
        notice_number="112/TB-UBND",
        inventory=(date(2025, 10, 1), date(2026, 3, 31)),
        refusals=0.004,
        prices=date(2026, 7, 6),
        draft_plan=date(2026, 9, 14),
        consultation=date(2026, 10, 17),
        defects=(("consultation", 1, "front_absent"), ("dialogue", 0, "unsigned")),
        dialogue=date(2026, 11, 7),
        dialogued=0.45,
    ),
    Script(  # Km4–6: inventory
        dissemination=date(2025, 11, 15),
        notice=date(2026, 2, 24),
        notice_number="37/TB-UBND",
        inventory=(date(2026, 5, 4), date(2026, 11, 20)),
        inventoried=0.68,
        refusals=0.015,
        refusal_outcomes=("compulsory", "persuaded", "ongoing"),
    ),
    Script(  # Km6–8: notified
        dissemination=date(2026, 9, 19),
        notice=date(2026, 10, 26),
        notice_number="205/TB-UBND",
        delivery_days=24,
        delivered=0.45,
        published=0.0,
        min_published=2,
    ),
)


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


@dataclass
class HistoryResult:
    project: Project
    created: bool
    seconds: float = 0.0
    events_by_kind: dict[str, int] = field(default_factory=dict)
    stages_by_area: dict[str, Counter] = field(default_factory=dict)
    warned_events: int = 0
    corrections: int = 0


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _quota(n: int, share: float, *, least: int = 0) -> int:
    return min(n, max(least, round(n * share)))


def _split(items: list, n: int) -> list[list]:
    n = max(1, n)
    return [items[k * len(items) // n : (k + 1) * len(items) // n] for k in range(n)]


class _Story:
    def __init__(self, project: Project, *, seed: int, bulk: bool):
        User = get_user_model()
        self.project = project
        self.rng = random.Random(seed)
        self.bulk = bulk
        self.board = User.objects.get(username=BOARD_USER)
        self.front = User.objects.get(username=FRONT_USER)
        self.today = timezone.localdate()
        self.shift = min(timedelta(0), self.today - DESIGNED_FOR)
        self.areas = list(project.areas.order_by("km_from", "id"))
        self.pending: list[Event] = []
        self.households: list[Household] = []
        self.places: dict[tuple[int, str], tuple[float, float]] = {}
        self.marks: dict[str, object] = {}  # events and cases the corrections come back to
        self.seq = Counter()

    # -- plumbing ---------------------------------------------------------------------------

    def day(self, d: date, plus: int = 0) -> date:
        """A date of the script (moved back if the clock is before DESIGNED_FOR)."""
        return min(self.today, d + self.shift + timedelta(days=plus))

    def after(self, d: date, days: int) -> date:
        """A date some days after one already placed; never after today."""
        return min(self.today, d + timedelta(days=days))

    def flush(self) -> None:
        if self.pending:
            Event.objects.bulk_create(self.pending, batch_size=2000)
            self.pending = []

    def act(self, fn, **kw):
        """A service call: what was written in bulk so far goes first, to keep the order."""
        self.flush()
        kw.setdefault("actor", self.board)
        return fn(project=self.project, **kw)

    def case_event(self, kind: str, h: Household, on: date, payload: dict) -> None:
        if not self.bulk:
            self.act(
                services.event_record,
                kind=kind,
                happened_on=on,
                subject=services.Subject(case=h.case),
                payload=payload,
            )
            return
        self.pending.append(
            Event(
                project=self.project,
                kind=kind,
                subject_type=SubjectType.CASE,
                case=h.case,
                happened_on=on,
                recorded_at=self.typed_in(on),
                recorded_by=self.board,
                payload=payload,
            )
        )

    def typed_in(self, on: date):
        """Boards type acts in some days after they happen: the audit's "as recorded by"
        axis then differs from the replay axis, as it does in real projects."""
        lag = timedelta(
            days=self.rng.choice((0, 1, 1, 2, 3, 5, 8, 14)),
            hours=8 + self.rng.randrange(9),
            minutes=self.rng.randrange(60),
        )
        moment = timezone.make_aware(datetime.combine(on, datetime.min.time())) + lag
        return min(moment, timezone.now())

    def number(self, series: str, suffix: str) -> str:
        self.seq[series] += 1
        return f"{self.seq[series]}/{suffix}"

    # -- who is where -----------------------------------------------------------------------

    def load(self) -> None:
        projection.cases_ensure(project_id=self.project.id)
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
            for group in _split(members, math.ceil(len(members) / size)):
                out.append((hamlet, group))
        return out

    def meeting(self, i, kind, on, hamlet, attendees, outcomes=(), *, defect=None):
        officials = DISSEMINATION_OFFICIALS if kind == "dissemination" else OFFICIALS
        signatories = DISSEMINATION_SIGNATORIES if kind == "dissemination" else SIGNATORIES
        if defect == "front_absent":
            officials = [r for r in officials if r != "fatherland_front"]
            signatories = [r for r in signatories if r != "fatherland_front"]
        elif defect == "unsigned":
            signatories = [r for r in signatories if r != "household_representatives"]
        lng, lat = self.places.get((i, hamlet)) or next(iter(self.places.values()))
        return self.act(
            meeting_record,
            area=self.areas[i],
            kind=kind,
            happened_on=on,
            place_lng=lng,
            place_lat=lat,
            place_name=f"Nhà văn hóa {_lower(hamlet)}",
            officials=officials,
            signatories=signatories,
            attendees=[h.case.id for h in attendees],
            outcomes=list(outcomes),
        )

    def posting(self, i: int, on: date, what: str, place: str, days: int = 30) -> Event:
        posted = self.act(
            acts.posting_start, area=self.areas[i], happened_on=on, what=what, place=place
        ).event
        end = on + timedelta(days=days)
        if end <= self.today:
            self.act(acts.posting_end, posting=posted, happened_on=end)
        return posted

    # -- the steps --------------------------------------------------------------------------

    def disseminate(self, i: int, s: Script, hs: list[Household]) -> None:
        for k, (hamlet, group) in enumerate(self.sessions(hs, 80)):
            present = [h for h in group if self.rng.random() < 0.8] or group[:1]
            self.meeting(i, "dissemination", self.day(s.dissemination, 2 * k), hamlet, present)

    def notify(self, i: int, s: Script, hs: list[Household]) -> None:
        area = self.areas[i]
        notice = self.act(
            acts.notice_issue,
            area=area,
            happened_on=self.day(s.notice),
            number=s.notice_number,
        ).event
        office = f"Trụ sở UBND {_lower(area.commune.name) if area.commune else 'xã'}"
        place = f"{office} và nhà văn hóa các thôn"
        self.posting(i, self.day(s.notice, 1), "notice", place)
        self.posting(i, self.day(s.notice, 1), "land_user_list", place)
        unreachable = set(
            self.rng.sample(range(len(hs)), _quota(len(hs), s.published, least=s.min_published))
        )
        reachable = [h for k, h in enumerate(hs) if k not in unreachable]
        reached = reachable[: _quota(len(reachable), s.delivered)]
        methods, weights = ("in_person", "via_commune", "post", "refused_minutes"), (78, 12, 6, 4)
        for k, h in enumerate(reached):
            method = self.rng.choices(methods, weights)[0]
            self.case_event(
                EventKind.NOTICE_DELIVERED,
                h,
                self.day(s.notice, 2 + s.delivery_days * k // max(1, len(reached))),
                {"method": method, "signed": method != "refused_minutes", "notice": notice.id},
            )
        for k in sorted(unreachable):
            self.act(
                acts.notice_publish,
                case=hs[k].case,
                happened_on=self.day(s.notice, s.delivery_days + 4),
                newspaper_issues=3,
                radio_broadcasts=3,
            )
        if i == 1 and reached:
            self.marks["delivery"] = reached[len(reached) // 3]

    def inventory(self, i: int, s: Script, hs: list[Household]) -> None:
        start, end = s.inventory
        span = (end - start).days
        visited = hs[: _quota(len(hs), s.inventoried)]
        n_refuse = _quota(len(visited), s.refusals, least=1 if s.refusals else 0)
        early = visited[: max(n_refuse, len(visited) // 2)]
        refusers = set(id(h) for h in self.rng.sample(early, min(n_refuse, len(early))))
        refused = []
        for k, h in enumerate(visited):
            on = self.day(start, span * k // max(1, len(visited)))
            if id(h) in refusers:
                refused.append((h, on))
                continue
            signed = self.rng.random() > 0.02
            self.case_event(
                EventKind.INVENTORY_DONE, h, on, {"participated": True, "signed": signed}
            )
        for k, (h, on) in enumerate(refused):
            self.act(acts.inventory_record, case=h.case, happened_on=on, done=False)
            outcome = s.refusal_outcomes[k % len(s.refusal_outcomes)]
            begun = self.after(on, 5)
            ended = begun + timedelta(days=acts.PERSUASION_DAYS)
            decided = begun + timedelta(days=acts.PERSUASION_DAYS + acts.COMPULSORY_AFTER_DAYS + 6)
            if outcome == "compulsory" and decided > self.today:
                outcome = "ongoing"
            self.act(
                acts.persuasion_record,
                case=h.case,
                happened_on=begun,
                ended_on=ended if ended <= self.today and outcome != "ongoing" else None,
                by_roles=PERSUADERS,
            )
            if outcome == "persuaded":
                self.act(
                    acts.inventory_record,
                    case=h.case,
                    happened_on=min(self.today, ended + timedelta(days=3)),
                    done=True,
                )
            elif outcome == "compulsory":
                self.act(
                    acts.compulsory_inventory_decide,
                    case=h.case,
                    happened_on=decided,
                    number=self.number("compulsory", "QĐ-UBND"),
                )

    def post_prices_and_plan(self, i: int, s: Script) -> None:
        place = f"Nhà văn hóa các thôn, {self.areas[i].code}"
        if s.prices:
            for what in ("land_prices", "asset_prices", "resettlement_plan"):
                self.posting(i, self.day(s.prices), what, place)
        if s.draft_plan:
            self.posting(i, self.day(s.draft_plan), "draft_plan", place)

    def consult(self, i: int, s: Script, hs: list[Household]) -> None:
        rng, n = self.rng, len(hs)
        order = rng.sample(hs, n)
        n_dis, n_other, n_none = (
            _quota(n, 0.15, least=2),
            _quota(n, 0.04, least=1),
            _quota(n, 0.01),
        )
        for k, h in enumerate(order):
            h.opinion = (
                "disagree"
                if k < n_dis
                else "other"
                if k < n_dis + n_other
                else "no_opinion"
                if k < n_dis + n_other + n_none
                else "agree"
            )
        absent = {id(h) for h in rng.sample(hs, _quota(n, 0.12, least=1))}
        defects = {(kind, k): d for kind, k, d in s.defects}
        sessions = self.sessions(hs, 60)
        last = self.day(s.consultation)
        for k, (hamlet, group) in enumerate(sessions):
            present = [h for h in group if id(h) not in absent]
            if not present:
                continue
            on = self.day(s.consultation, 2 * k)
            last = max(last, on)
            defect = defects.get(("consultation", k % len(sessions)))
            recorded = self.meeting(
                i,
                "consultation",
                on,
                hamlet,
                present,
                [Outcome(h.case.id, h.opinion, self.concern(h.opinion)) for h in present],
                defect=defect,
            )
            if defect == "unsigned":
                self.marks[f"unsigned-{i}"] = recorded.event
        writers = [h for h in hs if id(h) in absent]
        writers = writers[: max(1, len(writers) // 2)]
        wrote = {id(h) for h in writers}
        for h in writers:
            self.act(
                acts.written_opinion,
                case=h.case,
                happened_on=self.after(last, rng.randint(1, 10)),
                opinion=h.opinion,
                concerns=self.concern(h.opinion),
            )
        for h in hs:
            if id(h) in absent and id(h) not in wrote:
                h.opinion = ""
        if i == 1:
            agreed = [h for h in hs if h.opinion == "agree" and id(h) not in absent]
            if agreed:
                self.marks["voided"] = agreed[len(agreed) // 2]
                self.marks["voided-after"] = last

    def concern(self, opinion: str) -> str:
        if opinion == "disagree":
            return self.rng.choice(DISAGREE_CONCERNS)
        if opinion == "other":
            return self.rng.choice(OTHER_CONCERNS)
        return ""

    def hold_dialogues(self, i: int, s: Script, hs: list[Household]) -> None:
        objectors = [h for h in hs if h.opinion == "disagree"]
        if not objectors:
            return
        n = len(objectors)
        k = _quota(n, s.dialogued, least=1)
        if n >= 2:
            k = min(k, n - 1)  # someone is still waiting for a dialogue
        chosen = self.rng.sample(objectors, k)
        defects = {(kind, j): d for kind, j, d in s.defects}
        sessions = self.sessions(chosen, 15)
        for j, (hamlet, group) in enumerate(sessions):
            outcomes = []
            for h in group:
                h.opinion = self.rng.choices(("agree", "other", "disagree"), (50, 15, 35))[0]
                concerns = "" if h.opinion == "agree" else self.concern(h.opinion)
                outcomes.append(Outcome(h.case.id, h.opinion, concerns))
            self.meeting(
                i,
                "dialogue",
                self.day(s.dialogue, 3 * j),
                hamlet,
                group,
                outcomes,
                defect=defects.get(("dialogue", j % len(sessions))),
            )

    def conclude(self, i: int, s: Script, hs: list[Household]) -> None:
        """Plan approved hamlet by hamlet for the first share, then decision, payment, handover."""
        rng = self.rng
        approved = sorted(hs, key=lambda h: h.order)[: _quota(len(hs), s.approved, least=1)]
        hamlets = list(dict.fromkeys(h.hamlet for h in approved))
        paid_ones = []
        for j, hamlet in enumerate(hamlets):
            approved_on = self.day(s.approval, 14 * j)
            number = self.number("approval", "QĐ-UBND")
            decided_on = self.after(approved_on, 25)
            for h in (h for h in approved if h.hamlet == hamlet):
                self.case_event(EventKind.PLAN_APPROVED, h, approved_on, {"number": number})
                self.case_event(
                    EventKind.RECOVERY_DECIDED,
                    h,
                    decided_on,
                    {"number": self.number("recovery", "QĐ-UBND"), "approval": number},
                )
                if h.opinion == "disagree" and rng.random() < 0.8:
                    continue  # refuses to receive the money
                roll = rng.random()
                if roll < 0.03:
                    continue  # an inheritance not settled yet
                late = roll > 0.96
                paid_on = self.after(
                    decided_on, rng.randint(35, 70) if late else rng.randint(5, 28)
                )
                in_full = rng.random() > 0.02
                amount = h.amount_vnd if in_full else int(round(h.amount_vnd * 0.5, -3))
                payload = {
                    "in_full": in_full,
                    "amount_vnd": amount,
                    "receipt": self.number("receipt", "PC"),
                }
                self.case_event(EventKind.PAYMENT, h, paid_on, payload)
                if in_full:
                    paid_ones.append((h, paid_on))
        handing = rng.sample(paid_ones, _quota(len(paid_ones), 0.85, least=1))
        for h, paid_on in sorted(handing, key=lambda p: p[0].order):
            self.case_event(
                EventKind.HANDOVER,
                h,
                self.after(paid_on, rng.randint(7, 45)),
                {"affected_area_m2": round(h.affected_m2, 1)},
            )
        if paid_ones:
            self.marks["payment"] = paid_ones[0][0]

    # -- the Fatherland Front and the corrections -------------------------------------------

    def supervise(self) -> None:
        a0, a1, a2 = SCRIPTS[0], SCRIPTS[1], SCRIPTS[2]

        def finding(on, kind, text, area):
            return self.act(
                acts.supervision_record,
                actor=self.front,
                happened_on=on,
                kind=kind,
                text=text,
                area=self.areas[area] if area is not None else None,
            ).event

        def respond(f, on, text, resolves):
            self.act(
                acts.supervision_respond, finding=f, happened_on=on, text=text, resolves=resolves
            )

        f = finding(
            self.day(a0.draft_plan, 12),
            "recommendation",
            "Đề nghị rà soát đơn giá bồi thường cây thanh long, cây điều trong dự thảo phương án "
            "cho sát giá thị trường trước khi tổ chức lấy ý kiến.",
            0,
        )
        respond(
            f,
            self.day(a0.draft_plan, 24),
            "Đã khảo sát giá thị trường và điều chỉnh đơn giá cây thanh long, cây điều trong dự "
            "thảo phương án; bảng đơn giá điều chỉnh được niêm yết bổ sung.",
            True,
        )
        unsigned = self.marks.get("unsigned-0")
        if unsigned is not None:
            f = finding(
                self.after(unsigned.happened_on, 8),
                "finding",
                f"Biên bản họp lấy ý kiến ngày {unsigned.happened_on:%d/%m/%Y} chưa có chữ ký "
                "của đại diện các hộ dân dự họp.",
                0,
            )
            fixed_on = self.after(unsigned.happened_on, 16)
            respond(
                f,
                fixed_on,
                "Đã mời đại diện các hộ dân ký bổ sung biên bản; biên bản đã được cập nhật.",
                True,
            )
            payload = dict(unsigned.payload)
            payload["signatories"] = sorted(SIGNATORIES)
            self.act(
                services.event_record,
                kind=EventKind.MEETING,
                happened_on=unsigned.happened_on,
                subject=services.Subject(area=unsigned.area),
                payload=payload,
                supersedes=unsigned,
                correction_reason="Đại diện các hộ dân đã ký bổ sung biên bản ngày "
                f"{fixed_on:%d/%m/%Y} theo kiến nghị của Mặt trận Tổ quốc.",
            )
        f = finding(
            self.day(a1.dialogue, 5),
            "finding",
            "Một cuộc họp lấy ý kiến không có đại diện Mặt trận Tổ quốc tham dự; nhiều hộ không "
            "đồng ý phương án chưa được tổ chức đối thoại.",
            1,
        )
        respond(
            f,
            self.day(a1.dialogue, 13),
            "Đã lập lịch đối thoại các hộ còn lại trong tháng 12/2026; sẽ mời Mặt trận dự tất cả "
            "các buổi đối thoại.",
            False,
        )
        f = finding(
            self.day(a2.inventory[0], 77),
            "recommendation",
            "Đề nghị tăng cường vận động, thuyết phục các hộ chưa hợp tác kiểm đếm trước khi "
            "ban hành quyết định kiểm đếm bắt buộc.",
            2,
        )
        respond(
            f,
            self.day(a2.inventory[0], 87),
            "Tổ vận động gồm UBND xã, Mặt trận và Ban đã gặp từng hộ; quyết định kiểm đếm bắt "
            "buộc chỉ ban hành sau thời hạn vận động theo quy định.",
            True,
        )
        finding(
            self.day(SCRIPTS[3].notice, 21),
            "recommendation",
            "Đề nghị niêm yết thông báo thu hồi đất và danh sách người sử dụng đất tại nhà văn hóa "
            "tất cả các thôn đoạn Km6–Km8, kể cả các xóm ven biển.",
            None,
        )

    def correct(self) -> None:
        h = self.marks.get("delivery")
        if h is not None:
            self.flush()
            old = Event.objects.get(case=h.case, kind=EventKind.NOTICE_DELIVERED)
            on = min(self.today, old.happened_on + timedelta(days=2))
            self.act(
                services.event_record,
                kind=EventKind.NOTICE_DELIVERED,
                happened_on=on,
                subject=services.Subject(case=h.case),
                payload=old.payload,
                supersedes=old,
                correction_reason=f"Ngày giao ghi nhầm; theo biên bản giao nhận, thông báo được "
                f"giao ngày {on:%d/%m/%Y}.",
            )
        h = self.marks.get("payment")
        if h is not None:
            self.flush()
            old = Event.objects.get(case=h.case, kind=EventKind.PAYMENT)
            payload = dict(old.payload, amount_vnd=old.payload["amount_vnd"] + 1_250_000)
            self.act(
                services.event_record,
                kind=EventKind.PAYMENT,
                happened_on=old.happened_on,
                subject=services.Subject(case=h.case),
                payload=payload,
                supersedes=old,
                correction_reason="Nhập sai số tiền; sửa theo phiếu chi đã ký nhận.",
            )
        h = self.marks.get("voided")
        if h is not None:
            old = Event.objects.get(case=h.case, kind=EventKind.OPINION)
            self.flush()
            services.event_void(
                event=old,
                actor=self.board,
                reason="Hộ không dự họp; ý kiến ghi nhầm vào biên bản của hộ liền kề.",
            )
            self.act(
                acts.written_opinion,
                case=h.case,
                happened_on=self.after(self.marks["voided-after"], 12),
                opinion="other",
                concerns=self.rng.choice(OTHER_CONCERNS),
            )
            h.opinion = "other"

    # -- the whole story --------------------------------------------------------------------

    def tell(self) -> None:
        self.load()
        for i, s in enumerate(SCRIPTS[: len(self.areas)]):
            hs = self.of_area(i)
            if not hs:
                continue
            self.disseminate(i, s, hs)
            self.notify(i, s, hs)
            if s.inventory:
                self.inventory(i, s, hs)
            self.post_prices_and_plan(i, s)
            if s.consultation:
                self.consult(i, s, hs)
            if s.dialogue:
                self.hold_dialogues(i, s, hs)
            if s.approval:
                self.conclude(i, s, hs)
        self.supervise()
        self.correct()
        self.flush()
        if self.bulk:
            projection.rebuild(project_id=self.project.id)


def build_demo_history(project: Project, *, seed: int = SEED, bulk: bool = True) -> HistoryResult:
    """Record the demo history once: a project that has events already is left alone."""
    started = time.monotonic()
    created = False
    with transaction.atomic():
        if not Event.objects.filter(project=project).exists():
            story = _Story(project, seed=seed, bulk=bulk)
            story.tell()
            created = True
    result = summarize(project)
    result.created = created
    result.seconds = time.monotonic() - started
    return result


def summarize(project: Project) -> HistoryResult:
    """Events by kind and cases by stage per area (a case counts in the first area it holds
    land in)."""
    events = Event.objects.filter(project=project)
    by_kind = dict(events.order_by().values_list("kind").annotate(n=Count("id")))
    areas = list(project.areas.order_by("km_from", "id"))
    rank = {a.id: i for i, a in enumerate(areas)}
    first: dict[int, int] = {}
    holdings = Holding.objects.filter(land_user__project=project, parcel__area__isnull=False)
    for case_id, area_id in holdings.values_list("land_user__case__id", "parcel__area_id"):
        if case_id is not None and (case_id not in first or rank[area_id] < first[case_id]):
            first[case_id] = rank[area_id]
    stages: dict[str, Counter] = {a.code: Counter() for a in areas}
    for case_id, stage in Case.objects.filter(project=project).values_list("id", "stage"):
        label = areas[first[case_id]].code if case_id in first else "-"
        stages.setdefault(label, Counter())[stage] += 1
    return HistoryResult(
        project=project,
        created=False,
        events_by_kind=by_kind,
        stages_by_area=stages,
        warned_events=events.exclude(warnings=[]).count(),
        corrections=events.filter(supersedes__isnull=False).count(),
    )
