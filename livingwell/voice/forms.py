"""Voice's forms: the Friends and Family Test, telling a story, moderating it, answering it."""

from __future__ import annotations

from typing import Any

from django import forms

from livingwell.network.models import Service, ServiceStatus
from livingwell.support.models import Episode
from livingwell.voice.models import FeedbackAnswer, StoryTeller
from livingwell.voice.models.feedback import FFT_BETTER_QUESTION, FFT_QUESTION

_SEND_AGAIN = "Something went wrong with this form. Send it again"
_HIDDEN_ERRORS = {"required": _SEND_AGAIN, "invalid": _SEND_AGAIN}
TEXT_MAX = 4000


class FeedbackForm(forms.Form):
    """The FFT question and its six answers, word for word (voice.models.feedback), and one more."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, error_messages=_HIDDEN_ERRORS)
    answer = forms.TypedChoiceField(
        label=FFT_QUESTION,
        choices=FeedbackAnswer.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an answer"},
    )
    better = forms.CharField(
        label=f"{FFT_BETTER_QUESTION} (you do not have to say)",
        help_text="Do not put names or phone numbers here. We take them out.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
    )
    named = forms.BooleanField(
        label="Put my name with this. Then the team can talk to me about it.",
        required=False,
    )


class SignedInFeedbackForm(FeedbackForm):
    """The same questions while signed in: first, which support it is about."""

    episode = forms.TypedChoiceField(
        label="Which support is this about?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which support this is about"},
    )
    field_order = ["submission_key", "episode", "answer", "better", "named"]

    def __init__(self, *args: Any, episodes: list[Episode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["episode"].choices = [(e.pk, e.service.name) for e in episodes]  # type: ignore[attr-defined]


def _services() -> list[tuple[str, str]]:
    services = Service.objects.filter(status=ServiceStatus.ACTIVE, organisation__isnull=False).order_by(
        "name"
    )
    return [("", "I am not sure"), *((str(s.pk), s.name) for s in services)]


class StoryForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, error_messages=_HIDDEN_ERRORS)
    told_by = forms.ChoiceField(
        label="Who are you?",
        choices=StoryTeller.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you are"},
    )
    service = forms.ChoiceField(label="Which service is it about?", required=False)
    title = forms.CharField(
        label="Give your story a short title",
        max_length=120,
        error_messages={"required": "Give your story a title", "max_length": "Make the title shorter"},
    )
    text = forms.CharField(
        label="Your story",
        help_text="Say what went well, or not. We take out names, phone numbers and where you live.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT_MAX,
        error_messages={"required": "Tell us your story", "max_length": "Make your story shorter"},
    )
    consent = forms.BooleanField(
        label="You can put my story on this website. My name will not be on it.",
        error_messages={"required": "Tick the box to say we can put your story on the website"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = _services()  # type: ignore[attr-defined]

    def clean_service(self) -> Service | None:
        value = self.cleaned_data.get("service")
        if not value:
            return None
        service = Service.objects.filter(pk=value).first()
        if service is None:
            raise forms.ValidationError("Choose a service from the list")
        return service


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="What should happen to this story?",
        choices=[("publish", "Publish it"), ("reject", "Do not publish it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to publish the story"},
    )
    title = forms.CharField(label="Title", max_length=120)
    text = forms.CharField(
        label="Story as it will be published",
        help_text="Edit anything that still identifies someone. Redaction runs again when you publish.",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=TEXT_MAX,
    )
    reason = forms.CharField(label="Why not (if you do not publish it)", max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why the story is not published")
        return cleaned


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="Your organisation's answer",
        help_text="It is published under your organisation's name, not yours.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX,
        error_messages={"required": "Write your answer"},
    )
