"""Rules of the Meetings capability. Pure: no Qt, no database."""

from __future__ import annotations

import datetime as dt
import re

from app.domain import vocab
from app.domain.records_meetings import MeetingInput
from app.domain.validation import CONTROL_RE
from app.errors import ValidationError

MAX_TEXT = 200_000  # notes of one agenda item or meeting (about 100 pages)
MAX_LINE = 300


def clean_text(text: str) -> str:
    """Notes as typed: keep line breaks and markup characters, drop control characters."""
    return CONTROL_RE.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(text: str, what: str, *, required: bool = True, limit: int = MAX_LINE) -> str:
    line = " ".join(clean_text(text).split())
    if required and not line:
        raise ValidationError({what: f"Enter the {what.replace('_', ' ')}."})
    if len(line) > limit:
        raise ValidationError(
            {what: f"The {what.replace('_', ' ')} is too long ({limit} characters at most)."}
        )
    return line


def clean_notes(text: str) -> str:
    out = clean_text(text)
    if len(out) > MAX_TEXT:
        raise ValidationError(
            {"notes": "These notes are too long (200,000 characters at most); split them."}
        )
    return out


def clean_meeting(data: MeetingInput) -> MeetingInput:
    problems: dict[str, str] = {}
    if data.kind not in vocab.MEETING_KINDS:
        problems["kind"] = "Choose a kind: board, general assembly, working group or other."
    if data.ends_at is not None and data.ends_at < data.starts_at:
        problems["ends_at"] = "The meeting ends before it starts."
    if data.ends_at is not None and data.ends_at - data.starts_at > dt.timedelta(hours=24):
        problems["ends_at"] = "A meeting cannot last more than 24 hours."
    title = " ".join(clean_text(data.title).split())
    if len(title) > MAX_LINE:
        problems["title"] = f"The title is too long ({MAX_LINE} characters at most)."
    location = " ".join(clean_text(data.location).split())
    if len(location) > MAX_LINE:
        problems["location"] = f"The location is too long ({MAX_LINE} characters at most)."
    if problems:
        raise ValidationError(problems)
    return MeetingInput(
        cluster_id=data.cluster_id,
        starts_at=data.starts_at.replace(second=0, microsecond=0),
        ends_at=data.ends_at.replace(second=0, microsecond=0) if data.ends_at else None,
        kind=data.kind,
        title=title or vocab.MEETING_KINDS[data.kind] + " meeting",
        location=location,
        online=data.online,
        notes=clean_notes(data.notes),
    )


def meeting_minutes_for_hours(starts_at: dt.datetime, ends_at: dt.datetime | None) -> int:
    """A meeting's duration for the time entry, rounded to the quarter hour (at least 15 min)."""
    if ends_at is None or ends_at <= starts_at:
        return 0
    minutes = (ends_at - starts_at).total_seconds() / 60
    return max(vocab.MINUTES_STEP, round(minutes / vocab.MINUTES_STEP) * vocab.MINUTES_STEP)


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """A safe FTS5 query for what a person typed: every word must appear, as a prefix.

    Quotes, operators (AND/OR/NOT/NEAR), parentheses and column filters are treated as text."""
    words = _FTS_WORD.findall(text)
    return " ".join(f'"{w}"*' for w in words[:20])
