"""Time entries, closed years, timers and progress: the data layer of the Hours capability.

Reads return plain records; every write is one transaction and checks the rules of
``app.domain.hours`` against the database first (day totals, assignments, closed years).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, Select, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.db.database import Database
from app.db.models import (
    AnnualTarget,
    Assignment,
    Cluster,
    Meeting,
    Officer,
    RunningTimer,
    TimeEntry,
    YearClosure,
    YearClosureEvent,
)
from app.db.triggers import CLOSED_YEAR
from app.domain import vocab
from app.domain.hours import EntryContext, EntryInput, clean_entry, round_to_quarter
from app.domain.progress import compute_progress
from app.domain.records_hours import (
    EntryFilter,
    EntryRow,
    OfficerProgress,
    RunningTimerRow,
    YearEvent,
)
from app.domain.text import fold
from app.errors import KnownError, NotFoundError, ValidationError

SORT_COLUMNS = {
    "date": TimeEntry.entry_date,
    "officer": Officer.name,
    "cluster": Cluster.short_name,
    "activity": TimeEntry.activity,
    "hours": TimeEntry.minutes,
    "description": TimeEntry.description,
    "meeting": Meeting.title,
}


class ClosedYearError(KnownError):
    pass


def closed_year_error(err: IntegrityError) -> KnownError | None:
    if CLOSED_YEAR in str(err.orig):
        return ClosedYearError(
            "That year is closed: its hours are read-only until a coordinator reopens it."
        )
    return None


# --------------------------------------------------------------------------- reading entries
def _entry_select() -> Select:
    return (
        select(
            TimeEntry.id,
            TimeEntry.officer_id,
            Officer.name,
            TimeEntry.entry_date,
            TimeEntry.minutes,
            TimeEntry.cluster_id,
            func.coalesce(Cluster.short_name, ""),
            TimeEntry.activity,
            TimeEntry.description,
            TimeEntry.meeting_id,
            func.coalesce(Meeting.title, ""),
        )
        .join(Officer, Officer.id == TimeEntry.officer_id)
        .outerjoin(Cluster, Cluster.id == TimeEntry.cluster_id)
        .outerjoin(Meeting, Meeting.id == TimeEntry.meeting_id)
    )


def _where(q: Select, f: EntryFilter) -> Select:
    if f.officer_id is not None:
        q = q.where(TimeEntry.officer_id == f.officer_id)
    if f.cluster_id is not None:
        q = q.where(TimeEntry.cluster_id == f.cluster_id)
    if f.activity:
        q = q.where(TimeEntry.activity == f.activity)
    if f.year is not None:
        q = q.where(
            TimeEntry.entry_date >= dt.date(f.year, 1, 1),
            TimeEntry.entry_date <= dt.date(f.year, 12, 31),
        )
    for word in f.text.split():
        pattern = f"%{fold(word)}%"
        q = q.where(
            or_(
                func.fold(TimeEntry.description).like(pattern),
                func.fold(Officer.name).like(pattern),
                func.fold(func.coalesce(Cluster.short_name, "")).like(pattern),
            )
        )
    return q


def _ordered(q: Select, f: EntryFilter) -> Select:
    col = SORT_COLUMNS.get(f.sort, TimeEntry.entry_date)
    if f.descending:
        return q.order_by(col.desc(), TimeEntry.id.desc())
    return q.order_by(col.asc(), TimeEntry.id.asc())


# A row of ``_entry_select()``, in the order of ``EntryRow``'s fields.
_EntryTuple = tuple[int, int, str, dt.date, int, int | None, str, str, str, int | None, str]


def _row(r: _EntryTuple) -> EntryRow:
    return EntryRow(*r)


def _joined(q: Select, f: EntryFilter, *, for_sort: bool) -> Select:
    """Join the officer, cluster and meeting tables only when the text filter or the sort
    needs them: on a million entries a needless join costs seconds."""
    if f.text.strip() or (for_sort and f.sort == "officer"):
        q = q.join(Officer, Officer.id == TimeEntry.officer_id)
    if f.text.strip() or (for_sort and f.sort == "cluster"):
        q = q.outerjoin(Cluster, Cluster.id == TimeEntry.cluster_id)
    if for_sort and f.sort == "meeting":
        q = q.outerjoin(Meeting, Meeting.id == TimeEntry.meeting_id)
    return q


def count_entries(db: Database, f: EntryFilter) -> tuple[int, int]:
    """(number of entries, total minutes) matching the filter."""
    q = select(func.count(TimeEntry.id), func.coalesce(func.sum(TimeEntry.minutes), 0)).select_from(
        TimeEntry
    )
    q = _joined(q, f, for_sort=False)
    with db.read() as s:
        n, minutes = s.execute(_where(q, f)).one()
    return int(n), int(minutes)


def entry_ids(db: Database, f: EntryFilter) -> list[int]:
    """The ids of matching entries in display order (the lazy table model keeps only these)."""
    q = _joined(select(TimeEntry.id).select_from(TimeEntry), f, for_sort=True)
    with db.read() as s:
        return list(s.scalars(_ordered(_where(q, f), f)))


def page_of_entries(db: Database, f: EntryFilter, offset: int, limit: int) -> list[EntryRow]:
    with db.read() as s:
        q = _ordered(_where(_entry_select(), f), f).offset(offset).limit(limit)
        return [_row(r) for r in s.execute(q)]


def entries_by_ids(db: Database, ids: Sequence[int]) -> dict[int, EntryRow]:
    out: dict[int, EntryRow] = {}
    with db.read() as s:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            for r in s.execute(_entry_select().where(TimeEntry.id.in_(chunk))):
                out[r[0]] = _row(r)
    return out


def iter_entries(db: Database, f: EntryFilter, batch: int = 5000) -> Iterable[list[EntryRow]]:
    """Matching entries in batches, each read in its own short transaction (exports, reports)."""
    offset = 0
    while True:
        rows = page_of_entries(db, f, offset, batch)
        if not rows:
            return
        yield rows
        offset += len(rows)


def get_entry(db: Database, entry_id: int) -> EntryRow:
    found = entries_by_ids(db, [entry_id])
    if entry_id not in found:
        raise NotFoundError("That time entry no longer exists.")
    return found[entry_id]


# --------------------------------------------------------------------------- writing entries
def closed_years(s: Session) -> frozenset[int]:
    return frozenset(s.scalars(select(YearClosure.year)))


def entry_context(
    s: Session, data: EntryInput, today: dt.date, exclude_id: int | None = None
) -> EntryContext:
    q = select(func.coalesce(func.sum(TimeEntry.minutes), 0)).where(
        TimeEntry.officer_id == data.officer_id, TimeEntry.entry_date == data.entry_date
    )
    if exclude_id is not None:
        q = q.where(TimeEntry.id != exclude_id)
    other = int(s.scalar(q) or 0)
    assigned = frozenset(
        s.scalars(
            select(Assignment.cluster_id).where(
                Assignment.officer_id == data.officer_id,
                Assignment.start_date <= data.entry_date,
                or_(Assignment.end_date.is_(None), Assignment.end_date >= data.entry_date),
            )
        )
    )
    names = {}
    if data.cluster_id is not None:
        c = s.get(Cluster, data.cluster_id)
        if c is None:
            raise ValidationError({"cluster_id": "That cluster no longer exists."})
        names[c.id] = c.short_name
    return EntryContext(today, other, assigned, closed_years(s), names)


def _check_refs(s: Session, data: EntryInput) -> None:
    if s.get(Officer, data.officer_id) is None:
        raise ValidationError({"officer_id": "Choose an officer."})
    if data.meeting_id is not None and s.get(Meeting, data.meeting_id) is None:
        raise ValidationError({"meeting_id": "That meeting no longer exists."})


def add_entry(
    db: Database, data: EntryInput, *, today: dt.date | None = None, entry_id: int | None = None
) -> tuple[int, list[str]]:
    """Store a new entry; return its id and any warnings (e.g. cluster not assigned).

    ``entry_id`` re-creates an entry under its old id (undo of a delete)."""
    today = today or dt.date.today()
    try:
        with db.write() as s:
            _check_refs(s, data)
            clean, warnings = clean_entry(data, entry_context(s, data, today))
            e = TimeEntry(
                officer_id=clean.officer_id,
                entry_date=clean.entry_date,
                minutes=clean.minutes,
                activity=clean.activity,
                cluster_id=clean.cluster_id,
                description=clean.description,
                meeting_id=clean.meeting_id,
            )
            if entry_id is not None:
                e.id = entry_id
            s.add(e)
            s.flush()
            return e.id, warnings
    except IntegrityError as err:
        raise (closed_year_error(err) or err) from err


def update_entry(
    db: Database, entry_id: int, data: EntryInput, *, today: dt.date | None = None
) -> list[str]:
    today = today or dt.date.today()
    try:
        with db.write() as s:
            e = s.get(TimeEntry, entry_id)
            if e is None:
                raise NotFoundError("That time entry no longer exists.")
            if e.entry_date.year in closed_years(s):
                raise ClosedYearError(
                    f"{e.entry_date.year} is closed: its hours are read-only until a "
                    "coordinator reopens it."
                )
            _check_refs(s, data)
            clean, warnings = clean_entry(data, entry_context(s, data, today, exclude_id=entry_id))
            e.officer_id, e.entry_date, e.minutes = (
                clean.officer_id,
                clean.entry_date,
                clean.minutes,
            )
            e.activity, e.cluster_id, e.description = (
                clean.activity,
                clean.cluster_id,
                clean.description,
            )
            e.meeting_id = clean.meeting_id
            return warnings
    except IntegrityError as err:
        raise (closed_year_error(err) or err) from err


def delete_entries(db: Database, entry_ids: Sequence[int]) -> list[EntryRow]:
    """Delete entries in one transaction; return what was deleted (so it can be undone)."""
    rows = entries_by_ids(db, entry_ids)
    try:
        with db.write() as s:
            years = closed_years(s)
            for row in rows.values():
                if row.entry_date.year in years:
                    raise ClosedYearError(
                        f"{row.entry_date.year} is closed: its hours cannot be deleted."
                    )
            s.execute(delete(TimeEntry).where(TimeEntry.id.in_(list(rows))))
    except IntegrityError as err:
        raise (closed_year_error(err) or err) from err
    return [rows[i] for i in entry_ids if i in rows]


def restore_entries(db: Database, rows: Sequence[EntryRow]) -> None:
    """Put deleted entries back under their old ids, all or nothing (undo of a delete)."""
    try:
        with db.write() as s:
            for r in rows:
                s.add(
                    TimeEntry(
                        id=r.id,
                        officer_id=r.officer_id,
                        entry_date=r.entry_date,
                        minutes=r.minutes,
                        activity=r.activity,
                        cluster_id=r.cluster_id,
                        description=r.description,
                        meeting_id=r.meeting_id,
                    )
                )
    except IntegrityError as err:
        raise (closed_year_error(err) or err) from err


def as_input(row: EntryRow) -> EntryInput:
    return EntryInput(
        officer_id=row.officer_id,
        entry_date=row.entry_date,
        minutes=row.minutes,
        activity=row.activity,
        cluster_id=row.cluster_id,
        description=row.description,
        meeting_id=row.meeting_id,
    )


# --------------------------------------------------------------------------- closed years
def list_closed_years(db: Database) -> list[int]:
    with db.read() as s:
        return sorted(closed_years(s))


def close_year(db: Database, year: int, *, by_officer_id: int | None, note: str = "") -> None:
    """Make ``year``'s entries read-only everywhere. Only coordinators may close a year."""
    with db.write() as s:
        _require_coordinator(s, by_officer_id)
        if year >= dt.date.today().year + 1:
            raise ValidationError({"year": f"{year} has not started; it cannot be closed."})
        if s.get(YearClosure, year) is not None:
            raise ValidationError({"year": f"{year} is already closed."})
        now = dt.datetime.now().replace(microsecond=0)
        s.add(YearClosure(year=year, closed_at=now, closed_by_id=by_officer_id))
        s.add(YearClosureEvent(year=year, action="closed", at=now, by_id=by_officer_id, note=note))


def reopen_year(db: Database, year: int, *, by_officer_id: int | None, note: str = "") -> None:
    with db.write() as s:
        _require_coordinator(s, by_officer_id)
        closure = s.get(YearClosure, year)
        if closure is None:
            raise ValidationError({"year": f"{year} is not closed."})
        s.delete(closure)
        s.add(
            YearClosureEvent(
                year=year,
                action="reopened",
                at=dt.datetime.now().replace(microsecond=0),
                by_id=by_officer_id,
                note=note,
            )
        )


def _require_coordinator(s: Session, officer_id: int | None) -> None:
    o = s.get(Officer, officer_id) if officer_id is not None else None
    if o is None or o.role != "coordinator":
        raise ValidationError({"by": "Only a coordinator can close or reopen a year."})


def year_events(db: Database) -> list[YearEvent]:
    with db.read() as s:
        q = (
            select(YearClosureEvent, Officer.name)
            .outerjoin(Officer, Officer.id == YearClosureEvent.by_id)
            .order_by(YearClosureEvent.at.desc(), YearClosureEvent.id.desc())
        )
        return [YearEvent(e.year, e.action, e.at, name or "", e.note) for e, name in s.execute(q)]


# --------------------------------------------------------------------------- timers
def running_timers(db: Database) -> list[RunningTimerRow]:
    with db.read() as s:
        q = (
            select(RunningTimer, Officer.name, func.coalesce(Cluster.short_name, ""))
            .join(Officer, Officer.id == RunningTimer.officer_id)
            .outerjoin(Cluster, Cluster.id == RunningTimer.cluster_id)
            .order_by(RunningTimer.started_at)
        )
        return [
            RunningTimerRow(
                t.officer_id, name, t.cluster_id, short, t.activity, t.description, t.started_at
            )
            for t, name, short in s.execute(q)
        ]


def start_timer(
    db: Database,
    officer_id: int,
    *,
    cluster_id: int | None,
    activity: str,
    description: str = "",
    now: dt.datetime | None = None,
) -> None:
    if activity not in vocab.ACTIVITIES:
        raise ValidationError({"activity": "Choose an activity from the list."})
    with db.write() as s:
        if s.get(Officer, officer_id) is None:
            raise ValidationError({"officer_id": "Choose an officer."})
        existing = s.scalars(
            select(RunningTimer).where(RunningTimer.officer_id == officer_id)
        ).first()
        if existing is not None:
            raise ValidationError(
                {
                    "officer_id": f"A timer is already running for this officer since {existing.started_at:%H:%M}."
                }
            )
        s.add(
            RunningTimer(
                officer_id=officer_id,
                cluster_id=cluster_id,
                activity=activity,
                description=description.strip(),
                started_at=(now or dt.datetime.now()).replace(microsecond=0),
            )
        )


def stop_timer(
    db: Database, officer_id: int, *, now: dt.datetime | None = None
) -> tuple[int, list[str]]:
    """Stop the officer's timer and log its time, rounded to the quarter hour, on the start date.

    A timer that ran past midnight is logged on the day it started, capped at 24 h.
    """
    now = now or dt.datetime.now()
    with db.read() as s:
        t = s.scalars(select(RunningTimer).where(RunningTimer.officer_id == officer_id)).first()
        if t is None:
            raise NotFoundError("No timer is running for this officer.")
        timer = (t.id, t.cluster_id, t.activity, t.description, t.started_at)
    timer_id, cluster_id, activity, description, started = timer
    elapsed = max((now - started).total_seconds() / 60, 0)
    minutes = min(round_to_quarter(elapsed), vocab.MAX_MINUTES_PER_DAY)
    data = EntryInput(
        officer_id=officer_id,
        entry_date=started.date(),
        minutes=minutes,
        activity=activity,
        cluster_id=cluster_id,
        description=description,
    )
    try:
        with db.write() as s:
            clean, warnings = clean_entry(data, entry_context(s, data, now.date()))
            e = TimeEntry(
                officer_id=clean.officer_id,
                entry_date=clean.entry_date,
                minutes=clean.minutes,
                activity=clean.activity,
                cluster_id=clean.cluster_id,
                description=clean.description,
            )
            s.add(e)
            s.execute(delete(RunningTimer).where(RunningTimer.id == timer_id))
            s.flush()
            return e.id, warnings
    except IntegrityError as err:
        raise (closed_year_error(err) or err) from err


def cancel_timer(db: Database, officer_id: int) -> None:
    with db.write() as s:
        s.execute(delete(RunningTimer).where(RunningTimer.officer_id == officer_id))


# --------------------------------------------------------------------------- progress
def progress_for_year(
    db: Database, year: int, as_of: dt.date | None = None, *, officer_id: int | None = None
) -> list[OfficerProgress]:
    """Progress of every officer who served in ``year`` (one GROUP BY over the year's entries)."""
    as_of = as_of or dt.date.today()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cutoff = min(as_of, last)
    with db.read() as s:
        logged_q = (
            select(TimeEntry.officer_id, func.sum(TimeEntry.minutes))
            .where(TimeEntry.entry_date >= first, TimeEntry.entry_date <= cutoff)
            .group_by(TimeEntry.officer_id)
        )
        if officer_id is not None:
            logged_q = logged_q.where(TimeEntry.officer_id == officer_id)
        logged = dict(s.execute(logged_q).all())
        targets = dict(
            s.execute(
                select(AnnualTarget.officer_id, AnnualTarget.hours).where(AnnualTarget.year == year)
            ).all()
        )
        oq = select(
            Officer.id,
            Officer.name,
            Officer.email,
            Officer.role,
            Officer.service_start,
            Officer.service_end,
        )
        oq = oq.where(
            or_(Officer.service_start.is_(None), Officer.service_start <= last),
            or_(Officer.service_end.is_(None), Officer.service_end >= first),
        )
        if officer_id is not None:
            oq = oq.where(Officer.id == officer_id)
        officers = s.execute(oq.order_by(Officer.name)).all()
    out: list[OfficerProgress] = []
    for oid, name, email, role, start, end in officers:
        minutes = int(logged.get(oid, 0) or 0)
        if role == "coordinator" and oid not in targets and minutes == 0:
            continue  # coordinators owe no liaison hours unless a target is set
        p = compute_progress(
            year=year,
            as_of=as_of,
            base_target=targets.get(oid, vocab.DEFAULT_ANNUAL_TARGET_HOURS),
            logged=minutes / 60,
            service_start=start,
            service_end=end,
        )
        if p is not None:
            out.append(OfficerProgress(oid, name, email, p))
    return out


def hours_by(db: Database, f: EntryFilter, dimension: str) -> list[tuple[str, float]]:
    """Hours grouped by "cluster", "activity" or "month" for the filter (charts, reports)."""
    key: ColumnElement[str] | InstrumentedAttribute[str]
    with db.read() as s:
        if dimension == "cluster":
            key = func.coalesce(Cluster.short_name, "(no cluster)")
        elif dimension == "activity":
            key = TimeEntry.activity
        elif dimension == "month":
            key = func.substr(TimeEntry.entry_date, 1, 7)
        else:
            raise ValueError(dimension)
        q = (
            select(key, func.sum(TimeEntry.minutes))
            .select_from(TimeEntry)
            .join(Officer, Officer.id == TimeEntry.officer_id)
            .outerjoin(Cluster, Cluster.id == TimeEntry.cluster_id)
        )
        q = _where(q, f).group_by(key).order_by(func.sum(TimeEntry.minutes).desc())
        rows = [(str(k), (m or 0) / 60) for k, m in s.execute(q)]
    if dimension == "activity":
        rows = [(vocab.ACTIVITIES.get(k, k), h) for k, h in rows]
    if dimension == "month":
        rows.sort()
    return rows


def entry_years(db: Database) -> list[int]:
    with db.read() as s:  # two queries: each is one index lookup, together they scan
        first = s.scalar(select(func.min(TimeEntry.entry_date)))
        last = s.scalar(select(func.max(TimeEntry.entry_date)))
    if first is None or last is None:
        return [dt.date.today().year]
    return list(range(first.year, max(last.year, dt.date.today().year) + 1))


def daily_hours(db: Database, officer_id: int, year: int) -> list[tuple[dt.date, float]]:
    """Hours per day for an officer in a year, in date order (cumulative-pace charts)."""
    with db.read() as s:
        q = (
            select(TimeEntry.entry_date, func.sum(TimeEntry.minutes))
            .where(
                TimeEntry.officer_id == officer_id,
                TimeEntry.entry_date >= dt.date(year, 1, 1),
                TimeEntry.entry_date <= dt.date(year, 12, 31),
            )
            .group_by(TimeEntry.entry_date)
            .order_by(TimeEntry.entry_date)
        )
        return [(day, (m or 0) / 60) for day, m in s.execute(q)]
