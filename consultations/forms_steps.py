"""Forms of enforcement steps, targeted support and consent (case acts), invitations,
signatures of the minutes, the census and the cut-off date. Field names are the catalogue's
(rules/catalog.py), so that a form's values are the act's."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import DATE_WIDGET, ActForm, area_field
from .models import Event
from .vocabulary import choices, label


class EnforcementPersuasionForm(ActForm):
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE_WIDGET)
    by = forms.MultipleChoiceField(
        label=_("Persuasion by"), widget=forms.CheckboxSelectMultiple, choices=choices("persuader")
    )

    def values(self) -> dict:
        return {**super().values(), "purpose": "enforcement"}


class EnforcementDecisionForm(ActForm):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    authority = forms.ChoiceField(label=_("Authority"), choices=choices("authority"))


class EnforcementPostedForm(ActForm):
    places = forms.MultipleChoiceField(
        label=_("Posted at"), widget=forms.CheckboxSelectMultiple, choices=choices("posting_place")
    )
    place = forms.CharField(label=_("Place of posting"), max_length=255, required=False)


class EnforcementDeliveredForm(ActForm):
    method = forms.ChoiceField(label=_("Delivery"), choices=choices("delivery_method"))


class EnforcementExecutedForm(ActForm):
    pass


class SupportMeasureForm(ActForm):
    measure = forms.ChoiceField(label=_("Measure"), choices=choices("support_measure"))
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class FpicForm(ActForm):
    happened_on = forms.DateField(label=_("Consent given or withheld on"), widget=DATE_WIDGET)
    basis = forms.ChoiceField(label=_("Why consent is sought"), choices=choices("fpic_basis"))
    consultation_on = forms.DateField(label=_("Consultation held on"), widget=DATE_WIDGET)
    consent = forms.ChoiceField(label=_("Consent"), choices=choices("fpic_consent"))


class InvitationForm(ActForm):
    happened_on = forms.DateField(label=_("Sent on"), widget=DATE_WIDGET)
    area = area_field()
    meeting_kind = forms.ChoiceField(label=_("Kind of meeting"), choices=choices("meeting_kind"))
    planned_on = forms.DateField(label=_("Meeting planned for"), widget=DATE_WIDGET)
    method = forms.ChoiceField(label=_("How"), choices=choices("invitation_method"))
    exceptions = forms.CharField(
        label=_("Every household of the area is invited, except (lookup codes or #ids)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=20_000,
    )
    not_values = (*ActForm.not_values, "exceptions")


HOUSEHOLDS = [
    ("none", _("No household representative")),
    ("all", _("Every attending household")),
    ("listed", _("Only the households listed below")),
    ("all_but", _("Every attending household but those listed below")),
]


class SignaturesForm(ActForm):
    happened_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET)
    roles = forms.MultipleChoiceField(
        label=_("Signed by"),
        widget=forms.CheckboxSelectMultiple,
        choices=[c for c in choices("signatory_role") if c[0] != "household_representative"],
        required=False,
    )
    households = forms.ChoiceField(
        label=_("Household representatives who signed"), choices=HOUSEHOLDS, initial="none"
    )
    listed = forms.CharField(
        label=_("Households (lookup codes or #ids)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=20_000,
    )


class ConfirmForm(ActForm):
    happened_on = forms.DateField(
        label=_("Confirmed on"), widget=DATE_WIDGET, initial=timezone.localdate
    )


class CensusForm(ActForm):
    area = area_field(required=False)


class CutoffForm(ActForm):
    area = area_field(required=False)
    cutoff_on = forms.DateField(label=_("Cut-off date"), widget=DATE_WIDGET)
    method = forms.ChoiceField(label=_("Announced by"), choices=choices("cutoff_method"))


class InvitationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        kind = label("meeting_kind", obj.payload.get("meeting_kind", ""))
        planned = "/".join(reversed(obj.payload.get("planned_on", "").split("-")))
        return f"{obj.happened_on:%d/%m/%Y} → {planned}: {kind} ({len(obj.payload['cases'])})"


def add_invitation_field(form, area) -> None:
    """The meeting screen names the invitation it follows (the area's, standing)."""
    from .meeting_selectors import invitations_of_area

    form.fields["invitation"] = InvitationChoiceField(
        label=_("Invitation sent for this meeting"),
        queryset=invitations_of_area(area.id),
        required=False,
    )
