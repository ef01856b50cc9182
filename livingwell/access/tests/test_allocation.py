"""Taking an introduction: optimistic locking so two workers can never both take it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from livingwell.access import services
from livingwell.access.models import Introduction
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.testing import factories


@pytest.mark.django_db
def test_it_allocates_to_the_worker_and_bumps_the_version(hub_worker):
    introduction = factories.introduction()
    services.allocate(factories.request_for(hub_worker), introduction, to=hub_worker, version=0)
    introduction.refresh_from_db()
    assert introduction.allocated_to == hub_worker
    assert introduction.version == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(introduction.pk), user=hub_worker
    ).exists()


@pytest.mark.django_db
def test_it_refuses_the_second_of_two_workers_who_loaded_the_same_version(hub_worker, other_hub_worker):
    introduction = factories.introduction()
    seen_by_first = Introduction.objects.get(pk=introduction.pk)
    seen_by_second = Introduction.objects.get(pk=introduction.pk)
    services.allocate(
        factories.request_for(hub_worker), seen_by_first, to=hub_worker, version=seen_by_first.version
    )
    with pytest.raises(services.IntroductionConflict):
        services.allocate(
            factories.request_for(other_hub_worker),
            seen_by_second,
            to=other_hub_worker,
            version=seen_by_second.version,
        )
    introduction.refresh_from_db()
    assert introduction.allocated_to == hub_worker


@pytest.mark.django_db
def test_it_refuses_to_allocate_what_is_already_allocated_even_at_the_current_version(
    hub_worker, other_hub_worker
):
    introduction = factories.introduction(allocated_to=hub_worker)
    with pytest.raises(services.IntroductionConflict):
        services.allocate(
            factories.request_for(other_hub_worker),
            introduction,
            to=other_hub_worker,
            version=introduction.version,
        )


@pytest.mark.django_db
def test_it_reallocates_and_returns_to_the_queue(hub_lead, hub_worker, other_hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    services.reallocate(factories.request_for(hub_lead), introduction, to=other_hub_worker, version=0)
    assert introduction.allocated_to == other_hub_worker
    services.reallocate(factories.request_for(hub_lead), introduction, to=None, version=1)
    assert introduction.allocated_to is None
    assert introduction.version == 2


@pytest.mark.django_db
def test_it_refuses_a_reallocation_from_a_stale_page(hub_lead, other_hub_worker):
    introduction = factories.introduction(version=3)
    with pytest.raises(services.IntroductionConflict):
        services.reallocate(factories.request_for(hub_lead), introduction, to=other_hub_worker, version=2)


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_concurrent_takers_win(hub_worker, other_hub_worker):
    """Two threads, two database connections, both holding version 0 (the real race)."""
    if connection.vendor != "postgresql":
        # SQLite's shared in-memory test database answers "table is locked" rather than waiting.
        pytest.skip("a real race needs PostgreSQL: set DATABASE_URL=postgres://...")
    introduction = factories.introduction()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def take(worker):
        try:
            mine = Introduction.objects.get(pk=introduction.pk)
            barrier.wait(timeout=10)
            services.allocate(factories.request_for(worker), mine, to=worker, version=0)
            outcomes[worker.username] = "won"
        except services.IntroductionConflict:
            outcomes[worker.username] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(w,)) for w in (hub_worker, other_hub_worker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes.values()) == ["conflict", "won"]
    introduction.refresh_from_db()
    assert introduction.version == 1
    assert introduction.allocated_to is not None
    assert introduction.allocated_to.username == next(
        name for name, outcome in outcomes.items() if outcome == "won"
    )
