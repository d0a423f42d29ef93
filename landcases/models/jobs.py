from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    PLAN_IMPORT = "plan_import", _("Plan import")
    CONSENT_EXPORT = "consent_export", _("Household register export")
    LAND_USER_IMPORT = "land_user_import", _("Land user import")


class JobStatus(models.TextChoices):
    # A parcel import from the web is set up (DRAFT), checked without writing (CHECKED), then
    # accepted (QUEUED again, then DONE) or cancelled; the other jobs go QUEUED → RUNNING → end.
    DRAFT = "draft", _("Being set up")
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    CHECKED = "checked", _("Checked: waiting for your decision")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused: nothing was written")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled: nothing was written")


FINISHED = (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED, JobStatus.CANCELLED)


class SpreadsheetJob(models.Model):
    """A spreadsheet coming in (a plan version's import) or going out (an export) that may
    take long: the file and the progress live here, so that the web process that took it,
    the worker that does it and the page that polls it need share nothing else. The upload
    is emptied once read (it names people); the error sheet or the export stays for its
    owner to download."""

    project = models.ForeignKey("landcases.Project", models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=JobKind.choices)
    plan = models.ForeignKey(
        "landcases.CompensationPlan", models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(max_length=8, default="vi")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    phase = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict, blank=True)  # the reason, the export's filters
    input = models.BinaryField(null=True, blank=True, editable=False)
    input_name = models.CharField(max_length=255, blank=True)
    output = models.BinaryField(null=True, blank=True, editable=False)
    output_name = models.CharField(max_length=255, blank=True)
    result = models.JSONField(default=dict, blank=True)  # counts, the refusal's message
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("spreadsheet job")
        verbose_name_plural = _("spreadsheet jobs")
        indexes = [models.Index(fields=["project", "kind", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["consent_export", "land_user_import"])
                | models.Q(plan__isnull=False),
                name="job_import_has_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
