"""The fortnightly breakfast pack: one printable page for the collaborative's meeting.

What it found is kept as it was when made (`contents`): a past pack reads as it did at its
meeting. Only last pack's actions are read live, as they are done or not now.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class BreakfastPack(models.Model):
    meets_on = models.DateField(unique=True)
    since = models.DateField(help_text="The last pack's meeting (or a fortnight before the first)")
    contents = models.JSONField(default=dict)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-meets_on"]

    def __str__(self) -> str:
        return f"Breakfast pack for {self.meets_on:%-d %B %Y}"

    def previous(self) -> BreakfastPack | None:
        """The pack before this one."""
        return BreakfastPack.objects.filter(meets_on__lt=self.meets_on).order_by("-meets_on").first()
