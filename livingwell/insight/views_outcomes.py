"""The outcomes summary: a service's outcomes for one month, aggregates only, small numbers hidden.

Who may see it is the outcomes app's rule (`outcomes.view_summary`: hub leads and commissioners for
every service, a partner practitioner for their own organisation's), and which services each may
choose is `summary_services_filter`. The counts are the catalogue's outcome KPIs over the extract
(`outcomes_summary_queries.py`), a few minutes behind the records; the page says how far.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from livingwell.accounts.rules import can
from livingwell.analytics.kpis import store
from livingwell.analytics.refresh import freshness, operational_folder
from livingwell.insight.left_out import left_out_count, left_out_note
from livingwell.insight.outcomes_summary import summarise
from livingwell.insight.outcomes_summary_queries import DIMENSIONS, NoOutcomeFigures, service_month
from livingwell.lib.clocks import add_months, london_month
from livingwell.network.models import Service
from livingwell.outcomes.forms import SummaryFilterForm
from livingwell.outcomes.rules import Permission, summary_services_filter


def _left_out_note() -> str:
    """The KPI notes' line on people left out of the extract at their request (docs/opting-out.md)."""
    try:
        return left_out_note(left_out_count(store.read_manifest(operational_folder())))
    except store.ExtractError:
        return ""


def _last_month() -> dt.date:
    return add_months(london_month(timezone.now()), -1)


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """Show a service's month (last month of the first service until one is chosen)."""
    if not can(request.user, Permission.VIEW_SUMMARY):
        raise PermissionDenied
    services = Service.objects.filter(summary_services_filter(request.user)).order_by("name")
    data = request.GET if "service" in request.GET else None
    first = services.first()
    form = SummaryFilterForm(services, data, initial={"service": first, "month": _last_month()})
    result = None
    service = month = None
    unavailable = ""
    if data is None and first is not None:
        service, month = first, _last_month()
    elif data is not None and form.is_valid():
        service, month = form.cleaned_data["service"], form.cleaned_data["month"]
    if service is not None and month is not None:
        try:
            result = summarise(service_month(service.pk, month), service.pk, DIMENSIONS)
        except NoOutcomeFigures as error:
            unavailable = str(error)
    return render(
        request,
        "insight/outcomes_summary.jinja",
        {
            "form": form,
            "summary": result,
            "service": service,
            "month": month,
            "unavailable": unavailable,
            "freshness": freshness(),
            "left_out_note": _left_out_note() if result is not None else "",
        },
        status=400 if form.errors else 200,
    )
