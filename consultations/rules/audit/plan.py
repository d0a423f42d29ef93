"""PLAN-POSTING, PLAN-APPROVED, DECISION-DELIVERED: the plan's posting, approval and delivery."""

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
    missing,
    rule,
    words,
)

POSTING_READS = (
    "kind",
    "posting_started_on",
    "posting_ended_on",
    "posted_commune",
    "posted_residential",
    "postings_unplaced",
    "consultation_on",
)
POSTING_REASONS = {
    "revised": gettext_noop(
        "a revised version amends the draft after its consultation: its posting was the draft's"
    ),
    "not_posted": gettext_noop(
        "consultation meeting on {consultation_on} with the draft plan never posted"
    ),
    "meeting_before_posting": gettext_noop(
        "consultation meeting on {consultation_on}, before the posting "
        "started on {posting_started_on}"
    ),
    "places_unknown": gettext_noop(
        "{postings_unplaced} posting(s) of the plan without places recorded"
    ),
    "place_missing": gettext_noop(
        "posted only at {places_posted}: the commune office and the residential "
        "area are both required"
    ),
}


def _places(f: Table) -> np.ndarray:
    names = np.where(f["posted_commune"], gettext_noop("commune office"), "")
    both = f["posted_commune"] & f["posted_residential"]
    names = np.where(both, gettext_noop("commune office and residential area"), names)
    names = np.where(
        ~f["posted_commune"] & f["posted_residential"], gettext_noop("residential area"), names
    )
    return np.where(names == "", gettext_noop("no place"), names).astype(object)


@rule(
    "plan_posting",
    subject="plan",
    reads=POSTING_READS,
    reasons={
        **POSTING_REASONS,
        "no_meeting": gettext_noop(
            "posted since {posting_started_on}; the consultation meeting may be held "
            "from {earliest_meeting_on}"
        ),
        "not_yet_posted": gettext_noop("the draft plan is not posted yet"),
        "long_enough": gettext_noop(
            "posted {posted_days} days (from {posting_started_on}) before the "
            "consultation meeting on {consultation_on}; {p_posting_days} required"
        ),
        "too_short": gettext_noop(
            "posted only {posted_days} days (from {posting_started_on} until "
            "{posted_until_on}) before the consultation meeting on {consultation_on}; "
            "{p_posting_days} required"
        ),
    },
)
def plan_posting(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(3)(a): the draft plan posted at the commune office and the residential area
    # for 30 days, then the consultation meeting. The meeting day counts as the posting's last
    # (the posting runs until the meeting opens); a posting taken down earlier ends the count.
    out = Outcome(len(f))
    start, ended, meeting = f["posting_started_on"], f["posting_ended_on"], f["consultation_on"]
    period = p.period("posting_days")
    until = earliest(ended, meeting)
    days = out.lead(gettext_noop("posted"), start, until, period.unit, ctx.calendar)
    places_ok = f["posted_commune"] & f["posted_residential"]
    out.use(
        posted_until_on=until,
        earliest_meeting_on=start + np.timedelta64(period.amount, "D"),
        places_posted=words(_places(f)),
    )
    out.decide(is_(f["kind"], "revised"), NOT_APPLICABLE, "revised")
    out.decide(has(meeting) & missing(start), FAIL, "not_posted", since=meeting)
    out.decide(has(meeting) & (meeting < start), FAIL, "meeting_before_posting", since=meeting)
    out.decide(missing(start), OPEN, "not_yet_posted")
    out.decide(missing(meeting), OPEN, "no_meeting")
    out.decide(
        ~places_ok & (f["postings_unplaced"] > 0),
        CANNOT_EVALUATE,
        "places_unknown",
        missing="posting_started.places",
    )
    out.decide(~places_ok, FAIL, "place_missing", since=meeting)
    out.decide(days >= period.amount, PASS, "long_enough")
    out.decide(True, FAIL, "too_short", since=meeting)
    return out


@rule(
    "plan_posting_concurrent",
    subject="plan",
    reads=POSTING_READS,
    reasons={
        **POSTING_REASONS,
        "not_yet_posted": gettext_noop("the draft plan is not posted yet"),
        "posting": gettext_noop(
            "posted since {posting_started_on}; the posting runs until at least "
            "{earliest_end_on}, with the opinion meeting held during it"
        ),
        "meeting_after_posting": gettext_noop(
            "consultation meeting on {consultation_on}, after the posting "
            "ended on {posting_ended_on}: under the 2013 law it is held during the posting"
        ),
        "no_meeting": gettext_noop(
            "the posting ended on {posting_ended_on} without a consultation meeting during it"
        ),
        "awaiting_meeting": gettext_noop("posted {posted_days} days; no consultation meeting yet"),
        "long_enough": gettext_noop(
            "posted {posted_days} days from {posting_started_on}, with the "
            "consultation meeting on {consultation_on} during it; {p_posting_days} required"
        ),
        "too_short": gettext_noop(
            "posted only {posted_days} days ({posting_started_on} to "
            "{posting_ended_on}); {p_posting_days} required"
        ),
    },
)
def plan_posting_concurrent(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2013 Art. 69(2)(a): the draft plan posted for 20 days (U) at the commune office and the
    # residential area, with the opinion meeting held at the same time ("đồng thời").
    out = Outcome(len(f))
    start, ended, meeting = f["posting_started_on"], f["posting_ended_on"], f["consultation_on"]
    period = p.period("posting_days")
    until = np.where(missing(ended), ctx.today, ended)
    days = out.lead(gettext_noop("posted"), start, until, period.unit, ctx.calendar)
    places_ok = f["posted_commune"] & f["posted_residential"]
    out.use(
        earliest_end_on=start + np.timedelta64(period.amount, "D"), places_posted=words(_places(f))
    )
    out.decide(is_(f["kind"], "revised"), NOT_APPLICABLE, "revised")
    out.decide(has(meeting) & missing(start), FAIL, "not_posted", since=meeting)
    out.decide(has(meeting) & (meeting < start), FAIL, "meeting_before_posting", since=meeting)
    out.decide(
        has(meeting) & has(ended) & (meeting > ended), FAIL, "meeting_after_posting", since=meeting
    )
    out.decide(missing(start), OPEN, "not_yet_posted")
    out.decide(missing(ended) & (days < period.amount), OPEN, "posting")
    out.decide(
        ~places_ok & (f["postings_unplaced"] > 0),
        CANNOT_EVALUATE,
        "places_unknown",
        missing="posting_started.places",
    )
    out.decide(
        ~places_ok & (has(ended) | has(meeting)),
        FAIL,
        "place_missing",
        since=earliest(meeting, ended),
    )
    out.decide(has(ended) & missing(meeting), FAIL, "no_meeting", since=ended + ONE_DAY)
    out.decide(missing(meeting), OPEN, "awaiting_meeting")
    out.decide(days >= period.amount, PASS, "long_enough")
    out.decide(True, FAIL, "too_short", since=ended)
    return out


APPROVAL_READS = ("has_plan_line", "approval_on", "approval_authority", "recovery_decided_on")


def _authority(f: Table, ctx: Context) -> np.ndarray:
    """The approving authority the pack names for the approval's date (informative)."""
    return ctx.pack_value("approving_authority", f["approval_on"])


@rule(
    "plan_approved",
    subject="case",
    reads=APPROVAL_READS,
    reasons={
        "no_plan": gettext_noop("the land user has no line in any plan version"),
        "not_decided": gettext_noop("no recovery decision yet"),
        "approved_before": gettext_noop(
            "plan approved on {approval_on} (by {approval_authority}; the pack "
            "names {expected_authority}), recovery decided on {recovery_decided_on}"
        ),
        "not_approved": gettext_noop(
            "recovery decided on {recovery_decided_on} with no approved plan for "
            "the household before it"
        ),
    },
)
def plan_approved(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(3)–(5): the plan for this household approved before the recovery decision
    # (the same day counts: the 2013 law even required it).
    out = Outcome(len(f))
    approved, decided = f["approval_on"], f["recovery_decided_on"]
    out.use(expected_authority=words(_authority(f, ctx)))
    # A household in no plan version concerns the rule once its land is decided on: a decision
    # with no plan at all is the plainest breach.
    out.decide(~f["has_plan_line"] & missing(decided), NOT_APPLICABLE, "no_plan")
    out.decide(missing(decided), OPEN, "not_decided")
    out.decide(has(approved) & (approved <= decided), PASS, "approved_before")
    out.decide(True, FAIL, "not_approved", since=decided)
    return out


@rule(
    "plan_approved_same_day",
    subject="case",
    reads=APPROVAL_READS,
    reasons={
        "no_plan": gettext_noop("the land user has no line in any plan version"),
        "not_decided": gettext_noop("no recovery decision yet"),
        "same_day": gettext_noop(
            "plan approved and recovery decided on the same day, {approval_on}"
        ),
        "not_same_day": gettext_noop(
            "plan approved on {approval_on}, recovery decided on "
            "{recovery_decided_on}: the 2013 law requires the same day"
        ),
    },
)
def plan_approved_same_day(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2013 Art. 69(3): the plan approved on the same day as the recovery decision.
    out = Outcome(len(f))
    approved, decided = f["approval_on"], f["recovery_decided_on"]
    out.use(expected_authority=words(_authority(f, ctx)))
    # A household in no plan version concerns the rule once its land is decided on: a decision
    # with no plan at all is the plainest breach.
    out.decide(~f["has_plan_line"] & missing(decided), NOT_APPLICABLE, "no_plan")
    out.decide(missing(decided), OPEN, "not_decided")
    out.decide(approved == decided, PASS, "same_day")
    out.decide(True, FAIL, "not_same_day", since=decided)
    return out


@rule(
    "decision_delivered",
    subject="case",
    reads=("has_plan_line", "approval_on", "plan_delivered_on"),
    reasons={
        "no_plan": gettext_noop("the land user has no line in any plan version"),
        "not_approved": gettext_noop("no approved plan for the household yet"),
        "in_time": gettext_noop(
            "approved on {approval_on}, delivered on {plan_delivered_on} (due by {delivery_due_on})"
        ),
        "late": gettext_noop(
            "approved on {approval_on}, delivered on {plan_delivered_on}, after {delivery_due_on}"
        ),
        "due": gettext_noop("approved on {approval_on}; to be delivered by {delivery_due_on}"),
        "not_delivered": gettext_noop(
            "approved on {approval_on}, not delivered by {delivery_due_on}"
        ),
    },
)
def decision_delivered(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(4)(b) (S): the approved plan delivered to the household within 3 working days.
    out = Outcome(len(f))
    approved, delivered = f["approval_on"], f["plan_delivered_on"]
    due = out.deadline(
        gettext_noop("delivery due"),
        approved,
        p.period("delivery_working_days"),
        roll_forward=True,
        calendar=ctx.calendar,
    )
    out.decide(~f["has_plan_line"], NOT_APPLICABLE, "no_plan")
    out.decide(missing(approved), OPEN, "not_approved")
    out.decide(has(delivered) & (delivered <= due), PASS, "in_time")
    out.decide(has(delivered), FAIL, "late", since=due + ONE_DAY)
    out.decide(ctx.today <= due, OPEN, "due", due_on=due)
    out.decide(True, FAIL, "not_delivered", since=due + ONE_DAY)
    return out
