"""The directory of services, in the Open Referral UK v3.0 model (livingwell/network/oruk/).

Every object the standard defines is keyed by the UUID the standard requires, so that two
directories (or two imports of one) agree on what is the same service. `Service` keeps an integer
primary key as well, because introductions, episodes and the extract point at it; its `uuid` is the
standard's `id`. Fields keep the standard's names.

Where the UK profile has no field for something the alliance needs, the directory carries it as
HSDS 3.0 core names it, which the UK schemas allow as extension fields (they never forbid extra
properties): a service's `phones`, its `eligibility_description`, and a language's `name` and
`code`. What only the alliance needs (which partner runs a service, whether it takes
introductions, its response standard and capacity) is ours on top, in an extension object
`livingwell` that only staff see (docs/directory.md).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from livingwell.network.models.kinds import ServiceKind


class ServiceStatus(models.TextChoices):
    """The standard's service statuses (service.json `status`)."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "A place people go to"
    POSTAL = "postal", "A postal address"
    VIRTUAL = "virtual", "Online or by phone"


class CapacityUnit(models.TextChoices):
    CASELOAD = "caseload", "people supported at once"
    WEEKLY_SLOTS = "weekly_slots", "new appointments a week"


class Provider(models.Model):
    """The standard's `organization`: whoever provides a service, an alliance partner or not."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=300)
    description = models.TextField()
    email = models.CharField(max_length=254, blank=True)
    website = models.CharField(max_length=500, blank=True)
    logo = models.CharField(max_length=500, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    # Without a database constraint: a file may name a parent it does not give (the standard's
    # own example does), and the id is kept so that the file round-trips.
    parent_organization = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="children",
    )
    # The standard's organization_identifiers (charity number, company number, ODS code), kept as
    # the file gave them: nothing here looks them up.
    organization_identifiers = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    uuid = models.UUIDField("the standard's id", unique=True, default=uuid.uuid4)
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    # Names repeat in real directories ("Drop-in", "Advice line"): the uuid is the key.
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    email = models.CharField(max_length=254, blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    fees = models.TextField(blank=True)  # deprecated by the standard; kept so a file round-trips
    accreditations = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.CharField(max_length=40, blank=True)
    assurer_email = models.CharField(max_length=254, blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)
    funding = models.JSONField(default=list, blank=True)  # the standard's funding sources, as given
    eligibility_description = models.TextField(blank=True)  # extension (HSDS 3.0 core)

    # Ours on top of the standard (the `livingwell` extension; staff only).
    kind = models.CharField(max_length=30, choices=ServiceKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="the alliance partner that runs it",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
    )
    accepts_introductions = models.BooleanField(default=True)
    response_standard_hours = models.PositiveIntegerField(
        "how soon it must accept or decline an introduction, in hours", null=True, blank=True
    )
    first_contact_standard_days = models.PositiveIntegerField(
        "how soon after accepting it must first see the person, in days", null=True, blank=True
    )
    capacity = models.PositiveIntegerField(null=True, blank=True)
    capacity_unit = models.CharField(max_length=20, choices=CapacityUnit.choices, blank=True)
    # SHA-256 of the Open Referral UK JSON the service was last imported from; cleared by an edit
    # here, so that importing the same file twice changes nothing (network.oruk_import).
    source_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["name", "uuid"]
        # The read API and the directory page in this order, at any depth (bench_directory).
        indexes = [models.Index(fields=["name", "uuid"], name="service_by_name")]
        constraints = [
            # An introduction needs someone on the platform to answer it.
            models.CheckConstraint(
                condition=Q(accepts_introductions=False) | Q(organisation__isnull=False),
                name="introductions_need_a_partner",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | ~Q(capacity_unit=""), name="capacity_has_a_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location_type = models.CharField(max_length=10, choices=LocationType.choices)
    name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=200, blank=True)
    external_identifier_type = models.CharField(max_length=100, blank=True)
    accessibility = models.JSONField(default=list, blank=True)  # the standard's accessibility, as given

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(max_length=300)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=20, db_index=True)
    country = models.CharField(max_length=2)
    address_type = models.CharField(max_length=10, choices=LocationType.choices)

    def __str__(self) -> str:
        return f"{self.address_1}, {self.postal_code}"


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="service_at_locations")

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name or self.title or str(self.id)


class Phone(models.Model):
    """A service's phone number: an extension (HSDS 3.0 core's `service.phones`), as the UK profile
    attaches phones to nothing it nests; `contact` says whose number it is, where the file said."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="phones"
    )
    number = models.CharField(max_length=50)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """When a service (or a service at a location) is open, as the standard's iCalendar-like fields."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    # Strings as the standard has them, so that a file round-trips exactly.
    valid_from = models.CharField(max_length=40, blank=True)
    valid_to = models.CharField(max_length=40, blank=True)
    dtstart = models.CharField(max_length=40, blank=True)
    freq = models.CharField(max_length=10, blank=True)  # WEEKLY or MONTHLY
    interval = models.FloatField(null=True, blank=True)
    byday = models.CharField(max_length=60, blank=True)  # e.g. "MO,TU,WE"
    bymonthday = models.CharField(max_length=60, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.CharField(max_length=20, blank=True)
    closes_at = models.CharField(max_length=20, blank=True)
    schedule_link = models.CharField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday} {self.opens_at}–{self.closes_at}"


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.CharField(max_length=40, blank=True)
    valid_to = models.CharField(max_length=40, blank=True)
    option = models.CharField(max_length=300, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.option or str(self.amount)


class Language(models.Model):
    """A language a service is given in; `name` and `code` (ISO 639-1) are extensions (HSDS 3.0 core)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=10, blank=True, db_index=True)

    def __str__(self) -> str:
        return self.name or self.code or str(self.id)


class ServiceArea(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=200, blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=50, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    service_area = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name or str(self.id)


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=200)
    description = models.TextField()
    # Without database constraints, as a provider's parent: a term may name a parent term or a
    # taxonomy the file does not give, and keeps the ids it was given.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="children",
    )
    taxonomy = models.ForeignKey(
        Taxonomy,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="terms",
    )
    taxonomy_name = models.CharField("the standard's `taxonomy`, a name", max_length=200, blank=True)
    term_uri = models.CharField(max_length=500, blank=True)
    term = models.CharField("the term's code in its taxonomy", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LinkEntity(models.TextChoices):
    """What kind of object an attribute classifies (its `link_id` points at one)."""

    SERVICE = "service", "Service"
    ORGANIZATION = "organization", "Organisation"
    LOCATION = "location", "Location"
    CONTACT = "contact", "Contact"
    ADDRESS = "address", "Address"


class Attribute(models.Model):
    """The standard's `attribute`: a taxonomy term attached to a service (or another object).

    `link_type` says what the term describes (our needs and service kinds use `need` and
    `service_kind`; network.taxonomy); `link_entity` says which table `link_id` is in, which the
    standard leaves to the nesting.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    link_entity = models.CharField(max_length=20, choices=LinkEntity.choices)
    link_id = models.UUIDField(db_index=True)
    link_type = models.CharField(max_length=100, blank=True)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes")

    class Meta:
        indexes = [models.Index(fields=["taxonomy_term", "link_entity"], name="attribute_by_term")]

    def __str__(self) -> str:
        return f"{self.link_type}: {self.taxonomy_term_id}"
