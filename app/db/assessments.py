"""Rubric templates and action-plan assessments: scoring, finalising, amendments, year on year.

Final assessments and the template versions they were scored with are frozen twice over: the
functions here refuse, and SQLite triggers (migration 0005) abort any write that slips past.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import (
    Assessment,
    AssessmentScore,
    AssessmentSectionNote,
    AssessmentTemplate,
    Cluster,
    CriterionLevel,
    Officer,
    TemplateCriterion,
    TemplateSection,
)
from app.db.triggers import ASSESSMENT_FINAL, TEMPLATE_IN_USE
from app.domain import scoring
from app.domain.meetings import clean_line, clean_notes
from app.domain.records_assessments import (
    AssessmentDetail,
    AssessmentRow,
    CriterionSpec,
    ScoreRow,
    SectionNoteRow,
    SectionSpec,
    TemplateSpec,
)
from app.errors import KnownError, NotFoundError, ValidationError


class LockedError(KnownError):
    pass


def _locked_error(err: IntegrityError) -> KnownError | None:
    text = str(err.orig)
    if ASSESSMENT_FINAL in text:
        return LockedError("This assessment is final and locked; make an amendment to change it.")
    if TEMPLATE_IN_USE in text:
        return LockedError(
            "This rubric version has been used to score assessments; copy it into a new version to edit it."
        )
    return None


@contextmanager
def _write(db: Database) -> Iterator[Session]:
    """db.write() with the triggers' refusals turned into messages."""
    try:
        with db.write() as s:
            yield s
    except IntegrityError as err:
        raise (_locked_error(err) or err) from err


# --------------------------------------------------------------------------- templates
def _template_spec(s: Session, t: AssessmentTemplate) -> TemplateSpec:
    used = (
        s.scalar(select(func.count()).select_from(Assessment).where(Assessment.template_id == t.id))
        or 0
    )
    sections = tuple(
        SectionSpec(
            id=sec.id,
            position=sec.position,
            name=sec.name,
            description=sec.description,
            criteria=tuple(
                CriterionSpec(
                    id=c.id,
                    section_id=sec.id,
                    position=c.position,
                    code=c.code,
                    name=c.name,
                    description=c.description,
                    weight=c.weight,
                    levels=tuple(lv.descriptor for lv in c.levels),
                )
                for c in sec.criteria
            ),
        )
        for sec in t.sections
    )
    return TemplateSpec(
        t.id, t.name, t.version, t.description, tuple(t.level_labels or ()), sections, used
    )


def list_templates(db: Database) -> list[TemplateSpec]:
    with db.read() as s:
        q = select(AssessmentTemplate).order_by(AssessmentTemplate.name, AssessmentTemplate.version)
        return [_template_spec(s, t) for t in s.scalars(q)]


def get_template(db: Database, template_id: int) -> TemplateSpec:
    with db.read() as s:
        t = s.get(AssessmentTemplate, template_id)
        if t is None:
            raise NotFoundError("That rubric no longer exists.")
        return _template_spec(s, t)


def latest_template_id(s: Session) -> int:
    t = s.scalars(select(AssessmentTemplate).order_by(AssessmentTemplate.id.desc())).first()
    if t is None:
        raise KnownError("No rubric is installed; the database is incomplete.")
    return t.id


def copy_template(db: Database, template_id: int, *, name: str | None = None) -> int:
    """A new, editable version of a rubric (the copy is identical until edited)."""
    with _write(db) as s:
        t = s.get(AssessmentTemplate, template_id)
        if t is None:
            raise NotFoundError("That rubric no longer exists.")
        new_name = clean_line(name, "name") if name else t.name
        version = (
            s.scalar(
                select(func.max(AssessmentTemplate.version)).where(
                    AssessmentTemplate.name == new_name
                )
            )
            or 0
        ) + 1
        copy = AssessmentTemplate(
            name=new_name,
            version=version,
            description=t.description,
            level_labels=list(t.level_labels or []),
        )
        s.add(copy)
        s.flush()
        for sec in t.sections:
            new_sec = TemplateSection(
                template_id=copy.id,
                position=sec.position,
                name=sec.name,
                description=sec.description,
            )
            s.add(new_sec)
            s.flush()
            for c in sec.criteria:
                new_c = TemplateCriterion(
                    section_id=new_sec.id,
                    position=c.position,
                    code=c.code,
                    name=c.name,
                    description=c.description,
                    weight=c.weight,
                )
                s.add(new_c)
                s.flush()
                for lv in c.levels:
                    s.add(
                        CriterionLevel(
                            criterion_id=new_c.id, level=lv.level, descriptor=lv.descriptor
                        )
                    )
        return copy.id


def _editable(s: Session, template_id: int) -> AssessmentTemplate:
    t = s.get(AssessmentTemplate, template_id)
    if t is None:
        raise NotFoundError("That rubric no longer exists.")
    if s.scalar(
        select(func.count()).select_from(Assessment).where(Assessment.template_id == template_id)
    ):
        raise LockedError(
            "This rubric version has been used to score assessments; copy it into a new version to edit it."
        )
    return t


def add_section(db: Database, template_id: int, name: str) -> int:
    name = clean_line(name, "name")
    with _write(db) as s:
        t = _editable(s, template_id)
        sec = TemplateSection(template_id=t.id, position=len(t.sections), name=name)
        s.add(sec)
        s.flush()
        return sec.id


def rename_section(db: Database, section_id: int, name: str) -> None:
    name = clean_line(name, "name")
    with _write(db) as s:
        sec = s.get(TemplateSection, section_id)
        if sec is None:
            raise NotFoundError("That section no longer exists.")
        _editable(s, sec.template_id)
        sec.name = name


def delete_section(db: Database, section_id: int) -> None:
    with _write(db) as s:
        sec = s.get(TemplateSection, section_id)
        if sec is None:
            return
        _editable(s, sec.template_id)
        s.delete(sec)


def add_criterion(
    db: Database,
    section_id: int,
    *,
    name: str,
    weight: float = 1.0,
    code: str = "",
    description: str = "",
    levels: tuple[str, ...] = ("", "", "", "", ""),
) -> int:
    name = clean_line(name, "name")
    _check_weight(weight)
    if len(levels) != scoring.MAX_SCORE + 1:
        raise ValidationError({"levels": "Give a descriptor for each score from 0 to 4."})
    with _write(db) as s:
        sec = s.get(TemplateSection, section_id)
        if sec is None:
            raise NotFoundError("That section no longer exists.")
        _editable(s, sec.template_id)
        c = TemplateCriterion(
            section_id=sec.id,
            position=len(sec.criteria),
            code=clean_line(code, "code", required=False, limit=20),
            name=name,
            description=clean_notes(description),
            weight=weight,
        )
        s.add(c)
        s.flush()
        for level, text in enumerate(levels):
            s.add(CriterionLevel(criterion_id=c.id, level=level, descriptor=clean_notes(text)))
        return c.id


def _check_weight(weight: float) -> None:
    if not (0 < weight <= 100):
        raise ValidationError({"weight": "A weight must be more than 0 (and at most 100)."})


def update_criterion(
    db: Database,
    criterion_id: int,
    *,
    name: str | None = None,
    weight: float | None = None,
    description: str | None = None,
    levels: tuple[str, ...] | None = None,
) -> None:
    with _write(db) as s:
        c = s.get(TemplateCriterion, criterion_id)
        if c is None:
            raise NotFoundError("That criterion no longer exists.")
        _editable(s, c.section.template_id)
        if name is not None:
            c.name = clean_line(name, "name")
        if weight is not None:
            _check_weight(weight)
            c.weight = weight
        if description is not None:
            c.description = clean_notes(description)
        if levels is not None:
            if len(levels) != scoring.MAX_SCORE + 1:
                raise ValidationError({"levels": "Give a descriptor for each score from 0 to 4."})
            by_level = {lv.level: lv for lv in c.levels}
            for level, text in enumerate(levels):
                if level in by_level:
                    by_level[level].descriptor = clean_notes(text)
                else:
                    s.add(
                        CriterionLevel(criterion_id=c.id, level=level, descriptor=clean_notes(text))
                    )


def delete_criterion(db: Database, criterion_id: int) -> None:
    with _write(db) as s:
        c = s.get(TemplateCriterion, criterion_id)
        if c is None:
            return
        _editable(s, c.section.template_id)
        s.delete(c)


# --------------------------------------------------------------------------- listing
def _rows(s: Session, where: list[Any]) -> list[AssessmentRow]:
    q = (
        select(
            Assessment,
            Cluster.short_name,
            Cluster.name,
            Officer.name,
            AssessmentTemplate.name,
            AssessmentTemplate.version,
        )
        .join(Cluster, Cluster.id == Assessment.cluster_id)
        .join(AssessmentTemplate, AssessmentTemplate.id == Assessment.template_id)
        .outerjoin(Officer, Officer.id == Assessment.assessor_id)
        .where(*where)
        .order_by(Assessment.plan_year.desc(), Cluster.short_name, Assessment.version.desc())
    )
    found = s.execute(q).all()
    if not found:
        return []
    # every score of the assessments listed and of their previous years, in two queries
    clusters = {a.cluster_id for a, *_ in found}
    years = {a.plan_year for a, *_ in found} | {a.plan_year - 1 for a, *_ in found}
    all_versions = s.scalars(
        select(Assessment).where(
            Assessment.cluster_id.in_(clusters), Assessment.plan_year.in_(years)
        )
    ).all()
    ids = [a.id for a in all_versions]
    weights = dict(
        s.execute(
            select(TemplateCriterion.id, TemplateCriterion.weight).join(TemplateSection)
        ).all()
    )
    counts = dict(
        s.execute(
            select(TemplateSection.template_id, func.count(TemplateCriterion.id))
            .join(TemplateCriterion, TemplateCriterion.section_id == TemplateSection.id)
            .group_by(TemplateSection.template_id)
        ).all()
    )
    scored: dict[int, list[scoring.Scored]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        for sc in s.scalars(
            select(AssessmentScore).where(
                AssessmentScore.assessment_id.in_(ids[start : start + 500])
            )
        ):
            scored[sc.assessment_id].append(
                scoring.Scored(
                    sc.criterion_id,
                    0,
                    weights.get(sc.criterion_id, 1.0),
                    sc.score,
                    sc.not_applicable,
                )
            )
    latest: dict[tuple[int, int], Assessment] = {}
    best_previous: dict[tuple[int, int], Assessment] = {}
    for a in all_versions:
        key = (a.cluster_id, a.plan_year)
        if key not in latest or a.version > latest[key].version:
            latest[key] = a
        # last year's reference: the newest final version, else the newest draft
        cur = best_previous.get(key)
        rank = (a.status == "final", a.version)
        if cur is None or rank > (cur.status == "final", cur.version):
            best_previous[key] = a
    out = []
    for a, short, cname, assessor, tname, tversion in found:
        prev = best_previous.get((a.cluster_id, a.plan_year - 1))
        items = scored.get(a.id, [])
        out.append(
            AssessmentRow(
                id=a.id,
                cluster_id=a.cluster_id,
                cluster_short_name=short,
                cluster_name=cname,
                plan_year=a.plan_year,
                version=a.version,
                amends_id=a.amends_id,
                status=a.status,
                assessor_id=a.assessor_id,
                assessor_name=assessor or "",
                finalised_at=a.finalised_at,
                template_id=a.template_id,
                template_name=tname,
                template_version=tversion,
                overall=scoring.overall_percent(items),
                previous_overall=scoring.overall_percent(scored.get(prev.id, [])) if prev else None,
                scored=sum(1 for i in items if not i.open),
                criteria=counts.get(a.template_id, 0),
                latest=latest[(a.cluster_id, a.plan_year)].id == a.id,
            )
        )
    return out


def list_assessments(
    db: Database,
    *,
    year: int | None = None,
    cluster_id: int | None = None,
    latest_only: bool = False,
) -> list[AssessmentRow]:
    where: list[Any] = []
    if year is not None:
        where.append(Assessment.plan_year == year)
    if cluster_id is not None:
        where.append(Assessment.cluster_id == cluster_id)
    with db.read() as s:
        rows = _rows(s, where)
    return [r for r in rows if r.latest] if latest_only else rows


# --------------------------------------------------------------------------- one assessment
def get_assessment(db: Database, assessment_id: int) -> AssessmentDetail:
    with db.read() as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFoundError("That assessment no longer exists.")
        row = _rows(s, [Assessment.id == assessment_id])[0]
        t = s.get(AssessmentTemplate, a.template_id)
        assert t is not None
        spec = _template_spec(s, t)
        scores = {
            sc.criterion_id: ScoreRow(
                sc.criterion_id, sc.score, sc.not_applicable, sc.comment, sc.evidence
            )
            for sc in a.scores
        }
        notes = {
            n.section_id: SectionNoteRow(n.section_id, n.recommendation, n.follow_up)
            for n in a.section_notes
        }
        items = [
            scoring.Scored(
                c.id,
                c.section_id,
                c.weight,
                scores[c.id].score if c.id in scores else None,
                scores[c.id].not_applicable if c.id in scores else False,
            )
            for c in spec.criteria()
        ]
        cluster = s.get(Cluster, a.cluster_id)
        assert cluster is not None
        prev_id, prev_scores, prev_sections = _previous(s, a)
        return AssessmentDetail(
            row=row,
            template=spec,
            scores=scores,
            section_notes=notes,
            strengths=a.strengths,
            weaknesses=a.weaknesses,
            recommendations=a.recommendations,
            section_scores=scoring.section_percents(items),
            previous_scores=prev_scores,
            previous_sections=prev_sections,
            previous_id=prev_id,
            cluster_contact_name=cluster.contact_name,
            cluster_contact_email=cluster.contact_email,
        )


def _previous(
    s: Session, a: Assessment
) -> tuple[int | None, dict[str, int | None], dict[str, float | None]]:
    """Last year's scores for the same cluster, by criterion code, and section percents by name."""
    candidates = s.scalars(
        select(Assessment).where(
            Assessment.cluster_id == a.cluster_id, Assessment.plan_year == a.plan_year - 1
        )
    ).all()
    if not candidates:
        return None, {}, {}
    prev = max(candidates, key=lambda x: (x.status == "final", x.version))
    t = s.get(AssessmentTemplate, prev.template_id)
    assert t is not None
    spec = _template_spec(s, t)
    by_id = {sc.criterion_id: sc for sc in prev.scores}
    scores: dict[str, int | None] = {}
    items = []
    for c in spec.criteria():
        sc = by_id.get(c.id)
        if c.code:
            scores[c.code] = sc.score if sc else None
        items.append(
            scoring.Scored(
                c.id,
                c.section_id,
                c.weight,
                sc.score if sc else None,
                sc.not_applicable if sc else False,
            )
        )
    percents = scoring.section_percents(items)
    sections = {sec.name: percents.get(sec.id) for sec in spec.sections}
    return prev.id, scores, sections


def create_assessment(
    db: Database,
    cluster_id: int,
    plan_year: int,
    *,
    assessor_id: int | None = None,
    template_id: int | None = None,
) -> int:
    if not 2000 <= plan_year <= 2100:
        raise ValidationError({"plan_year": "Choose a plan year between 2000 and 2100."})
    with _write(db) as s:
        if s.get(Cluster, cluster_id) is None:
            raise ValidationError({"cluster_id": "Choose the cluster."})
        if assessor_id is not None and s.get(Officer, assessor_id) is None:
            raise ValidationError({"assessor_id": "That officer no longer exists."})
        existing = s.scalars(
            select(Assessment).where(
                Assessment.cluster_id == cluster_id, Assessment.plan_year == plan_year
            )
        ).first()
        if existing is not None:
            raise ValidationError(
                {
                    "plan_year": f"This cluster's {plan_year} plan is already assessed; open it (or amend it)."
                }
            )
        a = Assessment(
            cluster_id=cluster_id,
            plan_year=plan_year,
            version=1,
            template_id=template_id or latest_template_id(s),
            assessor_id=assessor_id,
            status="draft",
        )
        s.add(a)
        s.flush()
        return a.id


def _draft(s: Session, assessment_id: int) -> Assessment:
    a = s.get(Assessment, assessment_id)
    if a is None:
        raise NotFoundError("That assessment no longer exists.")
    if a.status == "final":
        raise LockedError("This assessment is final and locked; make an amendment to change it.")
    return a


def _criterion_in(s: Session, a: Assessment, criterion_id: int) -> TemplateCriterion:
    c = s.get(TemplateCriterion, criterion_id)
    if c is None or c.section.template_id != a.template_id:
        raise ValidationError(
            {"criterion": "That criterion is not part of this assessment's rubric."}
        )
    return c


def _score_row(s: Session, a: Assessment, criterion_id: int) -> AssessmentScore:
    _criterion_in(s, a, criterion_id)
    sc = s.scalars(
        select(AssessmentScore).where(
            AssessmentScore.assessment_id == a.id, AssessmentScore.criterion_id == criterion_id
        )
    ).first()
    if sc is None:
        sc = AssessmentScore(
            assessment_id=a.id, criterion_id=criterion_id, score=None, not_applicable=False
        )
        s.add(sc)
    return sc


def set_score(
    db: Database,
    assessment_id: int,
    criterion_id: int,
    score: int | None,
    *,
    not_applicable: bool = False,
) -> None:
    """Score a criterion (0–4), clear it (None), or mark it not applicable (no weight)."""
    try:
        scoring.check_score(score)
    except ValueError as err:
        raise ValidationError({"score": str(err)}) from err
    with _write(db) as s:
        sc = _score_row(s, _draft(s, assessment_id), criterion_id)
        sc.not_applicable = not_applicable
        sc.score = None if not_applicable else score


def set_criterion_text(
    db: Database,
    assessment_id: int,
    criterion_id: int,
    *,
    comment: str | None = None,
    evidence: str | None = None,
) -> None:
    """Autosave of a criterion's comment or evidence."""
    with _write(db) as s:
        sc = _score_row(s, _draft(s, assessment_id), criterion_id)
        if comment is not None:
            sc.comment = clean_notes(comment)
        if evidence is not None:
            sc.evidence = clean_notes(evidence)


def set_section_note(
    db: Database,
    assessment_id: int,
    section_id: int,
    *,
    recommendation: str | None = None,
    follow_up: str | None = None,
) -> None:
    with _write(db) as s:
        a = _draft(s, assessment_id)
        sec = s.get(TemplateSection, section_id)
        if sec is None or sec.template_id != a.template_id:
            raise ValidationError(
                {"section": "That section is not part of this assessment's rubric."}
            )
        note = s.scalars(
            select(AssessmentSectionNote).where(
                AssessmentSectionNote.assessment_id == a.id,
                AssessmentSectionNote.section_id == section_id,
            )
        ).first()
        if note is None:
            note = AssessmentSectionNote(
                assessment_id=a.id, section_id=section_id, recommendation="", follow_up=""
            )
            s.add(note)
        if recommendation is not None:
            note.recommendation = clean_notes(recommendation)
        if follow_up is not None:
            note.follow_up = clean_notes(follow_up)


def set_summary_text(
    db: Database,
    assessment_id: int,
    *,
    strengths: str | None = None,
    weaknesses: str | None = None,
    recommendations: str | None = None,
) -> None:
    with _write(db) as s:
        a = _draft(s, assessment_id)
        if strengths is not None:
            a.strengths = clean_notes(strengths)
        if weaknesses is not None:
            a.weaknesses = clean_notes(weaknesses)
        if recommendations is not None:
            a.recommendations = clean_notes(recommendations)


def set_assessor(db: Database, assessment_id: int, assessor_id: int | None) -> None:
    with _write(db) as s:
        a = _draft(s, assessment_id)
        if assessor_id is not None and s.get(Officer, assessor_id) is None:
            raise ValidationError({"assessor_id": "That officer no longer exists."})
        a.assessor_id = assessor_id


def finalise(
    db: Database,
    assessment_id: int,
    *,
    assessor_id: int | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Lock the assessment: every criterion must be scored or marked not applicable."""
    with _write(db) as s:
        a = _draft(s, assessment_id)
        t = s.get(AssessmentTemplate, a.template_id)
        assert t is not None
        done = {sc.criterion_id for sc in a.scores if sc.score is not None or sc.not_applicable}
        missing = [c.name for sec in t.sections for c in sec.criteria if c.id not in done]
        if missing:
            shown = "; ".join(missing[:3]) + (
                f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            )
            raise ValidationError(
                {
                    "scores": f"{len(missing)} criteria are not scored yet ({shown}). Score them or mark them not applicable."
                }
            )
        if all(sc.not_applicable for sc in a.scores):
            raise ValidationError({"scores": "At least one criterion must be scored."})
        assessor = assessor_id if assessor_id is not None else a.assessor_id
        if assessor is None:
            raise ValidationError({"assessor_id": "Choose the assessor before finalising."})
        if s.get(Officer, assessor) is None:
            raise ValidationError({"assessor_id": "That officer no longer exists."})
        a.assessor_id = assessor
        a.status = "final"
        a.finalised_at = (now or dt.datetime.now()).replace(microsecond=0)


def amend(db: Database, assessment_id: int) -> int:
    """A new draft version of a final assessment, with everything copied; the original stays."""
    with _write(db) as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFoundError("That assessment no longer exists.")
        if a.status != "final":
            raise ValidationError(
                {"status": "Only a final assessment is amended; edit this draft directly."}
            )
        newest = s.scalar(
            select(func.max(Assessment.version)).where(
                Assessment.cluster_id == a.cluster_id, Assessment.plan_year == a.plan_year
            )
        )
        if newest != a.version:
            raise ValidationError(
                {"version": f"Version {newest} already amends this assessment; open it."}
            )
        new = Assessment(
            cluster_id=a.cluster_id,
            plan_year=a.plan_year,
            version=a.version + 1,
            amends_id=a.id,
            template_id=a.template_id,
            assessor_id=a.assessor_id,
            status="draft",
            strengths=a.strengths,
            weaknesses=a.weaknesses,
            recommendations=a.recommendations,
        )
        s.add(new)
        s.flush()
        for sc in a.scores:
            s.add(
                AssessmentScore(
                    assessment_id=new.id,
                    criterion_id=sc.criterion_id,
                    score=sc.score,
                    not_applicable=sc.not_applicable,
                    comment=sc.comment,
                    evidence=sc.evidence,
                )
            )
        for n in a.section_notes:
            s.add(
                AssessmentSectionNote(
                    assessment_id=new.id,
                    section_id=n.section_id,
                    recommendation=n.recommendation,
                    follow_up=n.follow_up,
                )
            )
        return new.id


def delete_draft(db: Database, assessment_id: int) -> None:
    with _write(db) as s:
        s.delete(_draft(s, assessment_id))
