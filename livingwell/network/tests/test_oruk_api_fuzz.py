"""Schemathesis over the read API twice: against the standard's own document (its references made
local) with every check but status-code conformance, since the standard documents only 200s; and
against our served copy with every check. No server error, and no answer that breaks either.
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

from livingwell.accounts.models import Organisation
from livingwell.demo import borough
from livingwell.demo.directory_data import demo_directory
from livingwell.network import oruk_schema
from livingwell.network.oruk_import import import_directory
from livingwell.testing.fuzzing import fuzz, wsgi_app_in_the_tests_transaction

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 150
TIME_BUDGET_SECONDS = 12.0
EVERY_CHECK = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BUT_STATUS_CODES = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture
def app(db):
    for name, kind, ods in borough.ORGANISATIONS:
        Organisation.objects.create(name=name, kind=kind, ods_code=ods)
    import_directory(demo_directory())
    with wsgi_app_in_the_tests_transaction() as wsgi:
        yield wsgi


def standards_document(app):
    document = oruk_schema.local_openapi()
    document["servers"] = [{"url": "/openreferral"}]
    # The one repair no tool can do without: the standard gives start_time and end_time
    # `"type": "time"`, which is not a JSON Schema type, and schemathesis rightly rejects it.
    for name in ("start_time", "end_time"):
        assert document["components"]["parameters"][name]["schema"] == {"type": "time"}
        document["components"]["parameters"][name]["schema"] = {"type": "string"}
    schema = schemathesis.openapi.from_dict(document)
    schema.app = app
    return schema


def served_document(app):
    return schemathesis.openapi.from_wsgi("/openreferral/openapi.json", app)


def test_the_standards_document_needs_that_one_repair(app):
    document = oruk_schema.local_openapi()
    assert "raw.githubusercontent.com" not in str(document)
    assert document["components"]["parameters"]["start_time"]["schema"] == {"type": "time"}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_standards_document_finds_nothing(app, mode):
    seen = fuzz(
        standards_document(app),
        mode=mode,
        checks=BUT_STATUS_CODES,
        max_examples=MAX_EXAMPLES,
        seconds=TIME_BUDGET_SECONDS,
    )
    assert seen
    assert 500 not in seen
    if mode is GenerationMode.POSITIVE:
        assert 200 in seen


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_our_served_copy_finds_nothing(app, mode):
    seen = fuzz(
        served_document(app),
        mode=mode,
        checks=EVERY_CHECK,
        max_examples=MAX_EXAMPLES,
        seconds=TIME_BUDGET_SECONDS,
    )
    assert seen
    assert 500 not in seen
    if mode is GenerationMode.POSITIVE:
        assert 200 in seen
