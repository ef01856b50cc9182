"""Finding a service in the directory: by need, area, age, language, kind and who is taking introductions.

One home for the directory's search, used by the staff directory page and, with `suggest_for`, by
the hub's decision to introduce a person on (the needs named in the conversation suggest services).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django import forms
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from livingwell.codes import LifeArea
from livingwell.lib.contact_details import InvalidPostcode, normalise_postcode
from livingwell.network import taxonomy
from livingwell.network.models import (
    Attribute,
    CapacityUnit,
    Language,
    LinkEntity,
    Service,
    ServiceIntroduction,
    ServiceIntroductionStatus,
    ServiceKind,
    ServiceStatus,
)
from livingwell.support.models import Episode, EpisodeStatus

WEEK = dt.timedelta(days=7)


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label="Words in the name or description", required=False, max_length=100)
    need = forms.ChoiceField(label="Need", choices=[("", "Any need"), *LifeArea.choices], required=False)
    area = forms.CharField(
        label="Area",
        help_text="A postcode (SW9 8BP), a postcode district (SW9) or a place the service covers",
        required=False,
        max_length=60,
    )
    age = forms.IntegerField(label="Age of the person", min_value=0, max_value=120, required=False)
    language = forms.ChoiceField(label="Language", required=False)
    kind = forms.ChoiceField(
        label="Kind of service", choices=[("", "Any kind"), *ServiceKind.choices], required=False
    )
    taking_now = forms.BooleanField(label="Only services taking introductions now", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        codes = Language.objects.exclude(code="").values_list("code", "name").distinct().order_by("name")
        self.fields["language"].choices = [("", "Any language"), *dict(codes).items()]  # type: ignore[attr-defined]


def _need_ids(needs: Iterable[str]) -> list[uuid.UUID]:
    return [taxonomy.NEEDS.term_id(need) for need in needs]


def with_load(services: QuerySet[Service], *, now: dt.datetime | None = None) -> QuerySet[Service]:
    """Annotate each service's load against its capacity (waits.ServiceWait.load, in SQL)."""
    now = now or timezone.now()
    open_episodes = (
        Episode.objects.filter(service=OuterRef("pk"), status=EpisodeStatus.OPEN)
        .values("service")
        .annotate(n=Count("pk"))
        .values("n")
    )
    accepted_this_week = (
        ServiceIntroduction.objects.filter(
            service=OuterRef("pk"), status=ServiceIntroductionStatus.ACCEPTED, responded_at__gt=now - WEEK
        )
        .values("service")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return services.annotate(
        load=Case(
            When(capacity_unit=CapacityUnit.CASELOAD, then=Coalesce(Subquery(open_episodes), Value(0))),
            When(
                capacity_unit=CapacityUnit.WEEKLY_SLOTS, then=Coalesce(Subquery(accepted_this_week), Value(0))
            ),
            default=Value(None),
            output_field=IntegerField(),
        )
    )


def taking_introductions(services: QuerySet[Service], *, now: dt.datetime | None = None) -> QuerySet[Service]:
    """Services that take introductions, are open, and have room (or no capacity set)."""
    return with_load(
        services.filter(accepts_introductions=True, status=ServiceStatus.ACTIVE), now=now
    ).filter(Q(capacity__isnull=True) | Q(load__lt=F("capacity")))


def _in_area(services: QuerySet[Service], area: str) -> QuerySet[Service]:
    try:
        district = normalise_postcode(area).split()[0]
    except InvalidPostcode:
        district = area.upper() if area.replace(" ", "").isalnum() and any(c.isdigit() for c in area) else ""
    place = Q(service_areas__name__icontains=area)
    if district:
        place |= Q(service_at_locations__location__addresses__postal_code__startswith=f"{district} ")
    return services.filter(place).distinct()


def search(data: dict[str, object], *, now: dt.datetime | None = None) -> QuerySet[Service]:
    """The services matching a valid DirectorySearchForm's cleaned data."""
    services = Service.objects.exclude(status=ServiceStatus.DEFUNCT)
    for word in str(data.get("q") or "").split()[:10]:
        services = services.filter(Q(name__icontains=word) | Q(description__icontains=word))
    if data.get("need"):
        services = services.filter(
            uuid__in=Attribute.objects.filter(
                link_entity=LinkEntity.SERVICE, taxonomy_term_id__in=_need_ids([str(data["need"])])
            ).values("link_id")
        )
    if data.get("area"):
        services = _in_area(services, str(data["area"]).strip())
    age = data.get("age")
    if isinstance(age, int):
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=age)).filter(
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age)
        )
    if data.get("language"):
        services = services.filter(languages__code=data["language"]).distinct()
    if data.get("kind"):
        services = services.filter(kind=data["kind"])
    if data.get("taking_now"):
        services = taking_introductions(services, now=now)
    return services.select_related("provider", "organisation").order_by("name", "uuid")


def ranked_for(
    needs: Iterable[str], services: QuerySet[Service] | None = None, *, now: dt.datetime | None = None
) -> QuerySet[Service]:
    """Services that take introductions and are open, those meeting more of the needs first, with
    `needs_met` and `load` (against capacity) annotated: the hub's choice when introducing on."""
    need_ids = _need_ids(needs)
    met = (
        Attribute.objects.filter(
            link_entity=LinkEntity.SERVICE, link_id=OuterRef("uuid"), taxonomy_term_id__in=need_ids
        )
        .values("link_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    services = services if services is not None else Service.objects.all()
    return (
        with_load(services.filter(accepts_introductions=True, status=ServiceStatus.ACTIVE), now=now)
        .annotate(needs_met=Coalesce(Subquery(met), Value(0)))
        .select_related("organisation")
        .order_by("-needs_met", "name", "uuid")
    )


def suggest_for(needs: Iterable[str], *, now: dt.datetime | None = None) -> QuerySet[Service]:
    """Services taking introductions now (with room), those meeting more of the person's needs first."""
    return ranked_for(needs, now=now).filter(Q(capacity__isnull=True) | Q(load__lt=F("capacity")))
