"""Staff pages of themes: the grouping run again, and a person naming, merging and linking themes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from livingwell.accounts.rules import can
from livingwell.together import themes as theme_services
from livingwell.together.forms import LinkThemeForm, MergeThemeForm, NameThemeForm
from livingwell.together.models import Theme, ThemeRun
from livingwell.together.rules import Permission
from livingwell.together.views_log import require


@login_required
@require_http_methods(["GET", "POST"])
def themes(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_THEMES)
    if request.method == "POST":
        require(request, Permission.CHANGE_THEMES)
        run = theme_services.regroup(request)
        messages.success(request, f"Grouped {run.texts} texts into {run.groups} themes.")
        return redirect("together:themes")
    listed = theme_services.current()
    context = {
        "themes": listed,
        "quotes": theme_services.quotes(listed, each=1),
        "last_run": ThemeRun.objects.first(),
        "can_change": can(request.user, Permission.CHANGE_THEMES),
    }
    return render(request, "together/themes.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def theme(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Permission.VIEW_THEMES)
    found = get_object_or_404(Theme.objects.prefetch_related("texts", "decisions", "actions"), pk=pk)
    if found.merged_into_id is not None:
        return redirect("together:theme", found.merged_into_id)
    action = request.POST.get("do") if request.method == "POST" else None
    data = request.POST if action else None
    name_form = NameThemeForm(data if action == "name" else None, initial={"name": found.name})
    merge_form = MergeThemeForm(found, data if action == "merge" else None)
    link_form = LinkThemeForm(
        data if action == "link" else None,
        initial={"decisions": list(found.decisions.all()), "actions": list(found.actions.all())},
    )
    if action:
        if not can(request.user, Permission.CHANGE_THEMES):
            raise PermissionDenied
        if action == "name" and name_form.is_valid():
            theme_services.rename(request, found, name_form.cleaned_data["name"])
            messages.success(request, "Theme named.")
            return redirect("together:theme", found.pk)
        if action == "merge" and merge_form.is_valid():
            into = theme_services.merge(request, found, merge_form.cleaned_data["into"])
            messages.success(request, f"Merged into {into.title}.")
            return redirect("together:theme", into.pk)
        if action == "link" and link_form.is_valid():
            theme_services.link(
                request,
                found,
                list(link_form.cleaned_data["decisions"]),
                list(link_form.cleaned_data["actions"]),
            )
            messages.success(request, "Decisions and actions saved.")
            return redirect("together:theme", found.pk)
    invalid = next((f for f in (name_form, merge_form, link_form) if f.is_bound and f.errors), None)
    context = {
        "theme": found,
        "quotes": theme_services.quotes([found], each=5)[found.pk],
        "by_month": theme_services.by_month(found),
        "name_form": name_form,
        "merge_form": merge_form,
        "link_form": link_form,
        "form": invalid,
        "can_change": can(request.user, Permission.CHANGE_THEMES),
        "merged": Theme.objects.filter(merged_into=found),
    }
    status = 400 if invalid is not None or (action and action not in ("name", "merge", "link")) else 200
    return render(request, "together/theme.jinja", context, status=status)
