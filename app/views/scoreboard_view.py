"""The comparative scoreboard: a heatmap of every cluster × maturity dimension.

A ``QTableView`` over ``ScoreboardModel`` (colour *and* number in each cell, bold numbers for
weak levels), sortable by any column (click a heading), filtered by kind and lifecycle stage.
Under it, column-aligned, a footer with the network average and how many clusters are weak or
strong in each dimension over the clusters shown. Clicking a cell (or Enter) asks to open that
cluster's profile. The view never reads the database: the page feeds it a ``Scoreboard``.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain import maturity as rules
from app.domain import vocab
from app.domain.records_maturity import Scoreboard, ScoreboardRow
from app.models.maturity_models import (
    DEFAULT_LEVEL_LABELS,
    INK,
    LEVEL_COLORS,
    LEVEL_ROLE,
    MUTED_INK,
    NO_LEVEL_COLOR,
    ScoreboardFooterModel,
    ScoreboardModel,
    ScoreboardProxy,
    unbreakable_parts,
)
from app.models.record_table import RECORD_ROLE
from app.views.messages import tr
from app.views.widgets import hint_label, make_action

SELECTED_BORDER = "#0b2a3d"


class HeatmapDelegate(QStyledItemDelegate):
    """Paints level cells as a coloured block with the number; a dark frame marks the selected
    cell (the selection highlight would otherwise hide the colour). Reads the model's cached
    cells directly: painting a screenful stays cheap."""

    def __init__(self, model: ScoreboardModel, proxy: ScoreboardProxy, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = proxy
        self._frame = QPen(QColor(SELECTED_BORDER))
        self._frame.setWidth(3)
        self._ink = QColor(INK)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        source = self.proxy.mapToSource(index)
        cell = self.model.cell(source.row(), source.column()) if source.isValid() else None
        if cell is None:
            super().paint(painter, option, index)
            return
        text, level, _is_level = cell
        painter.save()
        rect: QRect = option.rect
        painter.fillRect(rect, self.model.level_brush(level))
        if level is not None and level <= rules.WEAK_MAX:
            painter.setFont(self.model.bold_font)
        painter.setPen(self._ink if level is not None else QColor(MUTED_INK))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(self._frame)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


def legend_label(level: int | None, text: str) -> QLabel:
    color = LEVEL_COLORS.get(level or 0, NO_LEVEL_COLOR)
    label = QLabel(text)
    label.setStyleSheet(
        f"background: {color}; color: {INK}; padding: 3px 8px; border-radius: 3px;"
        + (" font-weight: 600;" if level is not None and level <= rules.WEAK_MAX else "")
    )
    label.setAccessibleName(tr("Legend: {text}").format(text=text))
    return label


class ScoreboardView(QWidget):
    """The heatmap with its filters, legend, footer and export actions."""

    cluster_activated = Signal(int, object)  # cluster id, profile id (or None)
    export_xlsx_requested = Signal()
    export_pdf_requested = Signal()
    filters_changed = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.board: Scoreboard | None = None
        self.model = ScoreboardModel(self)
        self.proxy = ScoreboardProxy(self)
        self.proxy.setSourceModel(self.model)
        self.footer_model = ScoreboardFooterModel(self)
        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(tr("Show clusters of kind"))
        self.kind_combo.setToolTip(tr("Show only clusters or only pre-clusters"))
        self.kind_combo.addItem(tr("All kinds"), None)
        for key, label in vocab.CLUSTER_KINDS.items():
            self.kind_combo.addItem(tr(label), key)
        self.stage_combo = QComboBox()
        self.stage_combo.setAccessibleName(tr("Show clusters in lifecycle stage"))
        self.stage_combo.setToolTip(tr("Show only the clusters in one lifecycle stage"))
        self.stage_combo.addItem(tr("All stages"), None)
        for key, label in vocab.LIFECYCLE_STAGES.items():
            self.stage_combo.addItem(tr(label), key)
        if self.settings is not None:
            for combo, key in (
                (self.kind_combo, "maturity/scoreboard/kind"),
                (self.stage_combo, "maturity/scoreboard/stage"),
            ):
                i = combo.findData(self.settings.value(key, None) or None)
                combo.setCurrentIndex(max(i, 0))
        self.kind_combo.currentIndexChanged.connect(self._on_filter)
        self.stage_combo.currentIndexChanged.connect(self._on_filter)

        self.table = QTableView()
        self.table.setObjectName("scoreboard_table")
        self.table.setAccessibleName(tr("Maturity scoreboard: clusters by dimension"))
        self.table.setAccessibleDescription(
            tr(
                "Each cell is a maturity level from 1 to 5. Click a column heading to sort by "
                "that dimension; press Enter or click a cell to open the cluster's profile."
            )
        )
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(HeatmapDelegate(self.model, self.proxy, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setStyleSheet("QTableView#scoreboard_table { gridline-color: #ffffff; }")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.installEventFilter(self)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ScoreboardModel.CLUSTER, Qt.SortOrder.AscendingOrder)
        self.table.clicked.connect(self._on_clicked)

        self.footer = QTableView()
        self.footer.setObjectName("scoreboard_footer")
        self.footer.setAccessibleName(
            tr("Scoreboard summary: network average, weak and strong clusters per dimension")
        )
        self.footer.setModel(self.footer_model)
        self.footer.horizontalHeader().hide()
        self.footer.verticalHeader().hide()
        self.footer.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.footer.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.footer.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.footer.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.footer.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.footer.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.footer.setStyleSheet(
            "QTableView#scoreboard_footer { border-top: 2px solid #9aa5ad; gridline-color: #dde5ea; }"
        )
        header.sectionResized.connect(lambda i, _old, new: self.footer.setColumnWidth(i, new))
        self.table.horizontalScrollBar().valueChanged.connect(
            self.footer.horizontalScrollBar().setValue
        )

        self.open_action = make_action(
            self.table, tr("&Open profile"), tr("Open the selected cluster's maturity profile"),
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
            self.open_current, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.export_xlsx_action = make_action(
            self, tr("Export to E&xcel…"),
            tr("Save the scoreboard shown (with its filters) as an Excel workbook"),
            "Ctrl+E", self.export_xlsx_requested.emit,
        )  # fmt: skip
        self.export_pdf_action = make_action(
            self, tr("Export to &PDF…"),
            tr("Save the scoreboard shown (with its filters) as a PDF document"),
            "Ctrl+P", self.export_pdf_requested.emit,
        )  # fmt: skip
        self.find_action = make_action(
            self, tr("Filter by kind"), tr("Go to the kind filter"), "Ctrl+F",
            lambda: self.kind_combo.setFocus(Qt.FocusReason.ShortcutFocusReason),
        )  # fmt: skip

        toolbar = QToolBar(tr("Scoreboard actions"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        kind_label = QLabel(tr("&Kind:"))
        kind_label.setBuddy(self.kind_combo)
        stage_label = QLabel(tr("&Stage:"))
        stage_label.setBuddy(self.stage_combo)
        toolbar.addWidget(kind_label)
        toolbar.addWidget(self.kind_combo)
        spacer = QWidget()
        spacer.setFixedWidth(10)
        toolbar.addWidget(spacer)
        toolbar.addWidget(stage_label)
        toolbar.addWidget(self.stage_combo)
        toolbar.addSeparator()
        toolbar.addAction(self.open_action)
        toolbar.addSeparator()
        toolbar.addAction(self.export_xlsx_action)
        toolbar.addAction(self.export_pdf_action)

        legend = QHBoxLayout()
        legend.setSpacing(6)
        legend.addWidget(QLabel(tr("Levels:")))
        for level, name in enumerate(DEFAULT_LEVEL_LABELS, start=1):
            legend.addWidget(legend_label(level, f"{level} {tr(name)}"))
        legend.addWidget(legend_label(None, tr("– not scored")))
        legend.addSpacing(8)
        legend.addWidget(
            hint_label(tr("Bold: weak (level ≤ {weak})").format(weak=rules.WEAK_MAX)), 1
        )

        self.count_label = hint_label()
        self.how_label = hint_label(
            tr(
                "Click a column heading to sort the clusters by that dimension; click a cell "
                "(or press Enter) to open the cluster's profile."
            )
        )
        self.count_label.setAccessibleName(tr("Scoreboard summary"))
        self.stale_label = hint_label()
        self.stale_label.setAccessibleName(tr("Clusters without a recent profile"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(toolbar)
        layout.addLayout(legend)
        tables = QVBoxLayout()
        tables.setSpacing(0)
        tables.addWidget(self.table, 1)
        tables.addWidget(self.footer)
        layout.addLayout(tables, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.how_label, 2)
        layout.addLayout(bottom)
        layout.addWidget(self.stale_label)

    # ------------------------------------------------------------------ data
    def set_data(self, board: Scoreboard, without_recent: list[str] | None = None) -> None:
        self.board = board
        self.model.set_scoreboard(board)  # one reset
        self.proxy.set_filters(self.kind_combo.currentData(), self.stage_combo.currentData())
        self._size_columns()
        self._update_footer()
        if without_recent:
            self.stale_label.setText(
                tr("No profile in the last 12 months: {names}.").format(
                    names=", ".join(without_recent)
                )
            )
        else:
            self.stale_label.setText("")
        self.stale_label.setVisible(bool(without_recent))

    def _size_columns(self) -> None:
        """Cluster, stage and mean columns to their contents; then the dimensions share the rest."""
        metrics = self.table.fontMetrics()
        names = [r.cluster_short_name for r in self.model.rows()] or [""]
        header_metrics = self.table.horizontalHeader().fontMetrics()
        widest = max(metrics.horizontalAdvance(n) for n in names) + 20
        self._fixed = {
            ScoreboardModel.CLUSTER: min(
                max(widest, header_metrics.horizontalAdvance(tr("Cluster")) + 30), 220
            ),
            ScoreboardModel.STAGE: max(
                metrics.horizontalAdvance(s)
                for s in [tr(x) for x in vocab.LIFECYCLE_STAGES.values()] + [tr("no profile")]
            )
            + 16,
            self.model.mean_column: header_metrics.horizontalAdvance(tr("level")) + 26,
        }
        parts = [part for dim in self.model.dimensions() for part in unbreakable_parts(dim)] or [
            "0"
        ]
        self._min_dim = max(max(header_metrics.horizontalAdvance(p) for p in parts) + 14, 52)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Equal dimension columns filling the width (a horizontal scroll bar only when even the
        narrowest headings do not fit); the heading row as tall as the wrapped names need."""
        dims = self.model.dimensions()
        if not hasattr(self, "_fixed"):
            return
        fixed = sum(self._fixed.values())
        available = self.table.viewport().width() - 2
        width = self._min_dim
        if dims:
            width = min(max(self._min_dim, (available - fixed) // len(dims)), 170)
        widths = dict(self._fixed)
        for dim in dims:
            widths[self.model.dimension_column(dim)] = width
        header = self.table.horizontalHeader()
        header_metrics = header.fontMetrics()
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        height = header_metrics.height()
        for column, w in widths.items():
            self.table.setColumnWidth(column, w)
            self.footer.setColumnWidth(column, w)
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            box = header_metrics.boundingRect(QRect(0, 0, max(w - 10, 10), 2000), flags, text)
            height = max(height, box.height())
        header.setFixedHeight(height + 14)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _update_footer(self) -> None:
        rows = self.proxy.visible_rows()
        dims = self.model.dimensions()
        self.footer_model.set_rows(dims, rows)
        for column in range(self.model.columnCount()):
            self.footer.setColumnWidth(column, self.table.columnWidth(column))
        self.footer.setFixedHeight(
            self.footer.verticalHeader().defaultSectionSize() * self.footer_model.rowCount() + 4
        )
        with_profile = sum(1 for r in rows if r.profile_id is not None)
        text = tr("{n} clusters shown").format(n=len(rows))
        if with_profile < len(rows):
            text += " " + tr("({n} without a maturity profile)").format(n=len(rows) - with_profile)
        total = self.model.rowCount()
        if len(rows) < total:
            text += " " + tr("of {total}; averages are over the clusters shown.").format(
                total=total
            )
        else:
            text += "."
        self.count_label.setText(text)

    # ------------------------------------------------------------------ filters and sorting
    def kind(self) -> str | None:
        return self.kind_combo.currentData()

    def stage(self) -> str | None:
        return self.stage_combo.currentData()

    def set_filters(self, kind: str | None, stage: str | None) -> None:
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))
        self.stage_combo.setCurrentIndex(max(self.stage_combo.findData(stage), 0))

    def _on_filter(self) -> None:
        kind, stage = self.kind(), self.stage()
        if self.settings is not None:
            self.settings.setValue("maturity/scoreboard/kind", kind or "")
            self.settings.setValue("maturity/scoreboard/stage", stage or "")
        self.proxy.set_filters(kind, stage)
        self._update_footer()
        self.filters_changed.emit()

    def sort_by_dimension(
        self, name: str, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    ) -> None:
        self.table.sortByColumn(self.model.dimension_column(name), order)

    def shown_rows(self) -> list[ScoreboardRow]:
        return self.proxy.visible_rows()

    def cell_level(self, row: int, dimension: str) -> int | None:
        return self.proxy.index(row, self.model.dimension_column(dimension)).data(LEVEL_ROLE)

    # ------------------------------------------------------------------ opening a profile
    def _on_clicked(self, index: QModelIndex) -> None:
        rec = index.data(RECORD_ROLE)
        if rec is not None:
            self.cluster_activated.emit(rec.cluster_id, rec.profile_id)

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._on_clicked(index)
