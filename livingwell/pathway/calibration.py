"""Derive a baseline scenario from the platform's own records.

What is calibrated (`basis: calibrated`, with the query period as the source), and how:
- **Arrivals at the hub**: one stream per recorded source of referral (NHS Data Dictionary code),
  at the period's mean count a month (`access.Introduction.received_at` / `source`). Seasonality is
  estimated (pooled over sources) only when the period covers at least 24 whole months, so every
  calendar month is seen twice; otherwise there is none.
- **Routing from the hub**: each introduction the hub has decided on counts once, going where its
  first onward introduction that the service did not decline went (`network.ServiceIntroduction`,
  by service kind); staying-well and timebank offers, signposting and closing leave the modelled
  pathway (`exit`), as in the shipped scenarios.
- **Time with each service**: from `support.Episode` accepted_at → discharged_at, for episodes
  accepted in the period and discharged by its end, fitted as a gamma distribution by moments.
  Episodes still open are left out, which biases times short when the period is short; the count
  left out is reported.
- **Contacts per episode**: attended sessions per discharged episode, written into the service's
  costs (whose unit costs stay assumed, so the group keeps `basis: assumed` and says which part
  came from records).
A group with fewer than `MIN_RECORDS` records keeps the template's assumed values, and the notes
say so. Capacities, costs, deterioration and arrivals the platform does not see (Talking
Therapies self-referral, crises presenting at A&E outside the hub) stay as the template assumes.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Introduction
from livingwell.codes import Source
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus, ServiceKind
from livingwell.pathway.engine import Scenario, scenario_from_mapping
from livingwell.pathway.engine.scenario import EXIT
from livingwell.support.models import Episode, SessionAttendance

MIN_RECORDS = 10
SMALL_COUNT = 5  # counts 1-4 are never shown on their own (livingwell.lib.suppression)
# Offers outside the modelled pathway: people leave it when the hub introduces them there.
LEAVES_PATHWAY = {ServiceKind.STAYING_WELL, ServiceKind.TIMEBANK}
DECIDED = (IntroductionStatus.INTRODUCED_ON, IntroductionStatus.SIGNPOSTED, IntroductionStatus.CLOSED)


@dataclass
class Period:
    """The records' period: whole days from `since` up to and including `until`."""

    since: dt.date
    until: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.since, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end

    @property
    def months(self) -> float:
        return ((self.until - self.since).days + 1) / (365.25 / 12)

    def source(self, what: str) -> str:
        return f"livingwell records {self.since:%Y-%m-%d} to {self.until:%Y-%m-%d}: {what}"

    def month_keys(self) -> list[tuple[int, int]]:
        keys, year, month = [], self.since.year, self.since.month
        while (year, month) <= (self.until.year, self.until.month):
            keys.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return keys


@dataclass
class Calibrated:
    """A calibrated scenario, the recorded figures the fit compares with, and notes."""

    scenario: Scenario
    period: Period
    access_service: str
    recorded: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _stream_name(code: str) -> str:
    try:
        return Source(code).name.lower()
    except ValueError:
        return f"source_{code.lower()}"


def _access_service(template: Scenario) -> str:
    names = [name for name, s in template.services.items() if s.kind == "access"]
    if len(names) != 1:
        raise ValueError("the template scenario needs exactly one access service (the hub)")
    return names[0]


def _arrivals(data: dict[str, Any], period: Period, hub: str, out: Calibrated) -> None:
    start, end = period.bounds()
    received = Introduction.objects.filter(received_at__gte=start, received_at__lt=end)
    by_source = dict(received.values_list("source").annotate(n=Count("id")).values_list("source", "n"))
    by_month: Counter[tuple[int, int]] = Counter()
    local = timezone.get_current_timezone()
    for when in received.values_list("received_at", flat=True).iterator():
        at = when.astimezone(local)
        by_month[at.year, at.month] += 1
    out.recorded["introductions_by_month"] = [by_month[key] for key in period.month_keys()]
    total = sum(by_source.values())
    if total < MIN_RECORDS:
        out.notes.append(f"Only {total} introductions in the period: hub arrivals kept as assumed.")
        return
    seasonality = _seasonality(by_month, period)
    # Streams into the hub are replaced by the records; streams elsewhere are not seen by them.
    data["arrivals"] = {n: s for n, s in data["arrivals"].items() if s["to"] != hub}
    # Sources with fewer than SMALL_COUNT introductions are pooled, so that no stream's rate
    # gives away a small count (commissioners see this scenario; livingwell.lib.suppression).
    streams = {_stream_name(code): (count, code) for code, count in by_source.items() if count >= SMALL_COUNT}
    pooled = {code: count for code, count in by_source.items() if count < SMALL_COUNT}
    if pooled:
        streams["other_sources"] = (sum(pooled.values()), ", ".join(sorted(pooled)))
    for name, (count, codes) in sorted(streams.items()):
        data["arrivals"][name] = {
            "per_month": round(count / period.months, 3),
            "to": hub,
            "seasonality": seasonality,
            "basis": "calibrated",
            "source": period.source(f"{count} introductions with source of referral {codes}"),
        }
    if seasonality is None:
        out.notes.append("Fewer than 24 months of records: no seasonality estimated.")


def _seasonality(by_month: Counter[tuple[int, int]], period: Period) -> list[float] | None:
    keys = period.month_keys()
    whole = keys[1:-1] if len(keys) > 2 else []  # the first and last months may be partial
    if len(whole) < 24:
        return None
    per_calendar: dict[int, list[int]] = defaultdict(list)
    for year, month in whole:
        per_calendar[month].append(by_month[year, month])
    means = [statistics.fmean(per_calendar[m]) for m in range(1, 13)]
    overall = statistics.fmean(means)
    if overall <= 0:
        return None
    return [round(m / overall, 3) for m in means]


def _routes(data: dict[str, Any], period: Period, hub: str, out: Calibrated) -> None:
    start, end = period.bounds()
    decided = list(
        Introduction.objects.filter(
            received_at__gte=start, received_at__lt=end, status__in=DECIDED
        ).values_list("id", flat=True)
    )
    first_kind: dict[int, str] = {}
    onward = (
        ServiceIntroduction.objects.filter(introduction_id__in=decided)
        .exclude(status=ServiceIntroductionStatus.DECLINED)
        .order_by("made_at", "id")
        .values_list("introduction_id", "service__kind")
    )
    for introduction_id, kind in onward:
        first_kind.setdefault(introduction_id, kind)
    if len(decided) < MIN_RECORDS:
        out.notes.append(f"Only {len(decided)} hub decisions in the period: hub routes kept as assumed.")
        return
    services = data["services"]
    counts: Counter[str] = Counter()
    unmodelled: Counter[str] = Counter()
    for introduction_id in decided:
        went = first_kind.get(introduction_id)
        if went is None or went in LEAVES_PATHWAY:
            counts[EXIT] += 1
        elif went in services:
            counts[went] += 1
        else:
            unmodelled[went] += 1
            counts[EXIT] += 1
    for kind, n in unmodelled.items():
        out.notes.append(
            f"{n} introductions to '{kind}', which the template does not model, leave the pathway."
        )
    shares = {target: round(n / len(decided), 6) for target, n in counts.items()}
    shares[EXIT] = round(1 - sum(v for k, v in shares.items() if k != EXIT), 6)
    services[hub]["routes"] = {
        "to": shares,
        "basis": "calibrated",
        "source": period.source(f"first onward introduction of {len(decided)} hub decisions"),
    }
    out.recorded["onward_by_kind"] = dict(counts)
    out.recorded["decided"] = len(decided)


def _times(data: dict[str, Any], period: Period, out: Calibrated) -> None:
    start, end = period.bounds()
    accepted = Episode.objects.filter(accepted_at__gte=start, accepted_at__lt=end)
    episodes = (
        accepted.filter(discharged_at__isnull=False, discharged_at__lt=end)
        .annotate(attended=Count("sessions", filter=Q(sessions__attendance=SessionAttendance.ATTENDED)))
        .values_list("service__kind", "accepted_at", "discharged_at", "attended")
    )
    days: dict[str, list[float]] = defaultdict(list)
    sessions: dict[str, list[int]] = defaultdict(list)
    for kind, accepted_at, discharged_at, attended in episodes:
        assert discharged_at is not None  # filtered above
        days[kind].append(max((discharged_at - accepted_at).total_seconds() / 86400, 0.0))
        sessions[kind].append(attended)
    still_open = dict(
        accepted.exclude(discharged_at__isnull=False, discharged_at__lt=end)
        .values_list("service__kind")
        .annotate(n=Count("id"))
        .values_list("service__kind", "n")
    )
    out.recorded["episode_days"] = {}
    for kind, service in data["services"].items():
        lengths = days.get(kind, [])
        if len(lengths) < MIN_RECORDS:
            if kind in {k.value for k in ServiceKind}:
                out.notes.append(
                    f"Only {len(lengths)} finished episodes with {kind}: its time kept as assumed."
                )
            continue
        mean = max(statistics.fmean(lengths), 0.5)
        sd = max(statistics.stdev(lengths), 0.05 * mean)
        left_out = still_open.get(kind, 0)
        service["time"] = {
            "distribution": "gamma",
            "mean": round(mean, 3),
            "sd": round(sd, 3),
            "basis": "calibrated",
            "source": period.source(
                f"{len(lengths)} episodes accepted and discharged ({left_out} still open left out)"
            ),
        }
        out.recorded["episode_days"][kind] = {"n": len(lengths), "mean": mean}
        costs = service.get("costs")
        if costs and costs.get("per_contact"):
            contacts = statistics.fmean(sessions[kind])
            costs["contacts_per_episode"] = round(contacts, 3)
            costs["source"] = f"{costs['source']} Contacts per episode {contacts:.2f} from " + period.source(
                f"attended sessions in {len(lengths)} episodes"
            )


def calibrate(template: Scenario, since: dt.date, until: dt.date) -> Calibrated:
    """Derive a baseline from the records of a period, keeping the template's assumed parameters."""
    if since > until:
        raise ValueError("the period must start on or before its end")
    period = Period(since, until)
    hub = _access_service(template)
    data = template.model_dump(mode="json")
    data["name"] = f"calibrated {since:%Y-%m-%d} to {until:%Y-%m-%d}"
    data["description"] = (
        f"Derived from the platform's records from {since:%-d %B %Y} to {until:%-d %B %Y}; "
        f"parameters the records do not hold are assumed as in '{template.name}'."
    )
    out = Calibrated(template, period, hub)
    _arrivals(data, period, hub, out)
    _routes(data, period, hub, out)
    _times(data, period, out)
    out.scenario = scenario_from_mapping(data)
    return out


def save(calibrated: Calibrated, template_key: str, fit: list[dict[str, Any]]) -> Any:
    """Store a calibration (aggregates only) so the commissioners' pages can offer it."""
    from django.db import transaction

    from livingwell.pathway.models import Calibration

    with transaction.atomic():
        return Calibration.objects.create(
            since=calibrated.period.since,
            until=calibrated.period.until,
            template=template_key,
            scenario=calibrated.scenario.model_dump_json(),
            fit=fit,
            notes=calibrated.notes,
        )
