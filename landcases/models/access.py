from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    BOARD_STAFF = "board_staff", _("Project board staff")
    COMMUNE_OFFICIAL = "commune_official", _("Commune official")
    FRONT_SUPERVISOR = "front_supervisor", _("Fatherland Front supervisor")
    INSPECTION_BOARD = "inspection_board", _("People's Inspection Board member")
    AUDITOR = "auditor", _("Auditor / inspector")
    VIEWER = "viewer", _("Viewer")


class ProjectMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    project = models.ForeignKey(
        "landcases.Project", models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    commune = models.ForeignKey(
        "landcases.AdministrativeUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune (for commune officials)"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project membership")
        verbose_name_plural = _("project memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="one_role_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project} ({self.get_role_display()})"


class SensitiveReadLog(models.Model):
    """Every read of sensitive personal data: who, when, which record (append-only)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="+")
    land_user = models.ForeignKey("landcases.LandUser", models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=40)
    read_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sensitive data read")
        verbose_name_plural = _("sensitive data reads")
        ordering = ["-read_at"]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.land_user_id} at {self.read_at:%Y-%m-%d %H:%M}"
