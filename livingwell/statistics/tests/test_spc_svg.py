"""The Making Data Count SVG chart: well-formed, accessible and self-contained."""

from __future__ import annotations

import itertools
import math
import re
import warnings
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from livingwell.statistics.spc import spc
from livingwell.statistics.spc.svg import POINT_COLOURS, render_spc_svg

SVG = "{http://www.w3.org/2000/svg}"
CALM = [9.0, 11.0] * 10


def _render(values: list[float], **options: object) -> ET.Element:
    dates = [date(2024, 1, 1) + timedelta(days=7 * i) for i in range(len(values))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spc(values, dates, **options)  # type: ignore[arg-type]
    svg = render_spc_svg(result, title="Introductions <weekly> & more")
    return ET.fromstring(svg)  # noqa: S314 (our own output)


def test_it_is_well_formed_and_labelled() -> None:
    root = _render([*CALM, 30.0], target=12.0)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert title.text == "Introductions <weekly> & more"  # escaped in the markup, intact here
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text is not None
    assert "21 points from 2024-01-01 to 2024-05-20" in desc.text
    assert "special cause variation: improvement" in desc.text
    assert "hit and miss" in desc.text


def test_points_are_coloured_by_type_and_titled() -> None:
    root = _render([*CALM, 30.0], improvement="decrease")
    circles = root.findall(f"{SVG}g[@class='points']/{SVG}circle")
    assert len(circles) == 21
    assert {c.get("fill") for c in circles[:20]} == {"#a6a6a6"}
    assert circles[20].get("fill") == "#e46c0a"
    last_title = circles[20].find(f"{SVG}title")
    assert last_title is not None
    assert last_title.text == "2024-05-20: 30, special cause variation: concern (Above UCL)"


def test_the_palette_is_making_data_counts() -> None:
    assert set(POINT_COLOURS.values()) == {"#a6a6a6", "#00b0f0", "#e46c0a", "#490092"}


def test_it_draws_mean_limits_target_and_rebase_breaks() -> None:
    values = [*CALM, *[v + 10 for v in CALM]]
    root = _render(values, target=15.0, rebase=[date(2024, 1, 1) + timedelta(days=7 * 20)])
    classes = [element.get("class") for element in root.iter()]
    assert classes.count("mean") == 2
    assert classes.count("upper-limit") == 2
    assert classes.count("lower-limit") == 2
    assert classes.count("target") == 1
    assert classes.count("rebase") == 1


def test_nan_limits_are_left_out() -> None:
    root = _render([5.0] * 15)
    classes = [element.get("class") for element in root.iter()]
    assert classes.count("mean") == 1
    assert "upper-limit" not in classes
    numbers = [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if name in {"x1", "x2", "y1", "y2", "cx", "cy"}
    ]
    assert all(math.isfinite(float(v)) for v in numbers)


def test_it_refers_to_nothing_outside_itself() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = render_spc_svg(spc([*CALM, 30.0]), title="Chart")
    # The only URL allowed is the SVG namespace name, which is never fetched.
    assert re.findall(r"[a-z]+://[^\s\"']+", text) == ["http://www.w3.org/2000/svg"]
    assert "href" not in text
    assert "url(" not in text
    assert "<script" not in text


def test_month_labels_are_readable_and_never_meet() -> None:
    # Issue 13: ISO dates ran together ("2026-07-012026-11-01"); ticks read 62/125/188.
    months = [date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 26)]
    values = [float(60 + (i % 5) * 30) for i in range(len(months))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        root = ET.fromstring(render_spc_svg(spc(values, months), title="Monthly"))  # noqa: S314
    axis = [t for t in root.iter(f"{SVG}text") if t.get("y") and t.get("text-anchor") in ("middle", "end")]
    month_labels = [t for t in axis if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t.text or "")]
    assert month_labels[-1].text == "Jan 2026"  # the latest month is always labelled
    assert len(month_labels) <= 7
    xs = [float(t.get("x") or 0) for t in month_labels]
    assert min(b - a for a, b in itertools.pairwise(xs)) >= 80  # "Jan 2026" is ~50px wide
    ticks = [float((t.text or "").replace(",", "")) for t in root.iter(f"{SVG}text")
             if t.get("dominant-baseline") == "middle"]  # fmt: skip
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    step = steps.pop()
    magnitude = 10 ** math.floor(math.log10(step))
    assert round(step / magnitude, 9) in (1, 2, 5)  # 1, 2 or 5 times a power of ten: no 62.5
