"""Contact attempts, the conversation, and the decision: introduce on, signpost or close."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from livingwell.access import services
from livingwell.access.codes import CloseReason, ContactOutcome, IntroductionStatus
from livingwell.access.models import RiskLevel
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def _notes(**fields: Any) -> services.ConversationNotes:
    values: dict[str, Any] = {"needs": {"housing": "Rent arrears"}, "strengths": "Sister nearby", "what_matters": "Keeping the flat",
              "risk_summary": "No current risk", "risk_level": RiskLevel.LOW}  # fmt: skip
    values.update(fields)
    return services.ConversationNotes(**values)


@pytest.mark.parametrize(
    "outcome", [ContactOutcome.NO_ANSWER, ContactOutcome.LEFT_MESSAGE, ContactOutcome.WRONG_DETAILS]
)
def test_it_keeps_waiting_for_contact_when_nobody_spoke(hub_worker, outcome):
    introduction = factories.introduction(allocated_to=hub_worker)
    services.record_contact_attempt(
        factories.request_for(hub_worker),
        introduction,
        by=hub_worker,
        at=timezone.now(),
        method="phone",
        outcome=outcome,
        note="",
    )
    assert introduction.status == IntroductionStatus.AWAITING_CONTACT
    assert introduction.contacts.count() == 1


def test_it_starts_the_conversation_when_the_worker_spoke_with_the_person(hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    services.record_contact_attempt(
        factories.request_for(hub_worker),
        introduction,
        by=hub_worker,
        at=timezone.now(),
        method="phone",
        outcome=ContactOutcome.SPOKE,
        note="Talked for 20 min",
    )
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.IN_CONVERSATION
    assert introduction.version == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="access.contactattempt", user=hub_worker
    ).exists()


def test_it_saves_consent_given_in_the_conversation_with_its_date(hub_worker):
    person = factories.person(consent_share_alliance=False, consent_share_alliance_at=None)
    introduction = factories.introduction(person, allocated_to=hub_worker)
    before = timezone.now()
    conversation = services.record_conversation(
        factories.request_for(hub_worker),
        introduction,
        by=hub_worker,
        notes=_notes(consent_share_alliance=True),
    )
    person.refresh_from_db()
    assert person.consent_share_alliance
    assert person.consent_share_alliance_at is not None
    assert person.consent_share_alliance_at >= before
    assert conversation.needs == {"housing": "Rent arrears"}
    assert introduction.status == IntroductionStatus.IN_CONVERSATION
    assert AuditEvent.objects.filter(
        object_type="people.person", detail__consent_share_alliance=True
    ).exists()


def test_it_updates_the_conversation_rather_than_making_a_second(hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    services.record_conversation(factories.request_for(), introduction, by=hub_worker, notes=_notes())
    services.record_conversation(
        factories.request_for(), introduction, by=hub_worker, notes=_notes(strengths="Goes running")
    )
    introduction.refresh_from_db()
    assert introduction.conversation.strengths == "Goes running"


def test_a_decision_read_before_the_conversation_started_is_refused(hub_worker, short_term_support):
    introduction = factories.introduction(allocated_to=hub_worker)
    seen = introduction.version
    services.record_conversation(factories.request_for(), introduction, by=hub_worker, notes=_notes())
    with pytest.raises(services.IntroductionConflict):
        services.signpost(factories.request_for(), introduction, note="Citizens Advice", version=seen)
    services.signpost(
        factories.request_for(), introduction, note="Citizens Advice", version=introduction.version
    )
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.SIGNPOSTED


def test_it_refuses_to_introduce_on_without_consent(hub_worker, short_term_support):
    person = factories.person(consent_share_alliance=False, consent_share_alliance_at=None)
    introduction = factories.introduction(person, allocated_to=hub_worker)
    with pytest.raises(services.DecisionNotAllowed, match="not agreed to share"):
        services.introduce_on(
            factories.request_for(),
            introduction,
            by=hub_worker,
            services=[short_term_support],
            note="",
            version=0,
        )
    assert not ServiceIntroduction.objects.exists()
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.AWAITING_CONTACT


def test_it_refuses_to_introduce_on_to_no_service(hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    with pytest.raises(services.DecisionNotAllowed, match="at least one"):
        services.introduce_on(
            factories.request_for(), introduction, by=hub_worker, services=[], note="", version=0
        )


def test_it_introduces_on_to_each_chosen_service_with_consent(hub_worker, short_term_support):
    peer_support = factories.service(name="Peer support (test)")
    introduction = factories.introduction(allocated_to=hub_worker)
    onward = services.introduce_on(
        factories.request_for(hub_worker),
        introduction,
        by=hub_worker,
        services=[short_term_support, peer_support],
        note="Prefers mornings",
        version=0,
    )
    assert {item.service for item in onward} == {short_term_support, peer_support}
    assert all(
        item.status == ServiceIntroductionStatus.PENDING and item.person == introduction.person
        for item in onward
    )
    assert introduction.status == IntroductionStatus.INTRODUCED_ON
    assert introduction.decided_at is not None
    assert (
        AuditEvent.objects.filter(
            object_type="network.serviceintroduction", action=AuditAction.CREATE
        ).count()
        == 2
    )


def test_it_signposts_and_closes(hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    services.signpost(factories.request_for(), introduction, note="Citizens Advice for debt", version=0)
    assert introduction.status == IntroductionStatus.SIGNPOSTED
    assert introduction.decision_note == "Citizens Advice for debt"
    other = factories.introduction(allocated_to=hub_worker)
    services.close(factories.request_for(), other, reason=CloseReason.NO_CONTACT, note="", version=0)
    assert other.status == IntroductionStatus.CLOSED
    assert other.close_reason == CloseReason.NO_CONTACT


def test_it_refuses_to_close_without_a_known_reason(hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    with pytest.raises(services.DecisionNotAllowed, match="reason"):
        services.close(factories.request_for(), introduction, reason="bored", note="", version=0)


@pytest.mark.parametrize("second", ["signpost", "close", "introduce_on"])
def test_it_refuses_a_second_decision(hub_worker, short_term_support, second):
    introduction = factories.introduction(allocated_to=hub_worker)
    services.signpost(factories.request_for(), introduction, note="Library group", version=0)
    decisions = {
        "signpost": lambda: services.signpost(
            factories.request_for(), introduction, note="Again", version=introduction.version
        ),
        "close": lambda: services.close(
            factories.request_for(),
            introduction,
            reason=CloseReason.OTHER,
            note="",
            version=introduction.version,
        ),
        "introduce_on": lambda: services.introduce_on(
            factories.request_for(),
            introduction,
            by=hub_worker,
            services=[short_term_support],
            note="",
            version=introduction.version,
        ),
    }
    with pytest.raises(services.DecisionNotAllowed, match="already been made"):
        decisions[second]()
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.SIGNPOSTED


def test_it_refuses_a_decision_from_a_stale_page(hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker, version=2)
    with pytest.raises(services.IntroductionConflict):
        services.signpost(factories.request_for(), introduction, note="Library group", version=1)


def test_it_saves_response_standards(hub_lead):
    from livingwell.access.queue import response_hours

    services.set_response_standards(
        factories.request_for(hub_lead), {"crisis": 2, "urgent": 12, "routine": 100}
    )
    assert response_hours() == {"crisis": 2, "urgent": 12, "routine": 100}
