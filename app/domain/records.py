"""Plain records passed between the data layer, the item models and the CLI.

Views never see ORM objects (CONVENTIONS.md, pattern 1): the data layer turns rows into these
frozen dataclasses before its session closes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OfficerRow:
    id: int
    name: str
    email: str
    role: str
    active: bool
    service_start: dt.date | None
    service_end: dt.date | None
    phone: str
    notes: str
    target_hours: float  # this year's target (the default when none is set)
    clusters: tuple[str, ...] = ()  # short names of the clusters assigned today


@dataclass(frozen=True)
class ClusterRow:
    id: int
    name: str
    short_name: str
    sector: str
    kind: str
    cross_border: bool
    contact_name: str
    contact_email: str
    member_count: int | None
    sme_share: float | None
    management_fte: float | None
    helix_types: int | None
    website: str
    esca_label: str
    esca_expiry: dt.date | None
    archived: bool
    notes: str
    officers: tuple[str, ...] = ()  # names of today's liaison officers


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    officer_id: int
    officer_name: str
    cluster_id: int
    cluster_short_name: str
    cluster_name: str
    start_date: dt.date
    end_date: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


@dataclass(frozen=True)
class TargetRow:
    officer_id: int
    year: int
    hours: float
    explicit: bool  # False: no target stored, the default applies


@dataclass
class OfficerInput:
    """What the officer dialog (or the CLI) asks the data layer to store."""

    name: str
    email: str
    role: str = "officer"
    active: bool = True
    service_start: dt.date | None = None
    service_end: dt.date | None = None
    phone: str = ""
    notes: str = ""


@dataclass
class ClusterInput:
    name: str
    short_name: str
    sector: str = ""
    kind: str = "cluster"
    cross_border: bool = False
    contact_name: str = ""
    contact_email: str = ""
    member_count: int | None = None
    sme_share: float | None = None
    management_fte: float | None = None
    helix_types: int | None = None
    website: str = ""
    esca_label: str = "none"
    esca_expiry: dt.date | None = None
    notes: str = ""


@dataclass
class AssignmentInput:
    officer_id: int
    cluster_id: int
    start_date: dt.date
    end_date: dt.date | None = None


@dataclass(frozen=True)
class DatabaseSummary:
    officers: int = 0
    clusters: int = 0
    time_entries: int = 0
    meetings: int = 0
    assessments: int = 0
    maturity_profiles: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.officers
            or self.clusters
            or self.time_entries
            or self.meetings
            or self.assessments
            or self.maturity_profiles
        )
