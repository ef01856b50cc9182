"""The hub dashboard: aggregates only, for hub leads and commissioners, with every table as CSV.

Access is the `access.view_aggregates` rule (docs/access-matrix.md). No page here names a person:
every number comes from `dashboard.py`, which takes it from the suppressed measures.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from livingwell.accounts.rules import can
from livingwell.insight import dashboard, hub_measures
from livingwell.insight.breakdowns import BREAKDOWNS
from livingwell.insight.charts import line_chart


def require_aggregates(request: HttpRequest) -> None:
    if not can(request.user, "access.view_aggregates"):
        raise PermissionDenied


def csv_response(
    filename: str, title_line: str, header: Sequence[str], rows: Iterable[Sequence[str]]
) -> HttpResponse:
    """A table as a CSV download: a line saying what it is, its header, then its rows as shown."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([title_line])
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _months() -> tuple[list[dt.date], dt.date]:
    today = timezone.localdate()
    return hub_measures.data_months(today), today


@login_required
def hub_dashboard(request: HttpRequest) -> HttpResponse:
    """Show every hub measure by month, each with its chart, table and download."""
    require_aggregates(request)
    months, today = _months()
    tables = [
        dashboard.build(measure_id, months, None, today=today) for measure_id in dashboard.DASHBOARD_ORDER
    ]
    opened = hub_measures.hub_opened(months)
    marker = (opened, "Hub opens") if opened else None
    context = {
        "tables": tables,
        "charts": [line_chart(t.months, t.series, marker=marker) for t in tables],
        "breakdowns": list(BREAKDOWNS.values()),
        "first": months[0],
        "last": months[-1],
        "hub_opened": months[opened] if opened else None,
    }
    return render(request, "insight/hub_dashboard.jinja", context)


@login_required
def hub_measure(request: HttpRequest, measure_id: str) -> HttpResponse:
    """Show one measure by month, broken down by ethnic group, sex or age band on request."""
    require_aggregates(request)
    if measure_id not in dashboard.BREAKABLE:
        raise Http404("No such measure")
    breakdown = dashboard.breakdown_for(request.GET.get("by"))
    months, today = _months()
    table = dashboard.build(measure_id, months, breakdown, today=today)
    opened = hub_measures.hub_opened(months)
    context = {
        "table": table,
        "chart": line_chart(table.months, table.series, marker=(opened, "Hub opens") if opened else None),
        "breakdowns": list(BREAKDOWNS.values()),
    }
    return render(request, "insight/hub_measure.jinja", context)


@login_required
def hub_measure_csv(request: HttpRequest, measure_id: str) -> HttpResponse:
    """Download one measure's table exactly as the page shows it (hidden counts stay hidden)."""
    require_aggregates(request)
    if measure_id not in dashboard.BREAKABLE:
        raise Http404("No such measure")
    breakdown = dashboard.breakdown_for(request.GET.get("by"))
    months, today = _months()
    table = dashboard.build(measure_id, months, breakdown, today=today)
    suffix = f"-by-{breakdown.id}" if breakdown else ""
    return csv_response(
        f"{measure_id}{suffix}-{today:%Y-%m-%d}.csv",
        f"{table.measure.title}: {table.measure.definition}",
        table.header,
        table.rows,
    )
