"""ORM entities for the whole ClusterDesk domain (PRODUCT.md, "Domain model").

Conventions:
- durations are stored as whole minutes (quarter-hour steps are checked in the schema);
- vocabularies are stored as short strings with CHECK constraints (see ``app.domain.vocab``);
- children that only make sense with their parent cascade on delete; references to people and
  clusters restrict, so history is archived, never silently deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.domain import vocab

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )


# --------------------------------------------------------------------------- people and clusters
class Officer(Timestamped, Base):
    __tablename__ = "officer"
    __table_args__ = (
        CheckConstraint(_in("role", vocab.OFFICER_ROLES), name="role"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint(
            "service_end IS NULL OR service_start IS NULL OR service_end >= service_start",
            name="service_dates",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="officer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    service_start: Mapped[dt.date | None] = mapped_column(Date)
    service_end: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    targets: Mapped[list[AnnualTarget]] = relationship(
        back_populates="officer", cascade="all, delete-orphan", order_by="AnnualTarget.year"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="officer", cascade="all, delete-orphan"
    )


class AnnualTarget(Base):
    """The hours an officer owes in a year; absent means the default (100 h)."""

    __tablename__ = "annual_target"
    __table_args__ = (
        UniqueConstraint("officer_id", "year", name="uq_annual_target_officer_year"),
        CheckConstraint("hours >= 0 AND hours <= 2000", name="hours_range"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    hours: Mapped[float] = mapped_column(Float, default=vocab.DEFAULT_ANNUAL_TARGET_HOURS)

    officer: Mapped[Officer] = relationship(back_populates="targets")


class Cluster(Timestamped, Base):
    __tablename__ = "cluster"
    __table_args__ = (
        CheckConstraint(_in("kind", vocab.CLUSTER_KINDS), name="kind"),
        CheckConstraint(_in("esca_label", vocab.ESCA_LABELS), name="esca_label"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("length(trim(short_name)) > 0", name="short_name_not_blank"),
        CheckConstraint("member_count IS NULL OR member_count >= 0", name="member_count"),
        CheckConstraint("sme_share IS NULL OR sme_share BETWEEN 0 AND 100", name="sme_share"),
        CheckConstraint(
            "management_fte IS NULL OR management_fte BETWEEN 0 AND 100", name="management_fte"
        ),
        CheckConstraint("helix_types IS NULL OR helix_types BETWEEN 0 AND 3", name="helix_types"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), unique=True)
    sector: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(20), default="cluster")
    cross_border: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    member_count: Mapped[int | None] = mapped_column(Integer)
    sme_share: Mapped[float | None] = mapped_column(Float)  # % of members that are SMEs
    management_fte: Mapped[float | None] = mapped_column(Float)  # dedicated management staff
    helix_types: Mapped[int | None] = mapped_column(Integer)  # triple-helix member types (0-3)
    website: Mapped[str] = mapped_column(String(300), default="")
    esca_label: Mapped[str] = mapped_column(String(10), default="none")
    esca_expiry: Mapped[dt.date | None] = mapped_column(Date)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    assignments: Mapped[list[Assignment]] = relationship(back_populates="cluster")


class Assignment(Base):
    """An officer sits on a cluster's board as SPRI's liaison from ``start_date`` to ``end_date``."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        UniqueConstraint(
            "officer_id", "cluster_id", "start_date", name="uq_assignment_officer_cluster_start"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id", ondelete="CASCADE"))
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="RESTRICT"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)

    officer: Mapped[Officer] = relationship(back_populates="assignments")
    cluster: Mapped[Cluster] = relationship(back_populates="assignments")


# --------------------------------------------------------------------------- hours
class TimeEntry(Timestamped, Base):
    __tablename__ = "time_entry"
    __table_args__ = (
        CheckConstraint(
            f"minutes > 0 AND minutes <= {vocab.MAX_MINUTES_PER_DAY} "
            f"AND minutes % {vocab.MINUTES_STEP} = 0",
            name="minutes_quarter_hours",
        ),
        CheckConstraint(_in("activity", vocab.ACTIVITIES), name="activity"),
        Index("ix_time_entry_officer_date", "officer_id", "entry_date"),
        Index("ix_time_entry_date", "entry_date"),
        Index("ix_time_entry_minutes", "minutes"),  # the Hours page sorts by hours
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id", ondelete="RESTRICT"))
    entry_date: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("cluster.id", ondelete="RESTRICT"), index=True
    )
    activity: Mapped[str] = mapped_column(String(20), default="other")
    description: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )

    @property
    def hours(self) -> float:
        return self.minutes / 60


class YearClosure(Base):
    """A closed year: its time entries are read-only (enforced by triggers, see migration 0003)."""

    __tablename__ = "year_closure"
    __table_args__ = (CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    closed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id", ondelete="SET NULL"))


class YearClosureEvent(Base):
    """The record of every close and reopen of a year: who, when, why."""

    __tablename__ = "year_closure_event"
    __table_args__ = (CheckConstraint("action IN ('closed', 'reopened')", name="action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(10))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")


class RunningTimer(Base):
    """A started timer: stored so that it survives closing the app. One per officer."""

    __tablename__ = "running_timer"
    __table_args__ = (CheckConstraint(_in("activity", vocab.ACTIVITIES), name="activity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(
        ForeignKey("officer.id", ondelete="CASCADE"), unique=True
    )
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"))
    activity: Mapped[str] = mapped_column(String(20), default="other")
    description: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)


# --------------------------------------------------------------------------- meetings
class Meeting(Timestamped, Base):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint(_in("kind", vocab.MEETING_KINDS), name="kind"),
        CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="times"),
        Index("ix_meeting_cluster_start", "cluster_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(20), default="board")
    title: Mapped[str] = mapped_column(String(300), default="")
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    location: Mapped[str] = mapped_column(String(300), default="")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")  # general notes outside the agenda
    closed: Mapped[bool] = mapped_column(Boolean, default=False)

    attendees: Mapped[list[MeetingAttendee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Decision.position"
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="ActionItem.id"
    )


class MeetingAttendee(Base):
    """An officer of SPRI, or a named external person with organisation and role."""

    __tablename__ = "meeting_attendee"
    __table_args__ = (
        CheckConstraint(_in("attendance", vocab.ATTENDANCE), name="attendance"),
        CheckConstraint("officer_id IS NOT NULL OR length(trim(name)) > 0", name="officer_or_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(120), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(120), default="")
    attendance: Mapped[str] = mapped_column(String(12), default="present")

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")


class AgendaItem(Base):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")


class Decision(Base):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")


class ActionItem(Timestamped, Base):
    """Something to do, owned by an officer or an external attendee; carried forward until closed."""

    __tablename__ = "action_item"
    __table_args__ = (
        CheckConstraint(_in("status", vocab.ACTION_STATUSES), name="status"),
        Index("ix_action_item_status_due", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    description: Mapped[str] = mapped_column(Text)
    owner_officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officer.id", ondelete="RESTRICT")
    )
    owner_attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_attendee.id", ondelete="SET NULL")
    )
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)

    meeting: Mapped[Meeting] = relationship(back_populates="action_items")


# --------------------------------------------------------------------------- assessments
class AssessmentTemplate(Base):
    """A versioned rubric. Assessments point at the exact version they were scored with."""

    __tablename__ = "assessment_template"
    __table_args__ = (
        UniqueConstraint("name", "version", name="uq_assessment_template_name_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str] = mapped_column(Text, default="")
    level_labels: Mapped[list[Any]] = mapped_column(JSON, default=list)  # label per score 0..4
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )

    sections: Mapped[list[TemplateSection]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateSection.position"
    )


class TemplateSection(Base):
    __tablename__ = "template_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_template.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    template: Mapped[AssessmentTemplate] = relationship(back_populates="sections")
    criteria: Mapped[list[TemplateCriterion]] = relationship(
        back_populates="section",
        cascade="all, delete-orphan",
        order_by="TemplateCriterion.position",
    )


class TemplateCriterion(Base):
    __tablename__ = "template_criterion"
    __table_args__ = (CheckConstraint("weight > 0", name="weight_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("template_section.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)

    section: Mapped[TemplateSection] = relationship(back_populates="criteria")
    levels: Mapped[list[CriterionLevel]] = relationship(
        back_populates="criterion", cascade="all, delete-orphan", order_by="CriterionLevel.level"
    )


class CriterionLevel(Base):
    __tablename__ = "criterion_level"
    __table_args__ = (
        UniqueConstraint("criterion_id", "level", name="uq_criterion_level_criterion_level"),
        CheckConstraint(
            f"level BETWEEN {vocab.ASSESSMENT_SCALE[0]} AND {vocab.ASSESSMENT_SCALE[1]}",
            name="level_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("template_criterion.id", ondelete="CASCADE")
    )
    level: Mapped[int] = mapped_column(Integer)
    descriptor: Mapped[str] = mapped_column(Text, default="")

    criterion: Mapped[TemplateCriterion] = relationship(back_populates="levels")


class Assessment(Timestamped, Base):
    """An assessment of a cluster's annual action plan. Final ones are locked; a change amends."""

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint(_in("status", vocab.ASSESSMENT_STATUSES), name="status"),
        CheckConstraint("plan_year BETWEEN 2000 AND 2100", name="plan_year_range"),
        CheckConstraint("version >= 1", name="version_positive"),
        UniqueConstraint(
            "cluster_id", "plan_year", "version", name="uq_assessment_cluster_year_version"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="RESTRICT"))
    plan_year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id", ondelete="RESTRICT"))
    template_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_template.id", ondelete="RESTRICT")
    )
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    finalised_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    strengths: Mapped[str] = mapped_column(Text, default="")
    weaknesses: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")

    scores: Mapped[list[AssessmentScore]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    section_notes: Mapped[list[AssessmentSectionNote]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )


class AssessmentScore(Base):
    __tablename__ = "assessment_score"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "criterion_id", name="uq_assessment_score_assessment_criterion"
        ),
        CheckConstraint(
            f"score IS NULL OR score BETWEEN {vocab.ASSESSMENT_SCALE[0]} "
            f"AND {vocab.ASSESSMENT_SCALE[1]}",
            name="score_range",
        ),
        CheckConstraint("NOT (not_applicable AND score IS NOT NULL)", name="na_has_no_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("template_criterion.id", ondelete="RESTRICT"), index=True
    )
    score: Mapped[int | None] = mapped_column(Integer)
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="scores")


class AssessmentSectionNote(Base):
    """Per section of an assessment: a recommendation and a follow-up action."""

    __tablename__ = "assessment_section_note"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "section_id", name="uq_assessment_section_note_assessment_section"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(
        ForeignKey("template_section.id", ondelete="RESTRICT"), index=True
    )
    recommendation: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="section_notes")


# --------------------------------------------------------------------------- maturity
class MaturityModel(Base):
    __tablename__ = "maturity_model"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_maturity_model_name_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str] = mapped_column(Text, default="")
    level_labels: Mapped[list[Any]] = mapped_column(JSON, default=list)  # label per level 1..5
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )

    dimensions: Mapped[list[MaturityDimension]] = relationship(
        back_populates="model", cascade="all, delete-orphan", order_by="MaturityDimension.position"
    )


class MaturityDimension(Base):
    __tablename__ = "maturity_dimension"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("maturity_model.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    model: Mapped[MaturityModel] = relationship(back_populates="dimensions")
    levels: Mapped[list[MaturityLevel]] = relationship(
        back_populates="dimension", cascade="all, delete-orphan", order_by="MaturityLevel.level"
    )


class MaturityLevel(Base):
    __tablename__ = "maturity_level"
    __table_args__ = (
        UniqueConstraint("dimension_id", "level", name="uq_maturity_level_dimension_level"),
        CheckConstraint(
            f"level BETWEEN {vocab.MATURITY_SCALE[0]} AND {vocab.MATURITY_SCALE[1]}",
            name="level_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension_id: Mapped[int] = mapped_column(
        ForeignKey("maturity_dimension.id", ondelete="CASCADE")
    )
    level: Mapped[int] = mapped_column(Integer)
    descriptor: Mapped[str] = mapped_column(Text, default="")

    dimension: Mapped[MaturityDimension] = relationship(back_populates="levels")


class MaturityProfile(Timestamped, Base):
    __tablename__ = "maturity_profile"
    __table_args__ = (
        CheckConstraint(_in("stage", vocab.LIFECYCLE_STAGES), name="stage"),
        Index("ix_maturity_profile_cluster_date", "cluster_id", "assessed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="RESTRICT"))
    model_id: Mapped[int] = mapped_column(ForeignKey("maturity_model.id", ondelete="RESTRICT"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id", ondelete="RESTRICT"))
    stage: Mapped[str] = mapped_column(String(20), default="growth")
    notes: Mapped[str] = mapped_column(Text, default="")

    scores: Mapped[list[MaturityScore]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )


class MaturityScore(Base):
    __tablename__ = "maturity_score"
    __table_args__ = (
        UniqueConstraint("profile_id", "dimension_id", name="uq_maturity_score_profile_dimension"),
        CheckConstraint(
            f"level BETWEEN {vocab.MATURITY_SCALE[0]} AND {vocab.MATURITY_SCALE[1]}",
            name="level_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("maturity_profile.id", ondelete="CASCADE"))
    dimension_id: Mapped[int] = mapped_column(
        ForeignKey("maturity_dimension.id", ondelete="RESTRICT"), index=True
    )
    level: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    evidence_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="SET NULL")
    )

    profile: Mapped[MaturityProfile] = relationship(back_populates="scores")


class WorkingGroup(Timestamped, Base):
    """A proposed working group on a maturity dimension: weak clusters and potential mentors."""

    __tablename__ = "working_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(300))
    dimension: Mapped[str] = mapped_column(
        String(200), default=""
    )  # by name: stable across versions
    proposed_on: Mapped[dt.date] = mapped_column(Date)
    meets_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list[WorkingGroupMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )


class WorkingGroupMember(Base):
    __tablename__ = "working_group_member"
    __table_args__ = (
        CheckConstraint("role IN ('participant', 'mentor')", name="role"),
        UniqueConstraint("group_id", "cluster_id", name="uq_working_group_member_group_cluster"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_group.id", ondelete="CASCADE"))
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(12), default="participant")
    level: Mapped[int | None] = mapped_column(Integer)  # the cluster's level when proposed

    group: Mapped[WorkingGroup] = relationship(back_populates="members")


# --------------------------------------------------------------------------- application state
class AppState(Base):
    """Small durable facts about the session, e.g. the meeting open in live mode (for recovery)."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
