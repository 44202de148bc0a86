"""Parsing what people type as hours, and the rules for one time entry."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.hours import (
    EntryContext,
    EntryInput,
    clean_entry,
    format_hours,
    format_minutes,
    parse_duration,
    round_to_quarter,
)
from app.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1:30", 90),
        ("1.5", 90),
        ("1,5", 90),
        ("1,25", 75),
        ("0:15", 15),
        ("2h", 120),
        ("1h30", 90),
        ("45 min", 45),
        ("24", 1440),
        (2.75, 165),
        (3, 180),
    ],
)
def test_parse_duration_accepts_common_forms(text: str | float, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the hours"),
        ("abc", "not a number of hours"),
        ("0", "more than zero"),
        ("-1", "not a number of hours"),
        ("1:10", "quarter-hour steps"),
        ("1.1", "quarter-hour steps"),
        ("30", "24 hours"),
        ("1:75", "fewer than 60"),
        (float("nan"), "more than zero"),
    ],
)
def test_parse_duration_explains_bad_input(text: str | float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration(text)


def test_formatting_and_rounding() -> None:
    assert format_minutes(90) == "1:30"
    assert format_hours(90) == "1.5" and format_hours(75) == "1.25" and format_hours(120) == "2"
    assert [round_to_quarter(m) for m in (1, 7, 8, 52, 53)] == [15, 15, 15, 45, 60]


CTX = EntryContext(
    today=dt.date(2026, 11, 29),
    other_minutes_that_day=0,
    assigned_cluster_ids=frozenset({1}),
    cluster_names={2: "GAIA"},
)


def entry(**kw) -> EntryInput:  # type: ignore[no-untyped-def]
    base = {
        "officer_id": 1,
        "entry_date": dt.date(2026, 11, 2),
        "minutes": 90,
        "activity": "preparation",
        "cluster_id": 1,
    }
    base.update(kw)
    return EntryInput(**base)


def test_a_good_entry_passes_with_its_description_tidied() -> None:
    out, warnings = clean_entry(entry(description="  R&D <b> board\n prep "), CTX)
    assert out.description == "R&D <b> board prep"
    assert warnings == []


def test_future_dates_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        clean_entry(entry(entry_date=dt.date(2026, 11, 30)), CTX)
    assert "future" in info.value.problems["entry_date"]


def test_day_total_includes_existing_entries() -> None:
    ctx = EntryContext(
        CTX.today, other_minutes_that_day=23 * 60, assigned_cluster_ids=frozenset({1})
    )
    with pytest.raises(ValidationError) as info:
        clean_entry(entry(minutes=90), ctx)
    assert "over 24 hours" in info.value.problems["minutes"]
    clean_entry(entry(minutes=60), ctx)  # exactly 24 h is allowed


def test_closed_year_is_refused() -> None:
    ctx = EntryContext(CTX.today, 0, frozenset({1}), closed_years=frozenset({2025}))
    with pytest.raises(ValidationError, match="2025 is closed"):
        clean_entry(entry(entry_date=dt.date(2025, 5, 5)), ctx)


def test_unassigned_cluster_warns_but_passes() -> None:
    out, warnings = clean_entry(entry(cluster_id=2), CTX)
    assert out.cluster_id == 2
    assert warnings and "not assigned to GAIA" in warnings[0]


@pytest.mark.parametrize(
    ("minutes", "word"), [(0, "more than zero"), (70, "quarter"), (1500, "24 hours")]
)
def test_bad_minutes(minutes: int, word: str) -> None:
    with pytest.raises(ValidationError, match=word):
        clean_entry(entry(minutes=minutes), CTX)


def test_unknown_activity() -> None:
    with pytest.raises(ValidationError, match="activity"):
        clean_entry(entry(activity="napping"), CTX)
