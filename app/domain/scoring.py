"""Scoring an action-plan assessment. Pure: no Qt, no database.

Each criterion is scored 0–4 (absent … exemplary) with a weight. A section's score and the
overall score are weighted means of the scored criteria, shown as a percentage of the maximum
(4). A criterion marked not applicable carries no weight. An assessment can be finalised only when
every criterion is scored or marked not applicable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.vocab import ASSESSMENT_SCALE

MAX_SCORE = ASSESSMENT_SCALE[1]


@dataclass(frozen=True)
class Scored:
    criterion_id: int
    section_id: int
    weight: float
    score: int | None
    not_applicable: bool = False

    @property
    def open(self) -> bool:
        """Neither scored nor marked not applicable."""
        return self.score is None and not self.not_applicable


def weighted_mean(items: Iterable[Scored]) -> float | None:
    """Weighted mean score (0–4) of the scored criteria; None when nothing is scored."""
    total = weight = 0.0
    for item in items:
        if item.score is None or item.not_applicable:
            continue
        total += item.score * item.weight
        weight += item.weight
    return total / weight if weight else None


def percent(mean: float | None) -> float | None:
    return None if mean is None else 100.0 * mean / MAX_SCORE


def section_percents(items: Iterable[Scored]) -> dict[int, float | None]:
    by_section: dict[int, list[Scored]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    return {sid: percent(weighted_mean(group)) for sid, group in by_section.items()}


def overall_percent(items: Iterable[Scored]) -> float | None:
    return percent(weighted_mean(items))


def open_criteria(items: Iterable[Scored]) -> list[int]:
    return [i.criterion_id for i in items if i.open]


def check_score(score: int | None) -> None:
    if score is not None and not (ASSESSMENT_SCALE[0] <= score <= ASSESSMENT_SCALE[1]):
        raise ValueError(f"A score goes from {ASSESSMENT_SCALE[0]} to {ASSESSMENT_SCALE[1]}.")


def format_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def format_change(now: float | None, before: float | None) -> str:
    """ "+6 pts", "−3 pts", "±0 pts" or "" when either side is missing."""
    if now is None or before is None:
        return ""
    delta = round(now - before)
    if delta > 0:
        return f"+{delta} pts"
    if delta < 0:
        return f"−{-delta} pts"
    return "±0 pts"
