"""Fields for a person's details, checked where they are entered with messages a person understands."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from livingwell.lib import nhs_number, postcode
from livingwell.nhsuk_forms import NHSDateField
from livingwell.people.codes import ContactMethod, EthnicCategory, Sex

OLDEST_AGE_YEARS = 120


class DateOfBirthField(NHSDateField):
    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError("Date of birth must be in the past", code="future")
        if value < dt.date(today.year - OLDEST_AGE_YEARS, 1, 1):
            raise forms.ValidationError(
                f"Date of birth must be after {today.year - OLDEST_AGE_YEARS}", code="too_old"
            )


class NHSNumberField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "width": "10", "spellcheck": False})

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return nhs_number.normalise(text)
        except nhs_number.InvalidNHSNumber as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class PostcodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "postal-code", "width": "10"})

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return postcode.normalise(text)
        except postcode.InvalidPostcode as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class PersonDetailsForm(forms.Form):
    """About the person and how to contact them (shared by the public form and the hub)."""

    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter your first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter your last name"}
    )
    date_of_birth = DateOfBirthField(label="Date of birth", help_text="For example, 15 3 1984")
    nhs_number = NHSNumberField(
        label="NHS number (optional)",
        help_text="A 10 digit number, like 943 476 5919. Leave this empty if you do not know it.",
    )
    postcode = PostcodeField(
        label="Postcode", required=False, help_text="Leave this empty if you do not have a fixed address"
    )
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    preferred_contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        initial=ContactMethod.PHONE,
    )
    contact_times = forms.CharField(
        label="When is a good time to contact you? (optional)", max_length=200, required=False
    )
    language = forms.CharField(
        label="Which language would you like to use?", max_length=60, initial="English"
    )
    interpreter_needed = forms.BooleanField(label="I would like an interpreter", required=False)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.NOT_KNOWN)
    ethnicity = forms.ChoiceField(
        label="Ethnic group",
        choices=EthnicCategory.choices,
        initial=EthnicCategory.NOT_STATED,
        help_text="This helps us check that everyone gets fair access to support",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "width": "20"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": False})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("preferred_contact")
        if (
            method in {ContactMethod.PHONE, ContactMethod.TEXT}
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", "Enter a phone number, or choose another way to contact you")
        if method == ContactMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter an email address, or choose another way to contact you")
        if method == ContactMethod.LETTER and not data.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", "Enter a postcode, or choose another way to contact you")
        return data


class WithdrawConsentForm(forms.Form):
    """The person has told the hub they no longer agree to share."""

    consents = forms.MultipleChoiceField(
        label="Which consent has the person withdrawn?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose the consent the person has withdrawn",
            "invalid_choice": "Choose only a consent the person has given",
        },
    )
    how = forms.CharField(
        label="How did the person tell you?",
        help_text="For example: by phone to the hub, in their own words",
        max_length=500,
        error_messages={"required": "Say how the person told you"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consents"].choices = choices  # type: ignore[attr-defined]
