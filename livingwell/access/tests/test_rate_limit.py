"""The online form is limited per address per hour, with a kind page and urgent help when it bites."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from livingwell.access.models import Introduction
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

FORM = reverse("access:self_introduction")


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=2)
def test_it_refuses_the_submission_after_the_limit_with_a_friendly_page(client):
    for _ in range(2):
        assert client.post(FORM, factories.self_introduction_form()).status_code == 302
    response = client.post(FORM, factories.self_introduction_form())
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many forms have been sent from this connection" in html
    assert all(number in html for number in ('href="tel:999"', 'href="tel:111"', 'href="tel:116123"'))
    assert Introduction.objects.count() == 2


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=1)
def test_it_counts_forms_with_mistakes_too(client):
    client.post(FORM, factories.self_introduction_form(postcode="nowhere"))
    assert client.post(FORM, factories.self_introduction_form()).status_code == 429


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=1)
def test_it_limits_each_address_separately(client):
    assert client.post(FORM, factories.self_introduction_form(), REMOTE_ADDR="203.0.113.1").status_code == 302
    assert client.post(FORM, factories.self_introduction_form(), REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client.post(FORM, factories.self_introduction_form(), REMOTE_ADDR="203.0.113.2").status_code == 302


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=1)
def test_it_does_not_count_a_resubmission_of_a_recorded_form(client):
    data = factories.self_introduction_form()
    first = client.post(FORM, data)
    again = client.post(FORM, data)
    assert again.status_code == 302
    assert again["Location"] == first["Location"]


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=1)
def test_it_ignores_a_forwarded_for_header_that_anyone_can_forge(client):
    client.post(FORM, factories.self_introduction_form(), HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = client.post(FORM, factories.self_introduction_form(), HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 429
