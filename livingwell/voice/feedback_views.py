"""The Friends and Family Test pages: through a link (no account), or signed in to the own view."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from livingwell.mine.views import person_view
from livingwell.people.models import Person
from livingwell.voice import feedback
from livingwell.voice.forms import FeedbackForm, SignedInFeedbackForm
from livingwell.voice.models import FeedbackChannel


def _link_gone(request: HttpRequest) -> HttpResponse:
    # Unknown, used and expired links get the same page: it tells a guesser nothing.
    response = render(request, "voice/link_gone.jinja", status=404)
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_link(request: HttpRequest, token: str) -> HttpResponse:
    link = feedback.open_link(token)
    if link is None:
        return _link_gone(request)
    form = FeedbackForm(request.POST or None, initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            feedback.give_feedback(
                request,
                answer=form.cleaned_data["answer"],
                better=form.cleaned_data["better"],
                named=form.cleaned_data["named"],
                channel=FeedbackChannel.LINK,
                link=link,
                submission_key=str(form.cleaned_data["submission_key"]),
            )
        except feedback.LinkUsed:
            return _link_gone(request)
        return redirect("voice:feedback_thanks")
    context = {"form": form, "service": link.episode.service, "action": request.path}
    response = render(request, "voice/feedback_form.jinja", context, status=400 if form.errors else 200)
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
@person_view
def my_feedback(request: HttpRequest, person: Person) -> HttpResponse:
    episodes = feedback.episodes_to_ask_about(person)
    form = SignedInFeedbackForm(
        request.POST or None, episodes=episodes, initial={"submission_key": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        # Only the person's own episodes are choices, so a changed id is refused by the form.
        episode = next(e for e in episodes if e.pk == form.cleaned_data["episode"])
        feedback.give_feedback(
            request,
            answer=form.cleaned_data["answer"],
            better=form.cleaned_data["better"],
            named=form.cleaned_data["named"],
            channel=FeedbackChannel.SIGNED_IN,
            episode=episode,
            submission_key=str(form.cleaned_data["submission_key"]),
        )
        return redirect("voice:feedback_thanks")
    context = {"form": form, "episodes": episodes, "action": request.path, "signed_in": True}
    return render(request, "voice/feedback_form.jinja", context, status=400 if form.errors else 200)


@require_safe
def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/feedback_thanks.jinja")
