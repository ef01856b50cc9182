"""People who came back to the hub: every service it introduced them to has declined.

A decline is never a dead end. The hub's introduction stays "introduced on" (the extract and the
measures count the decision it made) until the hub decides again; while no service it chose is
still waiting or has accepted, and at least one declined, the person has come back: the queue lists
them first, and the hub may introduce them on again, signpost or close.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Introduction
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus

LIVE = (ServiceIntroductionStatus.PENDING, ServiceIntroductionStatus.ACCEPTED)


def came_back(introductions: QuerySet[Introduction] | None = None) -> QuerySet[Introduction]:
    """The introductions whose people came back: introduced on, every service declined."""
    introductions = introductions if introductions is not None else Introduction.objects.all()
    live = ServiceIntroduction.objects.filter(introduction=OuterRef("pk"), status__in=LIVE)
    declined = ServiceIntroduction.objects.filter(
        introduction=OuterRef("pk"), status=ServiceIntroductionStatus.DECLINED
    )
    return introductions.filter(status=IntroductionStatus.INTRODUCED_ON).filter(
        ~Exists(live), Exists(declined)
    )


def has_come_back(introduction: Introduction) -> bool:
    return came_back(Introduction.objects.filter(pk=introduction.pk)).exists()
