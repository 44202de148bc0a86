"""The Clusters page: the cluster associations, their profile and label, and who sits on their
board for SPRI.

Reads run on the database worker (``Page.load``); single-row writes call ``app.db.directory``
directly and then refresh. Dialogs are opened with ``open()`` and returned.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.domain import vocab
from app.domain.records import AssignmentRow, ClusterRow
from app.errors import KnownError
from app.models.filter_proxy import RecordFilterProxy
from app.models.record_table import Column, RecordTableModel
from app.views.cluster_dialog import ClusterDialog
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.page import Page
from app.views.widgets import (
    ERROR_COLOR,
    WARNING_COLOR,
    assignment_status,
    format_date,
    hint_label,
    make_action,
    make_filter_edit,
    make_table_view,
    section_title,
    select_record,
    selected_record,
    set_column_widths,
)

if TYPE_CHECKING:
    from app.db.database import Database

ESCA_RANK = {"none": 0, "bronze": 1, "silver": 2, "gold": 3}
WARN_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def esca_state(c: ClusterRow, today: dt.date) -> str:
    """ "none", "valid", "expiring" (within six months) or "expired"."""
    if c.esca_label == "none":
        return "none"
    if c.esca_expiry is None:
        return "valid"
    if c.esca_expiry < today:
        return "expired"
    if c.esca_expiry <= add_months(today, WARN_MONTHS):
        return "expiring"
    return "valid"


def esca_text(c: ClusterRow, today: dt.date, *, long: bool = False) -> str:
    """The label in words with its state: "Gold, expires in 40 days", "Bronze, expired".

    ``long`` adds the expiry date where the short form leaves it out (tooltips, detail panel).
    """
    label = tr(vocab.ESCA_LABELS.get(c.esca_label, c.esca_label))
    state = esca_state(c, today)
    if state == "none":
        return tr("None")
    if c.esca_expiry is None:
        return label
    date = format_date(c.esca_expiry)
    if state == "expired":
        text = tr("{label}, expired").format(label=label)
    elif state == "expiring":
        days = (c.esca_expiry - today).days
        if days == 0:
            text = tr("{label}, expires today").format(label=label)
        elif days == 1:
            text = tr("{label}, expires tomorrow").format(label=label)
        else:
            text = tr("{label}, expires in {days} days").format(label=label, days=days)
    else:
        return tr("{label}, until {date}").format(label=label, date=date)
    return tr("{text} ({date})").format(text=text, date=date) if long else text


def _optional_number(value: float | None, suffix: str = "") -> str:
    return "" if value is None else f"{value:g}{suffix}"


class ClustersPage(Page):
    title = "Clusters"
    object_name = "clusters"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._today = dt.date.today()
        self._detail_id: int | None = None
        self._restoring = False
        self._pending_select: int | None = None
        self._build()
        self._update_actions()
        self._show_details(None)

    # ------------------------------------------------------------------ layout
    def _columns(self) -> list[Column[ClusterRow]]:
        def esca_color(c: ClusterRow) -> QColor | None:
            state = esca_state(c, self._today)
            if c.archived:
                return None
            return {"expired": QColor(ERROR_COLOR), "expiring": QColor(WARNING_COLOR)}.get(state)

        return [
            Column(tr("Short name"), lambda c: c.short_name),
            Column(tr("Name"), lambda c: c.name, tooltip=lambda c: c.name),
            Column(
                tr("Status"), lambda c: c.archived,
                text=lambda c: tr("Archived") if c.archived else tr("Active"),
            ),
            Column(tr("Kind"), lambda c: c.kind, text=lambda c: tr(vocab.CLUSTER_KINDS.get(c.kind, ""))),
            Column(tr("Sector"), lambda c: c.sector),
            Column(
                tr("Liaison officers"), lambda c: c.officers,
                tooltip=lambda c: ", ".join(c.officers) or tr("No liaison officer today"),
            ),
            Column(
                tr("ESCA label"),
                lambda c: f"{ESCA_RANK.get(c.esca_label, 0)} {format_date(c.esca_expiry)}",
                text=lambda c: esca_text(c, self._today),
                tooltip=lambda c: esca_text(c, self._today, long=True),
                foreground=esca_color,
            ),
            Column(
                tr("Members"), lambda c: -1 if c.member_count is None else c.member_count,
                text=lambda c: _optional_number(c.member_count), align_right=True,
            ),
            Column(
                tr("SME %"), lambda c: -1.0 if c.sme_share is None else c.sme_share,
                text=lambda c: _optional_number(c.sme_share, tr(" %")), align_right=True,
            ),
            Column(
                tr("Cross-border"), lambda c: c.cross_border,
                text=lambda c: tr("Yes") if c.cross_border else tr("No"),
            ),
            Column(tr("Contact"), lambda c: c.contact_name),
            Column(tr("Contact e-mail"), lambda c: c.contact_email),
        ]  # fmt: skip

    STATUS_COLUMN = 2

    def _build(self) -> None:
        self.model: RecordTableModel[ClusterRow] = RecordTableModel(self._columns(), self)
        self.model.muted = lambda c: c.archived
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(tr("Clusters"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        set_column_widths(self.table, (12, 22, 8, 10, 13, 20, 26, 8, 7, 11, 16))
        self.table.doubleClicked.connect(lambda _i: self.open_edit_dialog())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.filter_edit = make_filter_edit(
            tr("Filter clusters by name, sector, contact or officer"), tr("Filter clusters")
        )
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(tr("Kind of cluster to show"))
        self.kind_combo.addItem(tr("All kinds"), None)
        self.kind_combo.addItem(tr("Clusters"), "cluster")
        self.kind_combo.addItem(tr("Pre-clusters"), "pre-cluster")
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        kind_label = QLabel(tr("&Kind:"))
        kind_label.setBuddy(self.kind_combo)
        self.show_archived_check = QCheckBox(tr("Show &archived"))
        self.show_archived_check.setAccessibleName(tr("Show archived clusters"))
        self.show_archived_check.setToolTip(tr("Also list clusters that SPRI no longer follows"))
        self.show_archived_check.setChecked(
            bool(self.ctx.settings.value("clusters/show_archived", False, type=bool))
        )
        self.show_archived_check.toggled.connect(self._on_show_archived)
        self._apply_archived_filter()

        self.add_action = make_action(
            self, tr("&Add cluster…"), tr("Add a cluster or pre-cluster association"), "Ctrl+N",
            self.open_add_dialog,
        )  # fmt: skip
        self.edit_action = make_action(
            self.table, tr("&Edit…"), tr("Edit the selected cluster (or double-click the row)"),
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter), "F2"],
            self.open_edit_dialog, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.archive_action = make_action(
            self.table, tr("A&rchive"),
            tr("Archive the selected cluster: hidden from lists, history kept"),
            QKeySequence.StandardKey.Delete, self.archive_selected,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.restore_action = make_action(
            self, tr("Re&store"), tr("Make the selected archived cluster active again"),
            "Ctrl+Shift+R", self.restore_selected,
        )  # fmt: skip
        self.find_action = make_action(
            self, tr("Find"), tr("Go to the filter box"), QKeySequence.StandardKey.Find,
            self._focus_filter,
        )  # fmt: skip

        toolbar = QToolBar(tr("Cluster actions"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, self.edit_action, self.archive_action):
            toolbar.addAction(action)
        toolbar.addAction(self.restore_action)
        toolbar.addSeparator()
        toolbar.addWidget(self.filter_edit)
        for widget in (kind_label, self.kind_combo, self.show_archived_check):
            spacer = QWidget()
            spacer.setFixedWidth(8)
            toolbar.addWidget(spacer)
            toolbar.addWidget(widget)

        self.count_label = hint_label()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.count_label)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self._build_detail())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([460, 280])

        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addWidget(self.splitter, 1)

    def _build_detail(self) -> QWidget:
        self.detail_title = section_title("")
        self.detail_hint = hint_label()

        self.profile_box = QGroupBox(tr("Profile"))
        form = QFormLayout(self.profile_box)
        self.detail_labels: dict[str, QLabel] = {}
        for key, text in (
            ("contact", tr("Contact:")),
            ("members", tr("Members:")),
            ("website", tr("Website:")),
            ("fte", tr("Management staff:")),
            ("helix", tr("Triple-helix types:")),
            ("notes", tr("Notes:")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setAccessibleName(text.rstrip(":"))
            self.detail_labels[key] = value
            form.addRow(QLabel(text), value)

        self.history_model: RecordTableModel[AssignmentRow] = RecordTableModel(
            [
                Column(tr("Officer"), lambda a: a.officer_name),
                Column(tr("From"), lambda a: a.start_date),
                Column(
                    tr("Until"), lambda a: a.end_date,
                    text=lambda a: format_date(a.end_date) or tr("open-ended"),
                ),
                Column(tr("Status"), lambda a: assignment_status(a, self._today)),
            ],
            self,
        )  # fmt: skip
        self.history_model.muted = lambda a: assignment_status(a, self._today) == tr("Ended")
        self.history_table = make_table_view(tr("Liaison history"), sortable=False)
        self.history_table.setModel(self.history_model)
        set_column_widths(self.history_table, (24, 12, 12))
        self.history_box = QGroupBox(tr("Liaison officers over time"))
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history_table, 1)
        history_layout.addWidget(
            hint_label(tr("Assignments are made on the Officers page, per officer."))
        )

        detail = QWidget()
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.detail_title)
        layout.addWidget(self.detail_hint)
        boxes = QHBoxLayout()
        boxes.addWidget(self.profile_box, 1)
        boxes.addWidget(self.history_box, 1)
        layout.addLayout(boxes, 1)
        return detail

    # ------------------------------------------------------------------ reading
    def current_cluster(self) -> ClusterRow | None:
        return selected_record(self.table)

    def refresh(self) -> None:
        current = self.current_cluster()
        wanted = self._pending_select or (current.id if current else None)
        today = dt.date.today()
        db = self.ctx.db

        def fetch() -> tuple[Any, ...]:
            clusters = directory.list_clusters(db, today=today)
            history = self._fetch_history(db, wanted) if wanted is not None else None
            return clusters, history, wanted, today

        self.load(fetch, self._apply)

    @staticmethod
    def _fetch_history(db: Database, cluster_id: int) -> tuple[int, list[AssignmentRow]]:
        """Runs on the database worker: no widgets here."""
        return cluster_id, directory.list_assignments(db, cluster_id=cluster_id)

    def _apply(self, result: tuple[Any, ...]) -> None:
        clusters, history, wanted, today = result
        self._today = today
        self._restoring = True
        try:
            self.model.set_rows(clusters)
            found = wanted is not None and select_record(self.table, lambda c: c.id == wanted)
            if not found and wanted is not None and wanted == self._pending_select:
                if self.filter_edit.text():
                    self.filter_edit.clear()
                if self.kind_combo.currentIndex() != 0:
                    self.kind_combo.setCurrentIndex(0)
                found = select_record(self.table, lambda c: c.id == wanted)
        finally:
            self._restoring = False
        self._pending_select = None
        self._show_details(history if found else None)
        self._update_count()
        self._update_actions()

    def _on_selection_changed(self) -> None:
        self._update_actions()
        if self._restoring:
            return
        cluster = self.current_cluster()
        if cluster is None:
            self._show_details(None)
            return
        if cluster.id == self._detail_id:
            return
        db, cluster_id = self.ctx.db, cluster.id
        self.load(lambda: self._fetch_history(db, cluster_id), self._apply_history)

    def _apply_history(self, history: tuple[int, list[AssignmentRow]]) -> None:
        cluster = self.current_cluster()
        if cluster is None or cluster.id != history[0]:
            return
        self._show_details(history)

    def _show_details(self, history: tuple[int, list[AssignmentRow]] | None) -> None:
        cluster = self.current_cluster()
        if history is None or cluster is None or cluster.id != history[0]:
            self._detail_id = None
            self.detail_title.setText(tr("No cluster selected"))
            self.detail_hint.setText(
                tr("Select a cluster above to see its profile and its liaison officers.")
            )
            for label in self.detail_labels.values():
                label.clear()
            self.history_model.set_rows([])
            self.profile_box.setEnabled(False)
            self.history_box.setEnabled(False)
            return
        self._detail_id = cluster.id
        self.detail_title.setText(
            cluster.name
            if cluster.short_name.casefold() in cluster.name.casefold()
            else f"{cluster.short_name} – {cluster.name}"
        )
        parts = [tr(vocab.CLUSTER_KINDS.get(cluster.kind, ""))]
        if cluster.sector:
            parts.append(cluster.sector)
        if cluster.cross_border:
            parts.append(tr("cross-border"))
        parts.append(
            tr("ESCA label: {label}").format(label=esca_text(cluster, self._today, long=True))
        )
        if cluster.archived:
            parts.insert(0, tr("Archived"))
        self.detail_hint.setText(" · ".join(p for p in parts if p))
        unknown = tr("not known")
        contact = " ".join(
            p
            for p in (
                cluster.contact_name,
                f"<{cluster.contact_email}>" if cluster.contact_email else "",
            )
            if p
        )
        self.detail_labels["contact"].setText(contact or unknown)
        members = _optional_number(cluster.member_count)
        if members and cluster.sme_share is not None:
            members = tr("{n} ({sme} % SMEs)").format(n=members, sme=f"{cluster.sme_share:g}")
        self.detail_labels["members"].setText(members or unknown)
        self.detail_labels["website"].setText(cluster.website or unknown)
        self.detail_labels["fte"].setText(
            tr("{fte} FTE").format(fte=f"{cluster.management_fte:g}")
            if cluster.management_fte is not None
            else unknown
        )
        self.detail_labels["helix"].setText(
            tr("{n} of 3").format(n=cluster.helix_types)
            if cluster.helix_types is not None
            else unknown
        )
        self.detail_labels["notes"].setText(cluster.notes or "–")
        self.history_model.set_rows(history[1])
        self.profile_box.setEnabled(True)
        self.history_box.setEnabled(True)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        archived = sum(1 for c in self.model.rows() if c.archived)
        text = tr("{shown} of {total} clusters shown").format(shown=shown, total=total)
        if archived and not self.show_archived_check.isChecked():
            text += " " + tr("({n} archived hidden)").format(n=archived)
        self.count_label.setText(text)

    # ------------------------------------------------------------------ filtering
    def _focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _on_filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._after_filter()

    def _on_kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.proxy.set_predicate("kind", None if kind is None else (lambda c: c.kind == kind))
        self._after_filter()

    def set_kind_filter(self, kind: str | None) -> None:
        """Show only ``kind`` ("cluster", "pre-cluster") or every kind (``None``)."""
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))

    def _apply_archived_filter(self) -> None:
        show = self.show_archived_check.isChecked()
        self.proxy.set_predicate("archived", None if show else (lambda c: not c.archived))
        self.table.setColumnHidden(self.STATUS_COLUMN, not show)

    def _on_show_archived(self, checked: bool) -> None:
        self.ctx.settings.setValue("clusters/show_archived", checked)
        self._apply_archived_filter()
        self._after_filter()

    def _after_filter(self) -> None:
        if self.current_cluster() is None and self._detail_id is not None:
            self._show_details(None)
        self._update_count()
        self._update_actions()

    # ------------------------------------------------------------------ actions
    def _update_actions(self) -> None:
        cluster = self.current_cluster()
        self.edit_action.setEnabled(cluster is not None)
        self.archive_action.setEnabled(cluster is not None and not cluster.archived)
        self.restore_action.setEnabled(cluster is not None and cluster.archived)

    def _open(self, dialog: QDialog) -> None:
        dialog.saved.connect(lambda _id: self.refresh())  # type: ignore[attr-defined]
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_add_dialog(self) -> ClusterDialog:
        dialog = ClusterDialog(self.ctx.db, None, self)
        dialog.saved.connect(self._select_after_save)
        self._open(dialog)
        return dialog

    def open_edit_dialog(self) -> ClusterDialog | None:
        cluster = self.current_cluster()
        if cluster is None:
            return None
        dialog = ClusterDialog(self.ctx.db, cluster, self)
        self._open(dialog)
        return dialog

    def _select_after_save(self, cluster_id: int) -> None:
        self._pending_select = cluster_id

    def _set_archived(self, archived: bool) -> None:
        cluster = self.current_cluster()
        if cluster is None:
            return
        try:
            directory.set_cluster_archived(self.ctx.db, cluster.id, archived)
        except KnownError as err:
            show_error(self, err)
        self.refresh()

    def archive_selected(self) -> None:
        self._set_archived(True)

    def restore_selected(self) -> None:
        self._set_archived(False)
