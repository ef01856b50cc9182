"""The hub dashboard's measures, month by month, as defined once in `measures.py`.

Every function runs a fixed number of queries whatever the number of months or rows: months are
numbered in the database by a CASE over Europe/London month boundaries computed here, and counts
are grouped there. Only the wait percentiles are taken here from one duration per introduction,
because SQLite has no percentile function. Every count table passes through suppression before
it leaves this module.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    Field,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from livingwell.access.codes import ContactOutcome, IntroductionStatus, Source, Urgency
from livingwell.access.models import ContactAttempt, Introduction
from livingwell.access.queue import response_hours
from livingwell.insight import measures
from livingwell.insight.breakdowns import Breakdown, group_expression
from livingwell.lib.clocks import LONDON, add_months, london_month, month_boundaries, month_starts
from livingwell.lib.suppression import THRESHOLD, SuppressedTable, suppress_counts, suppress_table
from livingwell.network.models import EARLY_HELP_KINDS, Service, ServiceIntroduction, ServiceKind
from livingwell.support.models import Session, SessionAttendance

# How the hub reads the NHS Data Dictionary sources: the common routes apart, the rest together.
SOURCE_GROUPS: list[tuple[str, list[str]]] = [
    ("GP", [Source.GP]),
    ("Other primary care", [Source.HEALTH_VISITOR, Source.OTHER_PRIMARY_CARE, Source.MATERNITY]),
    ("Self", [Source.SELF]),
    ("Carer or relative", [Source.CARER]),
    ("Local authority", [Source.SOCIAL_SERVICES, Source.EDUCATION, Source.HOUSING]),
    ("Employer", [Source.EMPLOYER, Source.OCCUPATIONAL_HEALTH]),
    (
        "Justice system",
        [Source.POLICE, Source.COURTS, Source.PROBATION, Source.PRISON, Source.LIAISON_DIVERSION],
    ),
    ("Voluntary sector", [Source.VOLUNTARY_SECTOR]),
    ("A&E and other hospital care", [Source.EMERGENCY_DEPARTMENT, Source.OTHER_SECONDARY_CARE]),
]
OTHER_SOURCE = "Other"
# "No crisis contact in the previous 12 months" (DOMAIN.md §3): the 12 calendar months before the
# month of the contact, and the month itself up to the contact.
CRISIS_LOOKBACK_MONTHS = 12


@dataclass(frozen=True)
class MonthlyTable:
    """A measure's counts: one row per month, suppressed; the row total is the headline."""

    measure: measures.Measure
    months: list[dt.date]
    columns: list[str]
    table: SuppressedTable


@dataclass(frozen=True)
class WaitRow:
    month: dt.date
    column: str  # an urgency, or a breakdown group
    contacted: int | None  # suppressed with the month's other columns
    median_hours: float | None  # None when fewer than 5 were contacted
    p90_hours: float | None
    within_standard: int | None  # None when it, or the number outside, is from 1 to 4
    standard_hours: int


def boundaries(months: Sequence[dt.date]) -> list[dt.datetime]:
    """Return each month's start, then the end of the last, as Europe/London midnights."""
    return month_boundaries(list(months))


def _by_interval(field: str, edges: Sequence[dt.datetime], values: Sequence[Any], output: Field) -> Case:
    """Give an event the value of the interval [edges[i], edges[i + 1]) it falls in; outside, NULL.

    Built as a binary search of nested CASEs, so the database makes about log2(months) comparisons
    a row rather than one for every month (measured: the before-crisis query ran twice as fast).
    """

    def search(lo: int, hi: int) -> Any:
        if hi - lo == 1:
            return Value(values[lo], output_field=output)
        mid = (lo + hi) // 2
        return Case(
            When(**{f"{field}__lt": edges[mid]}, then=search(lo, mid)),
            default=search(mid, hi),
            output_field=output,
        )

    inside = Q(**{f"{field}__gte": edges[0], f"{field}__lt": edges[-1]})
    return Case(When(inside, then=search(0, len(values))), default=None, output_field=output)


def month_number(field: str, months: Sequence[dt.date]) -> Case:
    """Number an event by its Europe/London month (0 = the first month); outside the range, NULL."""
    return _by_interval(field, boundaries(months), range(len(months)), IntegerField())


def data_months(today: dt.date) -> list[dt.date]:
    """Return every month from the first introduction on record to this one."""
    first_intro = Introduction.objects.aggregate(at=Min("received_at"))["at"]
    first_direct = ServiceIntroduction.objects.aggregate(at=Min("made_at"))["at"]
    firsts = [at.astimezone(LONDON).date() for at in (first_intro, first_direct) if at is not None]
    return month_starts(min(firsts, default=today), today)


def hub_opened(months: Sequence[dt.date]) -> int | None:
    """Return the index of the month the first hub introduction arrived in (None before the hub)."""
    first = Introduction.objects.aggregate(at=Min("received_at"))["at"]
    if first is None:
        return None
    month = london_month(first)
    return months.index(month) if month in months else None


def _within(qs: QuerySet, field: str, months: Sequence[dt.date]) -> QuerySet:
    edges = boundaries(months)
    return qs.filter(**{f"{field}__gte": edges[0], f"{field}__lt": edges[-1]})


def _count(qs: QuerySet, months: Sequence[dt.date], column: object) -> dict[tuple[int, str], int]:
    rows = qs.annotate(m=F("_month"), c=column).values("m", "c").annotate(n=Count("pk")).order_by()
    return {(r["m"], r["c"]): r["n"] for r in rows}


def _table(
    measure: measures.Measure, months: list[dt.date], columns: list[str], counts: dict[tuple[int, str], int]
) -> MonthlyTable:
    cells = [[counts.get((i, c), 0) for c in columns] for i in range(len(months))]
    return MonthlyTable(measure, months, columns, suppress_table(cells))


def _columns(breakdown: Breakdown | None, default: list[str]) -> list[str]:
    return breakdown.groups if breakdown else default


def _source_group() -> Case:
    whens = [When(source__in=codes, then=Value(label)) for label, codes in SOURCE_GROUPS]
    return Case(*whens, default=Value(OTHER_SOURCE), output_field=CharField())


def _hub_introductions(months: Sequence[dt.date]) -> QuerySet:
    return _within(Introduction.objects.all(), "received_at", months).annotate(
        _month=month_number("received_at", months)
    )


def _direct(months: Sequence[dt.date]) -> QuerySet:
    return _within(ServiceIntroduction.objects.filter(introduction__isnull=True), "made_at", months).annotate(
        _month=month_number("made_at", months)
    )


def introductions_by_source(
    months: list[dt.date], breakdown: Breakdown | None = None, *, today: dt.date
) -> MonthlyTable:
    """Count hub introductions by month and source group (one query)."""
    column = group_expression(breakdown, "person", today=today) if breakdown else _source_group()
    default = [label for label, _ in SOURCE_GROUPS] + [OTHER_SOURCE]
    counts = _count(_hub_introductions(months), months, column)
    return _table(measures.INTRODUCTIONS_BY_SOURCE, months, _columns(breakdown, default), counts)


def onward_specialist(
    months: list[dt.date], breakdown: Breakdown | None = None, *, today: dt.date
) -> MonthlyTable:
    """Count introductions to specialist care by month, through the hub or direct (one query)."""
    qs = _within(
        ServiceIntroduction.objects.filter(service__kind=ServiceKind.SPECIALIST_CARE), "made_at", months
    )
    qs = qs.annotate(_month=month_number("made_at", months))
    column = (
        group_expression(breakdown, "person", today=today)
        if breakdown
        else Case(
            When(introduction__isnull=True, then=Value("Direct")),
            default=Value("Through the hub"),
            output_field=CharField(),
        )
    )
    counts = _count(qs, months, column)
    return _table(
        measures.ONWARD_SPECIALIST, months, _columns(breakdown, ["Through the hub", "Direct"]), counts
    )


def crisis_introductions(
    months: list[dt.date], breakdown: Breakdown | None = None, *, today: dt.date
) -> MonthlyTable:
    """Count crisis introductions by month: hub crises and direct ones to Crisis Outreach (two queries)."""
    hub = _hub_introductions(months).filter(urgency=Urgency.CRISIS)
    direct = _direct(months).filter(service__kind=ServiceKind.CRISIS_OUTREACH)
    if breakdown:
        counts = _count(hub, months, group_expression(breakdown, "person", today=today))
        for key, n in _count(direct, months, group_expression(breakdown, "person", today=today)).items():
            counts[key] = counts.get(key, 0) + n
    else:
        counts = _count(hub, months, Value("Through the hub", output_field=CharField()))
        counts.update(_count(direct, months, Value("Direct to Crisis Outreach", output_field=CharField())))
    columns = _columns(breakdown, ["Through the hub", "Direct to Crisis Outreach"])
    return _table(measures.CRISIS_INTRODUCTIONS, months, columns, counts)


SIGNPOSTED, CLOSED = "Signposted", "Closed without an introduction"


def destinations(
    months: list[dt.date], breakdown: Breakdown | None = None, *, today: dt.date
) -> MonthlyTable:
    """Count where people went by month: services by kind, signposted, closed (two queries)."""
    onward = _within(ServiceIntroduction.objects.all(), "made_at", months).annotate(
        _month=month_number("made_at", months)
    )
    decided = _within(
        Introduction.objects.filter(status__in=[IntroductionStatus.SIGNPOSTED, IntroductionStatus.CLOSED]),
        "decided_at",
        months,
    ).annotate(_month=month_number("decided_at", months))
    if breakdown:
        counts = _count(onward, months, group_expression(breakdown, "person", today=today))
        for key, n in _count(decided, months, group_expression(breakdown, "person", today=today)).items():
            counts[key] = counts.get(key, 0) + n
    else:
        counts = _count(onward, months, F("service__kind"))
        status_label = Case(
            When(status=IntroductionStatus.SIGNPOSTED, then=Value(SIGNPOSTED)),
            default=Value(CLOSED),
            output_field=CharField(),
        )
        counts.update(_count(decided, months, status_label))
        counts = {
            (m, str(ServiceKind(c).label) if c in ServiceKind.values else c): n
            for (m, c), n in counts.items()
        }
    default = [str(label) for label in ServiceKind.labels] + [SIGNPOSTED, CLOSED]
    return _table(measures.DESTINATIONS, months, _columns(breakdown, default), counts)


def crisis_window_starts(field: str, months: Sequence[dt.date]) -> Case:
    """Give each event the start of its crisis look-back: the same month a year earlier (Europe/London)."""
    starts = []
    for month in months:
        starts.append(
            dt.datetime.combine(add_months(month, -CRISIS_LOOKBACK_MONTHS), dt.time(), tzinfo=LONDON)
        )
    return _by_interval(field, boundaries(months), starts, DateTimeField())


def _no_crisis_before(person: str, at: str) -> Q:
    """Say the person had no crisis introduction from the look-back start up to and including `at`."""
    hub_crisis = Introduction.objects.filter(
        person_id=OuterRef(person),
        urgency=Urgency.CRISIS,
        received_at__gte=OuterRef("_since"),
        received_at__lte=OuterRef(at),
    )
    direct_crisis = ServiceIntroduction.objects.filter(
        person_id=OuterRef(person),
        introduction__isnull=True,
        service__kind=ServiceKind.CRISIS_OUTREACH,
        made_at__gte=OuterRef("_since"),
        made_at__lte=OuterRef(at),
    )
    return ~Q(Exists(hub_crisis)) & ~Q(Exists(direct_crisis))


UNKNOWN, KNOWN, UNCHECKED = "Previously unknown", "Previously known", "Not yet checked"


def _known(person: str) -> Case:
    field = f"{person}__previously_known_to_specialist_care"
    return Case(
        When(**{f"{field}__isnull": True}, then=Value(UNCHECKED)),
        When(**{field: True}, then=Value(KNOWN)),
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


def before_crisis(
    months: list[dt.date], breakdown: Breakdown | None = None, *, today: dt.date, unknown_only: bool = False
) -> MonthlyTable:
    """Count people supported before crisis by month (DOMAIN.md §3), in one query."""
    person = "introduction__person"
    hub = (
        _within(ContactAttempt.objects.filter(outcome=ContactOutcome.SPOKE), "at", months)
        .exclude(introduction__urgency=Urgency.CRISIS)
        .annotate(_since=crisis_window_starts("at", months))
        .filter(_no_crisis_before("introduction__person_id", "at"))
        .annotate(m=month_number("at", months), p=F(f"{person}_id"), k=_known(person))
        .annotate(g=group_expression(breakdown, person, today=today))
        .values("m", "p", "k", "g")
        .order_by()
    )
    person = "episode__person"
    early = (
        _within(Session.objects.filter(attendance=SessionAttendance.ATTENDED), "at", months)
        # Through the service ids, so that SQLite drops other services' sessions before it
        # looks for crises (measured: twice as fast on the 36-month borough).
        .filter(episode__service__in=Service.objects.filter(kind__in=EARLY_HELP_KINDS).values("pk"))
        # An episode begun without a hub introduction has no crisis introduction.
        .filter(
            Q(episode__service_introduction__introduction__isnull=True)
            | ~Q(episode__service_introduction__introduction__urgency=Urgency.CRISIS)
        )
        .annotate(_since=crisis_window_starts("at", months))
        .filter(_no_crisis_before("episode__person_id", "at"))
        .annotate(m=month_number("at", months), p=F(f"{person}_id"), k=_known(person))
        .annotate(g=group_expression(breakdown, person, today=today))
        .values("m", "p", "k", "g")
        .order_by()
    )
    # UNION keeps one row per person, month and group; the count of distinct people is then
    # taken in the database over both sources at once.
    sql, params = hub.union(early).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.m, u.g, u.k, COUNT(DISTINCT u.p) FROM ({sql}) u GROUP BY u.m, u.g, u.k",  # noqa: S608 - SQL built by the ORM, values as parameters
            params,
        )
        rows = cursor.fetchall()
    counts: dict[tuple[int, str], int] = {}
    for m, g, k, n in rows:
        if unknown_only and k != UNKNOWN:
            continue
        key = (m, g if breakdown else k)
        counts[key] = counts.get(key, 0) + n
    measure = measures.PREVIOUSLY_UNKNOWN if unknown_only else measures.BEFORE_CRISIS
    columns = _columns(breakdown, [UNKNOWN] if unknown_only else [UNKNOWN, KNOWN, UNCHECKED])
    return _table(measure, months, columns, counts)


def _nearest_rank(sorted_values: Sequence[float], share: float) -> float:
    return sorted_values[max(math.ceil(share * len(sorted_values)), 1) - 1]


def time_to_first_contact(
    months: list[dt.date], breakdown: Breakdown | None = None, *, today: dt.date
) -> list[WaitRow]:
    """Return wait statistics per month and urgency (or group, for routine introductions); two queries."""
    hours = response_hours()
    first_spoke = ContactAttempt.objects.filter(introduction=OuterRef("pk"), outcome=ContactOutcome.SPOKE)
    qs = (
        _hub_introductions(months)
        .annotate(first=Subquery(first_spoke.order_by("at").values("at")[:1]))
        .filter(first__isnull=False)
    )
    if breakdown:
        # A median across urgencies would mix a 4-hour and a 4-week standard: compare like with like.
        qs = qs.filter(urgency=Urgency.ROUTINE).annotate(c=group_expression(breakdown, "person", today=today))
        columns = breakdown.groups
    else:
        qs = qs.annotate(c=F("urgency"))
        columns = [str(u) for u in Urgency]
    waits: dict[tuple[int, str], list[tuple[float, str]]] = {}
    for m, c, urgency, received, first in qs.values_list("_month", "c", "urgency", "received_at", "first"):
        waits.setdefault((m, c), []).append(((first - received).total_seconds() / 3600, urgency))
    result = []
    for i, month in enumerate(months):
        entries_by_column = [waits.get((i, column), []) for column in columns]
        shown_counts, _ = suppress_counts([len(e) for e in entries_by_column])
        for column, entries, contacted in zip(columns, entries_by_column, shown_counts, strict=True):
            values = sorted(w for w, _ in entries)
            shown = len(values) >= THRESHOLD
            standard = hours[column] if column in hours else hours[Urgency.ROUTINE]
            within = sum(1 for w, u in entries if w <= hours[u])
            # The share within the standard would give back a small number outside it.
            small = any(0 < n < THRESHOLD for n in (within, len(values) - within))
            result.append(
                WaitRow(
                    month=month,
                    column=column,
                    contacted=contacted,
                    median_hours=_nearest_rank(values, 0.5) if shown else None,
                    p90_hours=_nearest_rank(values, 0.9) if shown else None,
                    within_standard=within if shown and not small else None,
                    standard_hours=standard,
                )
            )
    return result
