"""The main window: a navigation sidebar, the pages, File and Help menus, a status bar."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.config import app_paths, backup_dir_for
from app.db import backup as bk
from app.db.directory import summary
from app.tasks import CancelToken
from app.views.assessments_page import AssessmentsPage
from app.views.clusters_page import ClustersPage
from app.views.context import AppContext
from app.views.dashboard_page import DashboardPage
from app.views.hours_page import HoursPage
from app.views.maturity_page import MaturityPage
from app.views.meetings_page import MeetingsPage
from app.views.messages import show_error, tr
from app.views.officers_page import OfficersPage
from app.views.page import Page
from app.views.progress import ProgressRelay
from app.views.restore_dialog import RestoreDialog

logger = logging.getLogger(__name__)

STYLE = Path(__file__).with_name("style.qss")


class MainWindow(QMainWindow):
    page_changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(f"ClusterDesk — {ctx.db.path.name}")
        self.setMinimumSize(QSize(900, 600))
        self.setStyleSheet(STYLE.read_text(encoding="utf-8"))

        self.pages: dict[str, Page] = {}
        for page in (
            DashboardPage(ctx),
            HoursPage(ctx),
            MeetingsPage(ctx),
            AssessmentsPage(ctx),
            MaturityPage(ctx),
            ClustersPage(ctx),
            OfficersPage(ctx),
        ):
            self.pages[page.object_name] = page
        self._refreshed: set[str] = set()

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(tr("Pages"))
        self.sidebar.setFixedWidth(200)
        self.stack = QStackedWidget()
        for i, (name, page) in enumerate(self.pages.items(), start=1):
            item = QListWidgetItem(tr(page.title))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(f"{tr(page.title)} (Ctrl+{i})")
            self.sidebar.addItem(item)
            self.stack.addWidget(page)
        self.sidebar.currentRowChanged.connect(self._on_row_changed)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        title = QLabel("ClusterDesk")
        title.setObjectName("appTitle")
        subtitle = QLabel(tr("SPRI cluster liaison"))
        subtitle.setObjectName("appSubtitle")
        side_layout.addWidget(title)
        side_layout.addWidget(subtitle)
        side_layout.addWidget(self.sidebar, 1)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._connect_pages()
        self.db_label = QLabel(f"{tr('Database')}: {ctx.db.path}")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.db_label)
        self.sidebar.setCurrentRow(0)

    def _connect_pages(self) -> None:
        dashboard, hours = self.pages["dashboard"], self.pages["hours"]
        dashboard.officer_activated.connect(self.open_officer_hours)  # type: ignore[attr-defined]
        hours.entries_changed.connect(lambda: self._refreshed.discard("dashboard"))  # type: ignore[attr-defined]

    def open_officer_hours(self, officer_id: int, year: int) -> None:
        """The dashboard's drill-down: the Hours page filtered to one officer and year."""
        page = self.show_page("hours")
        page.show_officer(officer_id, year)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ navigation
    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        name = self.sidebar.item(row).data(Qt.ItemDataRole.UserRole)
        self.stack.setCurrentIndex(row)
        if name not in self._refreshed:
            self._refreshed.add(name)
            self.pages[name].refresh()
        self.page_changed.emit(name)

    def show_page(self, name: str) -> Page:
        row = list(self.pages).index(name)
        self.sidebar.setCurrentRow(row)
        return self.pages[name]

    def refresh_all(self) -> None:
        """Reload every page that has been shown (after a demo load, a restore, ...)."""
        self._refreshed = {self.current_page_name()}
        self.pages[self.current_page_name()].refresh()

    def current_page_name(self) -> str:
        return list(self.pages)[self.stack.currentIndex()]

    # ------------------------------------------------------------------ menus
    def _action(self, text: str, slot, shortcut: str | QKeySequence | None, tip: str) -> QAction:  # type: ignore[no-untyped-def]
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setToolTip(tip)
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&File"))
        file_menu.addAction(
            self._action(
                tr("&Backup now"),
                self.backup_now,
                "Ctrl+Shift+B",
                tr("Save a checked copy of the whole database into the backup rotation"),
            )
        )
        file_menu.addAction(
            self._action(
                tr("Backup &to a file…"),
                self.backup_to_file,
                None,
                tr("Save a checked copy of the whole database to a file you choose"),
            )
        )
        file_menu.addAction(
            self._action(
                tr("&Restore…"),
                self.open_restore,
                None,
                tr("Replace the database with a backup (the current data is backed up first)"),
            )
        )
        file_menu.addSeparator()
        export_menu = file_menu.addMenu(tr("&Export"))
        for text, page, method in (
            (tr("Hours to CSV or Excel…"), "hours", "export_dialog"),
            (tr("Maturity scoreboard…"), "maturity", None),
            (tr("A year's assessment scores to Excel…"), "assessments", None),
        ):
            export_menu.addAction(
                self._action(
                    text,
                    lambda _=False, n=page, m=method: self._export_from(n, m),
                    None,
                    tr("Open the page that exports this"),
                )
            )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, tr("Close ClusterDesk")
            )
        )

        go_menu = self.menuBar().addMenu(tr("&Go"))
        for i, (name, page) in enumerate(self.pages.items(), start=1):
            act = self._action(
                tr(page.title),
                lambda _=False, n=name: self.show_page(n),
                f"Ctrl+{i}",
                tr("Show the {page} page").format(page=tr(page.title)),
            )
            go_menu.addAction(act)
        go_menu.addSeparator()
        go_menu.addAction(
            self._action(
                tr("&Reload"),
                self.refresh_all,
                QKeySequence.StandardKey.Refresh,
                tr("Reload this page from the database"),
            )
        )

        help_menu = self.menuBar().addMenu(tr("&Help"))
        help_menu.addAction(
            self._action(
                tr("Where is my &data?"),
                self.show_locations,
                None,
                tr("Show the folders of the database, backups and logs"),
            )
        )
        help_menu.addAction(
            self._action(tr("&About ClusterDesk"), self.show_about, None, tr("Version and licence"))
        )

    # ------------------------------------------------------------------ file
    def backup_now(self) -> None:
        """A checked backup into the rotation beside the database (then old ones are pruned)."""
        source = self.ctx.db.path

        def work() -> Path:
            path = bk.backup_now(source)
            bk.prune(backup_dir_for(source))
            return path

        self.ctx.tasks.run(work, self._backup_done, lambda e: show_error(self, e))

    def backup_to_file(self) -> None:
        default = Path.home() / f"{self.ctx.db.path.stem}-backup.sqlite"
        target, _ = QFileDialog.getSaveFileName(
            self, tr("Back up the database"), str(default), tr("ClusterDesk database (*.sqlite)")
        )
        if target:
            self.run_backup(Path(target))

    def run_backup(self, target: Path) -> None:
        source = self.ctx.db.path
        self.ctx.tasks.run(
            lambda: bk.backup_to(source, target, overwrite=True),
            self._backup_done,
            lambda e: show_error(self, e),
        )

    def _backup_done(self, path: Path) -> None:
        self.statusBar().showMessage(tr("Backup written to {path}").format(path=path), 10_000)

    def daily_backup(self) -> None:
        """The first start of each day backs up (problems are logged and shown)."""
        source = self.ctx.db.path

        def work() -> Path | None:
            path = bk.daily_backup_if_due(source)
            bk.prune(backup_dir_for(source))
            return path

        def done(path: Path | None) -> None:
            if path is not None:
                self.statusBar().showMessage(
                    tr("Today's backup: {name}").format(name=path.name), 10_000
                )

        self.ctx.tasks.run(work, done, lambda e: show_error(self, e))

    def warn_about_data_folder(self) -> None:
        warning = bk.data_folder_warning(self.ctx.db.path)
        if warning:
            QMessageBox.warning(self, tr("Where your data lives"), warning)

    def open_restore(self) -> None:
        dialog = RestoreDialog(self, self.ctx.db.path, self.ctx.tasks)
        dialog.restore_requested.connect(self.restore_from)
        dialog.open()
        self._restore_dialog = dialog

    def restore_from(self, backup: Path) -> None:
        """Swap in a backup: pending saves first, then every connection closed, then restore()."""
        for page in self.pages.values():
            flush = getattr(page, "flush", None)
            if callable(flush):
                flush()
        self.ctx.tasks.wait_idle()
        db = self.ctx.db
        progress = QProgressDialog(tr("Restoring the backup…"), "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)

        def work() -> Path | None:
            db.dispose()  # no connection may stay open on the file being replaced
            return bk.restore(db.path, backup)

        def done(safety: Path | None) -> None:
            progress.reset()
            self.refresh_all()
            kept = ""
            if safety is not None:
                kept = " " + tr("The data it replaced is kept as {name}.").format(name=safety.name)
            self.statusBar().showMessage(tr("The backup was restored.") + kept, 30_000)

        def failed(err: BaseException) -> None:
            progress.reset()
            show_error(self, err)

        self.ctx.tasks.run(work, done, failed)

    def bring_to_front(self) -> None:
        """Another launch on the same database asked this window to come forward."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def _export_from(self, page: str, method: str | None) -> None:
        target = self.show_page(page)
        action = getattr(target, method, None) if method else None
        if callable(action):
            action()

    # ------------------------------------------------------------------ help
    def locations_text(self) -> str:
        paths = app_paths()
        return "\n".join(
            [
                f"{tr('Database')}: {self.ctx.db.path}",
                f"{tr('Backups')}: {backup_dir_for(self.ctx.db.path)}",
                f"{tr('Log file')}: {paths.log_file}",
                f"{tr('Settings')}: {paths.config_dir}",
            ]
        )

    def show_locations(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(tr("Where is my data?"))
        box.setText(
            tr(
                "Everything ClusterDesk keeps is in these files. To back up by hand, use "
                "File → Backup now… (a plain file copy of an open database may be inconsistent)."
            )
        )
        box.setInformativeText(self.locations_text())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_btn = box.addButton(tr("Open the data folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_btn:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.db.path.parent)))

    def show_about(self) -> None:
        from PySide6 import __version__ as pyside_version

        QMessageBox.about(
            self,
            tr("About ClusterDesk"),
            f"<h3>ClusterDesk {__version__}</h3>"
            f"<p>{tr('The workbench of SPRI’s Cluster Liaison Officers: hours, board meetings, action-plan assessments and cluster maturity, offline.')}</p>"
            f"<p>PySide6 {pyside_version}</p>",
        )

    # ------------------------------------------------------------------ first run
    def resume_after_crash(self) -> None:
        """Reopen a meeting that was in live mode when the app last stopped."""
        self.pages["meetings"].resume_live_if_any()  # type: ignore[attr-defined]

    def offer_demo_if_empty(self) -> None:
        """On an empty database, offer the demo data or an empty start."""
        self.ctx.tasks.run(lambda: summary(self.ctx.db), self._maybe_offer)

    def _maybe_offer(self, counts) -> None:  # type: ignore[no-untyped-def]
        if not counts.empty:
            return
        box = QMessageBox(self)
        box.setWindowTitle(tr("Welcome to ClusterDesk"))
        box.setText(tr("This database is empty."))
        box.setInformativeText(
            tr(
                "Load the demo data to explore ClusterDesk — 22 Basque clusters, 10 officers, "
                "three years of hours, meetings, assessments and maturity profiles — or start "
                "empty and add your own officers and clusters."
            )
        )
        demo = box.addButton(tr("Load demo data"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("Start empty"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is demo:
            self.load_demo()

    def load_demo(self) -> None:
        from app.db.demo import load_demo

        token = CancelToken()
        relay = ProgressRelay(self)
        dialog = QProgressDialog(tr("Loading the demo data…"), tr("Cancel"), 0, 100, self)
        dialog.setWindowTitle(tr("Demo data"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(token.cancel)
        relay.progress.connect(lambda pct, msg: (dialog.setValue(pct), dialog.setLabelText(msg)))
        db = self.ctx.db

        def work():  # type: ignore[no-untyped-def]
            return load_demo(db, progress=relay.emit_progress, cancelled=token.cancelled)

        def done(_result: object) -> None:
            dialog.reset()
            self.refresh_all()
            self.statusBar().showMessage(tr("Demo data loaded."), 10_000)

        def failed(err: BaseException) -> None:
            dialog.reset()
            show_error(self, err)

        self.ctx.tasks.run(work, done, failed)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():  # queue what was typed in the last second
            flush = getattr(page, "flush", None)
            if callable(flush):
                flush()
        self.ctx.tasks.shutdown()  # runs every queued save before it returns
        super().closeEvent(event)
