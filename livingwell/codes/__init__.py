"""Coded values more than one app records, kept below all of them.

An introduction to the hub (access) and an introduction straight to a service (network) both say
where the person came from, so `Source` lives here rather than in either app; `Urgency` is the
hub's, but the extract, the pathway model and the dashboards read it too; `LifeArea` is what a
person names at the front door and what the directory's needs taxonomy matches services by.
"""

from livingwell.codes.life_area import LifeArea
from livingwell.codes.mhsds import EmploymentStatus, SettledAccommodation
from livingwell.codes.source import Source
from livingwell.codes.urgency import Urgency

__all__ = ["EmploymentStatus", "LifeArea", "SettledAccommodation", "Source", "Urgency"]
