"""The monthly KPI set over a London-sized extract, on DuckDB and on PostgreSQL, side by side.

Run as `.venv/bin/python bench/bench_kpis.py` (or `make bench`). It writes a synthetic extract of all
33 London boroughs over 10 years straight to Parquet (about 2 million introductions and 20 million
events; kept in var/bench-london and reused while its parameters are unchanged), runs every KPI in
the catalogue on DuckDB over the Parquet files, loads identical rows into PostgreSQL (a throwaway
database, indexed as `kpis/pg.py` says production is), runs the same KPI definitions there, asserts
that both engines give the same answers, and prints both timings. The target (issue 6): the KPI set
in seconds on DuckDB, and at least 5 times faster than PostgreSQL.

Options: `--scale F` (1.0 = London; smaller for a quick look), `--database-url URL` (default
postgres://postgres@127.0.0.1:5432/livingwell_bench_kpis, created and dropped here).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from livingwell.analytics.kpis import catalogue, engine, pg, store  # noqa: E402
from livingwell.analytics.kpis.engine import KPIRow  # noqa: E402
from livingwell.demo import extracts_write, london  # noqa: E402

MONTHS = 120
END = "2026-10"
SEED = 2026
REPEATS = 3
# The generator's London at scale 1 has about 1.9 million introductions and 18.6 million events;
# this brings it to the size (about 2 million and 20 million).
LONDON_SCALE = 1.07
TARGET_RATIO = 5.0


def _london_extract(scale: float) -> Path:
    out = ROOT / "var" / f"bench-london-{scale:g}"
    stamp = out / "params.json"
    params = {"months": MONTHS, "end": END, "seed": SEED, "scale": scale, "boroughs": sorted(london.BOROUGHS)}
    if stamp.exists() and json.loads(stamp.read_text()) == params:
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started = time.perf_counter()
    extracts_write.write_boroughs(
        out, sorted(london.BOROUGHS), months=MONTHS, end_month=END, seed=SEED, scale=scale
    )
    print(f"wrote the London extract in {time.perf_counter() - started:.1f} s")
    stamp.write_text(json.dumps(params))
    return out


def _count(duck: object, table: str) -> int:
    row = duck.execute(f"SELECT COUNT(*) FROM {table}").fetchone()  # type: ignore[attr-defined]  # noqa: S608
    return int(row[0]) if row else 0


def _per_kpi(cursor: object, repeats: int) -> tuple[dict[str, float], dict[str, list[KPIRow]]]:
    """Run each KPI `repeats` times; return its median time and its rows."""
    times, rows = {}, {}
    for kpi in catalogue.KPIS:
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            rows.update(engine.run(cursor, [kpi]))  # type: ignore[arg-type]
            runs.append(time.perf_counter() - started)
        times[kpi.id] = statistics.median(runs)
    return times, rows


def _same(a: dict[str, list[KPIRow]], b: dict[str, list[KPIRow]]) -> None:
    assert a.keys() == b.keys()
    for kpi_id in a:
        assert len(a[kpi_id]) == len(b[kpi_id]), (kpi_id, len(a[kpi_id]), len(b[kpi_id]))
        for x, y in zip(a[kpi_id], b[kpi_id], strict=True):
            same = (x.ons_code, x.month, x.grp, x.denominator) == (y.ons_code, y.month, y.grp, y.denominator)
            assert same, (kpi_id, x, y)
            # Medians are hours as floating point: the engines may differ in the last bits.
            assert math.isclose(x.numerator, y.numerator, rel_tol=1e-9, abs_tol=1e-9), (kpi_id, x, y)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=LONDON_SCALE)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/livingwell_bench_kpis")
    args = parser.parse_args()

    root = _london_extract(args.scale)
    duck = store.open_store(root)
    counts = {t: _count(duck, t) for t in pg.INDEXES}
    events = counts["contacts"] + counts["sessions"] + counts["scores"]
    print(
        f"London extract: {len(london.BOROUGHS)} boroughs, {MONTHS} months, {counts['introductions']:,} "
        f"introductions, {events:,} events (contacts, sessions, scores), "
        f"{sum(counts.values()):,} rows in all"
    )
    on_parquet, duck_result = _per_kpi(duck, REPEATS)
    started = time.perf_counter()
    in_memory = store.open_store(root, materialise=True)
    materialise_time = time.perf_counter() - started
    on_tables, memory_result = _per_kpi(in_memory, REPEATS)
    in_memory.close()
    _same(duck_result, memory_result)

    base, name = args.database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        with psycopg.connect(args.database_url) as conn:
            started = time.perf_counter()
            pg.load(duck, conn)
            conn.commit()
            load_time = time.perf_counter() - started
            conn.execute("SET search_path TO analytics")
            conn.execute("SET work_mem = '256MB'")  # a production analytic server's setting
            with conn.cursor() as cur:
                on_postgresql, pg_result = _per_kpi(cur, REPEATS)
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")

    _same(duck_result, pg_result)
    print(f"results equal on all three: {sum(len(r) for r in duck_result.values()):,} KPI rows")
    print(f"{'KPI':<32}{'DuckDB, Parquet':>17}{'DuckDB, memory':>16}{'PostgreSQL':>12}  (seconds)")
    for kpi in catalogue.KPIS:
        print(
            f"{kpi.id:<32}{on_parquet[kpi.id]:>17.2f}{on_tables[kpi.id]:>16.2f}{on_postgresql[kpi.id]:>12.2f}"
        )
    totals = [sum(t.values()) for t in (on_parquet, on_tables, on_postgresql)]
    print(f"{'the KPI set':<32}{totals[0]:>17.2f}{totals[1]:>16.2f}{totals[2]:>12.2f}")
    print(
        f"Medians of {REPEATS} runs each; PostgreSQL after loading and indexing the rows in "
        f"{load_time:.0f} s; DuckDB loads them into memory in {materialise_time:.0f} s"
    )
    ratio = totals[2] / totals[0]
    print(f"DuckDB over Parquet is {ratio:.1f}x faster than PostgreSQL (target: at least {TARGET_RATIO:g}x)")
    if ratio < TARGET_RATIO:
        raise SystemExit(f"DuckDB is only {ratio:.1f}x faster than PostgreSQL")


if __name__ == "__main__":
    main()
