"""The Maturity page: the comparative scoreboard, a cluster's profiles, the working-group planner.

Three tabs:
- **Scoreboard** (``ScoreboardView``): every cluster × dimension as a heatmap with numbers;
  sort by a dimension, filter by kind and stage, click a cell to open that cluster's profile.
- **Cluster profile** (``ProfileEditor``): the profiles over time, the radar chart against the
  previous profile and the network (or peers') average, the levels with their descriptors, notes
  and evidence, and the cluster's facts (ESCA label, ECCP eligibility).
- **Working groups** (``WorkingGroupPlanner``): dimensions ranked by how many clusters are weak
  in them; weak and strong clusters; propose, list, export and delete groups.

Every read runs on the database worker through ``Page.load`` (``loaded`` fires when the data is
on screen); exports run on the worker too, with the report modules imported only when used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.db import maturity as mt
from app.domain.records_maturity import Scoreboard, WorkingGroupRow
from app.errors import KnownError
from app.views.context import AppContext
from app.views.maturity_profile_editor import ProfileEditor
from app.views.messages import error_text, show_error, tr
from app.views.page import Page
from app.views.scoreboard_view import ScoreboardView
from app.views.widgets import ERROR_COLOR, WARNING_COLOR
from app.views.working_group_planner import WorkingGroupPlanner

logger = logging.getLogger(__name__)

PDF_FILTER = "PDF document (*.pdf)"
XLSX_FILTER = "Excel workbook (*.xlsx)"


@dataclass(frozen=True)
class MaturityOverview:
    board: Scoreboard
    groups: list[WorkingGroupRow]
    without_recent: list[str]


def fetch_overview(db: Any) -> MaturityOverview:
    """What the scoreboard and the planner show (on the database worker)."""
    return MaturityOverview(
        board=mt.scoreboard(db),
        groups=mt.list_working_groups(db),
        without_recent=mt.clusters_without_recent_profile(db),
    )


class NoticeBar(QFrame):
    """A dismissible message at the top of the page (exports written, problems)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maturity_notice")
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(tr("Dismiss this message"))
        close.setAccessibleName(tr("Dismiss the message"))
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        color = {"error": ERROR_COLOR, "warning": WARNING_COLOR}.get(kind, "#1f3a4d")
        bg = {"error": "#fde7e9", "warning": "#fff3dc"}.get(kind, "#e8f1f6")
        self.setStyleSheet(
            f"QFrame#maturity_notice {{ background: {bg}; border: 1px solid {color};"
            f" border-radius: 4px; }} QFrame#maturity_notice QLabel {{ color: {color};"
            f" background: transparent; font-weight: {'600' if kind != 'info' else '400'}; }}"
        )
        self.kind = kind
        self.label.setText(text)
        self.setAccessibleName(text)
        self.show()

    def dismiss(self) -> None:
        self.label.clear()
        self.kind = ""
        self.hide()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""


class MaturityPage(Page):
    title = "Maturity"
    object_name = "maturity"

    exported = Signal(str)  # path of a report written

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.overview: MaturityOverview | None = None
        self._stale = False
        self._planner_stale = True
        self.notice = NoticeBar()
        self.scoreboard = ScoreboardView(ctx.settings)
        self.editor = ProfileEditor(ctx, self.load)
        self.planner = WorkingGroupPlanner(ctx, self.load)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Maturity views"))
        self.tabs.addTab(self.scoreboard, tr("Scoreboard"))
        self.tabs.addTab(self.editor, tr("Cluster profile"))
        self.tabs.addTab(self.planner, tr("Working groups"))
        self.tabs.setTabToolTip(0, tr("Every cluster's latest levels side by side"))
        self.tabs.setTabToolTip(
            1, tr("One cluster's profiles over time, its radar chart and facts")
        )
        self.tabs.setTabToolTip(2, tr("Find clusters weak in the same dimension; propose a group"))
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.scoreboard.cluster_activated.connect(self.show_cluster)
        self.scoreboard.export_xlsx_requested.connect(lambda: self.ask_export_scoreboard("xlsx"))
        self.scoreboard.export_pdf_requested.connect(lambda: self.ask_export_scoreboard("pdf"))
        self.editor.changed.connect(self._mark_stale)
        self.editor.message.connect(self.notice.show_message)
        self.editor.export_pdf_requested.connect(self.ask_export_profile)
        self.planner.message.connect(self.notice.show_message)
        self.planner.export_pdf_requested.connect(self.ask_export_group)

        heading = QLabel(f"<h2>{tr('Maturity')}</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        db = self.ctx.db
        self._stale = False
        self.load(lambda: fetch_overview(db), self._apply_overview)

    def _apply_overview(self, overview: MaturityOverview) -> None:
        self.overview = overview
        self.scoreboard.set_data(overview.board, overview.without_recent)
        self._planner_stale = True
        if self.tabs.currentWidget() is self.planner:
            self._fill_planner()
        self.planner.set_groups(overview.groups)
        self.editor.set_clusters(
            [(r.cluster_id, r.cluster_short_name) for r in overview.board.rows]
        )
        if (
            self.tabs.currentWidget() is self.editor
            and self.editor.view is None
            and self.editor.loading_cluster is None
        ):
            self._open_first_cluster()

    def _fill_planner(self) -> None:
        """The planner's lists are built when it is first shown (not while the board opens)."""
        if self.overview is not None and self._planner_stale:
            self._planner_stale = False
            self.planner.set_board(self.overview.board)

    def _mark_stale(self) -> None:
        self._stale = True

    def _on_tab_changed(self, _index: int) -> None:
        current = self.tabs.currentWidget()
        if current is not self.editor:
            self.editor.flush()
            if self._stale:
                self.refresh()
            elif current is self.planner:
                self._fill_planner()
        elif self.editor.view is None and self.editor.loading_cluster is None:
            self._open_first_cluster()

    def _open_first_cluster(self) -> None:
        if self.overview is None or not self.overview.board.rows:
            return
        rows = self.scoreboard.shown_rows() or list(self.overview.board.rows)
        self.editor.show_cluster(rows[0].cluster_id)

    def show_cluster(self, cluster_id: int, profile_id: int | None = None) -> None:
        """Open the Cluster profile tab on ``cluster_id`` (and ``profile_id``, else its latest)."""
        self.tabs.blockSignals(True)
        self.tabs.setCurrentWidget(self.editor)
        self.tabs.blockSignals(False)
        self.editor.tabs.setCurrentIndex(0)
        self.editor.show_cluster(cluster_id, profile_id)

    # ------------------------------------------------------------------ exports
    def _default_path(self, name: str) -> str:
        folder = str(self.ctx.settings.value("maturity/last_folder", "") or "")
        if not folder or not Path(folder).is_dir():
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            ) or str(Path.home())
        return str(Path(folder) / name)

    def _ask_path(self, title: str, name: str, file_filter: str, suffix: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self, title, self._default_path(name), tr(file_filter)
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self.ctx.settings.setValue("maturity/last_folder", str(target.parent))
        return target

    def _run_export(self, work: Callable[[], Path], what: str) -> None:
        self.notice.show_message(tr("Writing {what}…").format(what=what), "info")

        def done(written: Path) -> None:
            self.notice.show_message(
                tr("{what} saved to {path}").format(what=what.capitalize(), path=written), "info"
            )
            self.exported.emit(str(written))

        def failed(err: BaseException) -> None:
            if isinstance(err, KnownError):
                self.notice.show_message(error_text(err), "error")
            else:
                self.notice.dismiss()
                show_error(self, err)

        self.ctx.tasks.run(work, done, failed)

    def ask_export_scoreboard(self, fmt: str) -> None:
        if fmt == "xlsx":
            target = self._ask_path(
                tr("Export the scoreboard to Excel"),
                "maturity-scoreboard.xlsx",
                XLSX_FILTER,
                ".xlsx",
            )
        else:
            target = self._ask_path(
                tr("Export the scoreboard to PDF"), "maturity-scoreboard.pdf", PDF_FILTER, ".pdf"
            )
        if target is not None:
            self.export_scoreboard(fmt, target)

    def export_scoreboard(self, fmt: str, path: Path) -> bool:
        """Write the scoreboard shown (with its kind and stage filters) to ``path``."""
        kind, stage = self.scoreboard.kind(), self.scoreboard.stage()
        db = self.ctx.db
        if fmt == "xlsx":
            from app.reports.maturity_export import write_scoreboard_xlsx as write
        else:
            from app.reports.maturity_pdf import write_scoreboard_pdf as write
        self._run_export(lambda: write(db, path, kind=kind, stage=stage), tr("the scoreboard"))
        return True

    def ask_export_profile(self, cluster_id: int) -> None:
        view = self.editor.view
        short = view.cluster.short_name if view is not None else str(cluster_id)
        slug = "".join(ch if ch.isalnum() else "-" for ch in short).strip("-").lower()
        target = self._ask_path(
            tr("Save {cluster}'s maturity profile as PDF").format(cluster=short),
            f"maturity-profile-{slug}.pdf",
            PDF_FILTER,
            ".pdf",
        )
        if target is not None:
            self.export_profile(cluster_id, target)

    def export_profile(self, cluster_id: int, path: Path) -> bool:
        db = self.ctx.db
        from app.reports.maturity_pdf import write_profile_pdf

        self._run_export(lambda: write_profile_pdf(db, cluster_id, path), tr("the profile PDF"))
        return True

    def ask_export_group(self, group_id: int) -> None:
        target = self._ask_path(
            tr("Save the working-group brief as PDF"),
            f"working-group-{group_id}.pdf",
            PDF_FILTER,
            ".pdf",
        )
        if target is not None:
            self.export_group(group_id, target)

    def export_group(self, group_id: int, path: Path) -> bool:
        db = self.ctx.db
        from app.reports.maturity_pdf import write_working_group_pdf

        self._run_export(
            lambda: write_working_group_pdf(db, group_id, path), tr("the working-group brief")
        )
        return True
