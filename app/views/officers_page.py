"""The Officers page: the liaison officers, their cluster assignments and their yearly targets.

Reads run on the database worker (``Page.load``); single-row writes call ``app.db.directory``
directly and then refresh. Dialogs are opened with ``open()`` and returned, so that tests (and
the main window) can drive them without a nested event loop. The list, filter, tool bar, loading
and archiving are ``RecordPage``'s (``record_views``); this module states the columns and the
detail panel: cluster assignments and yearly targets.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.domain import vocab
from app.domain.records import AssignmentInput, AssignmentRow, ClusterRow, OfficerRow, TargetRow
from app.errors import KnownError, NotFoundError, ValidationError
from app.models.record_table import Column, RecordTableModel
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.officer_dialog import OfficerDialog
from app.views.record_views import FormDialog, RecordPage, RecordPageTexts
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
    make_table_view,
    make_tool_button,
    select_record,
    selected_record,
    set_column_widths,
    to_qdate,
)

if TYPE_CHECKING:
    from app.db.database import Database

Details = tuple[list[AssignmentRow], list[TargetRow]]


# --------------------------------------------------------------------------- assignment dialogs
class AssignmentDialog(FormDialog):
    """Assign an officer to a cluster's board from a date, optionally until a date."""

    def __init__(
        self,
        db: Database,
        officer: OfficerRow,
        clusters: list[ClusterRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            object_name="assignment_dialog",
            title=tr("Add assignment – {name}").format(name=officer.name),
            min_width=480,
        )
        self._db = db
        self._officer = officer
        self.saved_id: int | None = None

        self.cluster_combo = QComboBox()
        self.cluster_combo.setAccessibleName(tr("Cluster"))
        for c in clusters:
            self.cluster_combo.addItem(f"{c.short_name} – {c.name}", c.id)
        self.start_edit = make_date_edit(tr("From"))
        self.end_edit = OptionalDateEdit(
            tr("Until"), check_text=tr("Ends on"), none_text=tr("open-ended")
        )

        form = self._new_form()
        self._add_row(form, tr("&Cluster:"), "cluster_id", self.cluster_combo)
        self._add_row(form, tr("&From:"), "start_date", self.start_edit)
        self._add_row(form, tr("&Until:"), "end_date", self.end_edit)

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
        buttons = self._make_buttons(tr("Add assignment"))
        if not clusters:
            self.errors.show({"": tr("There is no cluster yet: add one on the Clusters page.")})
            self.ok_button.setEnabled(False)
        layout.addWidget(buttons)

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
            self._show_problems(err)
            return
        self.saved.emit(self.saved_id)
        super().accept()


class EndAssignmentDialog(FormDialog):
    """Set the last day of an assignment."""

    def __init__(
        self, db: Database, assignment: AssignmentRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent, object_name="end_assignment_dialog", title=tr("End assignment"), min_width=420
        )
        self._db = db
        self._assignment = assignment
        default = assignment.end_date or max(dt.date.today(), assignment.start_date)
        self.end_edit = make_date_edit(tr("Last day"), default)

        form = QFormLayout()
        self._add_row(form, tr("&Last day:"), "end_date", self.end_edit)

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
        layout.addWidget(self._make_buttons(tr("End assignment")))

    def set_end_date(self, value: dt.date) -> None:
        self.end_edit.setDate(to_qdate(value))

    def accept(self) -> None:
        try:
            directory.end_assignment(
                self._db, self._assignment.id, from_qdate(self.end_edit.date())
            )
        except KnownError as err:
            self._show_problems(err)
            return
        self.saved.emit(self._assignment.id)
        super().accept()


# --------------------------------------------------------------------------- the page
class OfficersPage(RecordPage[OfficerRow, Details]):
    title = "Officers"
    object_name = "officers"
    settings_key = "officers/show_archived"
    column_widths = (24, 30, 15, 9, 12, 12, 11)
    toolbar_spacing = 12
    splitter_sizes = (420, 320)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        # Set before the base class builds the page and updates the actions.
        self._clusters: list[ClusterRow] = []  # those an officer can be assigned to
        self._targets: list[TargetRow] = []  # the selected officer's, as shown
        super().__init__(ctx, parent)

    # ------------------------------------------------------------------ layout
    def texts(self) -> RecordPageTexts:
        return RecordPageTexts(
            list_name=tr("Officers"),
            filter_placeholder=tr("Filter officers by name, e-mail, role or cluster"),
            filter_name=tr("Filter officers"),
            show_archived_name=tr("Show archived officers"),
            show_archived_tip=tr("Also list officers who no longer work as liaisons"),
            toolbar=tr("Officer actions"),
            add=tr("&Add officer…"),
            add_tip=tr("Add a liaison officer or coordinator"),
            edit_tip=tr("Edit the selected officer (or double-click the row)"),
            archive_tip=tr("Archive the selected officer: hidden from lists, history kept"),
            restore_tip=tr("Make the selected archived officer active again"),
            count=tr("{shown} of {total} officers shown"),
            no_selection=tr("No officer selected"),
            no_selection_hint=tr(
                "Select an officer above to see their cluster boards and yearly targets."
            ),
        )

    def columns(self) -> list[Column[OfficerRow]]:
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

    @staticmethod
    def is_archived(record: OfficerRow) -> bool:
        return not record.active

    def build_detail_boxes(self) -> list[tuple[QGroupBox, int]]:
        return [(self._build_assignments(), 3), (self._build_targets(), 2)]

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
        return self.current_record()

    def current_assignment(self) -> AssignmentRow | None:
        return selected_record(self.assignment_table)

    def fetch_rows(self, db: Database, today: dt.date) -> list[OfficerRow]:
        return directory.list_officers(db, today=today)

    def fetch_extra(self, db: Database, today: dt.date) -> list[ClusterRow]:
        return directory.list_clusters(db, include_archived=False, today=today)

    def apply_extra(self, extra: Any) -> None:
        self._clusters = extra

    def fetch_details(self, db: Database, record_id: int, today: dt.date) -> Details:
        assignments = directory.list_assignments(db, officer_id=record_id)
        targets = directory.list_targets(db, record_id, range(today.year - 1, today.year + 2))
        return assignments, targets

    def details_loading(self, officer: OfficerRow) -> None:
        self.detail_title.setText(officer.name)

    def _show_details(self, details: tuple[int, Details] | None) -> None:
        super()._show_details(details)
        self._update_actions()

    def clear_details(self) -> None:
        self.assignment_model.set_rows([])
        self.target_model.set_rows([])
        self._targets = []

    def fill_details(self, officer: OfficerRow, details: Details) -> None:
        assignments, targets = details
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
        self._sync_target_spins()

    # ------------------------------------------------------------------ officer actions
    def _update_actions(self) -> None:
        super()._update_actions()
        officer = self.current_officer()
        has_details = officer is not None and self._detail_id == officer.id
        assignment = self.current_assignment() if has_details else None
        self.add_assignment_action.setEnabled(has_details)
        self.end_assignment_action.setEnabled(assignment is not None)
        self.remove_assignment_action.setEnabled(assignment is not None)
        self.set_target_action.setEnabled(has_details)
        year = self.year_spin.value()
        explicit = any(t.year == year and t.explicit for t in self._targets)
        self.clear_target_action.setEnabled(has_details and explicit)

    def store_archived(self, record_id: int, archived: bool) -> None:
        directory.set_officer_active(self.ctx.db, record_id, not archived)

    def make_dialog(self, officer: OfficerRow | None) -> OfficerDialog:
        return OfficerDialog(self.ctx.db, officer, self)

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
