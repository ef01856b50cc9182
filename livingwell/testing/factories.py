"""Factories for tests: small functions with sensible defaults, overridable by keyword."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import uuid
from typing import Any

from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone

from livingwell.access.models import Introduction
from livingwell.access.services import IntroductionRequest, PersonDetails, new_reference
from livingwell.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from livingwell.codes import Source, Urgency
from livingwell.network.models import Service, ServiceIntroduction, ServiceKind
from livingwell.people.models import Person
from livingwell.support.models import Episode

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test users only
_counter = itertools.count(1)


@functools.cache
def _password_hash() -> str:
    return make_password(PASSWORD)


def organisation(**fields: Any) -> Organisation:
    n = next(_counter)
    values: dict[str, Any] = {"name": f"Organisation {n}", "kind": OrganisationKind.VOLUNTARY}
    values.update(fields)
    return Organisation.objects.create(**values)


def user(role: str | None = None, organisation_: Organisation | None = None, **fields: Any) -> User:
    n = next(_counter)
    values: dict[str, Any] = {"username": f"user{n}", "first_name": "Test", "last_name": f"User {n}"}
    values.update(fields)
    # The same argon2 hash for every test user: hashing costs ~0.1 s by design, once is enough.
    account = User.objects.create(password=_password_hash(), **values)
    if role is not None:
        Membership.objects.create(user=account, organisation=organisation_ or organisation(), role=role)
    return account


def service(organisation_: Organisation | None = None, **fields: Any) -> Service:
    n = next(_counter)
    values: dict[str, Any] = {"name": f"Service {n}", "kind": ServiceKind.SHORT_TERM_SUPPORT}
    values.update(fields)
    return Service.objects.create(organisation=organisation_ or organisation(), **values)


def person(**fields: Any) -> Person:
    n = next(_counter)
    values: dict[str, Any] = {
        "given_name": "Alex",
        "family_name": f"Person{n}",
        "date_of_birth": dt.date(1990, 1, 1),
        "postcode": "SW9 8AA",
        "phone": "+447700900000",
        "consent_share_alliance": True,
        "consent_share_alliance_at": timezone.now(),
    }
    values.update(fields)
    return Person.objects.create(**values)


def introduction(person_: Person | None = None, **fields: Any) -> Introduction:
    values: dict[str, Any] = {
        "reference": new_reference(),
        "source": Source.SELF,
        "urgency": Urgency.ROUTINE,
        "received_at": timezone.now(),
        "submission_key": str(uuid.uuid4()),
        "whats_going_on": "Feeling low and not sleeping",
    }
    values.update(fields)
    return Introduction.objects.create(person=person_ or person(), **values)


def service_introduction(
    introduction_: Introduction | None = None, service_: Service | None = None, **fields: Any
) -> ServiceIntroduction:
    intro = introduction_ or introduction()
    made_by = fields.pop("made_by", None) or user(Role.HUB_WORKER)
    return ServiceIntroduction.objects.create(
        introduction=intro, person=intro.person, service=service_ or service(), made_by=made_by, **fields
    )


def episode(service_introduction_: ServiceIntroduction | None = None, **fields: Any) -> Episode:
    item = service_introduction_ or service_introduction()
    values: dict[str, Any] = {"accepted_at": timezone.now()}
    values.update(fields)
    return Episode.objects.create(
        person=item.person, service=item.service, service_introduction=item, **values
    )


def person_details(**fields: Any) -> PersonDetails:
    values: dict[str, Any] = {
        "given_name": "Sam",
        "family_name": "Okafor",
        "date_of_birth": dt.date(1988, 6, 15),
        "postcode": "SE5 9RS",
        "phone": "+447700900123",
        "consent_share_alliance": True,
    }
    values.update(fields)
    return PersonDetails(**values)


def introduction_request(details: PersonDetails | None = None, **fields: Any) -> IntroductionRequest:
    values: dict[str, Any] = {
        "source": Source.SELF,
        "submission_key": str(uuid.uuid4()),
        "whats_going_on": "Struggling since losing my job",
    }
    values.update(fields)
    return IntroductionRequest(person=details or person_details(), **values)


def request_for(account: Any = None, path: str = "/hub/", address: str = "192.0.2.10") -> HttpRequest:
    """A request as a service function receives it from a view: who, where from, which page."""
    request = RequestFactory().get(path, REMOTE_ADDR=address)
    if account is not None:
        request.user = account
    return request


def self_introduction_form(**fields: Any) -> dict[str, Any]:
    """POST data for the online self-introduction, valid unless overridden."""
    values: dict[str, Any] = {
        "submission_key": str(uuid.uuid4()),
        "at_risk_now": "no",
        "given_name": "Jo",
        "family_name": "Adeyemi",
        "date_of_birth-day": "15",
        "date_of_birth-month": "3",
        "date_of_birth-year": "1984",
        "nhs_number": "999 000 0050",
        "postcode": "se5 9rs",
        "sex": "X",
        "ethnicity": "Z",
        "preferred_contact": "phone",
        "phone": "+447700900456",
        "email": "",
        "contact_times": "Mornings",
        "language": "English",
        "whats_going_on": "I have not been sleeping and I feel on edge all the time.",
        "life_areas": ["mood", "work"],
        "consent_share_alliance": "yes",
        "consent_share_gp": "no",
    }
    values.update(fields)
    return values
