"""Voice's models: Friends and Family Test answers (and the links they come through), stories and answers."""

from livingwell.voice.models.feedback import Feedback, FeedbackAnswer, FeedbackChannel, FeedbackLink
from livingwell.voice.models.stories import Story, StoryAnswer, StoryMeToo, StoryStatus, StoryTeller

__all__ = [
    "Feedback",
    "FeedbackAnswer",
    "FeedbackChannel",
    "FeedbackLink",
    "Story",
    "StoryAnswer",
    "StoryMeToo",
    "StoryStatus",
    "StoryTeller",
]
