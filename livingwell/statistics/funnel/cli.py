"""`livingwell funnel FILE.csv ...`: a funnel plot from a CSV, as JSON, CSV or SVG on stdout.

Bad input (unreadable file, missing column, a value that is not a number, data a funnel plot
cannot be drawn from) gets a one-line message on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from livingwell.statistics.funnel import (
    KINDS,
    LEVELS,
    OVERDISPERSION_METHODS,
    FunnelInputError,
    FunnelResult,
    Kind,
    OverdispersionMethod,
    funnel,
)
from livingwell.statistics.funnel.svg import render_funnel_svg

PROG = "livingwell funnel"
# Spellings analysts' spreadsheets use for an empty cell; the core then names the row.
MISSING = {"", "na", "n/a", "nan", "null"}


class CsvProblem(Exception):
    """A CSV the command cannot read, reported as one line on stderr."""


def main(argv: Sequence[str]) -> int:
    """Run the funnel command and return its exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_:
        # argparse has already printed usage and the error to stderr.
        return int(exit_.code or 0)
    try:
        lines, groups, numerators, denominators = _read_csv(
            args.file, args.group_col, args.numerator_col, args.denominator_col
        )
        result = funnel(
            numerators,
            denominators,
            groups,
            kind=cast(Kind, args.kind),
            limits=args.limits,
            overdispersion=cast(OverdispersionMethod, args.overdispersion),
            trim=args.trim,
            outlier_level=args.outlier_level if args.outlier_level else max(args.limits),
            multiplier=args.multiplier,
        )
    except CsvProblem as problem:
        print(f"{PROG}: {problem}", file=sys.stderr)
        return 2
    except FunnelInputError as error:
        where = f" (line {lines[error.row - 1]} of {args.file})" if error.row is not None else ""
        print(f"{PROG}: {error}{where}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(to_json(result))
    elif args.format == "csv":
        sys.stdout.write(to_csv(result))
    else:
        sys.stdout.write(render_funnel_svg(result, title=args.title or Path(args.file).stem))
    return 0


def to_json(result: FunnelResult) -> str:
    """Serialise a funnel result as JSON, with non-finite numbers as null."""
    return json.dumps(_finite(dataclasses.asdict(result)), indent=2, allow_nan=False) + "\n"


def to_csv(result: FunnelResult) -> str:
    """Serialise a funnel result as one CSV row per group with its limits at each level."""
    header = ["group", "numerator", "denominator", "value"]
    for level in result.levels:
        header += [f"lower_{level:g}", f"upper_{level:g}", f"outlier_{level:g}"]
    header.append("outlier")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for group in result.groups:
        row: list[Any] = [group.group, group.numerator, group.denominator, group.value]
        for limit in group.limits:
            row += [limit.lower, limit.upper, int(limit.outlier)]
        row.append(int(group.outlier))
        writer.writerow(row)
    return out.getvalue()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Funnel plot (FunnelPlotR 0.6.0 semantics) from a CSV with one row per group.",
    )
    parser.add_argument("file", help="CSV file with a header row")
    parser.add_argument("--numerator-col", required=True, help="observed events / numerator")
    parser.add_argument("--denominator-col", required=True, help="expected / denominator")
    parser.add_argument("--group-col", required=True, help="group name (unique per row)")
    parser.add_argument("--kind", choices=KINDS, default="sr")
    parser.add_argument("--overdispersion", choices=OVERDISPERSION_METHODS, default="none")
    parser.add_argument(
        "--limits", type=float, nargs="+", default=list(LEVELS), metavar="LEVEL", help="95 99.8"
    )
    parser.add_argument(
        "--outlier-level", type=float, default=None, help="level that flags outliers (widest)"
    )
    parser.add_argument("--trim", type=float, default=0.1, help="trimmed at each end (0.1)")
    parser.add_argument("--multiplier", type=float, default=1.0, help="scale values, e.g. 100")
    parser.add_argument("--format", choices=("json", "csv", "svg"), default="json")
    parser.add_argument("--title", default=None, help="SVG title (default: the file name)")
    return parser


def _read_csv(
    path: str, group_col: str, numerator_col: str, denominator_col: str
) -> tuple[list[int], list[str], list[float | None], list[float | None]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            missing = [c for c in (group_col, numerator_col, denominator_col) if c not in columns]
            if missing:
                raise CsvProblem(
                    f"{path} has no column {', '.join(repr(c) for c in missing)} "
                    f"(columns: {', '.join(columns) or 'none'})"
                )
            lines: list[int] = []
            groups: list[str] = []
            numerators: list[float | None] = []
            denominators: list[float | None] = []
            for row in reader:
                line = reader.line_num
                lines.append(line)
                groups.append((row.get(group_col) or "").strip())
                numerators.append(_cell(row.get(numerator_col), numerator_col, path, line))
                denominators.append(_cell(row.get(denominator_col), denominator_col, path, line))
    except OSError as error:
        raise CsvProblem(f"cannot read {path}: {error.strerror or error}") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise CsvProblem(f"{path} is not a readable UTF-8 CSV: {error}") from None
    return lines, groups, numerators, denominators


def _cell(raw: str | None, column: str, path: str, line: int) -> float | None:
    text = (raw or "").strip()
    if text.lower() in MISSING:
        return None
    try:
        return float(text)
    except ValueError:
        raise CsvProblem(f"{path} line {line}: {column} {text!r} is not a number") from None


def _finite(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value
