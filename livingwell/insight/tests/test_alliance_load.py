"""Reading the extracts for the alliance pages: complete months, the hub's opening, and the cache."""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.analytics.kpis import engine, store
from livingwell.analytics.tests.extract_data import at
from livingwell.insight import alliance
from livingwell.insight.tests import alliance_data
from livingwell.insight.tests.alliance_data import OWN, SOUTHWARK
from livingwell.lib.clocks import month_starts


@pytest.fixture
def root(settings, tmp_path):
    settings.EXTRACT_DIR = tmp_path
    settings.BOROUGH_ONS_CODE = OWN
    return tmp_path


def one_borough(root, extracted_at, *, code=OWN, first=dt.date(2024, 1, 1), count=12, hub_opened=None):
    ms = month_starts(first, (first + dt.timedelta(days=31 * (count - 1))).replace(day=1))
    x = alliance_data.borough(list(ms), (10,) * len(ms), (6,) * len(ms))
    alliance_data.write(root, code, code, x, extracted_at=extracted_at, hub_opened=hub_opened)


@pytest.mark.parametrize(
    ("extracted_at", "last"),
    [
        (at(2024, 7, 31, 22, 30), dt.date(2024, 6, 1)),  # 23:30 BST on 31 July: July is not over
        (at(2024, 7, 31, 23, 30), dt.date(2024, 7, 1)),  # 00:30 BST on 1 August: July is complete
        (at(2025, 1, 3), dt.date(2024, 12, 1)),
    ],
)
def test_the_months_run_from_the_first_with_data_to_the_last_complete_one(root, extracted_at, last):
    one_borough(root, extracted_at, first=dt.date(2024, 2, 1), count=12)
    months = alliance.load().own.months
    assert months[0] == dt.date(2024, 2, 1)
    assert months[-1] == last
    assert len(months) == (last.year - 2024) * 12 + last.month - 1


def test_the_latest_batch_sets_the_last_month(root):
    one_borough(root, at(2024, 6, 2))
    x = alliance_data.borough([dt.date(2024, 6, 1)], (10,), (6,))
    alliance_data.write(root, OWN, OWN, x, extracted_at=at(2024, 9, 2))
    assert alliance.load().own.months[-1] == dt.date(2024, 8, 1)


def test_the_hub_opening_is_read_from_the_manifest(root):
    one_borough(root, at(2025, 1, 3), hub_opened=dt.date(2024, 5, 1))
    one_borough(root, at(2025, 1, 3), code=SOUTHWARK)
    data = alliance.load()
    assert data.own.hub_opened == dt.date(2024, 5, 1)
    assert data.boroughs[SOUTHWARK].hub_opened is None
    assert data.own.total_adults == 262_000


def test_common_months_are_those_every_borough_has(root):
    one_borough(root, at(2025, 1, 3), first=dt.date(2024, 1, 1), count=12)
    one_borough(root, at(2024, 11, 3), code=SOUTHWARK, first=dt.date(2024, 3, 1), count=8)
    data = alliance.load()
    assert data.common_months() == list(month_starts(dt.date(2024, 3, 1), dt.date(2024, 10, 1)))
    assert data.common_months(until=dt.date(2024, 5, 1))[-1] == dt.date(2024, 5, 1)


def test_a_borough_with_no_complete_month_is_left_out_of_the_common_months(root):
    one_borough(root, at(2025, 1, 3), first=dt.date(2024, 1, 1), count=12)
    one_borough(root, at(2024, 11, 3), code=SOUTHWARK, first=dt.date(2024, 3, 1), count=8)
    one_borough(root, at(2025, 1, 20), code="E09000007", first=dt.date(2025, 1, 1), count=1)
    data = alliance.load()
    assert data.boroughs["E09000007"].months == ()
    assert data.common_months() == month_starts(dt.date(2024, 3, 1), dt.date(2024, 10, 1))


def test_no_borough_with_a_complete_month_leaves_no_common_month(root):
    one_borough(root, at(2025, 1, 20), first=dt.date(2025, 1, 1), count=1)
    assert alliance.load().common_months() == []


def test_the_extracts_are_read_as_views_not_held_in_memory(root, monkeypatch):
    asked = []
    real_open = store.open_store

    def spied(path, **kwargs):
        asked.append(kwargs)
        return real_open(path, **kwargs)

    monkeypatch.setattr(store, "open_store", spied)
    one_borough(root, at(2025, 1, 3))
    alliance.load()
    assert asked == [{"materialise": False}]


def test_no_extract_and_no_own_extract_say_so(root):
    with pytest.raises(alliance.NoExtract, match="run `livingwell extract`"):
        alliance.load()
    one_borough(root, at(2025, 1, 3), code=SOUTHWARK)
    data = alliance.load()
    with pytest.raises(alliance.NoExtract, match=f"No analytic extract yet for .* \\({OWN}\\)"):
        data.own  # noqa: B018


def test_the_kpis_run_once_until_a_manifest_changes(root, monkeypatch):
    runs = []
    real_run = engine.run

    def counted(cursor, *args):
        runs.append(1)
        return real_run(cursor, *args)

    monkeypatch.setattr(engine, "run", counted)
    one_borough(root, at(2025, 1, 3))
    first = alliance.load()
    assert alliance.load() is first
    assert len(runs) == 1
    # A new batch replaces the manifest: the next page load reads the extracts again.
    store.write_batch(root / OWN, {}, manifest=store.read_manifest(root / OWN), extracted_at=at(2025, 2, 3))
    second = alliance.load()
    assert len(runs) == 2
    assert second is not first
    assert second.own.months[-1] == dt.date(2025, 1, 1)
    # Another borough's extract arriving counts too.
    one_borough(root, at(2025, 1, 3), code=SOUTHWARK)
    assert SOUTHWARK in alliance.load().boroughs
    assert len(runs) == 3
