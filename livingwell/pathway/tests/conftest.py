"""Keep the simulation tiny in the pathway's Django tests: a short run and few replications."""

from __future__ import annotations

import pytest


@pytest.fixture
def tiny_runs(settings):
    settings.PATHWAY_MONTHS = 4
    settings.PATHWAY_WARM_UP_MONTHS = 1
    settings.PATHWAY_FIRST_REPLICATIONS = 2
    settings.PATHWAY_BATCH_REPLICATIONS = 1
    settings.PATHWAY_MAX_REPLICATIONS = 3
    return settings
