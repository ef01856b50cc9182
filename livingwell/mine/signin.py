"""Signing in to one's own view with no password: a one-time code to a confirmed email or phone.

The steps (docs/person-view.md):
1. The person gives an email address or mobile number and their date of birth.
2. If a record holds that address *as confirmed by the hub* (Person.email_confirmed_at or
   phone_confirmed_at; a carer's likewise, found through the finder the carers app registers)
   and that date of birth, a six-digit code goes to that address through the Notify adapter. The
   page says the same whether or not anything matched, so it never tells anyone who is on record,
   and a code never goes to details only a form supplied.
3. The code works once, for CODE_LIFETIME, in the browser that asked for it, with MAX_ATTEMPTS
   tries; codes asked for are limited per address and per network address (RATE_LIMITS).
Every code sent, every wrong or stale code and every sign-in is audited.

Other ways in reuse this module's last step (`finish`): NHS login (the identity issue) and a
timebank member's sign-in (the community issue).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell import ratelimit
from livingwell.audit.models import AuditAction
from livingwell.audit.services import client_address, record, record_sign_in_failure
from livingwell.lib.addresses import limit_key_for_address
from livingwell.lib.contact_details import InvalidPhoneNumber, normalise_phone
from livingwell.mine import session
from livingwell.mine.models import SignInCode
from livingwell.notify import Message, NotificationError, get_backend
from livingwell.people.models import Person

CODE_DIGITS = 6
# Long enough to read a text and type six digits; short enough that a code seen later is dead.
CODE_LIFETIME = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 5
# (events, window in seconds): codes asked for one address, and from one network address.
# Three an hour to one address stops a stranger flooding someone's phone; twenty an hour from one
# network address allows a family or a library's shared connection.
RATE_LIMITS = {"address": (3, 3600), "network": (20, 3600)}

# finder(channel, address, date_of_birth) -> the keys of carers whose CONFIRMED contact matches.
Finder = Callable[[str, str, dt.date], list[int]]
_finders: dict[str, Finder] = {}


class SignInRefused(Exception):
    """The code could not be used; the message says what to do, in plain words."""


def register_finder(kind: str, finder: Finder) -> None:
    """Let another app's records sign in with a code (the carers app registers "carer")."""
    if kind != "carer":
        raise ValueError(f"no place in a sign-in code for {kind!r}")
    _finders[kind] = finder


@dataclass(frozen=True)
class Address:
    channel: str  # "email" or "sms"
    value: str  # lower-case email, or the phone in E.164


def parse_address(text: str) -> Address:
    """Read what the person typed as an email address or a mobile number; ValueError if it is neither."""
    text = text.strip()
    if "@" in text:
        local, _, domain = text.partition("@")
        if not local or "." not in domain:
            raise ValueError("Enter your email address or mobile number")
        return Address("email", text.lower())
    try:
        return Address("sms", normalise_phone(text))
    except InvalidPhoneNumber:
        raise ValueError("Enter your email address or mobile number") from None


def _key(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def _people_at(address: Address, date_of_birth: dt.date) -> list[Person]:
    confirmed = {"email": "email_confirmed_at__isnull", "sms": "phone_confirmed_at__isnull"}[address.channel]
    field = {"email": "email__iexact", "sms": "phone"}[address.channel]
    return list(
        Person.objects.filter(
            **{field: address.value, confirmed: False}, date_of_birth=date_of_birth, merged_into=None
        )
    )


@dataclass(frozen=True)
class Sent:
    code_id: int | None  # None when nothing matched (the page looks the same)
    limited: bool = False  # too many codes asked for: the page says when to try again


def send_code(request: HttpRequest, text: str, date_of_birth: dt.date) -> Sent:
    """Send a code if the details match a confirmed contact; say nothing either way about who is on record."""
    address = parse_address(text)
    address_key = _key(f"{address.channel}:{address.value}")
    network = limit_key_for_address(client_address(request))
    over = [
        name
        for name, key in (("address", address_key), ("network", network))
        if ratelimit.hit(f"signin:{name}:{key}", RATE_LIMITS[name][1]) > RATE_LIMITS[name][0]
    ]
    if over:
        record_sign_in_failure(
            request, detail={"step": "own view code", "why": "rate limited", "limits": over}
        )
        return Sent(None, limited=True)
    people = _people_at(address, date_of_birth)
    carers = _finders["carer"](address.channel, address.value, date_of_birth) if "carer" in _finders else []
    # Two records with the same confirmed address and birthday (twins sharing an email) cannot be
    # told apart by the code: neither is signed in, and the hub is asked to sort it out.
    if len(people) > 1 or len(carers) > 1 or not (people or carers):
        why = "no confirmed match" if not (people or carers) else "more than one record matches"
        record_sign_in_failure(request, detail={"step": "own view code", "why": why})
        return Sent(None)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    person = people[0] if people else None
    now = timezone.now()
    with transaction.atomic():
        sign_in_code = SignInCode.objects.create(
            channel=address.channel,
            address_key=address_key,
            code_hash=_key(code),
            person=person,
            carer_id=carers[0] if carers else None,
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        if person is not None:
            record(
                request,
                AuditAction.CREATE,
                sign_in_code,
                person_id=person.pk,
                detail={"channel": address.channel},
            )
    try:
        get_backend().send(
            Message(
                channel=address.channel,
                to=address.value,
                subject="Your Living Well code",
                text=(
                    f"Your Living Well code is {code}. It works for {CODE_LIFETIME.seconds // 60} minutes. "
                    "Do not share it with anyone. If you did not ask for it, you can ignore this message."
                ),
                reference=f"signin-{sign_in_code.pk}",
            )
        )
    except NotificationError:
        # The person sees the same page; the hub's logs and the audit say the message failed.
        record_sign_in_failure(request, detail={"step": "own view code", "why": "message not sent"})
    return Sent(sign_in_code.pk)


def check_code(request: HttpRequest, code_id: int | None, typed: str) -> SignInCode:
    """Use the code: sign the person in, or raise SignInRefused saying what to do next."""
    typed = "".join(typed.split())
    # The refusal is raised after the transaction commits: a wrong try must stay counted.
    refusal = ""
    with transaction.atomic():
        sign_in_code = (
            SignInCode.objects.select_for_update().filter(pk=code_id).first() if code_id is not None else None
        )
        if sign_in_code is None:
            # Nothing matched when the code was asked for (or the session was lost): the same
            # words as a wrong code, so a stranger learns nothing.
            record_sign_in_failure(
                request, detail={"step": "own view code", "why": "no code for this browser"}
            )
            refusal = "That code is not right. Check the message and try again, or ask for a new code"
        else:
            refusal = _try(request, sign_in_code, typed)
    if refusal or sign_in_code is None:
        raise SignInRefused(refusal)
    finish(request, person_id=sign_in_code.person_id, carer_id=sign_in_code.carer_id)
    return sign_in_code


def _try(request: HttpRequest, sign_in_code: SignInCode, typed: str) -> str:
    """Count one try of the (locked) code; return why it is refused, or "" once it is used."""
    person_id = sign_in_code.person_id
    if sign_in_code.used_at is not None or timezone.now() > sign_in_code.expires_at:
        why, refusal = "used or expired", "That code has run out. Ask for a new code"
    elif sign_in_code.attempts >= MAX_ATTEMPTS:
        why, refusal = "too many tries", "You have tried too many times. Ask for a new code"
    elif not (typed.isdigit() and hmac.compare_digest(_key(typed), sign_in_code.code_hash)):
        sign_in_code.attempts += 1
        sign_in_code.save(update_fields=["attempts"])
        left = MAX_ATTEMPTS - sign_in_code.attempts
        why = "wrong code"
        refusal = (
            "You have tried too many times. Ask for a new code"
            if left == 0
            else f"That code is not right. You can try {left} more {'time' if left == 1 else 'times'}"
        )
    else:
        sign_in_code.used_at = timezone.now()
        sign_in_code.save(update_fields=["used_at"])
        record(
            request,
            AuditAction.SIGN_IN,
            sign_in_code,
            person_id=person_id,
            detail={"carer": sign_in_code.carer_id},
        )
        return ""
    record(
        request, AuditAction.SIGN_IN_FAILED, sign_in_code, person_id=person_id,
        detail={"why": why, "attempts": sign_in_code.attempts},
    )  # fmt: skip
    return refusal


def finish(request: HttpRequest, *, person_id: int | None, carer_id: int | None) -> None:
    """Start the own-view session once the person has proved who they are (a code, or NHS login later)."""
    session.sign_in(request, person_id=person_id, carer_id=carer_id)
