"""GRV-*: the clocks of a complaint (Law on Complaints 2011). A petition has none."""

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
)

COMMON = {
    "not_received": gettext_noop("the record has acts on this grievance but not its receipt"),
    "petition": gettext_noop("a petition: recorded and answered without a statutory clock"),
}


@rule(
    "grv_accept",
    subject="grievance",
    reads=("received_on", "grievance_kind", "accepted_on", "refused_on", "withdrawn_on"),
    reasons={
        **COMMON,
        "answered": gettext_noop(
            "received on {received_on}, answered on {answered_on} (due by {answer_due_on})"
        ),
        "late": gettext_noop(
            "received on {received_on}, answered on {answered_on}, after {answer_due_on}"
        ),
        "withdrawn": gettext_noop("withdrawn on {withdrawn_on} before the answer was due"),
        "due": gettext_noop(
            "received on {received_on}; to be accepted or refused by {answer_due_on}"
        ),
        "overdue": gettext_noop(
            "received on {received_on}; neither accepted nor refused by {answer_due_on}"
        ),
    },
)
def grv_accept(f: Table, p: Params, ctx: Context) -> Outcome:
    # Law on Complaints 2011 Art. 27 (S): a complaint accepted or refused within 10 days of
    # receipt; the unit is a pack parameter (the text reads calendar days; working days U).
    out = Outcome(len(f))
    received = f["received_on"]
    period = p.period("accept_within", p.value("accept_unit"))
    due = out.deadline(
        gettext_noop("answer due"), received, period, roll_forward=True, calendar=ctx.calendar
    )
    answered = earliest(f["accepted_on"], f["refused_on"])
    withdrawn = f["withdrawn_on"]
    out.use(answered_on=answered)
    out.decide(missing(received), CANNOT_EVALUATE, "not_received", missing="grievance_received")
    out.decide(is_(f["grievance_kind"], "petition"), NOT_APPLICABLE, "petition")
    out.decide(has(answered) & (answered <= due), PASS, "answered")
    out.decide(has(answered), FAIL, "late", since=due + ONE_DAY)
    out.decide(has(withdrawn) & (withdrawn <= due), NOT_APPLICABLE, "withdrawn")
    out.decide(ctx.today <= due, OPEN, "due", due_on=due)
    out.decide(True, FAIL, "overdue", since=due + ONE_DAY)
    return out


@rule(
    "grv_resolve",
    subject="grievance",
    reads=(
        "received_on",
        "grievance_kind",
        "complex",
        "remote",
        "accepted_on",
        "refused_on",
        "settled_on",
        "withdrawn_on",
    ),
    reasons={
        **COMMON,
        "refused": gettext_noop("refused on {refused_on}: nothing to settle"),
        "not_accepted": gettext_noop("not accepted yet: the settlement clock has not started"),
        "settled": gettext_noop(
            "accepted on {accepted_on}, settled on {settled_on} (due by {settlement_due_on})"
        ),
        "flags_unknown": gettext_noop(
            "settled on {settled_on}: within {settlement_due_latest_on} if the case "
            "is complex or remote, not within {settlement_due_on} otherwise, and the record does "
            "not say"
        ),
        "withdrawn": gettext_noop("withdrawn on {withdrawn_on} before settlement was due"),
        "late": gettext_noop(
            "accepted on {accepted_on}, settled on {settled_on}, after {settlement_due_latest_on}"
        ),
        "due": gettext_noop("accepted on {accepted_on}; to be settled by {settlement_due_on}"),
        "unknown_if_overdue": gettext_noop(
            "not settled by {settlement_due_on}; whether more time applies "
            "(complex or remote) is not recorded"
        ),
        "overdue": gettext_noop(
            "accepted on {accepted_on}; not settled by {settlement_due_latest_on}"
        ),
    },
)
def grv_resolve(f: Table, p: Params, ctx: Context) -> Outcome:
    # Law on Complaints 2011 Art. 28: first-time settlement within 30 days of acceptance, 45 if
    # complex; in remote areas 45, or 60 if complex. An unrecorded flag is not taken as false:
    # where it would change the answer, the rule cannot evaluate.
    out = Outcome(len(f))
    accepted, settled, withdrawn = f["accepted_on"], f["settled_on"], f["withdrawn_on"]
    days = {(c, r): p.value(n) for (c, r), n in DAYS.items()}
    unit = p["resolve_days"].unit

    def amounts(unknown_as: bool) -> np.ndarray:
        c = np.where(f["complex"] < 0, unknown_as, f["complex"] == 1)
        r = np.where(f["remote"] < 0, unknown_as, f["remote"] == 1)
        return np.select(
            [c & r, r, c],
            [days[(True, True)], days[(False, True)], days[(True, False)]],
            days[(False, False)],
        )

    due = out.deadline(
        gettext_noop("settlement due"),
        accepted,
        (amounts(False), unit),
        roll_forward=True,
        calendar=ctx.calendar,
    )
    latest_due = out.deadline(
        gettext_noop("settlement due latest"),
        accepted,
        (amounts(True), unit),
        roll_forward=True,
        calendar=ctx.calendar,
    )
    out.decide(
        missing(f["received_on"]), CANNOT_EVALUATE, "not_received", missing="grievance_received"
    )
    out.decide(is_(f["grievance_kind"], "petition"), NOT_APPLICABLE, "petition")
    out.decide(missing(accepted) & has(f["refused_on"]), NOT_APPLICABLE, "refused")
    out.decide(missing(accepted), OPEN, "not_accepted")
    out.decide(has(settled) & (settled <= due), PASS, "settled")
    out.decide(
        has(settled) & (settled <= latest_due),
        CANNOT_EVALUATE,
        "flags_unknown",
        missing="grievance_received.complex / remote",
    )
    out.decide(
        missing(settled) & has(withdrawn) & (withdrawn <= latest_due), NOT_APPLICABLE, "withdrawn"
    )
    out.decide(has(settled), FAIL, "late", since=latest_due + ONE_DAY)
    out.decide(ctx.today <= due, OPEN, "due", due_on=due)
    out.decide(
        ctx.today <= latest_due,
        CANNOT_EVALUATE,
        "unknown_if_overdue",
        missing="grievance_received.complex / remote",
    )
    out.decide(True, FAIL, "overdue", since=latest_due + ONE_DAY)
    return out


DAYS = {
    (False, False): "resolve_days",
    (True, False): "complex_days",
    (False, True): "remote_days",
    (True, True): "remote_complex_days",
}
