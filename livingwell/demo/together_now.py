"""The demo borough working together: themes in what people wrote, decisions and actions about
them, co-production, and two fortnightly breakfast packs.

Where the demo has little free text yet, it adds the shipped sample's invented feedback
(livingwell/together/samples/feedback.json) over the last three months, with the phone theme
rising this fortnight, then groups it, names three themes and links them to the decisions the
collaborative made (shown at /together/you-said-we-did/).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from livingwell.accounts.models import User
from livingwell.lib.clocks import LONDON
from livingwell.together import breakfast, log, themes
from livingwell.together.models import Action, BreakfastPack, Decision, Theme
from livingwell.voice.models import Feedback, FeedbackAnswer
from livingwell.voice.texts import free_texts

if TYPE_CHECKING:
    from livingwell.demo.history import _Generator

SAMPLE = Path(__file__).resolve().parent.parent / "together" / "samples" / "feedback.json"
DAY = dt.timedelta(days=1)
# Fewer free texts than this, and the demo adds the sample's.
ENOUGH_TEXTS = 30
# The names a person gave the themes, by words that lead a theme's top terms.
NAMES = {
    "wait": ("Waiting for a first appointment", ("wait", "shorter")),
    "phone": ("Getting through on the phone", ("phone", "called", "call", "rang")),
    "letter": ("Letters that are hard to read", ("letter", "letters", "jargon")),
}


def _seed_feedback(now: dt.datetime) -> None:
    rows = json.loads(SAMPLE.read_text())["texts"]
    months = sorted({r["month"] for r in rows})
    made = []
    for i, row in enumerate(rows):
        back = len(months) - 1 - months.index(row["month"])
        at = now - (30 * back + 15 + i % 14) * DAY  # before this fortnight
        if row["theme"] == "phone" and back == 0:
            at = now - (1 + i % 10) * DAY  # this fortnight: the breakfast pack shows it rising
        answer = FeedbackAnswer.VERY_GOOD if row["theme"] == "kind" else FeedbackAnswer.POOR
        made.append(Feedback(answer=answer, better=row["text"], received_at=at, channel="link"))
    Feedback.objects.bulk_create(made)


def add(generator: _Generator) -> None:
    """Add the demo's themes, decisions, actions, co-production and breakfast packs."""
    now = generator.now
    staff = generator.borough.staff
    lead, commissioner = staff["hub.lead"], staff["commissioner"]
    today = now.astimezone(LONDON).date()
    if len(free_texts()) < ENOUGH_TEXTS:
        _seed_feedback(now)
    themes.regroup()
    named: dict[str, Theme] = {}
    for theme in sorted(Theme.objects.filter(merged_into=None), key=lambda t: -t.texts.count()):
        for key, (name, words) in NAMES.items():
            if key not in named and any(term in words for term in theme.top_terms[:2]):
                named[key] = themes.rename(None, theme, name)
                break

    first_pack = breakfast.make_pack(None, lead, today - 14 * DAY, now=now - 14 * DAY)

    def decide(title: str, decided: str, ago: int) -> Decision:
        return log.record_decision(None, lead, {
            "title": title, "decided": decided, "decided_on": today - ago * DAY, "forum": "Breakfast meeting",
            "taken_part": "The hub, the trust, Certitude, Thames Reach, the ICB, three people who use services",
            "submission_key": uuid.UUID(int=generator.rng.getrandbits(128)),
        })  # fmt: skip

    def act(
        what: str,
        owner: User | str,
        due: int,
        decision: Decision | None = None,
        pack: BreakfastPack | None = None,
    ) -> Action:
        is_user = isinstance(owner, User)
        return log.record_action(None, lead, {
            "what": what, "owner_user": owner if is_user else None, "owner_name": "" if is_user else owner,
            "due": today + due * DAY, "submission_key": uuid.UUID(int=generator.rng.getrandbits(128)),
        }, decision=decision, pack=pack)  # fmt: skip

    phones = decide(
        "Answer the hub's phone in person from 8am to 8pm",
        "Two people on the phones at the busiest times; a call back within one working day when lines are busy.",
        28,
    )
    letters = decide(
        "Rewrite our letters in plain English",
        "Every letter to people we support is rewritten with people who use services, and tested for reading age.",
        14,
    )
    waits = decide(
        "Tell people how long the wait is",
        "Each service tells people its current wait when it accepts them, and the directory shows it.",
        14,
    )
    done = act("Rota a second person on the phones at lunchtime", lead, -7, decision=phones)
    log.mark_done(None, done, at=now - 8 * DAY)
    act("Publish call-back times on the front door page", "Living Well Network Alliance", 14, decision=phones)
    act(
        "Bring three rewritten letters to the next breakfast",
        "Certitude",
        0,
        decision=letters,
        pack=first_pack,
    )
    act("Share each service's current wait with the hub", commissioner, 7, decision=waits, pack=first_pack)
    for term, decision in (("phone", phones), ("letter", letters), ("wait", waits)):
        if term in named:
            themes.link(None, named[term], [decision], [])
    for who, meeting, ago, hours, paid, decision in (
        ("Participant A", "Breakfast meeting", 28, "2", "paid", phones),
        ("Participant B", "Breakfast meeting", 28, "2", "credited", phones),
        ("Participant A", "Letters workshop", 14, "3", "paid", letters),
        ("Participant C", "Letters workshop", 14, "3", "credited", letters),
    ):
        log.record_coproduction(None, lead, {
            "participant": who, "perspective": "uses_services", "meeting": meeting, "took_part_on": today - ago * DAY,
            "hours": Decimal(hours), "recognition": paid, "decision": decision, "shaped": "",
            "submission_key": uuid.UUID(int=generator.rng.getrandbits(128)),
        })  # fmt: skip
    breakfast.make_pack(None, lead, today, now=now)
