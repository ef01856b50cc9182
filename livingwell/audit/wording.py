"""Say what an audit event records in plain English, for every page that shows a record's history.

The audit log stores the model label ("network.serviceintroduction") because that is stable and
exact; people reading a history need words ("Viewed the introduction to Short Term Support").
Keep the wording here, in one place, so every page says the same thing. NHS.UK content style:
plain English, no system words (https://service-manual.nhs.uk/content/a-to-z-of-nhs-health-writing).
"""

from __future__ import annotations

from livingwell.audit.models import AuditAction

# What was seen or changed, as a noun phrase. {service} is filled in for an introduction on.
THINGS: dict[str, str] = {
    "access.introduction": "the introduction to the hub",
    "access.contactattempt": "a contact attempt",
    "access.conversation": "the conversation notes",
    "access.submitteddetails": "the details sent with the introduction",
    "network.serviceintroduction": "the introduction to {service}",
    "people.person": "their record",
    "people.possible_matches": "possible matching records",
    "support.episode": "the episode of support",
    "support.session": "a session",
    "outcomes.goal": "a goal",
    "outcomes.questionnaireresponse": "a questionnaire",
    "outcomes.questionnairelink": "a questionnaire link",
}

VERBS: dict[str, str] = {
    AuditAction.VIEW: "Viewed",
    AuditAction.CREATE: "Recorded",
    AuditAction.UPDATE: "Changed",
    AuditAction.MERGE: "Merged in another record into",
    AuditAction.LIST: "Saw in a list",
    AuditAction.REFUSED: "Was refused",
    AuditAction.SIGN_IN: "Signed in",
    AuditAction.SIGN_IN_FAILED: "Failed to sign in",
}

# Where the verb and thing together read badly, the whole sentence.
SENTENCES: dict[tuple[str, str], str] = {
    (AuditAction.CREATE, "access.introduction"): "Recorded the introduction to the hub",
    (AuditAction.CREATE, "network.serviceintroduction"): "Introduced them to {service}",
    (AuditAction.CREATE, "people.person"): "Created their record",
    (AuditAction.CREATE, "support.episode"): "Started an episode of support",
    (AuditAction.MERGE, "people.person"): "Merged another record into theirs",
    (AuditAction.LIST, "people.possible_matches"): "Checked for possible matching records",
}

_FALLBACK_THING = "part of the record"


def describe(action: str, object_type: str, *, service: str = "") -> str:
    """Say in plain English what one audit event records."""
    service = service or "a service"
    sentence = SENTENCES.get((action, object_type))
    if sentence is None:
        verb = VERBS.get(action, "Used")
        sentence = f"{verb} {THINGS.get(object_type, _FALLBACK_THING)}"
    return sentence.format(service=service)
