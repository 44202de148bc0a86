"""Cluster maturity: averages, deltas, peer groups, ECCP eligibility, ESCA label expiry, and the
working-group planner's ranking. Pure: no Qt, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

WEAK_MAX = 2  # level ≤ 2: weak in a dimension
STRONG_MIN = 4  # level ≥ 4: a potential mentor
LABEL_WARNING_DAYS = 183  # "expires within six months"


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool | None  # None: not known
    detail: str


def _threshold(name: str, value: float | None, minimum: float, what: str, unknown: str) -> Check:
    if value is None:
        return Check(name, None, unknown)
    if value >= minimum:
        return Check(name, True, f"{value:g} {what}")
    return Check(name, False, f"only {value:g} {what} ({minimum:g} needed)")


def eccp_checks(
    *,
    management_fte: float | None,
    member_count: int | None,
    helix_types: int | None,
    website: str,
) -> list[Check]:
    """The ECCP eligibility criteria: ≥ 0.5 FTE management, ≥ 15 members, ≥ 2 triple-helix member
    types, an active website. Unknown facts are reported as unknown, not as failures."""
    site = website.strip()
    return [
        _threshold(
            "Management ≥ 0.5 FTE",
            management_fte,
            0.5,
            "FTE of dedicated management",
            "management staff not recorded",
        ),
        _threshold("At least 15 members", member_count, 15, "members", "member count not recorded"),
        _threshold(
            "Two or more triple-helix member types",
            helix_types,
            2,
            "triple-helix member types",
            "triple-helix mix not recorded",
        ),
        Check("Active website", bool(site), site if site else "no website recorded"),
    ]


def eccp_eligible(checks: Iterable[Check]) -> bool | None:
    """True when every check passes, False when any fails, None when some are unknown."""
    results = [c.passed for c in checks]
    if any(r is False for r in results):
        return False
    if any(r is None for r in results):
        return None
    return True


def label_state(label: str, expiry: dt.date | None, today: dt.date) -> tuple[str, str]:
    """("none" | "valid" | "expiring" | "expired" | "no_date", words for people)."""
    if label == "none":
        return "none", "no ESCA label"
    name = label.capitalize()
    if expiry is None:
        return "no_date", f"{name} label, expiry not recorded"
    days = (expiry - today).days
    if days < 0:
        return "expired", f"{name} label expired {-days} days ago ({expiry:%d %b %Y})"
    if days <= LABEL_WARNING_DAYS:
        return "expiring", f"{name} label expires in {days} days ({expiry:%d %b %Y})"
    return "valid", f"{name} label valid until {expiry:%d %b %Y}"


def averages(profiles: Iterable[Mapping[str, int]]) -> dict[str, float]:
    """The mean level of each dimension over the given profiles (dimension name → level)."""
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for levels in profiles:
        for dim, level in levels.items():
            sums[dim] = sums.get(dim, 0.0) + level
            counts[dim] = counts.get(dim, 0) + 1
    return {dim: sums[dim] / counts[dim] for dim in sums}


def deltas(now: Mapping[str, int], before: Mapping[str, int] | None) -> dict[str, int | None]:
    """Change per dimension since the previous profile (None where either is missing)."""
    if before is None:
        return {dim: None for dim in now}
    return {dim: (level - before[dim]) if dim in before else None for dim, level in now.items()}


def format_delta(delta: int | None) -> str:
    if delta is None:
        return "new"
    if delta > 0:
        return f"▲ +{delta}"
    if delta < 0:
        return f"▼ −{-delta}"
    return "= 0"


def weak_and_strong(
    latest: Mapping[int, Mapping[str, int]], dimension: str
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(weak, strong) clusters in a dimension as (cluster id, level) pairs, lowest/highest first."""
    weak = sorted(
        (
            (cid, lv[dimension])
            for cid, lv in latest.items()
            if dimension in lv and lv[dimension] <= WEAK_MAX
        ),
        key=lambda t: (t[1], t[0]),
    )
    strong = sorted(
        (
            (cid, lv[dimension])
            for cid, lv in latest.items()
            if dimension in lv and lv[dimension] >= STRONG_MIN
        ),
        key=lambda t: (-t[1], t[0]),
    )
    return weak, strong


def rank_dimensions(
    latest: Mapping[int, Mapping[str, int]], dimensions: Iterable[str]
) -> list[tuple[str, int, int]]:
    """Dimensions ranked for a working group: most weak clusters first, then most mentors.
    Returns (dimension, weak count, strong count)."""
    out = []
    for dim in dimensions:
        weak, strong = weak_and_strong(latest, dim)
        out.append((dim, len(weak), len(strong)))
    return sorted(out, key=lambda t: (-t[1], -t[2], t[0]))
