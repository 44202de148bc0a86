"""The lazy table model of time entries (the Hours page), after Anki's browser table.

The model holds only the ids of the matching entries, in display order, plus a bounded cache of
rows. It never queries: a cell whose row is not cached shows a placeholder and the model asks for
a chunk of ids around it through ``rows_wanted``; the page reads them on the database worker
(``entries_by_ids``, by primary key) and hands them back with ``add_rows``. Sorting is done in
SQL: clicking a header emits ``sort_requested`` and the page reloads the ids in the new order.

Loading happens in two steps so that the first screen appears at once: ``show_first_page`` with
the first rows (their ids are the first ids), then ``set_ids`` with the full list, appended below
the rows already shown when they agree.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.domain import vocab
from app.domain.hours import format_hours, format_minutes
from app.domain.records_hours import EntryRow
from app.models.record_table import RECORD_ROLE, SORT_ROLE

ANY_INDEX = QModelIndex | QPersistentModelIndex
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 3
LOCKED_ROLE = Qt.ItemDataRole.UserRole + 4
MUTED = QColor("#6b6b6b")
PLACEHOLDER = "…"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClusterDesk", text)


@dataclass(frozen=True)
class EntryColumn:
    key: str | None  # a key of app.db.hours.SORT_COLUMNS; None: not sortable
    title: str
    chars: int  # default width in average characters
    align_right: bool = False


COLUMNS: tuple[EntryColumn, ...] = (
    EntryColumn("date", "Date", 12),
    EntryColumn("officer", "Officer", 22),
    EntryColumn("cluster", "Cluster", 12),
    EntryColumn("activity", "Activity", 19),
    EntryColumn("hours", "Hours", 6, align_right=True),
    EntryColumn(None, "Status", 12),
    EntryColumn("meeting", "Meeting", 20),
    EntryColumn("description", "Description", 30),
)
COLUMN_KEYS = [c.key for c in COLUMNS]
LOCK_COLUMN = 5

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ACCESSIBLE_TEXT = int(Qt.ItemDataRole.AccessibleTextRole)
_HANDLED_ROLES = frozenset(
    {
        _DISPLAY,
        _TOOLTIP,
        _ALIGNMENT,
        _FOREGROUND,
        _ACCESSIBLE_TEXT,
        int(SORT_ROLE),
        int(RECORD_ROLE),
        int(ENTRY_ID_ROLE),
        int(LOCKED_ROLE),
    }
)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_ALIGNMENTS = tuple(
    int(
        (Qt.AlignmentFlag.AlignRight if c.align_right else Qt.AlignmentFlag.AlignLeft)
        | Qt.AlignmentFlag.AlignVCenter
    )
    for c in COLUMNS
)
_MUTED_BRUSH = QBrush(MUTED)


def column_of(sort_key: str) -> int:
    """The column showing ``sort_key`` (date when unknown)."""
    return COLUMN_KEYS.index(sort_key) if sort_key in COLUMN_KEYS else 0


class EntriesModel(QAbstractTableModel):
    """Ids of the matching entries plus a bounded LRU cache of their rows."""

    rows_wanted = Signal(int, object)  # generation, list of ids to read
    sort_requested = Signal(str, bool)  # sort key, descending

    def __init__(self, parent: Any = None, *, chunk: int = 200, cache_limit: int = 1200) -> None:
        super().__init__(parent)
        self.chunk = chunk
        self.cache_limit = max(cache_limit, 2 * chunk)
        self._ids = array("q")
        self._cache: OrderedDict[int, EntryRow] = OrderedDict()
        self._gone: set[int] = set()  # asked for, but no longer in the database
        self._inflight: dict[int, int] = {}  # id asked for -> its row when asked
        self._missing_rows: set[int] = set()
        self._closed_years: frozenset[int] = frozenset()
        self._generation = 0
        self._complete = False  # True once the whole id list is known
        self.sort_key = "date"
        self.descending = True
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._request_missing)

    # ------------------------------------------------------------------ feeding
    @property
    def generation(self) -> int:
        """Changes with every reset; rows read for an older generation are dropped."""
        return self._generation

    @property
    def complete(self) -> bool:
        return self._complete

    def show_first_page(self, rows: Sequence[EntryRow]) -> None:
        """Start over with the first rows of a (new) result: they are shown at once."""
        self.beginResetModel()
        self._generation += 1
        self._ids = array("q", (r.id for r in rows))
        self._cache.clear()
        self._gone.clear()
        self._inflight.clear()
        self._missing_rows.clear()
        for r in rows:
            self._cache[r.id] = r
        self._complete = False
        self.endResetModel()

    def set_ids(self, ids: Iterable[int]) -> None:
        """The full list of ids, in display order. Rows already shown stay where they are when
        the list starts with them; otherwise the model is reset (cached rows are kept)."""
        new = ids if isinstance(ids, array) else array("q", ids)
        old_n = len(self._ids)
        if len(new) >= old_n and new[:old_n] == self._ids:
            self._complete = True
            if len(new) > old_n:
                self.beginInsertRows(QModelIndex(), old_n, len(new) - 1)
                self._ids = new
                self.endInsertRows()
            else:
                self._ids = new
            return
        self.beginResetModel()
        self._ids = new
        self._inflight.clear()
        self._missing_rows.clear()
        self._complete = True
        self.endResetModel()

    def clear(self) -> None:
        self.show_first_page([])

    def add_rows(
        self, generation: int, requested: Collection[int], rows: Mapping[int, EntryRow]
    ) -> None:
        """Rows read for ``requested`` ids; ids missing from ``rows`` were deleted meanwhile."""
        if generation != self._generation:
            return
        positions: list[int] = []
        for entry_id in requested:
            position = self._inflight.pop(entry_id, None)
            if position is not None:
                positions.append(position)
            row = rows.get(entry_id)
            if row is None:
                self._gone.add(entry_id)
            else:
                self._cache[entry_id] = row
                self._cache.move_to_end(entry_id)
        while len(self._cache) > self.cache_limit:
            self._cache.popitem(last=False)
        n = len(self._ids)
        if not n:
            return
        positions = [p for p in positions if p < n]
        first, last = (min(positions), max(positions)) if positions else (0, n - 1)
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def request_failed(self, generation: int, requested: Collection[int]) -> None:
        """Reading ``requested`` failed: forget them so that they are asked for again."""
        if generation != self._generation:
            return
        for entry_id in requested:
            self._inflight.pop(entry_id, None)

    def set_closed_years(self, years: Iterable[int]) -> None:
        years = frozenset(years)
        if years == self._closed_years:
            return
        self._closed_years = years
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def set_sort(self, key: str, descending: bool) -> None:
        """Record the order the ids come in (no signal): the page's filter is the source."""
        self.sort_key, self.descending = key, descending

    # ------------------------------------------------------------------ reading
    def entry_id(self, row: int) -> int:
        return int(self._ids[row])

    def row_of(self, entry_id: int) -> int:
        """The row showing ``entry_id``, or -1."""
        try:
            return self._ids.index(entry_id)
        except ValueError:
            return -1

    def ids(self) -> list[int]:
        return list(self._ids)

    def entry(self, row: int) -> EntryRow | None:
        """The cached row (``None`` when not read yet)."""
        if not 0 <= row < len(self._ids):
            return None
        return self._cache.get(self._ids[row])

    def is_locked(self, row: EntryRow) -> bool:
        """The entry belongs to a closed year (read-only)."""
        return row.entry_date.year in self._closed_years

    @property
    def closed_years(self) -> frozenset[int]:
        return self._closed_years

    def cache_size(self) -> int:
        return len(self._cache)

    def pending(self) -> bool:
        """Rows are being read (or are about to be asked for)."""
        return bool(self._inflight or self._missing_rows)

    # ------------------------------------------------------------------ lazy fetching
    def _row_record(self, row: int) -> EntryRow | None:
        entry_id = self._ids[row]
        rec = self._cache.get(entry_id)
        if rec is not None:
            self._cache.move_to_end(entry_id)
            return rec
        if entry_id not in self._inflight and entry_id not in self._gone:
            self._missing_rows.add(row)
            if not self._flush.isActive():
                self._flush.start()
        return None

    def _request_missing(self) -> None:
        """Ask for one chunk of ids around the rows that were missed since the last call."""
        rows = sorted(self._missing_rows)
        self._missing_rows.clear()
        n = len(self._ids)
        wanted: dict[int, int] = {}  # id -> row
        for r in rows:
            if r >= n or len(wanted) >= self.chunk * 2:
                continue
            entry_id = self._ids[r]
            if entry_id in self._cache or entry_id in self._inflight or entry_id in wanted:
                continue
            start = max(0, r - self.chunk // 4)
            end = min(n, start + self.chunk)
            for i in range(start, end):
                candidate = self._ids[i]
                if (
                    candidate not in self._cache
                    and candidate not in self._inflight
                    and candidate not in self._gone
                    and candidate not in wanted
                ):
                    wanted[candidate] = i
        if wanted:
            self._inflight.update(wanted)
            self.rows_wanted.emit(self._generation, list(wanted))

    # ------------------------------------------------------------------ Qt API
    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: ANY_INDEX) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: ANY_INDEX, role: int = _DISPLAY) -> Any:
        # called for every visible cell and role on each paint: keep the common path short
        if role not in _HANDLED_ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._ids) and 0 <= column < len(COLUMNS)):
            return None
        if role == _ALIGNMENT:
            return _ALIGNMENTS[column]
        if role == ENTRY_ID_ROLE:
            return int(self._ids[row])
        rec = self._row_record(row)
        if rec is None:
            if role == _DISPLAY:
                if column:
                    return ""
                return _tr("(deleted)") if self._ids[row] in self._gone else PLACEHOLDER
            if role == _FOREGROUND:
                return _MUTED_BRUSH
            return None
        if role == _DISPLAY:
            return _display(rec, column, rec.entry_date.year in self._closed_years)
        locked = rec.entry_date.year in self._closed_years
        if role == _FOREGROUND:
            return _MUTED_BRUSH if locked else None
        if role == RECORD_ROLE:
            return rec
        if role == LOCKED_ROLE:
            return locked
        if role == SORT_ROLE:
            return _sort_value(rec, column, locked)
        if role == _TOOLTIP:
            return _tooltip(rec, column, locked)
        if role == _ACCESSIBLE_TEXT:
            return _display(rec, column, locked) or _tr("empty")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        col = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(col.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.key is None:
                return _tr("“closed” marks entries of a closed year: they are read-only")
            return _tr("Click to sort by {column}").format(column=_tr(col.title).lower())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            h = Qt.AlignmentFlag.AlignRight if col.align_right else Qt.AlignmentFlag.AlignLeft
            return int(h | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks: ask the page to reload in this order (sorting is done in SQL)."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].key
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        self.sort_requested.emit(key, descending)


def activity_label(key: str) -> str:
    return _tr(vocab.ACTIVITIES.get(key, key))


_CELL_TEXT = (
    lambda r: r.entry_date.isoformat(),
    lambda r: r.officer_name,
    lambda r: r.cluster_short_name,
    lambda r: activity_label(r.activity),
    lambda r: format_hours(r.minutes),
    None,  # the status column: depends on the closed years
    lambda r: r.meeting_title,
    lambda r: r.description,
)
assert len(_CELL_TEXT) == len(COLUMNS) and COLUMNS[LOCK_COLUMN].key is None


def _display(rec: EntryRow, column: int, locked: bool) -> str:
    text = _CELL_TEXT[column]
    if text is None:
        return _tr("closed year") if locked else ""
    return text(rec)


def _sort_value(rec: EntryRow, column: int, locked: bool) -> Any:
    key = COLUMNS[column].key
    if key == "date":
        return rec.entry_date.isoformat()
    if key == "hours":
        return rec.minutes
    if key is None:
        return int(locked)
    return _display(rec, column, locked).casefold()


def _tooltip(rec: EntryRow, column: int, locked: bool) -> str | None:
    key = COLUMNS[column].key
    if key is None or locked:
        if locked:
            return _tr(
                "{year} is closed: this entry is read-only until a coordinator reopens it"
            ).format(year=rec.entry_date.year)
        return None
    if key == "hours":
        return _tr("{hours} h ({hm})").format(
            hours=format_hours(rec.minutes), hm=format_minutes(rec.minutes)
        )
    if key == "description" and rec.description:
        return rec.description
    if key == "meeting" and rec.meeting_title:
        return rec.meeting_title
    return None
