"""An API call cannot rewrite a person's record: what it sent is kept on the introduction (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.access.models import Introduction, MatchOutcome
from livingwell.api.tests.conftest import body, post
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

WITHDRAWN_AT = dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def grace():
    """Someone known to the hub who withdrew consent to share; the API's example carries her number."""
    return factories.person(
        given_name="Grace", family_name="Lindqvist", date_of_birth=dt.date(1961, 4, 9),
        nhs_number="9434765919", email="grace@example.org", phone="07700 900777",
        consent_share_alliance=False, consent_share_alliance_at=WITHDRAWN_AT,
        consent_share_gp=False, consent_share_gp_at=WITHDRAWN_AT,
    )  # fmt: skip


def _state(person):
    person.refresh_from_db()
    return (person.email, person.phone, person.consent_share_alliance, person.consent_share_alliance_at,
            person.consent_share_gp, person.consent_share_gp_at)  # fmt: skip


def test_the_api_cannot_rewrite_someone_by_their_nhs_number(client, bearer, grace):
    before = _state(grace)
    response = post(client, bearer, body(person__email="sender@example.net", consent_share_gp=True))
    assert response.status_code == 201
    assert _state(grace) == before
    sent = Introduction.objects.get().submitted
    assert sent.match == MatchOutcome.POSSIBLE
    assert sent.possible_match == grace
    assert (sent.given_name, sent.email, sent.consent_share_gp) == ("Kemi", "sender@example.net", True)
    # The answer says nothing of the record the number belongs to.
    assert "Grace" not in response.content.decode()
    assert "Lindqvist" not in response.content.decode()


def test_the_api_changes_nothing_even_when_every_detail_matches(client, bearer, grace):
    before = _state(grace)
    person = {"given_name": "Grace", "family_name": "lindqvist", "date_of_birth": "1961-04-09"}
    response = post(
        client, bearer, body(**{f"person__{k}": v for k, v in person.items()}, consent_share_gp=True)
    )
    assert response.status_code == 201
    assert _state(grace) == before
    introduction = Introduction.objects.get()
    assert introduction.person == grace
    assert introduction.submitted.match == MatchOutcome.MATCHED
    assert introduction.submitted.consent_share_alliance is True
    read = client.get(f"/api/v1/introductions/{introduction.reference}", **bearer)
    assert "Grace" not in read.content.decode()
