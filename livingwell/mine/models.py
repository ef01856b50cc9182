"""What the own view keeps: one-time sign-in codes, and a person's request to correct their record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignInCode(models.Model):
    """A six-digit code sent to a confirmed email address or phone, good once, for a few minutes.

    Only its keyed hash is kept (HMAC-SHA256 with the site's key: a million codes are too few to
    leave bare to a database reader), and the browser that asked for it is the only one that can
    use it (its id is in that browser's session, never in a link).
    """

    channel = models.CharField(max_length=5)  # "email" or "sms"
    # The address, keyed as the code is: enough to count codes sent to it, never to read it back.
    address_key = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    # Whom the code signs in as (people.Person, carers.Carer): found when it was sent.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carer_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"sign-in code {self.pk} ({self.channel})"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", "Waiting for the hub"
    DONE = "done", "Corrected"
    DECLINED = "declined", "Not changed"


class CorrectionRequest(models.Model):
    """A person asking for something on their record to be put right: a task for the hub.

    Nothing the person writes here changes their record: a member of the hub checks with them and
    makes the change (people.services.apply_details), then closes the task saying what was done.
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="correction_requests")
    what = models.TextField("what is wrong and what it should say")
    asked_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField("what the hub did", blank=True)
    # The submission's key: sending the form twice makes one request.
    submission_key = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"correction request {self.pk} ({self.status})"


class PersonComment(models.Model):
    """Something the person adds to their own support plan, in their own words, shown beside it."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="own_comments")
    text = models.TextField()
    written_at = models.DateTimeField(default=timezone.now)
    submission_key = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"comment {self.pk}"


class UsedKey(models.Model):
    """A form's submission key once acted on: the same form sent twice acts once (a goal, say)."""

    key = models.CharField(max_length=80, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key
