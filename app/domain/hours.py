"""Rules for time entries, shared by the form, the importer and the CLI. Pure: no database.

Durations are whole minutes in quarter-hour steps. People may type "1:30", "1.5", "1,5",
"1h30" or "90 min"; ``parse_duration`` turns each into minutes or explains what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from app.domain import vocab
from app.errors import ValidationError

_HM = re.compile(r"^(\d{1,2})\s*(?::|h)\s*(\d{1,2})?\s*(?:m|min)?$", re.IGNORECASE)
_DEC = re.compile(r"^(\d{1,3}(?:[.,]\d+)?)\s*(?:h|hrs?|hours?|horas?)?$", re.IGNORECASE)
_MIN = re.compile(r"^(\d{1,4})\s*(?:m|min|mins|minutes?|minutos?)$", re.IGNORECASE)
MAX_DESCRIPTION = 2000


def parse_duration(text: str | float | int) -> int:
    """Minutes for a duration typed as h:mm, decimal hours (point or comma) or minutes.

    Raises ValueError with a message for the user when it is not a duration or not in
    quarter-hour steps between 0:15 and 24:00.
    """
    if isinstance(text, bool):
        raise ValueError("Give the hours as a number such as 1.5 or 1:30.")
    if isinstance(text, int | float):
        minutes_f = float(text) * 60
    else:
        raw = str(text).strip()
        if not raw:
            raise ValueError("Enter the hours (for example 1.5 or 1:30).")
        if m := _HM.match(raw):
            hours, mins = int(m.group(1)), int(m.group(2) or 0)
            if mins >= 60:
                raise ValueError(f"“{raw}” has {mins} minutes; use fewer than 60 after the colon.")
            minutes_f = hours * 60 + mins
        elif m := _MIN.match(raw):
            minutes_f = float(m.group(1))
        elif m := _DEC.match(raw):
            minutes_f = float(m.group(1).replace(",", ".")) * 60
        else:
            raise ValueError(f"“{raw}” is not a number of hours (write 1.5, 1,5 or 1:30).")
    if minutes_f != minutes_f or minutes_f <= 0:  # NaN or not positive
        raise ValueError("The hours must be more than zero.")
    if minutes_f > vocab.MAX_MINUTES_PER_DAY:
        raise ValueError("No one works more than 24 hours in a day.")
    minutes = round(minutes_f)
    if abs(minutes - minutes_f) > 1e-6 or minutes % vocab.MINUTES_STEP:
        raise ValueError(
            f"Hours go in quarter-hour steps (0:15, 0:30, 0:45); {format_minutes(minutes_f)} is not one."
        )
    return minutes


def round_to_quarter(minutes: float) -> int:
    """Nearest quarter hour, at least 15 minutes (for timers)."""
    return max(vocab.MINUTES_STEP, round(minutes / vocab.MINUTES_STEP) * vocab.MINUTES_STEP)


def format_minutes(minutes: float) -> str:
    """90 → "1:30"."""
    total = round(minutes)
    return f"{total // 60}:{total % 60:02d}"


def format_hours(minutes: float) -> str:
    """90 → "1.5" (no trailing zeros): the decimal form used in tables and exports."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")


@dataclass
class EntryInput:
    officer_id: int
    entry_date: dt.date
    minutes: int
    activity: str = "other"
    cluster_id: int | None = None
    description: str = ""
    meeting_id: int | None = None


@dataclass(frozen=True)
class EntryContext:
    """What the rules need to know about the database, gathered by the data layer."""

    today: dt.date
    other_minutes_that_day: int  # the officer's other entries on the same date
    assigned_cluster_ids: frozenset[int]  # the officer's clusters on that date
    closed_years: frozenset[int] = frozenset()
    cluster_names: dict[int, str] = field(default_factory=dict)


def clean_entry(data: EntryInput, ctx: EntryContext) -> tuple[EntryInput, list[str]]:
    """Check a time entry; return it normalised with warnings, or raise ValidationError."""
    problems: dict[str, str] = {}
    warnings: list[str] = []
    description = " ".join((data.description or "").replace("\x00", "").split())
    if data.entry_date > ctx.today:
        problems["entry_date"] = (
            f"{data.entry_date:%d/%m/%Y} is in the future; log hours once they are worked."
        )
    if data.entry_date.year in ctx.closed_years:
        problems["entry_date"] = (
            f"{data.entry_date.year} is closed; a coordinator must reopen it before its hours change."
        )
    if data.minutes <= 0:
        problems["minutes"] = "The hours must be more than zero."
    elif data.minutes % vocab.MINUTES_STEP:
        problems["minutes"] = "Hours go in quarter-hour steps (0:15, 0:30, 0:45)."
    elif data.minutes > vocab.MAX_MINUTES_PER_DAY:
        problems["minutes"] = "No one works more than 24 hours in a day."
    elif ctx.other_minutes_that_day + data.minutes > vocab.MAX_MINUTES_PER_DAY:
        problems["minutes"] = (
            f"That makes {format_minutes(ctx.other_minutes_that_day + data.minutes)} on "
            f"{data.entry_date:%d/%m/%Y} for this officer, over 24 hours in one day "
            f"({format_minutes(ctx.other_minutes_that_day)} already logged)."
        )
    if data.activity not in vocab.ACTIVITIES:
        problems["activity"] = "Choose an activity from the list."
    if len(description) > MAX_DESCRIPTION:
        problems["description"] = (
            f"The description is too long ({MAX_DESCRIPTION} characters at most)."
        )
    if problems:
        raise ValidationError(problems)
    if data.cluster_id is not None and data.cluster_id not in ctx.assigned_cluster_ids:
        name = ctx.cluster_names.get(data.cluster_id, "this cluster")
        warnings.append(
            f"The officer is not assigned to {name} on {data.entry_date:%d/%m/%Y}; saved anyway."
        )
    out = EntryInput(
        officer_id=data.officer_id,
        entry_date=data.entry_date,
        minutes=data.minutes,
        activity=data.activity,
        cluster_id=data.cluster_id,
        description=description,
        meeting_id=data.meeting_id,
    )
    return out, warnings
