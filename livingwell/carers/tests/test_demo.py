"""The demo borough has a carer who can sign in and read the plan of the person they look after."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from livingwell.carers.models import CaringFor
from livingwell.carers.signin import find_carers
from livingwell.demo.carers_now import DEMO_CARER_BORN, DEMO_CARER_PHONE

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_carer_who_can_sign_in_and_read_a_plan():
    call_command(
        "seed_demo", "--months", "3", "--seed", "7", "--scale", "0.2", "--no-outcomes", "--no-extracts",
        stdout=StringIO(),
    )  # fmt: skip
    [pk] = find_carers("sms", DEMO_CARER_PHONE, DEMO_CARER_BORN)
    link = CaringFor.objects.get(carer_id=pk)
    assert link.plan_shared
    assert link.network_member is not None
    assert link.network_member.plan.person == link.person
