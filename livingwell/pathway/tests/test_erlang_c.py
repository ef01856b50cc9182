"""Erlang C: the closed form against published values, and the engine against the closed form."""

from __future__ import annotations

import math

import pytest

from livingwell.pathway.engine import DEFAULT_SEED, erlang_c, run_replications, summarise
from livingwell.pathway.tests.factories import mmc


def test_it_matches_the_textbook_mmc_example() -> None:
    # λ = 2, μ = 1, c = 3: offered load 2, ρ = 2/3; Erlang C = 4/9 and Wq = C / (cμ − λ) = 4/9.
    result = erlang_c(2.0, 1.0, 3)
    assert result.utilisation == pytest.approx(2 / 3)
    assert result.probability_of_waiting == pytest.approx(4 / 9)
    assert result.mean_wait == pytest.approx(4 / 9)
    assert result.mean_queue_length == pytest.approx(8 / 9)


def test_it_reduces_to_mm1() -> None:
    # M/M/1: P(wait) = ρ and Wq = ρ / (μ − λ).
    result = erlang_c(0.7, 1.0, 1)
    assert result.probability_of_waiting == pytest.approx(0.7)
    assert result.mean_wait == pytest.approx(0.7 / 0.3)


def test_it_handles_many_servers_without_overflow() -> None:
    result = erlang_c(900.0, 1.0, 1000)
    assert 0 < result.probability_of_waiting < 1
    assert math.isfinite(result.mean_wait)


def test_it_refuses_an_unstable_queue() -> None:
    with pytest.raises(ValueError, match="unstable"):
        erlang_c(3.0, 1.0, 3)


@pytest.mark.parametrize(
    ("arrivals", "rate", "servers"),
    [(2.4, 1.0, 3), (0.7, 1.0, 1), (8.0, 1.0, 10)],
)
def test_the_engine_reproduces_erlang_c_within_its_confidence_interval(
    arrivals: float, rate: float, servers: int
) -> None:
    """Simulated mean wait and utilisation of an M/M/c station bracket the closed form.

    20 replications of 8 years after a 2-month warm-up; the 95% t-interval of the replication
    means must contain Erlang C's Wq and ρ. Fixed seed, so the check is deterministic; being a
    95% interval, about one seed in twenty would miss (160 replications of the c = 10 case give
    0.2069 ± 0.0040 days against Erlang C's 0.2046).
    """
    scenario = mmc(arrivals, rate, servers, months=98, warm_up=2)
    rows = {
        (r.scope, r.measure): r for r in summarise(run_replications(scenario, 20, seed=DEFAULT_SEED, jobs=2))
    }
    expected = erlang_c(arrivals, rate, servers)
    wait = rows[("clinic", "mean_wait_days")]
    utilisation = rows[("clinic", "utilisation")]
    assert wait.ci_low is not None
    assert wait.ci_high is not None
    assert utilisation.ci_low is not None
    assert utilisation.ci_high is not None
    assert wait.ci_low <= expected.mean_wait <= wait.ci_high
    assert utilisation.ci_low <= expected.utilisation <= utilisation.ci_high
    # An interval wide enough to contain anything would make the check empty.
    assert wait.ci_high - wait.ci_low < 0.2 * expected.mean_wait
