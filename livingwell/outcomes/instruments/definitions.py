"""The shape of an instrument definition: structure and scoring rules as plain data.

The numbers themselves live in the catalogue modules (``symptom_measures``,
``wellbeing_measures``, ``person_centred_measures``), each with its published source.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from livingwell.statistics.direction import Improvement


class Scoring(enum.Enum):
    """How item scores become the reported value."""

    SUM = "sum"
    # Reported through the SWEMWBS raw-to-metric conversion table.
    SWEMWBS_METRIC = "swemwbs_metric"
    # Mean of a named group of items (DIALOG); other groups become subscores.
    MEAN_OF_GROUP = "mean_of_group"
    # A single rating reported as given (Goal-Based Outcomes).
    SINGLE_RATING = "single_rating"


class Comparison(enum.Enum):
    """How a value is compared with a threshold; every cut-off states one explicitly."""

    AT_LEAST = ">="
    MORE_THAN = ">"
    LESS_THAN = "<"

    def holds(self, value: float, threshold: float) -> bool:
        """Return whether ``value`` stands in this relation to ``threshold``."""
        if self is Comparison.AT_LEAST:
            return value >= threshold
        if self is Comparison.MORE_THAN:
            return value > threshold
        return value < threshold


@dataclass(frozen=True)
class Band:
    """A severity band: it runs from ``minimum`` (>=) up to the next band's minimum (<)."""

    label: str
    minimum: float


@dataclass(frozen=True)
class ClinicalCutoff:
    """The rule that places a reported value in the clinical range ("a case")."""

    comparison: Comparison
    threshold: float
    source: str

    def is_case(self, value: float) -> bool:
        """Return whether ``value`` is in the clinical range."""
        return self.comparison.holds(value, self.threshold)


@dataclass(frozen=True)
class ReliableChange:
    """The smallest change in the reported value that counts as reliable."""

    comparison: Comparison
    threshold: float
    source: str

    def is_reliable(self, change: float) -> bool:
        """Return whether an absolute change of ``change`` is reliable."""
        return self.comparison.holds(abs(change), self.threshold)


@dataclass(frozen=True)
class RiskItem:
    """An item whose answer must be seen by a person whatever the total."""

    number: int
    flag: str
    # An answer strictly above this raw value raises the flag.
    raised_above: int


@dataclass(frozen=True)
class ItemGroup:
    """A named group of items (1-based numbers) scored together, e.g. DIALOG's life domains."""

    name: str
    items: tuple[int, ...]


@dataclass(frozen=True)
class InstrumentDefinition:
    """Everything the platform needs to score one instrument, and nothing licensed."""

    code: str
    name: str
    item_count: int
    answer_min: int
    answer_max: int
    scoring: Scoring
    improvement: Improvement
    value_min: float
    value_max: float
    reverse_items: tuple[int, ...] = ()
    bands: tuple[Band, ...] = ()
    cutoff: ClinicalCutoff | None = None
    reliable_change: ReliableChange | None = None
    # Why change is not classified when ``reliable_change`` is None.
    no_reliable_change_reason: str = ""
    # How many unanswered items the publisher allows before a score may not be given.
    max_prorated_items: int = 0
    risk_items: tuple[RiskItem, ...] = ()
    # For MEAN_OF_GROUP: the first group is the reported value, the rest are subscores.
    item_groups: tuple[ItemGroup, ...] = ()
    # Whether the item wording is licensed (and so never held in this repository).
    wording_licensed: bool = True

    @property
    def answer_count(self) -> int:
        """Return how many answer options each item has."""
        return self.answer_max - self.answer_min + 1

    def band_for(self, value: float) -> str | None:
        """Return the label of the band that ``value`` falls in, or None if there are none."""
        label: str | None = None
        for band in self.bands:
            if value >= band.minimum:
                label = band.label
        return label
