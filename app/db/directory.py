"""Officers, clusters, their assignments and yearly targets: the directory behind two pages.

Every function takes the ``Database`` and returns plain records (``app.domain.records``).
Each write is one transaction; rule violations raise ``ValidationError`` in the user's words and
leave the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import (
    AnnualTarget,
    Assessment,
    Assignment,
    Cluster,
    MaturityProfile,
    Meeting,
    Officer,
    TimeEntry,
)
from app.domain import validation, vocab
from app.domain.records import (
    AssignmentInput,
    AssignmentRow,
    ClusterInput,
    ClusterRow,
    DatabaseSummary,
    OfficerInput,
    OfficerRow,
    TargetRow,
)
from app.errors import NotFoundError, ValidationError


# --------------------------------------------------------------------------- summary
def summary(db: Database) -> DatabaseSummary:
    with db.read() as s:

        def count(entity: type) -> int:
            return s.scalar(select(func.count()).select_from(entity)) or 0

        return DatabaseSummary(
            officers=count(Officer),
            clusters=count(Cluster),
            time_entries=count(TimeEntry),
            meetings=count(Meeting),
            assessments=count(Assessment),
            maturity_profiles=count(MaturityProfile),
        )


# --------------------------------------------------------------------------- assignments
def _current_assignments(s: Session, today: dt.date) -> list[tuple[int, int, str, str]]:
    """(officer_id, cluster_id, officer name, cluster short name) active today."""
    rows = s.execute(
        select(Assignment.officer_id, Assignment.cluster_id, Officer.name, Cluster.short_name)
        .join(Officer, Officer.id == Assignment.officer_id)
        .join(Cluster, Cluster.id == Assignment.cluster_id)
        .where(Assignment.start_date <= today)
        .where((Assignment.end_date.is_(None)) | (Assignment.end_date >= today))
        .order_by(Cluster.short_name, Officer.name)
    )
    return [(oid, cid, name, short) for oid, cid, name, short in rows]


def _assignment_row(a: Assignment) -> AssignmentRow:
    return AssignmentRow(
        id=a.id,
        officer_id=a.officer_id,
        officer_name=a.officer.name,
        cluster_id=a.cluster_id,
        cluster_short_name=a.cluster.short_name,
        cluster_name=a.cluster.name,
        start_date=a.start_date,
        end_date=a.end_date,
    )


def list_assignments(
    db: Database, *, officer_id: int | None = None, cluster_id: int | None = None
) -> list[AssignmentRow]:
    with db.read() as s:
        q = select(Assignment).join(Assignment.cluster).join(Assignment.officer)
        if officer_id is not None:
            q = q.where(Assignment.officer_id == officer_id)
        if cluster_id is not None:
            q = q.where(Assignment.cluster_id == cluster_id)
        q = q.order_by(Assignment.start_date.desc(), Cluster.short_name)
        return [_assignment_row(a) for a in s.scalars(q)]


def _check_overlap(s: Session, data: AssignmentInput, exclude_id: int | None = None) -> None:
    far = dt.date.max
    q = select(Assignment).where(
        Assignment.officer_id == data.officer_id, Assignment.cluster_id == data.cluster_id
    )
    for other in s.scalars(q):
        if other.id == exclude_id:
            continue
        if data.start_date <= (other.end_date or far) and other.start_date <= (
            data.end_date or far
        ):
            until = other.end_date.isoformat() if other.end_date else "now"
            raise ValidationError(
                {
                    "start_date": "The officer is already assigned to this cluster "
                    f"from {other.start_date.isoformat()} to {until}."
                }
            )


def add_assignment(db: Database, data: AssignmentInput) -> int:
    data = validation.clean_assignment(data)
    with db.write() as s:
        if s.get(Officer, data.officer_id) is None:
            raise NotFoundError("That officer no longer exists.")
        cluster = s.get(Cluster, data.cluster_id)
        if cluster is None:
            raise NotFoundError("That cluster no longer exists.")
        _check_overlap(s, data)
        a = Assignment(
            officer_id=data.officer_id,
            cluster_id=data.cluster_id,
            start_date=data.start_date,
            end_date=data.end_date,
        )
        s.add(a)
        s.flush()
        return a.id


def update_assignment(db: Database, assignment_id: int, data: AssignmentInput) -> None:
    data = validation.clean_assignment(data)
    with db.write() as s:
        a = s.get(Assignment, assignment_id)
        if a is None:
            raise NotFoundError("That assignment no longer exists.")
        _check_overlap(s, data, exclude_id=assignment_id)
        a.cluster_id, a.start_date, a.end_date = data.cluster_id, data.start_date, data.end_date


def end_assignment(db: Database, assignment_id: int, end_date: dt.date) -> None:
    with db.write() as s:
        a = s.get(Assignment, assignment_id)
        if a is None:
            raise NotFoundError("That assignment no longer exists.")
        if end_date < a.start_date:
            raise ValidationError({"end_date": "The assignment cannot end before it starts."})
        a.end_date = end_date


def delete_assignment(db: Database, assignment_id: int) -> None:
    with db.write() as s:
        a = s.get(Assignment, assignment_id)
        if a is None:
            raise NotFoundError("That assignment no longer exists.")
        s.delete(a)


# --------------------------------------------------------------------------- officers
def _officer_row(o: Officer, target: float, clusters: tuple[str, ...]) -> OfficerRow:
    return OfficerRow(
        id=o.id,
        name=o.name,
        email=o.email,
        role=o.role,
        active=o.active,
        service_start=o.service_start,
        service_end=o.service_end,
        phone=o.phone,
        notes=o.notes,
        target_hours=target,
        clusters=clusters,
    )


def list_officers(
    db: Database, *, include_inactive: bool = True, today: dt.date | None = None
) -> list[OfficerRow]:
    today = today or dt.date.today()
    with db.read() as s:
        q = select(Officer).order_by(Officer.name)
        if not include_inactive:
            q = q.where(Officer.active.is_(True))
        officers = list(s.scalars(q))
        targets = dict(
            s.execute(
                select(AnnualTarget.officer_id, AnnualTarget.hours).where(
                    AnnualTarget.year == today.year
                )
            ).all()
        )
        clusters: dict[int, list[str]] = defaultdict(list)
        for officer_id, _cid, _oname, short in _current_assignments(s, today):
            clusters[officer_id].append(short)
        return [
            _officer_row(
                o,
                targets.get(o.id, vocab.DEFAULT_ANNUAL_TARGET_HOURS),
                tuple(clusters.get(o.id, ())),
            )
            for o in officers
        ]


def get_officer(db: Database, officer_id: int, *, today: dt.date | None = None) -> OfficerRow:
    for row in list_officers(db, today=today):
        if row.id == officer_id:
            return row
    raise NotFoundError("That officer no longer exists.")


def _check_officer_unique(s: Session, data: OfficerInput, exclude_id: int | None) -> None:
    q = select(Officer).where(func.lower(Officer.email) == data.email.lower())
    other = s.scalars(q).first()
    if other is not None and other.id != exclude_id:
        raise ValidationError(
            {"email": f"{other.name} already uses the e-mail address {data.email}."}
        )


def _apply_officer(o: Officer, data: OfficerInput) -> None:
    o.name, o.email, o.role, o.active = data.name, data.email, data.role, data.active
    o.service_start, o.service_end = data.service_start, data.service_end
    o.phone, o.notes = data.phone, data.notes


def create_officer(db: Database, data: OfficerInput) -> int:
    data = validation.clean_officer(data)
    try:
        with db.write() as s:
            _check_officer_unique(s, data, None)
            o = Officer()
            _apply_officer(o, data)
            s.add(o)
            s.flush()
            return o.id
    except IntegrityError as err:  # a race with another writer: same words as the check
        raise ValidationError({"email": f"The e-mail address {data.email} is taken."}) from err


def update_officer(db: Database, officer_id: int, data: OfficerInput) -> None:
    data = validation.clean_officer(data)
    with db.write() as s:
        o = s.get(Officer, officer_id)
        if o is None:
            raise NotFoundError("That officer no longer exists.")
        _check_officer_unique(s, data, officer_id)
        _apply_officer(o, data)


def set_officer_active(db: Database, officer_id: int, active: bool) -> None:
    """Archive (``active=False``) or restore an officer. History is always kept."""
    with db.write() as s:
        o = s.get(Officer, officer_id)
        if o is None:
            raise NotFoundError("That officer no longer exists.")
        o.active = active


# --------------------------------------------------------------------------- targets
def list_targets(db: Database, officer_id: int, years: range | None = None) -> list[TargetRow]:
    """The stored targets, plus the default for every year of ``years`` that has none."""
    with db.read() as s:
        stored = {
            t.year: t.hours
            for t in s.scalars(select(AnnualTarget).where(AnnualTarget.officer_id == officer_id))
        }
    all_years = sorted(set(stored) | set(years or ()))
    return [
        TargetRow(
            officer_id,
            y,
            stored.get(y, vocab.DEFAULT_ANNUAL_TARGET_HOURS),
            y in stored,
        )
        for y in all_years
    ]


def set_target(db: Database, officer_id: int, year: int, hours: float) -> None:
    year, hours = validation.clean_target(year, hours)
    with db.write() as s:
        if s.get(Officer, officer_id) is None:
            raise NotFoundError("That officer no longer exists.")
        t = s.scalars(
            select(AnnualTarget).where(
                AnnualTarget.officer_id == officer_id, AnnualTarget.year == year
            )
        ).first()
        if t is None:
            s.add(AnnualTarget(officer_id=officer_id, year=year, hours=hours))
        else:
            t.hours = hours


def clear_target(db: Database, officer_id: int, year: int) -> None:
    """Back to the default target for that year."""
    with db.write() as s:
        t = s.scalars(
            select(AnnualTarget).where(
                AnnualTarget.officer_id == officer_id, AnnualTarget.year == year
            )
        ).first()
        if t is not None:
            s.delete(t)


# --------------------------------------------------------------------------- clusters
def _cluster_row(c: Cluster, officers: tuple[str, ...]) -> ClusterRow:
    return ClusterRow(
        id=c.id,
        name=c.name,
        short_name=c.short_name,
        sector=c.sector,
        kind=c.kind,
        cross_border=c.cross_border,
        contact_name=c.contact_name,
        contact_email=c.contact_email,
        member_count=c.member_count,
        sme_share=c.sme_share,
        management_fte=c.management_fte,
        helix_types=c.helix_types,
        website=c.website,
        esca_label=c.esca_label,
        esca_expiry=c.esca_expiry,
        archived=c.archived,
        notes=c.notes,
        officers=officers,
    )


def list_clusters(
    db: Database, *, include_archived: bool = True, today: dt.date | None = None
) -> list[ClusterRow]:
    today = today or dt.date.today()
    with db.read() as s:
        q = select(Cluster).order_by(func.lower(Cluster.short_name))
        if not include_archived:
            q = q.where(Cluster.archived.is_(False))
        clusters = list(s.scalars(q))
        officers: dict[int, list[str]] = defaultdict(list)
        for _oid, cluster_id, oname, _short in _current_assignments(s, today):
            officers[cluster_id].append(oname)
        return [_cluster_row(c, tuple(officers.get(c.id, ()))) for c in clusters]


def get_cluster(db: Database, cluster_id: int) -> ClusterRow:
    for row in list_clusters(db):
        if row.id == cluster_id:
            return row
    raise NotFoundError("That cluster no longer exists.")


def _check_cluster_unique(s: Session, data: ClusterInput, exclude_id: int | None) -> None:
    problems: dict[str, str] = {}
    for field, column, value in (
        ("name", Cluster.name, data.name),
        ("short_name", Cluster.short_name, data.short_name),
    ):
        other = s.scalars(select(Cluster).where(func.lower(column) == value.lower())).first()
        if other is not None and other.id != exclude_id:
            label = "name" if field == "name" else "short name"
            problems[field] = f"Another cluster ({other.short_name}) already has this {label}."
    if problems:
        raise ValidationError(problems)


def _apply_cluster(c: Cluster, d: ClusterInput) -> None:
    for field in (
        "name",
        "short_name",
        "sector",
        "kind",
        "cross_border",
        "contact_name",
        "contact_email",
        "member_count",
        "sme_share",
        "management_fte",
        "helix_types",
        "website",
        "esca_label",
        "esca_expiry",
        "notes",
    ):
        setattr(c, field, getattr(d, field))


def create_cluster(db: Database, data: ClusterInput) -> int:
    data = validation.clean_cluster(data)
    try:
        with db.write() as s:
            _check_cluster_unique(s, data, None)
            c = Cluster()
            _apply_cluster(c, data)
            s.add(c)
            s.flush()
            return c.id
    except IntegrityError as err:
        raise ValidationError({"name": "Another cluster already has this name."}) from err


def update_cluster(db: Database, cluster_id: int, data: ClusterInput) -> None:
    data = validation.clean_cluster(data)
    with db.write() as s:
        c = s.get(Cluster, cluster_id)
        if c is None:
            raise NotFoundError("That cluster no longer exists.")
        _check_cluster_unique(s, data, cluster_id)
        _apply_cluster(c, data)


def set_cluster_archived(db: Database, cluster_id: int, archived: bool) -> None:
    with db.write() as s:
        c = s.get(Cluster, cluster_id)
        if c is None:
            raise NotFoundError("That cluster no longer exists.")
        c.archived = archived
