"""The Clusters page: the cluster associations, their profile and label, and who sits on their
board for SPRI.

Reads run on the database worker (``Page.load``); single-row writes call ``app.db.directory``
directly and then refresh. Dialogs are opened with ``open()`` and returned. The list, filter, tool
bar, loading and archiving are ``RecordPage``'s (``record_views``); this module states the
columns, the kind filter and the detail panel: profile and liaison history.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.domain import vocab
from app.domain.records import AssignmentRow, ClusterRow
from app.models.record_table import Column, RecordTableModel
from app.views.cluster_dialog import ClusterDialog
from app.views.messages import tr
from app.views.record_views import RecordPage, RecordPageTexts
from app.views.widgets import (
    ERROR_COLOR,
    WARNING_COLOR,
    assignment_status,
    format_date,
    hint_label,
    make_table_view,
    set_column_widths,
)

if TYPE_CHECKING:
    from app.db.database import Database

ESCA_RANK = {"none": 0, "bronze": 1, "silver": 2, "gold": 3}
WARN_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def esca_state(c: ClusterRow, today: dt.date) -> str:
    """ "none", "valid", "expiring" (within six months) or "expired"."""
    if c.esca_label == "none":
        return "none"
    if c.esca_expiry is None:
        return "valid"
    if c.esca_expiry < today:
        return "expired"
    if c.esca_expiry <= add_months(today, WARN_MONTHS):
        return "expiring"
    return "valid"


def esca_text(c: ClusterRow, today: dt.date, *, long: bool = False) -> str:
    """The label in words with its state: "Gold, expires in 40 days", "Bronze, expired".

    ``long`` adds the expiry date where the short form leaves it out (tooltips, detail panel).
    """
    label = tr(vocab.ESCA_LABELS.get(c.esca_label, c.esca_label))
    state = esca_state(c, today)
    if state == "none":
        return tr("None")
    if c.esca_expiry is None:
        return label
    date = format_date(c.esca_expiry)
    if state == "expired":
        text = tr("{label}, expired").format(label=label)
    elif state == "expiring":
        days = (c.esca_expiry - today).days
        if days == 0:
            text = tr("{label}, expires today").format(label=label)
        elif days == 1:
            text = tr("{label}, expires tomorrow").format(label=label)
        else:
            text = tr("{label}, expires in {days} days").format(label=label, days=days)
    else:
        return tr("{label}, until {date}").format(label=label, date=date)
    return tr("{text} ({date})").format(text=text, date=date) if long else text


def _optional_number(value: float | None, suffix: str = "") -> str:
    return "" if value is None else f"{value:g}{suffix}"


class ClustersPage(RecordPage[ClusterRow, list[AssignmentRow]]):
    title = "Clusters"
    object_name = "clusters"
    settings_key = "clusters/show_archived"
    column_widths = (12, 22, 8, 10, 13, 20, 26, 8, 7, 11, 16)
    status_column = 2
    toolbar_spacing = 8
    splitter_sizes = (460, 280)

    # ------------------------------------------------------------------ layout
    def texts(self) -> RecordPageTexts:
        return RecordPageTexts(
            list_name=tr("Clusters"),
            filter_placeholder=tr("Filter clusters by name, sector, contact or officer"),
            filter_name=tr("Filter clusters"),
            show_archived_name=tr("Show archived clusters"),
            show_archived_tip=tr("Also list clusters that SPRI no longer follows"),
            toolbar=tr("Cluster actions"),
            add=tr("&Add cluster…"),
            add_tip=tr("Add a cluster or pre-cluster association"),
            edit_tip=tr("Edit the selected cluster (or double-click the row)"),
            archive_tip=tr("Archive the selected cluster: hidden from lists, history kept"),
            restore_tip=tr("Make the selected archived cluster active again"),
            count=tr("{shown} of {total} clusters shown"),
            no_selection=tr("No cluster selected"),
            no_selection_hint=tr(
                "Select a cluster above to see its profile and its liaison officers."
            ),
        )

    def columns(self) -> list[Column[ClusterRow]]:
        def esca_color(c: ClusterRow) -> QColor | None:
            state = esca_state(c, self._today)
            if c.archived:
                return None
            return {"expired": QColor(ERROR_COLOR), "expiring": QColor(WARNING_COLOR)}.get(state)

        return [
            Column(tr("Short name"), lambda c: c.short_name),
            Column(tr("Name"), lambda c: c.name, tooltip=lambda c: c.name),
            Column(
                tr("Status"), lambda c: c.archived,
                text=lambda c: tr("Archived") if c.archived else tr("Active"),
            ),
            Column(tr("Kind"), lambda c: c.kind, text=lambda c: tr(vocab.CLUSTER_KINDS.get(c.kind, ""))),
            Column(tr("Sector"), lambda c: c.sector),
            Column(
                tr("Liaison officers"), lambda c: c.officers,
                tooltip=lambda c: ", ".join(c.officers) or tr("No liaison officer today"),
            ),
            Column(
                tr("ESCA label"),
                lambda c: f"{ESCA_RANK.get(c.esca_label, 0)} {format_date(c.esca_expiry)}",
                text=lambda c: esca_text(c, self._today),
                tooltip=lambda c: esca_text(c, self._today, long=True),
                foreground=esca_color,
            ),
            Column(
                tr("Members"), lambda c: -1 if c.member_count is None else c.member_count,
                text=lambda c: _optional_number(c.member_count), align_right=True,
            ),
            Column(
                tr("SME %"), lambda c: -1.0 if c.sme_share is None else c.sme_share,
                text=lambda c: _optional_number(c.sme_share, tr(" %")), align_right=True,
            ),
            Column(
                tr("Cross-border"), lambda c: c.cross_border,
                text=lambda c: tr("Yes") if c.cross_border else tr("No"),
            ),
            Column(tr("Contact"), lambda c: c.contact_name),
            Column(tr("Contact e-mail"), lambda c: c.contact_email),
        ]  # fmt: skip

    @staticmethod
    def is_archived(record: ClusterRow) -> bool:
        return record.archived

    def build_filters(self) -> list[QWidget]:
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(tr("Kind of cluster to show"))
        self.kind_combo.addItem(tr("All kinds"), None)
        self.kind_combo.addItem(tr("Clusters"), "cluster")
        self.kind_combo.addItem(tr("Pre-clusters"), "pre-cluster")
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        kind_label = QLabel(tr("&Kind:"))
        kind_label.setBuddy(self.kind_combo)
        return [kind_label, self.kind_combo]

    def build_detail_boxes(self) -> list[tuple[QGroupBox, int]]:
        self.profile_box = QGroupBox(tr("Profile"))
        form = QFormLayout(self.profile_box)
        self.detail_labels: dict[str, QLabel] = {}
        for key, text in (
            ("contact", tr("Contact:")),
            ("members", tr("Members:")),
            ("website", tr("Website:")),
            ("fte", tr("Management staff:")),
            ("helix", tr("Triple-helix types:")),
            ("notes", tr("Notes:")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setAccessibleName(text.rstrip(":"))
            self.detail_labels[key] = value
            form.addRow(QLabel(text), value)

        self.history_model: RecordTableModel[AssignmentRow] = RecordTableModel(
            [
                Column(tr("Officer"), lambda a: a.officer_name),
                Column(tr("From"), lambda a: a.start_date),
                Column(
                    tr("Until"), lambda a: a.end_date,
                    text=lambda a: format_date(a.end_date) or tr("open-ended"),
                ),
                Column(tr("Status"), lambda a: assignment_status(a, self._today)),
            ],
            self,
        )  # fmt: skip
        self.history_model.muted = lambda a: assignment_status(a, self._today) == tr("Ended")
        self.history_table = make_table_view(tr("Liaison history"), sortable=False)
        self.history_table.setModel(self.history_model)
        set_column_widths(self.history_table, (24, 12, 12))
        self.history_box = QGroupBox(tr("Liaison officers over time"))
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history_table, 1)
        history_layout.addWidget(
            hint_label(tr("Assignments are made on the Officers page, per officer."))
        )
        return [(self.profile_box, 1), (self.history_box, 1)]

    # ------------------------------------------------------------------ reading
    def current_cluster(self) -> ClusterRow | None:
        return self.current_record()

    def fetch_rows(self, db: Database, today: dt.date) -> list[ClusterRow]:
        return directory.list_clusters(db, today=today)

    def fetch_details(self, db: Database, record_id: int, today: dt.date) -> list[AssignmentRow]:
        return directory.list_assignments(db, cluster_id=record_id)

    def clear_details(self) -> None:
        for label in self.detail_labels.values():
            label.clear()
        self.history_model.set_rows([])

    def fill_details(self, cluster: ClusterRow, history: list[AssignmentRow]) -> None:
        self.detail_title.setText(
            cluster.name
            if cluster.short_name.casefold() in cluster.name.casefold()
            else f"{cluster.short_name} – {cluster.name}"
        )
        parts = [tr(vocab.CLUSTER_KINDS.get(cluster.kind, ""))]
        if cluster.sector:
            parts.append(cluster.sector)
        if cluster.cross_border:
            parts.append(tr("cross-border"))
        parts.append(
            tr("ESCA label: {label}").format(label=esca_text(cluster, self._today, long=True))
        )
        if cluster.archived:
            parts.insert(0, tr("Archived"))
        self.detail_hint.setText(" · ".join(p for p in parts if p))
        unknown = tr("not known")
        contact = " ".join(
            p
            for p in (
                cluster.contact_name,
                f"<{cluster.contact_email}>" if cluster.contact_email else "",
            )
            if p
        )
        self.detail_labels["contact"].setText(contact or unknown)
        members = _optional_number(cluster.member_count)
        if members and cluster.sme_share is not None:
            members = tr("{n} ({sme} % SMEs)").format(n=members, sme=f"{cluster.sme_share:g}")
        self.detail_labels["members"].setText(members or unknown)
        self.detail_labels["website"].setText(cluster.website or unknown)
        self.detail_labels["fte"].setText(
            tr("{fte} FTE").format(fte=f"{cluster.management_fte:g}")
            if cluster.management_fte is not None
            else unknown
        )
        self.detail_labels["helix"].setText(
            tr("{n} of 3").format(n=cluster.helix_types)
            if cluster.helix_types is not None
            else unknown
        )
        self.detail_labels["notes"].setText(cluster.notes or "–")
        self.history_model.set_rows(history)

    # ------------------------------------------------------------------ filtering
    def _on_kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.proxy.set_predicate("kind", None if kind is None else (lambda c: c.kind == kind))
        self._after_filter()

    def set_kind_filter(self, kind: str | None) -> None:
        """Show only ``kind`` ("cluster", "pre-cluster") or every kind (``None``)."""
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))

    def reset_filters(self) -> None:
        super().reset_filters()
        if self.kind_combo.currentIndex() != 0:
            self.kind_combo.setCurrentIndex(0)

    # ------------------------------------------------------------------ writing
    def store_archived(self, record_id: int, archived: bool) -> None:
        directory.set_cluster_archived(self.ctx.db, record_id, archived)

    def make_dialog(self, cluster: ClusterRow | None) -> ClusterDialog:
        return ClusterDialog(self.ctx.db, cluster, self)
