"""Carers: their own record, consent and contact details, and whom they care for.

A carer is not a person the network supports (people.Person) until their own needs are introduced
on: then `Carer.person` is their record as one. A carer's record is made from a form only as a NEW
record; the hub links it to an earlier one (`same_as`) once it has checked they are the same
carer, so that nothing a form sends changes a record that exists (the front door's rule).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from livingwell.people.codes import ContactMethod


class Carer(models.Model):
    """Someone who looks after a family member or friend, with their own contact details and consent."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # As on people.Person: when the hub confirmed each detail with the carer. A one-time code to
    # sign in goes only to a confirmed detail (carers.signin), never to what a form supplied.
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    phone_confirmed_at = models.DateTimeField(null=True, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    # The carer's own consent to be recorded and contacted by the network (not the person's).
    consents = models.BooleanField("agrees to be recorded and contacted", default=False)
    consents_at = models.DateTimeField(null=True, blank=True)
    # The form that made this record (its submission key), so that sending it twice makes one.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The hub checked that this record is a carer it already had: their links moved there.
    same_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="linked_from"
    )
    # The carer's record as a person the network supports, once their own needs are introduced on.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="as_carer"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        indexes = [models.Index(fields=["date_of_birth", "family_name"], name="carer_dob_family")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def confirmed_contact(self, channel: str) -> str:
        """Return the carer's email ("email") or phone ("sms") if the hub has confirmed it, else ""."""
        if channel == "email":
            return self.email if self.email and self.email_confirmed_at else ""
        return self.phone if self.phone and self.phone_confirmed_at else ""


class CarerRelationship(models.TextChoices):
    """How the carer is related to the person they care for, in the carer's own words."""

    PARENT = "parent", "Parent"
    CHILD = "child", "Son or daughter"
    PARTNER = "partner", "Partner, husband or wife"
    SIBLING = "sibling", "Brother or sister"
    OTHER_FAMILY = "family", "Other family"
    FRIEND = "friend", "Friend or neighbour"
    OTHER = "other", "Other"


class PersonKnows(models.TextChoices):
    """What the carer said: does the person know about the form, and agree to it?"""

    AGREES = "agrees", "Yes, they know and agree"
    KNOWS = "knows", "They know, but have not said they agree"
    DOES_NOT_KNOW = "no", "No, they do not know"


class CaringFor(models.Model):
    """A carer looks after a person: pending until the hub has checked it with them both.

    With the person's consent (dated; withdrawn at once) the carer may read the person's support
    plan in their own view. The consent is asked on every request, never remembered in a session.
    """

    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="caring_for")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="carers")
    relationship = models.CharField(max_length=10, choices=CarerRelationship.choices)
    # The introduction the carer made (source B2), when they made one.
    introduction = models.ForeignKey(
        "access.Introduction", null=True, blank=True, on_delete=models.PROTECT, related_name="carers"
    )
    person_knows = models.CharField(max_length=10, choices=PersonKnows.choices, blank=True)
    # Until the hub has checked with the person that this carer looks after them, the carer is
    # shown nothing about the person (a form cannot prove who sent it).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_consents_to_share_plan = models.BooleanField(
        "the person agrees the carer reads their plan", default=False
    )
    # When the person last gave or withdrew that consent, and how they told the hub.
    person_consent_at = models.DateTimeField(null=True, blank=True)
    person_consent_how = models.CharField(max_length=500, blank=True)
    # The carer's entry in the person's support network, once named there.
    network_member = models.ForeignKey(
        "support.PlanNetworkMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "caring for"
        verbose_name_plural = "caring for"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["carer", "person"], name="one_link_per_carer_and_person")
        ]

    def __str__(self) -> str:
        return f"{self.carer} cares for {self.person}"

    @property
    def plan_shared(self) -> bool:
        """Say whether the carer may read the person's plan now: checked by the hub, and consented."""
        return self.confirmed_at is not None and self.person_consents_to_share_plan
