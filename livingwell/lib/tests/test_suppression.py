"""Small-number suppression: primary (1–4 hidden) and secondary (no line gives a hidden cell back)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livingwell.lib.suppression import SuppressedTable, display, suppress_counts, suppress_table


def _grid(table: SuppressedTable) -> list[list[int | None]]:
    """The shown table with its margins: cells + row totals, then column totals + grand total."""
    rows = [[*cells, total] for cells, total in zip(table.cells, table.row_totals, strict=True)]
    return [*rows, [*table.column_totals, table.total]]


def _lines(grid: list[list[int | None]]) -> list[list[int | None]]:
    return [list(row) for row in grid] + [list(column) for column in zip(*grid, strict=True)]


def _true_grid(cells: list[list[int]]) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in cells]
    return [*rows, [sum(column) for column in zip(*rows, strict=True)]]


@pytest.mark.parametrize("value", [1, 2, 3, 4])
def test_it_hides_counts_from_one_to_four(value):
    table = suppress_table([[value, 10], [10, 10]])
    assert table.cells[0][0] is None


def test_it_shows_zero_and_five():
    table = suppress_table([[0, 5], [5, 0]])
    assert table.cells == [[0, 5], [5, 0]]
    assert table.row_totals == [5, 5]
    assert table.column_totals == [5, 5]
    assert table.total == 10
    assert table.hidden == 0


def test_it_hides_a_second_cell_in_the_row_and_column_of_a_hidden_one():
    table = suppress_table([[3, 20, 30], [40, 50, 60]])
    assert table.cells[0][0] is None
    assert table.cells[0][1] is None  # the smallest other cell in the row
    assert table.cells[1][0] is None  # the smallest other cell in the column
    for line in _lines(_grid(table)):
        assert sum(v is None for v in line) != 1


def test_it_protects_a_small_total_too():
    # The column total 0 + 3 = 3 is itself a small count, hidden like a cell would be.
    table = suppress_table([[0, 10], [3, 10]])
    assert table.column_totals[0] is None
    for line in _lines(_grid(table)):
        assert sum(v is None for v in line) != 1


def test_it_refuses_ragged_or_negative_tables():
    with pytest.raises(ValueError, match="same number"):
        suppress_table([[1, 2], [3]])
    with pytest.raises(ValueError, match="negative"):
        suppress_table([[-1, 2]])


def test_it_suppresses_a_list_and_its_total():
    shown, total = suppress_counts([10, 3, 12])
    assert shown[1] is None
    assert sum(v is None for v in [*shown, total]) >= 2
    assert suppress_counts([]) == ([], 0)
    assert suppress_counts([0, 6, 7]) == ([0, 6, 7], 13)


@pytest.mark.parametrize(("value", "text"), [(None, "fewer than 5"), (0, "0"), (5, "5"), (12345, "12,345")])
def test_it_displays_counts(value, text):
    assert display(value) == text


small_tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda cols: st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=cols, max_size=cols), min_size=1, max_size=4
    )
)


@given(small_tables)
def test_it_leaves_no_line_with_exactly_one_hidden_entry(cells):
    table = suppress_table(cells)
    truth = _true_grid(cells)
    shown = _grid(table)
    for line in _lines(shown):
        assert sum(v is None for v in line) != 1
    for true_row, shown_row in zip(truth, shown, strict=True):
        for true_value, value in zip(true_row, shown_row, strict=True):
            if 0 < true_value < 5:
                assert value is None  # primary suppression, margins included
            if value is not None:
                assert value == true_value  # what is shown is the truth
