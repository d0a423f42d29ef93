"""Forms of a plan version's lines (one household's line with its items, a deletion), of the
workbook import and of the household register's filters and export."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from landcases.forms.fields import DecimalInput, reason_field
from landcases.models.plans import CATEGORY_LABELS, ENTITLEMENT_CATEGORIES

from .forms_money import VndField
from .selectors_consent import MONEY_FILTERS
from .vocabulary import choices

ITEM_ROWS = 6  # empty item rows offered below a line's items


class LineForm(forms.Form):
    """A household's line: who (on a new line), its deductions, the reason; its items come in
    the formset below."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    land_user = forms.CharField(
        label=_("Land user (lookup code or #id)"),
        max_length=40,
        help_text=_("A line that exists for this household is replaced."),
    )
    deductions = VndField(label=_("Deductions: unpaid financial obligations (VND)"), required=False)
    reason = reason_field()


class ItemForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", "—"), *((c, CATEGORY_LABELS[c]) for c in ENTITLEMENT_CATEGORIES)],
        required=False,
    )
    code = forms.CharField(label=_("Land-use or support code"), max_length=30, required=False)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    quantity = DecimalInput(
        label=_("Quantity"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    unit_price = VndField(label=_("Unit price (VND)"), required=False)
    amount = VndField(label=_("Amount (VND)"), required=False)

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {}) or {}
        return not any(d.get(k) not in (None, "") for k in self.fields)

    def clean(self):
        d = super().clean()
        if not self.is_blank():
            if not d.get("category"):
                self.add_error("category", _("Choose the kind of entitlement."))
            if d.get("amount") is None:
                self.add_error("amount", _("Give the amount in đồng."))
        return d


ItemFormSet = forms.formset_factory(ItemForm, extra=ITEM_ROWS, max_num=200, absolute_max=200)


class LineDeleteForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    reason = reason_field()


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx) filled in from the template"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    reason = reason_field()


class ConsentFilterForm(forms.Form):
    """The household register's filters (a GET: bad values are dropped with a message)."""

    area = forms.TypedChoiceField(
        label=_("Project area"), coerce=int, required=False, empty_value=None
    )
    commune = forms.TypedChoiceField(
        label=_("Commune"), coerce=int, required=False, empty_value=None
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    opinion = forms.ChoiceField(label=_("Opinion"), required=False)
    money = forms.ChoiceField(label=_("Payment"), required=False)

    def __init__(self, *args, project, with_amounts: bool, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["area"].choices = [("", _("All areas"))] + [(a.id, a.code) for a in project.areas.all()]
        f["commune"].choices = [("", _("All communes"))] + [
            (u.id, u.name) for u in project.communes.order_by("code")
        ]
        f["stage"].choices = [("", _("All stages")), *choices("stage")]
        f["opinion"].choices = [("", _("Any opinion")), *choices("opinion")]
        money = {
            "outstanding": _("Not yet covered"),
            "covered": _("Covered (paid or deposited)"),
            "deposited": _("Deposited into custody"),
            "refused": _("Refused to receive"),
            "no_plan": _("No approved plan line"),
        }
        assert set(money) == set(MONEY_FILTERS)
        if with_amounts:
            f["money"].choices = [("", _("Any")), *((k, money[k]) for k in MONEY_FILTERS)]
        else:
            del f["money"]
