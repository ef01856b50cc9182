"""A person answering a questionnaire from a link: no account, one question a page, saved on Continue.

One question per page keeps each page short on a phone and means every answer is in the database
the moment Continue is pressed, without JavaScript: a dropped signal or an expired link loses at
most the question on screen.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from livingwell.outcomes import links
from livingwell.outcomes.forms import AnswerForm
from livingwell.outcomes.instruments import MissingAnswerError
from livingwell.outcomes.links import LinkState, ResolvedLink
from livingwell.outcomes.wording import wording_for


def _ended(request: HttpRequest, resolved: ResolvedLink) -> HttpResponse:
    """A clear page for a link that cannot be answered any more; nothing already given is lost."""
    status = 404 if resolved.state is LinkState.UNKNOWN else 410
    return render(request, "outcomes/answer/ended.jinja", {"state": resolved.state.value}, status=status)


def _context(resolved: ResolvedLink) -> dict[str, object]:
    response = resolved.response
    wording = wording_for(response.instrument, response.episode.service.organisation_id)
    return {
        "response": response,
        "definition": response.definition,
        "wording": wording,
        "saved": links.answered(response),
        "needs_help": response.risk_flagged_at is not None,
        "link": resolved.link,
    }


def _next_unanswered(saved: dict[int, int], count: int) -> int | None:
    return next((n for n in range(1, count + 1) if n not in saved), None)


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    resolved = links.resolve(token)
    if resolved.state is not LinkState.OPEN:
        return _ended(request, resolved)
    context = _context(resolved)
    saved = context["saved"]
    assert isinstance(saved, dict)
    context["next_question"] = _next_unanswered(saved, resolved.response.definition.item_count)
    return render(request, "outcomes/answer/start.jinja", {**context, "token": token})


@never_cache
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, token: str, number: int) -> HttpResponse:
    resolved = links.resolve(token)
    if resolved.state is not LinkState.OPEN:
        return _ended(request, resolved)
    context = _context(resolved)
    definition = resolved.response.definition
    if not 1 <= number <= definition.item_count:
        return redirect("outcomes:answer_start", token=token)
    wording = context["wording"]
    saved = context["saved"]
    assert isinstance(saved, dict)
    item = wording.question(number)  # type: ignore[attr-defined]
    initial = {"answer": str(saved[number])} if number in saved else None
    form = AnswerForm(item, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        links.save_answer(request, resolved, number=number, value=form.cleaned_data["answer"])
        saved[number] = form.cleaned_data["answer"]
        following = _next_unanswered(saved, definition.item_count)
        if following is None or request.GET.get("from") == "check":
            return redirect("outcomes:answer_check", token=token)
        return redirect("outcomes:answer_question", token=token, number=following)
    context.update(form=form, number=number, question=item, token=token)
    return render(request, "outcomes/answer/question.jinja", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, token: str) -> HttpResponse:
    resolved = links.resolve(token)
    if resolved.state is not LinkState.OPEN:
        return _ended(request, resolved)
    problem = ""
    if request.method == "POST":
        try:
            links.submit(request, resolved)
        except MissingAnswerError as error:
            problem = str(error)
        else:
            return redirect("outcomes:answer_done", token=token)
    context = _context(resolved)
    context.update(token=token, problem=problem)
    return render(request, "outcomes/answer/check.jinja", context, status=400 if problem else 200)


@never_cache
def done(request: HttpRequest, token: str) -> HttpResponse:
    resolved = links.resolve(token)
    if resolved.state is LinkState.OPEN:
        return redirect("outcomes:answer_start", token=token)
    if resolved.state is not LinkState.USED:
        return _ended(request, resolved)
    return render(
        request, "outcomes/answer/done.jinja", {"needs_help": resolved.response.risk_flagged_at is not None}
    )
