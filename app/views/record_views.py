"""The shared scaffold of the pages and dialogs that keep a list of records (clusters, officers).

- ``RecordPage``: a page listing records with a filter box, "Show archived", a tool bar
  (add, edit, archive, restore, find), a count line and a detail panel for the selected record.
  The list and the selected record's details load on the database worker (``Page.load``);
  archive and restore call ``app.db`` directly and then refresh. A subclass states its texts,
  columns, detail boxes and which ``app.db`` functions to call.
- ``FormDialog``: a dialog with a form whose problems are shown beside the fields
  (``FormErrors``), and OK / Cancel buttons.
- ``RecordDialog``: a ``FormDialog`` that adds a record (``record=None``) or edits one. It stays
  open, data untouched, while anything is wrong; ``saved(id)`` on success.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.errors import KnownError, NotFoundError, ValidationError
from app.models.filter_proxy import RecordFilterProxy
from app.models.record_table import Column, RecordTableModel
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.page import Page
from app.views.widgets import (
    FormErrors,
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


class Record(Protocol):
    """What the scaffold needs of a record: its database id."""

    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Record)  # a row of the list (ClusterRow, OfficerRow)
D = TypeVar("D")  # the selected record's details, as loaded on the worker


# --------------------------------------------------------------------------- dialogs
def make_line_edit(name: str, placeholder: str = "", max_length: int = 300) -> QLineEdit:
    """A one-line text field with its accessible name, placeholder and length limit."""
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    return edit


def make_notes_edit(lines: int) -> QPlainTextEdit:
    """The "Notes" field: ``lines`` lines high; Tab moves on rather than typing a tab."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(tr("Notes"))
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


class FormDialog(QDialog):
    """A form whose problems show beside their fields (``errors``), with OK and Cancel."""

    saved = Signal(int)

    def __init__(
        self, parent: QWidget | None, *, object_name: str, title: str, min_width: int
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self.errors = FormErrors()

    @staticmethod
    def _new_form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _add_row(self, form: QFormLayout, text: str, field: str, widget: QWidget) -> None:
        """A row ``text: widget``; the problems of ``field`` show under ``widget``."""
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, self.errors.wrap(field, widget))

    def _make_buttons(self, ok_text: str) -> QDialogButtonBox:
        """OK (named ``ok_text``) and Cancel, as ``button_box`` and ``ok_button``."""
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        return self.button_box

    def _show_problems(self, err: KnownError) -> None:
        """A refused save: field problems beside their fields, anything else at the top."""
        self.errors.show(err.problems if isinstance(err, ValidationError) else {"": str(err)})


class RecordDialog(FormDialog, Generic[R]):
    """``record=None`` adds a new record; otherwise edits that one. ``saved(id)`` on success.

    A subclass builds its fields (``_build``), shows a record in them (``_fill``) and stores
    them (``_create``, ``_update``); a record gone meanwhile closes the dialog with a message.
    """

    def __init__(
        self,
        db: Database,
        record: R | None,
        parent: QWidget | None,
        *,
        object_name: str,
        title: str,
        min_width: int,
    ) -> None:
        super().__init__(parent, object_name=object_name, title=title, min_width=min_width)
        self._db = db
        self._record = record
        self.saved_id: int | None = record.id if record else None
        self._build()
        if record is not None:
            self._fill(record)

    def _build(self) -> None:
        raise NotImplementedError

    def _fill(self, record: R) -> None:
        raise NotImplementedError

    def _create(self) -> int:
        """Store the fields as a new record; its id."""
        raise NotImplementedError

    def _update(self, record_id: int) -> None:
        """Store the fields over the record ``record_id``."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            if self._record is None:
                self.saved_id = self._create()
            else:
                self._update(self._record.id)
        except ValidationError as err:
            self.errors.show(err.problems)
            return
        except NotFoundError as err:
            show_error(self, err)
            super().reject()
            return
        self.errors.clear()
        assert self.saved_id is not None
        self.saved.emit(self.saved_id)
        super().accept()


# --------------------------------------------------------------------------- pages
@dataclass(frozen=True)
class RecordPageTexts:
    """The words of a ``RecordPage`` that name its kind of record."""

    list_name: str  # the table's accessible name
    filter_placeholder: str
    filter_name: str
    show_archived_name: str
    show_archived_tip: str
    toolbar: str
    add: str
    add_tip: str
    edit_tip: str
    archive_tip: str
    restore_tip: str
    count: str  # "{shown} of {total} … shown"
    no_selection: str
    no_selection_hint: str


@dataclass(frozen=True)
class _Loaded(Generic[R, D]):
    """What ``RecordPage.refresh`` brings back from the database worker."""

    rows: list[R]
    extra: Any
    details: tuple[int, D] | None
    wanted: int | None
    today: dt.date


class RecordPage(Page, Generic[R, D]):
    """A list of records with a filter, "Show archived", a tool bar and a detail panel.

    A subclass states its ``texts``, ``columns``, ``build_detail_boxes``, what is archived
    (``is_archived``), how to read (``fetch_rows``, ``fetch_details``) and write
    (``store_archived``), which dialog adds and edits (``make_dialog``), and how to show a
    record's details (``fill_details``, ``clear_details``).
    """

    settings_key: str  # where "Show archived" is remembered
    column_widths: tuple[int, ...]  # of the list, in characters
    status_column: int | None = None  # a column shown only while archived records are
    toolbar_spacing: int  # pixels before each filter widget
    splitter_sizes: tuple[int, int]  # list, detail panel

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._today = dt.date.today()
        self._detail_id: int | None = None
        self._restoring = False
        self._pending_select: int | None = None
        self._build()
        self._update_actions()
        self._show_details(None)

    # ------------------------------------------------------------------ what a page states
    def texts(self) -> RecordPageTexts:
        raise NotImplementedError

    def columns(self) -> list[Column[R]]:
        raise NotImplementedError

    @staticmethod
    def is_archived(record: R) -> bool:
        raise NotImplementedError

    def build_filters(self) -> list[QWidget]:
        """More filter widgets for the tool bar, between the filter box and "Show archived"."""
        return []

    def reset_filters(self) -> None:
        """Clear the filters so that every (unarchived) record shows."""
        if self.filter_edit.text():
            self.filter_edit.clear()

    def build_detail_boxes(self) -> list[tuple[QGroupBox, int]]:
        """The boxes of the detail panel, side by side, with their stretch factors; they are
        disabled while no record is selected."""
        raise NotImplementedError

    def fetch_rows(self, db: Database, today: dt.date) -> list[R]:
        """Runs on the database worker: no widgets here."""
        raise NotImplementedError

    def fetch_extra(self, db: Database, today: dt.date) -> Any:
        """Runs on the database worker: anything else the page needs, loaded with the list."""
        return None

    def apply_extra(self, extra: Any) -> None:
        """Receives what ``fetch_extra`` loaded, on the UI thread."""

    def fetch_details(self, db: Database, record_id: int, today: dt.date) -> D:
        """Runs on the database worker: no widgets here."""
        raise NotImplementedError

    def details_loading(self, record: R) -> None:
        """The selection moved to ``record``; its details are on their way."""

    def fill_details(self, record: R, details: D) -> None:
        """Show ``record`` in the detail panel (title, hint and boxes)."""
        raise NotImplementedError

    def clear_details(self) -> None:
        """Empty the detail boxes: nothing is selected."""
        raise NotImplementedError

    def store_archived(self, record_id: int, archived: bool) -> None:
        """Archive or restore the record (an ``app.db`` call); may raise ``KnownError``."""
        raise NotImplementedError

    def make_dialog(self, record: R | None) -> RecordDialog[R]:
        """The dialog that adds (``None``) or edits ``record``."""
        raise NotImplementedError

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        texts = self._texts = self.texts()
        self.model: RecordTableModel[R] = RecordTableModel(self.columns(), self)
        self.model.muted = self.is_archived
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(texts.list_name)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        set_column_widths(self.table, self.column_widths)
        self.table.doubleClicked.connect(lambda _i: self.open_edit_dialog())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.filter_edit = make_filter_edit(texts.filter_placeholder, texts.filter_name)
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        filters = self.build_filters()
        self.show_archived_check = QCheckBox(tr("Show &archived"))
        self.show_archived_check.setAccessibleName(texts.show_archived_name)
        self.show_archived_check.setToolTip(texts.show_archived_tip)
        self.show_archived_check.setChecked(
            bool(self.ctx.settings.value(self.settings_key, False, type=bool))
        )
        self.show_archived_check.toggled.connect(self._on_show_archived)
        self._apply_archived_filter()

        self.add_action = make_action(
            self, texts.add, texts.add_tip, "Ctrl+N", self.open_add_dialog
        )
        self.edit_action = make_action(
            self.table, tr("&Edit…"), texts.edit_tip,
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter), "F2"],
            self.open_edit_dialog, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.archive_action = make_action(
            self.table, tr("A&rchive"), texts.archive_tip, QKeySequence.StandardKey.Delete,
            self.archive_selected, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.restore_action = make_action(
            self, tr("Re&store"), texts.restore_tip, "Ctrl+Shift+R", self.restore_selected
        )
        self.find_action = make_action(
            self, tr("Find"), tr("Go to the filter box"), QKeySequence.StandardKey.Find,
            self._focus_filter,
        )  # fmt: skip

        toolbar = QToolBar(texts.toolbar)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, self.edit_action, self.archive_action):
            toolbar.addAction(action)
        toolbar.addAction(self.restore_action)
        toolbar.addSeparator()
        toolbar.addWidget(self.filter_edit)
        for widget in (*filters, self.show_archived_check):
            spacer = QWidget()
            spacer.setFixedWidth(self.toolbar_spacing)
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
        self.splitter.setSizes(list(self.splitter_sizes))

        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addWidget(self.splitter, 1)

    def _build_detail(self) -> QWidget:
        self.detail_title = section_title("")
        self.detail_hint = hint_label()
        boxes = self.build_detail_boxes()
        self._detail_boxes = [box for box, _stretch in boxes]

        detail = QWidget()
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.detail_title)
        layout.addWidget(self.detail_hint)
        row = QHBoxLayout()
        for box, stretch in boxes:
            row.addWidget(box, stretch)
        layout.addLayout(row, 1)
        return detail

    # ------------------------------------------------------------------ reading
    def current_record(self) -> R | None:
        return selected_record(self.table)

    def refresh(self) -> None:
        """Reload the list (and the selected record's details) on the worker."""
        current = self.current_record()
        wanted = self._pending_select or (current.id if current else None)
        today = dt.date.today()
        db = self.ctx.db

        def fetch() -> _Loaded[R, D]:
            rows = self.fetch_rows(db, today)
            extra = self.fetch_extra(db, today)
            details = None if wanted is None else (wanted, self.fetch_details(db, wanted, today))
            return _Loaded(rows, extra, details, wanted, today)

        self.load(fetch, self._apply)

    def _apply(self, loaded: _Loaded[R, D]) -> None:
        wanted = loaded.wanted
        self._today = loaded.today
        self.apply_extra(loaded.extra)
        self._restoring = True
        try:
            self.model.set_rows(loaded.rows)
            found = wanted is not None and select_record(self.table, lambda r: r.id == wanted)
            if not found and wanted is not None and wanted == self._pending_select:
                # A record just saved but hidden by the filter: show it rather than lose it.
                self.reset_filters()
                found = select_record(self.table, lambda r: r.id == wanted)
        finally:
            self._restoring = False
        self._pending_select = None
        self._show_details(loaded.details if found else None)
        self._update_count()
        self._update_actions()

    def _on_selection_changed(self) -> None:
        self._update_actions()
        if self._restoring:
            return
        record = self.current_record()
        if record is None:
            self._show_details(None)
            return
        if record.id == self._detail_id:
            return
        self.details_loading(record)
        db, record_id, today = self.ctx.db, record.id, self._today
        self.load(
            lambda: (record_id, self.fetch_details(db, record_id, today)), self._apply_details
        )

    def _apply_details(self, details: tuple[int, D]) -> None:
        record = self.current_record()
        if record is None or record.id != details[0]:
            return  # the selection moved on meanwhile; a newer load is queued
        self._show_details(details)

    def _show_details(self, details: tuple[int, D] | None) -> None:
        record = self.current_record()
        if details is None or record is None or record.id != details[0]:
            self._detail_id = None
            self.detail_title.setText(self._texts.no_selection)
            self.detail_hint.setText(self._texts.no_selection_hint)
            self.clear_details()
            enabled = False
        else:
            self._detail_id = record.id
            self.fill_details(record, details[1])
            enabled = True
        for box in self._detail_boxes:
            box.setEnabled(enabled)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        archived = sum(1 for r in self.model.rows() if self.is_archived(r))
        text = self._texts.count.format(shown=shown, total=total)
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
        is_archived = self.is_archived
        self.proxy.set_predicate("archived", None if show else (lambda r: not is_archived(r)))
        if self.status_column is not None:
            self.table.setColumnHidden(self.status_column, not show)

    def _on_show_archived(self, checked: bool) -> None:
        self.ctx.settings.setValue(self.settings_key, checked)
        self._apply_archived_filter()
        self._after_filter()

    def _after_filter(self) -> None:
        if self.current_record() is None and self._detail_id is not None:
            self._show_details(None)
        self._update_count()
        self._update_actions()

    # ------------------------------------------------------------------ actions
    def _update_actions(self) -> None:
        record = self.current_record()
        self.edit_action.setEnabled(record is not None)
        self.archive_action.setEnabled(record is not None and not self.is_archived(record))
        self.restore_action.setEnabled(record is not None and self.is_archived(record))

    def _open(self, dialog: FormDialog) -> None:
        """Open ``dialog`` with ``open()`` (no nested event loop); refresh once it saved."""
        dialog.saved.connect(self._on_saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_saved(self, _record_id: int) -> None:
        self.refresh()

    def open_add_dialog(self) -> RecordDialog[R]:
        dialog = self.make_dialog(None)
        dialog.saved.connect(self._select_after_save)
        self._open(dialog)
        return dialog

    def open_edit_dialog(self) -> RecordDialog[R] | None:
        record = self.current_record()
        if record is None:
            return None
        dialog = self.make_dialog(record)
        self._open(dialog)
        return dialog

    def _select_after_save(self, record_id: int) -> None:
        self._pending_select = record_id

    def _set_archived(self, archived: bool) -> None:
        record = self.current_record()
        if record is None:
            return
        try:
            self.store_archived(record.id, archived)
        except KnownError as err:
            show_error(self, err)
        self.refresh()

    def archive_selected(self) -> None:
        self._set_archived(True)

    def restore_selected(self) -> None:
        self._set_archived(False)
