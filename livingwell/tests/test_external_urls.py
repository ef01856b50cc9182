"""Nothing the site serves reaches off-site: no CDN, font, analytics or image from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from livingwell.testing import factories

BUILT_CSS = Path(settings.BASE_DIR) / "livingwell" / "static" / "build" / "livingwell.css"
# Any attribute that makes the browser fetch or go somewhere, and CSS url(...).
_REFERENCE = re.compile(
    r"""(?:\b(?:src|href|action|srcset|poster|formaction)\s*=\s*["']?([^"'\s>]*))|(?:url\(\s*["']?([^"')]*))""",
    re.IGNORECASE,
)


def off_site_references(text: str) -> list[str]:
    """Return every reference that is neither relative, a fragment, a tel: link nor inline data."""
    found = []
    for match in _REFERENCE.finditer(text):
        target = (match.group(1) or match.group(2) or "").strip()
        if not target or target.startswith(("#", "tel:", "data:")):
            continue
        if target.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            found.append(target)
    return found


def test_it_spots_what_it_must_spot():
    html = '<script src="https://cdn.example/x.js"></script><a href=//evil.example>x</a><style>a{background:url("http://x/y.png")}</style><a href="mailto:a@b">m</a>'
    assert off_site_references(html) == [
        "https://cdn.example/x.js",
        "//evil.example",
        "http://x/y.png",
        "mailto:a@b",
    ]
    assert (
        off_site_references(
            '<a href="tel:116123">x</a><a href="#main">y</a><img src="/static/a.png"><a href="?page=2">z</a>'
        )
        == []
    )


def test_it_builds_css_that_names_no_external_url():
    assert BUILT_CSS.exists(), f"{BUILT_CSS} is missing: run `make assets` (npm run build) first"
    css = BUILT_CSS.read_text(encoding="utf-8")
    assert "http://" not in css
    assert "https://" not in css
    assert off_site_references(css) == []


@pytest.mark.django_db
def test_it_serves_public_pages_that_reach_nothing_off_site(client):
    introduction = factories.introduction()
    urls = [
        reverse("access:start"),
        reverse("access:urgent_help"),
        reverse("access:accessibility"),
        reverse("access:safety"),
        reverse("access:help_now"),
        reverse("access:self_introduction"),
        reverse("access:sent", kwargs={"key": introduction.submission_key}),
        reverse("accounts:sign_in"),
        reverse("accounts:sign_out"),
        "/no-such-page/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert off_site_references(response.content.decode()) == [], url
    errors = client.post(reverse("access:self_introduction"), factories.self_introduction_form(postcode="x"))
    assert off_site_references(errors.content.decode()) == []


@pytest.mark.django_db
def test_it_serves_staff_pages_that_reach_nothing_off_site(
    client, hub_lead, practitioner, commissioner, short_term_support
):
    person = factories.person()
    introduction = factories.introduction(person, allocated_to=hub_lead)
    item = factories.service_introduction(introduction, short_term_support)
    episode = factories.episode(item)
    twin = factories.person(given_name=person.given_name, family_name=person.family_name)
    pages = {
        hub_lead: [
            reverse("access:queue"),
            reverse("access:introduction", args=[introduction.reference]),
            reverse("access:contact_attempt", args=[introduction.reference]),
            reverse("access:conversation", args=[introduction.reference]),
            reverse("access:decision", args=[introduction.reference]),
            reverse("access:response_standards"),
            reverse("insight:hub_dashboard"),
            reverse("people:detail", args=[person.pk]),
            reverse("people:merge", args=[person.pk, twin.pk]),
        ],
        practitioner: [
            reverse("network:inbox"),
            reverse("network:service_introduction", args=[item.pk]),
            reverse("support:episode", args=[episode.pk]),
            reverse("support:record_session", args=[episode.pk]),
        ],
        commissioner: [reverse("insight:hub_dashboard"), reverse("access:queue")],  # the queue: a 403 page
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in {200, 403}, url
            assert off_site_references(response.content.decode()) == [], url
