"""London's 33 local authorities, sized roughly as Census 2021 counted them, each with a way of working.

These profiles size and shape *synthetic* borough extracts (`extracts.py`) for borough comparison
in the demo and for a London-sized benchmark. The ONS codes and names are real; the people counts
are approximate Census 2021 figures (usual residents on 21 March 2021, rounded; adults aged 18 and
over estimated from each borough's age structure) and the ethnic mixes are approximate Census 2021
broad-group shares. They are used only to size synthetic data and must not be quoted as statistics.

Everything under "practice" is invented: whether and when a Living Well-style hub opened, how many
introductions it takes, how fast it reaches people, where it sends them. It is shaped by Lambeth's
published results (DOMAIN.md §1 and §5, and `params.py` for the demo borough) so that boroughs
differ the way real ones might: some opened a hub early, some late, two never did.

Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from livingwell.analytics.kpis.population import GROUPS
from livingwell.lib.clocks import month_from_index, month_index

LAMBETH = "E09000022"
# The size against which params.py's monthly counts are stated (Lambeth's adults, DOMAIN.md §5).
LAMBETH_ADULTS = 262_000
CENSUS_DAY = "2021-03-21"


@dataclass(frozen=True)
class BoroughProfile:
    """One borough: who lives there (approximately) and how its synthetic alliance works."""

    ons_code: str
    name: str
    residents: int  # Census 2021 usual residents, approximate
    adults: int  # aged 18 and over, approximate
    mix: dict[str, float]  # Census 2021 broad ethnic group -> percent of residents, approximate
    hub_opened: int | None  # month_index of the hub's first month; None = never
    # Hub introductions per 100,000 adults a month once settled (DOMAIN.md §5: about 240).
    introductions_per_100k: float
    # Share of hub introductions introduced on to specialist care once settled (Lambeth: 2%,
    # which with the few direct referrals makes about 20 a month; DOMAIN.md §1).
    specialist_share: float
    # Chance that a non-blue-light introduction is a crisis (params.CRISIS_SHARE: 5%).
    crisis_share: float
    # How much more often Black residents reach help through A&E and the police, and through
    # crisis (params.CRISIS_ROUTE_MULTIPLIER: 3; DOMAIN.md §5).
    crisis_gap: float
    # Waits for first contact, as a multiple of Lambeth's (params.FIRST_CONTACT_HOURS).
    contact_speed: float
    # Talking Therapies episodes at caseness that recover (Lambeth 2021/22: 56%; standard 50%).
    tt_recovery: float
    note: str  # what sets this borough apart, in plain words

    @property
    def residents_by_group(self) -> dict[str, int]:
        """Return approximate residents per Census 2021 broad group."""
        total = sum(self.mix.values())
        return {g: round(self.residents * self.mix[g] / total) for g in GROUPS}

    @property
    def size(self) -> float:
        """Return the borough's adults as a multiple of Lambeth's, to scale params.py's counts."""
        return self.adults / LAMBETH_ADULTS


def _hub(year: int, month: int) -> int:
    return month_index(dt.date(year, month, 1))


NO_HUB = None

# code, name, residents, adults, % White, Black, Asian, Mixed or other,
# hub opened, introductions per 100k, specialist share, crisis share, crisis gap, contact speed,
# Talking Therapies recovery, what sets it apart.
_ROWS = (
    ("E09000001", "City of London", 8_600, 7_700, 69, 3, 19, 9,
     NO_HUB, 0, 0.0, 0.05, 3.0, 1.0, 0.52, "tiny; no hub of its own, people use neighbouring services"),
    ("E09000002", "Barking and Dagenham", 218_900, 157_000, 45, 21, 26, 8,
     _hub(2019, 10), 260, 0.04, 0.06, 3.5, 1.6, 0.45, "young population; a stretched hub that is slow to call back"),
    ("E09000003", "Barnet", 389_300, 297_000, 58, 8, 19, 15,
     _hub(2016, 4), 280, 0.03, 0.05, 3.0, 1.1, 0.52, "very large; a steady hub"),
    ("E09000004", "Bexley", 246_500, 190_000, 72, 12, 10, 6,
     NO_HUB, 0, 0.0, 0.05, 3.0, 1.0, 0.50, "no hub: GPs refer straight to specialist care"),
    ("E09000005", "Brent", 339_800, 264_000, 35, 18, 34, 13,
     _hub(2016, 1), 300, 0.03, 0.06, 3.5, 1.2, 0.47, "very diverse; a wide gap in crisis routes"),
    ("E09000006", "Bromley", 330_000, 255_000, 77, 7, 8, 8,
     _hub(2018, 4), 260, 0.03, 0.04, 2.5, 1.0, 0.54, "large and suburban; fewer crises"),
    ("E09000007", "Camden", 210_100, 174_000, 60, 9, 18, 13,
     _hub(2015, 1), 340, 0.02, 0.05, 3.0, 0.9, 0.55, "an early hub with a broad front door"),
    ("E09000008", "Croydon", 390_800, 297_000, 48, 23, 17, 12,
     _hub(2024, 10), 280, 0.04, 0.06, 3.5, 1.8, 0.46, "London's most populous borough; a hub opened late, in October 2024"),
    ("E09000009", "Ealing", 367_100, 282_000, 43, 11, 31, 15,
     _hub(2016, 10), 290, 0.03, 0.05, 3.0, 1.1, 0.50, "very large and diverse"),
    ("E09000010", "Enfield", 330_000, 246_000, 52, 18, 11, 19,
     _hub(2016, 10), 280, 0.03, 0.05, 3.0, 1.3, 0.49, "large; a hub still finding its feet"),
    ("E09000011", "Greenwich", 289_100, 219_000, 56, 21, 13, 10,
     _hub(2016, 7), 280, 0.03, 0.05, 3.0, 1.0, 0.51, "a hub shaped on Lambeth's"),
    ("E09000012", "Hackney", 259_200, 203_000, 53, 21, 10, 16,
     _hub(2014, 10), 320, 0.02, 0.05, 2.5, 0.9, 0.53, "an early hub; the crisis gap narrowing"),
    ("E09000013", "Hammersmith and Fulham", 183_200, 150_000, 63, 12, 10, 15,
     _hub(2016, 4), 280, 0.03, 0.05, 3.0, 1.0, 0.52, "mid-sized; a steady hub"),
    ("E09000014", "Haringey", 264_200, 208_000, 57, 18, 9, 16,
     _hub(2017, 10), 300, 0.03, 0.06, 3.5, 1.3, 0.48, "high need; slower first contact"),
    ("E09000015", "Harrow", 261_200, 202_000, 36, 8, 46, 10,
     _hub(2021, 4), 260, 0.04, 0.04, 3.0, 1.2, 0.50, "a hub opened after the pandemic"),
    ("E09000016", "Havering", 262_000, 203_000, 75, 8, 11, 6,
     _hub(2023, 1), 250, 0.05, 0.04, 2.5, 1.4, 0.49, "outer London; a hub opened in 2023"),
    ("E09000017", "Hillingdon", 305_900, 233_000, 48, 8, 33, 11,
     _hub(2019, 1), 270, 0.04, 0.05, 3.0, 1.2, 0.50, "large; Heathrow brings many crises through A&E"),
    ("E09000018", "Hounslow", 288_200, 222_000, 42, 7, 38, 13,
     _hub(2017, 4), 280, 0.03, 0.05, 3.0, 1.1, 0.51, "diverse; a steady hub"),
    ("E09000019", "Islington", 216_600, 180_000, 59, 13, 10, 18,
     _hub(2014, 4), 320, 0.02, 0.05, 2.5, 0.8, 0.55, "an early hub that reaches people quickly"),
    ("E09000020", "Kensington and Chelsea", 143_400, 118_000, 63, 8, 11, 18,
     _hub(2016, 1), 280, 0.03, 0.05, 3.0, 1.0, 0.53, "small and unequal"),
    ("E09000021", "Kingston upon Thames", 168_000, 131_000, 68, 3, 19, 10,
     _hub(2019, 7), 260, 0.02, 0.04, 2.5, 0.7, 0.56, "small; a quick hub with good outcomes"),
    (LAMBETH, "Lambeth", 317_714, 262_000, 55.03, 23.96, 7.26, 13.75,
     _hub(2013, 4), 240, 0.02, 0.05, 3.0, 1.0, 0.56, "the first Living Well hub (2013), as params.py describes it"),
    ("E09000023", "Lewisham", 300_600, 234_000, 51, 27, 9, 13,
     _hub(2015, 7), 290, 0.03, 0.05, 3.0, 1.0, 0.52, "a large Black Caribbean community; an early hub"),
    ("E09000024", "Merton", 215_200, 166_000, 60, 11, 18, 11,
     _hub(2018, 4), 270, 0.03, 0.05, 3.0, 1.1, 0.51, "mid-sized; a steady hub"),
    ("E09000025", "Newham", 351_100, 262_000, 31, 18, 42, 9,
     _hub(2017, 1), 380, 0.03, 0.06, 4.0, 1.5, 0.45, "young and very diverse; a broad front door that is often busy"),
    ("E09000026", "Redbridge", 310_300, 233_000, 35, 9, 47, 9,
     _hub(2020, 1), 270, 0.04, 0.05, 3.0, 1.2, 0.49, "a hub opened just before the pandemic"),
    ("E09000027", "Richmond upon Thames", 195_200, 150_000, 80, 2, 10, 8,
     _hub(2016, 7), 250, 0.02, 0.04, 2.5, 0.8, 0.57, "affluent; quick contact, high recovery"),
    ("E09000028", "Southwark", 307_700, 250_000, 51, 25, 10, 14,
     _hub(2014, 1), 290, 0.02, 0.05, 3.0, 0.9, 0.54, "Lambeth's neighbour; an early hub"),
    ("E09000029", "Sutton", 209_600, 161_000, 70, 6, 16, 8,
     _hub(2021, 10), 250, 0.04, 0.04, 2.5, 1.2, 0.52, "a hub opened in 2021"),
    ("E09000030", "Tower Hamlets", 310_300, 244_000, 39, 7, 45, 9,
     _hub(2015, 4), 320, 0.03, 0.05, 3.0, 1.2, 0.48, "young and dense; a large Bangladeshi community"),
    ("E09000031", "Waltham Forest", 278_400, 214_000, 53, 15, 21, 11,
     _hub(2018, 10), 280, 0.03, 0.05, 3.0, 1.1, 0.50, "a hub shaped on Lambeth's"),
    ("E09000032", "Wandsworth", 327_500, 263_000, 68, 11, 11, 10,
     _hub(2015, 10), 280, 0.03, 0.04, 3.0, 1.0, 0.54, "large; many young adults"),
    ("E09000033", "Westminster", 204_300, 171_000, 55, 8, 19, 18,
     _hub(2016, 1), 310, 0.03, 0.06, 3.0, 1.0, 0.50, "many people sleeping rough reach help through the police"),
)  # fmt: skip

BOROUGHS: dict[str, BoroughProfile] = {
    row[0]: BoroughProfile(*row[:4], dict(zip(GROUPS, map(float, row[4:8]), strict=True)), *row[8:])
    for row in _ROWS
}
LONDON_BOROUGHS: tuple[str, ...] = tuple(sorted(BOROUGHS))

# Boroughs to compare with the operational borough (Lambeth, whose own extract the platform
# writes, so it is left out): one without a hub, one whose hub opened late (inside a three-year
# demo window), an early hub next door, a small one with a quick hub, and a very diverse one with
# a busy broad front door.
COMPARISON_BOROUGHS: tuple[str, ...] = (
    "E09000004",  # Bexley: no hub
    "E09000008",  # Croydon: very large, hub opened October 2024
    "E09000028",  # Southwark: Lambeth's neighbour, early hub
    "E09000021",  # Kingston upon Thames: small, quick hub
    "E09000025",  # Newham: large, young, very diverse, broad and busy front door
)


def profile(ons_code: str) -> BoroughProfile:
    """Return a London borough's profile; a KeyError names an unknown code."""
    if ons_code not in BOROUGHS:
        raise KeyError(f"{ons_code} is not one of London's 33 local authorities (E09000001..E09000033)")
    return BOROUGHS[ons_code]


def _month_name(index: int) -> str:
    month = month_from_index(index)
    return f"{month:%B} {month.year}"


def practice_words(p: BoroughProfile) -> str:
    """Say in plain words how this synthetic borough works and how it differs from Lambeth."""
    if p.hub_opened is None:
        door = (
            "No Living Well hub: GPs refer straight to specialist care and to Talking Therapies, "
            "and crises reach Crisis Outreach through A&E and the police."
        )
    else:
        speed = (
            "as quickly as Lambeth's"
            if abs(p.contact_speed - 1.0) < 0.05
            else f"{p.contact_speed:.1f} times as long as Lambeth's"
            if p.contact_speed > 1
            else f"{1 / p.contact_speed:.1f} times faster than Lambeth's"
        )
        door = (
            f"A Living Well-style hub since {_month_name(p.hub_opened)}, taking about "
            f"{p.introductions_per_100k:.0f} introductions per 100,000 adults a month once settled, "
            f"{p.specialist_share:.0%} of them on to specialist care; first contact takes {speed}."
        )
    return (
        f"Synthetic. {p.note[0].upper()}{p.note[1:]}. {door} Black residents reach help through "
        f"crisis routes about {p.crisis_gap:g} times as often as White residents; about "
        f"{p.tt_recovery:.0%} of Talking Therapies episodes at caseness recover. People counts are "
        f"approximate Census 2021 figures, used only to size the data."
    )
