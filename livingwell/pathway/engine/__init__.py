"""The pathway engine: a pure-Python discrete-event model of the borough's pathway on SimPy.

Build, run and collect are separate steps (as in Ciw): `load_scenario` → `build_network` →
`run_replication` / `run_replications` → `summarise`. Nothing here imports Django.
"""

from livingwell.pathway.engine.model import Network, build_network
from livingwell.pathway.engine.queueing import erlang_c, offered_utilisation, scenario_warnings
from livingwell.pathway.engine.replications import DEFAULT_SEED, replication_seeds, run_replications
from livingwell.pathway.engine.results import (
    MonthRecord,
    ReplicationResult,
    ServiceRecord,
    SummaryRow,
    SystemRecord,
    compare,
    summarise,
    summarise_months,
)
from livingwell.pathway.engine.run import run_replication
from livingwell.pathway.engine.scenario import (
    Scenario,
    ScenarioError,
    load_scenario,
    scenario_from_mapping,
)

__all__ = [
    "DEFAULT_SEED",
    "MonthRecord",
    "Network",
    "ReplicationResult",
    "Scenario",
    "ScenarioError",
    "ServiceRecord",
    "SummaryRow",
    "SystemRecord",
    "build_network",
    "compare",
    "erlang_c",
    "load_scenario",
    "offered_utilisation",
    "replication_seeds",
    "run_replication",
    "run_replications",
    "scenario_from_mapping",
    "scenario_warnings",
    "summarise",
    "summarise_months",
]
