"""The person: identity, demographics in NHS Data Dictionary codes, contact preferences, consent."""

from __future__ import annotations

from django.db import models

from livingwell.lib import nhs_number
from livingwell.people.codes import ContactMethod, EthnicCategory, Sex


class Person(models.Model):
    """Someone the network supports. Merged duplicates point at the record that survives."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    # Family names the person was known by before (recorded by the hub, or kept when two records
    # are merged), so a referral under an old name still finds them (people.matching).
    previous_family_names = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField()
    # Ten digits, no spaces; validated by Modulus 11 before it gets here. Optional: many people
    # who introduce themselves do not know it.
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    contact_times = models.CharField("best times to contact", max_length=200, blank=True)
    language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    sex = models.CharField(max_length=2, choices=Sex.choices, default=Sex.NOT_KNOWN)
    ethnicity = models.CharField(
        max_length=2, choices=EthnicCategory.choices, default=EthnicCategory.NOT_KNOWN
    )

    consent_share_alliance = models.BooleanField("agrees to share with alliance partners", default=False)
    consent_share_alliance_at = models.DateTimeField(null=True, blank=True)
    consent_share_gp = models.BooleanField("agrees to share with their GP", default=False)
    consent_share_gp_at = models.DateTimeField(null=True, blank=True)
    # None until the hub has checked the records.
    previously_known_to_specialist_care = models.BooleanField(null=True, blank=True)

    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["date_of_birth", "family_name"], name="person_dob_family")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_number_formatted(self) -> str:
        return nhs_number.formatted(self.nhs_number) if self.nhs_number else ""
