"""The hours-progress rules (app/domain/progress.py), case by case."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.progress import compute_progress, prorated_target, round_half, service_period

D = dt.date


def progress(logged: float, as_of: dt.date, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("base_target", 100.0)
    p = compute_progress(
        year=as_of.year if "year" not in kw else kw.pop("year"), as_of=as_of, logged=logged, **kw
    )
    assert p is not None
    return p


def test_round_half() -> None:
    assert [round_half(x) for x in (62.24, 62.25, 62.74, 62.75, 0.2)] == [
        62.0,
        62.5,
        62.5,
        63.0,
        0.0,
    ]


def test_full_year_target_is_not_prorated() -> None:
    assert prorated_target(100, 2026, None, None) == 100.0
    assert prorated_target(120, 2026, D(2020, 1, 1), D(2030, 1, 1)) == 120.0


def test_target_prorated_for_a_mid_year_start_and_leave() -> None:
    # 1 May to 31 Dec 2026: 245 of 365 days → 67.12 h → 67.0
    assert prorated_target(100, 2026, D(2026, 5, 1), None) == 67.0
    # 1 Jan to 30 Jun 2024 (leap year): 182 of 366 days → 49.73 → 49.5
    assert prorated_target(100, 2024, None, D(2024, 6, 30)) == 49.5
    assert prorated_target(100, 2026, D(2027, 1, 1), None) == 0.0


def test_service_period_outside_the_year_is_none() -> None:
    assert service_period(2026, D(2027, 1, 1), None) is None
    assert service_period(2026, None, D(2025, 12, 31)) is None
    assert (
        compute_progress(
            year=2026, as_of=D(2026, 6, 1), base_target=100, logged=0, service_end=D(2025, 12, 31)
        )
        is None
    )


def test_on_track_mid_year() -> None:
    p = progress(55, D(2026, 6, 30))  # 181 of 365 days
    assert p.fraction == pytest.approx(181 / 365)
    assert p.expected == pytest.approx(100 * 181 / 365)
    assert p.projected == pytest.approx(55 / (181 / 365))
    assert p.status == "on_track"
    assert p.needed_per_month == pytest.approx(45 / (184 / (365.25 / 12)))


def test_at_risk_between_75_and_100_percent_of_expected() -> None:
    expected = 100 * 181 / 365
    assert progress(expected * 0.80, D(2026, 6, 30)).status == "at_risk"
    assert progress(expected * 0.75, D(2026, 6, 30)).status == "at_risk"


def test_behind_below_75_percent_of_expected() -> None:
    expected = 100 * 181 / 365
    assert progress(expected * 0.74, D(2026, 6, 30)).status == "behind"


def test_met_as_soon_as_target_reached_even_early() -> None:
    p = progress(100, D(2026, 3, 1))
    assert p.status == "met"
    assert p.needed_per_month == 0


def test_missed_once_the_period_is_over() -> None:
    p = progress(96, D(2027, 1, 15), year=2026)
    assert p.status == "missed"
    assert p.projected == 96  # P = L once over
    assert p.needed_per_month == 0
    assert p.fraction == 1


def test_last_day_is_not_over_yet_and_needs_the_whole_shortfall() -> None:
    p = progress(90, D(2026, 12, 31))
    assert p.status == "at_risk"
    assert p.needed_per_month == pytest.approx(10)
    assert p.projected == 90


def test_leaving_mid_year_ends_the_period_early() -> None:
    p = progress(40, D(2026, 9, 1), service_end=D(2026, 6, 30))
    assert p.target == 49.5
    assert p.status == "missed"
    assert p.period_end == D(2026, 6, 30)


def test_before_the_start_nothing_is_expected() -> None:
    p = progress(0, D(2026, 3, 1), service_start=D(2026, 5, 1))
    assert (p.fraction, p.expected, p.projected, p.status) == (0, 0, 0, "on_track")


def test_sentence_reads_like_the_brief() -> None:
    p = progress(42, D(2026, 6, 30))
    text = p.sentence()
    assert text.startswith("42 of 100 h by 30 Jun · ")
    assert "h/month still needed" in text and "projected 85 h" in text and text.endswith("at risk")
