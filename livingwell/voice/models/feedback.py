"""The NHS Friends and Family Test (FFT): one answer per contact or episode, anonymous by default.

The question and its six answers are NHS England's, word for word: "Using the Friends and Family
Test to improve patient experience" (NHS England, guidance from April 2020, section "The FFT
question"): "Overall, how was your experience of our service?" with the responses Very good, Good,
Neither good nor poor, Poor, Very poor, Don't know. The codes 1–6 are the order the guidance lists
them in, which is also the order of NHS England's monthly FFT return.
"""

from __future__ import annotations

from django.db import models

# Word for word from NHS England's FFT guidance (see the module docstring).
FFT_QUESTION = "Overall, how was your experience of our service?"
# The follow-up the guidance leaves to the service; ours asks what would have made it better.
FFT_BETTER_QUESTION = "What would have made it better?"


class FeedbackAnswer(models.IntegerChoices):
    VERY_GOOD = 1, "Very good"
    GOOD = 2, "Good"
    NEITHER = 3, "Neither good nor poor"
    POOR = 4, "Poor"
    VERY_POOR = 5, "Very poor"
    DONT_KNOW = 6, "Don't know"


class FeedbackChannel(models.TextChoices):
    LINK = "link", "Through a link"
    SIGNED_IN = "signed_in", "Signed in to their own view"


class Feedback(models.Model):
    """One FFT answer. `better` is stored redacted (livingwell.lib.redaction); the original never is.

    Anonymous by default: `person` and `episode` (which names the person) are set only when the
    person chose to be named; `service` is always kept, so results count per service and month.
    """

    service = models.ForeignKey(
        "network.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    episode = models.ForeignKey(
        "support.Episode", null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    answer = models.PositiveSmallIntegerField(choices=FeedbackAnswer.choices)
    better = models.TextField("what would have made it better", blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    received_at = models.DateTimeField()
    channel = models.CharField(max_length=10, choices=FeedbackChannel.choices)
    # The form's key, so the same answer sent twice is kept once.
    submission_key = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["service", "received_at"], name="feedback_service_at")]

    def __str__(self) -> str:
        return f"{self.get_answer_display()} on {self.received_at:%Y-%m-%d}"


class FeedbackLinkReason(models.TextChoices):
    SESSION = "session", "After a session"
    END = "end", "At the end of support"


class FeedbackLink(models.Model):
    """A one-use link to answer the FFT, sent to the person's confirmed contact: hashed, expiring.

    Only the SHA-256 of the token is kept (livingwell.lib.link_tokens), as questionnaire links do.
    The link knows the episode (to say which service, and to name the person if they choose), but
    the Feedback it leads to keeps no pointer back to the link, so anonymous feedback stays so.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    episode = models.ForeignKey("support.Episode", on_delete=models.CASCADE, related_name="feedback_links")
    reason = models.CharField(max_length=10, choices=FeedbackLinkReason.choices)
    # The session the link follows, so one session never sends two links.
    session = models.OneToOneField(
        "support.Session", null=True, blank=True, on_delete=models.CASCADE, related_name="feedback_link"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["episode"], condition=models.Q(reason="end"), name="one_end_feedback_link"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback link for {self.episode_id} ({self.reason})"
