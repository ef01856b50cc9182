"""Our copy of the standard's OpenAPI document, served at the read API's `openapi_url`.

It is the standard's own document (network/oruk/schema/openapi.json) with four changes, each
because an answer the API really gives would otherwise break it:
- the remote `$ref`s point at local copies of the schemas (`oruk_schema.local_openapi`);
- every operation lists the 400 (a bad paging or filter value) and, where it takes an id, the 404
  it can answer, both `{"errors": [{"parameter", "message"}]}`;
- `start_time` and `end_time` are `{"type": "string", "format": "time"}`: the standard writes
  `"type": "time"`, which JSON Schema has no such type;
- `servers` names where this API is, and `proximity` says it is refused here.
"""

from __future__ import annotations

import copy
from typing import Any

from livingwell.network import oruk_schema

ERRORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["parameter", "message"],
                "properties": {"parameter": {"type": "string"}, "message": {"type": "string"}},
            },
        }
    },
}


def _errors(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


def served_openapi(base_url: str) -> dict[str, Any]:
    """The document as this deployment serves it, with `base_url` (the API's root) as its server."""
    document = oruk_schema.local_openapi(copy.deepcopy(oruk_schema.load("openapi.json")))
    document["servers"] = [{"url": base_url}]
    components = document["components"]
    components["schemas"]["Errors"] = ERRORS_SCHEMA
    for name in ("start_time", "end_time"):
        components["parameters"][name]["schema"] = {"type": "string", "format": "time"}
    components["parameters"]["proximity"]["description"] += (
        " Not supported by this directory, which holds no postcode centroids: asking for it gets 400."
    )
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            responses = operation["responses"]
            if operation.get("parameters") or "{id}" in path:
                responses["400"] = _errors("A paging or filter value this API cannot use.")
            if "{id}" in path:
                responses["404"] = _errors("Nothing has this id.")
    return document
