"""`livingwell spc FILE.csv ...`: chart one series from a CSV file, for analysts.

Reads a date column and a value column, charts them with `spc`, and writes JSON, CSV or a Making
Data Count SVG chart to stdout (or --output). Problems with the file or the series are reported on
stderr with exit code 2 and no traceback; short-group warnings go to stderr as well.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
import warnings
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from livingwell.statistics.spc import SPCInputError, SPCResult, spc
from livingwell.statistics.spc.svg import render_spc_svg

EXIT_INPUT_ERROR = 2


class _CSVError(Exception):
    """A problem with the CSV file itself, reported with exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livingwell spc",
        description="Chart a series as a Making Data Count XmR chart (NHSRplotthedots 0.2.2).",
    )
    parser.add_argument("file", type=Path, help="CSV file with a header row")
    parser.add_argument("--date-col", required=True, help="column of ISO dates (YYYY-MM-DD)")
    parser.add_argument("--value-col", required=True, help="column of numbers")
    parser.add_argument("--improvement", choices=["increase", "decrease", "neutral"], default="increase")
    parser.add_argument("--target", type=float, help="target value, for the assurance icon")
    parser.add_argument(
        "--rebase",
        nargs="+",
        action="extend",
        default=[],
        metavar="DATE",
        help="dates on which new limits start",
    )
    parser.add_argument("--fix-after", type=int, metavar="N", help="fix limits after N points")
    parser.add_argument(
        "--no-screen-outliers",
        dest="screen_outliers",
        action="store_false",
        help="keep large moving ranges when computing the limits",
    )
    parser.add_argument("--format", choices=["json", "csv", "svg"], default="json")
    parser.add_argument("--title", help="chart title (SVG); defaults to the value column")
    parser.add_argument("--output", "-o", type=Path, help="write here instead of stdout")
    return parser


def _parse_date(text: str) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.fromisoformat(text)


def _read_series(path: Path, date_col: str, value_col: str) -> tuple[list[date], list[float]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            missing = [name for name in (date_col, value_col) if name not in columns]
            if missing:
                found = ", ".join(repr(name) for name in columns) or "none"
                raise _CSVError(
                    f"{path}: no column {' or '.join(repr(m) for m in missing)} (columns found: {found})"
                )
            dates: list[date] = []
            values: list[float] = []
            for row in reader:
                # Line numbers count the header, as a spreadsheet or editor shows them.
                line = reader.line_num
                raw_date, raw_value = row.get(date_col), row.get(value_col)
                if raw_date is None or not raw_date.strip():
                    raise _CSVError(f"{path}, line {line}: the date is missing")
                try:
                    dates.append(_parse_date(raw_date))
                except ValueError:
                    raise _CSVError(
                        f"{path}, line {line}: {raw_date!r} is not an ISO date (YYYY-MM-DD)"
                    ) from None
                value = _parse_value(raw_value)
                if value is None:
                    raise _CSVError(
                        f"{path}, line {line}: the value {raw_value or ''!r} is missing or not a number"
                    )
                values.append(value)
    except OSError as error:
        raise _CSVError(f"{path}: {error.strerror or error}") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise _CSVError(f"{path}: not a readable CSV file ({error})") from None
    return dates, values


def _parse_value(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def _as_json(result: SPCResult) -> str:
    document: dict[str, Any] = {
        "improvement": result.improvement.value,
        "target": result.target,
        "variation": result.variation.value,
        "assurance": result.assurance.value if result.assurance else None,
        "groups": [
            {
                "start": group.start,
                "stop": group.stop,
                "mean": _number(group.mean),
                "lower_limit": _number(group.lower_limit),
                "upper_limit": _number(group.upper_limit),
                "short": group.short,
            }
            for group in result.groups
        ],
        "points": [
            {
                "date": point.date.isoformat() if isinstance(point.date, date) else point.date,
                "value": point.value,
                "mean": _number(point.mean),
                "lower_limit": _number(point.lower_limit),
                "upper_limit": _number(point.upper_limit),
                "special_cause": point.special_cause,
                "point_type": point.point_type.value,
                "special_cause_type": point.special_cause_type,
                "group": point.group,
            }
            for point in result.points
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def _as_csv(result: SPCResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "date",
            "value",
            "mean",
            "lower_limit",
            "upper_limit",
            "special_cause",
            "point_type",
            "special_cause_type",
            "group",
        ]
    )
    for point in result.points:
        writer.writerow(
            [
                point.date.isoformat() if isinstance(point.date, date) else point.date,
                repr(point.value),
                "" if math.isnan(point.mean) else repr(point.mean),
                "" if math.isnan(point.lower_limit) else repr(point.lower_limit),
                "" if math.isnan(point.upper_limit) else repr(point.upper_limit),
                "true" if point.special_cause else "false",
                point.point_type.value,
                point.special_cause_type,
                point.group,
            ]
        )
    return buffer.getvalue()


def main(argv: Sequence[str]) -> int:
    """Chart a CSV series and write JSON, CSV or SVG; return the exit code."""
    try:
        args = _parser().parse_args(list(argv))
    except SystemExit as exit_:
        # argparse has already printed its usage message to stderr.
        return exit_.code if isinstance(exit_.code, int) else EXIT_INPUT_ERROR
    try:
        dates, values = _read_series(args.file, args.date_col, args.value_col)
        rebase = []
        for text in args.rebase:
            try:
                rebase.append(_parse_date(text))
            except ValueError:
                raise _CSVError(f"--rebase {text!r} is not an ISO date (YYYY-MM-DD)") from None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = spc(
                values,
                dates,
                improvement=args.improvement,
                target=args.target,
                rebase=rebase,
                fix_after_n_points=args.fix_after,
                screen_outliers=args.screen_outliers,
            )
    except _CSVError as error:
        print(f"livingwell spc: error: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except SPCInputError as error:
        # The series' rows are the file's data rows: data row N is on line N + 1.
        where = f"{args.file}, line {error.row + 1}: " if error.row is not None else ""
        print(f"livingwell spc: error: {where}{error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    for warning in caught:
        print(f"livingwell spc: warning: {warning.message}", file=sys.stderr)

    if args.format == "json":
        text = _as_json(result)
    elif args.format == "csv":
        text = _as_csv(result)
    else:
        text = render_spc_svg(result, title=args.title or args.value_col)
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"livingwell spc: error: {args.output}: {error.strerror}", file=sys.stderr)
            return EXIT_INPUT_ERROR
    return 0
