"""The Friends and Family Test's KPIs: percentage positive and negative of all answers, by service.

NHS England publishes percentage positive as (Very good + Good) over all six answers, "Don't know"
included, and percentage negative as (Poor + Very poor) over the same total (fft_kpis.py).
"""

from __future__ import annotations

import pytest
from django.db import connection

from livingwell.analytics.kpis import engine, fft_kpis, pg, store
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.analytics.tests.extract_data import ONS_CODE, Extract, at
from livingwell.voice.models import FeedbackAnswer

APRIL, MAY = at(2025, 4, 1).date(), at(2025, 5, 1).date()


def test_the_answer_codes_are_the_voice_apps_in_nhs_englands_order():
    assert {a.value: a.label for a in FeedbackAnswer} == fft_kpis.ANSWERS
    assert list(fft_kpis.ANSWERS.values()) == [
        "Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know",
    ]  # fmt: skip


def an_extract() -> Extract:
    """Service 7: in April 3 Very good, 2 Good, 5 Don't know, 1 Poor (11); in May 1 Very poor.
    Service 9 in April: 4 Good. And one April answer whose service is not known (Neither).

    Two answers sit either side of London's midnight into May (23:00 UTC on 30 April in summer time).
    """
    x = Extract()
    for answer, n in ((1, 3), (2, 2), (6, 4), (4, 1)):
        for _ in range(n):
            x.feedback(7, answer, at(2025, 4, 12, 10))
    x.feedback(7, 6, at(2025, 4, 30, 22, 59))  # 23:59 in London: still April, the fifth Don't know
    x.feedback(7, 5, at(2025, 4, 30, 23))  # 00:00 on 1 May in London: May
    for _ in range(4):
        x.feedback(9, 2, at(2025, 4, 3))
    x.feedback(None, 3, at(2025, 4, 3))
    return x


def rows(tmp_path) -> dict[str, list[KPIRow]]:
    an_extract().write(tmp_path)
    con = store.open_store(tmp_path)
    try:
        return engine.run(con, fft_kpis.FFT_KPIS)
    finally:
        con.close()


def test_percentage_positive_counts_dont_know_in_the_total(tmp_path):
    found = rows(tmp_path)
    positive = {(r.month, r.grp): (r.numerator, r.denominator) for r in found["fft-positive"]}
    assert positive == {
        (APRIL, "7"): (5, 11),  # 3 Very good + 2 Good of 11, five of them Don't know
        (APRIL, "9"): (4, 4),
        (APRIL, "none"): (0, 1),
        (APRIL, "All"): (9, 16),
        (MAY, "7"): (0, 1),
        (MAY, "All"): (0, 1),
    }
    negative = {(r.month, r.grp): (r.numerator, r.denominator) for r in found["fft-negative"]}
    assert negative[(APRIL, "7")] == (1, 11)
    assert negative[(MAY, "7")] == (1, 1)  # Very poor, in London's May
    assert negative[(APRIL, "All")] == (1, 16)


def test_the_returns_counts_are_by_service_and_answer(tmp_path):
    answers = {(r.month, r.grp): r.numerator for r in rows(tmp_path)["fft-answers"]}
    assert answers == {
        (APRIL, "7|1"): 3, (APRIL, "7|2"): 2, (APRIL, "7|4"): 1, (APRIL, "7|6"): 5,
        (APRIL, "9|2"): 4, (APRIL, "none|3"): 1, (MAY, "7|5"): 1,
    }  # fmt: skip
    assert fft_kpis.split_answer_grp(fft_kpis.answer_grp("none", 6)) == ("none", 6)


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares with PostgreSQL: runs on the PostgreSQL pass"
)
def test_duckdb_and_postgresql_agree_on_the_fft_kpis(tmp_path):
    an_extract().write(tmp_path)
    duck = store.open_store(tmp_path)
    on_duckdb = engine.run(duck, fft_kpis.FFT_KPIS)
    connection.ensure_connection()
    raw = connection.connection
    loaded = pg.load(duck, raw)
    assert loaded["feedback"] == 17
    with raw.cursor() as cursor:
        on_postgresql = engine.run(cursor, fft_kpis.FFT_KPIS)
        cursor.execute("SET search_path TO public")
    assert on_duckdb.keys() == on_postgresql.keys() == {k.id for k in fft_kpis.FFT_KPIS}
    for kpi_id, found in on_duckdb.items():
        assert found, kpi_id
        assert {r.ons_code for r in found} == {ONS_CODE}
        assert found == on_postgresql[kpi_id], kpi_id
