"""Plain names for the model's services, as every pathway page writes them."""

from __future__ import annotations


def service_name(service: str) -> str:
    """Write a scenario's service key ("crisis_outreach") as people read it ("Crisis outreach")."""
    return service.replace("_", " ").capitalize()
