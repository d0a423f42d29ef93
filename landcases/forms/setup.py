"""Forms for setting up a project: the project, its areas, its plan entries, its members."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .. import messages as msg
from ..models import (
    AdministrativeUnit,
    CompensationPlan,
    PlanKind,
    Project,
    ProjectArea,
    Role,
    UnitLevel,
)
from ..models.projects import VN2000_SRIDS
from .fields import DecimalInput, date_input, reason_field
from .geometry import ShapeFields

PROSE_MAX = 5_000


class ProjectEditForm(forms.ModelForm):
    communes = forms.CharField(
        label=_("Communes (codes)"),
        max_length=2_000,
        required=False,
        help_text=_(
            "The administrative codes of the project's communes, separated by commas or spaces "
            "— both the communes before the 1 July 2025 mergers and those after."
        ),
    )
    reason = reason_field()

    class Meta:
        model = Project
        fields = [
            "name",
            "purpose",
            "investor",
            "board",
            "legal_basis",
            "earliest_act_date",
            "cutoff_date",
            "planned_decision_date",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "earliest_act_date": date_input(),
            "cutoff_date": date_input(),
            "planned_decision_date": date_input(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("purpose", "legal_basis"):
            self.fields[name].max_length = PROSE_MAX
            self.fields[name].validators.append(MaxLengthValidator(PROSE_MAX))
        if self.instance.pk and not self.is_bound:
            codes = self.instance.communes.order_by("code").values_list("code", flat=True)
            self.initial["communes"] = ", ".join(dict.fromkeys(codes))

    def clean_communes(self):
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data["communes"]) if c]
        if any(len(c) > 10 for c in codes):
            raise ValidationError(msg.COMMUNES_UNKNOWN, params={"codes": ", ".join(codes)[:80]})
        units = list(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code__in=codes))
        unknown = sorted(set(codes) - {u.code for u in units})
        if unknown:
            raise ValidationError(msg.COMMUNES_UNKNOWN, params={"codes": ", ".join(unknown)})
        return units


class ProjectCreateForm(ShapeFields, forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Short, in the page addresses: e.g. ql55-km0")
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).order_by("name"),
    )
    source_srid = forms.TypedChoiceField(
        label=_("The project's VN-2000 zone"),
        coerce=int,
        choices=[(s, f"EPSG:{s}") for s in VN2000_SRIDS],
        help_text=_("Areas are measured in it, e.g. EPSG:9218 for Bình Thuận."),
    )
    board_staff = forms.CharField(
        label=_("First board-staff member (username)"),
        max_length=150,
        help_text=_("They set up the rest of the project and give the other roles."),
    )
    reason = reason_field()
    field_order = ["code", "name", "province", "source_srid", "srid", "geom", "board_staff"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_shape_choices()
        self.fields["geom"].label = _("Recovery boundary (WKT or GeoJSON)")

    def clean_board_staff(self):
        return user_by_username(self.cleaned_data["board_staff"])


def user_by_username(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError(msg.USER_UNKNOWN)
    return user


class AreaForm(ShapeFields, forms.Form):
    shape_required = False
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=255)
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    km_from = DecimalInput(label=_("From Km"), max_digits=8, decimal_places=3, required=False)
    km_to = DecimalInput(label=_("To Km"), max_digits=8, decimal_places=3, required=False)
    reason = reason_field()
    field_order = ["code", "name", "commune", "km_from", "km_to", "srid", "geom"]

    def __init__(self, *args, project, area=None, **kwargs):
        if area is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": area.code,
                "name": area.name,
                "commune": area.commune_id,
                "km_from": area.km_from,
                "km_to": area.km_to,
                "srid": 4326,
                "geom": area.geom.geojson if area.geom else "",
            }
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = project.communes.order_by("code", "valid_from")
        self.set_shape_choices(project)
        if area is not None:
            self.fields["srid"].initial = 4326
        self.fields["geom"].label = _("Outline (WKT or GeoJSON)")


class PlanCreateForm(forms.Form):
    number = forms.CharField(label=_("Plan number"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    area = forms.ModelChoiceField(
        label=_("Project area"), queryset=ProjectArea.objects.none(), required=False
    )
    reason = reason_field()

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ProjectArea.objects.filter(project=project)


class PlanEditForm(forms.ModelForm):
    reason = reason_field()

    class Meta:
        model = CompensationPlan
        fields = ["title", "area"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ProjectArea.objects.filter(project=project)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    commune = forms.ModelChoiceField(
        label=_("Commune (for commune officials)"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
    )
    reason = reason_field()

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = project.communes.order_by("code", "valid_from")


class MembershipAddForm(MembershipForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    field_order = ["username", "role", "commune", "reason"]

    def clean_username(self):
        return user_by_username(self.cleaned_data["username"])


class MembershipRemoveForm(forms.Form):
    reason = reason_field()
