"""The public pages of stories: the list, one story, "I've experienced this too", and telling one."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livingwell import ratelimit
from livingwell.accounts.rules import can
from livingwell.audit.services import client_address
from livingwell.lib.addresses import limit_key_for_address
from livingwell.mine.session import signed_in_carer_id, signed_in_person
from livingwell.voice import stories
from livingwell.voice.forms import StoryForm
from livingwell.voice.models import Story, StoryTeller
from livingwell.voice.rules import Permission


def _published(pk: int) -> Story:
    # Never a story that is not published, whoever asks (moderators read it in moderation).
    story = stories.published().filter(pk=pk).first()
    if story is None:
        raise Http404("No such story")
    return story


@require_safe
def story_list(request: HttpRequest) -> HttpResponse:
    published = list(stories.published()[:100])
    said = {s.pk for s in published if stories.said_me_too(request, s)}
    return render(request, "voice/stories.jinja", {"stories": published, "said": said})


@require_safe
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = _published(pk)
    said = {story.pk} if stories.said_me_too(request, story) else set()
    can_answer = can(request.user, Permission.ANSWER_STORY, story)
    return render(request, "voice/story.jinja", {"story": story, "said": said, "can_answer": can_answer})


@require_POST
def me_too(request: HttpRequest, pk: int) -> HttpResponse:
    story = _published(pk)
    if stories.me_too(request, story):
        messages.success(request, "Thank you. We have added you to the count.")
    else:
        messages.info(request, "You have already said this.")
    back = request.POST.get("back")
    if back == "list":
        return redirect(f"{reverse('voice:stories')}#story-{story.pk}")
    return redirect("voice:story", pk=story.pk)


# Stories from one address in an hour before the form asks them to wait: enough for a family or a
# library, too few for a flood of junk for the moderators to wade through.
STORIES_PER_HOUR = 10


def _too_many(request: HttpRequest) -> bool:
    where = limit_key_for_address(client_address(request))
    return ratelimit.hit(f"voice-story:{where}", 3600) > STORIES_PER_HOUR


@require_http_methods(["GET", "POST"])
def tell(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    carer_id = signed_in_carer_id(request)
    told_by = StoryTeller.PERSON if person is not None else StoryTeller.CARER if carer_id else None
    form = StoryForm(request.POST or None, initial={"submission_key": uuid.uuid4(), "told_by": told_by})
    if request.method == "POST" and _too_many(request):
        form.add_error(None, "Too many stories have come from this connection. Please try again in an hour")
        return render(request, "voice/tell.jinja", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        stories.tell_story(
            request,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            told_by=form.cleaned_data["told_by"],
            service=form.cleaned_data["service"],
            person=person,
            carer_id=carer_id,
            submission_key=str(form.cleaned_data["submission_key"]),
        )
        return redirect("voice:told")
    return render(request, "voice/tell.jinja", {"form": form}, status=400 if form.errors else 200)


@require_safe
def told(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/told.jinja")
