"""Every write the API makes: tokens issued and revoked, and idempotency records kept and swept."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import Organisation, User
from livingwell.api import limits
from livingwell.api.models import ApiToken, IdempotencyRecord
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record

TOKEN_PREFIX = "lw_"  # noqa: S105 - marks our tokens in logs and secret scanners; not a secret
# last_used_at is written at most this often per token, so a busy client does not write on every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(
    request: HttpRequest | None, *, organisation: Organisation, name: str, by: User
) -> tuple[ApiToken, str]:
    """Create a token for an organisation; return it and the secret, which is never shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation,
            name=name,
            prefix=raw[:12],
            hashed=hash_token(raw),
            created_by=by,
            created_at=timezone.now(),
        )
        record(
            request,
            AuditAction.CREATE,
            token,
            detail={"organisation": organisation.pk, "prefix": token.prefix},
        )
    return token, raw


def revoke_token(request: HttpRequest | None, token: ApiToken) -> None:
    """Stop a token working from now on (idempotent: revoking twice keeps the first time)."""
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token.refresh_from_db()
        if updated:
            record(request, AuditAction.UPDATE, token, detail={"revoked": True})


def authenticate(raw: str) -> ApiToken | None:
    """Return the active token with this secret, noting when it was used; None if unknown or revoked."""
    try:
        hashed = hash_token(raw)
    except UnicodeError:
        return None
    token = (
        ApiToken.objects.select_related("organisation").filter(hashed=hashed, revoked_at__isnull=True).first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def sweep_idempotency_records(now: dt.datetime | None = None) -> int:
    """Delete idempotency records older than the window; return how many went (safe to rerun)."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=limits.idempotency_hours())
    with transaction.atomic():
        deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
