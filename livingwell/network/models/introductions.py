"""Introductions of a person to a service in the directory, followed until they end."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from livingwell.codes import Source
from livingwell.network.models.directory import Service


class ServiceIntroductionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the service"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ServiceIntroduction(models.Model):
    """The hub introducing a person on to a service: the service accepts or declines it."""

    # Empty when the person was introduced straight to the service without the hub (a GP's
    # referral to specialist care before the hub opened, or A&E to Crisis Outreach); `source`
    # then says who introduced them.
    introduction = models.ForeignKey(
        "access.Introduction", null=True, blank=True, on_delete=models.PROTECT, related_name="onward"
    )
    source = models.CharField(
        "who introduced the person, when not the hub", max_length=2, choices=Source.choices, blank=True
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="introductions")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="service_introductions"
    )
    status = models.CharField(
        max_length=10, choices=ServiceIntroductionStatus.choices, default=ServiceIntroductionStatus.PENDING
    )
    note = models.TextField("what the service should know", blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A default rather than auto_now_add, so that a history (the demo borough) can be loaded.
    made_at = models.DateTimeField(default=timezone.now, db_index=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-made_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["introduction", "service"], name="one_onward_introduction_per_service"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.service}"
