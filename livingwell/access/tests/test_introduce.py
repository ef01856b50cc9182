"""Recording an introduction: once per submission, matched to the person already known."""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.access import services
from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Introduction, MatchOutcome
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.codes import Urgency
from livingwell.people.models import Person
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def test_it_records_a_new_person_and_introduction():
    introduction, created = services.introduce(
        factories.request_for(path="/introduce/about-you/"), factories.introduction_request()
    )
    assert created
    assert introduction.status == IntroductionStatus.AWAITING_CONTACT
    assert introduction.urgency == Urgency.ROUTINE
    assert introduction.reference.startswith("LW-")
    assert introduction.person.full_name == "Sam Okafor"
    assert introduction.person.consent_share_alliance
    assert introduction.person.consent_share_alliance_at is not None


def test_it_makes_one_introduction_from_the_same_submission_twice():
    ask = factories.introduction_request()
    first, first_created = services.introduce(None, ask)
    second, second_created = services.introduce(None, ask)
    assert (first_created, second_created) == (True, False)
    assert first.pk == second.pk
    assert Introduction.objects.count() == 1
    assert Person.objects.count() == 1


def test_it_makes_a_crisis_introduction_when_the_person_is_at_risk_now():
    introduction, _ = services.introduce(
        None, factories.introduction_request(at_risk_now=True, urgency=Urgency.ROUTINE)
    )
    assert introduction.urgency == Urgency.CRISIS
    assert introduction.at_risk_now


def test_it_matches_when_the_nhs_number_birth_date_and_family_name_agree():
    known = factories.person(
        nhs_number="9434765919", given_name="Samuel", family_name="OKAFOR",
        date_of_birth=dt.date(1988, 6, 15), postcode="N1 1AA",
    )  # fmt: skip
    details = factories.person_details(nhs_number="9434765919")  # another given name and postcode
    introduction, _ = services.introduce(None, factories.introduction_request(details))
    assert introduction.person_id == known.pk
    assert introduction.submitted.match == MatchOutcome.MATCHED
    assert Person.objects.count() == 1


def test_name_birth_date_and_postcode_alone_make_only_a_possible_match():
    known = factories.person(
        given_name="Sam", family_name="Okafor", date_of_birth=dt.date(1988, 6, 15), postcode="SE5 9RS"
    )
    details = factories.person_details(given_name="SAM ", family_name="okafor")
    introduction, _ = services.introduce(None, factories.introduction_request(details))
    assert introduction.person_id != known.pk
    assert introduction.submitted.match == MatchOutcome.POSSIBLE
    assert introduction.submitted.possible_match == known


def test_it_never_matches_someone_with_a_different_nhs_number():
    factories.person(
        given_name="Sam",
        family_name="Okafor",
        date_of_birth=dt.date(1988, 6, 15),
        postcode="SE5 9RS",
        nhs_number="9434765919",
    )
    details = factories.person_details(nhs_number="9000000009")
    introduction, _ = services.introduce(None, factories.introduction_request(details))
    assert introduction.person.nhs_number == "9000000009"
    assert Person.objects.count() == 2


def test_it_does_not_match_on_name_and_birth_date_without_a_postcode():
    factories.person(given_name="Sam", family_name="Okafor", date_of_birth=dt.date(1988, 6, 15), postcode="")
    services.introduce(None, factories.introduction_request(factories.person_details(postcode="")))
    assert Person.objects.count() == 2


def test_it_does_not_match_a_merged_record():
    survivor = factories.person(
        given_name="Sam", family_name="Okafor", date_of_birth=dt.date(1988, 6, 15), postcode="SE5 9RS"
    )
    factories.person(nhs_number="9434765919", merged_into=survivor)
    introduction, _ = services.introduce(
        None, factories.introduction_request(factories.person_details(nhs_number="9434765919"))
    )
    assert introduction.submitted.possible_match == survivor


def test_it_changes_nothing_on_a_matched_record_and_keeps_what_was_sent():
    known = factories.person(
        given_name="Sam", family_name="Okafor", date_of_birth=dt.date(1988, 6, 15),
        nhs_number="9434765919", phone="07700 900001", email="",
    )  # fmt: skip
    details = factories.person_details(
        nhs_number="9434765919", phone="07700 999999", email="sam@example.org", consent_share_alliance=False
    )
    introduction, _ = services.introduce(None, factories.introduction_request(details))
    known.refresh_from_db()
    assert introduction.person_id == known.pk
    assert (known.phone, known.email, known.consent_share_alliance) == ("07700 900001", "", True)
    sent = introduction.submitted
    assert (sent.phone, sent.email, sent.consent_share_alliance) == ("07700 999999", "sam@example.org", False)


def test_it_writes_audit_records_for_what_it_creates():
    request = factories.request_for(path="/introduce/about-you/", address="198.51.100.7")
    introduction, _ = services.introduce(request, factories.introduction_request())
    events = AuditEvent.objects.filter(action=AuditAction.CREATE, person=introduction.person)
    assert {e.object_type for e in events} == {"people.person", "access.introduction"}
    assert all(
        e.ip_address == "198.51.100.7" and e.path == "/introduce/about-you/" and e.user is None
        for e in events
    )


def test_it_writes_no_person_record_when_the_person_is_known():
    known = factories.person(
        nhs_number="9434765919", family_name="Okafor", date_of_birth=dt.date(1988, 6, 15)
    )
    services.introduce(
        None, factories.introduction_request(factories.person_details(nhs_number="9434765919"))
    )
    assert not AuditEvent.objects.filter(object_type="people.person", object_id=str(known.pk)).exists()
    assert AuditEvent.objects.filter(object_type="access.introduction", person=known).count() == 1


def test_it_makes_references_that_can_be_read_over_the_phone():
    references = {services.new_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(len(r) == 9 and not set(r[3:]) & set("01OIL") for r in references)
