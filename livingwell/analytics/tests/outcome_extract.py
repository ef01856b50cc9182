"""Hand-built ended episodes as an extract, and the outcome KPIs' rows over it (no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from livingwell.analytics.kpis import engine, outcome_kpis, store
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.analytics.tests.extract_data import ONS_CODE, Extract, at
from livingwell.lib.clocks import london_month

ENDED_ON = at(2025, 4, 20)
MONTH = london_month(ENDED_ON)


class OutcomeExtract(Extract):
    """An extract of ended episodes, each with its service, person, sessions and scores."""

    def ended(
        self,
        service_id: int,
        kind: str,
        values: Mapping[str, Sequence[float]],
        *,
        treatment_sessions: int = 0,
        ethnicity: str = "A",
        sex: str = "2",
        age_band: str = "25 to 34",
        ended_on: dt.datetime = ENDED_ON,
    ) -> int:
        """Add an episode discharged on `ended_on`, with each instrument's values a week apart, in order."""
        person = self._add("people", ethnicity=ethnicity, sex=sex, previously_known=False)
        start = ended_on - dt.timedelta(weeks=20)
        episode = self._add(
            "episodes", person_key=person, service_introduction_key=None, service_kind=kind,
            service_id=service_id, accepted_at=start, discharged_at=ended_on,
            discharged_month=london_month(ended_on), age_band=age_band,
        )  # fmt: skip
        for week in range(treatment_sessions):
            self.session(episode, start + dt.timedelta(weeks=week + 1))
        self.session(episode, start, attendance="dna")  # not attended: never counted
        for code, series in values.items():
            for k, value in enumerate(series):
                self.score(episode, person, code, value, start + dt.timedelta(weeks=k + 1))
        return episode


def outcome_rows(extract: Extract, root: Path) -> dict[str, list[KPIRow]]:
    """Write the extract under `root` and run the outcome KPIs over it."""
    extract.write(root)
    con = store.open_store(root)
    try:
        return engine.run(con, outcome_kpis.OUTCOME_KPIS)
    finally:
        con.close()


__all__ = ["MONTH", "ONS_CODE", "OutcomeExtract", "outcome_rows"]
