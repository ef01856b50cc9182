"""Practitioners' pages in an episode: its questionnaires, recording one, sending a link, goals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from livingwell.accounts.rules import can, current_user
from livingwell.outcomes import links, services
from livingwell.outcomes.forms import (
    ChooseInstrumentForm,
    GoalForm,
    RateGoalForm,
    RecordQuestionnaireForm,
    SendLinkForm,
)
from livingwell.outcomes.history import goals_by_outcome, measures
from livingwell.outcomes.instruments import InstrumentError, UnknownInstrumentError, get_instrument
from livingwell.outcomes.models import QuestionnaireResponse, ResponseStatus
from livingwell.outcomes.rules import Permission, get_goal_for_user, get_response_for_user
from livingwell.outcomes.tasks import deliver_questionnaire_link
from livingwell.outcomes.wording import wording_for
from livingwell.support.rules import get_episode_for_user

RECORD = Permission.RECORD_OUTCOMES


@login_required
def episode_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_episode_for_user(request, pk, perm=Permission.VIEW_EPISODE_OUTCOMES)
    responses = list(episode.questionnaire_responses.select_related("goal").order_by("completed_at", "id"))
    completed = [r for r in responses if r.status == ResponseStatus.COMPLETED]
    context = {
        "episode": episode,
        "person": episode.person,
        "measures": measures(completed),
        "goals": goals_by_outcome(episode.goals.all(), completed),
        "waiting": [r for r in responses if r.status == ResponseStatus.IN_PROGRESS],
        "flags": [r for r in responses if r.risk_flagged_at and not r.risk_reviewed_at],
        "can_record": can(request.user, RECORD, episode),
    }
    return render(request, "outcomes/episode.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def choose_instrument(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_episode_for_user(request, pk, perm=RECORD)
    form = ChooseInstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("outcomes:record", pk=pk, code=form.cleaned_data["instrument"])
    return render(
        request,
        "outcomes/choose.jinja",
        {"form": form, "episode": episode},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    episode = get_episode_for_user(request, pk, perm=RECORD)
    try:
        definition = get_instrument(code)
    except UnknownInstrumentError:
        raise Http404("No such questionnaire") from None
    if definition.code == "GBO":
        raise Http404("Goals are rated from the goals section")
    wording = wording_for(definition.code, episode.service.organisation_id)
    form = RecordQuestionnaireForm(wording, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = services.record_questionnaire(
                request,
                episode,
                instrument=definition.code,
                answers=form.answers(),
                by=current_user(request),
                submission_key=form.cleaned_data["submission_key"],
            )
        except InstrumentError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"{definition.code} recorded: {_result_text(response)}.")
            if response.risk_flagged_at:
                messages.error(
                    request,
                    "Question 9 was answered above zero (thoughts of self-harm). Follow your "
                    "organisation's risk procedure today, then mark the flag as reviewed.",
                )
            return redirect("outcomes:episode", pk=pk)
    context = {"form": form, "episode": episode, "definition": definition, "wording": wording}
    return render(request, "outcomes/record.jinja", context, status=400 if form.errors else 200)


def _result_text(response: QuestionnaireResponse) -> str:
    text = f"{response.value:g}"
    if response.band:
        text += f" ({response.band})"
    if response.is_case is not None:
        text += ", in the clinical range" if response.is_case else ", below the clinical cut-off"
    return text


@login_required
@require_http_methods(["GET", "POST"])
def send_link(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_episode_for_user(request, pk, perm=RECORD)
    form = SendLinkForm(episode.person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = links.open_link_questionnaire(
            request, episode, instrument=form.cleaned_data["instrument"], by=current_user(request)
        )
        channel = form.cleaned_data["channel"]
        # Queued only after the commit, so the task never looks for a response that is not there.
        # The link is built from PUBLIC_BASE_URL in the task, never from this request's Host.
        transaction.on_commit(lambda: deliver_questionnaire_link.enqueue(response.pk, channel))
        messages.success(
            request,
            f"A link to answer the {response.instrument} is on its way to {episode.person.full_name}.",
        )
        return redirect("outcomes:episode", pk=pk)
    return render(
        request,
        "outcomes/send_link.jinja",
        {"form": form, "episode": episode},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_goal(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_episode_for_user(request, pk, perm=RECORD)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_goal(request, episode, by=current_user(request), **form.cleaned_data)
        messages.success(request, "Goal added with its first rating.")
        return redirect("outcomes:episode", pk=pk)
    return render(
        request,
        "outcomes/goal_form.jinja",
        {"form": form, "episode": episode},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rate_goal(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request, pk)
    episode = goal.episode
    assert episode is not None  # get_goal_for_user fetches only goals set within an episode
    form = RateGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_questionnaire(
            request,
            episode,
            instrument="GBO",
            answers=[form.cleaned_data["rating"]],
            by=current_user(request),
            submission_key=form.cleaned_data["submission_key"],
            goal=goal,
        )
        messages.success(request, "Goal rating recorded.")
        return redirect("outcomes:episode", pk=goal.episode_id)
    return render(
        request,
        "outcomes/goal_form.jinja",
        {"form": form, "episode": goal.episode, "goal": goal},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def review_flag(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_response_for_user(request, pk, perm=RECORD)
    if services.acknowledge_risk(request, response, by=current_user(request)):
        messages.success(request, "Flag marked as reviewed.")
    return redirect("outcomes:episode", pk=response.episode_id)
