"""The audit records' hash chain: every append sealed in order, and any edit, insertion or deletion found."""

from __future__ import annotations

import itertools
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from livingwell.audit import chain
from livingwell.audit.models import GENESIS_HASH, AuditAction, AuditChainHead, AuditEvent
from livingwell.audit.services import record
from livingwell.testing import factories


def _append(n: int, request=None) -> list[AuditEvent]:
    organisation = factories.organisation(name=f"Org {AuditEvent.objects.count()}")
    return [
        record(request, AuditAction.VIEW, organisation, detail={"n": i, "note": "café", "tuple": (1, 2)})
        for i in range(n)
    ]


def _problem() -> str:
    result = chain.verify()
    assert not result.ok
    return result.problem


@pytest.mark.django_db
def test_a_clean_chain_verifies_and_each_record_follows_the_one_before():
    events = _append(5, factories.request_for(address="2001:DB8::1"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].previous_hash == GENESIS_HASH
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(events))
    result = chain.verify()
    assert result.ok, result.problem
    assert (result.checked, result.head_seq, result.head_hash) == (5, 5, events[-1].hash)


@pytest.mark.django_db
def test_an_edited_field_is_found(capsys):
    events = _append(4)
    AuditEvent.objects.filter(pk=events[2].pk).update(object_id="999")
    assert _problem().startswith(f"record 3 (id {events[2].pk}) was edited")
    with pytest.raises(CommandError, match=r"record 3 .* was edited"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_an_edit_with_its_hash_recomputed_is_found_at_the_next_record():
    events = _append(4)
    edited = AuditEvent.objects.get(pk=events[1].pk)
    edited.detail = {"n": 1, "note": "nothing to see"}
    new_hash = chain.record_hash(edited)
    AuditEvent.objects.filter(pk=edited.pk).update(detail=edited.detail, hash=new_hash)
    assert _problem().startswith("record 3 ")
    assert "does not follow record 2" in _problem()


@pytest.mark.django_db
def test_a_deleted_middle_record_is_found():
    events = _append(5)
    AuditEvent.objects.filter(pk=events[2].pk).delete()  # the queryset, as someone at the database would
    assert _problem() == f"record 3 is missing before record 4 (id {events[3].pk}): deleted"


@pytest.mark.django_db
def test_the_newest_records_deleted_are_found_by_the_head():
    events = _append(5)
    AuditEvent.objects.filter(pk__in=[events[3].pk, events[4].pk]).delete()
    assert "the chain ends at record 3 but its head says 5" in _problem()


@pytest.mark.django_db
def test_an_inserted_record_is_found():
    events = _append(3)
    forged = AuditEvent(
        action=AuditAction.VIEW, object_type="people.person", object_id="1", path="/", at=events[1].at
    )
    # Squeeze it in at 2 by moving the later ones up, as an editor with database access might.
    for event in reversed(events[1:]):
        AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq + 1)
    forged.seq, forged.previous_hash = 2, events[0].hash
    forged.hash = chain.record_hash(forged)
    AuditEvent.objects.get_queryset().bulk_create([forged])
    assert _problem().startswith("record 3 ")
    assert "was edited" in _problem()  # a moved record's seq is in its hash


@pytest.mark.django_db
def test_records_are_never_changed_or_deleted_through_the_model():
    event = _append(1)[0]
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="never deleted"):
        event.delete()


@pytest.mark.django_db
def test_bulk_create_is_chained_too(client):
    organisation = factories.organisation()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=AuditAction.VIEW, object_type="accounts.organisation", object_id=str(organisation.pk)
        )
        for _ in range(3)
    )
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    assert chain.verify().ok


@pytest.mark.django_db
def test_the_command_reports_a_clean_chain_and_its_head(capsys):
    events = _append(2)
    call_command("audit", "verify")
    assert f"Audit chain intact: 2 records; head 2 {events[-1].hash}" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_lost_head_row_is_rebuilt_from_the_newest_record():
    _append(2)
    AuditChainHead.objects.all().delete()
    _append(1)
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_valid_chain():
    """Threads on PostgreSQL (each its own connection); on SQLite, where one writer holds the lock, in turn."""
    organisation = factories.organisation()
    writers, each = 6, 15
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for i in range(each):
                record(None, AuditAction.VIEW, organisation, detail={"i": i})
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=write) for _ in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for _ in range(writers):
            write()
    assert not errors, errors
    result = chain.verify()
    assert result.ok, result.problem
    assert result.checked == writers * each
