"""`livingwell funnel` through main([...]) with CSVs in tmp_path, and the SVG it draws."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET  # parses only our own renderer's output here
from collections.abc import Sequence
from pathlib import Path

import pytest

from livingwell.statistics.funnel import funnel
from livingwell.statistics.funnel.cli import main
from livingwell.statistics.funnel.svg import describe, render_funnel_svg

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    ("Trust A", 100, 108),
    ("Trust B", 150, 112),
    ("Trust C", 180, 165),
    ("Trust D", 80, 95),
    ("Trust E", 120, 100),
    ("Trust F", 225, 220),
]
COLUMNS = ["--numerator-col", "deaths", "--denominator-col", "expected", "--group-col", "trust"]


def _csv(tmp_path: Path, rows: Sequence[tuple[object, ...]], header: str = "trust,deaths,expected") -> str:
    path = tmp_path / "mortality.csv"
    lines = [header] + [",".join(str(cell) for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_it_writes_json_with_groups_limits_phi_and_tau2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, ROWS)
    assert main([path, *COLUMNS, "--overdispersion", "shmi", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert round(out["phi"], 6) == 2.948033
    assert out["adjusted"] is True
    assert [group["group"] for group in out["groups"]] == [row[0] for row in ROWS]
    assert [limit["level"] for limit in out["groups"][0]["limits"]] == [95.0, 99.8]


def test_it_writes_csv_with_a_column_per_level(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, ROWS)
    assert main([path, *COLUMNS, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 6
    assert rows[1]["group"] == "Trust B"
    assert rows[1]["outlier"] == "1"  # 150/112 is above the exact Poisson 99.8% limit
    assert float(rows[1]["upper_99.8"]) == pytest.approx(1.3278276, abs=1e-7)


def test_it_honours_kind_limits_and_multiplier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, [("A", 30, 100), ("B", 10, 100), ("C", 20, 100)])
    args = [path, *COLUMNS, "--kind", "proportion", "--limits", "95", "--multiplier", "100"]
    assert main([*args, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["levels"] == [95.0]
    assert out["outlier_level"] == 95.0
    assert out["target"] == pytest.approx(20.0)


def test_it_writes_an_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, ROWS)
    assert main([path, *COLUMNS, "--format", "svg", "--title", "Mortality"]) == 0
    root = ET.fromstring(capsys.readouterr().out)  # noqa: S314 (our own output)
    assert root.find(f"{SVG}title").text == "Mortality"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("rows", "header", "extra", "message"),
    [
        (ROWS, "trust,deaths,exp", [], "has no column 'expected'"),
        ([("A", "ten", 5), ("B", 3, 4)], "trust,deaths,expected", [], "line 2: deaths 'ten'"),
        ([("A", 1, 5), ("B", 3, 0)], "trust,deaths,expected", [], "row 2: denominator"),
        ([("A", 1, 5), ("B", "", 4)], "trust,deaths,expected", [], "row 2: numerator is missing"),
        ([("A", 1, 5), ("A", 3, 4)], "trust,deaths,expected", [], "group 'A' repeats row 1"),
        (ROWS, "trust,deaths,expected", ["--limits", "90"], "limits must be drawn"),
    ],
)
def test_it_reports_bad_input_on_stderr_with_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    rows: list[tuple[object, ...]],
    header: str,
    extra: list[str],
    message: str,
) -> None:
    path = _csv(tmp_path, rows, header)
    assert main([path, *COLUMNS, *extra]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_it_gives_the_csv_line_for_a_row_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, [("A", 1, 5), ("B", 3, -1)])
    assert main([path, *COLUMNS]) == 2
    assert f"(line 3 of {path})" in capsys.readouterr().err


def test_it_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "absent.csv"), *COLUMNS]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_it_exits_2_on_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["only.csv", "--kind", "rate"]) == 2
    assert "invalid choice: 'rate'" in capsys.readouterr().err


def _svg_for(overdispersion: str = "none") -> tuple[str, ET.Element]:
    result = funnel(
        [row[1] for row in ROWS],
        [row[2] for row in ROWS],
        [row[0] for row in ROWS],
        overdispersion=overdispersion,  # type: ignore[arg-type]
    )
    text = render_funnel_svg(result, title="Deaths <vs> expected & more")
    return text, ET.fromstring(text)  # noqa: S314 (our own output)


def test_svg_is_well_formed_and_titled() -> None:
    text, root = _svg_for()
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Deaths <vs> expected & more"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "6 groups" in desc
    assert "Trust B (above)" in desc
    assert root.get("aria-labelledby") == "funnel-title funnel-desc"
    assert text.startswith("<svg")


def test_svg_has_no_external_reference() -> None:
    text, root = _svg_for("shmi")
    # The only URL allowed is the SVG namespace itself, which is a name, not a fetch.
    assert text.count("http") == 1
    assert 'xmlns="http://www.w3.org/2000/svg"' in text
    assert "href" not in text
    assert "url(" not in text
    assert "<script" not in text
    assert root.find(f"{SVG}image") is None


def test_svg_marks_outliers_by_shape_and_label_not_colour_alone() -> None:
    _, root = _svg_for()
    groups = root.findall(f".//{SVG}g")
    outliers = [g for g in groups if "outlier" in (g.get("class") or "").split()]
    plain = [g for g in groups if (g.get("class") or "") == "group"]
    assert [g.get("data-group") for g in outliers] == ["Trust B"]
    assert outliers[0].find(f"{SVG}path") is not None
    assert outliers[0].find(f"{SVG}circle") is None
    assert outliers[0].find(f"{SVG}text").text == "Trust B"  # type: ignore[union-attr]
    assert "outside the 99.8% limits" in (outliers[0].find(f"{SVG}title").text or "")  # type: ignore[union-attr]
    assert len(plain) == 5
    assert all(g.find(f"{SVG}circle") is not None for g in plain)


def test_svg_draws_the_target_and_a_pair_of_curves_per_level() -> None:
    _, root = _svg_for()
    assert len(root.findall(f".//{SVG}line[@class='target']")) == 1
    curves = root.findall(f".//{SVG}path[@class='limit']")
    assert sorted(curve.get("data-level", "") for curve in curves) == ["95", "95", "99.8", "99.8"]
    dashes = {curve.get("data-level"): curve.get("stroke-dasharray") for curve in curves}
    assert dashes["95"] != dashes["99.8"]


def test_describe_mentions_adjustment() -> None:
    result = funnel(
        [row[1] for row in ROWS],
        [row[2] for row in ROWS],
        [row[0] for row in ROWS],
        overdispersion="shmi",
    )
    text = describe(result)
    assert "adjusted for overdispersion (SHMI method, φ = 2.95" in text
    assert "No group is outside the 99.8% limits." in text
