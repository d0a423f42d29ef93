from django.contrib.postgres.fields import ArrayField
from django.db import models


class RegisterChange(models.Model):
    """A register write that may move stages (an outbox row, written in the write's own
    transaction): the parcels and land users it touched. The case record applies it within
    seconds (a Celery task, enqueued on commit) and marks it applied; an edit that cannot move
    a stage (a phone number, sensitive data) writes none. The registers never import the case
    record: this table is the whole contract between them."""

    project = models.ForeignKey("landcases.Project", models.CASCADE, related_name="+")
    parcels = ArrayField(models.BigIntegerField(), default=list)
    land_users = ArrayField(models.BigIntegerField(), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["project", "id"],
                name="registerchange_pending",
                condition=models.Q(applied_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {len(self.parcels)} parcels, {len(self.land_users)} users"
