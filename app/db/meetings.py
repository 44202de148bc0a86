"""Meetings, attendees, agenda, decisions and action items; search; live-meeting recovery;
logging a meeting's time. Every write is one short transaction (autosave calls these often).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from app.db.database import Database
from app.db.fts import FTS_TABLE
from app.db.hours import closed_year_error, entry_context
from app.db.models import (
    ActionItem,
    AgendaItem,
    AppState,
    Cluster,
    Decision,
    Meeting,
    MeetingAttendee,
    Officer,
    TimeEntry,
)
from app.domain import vocab
from app.domain.hours import EntryContext, EntryInput, clean_entry
from app.domain.meetings import clean_line, clean_meeting, clean_notes, fts_query
from app.domain.records_meetings import (
    HIT_END,
    HIT_START,
    ActionRow,
    AgendaRow,
    AttendeeRow,
    DecisionRow,
    MeetingDetail,
    MeetingInput,
    MeetingRow,
    SearchHit,
)
from app.errors import NotFoundError, ValidationError

LIVE_KEY = "live_meeting_id"


# --------------------------------------------------------------------------- reading
def _meeting_rows(s: Session, where: list[Any], limit: int | None = None) -> list[MeetingRow]:
    open_count = (
        select(ActionItem.meeting_id, func.count().label("n"))
        .where(ActionItem.status == "open")
        .group_by(ActionItem.meeting_id)
        .subquery()
    )
    q = (
        select(Meeting, Cluster.short_name, func.coalesce(open_count.c.n, 0))
        .join(Cluster, Cluster.id == Meeting.cluster_id)
        .outerjoin(open_count, open_count.c.meeting_id == Meeting.id)
        .where(*where)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    if limit:
        q = q.limit(limit)
    rows = s.execute(q).all()
    ids = [m.id for m, _, _ in rows]
    officers: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for meeting_id, name in s.execute(
            select(MeetingAttendee.meeting_id, Officer.name)
            .join(Officer, Officer.id == MeetingAttendee.officer_id)
            .where(MeetingAttendee.meeting_id.in_(chunk))
            .order_by(Officer.name)
        ):
            officers[meeting_id].append(name)
    return [
        MeetingRow(
            id=m.id,
            cluster_id=m.cluster_id,
            cluster_short_name=short,
            kind=m.kind,
            title=m.title,
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            location=m.location,
            online=m.online,
            closed=m.closed,
            open_actions=int(n),
            officers=tuple(officers.get(m.id, ())),
        )
        for m, short, n in rows
    ]


def list_meetings(
    db: Database,
    *,
    cluster_id: int | None = None,
    kind: str | None = None,
    officer_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
) -> list[MeetingRow]:
    where: list[Any] = []
    if cluster_id is not None:
        where.append(Meeting.cluster_id == cluster_id)
    if kind:
        where.append(Meeting.kind == kind)
    if officer_id is not None:
        where.append(
            Meeting.id.in_(
                select(MeetingAttendee.meeting_id).where(MeetingAttendee.officer_id == officer_id)
            )
        )
    if start is not None:
        where.append(Meeting.starts_at >= dt.datetime.combine(start, dt.time.min))
    if end is not None:
        where.append(Meeting.starts_at <= dt.datetime.combine(end, dt.time.max))
    with db.read() as s:
        return _meeting_rows(s, where, limit)


def _action_select() -> Select:
    owner_officer = aliased(Officer)
    return (
        select(
            ActionItem,
            Meeting.title,
            Meeting.starts_at,
            Meeting.cluster_id,
            Cluster.short_name,
            func.coalesce(owner_officer.name, MeetingAttendee.name, ""),
        )
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .join(Cluster, Cluster.id == Meeting.cluster_id)
        .outerjoin(owner_officer, owner_officer.id == ActionItem.owner_officer_id)
        .outerjoin(MeetingAttendee, MeetingAttendee.id == ActionItem.owner_attendee_id)
    )


def _action_rows(s: Session, q: Any) -> list[ActionRow]:
    return [
        ActionRow(
            id=a.id,
            meeting_id=a.meeting_id,
            meeting_title=title,
            meeting_starts_at=starts,
            cluster_id=cluster_id,
            cluster_short_name=short,
            agenda_item_id=a.agenda_item_id,
            description=a.description,
            owner_officer_id=a.owner_officer_id,
            owner_attendee_id=a.owner_attendee_id,
            owner_name=owner,
            due_date=a.due_date,
            status=a.status,
            closed_on=a.closed_on,
        )
        for a, title, starts, cluster_id, short, owner in s.execute(q)
    ]


def _carried_forward(s: Session, meeting: Meeting) -> list[ActionRow]:
    q = (
        _action_select()
        .where(
            Meeting.cluster_id == meeting.cluster_id,
            Meeting.starts_at < meeting.starts_at,
            ActionItem.status == "open",
        )
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    )
    return _action_rows(s, q)


def get_meeting(db: Database, meeting_id: int) -> MeetingDetail:
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        if m is None:
            raise NotFoundError("That meeting no longer exists.")
        row = _meeting_rows(s, [Meeting.id == meeting_id])[0]
        cluster = s.get(Cluster, m.cluster_id)
        assert cluster is not None
        attendees = tuple(
            AttendeeRow(a.id, a.officer_id, name or a.name, a.organisation, a.role, a.attendance)
            for a, name in s.execute(
                select(MeetingAttendee, Officer.name)
                .outerjoin(Officer, Officer.id == MeetingAttendee.officer_id)
                .where(MeetingAttendee.meeting_id == meeting_id)
                .order_by(MeetingAttendee.officer_id.is_(None), MeetingAttendee.id)
            ).all()
        )
        agenda = tuple(
            AgendaRow(a.id, a.position, a.title, a.notes)
            for a in s.scalars(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(AgendaItem.position, AgendaItem.id)
            )
        )
        decisions = tuple(
            DecisionRow(d.id, d.agenda_item_id, d.position, d.text)
            for d in s.scalars(
                select(Decision)
                .where(Decision.meeting_id == meeting_id)
                .order_by(Decision.position, Decision.id)
            )
        )
        actions = tuple(
            _action_rows(
                s,
                _action_select().where(ActionItem.meeting_id == meeting_id).order_by(ActionItem.id),
            )
        )
        logged = tuple(s.scalars(select(TimeEntry.id).where(TimeEntry.meeting_id == meeting_id)))
        return MeetingDetail(
            meeting=row,
            notes=m.notes,
            attendees=attendees,
            agenda=agenda,
            decisions=decisions,
            actions=actions,
            carried_forward=tuple(_carried_forward(s, m)),
            cluster_name=cluster.name,
            cluster_contact_name=cluster.contact_name,
            cluster_contact_email=cluster.contact_email,
            logged_entry_ids=logged,
        )


def list_actions(
    db: Database,
    *,
    open_only: bool = False,
    overdue_only: bool = False,
    cluster_id: int | None = None,
    owner_officer_id: int | None = None,
    today: dt.date | None = None,
) -> list[ActionRow]:
    today = today or dt.date.today()
    q = _action_select()
    if open_only or overdue_only:
        q = q.where(ActionItem.status == "open")
    if overdue_only:
        q = q.where(ActionItem.due_date < today)
    if cluster_id is not None:
        q = q.where(Meeting.cluster_id == cluster_id)
    if owner_officer_id is not None:
        q = q.where(ActionItem.owner_officer_id == owner_officer_id)
    q = q.order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    with db.read() as s:
        return _action_rows(s, q)


# --------------------------------------------------------------------------- meetings
def _meeting(s: Session, meeting_id: int) -> Meeting:
    m = s.get(Meeting, meeting_id)
    if m is None:
        raise NotFoundError("That meeting no longer exists.")
    return m


def create_meeting(
    db: Database,
    data: MeetingInput,
    *,
    officer_ids: tuple[int, ...] = (),
    agenda: tuple[str, ...] = (),
) -> int:
    data = clean_meeting(data)
    with db.write() as s:
        if s.get(Cluster, data.cluster_id) is None:
            raise ValidationError({"cluster_id": "Choose the cluster."})
        m = Meeting(
            cluster_id=data.cluster_id,
            kind=data.kind,
            title=data.title,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            location=data.location,
            online=data.online,
            notes=data.notes,
        )
        s.add(m)
        s.flush()
        for oid in officer_ids:
            s.add(MeetingAttendee(meeting_id=m.id, officer_id=oid, attendance="present"))
        for pos, title in enumerate(agenda):
            s.add(AgendaItem(meeting_id=m.id, position=pos, title=clean_line(title, "title")))
        return m.id


def update_meeting(db: Database, meeting_id: int, data: MeetingInput) -> None:
    data = clean_meeting(data)
    with db.write() as s:
        m = _meeting(s, meeting_id)
        if s.get(Cluster, data.cluster_id) is None:
            raise ValidationError({"cluster_id": "Choose the cluster."})
        m.cluster_id, m.kind, m.title = data.cluster_id, data.kind, data.title
        m.starts_at, m.ends_at = data.starts_at, data.ends_at
        m.location, m.online, m.notes = data.location, data.online, data.notes


def set_meeting_notes(db: Database, meeting_id: int, notes: str) -> None:
    """Autosave of the meeting's general notes."""
    notes = clean_notes(notes)
    with db.write() as s:
        _meeting(s, meeting_id).notes = notes


def set_meeting_closed(
    db: Database, meeting_id: int, closed: bool, ends_at: dt.datetime | None = None
) -> None:
    with db.write() as s:
        m = _meeting(s, meeting_id)
        m.closed = closed
        if ends_at is not None:
            if ends_at < m.starts_at:
                raise ValidationError({"ends_at": "The meeting ends before it starts."})
            m.ends_at = ends_at.replace(second=0, microsecond=0)


@dataclass(frozen=True)
class MeetingSnapshot:
    """Everything a deleted meeting held, so that undo can put it back exactly."""

    meeting: dict[str, Any]
    attendees: list[dict[str, Any]] = field(default_factory=list)
    agenda: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    entry_ids: list[int] = field(default_factory=list)


def _columns(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def delete_meeting(db: Database, meeting_id: int) -> MeetingSnapshot:
    with db.write() as s:
        m = _meeting(s, meeting_id)
        snap = MeetingSnapshot(
            meeting=_columns(m),
            attendees=[_columns(a) for a in m.attendees],
            agenda=[_columns(a) for a in m.agenda_items],
            decisions=[_columns(d) for d in m.decisions],
            actions=[_columns(a) for a in m.action_items],
            entry_ids=list(
                s.scalars(select(TimeEntry.id).where(TimeEntry.meeting_id == meeting_id))
            ),
        )
        s.execute(
            update(ActionItem)
            .where(ActionItem.meeting_id == meeting_id)
            .values(owner_attendee_id=None)
        )
        s.delete(m)
    return snap


def restore_meeting(db: Database, snap: MeetingSnapshot) -> None:
    """Undo of a delete: the meeting and everything in it, under the same ids."""
    try:
        with db.write() as s:
            s.add(Meeting(**snap.meeting))
            s.flush()
            for rows, entity in (
                (snap.attendees, MeetingAttendee),
                (snap.agenda, AgendaItem),
                (snap.decisions, Decision),
                (snap.actions, ActionItem),
            ):
                for r in rows:
                    s.add(entity(**r))
                s.flush()
            if snap.entry_ids:
                s.execute(
                    update(TimeEntry)
                    .where(TimeEntry.id.in_(snap.entry_ids))
                    .values(meeting_id=snap.meeting["id"])
                )
    except IntegrityError as err:
        raise (closed_year_error(err) or err) from err


def duplicate_meeting(db: Database, meeting_id: int, starts_at: dt.datetime) -> int:
    """A new meeting like this one (a recurring board): cluster, kind, title, place, people and
    agenda titles; no notes, decisions or actions. Attendance is reset to invited."""
    with db.write() as s:
        m = _meeting(s, meeting_id)
        length = (m.ends_at - m.starts_at) if m.ends_at else None
        new = Meeting(
            cluster_id=m.cluster_id,
            kind=m.kind,
            title=m.title,
            starts_at=starts_at.replace(second=0, microsecond=0),
            ends_at=(starts_at + length).replace(second=0, microsecond=0) if length else None,
            location=m.location,
            online=m.online,
            notes="",
        )
        s.add(new)
        s.flush()
        for a in m.attendees:
            s.add(
                MeetingAttendee(
                    meeting_id=new.id,
                    officer_id=a.officer_id,
                    name=a.name,
                    organisation=a.organisation,
                    role=a.role,
                    attendance="invited",
                )
            )
        for item in m.agenda_items:
            s.add(AgendaItem(meeting_id=new.id, position=item.position, title=item.title))
        return new.id


# --------------------------------------------------------------------------- attendees
def add_attendee(
    db: Database,
    meeting_id: int,
    *,
    officer_id: int | None = None,
    name: str = "",
    organisation: str = "",
    role: str = "",
    attendance: str = "present",
) -> int:
    if attendance not in vocab.ATTENDANCE:
        raise ValidationError({"attendance": "Choose present, apologised or invited."})
    name = clean_line(name, "name", required=officer_id is None, limit=120)
    organisation = clean_line(organisation, "organisation", required=False, limit=200)
    role = clean_line(role, "role", required=False, limit=120)
    with db.write() as s:
        _meeting(s, meeting_id)
        if officer_id is not None:
            if s.get(Officer, officer_id) is None:
                raise ValidationError({"officer_id": "That officer no longer exists."})
            dup = s.scalars(
                select(MeetingAttendee).where(
                    MeetingAttendee.meeting_id == meeting_id,
                    MeetingAttendee.officer_id == officer_id,
                )
            ).first()
            if dup is not None:
                raise ValidationError({"officer_id": "This officer is already on the list."})
        a = MeetingAttendee(
            meeting_id=meeting_id,
            officer_id=officer_id,
            name="" if officer_id is not None else name,
            organisation=organisation,
            role=role,
            attendance=attendance,
        )
        s.add(a)
        s.flush()
        return a.id


def update_attendee(
    db: Database,
    attendee_id: int,
    *,
    name: str | None = None,
    organisation: str | None = None,
    role: str | None = None,
    attendance: str | None = None,
) -> None:
    with db.write() as s:
        a = s.get(MeetingAttendee, attendee_id)
        if a is None:
            raise NotFoundError("That attendee is no longer on the list.")
        if name is not None and a.officer_id is None:
            a.name = clean_line(name, "name", limit=120)
        if organisation is not None:
            a.organisation = clean_line(organisation, "organisation", required=False, limit=200)
        if role is not None:
            a.role = clean_line(role, "role", required=False, limit=120)
        if attendance is not None:
            if attendance not in vocab.ATTENDANCE:
                raise ValidationError({"attendance": "Choose present, apologised or invited."})
            a.attendance = attendance


def remove_attendee(db: Database, attendee_id: int) -> None:
    with db.write() as s:
        a = s.get(MeetingAttendee, attendee_id)
        if a is None:
            return
        owned = s.scalar(
            select(func.count())
            .select_from(ActionItem)
            .where(ActionItem.owner_attendee_id == attendee_id)
        )
        if owned:
            raise ValidationError(
                {
                    "attendee": f"{a.name} owns {owned} action item(s); give them another owner first."
                }
            )
        s.delete(a)


# --------------------------------------------------------------------------- agenda
def add_agenda_item(db: Database, meeting_id: int, title: str) -> int:
    title = clean_line(title, "title")
    with db.write() as s:
        _meeting(s, meeting_id)
        last = s.execute(  # one row: an aggregate without GROUP BY
            select(func.coalesce(func.max(AgendaItem.position), -1)).where(
                AgendaItem.meeting_id == meeting_id
            )
        ).scalar_one()
        item = AgendaItem(meeting_id=meeting_id, position=int(last) + 1, title=title)
        s.add(item)
        s.flush()
        return item.id


def rename_agenda_item(db: Database, item_id: int, title: str) -> None:
    title = clean_line(title, "title")
    with db.write() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise NotFoundError("That agenda item no longer exists.")
        item.title = title


def set_agenda_notes(db: Database, item_id: int, notes: str) -> None:
    """Autosave of one agenda item's notes."""
    notes = clean_notes(notes)
    with db.write() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise NotFoundError("That agenda item no longer exists.")
        item.notes = notes


def reorder_agenda(db: Database, meeting_id: int, ordered_ids: list[int]) -> None:
    with db.write() as s:
        current = set(s.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)))
        if set(ordered_ids) != current or len(ordered_ids) != len(current):
            raise ValidationError({"agenda": "The agenda changed meanwhile; reload the meeting."})
        for pos, item_id in enumerate(ordered_ids):
            s.execute(update(AgendaItem).where(AgendaItem.id == item_id).values(position=pos))


def move_agenda_item(db: Database, item_id: int, offset: int) -> None:
    """Move an item up (-1) or down (+1) the agenda."""
    with db.read() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise NotFoundError("That agenda item no longer exists.")
        meeting_id = item.meeting_id
        ids = list(
            s.scalars(
                select(AgendaItem.id)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(AgendaItem.position, AgendaItem.id)
            )
        )
    i = ids.index(item_id)
    j = max(0, min(len(ids) - 1, i + offset))
    ids.insert(j, ids.pop(i))
    reorder_agenda(db, meeting_id, ids)


def delete_agenda_item(db: Database, item_id: int) -> None:
    with db.write() as s:
        item = s.get(AgendaItem, item_id)
        if item is not None:
            s.delete(item)


# --------------------------------------------------------------------------- decisions
def add_decision(
    db: Database, meeting_id: int, text_: str, agenda_item_id: int | None = None
) -> int:
    body = clean_notes(text_).strip()
    if not body:
        raise ValidationError({"text": "Write the decision."})
    with db.write() as s:
        _meeting(s, meeting_id)
        _check_agenda_item(s, meeting_id, agenda_item_id)
        last = s.execute(  # one row: an aggregate without GROUP BY
            select(func.coalesce(func.max(Decision.position), -1)).where(
                Decision.meeting_id == meeting_id
            )
        ).scalar_one()
        d = Decision(
            meeting_id=meeting_id, agenda_item_id=agenda_item_id, position=int(last) + 1, text=body
        )
        s.add(d)
        s.flush()
        return d.id


def update_decision(db: Database, decision_id: int, text_: str) -> None:
    body = clean_notes(text_).strip()
    if not body:
        raise ValidationError({"text": "Write the decision (or delete it)."})
    with db.write() as s:
        d = s.get(Decision, decision_id)
        if d is None:
            raise NotFoundError("That decision no longer exists.")
        d.text = body


def delete_decision(db: Database, decision_id: int) -> None:
    with db.write() as s:
        d = s.get(Decision, decision_id)
        if d is not None:
            s.delete(d)


def _check_agenda_item(s: Session, meeting_id: int, agenda_item_id: int | None) -> None:
    if agenda_item_id is None:
        return
    item = s.get(AgendaItem, agenda_item_id)
    if item is None or item.meeting_id != meeting_id:
        raise ValidationError({"agenda_item_id": "That agenda item is not part of this meeting."})


# --------------------------------------------------------------------------- action items
def _check_owner(
    s: Session, meeting_id: int, owner_officer_id: int | None, owner_attendee_id: int | None
) -> None:
    if owner_officer_id is not None and owner_attendee_id is not None:
        raise ValidationError({"owner": "Choose one owner: an officer or an attendee."})
    if owner_officer_id is not None and s.get(Officer, owner_officer_id) is None:
        raise ValidationError({"owner": "That officer no longer exists."})
    if owner_attendee_id is not None:
        a = s.get(MeetingAttendee, owner_attendee_id)
        if a is None or a.meeting_id != meeting_id:
            raise ValidationError({"owner": "The owner must be an attendee of this meeting."})


def add_action(
    db: Database,
    meeting_id: int,
    description: str,
    *,
    owner_officer_id: int | None = None,
    owner_attendee_id: int | None = None,
    due_date: dt.date | None = None,
    agenda_item_id: int | None = None,
) -> int:
    body = clean_notes(description).strip()
    if not body:
        raise ValidationError({"description": "Write what is to be done."})
    with db.write() as s:
        _meeting(s, meeting_id)
        _check_owner(s, meeting_id, owner_officer_id, owner_attendee_id)
        _check_agenda_item(s, meeting_id, agenda_item_id)
        a = ActionItem(
            meeting_id=meeting_id,
            description=body,
            owner_officer_id=owner_officer_id,
            owner_attendee_id=owner_attendee_id,
            due_date=due_date,
            agenda_item_id=agenda_item_id,
            status="open",
        )
        s.add(a)
        s.flush()
        return a.id


def update_action(
    db: Database,
    action_id: int,
    *,
    description: str,
    owner_officer_id: int | None,
    owner_attendee_id: int | None,
    due_date: dt.date | None,
) -> None:
    body = clean_notes(description).strip()
    if not body:
        raise ValidationError({"description": "Write what is to be done."})
    with db.write() as s:
        a = s.get(ActionItem, action_id)
        if a is None:
            raise NotFoundError("That action item no longer exists.")
        _check_owner(s, a.meeting_id, owner_officer_id, owner_attendee_id)
        a.description, a.due_date = body, due_date
        a.owner_officer_id, a.owner_attendee_id = owner_officer_id, owner_attendee_id


def set_action_status(
    db: Database, action_id: int, status: str, *, today: dt.date | None = None
) -> None:
    if status not in vocab.ACTION_STATUSES:
        raise ValidationError({"status": "Choose open, done or dropped."})
    with db.write() as s:
        a = s.get(ActionItem, action_id)
        if a is None:
            raise NotFoundError("That action item no longer exists.")
        a.status = status
        a.closed_on = None if status == "open" else (today or dt.date.today())


def delete_action(db: Database, action_id: int) -> None:
    with db.write() as s:
        a = s.get(ActionItem, action_id)
        if a is not None:
            s.delete(a)


# --------------------------------------------------------------------------- search
WHERE_LABELS = {
    "meeting": "meeting",
    "agenda": "agenda item",
    "decision": "decision",
    "action": "action item",
}


def search(db: Database, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Meetings whose title, notes, agenda, decisions or action items contain every word typed
    (as prefixes, ignoring case and accents), with a highlighted snippet; newest meeting first.

    The index is read newest-written first (``ORDER BY rowid DESC``), which FTS5 serves without
    ranking every match, so common words stay fast on tens of thousands of meetings."""
    match = fts_query(query)
    if not match:
        return []
    sql = text(
        f"SELECT f.meeting_id, f.kind, f.snip, m.title, m.starts_at, c.short_name FROM ("
        f"  SELECT meeting_id, kind, snippet({FTS_TABLE}, 0, :a, :b, '…', 12) AS snip "
        f"  FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q ORDER BY rowid DESC LIMIT :n"
        f") AS f JOIN meeting AS m ON m.id = f.meeting_id JOIN cluster AS c ON c.id = m.cluster_id"
    )
    with db.read() as s:
        rows = s.execute(sql, {"a": HIT_START, "b": HIT_END, "q": match, "n": limit * 4}).all()
    hits: dict[int, SearchHit] = {}
    for meeting_id, kind, snip, title, starts, short in rows:
        if meeting_id in hits:
            continue
        starts_at = (
            starts if isinstance(starts, dt.datetime) else dt.datetime.fromisoformat(str(starts))
        )
        hits[meeting_id] = SearchHit(
            meeting_id, title, short, starts_at, WHERE_LABELS.get(kind, kind), snip
        )
    ordered = sorted(hits.values(), key=lambda h: h.starts_at, reverse=True)
    return ordered[:limit]


# --------------------------------------------------------------------------- live meeting
def set_live_meeting(db: Database, meeting_id: int | None) -> None:
    """Remember (or forget) the meeting open in live mode, so a crash can reopen it."""
    with db.write() as s:
        state = s.get(AppState, LIVE_KEY)
        if meeting_id is None:
            if state is not None:
                s.delete(state)
            return
        if state is None:
            s.add(AppState(key=LIVE_KEY, value=str(meeting_id)))
        else:
            state.value = str(meeting_id)


def live_meeting(db: Database) -> int | None:
    """The meeting that was open in live mode when the app last stopped, if it still exists."""
    with db.read() as s:
        state = s.get(AppState, LIVE_KEY)
        if state is None or not state.value.isdigit():
            return None
        meeting_id = int(state.value)
        return meeting_id if s.get(Meeting, meeting_id) is not None else None


# --------------------------------------------------------------------------- hours
@dataclass(frozen=True)
class LoggedTime:
    entry_id: int
    officer_id: int
    officer_name: str
    activity: str
    minutes: int
    entry_date: dt.date


def meeting_time(db: Database, meeting_id: int) -> list[LoggedTime]:
    with db.read() as s:
        q = (
            select(TimeEntry, Officer.name)
            .join(Officer, Officer.id == TimeEntry.officer_id)
            .where(TimeEntry.meeting_id == meeting_id)
            .order_by(Officer.name, TimeEntry.activity)
        )
        return [
            LoggedTime(e.id, e.officer_id, name, e.activity, e.minutes, e.entry_date)
            for e, name in s.execute(q)
        ]


def log_meeting_time(
    db: Database,
    meeting_id: int,
    officer_id: int,
    *,
    meeting_minutes: int,
    preparation_minutes: int = 0,
    travel_minutes: int = 0,
    today: dt.date | None = None,
) -> tuple[list[int], list[str]]:
    """Log an officer's time for a meeting in one transaction: the meeting itself as "board
    meeting" (or the kind's activity) plus optional preparation and travel, dated on the meeting
    day, for its cluster, linked to it. Logging the same activity twice is refused."""
    today = today or dt.date.today()
    try:
        with db.write() as s:
            m = _meeting(s, meeting_id)
            if s.get(Officer, officer_id) is None:
                raise ValidationError({"officer_id": "Choose an officer."})
            main_activity = {"board": "board_meeting", "working_group": "working_group"}.get(
                m.kind, "event"
            )
            wanted = [
                (main_activity, meeting_minutes),
                ("preparation", preparation_minutes),
                ("travel", travel_minutes),
            ]
            wanted = [(a, mins) for a, mins in wanted if mins]
            if not wanted:
                raise ValidationError({"minutes": "Give the time to log."})
            already = {
                e.activity: e
                for e in s.scalars(
                    select(TimeEntry).where(
                        TimeEntry.meeting_id == meeting_id, TimeEntry.officer_id == officer_id
                    )
                )
            }
            clash = [vocab.ACTIVITIES[a] for a, _ in wanted if a in already]
            if clash:
                raise ValidationError(
                    {
                        "minutes": f"Already logged for this meeting: {', '.join(clash)}. Edit it on the Hours page."
                    }
                )
            ids: list[int] = []
            warnings: list[str] = []
            day = m.starts_at.date()
            added = 0
            for activity, minutes in wanted:
                data = EntryInput(
                    officer_id=officer_id,
                    entry_date=day,
                    minutes=minutes,
                    activity=activity,
                    cluster_id=m.cluster_id,
                    description=f"{m.title}",
                    meeting_id=meeting_id,
                )
                ctx = entry_context(s, data, today)
                ctx = EntryContext(
                    ctx.today,
                    ctx.other_minutes_that_day + added,
                    ctx.assigned_cluster_ids,
                    ctx.closed_years,
                    ctx.cluster_names,
                )
                clean, warn = clean_entry(data, ctx)
                e = TimeEntry(
                    officer_id=clean.officer_id,
                    entry_date=clean.entry_date,
                    minutes=clean.minutes,
                    activity=clean.activity,
                    cluster_id=clean.cluster_id,
                    description=clean.description,
                    meeting_id=meeting_id,
                )
                s.add(e)
                s.flush()
                ids.append(e.id)
                added += minutes
                warnings.extend(w for w in warn if w not in warnings)
            return ids, warnings
    except IntegrityError as err:
        raise (closed_year_error(err) or err) from err
