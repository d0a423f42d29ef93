"""The case record: every dated act as an append-only event (architecture.md, Core design 2).

Rows are written only by the one door (consultations/services.py) and never updated or
deleted: the application's database role has no UPDATE, DELETE or TRUNCATE on these tables,
and may not even name `recorded_at`, `seeded` or `root_id` in an INSERT: a trigger stamps them
(the known time from the database clock; see migrations/0005_record_that_holds.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rules.catalog import EVENT_KINDS, SUBJECT_TYPES
from ..rules.vocabulary import RECORDER_ROLES
from ..vocabulary import KIND_CHOICES, choices

SUBJECT_LABELS = {
    "project": _("Project"),
    "area": _("Project area"),
    "plan": _("Plan version"),
    "case": _("Case"),
    "grievance": _("Grievance"),
}


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


class FreeText(models.Model):
    """Words that come with an act (concerns raised, a finding, a place, a reason). The event
    names this row by id and SHA-256; erasure removes the words and keeps the hash, so the
    record still proves that a remark was made and when. A trigger allows no other change.

    The hash is salted (a bare SHA-256 of "Đồng ý" is guessed in a second); the salt stays
    after erasure, so whoever holds the original words (the paper minutes) can still check them.
    """

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    salt = models.CharField(max_length=32)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    erasure_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("free text")
        verbose_name_plural = _("free texts")
        constraints = [
            models.CheckConstraint(
                name="freetext_erased_is_empty",
                condition=Q(erased_at__isnull=True) | Q(text=""),
            )
        ]

    def __str__(self) -> str:
        return f"text {self.pk}"


class Grievance(models.Model):
    """The identity of a complaint or petition: what its events are about (never changed)."""

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="grievances")
    number = models.CharField(_("number"), max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="grievance_number")
        ]

    def __str__(self) -> str:
        return self.number


class Event(models.Model):
    """One dated act. Valid time: `happened_on`. Known time: `recorded_at` (the database's
    clock). A correction is a new row that supersedes the latest version of a chain (same
    project, kind and subject); a void supersedes it with nothing. The payload holds ids,
    dates, numbers and codes only (rules/catalog.py)."""

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    subject_type = models.CharField(max_length=10, choices=list(SUBJECT_LABELS.items()))
    case = models.ForeignKey(
        "consultations.Case", models.PROTECT, null=True, blank=True, related_name="events"
    )
    area = models.ForeignKey(
        "landcases.ProjectArea", models.PROTECT, null=True, blank=True, related_name="events"
    )
    plan = models.ForeignKey(
        "landcases.CompensationPlan", models.PROTECT, null=True, blank=True, related_name="events"
    )
    grievance = models.ForeignKey(
        Grievance, models.PROTECT, null=True, blank=True, related_name="events"
    )
    happened_on = models.DateField(_("happened on"))
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True, editable=False)
    # Set by the trigger: true for demo, bench and test rows written through the seeding path.
    seeded = models.BooleanField(default=False, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_role = models.CharField(max_length=20, choices=choices("recorder_role"))
    payload = models.JSONField(default=dict, blank=True)
    # `root` names the first version of a chain of corrections (itself for an original).
    root = models.ForeignKey("self", models.PROTECT, related_name="+", editable=False)
    supersedes = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    is_void = models.BooleanField(default=False)
    reason = models.ForeignKey(
        FreeText, models.PROTECT, null=True, blank=True, related_name="+"
    )  # why a correction or void was made
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
            models.Index(fields=["plan", "kind"]),
            models.Index(fields=["grievance"]),
            models.Index(fields=["root"]),
        ]
        constraints = [
            models.CheckConstraint(name="event_kind_known", condition=Q(kind__in=EVENT_KINDS)),
            models.CheckConstraint(
                name="event_subject_type_known", condition=Q(subject_type__in=SUBJECT_TYPES)
            ),
            models.CheckConstraint(
                name="event_recorded_role_known", condition=Q(recorded_role__in=RECORDER_ROLES)
            ),
            models.CheckConstraint(
                name="event_subject_matches_type",
                condition=(
                    Q(subject_type="case", case__isnull=False, area__isnull=True)
                    | Q(subject_type="area", area__isnull=False, case__isnull=True)
                    | Q(subject_type="plan", plan__isnull=False, case__isnull=True)
                    | Q(subject_type="grievance", grievance__isnull=False, case__isnull=True)
                    | Q(
                        subject_type="project",
                        case__isnull=True,
                        area__isnull=True,
                        plan__isnull=True,
                        grievance__isnull=True,
                    )
                ),
            ),
            models.CheckConstraint(
                name="event_correction_has_reason",
                condition=Q(supersedes__isnull=True) | Q(reason__isnull=False),
            ),
            models.CheckConstraint(
                name="event_void_is_a_correction",
                condition=Q(is_void=False) | Q(supersedes__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d/%m/%Y}"

    @property
    def subject_id(self) -> int:
        return {
            "case": self.case_id,
            "area": self.area_id,
            "plan": self.plan_id,
            "grievance": self.grievance_id,
        }.get(self.subject_type) or self.project_id


class Submission(models.Model):
    """The key of a form as it was sent: a second, identical submission (a double click, a
    resend) finds its key taken and is refused with a message, instead of recording twice."""

    key = models.UUIDField(primary_key=True)
    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    event = models.ForeignKey(Event, models.PROTECT, null=True, related_name="+")

    def __str__(self) -> str:
        return str(self.key)
