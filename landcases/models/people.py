from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LandUserKind(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")
    COMMUNITY = "community", _("Residential community")
    RELIGIOUS = "religious", _("Religious establishment")
    COMMUNE = "commune", _("Commune People's Committee (public land)")
    OCCUPANT = "occupant", _("Occupant without land rights")


class Vulnerability(models.TextChoices):
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    DISABLED = "disabled", _("Person with disability")
    FEMALE_HEADED = "female_headed", _("Female-headed household")
    ELDERLY = "elderly", _("Elderly living alone")
    POLICY = "policy", _("Policy family (người có công)")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic minority")


class LandUser(models.Model):
    """A person or body whose land is recovered (người sử dụng đất), in one project.

    Names, addresses and phones live here; citizen IDs, ethnicity, vulnerability, health and
    bank data live in LandUserSensitive, read only through the gate that logs every read.
    """

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="land_users")
    kind = models.CharField(_("kind"), max_length=15, choices=LandUserKind.choices)
    name = models.CharField(_("name"), max_length=255)
    representative = models.CharField(_("head / representative"), max_length=255, blank=True)
    members = models.PositiveSmallIntegerField(_("household members"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    lookup_code = models.CharField(
        _("lookup code"),
        max_length=16,
        unique=True,
        help_text=_("Given to the land user to look up their own case."),
    )
    resettlement_eligible = models.BooleanField(_("eligible for resettlement"), default=False)
    # Name and representative without diacritics, lower case (PostgreSQL unaccent, which is not
    # immutable, so stored by the writes: services.land_users_index_names), trigram-indexed so
    # that "nguyen van" finds "Nguyễn Văn" among 100,000 land users at once.
    search_name = models.TextField(default="", blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("land user")
        verbose_name_plural = _("land users")
        ordering = ["project", "name"]
        indexes = [
            models.Index(fields=["project", "kind"]),
            GinIndex(
                fields=["search_name"], opclasses=["gin_trgm_ops"], name="landuser_search_trgm"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LandUserSensitive(models.Model):
    land_user = models.OneToOneField(
        LandUser, models.PROTECT, primary_key=True, related_name="sensitive"
    )
    citizen_id = models.CharField(_("citizen ID (CCCD)"), max_length=12, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    vulnerabilities = ArrayField(
        models.CharField(max_length=20, choices=Vulnerability.choices),
        verbose_name=_("vulnerability"),
        default=list,
        blank=True,
    )
    health_notes = models.TextField(_("health notes"), blank=True)
    bank_account = models.CharField(_("bank account"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sensitive personal data")
        verbose_name_plural = _("sensitive personal data")
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id="") | Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="sensitive_citizen_id_12_digits",
            )
        ]

    def __str__(self) -> str:
        return str(self.land_user_id)

    def vulnerability_labels(self) -> list[str]:
        labels = dict(Vulnerability.choices)
        return [str(labels.get(v, v)) for v in self.vulnerabilities]


class Tenure(models.TextChoices):
    CERTIFICATE_HOLDER = "certificate", _("Certificate holder")
    WITHOUT_CERTIFICATE = "no_certificate", _("User without certificate")
    LESSEE = "lessee", _("Lessee")
    CO_USER = "co_user", _("Co-user")
    # Land used under the custom of an ethnic-minority community, with or without papers
    # (what LND-FPIC asks about, ESS7): a way of holding land, so a tenure of the holding.
    CUSTOMARY = "customary", _("Customary use (ethnic-minority community)")


class Holding(models.Model):
    """Land user ↔ parcel: tenure, share and the area affected."""

    land_user = models.ForeignKey(LandUser, models.PROTECT, related_name="holdings")
    parcel = models.ForeignKey("landcases.Parcel", models.PROTECT, related_name="holdings")
    tenure = models.CharField(_("tenure"), max_length=15, choices=Tenure.choices)
    share_pct = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2, default=100)
    affected_area_m2 = models.DecimalField(_("affected area (m²)"), max_digits=12, decimal_places=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holding")
        verbose_name_plural = _("holdings")
        constraints = [
            models.UniqueConstraint(fields=["land_user", "parcel"], name="holding_once"),
            models.CheckConstraint(
                condition=Q(share_pct__gt=0) & Q(share_pct__lte=100), name="holding_share_range"
            ),
            models.CheckConstraint(
                condition=Q(affected_area_m2__gte=0), name="holding_affected_area_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.land_user_id} @ {self.parcel_id}"
