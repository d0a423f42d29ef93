from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..land_use_codes import AGRICULTURAL, GROUPS, NON_AGRICULTURAL, UNUSED

# The three land groups (codes: land_use_codes.GROUPS; the notice period depends on them).
LAND_GROUP_LABELS = {
    AGRICULTURAL: _("Agricultural land"),
    NON_AGRICULTURAL: _("Non-agricultural land"),
    UNUSED: _("Unused land"),
}
assert set(LAND_GROUP_LABELS) == set(GROUPS)
LAND_GROUP_CHOICES = [(g, LAND_GROUP_LABELS[g]) for g in GROUPS]


class LandUseCode(models.Model):
    """The national list of land-use codes (landcases/land_use_codes.py, loaded by migration)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    group = models.CharField(_("land group"), max_length=20, choices=LAND_GROUP_CHOICES)
    in_2024_list = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("land-use code")
        verbose_name_plural = _("land-use codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"


class MapKind(models.TextChoices):
    CADASTRAL = "cadastral", _("Cadastral map")
    EXTRACT = "extract", _("Extract survey (trích đo)")


class ParcelQuerySet(models.QuerySet):
    def within(self, geom):
        return self.filter(geom__intersects=geom)


class Parcel(models.Model):
    """A land parcel (thửa đất). Natural key: commune at survey + map kind + sheet + parcel no."""

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="parcels")
    area = models.ForeignKey(
        "landcases.ProjectArea",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="parcels",
        verbose_name=_("project area"),
    )
    commune_at_survey = models.ForeignKey(
        "landcases.AdministrativeUnit",
        models.PROTECT,
        related_name="+",
        verbose_name=_("commune at survey"),
    )
    survey_date = models.DateField(_("survey date"))
    map_kind = models.CharField(_("map kind"), max_length=10, choices=MapKind.choices)
    sheet_no = models.CharField(_("map sheet no."), max_length=20)
    parcel_no = models.CharField(_("parcel no."), max_length=20)
    land_use = models.ForeignKey(
        LandUseCode, models.PROTECT, related_name="+", verbose_name=_("land-use code")
    )
    legal_area_m2 = models.DecimalField(
        _("legal area (m²)"),
        max_digits=12,
        decimal_places=1,
        help_text=_("From the certificate or extract survey; compensation uses this area."),
    )
    geometric_area_m2 = models.DecimalField(
        _("geometric area (m²)"), max_digits=12, decimal_places=1, editable=False
    )
    recovered_area_m2 = models.DecimalField(
        _("recovered area (m²)"), max_digits=12, decimal_places=1, editable=False
    )
    certificate_no = models.CharField(_("certificate no. (GCN)"), max_length=40, blank=True)
    origin = models.CharField(_("land origin"), max_length=255, blank=True)
    address = models.CharField(_("location"), max_length=255, blank=True)
    geom = models.MultiPolygonField(_("geometry"), srid=4326)
    # The same shape in Web Mercator, derived, for vector tiles: no transform per tile request.
    geom_web = models.MultiPolygonField(srid=3857, null=True, editable=False)
    source_srid = models.PositiveIntegerField(_("source CRS (EPSG)"))
    history = HistoricalRecords(
        excluded_fields=["geometric_area_m2", "recovered_area_m2", "geom_web"]
    )

    objects = ParcelQuerySet.as_manager()

    class Meta:
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        ordering = ["project", "sheet_no", "parcel_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "commune_at_survey", "map_kind", "sheet_no", "parcel_no"],
                name="parcel_natural_key",
            ),
            models.CheckConstraint(condition=Q(legal_area_m2__gt=0), name="parcel_legal_area_pos"),
            models.CheckConstraint(
                condition=Q(recovered_area_m2__lte=F("geometric_area_m2") + 0.5),
                name="parcel_recovered_within_parcel",
            ),
        ]
        indexes = [models.Index(fields=["project", "area"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.sheet_no}/{self.parcel_no}"

    @property
    def area_discrepancy_pct(self) -> float | None:
        if not self.legal_area_m2:
            return None
        return float((self.geometric_area_m2 - self.legal_area_m2) / self.legal_area_m2 * 100)
