"""FHIR R4: Questionnaires carry structure only; responses go out and come back unchanged."""

from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livingwell.outcomes import fhir
from livingwell.outcomes.instruments import INSTRUMENTS
from livingwell.outcomes.models import QuestionnaireResponse, ResponseSource
from livingwell.outcomes.services import record_questionnaire
from livingwell.testing import factories

VALID_NHS_NUMBER = "9434765919"


@pytest.mark.parametrize("code", list(INSTRUMENTS))
def test_each_instrument_is_a_questionnaire_with_neutral_labels(code):
    definition = INSTRUMENTS[code]
    resource = fhir.questionnaire(code).model_dump(mode="json", exclude_none=True)
    assert resource["url"] == fhir.canonical(code)
    assert len(resource["item"]) == definition.item_count
    assert resource["item"][2 % definition.item_count]["text"].startswith("Question ")
    assert [o["valueCoding"]["code"] for o in resource["item"][0]["answerOption"]] == [
        str(v) for v in range(definition.answer_min, definition.answer_max + 1)
    ]


def test_the_questionnaire_is_served_as_fhir_json(client):
    page = client.get(reverse("outcomes:fhir_questionnaire", args=["phq-9"]))
    assert page.status_code == 200
    assert page["Content-Type"] == "application/fhir+json"
    assert json.loads(page.content)["resourceType"] == "Questionnaire"


@pytest.fixture
def nhs_episode(short_term_support):
    person = factories.person(nhs_number=VALID_NHS_NUMBER)
    intro = factories.introduction(person)
    return factories.episode(factories.service_introduction(intro, short_term_support))


@pytest.mark.django_db
def test_a_response_exports_linked_to_the_nhs_number_and_imports_back(nhs_episode, short_term_support):
    original = record_questionnaire(None, nhs_episode, instrument="CORE-10", answers=[1, 3, 4, 0, 2, 0, 1, 1, 2, 3],
                                    by=None, submission_key="core-1")  # fmt: skip
    data = fhir.export_response(original).model_dump(mode="json", exclude_none=True)
    assert data["subject"]["identifier"] == {
        "system": "https://fhir.nhs.uk/Id/nhs-number",
        "value": VALID_NHS_NUMBER,
    }
    # Into our own system again: the same response, not a copy.
    assert fhir.import_response(None, nhs_episode, data) == original
    # Into another episode (another system's copy of the person): a new response with the same score.
    other = factories.episode(
        factories.service_introduction(factories.introduction(nhs_episode.person), short_term_support)
    )
    data["identifier"]["value"] = "from-elsewhere"
    copy = fhir.import_response(None, other, data)
    assert copy.source == ResponseSource.IMPORTED
    assert copy.total == original.total == 11
    assert list(copy.answers.values_list("value", flat=True)) == [1, 3, 4, 0, 2, 0, 1, 1, 2, 3]
    assert copy.completed_at == original.completed_at
    assert fhir.import_response(None, other, data) == copy  # idempotent


@pytest.mark.django_db
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(answers=st.lists(st.integers(0, 3), min_size=7, max_size=7))
def test_round_trip_keeps_every_answer(nhs_episode, answers):
    # Fresh keys each example: the database is not rolled back between hypothesis examples.
    key = uuid.uuid4()
    original = record_questionnaire(
        None, nhs_episode, instrument="GAD-7", answers=answers, by=None, submission_key=str(key)
    )
    data = json.loads(json.dumps(fhir.export_response(original).model_dump(mode="json", exclude_none=True)))
    data["identifier"]["value"] = f"copy-{key}"
    copy = fhir.import_response(None, nhs_episode, data)
    assert copy.pk != original.pk
    assert list(copy.answers.values_list("value", flat=True)) == answers
    assert copy.total == sum(answers)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(status="in-progress"), "Only completed"),
        (lambda d: d.update(questionnaire="urn:livingwell:questionnaire:XYZ"), "Unknown questionnaire"),
        (lambda d: d["subject"].pop("identifier"), "NHS number"),
        (lambda d: d["subject"]["identifier"].update(value="9434765918"), "check digit"),
        (lambda d: d["subject"]["identifier"].update(value="9000000009"), "not that of the person"),
        (lambda d: d["item"].pop(), "every item must be answered"),
        (lambda d: d["item"][0]["answer"][0]["valueCoding"].update(code="7"), "outside 0-3"),
        (lambda d: d["item"][0].update(linkId="12"), "no question 12"),
        (lambda d: d.update(resourceType="Patient"), "Not a valid FHIR"),
    ],
)
def test_a_bad_response_is_refused_with_a_reason(nhs_episode, change, message):
    original = record_questionnaire(
        None, nhs_episode, instrument="GAD-7", answers=[1] * 7, by=None, submission_key="g"
    )
    data = fhir.export_response(original).model_dump(mode="json", exclude_none=True)
    data["identifier"]["value"] = "elsewhere"
    change(data)
    with pytest.raises(fhir.FhirImportError, match=message):
        fhir.import_response(None, nhs_episode, data)
    assert QuestionnaireResponse.objects.count() == 1


@pytest.mark.django_db
def test_the_export_view_follows_the_episode_rules(client, practitioner, commissioner, nhs_episode):
    response = record_questionnaire(
        None, nhs_episode, instrument="GAD-7", answers=[1] * 7, by=None, submission_key="g"
    )
    url = reverse("outcomes:fhir_response", args=[response.pk])
    client.force_login(commissioner)
    assert client.get(url).status_code == 404  # aggregates only: not told the response exists
    client.force_login(practitioner)
    page = client.get(url)
    assert page.status_code == 200
    assert json.loads(page.content)["resourceType"] == "QuestionnaireResponse"
