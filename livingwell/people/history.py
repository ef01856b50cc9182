"""A person's history as their page shows it: each audit event in plain words (`audit.wording`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from livingwell.audit.wording import describe
from livingwell.network.models import ServiceIntroduction


def describe_events(events: Iterable[Any]) -> list[tuple[Any, str]]:
    """Pair each audit event with its plain-English description, in one query for service names.

    Here, not in `audit`: the audit app sits below the network, whose services it would name.
    """
    events = list(events)
    ids = {
        int(e.object_id)
        for e in events
        if e.object_type == "network.serviceintroduction" and e.object_id.isdigit()
    }
    names = dict(ServiceIntroduction.objects.filter(pk__in=ids).values_list("pk", "service__name"))
    return [
        (
            e,
            describe(
                e.action,
                e.object_type,
                service=names.get(int(e.object_id), "") if e.object_id.isdigit() else "",
            ),
        )
        for e in events
    ]
