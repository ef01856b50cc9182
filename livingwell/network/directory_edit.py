"""Editing a service in the directory, with the history of every change, and the import upload form.

An edit is refused if the service changed since the form was opened (another editor, or an
import): the editor is told and sees the service as it now is, rather than silently undoing the
other change. Each saved edit records the whole service as it then stood (`DirectoryChange`) and
clears the import digest, so that the partner's next file puts its own version back, as a change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.codes import LifeArea
from livingwell.network import oruk_json, taxonomy
from livingwell.network.models import (
    Attribute,
    CapacityUnit,
    ChangeHow,
    DirectoryChange,
    LinkEntity,
    Service,
    ServiceKind,
    ServiceStatus,
)

EDITED_FIELDS = (
    "name",
    "description",
    "status",
    "url",
    "email",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "kind",
    "accepts_introductions",
    "response_standard_hours",
    "first_contact_standard_days",
    "capacity",
    "capacity_unit",
)


NUMBERS = {"minimum_age", "maximum_age", "response_standard_hours", "first_contact_standard_days", "capacity"}


class ChangedMeanwhile(Exception):
    """The service changed after the form was opened."""


def version_of(service: Service) -> str:
    return service.last_modified.isoformat() if service.last_modified else ""


class ServiceForm(forms.Form):
    name = forms.CharField(label="Name", max_length=300)
    description = forms.CharField(
        label="What the service does", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    status = forms.ChoiceField(label="Status", choices=ServiceStatus.choices)
    url = forms.URLField(label="Website", required=False, max_length=500, assume_scheme="https")
    email = forms.EmailField(label="Email address", required=False)
    minimum_age = forms.IntegerField(
        label="Youngest age it supports", min_value=0, max_value=120, required=False
    )
    maximum_age = forms.IntegerField(
        label="Oldest age it supports", min_value=0, max_value=120, required=False
    )
    eligibility_description = forms.CharField(
        label="Who it is for", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    needs = forms.MultipleChoiceField(
        label="Needs it helps with",
        choices=LifeArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    kind = forms.ChoiceField(label="Kind of service", choices=ServiceKind.choices)
    accepts_introductions = forms.BooleanField(
        label="It takes introductions through the platform", required=False
    )
    response_standard_hours = forms.IntegerField(
        label="How soon it must accept or decline an introduction, in hours",
        min_value=1,
        max_value=24 * 365,
        required=False,
    )
    first_contact_standard_days = forms.IntegerField(
        label="How soon after accepting it must first see the person, in days",
        help_text="Leave empty for the alliance's 4 weeks",
        min_value=1,
        max_value=365,
        required=False,
    )
    capacity = forms.IntegerField(label="Capacity", min_value=1, max_value=100_000, required=False)
    capacity_unit = forms.ChoiceField(
        label="Capacity counts", choices=[("", "No capacity set"), *CapacityUnit.choices], required=False
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data: Any = None, *, service: Service) -> None:
        self.service = service
        needs = [
            taxonomy.NEED_BY_TERM[term_id]
            for term_id in Attribute.objects.filter(
                link_entity=LinkEntity.SERVICE,
                link_id=service.uuid,
                taxonomy_term_id__in=list(taxonomy.NEED_BY_TERM),
            ).values_list("taxonomy_term_id", flat=True)
        ]
        initial = {name: getattr(service, name) for name in EDITED_FIELDS}
        super().__init__(data, initial={**initial, "needs": needs, "version": version_of(service)})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "The oldest age must be the same as or more than the youngest")
        if data.get("accepts_introductions") and self.service.organisation_id is None:
            self.add_error(
                "accepts_introductions",
                "Only a service an alliance partner runs can take introductions: someone must answer them",
            )
        if data.get("capacity") and not data.get("capacity_unit"):
            self.add_error("capacity_unit", "Say what the capacity counts")
        if data.get("capacity_unit") and not data.get("capacity"):
            self.add_error("capacity", "Enter the capacity, or choose no capacity set")
        return data


def _attribute(service: Service, definition: taxonomy.TaxonomyDef, code: str) -> Attribute:
    return Attribute(
        # The same id each time, so that removing and adding a need back gives the same attribute.
        id=uuid.uuid5(taxonomy.NAMESPACE, f"attribute/{service.uuid}/{definition.code}/{code}"),
        link_entity=LinkEntity.SERVICE,
        link_id=service.uuid,
        link_type=definition.link_type,
        taxonomy_term_id=definition.term_id(code),
    )


def save(service: Service, data: dict[str, Any], *, by: User) -> DirectoryChange:
    """Save an edit, refusing it if the service changed since the form was opened."""
    with transaction.atomic():
        current = Service.objects.select_for_update().get(pk=service.pk)
        if version_of(current) != (data.get("version") or ""):
            raise ChangedMeanwhile(
                "Someone changed this service after you opened this page. Check it as it is now, then "
                "make your change again."
            )
        for name in EDITED_FIELDS:
            value = data.get(name)
            setattr(current, name, "" if value is None and name not in NUMBERS else value)
        current.last_modified = timezone.now().replace(microsecond=0)
        current.source_digest = ""
        current.save()
        ours = list(taxonomy.NEED_BY_TERM) + list(taxonomy.KIND_BY_TERM)
        Attribute.objects.filter(
            link_entity=LinkEntity.SERVICE, link_id=current.uuid, taxonomy_term_id__in=ours
        ).delete()
        Attribute.objects.bulk_create(
            [_attribute(current, taxonomy.NEEDS, need) for need in data.get("needs", [])]
            + [_attribute(current, taxonomy.SERVICE_KINDS, current.kind)]
        )
        (nested,) = oruk_json.with_everything(Service.objects.filter(pk=current.pk))
        oruk_json.attach_all_attributes([nested])
        change = DirectoryChange.objects.create(
            service=current,
            changed_by=by,
            how=ChangeHow.EDIT,
            document=oruk_json.service_full(nested, staff=True),
        )
    service.refresh_from_db()
    return change


@dataclass(frozen=True)
class HistoryEntry:
    change: DirectoryChange
    # (what, before, after) for each top-level field that differs from the entry before it.
    differences: list[tuple[str, str, str]]


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return f"{len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return str(value)


def differences(changes: list[DirectoryChange]) -> list[HistoryEntry]:
    """Each change (newest first) with what it changed from the one before it."""
    entries = []
    for i, change in enumerate(changes):
        before = changes[i + 1].document if i + 1 < len(changes) else None
        if before is None:
            entries.append(HistoryEntry(change, []))
            continue
        keys = sorted((set(before) | set(change.document)) - {"last_modified"})
        entries.append(
            HistoryEntry(
                change,
                [
                    (key, _shown(before.get(key)), _shown(change.document.get(key)))
                    for key in keys
                    if before.get(key) != change.document.get(key)
                ],
            )
        )
    return entries


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Open Referral UK file (JSON)",
        help_text="A list of services in the Open Referral UK v3.0 format, one service, or a taxonomy",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 20 MB: split it into smaller files")
        return upload
