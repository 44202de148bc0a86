"""Weighted scoring of an assessment (app/domain/scoring.py)."""

from __future__ import annotations

import pytest

from app.domain.scoring import (
    Scored,
    format_change,
    format_percent,
    open_criteria,
    overall_percent,
    section_percents,
    weighted_mean,
)


def test_weighted_mean_and_percent() -> None:
    items = [Scored(1, 10, 1.5, 4), Scored(2, 10, 1.0, 2), Scored(3, 20, 0.5, 0)]
    assert weighted_mean(items) == pytest.approx((6 + 2 + 0) / 3.0)
    assert overall_percent(items) == pytest.approx(100 * (8 / 3) / 4)
    assert section_percents(items) == {10: pytest.approx(100 * 8 / 2.5 / 4), 20: 0.0}


def test_not_applicable_removes_the_weight() -> None:
    with_na = [Scored(1, 10, 1.0, 4), Scored(2, 10, 3.0, None, not_applicable=True)]
    assert overall_percent(with_na) == 100.0
    assert open_criteria(with_na) == []


def test_unscored_are_open_and_do_not_count() -> None:
    items = [Scored(1, 10, 1.0, 2), Scored(2, 10, 1.0, None)]
    assert overall_percent(items) == 50.0
    assert open_criteria(items) == [2]
    assert overall_percent([Scored(1, 10, 1.0, None)]) is None


def test_formatting() -> None:
    assert format_percent(None) == "–" and format_percent(66.66) == "67%"
    assert format_change(70, 64.4) == "+6 pts"
    assert format_change(60, 63) == "−3 pts"
    assert format_change(60, 60.2) == "±0 pts"
    assert format_change(None, 60) == ""
