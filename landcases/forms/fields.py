"""Form fields shared by the register forms."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services import REASON_MAX


class DecimalInput(forms.DecimalField):
    """A decimal as people type it: "600.00" is 600.0 in a one-place field (Django's own field
    refuses it for its trailing zeros); "600.25" is still refused there."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or self.decimal_places is None or not value.is_finite():
            return value
        try:
            exact = value.quantize(Decimal(1).scaleb(-self.decimal_places))
        except InvalidOperation:  # too many digits: the max_digits check refuses it
            return value
        return exact if exact == value else value


def reason_field(*, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the change"),
        max_length=REASON_MAX,
        required=required,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("Kept in the record's history."),
    )


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})
