"""Log an officer's time for a meeting in one step: the meeting itself plus optional preparation
and travel, for the meeting's cluster, linked to the meeting.

The dialog loads what it needs on the database worker (``loaded`` fires when it is ready) and
shows what is already logged for the meeting; an activity already logged by the chosen officer
cannot be logged again (its field is disabled and says so).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from app.db import directory
from app.db import meetings as m
from app.domain import vocab
from app.domain.hours import format_minutes, parse_duration
from app.domain.meetings import meeting_minutes_for_hours
from app.errors import KnownError, ValidationError
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.widgets import FormErrors, hint_label

MAIN_ACTIVITY = {"board": "board_meeting", "working_group": "working_group"}


def main_activity(kind: str) -> str:
    """The activity a meeting's own time is logged as (the data layer's rule)."""
    return MAIN_ACTIVITY.get(kind, "event")


class LogTimeDialog(QDialog):
    """``logged(entry_ids, warnings)`` after a successful log; ``loaded`` once data is shown."""

    logged = Signal(list, list)
    loaded = Signal()

    def __init__(self, ctx: AppContext, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("log_time_dialog")
        self.setWindowTitle(tr("Log time for this meeting"))
        self.setMinimumWidth(560)
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.errors = FormErrors()
        self._logged: list[m.LoggedTime] = []
        self._activity = "board_meeting"
        self._build()
        self._set_enabled(False)
        self._load()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.meeting_label = QLabel(tr("Loading the meeting…"))
        self.meeting_label.setWordWrap(True)
        self.meeting_label.setObjectName("subtitle")

        self.officer_combo = QComboBox()
        self.officer_combo.setAccessibleName(tr("Officer"))
        self.officer_combo.currentIndexChanged.connect(self._on_officer_changed)

        self.meeting_edit = QLineEdit()
        self.meeting_edit.setAccessibleName(tr("Meeting time"))
        self.meeting_edit.setPlaceholderText(tr("h:mm or hours, e.g. 2:30 or 2.5"))
        self.prep_edit = QLineEdit()
        self.prep_edit.setAccessibleName(tr("Preparation time"))
        self.prep_edit.setPlaceholderText(tr("Optional, e.g. 1:00 or 1"))
        self.travel_edit = QLineEdit()
        self.travel_edit.setAccessibleName(tr("Travel time"))
        self.travel_edit.setPlaceholderText(tr("Optional, e.g. 0:45 or 0.75"))

        self.meeting_row_label = QLabel(tr("&Meeting:"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        e = self.errors
        for label, field, widget in (
            (QLabel(tr("&Officer:")), "officer_id", self.officer_combo),
            (self.meeting_row_label, "meeting", self.meeting_edit),
            (QLabel(tr("&Preparation:")), "preparation", self.prep_edit),
            (QLabel(tr("&Travel:")), "travel", self.travel_edit),
        ):
            label.setBuddy(widget)
            form.addRow(label, e.wrap(field, widget))

        self.already_box = QGroupBox(tr("Already logged for this meeting"))
        box_layout = QVBoxLayout(self.already_box)
        self.already_label = QLabel(tr("Nothing yet."))
        self.already_label.setWordWrap(True)
        self.already_label.setAccessibleName(tr("Already logged for this meeting"))
        box_layout.addWidget(self.already_label)

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Log time"))
        self.ok_button.setToolTip(tr("Add these hours to the officer's time sheet (Enter)"))
        cancel = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(tr("Not now"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.meeting_label)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                tr(
                    "Hours go in quarter-hour steps, dated on the meeting day, for the meeting's "
                    "cluster. Leave preparation and travel empty if there was none."
                )
            )
        )
        layout.addWidget(self.already_box)
        layout.addWidget(self.button_box)

    def _set_enabled(self, on: bool) -> None:
        for w in (self.officer_combo, self.meeting_edit, self.prep_edit, self.travel_edit):
            w.setEnabled(on)
        self.ok_button.setEnabled(on)

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        db, mid = self.ctx.db, self.meeting_id

        def fetch() -> tuple[Any, ...]:
            detail = m.get_meeting(db, mid)
            officers = directory.list_officers(db, include_inactive=False)
            return detail, officers, m.meeting_time(db, mid)

        def failed(err: BaseException) -> None:
            if not Shiboken.isValid(self):
                return
            show_error(self, err)
            self.loaded.emit()
            self.reject()

        self.ctx.tasks.run(fetch, self._apply, failed)

    def _apply(self, result: tuple[Any, ...]) -> None:
        if not Shiboken.isValid(self):
            return  # closed before its data arrived
        detail, officers, logged = result
        row = detail.meeting
        self._activity = main_activity(row.kind)
        self._logged = list(logged)
        minutes = meeting_minutes_for_hours(row.starts_at, row.ends_at)
        end = f"–{row.ends_at:%H:%M}" if row.ends_at else ""
        self.meeting_label.setText(
            tr("{title}\n{cluster} · {day} {start}{end}").format(
                title=row.title,
                cluster=row.cluster_short_name,
                day=row.starts_at.date().isoformat(),
                start=f"{row.starts_at:%H:%M}",
                end=end,
            )
        )
        self.meeting_row_label.setText(
            tr("&{activity}:").format(activity=tr(vocab.ACTIVITIES[self._activity]))
        )
        self._default_minutes = minutes
        self.meeting_edit.setText(format_minutes(minutes) if minutes else "")

        attending = [a.officer_id for a in detail.attendees if a.officer_id is not None]
        present = [
            a.officer_id
            for a in detail.attendees
            if a.officer_id is not None and a.attendance == "present"
        ]
        remembered = self.ctx.settings.value("meetings/log_officer_id")
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        for o in officers:
            self.officer_combo.addItem(o.name, o.id)
        preferred = [*present, *attending]
        if str(remembered or "").isdigit() and int(str(remembered)) in attending:
            preferred.insert(0, int(str(remembered)))
        for oid in preferred:
            index = self.officer_combo.findData(oid)
            if index >= 0:
                self.officer_combo.setCurrentIndex(index)
                break
        self.officer_combo.blockSignals(False)

        self._show_logged()
        self._set_enabled(bool(officers))
        if not officers:
            self.errors.show({"": tr("There is no active officer: add one on the Officers page.")})
        self._on_officer_changed()
        self.loaded.emit()

    def _show_logged(self) -> None:
        if not self._logged:
            self.already_label.setText(tr("Nothing yet."))
            return
        by_officer: dict[str, list[m.LoggedTime]] = {}
        for t in self._logged:
            by_officer.setdefault(t.officer_name, []).append(t)
        lines = []
        for name, items in by_officer.items():
            parts = ", ".join(
                f"{tr(vocab.ACTIVITIES.get(t.activity, t.activity))} {format_minutes(t.minutes)}"
                for t in items
            )
            lines.append(
                tr("{name}: {parts} (on {day})").format(
                    name=name, parts=parts, day=items[0].entry_date.isoformat()
                )
            )
        self.already_label.setText("\n".join(lines))

    # ------------------------------------------------------------------ behaviour
    def current_officer_id(self) -> int | None:
        data = self.officer_combo.currentData()
        return int(data) if data is not None else None

    def already_logged(self, officer_id: int | None = None) -> dict[str, int]:
        """Activities (and minutes) already logged for this meeting by the officer."""
        oid = officer_id if officer_id is not None else self.current_officer_id()
        return {t.activity: t.minutes for t in self._logged if t.officer_id == oid}

    def _on_officer_changed(self) -> None:
        done = self.already_logged()
        self.errors.clear()
        for activity, edit, default in (
            (self._activity, self.meeting_edit, getattr(self, "_default_minutes", 0)),
            ("preparation", self.prep_edit, 0),
            ("travel", self.travel_edit, 0),
        ):
            if activity in done:
                edit.setEnabled(False)
                edit.setText(
                    tr("already logged ({time})").format(time=format_minutes(done[activity]))
                )
            else:
                edit.setEnabled(True)
                if edit.text().startswith(tr("already logged")):
                    edit.setText(format_minutes(default) if default else "")
        everything = {self._activity, "preparation", "travel"} <= set(done)
        self.ok_button.setEnabled(self.officer_combo.count() > 0 and not everything)
        if done:
            self.errors.general.set_problem(
                tr(
                    "{name} has already logged time for this meeting; only the rest can be added."
                ).format(name=self.officer_combo.currentText())
                if not everything
                else tr("{name} has already logged all of this meeting's time.").format(
                    name=self.officer_combo.currentText()
                )
            )

    def _minutes(self, edit: QLineEdit, field: str, problems: dict[str, str]) -> int:
        if not edit.isEnabled() or not edit.text().strip():
            return 0
        try:
            return parse_duration(edit.text())
        except ValueError as err:
            problems[field] = str(err)
            return 0

    def accept(self) -> None:
        officer_id = self.current_officer_id()
        problems: dict[str, str] = {}
        if officer_id is None:
            problems["officer_id"] = tr("Choose an officer.")
        meeting = self._minutes(self.meeting_edit, "meeting", problems)
        prep = self._minutes(self.prep_edit, "preparation", problems)
        travel = self._minutes(self.travel_edit, "travel", problems)
        if not problems and not (meeting or prep or travel):
            problems["meeting"] = tr("Give the time to log.")
        if problems:
            self.errors.show(problems)
            return
        assert officer_id is not None
        try:
            ids, warnings = m.log_meeting_time(
                self.ctx.db,
                self.meeting_id,
                officer_id,
                meeting_minutes=meeting,
                preparation_minutes=prep,
                travel_minutes=travel,
            )
        except ValidationError as err:
            mapped = {("meeting" if k == "minutes" else k): v for k, v in err.problems.items()}
            self.errors.show(mapped)
            return
        except KnownError as err:
            self.errors.show({"": str(err)})
            return
        self.ctx.settings.setValue("meetings/log_officer_id", officer_id)
        self.logged.emit(ids, warnings)
        super().accept()
