"""Telling the practitioner who holds a person's plan, at once, when something urgent is raised
anywhere: a PHQ-9 answer to question 9 that needs a check today, or a crisis introduction.

Not only shown on their next page view: a message through the Notify adapter to the plan's
coordinator (support.models.plan), to their work email. It names no one and says nothing
clinical (an email can be forwarded or misaddressed): it links to the person's page, behind the
practitioner's sign-in. Nobody holds a plan with no coordinator: then the hub's queue (a crisis
comes first) and "questionnaires due" (an open risk flag) are where it shows, as before.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from livingwell import notify
from livingwell.support.models import SupportPlan

logger = logging.getLogger(__name__)

WHY = {
    "phq9_item9": "A questionnaire answer from someone whose support plan you hold needs a check today.",
    "crisis": "Someone whose support plan you hold has come to the front door in crisis.",
}


def _send(person_id: int, why: str, reference: str) -> None:
    plan = SupportPlan.objects.select_related("coordinator").filter(person_id=person_id).first()
    holder = plan.coordinator if plan is not None else None
    if holder is None or not holder.email:
        return
    link = settings.PUBLIC_BASE_URL + reverse("people:detail", args=[person_id])
    try:
        notify.get_backend().send(
            notify.Message(
                channel="email",
                to=holder.email,
                subject="Urgent: someone you support needs a check today",
                text=f"{WHY[why]}\n\nOpen their record: {link}\n\nLiving Well Network",
                reference=reference,
            )
        )
    except notify.NotificationError:
        logger.exception("could not alert the holder of person %s", person_id)


def alert_holder(person_id: int, why: str, reference: str) -> None:
    """Alert the plan's holder once the transaction that raised it has committed."""
    if why not in WHY:
        raise ValueError(why)
    transaction.on_commit(lambda: _send(person_id, why, reference))
