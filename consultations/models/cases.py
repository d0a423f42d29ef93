"""Derived data: cases and their stage intervals (rebuilt from events, never typed in)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..vocabulary import OPINION_CHOICES, STAGE_CHOICES


class Case(models.Model):
    """One land user in one project. The stage fields are the projection's current row."""

    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="cases")
    land_user = models.OneToOneField(
        "landcases.LandUser", models.PROTECT, related_name="case", verbose_name=_("land user")
    )
    stage = models.CharField(_("stage"), max_length=15, choices=STAGE_CHOICES, default="identified")
    stage_rank = models.PositiveSmallIntegerField(default=0)
    opinion = models.CharField(_("opinion"), max_length=12, choices=OPINION_CHOICES, blank=True)
    overlays = ArrayField(models.CharField(max_length=25), default=list, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["project", "stage_rank"])]

    def __str__(self) -> str:
        return f"case {self.pk}"


class StageInterval(models.Model):
    """The stage of a case from `valid_from` until `valid_to` (exclusive; open = still)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="intervals")
    project = models.ForeignKey("landcases.Project", models.PROTECT, related_name="+")
    stage = models.CharField(max_length=15, choices=STAGE_CHOICES)
    stage_rank = models.PositiveSmallIntegerField()
    opinion = models.CharField(max_length=12, choices=OPINION_CHOICES, blank=True)
    overlays = ArrayField(models.CharField(max_length=25), default=list, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["project", "valid_from", "valid_to"]),
            models.Index(fields=["case", "valid_from"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="interval_ordered",
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.stage} {self.valid_from}–{self.valid_to or ''}"


class ParcelStage(models.Model):
    """A parcel's least advanced stage among the cases holding it (the map's projection),
    with the register fields the map filters on, so that counts never scan geometries."""

    parcel = models.OneToOneField(
        "landcases.Parcel", models.CASCADE, primary_key=True, related_name="+"
    )
    project = models.ForeignKey("landcases.Project", models.CASCADE, related_name="+")
    area_id = models.BigIntegerField(null=True)
    commune_id = models.BigIntegerField()
    land_group = models.CharField(max_length=20)
    stage_rank = models.PositiveSmallIntegerField(default=0)
    # The opinions of the least advanced cases (a parcel matches an opinion by them), and
    # whether any holder disagrees (the map outlines those parcels in red).
    opinions = ArrayField(models.CharField(max_length=12), default=list)
    disagree = models.BooleanField(default=False)
    overlays = ArrayField(models.CharField(max_length=25), default=list)

    class Meta:
        indexes = [models.Index(fields=["project", "area_id", "stage_rank"])]

    def __str__(self) -> str:
        return f"{self.parcel_id}: {self.stage_rank}"


class ProjectionVersion(models.Model):
    """Bumped by every write that changes a stage (events, applied register changes): caches
    (map tiles, counts) key on it."""

    project = models.OneToOneField(
        "landcases.Project", models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.project_id}@{self.version}"
