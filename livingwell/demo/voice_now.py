"""The demo borough's voice: Friends and Family Test answers over six months at the alliance's
services, and stories: published and answered, published and waiting for an answer (the breakfast
pack shows it), and one waiting for a moderator (the hub lead's /voice/moderation/).

Invented text only, written as people might; the stories go through the same redaction and
moderation as any other (voice.stories), so the demo shows what redaction found.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from livingwell.voice import stories
from livingwell.voice.models import Feedback, FeedbackAnswer, FeedbackChannel, StoryMeToo, StoryTeller

if TYPE_CHECKING:
    from livingwell.demo.history import _Generator
    from livingwell.demo.network_now import Placed

DAY = dt.timedelta(days=1)
# Roughly the shape of NHS England's published FFT results for community mental health services:
# most answers positive, a few negative.
ANSWER_WEIGHTS = [
    (FeedbackAnswer.VERY_GOOD, 55),
    (FeedbackAnswer.GOOD, 25),
    (FeedbackAnswer.NEITHER, 7),
    (FeedbackAnswer.POOR, 6),
    (FeedbackAnswer.VERY_POOR, 4),
    (FeedbackAnswer.DONT_KNOW, 3),
]
BETTER = [
    "Being called back when you said you would.",
    "A shorter wait for the first appointment.",
    "Letters in plain words.",
    "Nothing, it was good.",
    "Evening sessions, I work in the day.",
    "Seeing the same worker each time.",
]
STORIES = [
    (
        "Someone finally listened",
        "I had been to my GP three times. The Living Well team rang me back the next day and "
        "listened for an hour. Ade at Certitude helped me with my debts. I feel I can cope again.",
        StoryTeller.PERSON,
        "Thank you for telling us. We are glad the call helped. We have shared your story with the team.",
    ),
    (
        "Hard to get through on the phone",
        "When my son was struggling I rang four times before anyone answered. Once we got through "
        "it was good, but the wait was frightening.",
        StoryTeller.CARER,
        "We are sorry. We have added a second person to answer the phone in the mornings, when most people call.",
    ),
    (
        "The walking group got me out",
        "I did not leave the flat for months. The walking group on Tuesdays is the best part of my week.",
        StoryTeller.PERSON,
        None,  # published, not answered yet
    ),
]
WAITING = (
    "A letter I could not read",
    "My mum Grace got a letter full of long words. Please call her on 07700 900461 instead.",
    StoryTeller.CARER,
)


def _feedback(generator: _Generator) -> None:
    rng, now = generator.rng, generator.now
    answers = [a for a, _ in ANSWER_WEIGHTS]
    weights = [w for _, w in ANSWER_WEIGHTS]
    made = []
    for services in generator.borough.services.values():
        for service in services:
            for _ in range(generator.count(24)):  # about four a month over six months
                answer = rng.choices(answers, weights)[0]
                better = rng.choice(BETTER) if rng.random() < 0.4 else ""
                made.append(
                    Feedback(
                        service=service,
                        answer=answer,
                        better=better,
                        received_at=now - rng.uniform(1, 182) * DAY,
                        channel=rng.choice([FeedbackChannel.LINK, FeedbackChannel.SIGNED_IN]),
                    )
                )
    Feedback.objects.bulk_create(made)


def add(generator: _Generator, placed: list[Placed]) -> None:
    """Add the demo's feedback and stories (after the network, before together's themes)."""
    _feedback(generator)
    lead = generator.borough.staff["hub.lead"]
    services = [s for group in generator.borough.services.values() for s in group]
    for i, (title, text, told_by, reply) in enumerate(STORIES):
        service = services[i % len(services)]
        story = stories.tell_story(
            None, title=title, text=text, told_by=told_by, service=service, submission_key=str(uuid.uuid4())
        )
        stories.publish(None, story, by=lead, title=story.title, text=story.text_redacted)
        if reply is not None and service.organisation is not None:
            stories.answer(
                None,
                story,
                by=generator.borough.practitioner_for(service),
                organisation=service.organisation,
                text=reply,
            )
        StoryMeToo.objects.bulk_create(
            StoryMeToo(story=story, session_hash=uuid.uuid4().hex, at=generator.now) for _ in range(3 + 4 * i)
        )
    title, text, told_by = WAITING
    stories.tell_story(
        None, title=title, text=text, told_by=told_by, service=services[0], submission_key=str(uuid.uuid4())
    )
