"""The professional introduction form: what a GP needs to say, in about two minutes.

The NHS number comes first, so the hub's matching (people.matching.find_match) finds the person's
record before anything else is compared.
"""

from __future__ import annotations

from typing import Any

from django import forms

from livingwell.codes import LifeArea, Source, Urgency
from livingwell.people.codes import ContactMethod
from livingwell.people.forms import DateOfBirthField, NHSNumberField, PhoneField, PostcodeField

YES_NO = [("yes", "Yes"), ("no", "No")]
# A professional introduces someone else: the person's own routes are not offered.
PROFESSIONAL_SOURCES = [
    (code, label) for code, label in Source.choices if code not in {Source.SELF, Source.CARER}
]


class ProfessionalIntroductionForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    nhs_number = NHSNumberField(
        label="NHS number",
        help_text="10 digits, like 943 476 5919. Leave it empty only if the person does not have one.",
    )
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the person's first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the person's last name"}
    )
    date_of_birth = DateOfBirthField(label="Date of birth", help_text="For example, 15 3 1984")
    postcode = PostcodeField(label="Postcode", required=False, help_text="Leave empty if no fixed address")
    phone = PhoneField(label="The person's phone number", required=False)
    email = forms.EmailField(
        label="The person's email address (optional)",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    preferred_contact = forms.ChoiceField(
        label="How should the hub contact the person?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        initial=ContactMethod.PHONE,
    )
    interpreter_needed = forms.BooleanField(label="The person needs an interpreter", required=False)
    language = forms.CharField(label="Language", max_length=60, initial="English")
    whats_going_on = forms.CharField(
        label="Why are you introducing the person?",
        help_text="In your own words: what is going on for them, and what they would like help with.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Say why you are introducing the person"},
    )
    life_areas = forms.MultipleChoiceField(
        label="Which parts of their life is this affecting? (optional)",
        help_text="Select all that apply",
        choices=LifeArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    at_risk_now = forms.ChoiceField(
        label="Is the person at risk of harming themselves or others right now?",
        help_text="If they are in immediate danger, call 999 as well. Yes makes this a crisis introduction.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the person is at risk right now"},
    )
    urgency = forms.ChoiceField(
        label="How soon should the hub contact the person?",
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        initial=Urgency.ROUTINE,
        error_messages={"required": "Select how soon the hub should contact the person"},
    )
    referrer_risk = forms.CharField(
        label="What risk do you know of? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    consent_obtained = forms.ChoiceField(
        label="Has the person agreed to this introduction, and to network services sharing what they need to help?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the person has agreed to the introduction"},
    )
    consent_share_gp = forms.ChoiceField(
        label="Has the person agreed that the hub may tell their GP what happens?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the hub may tell the person's GP"},
    )
    referrer_contact = forms.CharField(
        label="How should the hub contact you about this introduction?",
        help_text="A name and a direct number or secure email, and when you are available.",
        max_length=200,
        error_messages={"required": "Enter how the hub can contact you"},
    )
    source = forms.ChoiceField(
        label="Where are you introducing the person from?", choices=PROFESSIONAL_SOURCES
    )

    def __init__(self, *args: Any, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A GP practice's introductions are always coded A1; only other partners choose.
        self.fixed_source = source
        if source is not None:
            del self.fields["source"]
        self.fields["given_name"].widget.attrs["autocomplete"] = "off"
        self.fields["family_name"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs["autocomplete"] = "off"  # not the referrer's own number

    def clean_consent_obtained(self) -> str:
        value: str = self.cleaned_data["consent_obtained"]
        if value != "yes":
            raise forms.ValidationError(
                "The person must agree before you introduce them. If they are at risk now, call the crisis line",
                code="no_consent",
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.fixed_source is not None:
            data["source"] = self.fixed_source
        method = data.get("preferred_contact")
        if (
            method in {ContactMethod.PHONE, ContactMethod.TEXT}
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", "Enter the person's phone number, or choose another way to contact them")
        if method == ContactMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter the person's email address, or choose another way to contact them")
        if method == ContactMethod.LETTER and not data.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", "Enter the person's postcode, or choose another way to contact them")
        return data
