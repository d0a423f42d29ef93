"""The steps of one area's story, in the order they happen (domain.md, "The process"): each
writes its acts through the door (story.Story)."""

from __future__ import annotations

from datetime import timedelta

from consultations.attendance import area_land_users
from consultations.invitations import invitation_record
from consultations.meetings import Outcome
from consultations.models import Event
from consultations.rules.packs import default_packs
from consultations.seeding import seeding
from consultations.signatures import signature_confirm, signatures_record

from . import plans
from .script import (
    DISAGREE_CONCERNS,
    OTHER_CONCERNS,
    PERSUADERS,
    Script,
    authority,
)
from .story import Household, Story, lower, quota

DELIVERY_METHODS = ("in_person", "via_commune", "post", "refused_minutes")


def _persuasion_days() -> tuple[int, int]:
    """(days of persuasion, days after it before the compulsory decision): the numbers of the
    vn-2024 pack's INVENTORY-PERSUASION rule, which the audit checks (none in the code)."""
    rule = default_packs()["vn-2024"].rules["INVENTORY-PERSUASION"]
    in_force = rule.parameters["persuasion_days"].values[-1].since
    return (
        rule.parameters["persuasion_days"].at(in_force).value,
        rule.parameters["decision_after_days"].at(in_force).value,
    )


PERSUASION_DAYS, COMPULSORY_AFTER_DAYS = _persuasion_days()
DELIVERY_WEIGHTS = (78, 12, 6, 4)


def concern(story: Story, opinion: str) -> str:
    if opinion == "disagree":
        return story.rng.choice(DISAGREE_CONCERNS)
    if opinion == "other":
        return story.rng.choice(OTHER_CONCERNS)
    return ""


def session_defects(s: Script, kind: str, n: int) -> dict[int, str]:
    """Which sessions of this kind go wrong (the script's session, wrapped round a small demo)."""
    return {j % n: defect for k, j, defect in s.defects if k == kind and n}


def disseminate(story: Story, i: int, s: Script, hs: list[Household]) -> None:
    for k, (hamlet, group) in enumerate(story.sessions(hs, 80)):
        present = [h for h in group if story.rng.random() < 0.8] or group[:1]
        story.meeting(i, "dissemination", story.day(s.dissemination, 2 * k), hamlet, present)


def notify(story: Story, i: int, s: Script, hs: list[Household]) -> None:
    area = story.areas[i]
    on = story.day(s.notice)
    notice = story.area_act(
        "notice_issued", i, on, {"number": s.notice_number, "authority": authority(on)}
    )
    office = f"Trụ sở UBND {lower(area.commune.name) if area.commune else 'xã'}"
    place = f"{office} và nhà văn hóa các thôn"
    story.posting(i, story.day(s.notice, 1), "notice", place)
    story.posting(i, story.day(s.notice, 1), "land_user_list", place)
    rng = story.rng
    n_published = quota(len(hs), s.published, least=s.min_published)
    unreachable = set(rng.sample(range(len(hs)), n_published))
    reachable = [h for k, h in enumerate(hs) if k not in unreachable]
    reached = reachable[: quota(len(reachable), s.delivered)]
    for k, h in enumerate(reached):
        method = rng.choices(DELIVERY_METHODS, DELIVERY_WEIGHTS)[0]
        story.case_act(
            "notice_delivered",
            h,
            story.day(s.notice, 2 + s.delivery_days * k // max(1, len(reached))),
            {"method": method, "signed": method != "refused_minutes", "notice": notice.id},
            after=notice.recorded_at,
        )
    for k in sorted(unreachable):
        story.case_act(
            "notice_published",
            hs[k],
            story.day(s.notice, s.delivery_days + 4),
            {"newspaper_issues": 3, "radio_broadcasts": 3, "radio_days": 3},
        )
    if i == 1 and reached:
        story.marks["delivery"] = reached[len(reached) // 3]


def inventory(story: Story, i: int, s: Script, hs: list[Household]) -> None:
    assert s.inventory is not None
    rng = story.rng
    start, end = s.inventory
    span = (end - start).days
    visited = hs[: quota(len(hs), s.inventoried)]
    n_refuse = quota(len(visited), s.refusals, least=1 if s.refusals else 0)
    early = visited[: max(n_refuse, len(visited) // 2)]
    refusers = {id(h) for h in rng.sample(early, min(n_refuse, len(early)))}
    refused = []
    for k, h in enumerate(visited):
        on = story.day(start, span * k // max(1, len(visited)))
        if id(h) in refusers:
            refused.append((h, on))
            continue
        signed = rng.random() > 0.02
        story.case_act("inventory_done", h, on, {"participated": True, "signed": signed})
    for k, (h, on) in enumerate(refused):
        story.case_act("inventory_refused", h, on, {})
        outcome = s.refusal_outcomes[k % len(s.refusal_outcomes)]
        begun = story.after(on, 5)
        ended = begun + timedelta(days=PERSUASION_DAYS)
        decided = begun + timedelta(days=PERSUASION_DAYS + COMPULSORY_AFTER_DAYS + 6)
        if outcome == "compulsory" and decided > story.today:
            outcome = "ongoing"
        values = {"by": PERSUADERS, "purpose": "inventory"}
        if ended <= story.today and outcome != "ongoing":
            values["ended_on"] = ended
        story.case_act("persuasion", h, begun, values)
        if outcome == "persuaded":
            done = min(story.today, ended + timedelta(days=3))
            story.case_act("inventory_done", h, done, {"participated": True, "signed": True})
        elif outcome == "compulsory":
            # Written at once: its warning reads the persuasion on record (INVENTORY-PERSUASION).
            story.out.flush()
            number = story.number("compulsory", "QĐ-UBND")
            story.case_act("compulsory_inventory", h, decided, {"number": number})


def post_prices_and_plan(story: Story, i: int, s: Script) -> None:
    place = f"Nhà văn hóa các thôn, {story.areas[i].code}"
    if s.prices:
        for what in ("land_prices", "asset_prices", "resettlement_plan"):
            story.posting(i, story.day(s.prices), what, place)
    if s.draft_plan:
        title = "Dự thảo phương án bồi thường, hỗ trợ, tái định cư"
        # The first area's draft still had the old crop prices (the Front's recommendation).
        plan = plans.version(story, i, "draft", title, plans.prices_of(s, raised=i != 0))
        story.drafts[i] = plan
        story.posting(i, story.day(s.draft_plan), "draft_plan", place, plan=plan)


def consult(story: Story, i: int, s: Script, hs: list[Household]) -> None:
    assert s.consultation is not None
    rng, n = story.rng, len(hs)
    order = rng.sample(hs, n)
    n_dis, n_other, n_none = quota(n, 0.15, least=2), quota(n, 0.04, least=1), quota(n, 0.01)
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
    absent = {id(h) for h in rng.sample(hs, quota(n, 0.12, least=1))}
    sessions = story.sessions(hs, 60)
    defects = session_defects(s, "consultation", len(sessions))
    last = story.day(s.consultation)
    for k, (hamlet, group) in enumerate(sessions):
        present = [h for h in group if id(h) not in absent]
        if not present:
            continue
        on = story.day(s.consultation, 2 * k)
        last = max(last, on)
        defect = defects.get(k)
        invitation = invite(story, i, k, on, group) if i == 1 else None
        if i == 1 and defect is None and "signed-by-household" not in story.marks:
            defect = "signed_by_household" if len(present) >= 3 else None
        recorded = story.meeting(
            i,
            "consultation",
            on,
            hamlet,
            present,
            [Outcome(h.case.id, h.opinion, concern(story, h.opinion)) for h in present],
            defect=defect,
            invitation=invitation.id if invitation else None,
            after=invitation.recorded_at if invitation else None,
        )
        if defect == "unsigned":
            story.marks[f"unsigned-{i}"] = recorded.event
        elif defect == "signed_by_household":
            sign_by_household(story, recorded.event, present[:-1])
    writers = [h for h in hs if id(h) in absent]
    writers = writers[: max(1, len(writers) // 2)]
    wrote = {id(h) for h in writers}
    plan = story.plans.get(i)
    for h in writers:
        values = {"opinion": h.opinion, "channel": "written", "plan": plan}
        values["concerns"] = concern(story, h.opinion)
        story.case_act("opinion", h, story.after(last, rng.randint(1, 10)), values)
    for h in hs:
        if id(h) in absent and id(h) not in wrote:
            h.opinion = ""
    if i == 1:
        agreed = [h for h in hs if h.opinion == "agree" and id(h) not in absent]
        if agreed:
            story.marks["voided"] = agreed[len(agreed) // 2]
            story.marks["voided-after"] = last


def invite(story: Story, i: int, k: int, on, group: list[Household]):
    """The hamlet's households invited a week before their consultation session (by post or
    by hand): every land user of the area but those of the other sessions."""
    area = story.areas[i]
    if "area-users" not in story.marks:
        story.marks["area-users"] = area_land_users(area.id)
    others = story.marks["area-users"] - {h.case.land_user_id for h in group}
    sent = story.after(on, -7)
    with seeding(story.out.typed_in(sent)):
        return invitation_record(
            project=story.project,
            actor=story.board,
            area=area,
            happened_on=sent,
            meeting_kind="consultation",
            planned_on=on,
            method=("post", "in_person")[k % 2],
            exceptions=others,
        ).event


def sign_by_household(story: Story, meeting, signers: list[Household]) -> None:
    """The minutes signed on paper by each household's representative present but one (who
    left before the end: the missing signature); the commune People's Committee's signature
    then confirmed by the commune official, as their own act."""
    with seeding(story.out.typed_in(meeting.happened_on, after=meeting.recorded_at)):
        signed = signatures_record(
            project=story.project,
            actor=story.board,
            meeting=meeting,
            happened_on=meeting.happened_on,
            cases=[h.case.id for h in signers],
        )
    story.marks["signed-by-household"] = meeting
    commune_pc = Event.objects.get(
        kind="minutes_signed", payload__meeting=meeting.root_id, payload__role="commune_pc"
    )
    on = story.after(meeting.happened_on, 3)
    with seeding(story.out.typed_in(on, after=signed[-1].event.recorded_at)):
        signature_confirm(
            project=story.project, actor=story.official, signature=commune_pc, happened_on=on
        )


def hold_dialogues(story: Story, i: int, s: Script, hs: list[Household]) -> None:
    assert s.dialogue is not None
    objectors = [h for h in hs if h.opinion == "disagree"]
    if not objectors:
        return
    n = len(objectors)
    k = quota(n, s.dialogued, least=1)
    if n >= 2:
        k = min(k, n - 1)  # someone is still waiting for a dialogue
    chosen = story.rng.sample(objectors, k)
    sessions = story.sessions(chosen, 15)
    defects = session_defects(s, "dialogue", len(sessions))
    for j, (hamlet, group) in enumerate(sessions):
        outcomes = []
        for h in group:
            h.opinion = story.rng.choices(("agree", "other", "disagree"), (50, 15, 35))[0]
            concerns = "" if h.opinion == "agree" else concern(story, h.opinion)
            outcomes.append(Outcome(h.case.id, h.opinion, concerns))
        recorded = story.meeting(
            i,
            "dialogue",
            story.day(s.dialogue, 3 * j),
            hamlet,
            group,
            outcomes,
            defect=defects.get(j),
        )
        if i == 1 and j == 0:
            story.marks["dialogue"] = recorded.event
