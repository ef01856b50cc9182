"""Organisations of the alliance, the staff who sign in, and the roles they hold through memberships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models


class OrganisationKind(models.TextChoices):
    NHS_TRUST = "nhs_trust", "NHS trust"
    COUNCIL = "council", "Council"
    VOLUNTARY = "voluntary", "Voluntary provider"
    GP_PRACTICE = "gp_practice", "GP practice"
    COMMISSIONER = "commissioner", "Commissioner"
    ALLIANCE = "alliance", "Alliance (runs the hub)"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    # ODS codes identify NHS organisations and GP practices (e.g. G85001); others have none.
    ods_code = models.CharField(
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[A-Z0-9]{3,10}$", "An ODS code is 3 to 10 capital letters and digits")],
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"], condition=~models.Q(ods_code=""), name="unique_ods_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    HUB_WORKER = "hub_worker", "Hub worker"
    HUB_LEAD = "hub_lead", "Hub lead"
    PARTNER_PRACTITIONER = "partner_practitioner", "Partner practitioner"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMINISTRATOR = "administrator", "Administrator"
    # A GP or other professional who introduces people, through their practice or organisation.
    REFERRER = "referrer", "Referrer"
    # A partner's own administrator of its entries in the service directory (the hub lead edits all).
    DIRECTORY_EDITOR = "directory_editor", "Directory editor"


class User(AbstractUser):
    """A member of staff. People who ask for help never need an account."""

    def roles(self) -> set[str]:
        """Return the roles this user holds in any organisation (cached per request object)."""
        cached: set[str] | None = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = set(self.memberships.values_list("role", flat=True))
            self._roles_cache = cached
        return cached

    def organisation_ids(self, role: str | None = None) -> set[int]:
        """Return the organisations in which this user holds a role (any role when None)."""
        memberships = self.memberships.all()
        if role is not None:
            memberships = memberships.filter(role=role)
        return set(memberships.values_list("organisation_id", flat=True))


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"
