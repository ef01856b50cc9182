"""The network's models: the directory of services (Open Referral UK) and introductions to them."""

from livingwell.network.models.directory import (
    Address,
    Attribute,
    CapacityUnit,
    Contact,
    CostOption,
    Language,
    LinkEntity,
    Location,
    LocationType,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from livingwell.network.models.history import ChangeHow, DirectoryChange
from livingwell.network.models.introductions import (
    DeclineReason,
    ServiceIntroduction,
    ServiceIntroductionStatus,
)
from livingwell.network.models.kinds import EARLY_HELP_KINDS, ServiceKind

__all__ = [
    "EARLY_HELP_KINDS",
    "Address",
    "Attribute",
    "CapacityUnit",
    "ChangeHow",
    "Contact",
    "CostOption",
    "DeclineReason",
    "DirectoryChange",
    "Language",
    "LinkEntity",
    "Location",
    "LocationType",
    "Phone",
    "Provider",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceIntroduction",
    "ServiceIntroductionStatus",
    "ServiceKind",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
]
