"""Small widgets and helpers shared by pages and dialogs.

- ``OptionalDateEdit``: a date that may be absent (service dates, end dates, label expiry).
- ``OptionalSpinBox`` / ``OptionalDoubleSpinBox``: numbers that may be "not known" (``None``).
- ``FormErrors``: shows each field's problem in words, in red, under the field, and moves the
  focus to the first bad field.
- ``make_filter_edit``, ``make_action``, ``make_table_view``, ``make_tool_button``: the usual
  set-up of the common widgets, so every page looks and behaves the same.
- ``selected_record`` / ``select_record``: selection by record through a sort/filter proxy.
- ``ask``: a non-blocking confirmation (``open()``, not ``exec()``), easy to drive from tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import AssignmentRow
from app.models.record_table import RECORD_ROLE
from app.views.messages import tr

DATE_FORMAT = "yyyy-MM-dd"  # the same ISO form the tables show
ERROR_COLOR = "#b00020"
WARNING_COLOR = "#a14d00"
MUTED_COLOR = "#6b6b6b"


# --------------------------------------------------------------------------- dates
def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def format_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def assignment_status(a: AssignmentRow, today: dt.date) -> str:
    """An assignment's state in words: current, ended or starting later."""
    if a.start_date > today:
        return tr("Starts later")
    if a.end_date is not None and a.end_date < today:
        return tr("Ended")
    return tr("Current")


def make_date_edit(accessible_name: str, value: dt.date | None = None) -> QDateEdit:
    """A date edit with a calendar pop-up, the ISO format and an accessible name."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDateRange(QDate(1990, 1, 1), QDate(2100, 12, 31))
    edit.setDate(to_qdate(value or dt.date.today()))
    edit.setAccessibleName(accessible_name)
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("0000-00-00") + 60)
    return edit


class OptionalDateEdit(QWidget):
    """A date that may be absent: a check box ("has a date") beside a date edit.

    Unticked, the date edit is disabled and reads "none" (``none_text``); ``date()`` is ``None``.
    Ticking it brings back the last date shown (or ``default``, or today).
    """

    changed = Signal()

    def __init__(
        self,
        accessible_name: str,
        check_text: str | None = None,
        none_text: str | None = None,
        default: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._remembered = default or dt.date.today()
        self._none_text = none_text if none_text is not None else tr("none")
        self.check = QCheckBox(check_text if check_text is not None else tr("Set"))
        self.check.setAccessibleName(tr("{name}: has a date").format(name=accessible_name))
        self.edit = make_date_edit(accessible_name, self._remembered)
        # Qt shows specialValueText when the date is the minimum: that is the "none" state.
        self.edit.setMinimumDate(QDate(1899, 12, 31))
        self.edit.setSpecialValueText(self._none_text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self._on_toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.setAccessibleName(accessible_name)
        self._show_none()

    def _show_none(self) -> None:
        self.edit.blockSignals(True)
        self.edit.setDate(self.edit.minimumDate())
        self.edit.blockSignals(False)
        self.edit.setEnabled(False)
        self.setFocusProxy(self.check)

    def _on_toggled(self, on: bool) -> None:
        if on:
            self.edit.setEnabled(True)
            self.edit.setDate(to_qdate(self._remembered))
            self.setFocusProxy(self.edit)
        else:
            current = self.edit.date()
            if current != self.edit.minimumDate():
                self._remembered = from_qdate(current)
            self._show_none()
        self.changed.emit()

    def date(self) -> dt.date | None:
        if not self.check.isChecked() or self.edit.date() == self.edit.minimumDate():
            return None
        return from_qdate(self.edit.date())

    def set_date(self, value: dt.date | None) -> None:
        if value is None:
            self.check.setChecked(False)
            self._show_none()
            return
        self._remembered = value
        if self.check.isChecked():
            self.edit.setDate(to_qdate(value))
        else:
            self.check.setChecked(True)  # shows _remembered


# --------------------------------------------------------------------------- numbers
class OptionalSpinBox(QSpinBox):
    """An integer that may be "not known": the value below ``minimum`` shows ``unknown_text``."""

    def __init__(
        self,
        minimum: int,
        maximum: int,
        accessible_name: str,
        unknown_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setRange(minimum - 1, maximum)
        self.setSpecialValueText(unknown_text if unknown_text is not None else tr("not known"))
        self.setAccessibleName(accessible_name)
        self.setValue(self.minimum())

    def value_or_none(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_value_or_none(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class OptionalDoubleSpinBox(QDoubleSpinBox):
    """A decimal that may be "not known": one step below ``minimum`` shows ``unknown_text``."""

    def __init__(
        self,
        minimum: float,
        maximum: float,
        step: float,
        decimals: int,
        accessible_name: str,
        unknown_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setDecimals(decimals)
        self.setSingleStep(step)
        self.setRange(minimum - step, maximum)
        self.setSpecialValueText(unknown_text if unknown_text is not None else tr("not known"))
        self.setAccessibleName(accessible_name)
        self.setValue(self.minimum())

    def value_or_none(self) -> float | None:
        return None if self.value() <= self.minimum() else self.value()

    def set_value_or_none(self, value: float | None) -> None:
        self.setValue(self.minimum() if value is None else value)


# --------------------------------------------------------------------------- form errors
def grow_to_fit(window: QWidget) -> None:
    """Make ``window`` tall enough for its contents (after messages appeared in it)."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    need = window.heightForWidth(width) if window.hasHeightForWidth() else -1
    need = max(need, window.sizeHint().height(), window.minimumSizeHint().height())
    if need > window.height():
        window.resize(width, need)


class ErrorLabel(QLabel):
    """A problem in words, in red (the words carry the meaning, the colour only draws the eye)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOR))
        self.setPalette(palette)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.hide()

    def set_problem(self, message: str) -> None:
        if message:
            self.setText(message)
            self.show()
        else:
            self.clear()
            self.hide()


class FormErrors:
    """Field problems shown beside their fields.

    ``wrap(field, widget)`` returns a container holding ``widget`` above its (hidden) error label:
    put the container in the layout. ``attach(field, widget)`` is for compact rows with no room
    beneath a field: its problem goes to ``general``. ``show(problems)`` displays
    ``ValidationError.problems``; problems of unknown fields (or ``""``) go to ``general`` too,
    a label to place at the top of a form (or under a compact row).
    """

    def __init__(self) -> None:
        self.general = ErrorLabel()
        self.general.setAccessibleName(tr("Problems"))
        self._fields: dict[str, tuple[QWidget, ErrorLabel | None]] = {}
        self._messages: dict[str, str] = {}

    def wrap(self, field: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        label = ErrorLabel()
        label.setAccessibleName(tr("Problem"))
        layout.addWidget(label)
        box.setFocusProxy(widget)
        self._fields[field] = (widget, label)
        return box

    def attach(self, field: str, widget: QWidget) -> None:
        self._fields[field] = (widget, None)

    def clear(self) -> None:
        self._messages = {}
        self.general.set_problem("")
        for widget, label in self._fields.values():
            if label is not None:
                label.set_problem("")
            widget.setAccessibleDescription("")

    def show(self, problems: dict[str, str]) -> None:
        """Show every problem; move the focus to the first bad field (in form order)."""
        self.clear()
        general: list[str] = []
        for field, message in problems.items():
            if field in self._fields:
                widget, label = self._fields[field]
                self._messages[field] = message
                widget.setAccessibleDescription(message)
                if label is not None:
                    label.set_problem(message)
                    continue
            general.append(message)
        self.general.set_problem("\n".join(general))
        for widget, _label in self._fields.values():
            window = widget.window()
            if isinstance(window, QDialog):
                grow_to_fit(window)
            break
        for field, (widget, _label) in self._fields.items():
            if field in problems:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
                break

    def message(self, field: str) -> str:
        """The message shown for ``field`` ("" when none): for tests and screen readers."""
        if field == "":
            return self.general.text() if not self.general.isHidden() else ""
        return self._messages.get(field, "")

    def shown(self) -> dict[str, str]:
        out = dict(self._messages)
        if not self.general.isHidden():
            out[""] = self.general.text()
        return out


# --------------------------------------------------------------------------- common widgets
def make_filter_edit(placeholder: str, accessible_name: str | None = None) -> QLineEdit:
    """The filter box of a list: a clear button, a placeholder, an accessible name."""
    edit = QLineEdit()
    edit.setClearButtonEnabled(True)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible_name or placeholder)
    edit.setMinimumWidth(260)
    return edit


def make_action(
    parent: QWidget,
    text: str,
    tooltip: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | Iterable[Any],
    slot: Callable[[], Any],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> QAction:
    """A ``QAction`` on ``parent`` with its shortcut(s), its context and a tooltip naming the key."""
    action = QAction(text, parent)
    if isinstance(shortcut, str | QKeySequence | QKeySequence.StandardKey):
        keys = (
            QKeySequence.keyBindings(shortcut)
            if isinstance(shortcut, QKeySequence.StandardKey)
            else [QKeySequence(shortcut)]
        )
    else:
        keys = [QKeySequence(k) for k in shortcut]
    action.setShortcuts(keys)
    action.setShortcutContext(context)
    key_text = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
    action.setToolTip(f"{tooltip} ({key_text})" if key_text else tooltip)
    action.setStatusTip(tooltip)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


def make_tool_button(action: QAction) -> QToolButton:
    """A flat button showing ``action``'s text (used where a tool bar would be too heavy)."""
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAutoRaise(False)
    return button


def make_table_view(accessible_name: str, *, sortable: bool = True) -> QTableView:
    """A read-only, whole-row, single-selection table, as every list in the app."""
    view = QTableView()
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(sortable)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def set_column_widths(view: QTableView, widths: Iterable[int]) -> None:
    """Column widths in average characters (so they scale with the font)."""
    char = view.fontMetrics().averageCharWidth()
    for column, chars in enumerate(widths):
        view.setColumnWidth(column, chars * char + 16)


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def hint_label(text: str = "") -> QLabel:
    """A quiet explanatory line (empty states, what a control does)."""
    label = QLabel(text)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED_COLOR))
    label.setPalette(palette)
    return label


# --------------------------------------------------------------------------- selection
def _source_index(view: QTableView, index: QModelIndex) -> QModelIndex:
    model = view.model()
    return model.mapToSource(index) if isinstance(model, QSortFilterProxyModel) else index


def selected_record(view: QTableView) -> Any | None:
    """The record of the selected row (whatever proxy sits between), or ``None``."""
    selection = view.selectionModel()
    if selection is None:
        return None
    rows = selection.selectedRows()
    if not rows:
        return None
    return view.model().data(rows[0], RECORD_ROLE)


def select_record(view: QTableView, predicate: Callable[[Any], bool]) -> bool:
    """Select (and scroll to) the first visible row whose record matches ``predicate``."""
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if predicate(model.data(index, RECORD_ROLE)):
            view.selectionModel().setCurrentIndex(
                index,
                view.selectionModel().SelectionFlag.ClearAndSelect
                | view.selectionModel().SelectionFlag.Rows,
            )
            view.scrollTo(index)
            return True
    view.selectionModel().clearSelection()
    view.selectionModel().setCurrentIndex(
        QModelIndex(), view.selectionModel().SelectionFlag.NoUpdate
    )
    return False


# --------------------------------------------------------------------------- confirmation
def ask(
    parent: QWidget,
    title: str,
    text: str,
    ok_text: str,
    on_yes: Callable[[], Any],
    informative: str = "",
) -> QMessageBox:
    """A window-modal question shown with ``open()``; ``on_yes`` runs if the user agrees.

    The box is returned (its ``ok_button`` attribute is the agreeing button) so that tests can
    click it without a nested event loop.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    ok_button = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.ok_button = ok_button  # type: ignore[attr-defined]

    def finished() -> None:
        agreed = box.clickedButton() is ok_button
        box.deleteLater()
        if agreed:
            on_yes()

    box.finished.connect(lambda _result: finished())
    box.open()
    return box
