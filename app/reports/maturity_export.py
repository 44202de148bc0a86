"""The maturity scoreboard as an Excel workbook, for the coordination team's own analyses.

Command line (wired in ``app/cli.py``)::

    clusterdesk [--db PATH] maturity scoreboard --xlsx FILE [--pdf FILE]

``write_scoreboard_xlsx(db, path, kind=None, stage=None)`` writes three sheets:

* ``Scoreboard`` — one row per cluster (sorted by short name), the same clusters as the scoreboard
  on screen with the same kind/stage filters: cluster, short name, kind, stage, date of the latest
  profile, then one column per dimension with the level as a number (empty when not scored), then
  the network average row (bold, averages over the clusters shown). Levels carry conditional
  formatting, one fill per level (the screen scoreboard's colours), so a level edited in Excel
  changes colour too.
* ``History`` — every maturity profile of the clusters shown, oldest first per cluster: cluster,
  short name, date, stage, assessor, one column per dimension (the current model's first, then any
  dimension of an older model version), notes.
* ``Levels`` — the legend: level number, label and colour, and each dimension's descriptors.

Text is written as string cells (never formulas) with Excel's quote prefix, verbatim, as the hours
export does (``hours_export``: the XLSX half of the formula-neutralisation contract); dates are
real dates, levels real numbers. The header row is bold and frozen with the cluster columns. The
file is written atomically: complete or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.db.database import Database
from app.db.maturity import list_models, list_profiles, scoreboard
from app.domain import vocab
from app.domain.records_maturity import ModelSpec, ProfileRow, Scoreboard, ScoreboardRow
from app.reports.atomic import atomic_path

logger = logging.getLogger(__name__)

DEFAULT_LEVEL_LABELS = ("Initial", "Repeatable", "Defined", "Managed", "Optimising")
# the screen scoreboard's colours (app/models/maturity_models.LEVEL_COLORS), as ARGB-less hex
LEVEL_FILLS = {1: "E8705F", 2: "F5B86A", 3: "F7E59B", 4: "A9D4E4", 5: "5B9FD1"}
HEAD_FILL = "DCEBF2"
AVERAGE_FILL = "E4EAEE"
SCOREBOARD_COLUMNS = ("cluster", "short name", "kind", "stage", "date")
HISTORY_COLUMNS = ("cluster", "short name", "date", "stage", "assessor")


def _labels(model: ModelSpec | None) -> tuple[str, ...]:
    labels = tuple(model.level_labels) if model is not None else ()
    return labels if len(labels) == len(LEVEL_FILLS) else DEFAULT_LEVEL_LABELS


def _stage(stage: str | None) -> str:
    return vocab.LIFECYCLE_STAGES.get(stage, stage) if stage else ""


class _Book:
    """A workbook and the cell styles of the export."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.wb.properties.creator = "ClusterDesk"
        self.wb.properties.title = "ClusterDesk maturity scoreboard"
        self.bold = Font(bold=True)
        self.head_fill = PatternFill("solid", fgColor=HEAD_FILL)
        self.avg_fill = PatternFill("solid", fgColor=AVERAGE_FILL)
        self.top = Alignment(vertical="top")
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.head_align = Alignment(vertical="bottom", wrap_text=True)
        self.centre = Alignment(horizontal="center", vertical="top")

    def sheet(self, title: str, header: Sequence[str], widths: Sequence[float], freeze: str) -> Any:
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title)
        for col, (name, width) in enumerate(zip(header, widths, strict=True), start=1):
            c = self.text(ws, 1, col, name, bold=True)
            c.fill = self.head_fill
            c.alignment = self.head_align
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = freeze
        return ws

    def text(
        self, ws: Any, row: int, col: int, value: str, *, bold: bool = False, wrap: bool = False
    ) -> Any:
        c = ws.cell(row=row, column=col)
        c.value = value
        c.data_type = "s"  # a string, never a formula, whatever the text starts with
        c.quotePrefix = True  # and Excel keeps it text when the cell is edited
        c.alignment = self.wrap if wrap else self.top
        if bold:
            c.font = self.bold
        return c

    def number(
        self, ws: Any, row: int, col: int, value: float | None, fmt: str, *, bold: bool = False
    ) -> Any:
        c = ws.cell(row=row, column=col)
        c.value = value
        c.number_format = fmt
        c.alignment = self.centre
        if bold:
            c.font = self.bold
        return c

    def date(self, ws: Any, row: int, col: int, value: dt.date | None) -> Any:
        c = ws.cell(row=row, column=col)
        c.value = value
        c.number_format = "yyyy-mm-dd"
        c.alignment = self.top
        return c

    def level_colours(self, ws: Any, cell_range: str) -> None:
        """Conditional fills per level: 1 red … 5 blue; averages take their nearest level."""
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import PatternFill

        for level, colour in LEVEL_FILLS.items():
            fill = PatternFill("solid", fgColor=colour, bgColor=colour)
            low = f"{level - 0.5}"  # never 0: Excel compares an empty cell as 0
            high = f"{level + 0.5 - 1e-6}" if level < 5 else "99"
            ws.conditional_formatting.add(
                cell_range, CellIsRule(operator="between", formula=[low, high], fill=fill)
            )


def write_scoreboard_xlsx(
    db: Database, path: Path | str, *, kind: str | None = None, stage: str | None = None
) -> Path:
    """Write the scoreboard (with the same filters as on screen) to ``path`` (.xlsx)."""
    target = Path(path).expanduser()
    board = scoreboard(db, kind=kind, stage=stage)
    models = list_models(db)
    model = models[-1] if models else None
    shown = {r.cluster_id for r in board.rows}
    profiles = [p for p in list_profiles(db) if p.cluster_id in shown]
    book = _Book()
    _scoreboard_sheet(book, board)
    _history_sheet(book, board, profiles)
    _levels_sheet(book, model)
    with atomic_path(target) as tmp:
        book.wb.save(tmp)
    logger.info("wrote %s", target)
    return target


def _sorted(rows: Sequence[ScoreboardRow]) -> list[ScoreboardRow]:
    return sorted(rows, key=lambda r: (r.cluster_short_name.casefold(), r.cluster_id))


def _scoreboard_sheet(book: _Book, board: Scoreboard) -> None:
    from openpyxl.utils import get_column_letter

    dims = list(board.dimensions)
    header = [*SCOREBOARD_COLUMNS, *dims]
    widths = [40, 20, 12, 18, 12, *([14] * len(dims))]
    ws = book.sheet("Scoreboard", header, widths, "C2")
    ws.row_dimensions[1].height = 45
    first = len(SCOREBOARD_COLUMNS) + 1
    r = 1
    for r, row in enumerate(_sorted(board.rows), start=2):
        book.text(ws, r, 1, row.cluster_name)
        book.text(ws, r, 2, row.cluster_short_name)
        book.text(ws, r, 3, vocab.CLUSTER_KINDS.get(row.kind, row.kind))
        book.text(ws, r, 4, _stage(row.stage))
        book.date(ws, r, 5, row.assessed_on)
        for c, dim in enumerate(dims, start=first):
            book.number(ws, r, c, row.levels.get(dim), "0")
    avg_row = r + 1
    profiled = sum(1 for row in board.rows if row.profile_id is not None)
    book.text(ws, avg_row, 1, f"Network average ({profiled} clusters)", bold=True)
    for c in range(2, first):
        book.text(ws, avg_row, c, "")
    for c, dim in enumerate(dims, start=first):
        value = board.network_average.get(dim)
        book.number(
            ws, avg_row, c, round(value, 2) if value is not None else None, "0.0", bold=True
        )
    for c in range(1, first):
        ws.cell(row=avg_row, column=c).fill = book.avg_fill
    if dims:
        last = get_column_letter(first + len(dims) - 1)
        book.level_colours(ws, f"{get_column_letter(first)}2:{last}{avg_row}")
        ws.auto_filter.ref = f"A1:{last}{max(avg_row - 1, 1)}"


def _history_sheet(book: _Book, board: Scoreboard, profiles: Sequence[ProfileRow]) -> None:
    from openpyxl.utils import get_column_letter

    dims = list(board.dimensions)
    for p in profiles:  # dimensions of older model versions after the current ones
        for name in p.levels:
            if name not in dims:
                dims.append(name)
    header = [*HISTORY_COLUMNS, *dims, "notes"]
    widths = [40, 20, 12, 18, 26, *([14] * len(dims)), 60]
    ws = book.sheet("History", header, widths, "C2")
    ws.row_dimensions[1].height = 45
    first = len(HISTORY_COLUMNS) + 1
    ordered = sorted(
        profiles, key=lambda p: (p.cluster_short_name.casefold(), p.cluster_id, p.assessed_on, p.id)
    )
    r = 1
    for r, prof in enumerate(ordered, start=2):
        book.text(ws, r, 1, prof.cluster_name)
        book.text(ws, r, 2, prof.cluster_short_name)
        book.date(ws, r, 3, prof.assessed_on)
        book.text(ws, r, 4, _stage(prof.stage))
        book.text(ws, r, 5, prof.assessor_name)
        for c, dim in enumerate(dims, start=first):
            book.number(ws, r, c, prof.levels.get(dim), "0")
        book.text(ws, r, first + len(dims), prof.notes, wrap=True)
    last = get_column_letter(first + len(dims))
    if dims and r > 1:
        book.level_colours(
            ws, f"{get_column_letter(first)}2:{get_column_letter(first + len(dims) - 1)}{r}"
        )
    ws.auto_filter.ref = f"A1:{last}{r}"


def _levels_sheet(book: _Book, model: ModelSpec | None) -> None:
    from openpyxl.styles import PatternFill

    labels = _labels(model)
    dims = list(model.dimensions) if model is not None else []
    ws = book.sheet(
        "Levels", ["level", "label", *(d.name for d in dims)], [8, 14, *([40] * len(dims))], "C2"
    )
    ws.row_dimensions[1].height = 30
    for level in range(1, 6):
        r = level + 1
        c = book.number(ws, r, 1, level, "0")
        c.fill = PatternFill("solid", fgColor=LEVEL_FILLS[level])
        book.text(ws, r, 2, labels[level - 1], bold=True)
        for col, dim in enumerate(dims, start=3):
            text = dim.levels[level - 1] if level - 1 < len(dim.levels) else ""
            book.text(ws, r, col, text, wrap=True)
