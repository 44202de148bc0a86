"""The keyboard-first time-entry form of the Hours page (layout and input only).

Tab through date → officer → cluster → activity → hours → description and press Enter to save;
Escape leaves "editing" mode. The form does not write: it builds an ``EntryInput`` (or raises a
``ValidationError`` for what it can check itself, e.g. hours it cannot read) and the page stores
it, then shows the outcome here: problems beside their fields, warnings as a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.domain import vocab
from app.domain.hours import MAX_DESCRIPTION, EntryInput, format_minutes, parse_duration
from app.domain.records import AssignmentRow, ClusterRow, OfficerRow
from app.domain.records_hours import EntryRow
from app.errors import ValidationError
from app.views.messages import tr
from app.views.widgets import (
    MUTED_COLOR,
    WARNING_COLOR,
    ErrorLabel,
    FormErrors,
    from_qdate,
    make_date_edit,
    to_qdate,
)

OK_COLOR = "#1e6b34"
NO_CLUSTER = -1  # combo data of "no cluster" (None cannot be told apart from "no item")
_KEEP = object()


def _colored(label: QLabel, color: str) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    label.setPalette(palette)


class EntryForm(QGroupBox):
    """New entry / editing an entry. ``save_requested`` on Enter, ``cancel_requested`` on Escape."""

    save_requested = Signal()
    cancel_requested = Signal()
    officer_changed = Signal(object)  # the officer id, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entry_form")
        self.editing_id: int | None = None
        self.editing_row: EntryRow | None = None
        self._meeting_id: int | None = None
        self._officers: list[OfficerRow] = []
        self._clusters: list[ClusterRow] = []
        self._assignments: list[AssignmentRow] = []
        self._filling = False
        self.errors = FormErrors()
        self._error_labels: dict[str, ErrorLabel | None] = {}
        self._problems: dict[str, str] = {}

        self.date_edit = make_date_edit(tr("Date"))
        self.officer_combo = QComboBox()
        self.officer_combo.setAccessibleName(tr("Officer"))
        self.officer_combo.setPlaceholderText(tr("Choose an officer"))
        self.officer_combo.setMinimumContentsLength(16)
        self.cluster_combo = QComboBox()
        self.cluster_combo.setAccessibleName(tr("Cluster (optional)"))
        self.cluster_combo.setToolTip(
            tr("The officer's clusters on that date come first; an entry may have no cluster")
        )
        self.cluster_combo.setMinimumContentsLength(12)
        self.activity_combo = QComboBox()
        self.activity_combo.setAccessibleName(tr("Activity"))
        for key, label in vocab.ACTIVITIES.items():
            self.activity_combo.addItem(tr(label), key)
        self.hours_edit = QLineEdit()
        self.hours_edit.setAccessibleName(tr("Hours"))
        self.hours_edit.setPlaceholderText(tr("1:30 or 1.5"))
        self.hours_edit.setToolTip(
            tr("Hours in quarter-hour steps: 1:30, 1.5 and 1,5 all mean an hour and a half")
        )
        self.hours_edit.setMaximumWidth(
            self.hours_edit.fontMetrics().horizontalAdvance("0" * 9) + 16
        )
        self.hours_read = QLabel("")
        self.hours_read.setAccessibleName(tr("Hours as read"))
        _colored(self.hours_read, MUTED_COLOR)
        self.description_edit = QLineEdit()
        self.description_edit.setAccessibleName(tr("Description"))
        self.description_edit.setPlaceholderText(tr("What was done (optional)"))
        self.description_edit.setMaxLength(MAX_DESCRIPTION)

        self.save_button = QPushButton(tr("Save"))
        self.save_button.setToolTip(tr("Save the entry (Enter)"))
        self.save_button.clicked.connect(self.save_requested)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Leave the entry as it was (Esc)"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAccessibleName(tr("Note"))
        self.note.hide()
        self.meeting_label = QLabel("")
        self.meeting_label.setWordWrap(True)
        _colored(self.meeting_label, MUTED_COLOR)
        self.meeting_label.hide()

        hours_box = QWidget()
        hours_layout = QHBoxLayout(hours_box)
        hours_layout.setContentsMargins(0, 0, 0, 0)
        hours_layout.addWidget(self.hours_edit)
        hours_layout.addWidget(self.hours_read, 1)
        hours_box.setFocusProxy(self.hours_edit)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        fields = (
            (tr("&Date"), "entry_date", self.date_edit, 2),
            (tr("O&fficer"), "officer_id", self.officer_combo, 3),
            (tr("C&luster"), "cluster_id", self.cluster_combo, 2),
            (tr("Ac&tivity"), "activity", self.activity_combo, 2),
            (tr("H&ours"), "minutes", hours_box, 3),
        )
        for column, (text, field, widget, stretch) in enumerate(fields):
            label = QLabel(text)
            label.setBuddy(widget.focusProxy() or widget)
            grid.addWidget(label, 0, column)
            wrapped = self.errors.wrap(field, widget)
            self._error_labels[field] = wrapped.findChild(ErrorLabel)
            wrapped.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            grid.addWidget(wrapped, 1, column, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(column, stretch)
        description_label = QLabel(tr("D&escription"))
        description_label.setBuddy(self.description_edit)
        grid.addWidget(description_label, 2, 0, 1, 5)
        description_row = QHBoxLayout()
        wrapped = self.errors.wrap("description", self.description_edit)
        self._error_labels["description"] = wrapped.findChild(ErrorLabel)
        description_row.addWidget(wrapped, 1)
        description_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        description_row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(description_row, 3, 0, 1, 5)

        layout = QGridLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.addWidget(self.errors.general, 0, 0)
        layout.addLayout(grid, 1, 0)
        layout.addWidget(self.meeting_label, 2, 0)
        layout.addWidget(self.note, 3, 0)

        self.officer_combo.currentIndexChanged.connect(self._on_officer_changed)
        self.date_edit.dateChanged.connect(lambda _d: self._fill_clusters())
        self.hours_edit.textChanged.connect(self._on_hours_text)
        # a problem disappears as soon as its field is changed
        self.date_edit.dateChanged.connect(lambda _d: self._field_changed("entry_date"))
        self.officer_combo.currentIndexChanged.connect(lambda _i: self._field_changed("officer_id"))
        self.cluster_combo.currentIndexChanged.connect(lambda _i: self._field_changed("cluster_id"))
        self.activity_combo.currentIndexChanged.connect(lambda _i: self._field_changed("activity"))
        self.hours_edit.textEdited.connect(lambda _t: self._field_changed("minutes"))
        self.description_edit.textEdited.connect(lambda _t: self._field_changed("description"))
        self.setTabOrder(self.date_edit, self.officer_combo)
        self.setTabOrder(self.officer_combo, self.cluster_combo)
        self.setTabOrder(self.cluster_combo, self.activity_combo)
        self.setTabOrder(self.activity_combo, self.hours_edit)
        self.setTabOrder(self.hours_edit, self.description_edit)
        self.setTabOrder(self.description_edit, self.save_button)
        self._show_mode()

    # ------------------------------------------------------------------ choices
    def set_choices(
        self,
        officers: Sequence[OfficerRow],
        clusters: Sequence[ClusterRow],
        assignments: Sequence[AssignmentRow],
    ) -> None:
        """The officers and clusters to choose from; the current choices are kept."""
        officer_id, cluster_data = self.officer_id(), self.cluster_combo.currentData()
        self._officers = sorted(officers, key=lambda o: (not o.active, o.name.casefold()))
        self._clusters = sorted(clusters, key=lambda c: (c.archived, c.short_name.casefold()))
        self._assignments = list(assignments)
        self._filling = True
        try:
            self.officer_combo.clear()
            for o in self._officers:
                text = o.name if o.active else tr("{name} (archived)").format(name=o.name)
                self.officer_combo.addItem(text, o.id)
            self.officer_combo.setCurrentIndex(self.officer_combo.findData(officer_id))
        finally:
            self._filling = False
        self._fill_clusters(cluster_data)

    def assigned_cluster_ids(self) -> list[int]:
        """The form officer's clusters on the form date, by short name."""
        officer_id = self.officer_id()
        day = from_qdate(self.date_edit.date())
        ids = {
            a.cluster_id
            for a in self._assignments
            if a.officer_id == officer_id and a.active_on(day)
        }
        return [c.id for c in self._clusters if c.id in ids]

    def _fill_clusters(self, wanted: object = _KEEP) -> None:
        """List the officer's clusters on the date first, then "No cluster", then the others;
        select ``wanted`` (combo data), else the officer's first cluster, else "No cluster"."""
        if wanted is _KEEP:
            wanted = self.cluster_combo.currentData()
        assigned = self.assigned_cluster_ids()
        by_id = {c.id: c for c in self._clusters}
        combo = self.cluster_combo
        self._filling = True
        try:
            combo.clear()
            for cid in assigned:
                combo.addItem(tr("{short} (assigned)").format(short=by_id[cid].short_name), cid)
                combo.setItemData(combo.count() - 1, by_id[cid].name, Qt.ItemDataRole.ToolTipRole)
            if assigned:
                combo.insertSeparator(combo.count())
            combo.addItem(tr("No cluster"), NO_CLUSTER)
            others = [c for c in self._clusters if c.id not in assigned]
            if others:
                combo.insertSeparator(combo.count())
            for c in others:
                text = (
                    tr("{short} (archived)").format(short=c.short_name)
                    if c.archived
                    else c.short_name
                )
                combo.addItem(text, c.id)
                combo.setItemData(combo.count() - 1, c.name, Qt.ItemDataRole.ToolTipRole)
            index = combo.findData(wanted) if wanted is not None else -1
            if index < 0:
                index = 0 if assigned else combo.findData(NO_CLUSTER)
            combo.setCurrentIndex(index)
        finally:
            self._filling = False

    def _on_officer_changed(self, _index: int) -> None:
        if self._filling:
            return
        current = self.cluster_combo.currentData()
        assigned = self.assigned_cluster_ids()
        # keep the cluster when it is one of the new officer's, else take their first cluster
        self._fill_clusters(current if current in assigned or not assigned else assigned[0])
        self.officer_changed.emit(self.officer_id())

    # ------------------------------------------------------------------ values
    def officer_id(self) -> int | None:
        data = self.officer_combo.currentData()
        return int(data) if data is not None else None

    def cluster_id(self) -> int | None:
        data = self.cluster_combo.currentData()
        return None if data is None or data == NO_CLUSTER else int(data)

    def activity(self) -> str:
        return str(self.activity_combo.currentData())

    def entry_date(self) -> dt.date:
        return from_qdate(self.date_edit.date())

    def set_officer(self, officer_id: int | None) -> None:
        index = self.officer_combo.findData(officer_id) if officer_id is not None else -1
        self.officer_combo.setCurrentIndex(index)

    def set_cluster(self, cluster_id: int | None) -> None:
        index = self.cluster_combo.findData(NO_CLUSTER if cluster_id is None else cluster_id)
        if index >= 0:
            self.cluster_combo.setCurrentIndex(index)

    def set_activity(self, activity: str) -> None:
        index = self.activity_combo.findData(activity)
        if index >= 0:
            self.activity_combo.setCurrentIndex(index)

    def entry_input(self) -> EntryInput:
        """What the form says, or a ``ValidationError`` for what can be seen without the database."""
        problems: dict[str, str] = {}
        officer_id = self.officer_id()
        if officer_id is None:
            problems["officer_id"] = tr("Choose an officer.")
        minutes = 0
        try:
            minutes = parse_duration(self.hours_edit.text())
        except ValueError as err:
            problems["minutes"] = str(err)
        if problems:
            raise ValidationError(problems)
        assert officer_id is not None
        return EntryInput(
            officer_id=officer_id,
            entry_date=self.entry_date(),
            minutes=minutes,
            activity=self.activity(),
            cluster_id=self.cluster_id(),
            description=self.description_edit.text(),
            meeting_id=self._meeting_id,
        )

    def _on_hours_text(self, text: str) -> None:
        try:
            minutes = parse_duration(text)
        except ValueError:
            self.hours_read.setText("")
            return
        hours, mins = divmod(minutes, 60)
        if hours and mins:
            words = tr("{h} h {m} min").format(h=hours, m=mins)
        elif hours:
            words = tr("{h} h").format(h=hours)
        else:
            words = tr("{m} min").format(m=mins)
        self.hours_read.setText(f"= {words}")

    # ------------------------------------------------------------------ modes
    def start_new(self, *, today: dt.date | None = None) -> None:
        """Ready for a new entry; officer, cluster and activity stay (``today`` resets the date)."""
        self.editing_id = None
        self.editing_row = None
        self._meeting_id = None
        if today is not None:
            self.date_edit.setDate(to_qdate(today))
        self.hours_edit.clear()
        self.description_edit.clear()
        self.clear_messages()
        self._show_mode()

    def load_entry(self, row: EntryRow) -> None:
        """Put ``row`` in the form to change it ("editing" mode)."""
        self._fill_from(row, row.entry_date)
        self.editing_id = row.id
        self.editing_row = row
        self._meeting_id = row.meeting_id
        self.clear_messages()
        self._show_mode()

    def load_copy(self, row: EntryRow, today: dt.date) -> None:
        """A new entry with ``row``'s values, dated ``today`` (duplicate)."""
        self._fill_from(row, today)
        self.editing_id = None
        self.editing_row = None
        self._meeting_id = None
        self.clear_messages()
        self._show_mode()
        self.show_note(
            tr(
                "A copy of the entry of {date}, dated today: change what differs, then Enter."
            ).format(date=row.entry_date.isoformat()),
            "info",
        )

    def _fill_from(self, row: EntryRow, day: dt.date) -> None:
        self.date_edit.setDate(to_qdate(day))
        self.set_officer(row.officer_id)
        self._fill_clusters(row.cluster_id if row.cluster_id is not None else NO_CLUSTER)
        self.set_activity(row.activity)
        self.hours_edit.setText(format_minutes(row.minutes))
        self.description_edit.setText(row.description)
        self.description_edit.setCursorPosition(0)

    @property
    def editing(self) -> bool:
        return self.editing_id is not None

    def _show_mode(self) -> None:
        row = self.editing_row
        if row is None:
            self.setTitle(tr("New entry"))
            self.save_button.setText(tr("&Save"))
            self.cancel_button.hide()
            self.meeting_label.hide()
        else:
            self.setTitle(
                tr("Editing the entry of {date} – {officer}").format(
                    date=row.entry_date.isoformat(), officer=row.officer_name
                )
            )
            self.save_button.setText(tr("&Save changes"))
            self.cancel_button.show()
            if row.meeting_title:
                self.meeting_label.setText(
                    tr("Linked to the meeting “{title}”.").format(title=row.meeting_title)
                )
                self.meeting_label.show()
            else:
                self.meeting_label.hide()
        self.setAccessibleName(self.title())
        # editing stands out: a coloured frame and a bold title
        self.setStyleSheet(
            ""
            if row is None
            else "QGroupBox#entry_form { border: 2px solid #2f6f8f; border-radius: 4px;"
            " margin-top: 1.2em; font-weight: 600; }"
            "QGroupBox#entry_form::title { subcontrol-origin: margin; left: 8px; color: #1f3a4d; }"
            "QGroupBox#entry_form QWidget { font-weight: 400; }"
        )

    # ------------------------------------------------------------------ messages
    def _field_changed(self, field: str) -> None:
        if self._filling or field not in self._problems:
            return
        del self._problems[field]
        label = self._error_labels.get(field)
        if label is not None:
            label.set_problem("")

    def problem(self, field: str) -> str:
        """The problem shown for ``field`` ("" for the form as a whole), or "" when none."""
        if field == "":
            return self.errors.message("")
        return self._problems.get(field, "")

    def show_problems(self, problems: dict[str, str]) -> None:
        self.note.hide()
        self._problems = {k: v for k, v in problems.items() if k in self._error_labels}
        self.errors.show(problems)

    def show_note(self, text: str, kind: str = "info") -> None:
        """A non-blocking note under the form: "ok", "warning" or "info"."""
        color = {"ok": OK_COLOR, "warning": WARNING_COLOR}.get(kind, MUTED_COLOR)
        _colored(self.note, color)
        font = self.note.font()
        font.setBold(kind == "warning")
        self.note.setFont(font)
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def note_text(self) -> str:
        return self.note.text() if not self.note.isHidden() else ""

    def clear_messages(self) -> None:
        self._problems = {}
        self.errors.clear()
        self.note.hide()

    def focus_first(self) -> None:
        self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.save_requested.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.editing:
            event.accept()
            self.cancel_requested.emit()
            return
        super().keyPressEvent(event)
