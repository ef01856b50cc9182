"""`livingwell pathway`: run or compare pathway scenarios from the command line.

    livingwell pathway run SCENARIO [--replications N] [--jobs J] [--format json|csv]
                                    [--events FILE] [--seed S] [--months M] [--warm-up-months W]
    livingwell pathway compare A B ... (same options; differences are paired against A)
    livingwell pathway check SCENARIO ...
    livingwell pathway calibrate [--since DATE] [--until DATE] [--output FILE] (needs the database)

Results go to stdout (or --output); progress and warnings to stderr. A scenario that cannot be
run gets a message naming its faults and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from livingwell.pathway.engine import (
    DEFAULT_SEED,
    ReplicationResult,
    Scenario,
    ScenarioError,
    SummaryRow,
    compare,
    load_scenario,
    run_replications,
    scenario_warnings,
    summarise,
    summarise_months,
)

SUMMARY_COLUMNS = ("scenario", "scope", "measure", "n", "mean", "sd", "ci_low", "ci_high")
EVENT_COLUMNS = ("scenario", "replication", "time_days", "person", "event", "service")


class _Progress:
    """A plain progress bar on stderr (no dependency), redrawn in place."""

    def __init__(self, label: str, stream: TextIO, enabled: bool) -> None:
        self.label, self.stream, self.enabled = label, stream, enabled

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        width = 30
        filled = round(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}{end}")
        self.stream.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="livingwell pathway", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, many in (("run", False), ("compare", True)):
        sub = commands.add_parser(name, help=f"{name} scenario{'s' if many else ''}")
        sub.add_argument("scenarios", nargs="+" if many else 1, metavar="SCENARIO")
        sub.add_argument("--replications", type=int, default=10)
        sub.add_argument("--jobs", type=int, default=1, help="processes to spread replications over")
        sub.add_argument("--format", choices=("json", "csv"), default="json")
        sub.add_argument("--events", metavar="FILE", help="write a per-person event log (CSV)")
        sub.add_argument("--seed", type=int, default=DEFAULT_SEED)
        sub.add_argument("--months", type=int, help="run length (default: the scenario's)")
        sub.add_argument("--warm-up-months", type=int, help="warm-up (default: the scenario's)")
        sub.add_argument("--output", metavar="FILE", help="write results here instead of stdout")
        sub.add_argument("--quiet", action="store_true", help="no progress bar")
    # Listed for --help only: main() hands `calibrate` to Django before this parser sees it.
    commands.add_parser("calibrate", help="derive a baseline from the records (needs the database)")
    check = commands.add_parser("check", help="validate scenarios and show their warnings")
    check.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    return parser


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _summary_dicts(name: str, rows: Sequence[SummaryRow]) -> list[dict[str, Any]]:
    return [
        {
            "scenario": name,
            "scope": r.scope,
            "measure": r.measure,
            "n": r.n,
            "mean": _number(r.mean),
            "sd": _number(r.sd),
            "ci_low": _number(r.ci_low),
            "ci_high": _number(r.ci_high),
        }
        for r in rows
    ]


def _write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _write_events(path: str, runs: Sequence[tuple[Scenario, list[ReplicationResult]]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EVENT_COLUMNS)
        for scenario, results in runs:
            for result in results:
                for replication, time, person, event, service in result.events:
                    writer.writerow((scenario.name, replication, f"{time:.6f}", person, event, service))


def _run(args: argparse.Namespace, err: TextIO) -> tuple[int, str]:
    scenarios = [load_scenario(path) for path in args.scenarios]
    if args.replications < 1 or args.jobs < 1:
        err.write("error: --replications and --jobs must be at least 1\n")
        return 2, ""
    runs: list[tuple[Scenario, list[ReplicationResult]]] = []
    for scenario in scenarios:
        for warning in scenario_warnings(scenario):
            err.write(f"warning: {scenario.name}: {warning}\n")
        try:
            results = run_replications(
                scenario,
                args.replications,
                seed=args.seed,
                jobs=args.jobs,
                months=args.months,
                warm_up_months=args.warm_up_months,
                events=bool(args.events),
                progress=_Progress(scenario.name, err, not args.quiet),
            )
        except ValueError as error:
            err.write(f"error: {scenario.name}: {error}\n")
            return 2, ""
        runs.append((scenario, results))
    if args.events:
        _write_events(args.events, runs)
    summary = [row for s, results in runs for row in _summary_dicts(s.name, summarise(results))]
    differences = [
        row
        for s, results in runs[1:]
        for row in _summary_dicts(f"{s.name} − {runs[0][0].name}", compare(runs[0][1], results))
    ]
    out = io.StringIO()
    if args.format == "csv":
        _write_csv(summary + differences, SUMMARY_COLUMNS, out)
    else:
        document = {
            "seed": args.seed,
            "replications": args.replications,
            "scenarios": [
                {
                    "name": s.name,
                    "months": args.months or s.months,
                    "warm_up_months": (
                        s.warm_up_months if args.warm_up_months is None else args.warm_up_months
                    ),
                    "warnings": scenario_warnings(s),
                    "summary": _summary_dicts(s.name, summarise(results)),
                    "monthly": summarise_months(results),
                    "replications": [
                        {"system": asdict(r.system), "services": [asdict(x) for x in r.services]}
                        for r in results
                    ],
                }
                for s, results in runs
            ],
            "differences": differences,
        }
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    return 0, out.getvalue()


def _check(paths: Sequence[str], out: TextIO, err: TextIO) -> int:
    for path in paths:
        scenario = load_scenario(path)
        warnings = scenario_warnings(scenario)
        out.write(f"{path}: '{scenario.name}' is valid ({len(warnings)} warnings)\n")
        for warning in warnings:
            err.write(f"warning: {scenario.name}: {warning}\n")
    return 0


def _calibrate(argv: Sequence[str]) -> int:
    # The only pathway command that reads the platform's records, so the only one that sets up
    # Django; it is the management command `pathway_calibrate` under another name.
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livingwell.settings")
    import django
    from django.core.management import CommandError, call_command

    django.setup()
    if any(arg in ("-h", "--help") for arg in argv):
        from django.core.management import execute_from_command_line

        execute_from_command_line(["livingwell", "pathway_calibrate", "--help"])
        return 0
    try:
        call_command("pathway_calibrate", *argv)
    except CommandError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    return 0


def main(argv: Sequence[str]) -> int:
    """Run the pathway command with its arguments (without the command name)."""
    if list(argv[:1]) == ["calibrate"]:
        return _calibrate(argv[1:])
    try:
        args = _parser().parse_args(list(argv))
    except SystemExit as stop:  # argparse has already printed the usage message
        return int(stop.code or 0)
    try:
        if args.command == "check":
            return _check(args.scenarios, sys.stdout, sys.stderr)
        status, text = _run(args, sys.stderr)
    except ScenarioError as error:
        sys.stderr.write(f"error: invalid scenario: {error}\n")
        return 2
    except OSError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    if status == 0:
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    return status
