"""SWEMWBS is always reported through the published raw-to-metric table, checked in full."""

import itertools

import pytest

from livingwell.outcomes import score
from livingwell.outcomes.instruments import SWEMWBS_RAW_TO_METRIC

# An independent copy of the published table (Warwick Medical School; Stewart-Brown et al.
# 2009), typed from the source rather than from the code, so an edit to either is caught.
PUBLISHED_TABLE = [
    (7, 7.00), (8, 9.51), (9, 11.25), (10, 12.40), (11, 13.33), (12, 14.08), (13, 14.75),
    (14, 15.32), (15, 15.84), (16, 16.36), (17, 16.88), (18, 17.43), (19, 17.98), (20, 18.59),
    (21, 19.25), (22, 19.98), (23, 20.73), (24, 21.54), (25, 22.35), (26, 23.21), (27, 24.11),
    (28, 25.03), (29, 26.02), (30, 27.03), (31, 28.13), (32, 29.31), (33, 30.70), (34, 32.55),
    (35, 35.00),
]  # fmt: skip


def test_the_table_covers_every_raw_score_from_7_to_35_and_nothing_else() -> None:
    assert sorted(SWEMWBS_RAW_TO_METRIC) == list(range(7, 36))


def test_the_table_matches_the_published_values() -> None:
    assert dict(SWEMWBS_RAW_TO_METRIC) == dict(PUBLISHED_TABLE)


@pytest.mark.parametrize(("raw", "metric"), PUBLISHED_TABLE)
def test_every_raw_score_is_reported_as_its_metric_score(raw: int, metric: float) -> None:
    # Spread the raw total over the seven 1-5 items, filling from the first.
    answers = [1] * 7
    remaining = raw - 7
    for index in range(7):
        step = min(remaining, 4)
        answers[index] += step
        remaining -= step
    result = score("SWEMWBS", answers)
    assert result.total == raw
    assert result.value == metric


@pytest.mark.parametrize(("raw", "metric"), [(7, 7.00), (14, 15.32), (21, 19.25), (28, 25.03), (35, 35.00)])
def test_the_anchor_values_in_domain_md(raw: int, metric: float) -> None:
    assert SWEMWBS_RAW_TO_METRIC[raw] == metric


def test_the_metric_score_rises_with_the_raw_score() -> None:
    metrics = [SWEMWBS_RAW_TO_METRIC[raw] for raw in range(7, 36)]
    assert all(lower < higher for lower, higher in itertools.pairwise(metrics))


def test_the_same_raw_total_gives_the_same_metric_whatever_the_items() -> None:
    assert score("SWEMWBS", [5, 1, 1, 1, 1, 1, 1]).value == score("SWEMWBS", [1, 1, 1, 1, 1, 1, 5]).value
