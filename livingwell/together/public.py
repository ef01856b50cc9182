"""What "you said, we did" shows the public: named themes, what people said, and what was done.

Nothing here names anyone: quotes come only from texts that may be read (voice.texts: published
stories and feedback, both redacted), no action shows its owner, no decision who took part, and
co-production is counts and hours.
"""

from __future__ import annotations

from dataclasses import dataclass

from livingwell.together import coproduction, themes
from livingwell.together.models import Action, Decision, Theme


@dataclass(frozen=True)
class Answered:
    theme: Theme
    count: int
    quotes: list[themes.Quote]
    decisions: list[Decision]
    actions: list[Action]


def answered(quotes_each: int = 2) -> list[Answered]:
    """Named themes that a decision or action answers, the most texts first."""
    named = [
        t
        for t in Theme.objects.filter(merged_into=None)
        .exclude(name="")
        .prefetch_related("texts", "decisions__actions", "actions")
        if t.decisions.all() or t.actions.all()
    ]
    quotes = themes.quotes(named, each=quotes_each)
    found = []
    for theme in named:
        decisions = sorted(theme.decisions.all(), key=lambda d: d.decided_on, reverse=True)
        actions = {a.pk: a for d in decisions for a in d.actions.all()}
        actions.update({a.pk: a for a in theme.actions.all()})
        found.append(
            Answered(
                theme,
                len(theme.texts.all()),
                quotes[theme.pk],
                decisions,
                sorted(actions.values(), key=lambda a: a.due),
            )
        )
    return sorted(found, key=lambda a: (-a.count, a.theme.name))


def totals() -> coproduction.Totals:
    """The co-production log's counts and hours."""
    return coproduction.totals()
