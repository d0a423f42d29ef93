"""The case record: every dated act as an append-only event (architecture.md, Core design 2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    NOTICE_ISSUED = "notice_issued", _("Recovery notice issued")
    NOTICE_DELIVERED = "notice_delivered", _("Notice delivered")
    NOTICE_PUBLISHED = "notice_published", _("Notice published (land user unreachable)")
    POSTING_STARTED = "posting_started", _("Public posting started")
    POSTING_ENDED = "posting_ended", _("Public posting ended")
    INVENTORY_DONE = "inventory_done", _("Inventory done")
    INVENTORY_REFUSED = "inventory_refused", _("Inventory refused")
    PERSUASION = "persuasion", _("Persuasion")
    COMPULSORY_INVENTORY = "compulsory_inventory", _("Compulsory inventory decision")
    MEETING = "meeting", _("Meeting")
    OPINION = "opinion", _("Opinion on the plan")
    DIALOGUE_OUTCOME = "dialogue_outcome", _("Dialogue outcome")
    PLAN_APPROVED = "plan_approved", _("Plan approved")
    RECOVERY_DECIDED = "recovery_decided", _("Recovery decision issued")
    PAYMENT = "payment", _("Payment")
    HANDOVER = "handover", _("Site handover")
    SUPERVISION = "supervision", _("Fatherland Front supervision")
    SUPERVISION_RESPONSE = "supervision_response", _("Board response to supervision")


class SubjectType(models.TextChoices):
    PROJECT = "project", _("Project")
    AREA = "area", _("Project area")
    PLAN = "plan", _("Plan version")
    CASE = "case", _("Case")


class Evidence(models.Model):
    """A file that proves an act (minutes, receipt, photo). Content-checked, hashed, never
    replaced: a wrong file is corrected by recording the event again with the right one."""

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="+")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class Event(models.Model):
    """One dated act. Never updated or deleted (a database role and triggers hold that):
    a correction is a new row that supersedes the old one; a void supersedes it with nothing.

    Valid time: `happened_on`. Known time: `recorded_at`. The payload carries ids and values,
    never personal data, so that erasing a register entry never fights the log.
    """

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    subject_type = models.CharField(max_length=10, choices=SubjectType.choices)
    case = models.ForeignKey(
        "consultations.Case", models.PROTECT, null=True, blank=True, related_name="events"
    )
    area = models.ForeignKey(
        "landcases.ProjectArea", models.PROTECT, null=True, blank=True, related_name="events"
    )
    plan = models.ForeignKey(
        "landcases.CompensationPlan", models.PROTECT, null=True, blank=True, related_name="events"
    )
    happened_on = models.DateField(_("happened on"))
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    payload = models.JSONField(default=dict, blank=True)
    # `root` names the first version of a chain of corrections (itself for an original).
    root = models.ForeignKey("self", models.PROTECT, null=True, related_name="+")
    supersedes = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    is_void = models.BooleanField(default=False)
    correction_reason = models.CharField(max_length=500, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="events")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["happened_on", "recorded_at", "id"]
        indexes = [
            models.Index(fields=["project", "kind"]),
            models.Index(fields=["project", "happened_on"]),
            models.Index(fields=["case", "happened_on"]),
            models.Index(fields=["area", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="event_subject_matches_type",
                condition=(
                    Q(subject_type="case", case__isnull=False)
                    | Q(subject_type="area", area__isnull=False, case__isnull=True)
                    | Q(subject_type="plan", plan__isnull=False, case__isnull=True)
                    | Q(subject_type="project", case__isnull=True, area__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="event_correction_has_reason",
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
            ),
            models.CheckConstraint(
                name="event_void_is_a_correction",
                condition=Q(is_void=False) | Q(supersedes__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d/%m/%Y}"
