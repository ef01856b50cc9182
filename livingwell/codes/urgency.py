"""How soon the hub must respond to an introduction."""

from __future__ import annotations

from django.db import models


class Urgency(models.TextChoices):
    """How soon the hub must respond; the order here is the queue's order."""

    CRISIS = "crisis", "Crisis (very urgent)"
    URGENT = "urgent", "Urgent"
    ROUTINE = "routine", "Routine"
