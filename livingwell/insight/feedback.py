"""The Friends and Family Test in numbers: percentage positive by service and month, and the return.

Every figure is a KPI of the one catalogue (`analytics/kpis/fft_kpis.py`) over the operational
borough's pseudonymised extract. The monthly return has the shape of NHS England's FFT return:
one row per organisation and service with answers in the month, the count of each of the six
answers, the total, and the percentages positive and negative.

Small numbers: each month's return is suppressed as one table by `lib.suppression` (a count from 1
to 4 reads "fewer than 5", and more is hidden until none can be worked out), its margins included:
each service's total and the borough's total of each answer. A percentage is shown only where
every count it is made of (the answers it adds up and the total) is shown in that month's return,
and the catalogue's rule for a share (`results.is_hidden`) does not hide it: otherwise a
percentage and a total would give a hidden count back. The month-by-month table reads the same
returns, so the two pages cannot be set against each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from livingwell.analytics.kpis import fft_kpis, results
from livingwell.analytics.kpis.catalogue import KPI
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.insight.alliance import Alliance, previous_month
from livingwell.insight.alliance_tables import Table
from livingwell.insight.dashboard import month_label
from livingwell.lib.clocks import london_month, month_starts
from livingwell.lib.suppression import SuppressedTable, suppress_table
from livingwell.network.models import Service

MONTHS_SHOWN = 12
ALL = "All"
ALL_LABEL = "All services"
CODES = tuple(fft_kpis.ANSWERS)  # 1..6, the return's column order
RETURN_HEADER = [
    "Organisation", "ODS code", "Service", *fft_kpis.ANSWERS.values(), "Total responses",
    "Percentage positive", "Percentage negative",
]  # fmt: skip


@dataclass(frozen=True)
class MonthReturn:
    """One month's answers: a row per service (grp as text) and the suppressed table of their counts."""

    month: dt.date
    services: list[str]
    table: SuppressedTable  # rows: services; columns: the six answers; with their margins

    def row_of(self, service: str) -> int | None:
        """Return the table's row for a service, the column totals' row for ALL, None when absent."""
        if service == ALL:
            return len(self.services)
        return self.services.index(service) if service in self.services else None


def _rows(data: Alliance) -> dict[str, list[KPIRow]]:
    return data.hub_rows(fft_kpis.FFT_KPIS)


def months(data: Alliance) -> list[dt.date]:
    """Return the complete (London) months from the first with an answer to the extract's last."""
    answered = [r.month for r in _rows(data)[fft_kpis.FFT_ANSWERS.id]]
    if not answered:
        return []
    last = previous_month(london_month(data.own.extracted_at))
    first = min(answered)
    return month_starts(first, last) if first <= last else []


def month_return(data: Alliance, month: dt.date) -> MonthReturn:
    """Return a month's answers by service, suppressed as one table (made once per extract)."""

    def make() -> MonthReturn:
        counts: dict[str, dict[int, int]] = {}
        for row in _rows(data)[fft_kpis.FFT_ANSWERS.id]:
            if row.month == month and row.ons_code == data.own.ons_code:
                service, answer = fft_kpis.split_answer_grp(row.grp)
                counts.setdefault(service, dict.fromkeys(CODES, 0))[answer] = int(row.numerator or 0)
        services = sorted(counts, key=_service_order)
        cells = [[counts[s][c] for c in CODES] for s in services]
        table = suppress_table(cells) if cells else SuppressedTable([], [], [0] * len(CODES), 0)
        return MonthReturn(month, services, table)

    return data.derived(f"fft-return-{month.isoformat()}", make)


def _service_order(service: str) -> tuple[int, int]:
    # Services by id; answers whose service is not known last.
    return (1, 0) if service == fft_kpis.NO_SERVICE else (0, int(service))


def percentage(data: Alliance, kpi: KPI, ret: MonthReturn, service: str) -> str:
    """Write a service's (or ALL's) percentage positive or negative for the month, as shown.

    The value is the catalogue's KPI; it is shown only where the return shows every count it rests
    on and the catalogue's rule for a share does not hide it.
    """
    r = ret.row_of(service)
    if r is None:
        return "–"
    codes = fft_kpis.POSITIVE if kpi is fft_kpis.FFT_POSITIVE else fft_kpis.NEGATIVE
    total = ret.table.value(r, len(CODES))
    parts = [ret.table.value(r, CODES.index(c)) for c in codes]
    if total is None or None in parts:
        return results.HIDDEN
    found = {(x.month, x.grp): x for x in _rows(data)[kpi.id] if x.ons_code == data.own.ons_code}
    row = found.get((ret.month, service))
    numerator, denominator = (row.numerator, row.denominator) if row else (0.0, 0)
    hidden = results.is_hidden(kpi, numerator, denominator)
    value = None if hidden else results.value_of(kpi, numerator, denominator)
    return results.format_value(kpi, value, hidden=hidden)


@dataclass(frozen=True)
class ServiceName:
    organisation: str
    ods_code: str
    service: str


def names(services: Sequence[str]) -> dict[str, ServiceName]:
    """Name the services (their organisation too): directory entries, not people (one query)."""
    ids = [int(s) for s in services if s not in (ALL, fft_kpis.NO_SERVICE)]
    found = {
        str(pk): ServiceName(org or "", ods or "", name)
        for pk, name, org, ods in Service.objects.filter(pk__in=ids).values_list(
            "pk", "name", "organisation__name", "organisation__ods_code"
        )
    }
    found[fft_kpis.NO_SERVICE] = ServiceName("", "", "Service not recorded")
    return {s: found.get(s, ServiceName("", "", f"Service {s} (no longer listed)")) for s in services}


def return_table(data: Alliance, month: dt.date, borough: str) -> Table:
    """The month's return as shown and downloaded: NHS England's FFT return's columns."""
    ret = month_return(data, month)
    named = names(ret.services)
    rows = []
    for r, service in enumerate([*ret.services, ALL]):
        labels = ret.table.row_labels(r)  # the six answers, then the total
        if service == ALL:
            # The alliance is several organisations: its row has no one ODS code.
            first = [borough, "", ALL_LABEL]
        else:
            n = named[service]
            first = [n.organisation, n.ods_code, n.service]
        rows.append(
            [
                *first,
                *labels,
                percentage(data, fft_kpis.FFT_POSITIVE, ret, service),
                percentage(data, fft_kpis.FFT_NEGATIVE, ret, service),
            ]
        )
    caption = f"Friends and Family Test answers, {month_label(month)}: {borough}, by service"
    return Table(caption, RETURN_HEADER, rows)


@dataclass(frozen=True)
class MonthlyShares:
    """Percentage positive (or negative) by service, month by month, as the page shows it."""

    kpi: KPI
    months: list[dt.date]
    table: Table


def monthly_shares(data: Alliance, kpi: KPI) -> MonthlyShares:
    """A service a row (the borough first), a month a column: the last MONTHS_SHOWN complete months."""
    shown = months(data)[-MONTHS_SHOWN:]
    returns = [month_return(data, m) for m in shown]
    services = sorted({s for ret in returns for s in ret.services}, key=_service_order)
    named = names(services)
    rows = [[ALL_LABEL, *(percentage(data, kpi, ret, ALL) for ret in returns)]]
    for service in services:
        n = named[service]
        label = f"{n.service} ({n.organisation})" if n.organisation else n.service
        rows.append([label, *(percentage(data, kpi, ret, service) for ret in returns)])
    caption = f"{kpi.title}, by service"
    return MonthlyShares(kpi, shown, Table(caption, ["Service", *(month_label(m) for m in shown)], rows))
