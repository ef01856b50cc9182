"""Sign a test client in to the own view as a person or carer, as a code would (tests only)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from livingwell.mine import session


def sign_in_client(client: Client, person: Any = None, carer: Any = None) -> Client:
    """Put the person's and/or carer's keys in the client's session, as `session.sign_in` does."""
    if person is None and carer is None:
        raise ValueError("sign in as a person, a carer or both")
    stored = client.session
    stored[session.PERSON_KEY] = person.pk if person is not None else None
    stored[session.CARER_KEY] = carer.pk if carer is not None else None
    stored[session.SINCE_KEY] = timezone.now().isoformat()
    stored.save()
    return client
