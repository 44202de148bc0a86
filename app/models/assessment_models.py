"""Item models and plain helpers of the Assessments views (no database, no widgets).

- ``assessment_columns()``: the columns of the list of assessments (overall %, change against
  last year in words, scored x/28, ...), for a ``RecordTableModel[AssessmentRow]``.
- ``LiveScores``: the scores of one assessment as the user changes them, with the section and
  overall percentages recomputed at once (``app.domain.scoring``), before the database round trip.
- ``SectionComparison`` / ``comparison_rows`` / ``comparison_columns``: this year's section
  scores against last year's (the year-on-year chart and the table beside it).
- ``template_columns()``: the rubric versions listed by the template editor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.domain import scoring, vocab
from app.domain.records_assessments import (
    AssessmentDetail,
    AssessmentRow,
    CriterionSpec,
    TemplateSpec,
)
from app.models.record_table import Column, RecordTableModel

UP_COLOR = "#1b5e20"  # dark enough for text on white
DOWN_COLOR = "#b00020"
OPEN_COLOR = "#8a5a00"


def tr(text: str) -> str:
    return QCoreApplication.translate("ClusterDesk", text)


# --------------------------------------------------------------------------- words
def level_text(score: int | None, labels: Iterable[str]) -> str:
    """ "2 – Partial" (or "not scored")."""
    names = list(labels)
    if score is None:
        return tr("not scored")
    name = names[score] if 0 <= score < len(names) else ""
    return f"{score} – {tr(name)}" if name else str(score)


def change_text(now: float | None, before: float | None) -> str:
    """ "▲ +6 pts", "▼ −3 pts", "±0 pts" or "" (words and numbers; the arrow only helps the eye)."""
    text = scoring.format_change(now, before)
    if not text:
        return ""
    if text.startswith("+"):
        return "▲ " + text
    if text.startswith("−"):
        return "▼ " + text
    return text


def change_value(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before)


def change_color(now: float | None, before: float | None) -> QColor | None:
    delta = change_value(now, before)
    if delta is None or delta == 0:
        return None
    return QColor(UP_COLOR if delta > 0 else DOWN_COLOR)


def status_text(row: AssessmentRow) -> str:
    text = tr(vocab.ASSESSMENT_STATUSES.get(row.status, row.status))
    if not row.latest:
        text = tr("{status} (amended later)").format(status=text)
    return text


# --------------------------------------------------------------------------- the list
def assessment_columns() -> list[Column[AssessmentRow]]:
    def change_tip(r: AssessmentRow) -> str:
        if r.previous_overall is None:
            return tr("No assessment of the {year} plan to compare with.").format(
                year=r.plan_year - 1
            )
        return tr("Overall {now} in {year}, {before} in {last}.").format(
            now=scoring.format_percent(r.overall),
            year=r.plan_year,
            before=scoring.format_percent(r.previous_overall),
            last=r.plan_year - 1,
        )

    def scored_tip(r: AssessmentRow) -> str:
        left = r.criteria - r.scored
        if left <= 0:
            return tr("Every criterion is scored or marked not applicable.")
        return tr("{n} criteria not scored yet.").format(n=left)

    return [
        Column(tr("Cluster"), lambda r: r.cluster_short_name, tooltip=lambda r: r.cluster_name),
        Column(tr("Plan year"), lambda r: r.plan_year, align_right=True),
        Column(
            tr("Version"),
            lambda r: r.version,
            text=lambda r: f"v{r.version}",
            tooltip=lambda r: (
                tr("Amends version {v}").format(v=r.version - 1)
                if r.amends_id
                else tr("First version")
            ),
            align_right=True,
        ),
        Column(
            tr("Status"),
            lambda r: (r.status, r.latest),
            text=status_text,
            tooltip=lambda r: (
                tr("Final since {date}").format(date=r.finalised_at.date().isoformat())
                if r.finalised_at
                else tr("Draft: scores can still change")
            ),
        ),
        Column(
            tr("Overall"),
            lambda r: -1.0 if r.overall is None else r.overall,
            text=lambda r: scoring.format_percent(r.overall),
            align_right=True,
        ),
        Column(
            tr("Change vs last year"),
            lambda r: change_value(r.overall, r.previous_overall),
            text=lambda r: change_text(r.overall, r.previous_overall) or tr("no previous year"),
            tooltip=change_tip,
            foreground=lambda r: (
                change_color(r.overall, r.previous_overall)
                if r.previous_overall is not None
                else QColor("#6b6b6b")
            ),
        ),
        Column(
            tr("Scored"),
            lambda r: r.scored,
            text=lambda r: f"{r.scored}/{r.criteria}",
            tooltip=scored_tip,
            align_right=True,
            foreground=lambda r: QColor(OPEN_COLOR) if r.scored < r.criteria else None,
        ),
        Column(tr("Assessor"), lambda r: r.assessor_name or "", text=lambda r: r.assessor_name),
        Column(
            tr("Rubric"),
            lambda r: (r.template_name, r.template_version),
            text=lambda r: tr("v{version}").format(version=r.template_version),
            tooltip=lambda r: f"{r.template_name}, {tr('version')} {r.template_version}",
        ),
    ]


def make_assessment_model(parent: object = None) -> RecordTableModel[AssessmentRow]:
    return RecordTableModel(assessment_columns(), parent)


# --------------------------------------------------------------------------- live scoring
class LiveScores:
    """The scores of one assessment as shown on screen: changed at once when the user scores,
    so that section and overall percentages follow without waiting for the database."""

    def __init__(self, detail: AssessmentDetail) -> None:
        self.template = detail.template
        self.criteria: list[CriterionSpec] = detail.template.criteria()
        self._by_id = {c.id: c for c in self.criteria}
        self.values: dict[int, tuple[int | None, bool]] = {}
        for c in self.criteria:
            row = detail.scores.get(c.id)
            self.values[c.id] = (row.score, row.not_applicable) if row else (None, False)

    def set(self, criterion_id: int, score: int | None, not_applicable: bool = False) -> None:
        self.values[criterion_id] = (None if not_applicable else score, not_applicable)

    def score(self, criterion_id: int) -> int | None:
        return self.values[criterion_id][0]

    def not_applicable(self, criterion_id: int) -> bool:
        return self.values[criterion_id][1]

    def is_open(self, criterion_id: int) -> bool:
        score, na = self.values[criterion_id]
        return score is None and not na

    def items(self) -> list[scoring.Scored]:
        return [
            scoring.Scored(c.id, c.section_id, c.weight, *self.values[c.id]) for c in self.criteria
        ]

    def overall(self) -> float | None:
        return scoring.overall_percent(self.items())

    def sections(self) -> dict[int, float | None]:
        percents = scoring.section_percents(self.items())
        return {s.id: percents.get(s.id) for s in self.template.sections}

    def open_ids(self) -> list[int]:
        """Open criteria in rubric order."""
        return scoring.open_criteria(self.items())

    def open_in(self, section_id: int) -> int:
        return sum(1 for c in self.criteria if c.section_id == section_id and self.is_open(c.id))

    def scored_count(self) -> int:
        return sum(1 for c in self.criteria if not self.is_open(c.id))

    def all_not_applicable(self) -> bool:
        return all(na for _s, na in self.values.values())


# --------------------------------------------------------------------------- year on year
@dataclass(frozen=True)
class SectionComparison:
    """One row of the year-on-year table (and one pair of bars of its chart)."""

    name: str
    now: float | None
    before: float | None
    overall: bool = False  # the "Overall" row, after the sections

    @property
    def change(self) -> str:
        return change_text(self.now, self.before)


def comparison_rows(
    detail: AssessmentDetail,
    sections: dict[int, float | None] | None = None,
    overall: float | None = None,
    *,
    use_detail_overall: bool = True,
) -> list[SectionComparison]:
    """This year's section scores (``sections``, default: the detail's) against last year's, by
    section name; then the overall score."""
    now = detail.section_scores if sections is None else sections
    rows = [
        SectionComparison(s.name, now.get(s.id), detail.previous_sections.get(s.name))
        for s in detail.template.sections
    ]
    if overall is None and use_detail_overall and sections is None:
        overall = detail.row.overall
    rows.append(SectionComparison(tr("Overall"), overall, detail.row.previous_overall, True))
    return rows


def comparison_columns(year: int) -> list[Column[SectionComparison]]:
    return [
        Column(tr("Section"), lambda r: r.name),
        Column(
            str(year),
            lambda r: -1.0 if r.now is None else r.now,
            text=lambda r: scoring.format_percent(r.now),
            align_right=True,
        ),
        Column(
            str(year - 1),
            lambda r: -1.0 if r.before is None else r.before,
            text=lambda r: (
                scoring.format_percent(r.before) if r.before is not None else tr("not assessed")
            ),
            align_right=True,
        ),
        Column(
            tr("Change"),
            lambda r: change_value(r.now, r.before),
            text=lambda r: r.change,
            foreground=lambda r: change_color(r.now, r.before),
        ),
    ]


# --------------------------------------------------------------------------- rubric versions
def template_columns() -> list[Column[TemplateSpec]]:
    return [
        Column(tr("Rubric"), lambda t: t.name, tooltip=lambda t: t.description),
        Column(tr("Version"), lambda t: t.version, align_right=True),
        Column(tr("Sections"), lambda t: len(t.sections), align_right=True),
        Column(tr("Criteria"), lambda t: len(t.criteria()), align_right=True),
        Column(
            tr("Used by"),
            lambda t: t.in_use,
            text=lambda t: (
                tr("{n} assessments").format(n=t.in_use) if t.in_use else tr("none (editable)")
            ),
        ),
    ]
