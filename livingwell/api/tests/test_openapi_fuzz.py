"""Schemathesis over the OpenAPI document, in-process through the WSGI app: no input gets a 500,
and every response matches the document. Bounded in examples and in time, so the suite stays fast.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from livingwell.access.models import Introduction
from livingwell.testing.fuzzing import fuzz, wsgi_app_in_the_tests_transaction

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 100
TIME_BUDGET_SECONDS = 15.0
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def schema(db):
    """Load the document through the real WSGI app, inside the test's transaction."""
    with wsgi_app_in_the_tests_transaction() as app:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_document_describes_every_operation_with_examples_and_errors(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    assert operations == {
        ("/api/v1/introductions", "post"),
        ("/api/v1/introductions/{reference}", "get"),
        ("/api/v1/introductions/{reference}/history", "get"),
    }
    create = document["paths"]["/api/v1/introductions"]["post"]
    assert {"201", "401", "413", "422", "429"} <= set(create["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["required"] for p in create["parameters"])
    schemas = document["components"]["schemas"]
    assert schemas["IntroductionIn"]["examples"][0]["source"] == "A1"
    assert schemas["IntroductionIn"]["additionalProperties"] is False
    assert set(schemas["ErrorItem"]["properties"]) == {"field", "code", "message"}
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_input_gets_a_server_error_or_breaks_the_document(schema, bearer, mode, settings_override):
    seen = fuzz(
        schema,
        mode=mode,
        checks=CHECKS,
        headers=dict(bearer_header(bearer)),
        max_examples=MAX_EXAMPLES,
        seconds=TIME_BUDGET_SECONDS,
    )
    assert seen, "schemathesis sent nothing"
    if mode is GenerationMode.POSITIVE:
        assert Introduction.objects.exists() or 201 not in seen


def bearer_header(bearer: dict[str, str]) -> dict[str, str]:
    return {"Authorization": bearer["HTTP_AUTHORIZATION"]}


@pytest.fixture
def settings_override(settings):
    # The fuzzer should reach the operations, not spend its examples on the rate limit.
    settings.API_RATE_PER_MINUTE = 100_000
