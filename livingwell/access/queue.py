"""The hub's queue: introductions waiting for first contact, by urgency then wait."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from livingwell.access import waiting
from livingwell.access.came_back import came_back
from livingwell.access.codes import URGENCY_RANK, IntroductionStatus
from livingwell.access.models import Introduction
from livingwell.access.waiting import response_hours  # the standards live with the waiting clock
from livingwell.accounts.models import User
from livingwell.codes import Urgency

WAIT_FILTERS = {
    "breached": "Over the response standard",
    "1d": "Waiting more than a day",
    "7d": "Waiting more than a week",
}


@dataclass(frozen=True)
class QueueEntry:
    introduction: Introduction
    wait: waiting.Wait

    @property
    def waited(self) -> dt.timedelta:
        return self.wait.waited

    @property
    def standard_hours(self) -> int:
        return self.wait.standard_hours

    @property
    def breached(self) -> bool:
        return self.wait.breached

    @property
    def wait_text(self) -> str:
        return self.wait.text


def _urgency_rank() -> Case:
    return Case(
        *(When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()),
        output_field=IntegerField(),
    )


def came_back_first() -> QuerySet[Introduction]:
    """People every service declined, most urgent and longest back first (access.came_back)."""
    return (
        came_back()
        .select_related("person")
        .annotate(urgency_rank=_urgency_rank())
        .order_by("urgency_rank", "decided_at")
    )


def awaiting_first_contact() -> QuerySet[Introduction]:
    """Return introductions still waiting for first contact, most urgent and longest-waiting first."""
    return waiting.with_first_contact(
        Introduction.objects.filter(status=IntroductionStatus.AWAITING_CONTACT)
        .select_related("person", "allocated_to")
        .annotate(urgency_rank=_urgency_rank())
        .order_by("urgency_rank", "received_at")
    )


def in_conversation_with(user: User) -> QuerySet[Introduction]:
    """Return the introductions allocated to this member of staff that are in conversation, most
    urgent first and then oldest, as the queue orders them: a crisis is never last in the list."""
    return waiting.with_first_contact(
        Introduction.objects.filter(allocated_to=user, status=IntroductionStatus.IN_CONVERSATION)
        .select_related("person", "allocated_to")
        .annotate(urgency_rank=_urgency_rank())
        .order_by("urgency_rank", "received_at")
    )


def filtered(
    queryset: QuerySet[Introduction], *, urgency: str = "", source: str = "", wait: str = "",
    now: dt.datetime | None = None, hours: dict[str, int] | None = None,
) -> QuerySet[Introduction]:  # fmt: skip
    """Apply the queue's filters in the database, so a long queue is never read into memory."""
    now = now or timezone.now()
    if urgency:
        queryset = queryset.filter(urgency=urgency)
    if source:
        queryset = queryset.filter(source=source)
    if wait == "1d":
        queryset = queryset.filter(received_at__lt=now - dt.timedelta(days=1))
    elif wait == "7d":
        queryset = queryset.filter(received_at__lt=now - dt.timedelta(days=7))
    elif wait == "breached":
        queryset = queryset.filter(waiting.over_standard_while_waiting(now, hours or response_hours()))
    return queryset


def entries(
    queryset: Iterable[Introduction], *, now: dt.datetime | None = None, hours: dict[str, int] | None = None
) -> list[QueueEntry]:
    """Attach each introduction's wait for first contact (the queryset carries `with_first_contact`)."""
    now = now or timezone.now()
    hours = hours or response_hours()
    return [QueueEntry(i, waiting.wait_for(i, now=now, hours=hours)) for i in queryset]


def counts_by_urgency() -> dict[str, int]:
    """Count introductions waiting for first contact at each urgency, in one query."""
    rows = (
        Introduction.objects.filter(status=IntroductionStatus.AWAITING_CONTACT)
        .values("urgency")
        .annotate(n=Count("id"))
    )
    counts = {str(level): 0 for level in Urgency}
    counts.update({row["urgency"]: row["n"] for row in rows})
    return counts


# How many rows a page of the queue (or of search results) shows: short enough to scan, long
# enough that a normal day's queue is one or two pages.
PER_PAGE = 25

# A reference as people read it out: "LW-7K3M9Q", "lw 7k3m9q", "LW7K3M9Q" (access.services).
_REFERENCE = re.compile(r"^LW([2-9A-HJKMNP-Z]{6})$")
_NHS_NUMBER = re.compile(r"^\d{10}$")
# Day, month and year in the British order, or the ISO form some systems print.
_DMY = re.compile(r"^(\d{1,2})[\s/.\-]+(\d{1,2})[\s/.\-]+(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class Search:
    """What a search box entry was read as: a reference, an NHS number, a date of birth or a name."""

    kind: str  # "reference", "nhs_number", "date_of_birth", "bad_date" or "name"
    reference: str = ""
    nhs_number: str = ""
    date_of_birth: dt.date | None = None
    words: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        return {
            "reference": "reference",
            "nhs_number": "NHS number",
            "date_of_birth": "date of birth",
            "bad_date": "date of birth",
            "name": "name",
        }[self.kind]


def parse_search(text: str) -> Search:
    """Read what was typed in the search box (see the module tests for the forms accepted)."""
    text = " ".join(text.split())
    squashed = re.sub(r"[\s\-]", "", text).upper()
    if match := _REFERENCE.match(squashed):
        return Search("reference", reference=f"LW-{match.group(1)}")
    if _NHS_NUMBER.match(squashed):
        return Search("nhs_number", nhs_number=squashed)
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
        return _date_search(year, month, day)
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        return _date_search(year, month, day)
    return Search("name", words=tuple(text.split()))


def _date_search(year: int, month: int, day: int) -> Search:
    try:
        return Search("date_of_birth", date_of_birth=dt.date(year, month, day))
    except ValueError:
        return Search("bad_date")  # "31/02/1980" looks like a date of birth but is none


def search(search: Search) -> QuerySet[Introduction]:
    """Return every introduction (any status) matching the search, newest first.

    The caller decides who may see them: the hub's view checks VIEW_INTRODUCTION first.
    """
    queryset = Introduction.objects.select_related("person", "allocated_to").order_by("-received_at", "pk")
    if search.kind == "reference":
        return queryset.filter(reference=search.reference)
    if search.kind == "nhs_number":
        return queryset.filter(person__nhs_number=search.nhs_number)
    if search.kind == "date_of_birth" and search.date_of_birth is not None:
        return queryset.filter(person__date_of_birth=search.date_of_birth)
    if search.kind == "name" and search.words:
        # Every word must be part of the given or the family name: "sam ok" finds Sam Okafor.
        for word in search.words:
            queryset = queryset.filter(
                Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word)
            )
        return queryset
    return queryset.none()


def page_of(queryset: QuerySet[Introduction], number: str | None) -> Page:
    """Return the page asked for: the first if it is not a number, the last if it is past the end."""
    paginator = Paginator(queryset, PER_PAGE)
    # get_page, not page: a link kept from a longer queue still shows something sensible.
    return paginator.get_page(number)


def page_items(page: Page, link: Callable[[int], str]) -> list[dict[str, Any]]:
    """The NHS.UK pagination component's numbered items: first, last, and two either side."""
    number, last = page.number, page.paginator.num_pages
    wanted = sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)})
    items: list[dict[str, Any]] = []
    previous = 0
    for n in wanted:
        if n > previous + 1:
            items.append({"ellipsis": True})
        items.append({"number": n, "href": link(n), "current": n == number})
        previous = n
    return items
