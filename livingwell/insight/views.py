"""The hub dashboard: aggregates only, for hub leads and commissioners, with every table as CSV.

Access is the `access.view_aggregates` rule (docs/access-matrix.md). No page here names a person:
every number is a catalogue KPI over the operational borough's pseudonymised extract
(`dashboard.py`), suppressed there. The tables, charts and the dashboard's body are made once per
extract version (`Alliance.derived`), so a view reads them from memory and queries nothing but the
signed-in user. Without an extract the pages say so and how to make one, rather than failing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from markupsafe import Markup

from livingwell.access.rules import Permission
from livingwell.accounts.rules import can
from livingwell.analytics.kpis import hub_kpis
from livingwell.analytics.kpis.hub_kpis import Breakdown
from livingwell.analytics.kpis.store import ExtractError
from livingwell.insight import alliance, dashboard
from livingwell.insight.alliance import Alliance, NoExtract
from livingwell.insight.charts import line_chart


def require_aggregates(request: HttpRequest) -> None:
    if not can(request.user, Permission.VIEW_AGGREGATES):
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


def freshness(data: Alliance) -> str:
    """Say when the figures were extracted, in UK time: the pages are as fresh as the extract."""
    at = timezone.localtime(data.own.extracted_at)
    said = f"Figures from data extracted at {at:%H:%M} on {at.day} {at:%B %Y}."
    # The KPI notes say how many people asked to be left out (docs/opting-out.md).
    return f"{said} {data.own.left_out_note}".strip()


def _own_data() -> Alliance | str:
    """Return the extracts with the operational borough's in them, or why there are none to read."""
    try:
        data = alliance.load()
        data.own  # noqa: B018 - raises NoExtract when the operational borough has none
    except (NoExtract, ExtractError) as error:
        return str(error)
    return data


def _marker(data: Alliance) -> tuple[int, str] | None:
    opened = dashboard.hub_months(data).hub_opened
    return (opened, "Hub opens") if opened else None


def _table_and_chart(data: Alliance, measure_id: str, breakdown: Breakdown | None) -> tuple[Any, Markup]:
    table = dashboard.build(data, measure_id, breakdown)
    key = f"hub-chart:{measure_id}:{breakdown.id if breakdown else ''}"
    # The last month is the extract's own, taken while it was still going.
    return table, data.derived(
        key, lambda: line_chart(table.months, table.series, marker=_marker(data), last_incomplete=True)
    )


def _dashboard_body(data: Alliance) -> Markup:
    """Render every measure's section once per extract version: the same for everyone who may see it."""
    months = dashboard.hub_months(data)
    parts = [_table_and_chart(data, m, None) for m in dashboard.DASHBOARD_ORDER]
    context = {
        "tables": [t for t, _ in parts],
        "charts": [c for _, c in parts],
        "breakdowns": list(hub_kpis.BREAKDOWNS.values()),
        "first": months.months[0],
        "last": months.months[-1],
        "hub_opened": months.months[months.hub_opened] if months.hub_opened else None,
    }
    return Markup(render_to_string("insight/hub_sections.jinja", context))  # noqa: S704 - autoescaped template


@login_required
def hub_dashboard(request: HttpRequest) -> HttpResponse:
    """Show every hub measure by month, each with its chart, table and download."""
    require_aggregates(request)
    data = _own_data()
    if isinstance(data, str):
        return render(request, "insight/hub_dashboard.jinja", {"no_extract": data})
    body = data.derived("hub-dashboard-body", lambda: _dashboard_body(data))
    return render(request, "insight/hub_dashboard.jinja", {"body": body, "freshness": freshness(data)})


@login_required
def hub_measure(request: HttpRequest, measure_id: str) -> HttpResponse:
    """Show one measure by month, broken down by ethnic group, sex or age band on request."""
    require_aggregates(request)
    measure = dashboard.measure_for(measure_id)
    breakdown = dashboard.breakdown_for(request.GET.get("by"))
    context: dict[str, Any] = {"measure": measure, "breakdowns": list(hub_kpis.BREAKDOWNS.values())}
    data = _own_data()
    if isinstance(data, str):
        return render(request, "insight/hub_measure.jinja", {**context, "no_extract": data})
    table, chart = _table_and_chart(data, measure.id, breakdown)
    context.update(table=table, chart=chart, freshness=freshness(data))
    return render(request, "insight/hub_measure.jinja", context)


@login_required
def hub_measure_csv(request: HttpRequest, measure_id: str) -> HttpResponse:
    """Download one measure's table exactly as the page shows it (hidden counts stay hidden)."""
    require_aggregates(request)
    measure = dashboard.measure_for(measure_id)
    breakdown = dashboard.breakdown_for(request.GET.get("by"))
    data = _own_data()
    if isinstance(data, str):
        raise Http404(data)
    table = dashboard.build(data, measure.id, breakdown)
    suffix = f"-by-{breakdown.id}" if breakdown else ""
    return csv_response(
        f"{measure.id}{suffix}-{timezone.localtime(data.own.extracted_at):%Y-%m-%d}.csv",
        f"{measure.title}: {table.definition} {freshness(data)}",
        table.header,
        table.rows,
    )
