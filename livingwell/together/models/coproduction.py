"""The co-production log: who with lived experience took part in designing or deciding what.

A participant's name identifies them: it is kept for the hub lead (to pay or credit them) and never
shown on a public page, which gives counts and hours only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Perspective(models.TextChoices):
    USES_SERVICES = "uses_services", "Uses or has used services"
    CARER = "carer", "Carer"


class Recognition(models.TextChoices):
    PAID = "paid", "Paid"
    # Credited: time given back as credit (the community issue's timebank hours, when it lands).
    CREDITED = "credited", "Credited"


class CoProduction(models.Model):
    """One person's part in one meeting or piece of design, and what it shaped."""

    participant = models.CharField("participant's name", max_length=200)
    perspective = models.CharField(max_length=20, choices=Perspective.choices)
    meeting = models.CharField("meeting or piece of work", max_length=200)
    took_part_on = models.DateField()
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0.25), MaxValueValidator(24)],
    )
    recognition = models.CharField("paid or credited", max_length=10, choices=Recognition.choices)
    decision = models.ForeignKey(
        "together.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="coproduction"
    )
    shaped = models.TextField("the change it shaped", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True)

    class Meta:
        ordering = ["-took_part_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | ~Q(shaped=""), name="coproduction_shaped_something"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} on {self.took_part_on}"
