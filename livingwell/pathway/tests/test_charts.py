"""The comparison's chart of paired differences: centred on no change, in each measure's words."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from livingwell.pathway import charts
from livingwell.pathway.comparisons import MeasureRow, amount, difference_text
from livingwell.pathway.engine import SummaryRow

SVG = "{http://www.w3.org/2000/svg}"


def _summary(mean: float | None, low: float | None, high: float | None) -> SummaryRow:
    return SummaryRow("system", "m", 8, mean, 1.0, low, high)


def _row(label: str, unit: str, base: float, mean: float, low: float, high: float) -> MeasureRow:
    level = _summary(base, base - 1, base + 1)
    return MeasureRow(label, unit, level, level, _summary(mean, low, high))


def _drawn(svg: str) -> tuple[float, list[tuple[float, float, float]]]:
    """The x of the no-change line, and each drawn measure's (dot, bar start, bar end) x."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    lines = root.findall(f"{SVG}line")
    zero = next(float(line.get("x1", 0)) for line in lines if line.get("x1") == line.get("x2"))
    bars = [line for line in lines if line.get("stroke-width") == "4"]
    dots = root.findall(f"{SVG}circle")
    return zero, [
        (float(d.get("cx", 0)), float(b.get("x1", 0)), float(b.get("x2", 0)))
        for d, b in zip(dots, bars, strict=True)
    ]


def test_differences_are_drawn_about_no_change_with_their_intervals():
    rows = [
        _row("Admissions to beds", "admissions", 400, -29, -41, -17),  # fewer: left of the line
        _row("Crises", "people", 1000, 3, -5, 11),  # cannot be told from none: the bar crosses it
        _row("Cost", "£", 164_589_686, 1_200_000, 400_000, 2_000_000),
    ]
    paired = [charts.Difference(r.label, difference_text(r), r.baseline.mean, r.difference) for r in rows]
    svg = charts.differences("Change", paired, "c")
    zero, drawn = _drawn(svg)
    (admissions, a_low, a_high), (_, c_low, c_high), (cost, _, _) = drawn
    assert a_low < admissions < a_high < zero
    assert c_low < zero < c_high
    assert zero < cost
    # The axis is symmetric and round: −20% to +20% holds −41/400 = −10.25% at the widest.
    labels = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]  # noqa: S314
    assert {"−20%", "+20%", "no change"} <= set(labels)
    assert "−29.0 (−41.0 to −17.0) admissions" in labels
    assert "+3.0 (−5.0 to +11.0) people" in labels
    assert "+£1.2m (+£400k to +£2.0m)" in labels
    assert "Admissions to beds: −29.0 (−41.0 to −17.0) admissions (−7.2% of the baseline)" in svg


def test_a_measure_with_no_baseline_is_written_not_drawn():
    rows = [
        _row("Mean wait for the hub", "days", 0.0, 0.0, 0.0, 0.0),
        _row("Crises", "people", 50, -5, -8, -2),
    ]
    paired = [charts.Difference(r.label, difference_text(r), r.baseline.mean, r.difference) for r in rows]
    svg = charts.differences("Change", paired, "c")
    _, drawn = _drawn(svg)
    assert len(drawn) == 1
    assert "Mean wait for the hub" in svg
    assert "0.0 (0.0 to 0.0) days" in svg


def test_amounts_read_as_the_table_writes_them():
    assert amount(164_589_686, "£") == "£164.6m"
    assert amount(-52_400, "£") == "−£52k"
    assert amount(900, "£") == "£900"
    assert amount(1234.4, "days") == "1,234"
    assert amount(-12.34, "days") == "−12.3"
    assert amount(0.04, "days") == "0.0"
