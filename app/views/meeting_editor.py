"""The editor of one meeting: details, attendees, the agenda with notes per item, decisions,
action items and the open items carried forward from earlier meetings of the cluster.

Typed notes are autosaved (``AgendaNotes``); decisions and action items are captured with the
same inline form as in live mode. Every write runs on the database worker, in order with the
autosaves. Duplicate and delete (with undo) are handled by the Meetings page, which owns the
list; the editor asks for them with signals.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from app.db import directory
from app.db import meetings as m
from app.domain import vocab
from app.domain.records import ClusterRow, OfficerRow
from app.domain.records_meetings import (
    ActionRow,
    AttendeeRow,
    DecisionRow,
    MeetingDetail,
    MeetingInput,
    MeetingRow,
)
from app.errors import KnownError, NotFoundError, ValidationError
from app.models.record_table import Column, RecordTableModel
from app.views.action_tracker import ActionItemsTable
from app.views.context import AppContext
from app.views.live_meeting import (
    ID_ROLE,
    AgendaNotes,
    CaptureForm,
    SaverGroup,
    SaveStateLabel,
    owner_choices,
)
from app.views.log_time_dialog import LogTimeDialog
from app.views.messages import show_error, tr
from app.views.widgets import (
    FormErrors,
    ask,
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

DEFAULT_AGENDA = (
    "Approval of the minutes of the previous meeting",
    "Follow-up of open action items",
    "Any other business",
)


def meeting_when(row: MeetingRow) -> str:
    end = f"–{row.ends_at:%H:%M}" if row.ends_at else ""
    return f"{row.starts_at:%Y-%m-%d %a} {row.starts_at:%H:%M}{end}"


def meeting_place(row: MeetingRow) -> str:
    if row.online and row.location:
        if "online" in row.location.casefold():
            return row.location
        return tr("{place} (online)").format(place=row.location)
    if row.online:
        return tr("Online")
    return row.location or tr("no place given")


# --------------------------------------------------------------------------- dialogs
class MeetingDialog(QDialog):
    """Create a meeting (with invited officers and a first agenda) or edit its details.

    ``saved(meeting_id)`` on success; the dialog stays open, with each problem beside its field,
    while anything is wrong.
    """

    saved = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        clusters: Sequence[ClusterRow],
        officers: Sequence[OfficerRow],
        *,
        meeting: MeetingRow | None = None,
        current_notes: Callable[[], str] | None = None,
        cluster_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meeting_dialog")
        self.ctx = ctx
        self._meeting = meeting
        self._current_notes = current_notes or (lambda: "")
        self._clusters = list(clusters)
        self._officers = [o for o in officers if o.active]
        self._checks_touched = False
        self.saved_id: int | None = meeting.id if meeting else None
        self.setWindowTitle(
            tr("New meeting")
            if meeting is None
            else tr("Edit meeting – {title}").format(title=meeting.title)
        )
        self.setMinimumWidth(600)
        self.errors = FormErrors()
        self._build()
        if meeting is not None:
            self._fill(meeting)
        else:
            index = self.cluster_combo.findData(cluster_id) if cluster_id is not None else 0
            self.cluster_combo.setCurrentIndex(max(index, 0))
            self._default_checks()

    def _build(self) -> None:
        self.cluster_combo = QComboBox()
        self.cluster_combo.setAccessibleName(tr("Cluster"))
        for c in self._clusters:
            self.cluster_combo.addItem(f"{c.short_name} – {c.name}", c.id)
        self.cluster_combo.currentIndexChanged.connect(self._on_cluster_changed)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(tr("Kind"))
        for key, label in vocab.MEETING_KINDS.items():
            self.kind_combo.addItem(tr(label), key)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(tr("Title"))
        self.title_edit.setMaxLength(300)
        self.title_edit.setPlaceholderText(tr("e.g. GAIA board meeting – Q1 2027 (optional)"))

        today = dt.date.today()
        self.date_edit = make_date_edit(tr("Date"), today + dt.timedelta(days=7))
        self.start_edit = QTimeEdit(QTime(10, 0))
        self.start_edit.setDisplayFormat("HH:mm")
        self.start_edit.setAccessibleName(tr("Starts at"))
        self.end_edit = QTimeEdit(QTime(12, 0))
        self.end_edit.setDisplayFormat("HH:mm")
        self.end_edit.setAccessibleName(tr("Ends at"))
        times = QWidget()
        times_layout = QHBoxLayout(times)
        times_layout.setContentsMargins(0, 0, 0, 0)
        times_layout.addWidget(self.date_edit)
        from_label = QLabel(tr("&from"))
        from_label.setBuddy(self.start_edit)
        to_label = QLabel(tr("t&o"))
        to_label.setBuddy(self.end_edit)
        times_layout.addWidget(from_label)
        times_layout.addWidget(self.start_edit)
        times_layout.addWidget(to_label)
        times_layout.addWidget(self.end_edit)
        times_layout.addStretch(1)

        self.location_edit = QLineEdit()
        self.location_edit.setAccessibleName(tr("Location"))
        self.location_edit.setMaxLength(300)
        self.location_edit.setPlaceholderText(tr("e.g. Cluster offices, Zamudio"))
        self.online_check = QCheckBox(tr("O&nline (video call)"))
        self.online_check.setAccessibleName(tr("Online"))
        place = QWidget()
        place_layout = QHBoxLayout(place)
        place_layout.setContentsMargins(0, 0, 0, 0)
        place_layout.addWidget(self.location_edit, 1)
        place_layout.addWidget(self.online_check)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        e = self.errors
        for text, field, widget, buddy in (
            (tr("&Cluster:"), "cluster_id", self.cluster_combo, self.cluster_combo),
            (tr("&Kind:"), "kind", self.kind_combo, self.kind_combo),
            (tr("&Title:"), "title", self.title_edit, self.title_edit),
            (tr("&Date:"), "ends_at", times, self.date_edit),
            (tr("&Place:"), "location", place, self.location_edit),
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, e.wrap(field, widget))

        self.officer_list = QListWidget()
        self.officer_list.setAccessibleName(tr("SPRI officers attending"))
        for o in self._officers:
            item = QListWidgetItem(o.name)
            item.setData(ID_ROLE, o.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.officer_list.addItem(item)
        self.officer_list.setMaximumHeight(self.officer_list.sizeHintForRow(0) * 5 + 8)
        self.officer_list.itemChanged.connect(self._on_check_changed)
        self.agenda_edit = QPlainTextEdit()
        self.agenda_edit.setAccessibleName(tr("Agenda, one item per line"))
        self.agenda_edit.setTabChangesFocus(True)
        self.agenda_edit.setPlainText("\n".join(tr(t) for t in DEFAULT_AGENDA))
        self.agenda_edit.setFixedHeight(self.agenda_edit.fontMetrics().lineSpacing() * 5 + 14)
        if self._meeting is None:
            officers_label = QLabel(tr("&Officers:"))
            officers_label.setBuddy(self.officer_list)
            form.addRow(officers_label, self.officer_list)
            agenda_label = QLabel(tr("&Agenda:"))
            agenda_label.setBuddy(self.agenda_edit)
            form.addRow(agenda_label, self.agenda_edit)
        else:
            self.officer_list.hide()
            self.agenda_edit.hide()

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Create meeting") if self._meeting is None else tr("Save"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        if self._meeting is None:
            layout.addWidget(
                hint_label(
                    tr(
                        "Officers and agenda can be changed later in the meeting; external "
                        "attendees are added there too."
                    )
                )
            )
        layout.addWidget(self.button_box)
        if not self._clusters:
            self.errors.show({"": tr("There is no cluster yet: add one on the Clusters page.")})
            self.ok_button.setEnabled(False)

    def _fill(self, row: MeetingRow) -> None:
        self.cluster_combo.setCurrentIndex(max(self.cluster_combo.findData(row.cluster_id), 0))
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(row.kind), 0))
        self.title_edit.setText(row.title)
        self.date_edit.setDate(to_qdate(row.starts_at.date()))
        self.start_edit.setTime(QTime(row.starts_at.hour, row.starts_at.minute))
        if row.ends_at is not None:
            self.end_edit.setTime(QTime(row.ends_at.hour, row.ends_at.minute))
        self.location_edit.setText(row.location)
        self.online_check.setChecked(row.online)

    def _on_check_changed(self, _item: QListWidgetItem) -> None:
        self._checks_touched = True

    def _on_cluster_changed(self) -> None:
        if self._meeting is None and not self._checks_touched:
            self._default_checks()

    def _default_checks(self) -> None:
        """Tick today's liaison officers of the chosen cluster."""
        cluster_id = self.cluster_combo.currentData()
        names = next((c.officers for c in self._clusters if c.id == cluster_id), ())
        self.officer_list.blockSignals(True)
        for i in range(self.officer_list.count()):
            item = self.officer_list.item(i)
            item.setCheckState(
                Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked
            )
        self.officer_list.blockSignals(False)

    def set_officer_checked(self, officer_id: int, checked: bool) -> None:
        for i in range(self.officer_list.count()):
            item = self.officer_list.item(i)
            if item.data(ID_ROLE) == officer_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_officer_ids(self) -> tuple[int, ...]:
        return tuple(
            int(self.officer_list.item(i).data(ID_ROLE))
            for i in range(self.officer_list.count())
            if self.officer_list.item(i).checkState() == Qt.CheckState.Checked
        )

    def meeting_input(self) -> MeetingInput:
        day = from_qdate(self.date_edit.date())
        start, end = self.start_edit.time(), self.end_edit.time()
        return MeetingInput(
            cluster_id=int(self.cluster_combo.currentData()),
            starts_at=dt.datetime.combine(day, dt.time(start.hour(), start.minute())),
            ends_at=dt.datetime.combine(day, dt.time(end.hour(), end.minute())),
            kind=str(self.kind_combo.currentData()),
            title=self.title_edit.text(),
            location=self.location_edit.text(),
            online=self.online_check.isChecked(),
            notes=self._current_notes(),
        )

    def accept(self) -> None:
        if self.cluster_combo.currentIndex() < 0:
            self.errors.show({"cluster_id": tr("Choose the cluster.")})
            return
        data = self.meeting_input()
        try:
            if self._meeting is None:
                agenda = tuple(
                    line.strip()
                    for line in self.agenda_edit.toPlainText().splitlines()
                    if line.strip()
                )
                self.saved_id = m.create_meeting(
                    self.ctx.db, data, officer_ids=self.checked_officer_ids(), agenda=agenda
                )
            else:
                m.update_meeting(self.ctx.db, self._meeting.id, data)
        except ValidationError as err:
            self.errors.show(err.problems)
            return
        except NotFoundError as err:
            show_error(self, err)
            super().reject()
            return
        except KnownError as err:
            self.errors.show({"": str(err)})
            return
        assert self.saved_id is not None
        self.saved.emit(self.saved_id)
        super().accept()


_QUARTER = re.compile(r"\bQ([1-4])\s+(\d{4})\b")


def next_title(title: str, old: dt.datetime, new: dt.datetime) -> str:
    """ "… – Q4 2026" becomes "… – Q1 2027" when the copy is a quarter later; years follow."""
    quarter = (new.month - 1) // 3 + 1
    if _QUARTER.search(title):
        return _QUARTER.sub(f"Q{quarter} {new.year}", title, count=1)
    if str(old.year) in title and old.year != new.year:
        return title.replace(str(old.year), str(new.year))
    return title


class DuplicateDialog(QDialog):
    """Copy a meeting (a recurring board) to a new date: ``saved(new_id)``."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, row: MeetingRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate_dialog")
        self.setWindowTitle(tr("Duplicate meeting – {title}").format(title=row.title))
        self.setMinimumWidth(520)
        self.ctx = ctx
        self._row = row
        self.saved_id: int | None = None
        self.errors = FormErrors()
        default = row.starts_at + dt.timedelta(weeks=13)
        self.date_edit = make_date_edit(tr("New date"), default.date())
        self.start_edit = QTimeEdit(QTime(row.starts_at.hour, row.starts_at.minute))
        self.start_edit.setDisplayFormat("HH:mm")
        self.start_edit.setAccessibleName(tr("Starts at"))
        self.title_edit = QLineEdit(next_title(row.title, row.starts_at, default))
        self.title_edit.setAccessibleName(tr("Title"))
        self.title_edit.setMaxLength(300)
        self.date_edit.dateChanged.connect(self._suggest_title)
        self._suggested = self.title_edit.text()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field, widget in (
            (tr("New &date:"), "starts_at", self.date_edit),
            (tr("&Starts at:"), "start", self.start_edit),
            (tr("&Title:"), "title", self.title_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(field, widget))
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Duplicate"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr(
                    "The copy keeps the cluster, kind, place, attendees (as invited) and the "
                    "agenda titles; notes, decisions and action items are not copied. Open "
                    "action items still appear in it as carried forward."
                )
            )
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.button_box)

    def _suggest_title(self, _date: QDate) -> None:
        if self.title_edit.text() != self._suggested:
            return  # typed by the person: keep it
        self._suggested = next_title(self._row.title, self._row.starts_at, self.starts_at())
        self.title_edit.setText(self._suggested)

    def starts_at(self) -> dt.datetime:
        t = self.start_edit.time()
        return dt.datetime.combine(from_qdate(self.date_edit.date()), dt.time(t.hour(), t.minute()))

    def accept(self) -> None:
        db, row = self.ctx.db, self._row
        starts = self.starts_at()
        title = self.title_edit.text().strip()
        try:
            new_id = m.duplicate_meeting(db, row.id, starts)
            if title and title != row.title:
                copy = m.get_meeting(db, new_id).meeting
                m.update_meeting(
                    db,
                    new_id,
                    MeetingInput(
                        cluster_id=copy.cluster_id,
                        starts_at=copy.starts_at,
                        ends_at=copy.ends_at,
                        kind=copy.kind,
                        title=title,
                        location=copy.location,
                        online=copy.online,
                    ),
                )
        except ValidationError as err:
            self.errors.show(err.problems)
            return
        except KnownError as err:
            self.errors.show({"": str(err)})
            return
        self.saved_id = new_id
        self.saved.emit(new_id)
        super().accept()


class AttendeeDialog(QDialog):
    """Add an external attendee, or edit any attendee's organisation, role and attendance."""

    saved = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        meeting_id: int,
        attendee: AttendeeRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attendee_dialog")
        self.ctx = ctx
        self._meeting_id = meeting_id
        self._attendee = attendee
        self.setWindowTitle(
            tr("Add external attendee")
            if attendee is None
            else tr("Edit attendee – {name}").format(name=attendee.name)
        )
        self.setMinimumWidth(480)
        self.errors = FormErrors()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(tr("Name"))
        self.name_edit.setMaxLength(120)
        self.name_edit.setPlaceholderText(tr("Required, e.g. Mikel Urrutia"))
        self.org_edit = QLineEdit()
        self.org_edit.setAccessibleName(tr("Organisation"))
        self.org_edit.setMaxLength(200)
        self.org_edit.setPlaceholderText(tr("e.g. Ikerlan"))
        self.role_edit = QLineEdit()
        self.role_edit.setAccessibleName(tr("Role"))
        self.role_edit.setMaxLength(120)
        self.role_edit.setPlaceholderText(tr("e.g. President, Board member"))
        self.attendance_combo = QComboBox()
        self.attendance_combo.setAccessibleName(tr("Attendance"))
        for key, label in vocab.ATTENDANCE.items():
            self.attendance_combo.addItem(tr(label), key)
        self.attendance_combo.setCurrentIndex(self.attendance_combo.findData("present"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field, widget in (
            (tr("&Name:"), "name", self.name_edit),
            (tr("&Organisation:"), "organisation", self.org_edit),
            (tr("&Role:"), "role", self.role_edit),
            (tr("&Attendance:"), "attendance", self.attendance_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(field, widget))
        if attendee is not None:
            self.name_edit.setText(attendee.name)
            self.name_edit.setEnabled(not attendee.is_officer)
            self.org_edit.setText(attendee.organisation)
            self.role_edit.setText(attendee.role)
            self.attendance_combo.setCurrentIndex(
                max(self.attendance_combo.findData(attendee.attendance), 0)
            )
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Add attendee") if attendee is None else tr("Save"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.button_box)

    def accept(self) -> None:
        db = self.ctx.db
        attendance = str(self.attendance_combo.currentData())
        try:
            if self._attendee is None:
                saved_id = m.add_attendee(
                    db,
                    self._meeting_id,
                    name=self.name_edit.text(),
                    organisation=self.org_edit.text(),
                    role=self.role_edit.text(),
                    attendance=attendance,
                )
            else:
                saved_id = self._attendee.id
                m.update_attendee(
                    db,
                    saved_id,
                    name=None if self._attendee.is_officer else self.name_edit.text(),
                    organisation=self.org_edit.text(),
                    role=self.role_edit.text(),
                    attendance=attendance,
                )
        except ValidationError as err:
            self.errors.show(err.problems)
            return
        except KnownError as err:
            self.errors.show({"": str(err)})
            return
        self.saved.emit(saved_id)
        super().accept()


# --------------------------------------------------------------------------- the editor
class MeetingEditor(QWidget):
    """One meeting, every part of it. ``loaded`` fires when (re)loaded data is on screen."""

    loaded = Signal()
    back_requested = Signal()
    live_requested = Signal(int)
    duplicate_requested = Signal(object)  # MeetingRow
    delete_requested = Signal(object)  # MeetingRow
    open_meeting = Signal(int)
    changed = Signal()  # something of the meeting changed (the list may need a refresh)
    message = Signal(str)  # a short notice for the page

    def __init__(self, ctx: AppContext, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meeting_editor")
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.detail: MeetingDetail | None = None
        self.officers: list[OfficerRow] = []
        self.clusters: list[ClusterRow] = []
        self.group = SaverGroup(self)
        self._first = True
        self._disposed = False
        self._build()
        self.reload()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.back_action = make_action(
            self, tr("← &Meetings"), tr("Back to the list of meetings (everything is saved)"),
            "Alt+Left", self.back_requested.emit,
        )  # fmt: skip
        self.live_action = make_action(
            self, tr("&Live mode"), tr("Take notes in the meeting as it happens"),
            "Ctrl+L", lambda: self.live_requested.emit(self.meeting_id),
        )  # fmt: skip
        self.edit_action = make_action(
            self, tr("&Edit details…"), tr("Change cluster, kind, title, date, time or place"),
            "Ctrl+E", self.open_edit_dialog,
        )  # fmt: skip
        self.duplicate_action = make_action(
            self, tr("D&uplicate…"), tr("Copy this meeting to a new date (a recurring board)"),
            "Ctrl+Shift+D", self._request_duplicate,
        )  # fmt: skip
        self.close_action = make_action(
            self, tr("&Close meeting…"), tr("Mark the meeting as held and closed; log the time"),
            "Ctrl+Shift+E", self.toggle_closed,
        )  # fmt: skip
        self.log_action = make_action(
            self, tr("Log &time…"), tr("Log the meeting's time, preparation and travel as hours"),
            "Ctrl+Shift+H", self.open_log_time,
        )  # fmt: skip
        self.pdf_action = make_action(
            self, tr("Minutes &PDF…"), tr("Write the minutes of this meeting as a PDF file"),
            "Ctrl+Shift+P", self.export_minutes_pdf,
        )  # fmt: skip
        self.email_action = make_action(
            self, tr("E&mail minutes…"),
            tr("Open an e-mail draft to the cluster contact with the minutes attached"),
            "Ctrl+Shift+M", self.email_minutes,
        )  # fmt: skip
        self.delete_action = make_action(
            self, tr("&Delete…"), tr("Delete this meeting (it can be undone)"),
            "Ctrl+Delete", self._request_delete,
        )  # fmt: skip

        self.title_label = QLabel(tr("Loading the meeting…"))
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.info_label = QLabel("")
        self.info_label.setObjectName("subtitle")
        self.info_label.setWordWrap(True)
        self.notice_label = hint_label("")
        self.notice_label.setAccessibleName(tr("Last result"))
        self.save_label = SaveStateLabel(self.group)

        header = QHBoxLayout()
        header.addWidget(make_tool_button(self.back_action), 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title_label)
        titles.addWidget(self.info_label)
        header.addLayout(titles, 1)
        header.addWidget(self.save_label, 0, Qt.AlignmentFlag.AlignTop)

        toolbar = QHBoxLayout()
        toolbar.setSpacing(4)
        live_button = make_tool_button(self.live_action)
        live_button.setStyleSheet("QToolButton { font-weight: 600; }")
        toolbar.addWidget(live_button)
        for action in (
            self.edit_action,
            self.duplicate_action,
            self.close_action,
            self.log_action,
            self.pdf_action,
            self.email_action,
        ):
            toolbar.addWidget(make_tool_button(action))
        toolbar.addStretch(1)
        toolbar.addWidget(make_tool_button(self.delete_action))

        # agenda and notes
        self.agenda = AgendaNotes(self.ctx, self.group)
        self.agenda.agenda_changed.connect(self._after_change)
        agenda_split = QSplitter(Qt.Orientation.Horizontal)
        agenda_split.addWidget(self.agenda)
        agenda_split.addWidget(self.agenda.notes_panel)
        agenda_split.setStretchFactor(0, 1)
        agenda_split.setStretchFactor(1, 3)
        agenda_split.setSizes([300, 800])
        agenda_split.setChildrenCollapsible(False)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(agenda_split, tr("Agenda and notes"))
        self.tabs.addTab(self._build_attendees(), tr("Attendees"))
        self.tabs.addTab(self._build_decisions(), tr("Decisions"))
        self.tabs.addTab(self._build_actions(), tr("Action items"))
        self.carried = ActionItemsTable(
            self.ctx, tr("Carried forward from earlier meetings"),
            ("state", "due", "what", "owner", "meeting"),
        )  # fmt: skip
        self.carried.changed.connect(self._after_change)
        self.carried.open_meeting.connect(self.open_meeting)
        carried_page = QWidget()
        carried_layout = QVBoxLayout(carried_page)
        carried_layout.addWidget(
            hint_label(
                tr(
                    "Open action items of earlier meetings of this cluster. They stay here, "
                    "meeting after meeting, until they are marked done or dropped."
                )
            )
        )
        carried_layout.addWidget(self.carried, 1)
        self.tabs.addTab(carried_page, tr("Carried forward"))

        self.capture = CaptureForm(self.ctx, self.group)
        self.capture.finished.connect(self._on_captured)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(toolbar)
        layout.addWidget(self.notice_label)
        self.notice_label.hide()
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.capture)
        self._set_enabled(False)

    def _build_attendees(self) -> QWidget:
        page = QWidget()
        columns: list[Column[AttendeeRow]] = [
            Column(tr("Name"), lambda a: a.name),
            Column(
                tr("Organisation"),
                lambda a: a.organisation,
                text=lambda a: a.organisation or ("SPRI" if a.is_officer else ""),
            ),
            Column(tr("Role"), lambda a: a.role),
            Column(
                tr("Attendance"),
                lambda a: a.attendance,
                text=lambda a: tr(vocab.ATTENDANCE.get(a.attendance, a.attendance)),
            ),
            Column(
                tr("Type"),
                lambda a: a.is_officer,
                text=lambda a: tr("SPRI officer") if a.is_officer else tr("External"),
            ),
        ]
        self.attendee_model: RecordTableModel[AttendeeRow] = RecordTableModel(columns, self)
        self.attendee_model.muted = lambda a: a.attendance == "apologised"
        self.attendee_table = make_table_view(tr("Attendees"), sortable=False)
        self.attendee_table.setModel(self.attendee_model)
        set_column_widths(self.attendee_table, (28, 30, 22, 12, 12))
        self.attendee_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.attendee_table.doubleClicked.connect(lambda _i: self.open_attendee_dialog())

        self.officer_combo = QComboBox()
        self.officer_combo.setAccessibleName(tr("Officer to add"))
        self.officer_combo.setMinimumContentsLength(20)
        self.add_officer_action = make_action(
            page, tr("Add &officer"), tr("Add the chosen SPRI officer to the attendees"),
            "Ctrl+Shift+O", self.add_officer,
        )  # fmt: skip
        self.add_external_action = make_action(
            page, tr("Add e&xternal…"), tr("Add a named person from a member organisation"),
            "Ctrl+Shift+X", self.open_attendee_dialog_new,
        )  # fmt: skip
        self.edit_attendee_action = make_action(
            self.attendee_table, tr("&Edit…"), tr("Edit the selected attendee"),
            ["Return", "Enter", "F2"], self.open_attendee_dialog, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.present_action = make_action(
            self.attendee_table, tr("&Present"), tr("The selected attendee is present"),
            "Ctrl+P", lambda: self.set_attendance("present"), Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.apologised_action = make_action(
            self.attendee_table, tr("&Apologised"),
            tr("The selected attendee sent apologies"),
            "Ctrl+A", lambda: self.set_attendance("apologised"),
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.remove_attendee_action = make_action(
            self.attendee_table, tr("&Remove…"), tr("Remove the selected attendee"),
            "Delete", self.remove_attendee, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip

        row = QHBoxLayout()
        label = QLabel(tr("SPRI o&fficer:"))
        label.setBuddy(self.officer_combo)
        row.addWidget(label)
        row.addWidget(self.officer_combo)
        row.addWidget(make_tool_button(self.add_officer_action))
        row.addSpacing(12)
        row.addWidget(make_tool_button(self.add_external_action))
        row.addSpacing(12)
        for action in (
            self.edit_attendee_action,
            self.present_action,
            self.apologised_action,
            self.remove_attendee_action,
        ):
            row.addWidget(make_tool_button(action))
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.attendee_table, 1)
        return page

    def _build_decisions(self) -> QWidget:
        self.decision_list = QListWidget()
        self.decision_list.setAccessibleName(tr("Decisions"))
        self.decision_list.setWordWrap(True)
        self.decision_list.setAlternatingRowColors(True)
        self.decision_list.itemActivated.connect(lambda _i: self.edit_decision())
        self.decision_list.currentRowChanged.connect(lambda _r: self._update_actions())
        self.add_decision_action = make_action(
            self, tr("Add &decision"), tr("Record a decision of the meeting"),
            "Ctrl+D", self.capture_decision,
        )  # fmt: skip
        self.edit_decision_action = make_action(
            self.decision_list, tr("&Edit"), tr("Edit the selected decision"),
            "F2", self.edit_decision, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.delete_decision_action = make_action(
            self.decision_list, tr("De&lete…"), tr("Delete the selected decision"),
            "Delete", self.delete_decision, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        row = QHBoxLayout()
        for action in (
            self.add_decision_action,
            self.edit_decision_action,
            self.delete_decision_action,
        ):
            row.addWidget(make_tool_button(action))
        row.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.decision_list, 1)
        return page

    def _build_actions(self) -> QWidget:
        self.actions_table = ActionItemsTable(
            self.ctx, tr("Action items of this meeting"),
            ("state", "due", "what", "owner", "status"), editable=True, can_open=False,
        )  # fmt: skip
        self.actions_table.changed.connect(self._after_change)
        self.actions_table.edit_requested.connect(self.edit_action_item)
        self.actions_table.delete_requested.connect(self.delete_action_item)
        self.add_action_action = make_action(
            self, tr("Add action &item"), tr("Record an action item: what, owner, due date"),
            "Ctrl+T", self.capture_action,
        )  # fmt: skip
        self.actions_table.buttons.insertWidget(0, make_tool_button(self.add_action_action))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.actions_table, 1)
        return page

    def _set_enabled(self, on: bool) -> None:
        for action in (
            self.live_action,
            self.edit_action,
            self.duplicate_action,
            self.close_action,
            self.log_action,
            self.pdf_action,
            self.email_action,
            self.delete_action,
            self.add_decision_action,
            self.add_action_action,
        ):
            action.setEnabled(on)
        self.tabs.setEnabled(on)

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        db, mid = self.ctx.db, self.meeting_id

        def fetch() -> tuple[Any, ...]:
            return (
                m.get_meeting(db, mid),
                directory.list_officers(db, include_inactive=False),
                directory.list_clusters(db, include_archived=False),
            )

        def failed(err: BaseException) -> None:
            if self._disposed or not Shiboken.isValid(self):
                return
            show_error(self, err)
            self.loaded.emit()

        if self._disposed:
            return
        self.ctx.tasks.run(fetch, self._apply, failed)

    def _apply(self, result: tuple[Any, ...]) -> None:
        if self._disposed or not Shiboken.isValid(self):
            return  # a reload queued before the editor was closed
        detail, officers, clusters = result
        self.detail, self.officers, self.clusters = detail, officers, clusters
        row = detail.meeting
        self.title_label.setText(row.title)
        state = (
            tr("closed")
            if row.closed
            else (tr("upcoming") if row.starts_at > dt.datetime.now() else tr("held, not closed"))
        )
        self.info_label.setText(
            tr("{cluster} · {kind} · {when} · {place} · {state}").format(
                cluster=detail.cluster_name or row.cluster_short_name,
                kind=tr(vocab.MEETING_KINDS.get(row.kind, row.kind)),
                when=meeting_when(row),
                place=meeting_place(row),
                state=state,
            )
        )
        if self._first:
            self.agenda.set_meeting(self.meeting_id, detail.notes, detail.agenda)
            self._first = False
        else:
            self.agenda.sync(detail.agenda)
        keep = selected_record(self.attendee_table)
        self.attendee_model.set_rows(detail.attendees)
        if keep is not None:
            select_record(self.attendee_table, lambda a: a.id == keep.id)
        attending = {a.officer_id for a in detail.attendees if a.officer_id is not None}
        self.officer_combo.clear()
        for o in officers:
            if o.id not in attending:
                self.officer_combo.addItem(o.name, o.id)
        self._fill_decisions(detail)
        self.actions_table.set_rows(detail.actions, tr("No action items yet (Ctrl+T adds one)."))
        self.carried.set_rows(
            detail.carried_forward,
            tr("No open action items from earlier meetings of this cluster."),
        )
        self.tabs.setTabText(1, tr("Attendees ({n})").format(n=len(detail.attendees)))
        self.tabs.setTabText(2, tr("Decisions ({n})").format(n=len(detail.decisions)))
        open_n = sum(1 for a in detail.actions if a.status == "open")
        self.tabs.setTabText(
            3, tr("Action items ({n}, {o} open)").format(n=len(detail.actions), o=open_n)
        )
        self.tabs.setTabText(4, tr("Carried forward ({n})").format(n=len(detail.carried_forward)))
        self.close_action.setText(tr("Re&open meeting") if row.closed else tr("&Close meeting…"))
        self.close_action.setToolTip(
            tr("Mark the meeting as not closed (Ctrl+Shift+E)")
            if row.closed
            else tr("Mark the meeting as held and closed; log the time (Ctrl+Shift+E)")
        )
        self._set_enabled(True)
        self._update_actions()
        self.loaded.emit()

    def _fill_decisions(self, detail: MeetingDetail) -> None:
        numbers = {a.id: i + 1 for i, a in enumerate(detail.agenda)}
        keep = self.decision_list.currentRow()
        self.decision_list.clear()
        for i, d in enumerate(detail.decisions, start=1):
            where = (
                tr(" (agenda item {n})").format(n=numbers[d.agenda_item_id])
                if d.agenda_item_id in numbers
                else ""
            )
            item = QListWidgetItem(f"{i}. {d.text}{where}")
            item.setData(ID_ROLE, d)
            self.decision_list.addItem(item)
        if not detail.decisions:
            item = QListWidgetItem(tr("No decisions yet (Ctrl+D adds one)."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.decision_list.addItem(item)
        elif 0 <= keep < self.decision_list.count():
            self.decision_list.setCurrentRow(keep)

    def _update_actions(self) -> None:
        attendee = selected_record(self.attendee_table)
        for action in (
            self.edit_attendee_action,
            self.present_action,
            self.apologised_action,
            self.remove_attendee_action,
        ):
            action.setEnabled(attendee is not None)
        self.add_officer_action.setEnabled(self.officer_combo.count() > 0)
        decision = self.current_decision()
        self.edit_decision_action.setEnabled(decision is not None)
        self.delete_decision_action.setEnabled(decision is not None)

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        def ok(result: Any) -> None:
            if self._disposed or not Shiboken.isValid(self):
                return
            if done is not None:
                done(result)
            self._after_change()

        def failed(err: BaseException) -> None:
            if self._disposed or not Shiboken.isValid(self):
                return
            show_error(self, err)
            self._after_change()

        self.ctx.tasks.run(fn, ok, failed)

    def say(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))
        self.message.emit(text)

    # ------------------------------------------------------------------ flushing
    def flush(self) -> None:
        """Queue every pending save now (leaving the editor, before a PDF, ...)."""
        if self.capture.active:
            if self.capture.text_edit.text().strip():
                self.capture.finish()
            else:
                self.capture.cancel()
        self.group.flush()

    def dispose(self) -> None:
        """Save what is pending, then delete the editor once the saves are done."""
        self.flush()
        self.hide()
        self.ctx.tasks.run(
            lambda: None, lambda _r: self.deleteLater(), lambda _e: self.deleteLater()
        )

    # ------------------------------------------------------------------ details
    def open_edit_dialog(self) -> MeetingDialog | None:
        if self.detail is None:
            return None
        general = self.agenda.editor(None)
        dialog = MeetingDialog(
            self.ctx,
            self.clusters,
            self.officers,
            meeting=self.detail.meeting,
            current_notes=(general.toPlainText if general is not None else None),
            parent=self,
        )
        dialog.saved.connect(lambda _id: self._after_change())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _request_duplicate(self) -> None:
        if self.detail is not None:
            self.duplicate_requested.emit(self.detail.meeting)

    def _request_delete(self) -> None:
        if self.detail is not None:
            self.delete_requested.emit(self.detail.meeting)

    def toggle_closed(self) -> None:
        if self.detail is None:
            return
        closing = not self.detail.meeting.closed
        db, mid = self.ctx.db, self.meeting_id
        self.flush()

        def done(_r: object) -> None:
            if closing:
                self.say(tr("Meeting closed."))
                if not self.detail or not self.detail.logged_entry_ids:
                    self.open_log_time()
            else:
                self.say(tr("Meeting reopened."))

        self._run(lambda: m.set_meeting_closed(db, mid, closing), done)

    def open_log_time(self) -> LogTimeDialog:
        dialog = LogTimeDialog(self.ctx, self.meeting_id, self)
        dialog.logged.connect(self._on_logged)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.log_dialog = dialog
        return dialog

    def _on_logged(self, ids: list[int], warnings: list[str]) -> None:
        text = tr("{n} time entr(y/ies) logged for this meeting.").format(n=len(ids))
        if warnings:
            text += " " + " ".join(warnings)
        self.say(text)
        self._after_change()

    # ------------------------------------------------------------------ attendees
    def add_officer(self) -> None:
        officer_id = self.officer_combo.currentData()
        if officer_id is None:
            return
        db, mid = self.ctx.db, self.meeting_id
        self._run(
            lambda: m.add_attendee(
                db, mid, officer_id=int(officer_id), organisation="SPRI", role="Liaison officer"
            )
        )

    def open_attendee_dialog_new(self) -> AttendeeDialog:
        dialog = AttendeeDialog(self.ctx, self.meeting_id, None, self)
        dialog.saved.connect(lambda _id: self._after_change())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_attendee_dialog(self) -> AttendeeDialog | None:
        attendee = selected_record(self.attendee_table)
        if attendee is None:
            return None
        dialog = AttendeeDialog(self.ctx, self.meeting_id, attendee, self)
        dialog.saved.connect(lambda _id: self._after_change())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def set_attendance(self, attendance: str) -> None:
        attendee = selected_record(self.attendee_table)
        if attendee is None:
            return
        db = self.ctx.db
        self._run(lambda: m.update_attendee(db, attendee.id, attendance=attendance))

    def remove_attendee(self) -> Any:
        attendee = selected_record(self.attendee_table)
        if attendee is None:
            return None
        db = self.ctx.db
        return ask(
            self,
            tr("Remove attendee"),
            tr("Remove {name} from the attendees?").format(name=attendee.name),
            tr("Remove"),
            lambda: self._run(lambda: m.remove_attendee(db, attendee.id)),
        )

    # ------------------------------------------------------------------ decisions and actions
    def _agenda_choices(self) -> list[tuple[str, int]]:
        return [
            (f"{i + 1}. {t}", iid)
            for i, (t, iid) in enumerate(
                zip(self.agenda.titles(), self.agenda.item_ids(), strict=True)
            )
        ]

    def current_decision(self) -> DecisionRow | None:
        item = self.decision_list.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return value if isinstance(value, DecisionRow) else None

    def capture_decision(self) -> None:
        self.tabs.setCurrentIndex(2)
        self.capture.start(
            "decision",
            self.meeting_id,
            agenda=self._agenda_choices(),
            agenda_item_id=self.agenda.current_item_id(),
        )

    def edit_decision(self) -> None:
        decision = self.current_decision()
        if decision is None:
            return
        self.capture.start(
            "decision", self.meeting_id, agenda=self._agenda_choices(), existing=decision
        )

    def delete_decision(self) -> Any:
        decision = self.current_decision()
        if decision is None:
            return None
        db = self.ctx.db
        return ask(
            self,
            tr("Delete decision"),
            tr("Delete this decision?\n\n{text}").format(text=decision.text),
            tr("Delete"),
            lambda: self._run(lambda: m.delete_decision(db, decision.id)),
        )

    def capture_action(self) -> None:
        if self.detail is None:
            return
        self.tabs.setCurrentIndex(3)
        self.capture.start(
            "action",
            self.meeting_id,
            agenda=self._agenda_choices(),
            agenda_item_id=self.agenda.current_item_id(),
            owners=owner_choices(self.detail, self.officers),
        )

    def edit_action_item(self, row: ActionRow) -> None:
        if self.detail is None:
            return
        self.capture.start(
            "action",
            self.meeting_id,
            agenda=self._agenda_choices(),
            owners=owner_choices(self.detail, self.officers),
            existing=row,
        )

    def delete_action_item(self, row: ActionRow) -> Any:
        db = self.ctx.db
        return ask(
            self,
            tr("Delete action item"),
            tr("Delete this action item?\n\n{text}").format(text=row.description),
            tr("Delete"),
            lambda: self._run(lambda: m.delete_action(db, row.id)),
            informative=tr("To keep a record that it will not be done, mark it dropped instead."),
        )

    def _on_captured(self, kind: str, _item_id: int) -> None:
        self.say(tr("Decision saved.") if kind == "decision" else tr("Action item saved."))
        self._after_change()

    # ------------------------------------------------------------------ minutes
    def show_message(self, text: str, kind: str = "info") -> None:
        """Where ``app.views.minutes_actions`` reports progress and results."""
        self.say(text)

    def export_minutes_pdf(self) -> None:
        """Ask where, then write the minutes PDF on the worker (after every pending save)."""
        self.flush()
        try:
            from app.views.minutes_actions import export_minutes
        except ImportError as err:
            show_error(self, err)
            return
        export_minutes(self, self.ctx, self.meeting_id)

    def email_minutes(self) -> None:
        """Write the minutes and an e-mail draft to the cluster contact, then open the draft."""
        self.flush()
        try:
            from app.views.minutes_actions import email_minutes
        except ImportError as err:
            show_error(self, err)
            return
        email_minutes(self, self.ctx, self.meeting_id)
