"""The directory's own taxonomies: the needs a service meets and the kind of service it is.

Open Referral UK classifies a service by `attribute`s that point at taxonomy terms. Two taxonomies
are ours, and their ids are fixed (UUID 5 of the term's code) so that every deployment, every export
and every import agree on them:
- needs: the front door's life areas (`livingwell.codes.LifeArea`), so that the needs a person names
  in a conversation suggest the services that meet them;
- service kinds: `ServiceKind`, the alliance's tiers and offers (staying well, Short Term Support, …).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from livingwell.codes import LifeArea
from livingwell.network.models import ServiceKind, Taxonomy, TaxonomyTerm

# The namespace every fixed id here is made in (uuid5 of the project's URL namespace and its name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://livingwell.example/directory")

NEEDS_LINK_TYPE = "need"
KIND_LINK_TYPE = "service_kind"


@dataclass(frozen=True)
class TaxonomyDef:
    code: str
    name: str
    description: str
    link_type: str

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"taxonomy/{self.code}")

    def term_id(self, term_code: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"taxonomy/{self.code}/{term_code}")


NEEDS = TaxonomyDef(
    code="livingwell-needs",
    name="Living Well needs",
    description="The areas of life a person can ask for help with at the Living Well front door.",
    link_type=NEEDS_LINK_TYPE,
)
SERVICE_KINDS = TaxonomyDef(
    code="livingwell-service-kinds",
    name="Living Well service kinds",
    description="The kinds of support in the Living Well network, from staying well to specialist care.",
    link_type=KIND_LINK_TYPE,
)


KIND_DESCRIPTIONS = {
    ServiceKind.STAYING_WELL: "Community groups, advice and activities that help people stay well.",
    ServiceKind.SHORT_TERM_SUPPORT: "A few weeks of practical and emotional support from a support worker.",
    ServiceKind.FOCUSED_SUPPORT: "Longer, joined-up support from a Living Well Centre team.",
    ServiceKind.TALKING_THERAPIES: "Psychological therapies for common problems such as low mood and anxiety.",
    ServiceKind.PEER_SUPPORT: "Support from people with their own experience of mental health problems.",
    ServiceKind.TIMEBANK: "Swapping time and skills with neighbours: an hour given is an hour received.",
    ServiceKind.CRISIS_OUTREACH: "Urgent help for people in a mental health crisis.",
    ServiceKind.SPECIALIST_CARE: "Specialist mental health care from a community team.",
}


def need_terms() -> list[tuple[uuid.UUID, str, str, str]]:
    """(id, code, name, description) of each needs term, in the front door's order."""
    return [
        (NEEDS.term_id(area.value), area.value, str(area.label), f"Help with {str(area.label).lower()}.")
        for area in LifeArea
    ]


def kind_terms() -> list[tuple[uuid.UUID, str, str, str]]:
    """(id, code, name, description) of each service kind term."""
    return [
        (SERVICE_KINDS.term_id(kind.value), kind.value, str(kind.label), KIND_DESCRIPTIONS[kind])
        for kind in ServiceKind
    ]


KIND_BY_TERM: dict[uuid.UUID, str] = {term_id: code for term_id, code, _, _ in kind_terms()}
NEED_BY_TERM: dict[uuid.UUID, str] = {term_id: code for term_id, code, _, _ in need_terms()}
OURS = {NEEDS.code: (NEEDS, need_terms), SERVICE_KINDS.code: (SERVICE_KINDS, kind_terms)}


def term_document(definition: TaxonomyDef, code: str) -> dict[str, Any]:
    """One of our terms as Open Referral UK JSON: what the directory exports for it."""
    for term_id, term_code, name, description in OURS[definition.code][1]():
        if term_code == code:
            return {
                "id": str(term_id),
                "name": name,
                "description": description,
                "taxonomy": definition.name,
                "taxonomy_id": str(definition.id),
                "term": code,
            }
    raise KeyError(code)


def ensure_taxonomies() -> None:
    """Create or refresh our two taxonomies and their terms (idempotent: fixed ids)."""
    for definition, terms in ((NEEDS, need_terms()), (SERVICE_KINDS, kind_terms())):
        # Our terms are ours: an imported file's copy of them never overwrites them.
        Taxonomy.objects.update_or_create(
            id=definition.id, defaults={"name": definition.name, "description": definition.description}
        )
        TaxonomyTerm.objects.bulk_create(
            [
                TaxonomyTerm(
                    id=term_id,
                    name=name,
                    description=description,
                    taxonomy_id=definition.id,
                    taxonomy_name=definition.name,
                    term=code,
                )
                for term_id, code, name, description in terms
            ],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["name", "description", "taxonomy", "taxonomy_name", "term"],
        )
