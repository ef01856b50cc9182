"""Support's models: episodes of support with their sessions, and the one support plan per person."""

from livingwell.support.models.episodes import (
    DischargeReason,
    Episode,
    EpisodeStatus,
    Session,
    SessionAttendance,
    SessionKind,
)
from livingwell.support.models.plan import (
    ActionOwner,
    NetworkRelationship,
    PlanAction,
    PlanChange,
    PlanLink,
    PlanNetworkMember,
    SupportPlan,
)

__all__ = [
    "ActionOwner",
    "DischargeReason",
    "Episode",
    "EpisodeStatus",
    "NetworkRelationship",
    "PlanAction",
    "PlanChange",
    "PlanLink",
    "PlanNetworkMember",
    "Session",
    "SessionAttendance",
    "SessionKind",
    "SupportPlan",
]
