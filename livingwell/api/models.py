"""API tokens (one organisation's key to the API) and idempotency records (one per key per token)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A secret a partner's system sends as `Authorization: Bearer <token>`; stored only as a hash."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="Which system uses it, e.g. 'EMIS at Stockwell'")
    # The first characters, kept in clear so an administrator can tell tokens apart.
    prefix = models.CharField(max_length=16, unique=True)
    # SHA-256 of the whole token: the token is 256 random bits, so a slow password hash adds nothing.
    hashed = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The first response to a create, kept so a retry with the same key gets the same answer."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="idempotency_records")
    key = models.CharField(max_length=255)
    # SHA-256 of the request body as validated, in a canonical form (key order, whitespace ignored).
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    introduction = models.ForeignKey(
        "access.Introduction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="unique_idempotency_key_per_token")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.token.prefix}…)"
