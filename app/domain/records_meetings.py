"""Plain records of the Meetings capability (board meetings, agenda, decisions, action items)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class MeetingInput:
    cluster_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    kind: str = "board"
    title: str = ""
    location: str = ""
    online: bool = False
    notes: str = ""


@dataclass(frozen=True)
class MeetingRow:
    id: int
    cluster_id: int
    cluster_short_name: str
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str
    online: bool
    closed: bool
    open_actions: int
    officers: tuple[str, ...] = ()

    @property
    def duration_minutes(self) -> int | None:
        if self.ends_at is None:
            return None
        return max(int((self.ends_at - self.starts_at).total_seconds() // 60), 0)


@dataclass(frozen=True)
class AttendeeRow:
    id: int
    officer_id: int | None
    name: str  # the officer's name for officers
    organisation: str
    role: str
    attendance: str

    @property
    def is_officer(self) -> bool:
        return self.officer_id is not None


@dataclass(frozen=True)
class AgendaRow:
    id: int
    position: int
    title: str
    notes: str


@dataclass(frozen=True)
class DecisionRow:
    id: int
    agenda_item_id: int | None
    position: int
    text: str


@dataclass(frozen=True)
class ActionRow:
    id: int
    meeting_id: int
    meeting_title: str
    meeting_starts_at: dt.datetime
    cluster_id: int
    cluster_short_name: str
    agenda_item_id: int | None
    description: str
    owner_officer_id: int | None
    owner_attendee_id: int | None
    owner_name: str
    due_date: dt.date | None
    status: str
    closed_on: dt.date | None

    def due_state(self, today: dt.date) -> str:
        """closed | overdue | due_today | upcoming | no_date."""
        if self.status != "open":
            return "closed"
        if self.due_date is None:
            return "no_date"
        if self.due_date < today:
            return "overdue"
        if self.due_date == today:
            return "due_today"
        return "upcoming"


DUE_STATE_LABELS = {
    "closed": "closed",
    "overdue": "overdue",
    "due_today": "due today",
    "upcoming": "upcoming",
    "no_date": "no due date",
}


@dataclass(frozen=True)
class MeetingDetail:
    meeting: MeetingRow
    notes: str
    attendees: tuple[AttendeeRow, ...]
    agenda: tuple[AgendaRow, ...]
    decisions: tuple[DecisionRow, ...]
    actions: tuple[ActionRow, ...]
    carried_forward: tuple[ActionRow, ...]  # open items of earlier meetings of the cluster
    cluster_name: str = ""
    cluster_contact_name: str = ""
    cluster_contact_email: str = ""
    logged_entry_ids: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SearchHit:
    meeting_id: int
    meeting_title: str
    cluster_short_name: str
    starts_at: dt.datetime
    where: str  # meeting | agenda item | decision | action item
    snippet: str  # matched words between HIT_START and HIT_END


HIT_START = "\u0002"
HIT_END = "\u0003"
