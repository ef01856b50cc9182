"""The Open Referral UK v3.0 schemas and API document, read from the copies in network/oruk/.

The standard's documents point at raw.githubusercontent.com; nothing here fetches them. The
compiled schemas are self-contained, so a validator needs only the file; the OpenAPI document's
remote `$ref`s are rewritten to `#/components/schemas/...` entries that hold those same files.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema_rs

SCHEMA_DIR = Path(__file__).resolve().parent / "oruk" / "schema"
REMOTE_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
VERSION = "3.0"
PROFILE = "https://openreferraluk.org/"  # the UK profile's home (the standard's GET / names one)


@functools.cache
def load(relative: str) -> dict[str, Any]:
    """One of the standard's files, e.g. "compiled/service.json"."""
    document: dict[str, Any] = json.loads((SCHEMA_DIR / relative).read_text(encoding="utf-8"))
    return document


def _inlined(relative: str) -> Any:
    """The schema with its relative `$ref`s (taxonomy.json's terms) replaced by the files they name."""

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith(("#", "http")):
                return _inlined(str(Path(relative).parent / ref).removeprefix("./"))
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(load(relative))


@functools.cache
def validator(relative: str) -> Any:
    """A validator for one schema, checking formats (uuid, email, uri, date-time) too."""
    return jsonschema_rs.validator_for(_inlined(relative), validate_formats=True)


def problems(relative: str, instance: Any, *, at: str = "$") -> list[str]:
    """Every way `instance` breaks the schema, each as "JSON path: message"."""
    found = []
    for error in validator(relative).iter_errors(instance):
        path = at + "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.instance_path
        )
        found.append(f"{path}: {error.message}")
    return found


def _schema_name(relative: str) -> str:
    # compiled/service.json -> ServiceCompiled; taxonomy.json -> Taxonomy
    stem = Path(relative).stem.title().replace("_", "")
    return f"{stem}Compiled" if relative.startswith("compiled/") else stem


def _localise(node: Any, wanted: dict[str, str]) -> Any:
    """Rewrite remote `$ref`s to local component schemas, remembering which files they need."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REMOTE_BASE):
            relative = ref.removeprefix(REMOTE_BASE)
            wanted[relative] = _schema_name(relative)
            return {**node, "$ref": f"#/components/schemas/{wanted[relative]}"}
        return {key: _localise(value, wanted) for key, value in node.items()}
    if isinstance(node, list):
        return [_localise(item, wanted) for item in node]
    return node


def _embeddable(relative: str, wanted: dict[str, str]) -> dict[str, Any]:
    """A referenced schema, its own relative `$ref`s (taxonomy.json's terms) made local as well."""
    schema = copy.deepcopy(load(relative))

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith(("#", "http")):
                target = str(Path(relative).parent / ref).removeprefix("./")
                wanted.setdefault(target, _schema_name(target))
                return {**node, "$ref": f"#/components/schemas/{wanted[target]}"}
            return {key: fix(value) for key, value in node.items()}
        if isinstance(node, list):
            return [fix(item) for item in node]
        return node

    fixed: dict[str, Any] = fix(schema)
    return fixed


def local_openapi(document: dict[str, Any] | None = None) -> dict[str, Any]:
    """The standard's OpenAPI document (or one built on it) with every `$ref` resolvable here."""
    wanted: dict[str, str] = {}
    localised: dict[str, Any] = _localise(copy.deepcopy(document or load("openapi.json")), wanted)
    schemas = localised.setdefault("components", {}).setdefault("schemas", {})
    done: set[str] = set()
    while set(wanted) - done:
        for relative in sorted(set(wanted) - done):
            schemas[wanted[relative]] = _embeddable(relative, wanted)
            done.add(relative)
    return localised
