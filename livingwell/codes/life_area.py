"""The life areas a person can name at the front door, which the directory's needs taxonomy mirrors."""

from __future__ import annotations

from django.db import models


class LifeArea(models.TextChoices):
    MOOD = "mood", "Mood"
    ANXIETY = "anxiety", "Anxiety or worry"
    HOUSING = "housing", "Housing"
    MONEY = "money", "Money and debt"
    WORK = "work", "Work, study or training"
    RELATIONSHIPS = "relationships", "Relationships"
    LONELINESS = "loneliness", "Loneliness"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    ALCOHOL_DRUGS = "alcohol_drugs", "Alcohol or drugs"
