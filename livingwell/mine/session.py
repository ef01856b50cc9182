"""Who is signed in to their own view: a person, a carer, or both (one human can be each).

A person or carer signs in with a one-time code (livingwell.mine.signin), never with a staff
account: the session holds their record's key under its own names, beside (never instead of) a
staff sign-in, and expires sooner than a staff session (SIGNED_IN_FOR). Every page of the own view
asks `signed_in_person` or `signed_in_carer_id`; nothing here checks a role or a permission,
because a person may only ever see their own record.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from livingwell.people.models import Person

PERSON_KEY = "mine_person_id"
CARER_KEY = "mine_carer_id"
SINCE_KEY = "mine_signed_in_at"
# Half an hour without a request signs the person out: the own view is often read on a shared or
# borrowed phone. Each request renews it.
SIGNED_IN_FOR = dt.timedelta(minutes=30)


def sign_in(request: HttpRequest, *, person_id: int | None = None, carer_id: int | None = None) -> None:
    """Start a fresh own-view session for the person and/or carer the code was for."""
    if person_id is None and carer_id is None:
        raise ValueError("sign in as a person, a carer or both")
    request.session.cycle_key()  # a new session key at sign-in: no fixation
    request.session[PERSON_KEY] = person_id
    request.session[CARER_KEY] = carer_id
    request.session[SINCE_KEY] = timezone.now().isoformat()


def sign_out(request: HttpRequest) -> None:
    """End the own-view session (a staff sign-in in the same browser is left alone)."""
    for key in (PERSON_KEY, CARER_KEY, SINCE_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()


def _fresh(request: HttpRequest) -> bool:
    since = request.session.get(SINCE_KEY)
    if not since:
        return False
    if timezone.now() - dt.datetime.fromisoformat(since) > SIGNED_IN_FOR:
        sign_out(request)
        return False
    request.session[SINCE_KEY] = timezone.now().isoformat()
    return True


def signed_in_person(request: HttpRequest) -> Person | None:
    """Return the person signed in to their own view, or None (merged records lead to the survivor)."""
    if not _fresh(request):
        return None
    pk = request.session.get(PERSON_KEY)
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    while person is not None and person.merged_into_id is not None:
        person = Person.objects.filter(pk=person.merged_into_id).first()
    return person


def signed_in_carer_id(request: HttpRequest) -> int | None:
    """Return the key of the carer signed in to their own view (carers.models.Carer), or None."""
    if not _fresh(request):
        return None
    pk = request.session.get(CARER_KEY)
    return int(pk) if pk is not None else None
