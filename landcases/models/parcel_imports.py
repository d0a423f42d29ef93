from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .jobs import FINISHED, JobStatus


class ParcelImport(models.Model):
    """A cadastral file coming in (zipped Shapefile, GeoPackage, GeoJSON, KML, DXF, DGN): the
    upload, the choices made for it (layer, source CRS, encoding, field mapping, repair,
    dry run), the progress and the report, so that the web process that took it, the worker
    that does it (landcases/tasks.py) and the command line share one code path
    (landcases/services/parcel_imports.py). The upload is emptied once read (it may name
    owners); the report stays."""

    project = models.ForeignKey("landcases.Project", models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(max_length=8, default="vi")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    phase = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # layer, srid, encoding, mapping, defaults, repair, dry_run, survey_date
    params = models.JSONField(default=dict, blank=True)
    input = models.BinaryField(null=True, blank=True, editable=False)
    input_name = models.CharField(max_length=255, blank=True)
    report = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Its last step (set up, queued, checked, refused…): an undecided import expires a day
    # after it (services.parcel_imports.parcel_import_expire).
    stepped_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("parcel import")
        verbose_name_plural = _("parcel imports")
        indexes = [models.Index(fields=["project", "created_at"])]

    def __str__(self) -> str:
        return f"parcel import {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
