"""The demo borough's own view: one person who can sign in, with a plan, a comment and a correction asked for.

The first person with a support plan has an email the hub has confirmed (DEMO_PERSON_EMAIL), so
a visitor can sign in at /my/sign-in/ with it and their date of birth; the demo's console
message backend prints the code in the terminal running `make demo`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from livingwell.mine.models import CorrectionRequest, PersonComment
from livingwell.people.models import Person
from livingwell.support.models import SupportPlan

if TYPE_CHECKING:
    from livingwell.demo.history import _Generator
    from livingwell.demo.network_now import Placed

# example.org is kept for examples (RFC 2606): no message to it reaches anyone.
DEMO_PERSON_EMAIL = "own-view@example.org"


def add(generator: _Generator, placed: list[Placed]) -> Person | None:
    """Give the first person with a plan a confirmed email and something of their own; return them."""
    now = generator.now
    for entry in placed:
        if not SupportPlan.objects.filter(person=entry.person).exists():
            continue
        person = entry.person
        Person.objects.filter(pk=person.pk).update(
            email=DEMO_PERSON_EMAIL, email_confirmed_at=now - dt.timedelta(days=12)
        )
        PersonComment.objects.create(
            person=person,
            text="Mornings are hard for me. Please call after 11.",
            written_at=now - dt.timedelta(days=5),
            submission_key="demo-comment",
        )
        CorrectionRequest.objects.create(
            person=person,
            what="My postcode is wrong. I moved last month.",
            asked_at=now - dt.timedelta(days=2),
            submission_key="demo-correction",
        )
        return Person.objects.get(pk=person.pk)
    return None


def sign_in_line() -> str:
    """Say how to sign in to the demo's own view, for the seed command to print."""
    person = Person.objects.filter(email=DEMO_PERSON_EMAIL, email_confirmed_at__isnull=False).first()
    if person is None:
        return ""
    return (
        f"A person's own view: /my/sign-in/ with {DEMO_PERSON_EMAIL}, born {person.date_of_birth:%-d %m %Y} "
        f"({person.full_name}); the code is printed in this terminal"
    )
