"""Plain records of the Maturity capability."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DimensionSpec:
    id: int
    position: int
    name: str
    description: str
    levels: tuple[str, ...]  # descriptors for levels 1..5


@dataclass(frozen=True)
class ModelSpec:
    id: int
    name: str
    version: int
    description: str
    level_labels: tuple[str, ...]  # Initial … Optimising
    dimensions: tuple[DimensionSpec, ...]
    in_use: int = 0

    def dimension_names(self) -> list[str]:
        return [d.name for d in self.dimensions]


@dataclass(frozen=True)
class ProfileRow:
    id: int
    cluster_id: int
    cluster_short_name: str
    cluster_name: str
    model_id: int
    assessed_on: dt.date
    assessor_id: int | None
    assessor_name: str
    stage: str
    notes: str
    levels: dict[str, int] = field(default_factory=dict)  # dimension name → level


@dataclass(frozen=True)
class ProfileScore:
    dimension_id: int
    level: int
    note: str
    evidence: str
    evidence_meeting_id: int | None = None
    evidence_assessment_id: int | None = None


@dataclass(frozen=True)
class ProfileDetail:
    row: ProfileRow
    model: ModelSpec
    scores: dict[int, ProfileScore]  # dimension id → score
    previous: ProfileRow | None


@dataclass(frozen=True)
class ScoreboardRow:
    cluster_id: int
    cluster_short_name: str
    cluster_name: str
    kind: str
    cross_border: bool
    profile_id: int | None
    assessed_on: dt.date | None
    stage: str | None
    levels: dict[str, int]
    esca_label: str
    esca_expiry: dt.date | None
    member_count: int | None
    previous_levels: dict[str, int] | None = None


@dataclass(frozen=True)
class Scoreboard:
    dimensions: tuple[str, ...]
    rows: tuple[ScoreboardRow, ...]
    network_average: dict[str, float]
    stage_averages: dict[str, dict[str, float]]


@dataclass(frozen=True)
class WorkingGroupMemberRow:
    cluster_id: int
    cluster_short_name: str
    role: str  # participant | mentor
    level: int | None


@dataclass(frozen=True)
class WorkingGroupRow:
    id: int
    topic: str
    dimension: str
    proposed_on: dt.date
    meets_on: dt.date | None
    notes: str
    members: tuple[WorkingGroupMemberRow, ...]
