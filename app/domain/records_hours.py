"""Plain records of the Hours capability."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.progress import Progress


@dataclass(frozen=True)
class EntryRow:
    id: int
    officer_id: int
    officer_name: str
    entry_date: dt.date
    minutes: int
    cluster_id: int | None
    cluster_short_name: str
    activity: str
    description: str
    meeting_id: int | None
    meeting_title: str

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass(frozen=True)
class EntryFilter:
    """What the Hours page, exports and reports select. None means "any"."""

    officer_id: int | None = None
    cluster_id: int | None = None
    activity: str | None = None
    year: int | None = None
    text: str = ""
    sort: str = "date"  # a key of app.db.hours.SORT_COLUMNS
    descending: bool = True


@dataclass(frozen=True)
class OfficerProgress:
    officer_id: int
    officer: str
    email: str
    progress: Progress


@dataclass(frozen=True)
class RunningTimerRow:
    officer_id: int
    officer_name: str
    cluster_id: int | None
    cluster_short_name: str
    activity: str
    description: str
    started_at: dt.datetime


@dataclass(frozen=True)
class YearEvent:
    year: int
    action: str
    at: dt.datetime
    by: str
    note: str
