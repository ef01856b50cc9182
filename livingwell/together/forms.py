"""Forms for the decision and action log, the co-production log, themes and the breakfast pack."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from livingwell.accounts.models import Role, User
from livingwell.nhsuk_forms import NHSDateField
from livingwell.together.models import Action, Decision, Perspective, Recognition, Theme

# Who may own an action among the staff: anyone who works in the network (not the admin site's).
OWNER_ROLES = [role for role in Role.values if role != Role.ADMINISTRATOR]


def _key() -> forms.UUIDField:
    # A new key each time the form is shown: sending the same form twice records it once.
    return forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


def _text(label: str, required: str, *, max_length: int = 200, area: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=None if area else max_length,
        widget=forms.Textarea(attrs={"rows": 3}) if area else forms.TextInput,
        error_messages={
            "required": required,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _not_in_future(day: dt.date | None, what: str) -> dt.date | None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the past")
    return day


class DecisionForm(forms.Form):
    title = _text("Title", "Enter a title for the decision")
    decided = _text("What was decided", "Enter what was decided", area=True)
    decided_on = NHSDateField(label="Date decided", subject="the date it was decided")
    forum = _text("Meeting or forum", "Enter the meeting or forum that decided")
    taken_part = _text("Who took part", "Enter who took part (organisations and roles)", area=True)
    submission_key = _key()

    def clean_decided_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("decided_on"), "The date it was decided")


class ActionForm(forms.Form):
    what = _text("What will be done", "Enter what will be done", area=True)
    owner_user = forms.ModelChoiceField(
        label="Owner (a member of staff)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not a member of staff",
        error_messages={"invalid_choice": "Choose a member of staff from the list"},
    )
    owner_name = forms.CharField(
        label="Or the person or organisation who owns it", max_length=200, required=False
    )
    due = NHSDateField(label="Due by", subject="the date it is due")
    submission_key = _key()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = User.objects.filter(is_active=True, memberships__role__in=OWNER_ROLES).distinct()
        self.fields["owner_user"].queryset = owners.order_by("first_name", "last_name", "username")  # type: ignore[attr-defined]
        self.fields["owner_user"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user, name = data.get("owner_user"), (data.get("owner_name") or "").strip()
        if user is None and not name and "owner_user" not in self.errors:
            self.add_error("owner_name", "Choose a member of staff or enter who owns the action")
        elif user is not None and name:
            self.add_error("owner_name", "Give one owner: a member of staff or a name, not both")
        data["owner_name"] = name
        return data


class CoProductionForm(forms.Form):
    participant = _text("Participant's name", "Enter the participant's name")
    perspective = forms.ChoiceField(
        label="Their lived experience",
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their lived experience"},
    )
    meeting = _text("Meeting or piece of work", "Enter the meeting or piece of work")
    took_part_on = NHSDateField(label="Date", subject="the date they took part")
    hours = forms.DecimalField(
        label="Hours",
        min_value=Decimal("0.25"),
        max_value=Decimal(24),
        max_digits=4,
        decimal_places=2,
        error_messages={
            "required": "Enter the hours they gave",
            "invalid": "Hours must be a number, like 1.5",
            "min_value": "Hours must be at least 0.25",
            "max_value": "Hours must be 24 or fewer",
            "max_decimal_places": "Hours can have at most 2 decimal places",
            "max_digits": "Hours must be 24 or fewer",
        },
    )
    recognition = forms.ChoiceField(
        label="Paid or credited",
        choices=Recognition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose paid or credited"},
    )
    decision = forms.ModelChoiceField(
        label="The decision it shaped",
        queryset=Decision.objects.all(),
        required=False,
        empty_label="Not a recorded decision",
        error_messages={"invalid_choice": "Choose a decision from the list"},
    )
    shaped = forms.CharField(
        label="Or the change it shaped", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    submission_key = _key()

    def clean_took_part_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("took_part_on"), "The date they took part")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["shaped"] = (data.get("shaped") or "").strip()
        if data.get("decision") is None and not data["shaped"] and "decision" not in self.errors:
            self.add_error("shaped", "Choose the decision it shaped or say what change it shaped")
        return data


class NameThemeForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=120,
        error_messages={
            "required": "Enter a name for the theme",
            "max_length": "Name must be 120 characters or fewer",
        },
    )


class MergeThemeForm(forms.Form):
    into = forms.ModelChoiceField(
        label="Merge into",
        queryset=Theme.objects.none(),
        empty_label="Choose a theme",
        error_messages={
            "required": "Choose the theme to merge into",
            "invalid_choice": "Choose a theme from the list",
        },
    )

    def __init__(self, theme: Theme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        field.queryset = Theme.objects.filter(merged_into__isnull=True).exclude(pk=theme.pk)  # type: ignore[attr-defined]
        field.label_from_instance = lambda t: t.title  # type: ignore[attr-defined]


class LinkThemeForm(forms.Form):
    decisions = forms.ModelMultipleChoiceField(
        label="Decisions about this theme",
        queryset=Decision.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose decisions from the list"},
    )
    actions = forms.ModelMultipleChoiceField(
        label="Actions about this theme",
        queryset=Action.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose actions from the list"},
    )


class BreakfastPackForm(forms.Form):
    meets_on = NHSDateField(label="The meeting's date", subject="the meeting's date")
