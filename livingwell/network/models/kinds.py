"""The kinds of service in the Living Well network: the alliance's tiers and its community offers."""

from __future__ import annotations

from django.db import models


class ServiceKind(models.TextChoices):
    STAYING_WELL = "staying_well", "Staying well / community offer"
    SHORT_TERM_SUPPORT = "short_term_support", "Short Term Support"
    FOCUSED_SUPPORT = "focused_support", "Focused Support"
    TALKING_THERAPIES = "talking_therapies", "Talking Therapies"
    PEER_SUPPORT = "peer_support", "Peer support"
    TIMEBANK = "timebank", "Timebank"
    CRISIS_OUTREACH = "crisis_outreach", "Crisis Outreach"
    SPECIALIST_CARE = "specialist_care", "Specialist care"


# Early help, as DOMAIN.md defines "people supported before crisis" (the hub counts too).
EARLY_HELP_KINDS = frozenset(
    {ServiceKind.STAYING_WELL, ServiceKind.SHORT_TERM_SUPPORT, ServiceKind.PEER_SUPPORT, ServiceKind.TIMEBANK}
)
