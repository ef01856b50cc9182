"""An episode of support: its sessions, recording a session, discharge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from livingwell.accounts.rules import can, current_user
from livingwell.support import services
from livingwell.support.first_contact import first_seen_at
from livingwell.support.forms import DischargeForm, SessionForm
from livingwell.support.models import DischargeReason, Episode, EpisodeStatus
from livingwell.support.rules import Permission, get_episode_for_user


@login_required
def episode_page(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_episode_for_user(request, pk)
    context = {
        "episode": episode,
        "person": episode.person,
        "sessions": episode.sessions.select_related("recorded_by"),
        "first_seen": first_seen_at(episode),
        "can_change": can(request.user, Permission.CHANGE_EPISODE, episode),
        "session_form": SessionForm(),
        "discharge_form": DischargeForm(),
    }
    return render(request, "support/episode.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_session(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_episode_for_user(request, pk, perm=Permission.CHANGE_EPISODE)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_session(
                request, episode, by=current_user(request), at=timezone.now(), **form.cleaned_data
            )
        except services.EpisodeClosed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Session recorded.")
            return redirect("support:episode", pk=pk)
    return render(
        request,
        "support/session_form.jinja",
        {"form": form, "episode": episode},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def discharge(request: HttpRequest, pk: int) -> HttpResponse:
    """End an episode in two steps: choose the reason, then check and confirm it.

    Ending an episode cannot be undone from the page, and one reason is "Died", so nothing is
    written until the worker has seen what they chose (NHS.UK "check answers" pattern:
    https://service-manual.nhs.uk/design-system/patterns/check-answers). The chosen reason travels
    in the address and then a hidden field, and is checked again each time, so no JavaScript or
    session is needed.
    """
    episode = get_episode_for_user(request, pk, perm=Permission.CHANGE_EPISODE)
    if episode.status != EpisodeStatus.OPEN:
        messages.error(request, "This episode has already been discharged.")
        return redirect("support:episode", pk=pk)
    if request.method == "POST":
        form = DischargeForm(request.POST)
        if not form.is_valid():
            return _choose_reason(request, episode, form, status=400)
        reason = form.cleaned_data["reason"]
        if request.POST.get("confirm") != "yes":
            # Post, then redirect to the check page, so reloading it never asks to resend a form.
            return redirect(f"{reverse('support:discharge', args=[pk])}?{urlencode({'reason': reason})}")
        try:
            services.discharge(request, episode, reason=reason)
        except services.EpisodeClosed as problem:  # a second press of the button: nothing written
            messages.error(request, str(problem))
        else:
            messages.success(request, "Episode ended.")
        return redirect("support:episode", pk=pk)
    chosen = DischargeForm(request.GET) if "reason" in request.GET else None
    if chosen is not None and chosen.is_valid() and "change" not in request.GET:
        reason = chosen.cleaned_data["reason"]
        context = {
            "episode": episode,
            "person": episode.person,
            "reason": reason,
            "reason_label": DischargeReason(reason).label,
            "change_url": f"{reverse('support:discharge', args=[pk])}?{urlencode({'reason': reason, 'change': 1})}",
        }
        return render(request, "support/discharge_confirm.jinja", context)
    initial = {"reason": chosen.cleaned_data["reason"]} if chosen is not None and chosen.is_valid() else {}
    return _choose_reason(request, episode, DischargeForm(initial=initial))


def _choose_reason(
    request: HttpRequest, episode: Episode, form: DischargeForm, *, status: int = 200
) -> HttpResponse:
    return render(request, "support/discharge_form.jinja", {"form": form, "episode": episode}, status=status)
