"""A hand-built borough extract, row by row, for testing the KPI catalogue's definitions.

Rows are given as the extract holds them (keys, UTC instants); months and month numbers are filled
in from the instants by the Europe/London calendar, as `livingwell extract` does.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pyarrow as pa

from livingwell.analytics.kpis import population, schema, store
from livingwell.lib.clocks import london_month, month_index

ONS_CODE = "E09000022"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


# When a hand-built extract is taken unless a test says otherwise: after every month the tests use.
EXTRACTED_AT = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


class Extract:
    """Collects rows, then writes them as one batch of a borough extract."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in schema.TABLES}
        self._keys = itertools.count(1)

    def _add(self, table: str, **row: Any) -> int:
        key_column = schema.PRIMARY_KEYS[table]
        row.setdefault(key_column, next(self._keys))
        self.rows[table].append(row)
        return int(row[key_column])

    @staticmethod
    def _when(instant: dt.datetime) -> dict[str, Any]:
        month = london_month(instant)
        return {"month": month, "month_index": month_index(month)}

    def person(self, ethnicity: str = "A", previously_known: bool | None = False) -> int:
        return self._add("people", ethnicity=ethnicity, sex="1", previously_known=previously_known)

    def introduction(
        self,
        person: int,
        received: dt.datetime,
        urgency: str = "routine",
        standard_hours: int | None = None,
        age_band: str = "25 to 34",
    ) -> int:
        hours = standard_hours or {"crisis": 4, "urgent": 24, "routine": 672}[urgency]
        return self._add(
            "introductions", person_key=person, received_at=received, **self._when(received), source="A1",
            urgency=urgency, status="in_conversation", decided_at=None, age_band=age_band,
            standard_hours=hours,
        )  # fmt: skip

    def contact(self, introduction: int, when: dt.datetime, outcome: str = "spoke") -> int:
        return self._add(
            "contacts", introduction_key=introduction, contacted_at=when, **self._when(when), method="phone",
            outcome=outcome,
        )  # fmt: skip

    def service_introduction(
        self, person: int, kind: str, made: dt.datetime, introduction: int | None = None
    ) -> int:
        return self._add(
            "service_introductions", introduction_key=introduction, person_key=person, service_kind=kind,
            made_at=made, **self._when(made), status="accepted",
        )  # fmt: skip

    def episode(
        self, person: int, kind: str, accepted: dt.datetime, *, referral: int | None = None,
        discharged: dt.datetime | None = None,
    ) -> int:  # fmt: skip
        return self._add(
            "episodes", person_key=person, service_introduction_key=referral, service_kind=kind,
            accepted_at=accepted, discharged_at=discharged,
            discharged_month=london_month(discharged) if discharged else None,
        )  # fmt: skip

    def session(
        self, episode: int, when: dt.datetime, attendance: str = "attended", kind: str = "treatment"
    ) -> int:
        return self._add(
            "sessions",
            episode_key=episode,
            held_at=when,
            **self._when(when),
            kind=kind,
            attendance=attendance,
        )

    def score(self, episode: int, person: int, instrument: str, total: float, when: dt.datetime) -> int:
        month = london_month(when)
        return self._add(
            "scores", episode_key=episode, person_key=person, instrument=instrument, completed_at=when,
            month=month, total=total,
        )  # fmt: skip

    def feedback(self, service_id: int | None, answer: int, when: dt.datetime) -> int:
        """Add a Friends and Family Test answer (1 Very good ... 6 Don't know) given at `when`."""
        return self._add("feedback", service_id=service_id, answer=answer, **self._when(when))

    def talking_therapies(self, phq: tuple[int, int], gad: tuple[int, int], *, treatments: int = 2) -> int:
        """Add a Talking Therapies episode ended in April 2025 with first and last PHQ-9 and GAD-7."""
        p = self.person()
        ep = self.episode(p, "talking_therapies", at(2025, 1, 6), discharged=at(2025, 4, 20))
        for week in range(treatments):
            self.session(ep, at(2025, 2, 3) + dt.timedelta(weeks=week))
        self.session(ep, at(2025, 1, 6), kind="assessment")
        self.score(ep, p, "PHQ-9", phq[0], at(2025, 1, 6))
        self.score(ep, p, "GAD-7", gad[0], at(2025, 1, 6))
        self.score(ep, p, "PHQ-9", 99, at(2025, 2, 10))  # a middle score is neither first nor last
        self.score(ep, p, "PHQ-9", phq[1], at(2025, 4, 14))
        self.score(ep, p, "GAD-7", gad[1], at(2025, 4, 14))
        return ep

    def tables(self) -> dict[str, pa.Table]:
        result = {}
        for name, rows in self.rows.items():
            fields = [f for f in schema.TABLES[name] if f.name != "batch"]
            result[name] = pa.Table.from_pylist(
                [{f.name: r.get(f.name) for f in fields} for r in rows], schema=pa.schema(fields)
            )
        return result

    def write(self, root: Path, ons_code: str = ONS_CODE, *, extracted_at: dt.datetime | None = None) -> Path:
        """Write the rows as one batch, taken at `extracted_at` (by default 1 May 2025, 00:00 UTC)."""
        borough = root / ons_code
        manifest = {
            "ons_code": ons_code,
            "borough": "Test borough",
            "synthetic": True,
            "population": population.population("E09000022"),
            "hub_opened": None,
            "practice": "hand-built for tests",
        }
        store.write_batch(
            borough, self.tables(), manifest=manifest, extracted_at=extracted_at or EXTRACTED_AT
        )
        return borough
