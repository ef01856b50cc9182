"""An episode of support: its sessions, recording a session, discharge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from livingwell.accounts.rules import can, current_user
from livingwell.support import services
from livingwell.support.forms import DischargeForm, SessionForm
from livingwell.support.rules import Permission, get_episode_for_user


@login_required
def episode_page(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_episode_for_user(request, pk)
    context = {
        "episode": episode,
        "person": episode.person,
        "sessions": episode.sessions.select_related("recorded_by"),
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
@require_POST
def discharge(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_episode_for_user(request, pk, perm=Permission.CHANGE_EPISODE)
    form = DischargeForm(request.POST)
    if form.is_valid():
        try:
            services.discharge(request, episode, reason=form.cleaned_data["reason"])
        except services.EpisodeClosed as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, "Discharged.")
        return redirect("support:episode", pk=pk)
    return render(request, "support/discharge_form.jinja", {"form": form, "episode": episode}, status=400)
