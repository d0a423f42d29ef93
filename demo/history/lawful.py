"""What a lender-financed project records that the story (script.py) does not: the census and
its cut-off date, a targeted-support measure for every vulnerable household before its site is
handed over, and the documented consent of ethnic-minority households on customary land or to
be relocated (ESS5 / ESS7, the `lender-ess5` pack the demo project lists). Lawful throughout,
except the two households violations.py names (one without support, one without consent).

Every act through the door, as the story's (story.Story.case_act, area_act)."""

from __future__ import annotations

from datetime import timedelta

from consultations.models import Event
from landcases.models import Holding, Tenure
from landcases.services import holding_update

from .script import SCRIPTS
from .story import Household, Story
from .violations import REASON, Picker, Record, name

MEASURES = ("livelihood_restoration", "cash_allowance", "vocational_training")


def keep(story: Story) -> None:
    record = Record(story)
    picker = story.marks.get("picker")
    if not isinstance(picker, Picker):
        picker = Picker(story, record)
    census(story)
    support(story, record, picker)
    consent(story, record, picker)
    story.out.flush()


def census(story: Story) -> None:
    """LND-CUTOFF: the cut-off date announced with the first notice, the census closed when
    Km0–2's inventory ended."""
    first = SCRIPTS[0]
    assert first.inventory is not None
    announced = story.day(first.notice, 2)
    story.area_act(
        "cutoff_announced", None, announced, {"cutoff_on": announced, "method": "posting"}
    )
    story.area_act("census_closed", None, story.day(first.inventory[1], 3), {})
    name(story, "project", "project", story.project.id)


def support(story: Story, record: Record, picker: Picker) -> None:
    """LND-VULNERABLE: a measure for every vulnerable household whose site was handed over,
    a week before it; and for a few still waiting (it passes before any handover)."""
    skip = story.marks.get("unsupported")
    n = 0
    for h in story.households:
        if not picker.flags(h) or h.case.id == skip:
            continue
        handover = record.first(h, "handover")
        if handover is not None:
            on = handover.happened_on - timedelta(days=7)
        elif record.first(h, "recovery_decided") is not None and n < 5:
            on = story.today - timedelta(days=10)
        else:
            continue
        n += 1
        measure = MEASURES[n % len(MEASURES)]
        story.case_act("support_measure", h, on, {"measure": measure})


def _concerned(picker: Picker, h: Household) -> bool:
    return "ethnic_minority" in picker.flags(h) and (h.who.eligible or _customary(h))


def _customary(h: Household) -> bool:
    return Holding.objects.filter(
        land_user_id=h.case.land_user_id, tenure=Tenure.CUSTOMARY
    ).exists()


def consent(story: Story, record: Record, picker: Picker) -> None:
    """LND-FPIC: consent of every concerned household, documented before its decision (or
    now, when none is due yet). If no household is concerned, the first ethnic-minority one
    along the road holds customary land (the register says so) and consented."""
    skip = story.marks.get("no-fpic")
    concerned = [h for h in story.households if h.case.id != skip and _concerned(picker, h)]
    if not concerned:
        ethnic = [
            h
            for h in story.households
            if h.case.id != skip
            and h.case.id not in picker.taken
            and "ethnic_minority" in picker.flags(h)
        ]
        if ethnic:
            h = ethnic[0]
            holding = (
                Holding.objects.filter(land_user_id=h.case.land_user_id).order_by("id").first()
            )
            if holding is not None:
                holding_update(
                    holding=holding, actor=story.board, reason=REASON, tenure=Tenure.CUSTOMARY
                )
                concerned = [h]
    for k, h in enumerate(concerned):
        decided = record.first(h, "recovery_decided")
        notice = (
            Event.objects.filter(case=h.case, kind="notice_delivered")
            .order_by("happened_on")
            .first()
        )
        if decided is not None:
            on = decided.happened_on - timedelta(days=20)
        elif notice is not None:
            on = notice.happened_on + timedelta(days=10)
        else:
            on = story.today - timedelta(days=5)
        basis = "relocation" if h.who.eligible else "customary_land"
        story.case_act(
            "fpic_record",
            h,
            on,
            {"basis": basis, "consultation_on": on - timedelta(days=3), "consent": "given"},
        )
        if k == 0:
            name(story, "case:fpic-given", "case", h.case.id)
