"""Add or edit an officer. The dialog stays open, data untouched, while anything is wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.domain import vocab
from app.domain.records import OfficerInput, OfficerRow
from app.errors import NotFoundError, ValidationError
from app.views.messages import show_error, tr
from app.views.widgets import FormErrors, OptionalDateEdit, hint_label

if TYPE_CHECKING:
    from app.db.database import Database


class OfficerDialog(QDialog):
    """``officer=None`` adds a new officer; otherwise edits that one. ``saved(id)`` on success."""

    saved = Signal(int)

    def __init__(
        self, db: Database, officer: OfficerRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("officer_dialog")
        self._db = db
        self._officer = officer
        self.saved_id: int | None = officer.id if officer else None
        self.setWindowTitle(
            tr("Add officer")
            if officer is None
            else tr("Edit officer – {name}").format(name=officer.name)
        )
        self.setMinimumWidth(520)
        self.errors = FormErrors()
        self._build()
        if officer is not None:
            self._fill(officer)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(tr("Name"))
        self.name_edit.setPlaceholderText(tr("Required, e.g. Miren Agirre"))
        self.name_edit.setMaxLength(200)

        self.email_edit = QLineEdit()
        self.email_edit.setAccessibleName(tr("E-mail"))
        self.email_edit.setPlaceholderText(tr("Required, e.g. miren.agirre@spri.eus"))
        self.email_edit.setMaxLength(300)

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

        self.phone_edit = QLineEdit()
        self.phone_edit.setAccessibleName(tr("Phone"))
        self.phone_edit.setPlaceholderText(tr("Optional"))
        self.phone_edit.setMaxLength(60)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(tr("Notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 5 + 12)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        e = self.errors
        self._row(form, tr("&Name:"), e.wrap("name", self.name_edit), self.name_edit)
        self._row(form, tr("&E-mail:"), e.wrap("email", self.email_edit), self.email_edit)
        self._row(form, tr("&Role:"), e.wrap("role", self.role_combo), self.role_combo)
        self._row(form, tr("Status:"), e.wrap("active", self.active_check), self.active_check)
        self._row(
            form, tr("Service &start:"), e.wrap("service_start", self.start_edit), self.start_edit
        )
        self._row(form, tr("&Leaving date:"), e.wrap("service_end", self.end_edit), self.end_edit)
        self._row(form, tr("&Phone:"), e.wrap("phone", self.phone_edit), self.phone_edit)
        self._row(form, tr("N&otes:"), e.wrap("notes", self.notes_edit), self.notes_edit)

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Add officer") if self._officer is None else tr("Save"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

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
        layout.addWidget(self.button_box)

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget, buddy: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(buddy)
        form.addRow(label, field)

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

    def accept(self) -> None:
        data = self.officer_input()
        try:
            if self._officer is None:
                self.saved_id = directory.create_officer(self._db, data)
            else:
                directory.update_officer(self._db, self._officer.id, data)
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
