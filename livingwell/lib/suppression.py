"""Small-number suppression for every aggregate a commissioner or analyst sees.

Primary suppression hides any count from 1 to 4 (under 5); it reads "fewer than 5". Zero is shown:
it describes no one, and hiding it would force needless secondary suppression. Secondary
suppression then hides more entries, which read "hidden" (they may be any number, so "fewer than 5"
would be false of most of them), until no small count can be worked out from what is shown.

The table is extended with its row totals, column totals and grand total, so that the same rules
protect the margins. Two rules, applied until neither hides anything more:

1. No row or column (margins included) has exactly one hidden entry: the total minus the others
   would give it back.
2. No hidden small count can be pinned to one value by someone who knows everything a reader
   knows: every line adds up, a "fewer than 5" is from 1 to 4, and a "hidden" is 0 or 5 and over
   (it is never 1 to 4, or it would read "fewer than 5"). Rule 1 alone is not enough: two hidden
   small counts in a row whose total gives their sum as 2 are both 1. The check is an integer
   programme per small count (its least and greatest possible value, `scipy.optimize.milp`, HiGHS),
   the audit statistical offices run on suppressed tables (Hundepool et al., *Statistical
   Disclosure Control*, Wiley 2012, §4.2: a cell is protected when its feasibility interval is not
   a single value).

When everything that may be hidden is hidden and a small count is still given away (a table of
four 1s: its total reads "fewer than 5", so each cell is 1), the table is withheld: every hidden
entry then reads "hidden", small counts included, and says nothing of its size.

A table whose margins are published elsewhere (the month totals of a measure shown on its own page
beside each breakdown; a service's totals above its breakdowns) is suppressed with those margins
fixed, shown or hidden as they are there, so that one page cannot be subtracted from another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import EllipsisType

import numpy as np

THRESHOLD = 5
SMALL_LABEL = "fewer than 5"
PROTECTING_LABEL = "hidden"

Position = tuple[int, int]  # (row, column) in the table extended with its margins


@dataclass(frozen=True)
class SuppressedTable:
    """Counts with hidden entries as None; totals likewise.

    `protecting` holds the positions (in the extended table: row `rows` is the column totals, column
    `columns` the row totals) hidden only to protect a small count; `label` writes any entry.
    """

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    protecting: frozenset[Position] = field(default=frozenset())
    withheld: bool = False  # nothing more could be hidden: every hidden entry reads "hidden"

    @property
    def hidden(self) -> int:
        """Count the hidden entries, margins included."""
        entries = [c for row in self.cells for c in row] + self.row_totals + self.column_totals + [self.total]
        return sum(1 for c in entries if c is None)

    def value(self, r: int, c: int) -> int | None:
        """Return the entry at (r, c) of the extended table (None when hidden)."""
        rows, cols = len(self.row_totals), len(self.column_totals)
        if r == rows:
            return self.total if c == cols else self.column_totals[c]
        return self.row_totals[r] if c == cols else self.cells[r][c]

    def label(self, r: int, c: int) -> str:
        """Write the entry at (r, c) of the extended table as every page and download shows it."""
        return display(self.value(r, c), protecting=self.withheld or (r, c) in self.protecting)

    def row_labels(self, r: int) -> list[str]:
        """Write row r's cells then its total (r = the number of rows: the column totals)."""
        return [self.label(r, c) for c in range(len(self.column_totals) + 1)]


def _small(value: int) -> bool:
    return 0 < value < THRESHOLD


class _Grid:
    """The extended table and which entries are hidden, locked (published shown) or protecting."""

    def __init__(self, cells: Sequence[Sequence[int]]) -> None:
        self.rows = len(cells)
        self.cols = len(cells[0]) if self.rows else 0
        values = [[*list(row), sum(row)] for row in cells]
        values.append([sum(values[r][c] for r in range(self.rows)) for c in range(self.cols + 1)])
        self.values = values
        self.hidden = {
            (r, c) for r in range(self.rows + 1) for c in range(self.cols + 1) if _small(values[r][c])
        }
        self.locked: set[Position] = set()
        # Small counts shown safe. Hiding more only widens what a reader cannot rule out (the true
        # table stays possible), so a count once safe stays safe.
        self.safe: set[Position] = set()

    def lines(self) -> list[list[Position]]:
        """Every row and column of the extended table; the last entry of each is its total."""
        horizontal = [[(r, c) for c in range(self.cols + 1)] for r in range(self.rows + 1)]
        vertical = [[(r, c) for r in range(self.rows + 1)] for c in range(self.cols + 1)]
        return horizontal + vertical

    def margin(self, p: Position) -> bool:
        return p[0] == self.rows or p[1] == self.cols

    def hide_one_of(self, candidates: Iterable[Position]) -> bool:
        """Hide the best of the candidates not hidden or locked; False when there is none."""
        free = [p for p in candidates if p not in self.hidden and p not in self.locked]
        if not free:
            return False
        # A cell before a total, a non-zero before a zero (a hidden zero hides nothing), then the
        # smallest: the least information lost for the protection gained.
        v = self.values
        self.hidden.add(min(free, key=lambda p: (self.margin(p), v[p[0]][p[1]] == 0, v[p[0]][p[1]], p)))
        return True


def _rule_one(grid: _Grid) -> bool:
    """Hide until no line has exactly one hidden entry; say whether anything was hidden."""
    changed = any_change = False
    while True:
        changed = False
        for line in grid.lines():
            if sum(p in grid.hidden for p in line) == 1 and grid.hide_one_of(line):
                changed = any_change = True
        if not changed:
            return any_change


def _possible(grid: _Grid, p: Position, value: int) -> bool:
    """Could the entry at p read as it does and be `value`?"""
    if _small(grid.values[p[0]][p[1]]):
        return _small(value)
    return value == 0 or value >= THRESHOLD


def _moves(grid: _Grid, p: Position) -> bool:
    """Find another table a reader cannot tell from the true one, by changing four hidden entries.

    Adding d at p and at the opposite corner of a rectangle of hidden entries, and taking it from
    the other two, leaves every line's sum alone (with the sign flipped for a total, which is
    subtracted in its line). Most small counts are shown safe this way at once; the integer
    programme decides the rest.
    """
    r, c = p
    v = grid.values

    def sign(i: int, j: int) -> int:
        return (-1 if i == grid.rows else 1) * (-1 if j == grid.cols else 1)

    across = [j for j in range(grid.cols + 1) if j != c and (r, j) in grid.hidden]
    down = [i for i in range(grid.rows + 1) if i != r and (i, c) in grid.hidden]
    for j in across:
        for i in down:
            if (i, j) not in grid.hidden:
                continue
            corners = [((r, c), 1), ((r, j), -1), ((i, j), 1), ((i, c), -1)]
            for d in (1, -1, 2, -2, 3, -3):
                if all(_possible(grid, q, v[q[0]][q[1]] + d * e * sign(*q)) for q, e in corners):
                    return True
    return False


def _pinned(grid: _Grid) -> Position | None:
    """Return a hidden small count whose value what is shown gives away, or None."""
    hidden = sorted(grid.hidden)
    for p in hidden:
        if p not in grid.safe and _small(grid.values[p[0]][p[1]]) and _moves(grid, p):
            grid.safe.add(p)
    small = [p for p in hidden if _small(grid.values[p[0]][p[1]]) and p not in grid.safe]
    if not small:
        return None
    index = {p: i for i, p in enumerate(hidden)}
    protecting = [p for p in hidden if not _small(grid.values[p[0]][p[1]])]
    n, k = len(hidden), len(protecting)
    big = grid.values[grid.rows][grid.cols]  # no entry exceeds the grand total
    rows: list[list[float]] = []
    lower: list[float] = []
    upper: list[float] = []
    for line in grid.lines():
        if not any(p in index for p in line):
            continue
        coefficients = [0.0] * (n + k)
        known = 0
        for j, p in enumerate(line):
            sign = -1 if j == len(line) - 1 else 1  # the cells less their total make zero
            if p in index:
                coefficients[index[p]] = sign
            else:
                known += sign * grid.values[p[0]][p[1]]
        rows.append(coefficients)
        lower.append(-known)
        upper.append(-known)
    # A "hidden" entry x is 0 or at least 5: with a switch b in {0, 1}, 5b <= x <= big * b.
    for j, p in enumerate(protecting):
        switch = n + j
        at_least = [0.0] * (n + k)
        at_least[index[p]], at_least[switch] = 1, -THRESHOLD
        at_most = [0.0] * (n + k)
        at_most[index[p]], at_most[switch] = 1, -big
        rows += [at_least, at_most]
        lower += [0, -np.inf]
        upper += [np.inf, 0]
    # Imported here: scipy.optimize takes over a second to import, which every process that loads
    # Django would otherwise pay before any table is audited.
    from scipy.optimize import Bounds, LinearConstraint, milp

    constraints = LinearConstraint(np.array(rows), np.array(lower), np.array(upper))
    low = [1 if _small(grid.values[p[0]][p[1]]) else 0 for p in hidden] + [0] * k
    high = [THRESHOLD - 1 if _small(grid.values[p[0]][p[1]]) else big for p in hidden] + [1] * k
    bounds = Bounds(np.array(low, dtype=float), np.array(high, dtype=float))
    integrality = np.ones(n + k)
    for p in small:
        truth = grid.values[p[0]][p[1]]
        # The true table is feasible; the count is safe once some other value is too.
        for direction in (1.0, -1.0):
            objective = np.zeros(n + k)
            objective[index[p]] = direction  # milp minimises: +1 finds the least, -1 the greatest
            result = milp(objective, constraints=constraints, bounds=bounds, integrality=integrality)
            if result.status == 0 and round(result.x[index[p]]) != truth:
                grid.safe.add(p)
                break
        else:
            return p
    return None


def suppress_table(
    cells: Sequence[Sequence[int]],
    *,
    row_totals: Sequence[int | None] | None = None,
    column_totals: Sequence[int | None] | None = None,
    total: int | EllipsisType | None = ...,
) -> SuppressedTable:
    """Suppress a two-way table of counts and its totals.

    `row_totals`, `column_totals` and `total` fix margins already published elsewhere: a value where
    it is shown there, None where it is hidden (the default, `...`, leaves a margin free).
    """
    rows = len(cells)
    cols = len(cells[0]) if rows else 0
    if any(len(row) != cols for row in cells):
        raise ValueError("every row of the table must have the same number of cells")
    if any(value < 0 for row in cells for value in row):
        raise ValueError("counts cannot be negative")
    grid = _Grid(cells)
    fixed: list[tuple[Position, int | None]] = []
    if row_totals is not None:
        fixed += [((r, cols), v) for r, v in enumerate(row_totals)]
    if column_totals is not None:
        fixed += [((rows, c), v) for c, v in enumerate(column_totals)]
    if total is not ...:
        fixed.append(((rows, cols), total))
    for p, published in fixed:
        if published is None:
            grid.hidden.add(p)
        elif published != grid.values[p[0]][p[1]] or p in grid.hidden:
            raise ValueError(f"the published margin {published} does not match this table")
        else:
            grid.locked.add(p)
    withheld = False
    while True:
        _rule_one(grid)
        pinned = _pinned(grid)
        if pinned is None:
            break
        # Hide one more entry in the small count's row or column; failing that, anywhere.
        r, c = pinned
        row = [(r, j) for j in range(cols + 1)]
        column = [(i, c) for i in range(rows + 1)]
        everywhere = [(i, j) for i in range(rows + 1) for j in range(cols + 1)]
        if not (grid.hide_one_of(row + column) or grid.hide_one_of(everywhere)):
            withheld = True  # everything not published elsewhere is hidden already
            break

    def shown(r: int, c: int) -> int | None:
        return None if (r, c) in grid.hidden else grid.values[r][c]

    return SuppressedTable(
        cells=[[shown(r, c) for c in range(cols)] for r in range(rows)],
        row_totals=[shown(r, cols) for r in range(rows)],
        column_totals=[shown(rows, c) for c in range(cols)],
        total=shown(rows, cols),
        protecting=frozenset(p for p in grid.hidden if not _small(grid.values[p[0]][p[1]])),
        withheld=withheld,
    )


def suppress_list(
    counts: Sequence[int],
    *,
    column_totals: Sequence[int | None] | None = None,
    total: int | EllipsisType | None = ...,
) -> SuppressedTable:
    """Suppress a one-way list of counts and its total, as a table of one column.

    Each count is also its own row's total, (i, 1); the list's total is (n, 0) and (n, 1).
    """
    if not counts:
        return SuppressedTable([], [], [], 0)
    return suppress_table([[c] for c in counts], column_totals=column_totals, total=total)


def suppress_counts(counts: Sequence[int]) -> tuple[list[int | None], int | None]:
    """Suppress a one-way list of counts and its total (the values only; `suppress_list` labels them)."""
    table = suppress_list(counts)
    return [row[0] for row in table.cells], table.total


def display(value: int | None, *, protecting: bool = False) -> str:
    """Show a possibly hidden count the way every page and download shows it."""
    if value is None:
        return PROTECTING_LABEL if protecting else SMALL_LABEL
    return f"{value:,}"
