"""NumPy and Arrow helpers for drawing synthetic extracts (`extracts.py`): keys, picks, columns.

Kept apart from the drawing so that `extracts.py` reads as the borough's story, and these small
array tools (none of which knows about boroughs or services) can be read and tested on their own.
Instants are microseconds since 1970 (UTC), as the extract stores them (`schema.UTC_INSTANT`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from livingwell.analytics.kpis.schema import KEY, UTC_INSTANT

Array = np.ndarray[Any, Any]
HOUR = 3_600_000_000  # microseconds
DAY = 24 * HOUR

_MASK = np.uint64((1 << 63) - 1)


def pseudonyms(salt: int, n: int) -> Array:
    """Return n distinct positive 63-bit keys: counters through an invertible mix (splitmix-like).

    Counters start at 1 and the mix keeps 0 at 0, so no key is 0; different salts (26 bits) use
    disjoint counter ranges, so their keys never meet.
    """
    x = np.arange(1, n + 1, dtype=np.uint64) + np.uint64((salt & 0x3FFFFFF) << 36)  # never 0
    # Each step is a bijection on [0, 2**63): xor with a right shift, and multiplication by an odd
    # constant modulo 2**63.
    x ^= x >> np.uint64(30)
    x = (x * np.uint64(0xBF58476D1CE4E5B9)) & _MASK
    x ^= x >> np.uint64(27)
    x = (x * np.uint64(0x94D049BB133111EB)) & _MASK
    x ^= x >> np.uint64(31)
    return x.astype(np.int64)


def pick(rng: np.random.Generator, weights: Mapping[str, float] | Sequence[float] | Array, n: int) -> Array:
    """Draw n positions in `weights` (a mapping's values, or a sequence) in proportion to them."""
    w = np.array(list(weights.values()) if isinstance(weights, Mapping) else weights, float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def strings(labels: Sequence[str], codes: Array) -> pa.Array:
    """Return the label of each code (a position in `labels`) as a string column."""
    return pa.array(labels, pa.string()).take(pa.array(codes))


def utc_instants(us: Array, null: Array | None = None) -> pa.Array:
    """Return microseconds since 1970 as the extract's UTC instant column (null where `null` says)."""
    return pa.array(us, UTC_INSTANT, mask=null)


def refs(keys: Array, index: Array) -> pa.Array:
    """Return the keys of the rows at `index`; a negative index is a null reference."""
    null = index < 0
    values = keys[np.where(null, 0, index)] if len(keys) else np.zeros(len(index), np.int64)
    return pa.array(values, KEY, mask=null)


def segments(counts: Array) -> tuple[Array, Array]:
    """For rows repeated `counts` times: the owner of each row and its position within the owner."""
    owner = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(len(owner)) - starts[owner]
