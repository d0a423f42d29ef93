"""The money half of a case page: its acts (joined to the case page's acts, views/cases.py)
and what the page shows of its plan lines and payments (amounts only for roles that may see
them)."""

from django.utils.translation import gettext_lazy as _

from landcases.access import Can

from ..forms_money import (
    AgreementForm,
    DepositForm,
    HandoverForm,
    PaymentForm,
    PaymentRefusedForm,
    PlanDeliveredForm,
    RecoveryDecidedForm,
    RecoveryDeliveredForm,
    ResettlementAllocatedForm,
    ResettlementHandedOverForm,
)
from ..selectors_money import case_money

# act name → (event kind, form, title), as views/cases.py's CASE_ACTS.
MONEY_CASE_ACTS = {
    "plan-delivered": ("plan_delivered", PlanDeliveredForm, _("Approved plan delivered")),
    "recovery-decision": ("recovery_decided", RecoveryDecidedForm, _("Recovery decision")),
    "recovery-delivered": (
        "recovery_delivered",
        RecoveryDeliveredForm,
        _("Recovery decision delivered"),
    ),
    "payment": ("payment", PaymentForm, _("Payment (an instalment)")),
    "payment-refused": ("payment_refused", PaymentRefusedForm, _("Refused to receive payment")),
    "deposit": ("deposit", DepositForm, _("Deposit into custody")),
    "early-handover": (
        "early_handover_agreement",
        AgreementForm,
        _("Written agreement to hand over early"),
    ),
    "earlier-recovery": (
        "earlier_recovery_agreement",
        AgreementForm,
        _("Written agreement to earlier recovery"),
    ),
    "handover": ("handover", HandoverForm, _("Site handover")),
    "resettlement": (
        "resettlement_allocated",
        ResettlementAllocatedForm,
        _("Resettlement allocated"),
    ),
    "resettlement-handed-over": (
        "resettlement_handed_over",
        ResettlementHandedOverForm,
        _("Resettlement handed over"),
    ),
}


def case_money_context(access, case) -> dict:
    """What the case page shows of the household's plans and money."""
    return {"show_amounts": access.can(Can.READ_AMOUNTS), "money": case_money(case)}
