"""`livingwell spc` through its `main(argv)`, on CSV files in tmp_path."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest

from livingwell.statistics.spc.cli import main

CALM = [9.0, 11.0] * 10


def _write(tmp_path: Path, values: Sequence[object], *, dates: list[str] | None = None) -> Path:
    dates = dates or [_week(i) for i in range(len(values))]
    path = tmp_path / "series.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["week", "introductions", "notes"])
        for day, value in zip(dates, values, strict=True):
            writer.writerow([day, value, "n/a"])
    return path


def _week(index: int) -> str:
    return (date(2024, 1, 1) + timedelta(days=7 * index)).isoformat()


def _run(path: Path, *extra: str) -> list[str]:
    return [str(path), "--date-col", "week", "--value-col", "introductions", *extra]


def test_it_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [*CALM, 30.0])
    assert main(_run(path, "--target", "0", "--format", "json")) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["variation"] == "special_cause_improvement"
    assert document["assurance"] == "consistent_pass"
    assert document["points"][-1]["special_cause_type"] == "Above UCL"
    assert document["points"][0]["date"] == "2024-01-01"
    assert len(document["points"]) == 21


def test_it_writes_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [*CALM, 30.0])
    assert main(_run(path, "--format", "csv", "--improvement", "decrease")) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[-1]["point_type"] == "special_cause_concern"
    assert rows[0]["mean"] == rows[-1]["mean"]


def test_it_writes_svg_to_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path, [*CALM, 30.0])
    output = tmp_path / "chart.svg"
    assert main(_run(path, "--format", "svg", "--output", str(output), "--title", "Weekly")) == 0
    root = ET.fromstring(output.read_text())  # noqa: S314 (our own output)
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None
    assert title.text == "Weekly"


def test_it_passes_rebase_fix_and_screening(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = [*CALM[:14], *[v + 10 for v in CALM[:12]], 50.0]
    path = _write(tmp_path, values)
    argv = _run(path, "--rebase", _week(14), "--fix-after", "12", "--no-screen-outliers")
    assert main(argv) == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert [group["mean"] for group in document["groups"]] == [10.0, 20.0]
    assert document["points"][-1]["special_cause_type"] == "Above UCL"
    assert captured.err == ""  # groups of 14 and 13 points are not short


def test_it_warns_about_short_groups_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, CALM[:10])
    assert main(_run(path)) == 0
    assert "fewer than 13 points" in capsys.readouterr().err


def test_a_missing_column_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, CALM)
    assert main([str(path), "--date-col", "week", "--value-col", "referrals"]) == 2
    err = capsys.readouterr().err
    assert "no column 'referrals'" in err
    assert "Traceback" not in err


def test_a_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_run(tmp_path / "absent.csv")) == 2
    assert "absent.csv" in capsys.readouterr().err


def test_a_blank_value_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [1.0, 2.0, "", 4.0])
    assert main(_run(path)) == 2
    assert "line 4" in capsys.readouterr().err


def test_a_bad_date_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [1.0, 2.0, 3.0], dates=["2024-01-01", "01/02/2024", "2024-01-03"])
    assert main(_run(path)) == 2
    assert "line 3" in capsys.readouterr().err


def test_unsorted_dates_name_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [1.0, 2.0, 3.0], dates=["2024-01-01", "2024-01-08", "2024-01-02"])
    assert main(_run(path)) == 2
    err = capsys.readouterr().err
    assert "line 4" in err
    assert "sort the series" in err


def test_too_few_points_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [1.0])
    assert main(_run(path)) == 2
    assert "at least two points" in capsys.readouterr().err


def test_a_short_baseline_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, CALM)
    assert main(_run(path, "--fix-after", "6")) == 2
    assert "at least 12" in capsys.readouterr().err


def test_bad_arguments_exit_with_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["series.csv", "--format", "pdf"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_the_livingwell_command_dispatches_here(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from livingwell.cli import main as livingwell

    path = _write(tmp_path, CALM)
    assert livingwell(["spc", *_run(path)]) == 0
    assert json.loads(capsys.readouterr().out)["variation"] == "common_cause"
