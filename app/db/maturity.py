"""Maturity models, cluster profiles over time, the comparative scoreboard and working groups."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import (
    Assessment,
    Cluster,
    MaturityDimension,
    MaturityLevel,
    MaturityModel,
    MaturityProfile,
    MaturityScore,
    Meeting,
    Officer,
    WorkingGroup,
    WorkingGroupMember,
)
from app.domain import maturity as rules
from app.domain import vocab
from app.domain.meetings import clean_line, clean_notes
from app.domain.records_maturity import (
    DimensionSpec,
    ModelSpec,
    ProfileDetail,
    ProfileRow,
    ProfileScore,
    Scoreboard,
    ScoreboardRow,
    WorkingGroupMemberRow,
    WorkingGroupRow,
)
from app.errors import KnownError, NotFoundError, ValidationError


# --------------------------------------------------------------------------- models
def _model_spec(s: Session, m: MaturityModel) -> ModelSpec:
    used = (
        s.scalar(
            select(func.count())
            .select_from(MaturityProfile)
            .where(MaturityProfile.model_id == m.id)
        )
        or 0
    )
    dims = tuple(
        DimensionSpec(
            d.id, d.position, d.name, d.description, tuple(lv.descriptor for lv in d.levels)
        )
        for d in m.dimensions
    )
    return ModelSpec(
        m.id, m.name, m.version, m.description, tuple(m.level_labels or ()), dims, used
    )


def list_models(db: Database) -> list[ModelSpec]:
    with db.read() as s:
        return [
            _model_spec(s, m) for m in s.scalars(select(MaturityModel).order_by(MaturityModel.id))
        ]


def get_model(db: Database, model_id: int) -> ModelSpec:
    with db.read() as s:
        m = s.get(MaturityModel, model_id)
        if m is None:
            raise NotFoundError("That maturity model no longer exists.")
        return _model_spec(s, m)


def _latest_model_id(s: Session) -> int:
    m = s.scalars(select(MaturityModel).order_by(MaturityModel.id.desc())).first()
    if m is None:
        raise KnownError("No maturity model is installed; the database is incomplete.")
    return m.id


def copy_model(db: Database, model_id: int) -> int:
    """A new, editable version of a maturity model."""
    with db.write() as s:
        m = s.get(MaturityModel, model_id)
        if m is None:
            raise NotFoundError("That maturity model no longer exists.")
        version = (
            s.scalar(select(func.max(MaturityModel.version)).where(MaturityModel.name == m.name))
            or 0
        ) + 1
        new = MaturityModel(
            name=m.name,
            version=version,
            description=m.description,
            level_labels=list(m.level_labels),
        )
        s.add(new)
        s.flush()
        for d in m.dimensions:
            nd = MaturityDimension(
                model_id=new.id, position=d.position, name=d.name, description=d.description
            )
            s.add(nd)
            s.flush()
            for lv in d.levels:
                s.add(MaturityLevel(dimension_id=nd.id, level=lv.level, descriptor=lv.descriptor))
        return new.id


def _editable_model(s: Session, model_id: int) -> MaturityModel:
    m = s.get(MaturityModel, model_id)
    if m is None:
        raise NotFoundError("That maturity model no longer exists.")
    if s.scalar(
        select(func.count())
        .select_from(MaturityProfile)
        .where(MaturityProfile.model_id == model_id)
    ):
        raise ValidationError(
            {
                "model": "Profiles were scored with this model version; copy it into a new version to edit it."
            }
        )
    return m


def update_dimension(
    db: Database,
    dimension_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
    levels: tuple[str, ...] | None = None,
) -> None:
    with db.write() as s:
        d = s.get(MaturityDimension, dimension_id)
        if d is None:
            raise NotFoundError("That dimension no longer exists.")
        _editable_model(s, d.model_id)
        if name is not None:
            d.name = clean_line(name, "name", limit=200)
        if description is not None:
            d.description = clean_notes(description)
        if levels is not None:
            if len(levels) != vocab.MATURITY_SCALE[1]:
                raise ValidationError({"levels": "Give a descriptor for each level from 1 to 5."})
            by_level = {lv.level: lv for lv in d.levels}
            for level, text in enumerate(levels, start=1):
                if level in by_level:
                    by_level[level].descriptor = clean_notes(text)
                else:
                    s.add(
                        MaturityLevel(dimension_id=d.id, level=level, descriptor=clean_notes(text))
                    )


def add_dimension(
    db: Database, model_id: int, name: str, levels: tuple[str, ...] = ("",) * 5
) -> int:
    if len(levels) != vocab.MATURITY_SCALE[1]:
        raise ValidationError({"levels": "Give a descriptor for each level from 1 to 5."})
    name = clean_line(name, "name", limit=200)
    with db.write() as s:
        m = _editable_model(s, model_id)
        if any(d.name.casefold() == name.casefold() for d in m.dimensions):
            raise ValidationError({"name": "The model already has a dimension with this name."})
        d = MaturityDimension(model_id=m.id, position=len(m.dimensions), name=name)
        s.add(d)
        s.flush()
        for level, text in enumerate(levels, start=1):
            s.add(MaturityLevel(dimension_id=d.id, level=level, descriptor=clean_notes(text)))
        return d.id


def delete_dimension(db: Database, dimension_id: int) -> None:
    with db.write() as s:
        d = s.get(MaturityDimension, dimension_id)
        if d is None:
            return
        _editable_model(s, d.model_id)
        s.delete(d)


# --------------------------------------------------------------------------- profiles
def _levels_by_profile(s: Session, profile_ids: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for start in range(0, len(profile_ids), 900):
        chunk = profile_ids[start : start + 900]
        q = (
            select(MaturityScore.profile_id, MaturityDimension.name, MaturityScore.level)
            .join(MaturityDimension, MaturityDimension.id == MaturityScore.dimension_id)
            .where(MaturityScore.profile_id.in_(chunk))
        )
        for pid, name, level in s.execute(q):
            out[pid][name] = level
    return out


def _profile_rows(s: Session, where: list[Any], order: Any) -> list[ProfileRow]:
    q = (
        select(MaturityProfile, Cluster.short_name, Cluster.name, Officer.name)
        .join(Cluster, Cluster.id == MaturityProfile.cluster_id)
        .outerjoin(Officer, Officer.id == MaturityProfile.assessor_id)
        .where(*where)
        .order_by(*order)
    )
    rows = s.execute(q).all()
    levels = _levels_by_profile(s, [p.id for p, *_ in rows])
    return [
        ProfileRow(
            id=p.id,
            cluster_id=p.cluster_id,
            cluster_short_name=short,
            cluster_name=cname,
            model_id=p.model_id,
            assessed_on=p.assessed_on,
            assessor_id=p.assessor_id,
            assessor_name=assessor or "",
            stage=p.stage,
            notes=p.notes,
            levels=dict(levels.get(p.id, {})),
        )
        for p, short, cname, assessor in rows
    ]


def list_profiles(db: Database, *, cluster_id: int | None = None) -> list[ProfileRow]:
    """Profiles, newest first (a cluster's history when ``cluster_id`` is given)."""
    where = [] if cluster_id is None else [MaturityProfile.cluster_id == cluster_id]
    with db.read() as s:
        return _profile_rows(
            s, where, [MaturityProfile.assessed_on.desc(), MaturityProfile.id.desc()]
        )


def get_profile(db: Database, profile_id: int) -> ProfileDetail:
    with db.read() as s:
        p = s.get(MaturityProfile, profile_id)
        if p is None:
            raise NotFoundError("That maturity profile no longer exists.")
        row = _profile_rows(s, [MaturityProfile.id == profile_id], [MaturityProfile.id])[0]
        m = s.get(MaturityModel, p.model_id)
        assert m is not None
        previous = _profile_rows(
            s,
            [
                MaturityProfile.cluster_id == p.cluster_id,
                (MaturityProfile.assessed_on < p.assessed_on)
                | ((MaturityProfile.assessed_on == p.assessed_on) & (MaturityProfile.id < p.id)),
            ],
            [MaturityProfile.assessed_on.desc(), MaturityProfile.id.desc()],
        )
        return ProfileDetail(
            row=row,
            model=_model_spec(s, m),
            scores={
                sc.dimension_id: ProfileScore(
                    sc.dimension_id,
                    sc.level,
                    sc.note,
                    sc.evidence,
                    sc.evidence_meeting_id,
                    sc.evidence_assessment_id,
                )
                for sc in p.scores
            },
            previous=previous[0] if previous else None,
        )


def _check_profile_fields(stage: str, assessed_on: dt.date, today: dt.date) -> None:
    if stage not in vocab.LIFECYCLE_STAGES:
        raise ValidationError(
            {"stage": "Choose a lifecycle stage: emerging, growth, mature, decline or renewal."}
        )
    if assessed_on > today:
        raise ValidationError({"assessed_on": "A profile cannot be dated in the future."})


def create_profile(
    db: Database,
    cluster_id: int,
    assessed_on: dt.date,
    *,
    stage: str = "growth",
    assessor_id: int | None = None,
    model_id: int | None = None,
    levels: dict[int, int] | None = None,
    copy_previous: bool = True,
    today: dt.date | None = None,
) -> int:
    """A new profile. Unless ``levels`` (dimension id → level) are given, it starts from the
    cluster's previous profile levels with the same model (people then change what moved)."""
    _check_profile_fields(stage, assessed_on, today or dt.date.today())
    with db.write() as s:
        if s.get(Cluster, cluster_id) is None:
            raise ValidationError({"cluster_id": "Choose the cluster."})
        if assessor_id is not None and s.get(Officer, assessor_id) is None:
            raise ValidationError({"assessor_id": "That officer no longer exists."})
        mid = model_id or _latest_model_id(s)
        model = s.get(MaturityModel, mid)
        if model is None:
            raise ValidationError({"model": "That maturity model no longer exists."})
        p = MaturityProfile(
            cluster_id=cluster_id,
            model_id=mid,
            assessed_on=assessed_on,
            assessor_id=assessor_id,
            stage=stage,
        )
        s.add(p)
        s.flush()
        dims = {d.id for d in model.dimensions}
        start: dict[int, int] = {}
        if levels is not None:
            start = levels
        elif copy_previous:
            prev = s.scalars(
                select(MaturityProfile)
                .where(
                    MaturityProfile.cluster_id == cluster_id,
                    MaturityProfile.id != p.id,
                    MaturityProfile.model_id == mid,
                )
                .order_by(MaturityProfile.assessed_on.desc(), MaturityProfile.id.desc())
            ).first()
            if prev is not None:
                start = {sc.dimension_id: sc.level for sc in prev.scores}
        for dim_id, level in start.items():
            if dim_id not in dims:
                raise ValidationError(
                    {"levels": "A level was given for a dimension of another model."}
                )
            _check_level(level)
            s.add(MaturityScore(profile_id=p.id, dimension_id=dim_id, level=level))
        return p.id


def _check_level(level: int) -> None:
    low, high = vocab.MATURITY_SCALE
    if not low <= level <= high:
        raise ValidationError({"level": f"A maturity level goes from {low} to {high}."})


def update_profile(
    db: Database,
    profile_id: int,
    *,
    assessed_on: dt.date,
    stage: str,
    assessor_id: int | None,
    notes: str = "",
    today: dt.date | None = None,
) -> None:
    _check_profile_fields(stage, assessed_on, today or dt.date.today())
    with db.write() as s:
        p = s.get(MaturityProfile, profile_id)
        if p is None:
            raise NotFoundError("That maturity profile no longer exists.")
        if assessor_id is not None and s.get(Officer, assessor_id) is None:
            raise ValidationError({"assessor_id": "That officer no longer exists."})
        p.assessed_on, p.stage, p.assessor_id, p.notes = (
            assessed_on,
            stage,
            assessor_id,
            clean_notes(notes),
        )


KEEP: Any = object()  # "leave this evidence link as it is"


def set_level(
    db: Database,
    profile_id: int,
    dimension_id: int,
    level: int | None,
    *,
    note: str | None = None,
    evidence: str | None = None,
    evidence_meeting_id: int | None = KEEP,
    evidence_assessment_id: int | None = KEEP,
) -> None:
    """Set (or with ``level=None`` clear) a dimension's level, its note and evidence (autosave).

    Evidence links are kept unless given: an id links, ``None`` removes the link."""
    if level is not None:
        _check_level(level)
    with db.write() as s:
        p = s.get(MaturityProfile, profile_id)
        if p is None:
            raise NotFoundError("That maturity profile no longer exists.")
        d = s.get(MaturityDimension, dimension_id)
        if d is None or d.model_id != p.model_id:
            raise ValidationError(
                {"dimension": "That dimension is not part of this profile's model."}
            )
        if evidence_meeting_id is not KEEP and evidence_meeting_id is not None:
            m = s.get(Meeting, evidence_meeting_id)
            if m is None or m.cluster_id != p.cluster_id:
                raise ValidationError(
                    {"evidence": "The linked meeting must be one of this cluster's."}
                )
        if evidence_assessment_id is not KEEP and evidence_assessment_id is not None:
            a = s.get(Assessment, evidence_assessment_id)
            if a is None or a.cluster_id != p.cluster_id:
                raise ValidationError(
                    {"evidence": "The linked assessment must be one of this cluster's."}
                )
        sc = s.scalars(
            select(MaturityScore).where(
                MaturityScore.profile_id == profile_id, MaturityScore.dimension_id == dimension_id
            )
        ).first()
        if level is None:
            if sc is not None:
                s.delete(sc)
            return
        if sc is None:
            sc = MaturityScore(profile_id=profile_id, dimension_id=dimension_id, level=level)
            s.add(sc)
        sc.level = level
        if note is not None:
            sc.note = clean_notes(note)
        if evidence is not None:
            sc.evidence = clean_notes(evidence)
        if evidence_meeting_id is not KEEP:
            sc.evidence_meeting_id = evidence_meeting_id
        if evidence_assessment_id is not KEEP:
            sc.evidence_assessment_id = evidence_assessment_id


def delete_profile(db: Database, profile_id: int) -> None:
    with db.write() as s:
        p = s.get(MaturityProfile, profile_id)
        if p is not None:
            s.delete(p)


# --------------------------------------------------------------------------- scoreboard
def scoreboard(db: Database, *, kind: str | None = None, stage: str | None = None) -> Scoreboard:
    """Every active cluster's latest profile, with the network and per-stage averages.

    Columns are the dimensions of the model used by the newest profile (a new model version
    nobody has used yet does not empty the board). Averages are over the clusters shown."""
    with db.read() as s:
        newest = s.scalars(
            select(MaturityProfile.model_id).order_by(
                MaturityProfile.assessed_on.desc(), MaturityProfile.id.desc()
            )
        ).first()
        latest_model = s.get(MaturityModel, newest or _latest_model_id(s))
        assert latest_model is not None
        dimensions = tuple(d.name for d in latest_model.dimensions)
        ranked = (
            select(
                MaturityProfile.id,
                MaturityProfile.cluster_id,
                MaturityProfile.assessed_on,
                MaturityProfile.stage,
                func.row_number()
                .over(
                    partition_by=MaturityProfile.cluster_id,
                    order_by=(MaturityProfile.assessed_on.desc(), MaturityProfile.id.desc()),
                )
                .label("rn"),
            )
        ).subquery()
        recent: dict[tuple[int, int], int] = {}
        facts: dict[int, tuple[dt.date, str]] = {}  # profile id → (date, stage)
        for pid, cid, assessed_on, p_stage, rn in s.execute(
            select(
                ranked.c.id, ranked.c.cluster_id, ranked.c.assessed_on, ranked.c.stage, ranked.c.rn
            ).where(ranked.c.rn <= 2)
        ):
            recent[(cid, rn)] = pid
            facts[pid] = (assessed_on, p_stage)
        levels = _levels_by_profile(s, list(recent.values()))
        q = (
            select(
                Cluster.id,
                Cluster.short_name,
                Cluster.name,
                Cluster.kind,
                Cluster.cross_border,
                Cluster.esca_label,
                Cluster.esca_expiry,
                Cluster.member_count,
            )
            .where(Cluster.archived.is_(False))
            .order_by(func.lower(Cluster.short_name))
        )
        if kind:
            q = q.where(Cluster.kind == kind)
        rows = []
        for c in s.execute(q):
            pid = recent.get((c.id, 1))
            p_date, p_stage = facts[pid] if pid else (None, None)
            if stage and p_stage != stage:
                continue
            prev_id = recent.get((c.id, 2))
            rows.append(
                ScoreboardRow(
                    cluster_id=c.id,
                    cluster_short_name=c.short_name,
                    cluster_name=c.name,
                    kind=c.kind,
                    cross_border=c.cross_border,
                    profile_id=pid,
                    assessed_on=p_date,
                    stage=p_stage,
                    levels=dict(levels.get(pid, {})) if pid else {},
                    esca_label=c.esca_label,
                    esca_expiry=c.esca_expiry,
                    member_count=c.member_count,
                    previous_levels=dict(levels.get(prev_id, {})) if prev_id else None,
                )
            )
    with_profile = [r for r in rows if r.profile_id is not None]
    by_stage: dict[str, list[dict[str, int]]] = defaultdict(list)
    for r in with_profile:
        by_stage[r.stage or ""].append(r.levels)
    return Scoreboard(
        dimensions=dimensions,
        rows=tuple(rows),
        network_average=rules.averages(r.levels for r in with_profile),
        stage_averages={st: rules.averages(group) for st, group in by_stage.items()},
    )


def clusters_without_recent_profile(
    db: Database, *, today: dt.date | None = None, months: int = 12
) -> list[str]:
    today = today or dt.date.today()
    cutoff = today - dt.timedelta(days=round(months * 365.25 / 12))
    with db.read() as s:
        recent = select(MaturityProfile.cluster_id).where(MaturityProfile.assessed_on >= cutoff)
        q = (
            select(Cluster.short_name)
            .where(Cluster.archived.is_(False), Cluster.id.not_in(recent))
            .order_by(func.lower(Cluster.short_name))
        )
        return list(s.scalars(q))


# --------------------------------------------------------------------------- working groups
def create_working_group(
    db: Database,
    *,
    topic: str,
    dimension: str,
    proposed_on: dt.date,
    members: list[tuple[int, str, int | None]],
    meets_on: dt.date | None = None,
    notes: str = "",
) -> int:
    """Store a proposed working group; ``members`` are (cluster id, role, level when proposed)."""
    topic = clean_line(topic, "topic")
    if not members:
        raise ValidationError({"members": "Choose at least one cluster for the working group."})
    if len({cid for cid, _, _ in members}) != len(members):
        raise ValidationError({"members": "A cluster is listed twice."})
    for _cid, role, _lv in members:
        if role not in ("participant", "mentor"):
            raise ValidationError({"members": "A member is a participant or a mentor."})
    with db.write() as s:
        for cid, _, _ in members:
            if s.get(Cluster, cid) is None:
                raise ValidationError({"members": "One of the clusters no longer exists."})
        g = WorkingGroup(
            topic=topic,
            dimension=dimension,
            proposed_on=proposed_on,
            meets_on=meets_on,
            notes=clean_notes(notes),
        )
        s.add(g)
        s.flush()
        for cid, role, level in members:
            s.add(WorkingGroupMember(group_id=g.id, cluster_id=cid, role=role, level=level))
        return g.id


def list_working_groups(db: Database) -> list[WorkingGroupRow]:
    with db.read() as s:
        groups = s.scalars(
            select(WorkingGroup).order_by(WorkingGroup.proposed_on.desc(), WorkingGroup.id.desc())
        ).all()
        names = dict(s.execute(select(Cluster.id, Cluster.short_name)).all())
        return [
            WorkingGroupRow(
                id=g.id,
                topic=g.topic,
                dimension=g.dimension,
                proposed_on=g.proposed_on,
                meets_on=g.meets_on,
                notes=g.notes,
                members=tuple(
                    WorkingGroupMemberRow(
                        m.cluster_id, names.get(m.cluster_id, "?"), m.role, m.level
                    )
                    for m in sorted(
                        g.members, key=lambda m: (m.role != "mentor", names.get(m.cluster_id, ""))
                    )
                ),
            )
            for g in groups
        ]


def get_working_group(db: Database, group_id: int) -> WorkingGroupRow:
    for g in list_working_groups(db):
        if g.id == group_id:
            return g
    raise NotFoundError("That working group no longer exists.")


def delete_working_group(db: Database, group_id: int) -> None:
    with db.write() as s:
        g = s.get(WorkingGroup, group_id)
        if g is not None:
            s.delete(g)
