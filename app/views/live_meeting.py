"""Live meeting mode, and the note-taking pieces it shares with the meeting editor.

- ``SaverGroup`` / ``SaveStateLabel``: one visible autosave state ("Saved at 10:42:03") for all
  the autosaved fields of a meeting.
- ``AgendaNotes``: the ordered agenda (add, rename, delete; reorder by drag and drop or with
  Alt+Up / Alt+Down) and one notes editor per item plus the meeting's general notes, each
  autosaved with an ``Autosaver`` (debounced on the database worker, and on focus-out).
- ``CaptureForm``: the inline form for a decision or an action item. What is typed is saved as a
  draft (created on the first autosave, updated after), so a crash loses nothing; Enter finishes,
  Escape discards.
- ``LiveMeeting``: the focused editor for the meeting in progress: agenda on the left, notes for
  the current item, Ctrl+D / Ctrl+T capture, the elapsed time, the autosave state. Entering it
  stores the meeting as "live" (``set_live_meeting``) so that the next start reopens it after a
  crash; leaving it normally flushes every save first, then forgets it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.db import meetings as m
from app.domain import vocab
from app.domain.records_meetings import (
    ActionRow,
    AgendaRow,
    DecisionRow,
    MeetingDetail,
)
from app.errors import KnownError, ValidationError
from app.views.action_tracker import ActionItemsTable
from app.views.autosave import Autosaver
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.widgets import (
    ERROR_COLOR,
    MUTED_COLOR,
    FormErrors,
    OptionalDateEdit,
    ask,
    hint_label,
    make_action,
    make_tool_button,
    section_title,
)

logger = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
GENERAL = None  # the key of the meeting's general notes among the notes editors


# --------------------------------------------------------------------------- autosave state
class SaverGroup(QObject):
    """The autosavers of one meeting, seen as one: ``pending``, ``flush()`` and one state."""

    state_changed = Signal(str)
    saved = Signal()  # every completed save of any member

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._savers: list[Autosaver] = []
        self._last_saved = ""
        self.state = tr("Everything is saved")
        self.failing = False

    def add(self, saver: Autosaver) -> Autosaver:
        self._savers.append(saver)
        saver.state_changed.connect(self._update)
        saver.saved.connect(self._on_saved)
        return saver

    def discard(self, saver: Autosaver) -> None:
        """Stop tracking ``saver`` once nothing of it is pending (it may then be deleted)."""
        if saver in self._savers and not saver.pending:
            self._savers.remove(saver)
            saver.deleteLater()

    @property
    def pending(self) -> bool:
        return any(s.pending for s in self._savers)

    def flush(self) -> None:
        for s in list(self._savers):
            s.flush()

    def _on_saved(self) -> None:
        self._last_saved = dt.datetime.now().strftime("%H:%M:%S")
        self._update()
        self.saved.emit()

    def _update(self, *_args: Any) -> None:
        editing, saving = tr("Editing…"), tr("Saving…")
        failing = [
            s.state
            for s in self._savers
            if s.pending and s.state and s.state not in (editing, saving)
        ]
        self.failing = bool(failing)
        if failing:
            text = failing[0]
        elif any(s.pending for s in self._savers):
            busy = saving if any(s.state == saving for s in self._savers if s.pending) else editing
            text = (
                tr("{state} (last saved at {time})").format(state=busy, time=self._last_saved)
                if self._last_saved
                else busy
            )
        elif self._last_saved:
            text = tr("Saved at {time}").format(time=self._last_saved)
        else:
            text = tr("Everything is saved")
        if text != self.state:
            self.state = text
            self.state_changed.emit(text)


class SaveStateLabel(QLabel):
    """The autosave state in words; red when a save failed and is being retried."""

    def __init__(self, group: SaverGroup, parent: QWidget | None = None) -> None:
        super().__init__(group.state, parent)
        self.setObjectName("saveState")
        self.setAccessibleName(tr("Autosave state"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._group = group
        group.state_changed.connect(self._show)
        self._show(group.state)

    def _show(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        palette = self.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText,
            QColor(ERROR_COLOR if self._group.failing else MUTED_COLOR),
        )
        self.setPalette(palette)


# --------------------------------------------------------------------------- agenda and notes
class AgendaList(QListWidget):
    """The agenda: drag and drop to reorder (persisted by ``AgendaNotes``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Agenda"))
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setSpacing(1)
        self.setMinimumWidth(200)


class AgendaNotes(QWidget):
    """The agenda panel (this widget) and the notes panel (``notes_panel``, placed by the owner).

    One ``QPlainTextEdit`` per agenda item (and one for the general notes) keeps each item's undo
    history and lets a retried save always read its own text.
    """

    current_changed = Signal(object)  # agenda item id, or None for the general notes
    agenda_changed = Signal()  # an item was added, renamed, deleted or moved (and stored)

    def __init__(
        self,
        ctx: AppContext,
        group: SaverGroup,
        *,
        large: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group = group
        self.meeting_id: int | None = None
        self._large = large
        self._editors: dict[int | None, tuple[QPlainTextEdit, Autosaver]] = {}
        self._moving = False

        self.list = AgendaList()
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.general_button = QPushButton(tr("General notes (not tied to an item)"))
        self.general_button.setCheckable(True)
        self.general_button.setAccessibleName(tr("General notes"))
        self.general_button.setToolTip(tr("Notes about the meeting as a whole"))
        self.general_button.clicked.connect(lambda _c: self.select_general())

        self.add_action = make_action(
            self, tr("&Add item…"), tr("Add an item at the end of the agenda"),
            "Ctrl+Shift+N", self.prompt_add,
        )  # fmt: skip
        self.rename_action = make_action(
            self.list, tr("Re&name…"), tr("Rename the selected agenda item"),
            "F2", self.prompt_rename, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.up_action = make_action(
            self.list, tr("Move &up"), tr("Move the selected agenda item up"),
            ["Alt+Up", "Ctrl+Up"], lambda: self.move_current(-1),
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.down_action = make_action(
            self.list, tr("Move do&wn"), tr("Move the selected agenda item down"),
            ["Alt+Down", "Ctrl+Down"], lambda: self.move_current(+1),
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.delete_action = make_action(
            self.list, tr("&Delete…"), tr("Delete the selected agenda item and its notes"),
            "Delete", self.delete_current, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        for action in (self.add_action, self.rename_action, self.up_action, self.down_action):
            buttons.addWidget(make_tool_button(action))
        buttons.addWidget(make_tool_button(self.delete_action))
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_title(tr("Agenda")))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(
            hint_label(tr("Drag items, or use Alt+Up / Alt+Down, to reorder the agenda."))
        )
        layout.addWidget(self.general_button)

        # the notes panel
        self.notes_panel = QWidget()
        self.item_heading = section_title("")
        self.item_heading.setWordWrap(True)
        self.stack = QStackedWidget()
        self.empty_page = hint_label(
            tr("Add an agenda item (Ctrl+Shift+N) or choose the general notes to take notes.")
        )
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(self.empty_page)
        notes_layout = QVBoxLayout(self.notes_panel)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(self.item_heading)
        notes_layout.addWidget(self.stack, 1)
        self.notes_panel.addAction(self.add_action)  # Ctrl+Shift+N from the notes too
        self._update_actions()

    # ------------------------------------------------------------------ building
    def set_meeting(self, meeting_id: int, general_notes: str, agenda: Sequence[AgendaRow]) -> None:
        """First fill: the list and an editor per item, with the notes as stored."""
        self.meeting_id = meeting_id
        self._editor_for(GENERAL, general_notes, tr("General notes"))
        self.list.blockSignals(True)
        self.list.clear()
        for row in agenda:
            self._insert_row(self.list.count(), row.id, row.title)
            self._editor_for(row.id, row.notes, row.title)
        self.list.blockSignals(False)
        self._renumber()
        if agenda:
            self.list.setCurrentRow(0)
        else:
            self.select_general()

    def sync(self, agenda: Sequence[AgendaRow]) -> None:
        """After a reload: new items get an editor; the text of an editor that exists is never
        replaced (it may hold what is being typed). The order on screen is kept while the same
        items are shown: moves made here are stored in order by the worker, so a reload queued
        before the latest move must not undo it."""
        current = self.current_item_id()
        wanted = [r.id for r in agenda]
        if set(wanted) == set(self.item_ids()):
            for row in agenda:
                item = self._item(row.id)
                if item is not None and item.data(TITLE_ROLE) != row.title:
                    item.setData(TITLE_ROLE, row.title)
            self._renumber()
            return
        self.list.blockSignals(True)
        self.list.clear()
        for row in agenda:
            self._insert_row(self.list.count(), row.id, row.title)
            if row.id not in self._editors:
                self._editor_for(row.id, row.notes, row.title)
        self.list.blockSignals(False)
        for gone in [k for k in self._editors if k is not GENERAL and k not in wanted]:
            self._drop_editor(gone)
        self._renumber()
        if current is not None and current in wanted:
            self.select_item(current)
        elif current is None and self.general_button.isChecked():
            self.select_general()
        elif wanted:
            self.list.setCurrentRow(0)
        else:
            self.select_general()

    def _insert_row(self, row: int, item_id: int, title: str) -> QListWidgetItem:
        item = QListWidgetItem(title)
        item.setData(ID_ROLE, item_id)
        item.setData(TITLE_ROLE, title)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        self.list.insertItem(row, item)
        return item

    def _renumber(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            title = item.data(TITLE_ROLE)
            item.setText(f"{i + 1}. {title}")
            item.setToolTip(title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{i + 1}. {title}")

    def _editor_for(self, key: int | None, text: str, title: str) -> QPlainTextEdit:
        if key in self._editors:
            return self._editors[key][0]
        edit = QPlainTextEdit()
        edit.setPlainText(text)
        edit.setTabChangesFocus(True)
        edit.setAccessibleName(
            tr("General notes") if key is GENERAL else tr("Notes: {title}").format(title=title)
        )
        edit.setPlaceholderText(
            tr("Notes about the meeting as a whole…")
            if key is GENERAL
            else tr("Notes for this agenda item… (saved as you type)")
        )
        if self._large:
            font = edit.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            edit.setFont(font)
        db = self.ctx.db
        if key is GENERAL:
            meeting_id = self.meeting_id
            assert meeting_id is not None

            def save(value: str) -> None:
                m.set_meeting_notes(db, meeting_id, value)
        else:
            item_id = key

            def save(value: str) -> None:
                m.set_agenda_notes(db, item_id, value)

        # No Qt parent: a save still in flight when this widget goes keeps its saver alive
        # (the worker's callback holds it), instead of calling back into a deleted object.
        saver = Autosaver(self.ctx.tasks, edit.toPlainText, save)
        edit.textChanged.connect(saver.changed)
        saver.watch_focus(edit)
        self.group.add(saver)
        self.stack.addWidget(edit)
        self._editors[key] = (edit, saver)
        return edit

    def _drop_editor(self, key: int | None) -> None:
        edit, saver = self._editors.pop(key)
        self.stack.removeWidget(edit)
        edit.deleteLater()
        # A deleted item's pending save would fail (NotFoundError); stop retrying it.
        saver.flush()
        QTimer.singleShot(0, lambda: self.group.discard(saver))

    # ------------------------------------------------------------------ reading
    def item_ids(self) -> list[int]:
        return [int(self.list.item(i).data(ID_ROLE)) for i in range(self.list.count())]

    def titles(self) -> list[str]:
        return [str(self.list.item(i).data(TITLE_ROLE)) for i in range(self.list.count())]

    def _item(self, item_id: int) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == item_id:
                return self.list.item(i)
        return None

    def current_item_id(self) -> int | None:
        """The agenda item whose notes are shown (``None``: the general notes, or nothing)."""
        if self.general_button.isChecked():
            return None
        item = self.list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def current_title(self) -> str:
        item = self.list.currentItem()
        return str(item.data(TITLE_ROLE)) if item is not None else ""

    def current_editor(self) -> QPlainTextEdit | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, QPlainTextEdit) else None

    def editor(self, key: int | None) -> QPlainTextEdit | None:
        pair = self._editors.get(key)
        return pair[0] if pair else None

    def saver(self, key: int | None) -> Autosaver | None:
        pair = self._editors.get(key)
        return pair[1] if pair else None

    def notes_text(self, key: int | None) -> str:
        edit = self.editor(key)
        return edit.toPlainText() if edit is not None else ""

    # ------------------------------------------------------------------ selection
    def _flush_current(self) -> None:
        key = self.current_item_id() if not self.general_button.isChecked() else GENERAL
        pair = self._editors.get(key)
        if pair is not None:
            pair[1].flush()

    def _on_row_changed(self, row: int) -> None:
        if self._moving:
            return
        for saver in [p[1] for p in self._editors.values()]:
            if saver.pending:
                saver.flush()
        if row < 0:
            if not self.general_button.isChecked():
                self.stack.setCurrentWidget(self.empty_page)
                self.item_heading.setText("")
            self._update_actions()
            return
        self.general_button.setChecked(False)
        item = self.list.item(row)
        item_id = int(item.data(ID_ROLE))
        edit = self.editor(item_id)
        if edit is not None:
            self.stack.setCurrentWidget(edit)
        self.item_heading.setText(item.text())
        self._update_actions()
        self.current_changed.emit(item_id)

    def select_item(self, item_id: int) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == item_id:
                self.general_button.setChecked(False)
                if self.list.currentRow() == i:
                    self._on_row_changed(i)
                else:
                    self.list.setCurrentRow(i)
                return True
        return False

    def select_general(self) -> None:
        for saver in [p[1] for p in self._editors.values()]:
            if saver.pending:
                saver.flush()
        self.general_button.setChecked(True)
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
        self.list.blockSignals(False)
        edit = self.editor(GENERAL)
        if edit is not None:
            self.stack.setCurrentWidget(edit)
        self.item_heading.setText(tr("General notes"))
        self._update_actions()
        self.current_changed.emit(None)

    def step(self, offset: int) -> None:
        """Go to the next (+1) or previous (-1) agenda item, keeping the focus in the notes."""
        had_focus = (edit := self.current_editor()) is not None and edit.hasFocus()
        count = self.list.count()
        if not count:
            return
        row = self.list.currentRow()
        if self.general_button.isChecked() or row < 0:
            target = 0 if offset > 0 else count - 1
        else:
            target = max(0, min(count - 1, row + offset))
        self.list.setCurrentRow(target)
        if had_focus:
            self.focus_notes()

    def focus_notes(self) -> None:
        edit = self.current_editor()
        if edit is not None:
            edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_actions(self) -> None:
        has = self.list.currentItem() is not None and not self.general_button.isChecked()
        row = self.list.currentRow()
        self.rename_action.setEnabled(has)
        self.delete_action.setEnabled(has)
        self.up_action.setEnabled(has and row > 0)
        self.down_action.setEnabled(has and row < self.list.count() - 1)
        self.add_action.setEnabled(self.meeting_id is not None)

    # ------------------------------------------------------------------ editing the agenda
    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def failed(err: BaseException) -> None:
            show_error(self, err)
            self.agenda_changed.emit()  # the owner reloads what is stored

        self.ctx.tasks.run(fn, done, failed)

    def prompt_add(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(tr("Add agenda item"))
        dialog.setLabelText(tr("Title of the new agenda item:"))
        dialog.setTextValue("")
        dialog.textValueSelected.connect(self.add_item)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def add_item(self, title: str) -> None:
        if self.meeting_id is None or not title.strip():
            return
        db, mid = self.ctx.db, self.meeting_id

        def done(item_id: int) -> None:
            clean = " ".join(title.split())
            self._insert_row(self.list.count(), item_id, clean)
            self._editor_for(item_id, "", clean)
            self._renumber()
            self.select_item(item_id)
            self.focus_notes()
            self.agenda_changed.emit()

        self._run(lambda: m.add_agenda_item(db, mid, title), done)

    def prompt_rename(self) -> QInputDialog | None:
        item = self.list.currentItem()
        if item is None:
            return None
        item_id = int(item.data(ID_ROLE))
        dialog = QInputDialog(self)
        dialog.setWindowTitle(tr("Rename agenda item"))
        dialog.setLabelText(tr("New title:"))
        dialog.setTextValue(str(item.data(TITLE_ROLE)))
        dialog.textValueSelected.connect(lambda text: self.rename_item(item_id, text))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def rename_item(self, item_id: int, title: str) -> None:
        if not title.strip():
            return
        db = self.ctx.db

        def done(_r: object) -> None:
            item = self._item(item_id)
            if item is not None:
                item.setData(TITLE_ROLE, " ".join(title.split()))
                self._renumber()
                if self.list.currentItem() is item:
                    self.item_heading.setText(item.text())
            self.agenda_changed.emit()

        self._run(lambda: m.rename_agenda_item(db, item_id, title), done)

    def delete_current(self) -> Any:
        item = self.list.currentItem()
        if item is None or self.general_button.isChecked():
            return None
        item_id = int(item.data(ID_ROLE))
        title = str(item.data(TITLE_ROLE))

        def delete() -> None:
            db = self.ctx.db
            row = self.list.row(item)

            def done(_r: object) -> None:
                found = self._item(item_id)
                if found is not None:
                    self.list.takeItem(self.list.row(found))
                if item_id in self._editors:
                    self._drop_editor(item_id)
                self._renumber()
                if self.list.count():
                    self.list.setCurrentRow(min(row, self.list.count() - 1))
                else:
                    self.select_general()
                self.agenda_changed.emit()

            saver = self.saver(item_id)
            if saver is not None:
                saver.flush()
            self._run(lambda: m.delete_agenda_item(db, item_id), done)

        if not self.notes_text(item_id).strip():
            delete()
            return None
        return ask(
            self,
            tr("Delete agenda item"),
            tr("Delete “{title}” and its notes?").format(title=title),
            tr("Delete"),
            delete,
            informative=tr("Decisions and action items recorded under it are kept."),
        )

    def move_current(self, offset: int) -> None:
        row = self.list.currentRow()
        if row < 0 or self.general_button.isChecked():
            return
        target = max(0, min(self.list.count() - 1, row + offset))
        if target == row:
            return
        self._moving = True
        try:
            item = self.list.takeItem(row)
            self.list.insertItem(target, item)
            self.list.setCurrentRow(target)
        finally:
            self._moving = False
        self._renumber()
        self.item_heading.setText(self.list.item(target).text())
        self._update_actions()
        self._persist_order()

    def _on_rows_moved(self, *_args: QModelIndex | int) -> None:
        """A drag and drop moved rows: store the new order."""
        if self._moving:
            return
        QTimer.singleShot(0, self._after_drop)

    def _after_drop(self) -> None:
        self._renumber()
        item = self.list.currentItem()
        if item is not None and not self.general_button.isChecked():
            self.item_heading.setText(item.text())
        self._update_actions()
        self._persist_order()

    def _persist_order(self) -> None:
        if self.meeting_id is None:
            return
        db, mid, ids = self.ctx.db, self.meeting_id, self.item_ids()
        self._run(lambda: m.reorder_agenda(db, mid, ids), lambda _r: self.agenda_changed.emit())


# --------------------------------------------------------------------------- capture form
class _Draft:
    """The stored side of a decision or action item being typed. Runs on the database worker:
    the first save creates the record, later saves update it; discarding deletes what it created
    (or puts an edited record back as it was)."""

    def __init__(
        self,
        db: Any,
        meeting_id: int,
        kind: str,
        existing: DecisionRow | ActionRow | None,
    ) -> None:
        self.db = db
        self.meeting_id = meeting_id
        self.kind = kind
        self.existing = existing
        self.item_id: int | None = existing.id if existing is not None else None
        self.created = False
        self.discarded = False
        # owner_officer_id, owner_attendee_id, due_date, agenda_item_id (set on the UI thread)
        self.fields: tuple[Any, ...] = (None, None, None, None)

    def save(self, text: str) -> None:
        if self.discarded:
            return
        body = text.strip()
        officer_id, attendee_id, due, agenda_id = self.fields
        if not body:
            if self.created and self.item_id is not None:
                self._delete()
                self.item_id, self.created = None, False
            return
        if self.kind == "decision":
            if self.item_id is None:
                self.item_id = m.add_decision(self.db, self.meeting_id, body, agenda_id)
                self.created = True
            else:
                m.update_decision(self.db, self.item_id, body)
        else:
            if self.item_id is None:
                self.item_id = m.add_action(
                    self.db,
                    self.meeting_id,
                    body,
                    owner_officer_id=officer_id,
                    owner_attendee_id=attendee_id,
                    due_date=due,
                    agenda_item_id=agenda_id,
                )
                self.created = True
            else:
                m.update_action(
                    self.db,
                    self.item_id,
                    description=body,
                    owner_officer_id=officer_id,
                    owner_attendee_id=attendee_id,
                    due_date=due,
                )

    def _delete(self) -> None:
        assert self.item_id is not None
        if self.kind == "decision":
            m.delete_decision(self.db, self.item_id)
        else:
            m.delete_action(self.db, self.item_id)

    def discard(self) -> None:
        self.discarded = True
        if self.created and self.item_id is not None:
            self._delete()
        elif isinstance(self.existing, DecisionRow):
            m.update_decision(self.db, self.existing.id, self.existing.text)
        elif isinstance(self.existing, ActionRow):
            e = self.existing
            m.update_action(
                self.db,
                e.id,
                description=e.description,
                owner_officer_id=e.owner_officer_id,
                owner_attendee_id=e.owner_attendee_id,
                due_date=e.due_date,
            )

    def finish(self, text: str) -> int | None:
        self.save(text)
        self.discarded = True  # later (retried) saves of this draft do nothing
        return self.item_id


Owner = tuple[str, int | None, int | None]  # label, officer id, attendee id


def owner_key(officer_id: int | None, attendee_id: int | None) -> str:
    """The combo-box data of an owner: "officer:3", "attendee:12" or "" (no owner)."""
    if officer_id is not None:
        return f"officer:{officer_id}"
    if attendee_id is not None:
        return f"attendee:{attendee_id}"
    return ""


def parse_owner_key(key: object) -> tuple[int | None, int | None]:
    kind, _, number = str(key or "").partition(":")
    if not number.isdigit():
        return None, None
    return (int(number), None) if kind == "officer" else (None, int(number))


def owner_choices(detail: MeetingDetail, officers: Sequence[Any]) -> list[Owner]:
    """Attendees first (officers and external people), then the other active officers."""
    out: list[Owner] = []
    seen: set[int] = set()
    for a in detail.attendees:
        if a.officer_id is not None:
            seen.add(a.officer_id)
            out.append((a.name, a.officer_id, None))
        else:
            org = f" ({a.organisation})" if a.organisation else ""
            out.append((f"{a.name}{org}", None, a.id))
    for o in officers:
        if o.id not in seen:
            out.append((tr("{name} (SPRI, not attending)").format(name=o.name), o.id, None))
    return out


class CaptureForm(QFrame):
    """Inline capture of a decision or an action item. ``finished(kind, id)`` once stored."""

    finished = Signal(str, int)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, group: SaverGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureForm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#captureForm { background: #f4f8fa; border: 1px solid #9fbccc; "
            "border-radius: 6px; }"
        )
        self.ctx = ctx
        self.group = group
        self.kind = "decision"
        self.meeting_id: int | None = None
        self._draft: _Draft | None = None
        self._saver: Autosaver | None = None
        self._finishing = False
        self.errors = FormErrors()

        self.heading = section_title("")
        self.text_edit = QLineEdit()
        self.text_edit.setAccessibleName(tr("What"))
        self.text_edit.setMaxLength(4000)
        self.agenda_combo = QComboBox()
        self.agenda_combo.setAccessibleName(tr("Agenda item"))
        self.agenda_combo.setMinimumContentsLength(16)
        self.agenda_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.owner_combo = QComboBox()
        self.owner_combo.setAccessibleName(tr("Owner"))
        self.owner_combo.setMinimumContentsLength(18)
        self.owner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.due_edit = OptionalDateEdit(
            tr("Due date"), check_text=tr("D&ue"), none_text=tr("no date"),
            default=dt.date.today() + dt.timedelta(days=14),
        )  # fmt: skip
        self.errors.attach("text", self.text_edit)
        self.errors.attach("description", self.text_edit)
        self.errors.attach("owner", self.owner_combo)

        self.save_action = make_action(
            self, tr("&Save"), tr("Finish and keep this item"), ["Return", "Enter"], self.finish
        )
        self.cancel_action = make_action(
            self, tr("Discard"), tr("Discard this item"), "Escape", self.cancel
        )
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.owner_combo.currentIndexChanged.connect(self._on_fields_changed)
        self.agenda_combo.currentIndexChanged.connect(self._on_fields_changed)
        self.due_edit.changed.connect(self._on_fields_changed)

        self.what_label = QLabel(tr("&What:"))
        self.what_label.setBuddy(self.text_edit)
        self.owner_label = QLabel(tr("&Owner:"))
        self.owner_label.setBuddy(self.owner_combo)
        agenda_label = QLabel(tr("A&genda item:"))
        agenda_label.setBuddy(self.agenda_combo)

        row1 = QHBoxLayout()
        row1.addWidget(self.what_label)
        row1.addWidget(self.text_edit, 1)
        row2 = QHBoxLayout()
        row2.addWidget(agenda_label)
        row2.addWidget(self.agenda_combo, 1)
        row2.addWidget(self.owner_label)
        row2.addWidget(self.owner_combo, 1)
        row2.addWidget(self.due_edit)
        buttons = QHBoxLayout()
        self.hint = hint_label(tr("Saved as you type. Enter keeps it, Escape discards it."))
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(make_tool_button(self.save_action))
        buttons.addWidget(make_tool_button(self.cancel_action))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.heading)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.errors.general)
        layout.addLayout(buttons)
        self.hide()

    # ------------------------------------------------------------------ starting
    @property
    def active(self) -> bool:
        return self.isVisible() and self._draft is not None

    def start(
        self,
        kind: str,
        meeting_id: int,
        *,
        agenda: Sequence[tuple[str, int]] = (),
        agenda_item_id: int | None = None,
        owners: Sequence[Owner] = (),
        existing: DecisionRow | ActionRow | None = None,
    ) -> None:
        """Show the form for a new (or ``existing``) decision or action item."""
        if self.active:
            self.finish()
        self.kind = kind
        self.meeting_id = meeting_id
        self.errors.clear()
        self._draft = _Draft(self.ctx.db, meeting_id, kind, existing)
        if self._saver is not None:
            self.group.discard(self._saver)
        draft = self._draft
        self._saver = self.group.add(
            Autosaver(self.ctx.tasks, self.text_edit.text, draft.save)  # no parent: see above
        )
        self._saver.watch_focus(self.text_edit)

        for w in (self.agenda_combo, self.owner_combo, self.due_edit, self.text_edit):
            w.blockSignals(True)
        self.agenda_combo.clear()
        self.agenda_combo.addItem(tr("(whole meeting)"), None)
        for title, item_id in agenda:
            self.agenda_combo.addItem(title, item_id)
        wanted_agenda = agenda_item_id
        if isinstance(existing, DecisionRow | ActionRow):
            wanted_agenda = existing.agenda_item_id
        self.agenda_combo.setCurrentIndex(max(self.agenda_combo.findData(wanted_agenda), 0))
        self.agenda_combo.setEnabled(existing is None)
        is_action = kind == "action"
        for w in (self.owner_label, self.owner_combo, self.due_edit):
            w.setVisible(is_action)
        self.owner_combo.clear()
        self.owner_combo.addItem(tr("(no owner yet)"), owner_key(None, None))
        for label, officer_id, attendee_id in owners:
            self.owner_combo.addItem(label, owner_key(officer_id, attendee_id))
        if isinstance(existing, ActionRow):
            index = self.owner_combo.findData(
                owner_key(existing.owner_officer_id, existing.owner_attendee_id)
            )
            self.owner_combo.setCurrentIndex(max(index, 0))
            self.due_edit.set_date(existing.due_date)
            self.text_edit.setText(existing.description)
        elif isinstance(existing, DecisionRow):
            self.text_edit.setText(existing.text)
        else:
            self.owner_combo.setCurrentIndex(0)
            self.due_edit.set_date(None)
            self.text_edit.clear()
        for w in (self.agenda_combo, self.owner_combo, self.due_edit, self.text_edit):
            w.blockSignals(False)
        self._snapshot_fields()

        if existing is None:
            self.heading.setText(
                tr("New decision") if kind == "decision" else tr("New action item")
            )
        else:
            self.heading.setText(
                tr("Edit decision") if kind == "decision" else tr("Edit action item")
            )
        self.text_edit.setPlaceholderText(
            tr("e.g. The board approves the 2027 action plan")
            if kind == "decision"
            else tr("e.g. Send the draft budget to the members")
        )
        self.show()
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ typing
    def _snapshot_fields(self) -> None:
        if self._draft is None:
            return
        officer_id, attendee_id = parse_owner_key(self.owner_combo.currentData())
        due = self.due_edit.date() if self.kind == "action" else None
        self._draft.fields = (officer_id, attendee_id, due, self.agenda_combo.currentData())

    def _on_text_changed(self, _text: str) -> None:
        if self._saver is not None and self._draft is not None:
            self._saver.changed()

    def _on_fields_changed(self, *_args: Any) -> None:
        self._snapshot_fields()
        if self._saver is not None and self._draft is not None and self.text_edit.text().strip():
            self._saver.changed()

    # ------------------------------------------------------------------ finishing
    def finish(self) -> None:
        """Store the item as typed and close the form (Enter)."""
        if self._draft is None or self._finishing:
            return
        text = self.text_edit.text()
        if not text.strip():
            self.errors.show(
                {"text": tr("Write the decision.")}
                if self.kind == "decision"
                else {"description": tr("Write what is to be done.")}
            )
            return
        self._snapshot_fields()
        draft, saver, kind = self._draft, self._saver, self.kind
        self._finishing = True
        if saver is not None:
            saver.flush()

        def done(item_id: int | None) -> None:
            self._finishing = False
            if self._draft is draft:
                self._draft = None
                self.hide()
            if saver is not None:
                self.group.discard(saver)
            if item_id is not None:
                self.finished.emit(kind, item_id)

        def failed(err: BaseException) -> None:
            self._finishing = False
            if isinstance(err, ValidationError):
                self.errors.show(err.problems)
            elif isinstance(err, KnownError):
                self.errors.show({"": str(err)})
            else:
                show_error(self, err)

        self.ctx.tasks.run(lambda: draft.finish(text), done, failed)

    def cancel(self) -> None:
        """Discard the item (Escape): a draft already stored is deleted again."""
        if self._draft is None:
            self.hide()
            return
        draft, saver = self._draft, self._saver
        self._draft = None
        if saver is not None:
            saver.flush()
        self.hide()

        def done(_r: object) -> None:
            if saver is not None:
                self.group.discard(saver)
            self.cancelled.emit()

        def failed(err: BaseException) -> None:
            logger.warning("discarding a draft failed: %s", err)
            done(None)

        self.ctx.tasks.run(draft.discard, done, failed)


# --------------------------------------------------------------------------- live mode
def format_elapsed(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class LiveMeeting(QWidget):
    """The focused editor of the meeting in progress.

    Signals: ``ready`` once the meeting is on screen; ``left(meeting_id)`` after leaving live
    mode normally (everything saved, the live state forgotten); ``closed(meeting_id)`` after the
    meeting was closed (the owner then offers to log the time); ``open_meeting(id)``.
    """

    ready = Signal()
    left = Signal(int)
    closed = Signal(int)
    open_meeting = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        meeting_id: int,
        *,
        resumed: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("live_meeting")
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.resumed = resumed
        self.detail: MeetingDetail | None = None
        self._officers: list[Any] = []
        self._origin = dt.datetime.now()
        self._leaving = False
        self.group = SaverGroup(self)
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._start()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.badge = QLabel(tr("LIVE"))
        self.badge.setObjectName("liveBadge")
        self.badge.setStyleSheet(
            "QLabel#liveBadge { background: #b00020; color: white; font-weight: 700; "
            "padding: 2px 8px; border-radius: 4px; }"
        )
        self.badge.setAccessibleName(tr("Live meeting mode"))
        self.title_label = QLabel(tr("Loading the meeting…"))
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.info_label = QLabel("")
        self.info_label.setObjectName("subtitle")
        self.elapsed_label = QLabel(tr("Elapsed 0:00:00"))
        self.elapsed_label.setAccessibleName(tr("Elapsed time"))
        mono = QFont(self.elapsed_label.font())
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setFamily("DejaVu Sans Mono")
        mono.setPointSizeF(mono.pointSizeF() * 1.3)
        mono.setBold(True)
        self.elapsed_label.setFont(mono)
        self.save_label = SaveStateLabel(self.group)

        self.decision_action = make_action(
            self, tr("&Decision (Ctrl+D)"), tr("Record a decision on the current agenda item"),
            "Ctrl+D", self.capture_decision,
        )  # fmt: skip
        self.action_action = make_action(
            self, tr("Action &item (Ctrl+T)"), tr("Record an action item: what, owner, due date"),
            "Ctrl+T", self.capture_action,
        )  # fmt: skip
        self.prev_action = make_action(
            self, tr("&Previous item"), tr("Go to the previous agenda item"),
            "Ctrl+PgUp", lambda: self.agenda.step(-1),
        )  # fmt: skip
        self.next_action = make_action(
            self, tr("&Next item"), tr("Go to the next agenda item"),
            "Ctrl+PgDown", lambda: self.agenda.step(+1),
        )  # fmt: skip
        self.close_action = make_action(
            self, tr("&Close meeting…"),
            tr("The meeting is over: record the end time and log your hours"),
            "Ctrl+Shift+E", self.confirm_close,
        )  # fmt: skip
        self.leave_action = make_action(
            self, tr("&Leave live mode"),
            tr("Save everything and go back to the meeting (it stays open)"),
            "Ctrl+Shift+L", self.leave,
        )  # fmt: skip

        header = QHBoxLayout()
        header.addWidget(self.badge)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.info_label)
        header.addLayout(titles, 1)
        status = QVBoxLayout()
        status.setSpacing(0)
        status.addWidget(self.elapsed_label, 0, Qt.AlignmentFlag.AlignRight)
        status.addWidget(self.save_label, 0, Qt.AlignmentFlag.AlignRight)
        header.addLayout(status)

        toolbar = QHBoxLayout()
        for action in (self.decision_action, self.action_action):
            button = make_tool_button(action)
            button.setStyleSheet("QToolButton { font-weight: 600; }")
            toolbar.addWidget(button)
        toolbar.addSpacing(12)
        toolbar.addWidget(make_tool_button(self.prev_action))
        toolbar.addWidget(make_tool_button(self.next_action))
        toolbar.addStretch(1)
        toolbar.addWidget(make_tool_button(self.leave_action))
        toolbar.addWidget(make_tool_button(self.close_action))

        self.agenda = AgendaNotes(self.ctx, self.group, large=True)
        self.agenda.current_changed.connect(self._on_item_changed)
        self.agenda.agenda_changed.connect(self.reload)
        self.capture = CaptureForm(self.ctx, self.group)
        self.capture.finished.connect(self._on_captured)
        self.capture.cancelled.connect(self.agenda.focus_notes)

        self.recorded_list = QListWidget()
        self.recorded_list.setAccessibleName(tr("Decisions and action items of this meeting"))
        self.recorded_list.setWordWrap(True)
        self.recorded_list.setAlternatingRowColors(True)
        self.recorded_list.itemActivated.connect(self._edit_recorded)
        make_action(
            self.recorded_list, tr("Edit"), tr("Edit the selected decision or action item"),
            "F2", lambda: self._edit_recorded(self.recorded_list.currentItem()),
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.carried = ActionItemsTable(
            self.ctx, tr("Carried forward from earlier meetings"),
            ("state", "due", "what", "owner", "meeting"), can_open=False,
        )  # fmt: skip
        self.carried.changed.connect(self.reload)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        recorded_page = QWidget()
        rec_layout = QVBoxLayout(recorded_page)
        rec_layout.setContentsMargins(0, 4, 0, 0)
        rec_layout.addWidget(self.recorded_list)
        rec_layout.addWidget(
            hint_label(tr("Enter or F2 on a line edits it. Ctrl+D: decision, Ctrl+T: action."))
        )
        self.tabs.addTab(recorded_page, tr("Recorded"))
        self.tabs.addTab(self.carried, tr("Carried forward"))

        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.agenda.notes_panel, 1)
        top_layout.addWidget(self.capture)
        right.addWidget(top)
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setSizes([520, 180])
        right.setChildrenCollapsible(False)

        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.agenda)
        body.addWidget(right)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 3)
        body.setSizes([300, 900])
        body.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(toolbar)
        layout.addWidget(body, 1)

    # ------------------------------------------------------------------ loading
    def _start(self) -> None:
        db, mid = self.ctx.db, self.meeting_id

        def fetch() -> tuple[Any, ...]:
            m.set_live_meeting(db, mid)  # remembered at once: a crash from now on reopens it
            return m.get_meeting(db, mid), directory.list_officers(db, include_inactive=False)

        def failed(err: BaseException) -> None:
            show_error(self, err)
            self.ready.emit()

        self.ctx.tasks.run(fetch, self._apply_first, failed)

    def _apply_first(self, result: tuple[Any, ...]) -> None:
        detail, officers = result
        self._officers = officers
        self._show(detail)
        self.agenda.set_meeting(self.meeting_id, detail.notes, detail.agenda)
        remembered = self.ctx.settings.value("meetings/live_item")
        if str(remembered or "").isdigit():
            self.agenda.select_item(int(str(remembered)))
        self._origin = self._elapsed_origin(detail)
        self._tick()
        self._timer.start()
        self.agenda.focus_notes()
        self.ready.emit()

    def _elapsed_origin(self, detail: MeetingDetail) -> dt.datetime:
        """Elapsed time counts from the scheduled start while the meeting is on (so it survives a
        restart); otherwise from when live mode was entered."""
        now = dt.datetime.now()
        starts = detail.meeting.starts_at
        ends = detail.meeting.ends_at or starts + dt.timedelta(hours=3)
        if starts <= now <= ends + dt.timedelta(hours=3):
            return starts
        key = "meetings/live_started"
        stored = self.ctx.settings.value(key)
        if self.resumed and isinstance(stored, str) and stored.startswith(f"{self.meeting_id}@"):
            with contextlib.suppress(ValueError):
                return dt.datetime.fromisoformat(stored.split("@", 1)[1])
        self.ctx.settings.setValue(key, f"{self.meeting_id}@{now.isoformat(timespec='seconds')}")
        return now

    def reload(self) -> None:
        db, mid = self.ctx.db, self.meeting_id

        def failed(err: BaseException) -> None:
            show_error(self, err)

        self.ctx.tasks.run(lambda: m.get_meeting(db, mid), self._apply_reload, failed)

    def _apply_reload(self, detail: MeetingDetail) -> None:
        self._show(detail)
        self.agenda.sync(detail.agenda)

    def _show(self, detail: MeetingDetail) -> None:
        self.detail = detail
        row = detail.meeting
        self.title_label.setText(row.title)
        end = f"–{row.ends_at:%H:%M}" if row.ends_at else ""
        place = tr("online") if row.online and not row.location else row.location
        self.info_label.setText(
            tr("{cluster} · {kind} · planned {day} {start}{end} · {place}").format(
                cluster=row.cluster_short_name,
                kind=tr(vocab.MEETING_KINDS.get(row.kind, row.kind)),
                day=row.starts_at.date().isoformat(),
                start=f"{row.starts_at:%H:%M}",
                end=end,
                place=place or tr("no place given"),
            )
        )
        self._fill_recorded(detail)
        self.carried.set_rows(
            detail.carried_forward,
            tr("No open action items from earlier meetings of this cluster."),
        )
        self.tabs.setTabText(1, tr("Carried forward ({n})").format(n=len(detail.carried_forward)))
        self.tabs.setTabText(
            0,
            tr("Recorded: {d} decision(s), {a} action item(s)").format(
                d=len(detail.decisions), a=len(detail.actions)
            ),
        )

    def _fill_recorded(self, detail: MeetingDetail) -> None:
        numbers = {a.id: i + 1 for i, a in enumerate(detail.agenda)}
        keep = self.recorded_list.currentRow()
        self.recorded_list.clear()
        for d in detail.decisions:
            where = (
                tr(" (item {n})").format(n=numbers[d.agenda_item_id])
                if d.agenda_item_id in numbers
                else ""
            )
            item = QListWidgetItem(tr("Decision{where}: {text}").format(where=where, text=d.text))
            item.setData(ID_ROLE, ("decision", d))
            self.recorded_list.addItem(item)
        for a in detail.actions:
            owner = a.owner_name or tr("no owner")
            due = a.due_date.isoformat() if a.due_date else tr("no due date")
            status = "" if a.status == "open" else f" [{tr(vocab.ACTION_STATUSES[a.status])}]"
            item = QListWidgetItem(
                tr("Action: {text} — {owner}, {due}{status}").format(
                    text=a.description, owner=owner, due=due, status=status
                )
            )
            item.setData(ID_ROLE, ("action", a))
            self.recorded_list.addItem(item)
        if 0 <= keep < self.recorded_list.count():
            self.recorded_list.setCurrentRow(keep)

    def _tick(self) -> None:
        elapsed = (dt.datetime.now() - self._origin).total_seconds()
        self.elapsed_label.setText(tr("Elapsed {time}").format(time=format_elapsed(elapsed)))

    def elapsed_text(self) -> str:
        return self.elapsed_label.text()

    def _on_item_changed(self, item_id: int | None) -> None:
        self.ctx.settings.setValue("meetings/live_item", item_id if item_id is not None else "")

    # ------------------------------------------------------------------ capture
    def _agenda_choices(self) -> list[tuple[str, int]]:
        return [
            (f"{i + 1}. {t}", iid)
            for i, (t, iid) in enumerate(
                zip(self.agenda.titles(), self.agenda.item_ids(), strict=True)
            )
        ]

    def capture_decision(self) -> None:
        if self.detail is None:
            return
        self.capture.start(
            "decision",
            self.meeting_id,
            agenda=self._agenda_choices(),
            agenda_item_id=self.agenda.current_item_id(),
        )

    def capture_action(self) -> None:
        if self.detail is None:
            return
        self.capture.start(
            "action",
            self.meeting_id,
            agenda=self._agenda_choices(),
            agenda_item_id=self.agenda.current_item_id(),
            owners=owner_choices(self.detail, self._officers),
        )

    def _edit_recorded(self, item: QListWidgetItem | None) -> None:
        if item is None or self.detail is None:
            return
        kind, record = item.data(ID_ROLE)
        self.capture.start(
            kind,
            self.meeting_id,
            agenda=self._agenda_choices(),
            owners=owner_choices(self.detail, self._officers) if kind == "action" else (),
            existing=record,
        )

    def _on_captured(self, _kind: str, _item_id: int) -> None:
        self.reload()
        self.agenda.focus_notes()

    # ------------------------------------------------------------------ leaving
    def flush(self) -> None:
        """Queue every pending save now (a capture being typed is kept, or dropped if empty)."""
        if self.capture.active:
            if self.capture.text_edit.text().strip():
                self.capture.finish()
            else:
                self.capture.cancel()
        self.group.flush()

    def leave(self, *, close: bool = False) -> None:
        """Save everything, then forget the live state; ``left`` (or ``closed``) follows."""
        if self._leaving:
            return
        self._leaving = True
        self.flush()
        db, mid = self.ctx.db, self.meeting_id
        ends_at = self._actual_end() if close else None

        def barrier() -> None:
            """Runs after every queued save (the worker is serial)."""

        def saved(_r: object) -> None:
            if self.group.pending:  # a save failed and is being retried: stay
                self._leaving = False
                show_error(
                    self,
                    KnownError(
                        tr(
                            "Some notes are not saved yet ({state}). Live mode stays on; "
                            "try again in a moment."
                        ).format(state=self.group.state)
                    ),
                )
                return

            def forget() -> None:
                if close:
                    m.set_meeting_closed(db, mid, True, ends_at)
                m.set_live_meeting(db, None)

            self.ctx.tasks.run(forget, finished, failed)

        def finished(_r: object) -> None:
            self._timer.stop()
            self.ctx.settings.remove("meetings/live_item")
            self.ctx.settings.remove("meetings/live_started")
            (self.closed if close else self.left).emit(mid)

        def failed(err: BaseException) -> None:
            self._leaving = False
            show_error(self, err)

        self.ctx.tasks.run(barrier, saved, failed)

    def _actual_end(self) -> dt.datetime | None:
        """Now, if the meeting is running today; otherwise keep its planned end."""
        if self.detail is None:
            return None
        now = dt.datetime.now().replace(second=0, microsecond=0)
        starts = self.detail.meeting.starts_at
        if starts <= now <= starts + dt.timedelta(hours=24):
            return now
        return None

    def confirm_close(self) -> Any:
        if self.detail is None:
            return None
        end = self._actual_end()
        text = (
            tr("Close the meeting now? Its end time becomes {time}.").format(time=f"{end:%H:%M}")
            if end is not None
            else tr("Close the meeting? Its planned times are kept.")
        )
        return ask(
            self,
            tr("Close meeting"),
            text,
            tr("Close meeting"),
            lambda: self.leave(close=True),
            informative=tr("Everything typed is saved first. You can then log your time."),
        )
