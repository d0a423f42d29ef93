"""Forms of the acts. Field names are the catalogue's (rules/catalog.py) so that a form's
cleaned data is the act's values; choices come from the one vocabulary (vocabulary.py)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from landcases.models import CompensationPlan, ProjectArea

from .vocabulary import choices

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
DATE = dict(label=_("Date it happened"), widget=DATE_WIDGET)


class EvidenceInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", EvidenceInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Evidence (PDF, JPEG, PNG)"))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(EvidenceField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ActForm(forms.Form):
    """An act's form: `values()` are the details the door takes. Its submission key (made when
    the form is shown) lets the door refuse the same form sent twice."""

    happened_on = forms.DateField(**DATE)
    evidence = EvidenceField()
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    not_values = ("happened_on", "evidence", "area", "submission_key")

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.not_values}


def area_field(required=True):
    return forms.ModelChoiceField(
        label=_("Project area"), queryset=ProjectArea.objects.none(), required=required
    )


def plan_field():
    return forms.ModelChoiceField(
        label=_("Plan"), queryset=CompensationPlan.objects.none(), required=False
    )


class NoticeIssueForm(ActForm):
    area = area_field()
    number = forms.CharField(label=_("Notice number"), max_length=60)


class DeliveryForm(ActForm):
    method = forms.ChoiceField(label=_("Delivery"), choices=choices("delivery_method"))
    signed = forms.BooleanField(label=_("Receipt signed by the land user"), required=False)


class CollectiveDeliveryForm(DeliveryForm):
    """The notice delivered to every household of an area at once, but the exceptions."""

    area = area_field()
    exceptions = forms.CharField(
        label=_("Exceptions (households not reached): lookup codes or #ids"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )
    not_values = (*ActForm.not_values, "exceptions")


class PublicationForm(ActForm):
    newspaper_issues = forms.IntegerField(label=_("Newspaper issues"), min_value=0, max_value=99)
    radio_broadcasts = forms.IntegerField(
        label=_("Local radio broadcasts"), min_value=0, max_value=99
    )


class PostingForm(ActForm):
    area = area_field()
    what = forms.ChoiceField(label=_("What is posted"), choices=choices("posting_what"))
    places = forms.MultipleChoiceField(
        label=_("Posted at"),
        widget=forms.CheckboxSelectMultiple,
        choices=choices("posting_place"),
        required=False,
    )
    place = forms.CharField(label=_("Place of posting"), max_length=255)
    plan = plan_field()


class PostingEndForm(ActForm):
    pass


class InventoryForm(ActForm):
    done = forms.TypedChoiceField(
        label=_("Outcome"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Done with the household")), ("0", _("Refused by the household"))],
    )
    participated = forms.BooleanField(
        label=_("The household took part"), required=False, initial=True
    )
    signed = forms.BooleanField(label=_("The household signed"), required=False, initial=True)

    def kind_and_values(self) -> tuple[str, dict]:
        d = self.cleaned_data
        if d["done"]:
            return "inventory_done", {"participated": d["participated"], "signed": d["signed"]}
        return "inventory_refused", {}


class PersuasionForm(ActForm):
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE_WIDGET)
    by = forms.MultipleChoiceField(
        label=_("Persuasion by"), widget=forms.CheckboxSelectMultiple, choices=choices("persuader")
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=choices("persuasion_purpose"), initial="inventory"
    )


class CompulsoryForm(ActForm):
    number = forms.CharField(label=_("Decision number"), max_length=60)


class OpinionForm(ActForm):
    opinion = forms.ChoiceField(label=_("Opinion"), choices=choices("opinion"))
    concerns = forms.CharField(
        label=_("Concerns"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def values(self) -> dict:
        return {**super().values(), "channel": "written"}


class SupervisionForm(ActForm):
    finding_kind = forms.ChoiceField(label=_("Kind"), choices=choices("finding_kind"))
    area = area_field(required=False)
    content = forms.CharField(
        label=_("Finding or recommendation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResponseForm(ActForm):
    content = forms.CharField(
        label=_("Response"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    resolves = forms.BooleanField(label=_("This resolves the recommendation"), required=False)


class CorrectionForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    action = forms.ChoiceField(
        label=_("Correction"),
        choices=[("redate", _("Correct the date")), ("void", _("Void: it did not happen"))],
    )
    happened_on = forms.DateField(label=_("Correct date"), required=False, widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class MeetingForm(ActForm):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=choices("meeting_kind"))
    place_name = forms.CharField(label=_("Place"), max_length=255)
    place_lat = forms.FloatField(
        label=_("Latitude"), min_value=-90, max_value=90, required=False, widget=forms.HiddenInput
    )
    place_lng = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.HiddenInput,
    )
    plan = plan_field()
    officials = forms.MultipleChoiceField(
        label=_("Officials present"),
        widget=forms.CheckboxSelectMultiple,
        choices=choices("official_role"),
        required=False,
    )
    signatories = forms.MultipleChoiceField(
        label=_("Minutes signed by"),
        widget=forms.CheckboxSelectMultiple,
        choices=choices("signatory_role"),
        required=False,
    )
    # The attendees and their outcomes, as one JSON list (consultations/attendance.py).
    attendance = forms.CharField(widget=forms.HiddenInput, required=False, initial="[]")


def scope_form(form, project):
    if "area" in form.fields:
        form.fields["area"].queryset = ProjectArea.objects.filter(project=project)
    if "plan" in form.fields:
        form.fields["plan"].queryset = CompensationPlan.objects.filter(project=project)
    return form


class ErasureForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    reason = forms.CharField(
        label=_("Reason (e.g. the household's written request of …)"), max_length=255
    )
