"""Forms of the plan's path and the money acts. Field names are the catalogue's (rules/
catalog.py), so that a form's cleaned data is the act's values; the door checks them again
(amounts above 0, references of the project, an approval not effective before it was signed).
A case act's form is told its case (`for_case`) to offer that case's versions, decision and
allocation only."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from landcases.forms.fields import DecimalInput
from landcases.messages import HIDDEN_CHARACTERS_IN_CODE, NON_ASCII_DIGITS
from landcases.models import CompensationPlan
from landcases.text import clean, had_hidden_characters, has_non_ascii_digits

from . import messages as msg
from .forms import DATE_WIDGET, ActForm
from .selectors_money import standing_events
from .vocabulary import choices, label

# 1500000, 1.500.000, 1,500,000 or 1 500 000 (groups of three): đồng are whole numbers.
_GROUPED = re.compile(r"[0-9]{1,3}([ .,][0-9]{3})+|[0-9]+")


class VndField(forms.Field):
    """An amount in đồng as people type it, with or without thousands separators; the door
    refuses 0 and what is above 10^13 with its own message."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 40})

    def to_python(self, value):
        text = clean(str(value if value is not None else ""))
        if not text:
            return None
        bad = len(text) > 40 or has_non_ascii_digits(text)
        if bad or not _GROUPED.fullmatch(text.lstrip("-")):
            raise ValidationError(msg.NOT_AN_AMOUNT, code="amount")
        number = int(re.sub(r"[ .,-]", "", text))
        return -number if text.startswith("-") else number  # the door refuses it, saying why


class DocumentNumber(forms.CharField):
    """A decision, receipt, minutes or plot number as the paper says it: a hidden character or
    a digit other than 0-9 means it was not typed from the paper (the registers' rule for
    codes, landcases/text.py)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)

    def clean(self, value):
        if had_hidden_characters(value or "", multiline=False):
            raise ValidationError(HIDDEN_CHARACTERS_IN_CODE, code="hidden")
        if has_non_ascii_digits(value or ""):
            raise ValidationError(NON_ASCII_DIGITS, code="digits")
        return super().clean(value)


def vnd(label_text, required=True):
    return VndField(label=label_text, required=required)


def area_m2():
    return DecimalInput(
        label=_("Area (m²)"), max_digits=12, decimal_places=1, min_value=0, required=False
    )


class CaseActForm(ActForm):
    """A case act's form; `for_case` narrows the choices to the case's own."""

    def for_case(self, case) -> None:
        return None


def _lined_versions(case, *, approved: bool):
    qs = CompensationPlan.objects.filter(
        project_id=case.project_id, lines__land_user_id=case.land_user_id
    )
    if approved:
        qs = qs.filter(frozen_at__isnull=False)
    return qs.order_by("number", "version")


class PlanDeliveredForm(CaseActForm):
    plan = forms.ModelChoiceField(
        label=_("Approved plan version"), queryset=CompensationPlan.objects.none()
    )
    method = forms.ChoiceField(label=_("Delivery"), choices=choices("delivery_method"))

    def for_case(self, case) -> None:
        self.fields["plan"].queryset = _lined_versions(case, approved=True)


class RecoveryDecidedForm(CaseActForm):
    number = DocumentNumber(label=_("Decision number"))
    authority = forms.ChoiceField(
        label=_("Issued by"), choices=choices("authority"), initial="commune_chairman"
    )


class EventChoiceField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(coerce=int, choices=[], **kwargs)


def _case_events(case, kind: str, describe) -> list[tuple[int, str]]:
    if case.pk is None:
        return []
    events = standing_events(case=case, kind=kind).order_by("happened_on", "id")
    return [(e.root_id, describe(e)) for e in events]


class RecoveryDeliveredForm(CaseActForm):
    decision = EventChoiceField(label=_("Recovery decision"))
    method = forms.ChoiceField(label=_("Delivery"), choices=choices("delivery_method"))

    def for_case(self, case) -> None:
        self.fields["decision"].choices = _case_events(
            case,
            "recovery_decided",
            lambda e: f"{e.payload.get('number', '')} ({e.happened_on:%d/%m/%Y})",
        )


class PaymentForm(CaseActForm):
    amount = vnd(_("Amount paid (VND)"))
    receipt = DocumentNumber(label=_("Receipt number"), required=False)
    method = forms.ChoiceField(label=_("Method"), choices=choices("payment_method"))
    plan = forms.ModelChoiceField(
        label=_("Against plan version"), queryset=CompensationPlan.objects.none(), required=False
    )

    def for_case(self, case) -> None:
        self.fields["plan"].queryset = _lined_versions(case, approved=True)


class PaymentRefusedForm(CaseActForm):
    pass


class DepositForm(CaseActForm):
    amount = vnd(_("Amount deposited (VND)"))
    custody = forms.ChoiceField(label=_("Held by"), choices=choices("custody"))
    number = DocumentNumber(label=_("Deposit notice or account number"), required=False)


class AgreementForm(CaseActForm):
    """A written agreement (to hand over early, to earlier recovery): its date and its scan."""


class HandoverForm(CaseActForm):
    minutes = DocumentNumber(label=_("Handover minutes number"), required=False)
    area_m2 = area_m2()


class ResettlementAllocatedForm(CaseActForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=choices("resettlement_kind"))
    plot = DocumentNumber(label=_("Plot or apartment"))
    area_m2 = area_m2()


class ResettlementHandedOverForm(CaseActForm):
    allocation = EventChoiceField(label=_("Allocation"))

    def for_case(self, case) -> None:
        self.fields["allocation"].choices = _case_events(
            case,
            "resettlement_allocated",
            lambda e: (
                f"{label('resettlement_kind', e.payload.get('kind'))} "
                f"{e.payload.get('plot', '')} ({e.happened_on:%d/%m/%Y})"
            ),
        )


# --- acts about a plan version ---------------------------------------------------------


class OpinionSummaryForm(ActForm):
    """The board confirms or corrects the counts the record proposes (the view adds those)."""

    agree = forms.IntegerField(label=_("Agree"), min_value=0, max_value=10**9)
    disagree = forms.IntegerField(label=_("Disagree"), min_value=0, max_value=10**9)
    other = forms.IntegerField(label=_("Other opinion"), min_value=0, max_value=10**9)


class AppraisalForm(ActForm):
    number = DocumentNumber(label=_("Appraisal document number"))


class ApprovalForm(ActForm):
    happened_on = forms.DateField(label=_("Date signed"), widget=DATE_WIDGET)
    number = DocumentNumber(label=_("Decision number"))
    effective_on = forms.DateField(label=_("Effective on"), widget=DATE_WIDGET)
    authority = forms.ChoiceField(
        label=_("Approved by"),
        choices=choices("authority"),
        initial="commune_chairman",
        help_text=_("Since 1 July 2025: the chairman of the commune People's Committee."),
    )
    field_order = ["number", "happened_on", "effective_on", "authority", "evidence"]


EXCEPTIONS_HELP = _("Lookup codes or #ids, one per line or separated by commas.")


def households_field(label_text):
    return forms.CharField(
        label=label_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
        help_text=EXCEPTIONS_HELP,
    )


class CollectiveForm(ActForm):
    exceptions = households_field(_("Exceptions (households not concerned)"))
    not_values = (*ActForm.not_values, "exceptions", "only")


class PlanDeliveryAllForm(CollectiveForm):
    method = forms.ChoiceField(label=_("Delivery"), choices=choices("delivery_method"))


class RecoveryAllForm(CollectiveForm):
    number = DocumentNumber(label=_("Decision number"))
    authority = forms.ChoiceField(
        label=_("Issued by"), choices=choices("authority"), initial="commune_chairman"
    )
    only = households_field(_("Only these households (empty: every household of the version)"))
    field_order = ["happened_on", "number", "authority", "only", "exceptions", "evidence"]


class RecoveryDeliveryAllForm(CollectiveForm):
    method = forms.ChoiceField(label=_("Delivery"), choices=choices("delivery_method"))


__all__ = [
    "AgreementForm",
    "ApprovalForm",
    "AppraisalForm",
    "DepositForm",
    "HandoverForm",
    "OpinionSummaryForm",
    "PaymentForm",
    "PaymentRefusedForm",
    "PlanDeliveredForm",
    "PlanDeliveryAllForm",
    "RecoveryAllForm",
    "RecoveryDecidedForm",
    "RecoveryDeliveredForm",
    "RecoveryDeliveryAllForm",
    "ResettlementAllocatedForm",
    "ResettlementHandedOverForm",
]
