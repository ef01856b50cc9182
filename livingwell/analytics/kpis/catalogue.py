"""The KPI catalogue: one definition of each alliance measure, run on any borough's extract.

Each KPI is plain words (what a board member reads), its numerator and denominator, the direction
that is better, a target where the alliance has one, and one SQL query over the extract's tables
(`schema.py`). Every page, download, board pack, borough comparison and benchmark runs these
queries and nothing else, so that no number is computed two ways.

The SQL is written once for both engines that run it, DuckDB (the analytic store) and PostgreSQL,
using only what both read alike: joins, EXISTS, CASE, COUNT(DISTINCT), window functions, CEIL and
integer month numbers (`month_index`) instead of date arithmetic. Every query returns the columns
`ons_code, month, grp, numerator, denominator` (grp is 'All' unless the KPI is broken down, and
denominator is NULL for a count). Ratios are taken in Python, never in SQL, where the engines'
integer division differs.

The rules are those of the hub's measures (`insight/measures.py`, whose ORM queries feed the hub's
live dashboard); a test runs both over the same records and asserts they agree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from livingwell.analytics.kpis.population import CENSUS_GROUP, NOT_STATED
from livingwell.lib.ages import UNDER_18
from livingwell.outcomes.instruments import get_instrument
from livingwell.statistics.direction import Improvement


class Kind(enum.StrEnum):
    """How a KPI's value is made from its numerator and denominator."""

    COUNT = "count"  # the numerator; the denominator is NULL
    SHARE = "share"  # numerator / denominator, as a percentage
    MEDIAN = "median"  # the numerator is a median; the denominator the number it is taken over
    RATE = "rate"  # numerator per `per` of the denominator (adults), for equity breakdowns


@dataclass(frozen=True)
class KPI:
    id: str
    title: str
    definition: str
    numerator: str
    denominator: str
    kind: Kind
    unit: str
    improvement: Improvement
    sql: str
    target: float | None = None
    target_source: str = ""
    # Rates compare boroughs per this many adults.
    per: int = 100_000
    breakdown: str = ""  # the grouping the query breaks down by ('' = none)
    # For a breakdown: the headline KPI whose count its groups add up to (nearly: adults only).
    total_of: str = ""


# --- Shared pieces of SQL ---------------------------------------------------------------------
EARLY_HELP = ("staying_well", "short_term_support", "peer_support", "timebank")  # network.EARLY_HELP_KINDS


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


# DOMAIN.md §3: crisis introductions are hub introductions with urgency crisis, and direct
# introductions to Crisis Outreach.
CRISES = """
    SELECT ons_code, person_key, received_at AS crisis_at, month, month_index FROM introductions
    WHERE urgency = 'crisis'
    UNION ALL
    SELECT ons_code, person_key, made_at AS crisis_at, month, month_index FROM service_introductions
    WHERE introduction_key IS NULL AND service_kind = 'crisis_outreach'
"""

# In contact with the hub (spoke with them) or attending an early-help session, when the
# introduction behind it was not a crisis (insight/measures.py BEFORE_CRISIS).
IN_CONTACT = f"""
    SELECT c.ons_code, i.person_key, c.contacted_at AS event_at, c.month, c.month_index
    FROM contacts c
    JOIN introductions i ON i.ons_code = c.ons_code AND i.introduction_key = c.introduction_key
    WHERE c.outcome = 'spoke' AND i.urgency <> 'crisis'
    UNION ALL
    SELECT s.ons_code, e.person_key, s.held_at AS event_at, s.month, s.month_index
    FROM sessions s
    JOIN episodes e ON e.ons_code = s.ons_code AND e.episode_key = s.episode_key
    LEFT JOIN service_introductions si
      ON si.ons_code = e.ons_code AND si.service_introduction_key = e.service_introduction_key
    LEFT JOIN introductions i ON i.ons_code = si.ons_code AND i.introduction_key = si.introduction_key
    WHERE s.attendance = 'attended' AND e.service_kind IN {_in(EARLY_HELP)}
      AND (i.urgency IS NULL OR i.urgency <> 'crisis')
"""

# No crisis introduction from the start of the same calendar month a year earlier up to and
# including the contact (DOMAIN.md §3, "no crisis contact in the previous 12 months").
BEFORE_CRISIS_EVENTS = f"""
    WITH crises AS ({CRISES}), in_contact AS ({IN_CONTACT})
    SELECT ev.ons_code, ev.month, ev.person_key FROM in_contact ev
    WHERE NOT EXISTS (
        SELECT 1 FROM crises cr
        WHERE cr.ons_code = ev.ons_code AND cr.person_key = ev.person_key
          AND cr.month_index >= ev.month_index - 12 AND cr.crisis_at <= ev.event_at
    )
"""

# The equity rates divide by adults, so they count adults: introductions of people under 18 at
# receipt are left out. Direct introductions carry no age; Crisis Outreach is an adult service.
ADULT_CRISES = f"""
    SELECT ons_code, person_key, month FROM introductions
    WHERE urgency = 'crisis' AND age_band <> '{UNDER_18}'
    UNION ALL
    SELECT ons_code, person_key, month FROM service_introductions
    WHERE introduction_key IS NULL AND service_kind = 'crisis_outreach'
"""

# First contact: the first attempt at which the hub spoke with the person.
FIRST_CONTACTS = """
    SELECT i.ons_code, i.month, i.urgency, i.standard_hours, i.received_at, MIN(c.contacted_at) AS first_at
    FROM introductions i
    JOIN contacts c ON c.ons_code = i.ons_code AND c.introduction_key = i.introduction_key
    WHERE c.outcome = 'spoke'
    GROUP BY i.ons_code, i.introduction_key, i.month, i.urgency, i.standard_hours, i.received_at
"""

_PHQ9, _GAD7 = get_instrument("PHQ-9"), get_instrument("GAD-7")
if not (_PHQ9.cutoff and _PHQ9.reliable_change and _GAD7.cutoff and _GAD7.reliable_change):
    raise RuntimeError("PHQ-9 and GAD-7 must define a cut-off and reliable change")
# NHS Talking Therapies (DOMAIN.md §3): the thresholds come from the instrument definitions, which
# cite the Talking Therapies manual (case PHQ-9 ≥ 10 or GAD-7 ≥ 8; reliable change 6 and 4).
PHQ9_CASE, GAD7_CASE = _PHQ9.cutoff.threshold, _GAD7.cutoff.threshold
PHQ9_RELIABLE, GAD7_RELIABLE = _PHQ9.reliable_change.threshold, _GAD7.reliable_change.threshold

# Talking Therapies episodes ended in the month, one row each, saying whether they count (at least
# two attended treatment sessions and a first and a last score on both PHQ-9 and GAD-7, first and
# last by time: outcomes/summary.py) and how they changed. Whether an episode counts is a column, not
# a filter, and the KPIs sum it: PostgreSQL guesses filters on per-episode aggregates badly (180
# episodes for 260,000) and then chose a nested loop over a hash table that ran for over 15 minutes
# at London scale; with no such filter before the joins it takes seconds.
TALKING_THERAPIES_PAIRS = f"""
    WITH ranked AS (
        SELECT ons_code, episode_key, instrument, total,
               ROW_NUMBER() OVER (PARTITION BY ons_code, episode_key, instrument
                                  ORDER BY completed_at, score_key) AS from_first,
               ROW_NUMBER() OVER (PARTITION BY ons_code, episode_key, instrument
                                  ORDER BY completed_at DESC, score_key DESC) AS from_last
        FROM scores WHERE episode_key IS NOT NULL AND instrument IN ('PHQ-9', 'GAD-7')
    ),
    paired AS (
        SELECT ons_code, episode_key,
               MAX(CASE WHEN instrument = 'PHQ-9' AND from_first = 1 THEN total END) AS phq_first,
               MAX(CASE WHEN instrument = 'PHQ-9' AND from_last = 1 THEN total END) AS phq_last,
               MAX(CASE WHEN instrument = 'GAD-7' AND from_first = 1 THEN total END) AS gad_first,
               MAX(CASE WHEN instrument = 'GAD-7' AND from_last = 1 THEN total END) AS gad_last,
               MAX(CASE WHEN instrument = 'PHQ-9' THEN from_first END) AS phq_n,
               MAX(CASE WHEN instrument = 'GAD-7' THEN from_first END) AS gad_n
        FROM ranked GROUP BY ons_code, episode_key
    ),
    treated AS (
        SELECT ons_code, episode_key, COUNT(*) AS sessions FROM sessions
        WHERE kind = 'treatment' AND attendance = 'attended' GROUP BY ons_code, episode_key
    )
    SELECT e.ons_code, e.discharged_month AS month,
           CASE WHEN t.sessions >= 2 AND p.phq_n >= 2 AND p.gad_n >= 2 THEN 1 ELSE 0 END AS counted,
           CASE WHEN (p.phq_first - p.phq_last >= {PHQ9_RELIABLE} OR p.gad_first - p.gad_last >= {GAD7_RELIABLE})
                 AND NOT (p.phq_last - p.phq_first >= {PHQ9_RELIABLE} OR p.gad_last - p.gad_first >= {GAD7_RELIABLE})
                THEN 1 ELSE 0 END AS improved,
           CASE WHEN p.phq_first >= {PHQ9_CASE} OR p.gad_first >= {GAD7_CASE} THEN 1 ELSE 0 END AS case_start,
           CASE WHEN p.phq_last >= {PHQ9_CASE} OR p.gad_last >= {GAD7_CASE} THEN 1 ELSE 0 END AS case_end
    FROM episodes e
    LEFT JOIN paired p ON p.ons_code = e.ons_code AND p.episode_key = e.episode_key
    LEFT JOIN treated t ON t.ons_code = e.ons_code AND t.episode_key = e.episode_key
    WHERE e.service_kind = 'talking_therapies' AND e.discharged_month IS NOT NULL
"""


def _census_group(column: str) -> str:
    whens = " ".join(f"WHEN {column} = '{code}' THEN '{group}'" for code, group in CENSUS_GROUP.items())
    return f"CASE {whens} ELSE '{NOT_STATED}' END"


def _by_census_group(events: str) -> str:
    """Count `events` (rows with ons_code, month, person_key) by month and the person's Census group."""
    group = _census_group("p.ethnicity")
    return f"""
        SELECT e.ons_code, e.month, {group} AS grp, COUNT(*) AS numerator, NULL AS denominator
        FROM ({events}) e JOIN people p ON p.ons_code = e.ons_code AND p.person_key = e.person_key
        GROUP BY e.ons_code, e.month, {group}
    """


# --- The KPIs ---------------------------------------------------------------------------------
INTRODUCTIONS = KPI(
    id="introductions",
    title="Introductions to the hub",
    definition="Introductions the hub received in the month, from every source (DOMAIN.md §5: about "
    "240 per 100,000 adults a month in a borough with a hub).",
    numerator="Hub introductions received in the month",
    denominator="None (a count); boroughs are compared per 100,000 adults",
    kind=Kind.COUNT,
    unit="introductions",
    improvement=Improvement.NEUTRAL,
    sql="""
        SELECT ons_code, month, 'All' AS grp, COUNT(*) AS numerator, NULL AS denominator
        FROM introductions GROUP BY ons_code, month
    """,
)

BEFORE_CRISIS = KPI(
    id="before-crisis",
    title="People supported before crisis",
    definition="Distinct people in contact with the hub or an early-help service (staying well, Short "
    "Term Support, peer support, timebank) in the month, whose introduction was not a crisis and who "
    "had no crisis introduction from the start of the same month a year earlier up to that contact "
    "(DOMAIN.md §3). Lambeth: 400 to 500 a month.",
    numerator="Distinct people in contact in the month, before crisis",
    denominator="None (a count); boroughs are compared per 100,000 adults",
    kind=Kind.COUNT,
    unit="people",
    improvement=Improvement.INCREASE,
    sql=f"""
        SELECT ons_code, month, 'All' AS grp, COUNT(DISTINCT person_key) AS numerator, NULL AS denominator
        FROM ({BEFORE_CRISIS_EVENTS}) b GROUP BY ons_code, month
    """,
)

PREVIOUSLY_UNKNOWN = KPI(
    id="previously-unknown",
    title="Supported before crisis and previously unknown to specialist care",
    definition="Of the people supported before crisis in the month whose records have been checked, "
    "the share with no episode with specialist services before their introduction (DOMAIN.md §3). "
    "People not yet checked are left out of both counts.",
    numerator="People supported before crisis recorded as previously unknown to specialist care",
    denominator="People supported before crisis whose records have been checked",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    target=60.0,
    target_source="Lambeth's achievement: over 60% previously unknown (DOMAIN.md §1)",
    sql=f"""
        SELECT b.ons_code, b.month, 'All' AS grp,
               COUNT(DISTINCT CASE WHEN p.previously_known = FALSE THEN b.person_key END) AS numerator,
               COUNT(DISTINCT CASE WHEN p.previously_known IS NOT NULL THEN b.person_key END) AS denominator
        FROM ({BEFORE_CRISIS_EVENTS}) b
        JOIN people p ON p.ons_code = b.ons_code AND p.person_key = b.person_key
        GROUP BY b.ons_code, b.month
    """,
)

TIME_TO_FIRST_CONTACT = KPI(
    id="time-to-first-contact",
    title="Time to first contact (routine, median)",
    definition="For routine introductions received in the month that the hub has spoken with: the "
    "median time from receipt to the first contact at which the hub spoke with the person, by the "
    "nearest-rank method (the smallest wait at or above which half of the waits fall). Routine only: "
    "a median across urgencies would mix a 4-hour and a 4-week standard.",
    numerator="Median hours from receipt to first contact",
    denominator="Routine introductions contacted",
    kind=Kind.MEDIAN,
    unit="hours",
    improvement=Improvement.DECREASE,
    sql=f"""
        WITH waits AS (
            SELECT ons_code, month,
                   EXTRACT(EPOCH FROM (first_at - received_at)) / 3600.0 AS hours
            FROM ({FIRST_CONTACTS}) f WHERE urgency = 'routine'
        ),
        ranked AS (
            SELECT ons_code, month, hours,
                   ROW_NUMBER() OVER (PARTITION BY ons_code, month ORDER BY hours) AS rank_,
                   COUNT(*) OVER (PARTITION BY ons_code, month) AS n
            FROM waits
        )
        SELECT ons_code, month, 'All' AS grp, hours AS numerator, n AS denominator
        FROM ranked WHERE rank_ = CEIL(0.5 * n)
    """,
)

WITHIN_STANDARD = KPI(
    id="contact-within-standard",
    title="First contact within the waiting standard",
    definition="Of introductions received in the month that the hub has spoken with, the share first "
    "spoken with within the standard for their urgency (DOMAIN.md §3: crisis 4 hours, urgent 24 hours, "
    "routine 4 weeks, or the hub's own setting when extracted). A wait exactly at the standard meets it.",
    numerator="Introductions first contacted within their standard",
    denominator="Introductions contacted",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    target=90.0,
    target_source="The alliance's own target (an assumption of this platform; set it in the catalogue)",
    sql=f"""
        SELECT ons_code, month, 'All' AS grp,
               SUM(CASE WHEN first_at <= received_at + standard_hours * INTERVAL '1 hour'
                        THEN 1 ELSE 0 END) AS numerator,
               COUNT(*) AS denominator
        FROM ({FIRST_CONTACTS}) f GROUP BY ons_code, month
    """,
)

ONWARD_SPECIALIST = KPI(
    id="onward-specialist",
    title="Onward introductions to specialist care",
    definition="Introductions to specialist care made in the month, by the hub or direct (a GP "
    "referring straight to the community mental health team), declined ones included: the demand "
    "placed on specialist care. Lambeth: about 100 a month before the hub, about 20 after (DOMAIN.md §1).",
    numerator="Introductions to specialist care made in the month",
    denominator="None (a count); boroughs are compared per 100,000 adults",
    kind=Kind.COUNT,
    unit="introductions",
    improvement=Improvement.DECREASE,
    target=20.0,
    target_source="Lambeth's level after the hub: about 20 a month (DOMAIN.md §1)",
    sql="""
        SELECT ons_code, month, 'All' AS grp, COUNT(*) AS numerator, NULL AS denominator
        FROM service_introductions WHERE service_kind = 'specialist_care' GROUP BY ons_code, month
    """,
)

CRISIS_INTRODUCTIONS = KPI(
    id="crisis-introductions",
    title="Crisis introductions",
    definition="Crisis introductions received in the month: hub introductions with urgency crisis and "
    "direct introductions to Crisis Outreach. A crisis the hub then introduces on to Crisis Outreach "
    "counts once, as a hub introduction.",
    numerator="Crisis introductions received in the month",
    denominator="None (a count); boroughs are compared per 100,000 adults",
    kind=Kind.COUNT,
    unit="introductions",
    improvement=Improvement.DECREASE,
    sql=f"""
        SELECT ons_code, month, 'All' AS grp, COUNT(*) AS numerator, NULL AS denominator
        FROM ({CRISES}) c GROUP BY ons_code, month
    """,
)

RELIABLE_IMPROVEMENT = KPI(
    id="reliable-improvement",
    title="Talking Therapies: reliable improvement",
    definition="Of Talking Therapies episodes ended in the month with at least two attended treatment "
    f"sessions and first and last PHQ-9 and GAD-7 scores, the share with a reliable fall on either "
    f"(PHQ-9 by {PHQ9_RELIABLE:g} or more, GAD-7 by {GAD7_RELIABLE:g} or more) and no reliable rise on "
    "the other (NHS Talking Therapies, DOMAIN.md §3).",
    numerator="Episodes with reliable improvement",
    denominator="Episodes ended with paired scores and two or more treatment sessions",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    target=67.0,
    target_source="NHS England's national standard for NHS Talking Therapies reliable improvement (67%)",
    sql=f"""
        SELECT ons_code, month, 'All' AS grp,
               SUM(counted * improved) AS numerator, SUM(counted) AS denominator
        FROM ({TALKING_THERAPIES_PAIRS}) t GROUP BY ons_code, month HAVING SUM(counted) > 0
    """,
)

RECOVERY = KPI(
    id="recovery",
    title="Talking Therapies: recovery",
    definition="Of those episodes (as for reliable improvement) that were at caseness at the start "
    f"(PHQ-9 ≥ {PHQ9_CASE:g} or GAD-7 ≥ {GAD7_CASE:g}), the share at caseness on neither at the end "
    "(NHS Talking Therapies, DOMAIN.md §3).",
    numerator="Episodes at caseness at the start and on neither measure at the end",
    denominator="Episodes with paired scores at caseness at the start",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    target=50.0,
    target_source="NHS Talking Therapies' national recovery standard (50%)",
    sql=f"""
        SELECT ons_code, month, 'All' AS grp,
               SUM(counted * case_start * (1 - case_end)) AS numerator,
               SUM(counted * case_start) AS denominator
        FROM ({TALKING_THERAPIES_PAIRS}) t GROUP BY ons_code, month HAVING SUM(counted * case_start) > 0
    """,
)

# Equity (DOMAIN.md §5): rates per 1,000 adults by Census 2021 broad ethnic group; the denominator
# is the population table, joined in Python (`results.py`), so the SQL counts only.
INTRODUCTION_RATE_BY_ETHNICITY = KPI(
    id="introduction-rate-by-ethnicity",
    title="Introductions per 1,000 adults, by ethnic group",
    definition="Hub introductions of adults (18 or over when received), per 1,000 adults of each Census "
    "2021 broad ethnic group living in the borough (the borough's dated Census 2021 population table). "
    "Introductions whose ethnicity is not stated or not known are counted but have no rate.",
    numerator="Hub introductions of adults in the group",
    denominator="Adults in the group (Census 2021)",
    kind=Kind.RATE,
    unit="per 1,000 adults",
    improvement=Improvement.NEUTRAL,
    per=1_000,
    breakdown="ethnic_group",
    total_of="introductions",
    sql=_by_census_group(
        f"SELECT ons_code, month, person_key FROM introductions WHERE age_band <> '{UNDER_18}'"
    ),
)

CRISIS_RATE_BY_ETHNICITY = KPI(
    id="crisis-rate-by-ethnicity",
    title="Crisis introductions per 1,000 adults, by ethnic group",
    definition="Crisis introductions of adults (hub crises of people 18 or over; direct introductions to "
    "Crisis Outreach, an adult service, carry no age and all count) per 1,000 adults of each Census "
    "2021 broad ethnic group in the borough. Nationally Black people reach help through crisis more often than "
    "White people (DOMAIN.md §5): this shows whether the borough's gap is closing.",
    numerator="Crisis introductions of adults in the group",
    denominator="Adults in the group (Census 2021)",
    kind=Kind.RATE,
    unit="per 1,000 adults",
    improvement=Improvement.DECREASE,
    per=1_000,
    breakdown="ethnic_group",
    total_of="crisis-introductions",
    sql=_by_census_group(ADULT_CRISES),
)

# The monthly KPI set, in the order the board reads it: the headline first.
KPIS: tuple[KPI, ...] = (
    ONWARD_SPECIALIST,
    BEFORE_CRISIS,
    PREVIOUSLY_UNKNOWN,
    INTRODUCTIONS,
    TIME_TO_FIRST_CONTACT,
    WITHIN_STANDARD,
    CRISIS_INTRODUCTIONS,
    RELIABLE_IMPROVEMENT,
    RECOVERY,
    INTRODUCTION_RATE_BY_ETHNICITY,
    CRISIS_RATE_BY_ETHNICITY,
)
BY_ID: dict[str, KPI] = {k.id: k for k in KPIS}
HEADLINE = tuple(k for k in KPIS if not k.breakdown)
EQUITY = tuple(k for k in KPIS if k.breakdown)
