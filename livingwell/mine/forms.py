"""The own view's forms, in plain words: sign in, a code, contact choices, sharing, comments, goals."""

from __future__ import annotations

from typing import Any

from django import forms

from livingwell.mine.signin import parse_address
from livingwell.outcomes.models import BigOutcome
from livingwell.people.codes import ContactMethod
from livingwell.people.forms import DateOfBirthField

_SEND_AGAIN = "Something went wrong with this form. Send it again"
_KEY_ERRORS = {"required": _SEND_AGAIN, "invalid": _SEND_AGAIN}


class SignInForm(forms.Form):
    address = forms.CharField(
        label="Your email address or mobile number",
        help_text="Use the one the Living Well team has checked with you.",
        max_length=254,
        error_messages={"required": "Enter your email address or mobile number"},
    )
    date_of_birth = DateOfBirthField(
        label="Your date of birth",
        help_text="For example, 15 3 1984",
        error_messages={"required": "Enter your date of birth"},
    )

    def clean_address(self) -> str:
        value: str = self.cleaned_data["address"]
        try:
            parse_address(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return value


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Your code",
        help_text="It has 6 numbers.",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": "Enter the code we sent you"},
    )


class ContactForm(forms.Form):
    """How the person likes to be contacted. New numbers or emails go to the hub to check."""

    preferred_contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how we should contact you"},
    )
    contact_times = forms.CharField(
        label="Best times to contact you (optional)",
        help_text="For example, weekday mornings.",
        max_length=200,
        required=False,
        error_messages={"max_length": "Best times must be 200 characters or fewer"},
    )


YES_NO = [("yes", "Yes"), ("no", "No")]


class SharingForm(forms.Form):
    consent_share_alliance = forms.ChoiceField(
        label="Can we share what you tell us with the services that help you?",
        help_text="These are NHS, council and charity services in the Living Well Network.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )
    consent_share_gp = forms.ChoiceField(
        label="Can we tell your GP about your support?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )


class PlanningDataForm(forms.Form):
    opt_out = forms.ChoiceField(
        label="Can we use your data to plan services?",
        help_text="We take away your name and details first. You can change your mind at any time.",
        choices=[("in", "Yes, you can use it"), ("out", "No, leave me out")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one"},
    )


class _Keyed(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, error_messages=_KEY_ERRORS)


class CommentForm(_Keyed):
    text = forms.CharField(
        label="Add something to your plan",
        help_text="In your own words. The people who support you will see it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Write what you want to add",
            "max_length": "Write 2,000 characters or fewer",
        },
    )


_OUTCOME_WORDS = {
    BigOutcome.RECOVER: "Feel better and stay well",
    BigOutcome.CHOICES: "Make my own choices",
    BigOutcome.PARTICIPATE: "Take part in daily life",
}


class GoalForm(_Keyed):
    description = forms.CharField(
        label="Your goal",
        help_text="For example, sleep better, or go back to work.",
        max_length=300,
        error_messages={"required": "Write your goal", "max_length": "Write 300 characters or fewer"},
    )
    big_outcome = forms.ChoiceField(
        label="What is it about?",
        choices=[(code.value, words) for code, words in _OUTCOME_WORDS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what your goal is about"},
    )


class CorrectionForm(_Keyed):
    what = forms.CharField(
        label="What is wrong?",
        help_text="Tell us what it says now and what it should say. A new phone number or email goes here too.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"required": "Tell us what is wrong", "max_length": "Write 2,000 characters or fewer"},
    )


def yes(value: Any) -> bool:
    """Read a yes/no radio's value."""
    return value == "yes"
