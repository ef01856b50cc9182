"""The hub's KPIs and the board's agree wherever they count the same thing, and ranks are exact.

The hub dashboard breaks its measures into columns (sources, routes, urgencies) that the board's
headline KPIs count whole; both read one extract, so their totals must be equal month by month,
unsuppressed. A seeded borough gives them every kind of record to disagree on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.utils import timezone

from livingwell.analytics import extract
from livingwell.analytics.kpis import catalogue, engine, hub_kpis, store
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.analytics.tests.extract_data import Extract, at
from livingwell.demo import history
from livingwell.insight import alliance

pytestmark = pytest.mark.django_db


def totals(rows: list[KPIRow], grp: str | None = None) -> dict[dt.date, float]:
    found: dict[dt.date, float] = defaultdict(float)
    for r in rows:
        if grp is None or r.grp == grp:
            found[r.month] += r.numerator or 0.0
    return dict(found)


@pytest.mark.clock
def test_the_hubs_totals_are_the_boards_kpis(tmp_path):
    history.seed(months=15, seed_value=3, now=timezone.now(), scale=0.1)
    own = extract.operational_borough()
    extract.extract(tmp_path / own.ons_code, borough=own, secret=b"agreement")
    board = engine.run(store.open_store(tmp_path))
    hub = alliance.run_own(tmp_path, own.ons_code, hub_kpis.HUB_KPIS)

    def board_counts(kpi: catalogue.KPI) -> dict[dt.date, float]:
        return totals(board[kpi.id])

    for measure, kpi in (
        (hub_kpis.INTRODUCTIONS_BY_SOURCE, catalogue.INTRODUCTIONS),
        (hub_kpis.ONWARD_SPECIALIST, catalogue.ONWARD_SPECIALIST),
        (hub_kpis.CRISIS_INTRODUCTIONS, catalogue.CRISIS_INTRODUCTIONS),
        (hub_kpis.BEFORE_CRISIS, catalogue.BEFORE_CRISIS),
    ):
        expected = board_counts(kpi)
        assert len(expected) >= 3, kpi.id
        for breakdown in (None, *hub_kpis.BREAKDOWNS.values()):
            (hub_kpi,) = measure.kpis_for(breakdown)
            assert totals(hub[hub_kpi.id]) == expected, hub_kpi.id

    # Previously unknown: the board's share's numerator, and its denominator the checked people.
    shares = {r.month: (r.numerator, r.denominator) for r in board[catalogue.PREVIOUSLY_UNKNOWN.id]}
    by_record: dict[dt.date, dict[str, float]] = defaultdict(dict)
    for r in hub["hub-before-crisis-by-record"]:
        by_record[r.month][r.grp] = r.numerator or 0.0
    unknown = totals(hub["hub-previously-unknown"])
    for month, (numerator, denominator) in shares.items():
        assert unknown.get(month, 0) == numerator
        checked = by_record[month].get(hub_kpis.UNKNOWN, 0) + by_record[month].get(hub_kpis.KNOWN, 0)
        assert checked == denominator

    # Waits: the board's routine median, and its share within the standard over every urgency.
    medians = {r.month: (r.numerator, r.denominator) for r in hub["hub-first-contact-median-by-urgency"]
               if r.grp == "routine"}  # fmt: skip
    assert medians == {
        r.month: (r.numerator, r.denominator) for r in board[catalogue.TIME_TO_FIRST_CONTACT.id]
    }
    within: dict[dt.date, list[float]] = defaultdict(lambda: [0.0, 0])
    for r in hub["hub-first-contact-within-standard-by-urgency"]:
        within[r.month][0] += r.numerator or 0.0
        within[r.month][1] += r.denominator or 0
    assert {m: tuple(v) for m, v in within.items()} == {
        r.month: (r.numerator, r.denominator) for r in board[catalogue.WITHIN_STANDARD.id]
    }


def test_percentile_ranks_are_exact_where_floating_point_is_not(tmp_path):
    # 0.9 × 70 is 63.00000000000001 in floating point: its ceiling would be the 64th wait.
    x = Extract()
    for hours in range(1, 71):
        received = at(2025, 3, 3, 9)
        x.contact(x.introduction(x.person(), received), received + dt.timedelta(hours=hours))
    x.write(tmp_path)
    kpis = hub_kpis.TIME_TO_FIRST_CONTACT.kpis_for(None)
    rows = alliance.run_own(tmp_path, "E09000022", kpis)
    (median,) = rows[kpis[0].id]
    (p90,) = rows[kpis[1].id]
    assert (median.numerator, median.denominator) == (35.0, 70)
    assert (p90.numerator, p90.denominator) == (63.0, 70)
