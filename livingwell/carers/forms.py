"""The carer's form at the front door, and the hub's forms for a carer's record."""

from __future__ import annotations

import copy
from typing import Any

from django import forms

from livingwell.access.forms import SelfIntroductionForm
from livingwell.carers.models import CarerRelationship, PersonKnows
from livingwell.network.models import Service
from livingwell.people.codes import ContactMethod
from livingwell.people.forms import DateOfBirthField, PersonDetailsForm, PhoneField

YES_NO = [("yes", "Yes"), ("no", "No")]
# The self-introduction's own hidden fields and questions, reused so both forms say the same.
_REUSED = ("submission_key", "at_risk_now", "life_areas")
# The person's details a carer may not know or may not give for them: left to the hub to ask.
_NOT_ASKED = ("sex", "ethnicity", "contact_times", "language", "interpreter_needed", "preferred_contact")
# The person's questions in the carer's words: "their", not "your".
_ABOUT_THEM = {
    "given_name": ("Their first name", "Enter their first name"),
    "family_name": ("Their last name", "Enter their last name"),
    "date_of_birth": ("Their date of birth", "Enter their date of birth"),
    "nhs_number": ("Their NHS number (optional)", None),
    "postcode": ("Their postcode (optional)", None),
    "phone": ("Their phone number (optional)", None),
    "email": ("Their email address (optional)", None),
}


class CarerIntroductionForm(PersonDetailsForm):
    """A carer tells us about the person they look after, about themselves, and how they are related."""

    field_order = [
        "submission_key", "at_risk_now",
        "given_name", "family_name", "date_of_birth", "nhs_number", "postcode", "phone", "email",
        "whats_going_on", "life_areas", "person_knows",
        "carer_given_name", "carer_family_name", "carer_date_of_birth", "relationship",
        "carer_preferred_contact", "carer_phone", "carer_email", "carer_consents",
    ]  # fmt: skip

    whats_going_on = forms.CharField(
        label="What is going on for them?",
        help_text="In your own words. Say as much or as little as you like.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        error_messages={
            "required": "Tell us a little about what is going on",
            "max_length": "This must be 4,000 characters or fewer",
        },
    )
    person_knows = forms.ChoiceField(
        label="Do they know you are telling us, and do they agree?",
        choices=PersonKnows.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select if they know you are telling us",
            "invalid_choice": "Select if they know you are telling us",
        },
    )
    carer_given_name = forms.CharField(
        label="Your first name", max_length=100,
        error_messages={"required": "Enter your first name", "max_length": "First name must be 100 characters or fewer"},
    )  # fmt: skip
    carer_family_name = forms.CharField(
        label="Your last name", max_length=100,
        error_messages={"required": "Enter your last name", "max_length": "Last name must be 100 characters or fewer"},
    )  # fmt: skip
    carer_date_of_birth = DateOfBirthField(
        label="Your date of birth", help_text="For example, 15 3 1984",
        error_messages={"required": "Enter your date of birth"},
    )  # fmt: skip
    relationship = forms.ChoiceField(
        label="Who are you to them?",
        choices=CarerRelationship.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who you are to them",
            "invalid_choice": "Select who you are to them",
        },
    )
    carer_preferred_contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=[
            (ContactMethod.PHONE, "Phone call"),
            (ContactMethod.TEXT, "Text"),
            (ContactMethod.EMAIL, "Email"),
        ],
        widget=forms.RadioSelect,
        initial=ContactMethod.PHONE,
        error_messages={
            "required": "Select how we should contact you",
            "invalid_choice": "Select how we should contact you",
        },
    )
    carer_phone = PhoneField(label="Your phone number", required=False)
    carer_email = forms.EmailField(
        label="Your email address", max_length=254, required=False,
        error_messages={"invalid": "Enter an email address like name@example.com",
                        "max_length": "Email address must be 254 characters or fewer"},
    )  # fmt: skip
    carer_consents = forms.ChoiceField(
        label="Can we keep your details and contact you?",
        help_text="We keep a note that you are a carer. We only use it to help you and them.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if we can keep your details and contact you",
            "invalid_choice": "Select yes if we can keep your details and contact you",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in _REUSED:
            # A copy, as Django copies declared fields for each form, so neither form changes the other.
            self.fields[name] = copy.deepcopy(SelfIntroductionForm.base_fields[name])
        self.fields["life_areas"].label = "Which parts of their life is this affecting? (optional)"
        for name in _NOT_ASKED:
            del self.fields[name]
        for name, (label, required) in _ABOUT_THEM.items():
            self.fields[name].label = label
            if required:
                self.fields[name].error_messages["required"] = required
        self.fields["postcode"].help_text = ""
        self.fields["nhs_number"].help_text = "A 10 digit number. Leave it empty if you do not know it."
        self.fields["phone"].help_text = ""
        self.fields["carer_given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["carer_family_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["carer_email"].widget.attrs.update({"autocomplete": "email", "spellcheck": False})
        # The person's names are theirs, not the carer's: no autocomplete from the carer's browser.
        for name in ("given_name", "family_name", "email"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("carer_preferred_contact")
        phone_missing = not data.get("carer_phone") and "carer_phone" not in self.errors
        if method in {ContactMethod.PHONE, ContactMethod.TEXT} and phone_missing:
            self.add_error("carer_phone", "Enter your phone number, like 07700 900 982")
        if method == ContactMethod.EMAIL and not data.get("carer_email") and "carer_email" not in self.errors:
            self.add_error("carer_email", "Enter your email address, or choose another way to contact you")
        return data


class HowForm(forms.Form):
    """How the person (or carer) told the hub: kept with the change."""

    how = forms.CharField(
        label="How did they tell you?",
        help_text="For example: by phone to the hub, in their own words",
        max_length=500,
        error_messages={"required": "Say how they told you"},
    )


class ConsentForm(HowForm):
    """The person's answer: may this carer read their support plan?"""

    share_plan = forms.ChoiceField(
        label="Does the person agree that this carer may read their support plan?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no", "invalid_choice": "Select yes or no"},
    )


class LinkPersonForm(forms.Form):
    """Link the carer to a person the hub has checked they look after."""

    person = forms.IntegerField(
        label="The person's record number",
        help_text="The number at the end of the address of their record, for example 1042",
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "required": "Enter the person's record number",
            "invalid": "Enter a record number, like 1042",
            "min_value": "Enter a record number, like 1042",
            "max_value": "There is no record with that number",
        },
    )
    relationship = forms.ChoiceField(
        label="Who is the carer to them?",
        choices=CarerRelationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the carer is to them"},
    )


class SameCarerForm(forms.Form):
    """Link this record to the earlier record of the same carer."""

    earlier = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class NetworkForm(forms.Form):
    note = forms.CharField(
        label="How they help (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CarerDetailsForm(forms.Form):
    """The carer's details as the hub checked them with the carer."""

    given_name = forms.CharField(label="First name", max_length=100)
    family_name = forms.CharField(label="Last name", max_length=100)
    phone = PhoneField(label="Phone number", required=False)
    email = forms.EmailField(
        label="Email address", max_length=254, required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )  # fmt: skip
    preferred_contact = forms.ChoiceField(
        label="How they want to be contacted", choices=ContactMethod.choices, widget=forms.RadioSelect
    )
    consents = forms.ChoiceField(
        label="Do they agree to be recorded and contacted?", choices=YES_NO, widget=forms.RadioSelect
    )


class OwnNeedsForm(forms.Form):
    """Introduce the carer's own needs on to carers' support in the directory."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    services: forms.ModelMultipleChoiceField[Service] = forms.ModelMultipleChoiceField(
        label="Services",
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one service",
            "invalid_choice": "Choose a service listed",
        },
    )
    note = forms.CharField(
        label="What the service should know",
        help_text="What the carer needs for themselves, in their words",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Say what the carer needs"},
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["services"]
        field.queryset = services  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: (  # type: ignore[attr-defined]
            f"{s.name} ({s.organisation.name})" if s.organisation else s.name
        )
