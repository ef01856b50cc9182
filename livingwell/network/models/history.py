"""The history of every change to a service in the directory: who, when, how, and what it became."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from livingwell.network.models.directory import Service


class ChangeHow(models.TextChoices):
    IMPORT = "import", "Imported from an Open Referral UK file"
    EDIT = "edit", "Edited in the directory"


class DirectoryChange(models.Model):
    """One change to a service, holding the whole service as it then stood (staff JSON).

    A snapshot rather than a diff, so that any two entries can be compared and the first needs no
    "before"; the page shows what changed between each entry and the one before it.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    how = models.CharField(max_length=10, choices=ChangeHow.choices)
    document = models.JSONField()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.service_id} {self.how} {self.changed_at:%Y-%m-%d %H:%M}"
