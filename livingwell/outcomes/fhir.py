"""FHIR R4 (fhir.resources R4B models): instruments as Questionnaires, responses as QuestionnaireResponses.

Structure only: items carry neutral labels ("Question 3 of 9") and answer codes, never licensed
wording. A response's subject is the person's NHS number (``https://fhir.nhs.uk/Id/nhs-number``);
UK Core profiles are not validated by the library, so the identifier is checked here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse
from pydantic import ValidationError

from livingwell.lib import nhs_number
from livingwell.outcomes import services
from livingwell.outcomes.instruments import INSTRUMENTS, InstrumentError, get_instrument, question_label
from livingwell.outcomes.models import QuestionnaireResponse, ResponseSource, ResponseStatus
from livingwell.support.models import Episode

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
# Canonical URLs identify the definitions; they are names, never fetched.
CANONICAL_BASE = "urn:livingwell:questionnaire:"
ANSWER_SYSTEM = "urn:livingwell:answer-value"


class FhirImportError(ValueError):
    """A QuestionnaireResponse that cannot be imported; the message says why."""


def canonical(code: str) -> str:
    return CANONICAL_BASE + get_instrument(code).code


def questionnaire(code: str) -> Questionnaire:
    """Return the instrument as a FHIR Questionnaire: items and answer values, no wording."""
    definition = get_instrument(code)
    options = [
        {"valueCoding": {"system": ANSWER_SYSTEM, "code": str(value), "display": str(value)}}
        for value in range(definition.answer_min, definition.answer_max + 1)
    ]
    return Questionnaire.model_validate(
        {
            "resourceType": "Questionnaire",
            "id": definition.code.lower().replace("-", ""),
            "url": canonical(definition.code),
            "name": definition.code.replace("-", ""),
            "title": definition.name,
            "status": "active",
            "subjectType": ["Patient"],
            "item": [
                {
                    "linkId": str(n),
                    "text": question_label(definition.code, n),
                    "type": "choice",
                    "required": True,
                    "answerOption": options,
                }
                for n in range(1, definition.item_count + 1)
            ],
        }
    )


def export_response(response: QuestionnaireResponse) -> FhirResponse:
    """Return a completed response as a FHIR QuestionnaireResponse linked to the NHS number."""
    if response.status != ResponseStatus.COMPLETED or response.completed_at is None:
        raise FhirImportError("Only a completed questionnaire can be exported")
    subject: dict[str, Any] = {"display": "Person supported by the Living Well Network"}
    if response.person.nhs_number:
        subject["identifier"] = {"system": NHS_NUMBER_SYSTEM, "value": response.person.nhs_number}
    return FhirResponse.model_validate(
        {
            "resourceType": "QuestionnaireResponse",
            "id": f"lw-{response.pk}",
            "identifier": {
                "system": "urn:livingwell:questionnaire-response",
                "value": response.submission_key,
            },
            "questionnaire": canonical(response.instrument),
            "status": "completed",
            "subject": subject,
            "authored": response.completed_at.isoformat(),
            "item": [
                {
                    "linkId": str(answer.number),
                    "answer": [
                        {
                            "valueCoding": {
                                "system": ANSWER_SYSTEM,
                                "code": str(answer.value),
                                "display": str(answer.value),
                            }
                        }
                    ],
                }
                for answer in response.answers.all()
            ],
        }
    )


def _answers(resource: FhirResponse, code: str) -> list[int | None]:
    definition = get_instrument(code)
    answers: list[int | None] = [None] * definition.item_count
    for item in resource.item or []:
        try:
            number = int(str(item.linkId))
        except (TypeError, ValueError):
            raise FhirImportError(f"Item linkId {item.linkId!r} is not a question number") from None
        if not 1 <= number <= definition.item_count:
            raise FhirImportError(f"{definition.code} has no question {number}")
        if not item.answer or len(item.answer) != 1:
            raise FhirImportError(f"Question {number} must have exactly one answer")
        given = item.answer[0]
        if given.valueCoding is not None and given.valueCoding.code is not None:
            raw: Any = given.valueCoding.code
        elif given.valueInteger is not None:
            raw = given.valueInteger
        else:
            raise FhirImportError(f"Question {number}: the answer must be a valueCoding or valueInteger")
        try:
            answers[number - 1] = int(raw)
        except (TypeError, ValueError):
            raise FhirImportError(f"Question {number}: {raw!r} is not a whole number") from None
    return answers


def import_response(
    request: HttpRequest | None, episode: Episode, data: dict[str, Any]
) -> QuestionnaireResponse:
    """Import a completed QuestionnaireResponse into the episode; importing it twice is one response."""
    try:
        resource = FhirResponse.model_validate(data)
    except ValidationError as error:
        raise FhirImportError(
            f"Not a valid FHIR R4 QuestionnaireResponse: {error.errors()[0]['msg']}"
        ) from None
    if resource.status != "completed":
        raise FhirImportError(f"Only completed responses are imported, not {resource.status!r}")
    url = str(resource.questionnaire or "")
    code = next((c for c in INSTRUMENTS if canonical(c) == url), None)
    if code is None:
        raise FhirImportError(f"Unknown questionnaire {url!r}")
    identifier = resource.subject.identifier if resource.subject else None
    if identifier is None or identifier.system != NHS_NUMBER_SYSTEM or not identifier.value:
        raise FhirImportError(f"The subject must be identified by an NHS number ({NHS_NUMBER_SYSTEM})")
    if not nhs_number.is_valid(identifier.value):
        raise FhirImportError("The subject's NHS number fails its check digit")
    if identifier.value != episode.person.nhs_number:
        raise FhirImportError("The NHS number is not that of the person in this episode")
    if resource.authored is None:
        raise FhirImportError("The response has no authored date")
    authored = resource.authored if isinstance(resource.authored, dt.datetime) else None
    if authored is None or authored.tzinfo is None:
        raise FhirImportError("The authored date must be a date and time with a time zone")
    key = resource.identifier.value if resource.identifier and resource.identifier.value else None
    submission_key = f"fhir-{key or resource.id or ''}"
    if submission_key == "fhir-":
        raise FhirImportError("The response needs an identifier or id, so that importing it twice is safe")
    if key:
        # Our own export coming back: the identifier is the original submission key.
        existing = QuestionnaireResponse.objects.filter(submission_key=key, episode=episode).first()
        if existing is not None:
            return existing
    try:
        return services.record_questionnaire(
            request,
            episode,
            instrument=code,
            answers=_answers(resource, code),
            by=None,
            submission_key=submission_key[:80],
            at=authored,
            source=ResponseSource.IMPORTED,
        )
    except InstrumentError as error:
        raise FhirImportError(str(error)) from None
