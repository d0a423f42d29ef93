from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PlanKind(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVISED = "revised", _("Revised")
    SUPPLEMENTARY = "supplementary", _("Supplementary")


class CompensationPlan(models.Model):
    """A compensation, support and resettlement plan (phương án) version: the register entry."""

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="plans")
    area = models.ForeignKey(
        "landcases.ProjectArea",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("project area"),
    )
    number = models.CharField(_("plan number"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=15, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=255)
    # The version a revised one replaces or a supplementary one adds to (the previous version
    # of the same number, set when it is created).
    base = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("based on")
    )
    # Set when the case record records its approval: from then its lines never change (a
    # database trigger refuses it); a correction is a new version.
    frozen_at = models.DateTimeField(_("approved (lines frozen) at"), null=True, blank=True)
    approval_event = models.BigIntegerField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compensation plan")
        verbose_name_plural = _("compensation plans")
        ordering = ["project", "number", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number", "version"], name="plan_number_version"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="plan_version_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.number} v{self.version}"


# What a household is owed, item by item (Decree 88/2024 Art. 3(2): land, assets, support,
# resettlement), in VND as integers.
ENTITLEMENT_CATEGORIES = ("land", "structure", "crop", "support", "resettlement", "other")
SUPPORT_ITEMS = (
    "life_stabilisation",
    "production_stabilisation",
    "vocational_training",
    "relocation",
    "house_rent",
    "early_handover_bonus",
    "other",
)
CATEGORY_LABELS = {
    "land": _("Land"),
    "structure": _("Houses, structures"),
    "crop": _("Crops, livestock"),
    "support": _("Support"),
    "resettlement": _("Resettlement plot or house"),
    "other": _("Other"),
}
SUPPORT_LABELS = {
    "life_stabilisation": _("Support to stabilise life"),
    "production_stabilisation": _("Support to stabilise production"),
    "vocational_training": _("Vocational training and job change"),
    "relocation": _("Relocation"),
    "house_rent": _("House rent"),
    "early_handover_bonus": _("Bonus for early handover"),
    "other": _("Other support"),
}
assert set(CATEGORY_LABELS) == set(ENTITLEMENT_CATEGORIES)
assert set(SUPPORT_LABELS) == set(SUPPORT_ITEMS)


class PlanLine(models.Model):
    """One land user's line in a plan version: its itemised entitlements, the unpaid financial
    obligations deducted, and the net it is owed (computed by the services)."""

    plan = models.ForeignKey(CompensationPlan, models.PROTECT, related_name="lines")
    land_user = models.ForeignKey("landcases.LandUser", models.PROTECT, related_name="plan_lines")
    gross_vnd = models.BigIntegerField(_("entitlements (VND)"), default=0)
    deductions_vnd = models.BigIntegerField(_("deductions (VND)"), default=0)
    net_vnd = models.BigIntegerField(_("net amount (VND)"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        constraints = [
            models.UniqueConstraint(fields=["plan", "land_user"], name="plan_line_once"),
            models.CheckConstraint(
                condition=models.Q(gross_vnd__gte=0) & models.Q(deductions_vnd__gte=0),
                name="plan_line_amounts_nonneg",
            ),
            models.CheckConstraint(
                condition=models.Q(net_vnd=models.F("gross_vnd") - models.F("deductions_vnd")),
                name="plan_line_net",
            ),
        ]
        indexes = [models.Index(fields=["land_user", "plan"])]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.land_user_id}"


class PlanItem(models.Model):
    """One entitlement of a line: land (by land-use code and area), a structure, crops, a
    support item, a resettlement plot or house."""

    line = models.ForeignKey(PlanLine, models.CASCADE, related_name="items")
    category = models.CharField(
        _("category"),
        max_length=15,
        choices=[(c, CATEGORY_LABELS[c]) for c in ENTITLEMENT_CATEGORIES],
    )
    code = models.CharField(_("code"), max_length=30, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price_vnd = models.BigIntegerField(_("unit price (VND)"), null=True, blank=True)
    amount_vnd = models.BigIntegerField(_("amount (VND)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_vnd__gte=0), name="plan_item_amount"),
            models.CheckConstraint(
                condition=models.Q(category__in=ENTITLEMENT_CATEGORIES), name="plan_item_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.amount_vnd}"
