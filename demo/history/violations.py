"""Deliberate violations of the audit's rules (rules.md), each on a named subject, told after
the story (demo/history/__init__.py) so that the audit on the demo has something to find
(tests/demo/test_audit_finds.py, docs/audit.md).

Every act goes through the record's services, as the story's do: acts in batches
(`Writer.add` / `write`), meetings through `meeting_record`, corrections and voids through
`event_correct` / `event_void` / `meeting_correct`, grievances through `grievance_create`,
each typed in days after it happened (the seeding path). Subjects are chosen by what the
record holds (the first household along the road in the state a violation needs), never at
random, and none is chosen twice; the names go to `story.marks["named"]`
({name: (subject type, id)}: the type as a finding names it).

Two codes are about the one project (DEM-DISCLOSURE, LND-CUTOFF): the demo keeps them lawful
(lawful.py), a violation would leave no lawful case of them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count

from consultations.grievances import grievance_create
from consultations.meetings import Outcome
from consultations.models import Event
from consultations.seeding import seeding
from consultations.services import Subject
from landcases.models import Holding, LandUserSensitive, Tenure
from landcases.services import holding_update

from .script import PERSUADERS, POSTED_AT, authority
from .story import Household, Story

REASON = "Dữ liệu mẫu: vi phạm có chủ đích để kiểm tra công cụ rà soát (manage.py demo_history)"


class Record:
    """The standing events of the project, by case and kind (read once the queue is written)."""

    def __init__(self, story: Story):
        story.out.flush()
        self.by_case: dict[int, dict[str, list[Event]]] = defaultdict(lambda: defaultdict(list))
        self.meetings: list[Event] = []
        standing = Event.objects.filter(
            project=story.project, superseded_by__isnull=True, is_void=False
        ).order_by("happened_on", "id")
        for e in standing:
            if e.case_id is not None:
                self.by_case[e.case_id][e.kind].append(e)
            elif e.kind == "meeting":
                self.meetings.append(e)

    def of(self, h: Household, kind: str) -> list[Event]:
        return self.by_case[h.case.id].get(kind, [])

    def first(self, h: Household, kind: str) -> Event | None:
        found = self.of(h, kind)
        return found[0] if found else None

    def attended(self, h: Household, meeting_kind: str) -> bool:
        return any(
            m.payload.get("meeting_kind") == meeting_kind and h.case.id in m.payload["cases"]
            for m in self.meetings
        )


class Picker:
    """Households chosen in road order, each at most once."""

    def __init__(self, story: Story, record: Record):
        self.story = story
        self.record = record
        self.taken: set[int] = set()
        for key in ("delivery", "voided"):  # the story's own corrections come back to these
            h = story.marks.get(key)
            if isinstance(h, Household):
                self.taken.add(h.case.id)
        paid = story.marks.get("payment")
        if isinstance(paid, tuple):
            self.taken.add(paid[0].case.id)
        sole = (
            Holding.objects.filter(parcel__project=story.project)
            .values("parcel_id")
            .annotate(n=Count("land_user_id"))
            .filter(n=1)
            .values_list("parcel_id", flat=True)
        )
        self.sole_parcels = set(sole)
        self.vulnerable: dict[int, list[str]] = {
            lu: v or []
            for lu, v in LandUserSensitive.objects.filter(
                land_user__project=story.project
            ).values_list("land_user_id", "vulnerabilities")
        }

    def flags(self, h: Household) -> list[str]:
        return self.vulnerable.get(h.case.land_user_id, [])

    def plain(self, h: Household) -> bool:
        """No register fact that brings in a rule of its own (resettlement, vulnerability)."""
        return not h.who.eligible and not self.flags(h)

    def pick(self, area: int, test, *, plain: bool = True) -> Household | None:
        for h in self.story.of_area(area):
            if h.case.id in self.taken or (plain and not self.plain(h)):
                continue
            if test(h):
                self.taken.add(h.case.id)
                return h
        return None


def name(story: Story, key: str, subject_type: str, subject_id: int) -> None:
    story.marks.setdefault("named", {})[key] = (subject_type, subject_id)


def _sole_parcel(picker: Picker, h: Household) -> int | None:
    parcels = sorted(p for hs in h.held.values() for p in (x.parcel for x in hs))
    return next((p for p in parcels if p in picker.sole_parcels), None)


def commit(story: Story) -> None:
    """Every deliberate violation (and the lawful subjects the test names), in one pass."""
    record = Record(story)
    picker = Picker(story, record)
    story.marks["picker"] = picker
    lawful_household(story, record, picker)
    notices(story, record, picker)
    inventories(story, record, picker)
    plans_and_meetings(story, record, picker)
    decisions_and_money(story, record, picker)
    enforcement(story, record, picker)
    grievances(story, picker)
    lender(story, record, picker)
    story.out.flush()


# -- the household that went through it all lawfully --------------------------------------------


def lawful_household(story: Story, record: Record, picker: Picker) -> None:
    """A Km0–2 household notified in time, inventoried, consulted (agreed at the meeting),
    its plan delivered at once, decided, paid in one instalment within the month, then
    handed over: the test asserts no finding about it fails."""

    approval = _approval(story, 0)

    def checks(h: Household):
        r = record
        delivered, decided = r.first(h, "notice_delivered"), r.first(h, "recovery_decided")
        plan, handover = r.first(h, "plan_delivered"), r.first(h, "handover")
        inventory, opinions = r.first(h, "inventory_done"), r.of(h, "opinion")
        payments = r.of(h, "payment")
        yield "steps", bool(approval and delivered and decided and plan and handover and inventory)
        yield "an opinion", bool(opinions)
        yield "paid", bool(payments)
        yield "land in Km0–2 only", len(h.held) == 1
        yield (
            "no agreement",
            not any(
                r.of(h, k)
                for k in ("deposit", "early_handover_agreement", "earlier_recovery_agreement")
            ),
        )
        assert approval and delivered and decided and plan and handover and inventory
        effective, signed = approval
        paid = payments[0].happened_on
        said = opinions[-1].payload
        yield (
            "agreed at the meeting",
            (
                said.get("opinion") == "agree"
                and said.get("channel") == "meeting"
                and r.attended(h, "consultation")
            ),
        )
        yield "inventoried with it", bool(inventory.payload.get("participated"))
        yield "notified long before", (decided.happened_on - delivered.happened_on).days >= 200
        yield "plan delivered at once", plan.happened_on <= signed + timedelta(days=5)
        yield "decided in time", effective <= decided.happened_on <= effective + timedelta(days=8)
        yield (
            "paid in time, in full",
            (
                paid <= effective + timedelta(days=25)
                and sum(int(e.payload.get("amount") or 0) for e in payments) >= max(h.net.values())
            ),
        )
        yield "paid before handover", handover.happened_on >= paid

    def whole(h: Household) -> bool:
        return all(ok for _label, ok in checks(h))

    h = picker.pick(0, whole)
    if h is not None:
        name(story, "case:lawful", "case", h.case.id)
        parcel = _sole_parcel(picker, h)
        if parcel is not None:
            name(story, "parcel:lawful", "parcel", parcel)


def _approval(story: Story, i: int) -> tuple[date, date] | None:
    """(effective on, signed on) of the first plan approval in the area (of any version)."""
    e = (
        Event.objects.filter(
            project=story.project, plan__area=story.areas[i], kind="plan_approved", is_void=False
        )
        .order_by("happened_on", "id")
        .first()
    )
    if e is None:
        return None
    return date.fromisoformat(e.payload["effective_on"]), e.happened_on


# -- NOTICE-* -----------------------------------------------------------------------------------


def notices(story: Story, record: Record, picker: Picker) -> None:
    areas = story.areas
    # NOTICE-PRE-MEETING: Km6–8's dissemination meetings were held only after the notice.
    notice = (
        Event.objects.filter(area=areas[3], kind="notice_issued", is_void=False)
        .order_by("happened_on")
        .first()
    )
    if notice is not None:
        for m in [
            m
            for m in record.meetings
            if m.area_id == areas[3].id and m.payload.get("meeting_kind") == "dissemination"
        ]:
            story.out.correct_meeting(
                m,
                story.board,
                reason=REASON,
                happened_on=story.after(notice.happened_on, 3),
            )
        name(story, "area:Km6-8", "area", areas[3].id)
    name(story, "area:Km4-6", "area", areas[2].id)

    # NOTICE-POSTED: Km0–2's list of land users was posted at the commune office only.
    listed = Event.objects.filter(
        area=areas[0],
        kind="posting_started",
        payload__what="land_user_list",
        superseded_by__isnull=True,
        is_void=False,
    )
    for e in listed:
        values = {k: v for k, v in e.payload.items() if k in ("what", "place", "plan")}
        values["places"] = ["commune_office"]
        story.out.correct(e, story.board, reason=REASON, values=values)
    name(story, "area:Km0-2", "area", areas[0].id)

    # NOTICE-DELIVERED: a decided Km0–2 household whose delivery record was of its neighbour.
    h = picker.pick(
        0,
        lambda h: (
            bool(record.first(h, "notice_delivered") and record.first(h, "recovery_decided"))
            and not record.of(h, "notice_published")
        ),
    )
    if h is not None:
        for e in record.of(h, "notice_delivered"):
            story.out.void(e, story.board, reason=REASON)
        name(story, "case:never-notified", "case", h.case.id)

    # NOTICE-LEAD-TIME: a Km0–2 household (sole holder of its parcel) notified only 40 days
    # before its recovery decision.
    def lead(h: Household) -> bool:
        return bool(
            record.first(h, "notice_delivered")
            and record.first(h, "recovery_decided")
            and not record.of(h, "earlier_recovery_agreement")
            and not record.of(h, "notice_published")
            and _sole_parcel(picker, h) is not None
        )

    h = picker.pick(0, lead)
    if h is not None:
        decided = record.first(h, "recovery_decided")
        assert decided is not None
        for e in record.of(h, "notice_delivered"):
            story.out.correct(
                e, story.board, reason=REASON, happened_on=decided.happened_on - timedelta(40)
            )
        parcel = _sole_parcel(picker, h)
        assert parcel is not None
        name(story, "parcel:late-notice", "parcel", parcel)

    # NOTICE-VALIDITY: Km2–4's notice (script.py) lapsed without a decision; the parcel of the
    # first household along the road there that holds one alone.
    h = picker.pick(1, lambda h: _sole_parcel(picker, h) is not None, plain=False)
    if h is not None:
        parcel = _sole_parcel(picker, h)
        assert parcel is not None
        name(story, "parcel:lapsed-notice", "parcel", parcel)


# -- INVENTORY-* --------------------------------------------------------------------------------


def inventories(story: Story, record: Record, picker: Picker) -> None:
    # INVENTORY-DONE: a Km2–4 household inventoried only after the draft plan was posted.
    draft = story.drafts.get(1)
    posted = (
        Event.objects.filter(kind="posting_started", payload__plan=draft.id, is_void=False)
        .order_by("happened_on")
        .first()
        if draft
        else None
    )
    if posted is not None:
        h = picker.pick(
            1,
            lambda h: (
                bool(record.first(h, "inventory_done"))
                and bool(record.first(h, "inventory_done").payload.get("participated"))  # type: ignore[union-attr]
                and not record.of(h, "compulsory_inventory")
            ),
        )
        if h is not None:
            e = record.first(h, "inventory_done")
            assert e is not None
            story.out.correct(
                e, story.board, reason=REASON, happened_on=story.after(posted.happened_on, 6)
            )
            name(story, "case:inventoried-after-posting", "case", h.case.id)

    # INVENTORY-PERSUASION: a Km4–6 household that refused, persuaded by the board and the
    # commune only (no Fatherland Front) for a week, inventoried compulsorily four days later.
    h = picker.pick(
        2,
        lambda h: (
            not record.of(h, "inventory_done")
            and not record.of(h, "inventory_refused")
            and not record.of(h, "compulsory_inventory")
        ),
    )
    if h is not None:
        start = story.today - timedelta(days=30)
        story.case_act("inventory_refused", h, start, {})
        story.case_act(
            "persuasion",
            h,
            start + timedelta(days=2),
            {
                "ended_on": start + timedelta(days=9),
                "by": [r for r in PERSUADERS if r != "fatherland_front"],
                "purpose": "inventory",
            },
        )
        story.out.flush()
        story.case_act(
            "compulsory_inventory",
            h,
            start + timedelta(days=13),
            {"number": story.number("compulsory", "QĐ-KĐBB")},
        )
        name(story, "case:compulsory-without-front", "case", h.case.id)


# -- PLAN-*, OPINION-TALLY, meetings ------------------------------------------------------------


def plans_and_meetings(story: Story, record: Record, picker: Picker) -> None:
    drafts = story.drafts
    if 0 in drafts:
        name(story, "plan:Km0-2-draft", "plan", drafts[0].id)
    if 1 in drafts:
        # OPINION-TALLY: the board's summary differs from the record's count (script.py).
        # PLAN-POSTING: the draft was taken down 12 days after it was put up.
        name(story, "plan:Km2-4-draft", "plan", drafts[1].id)
        posted = Event.objects.filter(
            kind="posting_started", payload__plan=drafts[1].id, is_void=False
        ).order_by("happened_on")
        for p in posted[:1]:
            for end in Event.objects.filter(
                kind="posting_ended",
                payload__posting=p.id,
                superseded_by__isnull=True,
                is_void=False,
            ):
                story.out.correct(
                    end, story.board, reason=REASON, happened_on=p.happened_on + timedelta(12)
                )

    # PLAN-CONSULTED: a Km0–2 household absent from the consultation meetings whose written
    # opinion reached the board only after the plan was approved (the tally counts it still).
    approval = _approval(story, 0)
    h = picker.pick(
        0,
        lambda h: (
            len(record.of(h, "opinion")) == 1
            and record.of(h, "opinion")[0].payload.get("channel") == "written"
            and record.of(h, "opinion")[0].payload.get("opinion") in ("agree", "other")
        ),
        plain=False,
    )
    if h is not None and approval is not None:
        story.out.correct(
            record.of(h, "opinion")[0],
            story.board,
            reason=REASON,
            happened_on=story.after(approval[1], 5),
        )
        name(story, "case:no-opinion", "case", h.case.id)

    # DIALOGUE-HELD: the first Km0–2 objector along the road left without a dialogue.
    h = picker.pick(
        0,
        lambda h: (
            bool(record.of(h, "opinion"))
            and record.of(h, "opinion")[-1].payload.get("opinion") == "disagree"
            and not record.attended(h, "dialogue")
        ),
        plain=False,
    )
    if h is not None:
        name(story, "case:objector-without-dialogue", "case", h.case.id)

    # Three more dialogue meetings in Km2–4 with objectors still waiting: one lawful, one whose
    # minutes no household signed (MINUTES-SIGNED), one without the Front (DEM-FRONT-PRESENT).
    waiting = []
    for h in story.of_area(1):
        if h.case.id in picker.taken:
            continue
        said = record.of(h, "opinion")
        disagrees = bool(said) and said[-1].payload.get("opinion") == "disagree"
        if disagrees and not record.attended(h, "dialogue"):
            waiting.append(h)
    consulted = [
        m.happened_on
        for m in record.meetings
        if m.area_id == story.areas[1].id and m.payload.get("meeting_kind") == "consultation"
    ]
    others = [  # objectors who had a dialogue already: a second one
        h
        for h in story.of_area(1)
        if h.case.id not in picker.taken
        and h not in waiting
        and any(e.payload.get("opinion") == "disagree" for e in record.of(h, "opinion"))
    ]
    waiting += others
    if len(waiting) >= 3 and consulted:
        on = max(consulted)
        for k, (key, defect) in enumerate(
            (
                ("meeting:dialogue-lawful", None),
                ("meeting:dialogue-unsigned", "unsigned"),
                ("meeting:dialogue-without-front", "front_absent"),
            )
        ):
            h = waiting[k]
            picker.taken.add(h.case.id)
            recorded = story.meeting(
                1,
                "dialogue",
                story.after(on, 20 + k),
                h.hamlet,
                [h],
                [Outcome(h.case.id, "agree", "")],
                defect=defect,
            )
            name(story, key, "meeting", recorded.event.root_id or recorded.event.id)
            h.opinion = "agree"


# -- decisions, delivery, payment, handover, resettlement ---------------------------------------


def decisions_and_money(story: Story, record: Record, picker: Picker) -> None:
    approval = _approval(story, 0)
    # PLAN-APPROVED: a Km2–4 household decided before any plan of it was approved.
    h = picker.pick(1, lambda h: bool(record.of(h, "notice_delivered")))
    if h is not None:
        on = story.today - timedelta(days=12)
        story.case_act(
            "recovery_decided",
            h,
            on,
            {"number": story.number("decision", "QĐ-UBND"), "authority": authority(on)},
        )
        name(story, "case:decided-before-approval", "case", h.case.id)
    if approval is None:
        return
    effective, signed = approval

    # DECISION-DELIVERED: the approved plan reached a Km0–2 household 12 days after approval.
    h = picker.pick(0, lambda h: len(record.of(h, "plan_delivered")) == 1)
    if h is not None:
        e = record.of(h, "plan_delivered")[0]
        story.out.correct(e, story.board, reason=REASON, happened_on=signed + timedelta(12))
        name(story, "case:plan-delivered-late", "case", h.case.id)

    # RECOVERY-TIMING: a Km0–2 household whose plan was approved, decided months later.
    h = picker.pick(
        0,
        lambda h: bool(h.net) and not record.of(h, "recovery_decided"),
        plain=False,
    )
    if h is not None:
        on = story.after(effective, 75)
        story.case_act(
            "recovery_decided",
            h,
            on,
            {"number": story.number("decision", "QĐ-UBND"), "authority": authority(on)},
        )
        name(story, "case:decided-late", "case", h.case.id)

    # PAYMENT-DEADLINE: a Km0–2 household paid once, 45 days after the approval took effect
    # (its site not handed over).
    def once(h: Household) -> bool:
        return len(record.of(h, "payment")) == 1 and not record.of(h, "deposit")

    h = picker.pick(0, lambda h: once(h) and not record.of(h, "handover")) or picker.pick(
        0, once, plain=False
    )
    if h is not None:
        e = record.of(h, "payment")[0]
        story.out.correct(e, story.board, reason=REASON, happened_on=story.after(effective, 45))
        name(story, "case:paid-late", "case", h.case.id)

    # PAID-BEFORE-HANDOVER: a Km0–2 household paid in instalments that handed over its site
    # the day before the last one, with no early-handover agreement.
    def instalments(h: Household) -> bool:
        paid = record.of(h, "payment")
        handover = record.first(h, "handover")
        return (
            len(paid) >= 2
            and handover is not None
            and paid[-1].happened_on - paid[0].happened_on >= timedelta(days=2)
            and handover.happened_on >= paid[-1].happened_on
            and not record.of(h, "early_handover_agreement")
            and not record.of(h, "deposit")
        )

    h = picker.pick(0, instalments)
    if h is not None:
        handover = record.first(h, "handover")
        assert handover is not None
        last = record.of(h, "payment")[-1].happened_on
        story.out.correct(handover, story.board, reason=REASON, happened_on=last - timedelta(1))
        name(story, "case:handed-over-unpaid", "case", h.case.id)

    # RESETTLE-BEFORE-RECOVERY: a Km0–2 household to be resettled whose plot was handed over
    # to it only after its own site handover.
    def resettled(h: Household) -> bool:
        return bool(
            h.who.eligible
            and record.first(h, "resettlement_handed_over")
            and record.first(h, "handover")
            and record.first(h, "recovery_decided")
            and not record.of(h, "resettlement_agreed")
        )

    h = picker.pick(0, resettled, plain=False)
    if h is not None:
        got = record.first(h, "resettlement_handed_over")
        handover = record.first(h, "handover")
        assert got is not None and handover is not None
        story.out.correct(
            got, story.board, reason=REASON, happened_on=story.after(handover.happened_on, 10)
        )
        name(story, "case:resettled-late", "case", h.case.id)


# -- ENFORCEMENT-PRECONDITIONS ------------------------------------------------------------------


def enforcement(story: Story, record: Record, picker: Picker) -> None:
    """Two Km0–2 households decided but not handed over, enforced: one with every
    precondition, one whose enforcement decision was never posted."""
    for key, posted in (("case:enforced-lawfully", True), ("case:enforced-unposted", False)):
        h = picker.pick(
            0,
            lambda h: (
                bool(record.first(h, "recovery_decided"))
                and not record.of(h, "handover")
                and not record.of(h, "enforcement_decided")
            ),  # not the story's own (safeguards.py)
            plain=False,
        )
        if h is None:
            continue
        decided = record.first(h, "recovery_decided")
        assert decided is not None
        start = max(decided.happened_on + timedelta(days=30), story.today - timedelta(days=60))
        story.case_act(
            "persuasion",
            h,
            start,
            {"ended_on": start + timedelta(days=10), "by": PERSUADERS, "purpose": "enforcement"},
        )
        on = start + timedelta(days=15)
        story.out.flush()
        story.case_act(
            "enforcement_decided",
            h,
            on,
            {"number": story.number("enforcement", "QĐ-CC"), "authority": authority(on)},
        )
        story.out.flush()
        if posted:
            story.case_act("enforcement_posted", h, on + timedelta(days=1), {"places": POSTED_AT})
        story.case_act(
            "enforcement_delivered", h, on + timedelta(days=2), {"method": "refused_minutes"}
        )
        story.out.flush()
        story.case_act("enforcement_executed", h, on + timedelta(days=20), {})
        name(story, key, "case", h.case.id)


# -- GRV-* --------------------------------------------------------------------------------------


def grievances(story: Story, picker: Picker) -> None:
    """Three complaints from Km0–2 households about their compensation: one answered and
    settled in time, one accepted late (GRV-ACCEPT), one settled late (GRV-RESOLVE)."""
    approval = _approval(story, 0)
    if approval is None:
        return
    received = story.after(approval[0], 20)
    for k, (key, accept_after, settle_after) in enumerate(
        (
            ("grievance:lawful", 4, 25),
            ("grievance:accepted-late", 16, 20),
            ("grievance:settled-late", 3, 55),
        )
    ):
        h = picker.pick(0, lambda h: True)
        if h is None:
            return
        on = received + timedelta(days=7 * k)
        with seeding(story.out.typed_in(on)):
            recorded = grievance_create(
                project=story.project,
                actor=story.board,
                happened_on=on,
                values={
                    "grievance_kind": "complaint",
                    "channel": "written",
                    "cases": [h.case.id],
                    "complex": False,
                    "remote": False,
                    "summary": "Khiếu nại đơn giá bồi thường đất nông nghiệp trong phương án",
                },
            )
        g = recorded.event.grievance
        subject = Subject(grievance=g)
        after = recorded.event.recorded_at
        accepted = story.out.write(
            story.board,
            story.out.act(
                "grievance_accepted", subject, on + timedelta(accept_after), {}, after=after
            ),
        )
        settle = on + timedelta(accept_after + settle_after)
        if settle <= story.today:
            story.out.write(
                story.board,
                story.out.act(
                    "grievance_settled",
                    subject,
                    settle,
                    {"result": "partly", "number": story.number("grievance", "QĐ-GQKN")},
                    after=accepted.recorded_at,
                ),
            )
        name(story, key, "grievance", g.id)


# -- LND-* --------------------------------------------------------------------------------------


def lender(story: Story, record: Record, picker: Picker) -> None:
    # LND-VULNERABLE: a vulnerable Km0–2 household handed over with no support measure
    # (lawful.py records one for every other vulnerable household).
    h = picker.pick(
        0, lambda h: bool(picker.flags(h)) and bool(record.first(h, "handover")), plain=False
    )
    if h is not None:
        name(story, "case:vulnerable-without-support", "case", h.case.id)
        story.marks["unsupported"] = h.case.id

    # LND-FPIC: an ethnic-minority Km0–2 household decided on customary land without a
    # documented consent (the register: one of its holdings is customary land).
    h = picker.pick(
        0,
        lambda h: (
            "ethnic_minority" in picker.flags(h) and bool(record.first(h, "recovery_decided"))
        ),
        plain=False,
    )
    if h is not None:
        holding = Holding.objects.filter(land_user_id=h.case.land_user_id).order_by("id").first()
        if holding is not None and holding.tenure != Tenure.CUSTOMARY:
            holding_update(
                holding=holding, actor=story.board, reason=REASON, tenure=Tenure.CUSTOMARY
            )
        name(story, "case:no-fpic", "case", h.case.id)
        story.marks["no-fpic"] = h.case.id
