"""Plain records of the Assessments capability."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    section_id: int
    position: int
    code: str
    name: str
    description: str
    weight: float
    levels: tuple[str, ...]  # descriptor for score 0..4


@dataclass(frozen=True)
class SectionSpec:
    id: int
    position: int
    name: str
    description: str
    criteria: tuple[CriterionSpec, ...]


@dataclass(frozen=True)
class TemplateSpec:
    id: int
    name: str
    version: int
    description: str
    level_labels: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    in_use: int = 0  # assessments scored with this version (then it cannot be edited)

    def criteria(self) -> list[CriterionSpec]:
        return [c for s in self.sections for c in s.criteria]


@dataclass(frozen=True)
class ScoreRow:
    criterion_id: int
    score: int | None
    not_applicable: bool
    comment: str
    evidence: str


@dataclass(frozen=True)
class SectionNoteRow:
    section_id: int
    recommendation: str
    follow_up: str


@dataclass(frozen=True)
class AssessmentRow:
    id: int
    cluster_id: int
    cluster_short_name: str
    cluster_name: str
    plan_year: int
    version: int
    amends_id: int | None
    status: str
    assessor_id: int | None
    assessor_name: str
    finalised_at: dt.datetime | None
    template_id: int
    template_name: str
    template_version: int
    overall: float | None  # percent
    previous_overall: float | None  # last year's, percent
    scored: int
    criteria: int
    latest: bool  # the newest version for its cluster and year


@dataclass(frozen=True)
class AssessmentDetail:
    row: AssessmentRow
    template: TemplateSpec
    scores: dict[int, ScoreRow]
    section_notes: dict[int, SectionNoteRow]
    strengths: str
    weaknesses: str
    recommendations: str
    section_scores: dict[int, float | None]  # section id → percent
    previous_scores: dict[str, int | None] = field(default_factory=dict)  # criterion code → score
    previous_sections: dict[str, float | None] = field(default_factory=dict)  # section name → %
    previous_id: int | None = None
    cluster_contact_name: str = ""
    cluster_contact_email: str = ""

    @property
    def locked(self) -> bool:
        return self.row.status == "final"
