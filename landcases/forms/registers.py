from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import AdministrativeUnit, LandUser, MapKind, Parcel, ProjectArea, Tenure, UnitLevel
from ..models.people import Vulnerability
from .fields import DecimalInput, date_input, reason_field
from .geometry import ShapeFields


class ParcelEditForm(forms.ModelForm):
    reason = reason_field()

    class Meta:
        model = Parcel
        fields = ["area", "land_use", "legal_area_m2", "certificate_no", "origin", "address"]
        field_classes = {"legal_area_m2": DecimalInput}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ProjectArea.objects.filter(project=project)


class ParcelCreateForm(ShapeFields, forms.Form):
    commune_at_survey = forms.ModelChoiceField(
        label=_("Commune at survey"), queryset=AdministrativeUnit.objects.none()
    )
    survey_date = forms.DateField(label=_("Survey date"), widget=date_input())
    map_kind = forms.ChoiceField(label=_("Map kind"), choices=MapKind.choices)
    sheet_no = forms.CharField(label=_("Map sheet no."), max_length=20)
    parcel_no = forms.CharField(label=_("Parcel no."), max_length=20)
    land_use = forms.CharField(label=_("Land-use code"), max_length=8)
    legal_area_m2 = DecimalInput(label=_("Legal area (m²)"), max_digits=12, decimal_places=1)
    area = forms.ModelChoiceField(
        label=_("Project area"), queryset=ProjectArea.objects.none(), required=False
    )
    certificate_no = forms.CharField(
        label=_("Certificate no. (GCN)"), max_length=40, required=False
    )
    origin = forms.CharField(label=_("Land origin"), max_length=255, required=False)

    field_order = [
        "commune_at_survey",
        "survey_date",
        "map_kind",
        "sheet_no",
        "parcel_no",
        "land_use",
        "legal_area_m2",
        "area",
        "srid",
        "geom",
        "certificate_no",
        "origin",
    ]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        # The project's communes and the units they were before the mergers.
        communes = project.communes.all()
        self.fields["commune_at_survey"].queryset = (
            AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)
            .filter(Q(pk__in=communes) | Q(successor__in=communes))
            .distinct()
            .order_by("code", "valid_from")
        )
        self.fields["area"].queryset = ProjectArea.objects.filter(project=project)
        self.set_shape_choices(project)


class LandUserForm(forms.ModelForm):
    reason = reason_field()

    class Meta:
        model = LandUser
        fields = [
            "kind",
            "name",
            "representative",
            "members",
            "address",
            "phone",
            "resettlement_eligible",
        ]


class LandUserCreateForm(LandUserForm):
    reason = reason_field(required=False)


class SensitiveForm(forms.Form):
    citizen_id = forms.CharField(label=_("Citizen ID (CCCD)"), max_length=12, required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=60, required=False)
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerability"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    health_notes = forms.CharField(
        label=_("Health notes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )
    bank_account = forms.CharField(label=_("Bank account"), max_length=60, required=False)
    reason = reason_field()


class HoldingForm(forms.Form):
    land_user = forms.ModelChoiceField(label=_("Land user"), queryset=LandUser.objects.none())
    tenure = forms.ChoiceField(label=_("Tenure"), choices=Tenure.choices)
    share_pct = DecimalInput(label=_("Share (%)"), max_digits=5, decimal_places=2, initial=100)
    affected_area_m2 = DecimalInput(label=_("Affected area (m²)"), max_digits=12, decimal_places=1)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["land_user"].queryset = LandUser.objects.filter(project=project).order_by(
            "name"
        )


SENSITIVE_PURPOSE_LABELS = {
    "identity_check": _("Checking the land user's identity"),
    "payment": _("Paying compensation"),
    "vulnerable_support": _("Support for a vulnerable household"),
    "audit": _("Inspection or audit"),
    "register_correction": _("Correcting the register"),
}


class RevealForm(forms.Form):
    """Sensitive data is shown on request, with its purpose (every read is logged)."""

    purpose = forms.ChoiceField(
        label=_("Purpose of this view"), choices=list(SENSITIVE_PURPOSE_LABELS.items())
    )


class LandUserImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx) filled in from the template"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    reason = reason_field()
