"""The rows of a file being imported, as the import dialog previews them.

A dumb table model (CONVENTIONS.md, pattern 1) over ``PreviewRow`` records built by the planner:
every row shows its status in words ("Problem", "Duplicate (skipped)", …) and what is wrong in the
"Problem" column; colour only repeats what the words say.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.importing import STATUS_LABELS, PreviewRow
from app.models.record_table import Column, RecordTableModel

STATUS_ROLE = Qt.ItemDataRole.UserRole + 10

# (background, text) per status: dark text on a light tint, readable in light and dark themes.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "problem": ("#fde2e4", "#7a0014"),
    "duplicate": ("#ececec", "#555555"),
    "warning": ("#fff1d6", "#6b3a00"),
}
PROBLEM_COLUMN = 2  # index of the "Problem" column


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportPreviewModel", text)


def status_text(status: str) -> str:
    return tr(STATUS_LABELS.get(status, status))


def preview_columns() -> list[Column[PreviewRow]]:
    return [
        Column(tr("Row"), lambda r: r.row, align_right=True),
        Column(tr("Status"), lambda r: r.status, text=lambda r: status_text(r.status)),
        Column(tr("Problem"), lambda r: r.message, tooltip=lambda r: r.message),
        Column(tr("Date"), lambda r: r.date),
        Column(tr("Officer"), lambda r: r.officer),
        Column(tr("Cluster"), lambda r: r.cluster),
        Column(tr("Activity"), lambda r: r.activity),
        Column(tr("Hours"), lambda r: r.hours, align_right=True),
        Column(tr("Description"), lambda r: r.description, tooltip=lambda r: r.description),
    ]


class ImportPreviewModel(RecordTableModel[PreviewRow]):
    """Rows of the file with their status; problem, duplicate and warning rows are tinted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(preview_columns(), parent)
        self._brushes = {
            status: (QBrush(QColor(bg)), QBrush(QColor(fg)))
            for status, (bg, fg) in STATUS_COLOURS.items()
        }

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            brushes = self._brushes.get(self.record(index.row()).status)
            if brushes is None:
                return None
            return brushes[0] if role == Qt.ItemDataRole.BackgroundRole else brushes[1]
        if role == STATUS_ROLE:
            return self.record(index.row()).status
        if role == Qt.ItemDataRole.ToolTipRole:
            own = super().data(index, role)  # the Problem and Description columns: their text
            if own:
                return own
            rec = self.record(index.row())
            return f"{status_text(rec.status)}: {rec.message}" if rec.message else None
        return super().data(index, role)
