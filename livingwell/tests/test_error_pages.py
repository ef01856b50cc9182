"""Every error page says what went wrong and where to get urgent help."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from livingwell import error_pages
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

URGENT_NUMBERS = ('href="tel:999"', 'href="tel:111"', 'href="tel:116123"')


def _assert_urgent_help(response, status: int) -> None:
    assert response.status_code == status
    html = response.content.decode()
    assert all(number in html for number in URGENT_NUMBERS), f"{status} page lacks urgent-help numbers"
    assert error_pages.TITLES[status][0] in html


def test_it_shows_urgent_help_on_the_400_page(client):
    _assert_urgent_help(client.get("/", HTTP_HOST="attacker.example"), 400)


def test_it_shows_urgent_help_on_the_403_page(client, outsider):
    client.force_login(outsider)
    _assert_urgent_help(client.get(reverse("access:queue")), 403)


def test_it_shows_urgent_help_on_the_404_page(client):
    _assert_urgent_help(client.get("/no-such-page/"), 404)


def test_it_shows_urgent_help_on_the_413_page(client):
    body = b"x" * (settings.MAX_REQUEST_BYTES + 1)
    _assert_urgent_help(
        client.post(reverse("access:self_introduction"), body, content_type="text/plain"), 413
    )


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=0)
def test_it_shows_urgent_help_on_the_429_page(client):
    client.post(reverse("access:self_introduction"), factories.self_introduction_form())
    _assert_urgent_help(
        client.post(reverse("access:self_introduction"), factories.self_introduction_form()), 429
    )


def test_it_shows_urgent_help_on_the_500_page(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr("livingwell.access.public_views.render", broken)
    response = Client(raise_request_exception=False).get(reverse("access:accessibility"))
    _assert_urgent_help(response, 500)
    assert "the database fell over" not in response.content.decode()


def test_it_shows_urgent_help_when_a_form_arrives_without_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("access:self_introduction"), factories.self_introduction_form())
    _assert_urgent_help(response, 403)


def test_it_accepts_the_form_with_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("access:self_introduction"))
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert found, "the form carries no CSRF token"
    token = found.group(1)
    response = client.post(
        reverse("access:self_introduction"), factories.self_introduction_form(csrfmiddlewaretoken=token)
    )
    assert response.status_code == 302


def test_it_still_renders_an_error_page_when_the_template_fails(monkeypatch, rf):
    def broken(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(error_pages, "render_to_string", broken)
    response = error_pages.render_error(rf.get("/"), 500)
    assert response.status_code == 500
    assert "999" in response.content.decode()
    assert "116 123" in response.content.decode()
