"""Carers, their forms and their links, for the carers app's tests."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from livingwell.carers.models import Carer, CarerRelationship, CaringFor
from livingwell.testing import factories


def carer_form(**fields: Any) -> dict[str, Any]:
    """POST data for the carer's form at the front door, valid unless overridden."""
    values: dict[str, Any] = {
        "submission_key": str(uuid.uuid4()),
        "at_risk_now": "no",
        "given_name": "Kai",
        "family_name": "Mensah",
        "date_of_birth-day": "2",
        "date_of_birth-month": "9",
        "date_of_birth-year": "2004",
        "nhs_number": "",
        "postcode": "SE11 5QY",
        "phone": "",
        "email": "",
        "whats_going_on": "My son has stopped going out and hardly eats.",
        "life_areas": ["mood"],
        "person_knows": "agrees",
        "carer_given_name": "Grace",
        "carer_family_name": "Mensah",
        "carer_date_of_birth-day": "14",
        "carer_date_of_birth-month": "5",
        "carer_date_of_birth-year": "1975",
        "relationship": "parent",
        "carer_preferred_contact": "phone",
        "carer_phone": "07700 900 321",
        "carer_email": "",
        "carer_consents": "yes",
    }
    values.update(fields)
    return values


def make_carer(**fields: Any) -> Carer:
    values: dict[str, Any] = {
        "given_name": "Grace",
        "family_name": "Mensah",
        "date_of_birth": dt.date(1975, 5, 14),
        "phone": "+447700900321",
        "consents": True,
        "consents_at": timezone.now(),
    }
    values.update(fields)
    return Carer.objects.create(**values)


def make_link(carer: Carer | None = None, person: Any = None, **fields: Any) -> CaringFor:
    values: dict[str, Any] = {"relationship": CarerRelationship.PARENT, "confirmed_at": timezone.now()}
    values.update(fields)
    return CaringFor.objects.create(
        carer=carer or make_carer(), person=person or factories.person(), **values
    )


@pytest.fixture
def carer(db) -> Carer:
    return make_carer(phone_confirmed_at=timezone.now())


@pytest.fixture
def son(db):
    return factories.person(given_name="Kai", family_name="Mensah", date_of_birth=dt.date(2004, 9, 2))


@pytest.fixture
def caring_for(carer, son) -> CaringFor:
    return make_link(carer, son)
