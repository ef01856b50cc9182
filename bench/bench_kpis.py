"""The monthly KPI set over a London-sized extract, on DuckDB and on PostgreSQL, side by side.

Run as `.venv/bin/python bench/bench_kpis.py` (or `make bench`). It writes a synthetic extract of all
33 London boroughs over 10 years straight to Parquet (about 2 million introductions and 20 million
events; kept in var/bench-london-<scale> and reused while its parameters are unchanged; about 20 s
to write), runs the catalogue's KPI set (`engine.run`: its shared sets once, then every KPI) on
DuckDB over the Parquet files and on DuckDB with the tables in memory, loads identical rows into
PostgreSQL (a throwaway database, indexed as `kpis/pg.py` says production is; about 2 minutes),
runs the same KPI definitions there, asserts that the three give the same answers, and prints the
timings. The targets (issue 12): the KPI set in under 6 s on DuckDB over Parquet, and at least 10
times faster than on PostgreSQL.

Options: `--scale F` (1.0 = the generator's London; 0.1 writes in 2 s and runs the whole benchmark in
well under a minute, for a quick look), `--repeats N`, `--database-url URL` (default
postgres://postgres@127.0.0.1:5432/livingwell_bench_kpis, created and dropped here).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

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
TARGET_RATIO = 10.0
TARGET_SECONDS = 6.0


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


def _count(duck: Any, table: str) -> int:
    row = duck.execute(f"SELECT COUNT(*) FROM {table}").fetchone()  # noqa: S608 - the schema's names
    return int(row[0]) if row else 0


def _kpi_set(cursor: Any, repeats: int) -> tuple[list[float], dict[str, float], dict[str, list[KPIRow]]]:
    """Run the KPI set `repeats` times; return each run's seconds, each step's median, and the rows."""
    totals, steps, rows = [], [], {}
    for _ in range(repeats):
        timings: dict[str, float] = {}
        started = time.perf_counter()
        rows = engine.run(cursor, catalogue.KPIS, timings=timings)
        totals.append(time.perf_counter() - started)
        steps.append(timings)
    return totals, {step: statistics.median(t[step] for t in steps) for step in steps[0]}, rows


def _same(a: dict[str, list[KPIRow]], b: dict[str, list[KPIRow]]) -> None:
    assert a.keys() == b.keys()
    for kpi_id in a:
        assert len(a[kpi_id]) == len(b[kpi_id]), (kpi_id, len(a[kpi_id]), len(b[kpi_id]))
        for x, y in zip(a[kpi_id], b[kpi_id], strict=True):
            assert engine.agree(x, y), (kpi_id, x, y)


def _on_postgresql(duck: Any, url: str, repeats: int) -> tuple[float, list[float], dict[str, float], Any]:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        with psycopg.connect(url) as conn:
            started = time.perf_counter()
            pg.load(duck, conn)
            conn.commit()
            load_time = time.perf_counter() - started
            conn.execute("SET search_path TO analytics")
            conn.execute("SET work_mem = '256MB'")  # a production analytic server's setting
            with conn.cursor() as cur:
                totals, steps, rows = _kpi_set(cur, repeats)
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
    return load_time, totals, steps, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=LONDON_SCALE)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/livingwell_bench_kpis")
    args = parser.parse_args()

    root = _london_extract(args.scale)
    duck = store.open_store(root)
    counts = {t: _count(duck, t) for t in pg.INDEXES}
    events = counts["contacts"] + counts["sessions"] + counts["scores"]
    print(
        f"London extract: {len(london.BOROUGHS)} boroughs, {MONTHS} months, {counts['introductions']:,} "
        f"introductions, {events:,} events (contacts, sessions, scores), "
        f"{sum(counts.values()):,} rows in all; {os.cpu_count()} CPUs"
    )
    parquet_totals, on_parquet, duck_result = _kpi_set(duck, args.repeats)
    started = time.perf_counter()
    in_memory = store.open_store(root, materialise=True)
    materialise_time = time.perf_counter() - started
    memory_totals, on_tables, memory_result = _kpi_set(in_memory, args.repeats)
    in_memory.close()
    _same(duck_result, memory_result)
    load_time, pg_totals, on_postgresql, pg_result = _on_postgresql(duck, args.database_url, args.repeats)
    _same(duck_result, pg_result)

    print(f"results equal on all three: {sum(len(r) for r in duck_result.values()):,} KPI rows")
    print(
        f"{'step (shared sets first)':<32}{'DuckDB, Parquet':>17}{'DuckDB, memory':>16}{'PostgreSQL':>12}  (seconds)"
    )
    for step in on_parquet:
        print(f"{step:<32}{on_parquet[step]:>17.2f}{on_tables[step]:>16.2f}{on_postgresql[step]:>12.2f}")
    duck_s, memory_s, pg_s = (statistics.median(t) for t in (parquet_totals, memory_totals, pg_totals))
    print(f"{'the KPI set':<32}{duck_s:>17.2f}{memory_s:>16.2f}{pg_s:>12.2f}")
    print(
        f"Medians of {args.repeats} runs of the whole set (DuckDB over Parquet best {min(parquet_totals):.2f} s); "
        f"PostgreSQL after loading and indexing the rows in {load_time:.0f} s; DuckDB loads them into "
        f"memory in {materialise_time:.0f} s"
    )
    ratio = pg_s / duck_s
    print(
        f"DuckDB over Parquet: {duck_s:.2f} s (target: under {TARGET_SECONDS:g} s, "
        f"{'met' if duck_s < TARGET_SECONDS else 'NOT MET'}); {ratio:.1f}x faster than PostgreSQL "
        f"(target: at least {TARGET_RATIO:g}x, {'met' if ratio >= TARGET_RATIO else 'NOT MET'})"
    )


if __name__ == "__main__":
    main()
