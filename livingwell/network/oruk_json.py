"""The directory as Open Referral UK v3.0 JSON: what the read API answers and `directory export` writes.

Empty optional fields are left out rather than sent as null or "" (the standard's examples do the
same, and a null would break its string types). The `livingwell` extension object, which holds
which partner runs a service, whether it takes introductions, its response standard and capacity,
is written only for staff (`staff=True`: the export command); the anonymous API never shows it.

Reading many services costs a fixed number of queries: `with_everything` prefetches every nested
table, and `attach_attributes` reads the attributes of a whole page of objects at once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from livingwell.network.models import (
    Address,
    Attribute,
    Contact,
    Language,
    LinkEntity,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# (model field, JSON field) of each object's plain fields, in the standard's order.
PROVIDER_FIELDS = ("name", "description", "email", "website", "logo", "uri")
SERVICE_FIELDS = (
    "name",
    "description",
    "url",
    "email",
    "status",
    "fees",
    "accreditations",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "alert",
    "last_modified",
)
LOCATION_FIELDS = (
    "location_type",
    "name",
    "description",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
)
ADDRESS_FIELDS = (
    "attention",
    "address_1",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
)
SCHEDULE_FIELDS = (
    "valid_from",
    "valid_to",
    "dtstart",
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "description",
    "opens_at",
    "closes_at",
    "schedule_link",
    "attending_type",
    "notes",
)
COST_FIELDS = ("valid_from", "valid_to", "option", "amount", "amount_description")
AREA_FIELDS = ("name", "extent", "extent_type", "uri", "service_area")


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _fields(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    """The object's non-empty fields, under their own names."""
    return {name: _value(getattr(obj, name)) for name in names if getattr(obj, name) not in (None, "", [])}


def with_everything(services: QuerySet[Service]) -> QuerySet[Service]:
    """The services with every nested object the full form needs, in a fixed number of queries."""
    return services.select_related("provider", "organisation").prefetch_related(
        "schedules",
        "service_areas",
        "cost_options",
        Prefetch("languages", queryset=Language.objects.order_by("code", "id")),
        Prefetch("phones", queryset=Phone.objects.prefetch_related("languages").order_by("id")),
        Prefetch("contacts", queryset=Contact.objects.order_by("id")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location")
            .prefetch_related("location__addresses", "schedules")
            .order_by("id"),
        ),
    )


def attach_attributes(objects: Sequence[Any], entity: LinkEntity, *, key: str = "pk") -> None:
    """Set `oruk_attributes` on each object: its attributes with their terms, in one query."""
    ids = [getattr(obj, key) for obj in objects]
    found: dict[Any, list[Attribute]] = defaultdict(list)
    for attribute in (
        Attribute.objects.filter(link_entity=entity, link_id__in=ids)
        .select_related("taxonomy_term")
        .order_by("taxonomy_term__name", "id")
    ):
        found[attribute.link_id].append(attribute)
    for obj in objects:
        obj.oruk_attributes = found.get(getattr(obj, key), [])


def attach_all_attributes(services: Sequence[Service]) -> None:
    """Attributes of the services, their providers, locations and contacts: four queries."""
    attach_attributes(services, LinkEntity.SERVICE, key="uuid")
    providers = list({s.provider_id: s.provider for s in services if s.provider is not None}.values())
    attach_attributes(providers, LinkEntity.ORGANIZATION)
    locations = [sal.location for s in services for sal in s.service_at_locations.all()]
    attach_attributes(locations, LinkEntity.LOCATION)
    attach_attributes([c for s in services for c in s.contacts.all()], LinkEntity.CONTACT)


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    out = {"id": str(term.pk), "name": term.name, "description": term.description}
    if term.parent_id:
        out["parent_id"] = str(term.parent_id)
    if term.taxonomy_name:
        out["taxonomy"] = term.taxonomy_name
    if term.taxonomy_id:
        out["taxonomy_id"] = str(term.taxonomy_id)
    out.update(_fields(term, ("term_uri", "term")))
    return out


def taxonomy(item: Taxonomy, terms: Iterable[TaxonomyTerm] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": str(item.pk), "name": item.name, "description": item.description}
    out.update(_fields(item, ("uri", "version")))
    if terms is not None:
        out["taxonomy_terms"] = [taxonomy_term(term) for term in terms]
    return out


def _attributes(obj: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": str(a.pk),
            "link_id": str(a.link_id),
            "taxonomy_term_id": str(a.taxonomy_term_id),
            **({"link_type": a.link_type} if a.link_type else {}),
            "taxonomy_term": taxonomy_term(a.taxonomy_term),
        }
        for a in getattr(obj, "oruk_attributes", [])
    ]


def _with_attributes(out: dict[str, Any], obj: Any) -> dict[str, Any]:
    attributes = _attributes(obj)
    if attributes:
        out["attributes"] = attributes
    return out


def organization(provider: Provider) -> dict[str, Any]:
    out = {"id": str(provider.pk), **_fields(provider, PROVIDER_FIELDS)}
    out.setdefault("description", "")  # required by the standard, even when empty
    if provider.parent_organization_id:
        out["parent_organization_id"] = str(provider.parent_organization_id)
    if provider.organization_identifiers:
        out["organization_identifiers"] = provider.organization_identifiers
    return _with_attributes(out, provider)


def _language(language: Language, **owner: str) -> dict[str, Any]:
    return {"id": str(language.pk), **owner, **_fields(language, ("name", "code"))}


def _phone(phone: Phone) -> dict[str, Any]:
    out: dict[str, Any] = {"id": str(phone.pk)}
    if phone.contact_id:
        out["contact_id"] = str(phone.contact_id)
    out.update(_fields(phone, ("number", "description")))
    languages = [_language(lang, phone_id=str(phone.pk)) for lang in phone.languages.all()]
    if languages:
        out["languages"] = languages
    return out


def _address(address: Address) -> dict[str, Any]:
    out = {"id": str(address.pk), "location_id": str(address.location_id), **_fields(address, ADDRESS_FIELDS)}
    return out


def location_summary(item: Location) -> dict[str, Any]:
    """A location's one-to-one fields (compiled/service_at_location_list.json's `location`)."""
    return {"id": str(item.pk), **_fields(item, LOCATION_FIELDS)}


def location(item: Location) -> dict[str, Any]:
    out = location_summary(item)
    addresses = [_address(a) for a in item.addresses.all()]
    if addresses:
        out["addresses"] = addresses
    if item.accessibility:
        out["accessibility"] = item.accessibility
    return _with_attributes(out, item)


def _schedule(schedule: Schedule, service_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": str(schedule.pk)}
    if schedule.service_id:
        out["service_id"] = service_id
    if schedule.service_at_location_id:
        out["service_at_location_id"] = str(schedule.service_at_location_id)
    out.update(_fields(schedule, SCHEDULE_FIELDS))
    return out


def _service_at_location(sal: ServiceAtLocation, service_id: str) -> dict[str, Any]:
    out = {
        "id": str(sal.pk),
        "service_id": service_id,
        "location_id": str(sal.location_id),
        "location": location(sal.location),
    }
    return out


def service_list_item(service: Service) -> dict[str, Any]:
    """The one-to-one fields of a service and its organisation (compiled/service_list.json)."""
    out: dict[str, Any] = {"id": str(service.uuid)}
    if service.provider_id:
        out["organization_id"] = str(service.provider_id)
    out.update(_fields(service, SERVICE_FIELDS))
    if service.provider is not None:
        out["organization"] = organization(service.provider)
    return out


def _alliance(service: Service) -> dict[str, Any]:
    """Ours on top of the standard: staff only."""
    out: dict[str, Any] = {"accepts_introductions": service.accepts_introductions}
    if service.organisation is not None:
        out["partner"] = service.organisation.name
    if service.response_standard_hours is not None:
        out["response_standard_hours"] = service.response_standard_hours
    if service.first_contact_standard_days is not None:
        out["first_contact_standard_days"] = service.first_contact_standard_days
    if service.capacity is not None:
        out["capacity"] = {service.capacity_unit: service.capacity}
    return out


def service_full(service: Service, *, staff: bool = False) -> dict[str, Any]:
    """A fully nested service (compiled/service.json), from `with_everything` and `attach_all_attributes`."""
    sid = str(service.uuid)
    out = service_list_item(service)
    nested: dict[str, list[dict[str, Any]]] = {
        "schedules": [_schedule(s, sid) for s in service.schedules.all()],
        "service_areas": [
            {"id": str(a.pk), "service_id": sid, **_fields(a, AREA_FIELDS)}
            for a in service.service_areas.all()
        ],
        "service_at_locations": [
            _service_at_location(sal, sid) for sal in service.service_at_locations.all()
        ],
        "languages": [_language(lang, service_id=sid) for lang in service.languages.all()],
        "funding": list(service.funding),
        "cost_options": [
            {"id": str(c.pk), "service_id": sid, **_fields(c, COST_FIELDS)}
            for c in service.cost_options.all()
        ],
        "contacts": [
            _with_attributes(
                {
                    "id": str(c.pk),
                    "service_id": sid,
                    **_fields(c, ("name", "title")),
                },
                c,
            )
            for c in service.contacts.all()
        ],
        "attributes": _attributes(service),
        # Extensions the UK profile allows (HSDS 3.0 core's names): docs/directory.md.
        "phones": [_phone(p) for p in service.phones.all()],
    }
    out.update({key: value for key, value in nested.items() if value})
    if service.eligibility_description:
        out["eligibility_description"] = service.eligibility_description
    if staff:
        out["livingwell"] = _alliance(service)
    return out


def canonical(document: Any) -> Any:
    """The document with every list in one order (the standard leaves the order open), to compare."""
    if isinstance(document, dict):
        return {key: canonical(value) for key, value in sorted(document.items())}
    if isinstance(document, list):
        return sorted(
            (canonical(item) for item in document), key=lambda item: json.dumps(item, sort_keys=True)
        )
    return document
