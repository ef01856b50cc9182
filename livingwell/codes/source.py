"""Where an introduction came from, in the NHS Data Dictionary's codes."""

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
