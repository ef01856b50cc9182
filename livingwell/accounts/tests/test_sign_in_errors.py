"""Staff sign-in errors in the NHS.UK pattern: a summary that links to the field, plain words."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from livingwell.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign_in")


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _summary(html: str) -> str:
    start = html.index("nhsuk-error-summary")
    return html[start : html.index("</ul>", start)]


def test_it_says_enter_a_correct_username_and_password_linked_to_the_field(client, hub_worker):
    response = client.post(SIGN_IN, {"username": "worker", "password": "not-the-password"})
    assert response.status_code == 400
    html = _text(response)
    assert "Please enter a correct username" not in html
    summary = _summary(html)
    assert "There is a problem" in summary
    assert re.search(r'href="#id_username"[^>]*>\s*Enter a correct username and password', summary)
    # And by the field itself, as the NHS.UK error message component.
    assert re.search(r'id="id_username-error"[^>]*>.*?Enter a correct username and password', html)
    assert re.search(r'<input[^>]*aria-describedby="id_username-error"', html)
    assert html.count("Enter a correct username and password") == 2


def test_it_gives_the_same_words_for_a_username_that_does_not_exist(client, hub_worker):
    response = client.post(SIGN_IN, {"username": "nobody-here", "password": PASSWORD})
    assert response.status_code == 400
    assert 'href="#id_username"' in _summary(_text(response))
    assert "Enter a correct username and password" in _text(response)


def test_it_asks_for_each_missing_part_by_name(client):
    response = client.post(SIGN_IN, {"username": "", "password": ""})
    summary = _summary(_text(response))
    assert re.search(r'href="#id_username"[^>]*>\s*Enter your username', summary)
    assert re.search(r'href="#id_password"[^>]*>\s*Enter your password', summary)


def test_it_shows_no_error_on_first_arrival(client):
    html = _text(client.get(SIGN_IN))
    assert "nhsuk-error-summary" not in html
    assert "Enter a correct username" not in html


def test_it_still_signs_in_with_the_right_password(client, hub_worker):
    response = client.post(SIGN_IN, {"username": "worker", "password": PASSWORD})
    assert response.status_code == 302
