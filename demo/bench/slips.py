"""The slips the bench histories carry, as a real record does: small shares of households (and a
few areas) for which a step came late, was left out or went wrong, so that the audit has
failing subjects of every rule it can fail in bulk (docs/audit.md) beside the passing ones.
Written as the acts happened (dates, missing acts), never as corrections afterwards."""

# Shares of the households of an area that has reached the step.
UNNOTIFIED = 0.006  # NOTICE-DELIVERED: no delivery recorded (decided later all the same)
LATE_NOTICE = 0.01  # NOTICE-LEAD-TIME: reached only ~80 days before the decisions
LATE_INVENTORY = 0.008  # INVENTORY-DONE: inventoried after the draft plan was posted
FRONTLESS_PERSUASION = 0.05  # INVENTORY-PERSUASION: of persuasions, without the Front
FRONT_ABSENT = 0.02  # DEM-FRONT-PRESENT: consultation and dialogue meetings
NEVER_SIGNED = 0.3  # MINUTES-SIGNED: of minutes the households did not sign at the meeting
ABSENT = 0.02  # PLAN-CONSULTED: absent from every consultation session (half write in)
PLAN_LATE, PLAN_UNDELIVERED = 0.025, 0.008  # DECISION-DELIVERED
DECIDED_EARLY = 0.005  # PLAN-APPROVED: decided days before the plan was approved
DECIDED_LATE = 0.025  # RECOVERY-TIMING: decided weeks after the approval
WAITING = 0.01  # heirs not agreed: no decision, no payment (RECOVERY-TIMING overdue)
UNRESETTLED = 0.05  # RESETTLE-BEFORE-RECOVERY: of the resettled, decided before the plot
PAID_LATE, PARTIAL = 0.03, 0.015  # PAYMENT-DEADLINE
REFUSING = 0.6  # of the objectors left after the dialogues: refuse the money
EARLY_AGREED, UNPAID_HANDOVER = 0.01, 0.01  # PAID-BEFORE-HANDOVER (agreed: not applicable)
ENFORCED, UNPOSTED = 0.5, 0.05  # ENFORCEMENT-PRECONDITIONS: of refusers, of the enforced
UNSUPPORTED = 0.03  # LND-VULNERABLE: vulnerable households handed over without support
NO_CONSENT = 0.06  # LND-FPIC: concerned households decided without documented consent
COMPLAINTS = 0.006  # of decided households, a complaint about the decision
ACCEPTED_LATE, SETTLED_LATE = 0.05, 0.04  # GRV-ACCEPT, GRV-RESOLVE


# A few areas (by index: every eleventh from a different start, so some of each at 2,000
# parcels and 3–5 of each at 100,000).
def meetings_after_notice(a: int) -> bool:  # NOTICE-PRE-MEETING
    return a % 11 == 4


def list_unposted(a: int, level: int) -> bool:  # NOTICE-POSTED (decided areas)
    return a % 11 == 1 and level >= 5


def short_posting(a: int) -> bool:  # PLAN-POSTING
    return a % 11 == 3


def miscounted(a: int) -> bool:  # OPINION-TALLY
    return a % 11 == 2


def revised(a: int, level: int) -> bool:
    """Handed-over areas that re-measure some residential plots (a revised version) and add a
    support item (a supplementary one) months later."""
    return level >= 7 and a % 3 == 0
