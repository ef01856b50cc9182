"""Codes for introductions to the hub: their queue order, status, contacts and closing.

Where an introduction came from, how urgent it is and the life areas a person names are shared with
other apps: `livingwell.codes` (the directory's needs taxonomy is built on the life areas).
"""

from __future__ import annotations

from django.db import models

from livingwell.codes import Urgency

URGENCY_RANK = {Urgency.CRISIS: 0, Urgency.URGENT: 1, Urgency.ROUTINE: 2}

# Proposed NHS England community mental health waiting standards (DOMAIN.md §3): very urgent
# (crisis) 4 hours, urgent 24 hours, routine 4 weeks. A hub lead can change them.
DEFAULT_RESPONSE_HOURS = {Urgency.CRISIS: 4, Urgency.URGENT: 24, Urgency.ROUTINE: 28 * 24}


class IntroductionStatus(models.TextChoices):
    AWAITING_CONTACT = "awaiting_contact", "Waiting for first contact"
    IN_CONVERSATION = "in_conversation", "In conversation"
    INTRODUCED_ON = "introduced_on", "Introduced on to a service"
    SIGNPOSTED = "signposted", "Signposted"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (IntroductionStatus.AWAITING_CONTACT, IntroductionStatus.IN_CONVERSATION)


class CloseReason(models.TextChoices):
    NO_CONTACT = "no_contact", "Could not be contacted"
    DECLINED = "declined", "Person did not want support"
    NEEDS_MET = "needs_met", "Needs met by the conversation"
    DUPLICATE = "duplicate", "Duplicate of another introduction"
    OUT_OF_AREA = "out_of_area", "Lives outside the borough"
    OTHER = "other", "Other"


class ContactMethodUsed(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"


class ContactOutcome(models.TextChoices):
    SPOKE = "spoke", "Spoke with the person"
    NO_ANSWER = "no_answer", "No answer"
    LEFT_MESSAGE = "left_message", "Left a message"
    WRONG_DETAILS = "wrong_details", "Contact details wrong"
