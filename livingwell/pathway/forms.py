"""Forms for the pathway pages: choose a baseline, then plan capacities over its services."""

from __future__ import annotations

from typing import Any

from django import forms

from livingwell.pathway.baselines import Baseline
from livingwell.pathway.comparisons import CapacityPlan
from livingwell.pathway.engine import Scenario
from livingwell.pathway.names import service_name

MAX_PLACES = 100_000


class BaselineForm(forms.Form):
    baseline = forms.ChoiceField(
        label="Which scenario do you want to start from?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a scenario to start from",
            "invalid_choice": "Choose one of the scenarios listed",
        },
    )

    def __init__(self, *args: Any, baselines: list[Baseline], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["baseline"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(b.key, b.label) for b in baselines]


def _label(service: str) -> str:
    return service_name(service)


class PlanForm(forms.Form):
    """Capacity now, and one planned change, for every service of the scenario."""

    def __init__(self, *args: Any, scenario: Scenario, months: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scenario, self.months = scenario, months
        for name, service in scenario.services.items():
            label = _label(name)
            first = service.capacity.changes[0] if service.capacity.changes else None
            # A scenario's own planned change may lie beyond a shortened run (tests, quick looks);
            # it must not make the untouched form invalid.
            last_month = max(months - 1, first.month if first else 1)
            self.fields[f"{name}-capacity"] = forms.IntegerField(
                label=f"{label}: places now",
                help_text=service.description,
                min_value=0, max_value=MAX_PLACES, initial=service.capacity.value,
                error_messages={
                    "required": f"Enter the places {label.lower()} has now",
                    "invalid": "Enter a whole number, like 40",
                    "min_value": "Enter 0 or more places",
                    "max_value": f"Enter no more than {MAX_PLACES:,} places",
                },
            )  # fmt: skip
            self.fields[f"{name}-change_month"] = forms.IntegerField(
                label=f"{label}: change from month (optional)",
                help_text=f"Month of the run, 1 to {last_month}",
                required=False, min_value=1, max_value=last_month,
                initial=first.month if first else None,
                error_messages={
                    "invalid": "Enter a whole number of months, like 18",
                    "min_value": "Enter month 1 or later",
                    "max_value": f"Enter month {last_month} or earlier (the run lasts {months} months)",
                },
            )  # fmt: skip
            self.fields[f"{name}-change_capacity"] = forms.IntegerField(
                label=f"{label}: places from that month (optional)",
                required=False, min_value=0, max_value=MAX_PLACES,
                initial=first.value if first else None,
                error_messages={
                    "invalid": "Enter a whole number, like 40",
                    "min_value": "Enter 0 or more places",
                    "max_value": f"Enter no more than {MAX_PLACES:,} places",
                },
            )  # fmt: skip

    def services(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Return each service's label and its three bound fields, for one fieldset each."""
        return [
            (
                _label(name),
                [self[f"{name}-{part}"] for part in ("capacity", "change_month", "change_capacity")],
            )
            for name in self.scenario.services
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.scenario.services:
            month, places = data.get(f"{name}-change_month"), data.get(f"{name}-change_capacity")
            if month is not None and places is None and f"{name}-change_capacity" not in self.errors:
                self.add_error(
                    f"{name}-change_capacity", "Enter the places from that month, or clear the month"
                )
            if places is not None and month is None and f"{name}-change_month" not in self.errors:
                self.add_error(
                    f"{name}-change_month", "Enter the month the change starts, or clear the places"
                )
        return data

    def plans(self) -> list[CapacityPlan]:
        """Return the planned capacities (valid forms only)."""
        data = self.cleaned_data
        return [
            CapacityPlan(
                name,
                data[f"{name}-capacity"],
                data.get(f"{name}-change_month"),
                data.get(f"{name}-change_capacity"),
            )
            for name in self.scenario.services
        ]
