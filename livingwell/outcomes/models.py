"""Questionnaires answered in an episode of support, the links people answer from, schedules, goals.

Scores are computed by the pure core (``livingwell.outcomes.instruments``) when a response is
completed and stored beside the answers, so lists and summaries never rescore row by row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from livingwell.outcomes.instruments import INSTRUMENTS, InstrumentDefinition

INSTRUMENT_CHOICES = [(code, definition.name) for code, definition in INSTRUMENTS.items()]


class BigOutcome(models.TextChoices):
    """The alliance's three big outcomes (DOMAIN.md §1), which every personal goal serves."""

    RECOVER = "recover", "Recover and stay well"
    CHOICES = "choices", "Make their own choices and achieve personal goals"
    PARTICIPATE = "participate", "Participate on an equal footing in daily life"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Started, not sent yet"
    COMPLETED = "completed", "Completed"


class ResponseSource(models.TextChoices):
    PRACTITIONER = "practitioner", "Recorded by a practitioner"
    LINK = "link", "Answered by the person from a link"
    IMPORTED = "imported", "Imported (FHIR)"


class Goal(models.Model):
    """A personal goal in the person's own words, rated 0-10 over time with Goal-Based Outcomes.

    One goal model for the support plan and for Goal-Based Outcomes: a goal is the person's (and so
    their plan's); `episode` is where it was set and is rated, and is empty for a goal set on the
    plan outside any episode. Achieving it is dated (the second big outcome's measure).
    """

    episode = models.ForeignKey(
        "support.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="goals"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="goals")
    description = models.CharField(max_length=300)
    big_outcome = models.CharField(max_length=12, choices=BigOutcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    achieved_at = models.DateTimeField(null=True, blank=True)
    achieved_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description


class QuestionnaireResponse(models.Model):
    """One completion (or a started one) of one instrument by a person in an episode."""

    episode = models.ForeignKey(
        "support.Episode", on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    instrument = models.CharField(max_length=12, choices=INSTRUMENT_CHOICES)
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings")
    status = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    source = models.CharField(max_length=12, choices=ResponseSource.choices)
    # Makes creation idempotent: a form sent twice, or a FHIR resource imported twice, is one response.
    submission_key = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Stored from the core's Score at completion.
    total = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=60, blank=True)
    is_case = models.BooleanField(null=True, blank=True)
    prorated = models.BooleanField(default=False)
    # Raised the moment a risk item (PHQ-9 item 9) is saved above zero, even if never submitted.
    risk_flagged_at = models.DateTimeField(null=True, blank=True)
    risk_reviewed_at = models.DateTimeField(null=True, blank=True)
    risk_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["completed_at", "created_at", "id"]
        indexes = [models.Index(fields=["episode", "instrument", "status"], name="response_episode_instr")]

    def __str__(self) -> str:
        return f"{self.instrument} for {self.person_id} ({self.get_status_display()})"

    @property
    def definition(self) -> InstrumentDefinition:
        return INSTRUMENTS[self.instrument]


class ItemAnswer(models.Model):
    """One item's answer, saved as soon as it is given."""

    response = models.ForeignKey(QuestionnaireResponse, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField()
    value = models.SmallIntegerField()
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["response", "number"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"Item {self.number}: {self.value}"


class QuestionnaireLink(models.Model):
    """A single-use link to answer a response without an account; only its SHA-256 hash is kept."""

    response = models.ForeignKey(QuestionnaireResponse, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=10)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Link for questionnaire {self.response_id}, until {self.expires_at:%Y-%m-%d}"


class Schedule(models.Model):
    """When a service asks for an instrument: at first contact, every N weeks, at discharge."""

    service = models.ForeignKey("network.Service", on_delete=models.CASCADE, related_name="outcome_schedules")
    instrument = models.CharField(max_length=12, choices=INSTRUMENT_CHOICES)
    at_first_contact = models.BooleanField(default=True)
    every_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    at_discharge = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "instrument"], name="one_schedule_per_instrument")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} at {self.service_id}"


class LoadedInstrumentText(models.Model):
    """Item wording an organisation is licensed to use, loaded from a content file."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="instrument_texts"
    )
    instrument = models.CharField(max_length=12, choices=INSTRUMENT_CHOICES)
    licence = models.TextField()
    items = models.JSONField()
    answers = models.JSONField()
    loaded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "instrument"], name="one_text_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} wording for {self.organisation_id}"
