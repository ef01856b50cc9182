"""Single-use links a person answers a questionnaire from, without an account.

A link's token is 256 random bits shown once (in the message) and stored only as its SHA-256:
with that much entropy a fast hash is enough, and a database leak gives no working link. A link
is valid until its questionnaire is sent or it expires (14 days by default,
``OUTCOMES_LINK_DAYS``). Answers are saved one question at a time, so an expired link loses
nothing: the practitioner sends a new link and the person carries on where they stopped.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.lib.env import env_int
from livingwell.lib.link_tokens import hash_token, new_token
from livingwell.outcomes.instruments import MissingAnswerError, get_instrument, score
from livingwell.outcomes.models import (
    ItemAnswer,
    QuestionnaireLink,
    QuestionnaireResponse,
    ResponseSource,
    ResponseStatus,
)
from livingwell.outcomes.services import apply_score
from livingwell.support.models import Episode


def link_lifetime() -> dt.timedelta:
    return dt.timedelta(days=env_int("OUTCOMES_LINK_DAYS", 14))


class LinkState(enum.Enum):
    OPEN = "open"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ResolvedLink:
    state: LinkState
    link: QuestionnaireLink | None = None

    @property
    def response(self) -> QuestionnaireResponse:
        assert self.link is not None
        return self.link.response


def resolve(token: str, *, now: dt.datetime | None = None) -> ResolvedLink:
    """Find the link for ``token`` and say whether it can still be answered."""
    link = (
        QuestionnaireLink.objects.select_related("response__episode__service")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        return ResolvedLink(LinkState.UNKNOWN)
    if link.response.status == ResponseStatus.COMPLETED:
        return ResolvedLink(LinkState.USED, link)
    if link.expires_at <= (now or timezone.now()):
        return ResolvedLink(LinkState.EXPIRED, link)
    return ResolvedLink(LinkState.OPEN, link)


def open_link_questionnaire(
    request: HttpRequest, episode: Episode, *, instrument: str, by: User
) -> QuestionnaireResponse:
    """Return the episode's unfinished link questionnaire for ``instrument``, starting one if none."""
    code = get_instrument(instrument).code
    with transaction.atomic():
        response = (
            QuestionnaireResponse.objects.select_for_update()
            .filter(
                episode=episode,
                instrument=code,
                source=ResponseSource.LINK,
                status=ResponseStatus.IN_PROGRESS,
            )
            .first()
        )
        if response is None:
            response = QuestionnaireResponse.objects.create(
                episode=episode,
                person_id=episode.person_id,
                instrument=code,
                source=ResponseSource.LINK,
                submission_key=f"link-{uuid.uuid4()}",
                created_at=timezone.now(),
                created_by=by,
            )
            record(request, AuditAction.CREATE, response, person_id=episode.person_id, detail={"link": True})
    return response


def issue_link(
    response: QuestionnaireResponse,
    *,
    channel: str,
    by: User | None = None,
    now: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
) -> str:
    """Create a link for the response and return its token (the only time it exists in clear)."""
    when = now or timezone.now()
    token = new_token()
    with transaction.atomic():
        QuestionnaireLink.objects.create(
            response=response,
            token_hash=hash_token(token),
            channel=channel,
            created_at=when,
            expires_at=expires_at or when + link_lifetime(),
            created_by=by,
        )
    return token


def _link_id(resolved: ResolvedLink) -> int | None:
    # The audit names the link by its id: the token is a working link and never stored (the
    # record's path has it replaced too, by audit_path).
    return resolved.link.pk if resolved.link is not None else None


def answered(response: QuestionnaireResponse) -> dict[int, int]:
    """Return the answers saved so far, by item number."""
    return dict(response.answers.values_list("number", "value"))


def save_answer(request: HttpRequest, resolved: ResolvedLink, *, number: int, value: int) -> bool:
    """Save one answer at once; return True when it raises a risk flag (PHQ-9 item 9 above zero)."""
    response = resolved.response
    definition = response.definition
    if (
        not 1 <= number <= definition.item_count
        or not definition.answer_min <= value <= definition.answer_max
    ):
        raise ValueError("That answer is not one of the choices")
    risky = any(risk.number == number and value > risk.raised_above for risk in definition.risk_items)
    with transaction.atomic():
        ItemAnswer.objects.update_or_create(
            response=response, number=number, defaults={"value": value, "answered_at": timezone.now()}
        )
        if risky:
            # Flag at once, not at submission: the person may never press "Send".
            updated = QuestionnaireResponse.objects.filter(
                pk=response.pk, risk_flagged_at__isnull=True
            ).update(risk_flagged_at=timezone.now())
            if updated:
                record(
                    request,
                    AuditAction.UPDATE,
                    response,
                    person_id=response.person_id,
                    detail={"risk": True, "link": _link_id(resolved)},
                )
    return risky


def submit(request: HttpRequest, resolved: ResolvedLink) -> QuestionnaireResponse:
    """Score and complete the response; raise MissingAnswerError naming the unanswered questions."""
    response = resolved.response
    definition = response.definition
    saved = answered(response)
    missing = [n for n in range(1, definition.item_count + 1) if n not in saved]
    if missing:
        raise MissingAnswerError("Answer question " + ", ".join(map(str, missing)) + " before sending")
    result = score(definition.code, [saved[n] for n in range(1, definition.item_count + 1)])
    with transaction.atomic():
        locked = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
        if locked.status == ResponseStatus.COMPLETED:
            return locked
        apply_score(locked, result, at=timezone.now())
        locked.save()
        record(
            request,
            AuditAction.UPDATE,
            locked,
            person_id=locked.person_id,
            detail={"completed": True, "link": _link_id(resolved)},
        )
    return locked
