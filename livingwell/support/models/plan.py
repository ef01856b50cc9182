"""One support plan per person, shared with consent across the partners supporting them.

What matters to the person, their strengths and their support network, their accommodation and
work (MHSDS codes, dated, for the third big outcome), the actions everyone has agreed, and a named
coordinator who holds the plan. The person's goals are the Goal-Based Outcomes goals `outcomes`
records (`person.goals`): one goal model, not two. Every change is kept (`PlanChange`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from livingwell.codes import EmploymentStatus, SettledAccommodation


class SupportPlan(models.Model):
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="support_plan")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="the practitioner who holds the plan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans_held",
    )
    what_matters = models.TextField("what matters to them", blank=True)
    strengths = models.TextField("their strengths and assets", blank=True)
    settled_accommodation = models.CharField(max_length=1, choices=SettledAccommodation.choices, blank=True)
    accommodation_recorded_on = models.DateField(null=True, blank=True)
    employment_status = models.CharField(max_length=2, choices=EmploymentStatus.choices, blank=True)
    employment_recorded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Every save bumps it: a form opened before someone else's change is refused, not merged.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(settled_accommodation="") | Q(accommodation_recorded_on__isnull=False),
                name="accommodation_is_dated",
            ),
            models.CheckConstraint(
                condition=Q(employment_status="") | Q(employment_recorded_on__isnull=False),
                name="employment_is_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Support plan for {self.person}"


class NetworkRelationship(models.TextChoices):
    FAMILY = "family", "Family"
    FRIEND = "friend", "Friend"
    PEER = "peer", "Peer"
    COMMUNITY = "community", "Community group"
    CARER = "carer", "Carer"
    PROFESSIONAL = "professional", "Professional"


class PlanNetworkMember(models.Model):
    """Someone in the person's support network: family, friends, peers, communities, a carer."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="network")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=NetworkRelationship.choices)
    # A carer's own agreement to be named in the plan and contacted (their consent, not the person's).
    carer_consents = models.BooleanField("the carer agrees to be named and contacted", default=False)
    note = models.TextField("how they help", blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


class ActionOwner(models.TextChoices):
    PERSON = "person", "The person themselves"
    PRACTITIONER = "practitioner", "A named practitioner"
    PARTNER = "partner", "A partner organisation"


class PlanAction(models.Model):
    """Something someone will do, by a date, ticked off when done."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=20, choices=ActionOwner.choices)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner="person", owner_user__isnull=True, owner_organisation__isnull=True)
                    | Q(owner="practitioner", owner_user__isnull=False)
                    | Q(owner="partner", owner_organisation__isnull=False)
                ),
                name="action_has_its_owner",
            )
        ]

    def __str__(self) -> str:
        return self.description


class PlanChange(models.Model):
    """The history of a plan: who changed what, when (the words say what, for the plan's page)."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return self.what


class PlanLink(models.Model):
    """A read-only link to the plan for the person, with no account: hashed, expiring, revocable.

    As questionnaire links are (outcomes.links): only the SHA-256 of the token is kept, so a
    database leak gives no working link; the person's own view (the voice issue) replaces it.
    """

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Link to {self.plan}"
