"""Writing synthetic borough extracts to Parquet, and the `livingwell synthetic-extracts` command.

Kept apart from the drawing (`extracts.py`): this is the part that touches the disk (replacing an
earlier synthetic extract, never a real one), writes each borough's manifest and batch through
`analytics/kpis/store.py`, and reads the command line. `seed_demo` writes the comparison boroughs
with `write_boroughs`; the benchmark writes all of London with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from livingwell.analytics.kpis import store
from livingwell.analytics.kpis.population import adults_by_group
from livingwell.demo.extracts import Borough, Months, parse_month
from livingwell.demo.london import (
    CENSUS_DAY,
    COMPARISON_BOROUGHS,
    LONDON_BOROUGHS,
    BoroughProfile,
    practice_words,
    profile,
)
from livingwell.lib.clocks import LONDON, month_from_index


# --- Writing ---------------------------------------------------------------------------------------
def _clear(borough_dir: Path) -> None:
    """Remove an earlier synthetic extract, so that a run replaces it; never touch a real one."""
    if not borough_dir.exists():
        return
    if (
        store.manifest_path(borough_dir).exists()
        and store.read_manifest(borough_dir).get("synthetic") is True
    ):
        shutil.rmtree(borough_dir)
        return
    raise store.ExtractError(f"{borough_dir} exists and is not a synthetic extract: not overwriting it")


def write_borough(
    out_root: Path, p: BoroughProfile, *, months: int, end_month: str | dt.date, seed: int, scale: float = 1.0
) -> dict[str, int]:
    """Draw one borough's synthetic extract ending with `end_month`, write it; return rows per table."""
    if months < 1 or scale <= 0 or seed < 0:
        raise ValueError("months must be at least 1, scale above 0 and seed not negative")
    last = parse_month(end_month)
    window = Months(last - months + 1, months)
    tables = Borough(p, window, seed, scale).draw()
    received = tables["introductions"].column("month")
    first_hub = min(received.to_pylist()) if len(received) else None
    borough_dir = Path(out_root) / p.ons_code
    _clear(borough_dir)
    manifest = {
        "ons_code": p.ons_code,
        "borough": p.name,
        "synthetic": True,
        "population": {
            "as_of": CENSUS_DAY,
            "source": "Synthetic extract: approximate Census 2021 usual residents and adults "
            "(livingwell/demo/london.py), used only to size synthetic data; adults shared among "
            "the groups in proportion to residents",
            "adults": adults_by_group(p.residents_by_group, p.adults),
        },
        "hub_opened": first_hub.isoformat() if first_hub else None,
        "practice": practice_words(p),
        "generator": {
            "seed": seed,
            "scale": scale,
            "months": months,
            "end_month": f"{month_from_index(last):%Y-%m}",
        },
    }
    extracted_at = dt.datetime.fromtimestamp(window.end / 1e6, dt.UTC)
    store.write_batch(borough_dir, tables, manifest=manifest, extracted_at=extracted_at)
    return {name: table.num_rows for name, table in tables.items()}


def write_boroughs(
    out_root: Path,
    codes: Iterable[str],
    *,
    months: int,
    end_month: str | dt.date,
    seed: int,
    scale: float = 1.0,
) -> dict[str, dict[str, int]]:
    """Write each borough's synthetic extract in turn (one in memory at a time); return rows per borough."""
    return {
        code: write_borough(
            out_root, profile(code), months=months, end_month=end_month, seed=seed, scale=scale
        )
        for code in codes
    }


# --- Command line --------------------------------------------------------------------------------
SETS = {"comparison": COMPARISON_BOROUGHS, "london": LONDON_BOROUGHS}
DEFAULT_MONTHS = {"comparison": 36, "london": 120}  # the ORM demo's 36 months; ten years for London


def last_full_month(now: dt.datetime) -> str:
    """Return the month before `now`'s Europe/London month, as YYYY-MM."""
    index = parse_month(now.astimezone(LONDON).date()) - 1
    return f"{month_from_index(index):%Y-%m}"


def main(argv: Sequence[str]) -> int:
    """`livingwell synthetic-extracts`: write synthetic borough extracts; needs no database."""
    parser = argparse.ArgumentParser(
        prog="livingwell synthetic-extracts",
        description="Write synthetic pseudonymised borough extracts (Parquet) for comparison or benchmarks.",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder of borough extracts to write into")
    parser.add_argument("--set", choices=sorted(SETS), default="comparison", dest="which",
                        help="comparison: five boroughs unlike Lambeth; london: all 33")  # fmt: skip
    parser.add_argument("--months", type=int, help="months of history (default 36, or 120 for london)")
    parser.add_argument("--end", help="last month, YYYY-MM (default: the last full month)")
    parser.add_argument("--seed", type=int, default=2013, help="the same seed gives the same extracts")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count (default 1)")
    args = parser.parse_args(argv)
    months = DEFAULT_MONTHS[args.which] if args.months is None else args.months
    end = args.end or last_full_month(dt.datetime.now(dt.UTC))
    try:
        parse_month(end)
    except ValueError:
        print(f"--end {end!r} is not a month (YYYY-MM)", file=sys.stderr)
        return 2
    if months < 1 or args.scale <= 0 or args.seed < 0:
        print("--months must be at least 1, --scale above 0 and --seed not negative", file=sys.stderr)
        return 2
    started = time.perf_counter()
    totals: dict[str, int] = {}
    for code in SETS[args.which]:
        t0 = time.perf_counter()
        try:
            rows = write_borough(args.out, profile(code), months=months, end_month=end, seed=args.seed,
                                 scale=args.scale)  # fmt: skip
        except store.ExtractError as error:
            print(error, file=sys.stderr)
            return 2
        totals = {name: totals.get(name, 0) + n for name, n in rows.items()}
        counts = ", ".join(f"{n:,} {name}" for name, n in rows.items())
        print(f"{code} {profile(code).name}: {counts} ({time.perf_counter() - t0:.1f} s)")
    counts = ", ".join(f"{n:,} {name}" for name, n in totals.items())
    print(f"{len(SETS[args.which])} boroughs, {months} months to {end}: {counts}")
    print(f"Written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0
