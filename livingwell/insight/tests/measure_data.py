"""Small hand-counted datasets for the hub measures (March and April 2025, around the clock change)."""

from __future__ import annotations

import datetime as dt
import uuid

from livingwell.access.codes import ContactMethodUsed, ContactOutcome, Source, Urgency
from livingwell.access.models import ContactAttempt, Introduction
from livingwell.accounts.models import Role, User
from livingwell.network.models import Service, ServiceIntroduction, ServiceKind
from livingwell.people.models import Person
from livingwell.support.models import Episode, Session, SessionAttendance
from livingwell.testing import factories

UTC = dt.UTC
MARCH, APRIL = dt.date(2025, 3, 1), dt.date(2025, 4, 1)
MONTHS = [MARCH, APRIL]
TODAY = dt.date(2025, 4, 30)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def worker() -> User:
    return factories.user(Role.HUB_WORKER)


def intro(
    person: Person | None = None,
    *,
    received: dt.datetime,
    urgency: str = Urgency.ROUTINE,
    source: str = Source.GP,
    **fields: object,
) -> Introduction:
    return factories.introduction(person, received_at=received, urgency=urgency, source=source, **fields)


def spoke(
    introduction: Introduction, when: dt.datetime, by: User, outcome: str = ContactOutcome.SPOKE
) -> None:
    ContactAttempt.objects.create(
        introduction=introduction, at=when, method=ContactMethodUsed.PHONE, outcome=outcome, by=by
    )


def direct(
    person: Person, service: Service, made: dt.datetime, by: User, source: str = Source.GP
) -> ServiceIntroduction:
    return ServiceIntroduction.objects.create(
        introduction=None, source=source, service=service, person=person, made_by=by, made_at=made
    )


def session(
    person: Person,
    service: Service,
    when: dt.datetime,
    by: User,
    *,
    item: ServiceIntroduction | None = None,
    attendance: str = SessionAttendance.ATTENDED,
) -> None:
    episode = Episode.objects.create(
        person=person, service=service, service_introduction=item, accepted_at=when - dt.timedelta(days=1)
    )
    Session.objects.create(episode=episode, at=when, attendance=attendance, recorded_by=by)


def services() -> dict[str, Service]:
    return {kind: factories.service(kind=kind) for kind in ServiceKind.values}


def key() -> str:
    return str(uuid.uuid4())
