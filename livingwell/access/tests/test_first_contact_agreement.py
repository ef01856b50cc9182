"""The waiting clock (ORM) and the KPI catalogue (SQL over the extract) agree on first contact.

The same records, built at every boundary of the rule in `access/waiting.py`, are read both ways:
through `with_first_contact` and `wait_for`, and through the extract and the catalogue's public
engine ("time-to-first-contact" and "contact-within-standard"): the standard met or missed in the
month it was, a person still waiting past it a miss, and the Kaplan–Meier median to the month's end.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.utils import timezone

from livingwell.access import waiting
from livingwell.access.codes import ContactOutcome
from livingwell.access.models import ContactAttempt, Introduction, ResponseStandard
from livingwell.analytics import extract
from livingwell.analytics.kpis import catalogue, engine, store
from livingwell.codes import Urgency
from livingwell.lib.clocks import LONDON, add_months, london_month
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
SECOND = dt.timedelta(seconds=1)


def _introduction(urgency: str, received: dt.datetime, *contacts: tuple[dt.timedelta, str], by) -> None:
    intro = factories.introduction(urgency=urgency, received_at=received)
    for after, outcome in contacts:
        ContactAttempt.objects.create(
            introduction=intro, at=received + after, method="phone", outcome=outcome, by=by
        )


def _records(by) -> None:
    spoke, no_answer = ContactOutcome.SPOKE, ContactOutcome.NO_ANSWER
    ResponseStandard.objects.create(urgency=Urgency.ROUTINE, hours=48)  # the hub's own, not 4 weeks
    march = dt.datetime(2025, 3, 10, 9, 0, tzinfo=LONDON)
    for urgency, hours in ((Urgency.CRISIS, 4), (Urgency.URGENT, 24), (Urgency.ROUTINE, 48)):
        standard = dt.timedelta(hours=hours)
        _introduction(urgency, march, (standard, spoke), by=by)  # exactly at the standard: met
        _introduction(urgency, march, (standard + SECOND, spoke), by=by)  # a second over
    # Only attempts that did not reach the person: no first contact, in neither count.
    _introduction(Urgency.ROUTINE, march, (HOUR, no_answer), (2 * HOUR, ContactOutcome.LEFT_MESSAGE), by=by)
    _introduction(Urgency.CRISIS, march, by=by)  # not contacted at all
    # The earliest "spoke", after an unanswered call, recorded out of order.
    _introduction(Urgency.ROUTINE, march, (30 * HOUR, spoke), (HOUR, no_answer), (5 * HOUR, spoke), by=by)
    # 00:30 on 30 March 2025, as the clocks go forward: 3 h 30 min elapsed to 05:00, 4 h by the wall.
    _introduction(Urgency.CRISIS, dt.datetime(2025, 3, 30, 0, 30, tzinfo=LONDON), (3.5 * HOUR, spoke), by=by)
    # 23:30 UTC on 31 March is 00:30 BST on 1 April: an April introduction.
    april = dt.datetime(2025, 3, 31, 23, 30, tzinfo=dt.UTC)
    for hours in (1, 7, 3, 50):
        _introduction(Urgency.ROUTINE, april, (hours * HOUR, spoke), by=by)
    # The clocks go back at 02:00 on 26 October 2025: 00:30 to 04:00 by the wall is 4 h 30 min.
    _introduction(Urgency.CRISIS, dt.datetime(2025, 10, 26, 0, 30, tzinfo=LONDON), (4.5 * HOUR, spoke), by=by)


def _km_median(waits: list[tuple[float, bool]]) -> float | None:
    """The Kaplan–Meier median in exact fractions: the first contact time at which S(t) ≤ ½."""
    survival = Fraction(1)
    for t in sorted({t for t, contacted in waits if contacted}):
        at_risk = sum(1 for u, _ in waits if u >= t)
        survival *= Fraction(at_risk - sum(1 for u, c in waits if u == t and c), at_risk)
        if survival <= Fraction(1, 2):
            return t
    return None


def test_the_waiting_clock_and_the_catalogue_agree_on_first_contact_and_the_standard(tmp_path, hub_worker):
    _records(hub_worker)
    borough = extract.operational_borough()
    extracted_at = timezone.now()
    extract.extract(tmp_path / borough.ons_code, borough=borough, secret=b"first-contact", now=extracted_at)
    kpis = [catalogue.BY_ID["time-to-first-contact"], catalogue.BY_ID["contact-within-standard"]]
    rows = engine.run(store.open_store(tmp_path), kpis)

    # The operational clock, read at the extract: each standard met or missed, in the month it was.
    hours = waiting.response_hours()
    routine: dict[dt.date, list[tuple[float, bool]]] = {}
    within: dict[dt.date, list[int]] = {}
    for intro in waiting.with_first_contact(Introduction.objects.all()):
        wait = waiting.wait_for(intro, now=extracted_at, hours=hours)
        standard = dt.timedelta(hours=wait.standard_hours)
        if wait.contacted and not wait.breached:
            counts = within.setdefault(london_month(wait.until), [0, 0])
            counts[0] += 1
            counts[1] += 1
        elif wait.breached:
            within.setdefault(london_month(intro.received_at + standard), [0, 0])[1] += 1
        if intro.urgency == Urgency.ROUTINE:
            month = london_month(intro.received_at)
            month_end = dt.datetime.combine(add_months(month, 1), dt.time(), LONDON)
            followed_to = min(month_end, extracted_at)
            if wait.contacted and wait.until <= followed_to:
                routine.setdefault(month, []).append((wait.waited.total_seconds() / 3600, True))
            else:
                routine.setdefault(month, []).append(
                    ((followed_to - intro.received_at).total_seconds() / 3600, False)
                )

    march, april, october = dt.date(2025, 3, 1), dt.date(2025, 4, 1), dt.date(2025, 10, 1)
    # What the records were built to give, so that agreement cannot be two wrong answers alike:
    # in March the two never spoken with are misses beside the three a second over.
    assert within == {march: [5, 10], april: [3, 4], october: [0, 1]}
    # 10 March 09:00 GMT to midnight BST on 1 April is 21 days 14 hours: 518 h, censored.
    assert {m: sorted(v) for m, v in routine.items()} == {
        march: [(5.0, True), (48.0, True), (48.0 + 1 / 3600, True), (518.0, False)],
        april: [(1.0, True), (3.0, True), (7.0, True), (50.0, True)],
    }

    medians = {r.month: (r.numerator, r.denominator) for r in rows["time-to-first-contact"]}
    assert medians == {march: (48.0, 4), april: (3.0, 4)}
    assert medians == {
        month: (pytest.approx(_km_median(waits)), len(waits)) for month, waits in routine.items()
    }
    shares = {r.month: (r.numerator, r.denominator) for r in rows["contact-within-standard"]}
    assert shares == {month: (float(met), n) for month, (met, n) in within.items()}
