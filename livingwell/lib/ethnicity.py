"""One grouping of ethnicity for every count, breakdown and rate the platform shows.

People are recorded with the NHS Data Dictionary's ETHNIC CATEGORY codes (DOMAIN.md §5). They are
grouped, everywhere, into Census 2021's broad groups — White, Black, Asian (which in Census 2021
includes Chinese), and Mixed or other — because the equity rates divide by the Census population,
and because two pages grouping the same people differently would give back small numbers by
subtraction (the alliance's "Asian" minus the hub's "Asian" would be the month's Chinese
introductions). "Mixed or other" is one group because the Census table the population comes from
(`analytics/kpis/population.json`) has them together. Z (not stated) and 99 (not known) are apart.
"""

from __future__ import annotations

GROUPS = ("White", "Black", "Asian", "Mixed or other")
NOT_STATED = "Not stated or not known"
# NHS Data Dictionary ETHNIC CATEGORY → Census 2021 broad group. R (Chinese) is Asian in Census 2021
# though the Data Dictionary's 2001 grouping puts it under "other ethnic groups".
CENSUS_GROUP = {
    "A": "White", "B": "White", "C": "White",
    "M": "Black", "N": "Black", "P": "Black",
    "H": "Asian", "J": "Asian", "K": "Asian", "L": "Asian", "R": "Asian",
    "D": "Mixed or other", "E": "Mixed or other", "F": "Mixed or other", "G": "Mixed or other",
    "S": "Mixed or other",
}  # fmt: skip
ETHNIC_GROUP = {**CENSUS_GROUP, "Z": NOT_STATED, "99": NOT_STATED}


def group_of(code: str) -> str:
    """Return the broad group of an ETHNIC CATEGORY code; unknown or blank codes are not stated."""
    return ETHNIC_GROUP.get(code, NOT_STATED)
