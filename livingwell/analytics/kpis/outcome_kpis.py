"""The outcomes summary's KPIs: a service's ended episodes and how their scores changed, by month.

The rules are those the outcomes summary page states (insight/outcomes_summary.py): the cohort is the
episodes discharged in the month (London), read first score against last (by time; among scores at
the same instant, by key). Each episode has one headline outcome:
- Talking Therapies services: PHQ-9 and GAD-7 read together by the NHS Talking Therapies rules
  (DOMAIN.md §3; `outcomes/instruments/talking_therapies.py`), counted only with at least two
  attended treatment sessions and a first and a last score on both; recovery only for episodes at
  caseness at the start.
- Other services: the first of CORE-10, SWEMWBS, WEMWBS, PHQ-9, GAD-7 with a first and a last score,
  classified by Jacobson and Truax (1991) with the instrument's published reliable change and
  cut-off (`outcomes/instruments/change.py`); recovery is clinically significant improvement,
  only where the measure has a cut-off and the episode was a case at the start.
The SQL for each instrument is generated from its definition, so the thresholds live in one place;
a test checks the SQL against `classify_change` and `talking_therapies_outcome` pair by pair.

Every query returns the catalogue's columns. `grp` is keyed by service (the extract's
`service_id`): "<service id>" for the service, and "<service id>|<dimension>|<value>" for its
breakdowns by ethnicity (the ETHNIC CATEGORY code), sex (the code) and age band at acceptance; the
page turns codes into its groups. Mean changes are a sum of changes over a number of episodes
(`Kind.RATE` per 1: a change per episode), summed exactly as decimals. Suppression is the page's.
"""

from __future__ import annotations

from livingwell.analytics.kpis import catalogue
from livingwell.analytics.kpis.catalogue import KPI, Kind
from livingwell.outcomes.instruments import get_instrument
from livingwell.outcomes.instruments.definitions import Comparison, InstrumentDefinition
from livingwell.statistics.direction import Improvement

HEADLINE_ORDER = ("CORE-10", "SWEMWBS", "WEMWBS", "PHQ-9", "GAD-7")
TALKING_THERAPIES = "talking_therapies"
MEAN_CHANGE_MEASURES = ("SWEMWBS", "WEMWBS")
# The breakdowns' dimensions, as they appear in `grp`, and the extract column each reads.
DIMENSIONS = {"ethnicity": "ethnicity", "sex": "sex", "age": "age_band"}
SEPARATOR = "|"
# Scores are compared as exact decimals: SWEMWBS metric scores have two decimal places, whose
# differences as floats carry noise that could put a change of exactly the threshold below it.
_EXACT = "DECIMAL(18, 6)"


def _column(code: str) -> str:
    return code.lower().replace("-", "")


def _compare(comparison: Comparison, value: str, threshold: float) -> str:
    return f"({value} {comparison.value} {threshold:g})"


def _change_sql(definition: InstrumentDefinition) -> dict[str, str]:
    """SQL for one instrument's Jacobson-Truax reading of its `<code>_first` and `<code>_last` columns."""
    c = _column(definition.code)
    first, last = f"CAST({c}_first AS {_EXACT})", f"CAST({c}_last AS {_EXACT})"
    change = f"({last} - {first})"
    rule, cutoff = definition.reliable_change, definition.cutoff
    reliable = "FALSE" if rule is None else _compare(rule.comparison, f"ABS{change}", rule.threshold)
    better = f"({change} < 0)" if definition.improvement is Improvement.DECREASE else f"({change} > 0)"
    case_start = "FALSE" if cutoff is None else _compare(cutoff.comparison, first, cutoff.threshold)
    case_end = "FALSE" if cutoff is None else _compare(cutoff.comparison, last, cutoff.threshold)
    improved = f"({reliable} AND {better})"
    return {
        "improved": improved,
        "deteriorated": f"({reliable} AND {change} <> 0 AND NOT {better})",
        "case_start": case_start,
        "case_end": case_end,
        "recovered": f"({improved} AND {case_start} AND NOT {case_end})",
    }


def _flag(sql: str) -> str:
    return f"CASE WHEN {sql} THEN 1 ELSE 0 END"


def _headline(part: str) -> str:
    """The first headline instrument with paired scores decides the episode's outcome."""
    whens = " ".join(
        f"WHEN {_column(code)}_n >= 2 THEN {_flag(_change_sql(get_instrument(code))[part])}"
        for code in HEADLINE_ORDER
    )
    return f"CASE {whens} ELSE 0 END"


def _talking_therapies(part: str) -> str:
    phq, gad = _change_sql(get_instrument("PHQ-9")), _change_sql(get_instrument("GAD-7"))
    fall = f"({phq['improved']} OR {gad['improved']})"
    rise = f"({phq['deteriorated']} OR {gad['deteriorated']})"
    case_start = f"({phq['case_start']} OR {gad['case_start']})"
    case_end = f"({phq['case_end']} OR {gad['case_end']})"
    rules = {
        "improved": f"({fall} AND NOT {rise})",
        "deteriorated": f"({rise} AND NOT {fall})",
        "case_start": case_start,
        "recovered": f"({case_start} AND NOT {case_end})",
    }
    return _flag(rules[part])


def _paired_columns() -> str:
    columns = []
    for code in HEADLINE_ORDER:
        c = _column(code)
        columns += [
            f"MAX(CASE WHEN instrument = '{code}' AND from_first = 1 THEN total END) AS {c}_first",
            f"MAX(CASE WHEN instrument = '{code}' AND from_last = 1 THEN total END) AS {c}_last",
            f"MAX(CASE WHEN instrument = '{code}' THEN from_first END) AS {c}_n",
        ]
    return ",\n               ".join(columns)


_TT_COUNTED = "(COALESCE(t.sessions, 0) >= 2 AND p.phq9_n >= 2 AND p.gad7_n >= 2)"
_OTHER_COUNTED = " OR ".join(f"p.{_column(code)}_n >= 2" for code in HEADLINE_ORDER)


def _outcome(part: str) -> str:
    return (
        f"CASE WHEN e.service_kind = '{TALKING_THERAPIES}' THEN "
        f"(CASE WHEN {_TT_COUNTED} THEN {_talking_therapies(part)} ELSE 0 END) "
        f"ELSE {_headline(part)} END"
    )


def _mean_change_columns() -> str:
    columns = []
    for code in MEAN_CHANGE_MEASURES:
        c = _column(code)
        columns += [
            f"CASE WHEN p.{c}_n >= 2 THEN 1 ELSE 0 END AS {c}_paired",
            f"CASE WHEN p.{c}_n >= 2 THEN CAST(p.{c}_last AS {_EXACT}) - CAST(p.{c}_first AS {_EXACT}) END "
            f"AS {c}_change",
        ]
    return ",\n               ".join(columns)


_INSTRUMENTS = ", ".join(f"'{code}'" for code in HEADLINE_ORDER)

# One row per episode ended in a month (with a service): whether it counts, and how it changed.
ENDED_EPISODES = f"""
    WITH ranked AS (
        SELECT ons_code, episode_key, instrument, total,
               ROW_NUMBER() OVER (PARTITION BY ons_code, episode_key, instrument
                                  ORDER BY completed_at, score_key) AS from_first,
               ROW_NUMBER() OVER (PARTITION BY ons_code, episode_key, instrument
                                  ORDER BY completed_at DESC, score_key DESC) AS from_last
        FROM scores
        WHERE episode_key IS NOT NULL AND total IS NOT NULL AND instrument IN ({_INSTRUMENTS})
    ),
    paired AS (
        SELECT ons_code, episode_key,
               {_paired_columns()}
        FROM ranked GROUP BY ons_code, episode_key
    ),
    treated AS (
        SELECT ons_code, episode_key, COUNT(*) AS sessions FROM sessions
        WHERE kind = 'treatment' AND attendance = 'attended' GROUP BY ons_code, episode_key
    )
    SELECT e.ons_code, e.discharged_month AS month, CAST(e.service_id AS VARCHAR) AS service,
           COALESCE(pe.ethnicity, '') AS ethnicity, COALESCE(pe.sex, '') AS sex,
           COALESCE(e.age_band, '') AS age_band,
           CASE WHEN e.service_kind = '{TALKING_THERAPIES}' THEN (CASE WHEN {_TT_COUNTED} THEN 1 ELSE 0 END)
                ELSE (CASE WHEN {_OTHER_COUNTED} THEN 1 ELSE 0 END) END AS counted,
           {_outcome("improved")} AS improved,
           {_outcome("deteriorated")} AS deteriorated,
           {_outcome("case_start")} AS case_start,
           {_outcome("recovered")} AS recovered,
           {_mean_change_columns()}
    FROM episodes e
    LEFT JOIN paired p ON p.ons_code = e.ons_code AND p.episode_key = e.episode_key
    LEFT JOIN treated t ON t.ons_code = e.ons_code AND t.episode_key = e.episode_key
    LEFT JOIN people pe ON pe.ons_code = e.ons_code AND pe.person_key = e.person_key
    WHERE e.discharged_month IS NOT NULL AND e.service_id IS NOT NULL
"""


def _by_service(numerator: str, denominator: str, *, breakdowns: bool = True) -> str:
    """Sum `numerator` and `denominator` over ended episodes by service, and by each breakdown."""
    groups = ["service"]
    if breakdowns:
        groups += [
            f"service || '{SEPARATOR}{name}{SEPARATOR}' || {column}" for name, column in DIMENSIONS.items()
        ]
    parts = [
        f"SELECT ons_code, month, {grp} AS grp, {numerator} AS numerator, {denominator} AS denominator "
        f"FROM ended GROUP BY ons_code, month, {grp}"
        for grp in groups
    ]
    return f"WITH ended AS ({ENDED_EPISODES})\n" + "\nUNION ALL\n".join(parts)


def grp(service_id: int, dimension: str = "", value: str = "") -> str:
    """The `grp` of a service's row, or of one of its breakdown's groups."""
    return str(service_id) if not dimension else SEPARATOR.join((str(service_id), dimension, value))


ENDED = KPI(
    id="outcomes-ended",
    title="Episodes ended",
    definition="Episodes of support with the service discharged in the month (London time).",
    numerator="Episodes discharged in the month",
    denominator="None (a count)",
    kind=Kind.COUNT,
    unit="episodes",
    improvement=Improvement.NEUTRAL,
    breakdown="service",
    sql=_by_service("COUNT(*)", "NULL", breakdowns=False),
)

IMPROVEMENT = KPI(
    id="outcomes-reliable-improvement",
    title="Reliable improvement",
    definition="Of the service's episodes ended in the month with a countable headline outcome (Talking "
    "Therapies rules for Talking Therapies services, else the first of CORE-10, SWEMWBS, WEMWBS, PHQ-9, "
    "GAD-7 with a first and a last score), the share that reliably improved.",
    numerator="Episodes with reliable improvement",
    denominator="Episodes ended with a countable headline outcome",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    breakdown="service",
    sql=_by_service("SUM(counted * improved)", "SUM(counted)"),
)

DETERIORATION = KPI(
    id="outcomes-reliable-deterioration",
    title="Reliable deterioration",
    definition="Of the same episodes, the share that reliably deteriorated.",
    numerator="Episodes with reliable deterioration",
    denominator="Episodes ended with a countable headline outcome",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.DECREASE,
    breakdown="service",
    sql=_by_service("SUM(counted * deteriorated)", "SUM(counted)", breakdowns=False),
)

RECOVERY = KPI(
    id="outcomes-recovery",
    title="Recovery",
    definition="Of the same episodes that were a case at the start, the share that recovered: a case on "
    "neither PHQ-9 nor GAD-7 at the end (Talking Therapies), or clinically significant improvement "
    "(Jacobson and Truax) on the headline measure.",
    numerator="Episodes recovered",
    denominator="Episodes with a countable headline outcome, a case at the start",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    breakdown="service",
    sql=_by_service("SUM(counted * case_start * recovered)", "SUM(counted * case_start)"),
)


def _mean_change(code: str, *, breakdowns: bool) -> KPI:
    c = _column(code)
    return KPI(
        id=f"outcomes-{c}-change",
        title=f"Mean change in {code}",
        definition=f"Of the service's episodes ended in the month with a first and a last {code}, the mean "
        "change from first to last (higher is better).",
        numerator=f"Sum of the changes in {code}",
        denominator=f"Episodes ended with a first and a last {code}",
        kind=Kind.RATE,
        unit="points",
        improvement=Improvement.INCREASE,
        per=1,
        breakdown="service",
        sql=_by_service(f"COALESCE(SUM({c}_change), 0)", f"SUM({c}_paired)", breakdowns=breakdowns),
    )


SWEMWBS_CHANGE = _mean_change("SWEMWBS", breakdowns=True)
WEMWBS_CHANGE = _mean_change("WEMWBS", breakdowns=False)

OUTCOME_KPIS: tuple[KPI, ...] = (ENDED, IMPROVEMENT, DETERIORATION, RECOVERY, SWEMWBS_CHANGE, WEMWBS_CHANGE)

# One lookup by id finds every KPI (catalogue.py imports this module at its end, so this runs
# whichever of the two is imported first).
_clash = {k.id for k in OUTCOME_KPIS} & set(catalogue.BY_ID)
if _clash:
    raise RuntimeError(f"outcome KPI ids already in the catalogue: {sorted(_clash)}")
catalogue.BY_ID.update({k.id: k for k in OUTCOME_KPIS})
