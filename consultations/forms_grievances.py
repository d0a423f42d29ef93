"""Forms of a grievance's acts. Field names are the catalogue's (rules/catalog.py); the
choices of `about` (the act or decision the grievance is about) are the project's standing
acts that decide something — its notices and plan approvals, and the acts of the land user's
case when the form comes from a case page."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import messages_steps
from .forms import DATE_WIDGET, ActForm
from .models import Case, Event
from .vocabulary import choices

# Acts a grievance can be about (a decision, or an act done to the household).
SHARED_ABOUT = ("notice_issued", "plan_approved", "plan_appraised", "posting_started")
CASE_ABOUT = (
    "notice_delivered",
    "inventory_done",
    "compulsory_inventory",
    "plan_delivered",
    "recovery_decided",
    "payment",
    "deposit",
    "handover",
    "resettlement_allocated",
    "enforcement_decided",
    "enforcement_executed",
)


class GrievanceReceivedForm(ActForm):
    happened_on = forms.DateField(label=_("Received on"), widget=DATE_WIDGET)
    grievance_kind = forms.ChoiceField(label=_("Kind"), choices=choices("grievance_kind"))
    channel = forms.ChoiceField(label=_("Channel"), choices=choices("grievance_channel"))
    taken_by = forms.ModelChoiceField(
        label=_("Taken by (a verbal complaint)"),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    confirmed = forms.BooleanField(
        label=_("The complainant signed or fingerprinted the written-down complaint"),
        required=False,
    )
    land_users = forms.CharField(
        label=_("Land users (lookup codes or #ids)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=20_000,
    )
    about = forms.ChoiceField(
        label=_("About which act or decision"),
        required=False,
        error_messages={"invalid_choice": messages_steps.GRIEVANCE_ABOUT_UNKNOWN},
    )
    complex = forms.BooleanField(label=_("Complex case"), required=False)
    remote = forms.BooleanField(label=_("Remote area"), required=False)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    not_values = (*ActForm.not_values, "land_users")
    field_order = [
        "happened_on",
        "grievance_kind",
        "channel",
        "taken_by",
        "confirmed",
        "land_users",
        "about",
        "complex",
        "remote",
        "summary",
        "evidence",
    ]

    def values(self) -> dict:
        values = super().values()
        values["about"] = int(values["about"]) if values.get("about") else None
        values["taken_by"] = values["taken_by"].pk if values.get("taken_by") else None
        if values["channel"] != "verbal":  # who took it and its confirmation: verbal only
            values.pop("taken_by")
            values.pop("confirmed")
        return values


class GrievanceStepForm(ActForm):
    """Accepted, withdrawn: the date and the evidence."""


class GrievanceRefusedForm(ActForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class GrievanceSettledForm(ActForm):
    result = forms.ChoiceField(label=_("Result"), choices=choices("grievance_result"))
    number = forms.CharField(label=_("Decision number"), max_length=60)


class GrievanceAppealedForm(ActForm):
    route = forms.ChoiceField(label=_("Route"), choices=choices("appeal_route"))


def _about_label(event: Event) -> str:
    number = event.payload.get("number") or event.payload.get("receipt") or ""
    where = f" ({event.area.code})" if event.area_id and not event.case_id else ""
    return (
        f"{event.get_kind_display()} {number}{where} – "
        f"{event.happened_on:%d/%m/%Y} (#{event.root_id})"
    ).replace("  ", " ")


def about_choices(project, case: Case | None) -> list[tuple[str, str]]:
    standing = Event.objects.filter(
        project=project, is_void=False, superseded_by__isnull=True
    ).select_related("area")
    shared = standing.filter(kind__in=SHARED_ABOUT, case__isnull=True)
    events = list(shared.order_by("-happened_on", "-id")[:200])
    if case is not None and case.pk is not None:
        events = list(standing.filter(case=case, kind__in=CASE_ABOUT).order_by("-happened_on")) + (
            events
        )
    return [("", "—")] + [(str(e.root_id), _about_label(e)) for e in events]


def scope_grievance_form(form: GrievanceReceivedForm, project, case: Case | None):
    form.fields["taken_by"].queryset = (
        get_user_model().objects.filter(memberships__project=project).order_by("username")
    )
    form.fields["taken_by"].label_from_instance = lambda u: u.get_full_name() or u.username
    form.fields["about"].choices = about_choices(project, case)
    return form
