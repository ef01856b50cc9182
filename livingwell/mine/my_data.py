"""Everything held about a person, for them to download (JSON) or read and print, and who has looked.

The right of access (UK GDPR Article 15) gives a person a copy of their data. This is the copy
they can take at once, themselves. Free-text notes staff wrote to each other (conversation notes,
contact attempt notes, the hub's decision notes, what one service told another) are listed as
held but not shown: before they are released a professional checks them for anything that could
cause serious harm or names someone else (Data Protection Act 2018, Schedule 3 Part 2
paragraph 5, and Schedule 2 Part 3 paragraph 16), so the person asks the hub for them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.mine.models import CorrectionRequest, PersonComment
from livingwell.outcomes.models import Goal, QuestionnaireResponse, ResponseStatus
from livingwell.people.history import describe_events
from livingwell.people.models import Person
from livingwell.support.models import Episode, Session, SupportPlan

WITHHELD = [
    "Notes the hub wrote after talking with you",
    "Notes about calls and messages to you",
    "Notes one service wrote to another about you",
]


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person(person: Person) -> dict[str, Any]:
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "previous_family_names": person.previous_family_names,
        "date_of_birth": _when(person.date_of_birth),
        "nhs_number": person.nhs_number,
        "postcode": person.postcode,
        "email": person.email,
        "phone": person.phone,
        "preferred_contact": person.get_preferred_contact_display(),
        "contact_times": person.contact_times,
        "language": person.language,
        "interpreter_needed": person.interpreter_needed,
        "sex": person.get_sex_display(),
        "ethnicity": person.get_ethnicity_display(),
        "agrees_to_share_with_partners": person.consent_share_alliance,
        "agrees_to_share_with_partners_answered": _when(person.consent_share_alliance_at),
        "agrees_to_share_with_gp": person.consent_share_gp,
        "agrees_to_share_with_gp_answered": _when(person.consent_share_gp_at),
        "left_out_of_planning_data": person.extract_opt_out,
        "record_created": _when(person.created_at),
    }


def everything(person: Person) -> dict[str, Any]:
    """All the person's data, as plain values with plain names, in a fixed number of queries."""
    episodes = list(Episode.objects.filter(person=person).select_related("service").order_by("accepted_at"))
    sessions = (
        Session.objects.filter(episode__person=person).select_related("episode__service").order_by("at")
    )
    plan = SupportPlan.objects.filter(person=person).prefetch_related("network", "actions").first()
    return {
        "about_you": _person(person),
        "requests_for_help": [
            {
                "reference": item.reference,
                "received": _when(item.received_at),
                "source": item.get_source_display(),
                "in_your_words": item.whats_going_on,
                "parts_of_life": item.life_areas,
                "where_it_stands": item.get_status_display(),
            }
            for item in person.introductions.order_by("received_at")
        ],
        "introductions_to_services": [
            {
                "service": item.service.name,
                "made": _when(item.made_at),
                "answer": item.get_status_display(),
                "answered": _when(item.responded_at),
                "first_appointment": _when(item.first_appointment_at),
            }
            for item in person.service_introductions.select_related("service").order_by("made_at")
        ],
        "support": [
            {
                "service": episode.service.name,
                "started": _when(episode.accepted_at),
                "ended": _when(episode.discharged_at),
                "why_it_ended": episode.get_discharge_reason_display(),
            }
            for episode in episodes
        ],
        "sessions": [
            {
                "when": _when(session.at),
                "service": session.episode.service.name,
                "kind": session.get_kind_display(),
                "attendance": session.get_attendance_display(),
            }
            for session in sessions
        ],
        "questionnaires": [
            {
                "questionnaire": response.instrument,
                "completed": _when(response.completed_at),
                "score": response.total,
                "band": response.band,
            }
            for response in QuestionnaireResponse.objects.filter(
                person=person, status=ResponseStatus.COMPLETED
            ).order_by("completed_at")
        ],
        "goals": [
            {
                "goal": goal.description,
                "about": goal.get_big_outcome_display(),
                "set": _when(goal.created_at),
                "achieved": _when(goal.achieved_at),
            }
            for goal in Goal.objects.filter(person=person)
        ],
        "support_plan": None
        if plan is None
        else {
            "what_matters": plan.what_matters,
            "strengths": plan.strengths,
            "support_network": [
                {"name": member.name, "relationship": member.get_relationship_display()}
                for member in plan.network.all()
            ],
            "actions": [
                {"action": action.description, "by": _when(action.due_on), "done": _when(action.done_at)}
                for action in plan.actions.all()
            ],
        },
        "your_comments": [
            {"written": _when(comment.written_at), "text": comment.text}
            for comment in PersonComment.objects.filter(person=person)
        ],
        "corrections_you_asked_for": [
            {
                "asked": _when(item.asked_at),
                "what": item.what,
                "status": item.get_status_display(),
                "reply": item.reply,
            }
            for item in CorrectionRequest.objects.filter(person=person)
        ],
        "held_but_not_shown_here": WITHHELD,
    }


def looks(person: Person) -> QuerySet[AuditEvent]:
    """Staff who looked at or changed the person's record, newest first (the person's own doings left out)."""
    return (
        AuditEvent.objects.filter(person=person, user__isnull=False)
        .exclude(action__in=[AuditAction.SIGN_IN, AuditAction.SIGN_IN_FAILED])
        .select_related("user")
        .prefetch_related("user__memberships__organisation")
    )


def who_looked(person: Person, *, most: int = 200) -> list[dict[str, Any]]:
    """Each look as the person reads it: when, who, from which organisation, and what."""
    rows = []
    for event, words in describe_events(looks(person)[:most]):
        user = event.user
        organisations = sorted({m.organisation.name for m in user.memberships.all()}) if user else []
        rows.append(
            {
                "at": event.at,
                "who": (user.get_full_name() or user.username) if user else "",
                "organisation": ", ".join(organisations),
                "what": words.replace("their record", "your record")
                .replace("them", "you")
                .replace("their", "your"),
            }
        )
    return rows
