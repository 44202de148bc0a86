"""The minutes of a meeting as a PDF, in the house style of ``pdf_common``.

Command line (wired in ``app/cli.py``)::

    clusterdesk [--db PATH] meetings minutes ID --pdf FILE [--eml FILE]

``write_minutes(db, meeting_id, path)`` reads the meeting (``app.db.meetings.get_meeting``) and
writes the PDF atomically; ``build_minutes(detail, path)`` does the same from a ``MeetingDetail``
already in hand (the GUI worker, tests). ``minutes_filename(detail)`` suggests a file name.

The document, in the order a board secretary circulates it: title block (cluster, kind, date and
time, place or "Online"); attendance (present, apologies, invited without a recorded answer);
general notes; each agenda item numbered, with its notes (line breaks kept) and the decisions
taken under it; decisions not tied to an agenda item; the action items of the meeting (what, who,
due, status); open action items carried forward from the cluster's earlier meetings. Every user
string is escaped (``pdf_common.esc``) and long texts are cut into paragraphs of at most
``CHUNK`` characters at line or word boundaries, so a note of a megabyte simply takes pages
instead of stalling ReportLab's paragraph splitter or overflowing a table cell.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from app.db.database import Database
from app.db.meetings import get_meeting
from app.domain import vocab
from app.domain.records_meetings import ActionRow, AgendaRow, AttendeeRow, MeetingDetail
from app.reports.pdf_common import (
    CONTENT_WIDTH,
    FONT_BOLD,
    Palette,
    ReportDoc,
    atomic_write_pdf,
    coloured,
    data_table,
    esc,
    facts_table,
    format_date,
    hex_colour,
    p,
    plain_table,
    plural,
    pm,
    styles,
    with_notes,
)

logger = logging.getLogger(__name__)

LONG_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# How a meeting of each kind is named in running text: "the minutes of the board meeting".
KIND_WORDS: dict[str, str] = {
    "board": "board meeting",
    "general_assembly": "general assembly",
    "working_group": "working group meeting",
    "other": "meeting",
}

CHUNK = 1200  # characters per paragraph of long text (ReportLab splits long paragraphs slowly)
CELL_LIMIT = 600  # characters of an action shown in the table; the rest follows in full
CARRIED_LIMIT = 240  # characters of a carried-forward item (its own minutes hold the rest)
DECISION_GAP = 6  # between paragraphs of one decision: their shaded boxes overlap
INDENT = 8 * mm  # agenda notes and decisions sit under the item's title, past its number

_SURROGATES = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")


# --------------------------------------------------------------------------- words
def long_date(day: dt.date) -> str:
    """10 March 2026 (English month names whatever the system locale)."""
    return f"{day.day} {LONG_MONTHS[day.month - 1]} {day.year}"


def kind_words(kind: str) -> str:
    """ "board" → "board meeting"."""
    return KIND_WORDS.get(kind, "meeting")


def minutes_filename(detail: MeetingDetail) -> str:
    """ "Minutes_<cluster-short-name>_<yyyy-mm-dd>.pdf", safe on Windows, macOS and Linux.

    Letters of any script and digits are kept ("Minutes_Goiener_Łódź_2026-03-10.pdf"); anything
    else a file system, a mail program or a shell could trip on becomes one underscore.
    """
    short = unicodedata.normalize("NFC", clean(detail.meeting.cluster_short_name))
    short = re.sub(r"[^\w.-]+|_+", "_", short, flags=re.UNICODE)
    short = re.sub(r"\.{2,}", ".", short).strip("._-")[:60].strip("._-") or "cluster"
    return f"Minutes_{short}_{detail.meeting.starts_at:%Y-%m-%d}.pdf"


def clean(text: object) -> str:
    """User text that every PDF layer accepts: no lone surrogates, no control characters."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _SURROGATES.sub("\ufffd", s))


def _when(detail: MeetingDetail) -> str:
    start, end = detail.meeting.starts_at, detail.meeting.ends_at
    day = f"{WEEKDAYS[start.weekday()]} {long_date(start.date())}"
    if end is None:
        return f"{day}, {start:%H:%M}"
    if end.date() == start.date():
        return f"{day}, {start:%H:%M}–{end:%H:%M}"
    return f"{day}, {start:%H:%M} – {long_date(end.date())}, {end:%H:%M}"


def _place(detail: MeetingDetail) -> str:
    location = clean(detail.meeting.location).strip()
    if detail.meeting.online:
        if not location or location.casefold() == "online":
            return "Online"
        return location if "online" in location.casefold() else f"Online ({location})"
    return location or "Not recorded"


# --------------------------------------------------------------------------- styles
class _MinutesStyles:
    """The few styles the minutes add to ``pdf_common.styles()`` (built once, lazily)."""

    def __init__(self) -> None:
        st = styles()
        self.kicker = ParagraphStyle(
            "min_kicker", parent=st.body, fontName=FONT_BOLD, fontSize=8.5, leading=11,
            textColor=Palette.brand, spaceAfter=3,
        )  # fmt: skip
        self.title = ParagraphStyle("min_title", parent=st.title, fontSize=17, leading=21)
        self.fact_label = ParagraphStyle(
            "min_fact_label", parent=st.body, fontSize=8.5, leading=12, textColor=Palette.muted
        )
        self.fact = ParagraphStyle("min_fact", parent=st.body, fontSize=9.5, leading=12)
        self.group = ParagraphStyle(
            "min_group", parent=st.cell, fontName=FONT_BOLD, fontSize=8.5, leading=11,
            textColor=Palette.muted,
        )  # fmt: skip
        self.name = ParagraphStyle("min_name", parent=st.cell, fontSize=9, leading=11)
        self.detail = ParagraphStyle(
            "min_detail", parent=st.cell, fontSize=8.5, leading=11, textColor=Palette.muted
        )
        self.item = ParagraphStyle(
            "min_item", parent=st.h2, fontSize=10.5, leading=13.5, leftIndent=INDENT,
            bulletIndent=0, bulletFontName=FONT_BOLD, bulletFontSize=10.5,
            bulletColor=Palette.brand, spaceBefore=11, spaceAfter=4,
        )  # fmt: skip
        self.item_wide = ParagraphStyle("min_item_wide", parent=self.item, firstLineIndent=-INDENT)
        self.notes = ParagraphStyle(
            "min_notes", parent=st.body, leftIndent=INDENT, spaceBefore=0, spaceAfter=5
        )
        self.plain = ParagraphStyle("min_plain", parent=st.body, spaceBefore=0, spaceAfter=5)
        self.overflow = ParagraphStyle("min_overflow", parent=self.plain, spaceBefore=8)
        self.decision = ParagraphStyle(
            "min_decision", parent=st.body, leftIndent=INDENT + 3, rightIndent=3,
            backColor=Palette.brand_light, borderPadding=(3, 4, 4, 4), spaceBefore=4,
            spaceAfter=8,
        )  # fmt: skip
        self.decision_flush = ParagraphStyle(
            "min_decision_flush", parent=self.decision, leftIndent=3
        )
        self.empty = ParagraphStyle("min_empty", parent=st.note, leftIndent=INDENT, spaceBefore=0)
        self.lead_in = ParagraphStyle("min_lead_in", parent=st.muted, spaceBefore=0, spaceAfter=4)
        # above a table: a CondPageBreak keeps them together, not keepWithNext, which would
        # move a whole table that does not fit the rest of the page to the next one
        self.h1_table = ParagraphStyle("min_h1_table", parent=st.h1, keepWithNext=False)
        self.empty_flush = ParagraphStyle("min_empty_flush", parent=st.note, spaceBefore=0)


_mst: _MinutesStyles | None = None


def _styles() -> _MinutesStyles:
    global _mst
    if _mst is None:
        _mst = _MinutesStyles()
    return _mst


# --------------------------------------------------------------------------- long text
def _line_markup(line: str) -> str:
    """One line of notes as markup: escaped, leading indentation kept as fixed spaces."""
    stripped = line.lstrip(" \t")
    lead = line[: len(line) - len(stripped)].replace("\t", "    ")
    return "&nbsp;" * min(len(lead), 40) + esc(stripped)


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """Markup pieces of at most ``CHUNK`` characters, and whether each ends a paragraph.

    Paragraphs are separated by blank lines; a paragraph's lines stay lines (``<br/>``); a
    paragraph longer than ``CHUNK`` is cut at a line end, a line longer than that at a space
    (or anywhere, for a run without spaces).
    """
    text = clean(text).strip("\n")
    if not text.strip():
        return
    for block in _BLANK_LINES.split(text):
        lines: list[str] = []
        size = 0
        for line in block.split("\n"):
            while len(line) > CHUNK:
                cut = line.rfind(". ", CHUNK // 2, CHUNK) + 1  # after a sentence if any
                cut = cut if cut > 0 else line.rfind(" ", CHUNK // 2, CHUNK)
                cut = cut if cut > 0 else CHUNK
                if lines:
                    yield "<br/>".join(_line_markup(x) for x in lines), False
                    lines, size = [], 0
                yield _line_markup(line[:cut]), False
                line = line[cut:].lstrip(" ")
            if lines and size + len(line) > CHUNK:
                yield "<br/>".join(_line_markup(x) for x in lines), False
                lines, size = [], 0
            lines.append(line)
            size += len(line) + 1
        if lines:
            yield "<br/>".join(_line_markup(x) for x in lines), True


_variants: dict[tuple[str, float, float], ParagraphStyle] = {}


def _variant(style: ParagraphStyle, before: float, after: float) -> ParagraphStyle:
    """``style`` with other space before and after (cached: a long note reuses a few styles)."""
    if (style.spaceBefore, style.spaceAfter) == (before, after):
        return style
    key = (style.name, before, after)
    if key not in _variants:
        _variants[key] = ParagraphStyle(
            f"{style.name}_{before:g}_{after:g}", parent=style, spaceBefore=before, spaceAfter=after
        )
    return _variants[key]


def flow(
    text: str, style: ParagraphStyle, *, lead: str = "", gap: float | None = None
) -> list[Paragraph]:
    """``text`` as paragraphs that page breaks can fall between.

    The first piece has the style's space before, the last its space after; paragraphs within
    the text are ``gap`` apart (the style's space after by default) and the pieces of one long
    paragraph touch. ``lead`` is trusted markup put before the first piece ("Decision 3.").
    """
    pieces = list(_pieces(text))
    if not pieces and lead:
        pieces = [("", True)]
    gap = style.spaceAfter if gap is None else gap
    out: list[Paragraph] = []
    for i, (piece, ends) in enumerate(pieces):
        before = style.spaceBefore if i == 0 else 0
        after = style.spaceAfter if i == len(pieces) - 1 else (gap if ends else 0)
        out.append(Paragraph((lead if i == 0 else "") + piece, _variant(style, before, after)))
    return out


# --------------------------------------------------------------------------- blocks
def _title_block(detail: MeetingDetail) -> list[Flowable]:
    ms = _styles()
    row = detail.meeting
    kind = vocab.MEETING_KINDS.get(row.kind, "Meeting")
    cluster = clean(detail.cluster_name or row.cluster_short_name)
    facts: list[tuple[str, str]] = [
        ("Cluster", cluster),
        ("Meeting", clean(row.title) or kind),
        ("Date", _when(detail)),
        ("Place", _place(detail)),
    ]
    return [
        p(clean(row.cluster_short_name), ms.kicker),
        p(f"Minutes of the {kind_words(row.kind)}", ms.title),
        Spacer(1, 4),
        HRFlowable(width="100%", thickness=0.8, color=Palette.brand, spaceAfter=6),
        facts_table(facts, 24 * mm, ms.fact_label, ms.fact),
        HRFlowable(width="100%", thickness=0.5, color=Palette.rule, spaceBefore=6, spaceAfter=2),
    ]


def _attendee_details(a: AttendeeRow) -> str:
    role = clean(a.role).strip()
    org = clean(a.organisation).strip()
    if a.is_officer:
        role = role or "Liaison officer"
        org = org or "SPRI"
    return ", ".join(x for x in (role, org) if x)


def _table_heading(title: str, room: float, items: Sequence[object], empty: str) -> list[Flowable]:
    """The heading of a section that is a table of ``items``, kept with ``room`` below it; when
    there are no items, ``empty`` says so under it."""
    ms = _styles()
    out: list[Flowable] = [CondPageBreak(room), p(title, ms.h1_table)]
    if not items:
        out.append(p(empty, ms.empty_flush))
    return out


def _attendance(detail: MeetingDetail) -> list[Flowable]:
    ms = _styles()
    groups = [
        ("Present", [a for a in detail.attendees if a.attendance == "present"]),
        ("Apologies", [a for a in detail.attendees if a.attendance == "apologised"]),
        (
            "Invited, no reply",
            [a for a in detail.attendees if a.attendance not in ("present", "apologised")],
        ),
    ]
    out = _table_heading(
        "Attendance", 35 * mm, detail.attendees, "No attendance was recorded for this meeting."
    )
    if not detail.attendees:
        return out
    rows: list[list[Flowable | str]] = []
    commands: list[tuple[object, ...]] = []
    for label, people in groups:
        if not people:
            continue
        if rows:  # a little air and a hairline between groups
            commands.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.4, Palette.rule))
            commands.append(("TOPPADDING", (0, len(rows)), (-1, len(rows)), 5))
        for i, a in enumerate(people):
            rows.append(
                [
                    p(f"{label} ({len(people)})", ms.group) if i == 0 else "",
                    p(clean(a.name), ms.name),
                    p(_attendee_details(a), ms.detail),
                ]
            )
    label_w, name_w = 38 * mm, 60 * mm
    widths = [label_w, name_w, CONTENT_WIDTH - label_w - name_w]
    out.append(plain_table(rows, widths, extra_styles=commands))
    return out


def _decision_lead(number: int) -> str:
    return (
        f"<font name='{FONT_BOLD}' color='{hex_colour(Palette.brand)}'>Decision {number}.</font> "
    )


def _agenda(
    detail: MeetingDetail, tied: dict[int, list[str]], counter: list[int]
) -> list[Flowable]:
    st, ms = styles(), _styles()
    out: list[Flowable] = [CondPageBreak(40 * mm), p("Agenda and discussion", st.h1)]
    if not detail.agenda:
        out.append(p("No agenda items were recorded.", ms.empty_flush))
        return out
    for number, item in enumerate(detail.agenda, start=1):
        out += _agenda_item(number, item, tied.get(item.id, []), counter)
    return out


def _agenda_item(
    number: int, item: AgendaRow, decisions: Sequence[str], counter: list[int]
) -> list[Flowable]:
    ms = _styles()
    if number < 100:  # the number hangs in the margin left of the title
        heading = Paragraph(esc(clean(item.title)), ms.item, bulletText=f"{number}.")
    else:  # too wide to hang: inline, wrapped lines still under the title
        heading = Paragraph(
            f"<font color='{hex_colour(Palette.brand)}'>{number}.</font> {esc(clean(item.title))}",
            ms.item_wide,
        )
    body: list[Flowable] = flow(item.notes, ms.notes)
    for text in decisions:
        counter[0] += 1
        body += flow(text, ms.decision, lead=_decision_lead(counter[0]), gap=DECISION_GAP)
    if not body:
        body = [p("Nothing recorded under this item.", ms.empty)]
    # the title never ends a page alone: it stays with the first paragraph under it
    return [KeepTogether([heading, body[0]]), *body[1:]]


def _other_decisions(texts: Sequence[str], counter: list[int], any_tied: bool) -> list[Flowable]:
    st, ms = styles(), _styles()
    if not texts and any_tied:
        return []
    out: list[Flowable] = [CondPageBreak((30 if texts else 15) * mm), p("Decisions", st.h1)]
    if not texts:
        out.append(p("No formal decisions were recorded.", ms.empty_flush))
        return out
    if any_tied:
        out.append(p("Decisions not tied to an agenda item.", st.muted))
        out.append(Spacer(1, 2))
    for text in texts:
        counter[0] += 1
        out += flow(text, ms.decision_flush, lead=_decision_lead(counter[0]), gap=DECISION_GAP)
    return out


def _status_cell(status: str) -> Paragraph:
    st = styles()
    label = vocab.ACTION_STATUSES.get(status, status.title())
    colour = {"done": Palette.good, "dropped": Palette.muted}.get(status, Palette.ink)
    return pm(coloured(label, colour), st.cell)


def _short(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to about ``limit`` characters at a word, with "…"; and whether it was cut."""
    text = clean(text).strip()
    if len(text) <= limit:
        return text, False
    text = " ".join(text[: limit + 1].split())
    cut = text.rfind(" ", limit * 2 // 3, limit)
    return text[: cut if cut > 0 else limit].rstrip(" ,;:.") + "…", True


def _actions(detail: MeetingDetail) -> list[Flowable]:
    st, ms = styles(), _styles()
    room = (40 if detail.actions else 15) * mm
    out = _table_heading(
        "Action items", room, detail.actions, "No action items were agreed at this meeting."
    )
    if not detail.actions:
        return out
    numbers = {a.id: i for i, a in enumerate(detail.agenda, start=1)}
    rows = []
    overflow: list[tuple[int, ActionRow]] = []
    for i, a in enumerate(detail.actions, start=1):
        text, cut = _short(a.description, CELL_LIMIT)
        notes = []
        if cut:
            overflow.append((i, a))
            notes.append("Full text below the table.")
        if a.agenda_item_id in numbers:
            notes.append(f"Agenda item {numbers[a.agenda_item_id]}")
        rows.append(
            [
                str(i),
                pm(with_notes(text, *notes), st.cell),
                clean(a.owner_name) or "–",
                format_date(a.due_date) if a.due_date else "–",
                _status_cell(a.status),
            ]
        )
    widths = [26, 0, 120, 66, 48]
    widths[1] = CONTENT_WIDTH - sum(widths)
    open_n = sum(1 for a in detail.actions if a.status == "open")
    out.append(
        p(
            f"{plural(len(detail.actions), 'action item')} agreed, {open_n} still open; status "
            "as recorded when these minutes were produced.",
            ms.lead_in,
        )
    )
    out.append(data_table(["No.", "Action", "Owner", "Due", "Status"], rows, widths, align="rllll"))
    for i, a in overflow:
        out += flow(a.description, ms.overflow, lead=f"<b>Action {i}, in full.</b> ")
    return out


def _carried_forward(detail: MeetingDetail) -> list[Flowable]:
    st, ms = styles(), _styles()
    room = (40 if detail.carried_forward else 15) * mm
    out = _table_heading(
        "Open items from earlier meetings",
        room,
        detail.carried_forward,
        "No action items from earlier meetings remain open.",
    )
    if not detail.carried_forward:
        return out
    meeting_day = detail.meeting.starts_at.date()
    rows = []
    for a in detail.carried_forward:
        due: str | Paragraph = "–"
        if a.due_date:
            due = format_date(a.due_date)
            if a.due_date < meeting_day:
                due = pm(with_notes(due, "overdue", colour=Palette.reference), st.cell)
        rows.append(
            [
                format_date(a.meeting_starts_at.date()),
                _short(a.description, CARRIED_LIMIT)[0],
                clean(a.owner_name) or "–",
                due,
            ]
        )
    widths = [66, 0, 120, 66]
    widths[1] = CONTENT_WIDTH - sum(widths)
    words = (
        f"{plural(len(detail.carried_forward), 'action item')} from earlier meetings of this "
        "cluster still open when these minutes were produced."
    )
    if any(a.due_date and a.due_date < meeting_day for a in detail.carried_forward):
        words += " “Overdue”: past its due date on the day of this meeting."
    out.append(p(words, ms.lead_in))
    out.append(data_table(["Raised", "Action", "Owner", "Due"], rows, widths))
    return out


def minutes_story(detail: MeetingDetail) -> list[Flowable]:
    """The flowables of the minutes (``build_minutes`` lays them out on pages)."""
    st, ms = styles(), _styles()
    agenda_ids = {a.id for a in detail.agenda}
    tied: dict[int, list[str]] = {}
    untied: list[str] = []
    for d in detail.decisions:
        if d.agenda_item_id in agenda_ids:
            tied.setdefault(d.agenda_item_id, []).append(d.text)
        else:
            untied.append(d.text)
    counter = [0]
    story: list[Flowable] = _title_block(detail)
    story += _attendance(detail)
    notes = flow(detail.notes, ms.plain)
    if notes:
        story += [p("General notes", st.h2), *notes]
    story += _agenda(detail, tied, counter)
    story += _other_decisions(untied, counter, any_tied=bool(tied))
    story += _actions(detail)
    story += _carried_forward(detail)
    return story


# --------------------------------------------------------------------------- writing
def build_minutes(
    detail: MeetingDetail, path: Path | str, *, generated: dt.datetime | None = None
) -> Path:
    """Write the minutes of ``detail`` to ``path`` (PDF, atomically) and return the path."""
    row = detail.meeting
    short = clean(row.cluster_short_name)
    doc = ReportDoc(
        title=f"Minutes · {short} {kind_words(row.kind)}",
        period=long_date(row.starts_at.date()),
        subject=f"Minutes of the {kind_words(row.kind)} of {clean(detail.cluster_name) or short}",
        generated=generated,
    )
    story = minutes_story(detail)
    return atomic_write_pdf(path, lambda tmp: doc.build_to(tmp, story))


def write_minutes(
    db: Database, meeting_id: int, path: Path | str, *, generated: dt.datetime | None = None
) -> Path:
    """Read meeting ``meeting_id`` and write its minutes to ``path``; returns the path."""
    return build_minutes(get_meeting(db, meeting_id), path, generated=generated)
