"""INVENTORY-*: the inventory with the household, and the persuasion before a compulsory one."""

from __future__ import annotations

import numpy as np

from ..calendar import NAT
from ..columns import Table
from ..i18n import gettext_noop
from .outcome import (
    CANNOT_EVALUATE,
    FAIL,
    NOT_APPLICABLE,
    OPEN,
    PASS,
    Context,
    Outcome,
    Params,
    earliest,
    has,
    lacking,
    missing,
    rule,
    true,
)


@rule(
    "inventory_done",
    subject="case",
    reads=(
        "parcels",
        "inventory_done_on",
        "inventory_participated",
        "compulsory_inventory_on",
        "plan_posted_on",
    ),
    reasons={
        "no_parcel": gettext_noop("the land user holds no parcel: there is no land to measure"),
        "participation_unknown": gettext_noop(
            "inventory on {inventory_done_on} without a record of whether the household took part"
        ),
        "done": gettext_noop("inventoried on {inventoried_on}, before the draft plan was posted"),
        "after_posting": gettext_noop(
            "inventoried on {inventoried_on}, after the draft plan was posted on {plan_posted_on}"
        ),
        "posted_without": gettext_noop(
            "draft plan posted on {plan_posted_on} with no inventory with the "
            "household nor a compulsory-inventory decision"
        ),
        "not_yet": gettext_noop("no inventory with the household yet"),
    },
)
def inventory_done(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(2): inventory recorded with the household's participation, or a
    # compulsory-inventory decision; due before the draft plan built on it is posted.
    out = Outcome(len(f))
    participated = f["inventory_participated"]
    with_household = np.where(true(participated), f["inventory_done_on"], NAT)
    inventoried = earliest(with_household, f["compulsory_inventory_on"])
    posted = f["plan_posted_on"]
    out.use(inventoried_on=inventoried)
    out.decide(f["parcels"] == 0, NOT_APPLICABLE, "no_parcel")
    unknown = has(f["inventory_done_on"]) & (participated < 0) & missing(inventoried)
    out.decide(
        unknown, CANNOT_EVALUATE, "participation_unknown", missing="inventory_done.participated"
    )
    out.decide(has(inventoried) & (missing(posted) | (inventoried <= posted)), PASS, "done")
    out.decide(has(inventoried), FAIL, "after_posting", since=posted)
    out.decide(has(posted), FAIL, "posted_without", since=posted)
    out.decide(True, OPEN, "not_yet")
    return out


@rule(
    "inventory_persuasion",
    subject="case",
    reads=(
        "inventory_refused_on",
        "compulsory_inventory_on",
        "inventory_persuasion_from",
        "inventory_persuasion_to",
        "inventory_persuaded_by_commune_pc",
        "inventory_persuaded_by_front",
        "inventory_persuaded_by_board",
    ),
    reasons={
        "no_compulsion": gettext_noop("no refusal and no compulsory inventory"),
        "persuading": gettext_noop(
            "the household refused the inventory on {inventory_refused_on}; no "
            "compulsory decision yet"
        ),
        "no_persuasion": gettext_noop(
            "compulsory inventory decided on {compulsory_inventory_on} with no recorded persuasion"
        ),
        "persuaders_missing": gettext_noop("persuasion recorded without {persuaders_missing}"),
        "too_short": gettext_noop(
            "persuasion lasted {persuasion_days} days ({inventory_persuasion_from} to "
            "{inventory_persuasion_to}); at least {p_persuasion_days} needed"
        ),
        "too_soon": gettext_noop(
            "the decision came {decision_gap_days} days after the persuasion ended; at "
            "least {p_decision_after_days} needed"
        ),
        "preceded": gettext_noop(
            "{persuasion_days} days of persuasion by the commune PC, the Front and the "
            "board, and the decision {decision_gap_days} days after it"
        ),
    },
)
def inventory_persuasion(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87–88: a compulsory inventory only after ≥ 15 days of recorded persuasion by
    # the commune PC, the Fatherland Front and the board, and ≥ 10 days after it.
    out = Outcome(len(f))
    decided = f["compulsory_inventory_on"]
    start, end = f["inventory_persuasion_from"], f["inventory_persuasion_to"]
    length, gap = p.period("persuasion_days"), p.period("decision_after_days")
    lasted = out.lead(gettext_noop("persuasion"), start, end, length.unit, ctx.calendar)
    waited = out.lead(gettext_noop("decision gap"), end, decided, gap.unit, ctx.calendar)
    roles = {
        gettext_noop("the commune PC"): f["inventory_persuaded_by_commune_pc"],
        gettext_noop("the Fatherland Front"): f["inventory_persuaded_by_front"],
        gettext_noop("the board"): f["inventory_persuaded_by_board"],
    }
    out.use(persuaders_missing=lacking(roles))
    all_three = np.logical_and.reduce(list(roles.values()))
    out.decide(
        missing(decided) & missing(f["inventory_refused_on"]), NOT_APPLICABLE, "no_compulsion"
    )
    out.decide(missing(decided), OPEN, "persuading")
    out.decide(missing(start), FAIL, "no_persuasion", since=decided)
    out.decide(~all_three, FAIL, "persuaders_missing", since=decided)
    out.decide(lasted < length.amount, FAIL, "too_short", since=decided)
    out.decide(waited < gap.amount, FAIL, "too_soon", since=decided)
    out.decide(True, PASS, "preceded")
    return out
