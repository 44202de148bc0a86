"""Close or reopen a year of hours, with the history of closings.

A closed year's time entries are read-only everywhere (the database refuses changes). Only a
coordinator may close or reopen a year; the dialog lists only officers with that role. It reads
on the database worker (``loaded`` fires when the data is shown) and writes synchronously.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import directory, hours
from app.domain.records import OfficerRow
from app.domain.records_hours import YearEvent
from app.errors import KnownError, ValidationError
from app.models.record_table import Column, RecordTableModel
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.widgets import (
    FormErrors,
    hint_label,
    make_table_view,
    section_title,
    set_column_widths,
)

ACTION_WORDS = {"closed": "Closed", "reopened": "Reopened"}


class CloseYearDialog(QDialog):
    """Pick a year: close it when open, reopen it when closed."""

    loaded = Signal()
    changed = Signal(int, bool)  # the year, and whether it is now closed

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, year: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("close_year_dialog")
        self.setWindowTitle(tr("Close or reopen a year"))
        self.setMinimumWidth(700)
        self.ctx = ctx
        self._wanted_year = year or dt.date.today().year - 1
        self._closed: set[int] = set()
        self._events: list[YearEvent] = []
        self.errors = FormErrors()

        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName(tr("Year"))
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        self.state_label = QLabel("")
        self.state_label.setWordWrap(True)
        self.state_label.setAccessibleName(tr("State of the year"))
        self.coordinator_combo = QComboBox()
        self.coordinator_combo.setAccessibleName(tr("Coordinator"))
        self.coordinator_combo.setPlaceholderText(tr("Choose a coordinator"))
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName(tr("Note"))
        self.note_edit.setPlaceholderText(
            tr("Why (optional), e.g. “Figures sent to the Department”")
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field, widget in (
            (tr("&Year:"), "year", self.year_combo),
            (tr("&Coordinator:"), "by", self.coordinator_combo),
            (tr("&Note:"), "note", self.note_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(field, widget))
            if field == "year":
                form.addRow("", self.state_label)

        self.history_model: RecordTableModel[YearEvent] = RecordTableModel(
            [
                Column(tr("Year"), lambda e: e.year, text=lambda e: str(e.year)),
                Column(
                    tr("Action"),
                    lambda e: e.action,
                    text=lambda e: tr(ACTION_WORDS.get(e.action, e.action)),
                ),
                Column(tr("When"), lambda e: e.at, text=lambda e: e.at.strftime("%Y-%m-%d %H:%M")),
                Column(tr("By"), lambda e: e.by),
                Column(tr("Note"), lambda e: e.note, tooltip=lambda e: e.note),
            ],
            self,
        )
        self.history = make_table_view(tr("History of closed years"), sortable=False)
        self.history.setModel(self.history_model)
        self.history.setMinimumHeight(120)
        set_column_widths(self.history, (6, 9, 17, 22))
        self.history_empty = hint_label(tr("No year has been closed yet."))

        self.button_box = QDialogButtonBox()
        self.apply_button: QPushButton = self.button_box.addButton(
            tr("Close year"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.done_button = self.button_box.addButton(QDialogButtonBox.StandardButton.Close)
        self.done_button.setText(tr("Done"))
        self.apply_button.clicked.connect(self.apply)
        self.done_button.clicked.connect(self.reject)
        self.apply_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr(
                    "Closing a year makes its hours read-only for everyone — entries of that year "
                    "cannot be added, changed or deleted — until a coordinator reopens it."
                )
            )
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(section_title(tr("History")))
        layout.addWidget(self.history, 1)
        layout.addWidget(self.history_empty)
        layout.addWidget(self.button_box)
        self.reload()

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        db = self.ctx.db

        def fetch() -> tuple[Any, ...]:
            return (
                hours.entry_years(db),
                hours.list_closed_years(db),
                directory.list_officers(db),
                hours.year_events(db),
            )

        def failed(err: BaseException) -> None:
            show_error(self, err)
            self.loaded.emit()

        self.ctx.tasks.run(fetch, self._apply, failed)

    def _apply(self, result: tuple[Any, ...]) -> None:
        years, closed, officers, events = result
        self._closed = set(closed)
        self._events = list(events)
        coordinators: list[OfficerRow] = [o for o in officers if o.role == "coordinator"]
        wanted = self.selected_year() or self._wanted_year
        all_years = sorted(set(years) | self._closed | {wanted}, reverse=True)
        this_year = dt.date.today().year
        all_years = [y for y in all_years if y <= this_year]
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in all_years:
            self.year_combo.addItem(
                tr("{year} (closed)").format(year=y) if y in self._closed else str(y), y
            )
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(wanted), 0))
        self.year_combo.blockSignals(False)

        by = self.coordinator_combo.currentData()
        self.coordinator_combo.clear()
        for o in sorted(coordinators, key=lambda o: (not o.active, o.name.casefold())):
            self.coordinator_combo.addItem(o.name, o.id)
        if by is not None and self.coordinator_combo.findData(by) >= 0:
            self.coordinator_combo.setCurrentIndex(self.coordinator_combo.findData(by))
        elif self.coordinator_combo.count() == 1:
            self.coordinator_combo.setCurrentIndex(0)
        self.history_model.set_rows(self._events)
        self.history_empty.setVisible(not self._events)
        if not coordinators:
            self.errors.show(
                {
                    "by": tr(
                        "Only a coordinator can close or reopen a year, and no officer has that "
                        "role: give it to someone on the Officers page."
                    )
                }
            )
        self._on_year_changed()
        self.loaded.emit()

    # ------------------------------------------------------------------ state
    def selected_year(self) -> int | None:
        data = self.year_combo.currentData()
        return int(data) if data is not None else None

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index >= 0:
            self.year_combo.setCurrentIndex(index)

    def set_coordinator(self, officer_id: int) -> None:
        self.coordinator_combo.setCurrentIndex(self.coordinator_combo.findData(officer_id))

    def is_closed(self, year: int) -> bool:
        return year in self._closed

    def _on_year_changed(self, _index: int = -1) -> None:
        year = self.selected_year()
        if year is None:
            self.state_label.setText("")
            self.apply_button.setEnabled(False)
            return
        if year in self._closed:
            last = next((e for e in self._events if e.year == year and e.action == "closed"), None)
            when = (
                tr(" on {date} by {who}").format(
                    date=last.at.strftime("%Y-%m-%d"), who=last.by or "?"
                )
                if last
                else ""
            )
            self.state_label.setText(
                tr("{year} is closed{when}: its hours are read-only.").format(year=year, when=when)
            )
            self.apply_button.setText(tr("Reopen {year}").format(year=year))
            self.apply_button.setToolTip(
                tr("Allow changes to {year}'s hours again").format(year=year)
            )
        else:
            self.state_label.setText(
                tr("{year} is open: its hours can still be changed.").format(year=year)
            )
            self.apply_button.setText(tr("Close {year}").format(year=year))
            self.apply_button.setToolTip(
                tr("Make {year}'s hours read-only for everyone").format(year=year)
            )
        self.apply_button.setEnabled(self.coordinator_combo.count() > 0)

    # ------------------------------------------------------------------ action
    def apply(self) -> bool:
        """Close the selected year (or reopen it when closed). True when done."""
        year = self.selected_year()
        by = self.coordinator_combo.currentData()
        if year is None:
            self.errors.show({"year": tr("Choose a year.")})
            return False
        if by is None:
            self.errors.show({"by": tr("Choose the coordinator doing this.")})
            return False
        note = self.note_edit.text().strip()
        closing = year not in self._closed
        try:
            if not closing:
                hours.reopen_year(self.ctx.db, year, by_officer_id=int(by), note=note)
            else:
                hours.close_year(self.ctx.db, year, by_officer_id=int(by), note=note)
        except KnownError as err:
            self.errors.show(err.problems if isinstance(err, ValidationError) else {"": str(err)})
            return False
        self.errors.clear()
        self.note_edit.clear()
        self._wanted_year = year
        self._closed = self._closed | {year} if closing else self._closed - {year}
        self.changed.emit(year, closing)
        self.reload()
        return True
