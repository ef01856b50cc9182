"""Run the KPI catalogue's queries on DuckDB (the analytic store) or on PostgreSQL.

Both give back the same plain rows, sorted, so that their results can be compared as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from livingwell.analytics.kpis.catalogue import KPI, KPIS


@dataclass(frozen=True, order=True)
class KPIRow:
    """One KPI's numerator and denominator for a borough, month and group."""

    ons_code: str
    month: dt.date
    grp: str
    numerator: float
    denominator: int | None


class Cursor(Protocol):
    def execute(self, query: Any, params: Any = ..., /) -> Any: ...
    def fetchall(self) -> list[Any]: ...


def _row(record: Sequence[Any]) -> KPIRow:
    ons_code, month, grp, numerator, denominator = record
    if isinstance(month, dt.datetime):
        month = month.date()
    return KPIRow(
        str(ons_code),
        month,
        str(grp),
        float(numerator) if numerator is not None else 0.0,
        int(denominator) if denominator is not None else None,
    )


def run(cursor: Cursor, kpis: Iterable[KPI] = KPIS) -> dict[str, list[KPIRow]]:
    """Run each KPI's query on an open cursor; return its rows by KPI id, sorted.

    `cursor` is a DuckDB connection (or cursor) over `store.open_store`, or a psycopg cursor whose
    search path holds the tables `pg.load` wrote.
    """
    results = {}
    for kpi in kpis:
        cursor.execute(kpi.sql)
        results[kpi.id] = sorted(_row(r) for r in cursor.fetchall())
    return results
