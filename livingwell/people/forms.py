"""Fields for a person's details, checked where they are entered with messages a person understands."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from livingwell.lib import ages, contact_details, nhs_number
from livingwell.nhsuk_forms import NHSDateField
from livingwell.people.codes import SEX_IN_PLAIN_WORDS, ContactMethod, EthnicCategory


class DateOfBirthField(NHSDateField):
    """A date of birth: not in the future, and not more than OLDEST_AGE_YEARS years ago (`lib.ages`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("subject", "date of birth")
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        try:
            ages.check_date_of_birth(value, timezone.localdate())
        except ages.InvalidDateOfBirth as error:
            raise forms.ValidationError(str(error), code=error.code) from None


class NHSNumberField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        messages = {"max_length": "An NHS number is 10 digits, like 943 476 5919"}
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)
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
        messages = {"max_length": contact_details.POSTCODE_MESSAGE}
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)
        self.widget.attrs.update({"autocomplete": "postal-code", "width": "10"})

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return contact_details.normalise_postcode(text)
        except contact_details.InvalidPostcode as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class PhoneField(forms.CharField):
    """A UK or international phone number, stored in E.164 form (+447700900982)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", contact_details.PHONE_MAX_LENGTH)
        messages = {"invalid": contact_details.PHONE_MESSAGE, "max_length": contact_details.PHONE_MESSAGE}
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)
        self.widget.attrs.update({"autocomplete": "tel", "width": "20"})

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return contact_details.normalise_phone(text)
        except contact_details.InvalidPhoneNumber:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


# The person's own words for PERSON PHENOTYPIC SEX: the codes stored are the Data Dictionary's
# (people.codes.Sex), the labels are what someone would say of themselves.
SEX_CHOICES = list(SEX_IN_PLAIN_WORDS.items())


def _too_long(what: str, limit: int) -> str:
    # NHS.UK error message pattern: "[whatever it is] must be [number] characters or fewer".
    return f"{what} must be {limit:,} characters or fewer"


class PersonDetailsForm(forms.Form):
    """About the person and how to contact them (shared by the public form and the hub)."""

    given_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter your first name", "max_length": _too_long("First name", 100)},
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter your last name", "max_length": _too_long("Last name", 100)},
    )
    date_of_birth = DateOfBirthField(
        label="Date of birth",
        help_text="For example, 15 3 1984",
        error_messages={"required": "Enter your date of birth"},
    )
    nhs_number = NHSNumberField(
        label="NHS number (optional)",
        help_text="A 10 digit number, like 943 476 5919. Leave this empty if you do not know it.",
    )
    postcode = PostcodeField(
        label="Postcode", required=False, help_text="Leave this empty if you do not have a fixed address"
    )
    phone = PhoneField(
        label="Phone number",
        required=False,
        help_text="For a number outside the UK, start with + and the country code",
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter an email address like name@example.com",
            "max_length": _too_long("Email address", 254),
        },
    )
    preferred_contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        initial=ContactMethod.PHONE,
        error_messages={
            "required": "Select how we should contact you",
            "invalid_choice": "Select how we should contact you",
        },
    )
    contact_times = forms.CharField(
        label="When is a good time to contact you? (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": _too_long("When to contact you", 200)},
    )
    language = forms.CharField(
        label="Which language would you like to use?",
        max_length=60,
        initial="English",
        error_messages={
            "required": "Enter the language you would like to use",
            "max_length": _too_long("Language", 60),
        },
    )
    interpreter_needed = forms.BooleanField(label="I would like an interpreter", required=False)
    # Optional, with nothing chosen for the person: no answer is stored as "not known".
    sex = forms.ChoiceField(
        label="Sex (optional)",
        help_text="This helps us check that everyone gets fair access to support",
        choices=SEX_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select your sex, or leave it empty"},
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group",
        choices=EthnicCategory.choices,
        initial=EthnicCategory.NOT_STATED,
        help_text="This helps us check that everyone gets fair access to support",
        error_messages={
            "required": "Select your ethnic group",
            "invalid_choice": "Select your ethnic group from the list",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": False})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("preferred_contact")
        if (
            method in {ContactMethod.PHONE, ContactMethod.TEXT}
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", "Enter a phone number, like 07700 900 982 or +44 7700 900 982")
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
