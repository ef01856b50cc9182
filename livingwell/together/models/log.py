"""The decision and action log: one log for the whole alliance.

General on purpose: the collaborative's breakfast meetings record their actions here, themes of
what people said link to the decisions made about them ("you said, we did"), and the alliance
contract's decisions (issue 17) reuse the same Decision and Action.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Decision(models.Model):
    """Something the alliance decided: what, when, at which meeting or forum, and who took part."""

    title = models.CharField(max_length=200)
    decided = models.TextField("what was decided")
    decided_on = models.DateField()
    forum = models.CharField("meeting or forum", max_length=200)
    taken_part = models.TextField("who took part", help_text="Organisations and roles, one a line")
    breakfast_pack = models.ForeignKey(
        "together.BreakfastPack", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # The form's key: sending the same form twice records one decision.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """Something someone will do, by when: from a decision, a breakfast meeting, or on its own."""

    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    what = models.TextField()
    # The owner is a member of staff, or a named person or organisation outside the platform.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    due = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    breakfast_pack = models.ForeignKey(
        "together.BreakfastPack", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True)

    class Meta:
        ordering = ["done_at", "due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | ~Q(owner_name=""), name="action_has_an_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def overdue(self) -> bool:
        """Whether it is past its due date and not done."""
        return self.done_at is None and self.due < timezone.localdate()

    @property
    def owner(self) -> str:
        """Who owns the action, as the log writes it."""
        if self.owner_user is not None:
            return self.owner_user.get_full_name() or self.owner_user.username
        return self.owner_name
