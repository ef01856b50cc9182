"""The demo borough's carers: a carer who looks after a demo person, and may read their plan.

Tom looks after someone with a support plan (network_now.add_plans names him there as their carer).
The hub has checked the link with the person, who agreed that Tom may read the plan, and confirmed
Tom's phone, so Tom can sign in to the own view at /my/sign-in/ with a one-time code sent to it
(DEMO_CARER_PHONE, date of birth DEMO_CARER_BORN) and read the plan at /carers/my/.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from livingwell.carers.models import Carer, CarerRelationship, CaringFor
from livingwell.people.codes import ContactMethod
from livingwell.support.models import NetworkRelationship, PlanNetworkMember

if TYPE_CHECKING:
    from livingwell.demo.history import _Generator
    from livingwell.demo.network_now import Placed

# Ofcom's drama range (07700 900000 to 900999): never a real phone.
DEMO_CARER_PHONE = "+447700900461"
DEMO_CARER_BORN = dt.date(1968, 4, 12)


def add(generator: _Generator, placed: list[Placed]) -> int:
    """Add the demo carer for the first person with a plan; return how many carers were added."""
    now = generator.now
    for entry in placed:
        member = PlanNetworkMember.objects.filter(
            plan__person=entry.person, relationship=NetworkRelationship.CARER
        ).first()
        if member is None:
            continue
        carer = Carer.objects.create(
            given_name=member.name,
            family_name=entry.person.family_name,
            date_of_birth=DEMO_CARER_BORN,
            phone=DEMO_CARER_PHONE,
            phone_confirmed_at=now - dt.timedelta(days=20),
            preferred_contact=ContactMethod.TEXT,
            consents=True,
            consents_at=now - dt.timedelta(days=20),
        )
        CaringFor.objects.create(
            carer=carer,
            person=entry.person,
            relationship=CarerRelationship.PARTNER,
            confirmed_at=now - dt.timedelta(days=20),
            person_consents_to_share_plan=True,
            person_consent_at=now - dt.timedelta(days=20),
            person_consent_how="Told their coordinator at a session",
            network_member=member,
        )
        return 1
    return 0
