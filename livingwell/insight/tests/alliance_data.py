"""Hand-built extracts of three boroughs for the alliance pages, with values counted by hand.

The operational borough (E09000022, "Lambeth") has the twelve months of 2024, extracted on
3 January 2025 (so December 2024 is its last complete month):
- hub introductions: 10 in January rising by one a month to 21 in December, every one routine and
  spoken with two hours after it arrived; people alternate White British (A) and Black African (N),
  so over the year 96 White and 90 Black;
- onward introductions to specialist care (direct, from GPs): ONWARD, so August (3) is hidden and
  December reads 9 — below the lower process limit, an improvement (lower is better);
- one direct crisis introduction a month (Black African): a hidden count every month, 12 in the year.
Two synthetic boroughs sit beside it with steady months.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from livingwell.analytics.kpis import population, store
from livingwell.analytics.tests.extract_data import Extract, at

OWN, SOUTHWARK, WANDSWORTH = "E09000022", "E09000028", "E09000032"
MONTHS = [dt.date(2024, m, 1) for m in range(1, 13)]
EXTRACTED = at(2025, 1, 3, 6)
ONWARD = (20, 22, 19, 21, 20, 23, 18, 3, 12, 11, 10, 9)
INTRODUCTIONS = tuple(10 + i for i in range(12))


def borough(
    months: list[dt.date], introductions: tuple[int, ...], onward: tuple[int, ...], *, crises: int = 1
) -> Extract:
    """Build a borough's months: introductions spoken with, onward ones and crises, as the docstring says."""
    x = Extract()
    for month, n_intro, n_onward in zip(months, introductions, onward, strict=True):
        day = at(month.year, month.month, 10, 10)
        for n in range(n_intro):
            person = x.person(ethnicity="A" if n % 2 == 0 else "N", previously_known=False)
            intro = x.introduction(person, day)
            x.contact(intro, day + dt.timedelta(hours=2))
        for _ in range(n_onward):
            x.service_introduction(x.person(ethnicity="A"), "specialist_care", day)
        for _ in range(crises):
            x.service_introduction(x.person(ethnicity="N"), "crisis_outreach", day)
    return x


def write(
    root: Path,
    ons_code: str,
    name: str,
    extract: Extract,
    *,
    extracted_at: dt.datetime = EXTRACTED,
    hub_opened: dt.date | None = None,
    scale: float = 1.0,
) -> Path:
    """Write a borough's extract as one batch, with its own name and (scaled) population table."""
    table = population.population(OWN)
    adults = {g: round(n * scale) for g, n in table["adults"].items()}
    manifest: dict[str, Any] = {
        "ons_code": ons_code,
        "borough": name,
        "synthetic": ons_code != OWN,
        "population": {**table, "adults": adults},
        "hub_opened": hub_opened.isoformat() if hub_opened else None,
        "practice": "hand-built for the alliance pages' tests",
    }
    folder = root / ons_code
    store.write_batch(folder, extract.tables(), manifest=manifest, extracted_at=extracted_at)
    return folder


def build(root: Path) -> Path:
    """Write the three boroughs' extracts under `root` and return it."""
    write(root, OWN, "Lambeth", borough(MONTHS, INTRODUCTIONS, ONWARD))
    write(root, SOUTHWARK, "Southwark", borough(MONTHS, (15,) * 12, (30,) * 12), scale=1.2)
    write(root, WANDSWORTH, "Wandsworth", borough(MONTHS, (12,) * 12, (6,) * 12), scale=0.9)
    return root
