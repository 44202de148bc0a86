"""A dumb table model over a list of frozen records (CONVENTIONS.md, pattern 1).

Columns are declared once; each gives the text shown, the value used for sorting (real Python
values, so numbers and dates sort as such) and optionally a tooltip, alignment and colours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
ANY_INDEX = QModelIndex | QPersistentModelIndex


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _sort_key(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value).casefold()
    return value


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], Any]
    text: Callable[[R], str] | None = None
    tooltip: Callable[[R], str] | None = None
    align_right: bool = False
    foreground: Callable[[R], QColor | None] | None = None


class RecordTableModel(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self.muted: Callable[[R], bool] | None = None  # rows shown greyed (archived, ...)

    # -- feeding
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def record(self, row: int) -> R:
        return self._rows[row]

    def row_of(self, predicate: Callable[[R], bool]) -> int:
        for i, r in enumerate(self._rows):
            if predicate(r):
                return i
        return -1

    # -- Qt API
    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(self._columns)):
            return None
        rec = self._rows[index.row()]
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(rec) if col.text else _display(col.value(rec))
        if role == SORT_ROLE:
            return _sort_key(col.value(rec))
        if role == RECORD_ROLE:
            return rec
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
            return col.tooltip(rec)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            h = Qt.AlignmentFlag.AlignRight if col.align_right else Qt.AlignmentFlag.AlignLeft
            return int(h | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            color = col.foreground(rec) if col.foreground else None
            if color is not None:
                return QBrush(color)
            if self.muted and self.muted(rec):
                return QBrush(QColor("#808080"))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].title
        return None
