"""Forms at the front door and in the hub."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.text import Truncator

from livingwell.access.codes import CloseReason, ContactMethodUsed, ContactOutcome
from livingwell.access.models import Introduction, RiskLevel
from livingwell.access.queue import WAIT_FILTERS
from livingwell.access.services import PersonDetails
from livingwell.codes import LifeArea, Source, Urgency
from livingwell.network import directory_search
from livingwell.network.models import Service
from livingwell.people.codes import Sex
from livingwell.people.forms import PersonDetailsForm

YES_NO = [("yes", "Yes"), ("no", "No")]

# Fields of PersonDetails a form may leave out (the professional form asks fewer questions).
_OPTIONAL_DETAILS = ("contact_times", "sex", "ethnicity")


def person_details(
    data: Mapping[str, Any], *, consent_share_alliance: bool, consent_share_gp: bool
) -> PersonDetails:
    """Build the person's details for an introduction from a PersonDetailsForm's cleaned data."""
    optional = {name: data[name] for name in _OPTIONAL_DETAILS if name in data}
    if "sex" in optional and not optional["sex"]:
        optional["sex"] = Sex.NOT_KNOWN.value  # the question is optional: no answer is "not known"
    return PersonDetails(
        given_name=data["given_name"].strip(),
        family_name=data["family_name"].strip(),
        date_of_birth=data["date_of_birth"],
        nhs_number=data["nhs_number"],
        postcode=data["postcode"],
        email=data["email"],
        phone=data["phone"],
        preferred_contact=data["preferred_contact"],
        language=data["language"],
        interpreter_needed=data["interpreter_needed"],
        consent_share_alliance=consent_share_alliance,
        consent_share_gp=consent_share_gp,
        **optional,
    )


class SafetyForm(forms.Form):
    at_risk_now = forms.ChoiceField(
        label="Are you thinking about harming yourself or ending your life, or are you in danger right now?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you are at risk right now"},
    )


# A hidden field is only wrong when the page was changed or is stale: say what to do about it.
_SEND_AGAIN = "Something went wrong with this form. Check your answers and send it again"
_HIDDEN_ERRORS = {"required": _SEND_AGAIN, "invalid": _SEND_AGAIN, "invalid_choice": _SEND_AGAIN}


class SelfIntroductionForm(PersonDetailsForm):
    """The online self-introduction: about you, how to contact you, what is going on, sharing."""

    # The order the page asks in (self_introduction.jinja), so the error summary lists in it too.
    field_order = [
        "submission_key", "at_risk_now",
        "given_name", "family_name", "date_of_birth", "nhs_number", "postcode", "sex", "ethnicity",
        "preferred_contact", "phone", "email", "contact_times", "language", "interpreter_needed",
        "whats_going_on", "life_areas",
        "consent_share_alliance", "consent_share_gp",
    ]  # fmt: skip

    submission_key = forms.UUIDField(widget=forms.HiddenInput, error_messages=_HIDDEN_ERRORS)
    at_risk_now = forms.ChoiceField(choices=YES_NO, widget=forms.HiddenInput, error_messages=_HIDDEN_ERRORS)
    whats_going_on = forms.CharField(
        label="What is going on for you at the moment?",
        help_text="In your own words. You can say as much or as little as you like.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        error_messages={
            "required": "Tell us a little about what is going on",
            "max_length": "Your message must be 4,000 characters or fewer",
        },
    )
    life_areas = forms.MultipleChoiceField(
        label="Which parts of your life is this affecting? (optional)",
        help_text="Select all that apply",
        choices=LifeArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Select only the parts of your life listed",
            "invalid_list": "Select only the parts of your life listed",
        },
    )
    consent_share_alliance = forms.ChoiceField(
        label="Can we share what you tell us with the services in the Living Well Network that could help you?",
        help_text="These are NHS, council and charity services that work together in the borough.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if we can share what you tell us with services that could help",
            "invalid_choice": "Select yes if we can share what you tell us with services that could help",
        },
    )
    consent_share_gp = forms.ChoiceField(
        label="Can we tell your GP that you have contacted us?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if we can tell your GP",
            "invalid_choice": "Select yes if we can tell your GP",
        },
    )


class QueueFilterForm(forms.Form):
    urgency = forms.ChoiceField(
        label="Urgency", choices=[("", "Any urgency"), *Urgency.choices], required=False
    )
    source = forms.ChoiceField(label="Source", choices=[("", "Any source"), *Source.choices], required=False)
    wait = forms.ChoiceField(label="Wait", choices=[("", "Any wait"), *WAIT_FILTERS.items()], required=False)
    # People quote their reference on the phone; a name, NHS number or date of birth also finds them.
    q = forms.CharField(
        label="Search by reference, name, NHS number or date of birth",
        help_text="For example, LW-7K3M9Q, Sam Okafor, 485 777 3456 or 31/01/1980",
        max_length=100,
        required=False,
    )


class VersionForm(forms.Form):
    """Carries the version the worker saw, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ContactAttemptForm(forms.Form):
    method = forms.ChoiceField(label="How", choices=ContactMethodUsed.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label="What happened", choices=ContactOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, a better time to call. It shows on the introduction's timeline.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class ConversationForm(forms.Form):
    """The conversation: needs by life area, strengths, what matters, risk."""

    strengths = forms.CharField(
        label="Strengths",
        help_text="What is going well; who and what helps",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    what_matters = forms.CharField(
        label="What matters to the person",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    # No level is pre-selected: the worker must choose one (docs/hazard-log.md, H-F1).
    risk_level = forms.ChoiceField(
        label="Risk level",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's risk level"},
    )
    risk_level_reason = forms.CharField(
        label="Why is the risk lower than high?",
        help_text="They said they were at risk now or needed help urgently. Give your reason if you choose low or medium.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    risk_summary = forms.CharField(
        label="Risk summary", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    consent_share_alliance = forms.ChoiceField(
        label="Has the person agreed to share their details with alliance partners?",
        choices=YES_NO, widget=forms.RadioSelect,
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        urgent: bool = False,
        named_areas: Sequence[str] = (),
        spoken: bool = True,
        **kwargs: Any,
    ) -> None:
        """`urgent`: the person said they were at risk now, or came in crisis; `named_areas`: the
        life areas they chose when introduced, whose needs boxes come first; `spoken`: the hub has
        recorded speaking with them (if not, the form asks how, and saving records it)."""
        super().__init__(*args, **kwargs)
        self.urgent = urgent
        if not spoken:
            # A conversation is the hub speaking with the person: without this, an introduction
            # talked through but never logged as "spoke" still waited, and counted as a missed
            # standard, on every page and measure (docs/hazard-log.md, H-D4).
            self.fields["spoke_by"] = forms.ChoiceField(
                label="How did you speak with them?",
                help_text="No contact with the person is recorded yet. Saving records that you spoke with them now.",
                choices=ContactMethodUsed.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Select how you spoke with the person"},
            )
        self.named_areas = [area for area in LifeArea if area.value in set(named_areas)]
        if not urgent:
            del self.fields["risk_level_reason"]
        for area in LifeArea:
            self.fields[f"need_{area.value}"] = forms.CharField(
                label=f"Needs: {area.label}",
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
                required=False,
            )

    def need_fields(self) -> list[forms.BoundField]:
        return [self[f"need_{area.value}"] for area in LifeArea]

    def named_need_fields(self) -> list[forms.BoundField]:
        """The needs boxes for the areas the person named, in the usual order."""
        return [self[f"need_{area.value}"] for area in self.named_areas]

    def other_need_fields(self) -> list[forms.BoundField]:
        """The other areas' boxes: still offered, since a conversation often finds more."""
        return [self[f"need_{area.value}"] for area in LifeArea if area not in self.named_areas]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        level = cleaned.get("risk_level")
        # A person who said they were at risk now is judged lower than high only with a reason
        # on record, so the judgement can be checked (docs/hazard-log.md, H-F1).
        reason = cleaned.get("risk_level_reason", "").strip()
        if self.urgent and level in (RiskLevel.LOW, RiskLevel.MEDIUM) and not reason:
            self.add_error("risk_level_reason", "Give the reason the risk is lower than high")
        return cleaned

    def needs(self) -> dict[str, str]:
        return {
            area.value: self.cleaned_data[f"need_{area.value}"]
            for area in LifeArea
            if self.cleaned_data.get(f"need_{area.value}")
        }


DECISIONS = [
    ("introduce_on", "Introduce them on to one or more services"),
    ("signpost", "Signpost them to help outside the network"),
    ("close", "Close the introduction"),
]


class ServicesField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        try:
            return super()._check_values(value)  # type: ignore[misc]
        except OverflowError:  # SQLite cannot compare an id past 64 bits: a wrong choice, not a 500
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "?"}
            ) from None


def _service_label(service: Service) -> str:
    load = getattr(service, "load", None)
    full = service.capacity is not None and load is not None and load >= service.capacity
    met = getattr(service, "needs_met", 0)
    notes = [f"meets {met} of their needs"] if met else []
    if full:
        notes.append("full at the moment")
    partner = service.organisation.name if service.organisation else ""
    return f"{service.name} ({partner})" + (f": {', '.join(notes)}" if notes else "")


class DecisionForm(VersionForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    services = ServicesField(
        label="Services", queryset=Service.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    close_reason = forms.ChoiceField(
        label="Reason for closing", choices=[("", "Choose a reason"), *CloseReason.choices], required=False
    )
    note = forms.CharField(
        label="Note",
        help_text="What the service should know, or where you signposted them",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args: Any, introduction: Introduction | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Suggested from the needs the person named in the conversation (the directory's needs
        # taxonomy is the front door's life areas); services this introduction has already been
        # to (one declined it) are left out: the hub chooses somewhere else.
        conversation = getattr(introduction, "conversation", None) if introduction else None
        needs = list((conversation.needs if conversation else {}) or []) + list(
            introduction.life_areas if introduction else []
        )
        services = directory_search.ranked_for(needs)
        if introduction is not None:
            services = services.exclude(introductions__introduction=introduction)
        field = self.fields["services"]
        field.queryset = services  # type: ignore[attr-defined]
        field.label_from_instance = _service_label  # type: ignore[attr-defined]
        # What each service does, under its checkbox, so the worker need not know them by name;
        # a service not yet described is at least said to be what kind of help it is.
        field.choice_hints = {  # type: ignore[attr-defined]
            s.pk: Truncator(s.description.strip()).chars(160) or s.get_kind_display() for s in services
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "introduce_on" and not data.get("services"):
            self.add_error("services", "Choose at least one service")
        if data.get("decision") == "close" and not data.get("close_reason"):
            self.add_error("close_reason", "Choose a reason for closing")
        if data.get("decision") == "signpost" and not data.get("note"):
            self.add_error("note", "Say where you signposted the person")
        return data


class ResponseStandardsForm(forms.Form):
    def __init__(self, *args: Any, hours: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level in Urgency:
            self.fields[level.value] = forms.IntegerField(
                label=f"{level.label}: hours to first contact", min_value=1, max_value=24 * 90, initial=hours[level.value],
                error_messages={"min_value": "Enter at least 1 hour", "max_value": "Enter no more than 2160 hours (90 days)"},
            )  # fmt: skip


class ApplySubmittedForm(forms.Form):
    """The details the person confirmed, of those sent that differ from their record."""

    fields_to_apply = forms.MultipleChoiceField(
        label="Which of these has the person confirmed?",
        help_text="Only what you have checked with the person themselves. The rest stays as it is on the record.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose the details the person confirmed",
            "invalid_choice": "Choose only details listed here",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_to_apply"].choices = choices  # type: ignore[attr-defined]
