"""Calibration against a small hand-built dataset: what is calibrated, what stays assumed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from livingwell.access.codes import IntroductionStatus
from livingwell.accounts.models import Role
from livingwell.codes import Source
from livingwell.lib.clocks import years_before
from livingwell.network.models import ServiceIntroductionStatus, ServiceKind
from livingwell.pathway import calibration, cli, fit
from livingwell.pathway.models import Calibration
from livingwell.pathway.tests.factories import SOURCE, scenario_from_mapping, service
from livingwell.support.models import Session
from livingwell.testing import factories

LONDON = ZoneInfo("Europe/London")
SINCE, UNTIL = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
MONTHS = 365 / (365.25 / 12)


def _template():
    return scenario_from_mapping(
        {
            "name": "small template",
            "months": 12,
            "warm_up_months": 2,
            "arrivals": {
                "gp": {**SOURCE, "per_month": 50, "to": "hub"},
                "police_direct": {**SOURCE, "per_month": 4, "to": "crisis_outreach"},
            },
            "services": {
                "hub": service(
                    4, 1, {"short_term_support": 0.5, "focused_support": 0.1, "exit": 0.4}, kind="access"
                ),
                "short_term_support": service(
                    30, 20, costs={**SOURCE, "per_contact": 100, "contacts_per_episode": 6}
                ),
                "focused_support": service(10, 60),
                "crisis_outreach": service(3, 5, {"exit": 1.0}, kind="crisis"),
            },
        }
    )


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


@pytest.fixture
def records(db):
    """39 introductions in 2025 (24 GP, 12 self, 3 police) and two outside it; 12 onward to
    short-term support (2 declined), 10 finished episodes of 30 days, 9 with focused support."""
    worker = factories.user(Role.HUB_WORKER)
    sts = factories.service(kind=ServiceKind.SHORT_TERM_SUPPORT)
    focused = factories.service(kind=ServiceKind.FOCUSED_SUPPORT)
    staying_well = factories.service(kind=ServiceKind.STAYING_WELL)
    introductions = []
    for i, source in enumerate([Source.GP] * 24 + [Source.SELF] * 12 + [Source.POLICE] * 3):
        day = SINCE + dt.timedelta(days=(i * 9) % 365)
        introductions.append(
            factories.introduction(source=source, received_at=_at(day), status=IntroductionStatus.SIGNPOSTED)
        )
    # Just outside the period on both sides: never counted.
    factories.introduction(source=Source.GP, received_at=_at(dt.date(2024, 12, 31), 23))
    factories.introduction(source=Source.GP, received_at=_at(dt.date(2026, 1, 1), 0))
    for n, intro in enumerate(introductions[:12]):
        intro.status = IntroductionStatus.INTRODUCED_ON
        intro.save()
        declined = n >= 10
        onward = factories.service_introduction(
            intro,
            sts,
            made_by=worker,
            status=ServiceIntroductionStatus.DECLINED if declined else ServiceIntroductionStatus.ACCEPTED,
        )
        if declined:
            continue
        episode = factories.episode(
            onward, accepted_at=_at(dt.date(2025, 3, 1)), discharged_at=_at(dt.date(2025, 3, 31))
        )
        for week in range(5):
            Session.objects.create(
                episode=episode,
                at=_at(dt.date(2025, 3, 2 + week)),
                attendance="attended" if week < 4 else "dna",
                recorded_by=worker,
            )
    # A later onward introduction does not count: the first one decides the route.
    factories.service_introduction(introductions[0], staying_well, made_by=worker)
    for intro in introductions[12:21]:
        onward = factories.service_introduction(intro, focused, made_by=worker)
        factories.episode(
            onward, accepted_at=_at(dt.date(2025, 5, 1)), discharged_at=_at(dt.date(2025, 7, 1))
        )
    return introductions


def test_it_calibrates_arrivals_by_source_from_the_period(records):
    result = calibration.calibrate(_template(), SINCE, UNTIL)
    arrivals = result.scenario.arrivals
    assert arrivals["gp"].per_month == pytest.approx(24 / MONTHS, abs=1e-3)
    assert arrivals["self"].per_month == pytest.approx(12 / MONTHS, abs=1e-3)
    assert arrivals["gp"].basis == "calibrated"
    assert "2025-01-01 to 2025-12-31" in (arrivals["gp"].source or "")
    # Three police introductions are too few to show on their own: pooled.
    assert "police" not in arrivals
    assert arrivals["other_sources"].per_month == pytest.approx(3 / MONTHS, abs=1e-3)
    # A stream the records cannot see stays as the template assumed it.
    assert arrivals["police_direct"].basis == "assumed"
    assert arrivals["police_direct"].per_month == 4
    assert sum(result.recorded["introductions_by_month"]) == 39
    # One year of records: too short for seasonality.
    assert arrivals["gp"].seasonality is None


def test_it_calibrates_hub_routes_from_first_onward_introductions(records):
    routes = calibration.calibrate(_template(), SINCE, UNTIL).scenario.services["hub"].routes
    assert routes.basis == "calibrated"
    # 10 accepted to short-term support, 9 to focused support; declined and signposted leave.
    assert routes.to["short_term_support"] == pytest.approx(10 / 39, abs=1e-6)
    assert routes.to["focused_support"] == pytest.approx(9 / 39, abs=1e-6)
    assert routes.to["exit"] == pytest.approx(20 / 39, abs=1e-6)


def test_it_calibrates_times_and_contacts_from_ten_episodes_but_not_nine(records):
    result = calibration.calibrate(_template(), SINCE, UNTIL)
    sts = result.scenario.services["short_term_support"]
    assert sts.time.basis == "calibrated"
    assert sts.time.mean == pytest.approx(30, abs=0.05)
    assert sts.costs is not None
    assert sts.costs.contacts_per_episode == pytest.approx(4)  # attended sessions only
    focused = result.scenario.services["focused_support"]
    assert focused.time.basis == "assumed"
    assert focused.time.mean == 60
    assert any("9 finished episodes with focused_support" in note for note in result.notes)


def test_introductions_still_open_count_as_arrivals_but_not_in_routing(records):
    factories.introduction(source=Source.GP, received_at=_at(dt.date(2025, 8, 1)))
    result = calibration.calibrate(_template(), SINCE, UNTIL)
    assert result.scenario.arrivals["gp"].per_month == pytest.approx(25 / MONTHS, abs=1e-3)
    routes = result.scenario.services["hub"].routes.to
    assert routes["short_term_support"] == pytest.approx(10 / 39, abs=1e-6)


def test_the_pathway_command_hands_calibrate_to_django(records, tmp_path, capsys):
    output = tmp_path / "baseline.yaml"
    status = cli.main(
        ["calibrate", "--since", "2025-01-01", "--until", "2025-12-31", "--output", str(output),
         "--replications", "2", "--no-save"]
    )  # fmt: skip
    assert status == 0
    assert "basis: calibrated" in output.read_text()
    assert not Calibration.objects.exists()
    assert cli.main(["calibrate", "--until", "someday"]) == 2
    assert "'someday' is not a date" in capsys.readouterr().err


def test_seasonality_needs_24_whole_months(db):
    # January 2023 and February 2025 are partial months at the ends and left out; the 24 whole
    # months between see each calendar month twice: 6 introductions in January, 2 otherwise.
    for year, month in [(2023, m) for m in range(2, 13)] + [(2024, m) for m in range(1, 13)] + [(2025, 1)]:
        for day in range(6 if month == 1 else 2):
            factories.introduction(source=Source.GP, received_at=_at(dt.date(year, month, 1 + day)))
    result = calibration.calibrate(_template(), dt.date(2023, 1, 1), dt.date(2025, 2, 28))
    seasonality = result.scenario.arrivals["gp"].seasonality
    assert seasonality is not None
    assert seasonality[0] == pytest.approx(6 / (28 / 12), abs=1e-3)
    assert seasonality[5] == pytest.approx(2 / (28 / 12), abs=1e-3)
    # The first and last months always count as partial: 23 whole months, no seasonality.
    shorter = calibration.calibrate(_template(), dt.date(2023, 2, 1), dt.date(2025, 2, 28))
    assert shorter.scenario.arrivals["gp"].seasonality is None


def test_too_few_introductions_keep_arrivals_assumed(db):
    factories.introduction(source=Source.GP, received_at=_at(dt.date(2025, 6, 1)))
    result = calibration.calibrate(_template(), SINCE, UNTIL)
    assert result.scenario.arrivals["gp"].basis == "assumed"
    assert result.scenario.services["hub"].routes.basis == "assumed"


def test_fit_table_compares_records_with_the_simulation(records):
    result = calibration.calibrate(_template(), SINCE, UNTIL)
    rows = {row.measure: row for row in fit.assess(result, replications=3)}
    hub = rows["Introductions to the hub a month"]
    assert hub.recorded == pytest.approx(39 / MONTHS)
    assert hub.records == 39
    assert hub.ci_low is not None
    assert hub.simulated is not None
    assert hub.ci_high is not None
    assert hub.ci_low < hub.simulated < hub.ci_high
    onward = rows["Onward introductions from the hub to short term support a month"]
    assert onward.recorded == pytest.approx(10 / MONTHS)
    assert onward.simulated is not None
    assert onward.simulated > 0
    length = rows["Mean episode length with short term support (days)"]
    assert length.recorded == pytest.approx(30, abs=0.05)
    assert length.simulated is not None


def test_onward_introductions_are_read_from_the_event_log():
    events = [
        (0, 1.0, 3, "finished", "hub"),  # before the warm-up ends (day 2)
        (0, 1.0, 3, "started", "short_term_support"),
        (0, 5.0, 1, "finished", "hub"),
        (0, 5.0, 1, "waiting", "short_term_support"),  # the same moment: introduced on
        (0, 6.0, 2, "finished", "hub"),  # left the pathway ...
        (0, 30.0, 2, "reintroduced", "hub"),  # ... and came back later: not onward
        (0, 30.0, 2, "started", "hub"),
        (0, 31.0, 2, "finished", "hub"),
        (0, 31.0, 2, "out_of_area", "acute_beds"),
        (0, 40.0, 1, "finished", "short_term_support"),
        (0, 40.0, 1, "started", "peer_support"),  # onward, but not from the hub
    ]
    result = fit.ReplicationResult(0, None, [], [], events)  # type: ignore[arg-type]
    assert fit._onward_from(result, "hub", warm_up=2.0) == {"short_term_support": 1, "acute_beds": 1}


@pytest.mark.parametrize(
    ("recorded", "mean", "expected"),
    [(100, 110, "good"), (100, 110.1, "fair"), (100, 125, "fair"), (100, 125.1, "poor")],
)
def test_fit_verdict_boundaries(recorded, mean, expected):
    assert fit.verdict(recorded, mean, mean - 1, mean + 1)[1] == expected


def test_inside_the_interval_counts_only_when_the_interval_is_narrow():
    # 20% off, inside an interval of ±25% of the mean: good; of ±25.1%: fair.
    assert fit.verdict(100, 120, 90, 150)[1] == "good"
    assert fit.verdict(100, 120, 89.88, 150.12)[1] == "fair"
    # Far off and inside a very wide interval proves nothing.
    assert fit.verdict(100, 200, 50, 350)[1] == "poor"


def test_command_writes_the_scenario_and_saves_the_calibration(records, tmp_path, capsys):
    output = tmp_path / "calibrated.yaml"
    call_command(
        "pathway_calibrate", "--since", "2025-01-01", "--until", "2025-12-31",
        "--template", "with_hub", "--output", str(output), "--replications", "2",
    )  # fmt: skip
    text = output.read_text()
    assert "basis: calibrated" in text
    saved = Calibration.objects.get()
    assert saved.fit[0]["measure"] == "Introductions to the hub a month"
    assert "fit" in capsys.readouterr().err


def test_command_rejects_a_bad_date_and_an_unknown_template(db):
    with pytest.raises(CommandError, match="not a date"):
        call_command("pathway_calibrate", "--since", "2025-13-01")
    with pytest.raises(CommandError, match="no shipped scenario"):
        call_command("pathway_calibrate", "--template", "nowhere")


@pytest.mark.clock
def test_command_takes_the_year_to_today_by_default(db, clock, tmp_path):
    """On 29 February the year before starts on 1 March: there is no 29 February then."""
    factories.introduction(source=Source.GP, received_at=clock - dt.timedelta(days=30))
    output = tmp_path / "calibrated.yaml"
    call_command("pathway_calibrate", "--output", str(output), "--replications", "2", "--no-save")
    today = clock.date()
    start = years_before(today, 1)
    assert f"{start.isoformat()} to {today.isoformat()}" in output.read_text()


def test_a_hub_lead_starts_a_calibration_from_the_page_once_per_period(records, client, hub_lead):
    import time_machine

    client.force_login(hub_lead)
    page = client.get("/pathway/calibration/").content.decode()
    assert "Calibrate from the records" in page
    assert "livingwell pathway calibrate" not in page  # no command line for a hub lead to type
    with time_machine.travel(dt.datetime(2026, 1, 1, 9, tzinfo=LONDON), tick=False):
        response = client.post("/pathway/calibration/")
        assert response.status_code == 302
        assert response["Location"] == "/pathway/calibration/?started=1"
        client.post("/pathway/calibration/")  # a double click: the same period, no second calibration
        assert "Calibration started" in client.get(response["Location"]).content.decode()
    saved = Calibration.objects.get()  # the immediate backend ran the task
    assert (saved.since, saved.until, saved.template) == (
        dt.date(2025, 1, 1),
        dt.date(2026, 1, 1),
        "with_hub",
    )


def test_a_commissioner_reads_the_calibration_but_cannot_start_one(db, client, commissioner):
    client.force_login(commissioner)
    page = client.get("/pathway/calibration/").content.decode()
    assert "Calibrate from the records" not in page
    assert "A hub lead can start one from this page" in page
    assert client.post("/pathway/calibration/").status_code == 403
    assert not Calibration.objects.exists()
