"""Time `spc_many` on 10,000 series of 60 points beside `spc` called in a Python loop.

Run as `.venv/bin/python bench/bench_spc.py`. The target (issue 12) is under 25 ms on a 2-core
machine for `spc_many` (a NumPy floor for this much work is about 15-20 ms; it took about 65 ms
before issue 12); the per-series loop is the alternative it must beat, and both must agree.
"""

from __future__ import annotations

import os
import time
import warnings

import numpy as np
import numpy.typing as npt

from livingwell.statistics.spc import POINT_TYPES, spc, spc_many

N_SERIES = 10_000
N_POINTS = 60
REPEATS = 7
TARGET_SECONDS = 0.025


def _series(rng: np.random.Generator) -> npt.NDArray[np.float64]:
    """Return noisy series with steps and drifts, so that every rule has work to do."""
    noise = rng.normal(100.0, 10.0, size=(N_SERIES, N_POINTS))
    step = np.where(np.arange(N_POINTS) >= 40, rng.normal(0.0, 15.0, size=(N_SERIES, 1)), 0.0)
    drift = np.arange(N_POINTS) * rng.normal(0.0, 0.5, size=(N_SERIES, 1))
    return np.round(noise + step + drift, 1)


def main() -> None:
    """Print the timings."""
    rng = np.random.default_rng(20240601)
    values = _series(rng)
    dates = np.arange("2019-01", "2024-01", dtype="datetime64[M]")[:N_POINTS]

    many_times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        many = spc_many(values, dates, target=110.0, rebase=[dates[24]])
        many_times.append(time.perf_counter() - start)

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loop = [spc(row, dates, target=110.0, rebase=[dates[24]]) for row in values]
    loop_time = time.perf_counter() - start

    mismatches = sum(
        [p.point_type for p in result.points] != [POINT_TYPES[code] for code in many.point_type[index]]
        for index, result in enumerate(loop)
    )
    best = min(many_times)
    special = many.special_cause.mean()
    print(f"series x points:          {N_SERIES:,} x {N_POINTS} (one rebase, target set)")
    print(f"cpus available:           {os.cpu_count()}")
    print(f"spc_many best of {REPEATS}:      {best * 1000:8.1f} ms")
    print(f"spc_many median:          {sorted(many_times)[REPEATS // 2] * 1000:8.1f} ms")
    print(f"spc in a Python loop:     {loop_time * 1000:8.1f} ms")
    print(f"speed-up:                 {loop_time / best:8.1f} x")
    print(f"special-cause points:     {special:8.1%}")
    print(f"series that disagree:     {mismatches:8d}")
    print(f"target:                   {TARGET_SECONDS * 1000:8.1f} ms")
    print(f"target met:               {'yes' if best < TARGET_SECONDS else 'NO'}")


if __name__ == "__main__":
    main()
