"""The KPI catalogue: one definition of each alliance measure, run on any borough's extract.

Each KPI is plain words (what a board member reads), its numerator and denominator, the direction
that is better, a target where the alliance has one, and one SQL query over the extract's tables
(`schema.py`). Every page, download, board pack, borough comparison and benchmark runs these
queries and nothing else, so that no number is computed two ways.

The SQL is written once for both engines that run it, DuckDB (the analytic store) and PostgreSQL,
using only what both read alike: joins, EXISTS, CASE, COUNT(DISTINCT), window functions,
PERCENTILE_DISC, CEIL, `date_part('epoch', ...)` and integer month numbers (`month_index`) instead
of date arithmetic. Every query returns the columns `ons_code, month, grp, numerator, denominator`
(grp is 'All' unless the KPI is broken down, and denominator is NULL for a count). Ratios are taken
in Python, never in SQL, where the engines' integer division differs.

Rows that several KPIs need (crises, first contacts, the people supported before crisis, Talking
Therapies episodes) are each one `Shared` set, defined once below and made once per run by
`engine.run` as a temporary table that the KPIs read through their fragments
(`BEFORE_CRISIS_EVENTS`, `RESOLVED_CONTACTS`, `FOLLOWED_CONTACTS`, `TALKING_THERAPIES_PAIRS`).

This is the one catalogue: the board's monthly set is `KPIS`; the hub dashboard's KPIs
(`hub_kpis.py`) and the outcomes summary's (`outcome_kpis.py`) add themselves to `BY_ID`, reusing
these fragments, so that `BY_ID` finds every KPI. No figure on a page is counted anywhere else.
"""

from __future__ import annotations

import enum
import math
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
# The public sources the definitions cite (the pages show them, so they name what a reader can find).
_LAMBETH = "the Lambeth Living Well Collaborative's published results"
_WAIT = "NHS England's proposed community mental health waiting standards"
_TT = "the NHS Talking Therapies Manual"

EARLY_HELP = ("staying_well", "short_term_support", "peer_support", "timebank")  # network.EARLY_HELP_KINDS


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@dataclass(frozen=True)
class Shared:
    """Rows that several KPIs read, defined once here and made once per run of the KPI set.

    `engine.run` makes every set that the KPIs it runs name (by `name`, in their SQL or in that of a
    set they read) into a temporary table, with this SQL on either engine, before the first KPI,
    and drops it after the last. At London scale computing the before-crisis events again for each
    KPI that counted them was over half of the KPI set's time (issue 12).
    """

    name: str  # the temporary table's name: `kpi_` and the set
    definition: str  # one row per what, in plain words
    sql: str


# DOMAIN.md §3: crisis introductions are hub introductions with urgency crisis, and direct
# introductions to Crisis Outreach.
CRISES = """
    SELECT ons_code, person_key, received_at AS crisis_at, month, month_index FROM introductions
    WHERE urgency = 'crisis'
    UNION ALL
    SELECT ons_code, person_key, made_at AS crisis_at, month, month_index FROM service_introductions
    WHERE introduction_key IS NULL AND service_kind = 'crisis_outreach'
"""
CRISIS_SET = Shared("kpi_crises", "One row per crisis introduction (CRISES), when and whose.", CRISES)

# In contact with the hub (spoke with them) or attending an early-help session, when the
# introduction behind it was not a crisis (DOMAIN.md §3). An early-help episode counts unless the
# service introduction it began with came from a crisis introduction; one begun without a hub
# introduction, or without a service introduction, has no crisis behind it. Whether an episode
# counts is asked once per episode, before its sessions are joined, not once per session.
IN_CONTACT = f"""
    SELECT c.ons_code, i.person_key, c.contacted_at AS event_at, c.month, c.month_index
    FROM contacts c
    JOIN introductions i ON i.ons_code = c.ons_code AND i.introduction_key = c.introduction_key
    WHERE c.outcome = 'spoke' AND i.urgency <> 'crisis'
    UNION ALL
    SELECT s.ons_code, e.person_key, s.held_at AS event_at, s.month, s.month_index
    FROM sessions s
    JOIN (
        SELECT e.ons_code, e.episode_key, e.person_key FROM episodes e
        WHERE e.service_kind IN {_in(EARLY_HELP)}
          AND NOT EXISTS (
              SELECT 1 FROM service_introductions si
              JOIN introductions i ON i.ons_code = si.ons_code AND i.introduction_key = si.introduction_key
              WHERE si.ons_code = e.ons_code AND si.service_introduction_key = e.service_introduction_key
                AND i.urgency = 'crisis'
          )
    ) e ON e.ons_code = s.ons_code AND e.episode_key = s.episode_key
    WHERE s.attendance = 'attended'
"""

# People supported before crisis (DOMAIN.md §3): in contact in the month with no crisis
# introduction from the start of the same calendar month a year earlier up to and including the
# contact. Within a month every contact looks back to the same first day, so if any contact of the
# month qualifies, the month's first one does: the rule is asked once per person and month, of
# their first contact in it. The crises that rule a person-month out (`blocked`: few, as most
# people have none) are found by a join on the person and set aside by an equality anti-join; a
# NOT EXISTS with the range inside joined every event to every crisis of the same person instead
# (141 million rows at London scale). The person's previously_known (null: not yet checked, or no
# record) rides along for "previously unknown".
BEFORE_CRISIS_SET = Shared(
    "kpi_before_crisis",
    "One row per person supported before crisis and month in which they were, with previously_known.",
    f"""
    WITH in_contact AS ({IN_CONTACT}),
    firsts AS (
        SELECT ons_code, person_key, month_index, MIN(month) AS month, MIN(event_at) AS first_at
        FROM in_contact GROUP BY ons_code, person_key, month_index
    ),
    blocked AS (
        SELECT DISTINCT f.ons_code, f.person_key, f.month_index
        FROM firsts f
        JOIN {CRISIS_SET.name} cr ON cr.ons_code = f.ons_code AND cr.person_key = f.person_key
        WHERE cr.month_index >= f.month_index - 12 AND cr.crisis_at <= f.first_at
    )
    SELECT f.ons_code, f.month, f.month_index, f.person_key, p.previously_known
    FROM firsts f
    LEFT JOIN people p ON p.ons_code = f.ons_code AND p.person_key = f.person_key
    LEFT JOIN blocked b
      ON b.ons_code = f.ons_code AND b.person_key = f.person_key AND b.month_index = f.month_index
    WHERE b.person_key IS NULL
""",
)
# The people supported before crisis, one row per person and month (ons_code, month, person_key).
BEFORE_CRISIS_EVENTS = f"SELECT ons_code, month, person_key FROM {BEFORE_CRISIS_SET.name}"

# The equity rates divide by adults, so they count adults: introductions of people under 18 at
# receipt are left out. Direct introductions carry no age; Crisis Outreach is an adult service.
ADULT_CRISES = f"""
    SELECT ons_code, person_key, month FROM introductions
    WHERE urgency = 'crisis' AND age_band <> '{UNDER_18}'
    UNION ALL
    SELECT ons_code, person_key, month FROM service_introductions
    WHERE introduction_key IS NULL AND service_kind = 'crisis_outreach'
"""


# The waiting clock (DOMAIN.md §3), as `access/waiting.py` keeps it: hours from receipt to the
# first contact, and whether that met the standard (a wait exactly at the standard meets it).
# Instants are compared as seconds since 1970 (`date_part('epoch', …)`, a double on both engines):
# DuckDB subtracts two instants twenty times slower than two numbers. For these dates a double holds
# an instant to a quarter of a microsecond and the difference of two exactly, so the rule is exact to
# the microsecond, and a wait exactly at the standard stays exactly at it; the hours are the whole
# microseconds waited, rounded once, so that both engines give the same double.
def wait_hours(first_at: str, received_at: str) -> str:
    """SQL for the hours from `received_at` to `first_at` (columns of UTC instants)."""
    return (
        f"ROUND((date_part('epoch', {first_at}) - date_part('epoch', {received_at})) * 1000000)"
        " / 3600000000.0"
    )


def within_standard(first_at: str, received_at: str, standard_hours: str) -> str:
    """SQL for 1 when the first contact met the waiting standard of `standard_hours`, else 0."""
    return (
        f"CASE WHEN date_part('epoch', {first_at}) - date_part('epoch', {received_at}) "
        f"<= {standard_hours} * 3600 THEN 1 ELSE 0 END"
    )


# London's month of an instant given as seconds since 1970, and the instant (in the same seconds) a
# month (a DATE, its first day) ends: the next month's first midnight in London. Both engines read
# `AT TIME ZONE` alike (PostgreSQL's own rule, which DuckDB follows through ICU): of a UTC instant it
# gives London's wall clock; of a wall-clock time it gives the instant that is that time in London.
def london_month_of(epoch: str) -> str:
    """SQL for the London month (a DATE, its first day) in which the instant `epoch` falls."""
    return f"CAST(date_trunc('month', to_timestamp({epoch}) AT TIME ZONE 'Europe/London') AS DATE)"


def london_month(column: str) -> str:
    """SQL for the London month (a DATE, its first day) in which a UTC instant column falls."""
    return f"CAST(date_trunc('month', {column} AT TIME ZONE 'Europe/London') AS DATE)"


def month_end_epoch(month: str) -> str:
    """SQL for the instant, in seconds since 1970, at which the London month `month` ends."""
    return f"date_part('epoch', CAST({month} + INTERVAL '1 month' AS TIMESTAMP) AT TIME ZONE 'Europe/London')"


# First contact (DOMAIN.md §3, as `access/waiting.py` keeps it), one row per hub introduction,
# whether or not the hub has spoken with the person yet; the extract's `extracted_at` is "now".
# Counting only those already contacted would leave out exactly the people waiting longest (the
# board once read 99% within the standard while the queue showed crises ten hours past it), so:
# - The standard is met at the first contact if that came within it, and missed the moment the wait
#   passes it (a wait exactly at the standard meets it), whether the person was spoken with later
#   or is still waiting. The introduction is counted in the London month in which it was met or
#   missed (`resolved_month`); one still within its standard at the extract is not yet due
#   (resolved_month NULL) and joins the month it is met or missed in a later extract.
# - For the wait's median (Kaplan–Meier), each introduction is followed from receipt to the end of
#   the month it was received in, or to the extract if sooner (`followed_hours`): `contacted` says
#   whether the hub had spoken with them by then; if not, the wait is censored there.
# Most are met or missed in the month they came in, whose end is worked out once per month: only
# the rest need their instant's London month (a time-zone conversion, the costly step at London
# scale).
FIRST_CONTACT_SET = Shared(
    "kpi_first_contacts",
    "One row per hub introduction: its first contact if any, whether and in which month its standard "
    "was met or missed, and its wait followed to its month's end.",
    f"""
    WITH month_ends AS (
        SELECT month, {month_end_epoch("month")} AS month_end_s
        FROM (SELECT DISTINCT month FROM introductions) m
    ),
    timed AS (
        SELECT i.ons_code, i.introduction_key, i.person_key, i.month, i.urgency, i.standard_hours,
               i.received_at, f.first_at, e.month_end_s,
               date_part('epoch', i.received_at) AS received_s,
               date_part('epoch', f.first_at) AS first_s,
               date_part('epoch', i.received_at) + i.standard_hours * 3600 AS due_s,
               LEAST(date_part('epoch', x.extracted_at), e.month_end_s) AS followed_to_s,
               date_part('epoch', x.extracted_at) AS extracted_s
        FROM introductions i
        JOIN extracts x ON x.ons_code = i.ons_code
        JOIN month_ends e ON e.month = i.month
        LEFT JOIN (
            SELECT ons_code, introduction_key, MIN(contacted_at) AS first_at FROM contacts
            WHERE outcome = 'spoke' GROUP BY ons_code, introduction_key
        ) f ON f.ons_code = i.ons_code AND f.introduction_key = i.introduction_key
    ),
    judged AS (
        SELECT *,
               CASE WHEN {within_standard("first_at", "received_at", "standard_hours")} = 1 THEN 1
                    WHEN due_s < extracted_s THEN 0 END AS within
        FROM timed
    )
    SELECT ons_code, introduction_key, person_key, month, urgency, standard_hours, received_at, first_at,
           CASE WHEN first_at IS NOT NULL THEN {wait_hours("first_at", "received_at")} END AS hours,
           within,
           CASE WHEN within = 1 AND first_s < month_end_s THEN month
                WHEN within = 1 THEN {london_month_of("first_s")}
                WHEN within = 0 AND due_s < month_end_s THEN month
                WHEN within = 0 THEN {london_month_of("due_s")} END AS resolved_month,
           CASE WHEN first_s <= followed_to_s THEN 1 ELSE 0 END AS contacted,
           CASE WHEN first_s <= followed_to_s THEN {wait_hours("first_at", "received_at")}
                ELSE ROUND((followed_to_s - received_s) * 1000000) / 3600000000.0 END AS followed_hours
    FROM judged
""",
)
# Introductions whose standard was met or missed, by the month it was (`month`), with `within`.
RESOLVED_CONTACTS = f"""
    SELECT ons_code, introduction_key, person_key, resolved_month AS month, urgency, within
    FROM {FIRST_CONTACT_SET.name} WHERE resolved_month IS NOT NULL
"""
# Every introduction by the month it was received, its wait followed to the month's end (`hours`)
# and whether the hub had spoken with them by then (`contacted`; if not, `hours` is censored).
FOLLOWED_CONTACTS = f"""
    SELECT ons_code, introduction_key, person_key, month, urgency, followed_hours AS hours, contacted
    FROM {FIRST_CONTACT_SET.name}
"""

# Kaplan–Meier (Kaplan and Meier 1958; Collett, *Modelling Survival Data in Medical Research*): the
# survival function S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ/nᵢ), with dᵢ contacted at tᵢ and nᵢ
# still waiting just before it (those censored at tᵢ count as at risk at tᵢ). The q-th quantile is
# the smallest event time with S(t) ≤ 1 − q, R survival's rule for a curve that crosses 1 − q; with
# nobody censored it is the nearest-rank order statistic, the ⌈qn⌉th shortest wait. Where the curve
# never reaches 1 − q (too many still waiting at the month's end) the month's value is NULL. S is
# taken as a sum of logarithms in double precision, and compared with ln(1 − q) allowing 10⁻⁹, so that
# a curve exactly at 1 − q (such as 35/70 = ½, reached through a product of 35 ratios) counts as
# reaching it on both engines, however each rounds the sum.
_KM_SLACK = 1e-9


def km_quantile(waits: str, quantile: float) -> str:
    """SQL for the Kaplan–Meier `quantile` of `waits` per ons_code, month and grp, with the number followed.

    `waits` yields ons_code, month, grp, hours and contacted (1 for a wait that ended in contact,
    0 for one censored at `hours`). The numerator is the quantile in hours, or NULL where the curve
    never reaches it; the denominator is the number of waits followed.
    """
    threshold = repr(math.log(1 - quantile) + _KM_SLACK)
    return f"""
        WITH waits AS ({waits}),
        times AS (
            SELECT ons_code, month, grp, hours, SUM(contacted) AS d, COUNT(*) AS m
            FROM waits GROUP BY ons_code, month, grp, hours
        ),
        risk AS (
            SELECT ons_code, month, grp, hours, d,
                   SUM(m) OVER (PARTITION BY ons_code, month, grp ORDER BY hours DESC
                                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS at_risk
            FROM times
        ),
        curve AS (
            SELECT ons_code, month, grp, hours,
                   SUM(CASE WHEN d < at_risk THEN LN(CAST(at_risk - d AS DOUBLE PRECISION) / at_risk) END)
                       OVER w AS log_s,
                   MAX(CASE WHEN d = at_risk THEN 1 ELSE 0 END) OVER w AS to_zero
            FROM risk WHERE d > 0
            WINDOW w AS (PARTITION BY ons_code, month, grp ORDER BY hours
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        ),
        reached AS (
            SELECT ons_code, month, grp, MIN(hours) AS hours FROM curve
            WHERE to_zero = 1 OR log_s <= {threshold} GROUP BY ons_code, month, grp
        )
        SELECT g.ons_code, g.month, g.grp, r.hours AS numerator, g.n AS denominator
        FROM (SELECT ons_code, month, grp, COUNT(*) AS n FROM waits GROUP BY ons_code, month, grp) g
        LEFT JOIN reached r ON r.ons_code = g.ons_code AND r.month = g.month AND r.grp = g.grp
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
# last by time: insight/outcomes_summary.py) and how they changed. Whether an episode counts is a column, not
# a filter, and the KPIs sum it: PostgreSQL guesses filters on per-episode aggregates badly (180
# episodes for 260,000) and then chose a nested loop over a hash table that ran for over 15 minutes
# at London scale; with no such filter before the joins it takes seconds. The last score is the
# first counted from the end, so one ordering ranks both (score_key breaks ties in time).
TALKING_THERAPIES_SET = Shared(
    "kpi_talking_therapies",
    "One row per Talking Therapies episode ended: whether it counts, improved, and was a case.",
    f"""
    WITH ranked AS (
        SELECT ons_code, episode_key, instrument, total,
               ROW_NUMBER() OVER w AS from_first,
               COUNT(*) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n
        FROM scores WHERE episode_key IS NOT NULL AND instrument IN ('PHQ-9', 'GAD-7')
        WINDOW w AS (PARTITION BY ons_code, episode_key, instrument ORDER BY completed_at, score_key)
    ),
    paired AS (
        SELECT ons_code, episode_key,
               MAX(CASE WHEN instrument = 'PHQ-9' AND from_first = 1 THEN total END) AS phq_first,
               MAX(CASE WHEN instrument = 'PHQ-9' AND from_first = n THEN total END) AS phq_last,
               MAX(CASE WHEN instrument = 'GAD-7' AND from_first = 1 THEN total END) AS gad_first,
               MAX(CASE WHEN instrument = 'GAD-7' AND from_first = n THEN total END) AS gad_last,
               MAX(CASE WHEN instrument = 'PHQ-9' THEN n END) AS phq_n,
               MAX(CASE WHEN instrument = 'GAD-7' THEN n END) AS gad_n
        FROM ranked WHERE from_first = 1 OR from_first = n GROUP BY ons_code, episode_key
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
""",
)
TALKING_THERAPIES_PAIRS = (
    f"SELECT ons_code, month, counted, improved, case_start, case_end FROM {TALKING_THERAPIES_SET.name}"
)

# Every shared set, each after the sets it reads (engine.run makes them in this order).
SHARED: tuple[Shared, ...] = (CRISIS_SET, BEFORE_CRISIS_SET, FIRST_CONTACT_SET, TALKING_THERAPIES_SET)


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
    definition="Introductions the hub received in the month, from every source (Lambeth's published "
    "volumes suggest about 240 per 100,000 adults a month in a borough with a hub).",
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
    "(our definition, after Lambeth's). Lambeth: 400 to 500 a month (" + _LAMBETH + ").",
    numerator="Distinct people in contact in the month, before crisis",
    denominator="None (a count); boroughs are compared per 100,000 adults",
    kind=Kind.COUNT,
    unit="people",
    improvement=Improvement.INCREASE,
    # One row per person and month (BEFORE_CRISIS_SET), so each row is one person.
    sql=f"""
        SELECT ons_code, month, 'All' AS grp, COUNT(*) AS numerator, NULL AS denominator
        FROM {BEFORE_CRISIS_SET.name} GROUP BY ons_code, month
    """,
)

PREVIOUSLY_UNKNOWN = KPI(
    id="previously-unknown",
    title="Supported before crisis and previously unknown to specialist care",
    definition="Of the people supported before crisis in the month whose records have been checked, "
    "the share with no episode with specialist services before their introduction. "
    "People not yet checked are left out of both counts.",
    numerator="People supported before crisis recorded as previously unknown to specialist care",
    denominator="People supported before crisis whose records have been checked",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    target=60.0,
    target_source="Lambeth's achievement: over 60% previously unknown (" + _LAMBETH + ")",
    # One row per person and month, with their record's previously_known (null: not yet checked).
    sql=f"""
        SELECT ons_code, month, 'All' AS grp,
               SUM(CASE WHEN previously_known = FALSE THEN 1 ELSE 0 END) AS numerator,
               COUNT(previously_known) AS denominator
        FROM {BEFORE_CRISIS_SET.name} GROUP BY ons_code, month
    """,
)

TIME_TO_FIRST_CONTACT = KPI(
    id="time-to-first-contact",
    title="Time to first contact (routine, median)",
    definition="For routine introductions received in the month: the median time from receipt to the "
    "first contact at which the hub spoke with the person, followed to the end of the month. People "
    "still waiting then are not left out: they count as having waited at least that long (a "
    "Kaplan–Meier median, the usual way to take a median of waits some of which have not ended). "
    "With nobody still waiting it is the ordinary median (the smallest wait at or above which half of "
    "the waits fall); a month in which fewer than half had been spoken with by its end has no median. "
    "Routine only: a median across urgencies would mix a 4-hour and a 4-week standard.",
    numerator="Median hours from receipt to first contact (Kaplan–Meier, to the month's end)",
    denominator="Routine introductions received",
    kind=Kind.MEDIAN,
    unit="hours",
    improvement=Improvement.DECREASE,
    sql=km_quantile(
        f"""
        SELECT ons_code, month, 'All' AS grp, hours, contacted
        FROM ({FOLLOWED_CONTACTS}) f WHERE urgency = 'routine'
        """,
        0.5,
    ),
)

WITHIN_STANDARD = KPI(
    id="contact-within-standard",
    title="First contact within the waiting standard",
    definition="Of hub introductions whose waiting standard fell due or was met in the month, the "
    "share first spoken with within the standard for their urgency (" + _WAIT + ": crisis 4 hours, "
    "urgent 24 hours, routine 4 weeks, or the hub's own setting when extracted). A wait exactly at the "
    "standard meets it. A person still waiting past their standard counts as missed in the month it "
    "passed, as does one spoken with only after it; one still within their standard is not yet due, "
    "and joins the month it is met or missed.",
    numerator="Introductions first contacted within their standard",
    denominator="Introductions whose standard was met or missed in the month",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    target=90.0,
    target_source="The alliance's own target (an assumption of this platform; set it in the catalogue)",
    sql=f"""
        SELECT ons_code, month, 'All' AS grp, SUM(within) AS numerator, COUNT(*) AS denominator
        FROM ({RESOLVED_CONTACTS}) f GROUP BY ons_code, month
    """,
)

ONWARD_SPECIALIST = KPI(
    id="onward-specialist",
    title="Onward introductions to specialist care",
    definition="Introductions to specialist care made in the month, by the hub or direct (a GP "
    "referring straight to the community mental health team), declined ones included: the demand "
    "placed on specialist care. Lambeth: about 100 a month before the hub, about 20 after ("
    + _LAMBETH
    + ").",
    numerator="Introductions to specialist care made in the month",
    denominator="None (a count); boroughs are compared per 100,000 adults",
    kind=Kind.COUNT,
    unit="introductions",
    improvement=Improvement.DECREASE,
    target=20.0,
    target_source="Lambeth's level after the hub: about 20 a month (" + _LAMBETH + ")",
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
        FROM {CRISIS_SET.name} GROUP BY ons_code, month
    """,
)

RELIABLE_IMPROVEMENT = KPI(
    id="reliable-improvement",
    title="Talking Therapies: reliable improvement",
    definition="Of Talking Therapies episodes ended in the month with at least two attended treatment "
    f"sessions and first and last PHQ-9 and GAD-7 scores, the share with a reliable fall on either "
    f"(PHQ-9 by {PHQ9_RELIABLE:g} or more, GAD-7 by {GAD7_RELIABLE:g} or more) and no reliable rise on "
    "the other (" + _TT + ").",
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
    "(" + _TT + ").",
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
    "White people (NHS England's Mental Health Act statistics and NHS Digital's Mental Health Services Data Set): this shows whether the borough's gap is closing.",
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

# The hub dashboard's KPIs (`hub_kpis.py`), built from the fragments above, add themselves to BY_ID
# so that one lookup by id finds every KPI. They stay out of KPIS: the board and London run those.
# Likewise the Friends and Family Test's (`fft_kpis.py`): percentage positive and negative, by service.
from livingwell.analytics.kpis import fft_kpis as _fft_kpis  # noqa: E402, F401
from livingwell.analytics.kpis import hub_kpis as _hub_kpis  # noqa: E402, F401

# The network's KPIs (`network_kpis.py`): introductions answered, taken up and ended; circumstances.
from livingwell.analytics.kpis import network_kpis as _network_kpis  # noqa: E402, F401

# The outcomes summary's KPIs (`outcome_kpis.py`), by service, likewise.
from livingwell.analytics.kpis import outcome_kpis as _outcome_kpis  # noqa: E402, F401
