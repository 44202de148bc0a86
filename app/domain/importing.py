"""Importing hours from a spreadsheet (PRODUCT.md, scenario 5). Pure: no Qt, no database.

Three steps, each a plain function, so the data layer only has to fetch what the database knows:

1. ``read_table(path)`` reads a CSV (``,`` ``;`` or tab; UTF-8 with or without BOM, UTF-16 with
   BOM, or Windows-1252) or an XLSX sheet into raw rows keyed by canonical column names
   (``date``, ``officer``, ``cluster``, ``activity``, ``hours``, ``description``). Headers are
   recognised in English or Spanish, ignoring case, accents and spaces. Files that are not
   spreadsheets are refused with a ``KnownError`` in the user's words.
2. ``parse_rows(table, officers, clusters)`` turns every cell into a value (dates, minutes,
   activity keys, officer and cluster ids), collecting "what is wrong" per row.
3. ``build_plan(table, parsed, known, today)`` checks each row with ``app.domain.hours.clean_entry``
   — the same rules as the form — counting earlier rows of the file in the day totals, and marks
   rows identical to an existing entry (or to an earlier row) as duplicates.

Row numbers are the ones the user sees in the spreadsheet: the first line of the file is row 1.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import datetime as dt
import io
import itertools
import operator
import os
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from app.domain import vocab
from app.domain.hours import (
    EntryContext,
    EntryInput,
    clean_entry,
    format_hours,
    format_minutes,
    parse_duration,
)
from app.domain.text import fold, restore_text
from app.errors import KnownError, ValidationError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # an .xlsx is a zip: refuse "zip bombs"
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system
FIRST_YEAR, LAST_YEAR = 1990, 2100  # the range the date fields of the app accept
HEADER_SCAN_ROWS = 30  # the header may sit below a title or a blank line
CHUNK = 2000  # rows between two checks of ``cancelled`` / progress reports

XLSX_SUFFIXES = (".xlsx", ".xlsm")

# Column headers, as ``header_key`` writes them (folded, without spaces or punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "fecha", "dia", "day", "entrydate"),
    "officer": (
        "officer",
        "tecnico",
        "tecnica",
        "responsable",
        "liaisonofficer",
        "clusterliaisonofficer",
    ),
    "cluster": ("cluster", "clusters", "asociacion", "asociacioncluster", "association"),
    "activity": ("activity", "actividad", "tipo", "tipodeactividad", "activitytype", "type"),
    "hours": (
        "hours",
        "horas",
        "hrs",
        "duration",
        "duracion",
        "tiempo",
    ),  # not "hora": a clock time
    "description": (
        "description",
        "descripcion",
        "concepto",
        "notes",
        "notas",
        "comentario",
        "comentarios",
        "detalle",
        "asunto",
    ),
}
COLUMN_LABELS: dict[str, str] = {
    "date": "Date/Fecha",
    "officer": "Officer/Técnico/Responsable",
    "cluster": "Cluster",
    "activity": "Activity/Actividad",
    "hours": "Hours/Horas",
    "description": "Description/Descripción/Concepto",
}
REQUIRED_COLUMNS = ("date", "hours")
_HEADER_INDEX = {alias: canon for canon, aliases in COLUMNS.items() for alias in aliases}

# Activities in Spanish (and a few everyday variants), as ``_activity_key`` writes them.
ACTIVITY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "board_meeting": (
        "reunion de junta",
        "reunion de consejo",
        "reunion de la junta",
        "reunion del consejo",
        "junta",
        "junta directiva",
        "consejo",
        "consejo de administracion",
        "board",
    ),
    "preparation": ("preparacion", "preparar"),
    "working_group": ("grupo de trabajo", "grupos de trabajo"),
    "assessment": ("evaluacion", "evaluaciones", "valoracion"),
    "event": (
        "evento",
        "eventos",
        "jornada",
        "jornadas",
        "event",
        "cluster day",
        "dia del cluster",
    ),
    "coordination": ("coordinacion",),
    "travel": ("viaje", "viajes", "desplazamiento", "desplazamientos"),
    "other": ("otro", "otros", "otra", "otras"),
}

_MONTHS = [
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
]
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_TIME_PART = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!")
_TOTAL_WORDS = {"total", "totales", "suma", "subtotal", "sum"}
# Control characters (C0, DEL, C1) become spaces in text; runs of spaces are then collapsed.
_CONTROLS = {c: " " for c in itertools.chain(range(0x00, 0x20), range(0x7F, 0xA0))}

Progress = Callable[[int, str], None]
Cancelled = Callable[[], bool]


class ImportCancelledError(KnownError):
    """The user stopped the import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was imported.")


class MissingOfficerError(KnownError):
    """The file has no officer column and no officer was chosen for it."""


@dataclass(frozen=True)
class FormulaWithoutValue:
    """An xlsx cell holding a formula whose result was never saved (e.g. written by a script)."""

    formula: str


Cell = (
    str | int | float | dt.date | dt.datetime | dt.time | dt.timedelta | FormulaWithoutValue | None
)


@dataclass(frozen=True)
class RawTable:
    """The rows of a file, keyed by canonical column name, with the row numbers the user sees."""

    path: Path
    kind: str  # "csv" or "xlsx"
    headers: list[str]  # the header row as written in the file
    header_row: int
    columns: dict[str, str]  # canonical name -> header as written
    rows: list[tuple[int, dict[str, Cell]]]  # blank rows are left out
    notes: dict[int, list[str]] = field(default_factory=dict)  # problems found while reading
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    epoch: dt.date = EXCEL_EPOCH


# =========================================================================== reading files
def header_key(text: object) -> str:
    """ "Descripción (texto)" → "descripcion": the form headers are compared in."""
    folded = fold(str(text or ""))
    folded = re.sub(r"\(.*?\)|\[.*?\]", "", folded)
    return re.sub(r"[^0-9a-z]+", "", folded)


def _short(value: object, limit: int = 40) -> str:
    text = " ".join(str(value).translate(_CONTROLS).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(values: Iterable[object]) -> str:
    shown = [f"“{_short(v)}”" for v in values if str(v or "").strip()]
    if len(shown) > 12:
        shown = shown[:12] + [f"and {len(shown) - 12} more"]
    return ", ".join(shown) if shown else "none"


def _name(path: Path) -> str:
    return f"“{path.name}”"


def _check_size(path: Path) -> int:
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise KnownError(f"The file {path} does not exist.") from None
    except OSError as err:
        raise KnownError(f"The file {path} cannot be read ({err.strerror}).") from None
    if path.is_dir():
        raise KnownError(f"{path} is a folder; choose a CSV or Excel (.xlsx) file.")
    if size == 0:
        raise KnownError(f"The file {_name(path)} is empty.")
    if size > MAX_FILE_BYTES:
        raise KnownError(
            f"The file {_name(path)} is {size / 1024 / 1024:.0f} MB; files over "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB cannot be imported. Split it (by year, "
            "for example) and import each part."
        )
    return size


def _head(path: Path, n: int = 8) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError as err:
        raise KnownError(f"The file {path} cannot be read ({err.strerror}).") from None


_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
_NOT_SPREADSHEET = "Save it as CSV or Excel (.xlsx) and import that file."


def _kind(path: Path) -> str:
    """ "csv" or "xlsx", judged by the content (a renamed file is recognised for what it is)."""
    head = _head(path)
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise KnownError(
            f"{_name(path)} is an old Excel 97–2003 workbook (.xls) or a password-protected "
            "workbook. Open it in Excel, remove any password and save it as .xlsx or CSV."
        )
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise KnownError(f"{_name(path)} is {what}, not a spreadsheet. {_NOT_SPREADSHEET}")
    if suffix in XLSX_SUFFIXES:
        raise KnownError(
            f"{_name(path)} is not a valid Excel workbook (an .xlsx file is a ZIP archive and "
            f"this one is not). {_NOT_SPREADSHEET}"
        )
    return "csv"  # text, whatever its name says (some programs save CSV as .xls)


def list_sheets(path: Path | str) -> list[str]:
    """The sheet names of an .xlsx file, in order; ``[]`` for a CSV file."""
    path = Path(path)
    _check_size(path)
    if _kind(path) != "xlsx":
        return []
    wb = _open_workbook(path, data_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def read_table(
    path: Path | str,
    sheet: str | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> RawTable:
    """Read the rows of a CSV or XLSX file (the first sheet, or ``sheet``).

    Raises ``KnownError`` when the file is not a spreadsheet, is too large or has no header row
    with at least a date and an hours column.
    """
    path = Path(path)
    _check_size(path)
    if _kind(path) == "xlsx":
        return _read_xlsx(path, sheet, progress, cancelled)
    return _read_csv(path, progress, cancelled)


# --------------------------------------------------------------------------- header row
def _recognised(cells: Iterable[object]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        canon = _HEADER_INDEX.get(header_key(cell)) if cell is not None else None
        if canon:
            found.setdefault(canon, []).append(i)
    return found


def _is_blank(cells: Iterable[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _find_header(
    path: Path, candidates: list[tuple[int, list[Any]]]
) -> tuple[int, list[str], dict[str, int]]:
    """The header row among the first rows: the one naming the most known columns."""
    best: tuple[int, int, list[Any], dict[str, list[int]]] | None = None
    for number, cells in candidates:
        found = _recognised(cells)
        if found and (best is None or len(found) > best[0]):
            best = (len(found), number, cells, found)
    if best is None:
        first = next((cells for _n, cells in candidates if not _is_blank(cells)), [])
        raise KnownError(
            f"{_name(path)} has no header row ClusterDesk recognises. Headers found: "
            f"{_quoted(first)}. The first row should name the columns, in English or Spanish: "
            + ", ".join(COLUMN_LABELS.values())
            + "."
        )
    _score, number, cells, found = best
    headers = ["" if c is None else str(c).strip() for c in cells]
    twice = {canon: idx for canon, idx in found.items() if len(idx) > 1}
    if twice:
        canon, idx = next(iter(twice.items()))
        raise KnownError(
            f"Row {number} of {_name(path)} has several columns for {COLUMN_LABELS[canon]}: "
            f"{_quoted(headers[i] for i in idx)}. Rename or remove all but one."
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        names = " and ".join(COLUMN_LABELS[c] for c in missing)
        raise KnownError(
            f"{_name(path)} has no {names} column. Headers found: {_quoted(headers)}. "
            "Name the columns in English or Spanish: " + ", ".join(COLUMN_LABELS.values()) + "."
        )
    return number, headers, {canon: idx[0] for canon, idx in found.items()}


def _checkpoint(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelledError()


# --------------------------------------------------------------------------- CSV
def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        attempts = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = ["utf-16"]
    else:
        attempts = ["utf-8", "cp1252"]
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:65536]
        controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n" or ch == "\x7f")
        if controls > 8 and controls > len(sample) // 50:
            break  # decodes, but reads as binary data
        return text, encoding
    raise KnownError(
        f"{_name(path)} is not a text (CSV) file or a spreadsheet ClusterDesk can read. "
        + _NOT_SPREADSHEET
    )


def _csv_rows(text: str, delimiter: str) -> Iterable[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _choose_delimiter(text: str) -> str:
    sample = text[:65536]
    scores: dict[str, int] = {}
    for delim in (";", ",", "\t"):
        try:
            rows = list(itertools.islice(_csv_rows(sample, delim), HEADER_SCAN_ROWS))
        except csv.Error:
            continue
        scores[delim] = max((len(_recognised(r)) for r in rows), default=0)
    if scores and max(scores.values()) > 0:
        return max(scores, key=lambda d: scores[d])  # ties: ";" (Spanish Excel), then ","
    first_line = next((line for line in sample.splitlines() if line.strip()), "")
    return max((";", ",", "\t"), key=first_line.count)


def _read_csv(path: Path, progress: Progress | None, cancelled: Cancelled | None) -> RawTable:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise KnownError(f"The file {path} cannot be read ({err.strerror}).") from None
    text, encoding = _decode(path, data)
    if not text.strip():
        raise KnownError(f"The file {_name(path)} is empty.")
    delimiter = _choose_delimiter(text)
    reader = _csv_rows(text, delimiter)
    records: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, cells))
            if number % CHUNK == 0:
                _checkpoint(cancelled)
    except csv.Error as err:
        raise KnownError(
            f"Row {number + 1} of {_name(path)} cannot be read ({err}). A cell that starts with "
            'a double quote (") needs a closing quote too.'
        ) from None
    if progress is not None:
        progress(15, "Reading the file…")
    candidates = [(n, cells) for n, cells in records[: HEADER_SCAN_ROWS * 3] if cells][
        :HEADER_SCAN_ROWS
    ]
    header_row, headers, index = _find_header(path, candidates)
    width = len(headers)
    sep = {";": "“;”", ",": "“,”", "\t": "a tab"}[delimiter]
    rows: list[tuple[int, dict[str, Cell]]] = []
    notes: dict[int, list[str]] = {}
    keys = tuple(index)
    positions = tuple(index.values())
    pick = operator.itemgetter(*positions)  # at least two: the date and the hours
    need = max(positions) + 1
    for number, cells in records:
        if number <= header_row:
            continue
        if number % CHUNK == 0:
            _checkpoint(cancelled)
        if not "".join(cells).strip():
            continue  # a blank line (or a line of empty cells)
        n = len(cells)
        values = pick(cells) if n >= need else tuple(cells[i] if i < n else None for i in positions)
        # our own CSV exports neutralise would-be formulas with one apostrophe: take it away
        values = tuple(restore_text(v) if v and v[0] == "'" else v for v in values)
        rows.append((number, dict(zip(keys, values, strict=True))))
        if n > width and "".join(cells[width:]).strip():
            notes[number] = [
                f"the row has {n} cells but the header has {width} columns; text that contains "
                f"the separator ({sep}) must be put in double quotes."
            ]
    return RawTable(
        path=path,
        kind="csv",
        headers=headers,
        header_row=header_row,
        columns={canon: headers[i] for canon, i in index.items()},
        rows=rows,
        notes=notes,
        encoding=encoding,
        delimiter=delimiter,
    )


# --------------------------------------------------------------------------- XLSX
def _open_workbook(path: Path, *, data_only: bool) -> Any:
    import openpyxl  # imported here: only needed for workbooks

    not_valid = (
        f"{_name(path)} is not a valid Excel workbook (.xlsx): it may be damaged, or be another "
        f"kind of file. {_NOT_SPREADSHEET}"
    )
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise KnownError(not_valid) from None
    if "content.xml" in names and "xl/workbook.xml" not in names:
        raise KnownError(
            f"{_name(path)} is an OpenDocument spreadsheet (.ods). Save it as .xlsx or CSV and "
            "import that file."
        )
    if "xl/workbook.xml" not in names:
        raise KnownError(not_valid)
    if unpacked > MAX_UNPACKED_BYTES:
        raise KnownError(f"{_name(path)} is too large once unpacked to be imported.")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise KnownError(not_valid) from None


def _sheet(path: Path, wb: Any, sheet: str | None) -> Any:
    if not wb.worksheets:
        raise KnownError(f"{_name(path)} has no sheets.")
    if sheet is None:
        return wb.worksheets[0]
    if sheet not in wb.sheetnames:
        raise KnownError(
            f"{_name(path)} has no sheet called “{sheet}”. Its sheets are: "
            f"{_quoted(wb.sheetnames)}."
        )
    return wb[sheet]


def _iter_sheet(ws: Any) -> Iterable[tuple[int, tuple[Any, ...]]]:
    ws.reset_dimensions()  # the stored size is sometimes wrong (files written by other tools)
    return enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)


def _is_formula(value: object) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return type(value).__name__ in {"ArrayFormula", "DataTableFormula"}


def _formula_text(value: object) -> str:
    return value if isinstance(value, str) else str(getattr(value, "text", "") or "=…")


def _read_xlsx(
    path: Path, sheet: str | None, progress: Progress | None, cancelled: Cancelled | None
) -> RawTable:
    wb = _open_workbook(path, data_only=True)
    try:
        ws = _sheet(path, wb, sheet)
        title = ws.title
        epoch_value = getattr(wb, "epoch", None)
        epoch = epoch_value.date() if isinstance(epoch_value, dt.datetime) else EXCEL_EPOCH
        candidates: list[tuple[int, list[Any]]] = []
        records: list[tuple[int, tuple[Any, ...]]] = []
        try:
            for number, cells in _iter_sheet(ws):
                if number % CHUNK == 0:
                    _checkpoint(cancelled)
                if _is_blank(cells):
                    continue
                records.append((number, cells))
                if len(candidates) < HEADER_SCAN_ROWS:
                    candidates.append((number, list(cells)))
        except (KnownError, ImportCancelledError):
            raise
        except Exception:
            raise KnownError(
                f"Sheet “{title}” of {_name(path)} cannot be read: the workbook looks damaged. "
                f"{_NOT_SPREADSHEET}"
            ) from None
    finally:
        wb.close()
    if progress is not None:
        progress(15, "Reading the workbook…")
    if not records:
        raise KnownError(f"Sheet “{title}” of {_name(path)} is empty.")
    header_row, headers, index = _find_header(path, candidates)
    items = tuple(index.items())
    rows: list[tuple[int, dict[str, Cell]]] = []
    empty_cells: dict[int, list[tuple[str, int]]] = {}
    for number, cells in records:
        if number <= header_row:
            continue
        n = len(cells)
        values: dict[str, Cell] = {}
        for canon, i in items:
            value = cells[i] if i < n else None
            values[canon] = value
            if value is None:
                empty_cells.setdefault(number, []).append((canon, i))
        rows.append((number, values))
    if empty_cells:
        _mark_formulas_without_value(path, sheet, rows, empty_cells, cancelled)
    return RawTable(
        path=path,
        kind="xlsx",
        headers=headers,
        header_row=header_row,
        columns={canon: headers[i] for canon, i in index.items()},
        rows=rows,
        sheet=title,
        epoch=epoch,
    )


def _mark_formulas_without_value(
    path: Path,
    sheet: str | None,
    rows: list[tuple[int, dict[str, Cell]]],
    empty_cells: dict[int, list[tuple[str, int]]],
    cancelled: Cancelled | None,
) -> None:
    """Empty cells may be formulas never calculated: read the formulas to tell them apart."""
    by_number = dict(rows)
    wb = _open_workbook(path, data_only=False)
    try:
        ws = _sheet(path, wb, sheet)
        last = max(empty_cells)
        for number, cells in _iter_sheet(ws):
            if number % CHUNK == 0:
                _checkpoint(cancelled)
            if number > last:
                break
            wanted = empty_cells.get(number)
            if not wanted:
                continue
            for canon, i in wanted:
                if i < len(cells) and _is_formula(cells[i]):
                    by_number[number][canon] = FormulaWithoutValue(_formula_text(cells[i]))
    finally:
        wb.close()


# =========================================================================== values
def clean_text(value: Cell) -> str:
    """A cell as one line of text: control characters removed, runs of spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:g}"
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    elif isinstance(value, FormulaWithoutValue):
        text = value.formula
    else:
        text = str(value)
    return " ".join(text.translate(_CONTROLS).split())


def _excel_error(text: str) -> bool:
    return text.upper() in _EXCEL_ERRORS


def _serial_date(serial: float, epoch: dt.date) -> dt.date:
    if not (1 <= serial < 2_958_466):  # Excel's own limits: 1900-01-01 to 9999-12-31
        raise ValueError(f"{serial:g} is not a date.")
    return epoch + dt.timedelta(days=int(serial))


def _checked_year(d: dt.date, shown: str) -> dt.date:
    if d.year < FIRST_YEAR or d.year > LAST_YEAR:
        raise ValueError(f"{shown} is not between {FIRST_YEAR} and {LAST_YEAR}; check the year.")
    return d


def _make_date(year: int, month: int, day: int, shown: str) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(
            f"“{shown}” is not a date: there is no month {month}. Write dates day first "
            "(dd/mm/yyyy) or as yyyy-mm-dd."
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"“{shown}” is not a date: {_MONTHS[month - 1]} {year} has no day {day}."
        ) from None


def parse_date(value: Cell, epoch: dt.date = EXCEL_EPOCH) -> dt.date:
    """A date from a cell: a real date, an Excel serial number, yyyy-mm-dd or dd/mm/yyyy.

    Also accepts d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, dd/mm/yy and a trailing time ("00:00").
    Raises ValueError with a message for the user.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("The date is missing.")
    if isinstance(value, FormulaWithoutValue):
        raise ValueError(_formula_message(value))
    if isinstance(value, dt.datetime):
        d = value.date()
        return _checked_year(d, d.strftime("%d/%m/%Y"))
    if isinstance(value, dt.date):
        return _checked_year(value, value.strftime("%d/%m/%Y"))
    if isinstance(value, dt.time | dt.timedelta):
        raise ValueError("The date cell holds a time of day, not a date.")
    if isinstance(value, bool):
        raise ValueError("The date cell holds TRUE/FALSE, not a date.")
    if isinstance(value, int | float):
        d = _serial_date(float(value), epoch)
        return _checked_year(d, d.strftime("%d/%m/%Y"))
    text = " ".join(str(value).translate(_CONTROLS).split())
    shown = _short(text)
    parts = text.replace("T", " ").split(" ")
    if len(parts) == 2 and _TIME_PART.match(parts[1]):
        text = parts[0]
    if m := _YMD.match(text):
        d = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), shown)
    elif m := _DMY.match(text):
        year = int(m.group(3))
        if len(m.group(3)) == 2:
            year += 2000
        d = _make_date(year, int(m.group(2)), int(m.group(1)), shown)
    elif text.isdigit() and len(text) == 5:  # an Excel serial number saved as text
        d = _serial_date(float(text), epoch)
    elif _excel_error(text):
        raise ValueError(f"The date cell shows the Excel error {text}.")
    elif fold(text) in _TOTAL_WORDS:
        raise ValueError(f"“{shown}” is not a date; remove totals rows before importing.")
    else:
        raise ValueError(
            f"“{shown}” is not a date; write it as dd/mm/yyyy (15/03/2026) or yyyy-mm-dd "
            "(2026-03-15)."
        )
    return _checked_year(d, f"“{shown}”")


def parse_hours(value: Cell) -> int:
    """Minutes from an hours cell: 1.5, "1,5", "1:30", an Excel time (1:30) or duration.

    The rules are those of the form (``app.domain.hours.parse_duration``). Raises ValueError.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("The hours are missing.")
    if isinstance(value, FormulaWithoutValue):
        raise ValueError(_formula_message(value))
    if isinstance(value, dt.timedelta):
        return parse_duration(value.total_seconds() / 3600)
    if isinstance(value, dt.time):
        return parse_duration(value.hour + value.minute / 60 + value.second / 3600)
    if isinstance(value, dt.date):
        raise ValueError("The hours cell holds a date, not a number of hours.")
    if isinstance(value, str):
        text = " ".join(value.translate(_CONTROLS).split())
        if _excel_error(text):
            raise ValueError(f"The hours cell shows the Excel error {text}.")
        if len(text) > 20:
            raise ValueError(f"“{_short(text)}” is not a number of hours (write 1.5, 1,5 or 1:30).")
        return parse_duration(text)
    return parse_duration(value)


def _activity_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


_ACTIVITY_INDEX: dict[str, str] = {}
for _key, _label in vocab.ACTIVITIES.items():
    _ACTIVITY_INDEX[_activity_key(_key)] = _key
    _ACTIVITY_INDEX[_activity_key(_label)] = _key
for _key, _words in ACTIVITY_SYNONYMS.items():
    for _word in _words:
        _ACTIVITY_INDEX[_activity_key(_word)] = _key


def parse_activity(value: Cell) -> str:
    """The activity key for a cell: a key, an English label or its Spanish name. Empty → other."""
    if isinstance(value, FormulaWithoutValue):
        raise ValueError(_formula_message(value))
    text = clean_text(value)
    if not text:
        return "other"
    key = _ACTIVITY_INDEX.get(_activity_key(text))
    if key is None:
        names = ", ".join(vocab.ACTIVITIES.values())
        raise ValueError(
            f"“{_short(text)}” is not an activity; use one of: {names} (or the Spanish names: "
            "reunión de junta, preparación, grupo de trabajo, evaluación, evento, coordinación, "
            "viaje, otros)."
        )
    return key


def _formula_message(value: FormulaWithoutValue) -> str:
    return (
        f"the cell holds a formula ({_short(value.formula, 30)}) whose result was never saved; "
        "open the file in Excel or LibreOffice, save it and import it again."
    )


# =========================================================================== names
def name_key(text: str) -> str:
    """How names and e-mail addresses are compared: no case, no accents, single spaces."""
    return " ".join(fold(text).split())


class NameIndex:
    """Finds an officer or a cluster by any of its names (name, short name, e-mail address)."""

    def __init__(self, noun: str, hint: str) -> None:
        self.noun = noun  # "officer", "cluster"
        self.hint = hint  # how to write it, for the "not found" message
        self._ids: dict[str, set[int]] = {}
        self._labels: dict[int, str] = {}

    def add(self, record_id: int, label: str, *names: str | None) -> None:
        self._labels[record_id] = label
        for name in (label, *names):
            if name and name_key(name):
                self._ids.setdefault(name_key(name), set()).add(record_id)

    def label(self, record_id: int) -> str:
        return self._labels.get(record_id, "")

    def find(self, text: str) -> int:
        """The id named by ``text``; ValueError (in words) when none or several match."""
        ids = self._ids.get(name_key(text), set())
        if len(ids) == 1:
            return next(iter(ids))
        if not ids:
            raise ValueError(f"no {self.noun} is called “{_short(text)}” ({self.hint}).")
        names = ", ".join(sorted(self._labels[i] for i in ids))
        raise ValueError(f"“{_short(text)}” could be several {self.noun}s ({names}); {self.hint}.")


# =========================================================================== rows
class ParsedRow(NamedTuple):
    """One data row after reading its cells; ``problems`` holds what could not be read."""

    row: int
    officer_id: int | None
    entry_date: dt.date | None
    minutes: int | None
    activity: str | None
    cluster_id: int | None
    description: str
    problems: list[str] | tuple[()]  # (an empty tuple when there are none)
    texts: tuple[str, str, str, str, str]  # as shown: date, officer, cluster, activity, hours


# A cell read once: (value, text shown in the preview, problem or None). Files repeat the same
# dates, hours, names and activities over and over, so each distinct cell is read only once.
_Read = tuple[Any, str, str | None]


def _problem(column: str, message: str) -> str:
    """ "Horas" + "No one works…" → "Horas: no one works…"."""
    return f"{column}: {message[0].lower()}{message[1:]}" if message else column


def _reader(column: str, fn: Callable[[Any], tuple[Any, str]]) -> Callable[[Any], _Read]:
    def read(value: Any) -> _Read:
        if isinstance(value, FormulaWithoutValue):
            return None, _short(value.formula), _problem(column, _formula_message(value))
        try:
            result, text = fn(value)
        except ValueError as err:
            return None, _short(clean_text(value)), _problem(column, str(err))
        return result, text, None

    return read


_NO_PROBLEMS: tuple[()] = ()


def _fill(cache: dict[Any, _Read], read: Callable[[Any], _Read], value: Any) -> _Read:
    """Read a cell not seen before and remember the result (keyed by type: 1 is not True)."""
    key = value if value.__class__ is str else (value.__class__, value)
    hit = cache[key] = read(value)
    return hit


def parse_rows(
    table: RawTable,
    officers: NameIndex,
    clusters: NameIndex,
    default_officer_id: int | None = None,
    *,
    cancelled: Cancelled | None = None,
) -> list[ParsedRow]:
    """Read each row's cells into values; cells that cannot be read become row problems."""
    header = table.columns
    epoch = table.epoch

    def date_of(v: Any) -> tuple[Any, str]:
        d = parse_date(v, epoch)
        return d, d.isoformat()

    def hours_of(v: Any) -> tuple[Any, str]:
        m = parse_hours(v)
        return m, format_hours(m)

    def activity_of(v: Any) -> tuple[Any, str]:
        key = parse_activity(v)
        return key, vocab.ACTIVITIES[key]

    default_label = officers.label(default_officer_id) if default_officer_id is not None else ""
    no_officer = _problem(header.get("officer", "Officer"), "The officer is missing.")

    def officer_of(v: Any) -> tuple[Any, str]:
        text = clean_text(v)
        if not text:
            if default_officer_id is None:
                raise ValueError("The officer is missing.")
            return default_officer_id, default_label
        oid = officers.find(text)
        return oid, officers.label(oid)

    def cluster_of(v: Any) -> tuple[Any, str]:
        text = clean_text(v)
        if not text:
            return None, ""
        cid = clusters.find(text)
        return cid, clusters.label(cid)

    has_officer = "officer" in header
    has_activity = "activity" in header
    has_cluster = "cluster" in header
    read_date = _reader(header["date"], date_of)
    read_hours = _reader(header["hours"], hours_of)
    read_activity = _reader(header.get("activity", ""), activity_of)
    read_officer = _reader(header.get("officer", ""), officer_of)
    read_cluster = _reader(header.get("cluster", ""), cluster_of)
    dates: dict[Any, _Read] = {}
    hours: dict[Any, _Read] = {}
    activities: dict[Any, _Read] = {}
    people: dict[Any, _Read] = {}
    groups: dict[Any, _Read] = {}
    other: _Read = ("other", vocab.ACTIVITIES["other"], None)
    fallback: _Read = (
        (default_officer_id, default_label, None)
        if default_officer_id is not None
        else (None, "", no_officer)
    )
    no_cluster: _Read = (None, "", None)
    notes = table.notes
    none = _NO_PROBLEMS
    out: list[ParsedRow] = []
    append = out.append
    for i, (number, cells) in enumerate(table.rows):
        if i % CHUNK == 0:
            _checkpoint(cancelled)
        get = cells.get
        v = get("date")
        d = dates.get(v if v.__class__ is str else (v.__class__, v)) or _fill(dates, read_date, v)
        v = get("hours")
        h = hours.get(v if v.__class__ is str else (v.__class__, v)) or _fill(hours, read_hours, v)
        a, o, c = other, fallback, no_cluster
        if has_activity:
            v = get("activity")
            k = v if v.__class__ is str else (v.__class__, v)
            a = activities.get(k) or _fill(activities, read_activity, v)
        if has_officer:
            v = get("officer")
            o = people.get(v if v.__class__ is str else (v.__class__, v)) or _fill(
                people, read_officer, v
            )
        if has_cluster:
            v = get("cluster")
            c = groups.get(v if v.__class__ is str else (v.__class__, v)) or _fill(
                groups, read_cluster, v
            )
        v = get("description")
        if v.__class__ is str and v.isprintable():
            description = " ".join(v.split())
        else:
            description = clean_text(v)
        problems: list[str] | tuple[()] = none
        if (
            d[2] is not None
            or h[2] is not None
            or a[2] is not None
            or o[2] is not None
            or c[2] is not None
            or number in notes
            or v.__class__ is FormulaWithoutValue
        ):
            problems = list(notes.get(number, ()))
            problems.extend(x[2] for x in (d, h, a, o, c) if x[2] is not None)
            if isinstance(v, FormulaWithoutValue):
                problems.append(_problem(header["description"], _formula_message(v)))
        append(
            ParsedRow(
                number,
                o[0],
                d[0],
                h[0],
                a[0],
                c[0],
                description,
                problems,
                (d[1], o[1], c[1], a[1], h[1]),
            )
        )
    return out


# =========================================================================== the plan
EntryKey = tuple[int, dt.date, int, int | None, str, str]


@dataclass(frozen=True)
class KnownHours:
    """What the database knows that the rows are checked against (gathered by the data layer)."""

    day_minutes: dict[tuple[int, dt.date], int]  # minutes already logged per officer and day
    entry_keys: frozenset[EntryKey]  # existing entries, for duplicates
    assignments: dict[
        int, list[tuple[int, dt.date, dt.date | None]]
    ]  # officer → (cluster, from, to)
    closed_years: frozenset[int]
    cluster_names: dict[int, str]
    # changes when any of the officers' entries in the date range change (a hash: only
    # comparable within one process, which is where a plan is made and applied)
    fingerprint: int = 0
    officer_ids: frozenset[int] = frozenset()  # the scope the entries were read for
    first_date: dt.date | None = None
    last_date: dt.date | None = None


class PlannedEntry(NamedTuple):
    """A checked entry and the row of the file it comes from."""

    row: int
    entry: EntryInput


class PreviewRow(NamedTuple):
    """A row of the file as the preview shows it."""

    row: int
    date: str
    officer: str
    cluster: str
    activity: str
    hours: str
    description: str
    status: str  # "ok", "warning", "duplicate" or "problem"
    message: str  # what is wrong, the warning, or what it duplicates


STATUS_LABELS = {
    "ok": "To import",
    "warning": "To import (warning)",
    "duplicate": "Duplicate (skipped)",
    "problem": "Problem",
}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


@dataclass(frozen=True)
class ImportPlan:
    """The result of checking a file: what would be imported, skipped, or is wrong."""

    path: Path
    entries: list[PlannedEntry]
    problems: list[str]  # "row N: what is wrong"
    warnings: list[str]  # "row N: ..." (imported anyway)
    duplicates: list[int]  # row numbers skipped as duplicates
    total_rows: int
    rows: list[PreviewRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    problem_rows: int = 0
    warning_rows: int = 0
    # what the database looked like when the plan was made (``apply_import`` compares)
    fingerprint: int = 0
    officer_ids: frozenset[int] = frozenset()
    first_date: dt.date | None = None
    last_date: dt.date | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """ "1,234 rows: 1,200 to import, 30 duplicates, 4 problems"."""
        parts = [f"{len(self.entries):,} to import"]
        if self.warning_rows:
            parts[0] += f" ({_plural(self.warning_rows, 'with a warning', 'with warnings')})"
        parts.append(_plural(len(self.duplicates), "duplicate", "duplicates"))
        parts.append(_plural(self.problem_rows, "problem", "problems"))
        return f"{_plural(self.total_rows, 'row', 'rows')}: " + ", ".join(parts)


class _Assignments:
    """Which clusters an officer sits on, date by date, as piecewise-constant segments."""

    def __init__(self, spans: list[tuple[int, dt.date, dt.date | None]]) -> None:
        cuts = sorted(
            {start for _c, start, _e in spans}
            | {end + dt.timedelta(days=1) for _c, _s, end in spans if end and end < dt.date.max}
        )
        self._starts = cuts
        self._sets = [
            frozenset(c for c, start, end in spans if start <= cut and (end is None or cut <= end))
            for cut in cuts
        ]

    def on(self, day: dt.date) -> frozenset[int]:
        i = bisect.bisect_right(self._starts, day) - 1
        return self._sets[i] if i >= 0 else _NO_CLUSTERS


_NO_CLUSTERS: frozenset[int] = frozenset()


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:8])
    return shown + (f" and {len(rows) - 8} more" if len(rows) > 8 else "")


def build_plan(
    table: RawTable,
    parsed: list[ParsedRow],
    known: KnownHours,
    today: dt.date,
    *,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """Check every row with the form's rules (``clean_entry``) and sort out duplicates.

    Day totals count the minutes already in the database plus the earlier rows of the file for
    the same officer and day. A row identical to an existing entry, or to an earlier row of the
    file, is a duplicate: reported and skipped, so importing a file twice adds nothing.
    """
    entries: list[PlannedEntry] = []
    problems: list[str] = []
    warnings: list[str] = []
    duplicates: list[int] = []
    preview: list[PreviewRow] = []
    seen: dict[EntryKey, int] = {}
    file_minutes: dict[tuple[int, dt.date], int] = {}
    file_rows: dict[tuple[int, dt.date], list[int]] = {}
    spans = {oid: _Assignments(a) for oid, a in known.assignments.items()}
    nobody = _Assignments([])
    contexts: dict[tuple[int, frozenset[int]], EntryContext] = {}
    existing = known.entry_keys
    day_minutes = known.day_minutes
    problem_rows = warning_rows = 0

    for i, (
        row,
        oid,
        day_date,
        minutes,
        activity,
        cid,
        description,
        row_problems,
        texts,
    ) in enumerate(parsed):
        if i % CHUNK == 0:
            _checkpoint(cancelled)
        row_warnings: list[str] = []
        status, note = "ok", ""
        if not row_problems:
            # every value was read: the officer, the date, the hours and the activity are known
            assert oid is not None and day_date is not None
            assert minutes is not None and activity is not None
            key = (oid, day_date, minutes, cid, activity, description)
            if key in existing:
                status, note = "duplicate", "Same as an entry already in ClusterDesk; skipped."
            elif key in seen:
                status, note = "duplicate", f"Same as row {seen[key]}; skipped."
            else:
                day = (oid, day_date)
                assigned = _NO_CLUSTERS if cid is None else spans.get(oid, nobody).on(day_date)
                earlier = file_minutes.get(day, 0)
                other = day_minutes.get(day, 0) + earlier
                ctx = contexts.get((other, assigned))
                if ctx is None:
                    ctx = contexts[(other, assigned)] = EntryContext(
                        today=today,
                        other_minutes_that_day=other,
                        assigned_cluster_ids=assigned,
                        closed_years=known.closed_years,
                        cluster_names=known.cluster_names,
                    )
                try:
                    clean, row_warnings = clean_entry(
                        EntryInput(oid, day_date, minutes, activity, cid, description), ctx
                    )
                except ValidationError as err:
                    row_problems = list(err.problems.values())
                    if "minutes" in err.problems and earlier:
                        row_problems[list(err.problems).index("minutes")] += (
                            f" Earlier rows of this file on that day: "
                            f"{_rows_text(file_rows[day])} ({format_minutes(earlier)})."
                        )
                else:
                    seen[key] = row
                    file_minutes[day] = earlier + clean.minutes
                    rows_that_day = file_rows.get(day)
                    if rows_that_day is None:
                        file_rows[day] = [row]
                    else:
                        rows_that_day.append(row)
                    entries.append(PlannedEntry(row, clean))
        if row_problems:
            status, note = "problem", " ".join([_sentence(m) for m in row_problems])
            for m in row_problems:
                problems.append(f"row {row}: {m}")
            problem_rows += 1
        elif status == "duplicate":
            duplicates.append(row)
        elif row_warnings:
            status, note = "warning", " ".join(row_warnings)
            for w in row_warnings:
                warnings.append(f"row {row}: {w}")
            warning_rows += 1
        if len(description) > 300:
            description = description[:299] + "…"
        preview.append(PreviewRow(row, *texts, description, status, note))

    return ImportPlan(
        path=table.path,
        entries=entries,
        problems=problems,
        warnings=warnings,
        duplicates=duplicates,
        total_rows=len(parsed),
        rows=preview,
        columns=dict(table.columns),
        sheet=table.sheet,
        problem_rows=problem_rows,
        warning_rows=warning_rows,
        fingerprint=known.fingerprint,
        officer_ids=known.officer_ids,
        first_date=known.first_date,
        last_date=known.last_date,
    )


def _sentence(message: str) -> str:
    message = message.strip()
    return message if message.endswith((".", "!", "?", "…")) else message + "."
