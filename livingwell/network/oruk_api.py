"""The Open Referral UK v3.0 read API, as network/oruk/schema/openapi.json describes it.

Anonymous GETs, answered with `Access-Control-Allow-Origin: *` so that any directory site can read
them from a browser. Only what the standard publishes is shown: capacity, waits, response standards
and the partner running a service stay on staff pages. Every page costs a fixed number of queries.

Where the standard is silent, decided here and in the served copy of the document
(`served_openapi`):
- bad paging or filter values get 400 and `{"errors": [{"parameter", "message"}]}`; an unknown
  or malformed id gets 404 in the same shape (the standard defines no error answer);
- `per_page` is 1 to 500 (50 unless asked); a page after the last is empty, not an error;
- `minimum_age=N` keeps services whose minimum age is at least N, and `maximum_age=N` those whose
  maximum is at most N, as the document words them; `day` is an iCalendar day (MO … SU), and
  `start_time` / `end_time` (HH:MM) keep services with a schedule opening at or after, or closing at
  or before, that time;
- `postcode` keeps services at a location in the same postcode district (the outward code, SW9 of
  SW9 8BP): the directory holds no postcode centroids, so `proximity` is refused with 400;
- `/service_at_locations/{id}` answers the nested service-at-location; the standard's document
  gives it the schema of a *service*, so the answer also carries the service's `name` and
  `status`, which satisfies both.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Substr
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from livingwell.lib.contact_details import InvalidPostcode, normalise_postcode
from livingwell.network import oruk_document, oruk_json, oruk_schema
from livingwell.network.models import (
    Attribute,
    LinkEntity,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


class BadRequest(Exception):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def _answer(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, parameter: str, message: str) -> JsonResponse:
    return _answer({"errors": [{"parameter": parameter, "message": message}]}, status=status)


def _not_found(what: str) -> JsonResponse:
    return _error(404, "id", f"There is no {what} with this id.")


def api_view(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    """GET or HEAD only, anonymous, CORS-open, and a bad parameter answered with 400."""

    @require_safe
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except BadRequest as bad:
            return _error(400, bad.parameter, bad.message)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _int(request: HttpRequest, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"\d{1,9}", raw.strip()):
        raise BadRequest(name, f"{name} must be a whole number of at least {low}")
    value = int(raw)
    if value < low or (high is not None and value > high):
        raise BadRequest(
            name, f"{name} must be from {low} to {high}" if high else f"{name} must be at least {low}"
        )
    return value


def _number(request: HttpRequest, name: str) -> float | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(name, f"{name} must be a number") from None
    if not math.isfinite(value) or not 0 <= value <= 200:
        raise BadRequest(name, f"{name} must be an age from 0 to 200")
    return value


def _uuid(request: HttpRequest, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadRequest(name, f"{name} must be a UUID") from None


def _time(request: HttpRequest, name: str) -> str | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    if not TIME.match(raw):
        raise BadRequest(name, f"{name} must be a time of day, like 09:30")
    return raw[:5]


def _page(
    request: HttpRequest, queryset: QuerySet[Any], render: Callable[[list[Any]], list[Any]]
) -> JsonResponse:
    page = _int(request, "page", 1, 1)
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = queryset.count()
    pages = max(1, math.ceil(total / per_page))
    items = list(queryset[(page - 1) * per_page : page * per_page]) if page <= pages else []
    contents = render(items)
    return _answer(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _parse_id(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _filtered_services(request: HttpRequest) -> QuerySet[Service]:
    """The services the query asks for (the standard's filters on /services and /service_at_locations)."""
    services = Service.objects.all()
    search = request.GET.get("search", "").strip()
    if search:
        for word in search.split()[:10]:
            services = services.filter(Q(name__icontains=word) | Q(description__icontains=word))
    term_id = _uuid(request, "taxonomy_term_id")
    if term_id is not None:
        services = services.filter(
            uuid__in=Attribute.objects.filter(
                link_entity=LinkEntity.SERVICE, taxonomy_term_id=term_id
            ).values("link_id")
        )
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id is not None:
        services = services.filter(
            uuid__in=Attribute.objects.filter(
                link_entity=LinkEntity.SERVICE, taxonomy_term__taxonomy_id=taxonomy_id
            ).values("link_id")
        )
    minimum_age = _number(request, "minimum_age")
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    maximum_age = _number(request, "maximum_age")
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    services = _by_schedule(request, services)
    return services


def _by_schedule(request: HttpRequest, services: QuerySet[Service]) -> QuerySet[Service]:
    day = request.GET.get("day", "").strip().upper()
    start, end = _time(request, "start_time"), _time(request, "end_time")
    if day and day not in DAYS:
        raise BadRequest("day", "day must be one of MO, TU, WE, TH, FR, SA, SU")
    if not (day or start or end):
        return services
    schedules = Schedule.objects.annotate(opens=Substr("opens_at", 1, 5), closes=Substr("closes_at", 1, 5))
    if day:
        schedules = schedules.filter(byday__contains=day)
    if start:
        schedules = schedules.filter(opens__gte=start)
    if end:
        schedules = schedules.filter(closes__lte=end)
    return services.filter(
        Q(pk__in=schedules.values("service_id"))
        | Q(service_at_locations__in=schedules.values("service_at_location_id"))
    ).distinct()


@api_view
def about(request: HttpRequest) -> JsonResponse:
    """GET /: which version and profile of the standard this is, and where its document is."""
    return _answer(
        {
            "version": oruk_schema.VERSION,
            "profile": oruk_schema.PROFILE,
            # From the configured public address, not the request's Host header.
            "openapi_url": settings.PUBLIC_BASE_URL + reverse("openreferral:openapi"),
        }
    )


@api_view
def openapi(request: HttpRequest) -> JsonResponse:
    """Our copy of the standard's document: its remote references local, and the 400 and 404 added."""
    return _answer(
        oruk_document.served_openapi(settings.PUBLIC_BASE_URL + reverse("openreferral:about").rstrip("/"))
    )


def _service_list_items(services: list[Service]) -> list[dict[str, Any]]:
    oruk_json.attach_attributes([s.provider for s in services if s.provider], LinkEntity.ORGANIZATION)
    return [oruk_json.service_list_item(s) for s in services]


@api_view
def services(request: HttpRequest) -> JsonResponse:
    """GET /services: a page of services, one-to-one fields and their organisation."""
    found = _filtered_services(request).select_related("provider").order_by("name", "uuid")
    return _page(request, found, _service_list_items)


@api_view
def service(request: HttpRequest, id: str) -> JsonResponse:
    """GET /services/{id}: one service, fully nested."""
    key = _parse_id(id)
    found = list(oruk_json.with_everything(Service.objects.filter(uuid=key))) if key else []
    if not found:
        return _not_found("service")
    oruk_json.attach_all_attributes(found)
    return _answer(oruk_json.service_full(found[0]))


def _sal_list_item(sal: ServiceAtLocation) -> dict[str, Any]:
    return {
        "id": str(sal.pk),
        "service_id": str(sal.service.uuid),
        "location_id": str(sal.location_id),
        "location": oruk_json.location_summary(sal.location),
        "service": oruk_json.service_list_item(sal.service),
    }


def _sal_list_items(items: list[ServiceAtLocation]) -> list[dict[str, Any]]:
    oruk_json.attach_attributes(
        list({s.service.provider_id: s.service.provider for s in items if s.service.provider}.values()),
        LinkEntity.ORGANIZATION,
    )
    return [_sal_list_item(sal) for sal in items]


@api_view
def service_at_locations(request: HttpRequest) -> JsonResponse:
    """GET /service_at_locations: a page of services at their locations."""
    postcode = request.GET.get("postcode", "").strip()
    if request.GET.get("proximity", "").strip():
        raise BadRequest(
            "proximity",
            "proximity is not supported: this directory holds no postcode centroids to measure from",
        )
    found = ServiceAtLocation.objects.filter(service__in=_filtered_services(request))
    if postcode:
        try:
            outward = normalise_postcode(postcode).split()[0]
        except InvalidPostcode:
            raise BadRequest("postcode", "postcode must be a UK postcode, like SW9 8BP") from None
        found = found.filter(
            Q(location__addresses__postal_code__istartswith=f"{outward} ")
            | Q(location__addresses__postal_code__iexact=outward)
        ).distinct()
    found = found.select_related("location", "service__provider").order_by("service__name", "id")
    return _page(request, found, _sal_list_items)


@api_view
def service_at_location(request: HttpRequest, id: str) -> JsonResponse:
    """GET /service_at_locations/{id}: the service at its location, both nested in full."""
    key = _parse_id(id)
    sal = (
        ServiceAtLocation.objects.select_related("location", "service").filter(pk=key).first()
        if key
        else None
    )
    if sal is None:
        return _not_found("service at a location")
    (nested,) = oruk_json.with_everything(Service.objects.filter(pk=sal.service_id))
    oruk_json.attach_all_attributes([nested])
    location = next(s.location for s in nested.service_at_locations.all() if s.pk == sal.pk)
    return _answer(
        {
            "id": str(sal.pk),
            "service_id": str(nested.uuid),
            "location_id": str(sal.location_id),
            "name": nested.name,
            "status": nested.status,
            "location": oruk_json.location(location),
            "service": oruk_json.service_full(nested),
        }
    )


@api_view
def taxonomies(request: HttpRequest) -> JsonResponse:
    """GET /taxonomies: a page of taxonomies (their terms at /taxonomies/{id})."""
    return _page(
        request, Taxonomy.objects.order_by("name", "id"), lambda items: [oruk_json.taxonomy(t) for t in items]
    )


@api_view
def taxonomy(request: HttpRequest, id: str) -> JsonResponse:
    """GET /taxonomies/{id}: a taxonomy with its terms."""
    key = _parse_id(id)
    found = Taxonomy.objects.filter(pk=key).first() if key else None
    if found is None:
        return _not_found("taxonomy")
    return _answer(
        oruk_json.taxonomy(found, TaxonomyTerm.objects.filter(taxonomy_id=found.pk).order_by("name", "id"))
    )


@api_view
def taxonomy_terms(request: HttpRequest) -> JsonResponse:
    """GET /taxonomy_terms: a page of taxonomy terms."""
    terms = TaxonomyTerm.objects.order_by("name", "id")
    return _page(request, terms, lambda items: [oruk_json.taxonomy_term(t) for t in items])


@api_view
def taxonomy_term(request: HttpRequest, id: str) -> JsonResponse:
    """GET /taxonomy_terms/{id}: one taxonomy term."""
    key = _parse_id(id)
    found = TaxonomyTerm.objects.filter(pk=key).first() if key else None
    if found is None:
        return _not_found("taxonomy term")
    return _answer(oruk_json.taxonomy_term(found))
