"""The network's KPIs: how introductions to services are answered, taken up and ended, how people's
circumstances stand, and the personal goals they achieve, month by month over a borough's extract.

An introduction to a service (`service_introductions`) is made, then answered: accepted or declined
(`responded_at`, with a coded `decline_code` when declined). An accepted one begins an episode
(`episodes.service_introduction_key`), whose first contact is the first session the person attended
(`support/first_contact.py`), and which ends with a discharge reason: the loop is closed. Acceptance is
the instant the service answered (`responded_at`; the operational platform starts the episode then).
Accommodation and work are the support plan's NHS Data Dictionary codes (`circumstances`), dated.
Personal goals (`goals`) serve one of the three big outcomes and are dated when achieved.

The rules are those of the catalogue (`catalogue.py`): months are Europe/London calendar months; the
extract's own "now" is `extracts.extracted_at`; instants are compared as seconds since 1970; medians
are the nearest-rank median (`PERCENTILE_DISC(0.5)`: the smallest value at or above which half of
the values fall, the ⌈n/2⌉th smallest, an exact value of the data on both engines, as the waits'
median is with nobody still waiting). Every query returns `ons_code, month, grp, numerator,
denominator`. These KPIs add themselves to `catalogue.BY_ID` (catalogue.py imports this module at its
end) and stay out of `catalogue.KPIS`, so the board's set and the London benchmark are unchanged.
"""

from __future__ import annotations

from livingwell.analytics.kpis import catalogue
from livingwell.analytics.kpis.catalogue import KPI, Kind, london_month, month_end_epoch
from livingwell.statistics.direction import Improvement

# The loop is closed when the episode ends with a reason within this many days of acceptance.
LOOP_DAYS = 84  # 12 weeks
# People introduced to this many distinct services or more within the window are passed between them.
PASSED_SERVICES, PASSED_WINDOW_DAYS = 3, 90
# EMPLOYMENT STATUS codes read as in work or volunteering (codes.mhsds.IN_WORK_OR_VOLUNTEERING; a
# test holds them equal: this core cannot import the app's codes), and the one left out (not stated).
IN_WORK_OR_VOLUNTEERING = ("01", "07")
EMPLOYMENT_NOT_STATED = "ZZ"
# SETTLED ACCOMMODATION INDICATOR: Y settled, N not; Z (not stated) and 9 (not known) are left out.
SETTLED, NOT_SETTLED = "Y", "N"
NOT_CODED = "not_recorded"  # a decline with no coded reason (before reasons were coded)


def date_month(column: str) -> str:
    """SQL for the first day of the month of a DATE (a London day already)."""
    return f"CAST(date_trunc('month', CAST({column} AS TIMESTAMP)) AS DATE)"


def _seconds(later: str, earlier: str) -> str:
    return f"(date_part('epoch', {later}) - date_part('epoch', {earlier}))"


def _exact(seconds: str, per: int) -> str:
    """Whole microseconds of `seconds`, rounded once, as a number of `per` seconds (both engines alike)."""
    return f"ROUND({seconds} * 1000000) / {per * 1_000_000}.0"


def _median(values: str, value: str) -> str:
    """The nearest-rank median of `value` over `values` (rows of ons_code, month) and their number."""
    return f"""
        SELECT ons_code, month, 'All' AS grp,
               PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY {value}) AS numerator, COUNT(*) AS denominator
        FROM ({values}) v GROUP BY ons_code, month
    """


# Introductions answered (accepted or declined), by the London month they were answered in.
ANSWERED = f"""
    SELECT ons_code, service_introduction_key, person_key, made_at, responded_at, status, decline_code,
           {london_month("responded_at")} AS month
    FROM service_introductions
    WHERE status IN ('accepted', 'declined') AND responded_at IS NOT NULL
"""
ACCEPTED = f"SELECT * FROM ({ANSWERED}) a WHERE status = 'accepted'"

_MEDIAN_WORDS = (
    "The median is the nearest-rank median: the smallest value at or above which half of the values "
    "fall (with an even number, the lower of the middle two)."
)

ONWARD_BY_DESTINATION = KPI(
    id="onward-by-destination",
    title="Introductions to services by destination",
    definition="Introductions to services made in the month, by the kind of service introduced to, whether "
    "made by the hub, by a partner or direct, and whatever the service then answered.",
    numerator="Introductions to services made in the month",
    denominator="None (a count)",
    kind=Kind.COUNT,
    unit="introductions",
    improvement=Improvement.NEUTRAL,
    breakdown="kind",
    sql="""
        SELECT ons_code, month, service_kind AS grp, COUNT(*) AS numerator, NULL AS denominator
        FROM service_introductions GROUP BY ons_code, month, service_kind
    """,
)

ACCEPTANCE_RATE = KPI(
    id="acceptance-rate",
    title="Introductions accepted",
    definition="Of introductions to services answered in the month (accepted or declined, by the London "
    "month of the answer), the share the service accepted. Introductions still waiting for an answer "
    "are in neither count.",
    numerator="Introductions accepted in the month",
    denominator="Introductions accepted or declined in the month",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    sql=f"""
        SELECT ons_code, month, 'All' AS grp,
               SUM(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END) AS numerator, COUNT(*) AS denominator
        FROM ({ANSWERED}) a GROUP BY ons_code, month
    """,
)

TIME_TO_ACCEPTANCE = KPI(
    id="time-to-acceptance",
    title="Time to acceptance (median)",
    definition="For introductions to services accepted in the month: the median time from the "
    "introduction being made to the service accepting it, in hours. " + _MEDIAN_WORDS,
    numerator="Median hours from introduction to acceptance",
    denominator="Introductions accepted in the month",
    kind=Kind.MEDIAN,
    unit="hours",
    improvement=Improvement.DECREASE,
    sql=_median(
        f"SELECT ons_code, month, {_exact(_seconds('responded_at', 'made_at'), 3600)} AS hours FROM ({ACCEPTED}) a",
        "hours",
    ),
)

DECLINES_BY_REASON = KPI(
    id="declines-by-reason",
    title="Introductions declined, by reason",
    definition="Introductions to services declined in the month (by the London month of the answer), by "
    "the service's coded reason; a decline with no coded reason is counted as '" + NOT_CODED + "'.",
    numerator="Introductions declined in the month",
    denominator="None (a count)",
    kind=Kind.COUNT,
    unit="introductions",
    improvement=Improvement.DECREASE,
    breakdown="reason",
    sql=f"""
        SELECT ons_code, month, COALESCE(decline_code, '{NOT_CODED}') AS grp, COUNT(*) AS numerator,
               NULL AS denominator
        FROM ({ANSWERED}) a WHERE status = 'declined'
        GROUP BY ons_code, month, COALESCE(decline_code, '{NOT_CODED}')
    """,
)

# Each accepted introduction's episode and the episode's first attended session (its first contact).
_FIRST_CONTACTS = f"""
    SELECT a.ons_code, a.responded_at, f.first_at, {london_month("f.first_at")} AS month
    FROM ({ACCEPTED}) a
    JOIN episodes e ON e.ons_code = a.ons_code AND e.service_introduction_key = a.service_introduction_key
    JOIN (
        SELECT ons_code, episode_key, MIN(held_at) AS first_at FROM sessions
        WHERE attendance = 'attended' GROUP BY ons_code, episode_key
    ) f ON f.ons_code = e.ons_code AND f.episode_key = e.episode_key
"""

ACCEPTANCE_TO_FIRST_CONTACT = KPI(
    id="acceptance-to-first-contact",
    title="Acceptance to first contact (median)",
    definition="For people first seen by a service in the month (the first session of the episode they "
    "attended, by its London month), the median time from the service accepting their introduction "
    "to that session, in days. Episodes begun without an introduction are not counted. " + _MEDIAN_WORDS,
    numerator="Median days from acceptance to first contact",
    denominator="First contacts in the month after an accepted introduction",
    kind=Kind.MEDIAN,
    unit="days",
    improvement=Improvement.DECREASE,
    sql=_median(
        f"SELECT ons_code, month, {_exact(_seconds('first_at', 'responded_at'), 86400)} AS days "
        f"FROM ({_FIRST_CONTACTS}) f",
        "days",
    ),
)

LOOPS_CLOSED = KPI(
    id="loops-closed-12-weeks",
    title="Loops closed within 12 weeks",
    definition=f"Of introductions to services accepted in the month, the share whose episode had ended, "
    f"with a discharge reason recorded, within {LOOP_DAYS} days (12 weeks) of acceptance; exactly "
    f"{LOOP_DAYS} days counts. A month is shown only once {LOOP_DAYS} days have passed since its end, "
    "so that every introduction in it has had its 12 weeks.",
    numerator=f"Accepted introductions whose episode ended with a reason within {LOOP_DAYS} days",
    denominator="Introductions accepted in the month",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    sql=f"""
        WITH accepted AS ({ACCEPTED}),
        months AS (
            SELECT month, {month_end_epoch("month")} AS end_s FROM (SELECT DISTINCT month FROM accepted) m
        )
        SELECT a.ons_code, a.month, 'All' AS grp,
               SUM(CASE WHEN e.discharge_reason IS NOT NULL AND e.discharged_at IS NOT NULL
                         AND {_seconds("e.discharged_at", "a.responded_at")} <= {LOOP_DAYS} * 86400
                        THEN 1 ELSE 0 END) AS numerator,
               COUNT(*) AS denominator
        FROM accepted a
        JOIN months m ON m.month = a.month
        JOIN extracts x ON x.ons_code = a.ons_code
        LEFT JOIN episodes e
          ON e.ons_code = a.ons_code AND e.service_introduction_key = a.service_introduction_key
        WHERE m.end_s + {LOOP_DAYS} * 86400 <= date_part('epoch', x.extracted_at)
        GROUP BY a.ons_code, a.month
    """,
)

# The window of a month: the 90 days up to its end (the next month's first London midnight),
# (end − 90 days, end]. Its introductions lie in the month or the three before it (or at the end
# itself, the next month's first instant), so each month is joined to five months by number.
_SERVICE = "CASE WHEN s.service_id IS NOT NULL THEN 'service ' || CAST(s.service_id AS VARCHAR) ELSE 'kind ' || s.service_kind END"
PASSED_BETWEEN_SERVICES = KPI(
    id="passed-between-services",
    title="People passed between services",
    definition=f"People introduced to {PASSED_SERVICES} or more different services in the "
    f"{PASSED_WINDOW_DAYS} days up to the end of the month (after the instant {PASSED_WINDOW_DAYS} days "
    "before its end, up to and including its end), counting every introduction whatever its answer. "
    "Services are told apart by the service itself, or by its kind where the extract has no service.",
    numerator=f"People introduced to {PASSED_SERVICES} or more services in the {PASSED_WINDOW_DAYS} days",
    denominator="None (a count)",
    kind=Kind.COUNT,
    unit="people",
    improvement=Improvement.DECREASE,
    sql=f"""
        WITH ends AS (
            SELECT month, month_index, {month_end_epoch("month")} AS end_s
            FROM (SELECT DISTINCT month, month_index FROM service_introductions) m
        ),
        offsets AS (
            SELECT -1 AS k UNION ALL SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
        ),
        windows AS (
            SELECT e.month, e.month_index - o.k AS from_index, e.end_s FROM ends e CROSS JOIN offsets o
        ),
        passed AS (
            SELECT s.ons_code, w.month, s.person_key FROM windows w
            JOIN service_introductions s ON s.month_index = w.from_index
            WHERE date_part('epoch', s.made_at) > w.end_s - {PASSED_WINDOW_DAYS} * 86400
              AND date_part('epoch', s.made_at) <= w.end_s
            GROUP BY s.ons_code, w.month, s.person_key
            HAVING COUNT(DISTINCT {_SERVICE}) >= {PASSED_SERVICES}
        )
        SELECT ons_code, month, 'All' AS grp, COUNT(*) AS numerator, NULL AS denominator
        FROM passed GROUP BY ons_code, month
    """,
)

SETTLED_ACCOMMODATION = KPI(
    id="settled-accommodation",
    title="In settled accommodation",
    definition="Of people whose accommodation was recorded in the month as settled or not settled (the "
    "NHS Data Dictionary's SETTLED ACCOMMODATION INDICATOR, Y or N), the share settled (Y). Not stated "
    "(Z) and not known (9) are in neither count. The support plan keeps each person's latest "
    "recording, so a person is counted in the month it was last recorded.",
    numerator="People recorded as in settled accommodation (Y)",
    denominator="People whose accommodation was recorded as Y or N in the month",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    sql=f"""
        SELECT ons_code, {date_month("accommodation_recorded_at")} AS month, 'All' AS grp,
               SUM(CASE WHEN settled_accommodation = '{SETTLED}' THEN 1 ELSE 0 END) AS numerator,
               COUNT(*) AS denominator
        FROM circumstances
        WHERE settled_accommodation IN ('{SETTLED}', '{NOT_SETTLED}') AND accommodation_recorded_at IS NOT NULL
        GROUP BY 1, 2
    """,
)

IN_WORK_OR_VOLUNTEERING_KPI = KPI(
    id="in-work-or-volunteering",
    title="In work or volunteering",
    definition="Of people whose employment status was recorded in the month (the NHS Data Dictionary's "
    "EMPLOYMENT STATUS), the share employed (01) or in unpaid voluntary work (07). Not stated (ZZ) is "
    "in neither count. The support plan keeps each person's latest recording, so a person is counted "
    "in the month it was last recorded.",
    numerator="People recorded as employed or volunteering",
    denominator="People whose employment status was recorded in the month (not stated left out)",
    kind=Kind.SHARE,
    unit="%",
    improvement=Improvement.INCREASE,
    sql=f"""
        SELECT ons_code, {date_month("employment_recorded_at")} AS month, 'All' AS grp,
               SUM(CASE WHEN employment_status IN {catalogue._in(IN_WORK_OR_VOLUNTEERING)} THEN 1 ELSE 0 END)
                   AS numerator,
               COUNT(*) AS denominator
        FROM circumstances
        WHERE employment_status IS NOT NULL AND employment_status <> '{EMPLOYMENT_NOT_STATED}'
          AND employment_recorded_at IS NOT NULL
        GROUP BY 1, 2
    """,
)

GOALS_ACHIEVED = KPI(
    id="goals-achieved",
    title="Personal goals achieved, by big outcome",
    definition="Personal goals recorded as achieved in the month (by the London month of the day they "
    "were achieved), by the big outcome each goal serves: recover and stay well (recover), make their "
    "own choices and achieve personal goals (choices), or participate on an equal footing in daily "
    "life (participate). Goals not achieved (yet) are not counted, whenever they were set.",
    numerator="Personal goals achieved in the month",
    denominator="None (a count)",
    kind=Kind.COUNT,
    unit="goals",
    improvement=Improvement.INCREASE,
    breakdown="big_outcome",
    sql="""
        SELECT ons_code, achieved_month AS month, big_outcome AS grp, COUNT(*) AS numerator,
               NULL AS denominator
        FROM goals WHERE achieved_at IS NOT NULL AND achieved_month IS NOT NULL
        GROUP BY ons_code, achieved_month, big_outcome
    """,
)

NETWORK_KPIS: tuple[KPI, ...] = (
    ONWARD_BY_DESTINATION,
    ACCEPTANCE_RATE,
    TIME_TO_ACCEPTANCE,
    DECLINES_BY_REASON,
    ACCEPTANCE_TO_FIRST_CONTACT,
    LOOPS_CLOSED,
    PASSED_BETWEEN_SERVICES,
    SETTLED_ACCOMMODATION,
    IN_WORK_OR_VOLUNTEERING_KPI,
    GOALS_ACHIEVED,
)

# One lookup by id finds every KPI (catalogue.py imports this module at its end).
_clash = {k.id for k in NETWORK_KPIS} & set(catalogue.BY_ID)
if _clash:
    raise RuntimeError(f"network KPI ids already in the catalogue: {sorted(_clash)}")
catalogue.BY_ID.update({k.id: k for k in NETWORK_KPIS})
