"""The same KPI definitions give the same answers on DuckDB and on PostgreSQL over identical rows.

Runs where the suite runs on PostgreSQL (CI's second pass): the seeded borough is extracted, read by
DuckDB, loaded into PostgreSQL by `kpis.pg.load` inside the test's transaction, and every KPI's
rows are compared. The benchmark does the same at London scale.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from livingwell.analytics import extract
from livingwell.analytics.kpis import catalogue, engine, pg, store
from livingwell.analytics.tests.extract_data import Extract
from livingwell.demo import history

pytestmark = pytest.mark.django_db
TALKING_THERAPIES = {catalogue.RELIABLE_IMPROVEMENT.id, catalogue.RECOVERY.id}


@pytest.mark.clock
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares with PostgreSQL: runs on the PostgreSQL pass"
)
def test_duckdb_and_postgresql_agree_on_every_kpi(tmp_path):
    history.seed(months=15, seed_value=11, now=timezone.now(), scale=0.2)
    extract.extract(tmp_path / "E09000022", borough=extract.operational_borough(), secret=b"engines")
    # A second, hand-built borough with Talking Therapies outcomes, which the seeded one lacks.
    other = Extract()
    for phq, gad in (((15, 8), (10, 9)), ((12, 6), (9, 5)), ((5, 11), (7, 3)), ((15, 10), (8, 5))):
        other.talking_therapies(phq, gad)
    other.write(tmp_path, ons_code="E09000028")
    duck = store.open_store(tmp_path)
    on_duckdb = engine.run(duck)

    connection.ensure_connection()
    raw = connection.connection
    loaded = pg.load(duck, raw)
    assert loaded["introductions"] == len(
        duck.execute("SELECT introduction_key FROM introductions").fetchall()
    )
    with raw.cursor() as cursor:
        on_postgresql = engine.run(cursor)
        # The shared sets were temporary tables of this run, dropped at its end.
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'kpi\\_%'")
        assert cursor.fetchall() == [(0,)]
        cursor.execute("SET search_path TO public")

    assert on_duckdb.keys() == on_postgresql.keys() == {k.id for k in catalogue.KPIS}
    for kpi_id, rows in on_duckdb.items():
        assert rows, kpi_id  # every KPI has something to compare
        assert {r.ons_code for r in rows} == ({"E09000028"} if kpi_id in TALKING_THERAPIES else {"E09000022"})
        assert len(rows) == len(on_postgresql[kpi_id]), kpi_id
        for a, b in zip(rows, on_postgresql[kpi_id], strict=True):
            assert engine.agree(a, b), (kpi_id, a, b)
