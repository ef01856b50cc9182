"""Keeping themes: grouping what people wrote again, and a person naming, merging and linking themes.

A theme a person has made theirs (named, or linked to a decision or action) outlives a new
grouping: a new group goes to the kept theme that holds at least half its texts, and takes its
place there; any other group becomes a new theme, named by its top terms until someone names it.
Themes nobody named or linked are replaced by each grouping. Merging moves a theme's texts to
the other theme and keeps the merged one as a record pointing to it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.together import theme_core
from livingwell.together.models import Action, Decision, Theme, ThemeRun, ThemeText
from livingwell.voice.texts import FreeText, free_texts

Key = tuple[str, int]


def _local(text: FreeText) -> FreeText:
    """The text with its time on the local clock, so months are London's."""
    return FreeText(text.kind, text.pk, text.text, text.service_id, timezone.localtime(text.at))


def regroup(
    request: HttpRequest | None = None, *, method: str = "tfidf", groups: int | None = None
) -> ThemeRun:
    """Group every free text again, keeping the themes people have made theirs."""
    texts = [_local(t) for t in free_texts()]
    found = theme_core.group_texts(texts, method=method, groups=groups)
    at = {(t.kind, t.pk): t.at for t in texts}
    with transaction.atomic():
        run = ThemeRun.objects.create(method=method, texts=len(texts), groups=len(found))
        kept = {t.pk: t for t in Theme.objects.filter(merged_into=None) if t.kept}
        was_in = {(m.kind, m.text_pk): m.theme_id for m in ThemeText.objects.filter(theme_id__in=kept)}
        ThemeText.objects.all().delete()
        taken: set[int] = set()
        placed: list[ThemeText] = []
        for group in found:
            overlap = Counter(was_in[k] for k in group.keys if k in was_in and was_in[k] not in taken)
            best = overlap.most_common(1)
            if best and best[0][1] * 2 >= group.count:
                theme = kept[best[0][0]]
                theme.top_terms, theme.found_by = group.top_terms, run
            else:
                theme = Theme(top_terms=group.top_terms, found_by=run)
            theme.examples = _example_keys(group, texts)
            theme.save()
            taken.add(theme.pk)
            placed += [ThemeText(theme=theme, kind=k[0], text_pk=k[1], at=at[k]) for k in group.keys]
        ThemeText.objects.bulk_create(placed)
        # Groupings nobody made their own are replaced; merged themes stay as a record.
        Theme.objects.filter(merged_into=None, name="", decisions=None, actions=None, merged=None).exclude(
            pk__in=taken
        ).delete()
        if request is not None:
            record(request, AuditAction.CREATE, run, detail={"texts": run.texts, "groups": run.groups})
    return run


def _example_keys(group: theme_core.Group, texts: list[FreeText]) -> list[list[object]]:
    by_text: dict[str, Key] = {}
    members = set(group.keys)
    for t in texts:
        if (t.kind, t.pk) in members:
            by_text.setdefault(t.text, (t.kind, t.pk))
    return [list(by_text[q]) for q in group.examples if q in by_text]


def rename(request: HttpRequest | None, theme: Theme, name: str) -> Theme:
    """Give a theme the name a person chose."""
    theme.name = name.strip()
    theme.save(update_fields=["name"])
    record(request, AuditAction.UPDATE, theme, detail={"name": theme.name})
    return theme


def merge(request: HttpRequest | None, theme: Theme, into: Theme) -> Theme:
    """Merge `theme` into `into`: its texts, decisions and actions move; it is kept pointing there."""
    if theme.pk == into.pk or into.merged_into_id is not None:
        raise ValueError("a theme merges into another theme that has not itself been merged")
    with transaction.atomic():
        ThemeText.objects.filter(theme=theme).update(theme=into)
        into.decisions.add(*theme.decisions.all())
        into.actions.add(*theme.actions.all())
        Theme.objects.filter(merged_into=theme).update(merged_into=into)
        if not into.name and theme.name:
            into.name = theme.name
        into.examples = (into.examples + theme.examples)[:6]
        into.save(update_fields=["name", "examples"])
        theme.merged_into = into
        theme.save(update_fields=["merged_into"])
        record(request, AuditAction.MERGE, theme, detail={"into": into.pk})
    return into


def link(
    request: HttpRequest | None, theme: Theme, decisions: list[Decision], actions: list[Action]
) -> Theme:
    """Set the decisions and actions that answer a theme."""
    theme.decisions.set(decisions)
    theme.actions.set(actions)
    record(
        request,
        AuditAction.UPDATE,
        theme,
        detail={"decisions": [d.pk for d in decisions], "actions": [a.pk for a in actions]},
    )
    return theme


@dataclass(frozen=True)
class Quote:
    kind: str
    text: str
    at: dt.datetime


def current() -> list[Theme]:
    """Themes not merged away, the largest first."""
    themes = list(Theme.objects.filter(merged_into=None).prefetch_related("texts"))
    return sorted(themes, key=lambda t: (-len(t.texts.all()), t.title))


def quotes(
    themes: list[Theme], *, texts: list[FreeText] | None = None, each: int = 3
) -> dict[int, list[Quote]]:
    """Each theme's example quotes, only from texts that may still be read (published, redacted)."""
    readable = {(t.kind, t.pk): t for t in (free_texts() if texts is None else texts)}
    found: dict[int, list[Quote]] = {}
    for theme in themes:
        keys = [tuple(k) for k in theme.examples]
        keys += [(m.kind, m.text_pk) for m in theme.texts.all()]
        chosen: list[Quote] = []
        for key in dict.fromkeys(keys):
            text = readable.get(key)
            if text is not None:
                chosen.append(Quote(text.kind, text.text, text.at))
            if len(chosen) == each:
                break
        found[theme.pk] = chosen
    return found


def by_month(theme: Theme, *, months: int = 12) -> list[tuple[dt.date, int]]:
    """How many texts the theme holds in each of the last `months` months (London), oldest first."""
    today = timezone.localdate().replace(day=1)
    starts = []
    day = today
    for _ in range(months):
        starts.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    counts = Counter(timezone.localtime(m.at).date().replace(day=1) for m in theme.texts.all())
    return [(start, counts.get(start, 0)) for start in reversed(starts)]


def count_between(theme: Theme, start: dt.datetime, end: dt.datetime) -> int:
    """How many of the theme's texts were written in [start, end)."""
    return theme.texts.filter(Q(at__gte=start) & Q(at__lt=end)).count()
