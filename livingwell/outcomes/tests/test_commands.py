"""The commands: loading licensed wording, and seeding the demo's questionnaire histories."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from livingwell.analytics.refresh import refresh
from livingwell.insight.outcomes_summary import Counts
from livingwell.insight.outcomes_summary_queries import service_month
from livingwell.network.models import ServiceKind
from livingwell.outcomes.instruments import score
from livingwell.outcomes.models import ItemAnswer, LoadedInstrumentText, QuestionnaireResponse
from livingwell.outcomes.synthetic import item_answers
from livingwell.people.codes import EthnicCategory
from livingwell.support.models import Episode, EpisodeStatus, Session, SessionKind
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def test_it_loads_wording_for_an_organisation(tmp_path, charity):
    path = tmp_path / "gad7.json"
    content = {"instrument": "gad-7", "licence": "Pfizer, free to use", "items": [f"Item {n}" for n in range(7)],
               "answers": ["a", "b", "c", "d"]}  # fmt: skip
    path.write_text(json.dumps(content))
    out = StringIO()
    call_command("load_instrument_text", str(path), organisation=charity.name, stdout=out)
    assert "Loaded GAD-7 wording" in out.getvalue()
    call_command("load_instrument_text", str(path), organisation=charity.name.upper(), stdout=out)
    assert "Replaced" in out.getvalue()
    assert LoadedInstrumentText.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not a JSON file"),
        (
            json.dumps(
                {"instrument": "GAD-7", "licence": "x", "items": ["a"], "answers": ["a", "b", "c", "d"]}
            ),
            "7 items",
        ),
    ],
)
def test_a_bad_content_file_is_refused(tmp_path, charity, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(CommandError, match=message):
        call_command("load_instrument_text", str(path), organisation=charity.name)
    assert not LoadedInstrumentText.objects.exists()


def test_an_unknown_organisation_or_file_is_refused(tmp_path, charity):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("load_instrument_text", str(tmp_path / "x.json"), organisation="Nobody")
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_instrument_text", str(tmp_path / "x.json"), organisation=charity.name)


@pytest.mark.parametrize("code", ["PHQ-9", "GAD-7", "SWEMWBS", "CORE-10"])
def test_synthetic_answers_score_to_their_target(code):
    rng = np.random.default_rng(1)
    for target in (0, 5, 12.4, 20, 40):
        result = score(code, item_answers(rng, code, target))
        raw = result.total
        assert raw == max(min(round(target), {"PHQ-9": 27, "GAD-7": 21, "SWEMWBS": 35, "CORE-10": 40}[code]),
                          {"SWEMWBS": 7}.get(code, 0))  # fmt: skip


def _borough(practitioner, episodes=60):
    now = timezone.now()
    therapies = factories.service(name="TT (seed test)", kind=ServiceKind.TALKING_THERAPIES)
    support = factories.service(name="STS (seed test)", kind=ServiceKind.SHORT_TERM_SUPPORT)
    groups = [EthnicCategory.WHITE_BRITISH, EthnicCategory.AFRICAN, EthnicCategory.INDIAN]
    for n in range(episodes):
        service = therapies if n % 3 else support
        person = factories.person(ethnicity=groups[n % 3])
        ended = now - dt.timedelta(days=10 + n % 20)
        episode = factories.episode(
            factories.service_introduction(factories.introduction(person), service),
            accepted_at=ended - dt.timedelta(weeks=10),
            status=EpisodeStatus.DISCHARGED,
            discharged_at=ended,
        )
        for week in range(1, 5):
            Session.objects.create(episode=episode, at=episode.accepted_at + dt.timedelta(weeks=week),
                                   kind=SessionKind.TREATMENT, recorded_by=practitioner)  # fmt: skip
    return therapies


@pytest.mark.clock
def test_seeding_is_deterministic_bulk_and_realistic(practitioner):
    therapies = _borough(practitioner)
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_outcome_history", seed=7, stdout=StringIO())
    first = list(
        QuestionnaireResponse.objects.order_by("submission_key").values_list("submission_key", "total")
    )
    # Bulk: SQLite takes at most 999 parameters a statement, so about 45 responses and 249 answers an insert.
    assert len(queries) < len(first) / 10
    assert len(first) > 200
    assert ItemAnswer.objects.count() > 1500
    call_command("seed_outcome_history", seed=7, stdout=StringIO())  # episodes with histories are left alone
    assert QuestionnaireResponse.objects.count() == len(first)
    ItemAnswer.objects.all().delete()
    QuestionnaireResponse.objects.all().delete()
    call_command("seed_outcome_history", seed=7, stdout=StringIO())
    assert (
        list(QuestionnaireResponse.objects.order_by("submission_key").values_list("submission_key", "total"))
        == first
    )
    # Recovery near the 50% national standard across the Talking Therapies episodes.
    refresh()
    total = Counts()
    for month in {
        timezone.localdate(e).replace(day=1)
        for e in therapies.episodes.values_list("discharged_at", flat=True)
    }:
        total += service_month(therapies.pk, month).get(str(therapies.pk), Counts())
    assert total.case_at_start
    assert 25 <= 100 * total.recovered / total.case_at_start <= 75


@pytest.mark.clock
def test_seeding_ends_at_now_and_each_answer_is_saved_with_its_response(practitioner):
    _borough(practitioner, episodes=40)
    # A --now before half the episodes ended (10 to 29 days ago): only those ended by then get a
    # history, which stops there, whatever the clock says.
    earlier = timezone.now() - dt.timedelta(days=20)
    call_command("seed_outcome_history", seed=7, now=earlier, stdout=StringIO())
    responses = list(QuestionnaireResponse.objects.prefetch_related("answers"))
    seeded = {r.episode_id for r in responses}
    assert seeded == set(Episode.objects.filter(discharged_at__lte=earlier).values_list("pk", flat=True))
    assert max(r.created_at for r in responses) <= earlier
    for response in responses:
        answers = list(response.answers.all())
        assert [a.number for a in answers] == list(range(1, len(answers) + 1))
        assert {a.answered_at for a in answers} == {response.created_at}
        assert score(response.instrument, [a.value for a in answers]).total == response.total


def test_seeding_refuses_a_now_without_an_offset():
    with pytest.raises(CommandError, match="offset"):
        call_command("seed_outcome_history", "--now", "2026-12-01T09:00", stdout=StringIO())
