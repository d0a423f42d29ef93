"""LND-*: lender standards (World Bank ESS5 / ESS7, IFC PS5)."""

from __future__ import annotations

from ..columns import Table
from ..i18n import gettext_noop
from .outcome import (
    FAIL,
    NOT_APPLICABLE,
    OPEN,
    PASS,
    Context,
    Outcome,
    Params,
    has,
    missing,
    rule,
    true,
)


@rule(
    "lnd_cutoff",
    subject="project",
    reads=("cases", "census_closed_on", "cutoff_announced_on"),
    reasons={
        "no_cases": gettext_noop("the project has no land users"),
        "census_open": gettext_noop("the census is not closed yet"),
        "announced": gettext_noop(
            "cut-off date announced on {cutoff_announced_on}, census closed on {census_closed_on}"
        ),
        "not_announced": gettext_noop(
            "census closed on {census_closed_on} with no cut-off date announced before"
        ),
    },
)
def lnd_cutoff(f: Table, p: Params, ctx: Context) -> Outcome:
    # ESS5 / PS5 (V): a census, and the cut-off date announced before the census closes.
    out = Outcome(len(f))
    closed, announced = f["census_closed_on"], f["cutoff_announced_on"]
    out.decide(f["cases"] == 0, NOT_APPLICABLE, "no_cases")
    out.decide(missing(closed), OPEN, "census_open")
    out.decide(has(announced) & (announced <= closed), PASS, "announced")
    out.decide(True, FAIL, "not_announced", since=closed)
    return out


@rule(
    "lnd_vulnerable",
    subject="case",
    reads=("vulnerable", "support_measures", "support_measure_on", "handover_on"),
    reasons={
        "not_vulnerable": gettext_noop("no vulnerability flag"),
        "supported": gettext_noop("targeted support recorded on {support_measure_on}"),
        "displaced_without": gettext_noop(
            "handed over on {handover_on} with no targeted support recorded before"
        ),
        "not_yet": gettext_noop(
            "no targeted support recorded yet; due before the household hands over its land"
        ),
    },
)
def lnd_vulnerable(f: Table, p: Params, ctx: Context) -> Outcome:
    # ESS5 (V): every vulnerable household has a recorded targeted-support measure, before it is
    # displaced (the handover).
    out = Outcome(len(f))
    support, handover = f["support_measure_on"], f["handover_on"]
    out.decide(~true(f["vulnerable"]), NOT_APPLICABLE, "not_vulnerable")
    out.decide(has(support) & (missing(handover) | (support <= handover)), PASS, "supported")
    out.decide(has(handover), FAIL, "displaced_without", since=handover)
    out.decide(True, OPEN, "not_yet")
    return out


@rule(
    "lnd_fpic",
    subject="case",
    reads=(
        "ethnic_minority",
        "customary_land",
        "resettlement_eligible",
        "fpic_consent",
        "fpic_consent_given_on",
        "recovery_decided_on",
    ),
    reasons={
        "not_concerned": gettext_noop(
            "not an ethnic-minority household on customary land or to be relocated"
        ),
        "consented": gettext_noop("consent documented on {fpic_consent_given_on}"),
        "decided_without": gettext_noop(
            "recovery decided on {recovery_decided_on} without documented consent "
            "(latest record: {fpic_consent})"
        ),
        "not_yet": gettext_noop("no documented consent yet (latest record: {fpic_consent})"),
    },
)
def lnd_fpic(f: Table, p: Params, ctx: Context) -> Outcome:
    # ESS7 (U): ethnic-minority households affected on customary land or relocated give free,
    # prior and informed consent, documented before the recovery decision.
    out = Outcome(len(f))
    concerned = true(f["ethnic_minority"]) & (
        true(f["customary_land"]) | true(f["resettlement_eligible"])
    )
    given, decided = f["fpic_consent_given_on"], f["recovery_decided_on"]
    out.decide(~concerned, NOT_APPLICABLE, "not_concerned")
    out.decide(has(given) & (missing(decided) | (given <= decided)), PASS, "consented")
    out.decide(has(decided), FAIL, "decided_without", since=decided)
    out.decide(True, OPEN, "not_yet")
    return out
