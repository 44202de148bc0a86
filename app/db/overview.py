"""Figures for the dashboard's overview panel: counts, open actions, labels, uncovered clusters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, select

from app.db.database import Database
from app.db.directory import summary
from app.db.models import ActionItem, Assignment, Cluster, TimeEntry
from app.domain.records import DatabaseSummary


@dataclass(frozen=True)
class LabelExpiry:
    cluster_id: int
    short_name: str
    label: str
    expiry: dt.date

    def days_left(self, today: dt.date) -> int:
        return (self.expiry - today).days


@dataclass(frozen=True)
class Overview:
    today: dt.date
    counts: DatabaseSummary
    hours_this_year: float
    open_actions: int
    overdue_actions: int
    expiring_labels: tuple[LabelExpiry, ...]
    clusters_without_liaison: tuple[str, ...]
    first_year: int | None
    last_year: int | None
    clusters_without_profile: tuple[str, ...] = ()  # no maturity profile in the last 12 months
    shared_weaknesses: tuple[tuple[str, int, int], ...] = ()  # (dimension, weak, strong) ranked


def overview(db: Database, today: dt.date | None = None, *, horizon_days: int = 183) -> Overview:
    today = today or dt.date.today()
    counts = summary(db)
    with db.read() as s:
        minutes = s.scalar(
            select(func.coalesce(func.sum(TimeEntry.minutes), 0)).where(
                TimeEntry.entry_date >= dt.date(today.year, 1, 1),
                TimeEntry.entry_date <= today,
            )
        )
        open_actions = s.scalar(
            select(func.count()).select_from(ActionItem).where(ActionItem.status == "open")
        )
        overdue = s.scalar(
            select(func.count())
            .select_from(ActionItem)
            .where(ActionItem.status == "open", ActionItem.due_date < today)
        )
        labels = s.execute(
            select(Cluster.id, Cluster.short_name, Cluster.esca_label, Cluster.esca_expiry)
            .where(
                Cluster.archived.is_(False),
                Cluster.esca_label != "none",
                Cluster.esca_expiry.is_not(None),
                Cluster.esca_expiry <= today + dt.timedelta(days=horizon_days),
            )
            .order_by(Cluster.esca_expiry)
        ).all()
        covered = select(Assignment.cluster_id).where(
            Assignment.start_date <= today,
            (Assignment.end_date.is_(None)) | (Assignment.end_date >= today),
        )
        uncovered = s.scalars(
            select(Cluster.short_name)
            .where(Cluster.archived.is_(False), Cluster.id.not_in(covered))
            .order_by(func.lower(Cluster.short_name))
        ).all()
        first = s.scalar(select(func.min(TimeEntry.entry_date)))  # one index lookup each
        last = s.scalar(select(func.max(TimeEntry.entry_date)))
    from app.db.maturity import clusters_without_recent_profile, scoreboard
    from app.domain.maturity import rank_dimensions

    board = scoreboard(db)
    latest = {r.cluster_id: r.levels for r in board.rows if r.profile_id is not None}
    ranked = tuple(r for r in rank_dimensions(latest, board.dimensions) if r[1] > 0)
    return Overview(
        today=today,
        counts=counts,
        hours_this_year=(minutes or 0) / 60,
        open_actions=open_actions or 0,
        overdue_actions=overdue or 0,
        expiring_labels=tuple(
            # the query keeps only the clusters whose expiry is set
            LabelExpiry(cid, short, label, cast(dt.date, expiry))
            for cid, short, label, expiry in labels
        ),
        clusters_without_liaison=tuple(uncovered),
        first_year=first.year if first else None,
        last_year=last.year if last else None,
        clusters_without_profile=tuple(clusters_without_recent_profile(db, today=today)),
        shared_weaknesses=ranked[:3],
    )
