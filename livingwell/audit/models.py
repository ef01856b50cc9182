"""Who saw or changed what, when, from where, and why."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

# The hash a chain starts from: there is no record before the first.
GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    MERGE = "merge", "Merged"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    # A page listing people: one record per page view naming everyone shown (detail["people"]).
    LIST = "list", "Listed"
    # A signed-in user was refused a page (403) or asked for something they may not know exists (404).
    REFUSED = "refused", "Refused"


class AuditEventManager(models.Manager["AuditEvent"]):
    """Every way of adding records goes through the chain, so no caller can write an unchained one."""

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[AuditEvent]:
        from livingwell.audit.chain import append_many

        return append_many(list(objs))


class AuditEvent(models.Model):
    # A default, not auto_now_add: the time is part of the hash, so it is fixed before the insert.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Null for the public (a person introducing themselves) and for failed sign-ins.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50, blank=True)
    # Set whenever the event concerns a person, so their page can show who has looked.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # The chain (livingwell/audit/chain.py): seq counts records from 1 with no gaps, and hash is
    # SHA-256 over this record's fields and the previous record's hash, so an edited, inserted or
    # deleted record breaks the chain at that point (`livingwell audit verify`).
    seq = models.PositiveBigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"], name="audit_person_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append a new record to the chain; a record once written is never changed."""
        if not self._state.adding:
            raise ValueError("Audit records are never changed")
        if self.hash:  # sealed by the chain, which calls save once more to insert it
            super().save(*args, **kwargs)
            return
        from livingwell.audit.chain import append_many

        append_many([self])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        """Refuse: an audit record is never deleted."""
        raise ValueError("Audit records are never deleted")


class AuditChainHead(models.Model):
    """The one row naming the chain's last record: locked while a record is appended.

    On PostgreSQL each append takes this row `SELECT ... FOR UPDATE` inside the writer's
    transaction, so appends are serialised and each sees the true previous hash. It also lets
    `audit verify` notice the newest records being deleted (nothing after them would break).
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit chain head at {self.seq}"
