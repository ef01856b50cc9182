"""Codes for introductions: where they come from, how urgent, which parts of life they touch."""

from __future__ import annotations

from django.db import models


class Source(models.TextChoices):
    """SOURCE OF REFERRAL FOR MENTAL HEALTH (NHS Data Dictionary, as MHSDS v5 records it)."""

    GP = "A1", "Primary health care: general medical practitioner practice"
    HEALTH_VISITOR = "A2", "Primary health care: health visitor"
    OTHER_PRIMARY_CARE = "A3", "Other primary health care"
    MATERNITY = "A4", "Primary health care: maternity service"
    SELF = "B1", "Self referral: self"
    CARER = "B2", "Self referral: carer or relative"
    SOCIAL_SERVICES = "C1", "Local authority: social services"
    EDUCATION = "C2", "Local authority: education service"
    HOUSING = "C3", "Local authority: housing service"
    EMPLOYER = "D1", "Employer"
    OCCUPATIONAL_HEALTH = "D2", "Employer: occupational health"
    POLICE = "E1", "Justice system: police"
    COURTS = "E2", "Justice system: courts"
    PROBATION = "E3", "Justice system: probation service"
    PRISON = "E4", "Justice system: prison"
    LIAISON_DIVERSION = "E5", "Justice system: court liaison and diversion service"
    VOLUNTARY_SECTOR = "G4", "Voluntary sector"
    EMERGENCY_DEPARTMENT = "H1", "Acute secondary care: emergency care department"
    OTHER_SECONDARY_CARE = "H2", "Other secondary care specialty"
    OTHER_SERVICE = "J1", "Other service or agency"
    TALKING_THERAPIES = "N3", "NHS Talking Therapies service"
    INTERNAL = "P1", "Internal referral"
    DROP_IN = "Q1", "Mental health drop-in service"


class Urgency(models.TextChoices):
    """How soon the hub must respond; the order here is the queue's order."""

    CRISIS = "crisis", "Crisis (very urgent)"
    URGENT = "urgent", "Urgent"
    ROUTINE = "routine", "Routine"


URGENCY_RANK = {Urgency.CRISIS: 0, Urgency.URGENT: 1, Urgency.ROUTINE: 2}

# Proposed NHS England community mental health waiting standards (DOMAIN.md §3): very urgent
# (crisis) 4 hours, urgent 24 hours, routine 4 weeks. A hub lead can change them.
DEFAULT_RESPONSE_HOURS = {Urgency.CRISIS: 4, Urgency.URGENT: 24, Urgency.ROUTINE: 28 * 24}


class LifeArea(models.TextChoices):
    MOOD = "mood", "Mood"
    ANXIETY = "anxiety", "Anxiety or worry"
    HOUSING = "housing", "Housing"
    MONEY = "money", "Money and debt"
    WORK = "work", "Work, study or training"
    RELATIONSHIPS = "relationships", "Relationships"
    LONELINESS = "loneliness", "Loneliness"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    ALCOHOL_DRUGS = "alcohol_drugs", "Alcohol or drugs"


class IntroductionStatus(models.TextChoices):
    AWAITING_CONTACT = "awaiting_contact", "Waiting for first contact"
    IN_CONVERSATION = "in_conversation", "In conversation"
    INTRODUCED_ON = "introduced_on", "Introduced on"
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
