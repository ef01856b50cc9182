"""`livingwell pathway` through `main([...])`: outputs, event log, comparisons, clear failures."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from livingwell.pathway.cli import main
from livingwell.pathway.tests.factories import small_pathway_data

FAST = ["--replications", "3", "--months", "4", "--warm-up-months", "1", "--quiet"]


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(small_pathway_data(), allow_unicode=True))
    return path


def test_it_runs_a_scenario_to_json(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(scenario_file), *FAST]) == 0
    document = json.loads(capsys.readouterr().out)
    (scenario,) = document["scenarios"]
    assert scenario["name"] == "small pathway"
    assert len(scenario["replications"]) == 3
    rows = {(r["scope"], r["measure"]): r for r in scenario["summary"]}
    crises = rows[("system", "crises")]
    assert crises["n"] == 3
    assert crises["ci_low"] <= crises["mean"] <= crises["ci_high"]
    assert {"month", "service", "mean_queue", "utilisation"} <= set(scenario["monthly"][0])


def test_it_runs_a_scenario_to_csv(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(scenario_file), *FAST, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0].keys() == {"scenario", "scope", "measure", "n", "mean", "sd", "ci_low", "ci_high"}
    assert any(r["scope"] == "hub" and r["measure"] == "p90_wait_days" for r in rows)


def test_it_gives_the_same_output_for_any_number_of_jobs(
    scenario_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["run", str(scenario_file), *FAST, "--jobs", "1", "--seed", "5"])
    alone = capsys.readouterr().out
    main(["run", str(scenario_file), *FAST, "--jobs", "2", "--seed", "5"])
    assert capsys.readouterr().out == alone


def test_it_writes_the_event_log_only_when_asked(
    scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "events.csv"
    assert main(["run", str(scenario_file), *FAST, "--events", str(events)]) == 0
    rows = list(csv.DictReader(events.open()))
    assert rows
    assert {r["event"] for r in rows} >= {"introduced", "started", "finished"}
    assert {r["replication"] for r in rows} == {"0", "1", "2"}


def test_it_compares_scenarios_with_paired_differences(
    scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = small_pathway_data()
    data["name"] = "more beds"
    data["services"]["beds"]["capacity"]["value"] = 6
    other = tmp_path / "more_beds.yaml"
    other.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert main(["compare", str(scenario_file), str(other), *FAST]) == 0
    document = json.loads(capsys.readouterr().out)
    differences = {(r["scope"], r["measure"]): r for r in document["differences"]}
    # Same arrival streams in both (common random numbers): the difference is exactly zero.
    assert differences[("system", "introductions")]["mean"] == 0
    assert differences[("system", "out_of_area_bed_days")]["mean"] < 0
    assert document["differences"][0]["scenario"] == "more beds − small pathway"


def test_it_shows_progress_on_stderr(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [a for a in FAST if a != "--quiet"]
    assert main(["run", str(scenario_file), *args, "--output", "/dev/null"]) == 0
    assert "small pathway [" in capsys.readouterr().err


def test_it_rejects_an_invalid_scenario_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = small_pathway_data()
    data["services"]["hub"]["routes"]["to"]["exit"] = 0.1
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert main(["run", str(path), *FAST]) == 2
    captured = capsys.readouterr()
    assert "routes from 'hub' sum to 0.7, not 1" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_it_rejects_a_missing_file_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "nowhere.yaml"), *FAST]) == 2
    assert "cannot read the scenario file" in capsys.readouterr().err


def test_it_rejects_bad_options_with_exit_2(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(scenario_file), "--format", "xml"]) == 2
    assert main(["run", str(scenario_file), "--replications", "0"]) == 2
    assert main(["run", str(scenario_file), "--months", "2", "--warm-up-months", "2"]) == 2
    assert "warm-up" in capsys.readouterr().err


def test_check_reports_warnings_without_failing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = small_pathway_data()
    data["services"]["specialist"]["capacity"]["value"] = 0
    path = tmp_path / "closed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    assert "is valid (2 warnings)" in captured.out  # support is overloaded by design
    assert "service 'specialist': no capacity ≥ 1" in captured.err
