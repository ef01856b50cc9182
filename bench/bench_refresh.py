"""Time the extract's refresh after a day's activity on the 36-month borough, beside the whole read.

Run as `.venv/bin/python bench/bench_refresh.py` (or `make bench`). It seeds a fresh SQLite file
(var/bench-refresh.sqlite3) with `seed-demo --months 36` (questionnaires included), which writes a
full extract; then writes a day's activity the size of the borough's busiest months (new people and
introductions, contacts, decisions, onward introductions accepted, episodes opened and discharged,
sessions, questionnaires, a few corrected records), some through `QuerySet.update()` as the
services write them. It then times, from the same starting extract:
- the refresh the task runs (`refresh.refresh`: only the rows the change log names);
- the incremental run as it was before the change log (every operational table read whole);
- a full extract.
and asserts that all three leave the same latest rows. The target (issue 12): under 5 s.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench-refresh.sqlite3"
EXTRACTS = ROOT / "var" / "bench-refresh-extracts"
REPEATS = 3


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["LIVINGWELL_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["LIVINGWELL_EXTRACT_DIR"] = str(EXTRACTS)
    # The bench runs each refresh itself, timed; no task queued behind its back.
    os.environ["LIVINGWELL_EXTRACT_REFRESH_ON_WRITE"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livingwell.settings")
    import django

    django.setup()


def a_days_activity(day: dt.datetime, n: int) -> dict[str, int]:
    """Write one busy day's records (after the borough's last), as the services would; return counts."""
    from django.db import transaction

    from livingwell.access.codes import IntroductionStatus
    from livingwell.access.models import ContactAttempt, Introduction
    from livingwell.accounts.models import User
    from livingwell.network.models import Service, ServiceIntroduction, ServiceIntroductionStatus
    from livingwell.outcomes.models import QuestionnaireResponse, ResponseSource, ResponseStatus
    from livingwell.people.models import Person
    from livingwell.support.models import Episode, EpisodeStatus, Session
    from livingwell.testing import factories

    worker = User.objects.get(username="hub.worker")
    services = list(Service.objects.order_by("id"))
    hour = dt.timedelta(hours=1)
    counts: dict[str, int] = {}
    with transaction.atomic():
        new = [
            factories.introduction(factories.person(ethnicity="A", sex="2"), received_at=day + k * 0.4 * hour)
            for k in range(25)
        ]
        open_ = list(
            Introduction.objects.filter(
                status=IntroductionStatus.AWAITING_CONTACT, onward__isnull=True
            ).order_by("-id")[:40]
        )
        for k, intro in enumerate([*new, *open_][:45]):
            ContactAttempt.objects.create(
                introduction=intro,
                at=day + 10 * hour,
                method="phone",
                outcome="spoke" if k % 2 else "no_answer",
                by=worker,
            )
        decided = [i.pk for i in open_[:20]]
        Introduction.objects.filter(pk__in=decided).update(
            status=IntroductionStatus.SIGNPOSTED, decided_at=day
        )
        onward = [
            ServiceIntroduction.objects.create(
                introduction=intro,
                person=intro.person,
                service=services[k % len(services)],
                made_by=worker,
                made_at=day + 12 * hour,
            )
            for k, intro in enumerate(open_[20:40])
        ]
        Introduction.objects.filter(pk__in=[i.pk for i in open_[20:40]]).update(
            status=IntroductionStatus.INTRODUCED_ON, decided_at=day + 12 * hour
        )
        ServiceIntroduction.objects.filter(pk__in=[s.pk for s in onward[:15]]).update(
            status=ServiceIntroductionStatus.ACCEPTED, responded_at=day + 13 * hour
        )
        episodes = [
            Episode.objects.create(
                person=s.person, service=s.service, service_introduction=s, accepted_at=day + 13 * hour
            )
            for s in onward[:15]
        ]
        ongoing = list(Episode.objects.filter(status=EpisodeStatus.OPEN).order_by("id")[:120])
        Episode.objects.filter(pk__in=[e.pk for e in ongoing[:15]]).update(
            status=EpisodeStatus.DISCHARGED, discharged_at=day + 16 * hour
        )
        Session.objects.bulk_create(
            Session(episode=e, at=day + (9 + k % 8) * hour, recorded_by=worker)
            for k, e in enumerate([*episodes, *ongoing][:90])
        )
        QuestionnaireResponse.objects.bulk_create(
            QuestionnaireResponse(
                episode=e,
                person_id=e.person_id,
                instrument="PHQ-9",
                status=ResponseStatus.COMPLETED,
                source=ResponseSource.PRACTITIONER,
                submission_key=f"bench-{uuid.uuid4()}",
                created_at=day,
                total=9 + k % 10,
                value=9 + k % 10,
                completed_at=day + (9 + k % 8) * hour,
            )
            for k, e in enumerate(ongoing[:100])
        )
        # A few records corrected: their rows elsewhere follow (age bands, groups).
        for person in Person.objects.filter(merged_into__isnull=True).order_by("id")[:5]:
            person.ethnicity = "BC"[n % 2]
            person.save(update_fields=["ethnicity"])
    counts.update(introductions=25, contacts=45, decided=20, onward=20, episodes=15, discharged=15)
    counts.update(sessions=90, questionnaires=100, people_corrected=5)
    return counts


def _latest(root: Path, ons_code: str) -> dict[str, list[dict[str, object]]]:
    """Every table's latest rows of one borough's extract under `root`."""
    from livingwell.analytics.kpis import store

    return store.latest_rows(root, ons_code)


def main() -> None:
    # --reuse: carry on from the last run's database and extract (to time again without seeding).
    reuse = "--reuse" in sys.argv[1:] and DATABASE.exists()
    DATABASE.parent.mkdir(exist_ok=True)
    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(EXTRACTS, ignore_errors=True)
    _setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from livingwell.analytics.extract import extract, operational_borough
    from livingwell.analytics.refresh import operational_folder, refresh

    call_command("migrate", verbosity=0)
    if not reuse:
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", "--months", "36", "--seed", "2013", stdout=quiet)
        print(f"seed-demo --months 36 (with its full extract): {time.perf_counter() - started:.1f} s")
    folder, borough, secret = operational_folder(), operational_borough(), settings.PSEUDONYM_KEY.encode()

    refreshed, whole, full = [], [], []
    day = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) + dt.timedelta(days=7 * reuse)
    for repeat in range(REPEATS):
        counts = a_days_activity(day + dt.timedelta(days=repeat), repeat)
        before = ROOT / "var" / "bench-refresh-before" / borough.ons_code
        shutil.rmtree(before.parent, ignore_errors=True)
        shutil.copytree(folder, before)
        began = time.perf_counter()
        run = refresh()
        refreshed.append(time.perf_counter() - began)
        began = time.perf_counter()
        old = extract(before, borough=borough, secret=secret, now=run_time(folder))
        whole.append(time.perf_counter() - began)
        fresh = ROOT / "var" / "bench-refresh-full" / borough.ons_code
        shutil.rmtree(fresh.parent, ignore_errors=True)
        began = time.perf_counter()
        extract(fresh, borough=borough, secret=secret, full=True)
        full.append(time.perf_counter() - began)
        assert run.rows == old.rows, (run.rows, old.rows)
        code = borough.ons_code
        same = _latest(folder.parent, code) == _latest(before.parent, code) == _latest(fresh.parent, code)
        assert same, "the refresh, the whole read and the full extract disagree"
    print(f"a day's activity: {counts}")
    print(f"rows in the refresh's batch: {run.rows}")
    for name, times in (
        ("refresh (change log)", refreshed),
        ("incremental, whole read (before)", whole),
        ("full extract", full),
    ):
        print(f"{name:<34} best {min(times):6.2f} s   worst {max(times):6.2f} s")
    print("target: the refresh under 5 s; the three give the same latest rows (asserted)")
    for extra in ("bench-refresh-before", "bench-refresh-full"):
        shutil.rmtree(ROOT / "var" / extra, ignore_errors=True)


def run_time(folder: Path) -> dt.datetime:
    """The refresh's batch time, so that the whole read's batch is comparable row for row."""
    from livingwell.analytics.kpis import store

    return dt.datetime.fromisoformat(store.read_manifest(folder)["batches"][-1]["extracted_at"])


if __name__ == "__main__":
    main()
