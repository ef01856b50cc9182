"""Forms for recording questionnaires, sending links, goals and answering one question at a time."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from livingwell.outcomes.instruments import INSTRUMENTS
from livingwell.outcomes.models import BigOutcome
from livingwell.outcomes.wording import Question, Wording

# Goals are rated through their own form; every other instrument can be recorded or sent.
QUESTIONNAIRE_CHOICES = [(code, d.name) for code, d in INSTRUMENTS.items() if code != "GBO"]
CHANNEL_CHOICES = [("sms", "Text message"), ("email", "Email")]
RATING_CHOICES = [(str(n), str(n)) for n in range(11)]


def _radios(question: Question, *, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=question.label,
        choices=[(str(value), label) for value, label in question.options],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": "Choose one of the answers"},
    )


class RecordQuestionnaireForm(forms.Form):
    """Every item on one page: a practitioner recording answers given in a session."""

    submission_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, wording: Wording, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = str(uuid.uuid4())
        for question in wording.questions:
            self.fields[f"item_{question.number}"] = _radios(
                question, required_message=f"Choose an answer to question {question.number}"
            )

    def answers(self) -> list[int]:
        return [value for name, value in self.cleaned_data.items() if name.startswith("item_")]


class AnswerForm(forms.Form):
    """One question, for a person answering on a phone."""

    def __init__(self, question: Question, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"] = _radios(question, required_message="Choose an answer to continue")


class SendLinkForm(forms.Form):
    instrument = forms.ChoiceField(
        label="Questionnaire",
        choices=QUESTIONNAIRE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a questionnaire to send"},
    )
    channel = forms.ChoiceField(
        label="Send the link by",
        choices=CHANNEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how to send the link"},
    )

    def __init__(self, person: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["channel"].choices = [  # type: ignore[attr-defined]
            (
                "sms",
                f"Text message to {person.phone}"
                if person.phone
                else "Text message (no mobile number recorded)",
            ),
            ("email", f"Email to {person.email}" if person.email else "Email (no email address recorded)"),
        ]

    def clean_channel(self) -> str:
        channel: str = self.cleaned_data["channel"]
        if channel == "sms" and not self.person.phone:
            raise forms.ValidationError(
                "There is no phone number for this person: add one to their record first"
            )
        if channel == "email" and not self.person.email:
            raise forms.ValidationError(
                "There is no email address for this person: add one to their record first"
            )
        return channel


class ChooseInstrumentForm(forms.Form):
    instrument = forms.ChoiceField(
        label="Which questionnaire?",
        choices=QUESTIONNAIRE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a questionnaire to record"},
    )


class GoalForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, initial=lambda: str(uuid.uuid4()))
    description = forms.CharField(
        label="The goal, in the person's words",
        max_length=300,
        error_messages={
            "required": "Enter the goal",
            "max_length": "The goal must be 300 characters or fewer",
        },
    )
    big_outcome = forms.ChoiceField(
        label="Which big outcome does it serve?",
        choices=BigOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the big outcome the goal serves"},
    )
    rating = forms.TypedChoiceField(
        label="How close is the person to the goal now? (0 not at all, 10 goal reached)",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating from 0 to 10"},
    )


class RateGoalForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, initial=lambda: str(uuid.uuid4()))
    rating = GoalForm.base_fields["rating"]


class SummaryFilterForm(forms.Form):
    service: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="Service", empty_label=None)
    month = forms.DateField(
        label="Month (YYYY-MM)",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(format="%Y-%m", attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the month as year and month, like 2026-03"},
    )

    def __init__(self, services: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
