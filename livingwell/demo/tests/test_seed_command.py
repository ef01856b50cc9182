"""`livingwell seed-demo`: seeds once, says how to sign in, and checks its arguments."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from livingwell.analytics.kpis import store

pytestmark = pytest.mark.django_db


@pytest.mark.clock
def test_the_command_seeds_once_and_checks_its_arguments(settings):
    out = StringIO()
    call_command("seed_demo", "--months", "4", "--scale", "0.02", "--seed", "3", stdout=out)
    assert "Seeded 4 months" in out.getvalue()
    assert "commissioner" in out.getvalue()
    # The borough's own extract and five synthetic London boroughs to compare it with.
    manifests = {d.name: store.read_manifest(d) for d in store.borough_dirs(settings.EXTRACT_DIR)}
    assert len(manifests) == 6
    assert manifests["E09000022"]["synthetic"] is False
    assert sum(m["synthetic"] for m in manifests.values()) == 5
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "already seeded" in again.getvalue()
    with pytest.raises(CommandError):
        call_command("seed_demo", "--months", "2")
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", "0")


def test_the_demo_sign_ins_work(client):
    from livingwell.demo.borough import DEMO_PASSWORD

    call_command("seed_demo", "--months", "3", "--scale", "0.01", stdout=StringIO())
    assert client.login(username="commissioner", password=DEMO_PASSWORD)
    assert client.get("/insight/hub/").status_code == 200


@pytest.mark.clock
def test_it_gives_the_episodes_questionnaire_histories():
    from livingwell.outcomes.models import QuestionnaireResponse

    call_command("seed_demo", "--months", "6", "--scale", "0.05", stdout=StringIO())
    assert QuestionnaireResponse.objects.exists()


def test_it_leaves_questionnaire_histories_out_when_told_to():
    from livingwell.outcomes.models import QuestionnaireResponse
    from livingwell.support.models import Episode

    call_command("seed_demo", "--months", "6", "--scale", "0.05", "--no-outcomes", stdout=StringIO())
    assert Episode.objects.exists()
    assert not QuestionnaireResponse.objects.exists()
