"""The hub dashboard's KPIs: its monthly counts and waits over a borough's extract, by column or group.

The hub dashboard (`insight/views.py`) shows seven measures month by month, each in its own
columns (introductions by source, onward introductions by route, ...) or broken down by ethnic
group, sex or age band. Each measure and way of breaking it down is one KPI of the catalogue, with
its definition in plain words beside its SQL, and `catalogue.BY_ID` finds it (this module adds
them there). They are not in `catalogue.KPIS`: the alliance pages and the London set run only the
board's KPIs, and the hub's run only over the operational borough.

The rules are DOMAIN.md §3 and those of the board's KPIs, whose shared SQL they reuse (people
supported before crisis are `BEFORE_CRISIS_EVENTS`): months are Europe/London calendar months (the
extract's `month`, or `london_month` below); a "direct introduction" is an introduction to a service
with no hub introduction; a crisis introduction is a hub introduction with urgency crisis or a
direct one to Crisis Outreach. Every query returns `ons_code, month, grp, numerator, denominator`
like the board's, with `grp` the column or group; suppression is the pages' (`lib.suppression`).

Breakdowns are of the person: their ethnic group and sex as recorded, and their age band at the
latest hub introduction the extract holds for them (the extract keeps no date of birth, only the
band on the day each introduction arrived), so that each person is in one band for the whole series.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from livingwell.analytics.kpis import catalogue
from livingwell.analytics.kpis.catalogue import BEFORE_CRISIS_EVENTS, KPI, Kind, _census_group, london_month
from livingwell.lib.ages import AGE_BAND_LABELS
from livingwell.lib.ethnicity import GROUPS, NOT_STATED
from livingwell.statistics.direction import Improvement

# How the hub reads the NHS Data Dictionary's SOURCE OF REFERRAL FOR MENTAL HEALTH codes
# (livingwell.codes.Source): the common routes apart, the rest as "Other".
SOURCE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("GP", ("A1",)),
    ("Other primary care", ("A2", "A3", "A4")),
    ("Self", ("B1",)),
    ("Carer or relative", ("B2",)),
    ("Local authority", ("C1", "C2", "C3")),
    ("Employer", ("D1", "D2")),
    ("Justice system", ("E1", "E2", "E3", "E4", "E5")),
    ("Voluntary sector", ("G4",)),
    ("A&E and other hospital care", ("H1", "H2")),
)
OTHER_SOURCE = "Other"
# network.ServiceKind, value and label in its order (a test holds them equal).
SERVICE_KINDS: tuple[tuple[str, str], ...] = (
    ("staying_well", "Staying well / community offer"),
    ("short_term_support", "Short Term Support"),
    ("focused_support", "Focused Support"),
    ("talking_therapies", "Talking Therapies"),
    ("peer_support", "Peer support"),
    ("timebank", "Timebank"),
    ("crisis_outreach", "Crisis Outreach"),
    ("specialist_care", "Specialist care"),
)
# people.codes.Sex (PERSON PHENOTYPIC SEX), code and the person's own words for it
# (people.codes.SEX_IN_PLAIN_WORDS); anything else reads as not known.
SEXES: tuple[tuple[str, str], ...] = (
    ("1", "Male"),
    ("2", "Female"),
    ("9", "Intersex or another way"),
)
SEX_NOT_KNOWN = "Not known (not recorded)"
AGE_NOT_KNOWN = "Not known"
URGENCIES = ("crisis", "urgent", "routine")  # livingwell.codes.Urgency, in the queue's order
THROUGH_HUB, DIRECT, DIRECT_CRISIS = "Through the hub", "Direct", "Direct to Crisis Outreach"
SIGNPOSTED, CLOSED = "Signposted", "Closed without an introduction"
UNKNOWN, KNOWN, UNCHECKED = "Previously unknown", "Previously known", "Not yet checked"


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(_text(v) for v in values) + ")"


# The person's age band at their latest hub introduction (ties broken by key, so one row each).
PERSON_AGES = """
    SELECT ons_code, person_key, age_band FROM (
        SELECT ons_code, person_key, age_band,
               ROW_NUMBER() OVER (PARTITION BY ons_code, person_key
                                  ORDER BY received_at DESC, introduction_key DESC) AS latest
        FROM introductions
    ) l WHERE latest = 1
"""


@dataclass(frozen=True)
class Breakdown:
    """A way of breaking a measure down by the person: the groups, in order, and the SQL naming one.

    `sql` reads the person's row of `people` as `p` and their age band (PERSON_AGES) as `a`.
    """

    id: str
    title: str
    groups: tuple[str, ...]
    sql: str
    definition: str


ETHNICITY = Breakdown(
    "ethnicity",
    "Ethnic group",
    (*GROUPS, NOT_STATED),
    _census_group("p.ethnicity"),
    "By ethnic group: the person's recorded NHS Data Dictionary ethnic category in Census 2021's "
    "broad groups (livingwell.lib.ethnicity).",
)
SEX = Breakdown(
    "sex",
    "Sex",
    (*(label for _, label in SEXES), SEX_NOT_KNOWN),
    "CASE "
    + " ".join(f"WHEN p.sex = {_text(c)} THEN {_text(s)}" for c, s in SEXES)
    + f" ELSE {_text(SEX_NOT_KNOWN)} END",
    "By sex: the person's recorded phenotypic sex (NHS Data Dictionary).",
)
AGE = Breakdown(
    "age",
    "Age band",
    (*AGE_BAND_LABELS, AGE_NOT_KNOWN),
    f"COALESCE(a.age_band, {_text(AGE_NOT_KNOWN)})",
    "By age band: the person's age on the day their latest hub introduction arrived, so that each "
    "person is in one band for the whole series; people the hub has had no introduction for (a GP "
    "referring straight to a service) are 'Not known'.",
)
BREAKDOWNS: dict[str, Breakdown] = {b.id: b for b in (ETHNICITY, SEX, AGE)}


def _by(
    events: str, column: str, breakdown: Breakdown | None, *, count: str = "COUNT(*)", where: str = ""
) -> str:
    """Count `events` (rows of ons_code, month, person_key, col) by month and column or group."""
    group = breakdown.sql if breakdown else column
    ages = (
        f"LEFT JOIN ({PERSON_AGES}) a ON a.ons_code = e.ons_code AND a.person_key = e.person_key"
        if breakdown is AGE
        else ""
    )
    return f"""
        SELECT e.ons_code, e.month, {group} AS grp, {count} AS numerator, NULL AS denominator
        FROM ({events}) e
        LEFT JOIN people p ON p.ons_code = e.ons_code AND p.person_key = e.person_key
        {ages}
        {where}
        GROUP BY 1, 2, 3
    """


@dataclass(frozen=True)
class HubMeasure:
    """One measure of the hub dashboard: its page, its columns, and its KPIs by breakdown.

    `kpis` is keyed by breakdown id, '' for the measure's own columns; a count measure has one KPI
    a breakdown, time to first contact three (median, 90th percentile, within the standard).
    """

    id: str
    title: str
    definition: str
    unit: str
    improvement: Improvement
    columns: tuple[str, ...]
    kpis: Mapping[str, tuple[KPI, ...]]

    def kpis_for(self, breakdown: Breakdown | None) -> tuple[KPI, ...]:
        """Return the KPIs this measure reads, without a breakdown or with one."""
        return self.kpis[breakdown.id if breakdown else ""]


def _count_measure(
    *,
    id: str,
    title: str,
    definition: str,
    unit: str,
    improvement: Improvement,
    kpi_id: str,
    own: str,
    columns: tuple[str, ...],
    events: str,
    column: str,
    count: str = "COUNT(*)",
    where: str = "",
) -> HubMeasure:
    """A measure counted from `events`: one KPI in its own columns (`own`) and one per breakdown."""

    def kpi(breakdown: Breakdown | None) -> KPI:
        by = breakdown.id if breakdown else own
        return KPI(
            id=f"{kpi_id}-by-{by}" if by else kpi_id,
            title=f"{title} by {breakdown.title.lower()}" if breakdown else title,
            definition=f"{definition} {breakdown.definition}" if breakdown else definition,
            numerator=f"{unit.capitalize()} counted",
            denominator="None (a count)",
            kind=Kind.COUNT,
            unit=unit,
            improvement=improvement,
            sql=_by(events, column, breakdown, count=count, where=where),
            breakdown=by,
        )

    kpis = {"": (kpi(None),), **{b.id: (kpi(b),) for b in BREAKDOWNS.values()}}
    return HubMeasure(id, title, definition, unit, improvement, columns, kpis)


def _source_group(column: str) -> str:
    whens = " ".join(f"WHEN {column} IN {_in(codes)} THEN {_text(label)}" for label, codes in SOURCE_GROUPS)
    return f"CASE {whens} ELSE {_text(OTHER_SOURCE)} END"


def _kind_label(column: str) -> str:
    whens = " ".join(f"WHEN {column} = {_text(value)} THEN {_text(label)}" for value, label in SERVICE_KINDS)
    return f"CASE {whens} ELSE {column} END"


INTRODUCTIONS_BY_SOURCE = _count_measure(
    id="introductions-by-source",
    title="Introductions to the hub by source",
    definition="Hub introductions received in the month, by the NHS Data Dictionary source of referral "
    "for mental health, grouped as the hub reads them. Direct introductions are not "
    "included: they are counted under onward introductions to specialist care and crisis introductions.",
    unit="introductions",
    improvement=Improvement.NEUTRAL,
    kpi_id="hub-introductions",
    own="source",
    columns=(*(label for label, _ in SOURCE_GROUPS), OTHER_SOURCE),
    events=f"SELECT ons_code, month, person_key, {_source_group('source')} AS col FROM introductions",
    column="e.col",
)

ONWARD_SPECIALIST = _count_measure(
    id="onward-specialist",
    title="Onward introductions to specialist care",
    definition="Introductions to specialist care services made in the month: by the hub, and direct (for "
    "example a GP referring straight to the community mental health team). Lambeth's headline: about "
    "100 a month before the hub, about 20 after (the Lambeth Living Well Collaborative's published results). Declined ones count too: the measure "
    "is demand placed on specialist care.",
    unit="introductions",
    improvement=Improvement.DECREASE,
    kpi_id="hub-onward-specialist",
    own="route",
    columns=(THROUGH_HUB, DIRECT),
    events=f"""
        SELECT ons_code, month, person_key,
               CASE WHEN introduction_key IS NULL THEN {_text(DIRECT)} ELSE {_text(THROUGH_HUB)} END AS col
        FROM service_introductions WHERE service_kind = 'specialist_care'
    """,
    column="e.col",
)

# DOMAIN.md §3 crisis introductions (catalogue.CRISES), with the route each came by.
CRISES_BY_ROUTE = f"""
    SELECT ons_code, month, person_key, {_text(THROUGH_HUB)} AS col FROM introductions
    WHERE urgency = 'crisis'
    UNION ALL
    SELECT ons_code, month, person_key, {_text(DIRECT_CRISIS)} AS col FROM service_introductions
    WHERE introduction_key IS NULL AND service_kind = 'crisis_outreach'
"""

CRISIS_INTRODUCTIONS = _count_measure(
    id="crisis-introductions",
    title="Crisis introductions",
    definition="Crisis introductions received in the month: hub introductions with urgency crisis, and "
    "direct introductions to Crisis Outreach. A hub introduction that the hub then introduces on to "
    "Crisis Outreach is counted once, as a hub introduction.",
    unit="introductions",
    improvement=Improvement.DECREASE,
    kpi_id="hub-crisis-introductions",
    own="route",
    columns=(THROUGH_HUB, DIRECT_CRISIS),
    events=CRISES_BY_ROUTE,
    column="e.col",
)

DESTINATIONS = _count_measure(
    id="destinations",
    title="Destinations",
    definition="Where people went: introductions to services made in the month, by the kind of service, "
    "whether made by the hub or direct; and hub introductions decided in the month (Europe/London) "
    "that were signposted or closed without an introduction to a service.",
    unit="introductions",
    improvement=Improvement.NEUTRAL,
    kpi_id="hub-destinations",
    own="kind",
    columns=(*(label for _, label in SERVICE_KINDS), SIGNPOSTED, CLOSED),
    events=f"""
        SELECT ons_code, month, person_key, {_kind_label("service_kind")} AS col FROM service_introductions
        UNION ALL
        SELECT ons_code, {london_month("decided_at")} AS month, person_key,
               CASE WHEN status = 'signposted' THEN {_text(SIGNPOSTED)} ELSE {_text(CLOSED)} END AS col
        FROM introductions WHERE status IN ('signposted', 'closed') AND decided_at IS NOT NULL
    """,
    column="e.col",
)

_BEFORE_CRISIS_DEFINITION = (
    "Our definition, after Lambeth's: distinct people in contact with the hub or an early-help service (staying well, "
    "Short Term Support, peer support, timebank) in the month, whose introduction was not a crisis "
    "and who had no crisis contact in the previous 12 months. In contact = the hub spoke with them "
    "(a contact attempt with outcome 'spoke') or they attended a session of an early-help episode. "
    "Their introduction = the hub introduction contacted, or the one that led to the episode (an "
    "episode begun by a direct introduction has no crisis introduction). No crisis contact = no "
    "crisis introduction received from the start of the same calendar month a year earlier up to and "
    "including that contact or session (so a contact on 10 May 2025 looks back to 1 May 2024)."
)

BEFORE_CRISIS = _count_measure(
    id="before-crisis",
    title="People supported before crisis",
    definition=_BEFORE_CRISIS_DEFINITION + " Shown by whether their record says they were known to "
    "specialist care before.",
    unit="people",
    improvement=Improvement.INCREASE,
    kpi_id="hub-before-crisis",
    own="record",
    columns=(UNKNOWN, KNOWN, UNCHECKED),
    events=BEFORE_CRISIS_EVENTS,
    column=f"""CASE WHEN p.previously_known IS NULL THEN {_text(UNCHECKED)}
                    WHEN p.previously_known THEN {_text(KNOWN)} ELSE {_text(UNKNOWN)} END""",
    count="COUNT(DISTINCT e.person_key)",
)

PREVIOUSLY_UNKNOWN = _count_measure(
    id="previously-unknown",
    title="People supported before crisis who were previously unknown to specialist care",
    definition="Of the people supported before crisis in the month, those with no episode "
    "with specialist services before their introduction, as recorded on the person (previously known "
    "to specialist care = no). People not yet checked are not counted. Lambeth: over 60% of those "
    "supported before crisis.",
    unit="people",
    improvement=Improvement.INCREASE,
    kpi_id="hub-previously-unknown",
    own="",
    columns=(UNKNOWN,),
    events=BEFORE_CRISIS_EVENTS,
    column=_text(UNKNOWN),
    count="COUNT(DISTINCT e.person_key)",
    where="WHERE p.previously_known = FALSE",
)


# --- Time to first contact ----------------------------------------------------------------------
# The catalogue's one waiting clock in SQL (catalogue.FIRST_CONTACT_SET, as access/waiting.py keeps
# it on the operational side): waits followed to their month's end for the quantiles, and the month
# each standard was met or missed for the share within it.


def _waits(breakdown: Breakdown | None, fragment: str, columns: str) -> str:
    """Rows of `fragment` (the catalogue's) with their column (`grp`) and `columns`.

    With a breakdown, routine introductions only: a median across urgencies would mix a 4-hour and
    a 4-week standard.
    """
    ages = (
        f"LEFT JOIN ({PERSON_AGES}) a ON a.ons_code = f.ons_code AND a.person_key = f.person_key"
        if breakdown is AGE
        else ""
    )
    return f"""
        SELECT f.ons_code, f.month, {breakdown.sql if breakdown else "f.urgency"} AS grp, {columns}
        FROM ({fragment}) f
        LEFT JOIN people p ON p.ons_code = f.ons_code AND p.person_key = f.person_key
        {ages}
        {"WHERE f.urgency = 'routine'" if breakdown else ""}
    """


_WAIT_DEFINITION = (
    "For hub introductions received in the month: the time from receipt to the first contact attempt "
    "at which the hub spoke with the person, per urgency, followed to the end of the month. People "
    "still waiting then count as having waited at least that long (Kaplan–Meier estimates), so the "
    "longest waits are not left out; with nobody still waiting these are the ordinary median and 90th "
    "percentile (the smallest wait at or above which that share of waits fall), and a month where too "
    "few had been spoken with by its end has none. The share within the waiting standard for the "
    "urgency (NHS England's proposed community mental health waiting standards: crisis 4 hours, urgent "
    "24 hours, routine 4 weeks, or the hub's own setting when extracted) counts each introduction in "
    "the month its standard was met or missed: a wait exactly at the standard meets it, and a person "
    "still waiting past it counts as missed. Hidden when fewer than 5 people are counted."
)


def _wait_kpi(
    by: str, statistic: str, title: str, numerator: str, denominator: str, kind: Kind, sql: str, scope: str
) -> KPI:
    return KPI(
        id=f"hub-first-contact-{statistic}-by-{by}",
        title=f"Time to first contact: {title}",
        definition=f"The {title} of: {_WAIT_DEFINITION}{scope}",
        numerator=numerator,
        denominator=denominator,
        kind=kind,
        unit="hours",
        improvement=Improvement.DECREASE,
        sql=sql,
        breakdown=by,
    )


def _wait_kpis(breakdown: Breakdown | None) -> tuple[KPI, ...]:
    """The median, the 90th percentile and the number within the standard, per month and column."""
    by = breakdown.id if breakdown else "urgency"
    scope = f" Routine introductions only. {breakdown.definition}" if breakdown else ""
    followed = _waits(breakdown, catalogue.FOLLOWED_CONTACTS, "f.hours, f.contacted")
    within = f"""
        SELECT ons_code, month, grp, SUM(within) AS numerator, COUNT(*) AS denominator
        FROM ({_waits(breakdown, catalogue.RESOLVED_CONTACTS, "f.within")}) w GROUP BY 1, 2, 3
    """
    received, resolved = "Introductions received", "Introductions whose standard was met or missed"
    return (
        _wait_kpi(by, "median", "median (Kaplan–Meier, to the month's end)",
                  "Median hours from receipt to first contact", received, Kind.MEDIAN,
                  catalogue.km_quantile(followed, 0.5), scope),
        _wait_kpi(by, "p90", "90th percentile (Kaplan–Meier, to the month's end)",
                  "90th percentile of hours from receipt to first contact", received, Kind.MEDIAN,
                  catalogue.km_quantile(followed, 0.9), scope),
        _wait_kpi(by, "within-standard", "share within the standard",
                  "Introductions first contacted within their standard", resolved, Kind.SHARE, within, scope),
    )  # fmt: skip


TIME_TO_FIRST_CONTACT = HubMeasure(
    id="time-to-first-contact",
    title="Time to first contact",
    definition=_WAIT_DEFINITION,
    unit="hours",
    improvement=Improvement.DECREASE,
    columns=URGENCIES,
    kpis={"": _wait_kpis(None), **{b.id: _wait_kpis(b) for b in BREAKDOWNS.values()}},
)

# The order the dashboard shows them: the headline first. Previously unknown has a page of its own.
DASHBOARD: tuple[HubMeasure, ...] = (
    ONWARD_SPECIALIST,
    BEFORE_CRISIS,
    INTRODUCTIONS_BY_SOURCE,
    TIME_TO_FIRST_CONTACT,
    DESTINATIONS,
    CRISIS_INTRODUCTIONS,
)
MEASURES: dict[str, HubMeasure] = {m.id: m for m in (*DASHBOARD, PREVIOUSLY_UNKNOWN)}
HUB_KPIS: tuple[KPI, ...] = tuple(k for m in MEASURES.values() for kpis in m.kpis.values() for k in kpis)

# One lookup by id finds every KPI, the board's and the hub's (catalogue.py imports this module at
# its end, so this runs whichever of the two is imported first).
_clash = {k.id for k in HUB_KPIS} & set(catalogue.BY_ID)
if _clash:
    raise RuntimeError(f"hub KPI ids already in the catalogue: {sorted(_clash)}")
catalogue.BY_ID.update({k.id: k for k in HUB_KPIS})
