"""The referrer hears back: a message when a service accepts the person they introduced, and when the
support ends, as the PRSB social prescribing standard asks of feedback to the referrer.

Listening to the network's and support's signals (they sit below the front door and cannot call
it). Each message names the introduction by its reference, never the person: an email can be
forwarded or misaddressed, and the referrer's page (behind their sign-in) says who it is. A message
that cannot be sent is logged and never undoes what the service recorded.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from livingwell import notify
from livingwell.access.models import Introduction
from livingwell.network.models import ServiceIntroduction

logger = logging.getLogger(__name__)


def _send(introduction: Introduction | None, subject: str, line: str, reference: str) -> None:
    referrer = introduction.referred_by if introduction is not None else None
    if introduction is None or referrer is None or not referrer.email:
        return
    link = settings.PUBLIC_BASE_URL + reverse("access:referrer_introduction", args=[introduction.reference])
    text = f"{line}\n\nSee where it stands: {link}\n\nLiving Well Network"
    try:
        notify.get_backend().send(
            notify.Message(
                channel="email", to=referrer.email, subject=subject, text=text, reference=reference
            )
        )
    except notify.NotificationError:
        logger.exception("could not tell the referrer of %s", introduction.reference)


def on_accepted(sender: Any, item: ServiceIntroduction, **kwargs: Any) -> None:
    introduction = item.introduction
    if introduction is None:
        return
    when = timezone.localtime(item.responded_at or timezone.now()).strftime("%-d %B %Y")
    _send(
        introduction,
        f"Your introduction {introduction.reference} was accepted",
        f"{item.service.name} accepted your introduction {introduction.reference} on {when}.",
        f"accepted-{item.pk}",
    )


def on_ended(sender: Any, episode: Any, **kwargs: Any) -> None:
    item = episode.service_introduction
    introduction = item.introduction if item is not None else None
    if introduction is None:
        return
    outcome = episode.get_discharge_reason_display() or "no outcome given"
    _send(
        introduction,
        f"Support ended for your introduction {introduction.reference}",
        f"Support at {episode.service.name} for your introduction {introduction.reference} has ended: {outcome}.",
        f"ended-{episode.pk}",
    )
