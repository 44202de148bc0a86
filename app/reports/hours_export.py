"""Export time entries (an ``EntryFilter``) to CSV or XLSX — the file an importer can read back.

Command line (wired in ``app/cli.py``)::

    clusterdesk [--db PATH] hours export FILE [--year Y] [--officer NAME]

FILE ending in ``.csv`` or ``.xlsx`` chooses the format; ``--officer`` is matched against the
officer names (or e-mail). The command calls ``export_entries(db, EntryFilter(year=Y,
officer_id=...), FILE, progress=...)`` and prints the number of entries written.

The export/import contract
--------------------------
Columns, in this order, with these English header names (row 1)::

    date, officer, officer_email, cluster, activity, hours, description, meeting

* ``date``: the entry date. CSV: ISO ``yyyy-mm-dd``. XLSX: a real Excel date (format yyyy-mm-dd).
* ``officer``: the officer's name; ``officer_email``: their e-mail address — the exact key an
  importer should match officers on (case-insensitive, as the database enforces).
* ``cluster``: the cluster's *short name* as stored (e.g. ``GAIA``); empty when the entry has no
  cluster.
* ``activity``: the English label of the stored activity key (``vocab.ACTIVITIES``, e.g.
  ``board_meeting`` → ``Board meeting``).
* ``hours``: decimal hours with a point, no thousands separator (``1.5``, ``0.25``, ``2``).
  CSV: text as ``app.domain.hours.format_hours``; XLSX: a number. Always whole quarter hours.
* ``description``: verbatim (the database has already normalised white space).
* ``meeting``: the title of the linked meeting, for people to read; an importer cannot re-link it
  (meetings are not part of "the same officers and clusters") and should ignore it.

CSV: UTF-8 with a byte-order mark (so Excel reads the accents), ``,`` separator, ``"`` quoting
where needed, CRLF line ends (the ``csv`` module's ``excel`` dialect).

XLSX: sheet ``Entries`` holds the rows above (header bold and frozen, auto-filter). A second sheet
``Summary`` holds totals by officer; it is not entries and an importer must read only the first
sheet (``Entries``).

Formula neutralisation (no exported cell is ever evaluated by a spreadsheet)
------------------------------------------------------------------------------
A text value is *dangerous* when it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return.

* CSV: every text field (officer, officer_email, cluster, activity, description, meeting) that
  matches ``^'*[=+\\-@\\t\\r]`` — i.e. that is dangerous, possibly after apostrophes of its own —
  is written with ONE extra leading apostrophe: ``=HYPERLINK(...)`` → ``'=HYPERLINK(...)``,
  ``-5`` → ``'-5``, and a text that already was ``'=x`` → ``''=x``.
  **The importer strips ONE leading apostrophe from a CSV field that matches
  ``^'+[=+\\-@\\t\\r]``** (``restore_text``). This is exactly the inverse, so every text survives a
  round trip, including ones that genuinely begin with an apostrophe.
* XLSX: text is written verbatim, no apostrophe, as a string cell (``data_type 's'``, an inline
  string, never ``'f'``) with Excel's "quote prefix" flag so that editing the cell does not turn it
  into a formula either. **The importer takes XLSX string cells verbatim** (no stripping).

Exports are atomic (``app.reports.atomic``): a temporary file beside the target is renamed over it
only when complete; an error or a cancellation leaves no file and never replaces a good one.
Entries are read in batches (``iter_entries``), each in its own short transaction.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.db.database import Database
from app.db.directory import list_officers
from app.db.hours import count_entries, iter_entries
from app.domain import vocab
from app.domain.hours import format_hours
from app.domain.records_hours import EntryFilter
from app.domain.text import neutralise_text, restore_text  # noqa: F401  (re-exported)
from app.errors import KnownError
from app.reports.atomic import CancelledError, atomic_open, atomic_path

logger = logging.getLogger(__name__)

COLUMNS: tuple[str, ...] = (
    "date",
    "officer",
    "officer_email",
    "cluster",
    "activity",
    "hours",
    "description",
    "meeting",
)
TEXT_COLUMNS = frozenset(
    {"officer", "officer_email", "cluster", "activity", "description", "meeting"}
)
FORMATS = {".csv": "CSV", ".xlsx": "Excel (XLSX)"}
BATCH_SIZE = 2000
CANCELLED = "The export was cancelled; no file was written."


Progress = Callable[[int, str], None]
"""Called with a percentage (0-100) and a message for the user."""


def activity_label(key: str) -> str:
    return vocab.ACTIVITIES.get(key, key)


@dataclass(frozen=True)
class ExportRow:
    entry_date: dt.date
    officer_id: int
    officer: str
    officer_email: str
    cluster: str
    activity: str  # the English label
    minutes: int
    description: str
    meeting: str


@dataclass
class _OfficerTotal:
    officer: str
    email: str
    entries: int = 0
    minutes: int = 0


def check_export_path(path: Path | str) -> str:
    """The format key (".csv"/".xlsx") for ``path``, or ``KnownError`` in plain words."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise KnownError(
            f"ClusterDesk exports hours as a CSV file (.csv) or an Excel workbook (.xlsx); "
            f"“{Path(path).name}” ends in neither. Choose a file name ending in .csv or .xlsx."
        )
    return suffix


def export_entries(
    db: Database,
    f: EntryFilter,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write the entries matching ``f`` to ``path`` (.csv or .xlsx); return the rows written.

    Raises ``KnownError`` for an unknown extension or an unwritable place, and ``CancelledError`` (a
    ``KnownError``) when ``cancelled()`` returns True; in both cases no file is left behind and an
    existing file at ``path`` is unchanged.
    """
    target = Path(path).expanduser()
    suffix = check_export_path(target)
    report = progress or (lambda _pct, _msg: None)
    total, _minutes = count_entries(db, f)
    report(0, f"Exporting {total:,} entries…")
    rows = _rows(db, f, total, report, cancelled or (lambda: False), batch_size)
    written = _write_csv(target, rows) if suffix == ".csv" else _write_xlsx(target, rows)
    report(100, f"{written:,} entries exported to {target.name}.")
    logger.info("exported %d entries to %s", written, target)
    return written


def _rows(
    db: Database,
    f: EntryFilter,
    total: int,
    report: Progress,
    cancelled: Callable[[], bool],
    batch_size: int,
) -> Iterator[ExportRow]:
    emails = {o.id: o.email for o in list_officers(db)}
    done = 0
    for batch in iter_entries(db, f, batch=batch_size):
        if cancelled():
            raise CancelledError(CANCELLED)
        for r in batch:
            yield ExportRow(
                entry_date=r.entry_date,
                officer_id=r.officer_id,
                officer=r.officer_name,
                officer_email=emails.get(r.officer_id, ""),
                cluster=r.cluster_short_name,
                activity=activity_label(r.activity),
                minutes=r.minutes,
                description=r.description,
                meeting=r.meeting_title,
            )
        done += len(batch)
        report(min(99, done * 100 // max(total, 1)), f"{done:,} of {total:,} entries written…")
    if cancelled():  # a cancel during the last batch still means "no file"
        raise CancelledError(CANCELLED)


# --------------------------------------------------------------------------- CSV
def _write_csv(target: Path, rows: Iterator[ExportRow]) -> int:
    n = 0
    with atomic_open(target, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for r in rows:
            out.writerow(
                [
                    r.entry_date.isoformat(),
                    neutralise_text(r.officer),
                    neutralise_text(r.officer_email),
                    neutralise_text(r.cluster),
                    neutralise_text(r.activity),
                    format_hours(r.minutes),
                    neutralise_text(r.description),
                    neutralise_text(r.meeting),
                ]
            )
            n += 1
    return n


# --------------------------------------------------------------------------- XLSX
_WIDTHS = {
    "date": 12,
    "officer": 24,
    "officer_email": 30,
    "cluster": 14,
    "activity": 20,
    "hours": 8,
    "description": 70,
    "meeting": 36,
}


class _Sheets:
    """Cell factories for openpyxl's write-only (streaming) workbook."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.wb = Workbook(write_only=True)
        self.wb.properties.creator = "ClusterDesk"
        self.wb.properties.title = "ClusterDesk hours export"
        self.bold = Font(bold=True)
        self.head_fill = PatternFill("solid", fgColor="DCEBF2")
        self.top = Alignment(vertical="top")
        self.wrap = Alignment(vertical="top", wrap_text=True)

    def sheet(self, title: str, columns: tuple[str, ...], widths: tuple[float, ...]) -> Any:
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title)
        for i, width in enumerate(widths, start=1):  # widths must precede the rows
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        ws.append([self.text(ws, name, bold=True, fill=True) for name in columns])
        return ws

    def text(
        self, ws: Any, value: str, *, bold: bool = False, fill: bool = False, wrap: bool = False
    ) -> Any:
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(ws, value=value)
        c.data_type = "s"  # a string, never a formula, whatever the text starts with
        c.quotePrefix = True  # and Excel keeps it text when the cell is edited
        c.alignment = self.wrap if wrap else self.top
        if bold:
            c.font = self.bold
        if fill:
            c.fill = self.head_fill
        return c

    def number(self, ws: Any, value: float, fmt: str, *, bold: bool = False) -> Any:
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(ws, value=value)
        c.number_format = fmt
        c.alignment = self.top
        if bold:
            c.font = self.bold
        return c

    def date(self, ws: Any, value: dt.date) -> Any:
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(ws, value=value)
        c.number_format = "yyyy-mm-dd"
        c.alignment = self.top
        return c


def _write_xlsx(target: Path, rows: Iterator[ExportRow]) -> int:
    from openpyxl.utils import get_column_letter

    x = _Sheets()
    try:
        with atomic_path(target) as tmp:
            ws = x.sheet("Entries", COLUMNS, tuple(_WIDTHS[c] for c in COLUMNS))
            totals: dict[int, _OfficerTotal] = {}
            n = 0
            for r in rows:
                ws.append(
                    [
                        x.date(ws, r.entry_date),
                        x.text(ws, r.officer),
                        x.text(ws, r.officer_email),
                        x.text(ws, r.cluster),
                        x.text(ws, r.activity),
                        x.number(ws, r.minutes / 60, "0.00"),
                        x.text(ws, r.description, wrap=True),
                        x.text(ws, r.meeting),
                    ]
                )
                t = totals.setdefault(r.officer_id, _OfficerTotal(r.officer, r.officer_email))
                t.entries += 1
                t.minutes += r.minutes
                n += 1
            ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{n + 1}"

            sm = x.sheet(
                "Summary", ("officer", "officer_email", "entries", "hours"), (28, 32, 10, 10)
            )
            for t in sorted(totals.values(), key=lambda t: (t.officer.casefold(), t.email)):
                sm.append(
                    [
                        x.text(sm, t.officer),
                        x.text(sm, t.email),
                        x.number(sm, t.entries, "0"),
                        x.number(sm, t.minutes / 60, "0.00"),
                    ]
                )
            sm.append(
                [
                    x.text(sm, "Total", bold=True),
                    x.text(sm, ""),
                    x.number(sm, n, "0", bold=True),
                    x.number(sm, sum(t.minutes for t in totals.values()) / 60, "0.00", bold=True),
                ]
            )
            x.wb.save(tmp)
        return n
    finally:
        _discard_workbook_temp_files(x.wb)


def _discard_workbook_temp_files(wb: Any) -> None:
    """openpyxl's write-only sheets stream to temporary files; remove any a failure left behind."""
    for ws in getattr(wb, "_sheets", []):
        writer = getattr(ws, "_writer", None)
        if writer is None or not Path(writer.out).exists():
            continue  # never started, or saved (saving removes its file)
        if not ws.closed:
            with contextlib.suppress(Exception):
                ws.close()  # ends the row stream properly before its file goes
        with contextlib.suppress(Exception):
            writer.cleanup()
