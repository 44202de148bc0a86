"""Import hours from a spreadsheet (PRODUCT.md, scenario 5): choose, preview, import all or nothing.

The file is checked on the database worker as soon as it is chosen (and again when the sheet or
the officer changes, or on "Check again"). The preview lists every row with its status in words;
the Import button stays disabled while any row has a problem. Importing also runs on the worker,
in one transaction; ``imported(n)`` is emitted when the entries are saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from app.db import directory
from app.db.hours_import import apply_import, plan_import
from app.domain.importing import ImportCancelledError, ImportPlan, MissingOfficerError, list_sheets
from app.errors import KnownError
from app.models.filter_proxy import RecordFilterProxy
from app.models.import_preview_model import ImportPreviewModel, status_text
from app.tasks import CancelToken
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.progress import ProgressRelay
from app.views.widgets import ErrorLabel, hint_label, make_table_view, set_column_widths

FILE_FILTER = "Spreadsheets (*.csv *.txt *.tsv *.xlsx *.xlsm);;All files (*)"
LAST_DIR_KEY = "import/last_dir"
SHOW_CHOICES = (
    ("all", "All rows"),
    ("problem", "Problems"),
    ("duplicate", "Duplicates"),
    ("warning", "Warnings"),
    ("import", "Rows to import"),
)


@dataclass(frozen=True)
class _Checked:
    sheets: list[str]  # so that another sheet can be chosen even when this one is refused
    plan: ImportPlan | None
    error: KnownError | None = None


def _plural(n: int, one: str, many: str) -> str:
    return (tr(one) if n == 1 else tr(many)).format(n=f"{n:,}")


def summary_text(plan: ImportPlan) -> str:
    """ "1,234 rows: 1,200 to import, 30 duplicates, 4 problems" (translated)."""
    to_import = _plural(len(plan.entries), "{n} to import", "{n} to import")
    if plan.warning_rows:
        to_import += " (" + _plural(plan.warning_rows, "{n} with a warning", "{n} with warnings")
        to_import += ")"
    return tr("{rows}: {to_import}, {duplicates}, {problems}").format(
        rows=_plural(plan.total_rows, "{n} row", "{n} rows"),
        to_import=to_import,
        duplicates=_plural(len(plan.duplicates), "{n} duplicate", "{n} duplicates"),
        problems=_plural(plan.problem_rows, "{n} problem", "{n} problems"),
    )


class ImportDialog(QDialog):
    """Choose a CSV/XLSX file of hours, see every row checked, import it all or nothing."""

    imported = Signal(int)  # number of entries saved
    checked = Signal(object)  # the ImportPlan shown, or None when the file could not be used

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(tr("Import hours"))
        self.setAccessibleName(tr("Import hours"))
        self.ctx = ctx
        self.plan: ImportPlan | None = None
        self.path: Path | None = None
        self._generation = 0
        self._busy = False
        self._token: CancelToken | None = None
        self._progress: QProgressDialog | None = None
        self._build()
        self._load_officers()
        self._update_buttons()
        self.resize(1100, 680)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        intro = hint_label(
            tr(
                "Import hours kept in a spreadsheet: a CSV file (separated by commas, semicolons "
                "or tabs) or an Excel workbook (.xlsx). The first row names the columns, in "
                "English or Spanish: Date/Fecha, Officer/Técnico, Cluster, Activity/Actividad, "
                "Hours/Horas, Description/Descripción. Dates as dd/mm/yyyy or yyyy-mm-dd, hours "
                "as 1,5 or 1:30. Nothing is imported until every row is right."
            )
        )

        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(tr("No file chosen"))
        self.file_edit.setAccessibleName(tr("File to import"))
        self.choose_button = QPushButton(tr("&Choose file…"))
        self.choose_button.setAccessibleName(tr("Choose the file to import"))
        self.choose_button.setToolTip(tr("Choose a CSV or Excel (.xlsx) file"))
        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button = QPushButton(tr("Check &again"))
        self.recheck_button.setAccessibleName(tr("Check the file again"))
        self.recheck_button.setToolTip(tr("Read the file again, after correcting it"))
        self.recheck_button.clicked.connect(self.check)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.recheck_button)

        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName(tr("Sheet"))
        self.sheet_combo.setToolTip(tr("The sheet of the workbook that holds the hours"))
        self.sheet_combo.setMinimumContentsLength(24)
        self.sheet_combo.activated.connect(lambda _i: self.check())
        self.sheet_label = QLabel(tr("&Sheet:"))
        self.sheet_label.setBuddy(self.sheet_combo)

        self.officer_combo = QComboBox()
        self.officer_combo.setAccessibleName(tr("Officer for rows without one"))
        self.officer_combo.setToolTip(
            tr(
                "Whose hours these are, when the file has no officer column or a row leaves it empty"
            )
        )
        self.officer_combo.setMinimumContentsLength(24)
        self.officer_combo.activated.connect(lambda _i: self.check())
        officer_label = QLabel(tr("&Officer:"))
        officer_label.setBuddy(self.officer_combo)
        officer_row = QHBoxLayout()
        officer_row.addWidget(self.officer_combo)
        officer_row.addWidget(
            hint_label(tr("for files without an officer column, and rows that leave it empty")), 1
        )
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_combo)
        sheet_row.addStretch(1)

        form = QFormLayout()
        form.addRow(tr("File:"), file_row)
        form.addRow(self.sheet_label, sheet_row)
        form.addRow(officer_label, officer_row)
        self._show_sheet_row(False)

        self.summary_label = QLabel(tr("Choose a file to see its rows here before importing."))
        self.summary_label.setAccessibleName(tr("Summary"))
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.summary_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.summary_label.setFont(font)
        self.message_label = ErrorLabel()
        self.message_label.setAccessibleName(tr("What to do"))
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.show_combo = QComboBox()
        self.show_combo.setAccessibleName(tr("Rows shown"))
        for key, label in SHOW_CHOICES:
            self.show_combo.addItem(tr(label), key)
        self.show_combo.currentIndexChanged.connect(self._apply_filter)
        show_label = QLabel(tr("S&how:"))
        show_label.setBuddy(self.show_combo)
        self.copy_button = QPushButton(tr("Co&py the list of problems"))
        self.copy_button.setAccessibleName(tr("Copy the list of problems"))
        self.copy_button.setToolTip(tr("Copy every “row N: what is wrong” line, to fix the file"))
        self.copy_button.clicked.connect(self.copy_problems)
        self.copy_button.hide()
        show_row = QHBoxLayout()
        show_row.addWidget(show_label)
        show_row.addWidget(self.show_combo)
        show_row.addStretch(1)
        show_row.addWidget(self.copy_button)

        self.model = ImportPreviewModel(self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(tr("Rows of the file"), sortable=False)
        self.table.setModel(self.proxy)
        set_column_widths(self.table, (5, 19, 52, 11, 18, 10, 21, 6, 40))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_detail())
        self.detail_label = QLabel()
        self.detail_label.setAccessibleName(tr("The selected row"))
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setMinimumHeight(self.detail_label.fontMetrics().lineSpacing() * 2)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setAccessibleName(tr("Import the rows"))
        self.import_button.clicked.connect(self.start_import)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setAccessibleName(tr("Close without importing"))
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.message_label)
        layout.addLayout(show_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.buttons)

    def _show_sheet_row(self, visible: bool) -> None:
        self.sheet_label.setVisible(visible)
        self.sheet_combo.setVisible(visible)

    def _load_officers(self) -> None:
        """The officer list is small: read once, on the UI thread, like the other dialogs."""
        self.officer_combo.clear()
        self.officer_combo.addItem(tr("— as named in the file —"), None)
        for officer in directory.list_officers(self.ctx.db):
            label = (
                officer.name
                if officer.active
                else tr("{name} (archived)").format(name=officer.name)
            )
            self.officer_combo.addItem(label, officer.email)

    # ------------------------------------------------------------------ choosing
    def choose_file(self) -> None:
        start = str(self.ctx.settings.value(LAST_DIR_KEY, "") or "")
        path, _filter = QFileDialog.getOpenFileName(
            self, tr("Choose the file of hours to import"), start, tr(FILE_FILTER)
        )
        if path:
            self.ctx.settings.setValue(LAST_DIR_KEY, str(Path(path).parent))
            self.set_file(path)

    def set_file(self, path: str | Path) -> None:
        """Check ``path`` (on the worker) and show its rows."""
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.sheet_combo.clear()
        self._show_sheet_row(False)
        self.check()

    def set_officer(self, name_or_email: str | None) -> None:
        """Choose the officer for rows without one (``None``: as named in the file)."""
        index = 0 if name_or_email is None else self.officer_combo.findData(name_or_email)
        if index < 0:
            index = self.officer_combo.findText(name_or_email or "")
        self.officer_combo.setCurrentIndex(max(index, 0))
        if self.path is not None:
            self.check()

    def set_sheet(self, name: str) -> None:
        index = self.sheet_combo.findText(name)
        if index >= 0:
            self.sheet_combo.setCurrentIndex(index)
            self.check()

    # ------------------------------------------------------------------ checking
    def check(self) -> None:
        """Read and check the chosen file again (sheet and officer as chosen now)."""
        if self.path is None:
            return
        if self._token is not None:
            self._token.cancel()  # a newer check replaces the one running
        path = self.path
        sheet = self.sheet_combo.currentText() or None if self.sheet_combo.count() else None
        officer = self.officer_combo.currentData()
        db = self.ctx.db
        self._generation += 1
        generation = self._generation
        self.plan = None
        self.model.set_rows([])
        self._show_detail()
        self.summary_label.setText(tr("Checking {name}…").format(name=path.name))
        self.message_label.set_problem("")
        token, relay = self._start_progress(tr("Checking the file…"), tr("Import hours"))

        def work() -> _Checked:
            sheets = list_sheets(path)
            try:
                plan = plan_import(
                    db,
                    path,
                    officer=officer,
                    sheet=sheet,
                    progress=relay.emit_progress,
                    cancelled=token.cancelled,
                )
            except KnownError as err:
                return _Checked(sheets, None, err)
            return _Checked(sheets, plan)

        def done(result: _Checked, _relay: ProgressRelay = relay) -> None:
            if generation != self._generation:
                return
            self._end_progress()
            self._show_sheets(result.sheets, result.plan.sheet if result.plan else sheet)
            if result.plan is not None:
                self._show_plan(result.plan)
            else:
                self._show_failure(result.error or KnownError(""))

        def failed(err: BaseException, _relay: ProgressRelay = relay) -> None:
            if generation != self._generation:
                return
            self._end_progress()
            self._show_failure(err)

        self._busy = True
        self._update_buttons()
        self.ctx.tasks.run(work, done, failed)

    def _show_sheets(self, sheets: list[str], current: str | None) -> None:
        self._show_sheet_row(bool(sheets))
        if [self.sheet_combo.itemText(i) for i in range(self.sheet_combo.count())] != sheets:
            self.sheet_combo.clear()
            self.sheet_combo.addItems(sheets)
        if current:
            self.sheet_combo.setCurrentText(current)
        self.sheet_combo.setEnabled(len(sheets) > 1)

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.model.set_rows(plan.rows)
        self.summary_label.setText(summary_text(plan))
        self.copy_button.setVisible(bool(plan.problems))
        if plan.problems:
            self.message_label.set_problem(
                tr(
                    "Nothing can be imported while a row has a problem. Correct the rows marked "
                    "“Problem” in the file (or delete them), save it, then choose “Check again”."
                )
            )
        elif not plan.entries and plan.total_rows:
            self.message_label.set_problem(
                tr("Every row is already in ClusterDesk: there is nothing to import.")
            )
        elif not plan.total_rows:
            self.message_label.set_problem(tr("The file has a header row but no rows of hours."))
        else:
            self.message_label.set_problem("")
        self._apply_filter()
        self._select_first_problem()
        self._update_buttons()
        self.checked.emit(plan)

    def _show_failure(self, err: BaseException) -> None:
        self.plan = None
        self.model.set_rows([])
        self.copy_button.hide()
        self._show_detail()
        self._update_buttons()
        if isinstance(err, ImportCancelledError):
            self.summary_label.setText(tr("Checking was cancelled."))
            self.message_label.set_problem("")
        elif isinstance(err, KnownError):
            self.summary_label.setText(tr("This file cannot be imported."))
            self.message_label.set_problem(str(err))
            if isinstance(err, MissingOfficerError):
                self.officer_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.summary_label.setText(tr("This file cannot be imported."))
            show_error(self, err)
        self.checked.emit(None)

    def _select_first_problem(self) -> None:
        """Put the first problem row (if any) in front of the user, its message below."""
        self.table.clearSelection()
        for source_row, rec in enumerate(self.model.rows()):
            if rec.status == "problem":
                index = self.proxy.mapFromSource(self.model.index(source_row, 0))
                if index.isValid():
                    self.table.setCurrentIndex(index)
                    self.table.scrollTo(index)
                break
        self._show_detail()

    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() or self.plan is None:
            self.detail_label.setText(
                tr("Select a row to read its problem in full.") if self.plan else ""
            )
            return
        rec = self.model.record(self.proxy.mapToSource(index).row())
        text = tr("Row {row} – {status}: {message}" if rec.message else "Row {row} – {status}.")
        self.detail_label.setText(
            text.format(row=rec.row, status=status_text(rec.status), message=rec.message)
        )

    def copy_problems(self) -> None:
        if self.plan is not None and self.plan.problems:
            QGuiApplication.clipboard().setText("\n".join(self.plan.problems))

    def _apply_filter(self) -> None:
        key = self.show_combo.currentData()
        if key == "all":
            self.proxy.set_predicate("status", None)
        elif key == "import":
            self.proxy.set_predicate("status", lambda r: r.status in ("ok", "warning"))
        else:
            self.proxy.set_predicate("status", lambda r, k=key: r.status == k)

    # ------------------------------------------------------------------ importing
    def can_import(self) -> bool:
        return not self._busy and self.plan is not None and self.plan.ok and bool(self.plan.entries)

    def _update_buttons(self) -> None:
        n = len(self.plan.entries) if self.plan is not None else 0
        self.import_button.setText(
            _plural(n, "Import {n} entry", "Import {n} entries") if n else tr("Import")
        )
        self.import_button.setEnabled(self.can_import())
        if self.plan is not None and not self.plan.ok:
            self.import_button.setToolTip(tr("Correct the rows with problems first"))
        else:
            self.import_button.setToolTip(tr("Save every row marked “To import”"))
        self.choose_button.setEnabled(not self._busy)
        self.recheck_button.setEnabled(not self._busy and self.path is not None)

    def start_import(self) -> None:
        if not self.can_import() or self.plan is None:
            return
        plan = self.plan
        db = self.ctx.db
        self._generation += 1
        generation = self._generation
        token, relay = self._start_progress(tr("Importing…"), tr("Import hours"))

        def work() -> int:
            return apply_import(db, plan, cancelled=token.cancelled, progress=relay.emit_progress)

        def done(count: int, _relay: ProgressRelay = relay) -> None:
            if generation != self._generation:  # closed meanwhile: only tell who listens
                if Shiboken.isValid(self):
                    self.imported.emit(count)
                return
            self._end_progress()
            self.summary_label.setText(
                _plural(count, "{n} entry imported.", "{n} entries imported.")
            )
            self.imported.emit(count)
            self.accept()

        def failed(err: BaseException, _relay: ProgressRelay = relay) -> None:
            if generation != self._generation:
                return
            self._end_progress()
            if isinstance(err, ImportCancelledError):
                self.message_label.set_problem(
                    tr("The import was cancelled; nothing was imported.")
                )
                self._update_buttons()
            elif isinstance(err, KnownError):
                self.message_label.set_problem(str(err))
                self.plan = None  # stale: it must be checked again
                self._update_buttons()
            else:
                self._update_buttons()
                show_error(self, err)

        self._busy = True
        self._update_buttons()
        self.ctx.tasks.run(work, done, failed)

    # ------------------------------------------------------------------ progress
    def _start_progress(self, label: str, title: str) -> tuple[CancelToken, ProgressRelay]:
        self._end_progress()
        token = CancelToken()
        # No parent: the worker may still emit while this dialog is being deleted. The task's
        # callbacks hold the relay too, so it is freed on the UI thread once the task is over.
        relay = ProgressRelay()
        dialog = QProgressDialog(label, tr("Cancel"), 0, 100, self)
        dialog.setWindowTitle(title)
        dialog.setAccessibleName(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(600)  # small files never flash a progress window
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(token.cancel)
        relay.progress.connect(self._on_progress)
        self._token, self._progress = token, dialog
        return token, relay

    def _on_progress(self, percent: int, message: str) -> None:
        if self._progress is not None:
            self._progress.setLabelText(message)
            self._progress.setValue(percent)

    def _end_progress(self) -> None:
        self._busy = False
        if self._progress is not None:
            self._progress.canceled.disconnect()
            self._progress.reset()
            self._progress.hide()
            self._progress.deleteLater()
            self._progress = None
        self._token = None

    # ------------------------------------------------------------------ closing
    def reject(self) -> None:
        """Closing stops a check or an import that is running (nothing is written then)."""
        if self._token is not None:
            self._token.cancel()
        self._generation += 1  # late results are ignored
        self._end_progress()
        super().reject()
