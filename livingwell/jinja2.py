"""The Jinja2 environment: our templates plus nhsuk-frontend-jinja's macros."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import nhsuk_frontend_jinja
from django.conf import settings
from django.contrib import messages
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader

from livingwell import nhsuk_forms, urgent_help
from livingwell.access import rules as access
from livingwell.accounts.rules import can
from livingwell.lib import contact_details
from livingwell.mine import rules as mine
from livingwell.network import presenting
from livingwell.network import rules as network
from livingwell.outcomes import rules as outcomes
from livingwell.pathway import rules as pathway
from livingwell.together import rules as together

NHSUK_TEMPLATES = Path(nhsuk_frontend_jinja.__file__).parent / "templates"


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """Reverse a URL by name, as Django's {% url %} does."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def local_datetime(value: Any, fmt: str = "%-d %b %Y, %H:%M") -> str:
    """Format an aware datetime in Europe/London, the time people read."""
    if value is None:
        return ""
    return str(timezone.localtime(value).strftime(fmt))


# The header's links: (text, URL name, permission). A link shows when the user holds the
# permission and the page exists; each app adds its own line here.
NAVIGATION: list[tuple[str, str, StrEnum]] = [
    ("Queue", "access:queue", access.Permission.VIEW_QUEUE),
    ("Introductions to your services", "network:inbox", network.Permission.VIEW_SERVICE_INTRODUCTIONS),
    ("Find a service", "network:directory", network.Permission.VIEW_DIRECTORY),
    ("Hub dashboard", "insight:hub_dashboard", access.Permission.VIEW_AGGREGATES),
    ("Alliance dashboard", "insight:alliance", access.Permission.VIEW_AGGREGATES),
    ("Borough comparison", "insight:boroughs", access.Permission.VIEW_AGGREGATES),
    ("The network", "insight:network", access.Permission.VIEW_AGGREGATES),
    ("Response standards", "access:response_standards", access.Permission.CHANGE_RESPONSE_STANDARDS),
    ("What if?", "pathway:index", pathway.Permission.USE_MODEL),
    ("Your introductions", "access:referrer_introductions", access.Permission.INTRODUCE_AS_REFERRER),
    ("Questionnaires due", "outcomes:due", outcomes.Permission.VIEW_DUE),
    ("Corrections asked for", "corrections:list", mine.Permission.HANDLE_CORRECTIONS),
    ("Breakfast pack", "together:breakfast_packs", together.Permission.VIEW_BREAKFAST_PACK),
    ("Themes", "together:themes", together.Permission.VIEW_THEMES),
    ("Decisions and actions", "together:decisions", together.Permission.VIEW_LOG),
    ("Outcomes summary", "insight:outcomes_summary", outcomes.Permission.VIEW_SUMMARY),
]


def navigation_items(request: Any) -> list[dict[str, str]]:
    """Return the header links the signed-in user may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for text, name, perm in NAVIGATION:
        if not can(user, perm):
            continue
        try:
            items.append({"text": text, "href": reverse(name)})
        except NoReverseMatch:
            continue
    return items


def environment(**options: Any) -> Environment:
    """Build the environment Django's Jinja2 backend renders with."""
    options["undefined"] = ChainableUndefined
    options.setdefault("autoescape", True)
    env = Environment(**options)  # noqa: S701 - autoescape is set just above
    # Django's loader finds our app templates; nhsuk-frontend-jinja's own templates refer to
    # each other both as "nhsuk/..." and relative to that folder, so both roots are added.
    assert env.loader is not None
    env.loader = ChoiceLoader(
        [
            env.loader,
            FileSystemLoader([str(NHSUK_TEMPLATES), str(NHSUK_TEMPLATES / "nhsuk")]),
        ]
    )
    env.globals.update(
        static=static,
        url=url,
        field=nhsuk_forms.field_params,
        error_summary=nhsuk_forms.error_summary_params,
        urgent_help=urgent_help.URGENT_HELP,
        debug=settings.DEBUG,
        navigation_items=navigation_items,
        can=can,
        get_messages=messages.get_messages,
    )
    env.filters["local_datetime"] = local_datetime
    # A stored phone (E.164) as people read and dial it: 07700 900982.
    env.filters["phone"] = contact_details.display_phone
    env.filters["schedule_in_words"] = presenting.schedule_in_words
    return env
