"""DEM-*: disclosure and supervision under the provincial democracy regulations.

Decision 3406's own text was not read (U): nothing here cites an article of it; the duties are
those its family of regulations shares.
"""

from __future__ import annotations

import numpy as np

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
    has,
    is_,
    lacking,
    missing,
    rule,
)

ITEMS = {
    gettext_noop("land prices"): "land_prices_posted_on",
    gettext_noop("asset unit prices"): "asset_prices_posted_on",
    gettext_noop("the draft plan"): "draft_plan_posted_on",
}


@rule(
    "dem_disclosure",
    subject="project",
    reads=(
        "cases",
        "resettlement_cases",
        "consultation_first_on",
        *ITEMS.values(),
        "resettlement_plan_posted_on",
    ),
    reasons={
        "no_cases": gettext_noop("the project has no land users"),
        "no_consultation": gettext_noop(
            "no consultation meeting yet: disclosure is due before the first"
        ),
        "disclosed": gettext_noop(
            "everything was public before the first consultation on {consultation_first_on}"
        ),
        "undisclosed": gettext_noop(
            "not public before the first consultation on {consultation_first_on}: {undisclosed}"
        ),
    },
)
def dem_disclosure(f: Table, p: Params, ctx: Context) -> Outcome:
    # Democracy regulations (family V; 3406 U): land prices, asset unit prices, the resettlement
    # plan (where anyone is to be resettled) and the draft plan made public before consultation.
    out = Outcome(len(f))
    first = f["consultation_first_on"]
    checks = {name: has(f[col]) & (f[col] <= first) for name, col in ITEMS.items()}
    needs_resettlement = f["resettlement_cases"] > 0
    posted = f["resettlement_plan_posted_on"]
    checks[gettext_noop("the resettlement plan")] = ~needs_resettlement | (
        has(posted) & (posted <= first)
    )
    out.use(undisclosed=lacking(checks))
    out.decide(f["cases"] == 0, NOT_APPLICABLE, "no_cases")
    out.decide(missing(first), OPEN, "no_consultation")
    out.decide(np.logical_and.reduce(list(checks.values())), PASS, "disclosed")
    out.decide(True, FAIL, "undisclosed", since=first)
    return out


@rule(
    "dem_front_present",
    subject="meeting",
    reads=("kind", "held_on", "officials_recorded", "front_present"),
    reasons={
        "other_meeting": gettext_noop(
            "a {kind} meeting: the Front's attendance is required at consultation "
            "and dialogue meetings"
        ),
        "officials_unknown": gettext_noop(
            "the officials present at the meeting of {held_on} were not recorded"
        ),
        "present": gettext_noop("a Fatherland Front representative attended on {held_on}"),
        "absent": gettext_noop("no Fatherland Front representative at the meeting of {held_on}"),
    },
)
def dem_front_present(f: Table, p: Params, ctx: Context) -> Outcome:
    # Democracy regulations (family S; 3406 U): a Fatherland Front representative attends every
    # consultation and dialogue meeting. (A meeting is a subject once held: never open.)
    out = Outcome(len(f))
    out.decide(~is_(f["kind"], "consultation", "dialogue"), NOT_APPLICABLE, "other_meeting")
    out.decide(
        ~f["officials_recorded"], CANNOT_EVALUATE, "officials_unknown", missing="meeting.officials"
    )
    out.decide(f["front_present"], PASS, "present")
    out.decide(True, FAIL, "absent", since=f["held_on"])
    return out
