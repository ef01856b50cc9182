"""Realistic synthetic questionnaire answers for the demo borough (pure: NumPy only, seeded).

Assumptions, stated so they can be argued with: about half of people at caseness recover
(NHS Talking Therapies reports recovery near its 50% standard; Lambeth 56% in 2021/22, DOMAIN.md
§1); services differ by a few points either way; and, as national data show, Black people and
younger adults recover somewhat less often (our synthetic gap: 8 and 5 points), so the equity
breakdowns have something real to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from livingwell.outcomes.instruments import get_instrument

# Tuned so that Talking Therapies recovery on the demo borough lands near 50% (44.9% at 0.56).
BASE_RESPONSE_PROBABILITY = 0.61
GROUP_GAP = {"Black": -0.08, "Mixed or other": -0.04}
YOUNG_GAP = -0.05


@dataclass(frozen=True)
class PersonProfile:
    ethnic_group: str
    age: int
    service_effect: float


def responds(rng: np.random.Generator, profile: PersonProfile) -> bool:
    """Return whether this person's scores improve markedly over the episode."""
    p = BASE_RESPONSE_PROBABILITY + profile.service_effect + GROUP_GAP.get(profile.ethnic_group, 0.0)
    if profile.age < 25:
        p += YOUNG_GAP
    return bool(rng.random() < min(max(p, 0.05), 0.95))


def trajectory(rng: np.random.Generator, start: float, end: float, points: int) -> list[float]:
    """Return ``points`` values moving from ``start`` towards ``end`` with some noise."""
    if points == 1:
        return [start]
    steps = np.linspace(start, end, points) + rng.normal(0, 1.2, points)
    steps[0], steps[-1] = start, end
    return [float(v) for v in steps]


def item_answers(rng: np.random.Generator, code: str, target: float) -> list[int]:
    """Return item answers whose scored total is ``target`` (rounded into range), reverse items included."""
    definition = get_instrument(code)
    n, low, high = definition.item_count, definition.answer_min, definition.answer_max
    total = round(min(max(target, n * low), n * high))
    scores = [low] * n
    risk = {r.number for r in definition.risk_items}
    # A risk item is usually 0; sometimes 1 for people scoring high, as in clinical samples.
    for number in risk:
        if total >= 15 + low * n and rng.random() < 0.08:
            scores[number - 1] = low + 1
    open_items = [i for i in range(n) if i + 1 not in risk]
    remaining = total - sum(scores)
    while remaining > 0:
        choices = [i for i in open_items if scores[i] < high]
        if not choices:
            break
        # choices[integers(k)] draws exactly what rng.choice(choices) would, six times faster.
        scores[choices[int(rng.integers(len(choices)))]] += 1
        remaining -= 1
    # Only a total beyond what the other items can hold reaches the risk item.
    for number in risk:
        extra = min(remaining, high - scores[number - 1])
        scores[number - 1] += extra
        remaining -= extra
    # The scorer reverses these items, so give the answer that scores as intended.
    return [low + high - s if i + 1 in definition.reverse_items else s for i, s in enumerate(scores)]


def symptom_pair(rng: np.random.Generator, improves: bool, points: int) -> tuple[list[float], list[float]]:
    """Return PHQ-9 and GAD-7 totals over ``points`` completions for one person."""
    phq_start = float(np.clip(rng.normal(15, 4.5), 4, 27))
    gad_start = float(np.clip(phq_start * 0.75 + rng.normal(0, 2.5), 3, 21))
    if improves:
        phq_end, gad_end = phq_start * rng.uniform(0.2, 0.55), gad_start * rng.uniform(0.2, 0.55)
    else:
        phq_end, gad_end = phq_start * rng.uniform(0.75, 1.15), gad_start * rng.uniform(0.75, 1.15)
    return trajectory(rng, phq_start, min(phq_end, 27), points), trajectory(
        rng, gad_start, min(gad_end, 21), points
    )


def wellbeing_pair(rng: np.random.Generator, improves: bool, points: int) -> tuple[list[float], list[float]]:
    """Return SWEMWBS raw and CORE-10 totals over ``points`` completions for one person."""
    sw_start = float(np.clip(rng.normal(18, 3.5), 7, 35))
    core_start = float(np.clip(rng.normal(19, 5.5), 2, 40))
    if improves:
        sw_end, core_end = sw_start + rng.uniform(3, 8), core_start * rng.uniform(0.3, 0.6)
    else:
        sw_end, core_end = sw_start + rng.uniform(-2, 2), core_start * rng.uniform(0.8, 1.15)
    return trajectory(rng, sw_start, min(sw_end, 35), points), trajectory(
        rng, core_start, min(core_end, 40), points
    )
