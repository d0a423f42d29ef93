"""Stored audit runs (issue 13): which audit did the inspector see on 15 June?

A run and its findings are written once, together, in one transaction (auditruns.py), and
never changed: the app role may only SELECT and INSERT them (roles.py) and a trigger refuses
UPDATE and DELETE (migration 0009). What changes while a run is being computed — queued,
running, its progress, a failure — lives in a separate row, the job (`AuditRunJob`), so that
the run itself is insert-only.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

TRIGGERS = (
    ("user", _("asked for by a user")),
    ("command", _("manage.py audit --store")),
    ("nightly", _("the nightly job")),
)
JOB_STATUSES = (
    ("queued", _("queued")),
    ("running", _("running")),
    ("stored", _("stored")),
    ("failed", _("failed")),
)


class AuditRunJob(models.Model):
    """The one mutable row of a run: asked for, running (phase, done/total), stored (the run
    names its job) or failed (the error). Written outside the run's transaction so that its
    progress is visible while the run is computed."""

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="+")
    as_of = models.DateField(_("as of"))
    axis = models.CharField(_("axis"), max_length=10)
    trigger = models.CharField(max_length=10, choices=TRIGGERS)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JOB_STATUSES, default="queued")
    phase = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["project", "-requested_at"])]

    def __str__(self) -> str:
        return f"audit job {self.pk} ({self.status})"


class AuditRun(models.Model):
    """One whole-project audit as it was computed: the question (project, as-of, axis), every
    version its answer depends on, when and by whom. Insert-only."""

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="+")
    job = models.OneToOneField(
        AuditRunJob, models.PROTECT, null=True, blank=True, related_name="run"
    )
    as_of = models.DateField(_("as of"))
    axis = models.CharField(_("axis"), max_length=10)
    trigger = models.CharField(max_length=10, choices=TRIGGERS)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # [{"id", "version", "title"}] of the packs the project listed, and a digest of the
    # pack files as loaded (an edit without a version bump still shows).
    packs = models.JSONField(default=list)
    packs_digest = models.CharField(max_length=64)
    # [{"id", "history_id", "scope", "pack", "rule", "parameter"}] of the active overrides
    # reaching the project (history_id: the override's history row in force).
    overrides = models.JSONField(default=list)
    calendar = models.CharField(max_length=200)
    code_version = models.CharField(max_length=100)
    projection_version = models.PositiveBigIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()  # stamped by the database clock (trigger)
    counts = models.JSONField(default=dict)  # {result: n}
    tally = models.JSONField(default=dict)  # {rule: {result: n}}
    findings_count = models.PositiveIntegerField(default=0)
    # The facts every finding was assembled from (facts_sql/stored.py): a finding stored
    # without its JSON (any but a failing one) is assembled from them again when read.
    facts = models.BinaryField(null=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["project", "-finished_at"])]

    def __str__(self) -> str:
        return f"audit run {self.pk} of project {self.project_id} as of {self.as_of}"


class AuditFinding(models.Model):
    """One finding of a stored run: the columns to filter on, and for a failing finding its
    JSON (schema finding/1, with its explanation) as the audit produced it; the others are
    assembled again from the run's facts when read (auditruns.finding_json). Insert-only."""

    id = models.BigAutoField(primary_key=True)
    # The index is the one below (run first).
    run = models.ForeignKey(AuditRun, models.PROTECT, related_name="findings", db_index=False)
    rule = models.CharField(max_length=40)
    result = models.CharField(max_length=20)
    reason_key = models.CharField(max_length=40, blank=True)
    severity = models.CharField(max_length=20)
    subject_type = models.CharField(max_length=12)
    subject_id = models.BigIntegerField()
    cases = ArrayField(models.BigIntegerField(), default=list)
    due_on = models.DateField(null=True)
    fails_since = models.DateField(null=True)
    data = models.JSONField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["run", "result", "rule"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject_type} {self.subject_id}: {self.result}"


class OverdueCase(models.Model):
    """Derived from the latest nightly run (replaced whole each night): the cases a failed
    finding with a passed deadline touches. The parcel stages' `overdue` overlay reads it."""

    case = models.OneToOneField("consultations.Case", models.CASCADE, primary_key=True)
    project = models.ForeignKey("landcases.Project", models.CASCADE, related_name="+")
    run = models.ForeignKey(AuditRun, models.PROTECT, related_name="+")
    since = models.DateField(null=True)

    def __str__(self) -> str:
        return f"case {self.case_id} overdue since {self.since}"
