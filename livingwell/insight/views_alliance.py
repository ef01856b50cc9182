"""The alliance dashboard, one KPI's page, the monthly board pack and the borough comparison.

Aggregates only, behind `access.view_aggregates` (docs/access-matrix.md): every number comes from
the pseudonymised analytic extract through the KPI catalogue and `kpis.results`, which hides small
numbers. Without an extract the pages say so and how to make one, rather than failing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from livingwell.analytics.kpis import catalogue
from livingwell.analytics.kpis.catalogue import KPI
from livingwell.analytics.kpis.store import ExtractError
from livingwell.insight import alliance, alliance_tables, network_table
from livingwell.insight.alliance import Alliance, NoExtract
from livingwell.insight.dashboard import month_label
from livingwell.insight.views import csv_response, require_aggregates
from livingwell.statistics.spc import icons as mdc_icons


def _month_value(month: dt.date) -> str:
    return month.strftime("%Y-%m")


class BoardPackMonthForm(forms.Form):
    """The month a board pack is for (a GET form: the pack's address can be shared)."""

    month = forms.ChoiceField(label="Month")

    def __init__(self, *args: Any, months: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["month"]
        assert isinstance(field, forms.ChoiceField)  # narrows the type for mypy
        field.choices = [(_month_value(m), month_label(m)) for m in reversed(months)]
        span = f"{month_label(months[0])} to {month_label(months[-1])}"
        field.error_messages["invalid_choice"] = (
            f"Choose a month from {span}: there is no board pack for “%(value)s”"
        )
        field.error_messages["required"] = f"Choose a month from {span}"


class ComparisonForm(forms.Form):
    """Which KPI to compare boroughs on."""

    kpi = forms.ChoiceField(
        label="Measure",
        choices=[(k.id, k.title) for k in catalogue.HEADLINE],
        error_messages={"invalid_choice": "Choose a measure from the list"},
    )


def _load(request: HttpRequest, template: str, *, own: bool = True, **extra: Any) -> Alliance | HttpResponse:
    """Load the extracts, or a page saying why there is nothing to show."""
    try:
        data = alliance.load()
        if own:
            data.own  # noqa: B018 - raises NoExtract when the operational borough has none
        return data
    except (NoExtract, ExtractError) as error:
        context = {"no_extract": str(error), "borough": alliance.borough_name(), **extra}
        return render(request, template, context)


def _context(data: Alliance, **extra: Any) -> dict[str, Any]:
    own = data.boroughs.get(data.own_code)
    return {
        "data": data,
        "own": own,
        "borough": own.name if own else alliance.borough_name(),
        "extracted": timezone.localtime(own.extracted_at) if own else None,
        **extra,
    }


def _kpi(kpi_id: str) -> KPI:
    kpi = catalogue.BY_ID.get(kpi_id)
    # The hub's KPIs are in the catalogue too, but have their pages on the hub dashboard.
    if kpi is None or kpi not in catalogue.KPIS:
        raise Http404("No such measure")
    return kpi


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the Making Data Count summary of every headline KPI, and the equity rates."""
    require_aggregates(request)
    data = _load(request, "insight/alliance.jinja")
    if isinstance(data, HttpResponse):
        return data
    months = alliance_tables.equity_months(data)
    context = _context(
        data,
        views=alliance_tables.headline_views(data),
        equity=[(k, alliance_tables.equity_table(data, k, months)) for k in catalogue.EQUITY],
        equity_months=months,
        variation_icons=mdc_icons.VARIATION_ICONS,
        assurance_icons=mdc_icons.ASSURANCE_ICONS,
    )
    return render(request, "insight/alliance.jinja", context)


def _kpi_page_table(data: Alliance, kpi: KPI) -> tuple[alliance_tables.Table, alliance_tables.KPIView | None]:
    """The table a KPI's page and download show: its chart's data, or the equity rates over the window.

    An equity KPI's months are the dashboard's 12-month window, the one table its counts are
    suppressed in: a page of every month, suppressed apart, would hide different cells.
    """
    if kpi.breakdown:
        return alliance_tables.equity_table(data, kpi, alliance_tables.equity_months(data)), None
    view = alliance_tables.kpi_view(data, kpi)
    return view.table, view


@login_required
def kpi_page(request: HttpRequest, kpi_id: str) -> HttpResponse:
    """Show one KPI: its definition, SPC chart and the chart's data (or the equity window's rates)."""
    require_aggregates(request)
    kpi = _kpi(kpi_id)
    data = _load(request, "insight/alliance_kpi.jinja", kpi=kpi)
    if isinstance(data, HttpResponse):
        return data
    table, view = _kpi_page_table(data, kpi)
    return render(request, "insight/alliance_kpi.jinja", _context(data, kpi=kpi, table=table, view=view))


@login_required
def kpi_csv(request: HttpRequest, kpi_id: str) -> HttpResponse:
    """Download one KPI's table exactly as its page shows it."""
    require_aggregates(request)
    kpi = _kpi(kpi_id)
    try:
        data = alliance.load()
        data.own  # noqa: B018 - raises NoExtract when the operational borough has none
    except (NoExtract, ExtractError) as error:
        raise Http404(str(error)) from error
    table, _ = _kpi_page_table(data, kpi)
    filename = f"{kpi.id}-{data.own.ons_code}-{data.own.extracted_at:%Y-%m-%d}.csv"
    title = f"{kpi.title} ({data.own.name}): {kpi.definition} {data.own.left_out_note}".strip()
    return csv_response(filename, title, table.header, table.rows)


@login_required
def board_pack(request: HttpRequest) -> HttpResponse:
    """Show the monthly board pack, print-ready; `?month=YYYY-MM` gives an earlier month's."""
    require_aggregates(request)
    data = _load(request, "insight/board_pack.jinja")
    if isinstance(data, HttpResponse):
        return data
    months = list(data.own.months)
    if not months:
        return render(request, "insight/board_pack.jinja", _context(data, no_months=True))
    bound = "month" in request.GET
    form = BoardPackMonthForm(
        request.GET if bound else None, months=months, initial={"month": _month_value(months[-1])}
    )
    if bound and not form.is_valid():
        return render(request, "insight/board_pack.jinja", _context(data, form=form), status=400)
    month = dt.date.fromisoformat(f"{form.cleaned_data['month']}-01") if bound else months[-1]
    equity_months = alliance_tables.equity_months(data, month)
    comparisons = [alliance_tables.comparison(data, k, month) for k in catalogue.HEADLINE]
    context = _context(
        data,
        form=form,
        month=month,
        latest=month == months[-1],
        views=alliance_tables.headline_views(data, month),
        equity=[(k, alliance_tables.equity_table(data, k, equity_months)) for k in catalogue.EQUITY],
        equity_months=equity_months,
        comparisons=comparisons,
        comparison_table=alliance_tables.comparison_summary(comparisons, data.own.name),
    )
    return render(request, "insight/board_pack.jinja", context)


def _chosen_kpi(request: HttpRequest) -> tuple[ComparisonForm, KPI | None]:
    if "kpi" not in request.GET:
        first = catalogue.HEADLINE[0]
        return ComparisonForm(initial={"kpi": first.id}), first
    form = ComparisonForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, catalogue.BY_ID[form.cleaned_data["kpi"]]


@login_required
def boroughs(request: HttpRequest) -> HttpResponse:
    """Compare the boroughs on a chosen KPI, with a funnel plot and its data as a table."""
    require_aggregates(request)
    data = _load(request, "insight/boroughs.jinja", own=False)
    if isinstance(data, HttpResponse):
        return data
    form, kpi = _chosen_kpi(request)
    if kpi is None:
        return render(request, "insight/boroughs.jinja", _context(data, form=form), status=400)
    context = _context(data, form=form, kpi=kpi, comparison=alliance_tables.comparison(data, kpi))
    return render(request, "insight/boroughs.jinja", context)


@login_required
def boroughs_csv(request: HttpRequest, kpi_id: str) -> HttpResponse:
    """Download the borough comparison's table exactly as the page shows it."""
    require_aggregates(request)
    kpi = _kpi(kpi_id)
    if kpi.breakdown:
        raise Http404("Equity measures are compared by group, not by borough")
    try:
        data = alliance.load()
    except (NoExtract, ExtractError) as error:
        raise Http404(str(error)) from error
    result = alliance_tables.comparison(data, kpi)
    newest = max(b.extracted_at for b in data.boroughs.values())
    filename = f"{kpi.id}-boroughs-{newest:%Y-%m-%d}.csv"
    return csv_response(
        filename, f"{result.table.caption}. {result.note}", result.table.header, result.table.rows
    )


@login_required
def network(request: HttpRequest) -> HttpResponse:
    """The network's measures for the borough, month by month (network_table)."""
    require_aggregates(request)
    data = _load(request, "insight/network.jinja")
    if isinstance(data, HttpResponse):
        return data
    return render(request, "insight/network.jinja", _context(data, table=network_table.build(data)))
