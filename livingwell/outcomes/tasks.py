"""Background work: send questionnaire links and reminders through the notification interface.

The token is created inside the task, never passed to it: task arguments are stored in the
database by django-tasks-db, and a stored token would be a working link in clear.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from livingwell.lib.env import env_int
from livingwell.notify import Message, NotificationError, get_backend
from livingwell.outcomes import links
from livingwell.outcomes.models import (
    QuestionnaireLink,
    QuestionnaireResponse,
    ResponseSource,
    ResponseStatus,
)
from livingwell.urgent_help import URGENT_HELP

# The message names no service or questionnaire: a phone's lock screen is often seen by others.
LINK_TEXT = (
    "Living Well Network: {opening} a few short questions about how you have been. "
    "Answer them here: {url} (the link works until {until}). "
    "If you need help now, call {help}."
)


def _public_url(base_url: str, path: str) -> str:
    # From PUBLIC_BASE_URL, never the request's Host header: whoever sends a request chooses its
    # Host, and a link to their site in our message would collect the person's answers.
    return (base_url or settings.PUBLIC_BASE_URL).rstrip("/") + path


def _help_line() -> str:
    return ", ".join(f"{line.name} ({line.number})" for line in URGENT_HELP)


def _contact(response: QuestionnaireResponse, channel: str) -> str:
    person = response.person
    return person.phone if channel == "sms" else person.email


@task()
def deliver_questionnaire_link(
    response_id: int, channel: str, base_url: str = "", reminder: bool = False
) -> str:
    """Issue a link for the response and send it to the person; return the provider's message id."""
    response = QuestionnaireResponse.objects.select_related("person").get(pk=response_id)
    if response.status == ResponseStatus.COMPLETED:
        return ""
    to = _contact(response, channel)
    if not to:
        raise NotificationError(
            f"The person has no {'phone number' if channel == 'sms' else 'email address'}"
        )
    latest = response.links.order_by("-expires_at").first()
    # A reminder's link ends when the first one does: a reminder must not silently extend the window.
    expires_at = latest.expires_at if reminder and latest is not None else None
    token = links.issue_link(response, channel=channel, expires_at=expires_at)
    link = QuestionnaireLink.objects.get(token_hash=links.hash_token(token))
    text = LINK_TEXT.format(
        opening="a reminder: we would still like to hear" if reminder else "we would like to ask you",
        url=_public_url(base_url, reverse("outcomes:answer_start", args=[token])),
        until=timezone.localtime(link.expires_at).strftime("%-d %B %Y"),
        help=_help_line(),
    )
    message = Message(
        channel=channel,
        to=to,
        text=text,
        subject="A few short questions from the Living Well Network",
        reference=f"questionnaire-{response.pk}",
    )
    return get_backend().send(message)


@task()
def send_questionnaire_reminders(base_url: str = "") -> int:
    """Remind once about link questionnaires unanswered after REMINDER_DAYS; return how many."""
    now = timezone.now()
    cutoff = now - dt.timedelta(days=env_int("OUTCOMES_REMINDER_DAYS", 3))
    due = (
        QuestionnaireResponse.objects.filter(
            source=ResponseSource.LINK,
            status=ResponseStatus.IN_PROGRESS,
            reminded_at__isnull=True,
            created_at__lte=cutoff,
            links__expires_at__gt=now,
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            # Claim it first, so a second sweep running at the same time sends nothing.
            claimed = QuestionnaireResponse.objects.filter(pk=pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
        if not claimed:
            continue
        channel = QuestionnaireLink.objects.filter(response_id=pk).values_list("channel", flat=True).first()
        deliver_questionnaire_link.enqueue(pk, channel or "sms", base_url, True)
        sent += 1
    return sent
