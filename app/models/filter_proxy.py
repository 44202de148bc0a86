"""A sort/filter proxy: free text over every column plus named predicates on the record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.domain.text import fold
from app.models.record_table import RECORD_ROLE, SORT_ROLE


class RecordFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._text = ""
        self._predicates: dict[str, Callable[[Any], bool]] = {}

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_predicate(self, name: str, predicate: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        if predicate is None:
            self._predicates.pop(name, None)
        else:
            self._predicates[name] = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        rec = model.data(model.index(source_row, 0, source_parent), RECORD_ROLE)
        if rec is None:
            return False
        if not all(p(rec) for p in self._predicates.values()):
            return False
        if not self._text:
            return True
        cells = (
            str(model.data(model.index(source_row, c, source_parent)) or "")
            for c in range(model.columnCount(source_parent))
        )
        return all(word in fold(" ".join(cells)) for word in self._text.split())
