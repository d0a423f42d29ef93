"""What a province or a project changes in a rule pack (a separate layer: rules/overrides.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RuleOverride(models.Model):
    """One parameter (or the severity) of one rule of one pack, for a province or a project,
    over a span of dates matched against the step's selecting date. Every finding it touches
    shows the base value beside it. Changed only through the services (reason, history)."""

    SCOPES = (("province", _("Province")), ("project", _("Project")))

    scope = models.CharField(_("scope"), max_length=10, choices=SCOPES)
    project = models.ForeignKey(
        "landcases.Project", models.PROTECT, null=True, blank=True, related_name="+"
    )
    province_code = models.CharField(_("province code"), max_length=10, blank=True)
    pack = models.CharField(_("rule pack"), max_length=30)
    rule = models.CharField(_("rule"), max_length=40)
    parameter = models.CharField(_("parameter"), max_length=60)  # or "severity"
    value = models.JSONField(_("value"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule override")
        verbose_name_plural = _("rule overrides")
        constraints = [
            models.CheckConstraint(
                name="override_scope",
                condition=(
                    models.Q(scope="project", project__isnull=False, province_code="")
                    | models.Q(scope="province", project__isnull=True) & ~models.Q(province_code="")
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.pack} {self.rule} {self.parameter}"

    def as_entry(self) -> dict:
        scope = (
            {"project": self.project_id}
            if self.scope == "project"
            else {"province": self.province_code}
        )
        return {
            "id": f"override-{self.pk}",
            "scope": scope,
            "pack": self.pack,
            "rule": self.rule,
            "parameter": self.parameter,
            "value": self.value,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "reason": self.reason,
        }
