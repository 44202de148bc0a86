"""File → Restore…: choose a backup (from the backups folder or any file) to replace the data.

The dialog only *chooses*: it lists ``list_backups`` (read on the database worker), validates the
choice there (``validate_backup``: a full integrity check), asks for confirmation and emits
``restore_requested(Path)``. The main window does the restore itself, because it must first
close its own database engine (``app.db.backup.restore`` refuses a file still open).

Also here: the start-up questions in the same words — ClusterDesk already open on this database
(``AlreadyRunningPrompt`` / ``ask_already_running``) and a damaged database (``DamagedPrompt``).
Each builds its ``QMessageBox`` without showing it, so tests can click its buttons.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import backup_dir_for
from app.db.backup import (
    BEFORE_MIGRATION,
    BEFORE_RESTORE,
    DAILY,
    MANUAL,
    OTHER,
    BackupInfo,
    list_backups,
    validate_backup,
)
from app.errors import KnownError
from app.models.record_table import Column, RecordTableModel
from app.tasks import TaskManager
from app.views.messages import error_text, tr
from app.views.widgets import ask, hint_label, make_table_view, selected_record, set_column_widths

REASON_WORDS = {
    MANUAL: "Made by hand",
    DAILY: "Daily",
    BEFORE_RESTORE: "Before a restore",
    BEFORE_MIGRATION: "Before an update",
    OTHER: "Other file",
}


def reason_text(reason: str) -> str:
    return tr(REASON_WORDS.get(reason, reason.replace("-", " ").capitalize()))


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024**2:
        return f"{size / 1024:.0f} KB"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024**3:.2f} GB"


def taken_text(when: dt.datetime) -> str:
    return when.strftime("%d/%m/%Y %H:%M")


def _schema_versions() -> tuple[str, set[str]]:
    from app.db.migrate import head_revision, known_revisions

    return head_revision(), known_revisions()


def schema_text(info: BackupInfo, head: str, known: set[str]) -> str:
    if info.revision is None:
        return "—"
    if info.revision == head:
        return tr("{rev} (current)").format(rev=info.revision)
    if info.revision not in known:
        return tr("{rev} (newer)").format(rev=info.revision)
    return tr("{rev} (older: updated when restored)").format(rev=info.revision)


class RestoreDialog(QDialog):
    """List the backups of ``db_path``; emit ``restore_requested`` with the confirmed choice."""

    restore_requested = Signal(Path)
    loaded = Signal()  # the list is shown
    checked = Signal()  # a validation finished (the confirmation or the problem is shown)

    def __init__(self, parent: QWidget | None, db_path: Path, tasks: TaskManager) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle(tr("Restore from a backup"))
        self.setMinimumWidth(760)
        self.db_path = Path(db_path)
        self.tasks = tasks
        self.head, self.known = _schema_versions()
        self.confirm_box: QMessageBox | None = None
        self.file_dialog: QFileDialog | None = None
        self._busy = False

        intro = QLabel(
            tr(
                "Restoring replaces all the data now in ClusterDesk with the data of a backup. "
                "The current data is backed up first (listed here as “Before a restore”), so a "
                "restore can itself be undone."
            )
        )
        intro.setWordWrap(True)

        self.model: RecordTableModel[BackupInfo] = RecordTableModel(
            [
                Column(tr("Taken"), lambda b: b.taken_at, text=lambda b: taken_text(b.taken_at)),
                Column(tr("Kind"), lambda b: reason_text(b.reason)),
                Column(
                    tr("Size"), lambda b: b.size, text=lambda b: size_text(b.size), align_right=True
                ),
                Column(
                    tr("Schema"),
                    lambda b: b.revision or "",
                    text=lambda b: schema_text(b, self.head, self.known),
                ),
                Column(
                    tr("Check"),
                    lambda b: b.ok,
                    text=lambda b: tr("OK") if b.ok else tr("Cannot be restored"),
                    tooltip=lambda b: b.problem or str(b.path),
                ),
            ],
            self,
        )
        self.model.muted = lambda b: not b.ok
        self.view = make_table_view(tr("Backups"), sortable=False)
        self.view.setModel(self.model)
        self.view.setMinimumHeight(240)
        set_column_widths(self.view, (17, 17, 9, 26))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())

        self.empty_label = hint_label(tr("Reading the backups…"))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Problem with the chosen backup"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.folder_label = hint_label(
            tr("Backups folder: {folder}").format(folder=backup_dir_for(self.db_path))
        )
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.restore_button: QPushButton = self.buttons.addButton(
            tr("&Restore selected…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.setToolTip(tr("Replace the current data with the selected backup"))
        self.file_button: QPushButton = self.buttons.addButton(
            tr("Restore from &file…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.file_button.setToolTip(tr("Choose a backup file somewhere else (a USB stick, …)"))
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button.clicked.connect(self.choose_file_dialog)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._update_buttons()
        self.reload()

    # ------------------------------------------------------------------ listing
    def reload(self) -> None:
        path = self.db_path
        self.tasks.run(lambda: list_backups(path), self._show_backups, self._show_problem)

    def _show_backups(self, backups: list[BackupInfo]) -> None:
        self.model.set_rows(backups)
        self.empty_label.setText(
            tr("There are no backups of this database yet.") if not backups else ""
        )
        self.empty_label.setVisible(not backups)
        good = self.model.row_of(lambda b: b.ok)
        if good >= 0:
            self.view.selectRow(good)
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> BackupInfo | None:
        return selected_record(self.view)

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.ok and not self._busy)
        self.file_button.setEnabled(not self._busy)
        if info is not None and not info.ok:
            self._say(info.problem or tr("This backup cannot be restored."))
        elif not self._busy:
            self._say("")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ------------------------------------------------------------------ choosing
    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        if not info.ok:
            self._say(info.problem or tr("This backup cannot be restored."))
            return
        self.check(info.path)

    def choose_file_dialog(self) -> QFileDialog:
        """A non-blocking file dialog (``fileSelected`` → ``check``); returned for tests."""
        folder = backup_dir_for(self.db_path)
        dialog = QFileDialog(
            self,
            tr("Choose a backup to restore"),
            str(folder if folder.is_dir() else self.db_path.parent),
            tr("ClusterDesk databases (*.sqlite *.db);;All files (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(lambda name: self.check(Path(name)) if name else None)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def check(self, path: Path) -> None:
        """Validate ``path`` on the worker, then ask for confirmation (or say what is wrong)."""
        self._busy = True
        self._update_buttons()
        self._say(tr("Checking {name}…").format(name=Path(path).name))
        self.tasks.run(lambda: validate_backup(Path(path)), self._confirm, self._refused)

    def _refused(self, err: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        self._show_problem(err)
        self.checked.emit()

    def _show_problem(self, err: BaseException) -> None:
        text = error_text(err)
        if not isinstance(err, KnownError):
            text = tr("This file cannot be restored.") + "\n" + text
        self._say(text)

    def _confirm(self, info: BackupInfo) -> None:
        self._busy = False
        self._update_buttons()
        self._say("")
        details = [
            tr("Taken on {when} ({kind}), {size}.").format(
                when=taken_text(info.taken_at),
                kind=reason_text(info.reason).lower(),
                size=size_text(info.size),
            ),
            tr("A copy of the data now in ClusterDesk is saved first, so this can be undone."),
        ]
        if info.revision != self.head:
            details.append(
                tr(
                    "It comes from an older version of ClusterDesk and is updated as it is "
                    "restored."
                )
            )
        self.confirm_box = ask(
            self,
            tr("Restore this backup?"),
            tr("Replace all the data now in ClusterDesk with the backup {name}?").format(
                name=info.name
            ),
            tr("Restore"),
            lambda: self._chosen(info.path),
            informative="\n".join(details),
        )
        self.checked.emit()

    def _chosen(self, path: Path) -> None:
        self.restore_requested.emit(Path(path))
        self.accept()


# =========================================================================== start-up prompts
class AlreadyRunningPrompt:
    """ "ClusterDesk is already open on this database": switch to it, or quit.

    ``box`` is built but not shown: call ``ask()`` (runs it) or click ``activate_button`` /
    ``quit_button`` in tests, then read ``choice()``.
    """

    def __init__(self, holder_text: str, parent: QWidget | None = None) -> None:
        self.box = QMessageBox(parent)
        self.box.setIcon(QMessageBox.Icon.Information)
        self.box.setWindowTitle(tr("ClusterDesk is already open"))
        self.box.setText(holder_text)
        self.box.setInformativeText(
            tr(
                "Only one ClusterDesk window may use a database at a time, so that no change is "
                "lost."
            )
        )
        self.activate_button = self.box.addButton(
            tr("Switch to the open window"), QMessageBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.box.setDefaultButton(self.activate_button)
        self.box.setEscapeButton(self.quit_button)

    def choice(self) -> str:
        return "activate" if self.box.clickedButton() is self.activate_button else "quit"

    def ask(self) -> str:
        self.box.exec()
        return self.choice()


def ask_already_running(holder_text: str, parent: QWidget | None = None) -> str:
    """Show the prompt; ``"activate"`` or ``"quit"``."""
    return AlreadyRunningPrompt(holder_text, parent).ask()


class DamagedPrompt:
    """The start-up quick check failed: restore the newest good backup, choose one, or quit."""

    def __init__(
        self,
        db_path: Path,
        problems: list[str],
        newest_good: BackupInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        self.box = QMessageBox(parent)
        self.box.setIcon(QMessageBox.Icon.Critical)
        self.box.setWindowTitle(tr("The database is damaged"))
        self.box.setText(
            tr("The database {path} failed its check and may have lost data.").format(path=db_path)
        )
        shown = "; ".join(problems[:3])
        if newest_good is not None:
            info = tr(
                "The newest good backup was taken on {when}. Restoring it keeps a copy of the "
                "damaged file too.\n\nDetails: {details}"
            ).format(when=taken_text(newest_good.taken_at), details=shown)
        else:
            info = tr("No good backup was found beside it.\n\nDetails: {details}").format(
                details=shown
            )
        self.box.setInformativeText(info)
        self.restore_button = (
            self.box.addButton(tr("Restore the newest backup"), QMessageBox.ButtonRole.AcceptRole)
            if newest_good is not None
            else None
        )
        self.choose_button = self.box.addButton(
            tr("Choose a backup…"), QMessageBox.ButtonRole.ActionRole
        )
        self.quit_button = self.box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.box.setDefaultButton(self.restore_button or self.choose_button)
        self.box.setEscapeButton(self.quit_button)

    def choice(self) -> str:
        """``"restore"``, ``"choose"`` or ``"quit"``."""
        clicked = self.box.clickedButton()
        if self.restore_button is not None and clicked is self.restore_button:
            return "restore"
        if clicked is self.choose_button:
            return "choose"
        return "quit"

    def ask(self) -> str:
        self.box.exec()
        return self.choice()
