"""Maturity rules: ECCP eligibility, ESCA label expiry, averages, deltas, planner ranking."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.maturity import (
    averages,
    deltas,
    eccp_checks,
    eccp_eligible,
    format_delta,
    label_state,
    rank_dimensions,
    weak_and_strong,
)

TODAY = dt.date(2026, 11, 29)


def test_eccp_all_met() -> None:
    checks = eccp_checks(
        management_fte=1.5, member_count=120, helix_types=3, website="www.gaia.eus"
    )
    assert [c.passed for c in checks] == [True, True, True, True]
    assert eccp_eligible(checks) is True


def test_eccp_thresholds_are_inclusive_and_failures_explained() -> None:
    checks = eccp_checks(management_fte=0.5, member_count=15, helix_types=2, website=" x.eus ")
    assert eccp_eligible(checks) is True
    checks = eccp_checks(management_fte=0.4, member_count=14, helix_types=1, website="")
    assert [c.passed for c in checks] == [False, False, False, False]
    assert checks[0].detail == "only 0.4 FTE of dedicated management (0.5 needed)"
    assert checks[1].detail == "only 14 members (15 needed)"
    assert eccp_eligible(checks) is False


def test_eccp_unknown_facts_are_unknown_not_failures() -> None:
    checks = eccp_checks(management_fte=None, member_count=40, helix_types=None, website="x.eus")
    assert [c.passed for c in checks] == [None, True, None, True]
    assert eccp_eligible(checks) is None
    assert "not recorded" in checks[0].detail


@pytest.mark.parametrize(
    ("label", "expiry", "state"),
    [
        ("none", None, "none"),
        ("gold", None, "no_date"),
        ("gold", dt.date(2026, 11, 28), "expired"),
        ("gold", TODAY, "expiring"),
        ("silver", TODAY + dt.timedelta(days=183), "expiring"),
        ("bronze", TODAY + dt.timedelta(days=184), "valid"),
    ],
)
def test_label_state(label: str, expiry: dt.date | None, state: str) -> None:
    assert label_state(label, expiry, TODAY)[0] == state


def test_label_words() -> None:
    assert (
        label_state("gold", dt.date(2027, 1, 28), TODAY)[1]
        == "Gold label expires in 60 days (28 Jan 2027)"
    )
    assert label_state("bronze", dt.date(2026, 11, 19), TODAY)[1].startswith(
        "Bronze label expired 10 days ago"
    )


def test_averages_and_deltas() -> None:
    profiles = [{"Financing": 2, "Strategy": 4}, {"Financing": 3}, {"Financing": 4, "Strategy": 2}]
    assert averages(profiles) == {"Financing": 3.0, "Strategy": 3.0}
    assert deltas({"Financing": 3, "Strategy": 4}, {"Financing": 2}) == {
        "Financing": 1,
        "Strategy": None,
    }
    assert deltas({"Financing": 3}, None) == {"Financing": None}
    assert [format_delta(x) for x in (2, -1, 0, None)] == ["▲ +2", "▼ −1", "= 0", "new"]


def test_weak_strong_and_ranking() -> None:
    latest = {
        1: {"Financing": 1, "Internationalisation": 4},
        2: {"Financing": 2, "Internationalisation": 5},
        3: {"Financing": 4, "Internationalisation": 2},
        4: {"Financing": 5},
    }
    weak, strong = weak_and_strong(latest, "Financing")
    assert weak == [(1, 1), (2, 2)] and strong == [(4, 5), (3, 4)]
    assert rank_dimensions(latest, ["Internationalisation", "Financing"]) == [
        ("Financing", 2, 2),
        ("Internationalisation", 1, 2),
    ]
