"""The staff directory: finding a service, its page with its waits, editing it, its history, importing."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from livingwell.accounts.rules import can, current_user
from livingwell.codes import LifeArea
from livingwell.network import directory_edit, oruk_json, taxonomy, waits
from livingwell.network.directory_search import DirectorySearchForm, search
from livingwell.network.models import Attribute, LinkEntity, Service
from livingwell.network.oruk_import import ImportRefused, import_directory, parse
from livingwell.network.rules import Permission, partner_names_for

PER_PAGE = 25
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _service_or_404(key: str) -> Service:
    try:
        found = Service.objects.select_related("provider", "organisation").filter(uuid=uuid.UUID(key)).first()
    except ValueError:
        found = None
    if found is None:
        raise Http404("There is no service with this id.")
    return found


def _needs_of(services: list[Service]) -> dict[uuid.UUID, list[str]]:
    """The needs each service meets, by its uuid: one query for the page."""
    found: dict[uuid.UUID, list[str]] = {s.uuid: [] for s in services}
    labels = taxonomy.NEED_BY_TERM
    for link_id, term_id in Attribute.objects.filter(
        link_entity=LinkEntity.SERVICE, link_id__in=list(found), taxonomy_term_id__in=list(labels)
    ).values_list("link_id", "taxonomy_term_id"):
        found[link_id].append(str(LifeArea(labels[term_id]).label))
    return found


@login_required
@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Permission.VIEW_DIRECTORY):
        raise PermissionDenied
    form = DirectorySearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(search(data), PER_PAGE).get_page(request.GET.get("page"))
    services = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "services": services,
        "waits": waits.waits_for(services),
        "needs": _needs_of(services),
        "in_words": waits.in_words,
        "query": query.urlencode(),
        "can_import": can(request.user, Permission.IMPORT_DIRECTORY),
    }
    return render(request, "network/directory.jinja", context, status=400 if form.errors else 200)


@login_required
@require_safe
def service_page(request: HttpRequest, key: str) -> HttpResponse:
    if not can(request.user, Permission.VIEW_DIRECTORY):
        raise PermissionDenied
    service = _service_or_404(key)
    (nested,) = oruk_json.with_everything(Service.objects.filter(pk=service.pk))
    oruk_json.attach_all_attributes([nested])
    context = {
        "service": nested,
        "document": oruk_json.service_full(nested),
        "wait": waits.waits_for([nested])[nested.pk],
        "needs": _needs_of([nested])[nested.uuid],
        "in_words": waits.in_words,
        "can_edit": can(request.user, Permission.CHANGE_SERVICE, nested),
    }
    return render(request, "network/directory_service.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, key: str) -> HttpResponse:
    service = _service_or_404(key)
    if not can(request.user, Permission.CHANGE_SERVICE, service):
        raise PermissionDenied
    form = directory_edit.ServiceForm(request.POST if request.method == "POST" else None, service=service)
    if request.method == "POST" and form.is_valid():
        try:
            directory_edit.save(service, form.cleaned_data, by=current_user(request))
        except directory_edit.ChangedMeanwhile as changed:
            form.add_error(None, str(changed))
        else:
            messages.success(request, f"Saved. {service.name} is up to date in the directory.")
            return redirect("network:directory_service", key=service.uuid)
    return render(
        request,
        "network/directory_edit.jinja",
        {"form": form, "service": service},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def history(request: HttpRequest, key: str) -> HttpResponse:
    if not can(request.user, Permission.VIEW_DIRECTORY):
        raise PermissionDenied
    service = _service_or_404(key)
    changes = list(service.changes.select_related("changed_by").order_by("-changed_at", "-pk")[:100])
    return render(
        request,
        "network/directory_history.jinja",
        {"service": service, "entries": directory_edit.differences(changes)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Permission.IMPORT_DIRECTORY):
        raise PermissionDenied
    form = (
        directory_edit.ImportForm(request.POST, request.FILES)
        if request.method == "POST"
        else directory_edit.ImportForm()
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = parse(upload.read())
            result = import_directory(
                data, by=current_user(request), partners=partner_names_for(request.user)
            )
        except ImportRefused as refused:
            problems = refused.problems
            form.add_error(
                "file", f"Nothing was imported: the file has {len(problems)} problem(s), listed below"
            )
        else:
            messages.success(
                request,
                f"Imported: {result.created} services added, {result.updated} changed, "
                f"{result.unchanged} unchanged.",
            )
            return redirect("network:directory")
    return render(
        request,
        "network/directory_import.jinja",
        {"form": form, "problems": problems[:500], "more": max(0, len(problems) - 500)},
        status=400 if form.errors else 200,
    )
