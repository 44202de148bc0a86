"""Item models of the Meetings capability.

``ActionTableModel`` is a ``RecordTableModel`` of action items that also paints the row of an
overdue or due-today item (a background colour) — always beside a column that says so in words,
so colour is never the only signal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.records_meetings import DUE_STATE_LABELS, ActionRow
from app.models.record_table import ANY_INDEX, Column, RecordTableModel

OVERDUE_BACKGROUND = "#fde3e1"
OVERDUE_TEXT = "#9b1c1c"
DUE_TODAY_BACKGROUND = "#fff1c7"
DUE_TODAY_TEXT = "#7a4b00"

HIGHLIGHTED = ("overdue", "due_today")


def due_state_text(row: ActionRow, today: dt.date, translate: Any = str) -> str:
    """The due state in words ("Overdue by 3 days", "Due today", "Upcoming", ...)."""
    state = row.due_state(today)
    label = translate(DUE_STATE_LABELS[state])
    label = label[:1].upper() + label[1:]
    if state == "overdue" and row.due_date is not None:
        days = (today - row.due_date).days
        text = "{label} by {n} day" if days == 1 else "{label} by {n} days"
        return translate(text).format(label=label, n=days)
    return label


class ActionTableModel(RecordTableModel[ActionRow]):
    """Action items; rows that are overdue or due today are tinted and their state is bold."""

    def __init__(
        self,
        columns: Sequence[Column[ActionRow]],
        state_column: int,
        today: dt.date | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self._state_column = state_column
        self.today = today or dt.date.today()

    def set_today(self, today: dt.date) -> None:
        if today != self.today:
            self.today = today
            if self.rowCount():
                self.dataChanged.emit(
                    self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
                )

    def data(self, index: ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        if role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            state = self.record(index.row()).due_state(self.today)
            if state in HIGHLIGHTED:
                if role == Qt.ItemDataRole.BackgroundRole:
                    return QBrush(
                        QColor(OVERDUE_BACKGROUND if state == "overdue" else DUE_TODAY_BACKGROUND)
                    )
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(QColor(OVERDUE_TEXT if state == "overdue" else DUE_TODAY_TEXT))
                if role == Qt.ItemDataRole.FontRole and index.column() == self._state_column:
                    font = QFont()
                    font.setBold(True)
                    return font
            if role == Qt.ItemDataRole.FontRole:
                return None
        return super().data(index, role)
