"""A shape typed, pasted or drawn: WKT or GeoJSON, in WGS 84 or a VN-2000 zone (metres)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..geometry import parse_geometry
from ..models.projects import VN2000_SRIDS

# 20,000 vertices of GeoJSON with 8 decimals take about 1 MB.
MAX_SHAPE_CHARACTERS = 1_500_000


class ShapeFields(forms.Form):
    """`srid` and `geom`; a valid form has the parsed (not yet checked) shape in
    cleaned_data["shape"], or None when the optional shape was left empty."""

    shape_required = True
    srid = forms.TypedChoiceField(label=_("Coordinate system"), coerce=int)
    geom = forms.CharField(
        label=_("Shape (WKT or GeoJSON)"),
        max_length=MAX_SHAPE_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60, "data-shape-input": "1"}),
        help_text=_(
            "Paste WKT or GeoJSON in the chosen system (VN-2000 in metres, WGS 84 in degrees), "
            "or draw it on the map (WGS 84)."
        ),
    )

    def set_shape_choices(self, project=None) -> None:
        """The coordinate systems, the project's own zone starred and chosen first."""
        own = project.source_srid if project else None
        self.fields["srid"].choices = [(4326, "EPSG:4326 – WGS 84")] + [
            (srid, f"EPSG:{srid} – VN-2000" + (" ★" if srid == own else ""))
            for srid in VN2000_SRIDS
        ]
        self.fields["srid"].initial = own or 4326
        self.fields["geom"].required = self.shape_required

    def clean(self):
        data = super().clean()
        text, srid = data.get("geom"), data.get("srid")
        data["shape"] = None
        if text and srid:
            try:
                data["shape"] = parse_geometry(text, srid)
            except ValidationError as exc:
                for errors in exc.error_dict.values():
                    self.add_error("geom", errors)
        return data
