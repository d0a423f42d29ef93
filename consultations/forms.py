from django import forms
from django.utils.translation import gettext_lazy as _

from landcases.models import CompensationPlan, ProjectArea

from .acts import DELIVERY_METHODS
from .meetings import MEETING_KINDS, OFFICIAL_ROLES, OPINIONS, SIGNATORY_ROLES

DATE = dict(label=_("Date it happened"), widget=forms.DateInput(attrs={"type": "date"}))

DELIVERY_LABELS = dict(
    zip(
        DELIVERY_METHODS,
        [
            _("Handed over in person"),
            _("By post"),
            _("Through the commune"),
            _("Refused; refusal recorded in minutes"),
        ],
        strict=True,
    )
)
POSTING_LABELS = {
    "notice": _("Recovery notice"),
    "land_user_list": _("List of land users"),
    "land_prices": _("Land prices"),
    "asset_prices": _("Asset unit prices"),
    "resettlement_plan": _("Resettlement plan"),
    "draft_plan": _("Draft compensation plan"),
}
MEETING_LABELS = dict(
    zip(
        MEETING_KINDS,
        [
            _("Dissemination"),
            _("Consultation on the draft plan"),
            _("Dialogue"),
            _("Household visit"),
        ],
        strict=True,
    )
)
OFFICIAL_LABELS = dict(
    zip(
        OFFICIAL_ROLES,
        [
            _("Commune People's Committee"),
            _("Fatherland Front"),
            _("Compensation board"),
            _("Investor"),
            _("Land registration office"),
            _("Other"),
        ],
        strict=True,
    )
)
SIGNATORY_LABELS = dict(
    zip(
        SIGNATORY_ROLES,
        [
            _("Commune People's Committee"),
            _("Fatherland Front"),
            _("Household representatives"),
            _("Compensation board"),
        ],
        strict=True,
    )
)
OPINION_LABELS = dict(
    zip(
        OPINIONS,
        [
            _("Agree"),
            _("Disagree"),
            _("Other opinion"),
            _("No opinion"),
        ],
        strict=True,
    )
)
FINDING_LABELS = {
    "finding": _("Supervision finding"),
    "recommendation": _("Social-criticism recommendation"),
}


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
    happened_on = forms.DateField(**DATE)
    evidence = EvidenceField()


class NoticeIssueForm(ActForm):
    area = forms.ModelChoiceField(label=_("Project area"), queryset=ProjectArea.objects.none())
    number = forms.CharField(label=_("Notice number"), max_length=60)


class DeliveryForm(ActForm):
    method = forms.ChoiceField(label=_("Delivery"), choices=list(DELIVERY_LABELS.items()))
    signed = forms.BooleanField(label=_("Receipt signed by the land user"), required=False)


class PublicationForm(ActForm):
    newspaper_issues = forms.IntegerField(label=_("Newspaper issues"), min_value=0, max_value=99)
    radio_broadcasts = forms.IntegerField(
        label=_("Local radio broadcasts"), min_value=0, max_value=99
    )


class PostingForm(ActForm):
    area = forms.ModelChoiceField(label=_("Project area"), queryset=ProjectArea.objects.none())
    what = forms.ChoiceField(label=_("What is posted"), choices=list(POSTING_LABELS.items()))
    place = forms.CharField(label=_("Place of posting"), max_length=255)
    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=CompensationPlan.objects.none(), required=False
    )


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


class PersuasionForm(ActForm):
    ended_on = forms.DateField(
        label=_("Ended on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    by_roles = forms.MultipleChoiceField(
        label=_("Persuasion by"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(k, OFFICIAL_LABELS[k]) for k in ("commune_pc", "fatherland_front", "board")],
    )


class CompulsoryForm(ActForm):
    number = forms.CharField(label=_("Decision number"), max_length=60)


class OpinionForm(ActForm):
    opinion = forms.ChoiceField(label=_("Opinion"), choices=list(OPINION_LABELS.items()))
    concerns = forms.CharField(
        label=_("Concerns"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class SupervisionForm(ActForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=list(FINDING_LABELS.items()))
    area = forms.ModelChoiceField(
        label=_("Project area"), queryset=ProjectArea.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Finding or recommendation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResponseForm(ActForm):
    text = forms.CharField(
        label=_("Response"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    resolves = forms.BooleanField(label=_("This resolves the recommendation"), required=False)


class CorrectionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Correction"),
        choices=[("redate", _("Correct the date")), ("void", _("Void: it did not happen"))],
    )
    happened_on = forms.DateField(
        label=_("Correct date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class MeetingForm(ActForm):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=list(MEETING_LABELS.items()))
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
    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=CompensationPlan.objects.none(), required=False
    )
    officials = forms.MultipleChoiceField(
        label=_("Officials present"),
        widget=forms.CheckboxSelectMultiple,
        choices=list(OFFICIAL_LABELS.items()),
        required=False,
    )
    signatories = forms.MultipleChoiceField(
        label=_("Minutes signed by"),
        widget=forms.CheckboxSelectMultiple,
        choices=list(SIGNATORY_LABELS.items()),
        required=False,
    )


def scope_form(form, project):
    for name in ("area",):
        if name in form.fields:
            form.fields[name].queryset = ProjectArea.objects.filter(project=project)
    if "plan" in form.fields:
        form.fields["plan"].queryset = CompensationPlan.objects.filter(project=project)
    return form
