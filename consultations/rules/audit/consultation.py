"""PLAN-CONSULTED, MINUTES-SIGNED, OPINION-TALLY, DIALOGUE-HELD: the opinion and the dialogue."""

from __future__ import annotations

import numpy as np

from ..columns import Table
from ..i18n import gettext_noop
from .outcome import (
    CANNOT_EVALUATE,
    FAIL,
    NOT_APPLICABLE,
    ONE_DAY,
    OPEN,
    PASS,
    Context,
    Outcome,
    Params,
    earliest,
    has,
    is_,
    lacking,
    missing,
    rule,
)

GIVEN = ("agree", "disagree", "other")


@rule(
    "plan_consulted",
    subject="case",
    reads=("has_plan_line", "consultation_on", "opinion", "opinion_on", "approval_on"),
    reasons={
        "no_plan": gettext_noop("the land user has no line in any plan version"),
        "consulted": gettext_noop(
            "consultation meeting on {consultation_on}; opinion {opinion} recorded on {opinion_on}"
        ),
        "no_meeting": gettext_noop(
            "plan approved on {approval_on} with no consultation meeting with the household"
        ),
        "no_opinion": gettext_noop(
            "plan approved on {approval_on} without the household's opinion "
            "(agree / disagree / other) recorded before it"
        ),
        "not_yet": gettext_noop("consultation not complete yet"),
    },
)
def plan_consulted(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(3)(a); LL2013 Art. 69(2): a consultation meeting, and the household's opinion
    # (agree / disagree / other; "no opinion" is not one) recorded at it or in writing, before the
    # plan is approved.
    out = Outcome(len(f))
    approved, said = f["approval_on"], f["opinion_on"]
    given = is_(f["opinion"], *GIVEN) & (missing(approved) | (said <= approved))
    consulted = has(f["consultation_on"])
    out.decide(~f["has_plan_line"], NOT_APPLICABLE, "no_plan")
    out.decide(given & consulted, PASS, "consulted")
    out.decide(has(approved) & ~consulted, FAIL, "no_meeting", since=approved)
    out.decide(has(approved), FAIL, "no_opinion", since=approved)
    out.decide(True, OPEN, "not_yet")
    return out


@rule(
    "minutes_signed",
    subject="meeting",
    reads=("kind", "held_on", "signed_commune_pc", "signed_front", "household_signatures"),
    reasons={
        "other_meeting": gettext_noop("a {kind} meeting keeps no consultation or dialogue minutes"),
        "signed": gettext_noop(
            "minutes signed by the commune PC, the Fatherland Front and "
            "{household_signatures} household representative(s)"
        ),
        "today": gettext_noop("the meeting is today; its minutes are signed at its close"),
        "unsigned": gettext_noop("minutes of {held_on} lack the signature of {signatures_missing}"),
    },
)
def minutes_signed(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2013 Art. 69(2)(a): minutes confirmed by the commune PC, the Fatherland Front and
    # representatives of the households (kept as the best available basis for 2024).
    out = Outcome(len(f))
    enough = f["household_signatures"] >= p.value("household_signatures")
    signed = f["signed_commune_pc"] & f["signed_front"] & enough
    out.use(
        signatures_missing=lacking(
            {
                gettext_noop("the commune PC"): f["signed_commune_pc"],
                gettext_noop("the Fatherland Front"): f["signed_front"],
                gettext_noop("household representatives"): enough,
            }
        )
    )
    out.decide(~is_(f["kind"], "consultation", "dialogue"), NOT_APPLICABLE, "other_meeting")
    out.decide(signed, PASS, "signed")
    out.decide(f["held_on"] >= ctx.today, OPEN, "today", due_on=f["held_on"])
    out.decide(True, FAIL, "unsigned", since=f["held_on"] + ONE_DAY)
    return out


@rule(
    "opinion_tally",
    subject="plan",
    reads=(
        "kind",
        "summary_on",
        "summary_agree",
        "summary_disagree",
        "summary_other",
        "opinions_agree",
        "opinions_disagree",
        "opinions_other",
        "approved_on",
    ),
    reasons={
        "revised": gettext_noop("a revised version is not put to opinions again"),
        "tallied": gettext_noop(
            "summary of {summary_on}: {summary_agree} agree, {summary_disagree} "
            "disagree, {summary_other} other, as recorded"
        ),
        "mismatch": gettext_noop(
            "summary of {summary_on} says {summary_agree} / {summary_disagree} / "
            "{summary_other} (agree / disagree / other); the record holds {opinions_agree} / "
            "{opinions_disagree} / {opinions_other}"
        ),
        "approved_without": gettext_noop(
            "plan approved on {approved_on} without an opinion summary"
        ),
        "not_yet": gettext_noop("no opinion summary yet"),
    },
)
def opinion_tally(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2013 Art. 69(2)(b): the plan's summary counts agree / disagree / other equal the
    # recorded opinions (kept as the best available basis for 2024).
    out = Outcome(len(f))
    same = (
        (f["summary_agree"] == f["opinions_agree"])
        & (f["summary_disagree"] == f["opinions_disagree"])
        & (f["summary_other"] == f["opinions_other"])
    )
    summary = has(f["summary_on"])
    out.decide(is_(f["kind"], "revised"), NOT_APPLICABLE, "revised")
    out.decide(summary & same, PASS, "tallied")
    out.decide(summary, FAIL, "mismatch", since=f["summary_on"])
    out.decide(has(f["approved_on"]), FAIL, "approved_without", since=f["approved_on"])
    out.decide(True, OPEN, "not_yet")
    return out


DIALOGUE_READS = (
    "has_plan_line",
    "opinion",
    "opinion_on",
    "consultation_on",
    "dialogue_on",
    "plan_appraised_on",
    "approval_on",
)
DIALOGUE_REASONS = {
    "no_plan": gettext_noop("the land user has no line in any plan version"),
    "no_opinion": gettext_noop(
        "plan approved on {approval_on} with no opinion recorded: whether a dialogue "
        "was owed cannot be told"
    ),
    "no_opinion_yet": gettext_noop("no opinion recorded yet"),
    "agreed": gettext_noop("the household's opinion is {opinion}: no dialogue is owed"),
}


@rule(
    "dialogue_held",
    subject="case",
    reads=DIALOGUE_READS,
    reasons={
        **DIALOGUE_REASONS,
        "held": gettext_noop(
            "disagreed on {opinion_on}; dialogue on {dialogue_on}, within the period "
            "(until {dialogue_due_on}) and before approval"
        ),
        "late": gettext_noop(
            "dialogue on {dialogue_on}, after the period ended on {dialogue_due_on}"
        ),
        "after_approval": gettext_noop(
            "dialogue on {dialogue_on}, after the plan was approved on {approval_on}"
        ),
        "approved_without": gettext_noop(
            "plan approved on {approval_on} with no dialogue with the household, which disagreed"
        ),
        "due": gettext_noop("disagreed on {opinion_on}; a dialogue is due by {dialogue_due_on}"),
        "missed": gettext_noop("disagreed on {opinion_on}; no dialogue by {dialogue_due_on}"),
    },
)
def dialogue_held(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2013 Art. 69(2) (V) and the 2024 practice (S): a dialogue with every household that
    # disagreed, before the plan is approved and within 60 days of the opinion meeting (the
    # household's consultation meeting; its written opinion's date when it had none).
    out = Outcome(len(f))
    approved, held = f["approval_on"], f["dialogue_on"]
    start = np.where(has(f["consultation_on"]), f["consultation_on"], f["opinion_on"])
    due = out.deadline(
        gettext_noop("dialogue due"),
        start,
        p.period("dialogue_within_days"),
        roll_forward=True,
        calendar=ctx.calendar,
    )
    _common(out, f)
    before_approval = missing(approved) | (held <= approved)
    out.decide(has(held) & (held <= due) & before_approval, PASS, "held")
    out.decide(has(held) & (held > due), FAIL, "late", since=due + ONE_DAY)
    out.decide(has(held), FAIL, "after_approval", since=approved)
    out.decide(has(approved) & (approved <= due), FAIL, "approved_without", since=approved)
    out.decide(ctx.today <= due, OPEN, "due", due_on=due)
    out.decide(True, FAIL, "missed", since=due + ONE_DAY)
    return out


@rule(
    "dialogue_before_submission",
    subject="case",
    reads=DIALOGUE_READS,
    reasons={
        **DIALOGUE_REASONS,
        "held": gettext_noop(
            "disagreed on {opinion_on}; dialogue on {dialogue_on}, before submission"
        ),
        "too_late": gettext_noop(
            "dialogue on {dialogue_on}, after the plan was submitted ({submitted_on})"
        ),
        "submitted_without": gettext_noop(
            "plan submitted ({submitted_on}) with no dialogue with the household, which disagreed"
        ),
        "due": gettext_noop(
            "disagreed on {opinion_on}; a dialogue is due before the plan is submitted"
        ),
    },
)
def dialogue_before_submission(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2013 Art. 69(2): a dialogue with every household that disagreed before the plan is
    # submitted for approval. Submission is not recorded: its appraisal (which follows it) or,
    # failing that, its approval stands for it.
    out = Outcome(len(f))
    held = f["dialogue_on"]
    submitted = earliest(f["plan_appraised_on"], f["approval_on"])
    out.use(submitted_on=submitted)
    _common(out, f)
    out.decide(has(held) & (missing(submitted) | (held <= submitted)), PASS, "held")
    out.decide(has(held), FAIL, "too_late", since=submitted)
    out.decide(has(submitted), FAIL, "submitted_without", since=submitted)
    out.decide(True, OPEN, "due")
    return out


def _common(out: Outcome, f: Table) -> None:
    out.decide(~f["has_plan_line"], NOT_APPLICABLE, "no_plan")
    no_opinion = missing(f["opinion_on"])
    out.decide(no_opinion & has(f["approval_on"]), CANNOT_EVALUATE, "no_opinion", missing="opinion")
    out.decide(no_opinion, OPEN, "no_opinion_yet")
    out.decide(~is_(f["opinion"], "disagree"), NOT_APPLICABLE, "agreed")
