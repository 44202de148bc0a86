"""Add or edit an officer. The dialog stays open, data untouched, while anything is wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QVBoxLayout, QWidget

from app.db import directory
from app.domain import vocab
from app.domain.records import OfficerInput, OfficerRow
from app.views.messages import tr
from app.views.record_views import RecordDialog, make_line_edit, make_notes_edit
from app.views.widgets import OptionalDateEdit, hint_label

if TYPE_CHECKING:
    from app.db.database import Database


class OfficerDialog(RecordDialog[OfficerRow]):
    """``officer=None`` adds a new officer; otherwise edits that one. ``saved(id)`` on success."""

    def __init__(
        self, db: Database, officer: OfficerRow | None = None, parent: QWidget | None = None
    ) -> None:
        title = (
            tr("Add officer")
            if officer is None
            else tr("Edit officer – {name}").format(name=officer.name)
        )
        super().__init__(
            db, officer, parent, object_name="officer_dialog", title=title, min_width=520
        )

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.name_edit = make_line_edit(tr("Name"), tr("Required, e.g. Miren Agirre"), 200)
        self.email_edit = make_line_edit(
            tr("E-mail"), tr("Required, e.g. miren.agirre@spri.eus"), 300
        )

        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(tr("Role"))
        for key, label in vocab.OFFICER_ROLES.items():
            self.role_combo.addItem(tr(label), key)

        self.active_check = QCheckBox(tr("Active (works as a liaison officer now)"))
        self.active_check.setAccessibleName(tr("Active"))
        self.active_check.setChecked(True)

        self.start_edit = OptionalDateEdit(
            tr("Service start"), check_text=tr("Known"), none_text=tr("not known")
        )
        self.end_edit = OptionalDateEdit(
            tr("Leaving date"), check_text=tr("Leaves on"), none_text=tr("no leaving date")
        )
        self.phone_edit = make_line_edit(tr("Phone"), tr("Optional"), 60)
        self.notes_edit = make_notes_edit(5)

        form = self._new_form()
        self._add_row(form, tr("&Name:"), "name", self.name_edit)
        self._add_row(form, tr("&E-mail:"), "email", self.email_edit)
        self._add_row(form, tr("&Role:"), "role", self.role_combo)
        self._add_row(form, tr("Status:"), "active", self.active_check)
        self._add_row(form, tr("Service &start:"), "service_start", self.start_edit)
        self._add_row(form, tr("&Leaving date:"), "service_end", self.end_edit)
        self._add_row(form, tr("&Phone:"), "phone", self.phone_edit)
        self._add_row(form, tr("N&otes:"), "notes", self.notes_edit)

        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                tr(
                    "The yearly target (100 h by default) is set on the Officers page, "
                    "below the list."
                )
            )
        )
        layout.addWidget(
            self._make_buttons(tr("Add officer") if self._record is None else tr("Save"))
        )

    def _fill(self, o: OfficerRow) -> None:
        self.name_edit.setText(o.name)
        self.email_edit.setText(o.email)
        index = self.role_combo.findData(o.role)
        self.role_combo.setCurrentIndex(max(index, 0))
        self.active_check.setChecked(o.active)
        self.start_edit.set_date(o.service_start)
        self.end_edit.set_date(o.service_end)
        self.phone_edit.setText(o.phone)
        self.notes_edit.setPlainText(o.notes)

    # ------------------------------------------------------------------ behaviour
    def officer_input(self) -> OfficerInput:
        return OfficerInput(
            name=self.name_edit.text(),
            email=self.email_edit.text(),
            role=str(self.role_combo.currentData()),
            active=self.active_check.isChecked(),
            service_start=self.start_edit.date(),
            service_end=self.end_edit.date(),
            phone=self.phone_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    def _create(self) -> int:
        return directory.create_officer(self._db, self.officer_input())

    def _update(self, record_id: int) -> None:
        directory.update_officer(self._db, record_id, self.officer_input())
