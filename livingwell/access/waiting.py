"""The waiting clock: when the hub first spoke with a person, and whether that met the standard.

This is the one place the operational side computes first contact and breach. The rule, which the
KPI catalogue's SQL (`FIRST_CONTACT_SET` and "contact-within-standard" in
`livingwell/analytics/kpis/catalogue.py`) states in the same way over the extract:

- **First contact** is the earliest contact attempt whose outcome is "spoke"
  (`ContactOutcome.SPOKE`). Attempts that did not reach the person (no answer, a message left,
  wrong details) do not stop the clock.
- **The wait** runs from the introduction's receipt to its first contact, or to now while there
  is none. It is elapsed time, counted in UTC (`lib.clocks.waited`), so the clock change adds or
  takes away no hour; it is never negative.
- **The standard** is the response time for the introduction's urgency: the proposed NHS England
  community mental health waiting standards (DOMAIN.md §3: very urgent (crisis) 4 hours, urgent
  24 hours, routine 4 weeks), or the hub's own setting (`ResponseStandard`) where it has one.
- **A breach** is a wait longer than the standard (`lib.clocks.is_breach`); a wait exactly at the
  standard meets it. An introduction nobody has spoken with yet is in breach from the moment its
  wait so far passes the standard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from livingwell.access.codes import DEFAULT_RESPONSE_HOURS, ContactOutcome
from livingwell.access.models import ContactAttempt, Introduction, ResponseStandard
from livingwell.codes import Urgency
from livingwell.lib import clocks

FIRST_CONTACT_AT = "first_contact_at"


def response_hours() -> dict[str, int]:
    """Return the response standard per urgency: the hub's settings over the national defaults."""
    hours = {str(k): v for k, v in DEFAULT_RESPONSE_HOURS.items()}
    hours.update(dict(ResponseStandard.objects.values_list("urgency", "hours")))
    return hours


def _spoke_times(introduction: Any) -> QuerySet[ContactAttempt, dt.datetime]:
    # Served by the (introduction, outcome, at) index: the first row is the first contact.
    return (
        ContactAttempt.objects.filter(introduction=introduction, outcome=ContactOutcome.SPOKE)
        .order_by("at")
        .values_list("at", flat=True)
    )


def with_first_contact(queryset: QuerySet[Introduction]) -> QuerySet[Introduction]:
    """Annotate each introduction with `first_contact_at` (None until the hub has spoken with them).

    One correlated subquery in the same query, so a list of any length costs no extra queries.
    """
    if FIRST_CONTACT_AT in queryset.query.annotations:
        return queryset
    return queryset.annotate(**{FIRST_CONTACT_AT: Subquery(_spoke_times(OuterRef("pk"))[:1])})


def first_contact_at(introduction: Introduction) -> dt.datetime | None:
    """Return when the hub first spoke with the person, or None if it has not yet.

    Read from `with_first_contact`'s annotation when the introduction carries it; otherwise one query.
    """
    if hasattr(introduction, FIRST_CONTACT_AT):
        annotated: dt.datetime | None = getattr(introduction, FIRST_CONTACT_AT)
        return annotated
    return _spoke_times(introduction.pk).first()


@dataclass(frozen=True)
class Wait:
    """One introduction's wait for first contact, and how it stands against its standard."""

    received_at: dt.datetime
    first_contact_at: dt.datetime | None
    until: dt.datetime  # the first contact, or now while there is none
    standard_hours: int

    @property
    def contacted(self) -> bool:
        """Say whether the hub has spoken with the person (the clock has stopped)."""
        return self.first_contact_at is not None

    @property
    def waited(self) -> dt.timedelta:
        """Return how long the person waited for first contact, or has waited so far."""
        return clocks.waited(self.received_at, self.until)

    @property
    def breached(self) -> bool:
        """Say whether the wait was (or, still running, is already) over the standard."""
        return clocks.is_breach(self.received_at, self.until, self.standard_hours)

    @property
    def over_by(self) -> dt.timedelta:
        """Return by how much the wait is over the standard (nothing when it is met)."""
        return max(self.waited - dt.timedelta(hours=self.standard_hours), dt.timedelta(0))

    @property
    def text(self) -> str:
        """Write the wait the way a hub worker reads it."""
        return clocks.describe_wait(self.waited)


def wait_for(
    introduction: Introduction, *, now: dt.datetime | None = None, hours: dict[str, int] | None = None
) -> Wait:
    """Measure an introduction's wait for first contact against its urgency's response standard.

    `hours` is `response_hours()` (pass it when measuring many, to read the standards once).
    """
    hours = hours or response_hours()
    first = first_contact_at(introduction)
    until = first if first is not None else (now or timezone.now())
    return Wait(introduction.received_at, first, until, hours[introduction.urgency])


def over_standard_while_waiting(now: dt.datetime, hours: dict[str, int]) -> Q:
    """Filter introductions still waiting for first contact to those over their standard at `now`.

    The database form of `Wait.breached` for a clock still running: waited longer than the
    standard means received strictly before now less the standard, so exactly at it is met.
    """
    over = Q()
    for level in Urgency:
        over |= Q(urgency=level, received_at__lt=now - dt.timedelta(hours=hours[level]))
    return over
