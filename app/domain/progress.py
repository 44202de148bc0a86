"""Progress of an officer's hours against the yearly target. Pure arithmetic, fully unit-tested.

For an officer, a year Y and an as-of date A:
- the service period in Y is Y's days between the officer's start and leave dates;
- target T = the yearly target (100 h by default) pro-rated by the share of Y's days in the
  service period, rounded to the nearest half hour;
- f = days of the service period up to A inclusive ÷ days of the service period;
- logged L = hours dated in Y up to A; expected E = T·f; projected P = L ÷ f (P = L once the
  period is over);
- needed per month = (T − L) ÷ months left in the period (at least one while it runs), never
  below 0, and 0 once the period is over;
- status: met if L ≥ T; else missed if the period is over; else on track if L ≥ E; at risk if
  L ≥ 0.75·E; otherwise behind.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

STATUSES: dict[str, str] = {
    "met": "met",
    "on_track": "on track",
    "at_risk": "at risk",
    "behind": "behind",
    "missed": "missed",
}
AT_RISK_SHARE = 0.75
DAYS_PER_MONTH = 365.25 / 12
EPS = 1e-9  # expected hours are fractions: compare without float noise


def round_half(hours: float) -> float:
    """Round to the nearest half hour (halves round up: 62.25 → 62.5)."""
    return math.floor(hours * 2 + 0.5) / 2


def service_period(
    year: int, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """The days of ``year`` inside [start, end]; None when the officer did not serve in it."""
    first = max(dt.date(year, 1, 1), start or dt.date.min)
    last = min(dt.date(year, 12, 31), end or dt.date.max)
    return (first, last) if first <= last else None


def prorated_target(
    base_hours: float, year: int, start: dt.date | None, end: dt.date | None
) -> float:
    period = service_period(year, start, end)
    if period is None:
        return 0.0
    year_days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    days = (period[1] - period[0]).days + 1
    return round_half(base_hours * days / year_days)


@dataclass(frozen=True)
class Progress:
    year: int
    as_of: dt.date
    period_start: dt.date
    period_end: dt.date
    target: float
    logged: float
    fraction: float  # f: share of the service period elapsed by as_of
    expected: float
    projected: float
    needed_per_month: float
    status: str  # a key of STATUSES

    @property
    def over(self) -> bool:
        return self.as_of > self.period_end

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    def sentence(self) -> str:
        """ "42 of 100 h by 30 Jun · 4.3 h/month still needed · projected 96 h — at risk"."""
        by = min(self.as_of, self.period_end)
        parts = [f"{self.logged:g} of {self.target:g} h by {by.day} {by:%b}"]
        if not self.over and self.status != "met":
            parts.append(f"{self.needed_per_month:.1f} h/month still needed")
        parts.append(f"projected {self.projected:.0f} h")
        return " · ".join(parts) + f" — {self.status_label}"


def compute_progress(
    *,
    year: int,
    as_of: dt.date,
    base_target: float,
    logged: float,
    service_start: dt.date | None = None,
    service_end: dt.date | None = None,
) -> Progress | None:
    """The officer's progress for ``year`` as of ``as_of``; None if they did not serve in it."""
    period = service_period(year, service_start, service_end)
    if period is None:
        return None
    first, last = period
    target = prorated_target(base_target, year, service_start, service_end)
    total_days = (last - first).days + 1
    elapsed = min(max((as_of - first).days + 1, 0), total_days)
    f = elapsed / total_days
    over = as_of > last
    expected = target * f
    if over or f >= 1:
        projected = logged
    elif f > 0:
        projected = logged / f
    else:
        projected = logged
    # months left after as_of; while the period runs, at least one (the last month needs the
    # whole shortfall, not a per-month rate inflated by a fraction of a month)
    months_left = max((last - as_of).days / DAYS_PER_MONTH, 1.0)
    needed = 0.0 if over else max(target - logged, 0.0) / months_left
    if logged >= target:
        status = "met"
    elif over:
        status = "missed"
    elif logged >= expected - EPS:
        status = "on_track"
    elif logged >= AT_RISK_SHARE * expected - EPS:
        status = "at_risk"
    else:
        status = "behind"
    return Progress(
        year=year,
        as_of=as_of,
        period_start=first,
        period_end=last,
        target=target,
        logged=logged,
        fraction=f,
        expected=expected,
        projected=projected,
        needed_per_month=needed,
        status=status,
    )
