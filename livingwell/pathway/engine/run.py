"""Run: one replication of a built network on SimPy, returning flat records.

How the model works (the assumptions a reader of its results needs):
- People arrive from each source as a Poisson process whose rate is constant within a month and
  changes month to month (seasonality, growth); arrival times come from inverting the cumulative
  rate, one standard exponential number per arrival.
- A service has `capacity` identical places (staff, caseload slots or beds). A person who finds a
  place free starts at once; otherwise they wait, first come first served.
- Time with a service is drawn when the person starts; on leaving, one uniform number picks the
  next service (or leaving the system) from the routing probabilities.
- While waiting a person may reach crisis: a Weibull time to crisis (hazard growing with the wait)
  is drawn when they join the queue; if it comes before their turn they leave the queue for the
  crisis service. Their wait ends then.
- Beds marked `out_of_area` never keep anyone waiting: when full, the person is admitted out of
  area for the same length of stay, at the out-of-area day rate.
- Some people discharged from a service are introduced again after a delay.

Lean by design: services are handled by callbacks on plain SimPy timeouts (no process or resource
objects per person), and state lives in lists of counters indexed by service number. A person is
only an integer; a wait is an index into three lists. That keeps a typical event to one timeout
object and a few list operations.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Callable
from typing import Any

import numpy as np
import simpy

from livingwell.pathway.engine.model import LEAVE, Network
from livingwell.pathway.engine.results import (
    EventRow,
    MonthRecord,
    ReplicationResult,
    ServiceRecord,
    SystemRecord,
)
from livingwell.pathway.engine.scenario import DAYS_PER_MONTH
from livingwell.pathway.engine.streams import (
    Draws,
    Purpose,
    durations,
    standard_exponentials,
    uniforms,
)

# Callbacks receive the SimPy timeout that fired; its value is the person (or wait) it carries.
Callback = Callable[[Any], None]


class _Replication:
    """The state of one run; built, run once, then read by `_records`."""

    def __init__(
        self, network: Network, seed: np.random.SeedSequence, replication: int, events: bool
    ) -> None:
        self.network = network
        self.replication = replication
        self.env = simpy.Environment()
        self.horizon = network.horizon_days
        self.warm_up = network.warm_up_days
        self.log: list[EventRow] | None = [] if events else None
        services = network.services
        n = len(services)
        self.capacity = [s.capacity_by_month[0] for s in services]
        self.busy = [0] * n
        self.out_of_area_busy = [0] * n
        self.waiting = [0] * n
        self.queue: list[deque[int]] = [deque() for _ in services]
        self.last = [0.0] * n
        # Time integrals since the last month boundary, then one entry per month.
        self.busy_area = [0.0] * n
        self.queue_area = [0.0] * n
        self.out_of_area_area = [0.0] * n
        self.month_busy: list[list[float]] = [[] for _ in services]
        self.month_queue: list[list[float]] = [[] for _ in services]
        self.month_out_of_area: list[list[float]] = [[] for _ in services]
        self.month_arrivals: list[list[int]] = [[] for _ in services]
        self.arrivals_now = [0] * n
        # Counts after the warm-up.
        self.arrivals = [0] * n
        self.started = [0] * n
        self.deteriorated = [0] * n
        self.out_of_area_admissions = [0] * n
        self.discharged = [0] * n
        self.zero_waits = [0] * n
        self.waits: list[list[float]] = [[] for _ in services]
        self.introductions = 0
        self.reintroductions = 0
        self.arrived_total = 0
        self.departed_total = 0
        self.people = 0
        # Open waits: who, where, since when; closed by starting, by crisis or by the run's end.
        self.wait_person: list[int] = []
        self.wait_service: list[int] = []
        self.wait_joined: list[float] = []
        self.wait_open: list[bool] = []
        self.out_of_area = [s.out_of_area for s in services]
        self.targets = [s.route_targets for s in services]
        self.cumulative = [s.route_cumulative for s in services]
        self.service_time = [durations(seed, Purpose.SERVICE_TIME, s.name, s.time) for s in services]
        self.route_draw = [uniforms(seed, Purpose.ROUTING, s.name) for s in services]
        self.crisis_draw: list[Draws | None] = [
            standard_exponentials(seed, Purpose.DETERIORATION, s.name)
            if s.deterioration_scale is not None
            else None
            for s in services
        ]
        self.again_choice: list[Draws | None] = []
        self.again_delay: list[Draws | None] = []
        for s in services:
            wanted = s.reintroduction_after is not None and s.reintroduction_probability > 0
            self.again_choice.append(
                uniforms(seed, Purpose.REINTRODUCTION_CHOICE, s.name) if wanted else None
            )
            self.again_delay.append(
                durations(seed, Purpose.REINTRODUCTION_DELAY, s.name, s.reintroduction_after)
                if wanted and s.reintroduction_after is not None
                else None
            )
        self.finish: list[Callback] = [self._finisher(i) for i in range(n)]
        self.finish_away: list[Callback] = [self._away_finisher(i) for i in range(n)]
        for plan in network.arrivals:
            self._start_arrivals(plan.name, plan.service, plan.rate_per_day, seed)
        self._schedule_month_end(1)

    # -- bookkeeping ------------------------------------------------------------------------------
    def _touch(self, s: int, now: float) -> None:
        elapsed = now - self.last[s]
        if elapsed:
            self.busy_area[s] += self.busy[s] * elapsed
            self.queue_area[s] += self.waiting[s] * elapsed
            self.out_of_area_area[s] += self.out_of_area_busy[s] * elapsed
            self.last[s] = now

    def _close_month(self, now: float) -> None:
        for s in range(len(self.capacity)):
            self._touch(s, now)
            self.month_busy[s].append(self.busy_area[s])
            self.month_queue[s].append(self.queue_area[s])
            self.month_out_of_area[s].append(self.out_of_area_area[s])
            self.month_arrivals[s].append(self.arrivals_now[s])
            self.busy_area[s] = self.queue_area[s] = self.out_of_area_area[s] = 0.0
            self.arrivals_now[s] = 0

    def _schedule_month_end(self, month: int) -> None:
        if month >= self.network.months:
            return  # the last month is closed after the run, at the horizon itself

        def close(_: simpy.Event) -> None:
            now = self.env.now
            self._close_month(now)
            for s, plan in enumerate(self.network.services):
                self._change_capacity(s, plan.capacity_by_month[month], now)
            self._schedule_month_end(month + 1)

        self.env.timeout(month * DAYS_PER_MONTH - self.env.now).callbacks.append(close)

    def _change_capacity(self, s: int, capacity: int, now: float) -> None:
        # Fewer places: nobody is turned out; places close as people finish. More: start waiters.
        self.capacity[s] = capacity
        while self.busy[s] < capacity and self.waiting[s]:
            self.busy[s] += 1
            self._start_next(s, now)

    def _note(self, person: int, event: str, s: int) -> None:
        if self.log is not None:
            name = self.network.services[s].name
            self.log.append((self.replication, self.env.now, person, event, name))

    def _record_wait(self, s: int, joined: float, now: float) -> None:
        if joined >= self.warm_up:
            self.waits[s].append(now - joined)

    # -- arrivals ---------------------------------------------------------------------------------
    def _start_arrivals(
        self, name: str, s: int, rates: tuple[float, ...], seed: np.random.SeedSequence
    ) -> None:
        draw = standard_exponentials(seed, Purpose.ARRIVALS, name)
        env = self.env
        months = len(rates)
        state = [0, 0.0]  # current month, current time

        def next_time() -> float | None:
            # Invert the piecewise-constant cumulative rate: spend one Exp(1) across months.
            month, t = int(state[0]), state[1]
            remaining = draw()
            while month < months:
                rate = rates[month]
                end = (month + 1) * DAYS_PER_MONTH
                room = rate * (end - t)
                if rate > 0 and remaining <= room:
                    t += remaining / rate
                    state[0], state[1] = month, t
                    return t
                remaining -= room
                t = end
                month += 1
            return None

        def arrive(_: simpy.Event) -> None:
            person = self.people
            self.people += 1
            self.arrived_total += 1
            if env.now >= self.warm_up:
                self.introductions += 1
            if self.log is not None:
                self._note(person, "introduced", s)
            self._enter(person, s)
            schedule()

        def schedule() -> None:
            t = next_time()
            if t is not None and t < self.horizon:
                env.timeout(t - env.now).callbacks.append(arrive)

        schedule()

    # -- services ---------------------------------------------------------------------------------
    def _enter(self, person: int, s: int) -> None:
        now = self.env.now
        self.arrivals_now[s] += 1
        counted = now >= self.warm_up
        if counted:
            self.arrivals[s] += 1
        if self.busy[s] < self.capacity[s]:
            self._touch(s, now)
            self.busy[s] += 1
            if counted:
                self.zero_waits[s] += 1
            self._begin(person, s, counted, self.finish[s])
        elif self.out_of_area[s]:
            self._touch(s, now)
            self.out_of_area_busy[s] += 1
            if counted:
                self.zero_waits[s] += 1
                self.out_of_area_admissions[s] += 1
            if self.log is not None:
                self._note(person, "out_of_area", s)
            self._begin(person, s, counted, self.finish_away[s])
        else:
            self._touch(s, now)
            self.waiting[s] += 1
            w = len(self.wait_open)
            self.wait_person.append(person)
            self.wait_service.append(s)
            self.wait_joined.append(now)
            self.wait_open.append(True)
            self.queue[s].append(w)
            if self.log is not None:
                self._note(person, "waiting", s)
            draw = self.crisis_draw[s]
            if draw is not None:
                plan = self.network.services[s]
                assert plan.deterioration_scale is not None
                delay = plan.deterioration_scale * draw() ** (1 / plan.deterioration_shape)
                if now + delay < self.horizon:
                    self.env.timeout(delay, w).callbacks.append(self._deteriorate)

    def _begin(self, person: int, s: int, counted: bool, finish: Callback) -> None:
        if counted:
            self.started[s] += 1
        if self.log is not None:
            self._note(person, "started", s)
        self.env.timeout(self.service_time[s](), person).callbacks.append(finish)

    def _finisher(self, s: int) -> Callback:
        def finish(event: Any) -> None:
            now = self.env.now
            self._touch(s, now)
            # The place passes straight to the next person waiting, unless it is being closed.
            if self.waiting[s] and self.busy[s] <= self.capacity[s]:
                self._start_next(s, now)
            else:
                self.busy[s] -= 1
            self._leave(event.value, s, now)

        return finish

    def _start_next(self, s: int, now: float) -> None:
        """Start the first person still waiting (the caller has checked someone is)."""
        queue, wait_open = self.queue[s], self.wait_open
        while queue:
            w = queue.popleft()
            if wait_open[w]:
                wait_open[w] = False
                self.waiting[s] -= 1
                self._record_wait(s, self.wait_joined[w], now)
                self._begin(self.wait_person[w], s, now >= self.warm_up, self.finish[s])
                return

    def _away_finisher(self, s: int) -> Callback:
        def finish(event: Any) -> None:
            now = self.env.now
            self._touch(s, now)
            self.out_of_area_busy[s] -= 1
            self._leave(event.value, s, now)

        return finish

    def _deteriorate(self, event: Any) -> None:
        w = event.value
        if not self.wait_open[w]:
            return
        self.wait_open[w] = False
        s = self.wait_service[w]
        now = self.env.now
        self._touch(s, now)
        self.waiting[s] -= 1
        self._record_wait(s, self.wait_joined[w], now)
        if now >= self.warm_up:
            self.deteriorated[s] += 1
        person = self.wait_person[w]
        self._note(person, "crisis", s)
        self._enter(person, self.network.services[s].deterioration_to)

    def _leave(self, person: int, s: int, now: float) -> None:
        if self.log is not None:
            self._note(person, "finished", s)
        u = self.route_draw[s]()
        target = self.targets[s][bisect_right(self.cumulative[s], u)]
        if target != LEAVE:
            self._enter(person, target)
            return
        self.departed_total += 1
        if now >= self.warm_up:
            self.discharged[s] += 1
        choice = self.again_choice[s]
        if choice is not None and choice() < self.network.services[s].reintroduction_probability:
            delay = self.again_delay[s]
            assert delay is not None
            again_at = now + delay()
            if again_at < self.horizon:
                self.env.timeout(again_at - now, person).callbacks.append(self._reintroducer(s))

    def _reintroducer(self, s: int) -> Callback:
        def again(event: Any) -> None:
            self.arrived_total += 1
            if self.env.now >= self.warm_up:
                self.reintroductions += 1
            target = self.network.services[s].reintroduction_to
            self._note(event.value, "reintroduced", target)
            self._enter(event.value, target)

        return again

    # -- running ----------------------------------------------------------------------------------
    def run(self) -> ReplicationResult:
        self.env.run(until=self.horizon)
        self._close_month(self.horizon)
        # Anyone still waiting counts with the wait so far: leaving them out would flatter a
        # service whose queue only grows.
        for w, is_open in enumerate(self.wait_open):
            if is_open:
                self._record_wait(self.wait_service[w], self.wait_joined[w], self.horizon)
        return self._records()

    def _records(self) -> ReplicationResult:
        network = self.network
        first = network.warm_up_months
        window = (network.months - first) * DAYS_PER_MONTH
        r = self.replication
        services, months = [], []
        for s, plan in enumerate(network.services):
            busy_days = sum(self.month_busy[s][first:])
            away_days = sum(self.month_out_of_area[s][first:])
            waits = np.concatenate([np.zeros(self.zero_waits[s]), np.asarray(self.waits[s])])
            cost = (
                self.started[s] * plan.cost_per_episode
                + busy_days * plan.cost_per_day
                + away_days * plan.cost_out_of_area_per_day
            )
            capacity_days = sum(plan.capacity_by_month[first:]) * DAYS_PER_MONTH
            services.append(
                ServiceRecord(
                    replication=r,
                    service=plan.name,
                    kind=plan.kind,
                    arrivals=self.arrivals[s],
                    started=self.started[s],
                    mean_wait_days=float(waits.mean()) if len(waits) else 0.0,
                    p90_wait_days=float(np.percentile(waits, 90)) if len(waits) else 0.0,
                    still_waiting=self.waiting[s],
                    deteriorated=self.deteriorated[s],
                    out_of_area_admissions=self.out_of_area_admissions[s],
                    mean_queue=sum(self.month_queue[s][first:]) / window,
                    utilisation=busy_days / capacity_days if capacity_days else None,
                    days_in_service=busy_days,
                    out_of_area_days=away_days,
                    cost=cost,
                )
            )
            for m in range(network.months):
                months.append(
                    MonthRecord(
                        replication=r,
                        month=m,
                        service=plan.name,
                        arrivals=self.month_arrivals[s][m],
                        mean_queue=self.month_queue[s][m] / DAYS_PER_MONTH,
                        utilisation=(
                            self.month_busy[s][m] / (plan.capacity_by_month[m] * DAYS_PER_MONTH)
                            if plan.capacity_by_month[m]
                            else None
                        ),
                        out_of_area_days=self.month_out_of_area[s][m],
                    )
                )
        system = self._system_record(services)
        return ReplicationResult(r, system, services, months, self.log or [])

    def _system_record(self, services: list[ServiceRecord]) -> SystemRecord:
        def total(kind: str, measure: str) -> float:
            return sum(getattr(x, measure) for x in services if x.kind == kind)

        return SystemRecord(
            replication=self.replication,
            introductions=self.introductions,
            reintroductions=self.reintroductions,
            crises=int(total("crisis", "arrivals")),
            deteriorations=sum(x.deteriorated for x in services),
            admissions=int(total("inpatient", "arrivals")),
            bed_days=total("inpatient", "days_in_service") + total("inpatient", "out_of_area_days"),
            out_of_area_bed_days=total("inpatient", "out_of_area_days"),
            specialist_introductions=int(total("specialist", "arrivals")),
            discharges=sum(self.discharged),
            cost=sum(x.cost for x in services),
            arrived_total=self.arrived_total,
            departed_total=self.departed_total,
            in_system_at_end=sum(self.busy) + sum(self.waiting) + sum(self.out_of_area_busy),
        )


def run_replication(
    network: Network, seed: np.random.SeedSequence, replication: int = 0, events: bool = False
) -> ReplicationResult:
    """Run one replication of a built network with its own seeded streams."""
    return _Replication(network, seed, replication, events).run()
