"""Enforcement steps and the lenders' safeguards are acts about one case: they are recorded
through the case's act page (views/cases.py `case_act`), listed here by act name."""

from django.utils.translation import gettext_lazy as _

from ..forms_steps import (
    EnforcementDecisionForm,
    EnforcementDeliveredForm,
    EnforcementExecutedForm,
    EnforcementPersuasionForm,
    EnforcementPostedForm,
    FpicForm,
    SupportMeasureForm,
)

# act name → (event kind, form, title), as CASE_ACTS.
ENFORCEMENT_ACTS = {
    "enforcement-persuasion": (
        "persuasion",
        EnforcementPersuasionForm,
        _("Persuasion before enforcement"),
    ),
    "enforcement-decision": (
        "enforcement_decided",
        EnforcementDecisionForm,
        _("Enforcement decision issued"),
    ),
    "enforcement-posted": (
        "enforcement_posted",
        EnforcementPostedForm,
        _("Enforcement decision posted"),
    ),
    "enforcement-delivered": (
        "enforcement_delivered",
        EnforcementDeliveredForm,
        _("Enforcement decision delivered"),
    ),
    "enforcement-executed": (
        "enforcement_executed",
        EnforcementExecutedForm,
        _("Enforcement executed"),
    ),
}
SAFEGUARD_ACTS = {
    "support": ("support_measure", SupportMeasureForm, _("Targeted support measure")),
    "fpic": ("fpic_record", FpicForm, _("Free, prior and informed consent")),
}
