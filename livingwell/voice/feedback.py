"""Asking the Friends and Family Test: links sent after a session or at the end of support, and answers.

A link goes only to the person's confirmed contact (Person.confirmed_contact), and only if they
chose text or email as the way to contact them (preferred_contact): a person who asked for phone
calls or letters has not agreed to messages. At most one link per session, one at the end of an
episode, and none within FEEDBACK_LINK_GAP_DAYS of the last for the same episode (a weekly
session does not mean a weekly text). The link is hashed, expires (FEEDBACK_LINK_DAYS, 14) and
works once. The answer is anonymous unless the person ticks that they want to be named.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from livingwell import notify
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.lib.env import env_int
from livingwell.lib.link_tokens import hash_token, new_token
from livingwell.lib.redaction import redact
from livingwell.people.codes import ContactMethod
from livingwell.people.models import Person
from livingwell.support.models import Episode, Session
from livingwell.voice.models import Feedback, FeedbackLink
from livingwell.voice.models.feedback import FeedbackLinkReason
from livingwell.voice.names import known_names

logger = logging.getLogger(__name__)

_CHANNELS = {ContactMethod.TEXT: "sms", ContactMethod.EMAIL: "email"}


class LinkUsed(Exception):
    """The link has been used, or has expired, since the page was opened."""


def link_lifetime() -> dt.timedelta:
    return dt.timedelta(days=env_int("FEEDBACK_LINK_DAYS", 14))


def link_gap() -> dt.timedelta:
    return dt.timedelta(days=env_int("FEEDBACK_LINK_GAP_DAYS", 28))


def contact_for(person: Person) -> tuple[str, str] | None:
    """Return (channel, address) a feedback link may go to, or None if the person has not agreed."""
    channel = _CHANNELS.get(ContactMethod(person.preferred_contact)) if person.preferred_contact else None
    if channel is None or person.merged_into_id is not None:
        return None
    address = person.confirmed_contact(channel)
    return (channel, address) if address else None


def send_link(episode: Episode, *, reason: str, session: Session | None = None) -> FeedbackLink | None:
    """Issue a feedback link for the episode and send it, if the person agreed; return it or None."""
    contact = contact_for(episode.person)
    if contact is None:
        return None
    now = timezone.now()
    if (
        reason == FeedbackLinkReason.SESSION
        and FeedbackLink.objects.filter(episode=episode, created_at__gt=now - link_gap()).exists()
    ):
        return None
    token = new_token()
    try:
        with transaction.atomic():
            link = FeedbackLink.objects.create(
                token_hash=hash_token(token),
                episode=episode,
                reason=reason,
                session=session,
                created_at=now,
                expires_at=now + link_lifetime(),
            )
    except IntegrityError:  # this session or this ending already has its link
        return None
    channel, address = contact
    url = settings.PUBLIC_BASE_URL + reverse("voice:feedback_link", args=[token])
    text = (
        f"How was {episode.service.name}? Tell us in one tap: {url}\n"
        f"It is short, and you do not need to give your name. The link works until "
        f"{timezone.localtime(link.expires_at):%-d %B %Y}.\n\nLiving Well Network"
    )
    try:
        notify.get_backend().send(
            notify.Message(
                channel=channel,
                to=address,
                subject="How was your support?",
                text=text,
                reference=f"feedback-{link.pk}",
            )
        )
    except notify.NotificationError:
        # The link is kept (a message can be sent again); what the service recorded stands.
        logger.exception("could not send feedback link %s", link.pk)
    return link


def open_link(token: str, *, now: dt.datetime | None = None) -> FeedbackLink | None:
    """Return the link for the token if it can still be answered (known, unused, unexpired), else None."""
    return (
        FeedbackLink.objects.select_related("episode__service", "episode__person")
        .filter(token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=now or timezone.now())
        .first()
    )


def give_feedback(
    request: HttpRequest | None,
    *,
    answer: int,
    better: str,
    channel: str,
    episode: Episode | None = None,
    link: FeedbackLink | None = None,
    named: bool = False,
    submission_key: str | None = None,
) -> Feedback:
    """Keep one FFT answer: the free text redacted first, the person and episode only if `named`.

    Through a link, the link is spent in the same transaction (LinkUsed if it was spent already).
    Sent twice with the same submission key, the first answer is returned.
    """
    if link is not None:
        episode = link.episode
    person = episode.person if episode is not None else None
    if submission_key:
        existing = Feedback.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    # The original text is never stored: only what redaction leaves.
    redacted = redact(better.strip(), known=known_names(person)).text if better.strip() else ""
    with transaction.atomic():
        if link is not None:
            spent = FeedbackLink.objects.filter(
                Q(pk=link.pk, used_at__isnull=True, expires_at__gt=timezone.now())
            ).update(used_at=timezone.now())
            if not spent:
                raise LinkUsed("This link has been used already.")
        feedback = Feedback.objects.create(
            service=episode.service if episode is not None else None,
            episode=episode if named else None,
            person=person if named else None,
            answer=answer,
            better=redacted,
            received_at=timezone.now(),
            channel=channel,
            submission_key=submission_key or None,
        )
        if named and person is not None:
            record(request, AuditAction.CREATE, feedback, person_id=person.pk)
    return feedback


def episodes_to_ask_about(person: Person) -> list[Episode]:
    """The person's episodes of support they may give feedback on while signed in (newest first)."""
    return list(Episode.objects.filter(person=person).select_related("service").order_by("-accepted_at"))
