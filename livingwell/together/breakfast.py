"""Making the fortnightly breakfast pack: what the collaborative's meeting needs on one page.

1. **Introductions stuck between partners**: onward introductions past a standard
   (network.loop.stalled: waiting for an answer, or accepted and not yet seen), counted by who
   introduced and which service, with the longest overdue. Counts only: the meeting works on the
   system, and its pack names no one.
2. **New special-cause signals**: each headline KPI's SPC chart (insight.alliance_tables, the
   catalogue's charts), every special-cause month the last pack's charts did not have (the first
   pack: each chart's latest month's, if it is one).
3. **Stories not yet answered** (voice.texts.unanswered_stories), oldest first.
4. **Themes rising**: texts in each theme this fortnight against the fortnight before
   (theme_core.rising).
5. **Last pack's actions** with their owners and whether done, read live; the meeting's new
   actions are recorded against this pack, in the one decision and action log.
What 1 to 4 found is kept with the pack, so a past pack reads as it did at its meeting.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.analytics.kpis.store import ExtractError
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.insight import alliance, alliance_tables
from livingwell.insight.dashboard import month_label
from livingwell.network import loop
from livingwell.statistics.spc import icons as mdc_icons
from livingwell.together import theme_core, themes
from livingwell.together.models import BreakfastPack, Theme
from livingwell.voice.texts import unanswered_stories

FORTNIGHT = dt.timedelta(days=14)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def make_pack(
    request: HttpRequest | None, by: User, meets_on: dt.date, *, now: dt.datetime | None = None
) -> BreakfastPack:
    """Make the pack for a meeting (the same meeting's pack again returns the one made), as at `now`."""
    existing = BreakfastPack.objects.filter(meets_on=meets_on).first()
    if existing is not None:
        return existing
    before = BreakfastPack.objects.filter(meets_on__lt=meets_on).order_by("-meets_on").first()
    since = before.meets_on if before is not None else meets_on - FORTNIGHT
    now = now or timezone.now()
    contents = {
        "stalled": stalled(now),
        **signals(already=_signal_keys(before)),
        "stories": stories(now),
        "themes_rising": themes_rising(meets_on),
    }
    try:
        with transaction.atomic():
            pack = BreakfastPack.objects.create(
                meets_on=meets_on, since=since, contents=contents, made_by=by, made_at=now
            )
            record(request, AuditAction.CREATE, pack)
    except IntegrityError:  # made at the same moment by someone else
        return BreakfastPack.objects.get(meets_on=meets_on)
    return pack


def stalled(now: dt.datetime) -> list[dict[str, Any]]:
    """Stalled onward introductions counted by who introduced and which service, worst first."""
    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"waiting": 0, "not_seen": 0, "longest_days": 0}
    )
    items = loop.open_onward().select_related("introduced_by_organisation")
    for item, step in loop.stalled(items, now=now):
        by = item.introduced_by_organisation.name if item.introduced_by_organisation else "The hub"
        row = groups[(by, item.service.name)]
        row["waiting" if step.code == "waiting" else "not_seen"] += 1
        if step.due_at is not None:
            row["longest_days"] = max(row["longest_days"], (now - step.due_at).days)
    rows = [{"from": k[0], "to": k[1], **v} for k, v in groups.items()]
    return sorted(
        rows, key=lambda r: (-(r["waiting"] + r["not_seen"]), -r["longest_days"], r["to"], r["from"])
    )


def signals(already: set[str] | None) -> dict[str, Any]:
    """Special-cause months on the headline KPIs' charts that are not in `already` (the last pack's).

    With no last pack (`already` None), only each chart's latest month counts as new.
    """
    try:
        data = alliance.load()
        data.own  # noqa: B018 - raises NoExtract when the operational borough has none
    except (alliance.NoExtract, ExtractError) as error:
        return {
            "signals": [],
            "signal_keys": sorted(already or ()),
            "signals_note": f"No SPC signals: {error}",
        }
    found, seen = [], set(already or ())
    for view in alliance_tables.headline_views(data):
        result = view.summary.spc
        if result is None:
            continue
        for point in result.points:
            if not point.special_cause:
                continue
            key = f"{view.kpi.id}:{point.date}"
            seen.add(key)
            is_new = key not in already if already is not None else point is result.points[-1]
            if not is_new:
                continue
            icon = mdc_icons.point_icon(point.point_type, result.improvement)
            why = mdc_icons.rule_words(point.special_cause_type)
            month = point.date if isinstance(point.date, dt.date) else None
            found.append({
                "key": key,
                "kpi": view.kpi.title,
                "kpi_id": view.kpi.id,
                "month": month_label(month) if month else str(point.date),
                "shows": icon.label + (f" ({why})" if why else ""),
            })  # fmt: skip
    return {"signals": found, "signal_keys": sorted(seen), "signals_note": ""}


def _signal_keys(pack: BreakfastPack | None) -> set[str] | None:
    """Every special-cause month the pack's charts had (None with no pack)."""
    return None if pack is None else set(pack.contents.get("signal_keys", []))


def stories(now: dt.datetime) -> list[dict[str, Any]]:
    """Published stories no service has answered, oldest first."""
    return [
        {
            "pk": s.pk,
            "title": s.title,
            "service": s.service.name if s.service else "No service named",
            "published": timezone.localtime(s.published_at).date().isoformat() if s.published_at else "",
            "days": (now - s.published_at).days if s.published_at else 0,
        }
        for s in unanswered_stories()
    ]


def themes_rising(meets_on: dt.date) -> list[dict[str, Any]]:
    """Themes with more texts in the fortnight to the meeting than in the fortnight before."""
    end = _start_of(meets_on)
    rows = []
    for theme in Theme.objects.filter(merged_into=None):
        this = themes.count_between(theme, end - FORTNIGHT, end)
        before = themes.count_between(theme, end - 2 * FORTNIGHT, end - FORTNIGHT)
        if theme_core.rising(this, before):
            rows.append({"pk": theme.pk, "title": theme.title, "this": this, "before": before})
    return sorted(rows, key=lambda r: (-(r["this"] - r["before"]), r["title"]))
