"""Adults by broad ethnic group, as the denominator of the equity rates (per 1,000 adults).

The groups are Census 2021's broad groups, because the population they are divided by comes from
the Census: White, Black, Asian (which in Census 2021 includes Chinese) and Mixed or other. The NHS
Data Dictionary's ethnic category codes map onto them; Z (not stated) and 99 (not known) have no
population, so their introductions are counted but given no rate.

A borough's table is data with its source and date: the operational borough's own is in
`population.json` (Census 2021); a synthetic extract carries its own in its manifest, marked as such.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from livingwell.lib.ethnicity import CENSUS_GROUP, GROUPS, NOT_STATED

# The groups and the code mapping are the platform's one grouping of ethnicity.
__all__ = ["CENSUS_GROUP", "GROUPS", "NOT_STATED", "adults_by_group", "known_boroughs", "population"]
POPULATION_FILE = Path(__file__).with_name("population.json")


@cache
def _tables() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(POPULATION_FILE.read_text())
    return data


def known_boroughs() -> list[str]:
    """Return the ONS codes with a Census population table in `population.json`."""
    return sorted(_tables())


def adults_by_group(residents: dict[str, int], adults: int) -> dict[str, int]:
    """Share `adults` among the groups in proportion to residents (largest remainder, so they sum)."""
    total = sum(residents[g] for g in GROUPS)
    exact = {g: adults * residents[g] / total for g in GROUPS}
    shares = {g: int(v) for g, v in exact.items()}
    for g in sorted(GROUPS, key=lambda g: exact[g] - shares[g], reverse=True)[
        : adults - sum(shares.values())
    ]:
        shares[g] += 1
    return shares


def population(ons_code: str) -> dict[str, Any]:
    """Return the manifest's `population` entry for a borough with a Census table.

    Raises KeyError naming the code when `population.json` has no table for it.
    """
    tables = _tables()
    if ons_code not in tables:
        raise KeyError(f"No Census 2021 population table for borough {ons_code} in {POPULATION_FILE.name}")
    t = tables[ons_code]
    return {
        "as_of": t["as_of"],
        "source": f"{t['residents_source']}. {t['adults_source']}. {t['method']}",
        "adults": adults_by_group(t["residents_by_group"], t["adults"]),
    }
