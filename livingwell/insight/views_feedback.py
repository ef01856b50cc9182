"""The Friends and Family Test in numbers, and the monthly return in NHS England's shape (and CSV).

Aggregates only, behind `access.view_aggregates` (hub leads and commissioners; docs/access-matrix.md):
every number is a catalogue KPI over the pseudonymised extract (`insight/feedback.py`), small
numbers hidden. Without an extract the pages say so and how to make one, rather than failing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from livingwell.analytics.kpis import fft_kpis
from livingwell.analytics.kpis.store import ExtractError
from livingwell.insight import alliance, feedback
from livingwell.insight.alliance import Alliance, NoExtract
from livingwell.insight.dashboard import month_label
from livingwell.insight.views import csv_response, require_aggregates
from livingwell.insight.views_alliance import _context, _load


class ReturnMonthForm(forms.Form):
    """The month a return is for (a GET form: the return's address can be shared)."""

    month = forms.ChoiceField(label="Month")

    def __init__(self, *args: Any, months: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["month"]
        assert isinstance(field, forms.ChoiceField)  # narrows the type for mypy
        field.choices = [(f"{m:%Y-%m}", month_label(m)) for m in reversed(months)]
        span = f"{month_label(months[0])} to {month_label(months[-1])}"
        field.error_messages["invalid_choice"] = (
            f"Choose a month from {span}: there is no return for “%(value)s”"
        )
        field.error_messages["required"] = f"Choose a month from {span}"


def _month(request: HttpRequest, months: list[dt.date]) -> tuple[ReturnMonthForm, dt.date | None]:
    """The month asked for (the latest complete one by default), or None with the form's error."""
    bound = "month" in request.GET
    form = ReturnMonthForm(
        request.GET if bound else None, months=months, initial={"month": f"{months[-1]:%Y-%m}"}
    )
    if not bound:
        return form, months[-1]
    if not form.is_valid():
        return form, None
    return form, dt.date.fromisoformat(f"{form.cleaned_data['month']}-01")


@login_required
def numbers(request: HttpRequest) -> HttpResponse:
    """Percentage positive and negative by service, month by month."""
    require_aggregates(request)
    data = _load(request, "insight/feedback.jinja")
    if isinstance(data, HttpResponse):
        return data
    context = _context(
        data,
        months=feedback.months(data),
        positive=feedback.monthly_shares(data, fft_kpis.FFT_POSITIVE),
        negative=feedback.monthly_shares(data, fft_kpis.FFT_NEGATIVE),
        kpis=fft_kpis.FFT_KPIS,
    )
    return render(request, "insight/feedback.jinja", context)


@login_required
def monthly_return(request: HttpRequest) -> HttpResponse:
    """One month's return: each service's count of the six answers, the total and the percentages."""
    require_aggregates(request)
    data = _load(request, "insight/feedback_return.jinja")
    if isinstance(data, HttpResponse):
        return data
    months = feedback.months(data)
    if not months:
        return render(request, "insight/feedback_return.jinja", _context(data, no_months=True))
    form, month = _month(request, months)
    if month is None:
        return render(request, "insight/feedback_return.jinja", _context(data, form=form), status=400)
    table = feedback.return_table(data, month, data.own.name)
    context = _context(data, form=form, month=month, table=table)
    return render(request, "insight/feedback_return.jinja", context)


def _own() -> Alliance:
    try:
        data = alliance.load()
        data.own  # noqa: B018 - raises NoExtract when the operational borough has none
    except (NoExtract, ExtractError) as error:
        raise Http404(str(error)) from error
    return data


@login_required
def monthly_return_csv(request: HttpRequest) -> HttpResponse:
    """Download one month's return exactly as its page shows it."""
    require_aggregates(request)
    data = _own()
    months = feedback.months(data)
    if not months:
        raise Http404("No Friends and Family Test answers in the extract yet")
    form, month = _month(request, months)
    if month is None:
        raise Http404(form.errors["month"][0])
    table = feedback.return_table(data, month, data.own.name)
    filename = f"fft-return-{data.own.ons_code}-{month:%Y-%m}.csv"
    title = (
        f"{table.caption}. Counts from 1 to 4 read “fewer than 5”, and others “hidden” so that none can be "
        f"worked out. {data.own.left_out_note}"
    ).strip()
    return csv_response(filename, title, table.header, table.rows)
