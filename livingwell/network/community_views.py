"""Community offers anyone can find without signing in: staying well, peer support, timebanks.

The public side of the directory, in plain English: what each offer is, when and where it runs, who
it is for, what it costs and how to get in touch. No waits, capacities or partners: those are for
staff. The same search as the staff directory (`directory_search`), kept to community kinds.
"""

from __future__ import annotations

import uuid

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from livingwell.codes import LifeArea
from livingwell.network import oruk_json
from livingwell.network.directory_search import search
from livingwell.network.models import Service, ServiceKind, ServiceStatus

COMMUNITY_KINDS = (ServiceKind.STAYING_WELL, ServiceKind.PEER_SUPPORT, ServiceKind.TIMEBANK)
SHOWN_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
PER_PAGE = 20


class CommunitySearchForm(forms.Form):
    q = forms.CharField(label="What are you looking for?", required=False, max_length=100)
    need = forms.ChoiceField(
        label="What would you like help with?", choices=[("", "Anything"), *LifeArea.choices], required=False
    )
    area = forms.CharField(
        label="Your postcode or area",
        required=False,
        max_length=60,
        help_text="For example, SW9 8BP or Brixton",
    )


@require_safe
def offers(request: HttpRequest) -> HttpResponse:
    form = CommunitySearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = search(data).filter(kind__in=COMMUNITY_KINDS, status__in=SHOWN_STATUSES)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/community.jinja",
        {"form": form, "page": page, "services": list(page.object_list), "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


@require_safe
def offer(request: HttpRequest, key: str) -> HttpResponse:
    try:
        wanted = uuid.UUID(key)
    except ValueError:
        raise Http404("There is no community offer here.") from None
    found = list(
        oruk_json.with_everything(
            Service.objects.filter(uuid=wanted, kind__in=COMMUNITY_KINDS, status__in=SHOWN_STATUSES)
        )
    )
    if not found:
        raise Http404("There is no community offer here.")
    return render(request, "network/community_offer.jinja", {"service": found[0]})
