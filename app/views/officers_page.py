"""The Officers page: the liaison officers, their cluster assignments and their yearly targets.

Reads run on the database worker (``Page.load``); single-row writes call ``app.db.directory``
directly and then refresh. Dialogs are opened with ``open()`` and returned, so that tests (and
the main window) can drive them without a nested event loop.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.domain import vocab
from app.domain.records import AssignmentInput, AssignmentRow, ClusterRow, OfficerRow, TargetRow
from app.errors import KnownError, NotFoundError, ValidationError
from app.models.filter_proxy import RecordFilterProxy
from app.models.record_table import Column, RecordTableModel
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.officer_dialog import OfficerDialog
from app.views.page import Page
from app.views.widgets import (
    MUTED_COLOR,
    FormErrors,
    OptionalDateEdit,
    ask,
    assignment_status,
    format_date,
    from_qdate,
    hint_label,
    make_action,
    make_date_edit,
    make_filter_edit,
    make_table_view,
    make_tool_button,
    section_title,
    select_record,
    selected_record,
    set_column_widths,
    to_qdate,
)

if TYPE_CHECKING:
    from app.db.database import Database

Details = tuple[int, list[AssignmentRow], list[TargetRow]]


# --------------------------------------------------------------------------- assignment dialogs
class AssignmentDialog(QDialog):
    """Assign an officer to a cluster's board from a date, optionally until a date."""

    saved = Signal(int)

    def __init__(
        self,
        db: Database,
        officer: OfficerRow,
        clusters: list[ClusterRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assignment_dialog")
        self.setWindowTitle(tr("Add assignment – {name}").format(name=officer.name))
        self.setMinimumWidth(480)
        self._db = db
        self._officer = officer
        self.saved_id: int | None = None
        self.errors = FormErrors()

        self.cluster_combo = QComboBox()
        self.cluster_combo.setAccessibleName(tr("Cluster"))
        for c in clusters:
            self.cluster_combo.addItem(f"{c.short_name} – {c.name}", c.id)
        self.start_edit = make_date_edit(tr("From"))
        self.end_edit = OptionalDateEdit(
            tr("Until"), check_text=tr("Ends on"), none_text=tr("open-ended")
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field, widget in (
            (tr("&Cluster:"), "cluster_id", self.cluster_combo),
            (tr("&From:"), "start_date", self.start_edit),
            (tr("&Until:"), "end_date", self.end_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(field, widget))

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Add assignment"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr("{name} will sit on this cluster's board as SPRI's liaison officer.").format(
                    name=officer.name
                )
            )
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        if not clusters:
            self.errors.show({"": tr("There is no cluster yet: add one on the Clusters page.")})
            self.ok_button.setEnabled(False)
        layout.addWidget(self.button_box)

    def assignment_input(self) -> AssignmentInput:
        return AssignmentInput(
            officer_id=self._officer.id,
            cluster_id=int(self.cluster_combo.currentData()),
            start_date=from_qdate(self.start_edit.date()),
            end_date=self.end_edit.date(),
        )

    def accept(self) -> None:
        if self.cluster_combo.currentIndex() < 0:
            self.errors.show({"cluster_id": tr("Choose a cluster.")})
            return
        try:
            self.saved_id = directory.add_assignment(self._db, self.assignment_input())
        except KnownError as err:
            self.errors.show(err.problems if isinstance(err, ValidationError) else {"": str(err)})
            return
        self.saved.emit(self.saved_id)
        super().accept()


class EndAssignmentDialog(QDialog):
    """Set the last day of an assignment."""

    saved = Signal(int)

    def __init__(
        self, db: Database, assignment: AssignmentRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("end_assignment_dialog")
        self.setWindowTitle(tr("End assignment"))
        self.setMinimumWidth(420)
        self._db = db
        self._assignment = assignment
        self.errors = FormErrors()
        default = assignment.end_date or max(dt.date.today(), assignment.start_date)
        self.end_edit = make_date_edit(tr("Last day"), default)

        form = QFormLayout()
        label = QLabel(tr("&Last day:"))
        label.setBuddy(self.end_edit)
        form.addRow(label, self.errors.wrap("end_date", self.end_edit))

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("End assignment"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr("{officer} on the board of {cluster}, since {start}.").format(
                    officer=assignment.officer_name,
                    cluster=assignment.cluster_short_name,
                    start=format_date(assignment.start_date),
                )
            )
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.button_box)

    def set_end_date(self, value: dt.date) -> None:
        self.end_edit.setDate(to_qdate(value))

    def accept(self) -> None:
        try:
            directory.end_assignment(
                self._db, self._assignment.id, from_qdate(self.end_edit.date())
            )
        except KnownError as err:
            self.errors.show(err.problems if isinstance(err, ValidationError) else {"": str(err)})
            return
        self.saved.emit(self._assignment.id)
        super().accept()


# --------------------------------------------------------------------------- the page
class OfficersPage(Page):
    title = "Officers"
    object_name = "officers"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._today = dt.date.today()
        self._clusters: list[ClusterRow] = []
        self._detail_id: int | None = None
        self._targets: list[TargetRow] = []
        self._restoring = False
        self._pending_select: int | None = None
        self._build()
        self._update_actions()
        self._show_details(None)

    # ------------------------------------------------------------------ layout
    def _officer_columns(self) -> list[Column[OfficerRow]]:
        year = self._today.year
        return [
            Column(tr("Name"), lambda o: o.name),
            Column(tr("E-mail"), lambda o: o.email),
            Column(
                tr("Role"), lambda o: o.role, text=lambda o: tr(vocab.OFFICER_ROLES.get(o.role, ""))
            ),
            Column(
                tr("Status"),
                lambda o: o.active,
                text=lambda o: tr("Active") if o.active else tr("Archived"),
            ),
            Column(tr("Service start"), lambda o: o.service_start),
            Column(tr("Leaving date"), lambda o: o.service_end),
            Column(
                tr("Target {year}").format(year=year),
                lambda o: o.target_hours,
                text=lambda o: tr("{hours} h").format(hours=f"{o.target_hours:g}"),
                align_right=True,
            ),
            Column(
                tr("Clusters today"),
                lambda o: o.clusters,
                tooltip=lambda o: ", ".join(o.clusters) or tr("No cluster assigned today"),
            ),
        ]

    def _build(self) -> None:
        # Officers list
        self.model: RecordTableModel[OfficerRow] = RecordTableModel(self._officer_columns(), self)
        self.model.muted = lambda o: not o.active
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(tr("Officers"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        set_column_widths(self.table, (24, 30, 15, 9, 12, 12, 11))
        self.table.doubleClicked.connect(lambda _i: self.open_edit_dialog())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.filter_edit = make_filter_edit(
            tr("Filter officers by name, e-mail, role or cluster"), tr("Filter officers")
        )
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.show_archived_check = QCheckBox(tr("Show &archived"))
        self.show_archived_check.setAccessibleName(tr("Show archived officers"))
        self.show_archived_check.setToolTip(tr("Also list officers who no longer work as liaisons"))
        self.show_archived_check.setChecked(
            bool(self.ctx.settings.value("officers/show_archived", False, type=bool))
        )
        self.show_archived_check.toggled.connect(self._on_show_archived)
        self._apply_archived_filter()

        # Actions
        self.add_action = make_action(
            self, tr("&Add officer…"), tr("Add a liaison officer or coordinator"), "Ctrl+N",
            self.open_add_dialog,
        )  # fmt: skip
        self.edit_action = make_action(
            self.table, tr("&Edit…"), tr("Edit the selected officer (or double-click the row)"),
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter), "F2"],
            self.open_edit_dialog, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.archive_action = make_action(
            self.table, tr("A&rchive"),
            tr("Archive the selected officer: hidden from lists, history kept"),
            QKeySequence.StandardKey.Delete, self.archive_selected,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.restore_action = make_action(
            self, tr("Re&store"), tr("Make the selected archived officer active again"),
            "Ctrl+Shift+R", self.restore_selected,
        )  # fmt: skip
        self.find_action = make_action(
            self, tr("Find"), tr("Go to the filter box"), QKeySequence.StandardKey.Find,
            self._focus_filter,
        )  # fmt: skip

        toolbar = QToolBar(tr("Officer actions"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, self.edit_action, self.archive_action):
            toolbar.addAction(action)
        toolbar.addAction(self.restore_action)
        toolbar.addSeparator()
        toolbar.addWidget(self.filter_edit)
        spacer = QWidget()
        spacer.setFixedWidth(12)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.show_archived_check)

        self.count_label = hint_label()

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.count_label)

        # Detail panel
        self.detail_title = section_title("")
        self.detail_hint = hint_label()
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_hint)
        boxes = QHBoxLayout()
        boxes.addWidget(self._build_assignments(), 3)
        boxes.addWidget(self._build_targets(), 2)
        detail_layout.addLayout(boxes, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 320])

        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addWidget(self.splitter, 1)

    def _build_assignments(self) -> QGroupBox:
        self.assignment_model: RecordTableModel[AssignmentRow] = RecordTableModel(
            [
                Column(tr("Cluster"), lambda a: a.cluster_short_name, tooltip=lambda a: a.cluster_name),
                Column(tr("From"), lambda a: a.start_date),
                Column(
                    tr("Until"), lambda a: a.end_date,
                    text=lambda a: format_date(a.end_date) or tr("open-ended"),
                ),
                Column(tr("Status"), lambda a: assignment_status(a, self._today)),
            ],
            self,
        )  # fmt: skip
        self.assignment_model.muted = lambda a: assignment_status(a, self._today) == tr("Ended")
        self.assignment_table = make_table_view(tr("Cluster assignments"), sortable=False)
        self.assignment_table.setModel(self.assignment_model)
        set_column_widths(self.assignment_table, (14, 12, 12))
        self.assignment_table.selectionModel().selectionChanged.connect(self._update_actions)

        self.add_assignment_action = make_action(
            self, tr("Add assi&gnment…"), tr("Put the selected officer on a cluster's board"),
            "Ctrl+Shift+N", self.open_add_assignment_dialog,
        )  # fmt: skip
        self.end_assignment_action = make_action(
            self, tr("E&nd assignment…"), tr("Set the last day of the selected assignment"),
            "Ctrl+Shift+E", self.open_end_assignment_dialog,
        )  # fmt: skip
        self.remove_assignment_action = make_action(
            self.assignment_table, tr("Remo&ve"),
            tr("Delete the selected assignment (entered by mistake)"),
            QKeySequence.StandardKey.Delete, self.remove_assignment,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        buttons = QHBoxLayout()
        for action in (
            self.add_assignment_action,
            self.end_assignment_action,
            self.remove_assignment_action,
        ):
            buttons.addWidget(make_tool_button(action))
        buttons.addStretch(1)

        self.assignments_box = QGroupBox(tr("Cluster boards (liaison assignments)"))
        layout = QVBoxLayout(self.assignments_box)
        layout.addLayout(buttons)
        layout.addWidget(self.assignment_table, 1)
        return self.assignments_box

    def _build_targets(self) -> QGroupBox:
        self.target_model: RecordTableModel[TargetRow] = RecordTableModel(
            [
                Column(tr("Year"), lambda t: t.year, text=lambda t: str(t.year)),
                Column(
                    tr("Target"), lambda t: t.hours,
                    text=lambda t: tr("{hours} h").format(hours=f"{t.hours:g}"),
                    align_right=True,
                ),
                Column(
                    tr("Source"), lambda t: t.explicit,
                    text=lambda t: tr("set") if t.explicit else tr("default"),
                    foreground=lambda t: None if t.explicit else QColor(MUTED_COLOR),
                ),
            ],
            self,
        )  # fmt: skip
        self.target_table = make_table_view(tr("Yearly targets"), sortable=False)
        self.target_table.setModel(self.target_model)
        set_column_widths(self.target_table, (6, 9))
        self.target_table.selectionModel().selectionChanged.connect(self._on_target_selected)

        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(self._today.year)
        self.year_spin.setAccessibleName(tr("Target year"))
        self.year_spin.valueChanged.connect(self._update_actions)
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setRange(0, 2000)
        self.hours_spin.setDecimals(1)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setSuffix(tr(" h"))
        self.hours_spin.setValue(vocab.DEFAULT_ANNUAL_TARGET_HOURS)
        self.hours_spin.setAccessibleName(tr("Target hours"))

        self.set_target_action = make_action(
            self, tr("Se&t target"), tr("Store this target for the chosen year"),
            "Ctrl+Shift+T", self.set_target,
        )  # fmt: skip
        self.clear_target_action = make_action(
            self, tr("Back to &default"),
            tr("Forget the target of the chosen year: the default of {hours} h applies").format(
                hours=f"{vocab.DEFAULT_ANNUAL_TARGET_HOURS:g}"
            ),
            "Ctrl+Shift+D", self.clear_target,
        )  # fmt: skip

        self.target_errors = FormErrors()  # problems shown under the buttons, in words
        self.target_errors.attach("year", self.year_spin)
        self.target_errors.attach("hours", self.hours_spin)
        year_label = QLabel(tr("&Year:"))
        year_label.setBuddy(self.year_spin)
        hours_label = QLabel(tr("&Hours:"))
        hours_label.setBuddy(self.hours_spin)
        controls = QHBoxLayout()
        controls.addWidget(year_label)
        controls.addWidget(self.year_spin)
        controls.addWidget(hours_label)
        controls.addWidget(self.hours_spin)
        controls.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(make_tool_button(self.set_target_action))
        buttons.addWidget(make_tool_button(self.clear_target_action))
        buttons.addStretch(1)

        self.targets_box = QGroupBox(tr("Yearly targets"))
        layout = QVBoxLayout(self.targets_box)
        layout.addWidget(self.target_table, 1)
        layout.addLayout(controls)
        layout.addLayout(buttons)
        layout.addWidget(self.target_errors.general)
        layout.addWidget(
            hint_label(
                tr("Without a target of its own, a year has the default of {hours} h.").format(
                    hours=f"{vocab.DEFAULT_ANNUAL_TARGET_HOURS:g}"
                )
            )
        )
        return self.targets_box

    # ------------------------------------------------------------------ reading
    def current_officer(self) -> OfficerRow | None:
        return selected_record(self.table)

    def current_assignment(self) -> AssignmentRow | None:
        return selected_record(self.assignment_table)

    @staticmethod
    def _fetch_details(db: Database, officer_id: int, today: dt.date) -> Details:
        """Runs on the database worker: no widgets here."""
        assignments = directory.list_assignments(db, officer_id=officer_id)
        targets = directory.list_targets(db, officer_id, range(today.year - 1, today.year + 2))
        return officer_id, assignments, targets

    def refresh(self) -> None:
        """Reload the list (and the selected officer's details) on the worker."""
        current = self.current_officer()
        wanted = self._pending_select or (current.id if current else None)
        today = dt.date.today()
        db = self.ctx.db

        def fetch() -> tuple[Any, ...]:
            officers = directory.list_officers(db, today=today)
            clusters = directory.list_clusters(db, include_archived=False, today=today)
            details = self._fetch_details(db, wanted, today) if wanted is not None else None
            return officers, clusters, details, wanted, today

        self.load(fetch, self._apply)

    def _apply(self, result: tuple[Any, ...]) -> None:
        officers, clusters, details, wanted, today = result
        self._today = today
        self._clusters = clusters
        self._restoring = True
        try:
            self.model.set_rows(officers)
            found = wanted is not None and select_record(self.table, lambda o: o.id == wanted)
            if not found and wanted is not None and wanted == self._pending_select:
                # A record just saved but hidden by the filter: show it rather than lose it.
                if self.filter_edit.text():
                    self.filter_edit.clear()
                found = select_record(self.table, lambda o: o.id == wanted)
        finally:
            self._restoring = False
        self._pending_select = None
        self._show_details(details if found else None)
        self._update_count()
        self._update_actions()

    def _on_selection_changed(self) -> None:
        self._update_actions()
        if self._restoring:
            return
        officer = self.current_officer()
        if officer is None:
            self._show_details(None)
            return
        if officer.id == self._detail_id:
            return
        self.detail_title.setText(officer.name)
        db, officer_id, today = self.ctx.db, officer.id, self._today
        self.load(lambda: self._fetch_details(db, officer_id, today), self._apply_details)

    def _apply_details(self, details: Details) -> None:
        officer = self.current_officer()
        if officer is None or officer.id != details[0]:
            return  # the selection moved on meanwhile; a newer load is queued
        self._show_details(details)

    def _show_details(self, details: Details | None) -> None:
        officer = self.current_officer()
        if details is None or officer is None or officer.id != details[0]:
            self._detail_id = None
            self.detail_title.setText(tr("No officer selected"))
            self.detail_hint.setText(
                tr("Select an officer above to see their cluster boards and yearly targets.")
            )
            self.assignment_model.set_rows([])
            self.target_model.set_rows([])
            self._targets = []
            self.assignments_box.setEnabled(False)
            self.targets_box.setEnabled(False)
        else:
            _oid, assignments, targets = details
            self._detail_id = officer.id
            self.detail_title.setText(
                tr("{name} – {role}").format(
                    name=officer.name, role=tr(vocab.OFFICER_ROLES.get(officer.role, ""))
                )
            )
            current = [a for a in assignments if a.active_on(self._today)]
            hint = (
                tr("Liaison today for: {clusters}.").format(
                    clusters=", ".join(a.cluster_short_name for a in current)
                )
                if current
                else tr("Not on any cluster board today.")
            )
            if not officer.active:
                hint = tr("Archived officer.") + " " + hint
            self.detail_hint.setText(hint)
            keep = self.current_assignment()
            self.assignment_model.set_rows(assignments)
            if keep is not None:
                select_record(self.assignment_table, lambda a: a.id == keep.id)
            self._targets = targets
            self.target_model.set_rows(targets)
            self.assignments_box.setEnabled(True)
            self.targets_box.setEnabled(True)
            self._sync_target_spins()
        self._update_actions()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        archived = sum(1 for o in self.model.rows() if not o.active)
        text = tr("{shown} of {total} officers shown").format(shown=shown, total=total)
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

    def _apply_archived_filter(self) -> None:
        show = self.show_archived_check.isChecked()
        self.proxy.set_predicate("active", None if show else (lambda o: o.active))

    def _on_show_archived(self, checked: bool) -> None:
        self.ctx.settings.setValue("officers/show_archived", checked)
        self._apply_archived_filter()
        self._after_filter()

    def _after_filter(self) -> None:
        if self.current_officer() is None and self._detail_id is not None:
            self._show_details(None)
        self._update_count()
        self._update_actions()

    # ------------------------------------------------------------------ officer actions
    def _update_actions(self) -> None:
        officer = self.current_officer()
        self.edit_action.setEnabled(officer is not None)
        self.archive_action.setEnabled(officer is not None and officer.active)
        self.restore_action.setEnabled(officer is not None and not officer.active)
        has_details = officer is not None and self._detail_id == officer.id
        assignment = self.current_assignment() if has_details else None
        self.add_assignment_action.setEnabled(has_details)
        self.end_assignment_action.setEnabled(assignment is not None)
        self.remove_assignment_action.setEnabled(assignment is not None)
        self.set_target_action.setEnabled(has_details)
        year = self.year_spin.value()
        explicit = any(t.year == year and t.explicit for t in self._targets)
        self.clear_target_action.setEnabled(has_details and explicit)

    def _open(self, dialog: QDialog) -> None:
        dialog.saved.connect(self._on_saved)  # type: ignore[attr-defined]
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_saved(self, _record_id: int) -> None:
        self.refresh()

    def open_add_dialog(self) -> OfficerDialog:
        dialog = OfficerDialog(self.ctx.db, None, self)
        dialog.saved.connect(self._select_after_save)
        self._open(dialog)
        return dialog

    def open_edit_dialog(self) -> OfficerDialog | None:
        officer = self.current_officer()
        if officer is None:
            return None
        dialog = OfficerDialog(self.ctx.db, officer, self)
        self._open(dialog)
        return dialog

    def _select_after_save(self, officer_id: int) -> None:
        self._pending_select = officer_id

    def _set_active(self, active: bool) -> None:
        officer = self.current_officer()
        if officer is None:
            return
        try:
            directory.set_officer_active(self.ctx.db, officer.id, active)
        except KnownError as err:
            show_error(self, err)
        self.refresh()

    def archive_selected(self) -> None:
        self._set_active(False)

    def restore_selected(self) -> None:
        self._set_active(True)

    # ------------------------------------------------------------------ assignments
    def open_add_assignment_dialog(self) -> AssignmentDialog | None:
        officer = self.current_officer()
        if officer is None or self._detail_id != officer.id:
            return None
        dialog = AssignmentDialog(self.ctx.db, officer, self._clusters, self)
        self._open(dialog)
        return dialog

    def open_end_assignment_dialog(self) -> EndAssignmentDialog | None:
        assignment = self.current_assignment()
        if assignment is None:
            return None
        dialog = EndAssignmentDialog(self.ctx.db, assignment, self)
        self._open(dialog)
        return dialog

    def remove_assignment(self) -> QMessageBox | None:
        assignment = self.current_assignment()
        if assignment is None:
            return None

        def remove() -> None:
            with contextlib.suppress(NotFoundError):  # already gone: the refresh shows it
                directory.delete_assignment(self.ctx.db, assignment.id)
            self.refresh()

        return ask(
            self,
            tr("Remove assignment"),
            tr("Remove {officer}'s assignment to {cluster} ({start} – {end})?").format(
                officer=assignment.officer_name,
                cluster=assignment.cluster_short_name,
                start=format_date(assignment.start_date),
                end=format_date(assignment.end_date) or tr("open-ended"),
            ),
            tr("Remove"),
            remove,
            informative=tr(
                "Use this for an assignment entered by mistake. "
                "When an officer leaves a board, use “End assignment…” to keep the history."
            ),
        )

    # ------------------------------------------------------------------ targets
    def _on_target_selected(self) -> None:
        target = selected_record(self.target_table)
        if target is not None:
            self.year_spin.setValue(target.year)
            self.hours_spin.setValue(target.hours)
        self._update_actions()

    def _sync_target_spins(self) -> None:
        year = self.year_spin.value()
        for t in self._targets:
            if t.year == year:
                self.hours_spin.setValue(t.hours)
                break
        self.target_errors.clear()

    def set_target(self) -> None:
        officer = self.current_officer()
        if officer is None:
            return
        try:
            directory.set_target(
                self.ctx.db, officer.id, self.year_spin.value(), self.hours_spin.value()
            )
        except ValidationError as err:
            self.target_errors.show(err.problems)
            return
        except KnownError as err:
            show_error(self, err)
        self.target_errors.clear()
        self.refresh()

    def clear_target(self) -> None:
        officer = self.current_officer()
        if officer is None:
            return
        try:
            directory.clear_target(self.ctx.db, officer.id, self.year_spin.value())
        except KnownError as err:
            show_error(self, err)
        self.refresh()
