"""RECOVERY-TIMING, PAYMENT-DEADLINE, RESETTLE-BEFORE-RECOVERY, PAID-BEFORE-HANDOVER,
ENFORCEMENT-PRECONDITIONS: the decision, the money, the land and the last resort."""

from __future__ import annotations

from datetime import date

import numpy as np

from ..calendar import NAT
from ..columns import INT_NULL, Table
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
    PerRow,
    earliest,
    has,
    lacking,
    missing,
    rule,
    true,
    words,
)


@rule(
    "recovery_timing",
    subject="case",
    reads=(
        "parcels",
        "resettlement_eligible",
        "approval_on",
        "resettlement_agreed_on",
        "resettlement_handed_over_on",
        "recovery_decided_on",
    ),
    reasons={
        "no_parcel": gettext_noop("the land user holds no parcel: no land of theirs is recovered"),
        "conditions_not_met": gettext_noop(
            "none of the conditions of the recovery decision is met yet"
        ),
        "before_conditions": gettext_noop(
            "decided on {recovery_decided_on}, before its conditions were met "
            "(see PLAN-APPROVED and RESETTLE-BEFORE-RECOVERY): not late"
        ),
        "in_time": gettext_noop(
            "conditions met on {conditions_met_on}; decided on {recovery_decided_on} "
            "(due by {decision_due_on})"
        ),
        "late": gettext_noop(
            "conditions met on {conditions_met_on}; decided on {recovery_decided_on}, after "
            "{decision_due_on}"
        ),
        "due": gettext_noop(
            "conditions met on {conditions_met_on}; the decision is due by {decision_due_on}"
        ),
        "overdue": gettext_noop(
            "conditions met on {conditions_met_on}; no decision by {decision_due_on}"
        ),
    },
)
def recovery_timing(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(5) (first three conditions V): the recovery decision within 10 days of the
    # first condition met — the plan approved where no resettlement is due; the household agreed
    # to resettlement; resettlement land or housing handed over.
    out = Outcome(len(f))
    approved_no_resettlement = np.where(true(f["resettlement_eligible"]), NAT, f["approval_on"])
    met = earliest(
        approved_no_resettlement, f["resettlement_agreed_on"], f["resettlement_handed_over_on"]
    )
    decided = f["recovery_decided_on"]
    due = out.deadline(
        gettext_noop("decision due"),
        met,
        p.period("decide_within_days"),
        roll_forward=True,
        calendar=ctx.calendar,
    )
    out.use(conditions_met_on=met)
    out.decide(f["parcels"] == 0, NOT_APPLICABLE, "no_parcel")
    out.decide(has(decided) & (missing(met) | (decided < met)), PASS, "before_conditions")
    out.decide(missing(met), OPEN, "conditions_not_met")
    out.decide(has(decided) & (decided <= due), PASS, "in_time")
    out.decide(has(decided), FAIL, "late", since=due + ONE_DAY)
    out.decide(ctx.today <= due, OPEN, "due", due_on=due)
    out.decide(True, FAIL, "overdue", since=due + ONE_DAY)
    return out


PAYMENT_READS = ("has_plan_line", "net_amount", "paid_amount", "paid_in_full_on")
PAYMENT_REASONS = {
    "no_plan": gettext_noop("the land user has no line in any plan version"),
    "nothing_owed": gettext_noop("the net amount in force is {net_amount} VND: nothing to pay"),
    "in_time": gettext_noop("paid in full on {paid_in_full_on} (due by {payment_due_on})"),
    "paid_late": gettext_noop(
        "paid in full on {paid_in_full_on}, {late_days} day(s) after {payment_due_on}; "
        "late-payment amount owed {late_amount} VND"
    ),
    "due": gettext_noop(
        "{paid_amount} of {net_amount} VND paid; the rest is due by {payment_due_on}"
    ),
    "unpaid": gettext_noop(
        "{paid_amount} of {net_amount} VND paid; {late_days} day(s) past "
        "{payment_due_on}; late-payment amount owed so far {late_amount} VND"
    ),
}


def late_amount(
    payments: list[tuple[date, int]], net: int, due: date, until: date, rate: float
) -> int:
    """rate × each amount paid late × the days it was late, and the rest unpaid to `until`."""
    outstanding = net - sum(a for d, a in payments if d <= due)
    total = 0.0
    for day, amount in payments:
        if day <= due or outstanding <= 0:
            continue
        part = min(amount, outstanding)
        total += part * (day - due).days
        outstanding -= part
    if outstanding > 0:
        total += outstanding * (until - due).days
    return round(total * rate)


def _payment(f: Table, p: Params, ctx: Context, start: np.ndarray, start_name: str) -> Outcome:
    out = Outcome(len(f))
    net, paid_on = f["net_amount"], f["paid_in_full_on"]
    due = out.deadline(
        gettext_noop("payment due"),
        start,
        p.period("pay_within_days"),
        roll_forward=True,
        calendar=ctx.calendar,
    )
    stop = np.where(has(paid_on), paid_on, ctx.today)
    late_days = np.where(has(due) & (stop > due), (stop - due).astype(np.int64), 0)
    rate = float(p.value("late_payment_rate"))

    def owed(i: int) -> int | None:
        if late_days[i] <= 0 or net[i] == INT_NULL:
            return None
        payments = f.extra["payments"][i]
        return late_amount(payments, int(net[i]), due[i].item(), stop[i].item(), rate)

    out.use(late_days=late_days, late_amount=PerRow(len(f), owed), payment_clock_on=start)
    out.decide(~f["has_plan_line"], NOT_APPLICABLE, "no_plan")
    out.decide(has(net) & (net <= 0), NOT_APPLICABLE, "nothing_owed")
    out.decide(missing(start), OPEN, "clock_not_started")
    out.decide(
        missing(net),
        CANNOT_EVALUATE,
        "no_amount",
        missing="an approved plan version (the amount owed)",
    )
    out.decide(has(paid_on) & (paid_on <= due), PASS, "in_time")
    out.decide(has(paid_on), FAIL, "paid_late", since=due + ONE_DAY)
    out.decide(ctx.today <= due, OPEN, "due", due_on=due)
    out.decide(True, FAIL, "unpaid", since=due + ONE_DAY)
    return out


@rule(
    "payment_deadline",
    subject="case",
    reads=(*PAYMENT_READS, "approval_effective_on", "payment_clock_on"),
    reasons={
        **PAYMENT_REASONS,
        "clock_not_started": gettext_noop("no approved plan in force for the household yet"),
        "no_amount": gettext_noop("no approved plan version: the amount owed is not known"),
    },
)
def payment_deadline(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 94: paid in full within 30 days of the plan approval taking effect; otherwise
    # a late-payment amount at the Tax Administration Law's rate (U). Each approval starts its
    # own clock: the clock is that of the latest approval counted in the net in force.
    return _payment(f, p, ctx, f["payment_clock_on"], "payment_clock_on")


@rule(
    "payment_deadline_from_decision",
    subject="case",
    reads=(*PAYMENT_READS, "recovery_decided_on"),
    reasons={
        **PAYMENT_REASONS,
        "clock_not_started": gettext_noop("no recovery decision yet: the 30 days run from it"),
        "no_amount": gettext_noop(
            "recovery decided with no approved plan version: the amount owed is not known"
        ),
    },
)
def payment_deadline_from_decision(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2013 Art. 93: paid in full within 30 days of the recovery decision taking effect.
    return _payment(f, p, ctx, f["recovery_decided_on"], "recovery_decided_on")


@rule(
    "resettle_before_recovery",
    subject="case",
    reads=(
        "resettlement_eligible",
        "resettlement_agreed_on",
        "resettlement_handed_over_on",
        "recovery_decided_on",
        "handover_on",
    ),
    reasons={
        "not_eligible": gettext_noop("the household is not to be resettled"),
        "not_yet": gettext_noop("no recovery decision or handover yet"),
        "awaiting": gettext_noop(
            "the household agreed to resettlement on {resettlement_agreed_on}; the plot "
            "or house must be handed over before the site is"
        ),
        "resettled": gettext_noop(
            "plot or house handed over on {resettlement_handed_over_on}, before "
            "{resettle_by_what} ({resettle_by_on})"
        ),
        "not_resettled": gettext_noop(
            "{resettle_by_what} on {resettle_by_on} before the plot or house was handed over"
        ),
    },
)
def resettle_before_recovery(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(5): a household to be resettled receives its plot or house before the
    # recovery decision; where it agreed to resettlement first (a condition of the decision),
    # before it hands over the site.
    out = Outcome(len(f))
    decided, handover, agreed = (
        f["recovery_decided_on"],
        f["handover_on"],
        f["resettlement_agreed_on"],
    )
    agreed_first = has(agreed) & (missing(decided) | (agreed <= decided))
    by = np.where(agreed_first, handover, earliest(decided, handover))
    what = np.where(
        agreed_first,
        gettext_noop("the site handover"),
        np.where(
            by == decided, gettext_noop("the recovery decision"), gettext_noop("the site handover")
        ),
    )
    got = f["resettlement_handed_over_on"]
    out.use(resettle_by_on=by, resettle_by_what=words(what))
    out.decide(~true(f["resettlement_eligible"]), NOT_APPLICABLE, "not_eligible")
    out.decide(agreed_first & missing(handover), OPEN, "awaiting")
    out.decide(missing(by), OPEN, "not_yet")
    out.decide(has(got) & (got <= by), PASS, "resettled")
    out.decide(True, FAIL, "not_resettled", since=by)
    return out


@rule(
    "paid_before_handover",
    subject="case",
    reads=(
        "has_plan_line",
        "net_amount",
        "paid_in_full_on",
        "early_handover_agreed_on",
        "handover_on",
    ),
    reasons={
        "no_plan": gettext_noop("the land user has no line in any plan version"),
        "nothing_owed": gettext_noop("the net amount in force is {net_amount} VND: nothing to pay"),
        "no_handover": gettext_noop("no handover yet"),
        "agreed_early": gettext_noop(
            "exception: the household agreed in writing on "
            "{early_handover_agreed_on} to hand over early"
        ),
        "paid_first": gettext_noop(
            "paid in full on {paid_in_full_on}, handed over on {handover_on}"
        ),
        "not_paid": gettext_noop("handed over on {handover_on} before being paid in full"),
    },
)
def paid_before_handover(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 94; ESS5: no handover before full payment, unless the household agreed in
    # writing to hand over early.
    out = Outcome(len(f))
    net, paid_on, handover, early = (
        f["net_amount"],
        f["paid_in_full_on"],
        f["handover_on"],
        f["early_handover_agreed_on"],
    )
    out.decide(~f["has_plan_line"], NOT_APPLICABLE, "no_plan")
    out.decide(has(net) & (net <= 0), NOT_APPLICABLE, "nothing_owed")
    out.decide(missing(handover), OPEN, "no_handover")
    out.decide(has(early) & (early <= handover), NOT_APPLICABLE, "agreed_early")
    out.decide(has(paid_on) & (paid_on <= handover), PASS, "paid_first")
    out.decide(True, FAIL, "not_paid", since=handover)
    return out


ENFORCEMENT = {
    gettext_noop("the recovery decision"): "recovery_decided_on",
    gettext_noop("the enforcement decision"): "enforcement_decided_on",
    gettext_noop("its posting"): "enforcement_posted_on",
    gettext_noop("its delivery"): "enforcement_delivered_on",
}
PERSUADERS = {
    gettext_noop("persuasion by the commune PC"): "enforcement_persuaded_by_commune_pc",
    gettext_noop("persuasion by the Fatherland Front"): "enforcement_persuaded_by_front",
    gettext_noop("persuasion by the board"): "enforcement_persuaded_by_board",
}


@rule(
    "enforcement_preconditions",
    subject="case",
    reads=(*ENFORCEMENT.values(), *PERSUADERS.values(), "enforcement_executed_on"),
    reasons={
        "no_enforcement": gettext_noop("no enforcement decided or carried out"),
        "not_executed": gettext_noop(
            "enforcement decided on {enforcement_decided_on}; not carried out yet"
        ),
        "met": gettext_noop(
            "all preconditions held before enforcement on {enforcement_executed_on}"
        ),
        "unmet": gettext_noop(
            "enforcement carried out on {enforcement_executed_on} without {preconditions_missing}"
        ),
    },
)
def enforcement_preconditions(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 89(2): enforcement only when the enforcement decision is in force, persuasion by
    # the commune PC, the Fatherland Front and the board is recorded, and the decision was posted
    # and delivered (a refusal recorded in minutes counts as delivery).
    out = Outcome(len(f))
    executed = f["enforcement_executed_on"]
    checks = {name: has(f[col]) & (f[col] <= executed) for name, col in ENFORCEMENT.items()}
    checks.update({name: f[col] for name, col in PERSUADERS.items()})
    out.use(preconditions_missing=lacking(checks))
    out.decide(
        missing(f["enforcement_decided_on"]) & missing(executed), NOT_APPLICABLE, "no_enforcement"
    )
    out.decide(missing(executed), OPEN, "not_executed")
    out.decide(np.logical_and.reduce(list(checks.values())), PASS, "met")
    out.decide(True, FAIL, "unmet", since=executed)
    return out
