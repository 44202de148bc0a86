"""A year's action-plan assessments as an Excel workbook: one row per cluster, one column per
criterion.

Command line (wired in ``app/cli.py``)::

    clusterdesk [--db PATH] assessments export --year Y --xlsx FILE

calls ``export_year_xlsx(db, Y, FILE)`` and prints the path written.

Columns (row 1, bold and frozen together with the two name columns; auto-filter on)::

    Cluster, Short name, Version, Status, Assessor, Finalised, Overall %,
    <one column per criterion, headed "<code> <name>", e.g. "INT-RIS3 Alignment with RIS3 …">,
    <one column per section, headed "<section> %">

* One row per cluster: its latest version for the year (``latest_only=False``: every version,
  newest first), ordered by cluster name.
* A criterion cell holds the score (0–4, a number), ``n/a`` when the criterion is not applicable,
  and is empty when it is not scored (yet). Percentages are numbers rounded to one decimal
  (``79.2``), empty when nothing is scored. ``Finalised`` is a date and time, empty for a draft.
* **Rubric versions.** Criterion columns only mean something within one rubric version. When all
  the year's assessments use the same rubric the workbook has one sheet, ``Assessments <year>``;
  when they use several, each rubric version gets its own sheet, named ``Rubric v<version>``
  (``Rubric v1``, ``Rubric v2``; a name shared by two rubrics gets a number after it), holding the
  assessments scored with it.
* No cell is ever a formula: every text is written as a string cell with Excel's quote prefix
  (``hours_export``'s cell factory), so a cluster or officer name starting with ``=``, ``+``,
  ``-`` or ``@`` stays text.
* The workbook is written atomically (``app.reports.atomic``): complete or not there at all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.db.assessments import get_assessment, list_assessments
from app.db.database import Database
from app.domain.records_assessments import AssessmentDetail, CriterionSpec, TemplateSpec
from app.errors import KnownError
from app.reports.atomic import atomic_path
from app.reports.hours_export import _discard_workbook_temp_files, _Sheets

logger = logging.getLogger(__name__)

FIXED_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Cluster", 36),
    ("Short name", 16),
    ("Version", 8),
    ("Status", 8),
    ("Assessor", 26),
    ("Finalised", 17),
    ("Overall %", 10),
)
CRITERION_WIDTH = 15
SECTION_WIDTH = 15
HEADER_HEIGHT = 80  # points: five wrapped lines of a long criterion name
NOT_APPLICABLE = "n/a"


def criterion_header(c: CriterionSpec) -> str:
    """ "INT-RIS3 Alignment with RIS3 and the Basque plans" (the name alone without a code)."""
    return f"{c.code} {c.name}" if c.code else c.name


def section_header(name: str) -> str:
    return f"{name} %"


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _sheet_titles(templates: Sequence[TemplateSpec], year: int) -> list[str]:
    if len(templates) == 1:
        return [f"Assessments {year}"]
    titles: list[str] = []
    for t in templates:
        base = re.sub(r"[\[\]:*?/\\]", "", f"Rubric v{t.version}")[:28]
        title, n = base, 2
        while title.casefold() in (x.casefold() for x in titles):
            title, n = f"{base} ({n})", n + 1
        titles.append(title)
    return titles


def export_year_xlsx(
    db: Database, year: int, path: Path | str, *, latest_only: bool = True
) -> Path:
    """Write the scores of the ``year`` action-plan assessments to ``path`` (.xlsx); return it.

    One row per cluster (its latest version unless ``latest_only`` is False), one column per
    criterion. Assessments scored with different rubric versions go to separate sheets, one per
    rubric version ("Rubric v1", "Rubric v2", …); with a single rubric the one sheet is
    "Assessments <year>". Raises ``KnownError`` when no plan of that year is assessed, or when the
    file cannot be written (nothing is left behind then).
    """
    target = Path(path).expanduser()
    if target.suffix.lower() != ".xlsx":
        raise KnownError(
            f"Assessments are exported as an Excel workbook; “{target.name}” does not end in "
            ".xlsx. Choose a file name ending in .xlsx."
        )
    rows = list_assessments(db, year=year, latest_only=latest_only)
    if not rows:
        raise KnownError(
            f"No {year} action plan has been assessed yet; there is nothing to export."
        )
    details = [get_assessment(db, r.id) for r in rows]
    details.sort(
        key=lambda d: (d.row.cluster_name.casefold(), d.row.cluster_short_name, -d.row.version)
    )
    by_template: dict[int, list[AssessmentDetail]] = {}
    templates: dict[int, TemplateSpec] = {}
    for d in details:
        by_template.setdefault(d.template.id, []).append(d)
        templates[d.template.id] = d.template
    order = sorted(templates, key=lambda tid: (templates[tid].version, templates[tid].name, tid))
    titles = _sheet_titles([templates[tid] for tid in order], year)

    x = _Sheets()
    x.wb.properties.title = f"ClusterDesk action-plan assessments {year}"
    try:
        with atomic_path(target) as tmp:
            for tid, title in zip(order, titles, strict=True):
                _write_sheet(x, title, templates[tid], by_template[tid])
            x.wb.save(tmp)
    finally:
        _discard_workbook_temp_files(x.wb)
    logger.info("exported %d assessments of %d to %s", len(details), year, target)
    return target


def _write_sheet(
    x: _Sheets, title: str, template: TemplateSpec, details: Sequence[AssessmentDetail]
) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    criteria = template.criteria()
    header = [name for name, _w in FIXED_COLUMNS]
    header += [criterion_header(c) for c in criteria]
    header += [section_header(s.name) for s in template.sections]
    widths = [w for _n, w in FIXED_COLUMNS]
    widths += [CRITERION_WIDTH] * len(criteria) + [SECTION_WIDTH] * len(template.sections)

    ws = x.wb.create_sheet(title)
    for i, width in enumerate(widths, start=1):  # widths and heights precede the rows
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = HEADER_HEIGHT
    ws.freeze_panes = "C2"
    head_align = Alignment(vertical="top", wrap_text=True)
    head = []
    for name in header:
        cell = x.text(ws, name, bold=True, fill=True)
        cell.alignment = head_align
        head.append(cell)
    ws.append(head)

    for d in details:
        r = d.row
        line: list[Any] = [
            x.text(ws, r.cluster_name),
            x.text(ws, r.cluster_short_name),
            x.number(ws, r.version, "0"),
            x.text(ws, "Final" if r.status == "final" else "Draft"),
            x.text(ws, r.assessor_name),
            x.number(ws, r.finalised_at, "yyyy-mm-dd hh:mm") if r.finalised_at else None,
            _pct_cell(x, ws, r.overall, bold=True),
        ]
        for c in criteria:
            sc = d.scores.get(c.id)
            if sc is not None and sc.not_applicable:
                line.append(x.text(ws, NOT_APPLICABLE))
            elif sc is not None and sc.score is not None:
                line.append(x.number(ws, sc.score, "0"))
            else:
                line.append(None)
        line += [_pct_cell(x, ws, d.section_scores.get(s.id)) for s in template.sections]
        ws.append(line)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(details) + 1}"


def _pct_cell(x: _Sheets, ws: Any, value: float | None, *, bold: bool = False) -> Any:
    pct = _percent(value)
    return None if pct is None else x.number(ws, pct, "0.0", bold=bold)
