"""The parcel import's two forms: the upload, then its set-up (layer, source CRS, encoding,
field mapping, defaults), whose choices come from what the upload holds
(services/parcel_import_setup.py)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..imports import field_mapping, legacy_text, vn2000
from ..models import MapKind

ENCODING_LABELS = {
    "auto": _("Detect it"),
    "utf-8": _("Unicode (UTF-8)"),
    "tcvn3": _("TCVN3 (ABC)"),
    "vni": _("VNI"),
    "ascii": _("ASCII only"),
}
UPLOAD_KINDS = ".zip,.gpkg,.geojson,.json,.kml,.dxf,.dgn"


class ParcelImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Cadastral file"),
        help_text=_(
            "A zipped Shapefile (.shp, .shx, .dbf, .prj), a GeoPackage, GeoJSON, KML, DXF or a "
            "DGN of MicroStation v7. A DGN v8 must first be saved as v7 (MicroStation: File › "
            "Save As, V7 DGN) or exported to a Shapefile (Famis, QGIS or ogr2ogr)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_KINDS}),
    )


def crs_choices() -> list[tuple[str, str]]:
    """The source CRS offered: VN-2000 provincial TM-3 zones by province name (before and
    after the 2025 merger), then WGS 84."""
    from ..geometry import VN2000_SRIDS

    choices = []
    for row in sorted(vn2000.province_zones(), key=lambda r: vn2000.plain_name(r.province)):
        if row.zone is None or row.zone.epsg not in VN2000_SRIDS:
            continue
        label = row.province
        if row.province_2025 and row.province_2025 != row.province:
            label = f"{row.province} ({row.province_2025})"
        choices.append((str(row.zone.epsg), f"{label} — {row.zone.name} (EPSG:{row.zone.epsg})"))
    choices.append(("4326", _("WGS 84 longitude/latitude (EPSG:4326)")))
    return choices


class ParcelImportSetupForm(forms.Form):
    layer = forms.ChoiceField(label=_("Layer"), required=False)
    srid = forms.TypedChoiceField(
        label=_("Coordinate system of the file"), coerce=int, required=False, empty_value=None
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding of the attributes"), choices=list(ENCODING_LABELS.items())
    )
    commune = forms.ChoiceField(
        label=_("Commune of every parcel"),
        required=False,
        help_text=_("When the file has no commune code field."),
    )
    map_kind = forms.ChoiceField(label=_("Map kind"), choices=MapKind.choices)
    survey_date = forms.DateField(
        label=_("Survey date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    repair = forms.BooleanField(
        label=_("Repair invalid shapes (ST_MakeValid); each repair is reported"), required=False
    )

    def __init__(self, *args, setup, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layer"].choices = [(name, name) for name in setup.layers]
        recognised = setup.crs.get("epsg") if setup.crs.get("how") != "given" else None
        offered = crs_choices()
        if recognised:
            offered.insert(0, (str(recognised), _("As the file says (EPSG:%s)") % recognised))
        self.fields["srid"].choices = [("", _("— choose —")), *offered]
        self.fields["commune"].choices = [
            ("", _("— from the file's field —")),
            *[(c.code, f"{c.name} ({c.code})") for c in communes],
        ]
        self.initial.setdefault("survey_date", timezone.localdate())
        blank = [("", _("— none —"))]
        for target, label in field_mapping.TARGETS.items():
            name = f"field_{target}"
            self.fields[name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[*blank, *[(f, f) for f in setup.fields]],
            )
            self.initial.setdefault(name, setup.mapping.get(target, ""))

    def mapping_fields(self):
        return [self[f"field_{t}"] for t in field_mapping.TARGETS]

    def mapping(self) -> dict[str, str]:
        data = self.cleaned_data
        return {t: data.get(f"field_{t}") or "" for t in field_mapping.TARGETS}


assert set(ENCODING_LABELS) == {"auto", *legacy_text.ENCODINGS}
