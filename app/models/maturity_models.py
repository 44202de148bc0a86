"""Qt item models of the Maturity page, fed with plain records (``app.domain.records_maturity``).

- ``ScoreboardModel``: the comparative heatmap, one row per cluster and one column per dimension.
  A level is shown as its number (``DisplayRole``) *and* as a colour (``BackgroundRole``); the
  ``SORT_ROLE`` returns real values (levels as ints, ``None`` when not scored) and
  ``LEVEL_ROLE`` the level alone. The model is refilled in one reset.
- ``ScoreboardProxy``: filters by cluster kind and lifecycle stage; sorts by any column with
  clusters that have no level in that column always last, ties by cluster name.
- ``ScoreboardFooterModel``: the footer under the heatmap (network average and the number of
  weak and strong clusters per dimension, over the clusters shown).
- ``DimensionRow`` and ``dimension_columns``: the per-dimension table beside the radar chart (the
  chart's accessible twin): level now, before, the change in words, the averages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain import maturity as rules
from app.domain import vocab
from app.domain.records_maturity import Scoreboard, ScoreboardRow
from app.models.record_table import RECORD_ROLE, SORT_ROLE, Column, RecordTableModel

ANY_INDEX = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("ClusterDesk", text)


LEVEL_ROLE = Qt.ItemDataRole.UserRole + 10

# A diverging palette: warm for weak levels, cool for strong ones. Every colour keeps dark text
# readable (contrast ≥ 5.5:1 with INK) and the number is always written in the cell.
LEVEL_COLORS: dict[int, str] = {
    1: "#e8705f",
    2: "#f5b86a",
    3: "#f7e59b",
    4: "#a9d4e4",
    5: "#5b9fd1",
}
NO_LEVEL_COLOR = "#eef1f3"
INK = "#1a1a1a"
MUTED_INK = "#5f6b73"
DEFAULT_LEVEL_LABELS = ("Initial", "Repeatable", "Defined", "Managed", "Optimising")
STAGE_ORDER = {name: i for i, name in enumerate(vocab.LIFECYCLE_STAGES)}


def level_color(level: int | None) -> QColor:
    return QColor(LEVEL_COLORS.get(level or 0, NO_LEVEL_COLOR))


def level_label(level: int | None, labels: Sequence[str] = DEFAULT_LEVEL_LABELS) -> str:
    """ "Defined" for 3 (the model's own labels when given)."""
    if level is None or not 1 <= level <= len(labels):
        return tr("not scored")
    return tr(labels[level - 1])


def stage_label(stage: str | None) -> str:
    return tr(vocab.LIFECYCLE_STAGES.get(stage or "", "")) if stage else tr("no profile")


SOFT_HYPHEN = "\u00ad"
_VOWELS = frozenset("aeiouyAEIOUYáéíóúàèìòùäëïöüÁÉÍÓÚ")


def hyphenate(text: str, longer_than: int = 11) -> str:
    """Soft hyphens in long words (before a vowel that follows a consonant), so that a narrow
    column heading can wrap "Internationalisation" as "Internation-" / "alisation"."""
    words = []
    for word in text.split(" "):
        if len(word) > longer_than:
            pieces, start = [], 0
            for i in range(5, len(word) - 4):  # pieces of five letters at least
                before, here = word[i - 1], word[i]
                if (
                    before.isalpha()
                    and before not in _VOWELS
                    and here in _VOWELS
                    and i - start >= 5
                ):
                    pieces.append(word[start:i])
                    start = i
            pieces.append(word[start:])
            word = SOFT_HYPHEN.join(pieces)
        words.append(word)
    return " ".join(words)


def unbreakable_parts(text: str) -> list[str]:
    """The pieces a wrapped heading cannot break (hyphenated pieces keep their hyphen)."""
    parts: list[str] = []
    for word in hyphenate(text).split(" "):
        pieces = word.split(SOFT_HYPHEN)
        parts += [p + "-" for p in pieces[:-1]] + [pieces[-1]]
    return parts


def row_mean(levels: dict[str, int], dimensions: Iterable[str]) -> float | None:
    """The mean level of one profile over the given dimensions (None when nothing is scored)."""
    values = [levels[d] for d in dimensions if d in levels]
    return sum(values) / len(values) if values else None


def fmt_average(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def delta_words(delta: int | None) -> str:
    """The change since the previous profile, in words (for tooltips and screen readers)."""
    if delta is None:
        return tr("no earlier level to compare with")
    if delta > 0:
        return tr("up {n} level(s) since the previous profile").format(n=delta)
    if delta < 0:
        return tr("down {n} level(s) since the previous profile").format(n=-delta)
    return tr("unchanged since the previous profile")


# --------------------------------------------------------------------------- the heatmap
class ScoreboardModel(QAbstractTableModel):
    """All clusters × dimensions. Columns: cluster, stage, one per dimension, mean level."""

    CLUSTER, STAGE = 0, 1
    FIXED = 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ScoreboardRow] = []
        self._dims: list[str] = []
        # computed once per reset, so that data(), sorting and painting are lookups
        self._text: list[list[str]] = []
        self._keys: list[list[Any]] = []
        self._levels: list[list[int | None]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {lv: QBrush(QColor(c)) for lv, c in LEVEL_COLORS.items()}
        self._brushes[None] = QBrush(QColor(NO_LEVEL_COLOR))
        self._ink = QBrush(QColor(INK))
        self._muted = QBrush(QColor(MUTED_INK))
        self._left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._center = int(Qt.AlignmentFlag.AlignCenter)

    # -- feeding
    def set_scoreboard(self, board: Scoreboard) -> None:
        """Replace everything in one reset (fast for hundreds of clusters)."""
        dims = list(board.dimensions)
        rows = list(board.rows)
        stages = {key: stage_label(key) for key in vocab.LIFECYCLE_STAGES}
        no_profile = stage_label(None)
        text, keys, levels = [], [], []
        for r in rows:
            lv = [r.levels.get(d) for d in dims]
            mean = row_mean(r.levels, dims)
            levels.append([None, None, *lv, None])
            text.append(
                [
                    r.cluster_short_name,
                    stages.get(r.stage or "", r.stage or "") if r.stage else no_profile,
                    *("–" if v is None else str(v) for v in lv),
                    fmt_average(mean),
                ]
            )
            keys.append(
                [
                    r.cluster_short_name.casefold(),
                    None if r.stage is None else STAGE_ORDER.get(r.stage, len(STAGE_ORDER)),
                    *lv,
                    mean,
                ]
            )
        self.beginResetModel()
        self._dims, self._rows = dims, rows
        self._text, self._keys, self._levels = text, keys, levels
        self.endResetModel()

    def rows(self) -> list[ScoreboardRow]:
        return list(self._rows)

    def dimensions(self) -> list[str]:
        return list(self._dims)

    def dimension_column(self, name: str) -> int:
        return self.FIXED + self._dims.index(name)

    def column_dimension(self, column: int) -> str | None:
        i = column - self.FIXED
        return self._dims[i] if 0 <= i < len(self._dims) else None

    @property
    def mean_column(self) -> int:
        return self.FIXED + len(self._dims)

    def row_of(self, cluster_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.cluster_id == cluster_id:
                return i
        return -1

    def record(self, row: int) -> ScoreboardRow:
        return self._rows[row]

    def sort_key(self, row: int, column: int) -> Any:
        return self._keys[row][column]

    def cell(self, row: int, column: int) -> tuple[str, int | None, bool] | None:
        """(text, level, is a level cell) for painting, without going through ``data()``."""
        if not self.FIXED <= column < self.FIXED + len(self._dims):
            return None
        return self._text[row][column], self._levels[row][column], True

    def level_brush(self, level: int | None) -> QBrush:
        return self._brushes.get(level, self._brushes[None])

    @property
    def bold_font(self) -> QFont:
        return self._bold

    # -- Qt API
    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.FIXED + len(self._dims) + 1

    def data(self, index: ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= column < self.FIXED + len(self._dims) + 1):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text[row][column]
        if role == SORT_ROLE:
            return self._keys[row][column]
        if role == RECORD_ROLE:
            return self._rows[row]
        is_level = self.FIXED <= column < self.FIXED + len(self._dims)
        if role == LEVEL_ROLE:
            return self._levels[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._left if column < self.FIXED else self._center
        if not is_level:
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(self._rows[row], None, row)
            return None
        level = self._levels[row][column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.level_brush(level)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._muted if level is None else self._ink
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if level is not None and level <= rules.WEAK_MAX else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(self._rows[row], self.column_dimension(column), row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return tr("{cluster}, {dimension}: {level}").format(
                cluster=self._rows[row].cluster_short_name,
                dimension=self.column_dimension(column),
                level=(
                    tr("level {n}, {label}").format(n=level, label=level_label(level))
                    if level is not None
                    else tr("not scored")
                ),
            )
        return None

    def _tooltip(self, r: ScoreboardRow, dim: str | None, row: int) -> str:
        if dim is None:
            kind = tr(vocab.CLUSTER_KINDS.get(r.kind, r.kind))
            when = (
                tr("latest profile {date}").format(date=r.assessed_on.isoformat())
                if r.assessed_on
                else tr("no maturity profile yet")
            )
            return f"{r.cluster_name} ({kind}) — {when}"
        level = r.levels.get(dim)
        if level is None:
            return tr("{cluster} — {dimension}: not scored").format(
                cluster=r.cluster_short_name, dimension=dim
            )
        before = (r.previous_levels or {}).get(dim) if r.previous_levels is not None else None
        change = rules.deltas({dim: level}, r.previous_levels)[dim]
        text = tr("{cluster} — {dimension}: level {n} ({label})").format(
            cluster=r.cluster_short_name, dimension=dim, n=level, label=level_label(level)
        )
        if before is not None:
            text += "\n" + tr("{delta}: {words}").format(
                delta=rules.format_delta(change), words=delta_words(change)
            )
        return text + "\n" + tr("Click to open the cluster's profile.")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        dim = self.column_dimension(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.CLUSTER:
                return tr("Cluster")
            if section == self.STAGE:
                return tr("Lifecycle stage")
            if dim is not None:
                return hyphenate(dim)
            return tr("Mean level")
        if role == Qt.ItemDataRole.ToolTipRole:
            if dim is not None:
                return tr("{dimension} — click to sort the clusters by this dimension").format(
                    dimension=dim
                )
            if section == self.mean_column:
                return tr("The mean level over all dimensions — click to sort")
            return tr("Click to sort")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return dim or str(self.headerData(section, orientation))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        return None


class ScoreboardProxy(QSortFilterProxyModel):
    """Kind and stage filters; sorting with unscored cells last in either direction."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.kind: str | None = None
        self.stage: str | None = None

    def set_filters(self, kind: str | None, stage: str | None) -> None:
        self.beginFilterChange()
        self.kind, self.stage = kind or None, stage or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ANY_INDEX) -> bool:
        if not self.kind and not self.stage:
            return True
        model = self.sourceModel()
        if isinstance(model, ScoreboardModel):
            rec = model.record(source_row)
        else:
            rec = model.data(model.index(source_row, 0, source_parent), RECORD_ROLE)
        if rec is None:
            return False
        if self.kind and rec.kind != self.kind:
            return False
        return not (self.stage and rec.stage != self.stage)

    def lessThan(self, left: ANY_INDEX, right: ANY_INDEX) -> bool:
        model = self.sourceModel()
        if isinstance(model, ScoreboardModel):  # cached keys: no data() round trips
            column, lr, rr = left.column(), left.row(), right.row()
            a, b = model.sort_key(lr, column), model.sort_key(rr, column)
            na, nb = model.sort_key(lr, 0), model.sort_key(rr, 0)
        else:
            a, b = model.data(left, SORT_ROLE), model.data(right, SORT_ROLE)
            na = model.data(left.siblingAtColumn(0), SORT_ROLE)
            nb = model.data(right.siblingAtColumn(0), SORT_ROLE)
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        if a == b:  # ties (both unscored too): by cluster name, A→Z whichever way
            return na < nb if ascending else na > nb
        if a is None:  # unscored: always at the bottom
            return not ascending
        if b is None:
            return ascending
        return a < b

    def visible_rows(self) -> list[ScoreboardRow]:
        return [self.data(self.index(i, 0), RECORD_ROLE) for i in range(self.rowCount())]


# --------------------------------------------------------------------------- the footer
@dataclass(frozen=True)
class FooterLine:
    title: str
    tooltip: str
    values: dict[str, float]
    integer: bool = False


class ScoreboardFooterModel(QAbstractTableModel):
    """Summary lines under the heatmap, column-aligned with it: the network average and how
    many clusters are weak (≤ 2) or strong (≥ 4) in each dimension, over the clusters shown."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._dims: list[str] = []
        self._lines: list[FooterLine] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, dimensions: Sequence[str], rows: Iterable[ScoreboardRow]) -> None:
        rows = [r for r in rows if r.profile_id is not None]
        latest = {r.cluster_id: r.levels for r in rows}
        avg = rules.averages(r.levels for r in rows)
        weak: dict[str, float] = {}
        strong: dict[str, float] = {}
        for dim in dimensions:
            w, s = rules.weak_and_strong(latest, dim)
            weak[dim], strong[dim] = len(w), len(s)
        means = [m for m in (row_mean(r.levels, dimensions) for r in rows) if m is not None]
        if means:
            avg["__mean__"] = sum(means) / len(means)
        self.beginResetModel()
        self._dims = list(dimensions)
        self._lines = [
            FooterLine(
                tr("Network average"),
                tr("The mean level of the {n} clusters shown").format(n=len(rows)),
                avg,
            ),
            FooterLine(
                tr("Weak (level ≤ {n})").format(n=rules.WEAK_MAX),
                tr("How many of the clusters shown are weak in each dimension"),
                weak,
                integer=True,
            ),
            FooterLine(
                tr("Strong (level ≥ {n})").format(n=rules.STRONG_MIN),
                tr("How many could mentor the others in each dimension"),
                strong,
                integer=True,
            ),
        ]
        self.endResetModel()

    def line(self, title_start: str) -> FooterLine | None:
        return next((ln for ln in self._lines if ln.title.startswith(title_start)), None)

    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else ScoreboardModel.FIXED + len(self._dims) + 1

    def data(self, index: ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        i = column - ScoreboardModel.FIXED
        key = self._dims[i] if 0 <= i < len(self._dims) else ("__mean__" if i >= 0 else None)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return line.title
            if key is None or (line.integer and key == "__mean__"):
                return ""
            value = line.values.get(key)
            if value is None:
                return "–"
            return str(int(value)) if line.integer else fmt_average(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.tooltip
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column == 0 or not line.integer else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column < ScoreboardModel.FIXED:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#f4f8fa"))
        return None


# --------------------------------------------------------------------------- the radar's table
@dataclass(frozen=True)
class DimensionRow:
    """One dimension of a profile beside the radar chart."""

    dimension: str
    level: int | None
    previous: int | None
    delta: int | None
    average: float | None  # network average, or the peers' when comparing with peers
    label: str = ""  # the level's name ("Defined")


def dimension_rows(
    dimensions: Sequence[str],
    levels: dict[str, int],
    previous: dict[str, int] | None,
    average: dict[str, float],
    labels: Sequence[str] = DEFAULT_LEVEL_LABELS,
) -> list[DimensionRow]:
    changes = rules.deltas(levels, previous)
    return [
        DimensionRow(
            dimension=d,
            level=levels.get(d),
            previous=(previous or {}).get(d),
            delta=changes.get(d),
            average=average.get(d),
            label=level_label(levels.get(d), labels) if d in levels else "",
        )
        for d in dimensions
    ]


def _change_color(r: DimensionRow) -> QColor | None:
    if r.delta is None or r.delta == 0:
        return None
    return QColor("#1b5e20" if r.delta > 0 else "#b00020")


def dimension_columns(average_title: str | None = None) -> list[Column[DimensionRow]]:
    """Dimension, level now, before, the change ("▲ +1", in words in the tooltip), the average."""

    def change_text(r: DimensionRow) -> str:
        if r.level is None:
            return ""
        return rules.format_delta(r.delta)

    return [
        Column(tr("Dimension"), lambda r: r.dimension, tooltip=lambda r: r.dimension),
        Column(
            tr("Now"),
            lambda r: r.level,
            text=lambda r: "–" if r.level is None else str(r.level),
            tooltip=lambda r: r.label or tr("not scored"),
            align_right=True,
        ),
        Column(
            tr("Before"),
            lambda r: r.previous,
            text=lambda r: "–" if r.previous is None else str(r.previous),
            align_right=True,
        ),
        Column(
            tr("Change"),
            lambda r: r.delta,
            text=change_text,
            tooltip=lambda r: delta_words(r.delta) if r.level is not None else "",
            foreground=_change_color,
        ),
        Column(
            average_title or tr("Network"),
            lambda r: r.average,
            text=lambda r: fmt_average(r.average),
            align_right=True,
        ),
    ]


class DimensionTableModel(RecordTableModel[DimensionRow]):
    """The radar chart's table twin; the average column is titled after what it compares with."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(dimension_columns(), parent)

    def set_average_title(self, title: str) -> None:
        self._columns = dimension_columns(title)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)


def fmt_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
