"""Import Open Referral UK v3.0 JSON into the directory: all or nothing, and twice is the same as once.

A file is a JSON array of fully nested services (the standard's service package), one service, or
a taxonomy with its terms. Every problem is found before anything is written, each with its JSON
path: the standard's compiled schema (`oruk_schema`), then what a schema cannot see (an id used
twice, an attribute's taxonomy term or a service's organisation the file does not give and the
directory does not hold, our `livingwell` extension naming a partner that does not exist). Then one
transaction writes every service, upserting by the standard's ids.

Twice is once: each service keeps a digest of the JSON it was last imported from, and a service
whose digest is unchanged is left alone (no write, no history entry). An edit in the platform
clears the digest, so that the next import of the partner's file puts its version back, recorded
as a change.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jsonschema_rs
from django.db import transaction
from django.utils.dateparse import parse_datetime

from livingwell.accounts.models import Organisation, User
from livingwell.network import oruk_json, oruk_schema, taxonomy
from livingwell.network.models import (
    Address,
    Attribute,
    CapacityUnit,
    Contact,
    CostOption,
    DirectoryChange,
    Language,
    LinkEntity,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
    Taxonomy,
    TaxonomyTerm,
)

SERVICE_SCHEMA = "compiled/service.json"
OUR_TERMS = taxonomy.KIND_BY_TERM.keys() | taxonomy.NEED_BY_TERM.keys()
TAXONOMY_SCHEMA = "taxonomy.json"

# Our extension object on a service (docs/directory.md), checked as the standard's parts are.
ALLIANCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "partner": {"type": "string", "minLength": 1},
        "accepts_introductions": {"type": "boolean"},
        "response_standard_hours": {"type": "integer", "minimum": 1, "maximum": 24 * 365},
        "first_contact_standard_days": {"type": "integer", "minimum": 1, "maximum": 365},
        "capacity": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "maxProperties": 1,
            "properties": {unit: {"type": "integer", "minimum": 1} for unit in CapacityUnit.values},
        },
    },
}
EXTENSION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "livingwell": ALLIANCE_SCHEMA,
        "eligibility_description": {"type": "string"},
        "phones": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "number"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "contact_id": {"type": "string", "format": "uuid"},
                    "number": {"type": "string", "minLength": 1},
                    "description": {"type": "string"},
                    "languages": {"type": "array"},
                },
            },
        },
        "languages": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string", "pattern": "^[a-z]{2,3}$"},
                },
            },
        },
    },
}


class ImportRefused(Exception):
    """The file cannot be imported; `problems` lists every reason, each with its JSON path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(problems[:3]))
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    taxonomy_terms: int = 0


def parse(text: str | bytes) -> Any:
    """The file's JSON, or a refusal saying where it stops being JSON."""
    try:
        return json.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
    except UnicodeDecodeError:
        raise ImportRefused(["$: the file is not UTF-8 text"]) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [f"$: not JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None


def _digest(document: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _children(node: dict[str, Any], path: str) -> Iterable[tuple[str, dict[str, Any], str]]:
    """(kind, object, path) of each object with an id directly inside `node`, by its key's name."""
    for key, value in node.items():
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield key, item, f"{path}.{key}" + ("" if i is None else f"[{i}]")


def _ids(node: Any, path: str) -> Iterable[tuple[str, str, str]]:
    """(kind, id, path) of every object with an id in a service document, by its key's name."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        yield key, item["id"], f"{path}.{key}[{i}]"
                    yield from _ids(item, f"{path}.{key}[{i}]")
            elif isinstance(value, dict):
                if isinstance(value.get("id"), str):
                    yield key, value["id"], f"{path}.{key}"
                yield from _ids(value, f"{path}.{key}")


# Objects that may appear more than once in a file: a provider of many services, a location
# shared by several, a taxonomy term used by every service it classifies.
SHARED = {"organization", "location", "taxonomy_term"}


class _Checker:
    def __init__(self, services: list[dict[str, Any]]) -> None:
        self.services = services
        self.problems: list[str] = []

    def run(self) -> list[str]:
        for i, document in enumerate(self.services):
            self.problems += oruk_schema.problems(SERVICE_SCHEMA, document, at=f"$[{i}]")
            for error in _extension_validator().iter_errors(document):
                where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.instance_path)
                self.problems.append(f"$[{i}]{where}: {error.message}")
        if self.problems:
            return self.problems  # the references below assume the shapes are right
        self._unique_ids()
        self._references()
        return self.problems

    def _unique_ids(self) -> None:
        """Each object's id once in the file; a shared object (SHARED) the same wherever it is repeated."""
        seen: dict[tuple[str, str], str] = {}
        shared: dict[tuple[str, str], tuple[str, str]] = {}

        def visit(kind: str, node: dict[str, Any], path: str) -> None:
            key = (kind, node["id"])
            if kind in SHARED:
                body = json.dumps(node, sort_keys=True)
                if key in shared:
                    if shared[key][0] != body:
                        self.problems.append(
                            f"{path}: {kind} {node['id']} differs from the one at {shared[key][1]}"
                        )
                    return  # checked where it first appears
                shared[key] = (body, path)
            elif key in seen:
                self.problems.append(f"{path}.id: {node['id']} is used twice (also at {seen[key]})")
                return
            seen[key] = path
            for child_kind, child, child_path in _children(node, path):
                visit(child_kind, child, child_path)

        for i, document in enumerate(self.services):
            visit("service", document, f"$[{i}]")

    def _references(self) -> None:
        term_ids = {
            a["taxonomy_term_id"]
            for _, a in self._attributes()
            if "taxonomy_term" not in a and "taxonomy_term_id" in a
        }
        known_terms = {
            str(pk) for pk in TaxonomyTerm.objects.filter(id__in=term_ids).values_list("id", flat=True)
        }
        for path, attribute in self._attributes():
            term = attribute.get("taxonomy_term")
            if term is None:
                if attribute.get("taxonomy_term_id") not in known_terms:
                    self.problems.append(
                        f"{path}.taxonomy_term_id: the term {attribute.get('taxonomy_term_id')} is not in the "
                        "directory and the file does not give it"
                    )
            else:
                if attribute.get("taxonomy_term_id", term["id"]) != term["id"]:
                    self.problems.append(f"{path}.taxonomy_term_id: differs from its taxonomy_term's id")
        wanted_orgs = {
            d["organization_id"] for d in self.services if "organization_id" in d and "organization" not in d
        }
        known_orgs = {
            str(pk) for pk in Provider.objects.filter(id__in=wanted_orgs).values_list("id", flat=True)
        }
        partners = set(Organisation.objects.values_list("name", flat=True))
        for i, document in enumerate(self.services):
            nested = document.get("organization")
            if nested is not None and document.get("organization_id", nested["id"]) != nested["id"]:
                self.problems.append(f"$[{i}].organization_id: differs from its organization's id")
            if nested is None and document.get("organization_id") not in known_orgs:
                self.problems.append(
                    f"$[{i}].organization_id: the organization {document.get('organization_id')} is not in "
                    "the directory and the file does not give it"
                )
            self._alliance(i, document, partners)

    def _alliance(self, i: int, document: dict[str, Any], partners: set[str]) -> None:
        alliance = document.get("livingwell", {})
        partner = alliance.get("partner")
        if partner is not None and partner not in partners:
            self.problems.append(f"$[{i}].livingwell.partner: no alliance partner is called {partner!r}")
        if alliance.get("accepts_introductions") and partner is None:
            self.problems.append(
                f"$[{i}].livingwell.accepts_introductions: a service that takes introductions needs a partner "
                "to answer them"
            )
        kinds = [a for a in document.get("attributes", []) if _term_id(a) in taxonomy.KIND_BY_TERM]
        if len(kinds) > 1:
            self.problems.append(
                f"$[{i}].attributes: a service has one kind, and this one gives {len(kinds)}"
            )

    def _attributes(self) -> Iterable[tuple[str, dict[str, Any]]]:
        for i, document in enumerate(self.services):
            for kind, _, path in _ids(document, f"$[{i}]"):
                if kind == "attributes":
                    yield path, _at(document, path.removeprefix(f"$[{i}]"))


def _term_id(attribute: dict[str, Any]) -> uuid.UUID:
    """An attribute's term: by its id, or the nested term's (the standard allows either)."""
    return uuid.UUID(attribute.get("taxonomy_term_id") or attribute["taxonomy_term"]["id"])


def _at(document: Any, path: str) -> Any:
    """The object at a path such as `.contacts[0].attributes[1]`."""
    node = document
    for part in path.replace("[", ".[").split("."):
        if not part:
            continue
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return node


@functools.cache
def _extension_validator() -> Any:
    return jsonschema_rs.validator_for(EXTENSION_SCHEMA, validate_formats=True)


def check(data: Any) -> list[dict[str, Any]]:
    """The file's services if it can be imported; otherwise ImportRefused with every problem."""
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise ImportRefused(["$: expected a list of services (or one service), and this is not one"])
    not_objects = [
        f"$[{i}]: a service is a JSON object" for i, item in enumerate(data) if not isinstance(item, dict)
    ]
    if not_objects:
        raise ImportRefused(not_objects)
    problems = _Checker(data).run()
    if problems:
        raise ImportRefused(problems)
    return data


class _Writer:
    """Builds every row of the changed services, then writes each table in one statement."""

    def __init__(self) -> None:
        self.rows: dict[type[Any], list[Any]] = {
            model: []
            # In the order they are written: each after what it points at.
            for model in (
                Contact,
                Phone,
                Language,
                ServiceAtLocation,
                Schedule,
                CostOption,
                ServiceArea,
                Attribute,
            )
        }
        self.providers: dict[str, Provider] = {}
        self.locations: dict[str, Location] = {}
        self.addresses: list[Address] = []
        self.terms: dict[str, TaxonomyTerm] = {}

    def attributes(self, entity: LinkEntity, link_id: str, items: list[dict[str, Any]]) -> None:
        for item in items:
            term = item.get("taxonomy_term")
            if term is not None and uuid.UUID(term["id"]) not in OUR_TERMS:
                self.terms[term["id"]] = TaxonomyTerm(
                    id=term["id"],
                    name=term["name"],
                    description=term["description"],
                    parent_id=term.get("parent_id"),
                    taxonomy_id=term.get("taxonomy_id"),
                    taxonomy_name=term.get("taxonomy", ""),
                    term_uri=term.get("term_uri", ""),
                    term=term.get("term", ""),
                )
            self.rows[Attribute].append(
                Attribute(
                    id=item["id"],
                    link_entity=entity,
                    link_id=link_id,
                    link_type=item.get("link_type", ""),
                    taxonomy_term_id=_term_id(item),
                )
            )

    def provider(self, document: dict[str, Any]) -> None:
        if document["id"] in self.providers:
            return  # a provider of several services: the checker made sure each copy is the same
        self.providers[document["id"]] = Provider(
            id=document["id"],
            parent_organization_id=document.get("parent_organization_id"),
            organization_identifiers=document.get("organization_identifiers", []),
            **_plain(document, oruk_json.PROVIDER_FIELDS),
        )
        self.attributes(LinkEntity.ORGANIZATION, document["id"], document.get("attributes", []))

    def location(self, document: dict[str, Any]) -> None:
        if document["id"] in self.locations:
            return  # a location shared by several services
        self.locations[document["id"]] = Location(
            id=document["id"],
            accessibility=document.get("accessibility", []),
            **_plain(document, oruk_json.LOCATION_FIELDS, numbers=("latitude", "longitude")),
        )
        for address in document.get("addresses", []):
            self.addresses.append(
                Address(
                    id=address["id"], location_id=document["id"], **_plain(address, oruk_json.ADDRESS_FIELDS)
                )
            )
        self.attributes(LinkEntity.LOCATION, document["id"], document.get("attributes", []))

    def children(self, service: Service, document: dict[str, Any]) -> None:
        sid = str(service.uuid)
        for item in document.get("contacts", []):
            self.rows[Contact].append(
                Contact(id=item["id"], service=service, **_plain(item, ("name", "title")))
            )
            self.attributes(LinkEntity.CONTACT, item["id"], item.get("attributes", []))
        for item in document.get("phones", []):
            self.rows[Phone].append(
                Phone(
                    id=item["id"],
                    service=service,
                    contact_id=item.get("contact_id"),
                    **_plain(item, ("number", "description")),
                )
            )
            for language in item.get("languages", []):
                self.rows[Language].append(
                    Language(id=language["id"], phone_id=item["id"], **_plain(language, ("name", "code")))
                )
        for item in document.get("languages", []):
            self.rows[Language].append(
                Language(id=item["id"], service=service, **_plain(item, ("name", "code")))
            )
        for item in document.get("schedules", []):
            self.rows[Schedule].append(_schedule(item, service=service))
        for item in document.get("cost_options", []):
            self.rows[CostOption].append(
                CostOption(
                    id=item["id"], service=service, **_plain(item, oruk_json.COST_FIELDS, numbers=("amount",))
                )
            )
        for item in document.get("service_areas", []):
            self.rows[ServiceArea].append(
                ServiceArea(id=item["id"], service=service, **_plain(item, oruk_json.AREA_FIELDS))
            )
        for item in document.get("service_at_locations", []):
            location_id = item.get("location_id") or item["location"]["id"]
            if "location" in item:
                self.location(item["location"])
            self.rows[ServiceAtLocation].append(
                ServiceAtLocation(id=item["id"], service=service, location_id=location_id)
            )
        self.attributes(LinkEntity.SERVICE, sid, document.get("attributes", []))

    def write(self, changed: list[Service]) -> None:
        _upsert(TaxonomyTerm, list(self.terms.values()))
        _upsert(Location, list(self.locations.values()))
        Address.objects.filter(location_id__in=self.locations).delete()
        Address.objects.bulk_create(self.addresses, batch_size=2000)
        contacts = Contact.objects.filter(service__in=changed)
        Attribute.objects.filter(link_entity=LinkEntity.CONTACT, link_id__in=contacts.values("id")).delete()
        Attribute.objects.filter(
            link_entity=LinkEntity.SERVICE, link_id__in=[s.uuid for s in changed]
        ).delete()
        Attribute.objects.filter(
            link_entity=LinkEntity.ORGANIZATION, link_id__in=list(self.providers)
        ).delete()
        Attribute.objects.filter(link_entity=LinkEntity.LOCATION, link_id__in=list(self.locations)).delete()
        owned: tuple[type[Any], ...] = (
            Language,
            Phone,
            Contact,
            Schedule,
            CostOption,
            ServiceArea,
            ServiceAtLocation,
        )
        for model in owned:
            model.objects.filter(service__in=changed).delete()
        Language.objects.filter(phone__service__in=changed).delete()
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows, batch_size=2000)


def _plain(document: dict[str, Any], names: Iterable[str], *, numbers: Iterable[str] = ()) -> dict[str, Any]:
    numeric = set(numbers)
    return {name: document.get(name, None if name in numeric else "") for name in names}


def _schedule(item: dict[str, Any], *, service: Service | None) -> Schedule:
    values = _plain(item, oruk_json.SCHEDULE_FIELDS, numbers=("interval",))
    return Schedule(
        id=item["id"],
        service=service,
        service_at_location_id=item.get("service_at_location_id"),
        **values,
    )


def _upsert(model: type, rows: list[Any]) -> None:
    if not rows:
        return
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]  # type: ignore[attr-defined]
    model.objects.bulk_create(  # type: ignore[attr-defined]
        rows, batch_size=1000, update_conflicts=True, unique_fields=["id"], update_fields=fields
    )


SERVICE_FIELDS_WRITTEN = (
    *oruk_json.SERVICE_FIELDS,
    "provider",
    "funding",
    "eligibility_description",
    "kind",
    "organisation",
    "accepts_introductions",
    "response_standard_hours",
    "first_contact_standard_days",
    "capacity",
    "capacity_unit",
    "source_digest",
)


def _service_values(document: dict[str, Any], partners: dict[str, int]) -> dict[str, Any]:
    alliance = document.get("livingwell", {})
    kind = next(
        (
            taxonomy.KIND_BY_TERM[_term_id(a)]
            for a in document.get("attributes", [])
            if _term_id(a) in taxonomy.KIND_BY_TERM
        ),
        ServiceKind.STAYING_WELL,  # a service from outside the alliance: a community offer
    )
    capacity = alliance.get("capacity", {})
    unit, amount = next(iter(capacity.items())) if capacity else ("", None)
    values = _plain(
        document, oruk_json.SERVICE_FIELDS, numbers=("minimum_age", "maximum_age", "last_modified")
    )
    values["last_modified"] = (
        parse_datetime(document["last_modified"]) if "last_modified" in document else None
    )
    for age in ("minimum_age", "maximum_age"):
        values[age] = int(values[age]) if values[age] is not None else None
    return {
        **values,
        "provider_id": document.get("organization_id") or document.get("organization", {}).get("id"),
        "funding": document.get("funding", []),
        "eligibility_description": document.get("eligibility_description", ""),
        "kind": kind,
        "organisation_id": partners.get(alliance.get("partner", "")),
        "accepts_introductions": bool(alliance.get("accepts_introductions", False)),
        "response_standard_hours": alliance.get("response_standard_hours"),
        "first_contact_standard_days": alliance.get("first_contact_standard_days"),
        "capacity": amount,
        "capacity_unit": unit,
    }


def import_taxonomy(data: dict[str, Any]) -> ImportResult:
    """A taxonomy with its terms (taxonomy.json), upserted by id."""
    problems = oruk_schema.problems(TAXONOMY_SCHEMA, data)
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        Taxonomy.objects.update_or_create(
            id=data["id"], defaults={k: data.get(k, "") for k in ("name", "description", "uri", "version")}
        )
        terms = [
            TaxonomyTerm(
                id=t["id"],
                name=t["name"],
                description=t["description"],
                parent_id=t.get("parent_id"),
                taxonomy_id=data["id"],
                taxonomy_name=t.get("taxonomy", data["name"]),
                term_uri=t.get("term_uri", ""),
                term=t.get("term", ""),
            )
            for t in data.get("taxonomy_terms", [])
        ]
        _upsert(TaxonomyTerm, terms)
    return ImportResult(taxonomy_terms=len(terms))


def _outside(services: list[dict[str, Any]], partners: set[str]) -> list[str]:
    """Why a directory editor may not import these: services their organisations do not run."""
    theirs = {
        str(u)
        for u in Service.objects.filter(
            uuid__in=[d["id"] for d in services], organisation__name__in=partners
        ).values_list("uuid", flat=True)
    }
    existing = {
        str(u)
        for u in Service.objects.filter(uuid__in=[d["id"] for d in services]).values_list("uuid", flat=True)
    }
    problems = []
    for i, document in enumerate(services):
        if document.get("livingwell", {}).get("partner") not in partners:
            problems.append(
                f"$[{i}].livingwell.partner: you can import only services {' or '.join(sorted(partners)) or 'your organisation'} runs"
            )
        elif document["id"] in existing and document["id"] not in theirs:
            problems.append(f"$[{i}].id: this service is another organisation's in the directory")
    return problems


def import_directory(
    data: Any, *, by: User | None = None, how: str = "import", partners: set[str] | None = None
) -> ImportResult:
    """Import a parsed file (`parse`): all of it, or none of it and ImportRefused.

    `partners`, for a directory editor, names the organisations whose services they may import
    (None: any, the hub lead and the command line); a taxonomy is the hub lead's to import.
    """
    if isinstance(data, dict) and "taxonomy_terms" in data and "status" not in data:
        if partners is not None:
            raise ImportRefused(["$: only the hub lead imports a taxonomy"])
        return import_taxonomy(data)
    taxonomy.ensure_taxonomies()
    services = check(data)
    if partners is not None:
        problems = _outside(services, partners)
        if problems:
            raise ImportRefused(problems)
    digests = {d["id"]: _digest(d) for d in services}
    existing = {str(s.uuid): s for s in Service.objects.filter(uuid__in=list(digests))}
    changed_docs = [
        d for d in services if d["id"] not in existing or existing[d["id"]].source_digest != digests[d["id"]]
    ]
    result = ImportResult(unchanged=len(services) - len(changed_docs))
    if not changed_docs:
        return result
    partner_ids = dict(Organisation.objects.values_list("name", "pk"))
    writer = _Writer()
    with transaction.atomic():
        # A file that differs from the last one only in form (its lists' order, fields the
        # directory fills in on export) changes nothing: the services as exported before and after
        # are compared, and only a real difference counts and enters the history.
        before = _exported([existing[d["id"]].pk for d in changed_docs if d["id"] in existing])
        for document in changed_docs:
            if "organization" in document:
                writer.provider(document["organization"])
        _upsert(Provider, list(writer.providers.values()))
        rows = []
        for document in changed_docs:
            service = existing.get(document["id"]) or Service(uuid=document["id"])
            for name, value in _service_values(document, partner_ids).items():
                setattr(service, name, value)
            service.source_digest = digests[document["id"]]
            rows.append(service)
        fields = [f for f in SERVICE_FIELDS_WRITTEN if f not in ("provider", "organisation")] + [
            "provider_id",
            "organisation_id",
        ]
        Service.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["uuid"],
            update_fields=[f.removesuffix("_id") for f in fields],
        )
        by_uuid = dict(Service.objects.filter(uuid__in=[r.uuid for r in rows]).values_list("uuid", "pk"))
        for service in rows:
            service.pk = by_uuid[uuid.UUID(str(service.uuid))]
        changed = rows
        for service, document in zip(changed, changed_docs, strict=True):
            writer.children(service, document)
        writer.write(changed)
        after = _exported([s.pk for s in changed if s.pk in before])
        really = [
            (service, document)
            for service, document in zip(changed, changed_docs, strict=True)
            if service.pk not in before or before[service.pk] != after[service.pk]
        ]
        DirectoryChange.objects.bulk_create(
            [
                DirectoryChange(service=service, changed_by=by, how=how, document=document)
                for service, document in really
            ],
            batch_size=1000,
        )
    result.created = sum(1 for d in changed_docs if d["id"] not in existing)
    result.updated = len(really) - result.created
    result.unchanged = len(services) - result.created - result.updated
    return result


def _exported(pks: list[int]) -> dict[int, Any]:
    """Each service as the directory exports it (staff form), in a canonical order, by pk."""
    if not pks:
        return {}
    found = list(oruk_json.with_everything(Service.objects.filter(pk__in=pks)))
    oruk_json.attach_all_attributes(found)
    return {s.pk: oruk_json.canonical(oruk_json.service_full(s, staff=True)) for s in found}
