from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# VN-2000 TM-3 zones of PROJ's EPSG database (landcases.imports.vn2000.tm3_zones; a test
# compares): the national 5896-5899 (central meridians 102°, 105°, 108°, 111° — the provinces
# on 105°00' and 108°00' use 5897 and 5898) and the provincial 9205-9218.
VN2000_SRIDS = (*range(5896, 5900), *range(9205, 9219))

RULE_PACKS = ("vn-2013", "vn-2024", "vn-2026", "democracy-3406", "complaints-2011", "lender-ess5")


class Project(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    purpose = models.TextField(_("purpose"), blank=True)
    investor = models.CharField(_("investor"), max_length=255, blank=True)
    board = models.CharField(_("project board"), max_length=255, blank=True)
    legal_basis = models.TextField(_("legal basis (decision numbers)"), blank=True)
    province = models.ForeignKey(
        "landcases.AdministrativeUnit", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    communes = models.ManyToManyField(
        "landcases.AdministrativeUnit", related_name="projects", verbose_name=_("communes")
    )
    boundary = models.MultiPolygonField(_("recovery boundary"), srid=4326)
    chainage_line = models.LineStringField(
        _("chainage reference line (Km+)"), srid=4326, null=True, blank=True
    )
    source_srid = models.PositiveIntegerField(
        _("source CRS (EPSG)"), help_text=_("The project's VN-2000 zone, e.g. 9218 for Bình Thuận.")
    )
    cutoff_date = models.DateField(_("cut-off date"), null=True, blank=True)
    planned_decision_date = models.DateField(
        _("planned recovery decision date"), null=True, blank=True
    )
    earliest_act_date = models.DateField(
        _("earliest date of acts"),
        null=True,
        blank=True,
        help_text=_(
            "No act of the case record may be dated before this day, e.g. the date of the "
            "investment decision (chủ trương đầu tư) or of the land recovery plan."
        ),
    )
    rule_packs = ArrayField(
        models.CharField(max_length=20), verbose_name=_("rule packs"), default=list, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[communes])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source_srid__in=VN2000_SRIDS),
                name="project_source_srid_vn2000",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectArea(models.Model):
    """A section of the project: per commune, package or Km segment."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="areas")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    commune = models.ForeignKey(
        "landcases.AdministrativeUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    km_from = models.DecimalField(
        _("from Km"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    km_to = models.DecimalField(_("to Km"), max_digits=8, decimal_places=3, null=True, blank=True)
    geom = models.MultiPolygonField(_("outline"), srid=4326, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project area")
        verbose_name_plural = _("project areas")
        ordering = ["project", "km_from", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="area_code_per_project"),
            models.CheckConstraint(
                condition=models.Q(km_from__isnull=True)
                | models.Q(km_to__isnull=True)
                | models.Q(km_to__gte=models.F("km_from")),
                name="area_km_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"
