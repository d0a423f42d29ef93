"""NOTICE-*: the recovery notice, its delivery, posting, lead time and validity."""

from __future__ import annotations

import numpy as np

from ..calendar import NAT
from ..columns import Table
from ..i18n import gettext_noop
from ..periods import MONTHS
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
    has,
    is_,
    latest,
    missing,
    rule,
)


@rule(
    "notice_pre_meeting",
    subject="area",
    reads=("cases", "notice_issued_on", "dissemination_on"),
    reasons={
        "no_cases": gettext_noop("no land user holds a parcel in this area"),
        "no_notice": gettext_noop("no recovery notice yet: the meeting is due before it"),
        "held": gettext_noop(
            "dissemination meeting on {dissemination_on}, notice on {notice_issued_on}"
        ),
        "not_held": gettext_noop(
            "notice issued on {notice_issued_on} with no dissemination meeting on or before it"
        ),
    },
)
def notice_pre_meeting(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(1): before the notice, a meeting with the area's land users. A meeting on the
    # notice's own day counts (the record holds dates, not hours).
    out = Outcome(len(f))
    notice, meeting = f["notice_issued_on"], f["dissemination_on"]
    out.decide(f["cases"] == 0, NOT_APPLICABLE, "no_cases")
    out.decide(missing(notice), OPEN, "no_notice")
    out.decide(has(meeting) & (meeting <= notice), PASS, "held")
    out.decide(True, FAIL, "not_held", since=notice)
    return out


@rule(
    "notice_delivered",
    subject="case",
    reads=(
        "parcels",
        "notice_issued_on",
        "notice_delivered_on",
        "notice_published_on",
        "newspaper_issues",
        "radio_broadcasts",
        "radio_days",
        "recovery_decided_on",
    ),
    reasons={
        "no_parcel": gettext_noop("the land user holds no parcel: no land of theirs is recovered"),
        "delivered": gettext_noop("notice delivered on {notice_delivered_on}"),
        "published": gettext_noop(
            "published on {notice_published_on}: {newspaper_issues} issues, "
            "{radio_broadcasts} broadcasts over {radio_days} days"
        ),
        "radio_days_unknown": gettext_noop(
            "published on {notice_published_on} but the days of broadcasting "
            "were not recorded: cannot tell whether {radio_broadcasts} broadcasts fell in "
            "{p_radio_days} days"
        ),
        "not_notified": gettext_noop(
            "recovery decided on {recovery_decided_on} with the notice neither "
            "delivered nor fully published"
        ),
        "not_yet": gettext_noop("notice not yet delivered or published"),
    },
)
def notice_delivered(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(2): the notice reaches each land user, or, if unreachable, is published
    # (3 newspaper issues, 3 broadcasts in 3 days: S).
    out = Outcome(len(f))
    published = has(f["notice_published_on"])
    counts = (f["newspaper_issues"] >= p.value("newspaper_issues")) & (
        f["radio_broadcasts"] >= p.value("radio_broadcasts")
    )
    days_known = has(f["radio_days"])
    out.decide(f["parcels"] == 0, NOT_APPLICABLE, "no_parcel")
    out.decide(has(f["notice_delivered_on"]), PASS, "delivered")
    out.decide(
        published & counts & days_known & (f["radio_days"] >= p.value("radio_days")),
        PASS,
        "published",
    )
    out.decide(
        published & counts & ~days_known,
        CANNOT_EVALUATE,
        "radio_days_unknown",
        missing="notice_published.radio_days",
    )
    decided = f["recovery_decided_on"]
    out.decide(has(decided), FAIL, "not_notified", since=decided)
    out.decide(True, OPEN, "not_yet")
    return out


NOTICE_POSTINGS = (
    "notice_posted_commune_on",
    "notice_posted_residential_on",
    "list_posted_commune_on",
    "list_posted_residential_on",
)


@rule(
    "notice_posted",
    subject="area",
    reads=("cases", *NOTICE_POSTINGS, "notice_postings_unplaced", "recovery_first_on"),
    reasons={
        "no_cases": gettext_noop("no land user holds a parcel in this area"),
        "posted": gettext_noop(
            "notice and land-user list posted at the commune office and the residential "
            "area by {posted_on}"
        ),
        "places_unknown": gettext_noop(
            "{notice_postings_unplaced} posting(s) of the notice or list without places recorded"
        ),
        "not_posted": gettext_noop(
            "first recovery decision on {recovery_first_on} before the notice and "
            "list were posted at both places"
        ),
        "not_yet": gettext_noop("notice and list not yet posted at both places"),
    },
)
def notice_posted(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 87(2): notice and list posted at the commune office and the residential area.
    out = Outcome(len(f))
    postings = [f[name] for name in NOTICE_POSTINGS]
    complete = np.logical_and.reduce([has(d) for d in postings])
    posted_on = np.where(complete, latest(*postings), NAT)
    decided = f["recovery_first_on"]
    out.use(posted_on=posted_on)
    out.decide(f["cases"] == 0, NOT_APPLICABLE, "no_cases")
    out.decide(complete & (missing(decided) | (posted_on <= decided)), PASS, "posted")
    out.decide(
        ~complete & (f["notice_postings_unplaced"] > 0),
        CANNOT_EVALUATE,
        "places_unknown",
        missing="posting_started.places",
    )
    out.decide(has(decided), FAIL, "not_posted", since=decided)
    out.decide(True, OPEN, "not_yet")
    return out


@rule(
    "notice_lead_time",
    subject="parcel",
    reads=(
        "land_group",
        "cases",
        "cases_excepted",
        "cases_unnotified",
        "notified_last_on",
        "recovery_first_on",
    ),
    reasons={
        "no_land_user": gettext_noop("no land user holds this parcel"),
        "all_agreed": gettext_noop(
            "exception: every land user of the parcel agreed in writing to earlier recovery"
        ),
        "unused_land": gettext_noop("unused land: the law sets no notice period for it"),
        "unnotified": gettext_noop(
            "recovery decided on {recovery_first_on} while {cases_unnotified} land "
            "user(s) of the parcel had not been notified"
        ),
        "not_decided": gettext_noop(
            "no recovery decision yet; the earliest lawful day is {earliest_decision_on}"
        ),
        "long_enough": gettext_noop(
            "{lead_time_days} days from the last notification ({notified_last_on}) "
            "to the decision ({recovery_first_on}); at least {threshold} needed for "
            "{land_group} land"
        ),
        "too_short": gettext_noop(
            "only {lead_time_days} days from the last notification "
            "({notified_last_on}) to the decision ({recovery_first_on}); at least {threshold} "
            "needed for {land_group} land"
        ),
    },
)
def notice_lead_time(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 85(1); LL2013 Art. 67(1)–(2): notified ≥ 90 days (agricultural) or ≥ 180 days
    # (non-agricultural) before the decision, unless the land user agreed in writing to earlier
    # recovery. A parcel's decision is the first among its land users', and every other land
    # user's notification must precede it by the period.
    out = Outcome(len(f))
    group = f["land_group"]
    agri, non_agri = p.period("agricultural_days"), p.period("non_agricultural_days")
    threshold = np.where(
        is_(group, "agricultural"),
        agri.amount,
        np.where(is_(group, "non_agricultural"), non_agri.amount, 0),
    )
    notified, decided = f["notified_last_on"], f["recovery_first_on"]
    lead = out.lead(gettext_noop("lead time"), notified, decided, agri.unit, ctx.calendar)
    out.use(threshold=threshold, earliest_decision_on=notified + threshold.astype("timedelta64[D]"))
    out.decide(f["cases"] == 0, NOT_APPLICABLE, "no_land_user")
    out.decide(f["cases_excepted"] == f["cases"], NOT_APPLICABLE, "all_agreed")
    out.decide(is_(group, "unused"), NOT_APPLICABLE, "unused_land")
    out.decide(has(decided) & (f["cases_unnotified"] > 0), FAIL, "unnotified", since=decided)
    out.decide(missing(decided), OPEN, "not_decided")
    out.decide(lead >= threshold, PASS, "long_enough")
    out.decide(True, FAIL, "too_short", since=decided)
    return out


@rule(
    "notice_validity",
    subject="parcel",
    reads=("cases", "notice_issued_on", "notice_last_issued_on", "recovery_first_on"),
    reasons={
        "no_land_user": gettext_noop("no land user holds this parcel"),
        "no_notice": gettext_noop("no recovery notice yet"),
        "decided_without_notice": gettext_noop(
            "recovery decided on {recovery_first_on} with no notice issued on or before it"
        ),
        "in_time": gettext_noop(
            "decided on {recovery_first_on}, within the notice's validity (until "
            "{notice_valid_until_on})"
        ),
        "decided_late": gettext_noop(
            "decided on {recovery_first_on}, after the notice of "
            "{notice_last_issued_on} lapsed on {notice_valid_until_on}"
        ),
        "valid": gettext_noop(
            "the notice of {notice_last_issued_on} is valid until {notice_valid_until_on}"
        ),
        "lapsed": gettext_noop(
            "the notice of {notice_last_issued_on} lapsed on {notice_valid_until_on} "
            "without a recovery decision"
        ),
    },
)
def notice_validity(f: Table, p: Params, ctx: Context) -> Outcome:
    # LL2024 Art. 85: the recovery decision within 12 months of the notice's issue date (a
    # period within which something must be done: rolled forward past a day off).
    out = Outcome(len(f))
    issued, decided = f["notice_last_issued_on"], f["recovery_first_on"]
    period = p.period("validity_months")
    assert period.unit == MONTHS
    until = out.deadline(
        gettext_noop("notice valid until"), issued, period, roll_forward=True, calendar=ctx.calendar
    )
    out.decide(f["cases"] == 0, NOT_APPLICABLE, "no_land_user")
    out.decide(has(decided) & missing(issued), FAIL, "decided_without_notice", since=decided)
    out.decide(missing(issued), OPEN, "no_notice")
    out.decide(has(decided) & (decided <= until), PASS, "in_time")
    out.decide(has(decided), FAIL, "decided_late", since=until + ONE_DAY)
    out.decide(ctx.today <= until, OPEN, "valid", due_on=until)
    out.decide(True, FAIL, "lapsed", since=until + ONE_DAY)
    return out
