"""Introductions to the hub, attempts to reach people, conversations, and response standards."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from livingwell.access.codes import CloseReason, ContactMethodUsed, ContactOutcome, IntroductionStatus
from livingwell.codes import Source, Urgency
from livingwell.people.codes import ContactMethod, EthnicCategory, Sex


class Introduction(models.Model):
    """A person introduced to the hub (by themselves, their GP or a partner): one front door."""

    reference = models.CharField(max_length=12, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="introductions")
    source = models.CharField(max_length=2, choices=Source.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    at_risk_now = models.BooleanField(default=False)
    whats_going_on = models.TextField(blank=True)
    life_areas = models.JSONField(default=list, blank=True)
    received_at = models.DateTimeField(db_index=True)
    # Idempotency: one submitted form (or API call) makes exactly one introduction.
    submission_key = models.CharField(max_length=64, unique=True)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="introductions_made",
    )
    # A professional introduction (form or API): who made it, how the hub reaches them, the risk
    # they know of, and whether the person agreed to be introduced. Empty for self-introductions.
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="introductions_referred",
    )
    referrer_contact = models.CharField("how the hub should contact the referrer", max_length=200, blank=True)
    referrer_risk = models.TextField("risk known to the referrer", blank=True)
    consent_obtained = models.BooleanField("the person agreed to the introduction", null=True, blank=True)

    status = models.CharField(
        max_length=20,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.AWAITING_CONTACT,
        db_index=True,
    )
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_introductions",
    )
    # Optimistic locking: every change checks and bumps it, so two workers cannot both take it.
    version = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.reference


class ContactAttempt(models.Model):
    introduction = models.ForeignKey(Introduction, on_delete=models.PROTECT, related_name="contacts")
    at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=ContactMethodUsed.choices)
    outcome = models.CharField(max_length=15, choices=ContactOutcome.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["introduction", "outcome", "at"], name="contact_intro_outcome_at")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} at {self.at:%Y-%m-%d %H:%M}"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Conversation(models.Model):
    """What the hub heard: needs by life area, strengths, what matters, and risk."""

    introduction = models.OneToOneField(Introduction, on_delete=models.PROTECT, related_name="conversation")
    needs = models.JSONField(default=dict, blank=True)  # life area code -> what the person said
    strengths = models.TextField(blank=True)
    what_matters = models.TextField("what matters to the person", blank=True)
    risk_summary = models.TextField(blank=True)
    # No default: a level nobody chose would read as the worker's judgement (docs/hazard-log.md,
    # H-F1). A conversation is saved only when recorded, so the worker always chooses one.
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    # Why a person who said they were at risk now, or came in crisis, is judged below high.
    risk_level_reason = models.TextField("why the risk is lower than high", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Conversation for {self.introduction}"


class ResponseStandard(models.Model):
    """How many hours the hub has to make first contact, per urgency (configurable)."""

    urgency = models.CharField(max_length=10, choices=Urgency.choices, unique=True)
    hours = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.get_urgency_display()}: {self.hours} hours"


class MatchOutcome(models.TextChoices):
    NEW = "new", "No record found: a new record was made from what was sent"
    MATCHED = "matched", "Matched: the NHS number, date of birth and family name agree"
    POSSIBLE = "possible", "Possible match: a new record was made for the hub to check"


class SubmittedDetails(models.Model):
    """What the sender typed about the person, kept beside the record and not written on to it.

    A form or API call cannot prove who sent it, so an existing record's contact details and
    consent change only when a hub worker has checked with the person (access.submitted).
    """

    introduction = models.OneToOneField(Introduction, on_delete=models.PROTECT, related_name="submitted")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    nhs_number = models.CharField(max_length=10, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    contact_times = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    sex = models.CharField(max_length=2, choices=Sex.choices, default=Sex.NOT_KNOWN)
    ethnicity = models.CharField(
        max_length=2, choices=EthnicCategory.choices, default=EthnicCategory.NOT_KNOWN
    )
    consent_share_alliance = models.BooleanField("agrees to share with alliance partners", default=False)
    consent_share_gp = models.BooleanField("agrees to share with their GP", default=False)

    match = models.CharField(max_length=10, choices=MatchOutcome.choices)
    # The existing record it may be about, when the match was not confident.
    possible_match = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_fields = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name_plural = "submitted details"

    def __str__(self) -> str:
        return f"Details sent with {self.introduction}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
