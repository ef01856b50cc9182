"""The hub's line charts: round axis ticks, and the month still going drawn as such."""

from __future__ import annotations

import datetime as dt
import re

from livingwell.insight.charts import line_chart

MONTHS = [dt.date(2026, m, 1) for m in range(7, 13)]


def _ticks(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="#4c6272">([^<]+)</text>', svg)


def test_axis_ticks_are_round_numbers():
    # A peak of 240 once gave ticks of 62, 125 and 188 (a quarter of 250, rounded).
    assert _ticks(line_chart(MONTHS, [("All", [100, 240, 200, 180, 150, 90])])) == ["0", "100", "200", "300"]
    assert _ticks(line_chart(MONTHS, [("All", [1, 3, 2, 0, 1, 2])])) == ["0", "1", "2", "3"]
    assert _ticks(line_chart(MONTHS, [("All", [0, 0, 0, 0, 0, 0])])) == ["0", "1"]


def test_the_month_still_going_is_dashed_and_says_so_far():
    values = [("All", [100.0, 120.0, 110.0, 130.0, 125.0, 20.0])]
    partial = line_chart(MONTHS, values, last_incomplete=True)
    assert "so far" in partial
    assert partial.count('stroke-dasharray="4 4"') == 1
    whole = line_chart(MONTHS, values)
    assert "so far" not in whole
    assert 'stroke-dasharray="4 4"' not in whole
