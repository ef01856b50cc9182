import datetime as dt

from livingwell.lib.clocks import add_months, month_from_index, month_index, month_starts


def test_month_index_counts_consecutive_months_across_a_year_end():
    assert month_index(dt.date(2026, 1, 15)) == month_index(dt.date(2025, 12, 1)) + 1
    assert month_from_index(month_index(dt.date(2024, 2, 29))) == dt.date(2024, 2, 1)


def test_add_months_goes_back_and_forward_over_year_ends():
    assert add_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert add_months(dt.date(2026, 1, 31), -12) == dt.date(2025, 1, 1)
    assert add_months(dt.date(2025, 12, 1), 1) == dt.date(2026, 1, 1)


def test_month_starts_include_both_ends():
    assert month_starts(dt.date(2025, 11, 20), dt.date(2026, 1, 3)) == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
    ]
    assert month_starts(dt.date(2026, 2, 1), dt.date(2026, 1, 1)) == []
