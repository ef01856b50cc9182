"""The hub dashboard's KPIs give the same answers on DuckDB and on PostgreSQL over identical rows.

Runs where the suite runs on PostgreSQL (CI's second pass), as `analytics/tests/test_kpi_engines.py`
does for the board's KPIs: a seeded borough is extracted, read by DuckDB as the hub pages read it
(`alliance.run_own`), loaded into PostgreSQL by `kpis.pg.load`, and every hub KPI's rows compared.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from livingwell.analytics import extract
from livingwell.analytics.kpis import engine, hub_kpis, pg, store
from livingwell.demo import history
from livingwell.insight import alliance

pytestmark = pytest.mark.django_db


@pytest.mark.clock
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares with PostgreSQL: runs on the PostgreSQL pass"
)
def test_duckdb_and_postgresql_agree_on_every_hub_kpi(tmp_path):
    history.seed(months=15, seed_value=11, now=timezone.now(), scale=0.2)
    own = extract.operational_borough()
    extract.extract(tmp_path / own.ons_code, borough=own, secret=b"hub engines")
    on_duckdb = alliance.run_own(tmp_path, own.ons_code, hub_kpis.HUB_KPIS)

    connection.ensure_connection()
    raw = connection.connection
    pg.load(store.open_store(tmp_path), raw)
    with raw.cursor() as cursor:
        on_postgresql = engine.run(cursor, hub_kpis.HUB_KPIS)
        cursor.execute("SET search_path TO public")

    assert on_duckdb.keys() == on_postgresql.keys() == {k.id for k in hub_kpis.HUB_KPIS}
    for kpi_id, rows in on_duckdb.items():
        assert rows, kpi_id  # every KPI has something to compare
        assert len(rows) == len(on_postgresql[kpi_id]), kpi_id
        for a, b in zip(rows, on_postgresql[kpi_id], strict=True):
            assert engine.agree(a, b), (kpi_id, a, b)
