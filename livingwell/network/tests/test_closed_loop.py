"""Introductions followed until they end: declines come back to the hub, stalls are flagged, the
referrer hears back, crisis first in a service's inbox, tell it once, partner to partner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from livingwell import notify
from livingwell.access import services as access_services
from livingwell.access.came_back import came_back, has_come_back
from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Conversation, RiskLevel
from livingwell.access.referrer_rules import history_for_referrer, status_for_referrer, with_status_data
from livingwell.accounts.models import Role
from livingwell.codes import Urgency
from livingwell.network import loop, services
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus
from livingwell.support import services as support_services
from livingwell.support.models import Session, SessionAttendance
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_service(charity):
    return factories.service(charity, name="Housing advice (test)", response_standard_hours=48)


@pytest.fixture
def introduced(hub_worker, short_term_support):
    introduction = factories.introduction(allocated_to=hub_worker, status=IntroductionStatus.INTRODUCED_ON)
    item = factories.service_introduction(introduction, short_term_support, made_by=hub_worker)
    return introduction, item


def test_a_decline_sends_the_person_back_and_the_hub_decides_again(
    client, introduced, practitioner, hub_worker, second_service, short_term_support
):
    introduction, item = introduced
    assert not has_come_back(introduction)
    services.decline(
        factories.request_for(practitioner), item, by=practitioner, code="no_capacity", note="Full"
    )
    assert has_come_back(introduction)
    client.force_login(hub_worker)
    queue = client.get(reverse("access:queue")).content.decode()
    assert "Came back from a service" in queue
    assert introduction.reference in queue
    page = client.get(reverse("access:introduction", args=[introduction.reference])).content.decode()
    assert "Decide again" in page
    assert "Back with the hub: every service it was introduced to declined" in page
    assert "Declined by Short Term Support (test)" in page
    assert "Introduced on" not in page.split("Introduced on to")[-1].split("Timeline")[0].replace(
        "Introduced on to", ""
    )
    # The service that declined is not offered again; another is.
    form = client.get(reverse("access:decision", args=[introduction.reference])).content.decode()
    assert second_service.name in form
    assert f'value="{short_term_support.pk}"' not in form
    introduction.refresh_from_db()
    with pytest.raises(access_services.DecisionNotAllowed, match="already been to"):
        access_services.introduce_on(
            factories.request_for(hub_worker),
            introduction,
            by=hub_worker,
            services=[short_term_support],
            note="",
            version=introduction.version,
        )
    access_services.introduce_on(
        factories.request_for(hub_worker),
        introduction,
        by=hub_worker,
        services=[second_service],
        note="Housing first",
        version=introduction.version,
    )
    assert not has_come_back(introduction)
    assert introduction.onward.count() == 2


def test_a_decision_cannot_be_changed_while_a_service_has_it(introduced, hub_worker):
    introduction, _ = introduced
    with pytest.raises(access_services.DecisionNotAllowed, match="already been made"):
        access_services.signpost(
            factories.request_for(hub_worker), introduction, note="Elsewhere", version=introduction.version
        )


def test_every_step_and_its_standard(introduced, practitioner, short_term_support):
    _, item = introduced
    now = timezone.now()
    short_term_support.response_standard_hours = 48
    short_term_support.first_contact_standard_days = 14
    short_term_support.save()
    item.made_at = now - dt.timedelta(hours=47)
    item.save()
    step = loop.step_of(item, now=now)
    assert (step.code, step.overdue) == ("waiting", False)
    assert loop.step_of(item, now=now + dt.timedelta(hours=2)).overdue  # 49 hours: past 48
    assert loop.step_of(item, now=now + dt.timedelta(hours=1)).overdue is False  # exactly 48: meets it
    episode = services.accept(factories.request_for(practitioner), item, by=practitioner)
    item.refresh_from_db()
    accepted = loop.step_of(item, now=item.responded_at + dt.timedelta(days=14))
    assert (accepted.code, accepted.overdue) == ("accepted", False)
    assert loop.step_of(item, now=item.responded_at + dt.timedelta(days=14, seconds=1)).overdue
    Session.objects.create(
        episode=episode, at=now, attendance=SessionAttendance.DID_NOT_ATTEND, recorded_by=practitioner
    )
    assert loop.step_of(item).code == "accepted"  # a missed session is not first contact
    Session.objects.create(
        episode=episode, at=now, attendance=SessionAttendance.ATTENDED, recorded_by=practitioner
    )
    assert loop.step_of(loop.with_steps(ServiceIntroduction.objects.filter(pk=item.pk)).get()).code == "seen"
    support_services.discharge(factories.request_for(practitioner), episode, reason="goals_met")
    ended = loop.step_of(loop.with_steps(ServiceIntroduction.objects.filter(pk=item.pk)).get())
    assert ended.code == "ended"
    assert "goals met" in ended.text


def test_a_stalled_introduction_is_flagged_to_the_hub_and_the_service(
    client, introduced, hub_worker, practitioner, short_term_support
):
    _, item = introduced
    short_term_support.response_standard_hours = 24
    short_term_support.save()
    item.made_at = timezone.now() - dt.timedelta(hours=30)
    item.save()
    client.force_login(hub_worker)
    assert "Stalled at a service" in client.get(reverse("access:queue")).content.decode()
    client.force_login(practitioner)
    inbox = client.get(reverse("network:inbox")).content.decode()
    assert "Past your standards" in inbox
    assert "Overdue" in inbox


def test_the_inbox_puts_crisis_and_higher_risk_first(client, practitioner, hub_worker, short_term_support):
    now = timezone.now()
    routine = factories.introduction(urgency=Urgency.ROUTINE, status=IntroductionStatus.INTRODUCED_ON)
    risky = factories.introduction(urgency=Urgency.ROUTINE, status=IntroductionStatus.INTRODUCED_ON)
    Conversation.objects.create(
        introduction=risky, risk_level=RiskLevel.HIGH, recorded_by=hub_worker, recorded_at=now
    )
    crisis = factories.introduction(urgency=Urgency.CRISIS, status=IntroductionStatus.INTRODUCED_ON)
    for i, introduction in enumerate((routine, risky, crisis)):
        factories.service_introduction(
            introduction, short_term_support, made_at=now - dt.timedelta(hours=10 - i)
        )
    client.force_login(practitioner)
    page = client.get(reverse("network:inbox")).content.decode()
    order = [page.index(i.person.full_name) for i in (crisis, risky, routine)]
    assert order == sorted(order)
    assert "Crisis" in page


def test_tell_it_once_with_consent_and_only_contact_without(client, introduced, practitioner, hub_worker):
    introduction, item = introduced
    Conversation.objects.create(
        introduction=introduction,
        needs={"housing": "Behind on rent"},
        strengths="Good with her hands",
        what_matters="Keeping her flat",
        risk_level=RiskLevel.LOW,
        recorded_by=hub_worker,
        recorded_at=timezone.now(),
    )
    client.force_login(practitioner)
    url = reverse("network:service_introduction", args=[item.pk])
    page = client.get(url).content.decode()
    assert "Keeping her flat" in page
    assert "Behind on rent" in page
    person = item.person
    person.consent_share_alliance = False
    person.save()
    page = client.get(url).content.decode()
    assert "Keeping her flat" not in page
    assert "has not agreed to share what they told the hub" in page


def test_the_referrer_hears_back_at_acceptance_and_at_the_end(
    referrer, practitioner, short_term_support, settings
):
    settings.NOTIFY_BACKEND = "memory"
    notify.memory_outbox().clear()
    referrer.email = "gp@example.nhs.uk"
    referrer.save()
    introduction = factories.introduction(referred_by=referrer, status=IntroductionStatus.INTRODUCED_ON)
    item = factories.service_introduction(introduction, short_term_support)
    # The messages go once the answer is committed.
    with TestCase.captureOnCommitCallbacks(execute=True):
        episode = services.accept(factories.request_for(practitioner), item, by=practitioner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        support_services.discharge(factories.request_for(practitioner), episode, reason="goals_met")
    sent = notify.memory_outbox()
    assert [m.subject for m in sent] == [
        f"Your introduction {introduction.reference} was accepted",
        f"Support ended for your introduction {introduction.reference}",
    ]
    assert all(m.to == "gp@example.nhs.uk" for m in sent)
    assert introduction.person.family_name not in "".join(m.text for m in sent)
    history = history_for_referrer(
        with_status_data(type(introduction).objects.filter(pk=introduction.pk)).get()
    )
    codes = [event.code for event in history]
    assert codes[-2:] == ["accepted", "ended"]
    assert history[-1].text.startswith("Ended on")


def test_a_partner_introduces_someone_it_supports_to_another_partners_service(
    client, practitioner, short_term_support
):
    other = factories.organisation(name="Council (test)")
    housing = factories.service(other, name="Council housing team (test)")
    colleague = factories.user(Role.PARTNER_PRACTITIONER, other, username="council-worker")
    episode = factories.episode(factories.service_introduction(service_=short_term_support))
    client.force_login(practitioner)
    url = reverse("network:introduce_from_episode", args=[episode.pk])
    form = client.get(url).content.decode()
    assert housing.name in form
    assert short_term_support.name not in form.split("<form")[1]
    assert client.post(url, {"note": "Rent arrears"}).status_code == 400
    response = client.post(url, {"service": housing.pk, "note": "Rent arrears"})
    assert response.status_code == 302
    item = ServiceIntroduction.objects.get(service=housing)
    assert item.introduced_by_organisation_id == short_term_support.organisation_id
    assert "Waiting for Council housing team (test)" in client.get(reverse("network:inbox")).content.decode()
    client.force_login(colleague)
    assert episode.person.full_name in client.get(reverse("network:inbox")).content.decode()


def test_without_consent_a_partner_cannot_introduce_on(client, practitioner, short_term_support):
    other = factories.organisation(name="Council (test)")
    housing = factories.service(other, name="Council housing team (test)")
    person = factories.person(consent_share_alliance=False)
    episode = factories.episode(
        factories.service_introduction(factories.introduction(person), short_term_support)
    )
    client.force_login(practitioner)
    response = client.post(
        reverse("network:introduce_from_episode", args=[episode.pk]), {"service": housing.pk}
    )
    # The episode's organisation may still work in it; the introduction is refused, and says why.
    assert response.status_code == 400
    assert "has not agreed to share their details with alliance partners" in response.content.decode()
    assert not ServiceIntroduction.objects.filter(service=housing).exists()


def test_came_back_needs_every_service_to_have_declined(introduced, practitioner, second_service):
    introduction, item = introduced
    other = factories.service_introduction(introduction, second_service)
    services.decline(factories.request_for(practitioner), item, by=practitioner, code="not_eligible", note="")
    assert introduction not in came_back()  # the housing service is still deciding
    services.accept(factories.request_for(practitioner), other, by=practitioner)
    assert introduction not in came_back()
    assert ServiceIntroduction.objects.get(pk=other.pk).status == ServiceIntroductionStatus.ACCEPTED


def test_the_referrer_never_reads_introduced_on_after_every_service_declined(
    referrer, practitioner, short_term_support
):
    introduction = factories.introduction(referred_by=referrer, status=IntroductionStatus.INTRODUCED_ON)
    item = factories.service_introduction(introduction, short_term_support)
    fetch = with_status_data(type(introduction).objects.filter(pk=introduction.pk))
    assert status_for_referrer(fetch.get()).code == "introduced_on"
    services.decline(factories.request_for(practitioner), item, by=practitioner, code="no_capacity", note="")
    status = status_for_referrer(fetch.get())
    assert status.text == "Back with the hub: the service could not take them"
    assert "Introduced on" not in status.text
