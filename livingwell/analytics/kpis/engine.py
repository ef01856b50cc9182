"""Run the KPI catalogue's queries on DuckDB (the analytic store) or on PostgreSQL.

Both give back the same plain rows, sorted, so that their results can be compared as they are.
The rows several KPIs share (`catalogue.SHARED`) are made once per run, before the KPIs that read
them, as temporary tables of the connection, and dropped after: the same SQL on either engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import time
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from livingwell.analytics.kpis.catalogue import KPI, KPIS, SHARED, Shared


@dataclass(frozen=True, order=True)
class KPIRow:
    """One KPI's numerator and denominator for a borough, month and group."""

    ons_code: str
    month: dt.date
    grp: str
    numerator: float | None  # None only for a quantile not reached (`catalogue.km_quantile`)
    denominator: int | None


def agree(a: KPIRow, b: KPIRow, *, rel_tol: float = 1e-9) -> bool:
    """Say whether two engines' rows agree: the same borough, month, group and denominator, and
    numerators equal to `rel_tol` (medians are hours as floating point, and the engines may differ
    in the last bits), or both None (a quantile that neither reached).
    """
    if (a.ons_code, a.month, a.grp, a.denominator) != (b.ons_code, b.month, b.grp, b.denominator):
        return False
    if a.numerator is None or b.numerator is None:
        return a.numerator is b.numerator
    return math.isclose(a.numerator, b.numerator, rel_tol=rel_tol, abs_tol=1e-9)


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
        float(numerator) if numerator is not None else None,
        int(denominator) if denominator is not None else None,
    )


def _names(shared: Shared, sql: str) -> bool:
    return re.search(rf"\b{shared.name}\b", sql) is not None


def shared_sets(kpis: Iterable[KPI]) -> list[Shared]:
    """Return the shared sets that `kpis` read, and those the sets read in turn, in making order."""
    texts = [kpi.sql for kpi in kpis]
    needed = []
    # SHARED lists each set after those it reads, so one pass from its end finds them all.
    for shared in reversed(SHARED):
        if any(_names(shared, sql) for sql in texts):
            needed.append(shared)
            texts.append(shared.sql)
    return needed[::-1]


def run(
    cursor: Cursor, kpis: Iterable[KPI] = KPIS, *, timings: MutableMapping[str, float] | None = None
) -> dict[str, list[KPIRow]]:
    """Run each KPI's query on an open cursor; return its rows by KPI id, sorted.

    `cursor` is a DuckDB connection (or cursor) over `store.open_store`, or a psycopg cursor whose
    search path holds the tables `pg.load` wrote. The shared sets the KPIs read are made first, as
    temporary tables named `kpi_…` (so one cursor runs one set of KPIs at a time), and dropped
    after. `timings`, when given, receives the seconds each shared set and each KPI took.
    """
    kpis = tuple(kpis)
    made: list[str] = []
    try:
        for shared in shared_sets(kpis):
            started = time.perf_counter()
            cursor.execute(f"CREATE TEMPORARY TABLE {shared.name} AS {shared.sql}")
            made.append(shared.name)
            # PostgreSQL has no statistics on a new table until it is analysed (autovacuum never
            # analyses temporary ones), and would plan the KPIs over it blind; DuckDB keeps its own.
            cursor.execute(f"ANALYZE {shared.name}")
            if timings is not None:
                timings[shared.name] = time.perf_counter() - started
        results = {}
        for kpi in kpis:
            started = time.perf_counter()
            cursor.execute(kpi.sql)
            results[kpi.id] = sorted(_row(r) for r in cursor.fetchall())
            if timings is not None:
                timings[kpi.id] = time.perf_counter() - started
    except BaseException:
        # A failed PostgreSQL transaction refuses the drops until rolled back, and the rollback
        # removes the tables it made; the error that got here is the one to report.
        for name in made:
            with contextlib.suppress(Exception):
                cursor.execute(f"DROP TABLE {name}")
        raise
    for name in made:
        cursor.execute(f"DROP TABLE {name}")
    return results
