"""Add or edit a cluster association. The dialog stays open, data untouched, while anything is
wrong; unknown numbers are stored as "not known" (``None``), never as 0."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.domain import vocab
from app.domain.records import ClusterInput, ClusterRow
from app.views.messages import tr
from app.views.record_views import RecordDialog, make_line_edit, make_notes_edit
from app.views.widgets import (
    OptionalDateEdit,
    OptionalDoubleSpinBox,
    OptionalSpinBox,
    hint_label,
)

if TYPE_CHECKING:
    from app.db.database import Database


class ClusterDialog(RecordDialog[ClusterRow]):
    """``cluster=None`` adds a new cluster; otherwise edits that one. ``saved(id)`` on success."""

    def __init__(
        self, db: Database, cluster: ClusterRow | None = None, parent: QWidget | None = None
    ) -> None:
        title = (
            tr("Add cluster")
            if cluster is None
            else tr("Edit cluster – {name}").format(name=cluster.short_name)
        )
        super().__init__(
            db, cluster, parent, object_name="cluster_dialog", title=title, min_width=860
        )
        self._on_label_changed()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        # Identity
        self.name_edit = make_line_edit(
            tr("Name"), tr("Required, e.g. Basque Energy Cluster Association"), 200
        )
        self.short_name_edit = make_line_edit(tr("Short name"), tr("Required, e.g. Energía"), 40)
        self.sector_edit = make_line_edit(tr("Sector"), tr("e.g. Energy"), 200)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(tr("Kind"))
        for key, label in vocab.CLUSTER_KINDS.items():
            self.kind_combo.addItem(tr(label), key)
        self.cross_border_check = QCheckBox(tr("Cross-border (e.g. the Klusteuro network)"))
        self.cross_border_check.setAccessibleName(tr("Cross-border"))
        self.website_edit = make_line_edit(tr("Website"), tr("e.g. www.clusterenergia.com"))

        identity = QGroupBox(tr("Association"))
        form = self._new_form()
        self._add_row(form, tr("&Name:"), "name", self.name_edit)
        self._add_row(form, tr("S&hort name:"), "short_name", self.short_name_edit)
        self._add_row(form, tr("Se&ctor:"), "sector", self.sector_edit)
        self._add_row(form, tr("&Kind:"), "kind", self.kind_combo)
        self._add_row(form, "", "cross_border", self.cross_border_check)
        self._add_row(form, tr("&Website:"), "website", self.website_edit)
        identity.setLayout(form)

        # Contact
        self.contact_name_edit = make_line_edit(
            tr("Contact person"), tr("e.g. the cluster manager")
        )
        self.contact_email_edit = make_line_edit(tr("Contact e-mail"), tr("name@example.org"))
        contact = QGroupBox(tr("Contact person"))
        form = self._new_form()
        self._add_row(form, tr("Na&me:"), "contact_name", self.contact_name_edit)
        self._add_row(form, tr("E-ma&il:"), "contact_email", self.contact_email_edit)
        contact.setLayout(form)

        # Profile (optional numbers)
        self.members_spin = OptionalSpinBox(0, 100_000, tr("Member count"))
        self.members_spin.setSuffix(tr(" members"))
        self.sme_spin = OptionalDoubleSpinBox(0, 100, 1, 1, tr("SME share (%)"))
        self.sme_spin.setSuffix(tr(" %"))
        self.fte_spin = OptionalDoubleSpinBox(0, 100, 0.5, 2, tr("Management staff (FTE)"))
        self.fte_spin.setSuffix(tr(" FTE"))
        self.helix_spin = OptionalSpinBox(0, 3, tr("Triple-helix member types"))
        self.helix_spin.setSuffix(tr(" of 3"))
        for spin in (self.members_spin, self.sme_spin, self.fte_spin, self.helix_spin):
            spin.setMinimumWidth(150)
        profile = QGroupBox(tr("Profile"))
        form = self._new_form()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self._add_row(form, tr("Mem&bers:"), "member_count", self.members_spin)
        self._add_row(form, tr("SME sh&are:"), "sme_share", self.sme_spin)
        self._add_row(form, tr("Mana&gement staff:"), "management_fte", self.fte_spin)
        self._add_row(form, tr("&Triple-helix types:"), "helix_types", self.helix_spin)
        form.addRow(
            hint_label(
                tr(
                    "Triple helix: companies, research/technology centres, public bodies. "
                    "Leave a number at “not known” rather than guessing."
                )
            )
        )
        profile.setLayout(form)

        # ESCA label
        self.esca_combo = QComboBox()
        self.esca_combo.setAccessibleName(tr("ESCA label"))
        for key, label in vocab.ESCA_LABELS.items():
            self.esca_combo.addItem(tr(label), key)
        self.esca_expiry_edit = OptionalDateEdit(
            tr("ESCA label expiry"), check_text=tr("Expires on"), none_text=tr("no expiry date")
        )
        self.esca_combo.currentIndexChanged.connect(self._on_label_changed)
        esca = QGroupBox(tr("Cluster-management label (ESCA)"))
        form = self._new_form()
        self._add_row(form, tr("&Label:"), "esca_label", self.esca_combo)
        self._add_row(form, tr("E&xpiry:"), "esca_expiry", self.esca_expiry_edit)
        esca.setLayout(form)

        # Notes
        self.notes_edit = make_notes_edit(4)
        notes_label = QLabel(tr("N&otes:"))
        notes_label.setBuddy(self.notes_edit)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        # Added column by column so that Tab goes down the left column, then the right one.
        grid.addWidget(identity, 0, 0)
        grid.addWidget(contact, 1, 0)
        grid.addWidget(profile, 0, 1)
        grid.addWidget(esca, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addLayout(grid)
        layout.addWidget(notes_label)
        layout.addWidget(self.errors.wrap("notes", self.notes_edit))
        layout.addWidget(
            self._make_buttons(tr("Add cluster") if self._record is None else tr("Save"))
        )

    def _fill(self, c: ClusterRow) -> None:
        self.name_edit.setText(c.name)
        self.short_name_edit.setText(c.short_name)
        self.sector_edit.setText(c.sector)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(c.kind), 0))
        self.cross_border_check.setChecked(c.cross_border)
        self.website_edit.setText(c.website)
        self.contact_name_edit.setText(c.contact_name)
        self.contact_email_edit.setText(c.contact_email)
        self.members_spin.set_value_or_none(c.member_count)
        self.sme_spin.set_value_or_none(c.sme_share)
        self.fte_spin.set_value_or_none(c.management_fte)
        self.helix_spin.set_value_or_none(c.helix_types)
        self.esca_combo.setCurrentIndex(max(self.esca_combo.findData(c.esca_label), 0))
        self.esca_expiry_edit.set_date(c.esca_expiry)
        self.notes_edit.setPlainText(c.notes)

    def _on_label_changed(self) -> None:
        has_label = self.esca_combo.currentData() != "none"
        self.esca_expiry_edit.setEnabled(has_label)

    # ------------------------------------------------------------------ behaviour
    def cluster_input(self) -> ClusterInput:
        label = str(self.esca_combo.currentData())
        return ClusterInput(
            name=self.name_edit.text(),
            short_name=self.short_name_edit.text(),
            sector=self.sector_edit.text(),
            kind=str(self.kind_combo.currentData()),
            cross_border=self.cross_border_check.isChecked(),
            contact_name=self.contact_name_edit.text(),
            contact_email=self.contact_email_edit.text(),
            member_count=self.members_spin.value_or_none(),
            sme_share=self.sme_spin.value_or_none(),
            management_fte=self.fte_spin.value_or_none(),
            helix_types=self.helix_spin.value_or_none(),
            website=self.website_edit.text(),
            esca_label=label,
            esca_expiry=self.esca_expiry_edit.date() if label != "none" else None,
            notes=self.notes_edit.toPlainText(),
        )

    def _create(self) -> int:
        return directory.create_cluster(self._db, self.cluster_input())

    def _update(self, record_id: int) -> None:
        directory.update_cluster(self._db, record_id, self.cluster_input())
