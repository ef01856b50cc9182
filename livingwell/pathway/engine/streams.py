"""Random streams: one seeded generator per replication, purpose and name; no global generator.

Each replication's SeedSequence comes from `SeedSequence(seed).spawn(n)` (so replication r has
spawn key (r,)). Below it, instead of spawning children in order — which would tie a stream to the
position of a service in the file — each stream extends that key with its purpose and a stable hash
of its name: `(r, purpose, crc32(name))`. This is what `spawn` does internally, keyed by meaning
rather than order, and it gives common random numbers: the n-th GP introduction, the n-th service
time at the hub or the n-th routing decision from crisis outreach use the same number in any two
scenarios that share those names, so a comparison shows the effect of the change and less noise.

Draws are made in blocks (one NumPy call per 1,024 numbers) and handed out one at a time, because a
scalar NumPy call costs about a microsecond and the engine needs one for every event.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from enum import IntEnum

import numpy as np

from livingwell.pathway.engine.scenario import Distribution

BLOCK = 1024


class Purpose(IntEnum):
    """What a stream is used for; part of its seed so that purposes never share numbers."""

    ARRIVALS = 1
    SERVICE_TIME = 2
    ROUTING = 3
    DETERIORATION = 4
    REINTRODUCTION_CHOICE = 5
    REINTRODUCTION_DELAY = 6


def stream_seed(replication: np.random.SeedSequence, purpose: Purpose, name: str) -> np.random.SeedSequence:
    """Return the SeedSequence for one purpose and name within a replication."""
    key = (*replication.spawn_key, int(purpose), zlib.crc32(name.encode("utf-8")))
    return np.random.SeedSequence(replication.entropy, spawn_key=key)


def generator(replication: np.random.SeedSequence, purpose: Purpose, name: str) -> np.random.Generator:
    """Return a fresh generator for one purpose and name within a replication."""
    return np.random.Generator(np.random.PCG64(stream_seed(replication, purpose, name)))


class Draws:
    """Hand out numbers one at a time from blocks drawn by `draw_block(size)`."""

    __slots__ = ("_block", "_draw_block", "_next")

    def __init__(self, draw_block: Callable[[int], np.ndarray]) -> None:
        self._draw_block = draw_block
        self._block: list[float] = []
        self._next = 0

    def __call__(self) -> float:
        """Return the next number in the stream."""
        i = self._next
        block = self._block
        if i == len(block):
            block = self._block = self._draw_block(BLOCK).tolist()
            i = 0
        self._next = i + 1
        return block[i]


def distribution_block(rng: np.random.Generator, spec: Distribution) -> Callable[[int], np.ndarray]:
    """Return a block sampler for a time-with-service distribution (days)."""
    family = spec.distribution
    if family == "exponential":
        mean = spec.expected()
        return lambda size: rng.exponential(mean, size)
    if family == "fixed":
        value = spec.expected()
        return lambda size: np.full(size, value)
    if family == "uniform":
        assert spec.low is not None
        assert spec.high is not None
        low, high = spec.low, spec.high
        return lambda size: rng.uniform(low, high, size)
    assert spec.mean is not None
    assert spec.sd is not None
    mean, sd = spec.mean, spec.sd
    if family == "lognormal":
        # Moments of the lognormal: E = exp(mu + s²/2), Var = (exp(s²) - 1)·E².
        sigma2 = math.log1p((sd / mean) ** 2)
        mu = math.log(mean) - sigma2 / 2
        sigma = math.sqrt(sigma2)
        return lambda size: rng.lognormal(mu, sigma, size)
    # Gamma with shape k = (mean/sd)² and scale θ = sd²/mean has the given mean and sd.
    shape, scale = (mean / sd) ** 2, sd * sd / mean
    return lambda size: rng.gamma(shape, scale, size)


def uniforms(replication: np.random.SeedSequence, purpose: Purpose, name: str) -> Draws:
    """Return a stream of uniform numbers on [0, 1)."""
    rng = generator(replication, purpose, name)
    return Draws(rng.random)


def standard_exponentials(replication: np.random.SeedSequence, purpose: Purpose, name: str) -> Draws:
    """Return a stream of standard exponential numbers (mean 1)."""
    rng = generator(replication, purpose, name)
    return Draws(rng.standard_exponential)


def durations(replication: np.random.SeedSequence, purpose: Purpose, name: str, spec: Distribution) -> Draws:
    """Return a stream of durations (days) from a distribution."""
    return Draws(distribution_block(generator(replication, purpose, name), spec))
