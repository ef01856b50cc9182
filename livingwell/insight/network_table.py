"""The network page's table: how introductions to services are answered, taken up and ended, month by
month over the operational borough's extract, every figure a KPI of the one catalogue.

Each cell passes through the catalogue's own rules for small numbers (`results.is_hidden`: a count
of 1–4, or a share or median resting on fewer than 5, reads "hidden"). Only the network's headline
KPIs are shown, never their breakdowns by destination, reason or big outcome: those would sit beside
the hub dashboard's destinations, and the pair are not protected against each other yet
(docs/analytics.md, "Suppression"). Goals achieved are shown as the month's total of all big outcomes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from livingwell.analytics.kpis import network_kpis, results
from livingwell.analytics.kpis.catalogue import KPI
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.insight.alliance import Alliance
from livingwell.insight.dashboard import hub_months, month_label

MONTHS_SHOWN = 12
HEADLINE = tuple(k for k in network_kpis.NETWORK_KPIS if not k.breakdown)


@dataclass(frozen=True)
class NetworkRow:
    kpi: KPI
    title: str
    cells: list[str]


@dataclass(frozen=True)
class NetworkTable:
    months: list[str]
    rows: list[NetworkRow]


def _all_groups(rows: list[KPIRow]) -> list[KPIRow]:
    """A breakdown's rows summed over its groups, one 'All' row a month."""
    totals: dict[tuple[str, dt.date], float] = defaultdict(float)
    for row in rows:
        totals[(row.ons_code, row.month)] += row.numerator or 0.0
    return [KPIRow(ons, month, "All", total, None) for (ons, month), total in totals.items()]


def build(data: Alliance) -> NetworkTable:
    months = hub_months(data).months[-MONTHS_SHOWN:]
    wanted = (*HEADLINE, network_kpis.GOALS_ACHIEVED)
    found = data.hub_rows(wanted)
    ons = data.own.ons_code
    out = []
    for kpi in wanted:
        rows = found[kpi.id] if not kpi.breakdown else _all_groups(found[kpi.id])
        points = results.monthly(kpi, rows, ons, months)
        title = kpi.title if not kpi.breakdown else f"{kpi.title} (all big outcomes)"
        out.append(
            NetworkRow(kpi, title, [results.format_value(kpi, p.value, hidden=p.hidden) for p in points])
        )
    return NetworkTable([month_label(m) for m in months], out)
