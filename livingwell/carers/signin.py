"""How the own view's sign-in finds a carer: by a contact detail the hub has CONFIRMED, and date of birth."""

from __future__ import annotations

import datetime as dt

from livingwell.carers.models import Carer
from livingwell.lib import contact_details


def find_carers(channel: str, address: str, date_of_birth: dt.date) -> list[int]:
    """Return the keys of carers whose confirmed email ("email") or phone ("sms") is `address`.

    A detail only a form supplied never matches: whoever typed someone else's number into the
    carer's form must not be able to sign in as that carer. A record the hub linked to an earlier
    one (`same_as`) is left out: the earlier record is the carer's.
    """
    carers = Carer.objects.filter(date_of_birth=date_of_birth, same_as__isnull=True)
    if channel == "email":
        wanted = address.strip()
        if not wanted:
            return []
        found = carers.filter(email__iexact=wanted, email_confirmed_at__isnull=False)
    elif channel == "sms":
        try:
            wanted = contact_details.normalise_phone(address)
        except contact_details.InvalidPhoneNumber:
            return []
        found = carers.filter(phone=wanted, phone_confirmed_at__isnull=False)
    else:
        return []
    return list(found.order_by("pk").values_list("pk", flat=True))
