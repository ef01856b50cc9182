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
    # When the hub last confirmed the email address and phone number with the person (a conversation,
    # or applying details it had checked). A one-time code to sign in (livingwell.mine.signin) goes
    # only to confirmed details, never to details only a form supplied: whoever filled in a form
    # with someone else's name must not be able to read that person's record.
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    phone_confirmed_at = models.DateTimeField(null=True, blank=True)
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
    # The person asked to be left out of the pseudonymised planning extract (analytics.extract), in
    # the spirit of the National Data Opt-out (docs/opting-out.md says how the two relate). Dated, as
    # the consents are, so the newest answer is the person's wish.
    extract_opt_out = models.BooleanField("left out of the planning extract", default=False)
    extract_opt_out_at = models.DateTimeField(null=True, blank=True)
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

    def confirmed_contact(self, channel: str) -> str:
        """Return the person's email ("email") or phone ("sms") if the hub has confirmed it, else ""."""
        if channel == "email":
            return self.email if self.email and self.email_confirmed_at else ""
        return self.phone if self.phone and self.phone_confirmed_at else ""

    @property
    def nhs_number_formatted(self) -> str:
        return nhs_number.formatted(self.nhs_number) if self.nhs_number else ""
