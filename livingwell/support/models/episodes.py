"""Episodes of support (accepted → discharged) and the sessions recorded in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EpisodeStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISCHARGED = "discharged", "Discharged"


class DischargeReason(models.TextChoices):
    GOALS_MET = "goals_met", "Support finished: goals met"
    INTRODUCED_ELSEWHERE = "introduced_elsewhere", "Moved on to another service"
    DISENGAGED = "disengaged", "Stopped coming"
    DECLINED = "declined_further", "Person chose to stop"
    MOVED_AWAY = "moved_away", "Moved out of the area"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class Episode(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    service = models.ForeignKey("network.Service", on_delete=models.PROTECT, related_name="episodes")
    service_introduction = models.OneToOneField(
        "network.ServiceIntroduction", null=True, blank=True, on_delete=models.PROTECT, related_name="episode"
    )
    status = models.CharField(max_length=12, choices=EpisodeStatus.choices, default=EpisodeStatus.OPEN)
    accepted_at = models.DateTimeField()
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=30, choices=DischargeReason.choices, blank=True)

    class Meta:
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.person} at {self.service}"


class SessionKind(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    TREATMENT = "treatment", "Treatment or support session"
    REVIEW = "review", "Review"
    GROUP = "group", "Group session"


class SessionAttendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "dna", "Did not attend"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    """A contact within an episode. Treatment sessions count towards Talking Therapies recovery."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="sessions")
    at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=SessionKind.choices, default=SessionKind.TREATMENT)
    attendance = models.CharField(
        max_length=12, choices=SessionAttendance.choices, default=SessionAttendance.ATTENDED
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.at:%Y-%m-%d}"
