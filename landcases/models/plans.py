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
