"""Small hand-counted datasets for the hub measures (March and April 2025, around the clock change).

Records are made in the operational database, then extracted (`figures`) exactly as `livingwell
extract` does, into the test's EXTRACT_DIR, and read back as the hub pages read them: the catalogue's
hub KPIs over the extract.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings

from livingwell.access.codes import ContactMethodUsed, ContactOutcome
from livingwell.access.models import ContactAttempt, Introduction
from livingwell.accounts.models import Role, User
from livingwell.analytics import extract
from livingwell.codes import Source, Urgency
from livingwell.insight import alliance
from livingwell.insight.alliance import Alliance
from livingwell.network.models import Service, ServiceIntroduction, ServiceKind
from livingwell.people.models import Person
from livingwell.support.models import Episode, Session, SessionAttendance
from livingwell.testing import factories

UTC = dt.UTC
MARCH, APRIL = dt.date(2025, 3, 1), dt.date(2025, 4, 1)
MONTHS = [MARCH, APRIL]
# Extracted on 1 May 2025 (09:15 BST): April is whole, and May has begun.
EXTRACTED = dt.datetime(2025, 5, 1, 8, 15, tzinfo=UTC)


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


def figures(now: dt.datetime = EXTRACTED) -> Alliance:
    """Extract every record made so far, afresh, and load the extracts as the pages do."""
    folder = Path(settings.EXTRACT_DIR) / settings.BOROUGH_ONS_CODE
    extract.extract(folder, borough=extract.operational_borough(), secret=b"hub measures", full=True, now=now)
    return alliance.load()
