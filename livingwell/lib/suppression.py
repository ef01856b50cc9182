"""Small-number suppression for every aggregate a commissioner or analyst sees.

Primary suppression hides any count from 1 to 4 (under 5). Zero is shown: it describes no one,
and hiding it would force needless secondary suppression. Secondary suppression then hides more
cells until no row or column of the table, *margins included*, has exactly one hidden entry — with
one hidden entry in a line the total minus the others would give it back. The table is extended
with its row totals, column totals and grand total, so that the same rule protects the margins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5


@dataclass(frozen=True)
class SuppressedTable:
    """Counts with hidden cells as None; totals likewise."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    @property
    def hidden(self) -> int:
        """Count the hidden entries, margins included."""
        entries = [c for row in self.cells for c in row] + self.row_totals + self.column_totals + [self.total]
        return sum(1 for c in entries if c is None)


def _primary(value: int) -> bool:
    return 0 < value < THRESHOLD


def suppress_table(cells: Sequence[Sequence[int]]) -> SuppressedTable:
    """Suppress a two-way table of counts and its totals."""
    rows = len(cells)
    cols = len(cells[0]) if rows else 0
    if any(len(row) != cols for row in cells):
        raise ValueError("every row of the table must have the same number of cells")
    if any(value < 0 for row in cells for value in row):
        raise ValueError("counts cannot be negative")
    # The extended grid: cells, then each row's total in the last column, then the column totals
    # (and grand total) in the last row. Every line of it adds up, so every line is a disclosure.
    grid = [[*list(row), sum(row)] for row in cells]
    grid.append([sum(grid[r][c] for r in range(rows)) for c in range(cols + 1)])
    hidden = [[_primary(v) for v in row] for row in grid]

    def lines() -> list[list[tuple[int, int]]]:
        horizontal = [[(r, c) for c in range(cols + 1)] for r in range(rows + 1)]
        vertical = [[(r, c) for r in range(rows + 1)] for c in range(cols + 1)]
        return horizontal + vertical

    changed = True
    while changed:
        changed = False
        for line in lines():
            hidden_here = [(r, c) for r, c in line if hidden[r][c]]
            if len(hidden_here) != 1:
                continue
            candidates = [(r, c) for r, c in line if not hidden[r][c]]
            if not candidates:
                continue
            # Hide the smallest other entry (a cell before a total, a non-zero before a zero):
            # the least information lost for the protection gained.
            r, c = min(
                candidates,
                key=lambda rc: (rc[0] == rows or rc[1] == cols, grid[rc[0]][rc[1]] == 0, grid[rc[0]][rc[1]]),
            )
            hidden[r][c] = True
            changed = True

    def shown(r: int, c: int) -> int | None:
        return None if hidden[r][c] else grid[r][c]

    return SuppressedTable(
        cells=[[shown(r, c) for c in range(cols)] for r in range(rows)],
        row_totals=[shown(r, cols) for r in range(rows)],
        column_totals=[shown(rows, c) for c in range(cols)],
        total=shown(rows, cols),
    )


def suppress_counts(counts: Sequence[int]) -> tuple[list[int | None], int | None]:
    """Suppress a one-way list of counts and its total."""
    table = suppress_table([[c] for c in counts]) if counts else SuppressedTable([], [], [], 0)
    return [row[0] for row in table.cells], table.total


def display(value: int | None) -> str:
    """Show a possibly hidden count the way every page and download shows it."""
    return "fewer than 5" if value is None else f"{value:,}"
