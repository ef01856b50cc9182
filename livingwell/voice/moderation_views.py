"""Staff pages: moderators (hub leads) publish or reject stories; services answer published ones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from livingwell.accounts.rules import can, current_user
from livingwell.lib.redaction import LABEL_PATTERN
from livingwell.voice import stories
from livingwell.voice.forms import AnswerForm, ModerationForm
from livingwell.voice.models import StoryStatus
from livingwell.voice.rules import Permission, get_story_to_answer, get_story_to_moderate


def marked(text: str) -> list[tuple[str, bool]]:
    """Split redacted text into (piece, is_a_label) pieces, so the page can highlight each label."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in LABEL_PATTERN.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


@login_required
@require_safe
def moderation(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Permission.MODERATE_STORIES):
        raise PermissionDenied
    return render(request, "voice/moderation.jinja", {"stories": list(stories.awaiting_moderation())})


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_story_to_moderate(request, pk)
    waiting = story.status == StoryStatus.AWAITING_MODERATION
    form = ModerationForm(request.POST or None, initial={"title": story.title, "text": story.text_redacted})
    if request.method == "POST" and waiting and form.is_valid():
        by = current_user(request)
        try:
            if form.cleaned_data["decision"] == "publish":
                stories.publish(
                    request, story, by=by, title=form.cleaned_data["title"], text=form.cleaned_data["text"]
                )
                messages.success(request, "Story published.")
            else:
                stories.reject(request, story, by=by, reason=form.cleaned_data["reason"])
                messages.success(request, "Story not published.")
        except stories.AlreadyDecided as problem:
            messages.error(request, str(problem))
        return redirect("voice:moderation")
    context = {
        "story": story,
        "form": form,
        "waiting": waiting,
        "pieces": marked(story.text_redacted),
        "found": story.found,
    }
    return render(request, "voice/moderate.jinja", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_story_to_answer(request, pk)
    assert story.service is not None  # the rule lets no one answer a story with no service
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = story.service.organisation
        assert organisation is not None  # as above: the rule checked the service's organisation
        stories.answer(
            request,
            story,
            by=current_user(request),
            organisation=organisation,
            text=form.cleaned_data["text"],
        )
        messages.success(request, "Your answer is published.")
        return redirect("voice:story", pk=story.pk)
    return render(
        request, "voice/answer.jinja", {"story": story, "form": form}, status=400 if form.errors else 200
    )
