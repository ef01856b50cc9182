"""Small-number suppression: primary (1–4 hidden) and secondary (no line gives a hidden cell back)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from livingwell.lib.suppression import THRESHOLD, SuppressedTable, display, suppress_counts, suppress_table


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


# No deadline: the first example imports scipy.optimize (over a second), which the audit loads only
# when first asked; speed is measured in the benchmarks, not here.
@settings(deadline=None)
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


# --- No hidden small count can be pinned down (hazard H-D1) -------------------------------------
def _another_value_fits(table: SuppressedTable, truth: list[list[int]], at: tuple[int, int]) -> bool:
    """Could the entry at `at` be other than it is, in a table a reader cannot tell from the true one?

    An exhaustive search, independent of the integer programme: every hidden entry takes a value
    its label allows (1-4 for "fewer than 5"; 0, or 5 up to a bound, for "hidden"), a line
    with one entry left open fixes it, and every line must add up.
    """
    grid = _grid(table)
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    # A reader who cannot see the grand total has no bound on a hidden entry; this one is wider
    # than the integer programme's (the grand total), which only makes the programme the stricter.
    big = 2 * truth[-1][-1] + THRESHOLD

    def domain(p: tuple[int, int]) -> list[int]:
        if table.withheld:
            return list(range(big + 1))  # a withheld table's "hidden" may be anything
        if p in table.protecting:
            return [0, *range(THRESHOLD, big + 1)]
        return list(range(1, THRESHOLD))

    lines = [[(r, c) for c in range(cols + 1)] for r in range(rows + 1)]
    lines += [[(r, c) for r in range(rows + 1)] for c in range(cols + 1)]
    hidden = [(r, c) for r in range(rows + 1) for c in range(cols + 1) if grid[r][c] is None]
    allowed = {p: set(domain(p)) for p in hidden}

    def signed(line: list[tuple[int, int]], p: tuple[int, int]) -> int:
        return -1 if p == line[-1] else 1  # the cells less their total make zero

    def search(values: dict[tuple[int, int], int]) -> bool:
        values = dict(values)
        while True:  # fill every line with one open entry
            progress = False
            for line in lines:
                open_ = [p for p in line if p not in values]
                if len(open_) > 1:
                    continue
                rest = sum(signed(line, p) * values[p] for p in line if p in values)
                if not open_:
                    if rest != 0:
                        return False
                    continue
                p = open_[0]
                v = -rest * signed(line, p)
                if v not in allowed[p]:
                    return False
                values[p] = v
                progress = True
            if not progress:
                break
        open_ = [p for p in hidden if p not in values]
        if not open_:
            return True
        p = open_[0]
        return any(search({**values, p: v}) for v in domain(p))

    shown = {(r, c): v for r, row in enumerate(grid) for c, v in enumerate(row) if v is not None}
    return any(search({**shown, at: v}) for v in domain(at) if v != truth[at[0]][at[1]])


def test_two_small_counts_whose_sum_the_totals_give_as_two_are_protected_further():
    # Row 0 is 1 + 1 + 10 = 12: hiding the two 1s and one cell under each (rule 1 alone) leaves
    # their sum as 12 - 10 = 2, so each is 1. More must be hidden.
    cells = [[1, 1, 10], [10, 10, 10]]
    table = suppress_table(cells)
    truth = _true_grid(cells)
    assert _another_value_fits(table, truth, (0, 0))
    assert _another_value_fits(table, truth, (0, 1))


def test_the_search_finds_a_count_rule_one_alone_gives_away():
    # The check itself can fail: hiding only the 1s and the 10s under them (rule 1's answer) pins both.
    cells = [[1, 1, 10], [10, 10, 10]]
    rule_one_only = SuppressedTable(
        cells=[[None, None, 10], [None, None, 10]],
        row_totals=[12, 30],
        column_totals=[11, 11, 20],
        total=42,
        protecting=frozenset({(1, 0), (1, 1)}),
    )
    assert not _another_value_fits(rule_one_only, _true_grid(cells), (0, 0))


def test_a_small_count_already_safe_costs_nothing_more():
    # The other side of the boundary: 1 + 2 in a row of 3 hidden under 10s is not pinned (1 or 2).
    table = suppress_table([[1, 2, 10], [10, 10, 10]])
    assert table.cells[0][2] == 10
    assert table.cells[1][2] == 10


tiny_tables = st.integers(min_value=2, max_value=3).flatmap(
    lambda cols: st.lists(
        st.lists(st.integers(min_value=0, max_value=7), min_size=cols, max_size=cols), min_size=2, max_size=2
    )
)


@settings(deadline=None, max_examples=300)
@given(tiny_tables)
@example([[0, 0], [1, 5]])  # CI's case: a "hidden" bounded by the grand total had looked pinned
def test_no_hidden_small_count_can_be_worked_out(cells):
    table = suppress_table(cells)
    truth = _true_grid(cells)
    for r, row in enumerate(truth):
        for c, value in enumerate(row):
            if 0 < value < 5:
                assert _another_value_fits(table, truth, (r, c)), (r, c)


@settings(deadline=None)
@given(small_tables)
def test_only_a_small_count_reads_fewer_than_five(cells):
    table = suppress_table(cells)
    truth = _true_grid(cells)
    for r, row in enumerate(truth):
        for c, value in enumerate(row):
            text = table.label(r, c)
            if text == "fewer than 5":
                assert 0 < value < 5
            elif text == "hidden":
                assert value == 0 or value >= 5 or table.withheld
            else:
                assert text == f"{value:,}"


def test_published_margins_are_kept_as_they_are_shown_elsewhere():
    # The month totals shown on the measure's own page (12 shown, 3 hidden) are fixed here.
    table = suppress_table([[6, 6], [1, 2]], row_totals=[12, None], total=None)
    assert table.row_totals == [12, None]
    assert table.total is None
    for line in _lines(_grid(table)):
        assert sum(v is None for v in line) != 1
    with pytest.raises(ValueError, match="does not match"):
        suppress_table([[6, 6]], row_totals=[13])
    with pytest.raises(ValueError, match="does not match"):
        suppress_table([[1, 2]], row_totals=[3])  # a small total cannot be shown


def test_a_table_that_cannot_be_protected_is_withheld():
    # Four 1s: the total reads "fewer than 5", so were each cell to read so, each would be 1.
    table = suppress_table([[1, 1], [1, 1]])
    assert table.withheld
    assert {table.label(r, c) for r in range(3) for c in range(3)} == {"hidden"}
    # The other side: one small count among large ones is protected without withholding.
    assert not suppress_table([[1, 10], [10, 10]]).withheld


def test_it_labels_a_protecting_entry_hidden():
    table = suppress_table([[3, 20, 30], [40, 50, 60]])
    assert table.label(0, 0) == "fewer than 5"
    assert table.label(0, 1) == "hidden"
    assert display(None, protecting=True) == "hidden"
