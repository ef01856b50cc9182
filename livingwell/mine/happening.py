"""What is happening with a person's support, in words they would use: one line per introduction.

The steps are the network's (network.loop.step_of: the one home for where an introduction
stands); this module only says them to the person ("Short Term Support will call you by Friday
4 December"), with what happens next and whom to call. Hub-only words (decline codes, notes
between services) never reach this page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from livingwell.access.codes import OPEN_STATUSES
from livingwell.access.models import Introduction
from livingwell.access.waiting import response_hours
from livingwell.lib.contact_details import display_phone
from livingwell.network import loop
from livingwell.network.models import Phone, ServiceIntroduction
from livingwell.people.models import Person
from livingwell.support.models import Session, SessionAttendance


@dataclass(frozen=True)
class Happening:
    title: str  # the service, or "The Living Well team"
    now: str  # where it stands
    next: str  # what happens next
    phone: str  # whom to call about it, as people dial it ("" when none is listed)


def _day(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%A %-d %B")


def _hub_line(introduction: Introduction, hours: dict[str, int], hub_phone: str) -> Happening:
    due = introduction.received_at + dt.timedelta(hours=hours.get(introduction.urgency, 72))
    return Happening(
        "The Living Well team",
        f"We got your request on {_day(introduction.received_at)}.",
        f"Someone from the team will call you by {_day(due)}."
        if due > timezone.now()
        else "Someone from the team will call you soon.",
        hub_phone,
    )


def _service_line(item: ServiceIntroduction, hub_phone: str) -> Happening:
    service = item.service
    phones = list(service.phones.all())
    phone = display_phone(phones[0].number) if phones else hub_phone
    step = loop.step_of(item)
    name = service.name
    if step.code == "waiting":
        when = f"by {_day(step.due_at)}" if step.due_at and not step.overdue else "soon"
        return Happening(
            name, f"We have asked {name} to help you.", f"They will tell us {when} if they can.", phone
        )
    if step.code == "declined":
        return Happening(
            name,
            f"{name} cannot help you this time.",
            "The Living Well team will talk to you about what to do next.",
            hub_phone,
        )
    if step.code == "accepted":
        if item.first_appointment_at and item.first_appointment_at > timezone.now():
            nxt = f"Your first appointment is on {_day(item.first_appointment_at)}."
        elif step.due_at and not step.overdue:
            nxt = f"They will get in touch with you by {_day(step.due_at)}."
        else:
            nxt = "They will get in touch with you soon. You can call them if you have not heard."
        return Happening(name, f"{name} can help you.", nxt, phone)
    if step.code == "seen":
        return Happening(
            name, f"{name} is supporting you.", "Ask them if you have a question about your support.", phone
        )
    return Happening(
        name, f"Your support from {name} has ended.", "You can ask for help again at any time.", hub_phone
    )


def happening_for(person: Person, *, hub_phone: str = "") -> list[Happening]:
    """One line for each open request to the hub and each introduction to a service, newest first."""
    hours = response_hours()
    lines = [
        _hub_line(introduction, hours, hub_phone)
        for introduction in person.introductions.filter(status__in=OPEN_STATUSES).order_by("-received_at")
    ]
    items = loop.with_steps(person.service_introductions.order_by("-made_at")).prefetch_related(
        Prefetch("service__phones", queryset=Phone.objects.order_by("number"))
    )
    lines.extend(_service_line(item, hub_phone) for item in items)
    return lines


@dataclass(frozen=True)
class SessionLine:
    at: dt.datetime
    service: str
    attended: str  # in plain words


_ATTENDED: dict[str, str] = {
    SessionAttendance.ATTENDED: "You came",
    SessionAttendance.DID_NOT_ATTEND: "You did not come",
    SessionAttendance.CANCELLED: "It was called off",
}


def sessions_for(person: Person, *, most: int = 20) -> list[SessionLine]:
    """The person's sessions, newest first: when, with which service, and whether they came."""
    sessions = (
        Session.objects.filter(episode__person=person)
        .select_related("episode__service")
        .order_by("-at")[:most]
    )
    return [
        SessionLine(
            session.at,
            session.episode.service.name,
            _ATTENDED.get(session.attendance, ""),
        )
        for session in sessions
    ]
