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


class DeclineReason(models.TextChoices):
    """Why a service declined, coded so that the hub can re-route and the alliance can count them."""

    NOT_ELIGIBLE = "not_eligible", "Not eligible for this service"
    NEEDS_ELSEWHERE = "needs_elsewhere", "Their needs would be better met by another service"
    NO_CAPACITY = "no_capacity", "No capacity at the moment"
    OUT_OF_AREA = "out_of_area", "Lives outside the area the service covers"
    PERSON_DECLINED = "person_declined", "The person did not want this service"
    NO_CONTACT = "no_contact", "Could not contact the person"
    OTHER = "other", "Another reason (say which)"


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
    decline_code = models.CharField(
        "why the service declined", max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_reason = models.TextField("what the service says about declining", blank=True)
    # Set when the service accepts: the person's first appointment (first contact is the first
    # session they attend, support.first_contact).
    first_appointment_at = models.DateTimeField(null=True, blank=True)
    # A partner introducing the person straight to another partner's service, not through the hub.
    introduced_by_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-made_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["introduction", "service"], name="one_onward_introduction_per_service"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.service}"
