"""Read a service's month of outcome KPIs from the operational borough's extract, for the summary.

The outcome KPIs (`analytics/kpis/outcome_kpis.py`) run over the borough's own extract
(EXTRACT_DIR/<BOROUGH_ONS_CODE>) once for every service and month, as part of the alliance's load
(`alliance.load`): they are run again, with everything else a page made of that load, only when an
extract's manifest changes (a refresh wrote a batch). A page then asks for one service's month
from rows already in memory. The extract is brought up to date a minute or so after each write
(`analytics/tasks.py`); `analytics.refresh.freshness` says how fresh it is, and the page says so.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from livingwell.analytics.kpis import outcome_kpis
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.analytics.kpis.store import ExtractError
from livingwell.insight import alliance
from livingwell.insight.outcomes_summary import Counts, Dimension, counts_by_group
from livingwell.people.codes import ETHNIC_GROUP, Sex

NOT_KNOWN_ETHNICITY = "Not stated or not known"


def _sex(code: str) -> str:
    return str(dict(Sex.choices).get(code, "Not known")).split(" (")[0]


DIMENSIONS = (
    Dimension("Ethnic group", "ethnicity", lambda code: ETHNIC_GROUP.get(code, NOT_KNOWN_ETHNICITY)),
    Dimension("Sex", "sex", _sex),
    Dimension("Age band", "age", lambda band: band or "Not known"),
)


class NoOutcomeFigures(Exception):
    """There is no extract of the borough to count from yet, or it cannot be read (the message says)."""


# The alliance's own message names the extract folder and the command to run: for an analyst, not
# for the commissioners and practitioners who read this page.
NOT_WRITTEN = "The analytic extract has not been written yet, so there are no figures to show."


def _by_service_and_month(data: alliance.Alliance) -> dict[tuple[str, dt.date], dict[str, list[KPIRow]]]:
    """Return the outcome KPIs' rows of the operational borough by service (its `grp` prefix) and month.

    Made once per load, so that a page reads only its own service's month, not every row.
    """
    # The operational borough's own KPIs, run once per load (the hub's are run the same way).
    rows = data.hub_rows(outcome_kpis.OUTCOME_KPIS)
    found: dict[tuple[str, dt.date], dict[str, list[KPIRow]]] = defaultdict(lambda: defaultdict(list))
    for kpi_id, kpi_rows in rows.items():
        for r in kpi_rows:
            found[(r.grp.split(outcome_kpis.SEPARATOR, 1)[0], r.month)][kpi_id].append(r)
    return {key: dict(by_kpi) for key, by_kpi in found.items()}


def _loaded() -> alliance.Alliance:
    try:
        data = alliance.load()
        data.own  # noqa: B018 - raises NoExtract when the operational borough has none
    except alliance.NoExtract:
        raise NoOutcomeFigures(NOT_WRITTEN) from None
    except ExtractError as error:
        raise NoOutcomeFigures(str(error)) from None
    return data


def service_month(service_id: int, month: dt.date) -> dict[str, Counts]:
    """Return a service's counts for the month (raises NoOutcomeFigures when there is no extract)."""
    data = _loaded()
    try:
        index = data.derived("outcomes-summary-rows", lambda: _by_service_and_month(data))
    except ExtractError as error:
        raise NoOutcomeFigures(str(error)) from None
    rows = index.get((outcome_kpis.grp(service_id), month), {})
    return counts_by_group(rows, data.own.ons_code, service_id, month)
