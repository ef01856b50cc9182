"""Stories, in the spirit of Care Opinion: told with consent, moderated before anything is public, answered.

A story is stored only as redacted text (livingwell.lib.redaction); what redaction found is kept
for the moderator (`found`) and cleared when the moderator decides, so the names and numbers a
teller wrote do not outlive moderation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StoryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_MODERATION = "awaiting_moderation", "Waiting for a moderator"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Not published"


class StoryTeller(models.TextChoices):
    PERSON = "person", "Someone who used the service"
    CARER = "carer", "A carer"
    OTHER = "other", "Someone else"


class Story(models.Model):
    title = models.CharField(max_length=120)
    text_redacted = models.TextField()
    service = models.ForeignKey(
        "network.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    told_by = models.CharField(max_length=10, choices=StoryTeller.choices)
    # Who told it, when signed in (never shown publicly); null through the public form.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    carer_id = models.PositiveIntegerField(null=True, blank=True)  # carers.Carer, when a carer signed in
    consent_to_publish_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=StoryStatus.choices, default=StoryStatus.AWAITING_MODERATION
    )
    submitted_at = models.DateTimeField()
    # What redaction found: [{"kind", "original", "start", "end"}], spans in text_redacted's labels.
    # Emptied when the moderator publishes or rejects.
    found = models.JSONField(default=list, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejected_reason = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The form's key, so the same story sent twice is kept once.
    submission_key = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-submitted_at"]
        verbose_name_plural = "stories"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_story_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class StoryAnswer(models.Model):
    """The service's public answer, written by a partner practitioner of the service's organisation."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField("the service's answer")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Shown publicly as the answer's author (the organisation, never the member of staff).
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["answered_at"]

    def __str__(self) -> str:
        return f"Answer to {self.story}"


class StoryMeToo(models.Model):
    """One "I've experienced this too", per browser session (the session key is kept hashed)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="me_toos")
    session_hash = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "session_hash"], name="one_me_too_per_session"),
        ]

    def __str__(self) -> str:
        return f"Me too for {self.story_id}"
