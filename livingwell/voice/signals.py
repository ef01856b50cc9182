"""Asking for feedback when support records something: after a session, and at the end of support.

Receivers of support's signals (support sits below voice and cannot call it): `support.signals.ended`
for the end of an episode, and the Session model's post_save for a session attended, once the
transaction that recorded it commits. A link that cannot be sent never undoes what was recorded.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from livingwell.support import signals as support_signals
from livingwell.support.models import Episode, Session, SessionAttendance
from livingwell.voice import feedback
from livingwell.voice.models.feedback import FeedbackLinkReason


def on_session_saved(sender: Any, instance: Session, created: bool, **kwargs: Any) -> None:
    if not created or instance.attendance != SessionAttendance.ATTENDED or kwargs.get("raw"):
        return
    transaction.on_commit(
        lambda: feedback.send_link(instance.episode, reason=FeedbackLinkReason.SESSION, session=instance)
    )


def on_ended(sender: Any, episode: Episode, **kwargs: Any) -> None:
    feedback.send_link(episode, reason=FeedbackLinkReason.END)


def connect() -> None:
    """Connect the receivers (VoiceConfig.ready)."""
    post_save.connect(on_session_saved, sender=Session, dispatch_uid="voice-session-feedback")
    support_signals.ended.connect(on_ended, dispatch_uid="voice-ended-feedback")
