"""The audit records' hash chain: how a record is appended, and how the chain is checked.

Each record carries ``seq`` (1, 2, 3, ... with no gaps), the previous record's hash and its own:
SHA-256 over a canonical JSON serialisation of its fields and that previous hash. Editing a
record's fields breaks its own hash; deleting one leaves a gap in ``seq`` (or, for the newest, a
chain shorter than its head says); inserting or replacing one breaks the link from the record
after it. ``livingwell audit verify`` walks the chain and names the first such break.

Concurrent writers. On PostgreSQL, an append locks the one chain-head row with
``SELECT ... FOR UPDATE`` inside the writer's own transaction, so two appends can never read the
same previous hash; the lock is held until that transaction commits, which serialises audited
transactions only at their last step. On SQLite ``select_for_update`` does nothing, but every
transaction here begins IMMEDIATE (settings.py), which takes the database's single write lock at
BEGIN, so writers are already serialised and the head read inside the transaction is current.
A sweep sealing batches later would contend less, but would leave the newest records unsealed
and would need commit order, which PostgreSQL ids do not give; at the hub's scale one row lock
is cheap (bench/bench_audit.py measures it).

SHA-256 without a key shows edits by anyone who does not also rewrite every later record and
the head; keep the head hash that ``audit verify`` prints somewhere else (the board pack, a
ticket) to catch even that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from livingwell.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent

HEAD_PK = 1


def canonical(event: Any) -> bytes:
    """Serialise the fields a record's hash covers: the same bytes before the insert and after."""
    at: dt.datetime = event.at
    fields = {
        "seq": event.seq,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "user": event.user_id,
        "action": str(event.action),
        "object_type": event.object_type,
        "object_id": event.object_id,
        "person": event.person_id,
        "ip": event.ip_address or None,
        "path": event.path,
        "detail": event.detail,
        "previous": event.previous_hash,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def record_hash(event: Any) -> str:
    """Return the hash a record should carry, from its fields and the previous record's hash."""
    return hashlib.sha256(canonical(event)).hexdigest()


def _normalise(event: AuditEvent) -> None:
    """Put each field in the form the database will give back, so the hash survives the round trip."""
    if event.at is None:
        event.at = timezone.now()
    ip_field = AuditEvent._meta.get_field("ip_address")
    event.ip_address = ip_field.get_prep_value(event.ip_address) or None
    event.object_id = str(event.object_id)
    event.path = (event.path or "")[:300]
    # Through JSON and back: tuples become lists, keys become strings, as a JSON column returns them.
    event.detail = json.loads(json.dumps(event.detail or {}))


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is not None:
        return head
    # No head yet (a flushed test database): start it from the newest record, if there is one.
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, digest = last if last is not None else (0, GENESIS_HASH)
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(pk=HEAD_PK, seq=seq, hash=digest)
    except IntegrityError:
        pass  # another writer created it first; lock theirs
    return AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)


def append_many(events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """Seal the records in order onto the end of the chain and insert them, in one transaction."""
    events = list(events)
    if not events:
        return events
    with transaction.atomic():
        head = _locked_head()
        seq, previous = head.seq, head.hash
        for event in events:
            _normalise(event)
            seq += 1
            event.seq = seq
            event.previous_hash = previous
            event.hash = previous = record_hash(event)
        if len(events) == 1:
            events[0].save(force_insert=True)  # hash set, so the model inserts it as it is
        else:
            # The plain queryset's bulk_create, not the manager's (which would come back here).
            AuditEvent.objects.get_queryset().bulk_create(events)
        AuditChainHead.objects.filter(pk=HEAD_PK).update(seq=seq, hash=previous)
    return events


@dataclass(frozen=True)
class Verification:
    checked: int
    head_seq: int
    head_hash: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


_FIELDS = [
    "id", "seq", "at", "user_id", "action", "object_type", "object_id", "person_id",
    "ip_address", "path", "detail", "previous_hash", "hash",
]  # fmt: skip


def verify(*, chunk_size: int = 2000) -> Verification:
    """Walk the chain in order and describe the first edited, inserted or deleted record."""
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    expected, previous, checked = 1, GENESIS_HASH, 0

    def broken(problem: str) -> Verification:
        return Verification(checked, head_seq, head_hash, problem)

    for event in AuditEvent.objects.only(*_FIELDS).order_by("seq").iterator(chunk_size=chunk_size):
        where = f"record {event.seq} (id {event.pk})"
        if event.seq != expected:
            missing = f"{expected}" if event.seq == expected + 1 else f"{expected} to {event.seq - 1}"
            return broken(f"record {missing} is missing before {where}: deleted")
        if record_hash(event) != event.hash:
            return broken(f"{where} was edited: its hash does not match its fields")
        if event.previous_hash != previous:
            return broken(
                f"{where} does not follow record {event.seq - 1}: that one was replaced, or records were "
                "inserted or deleted and the chain rewritten"
            )
        previous, expected, checked = event.hash, expected + 1, checked + 1
    if checked != head_seq:
        return broken(
            f"the chain ends at record {checked} but its head says {head_seq}: the newest were deleted"
        )
    if previous != head_hash:
        return broken(f"record {checked}, the newest, was replaced: it does not match the chain's head")
    return Verification(checked, head_seq, head_hash)
