"""Start the GUI on a database file."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

from app import APP_AUTHOR, APP_NAME, __version__

logger = logging.getLogger(__name__)


def _open_with_feedback(path: Path) -> Any:
    """Open (and if needed migrate) the database on a thread while a busy dialog shows."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QProgressDialog

    from app.db.migrate import open_database

    result: dict[str, Any] = {}
    loop = QEventLoop()

    def work() -> None:
        try:
            result["db"] = open_database(path)
        except BaseException as err:  # handed to the UI thread below
            result["error"] = err

    dialog = QProgressDialog("Opening the database…", "", 0, 0)
    dialog.setWindowTitle(APP_NAME)
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(800)  # only shown when opening is slow (a migration)
    thread = threading.Thread(target=work, name="open-database", daemon=True)
    thread.start()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if not thread.is_alive() else None)
    timer.start(30)
    loop.exec()
    timer.stop()
    dialog.reset()
    if "error" in result:
        raise result["error"]
    return result["db"]


def run_gui(db_path: Path) -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.config import RESOURCES, app_paths, ensure_private_dir
    from app.errors import KnownError
    from app.logging_setup import install_excepthook, install_qt_message_handler, setup_logging
    from app.tasks import TaskManager
    from app.views.context import AppContext
    from app.views.messages import error_text

    log_file = setup_logging()
    install_qt_message_handler()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    # Wayland's app id and the X11 window class: the desktop matches them to clusterdesk.desktop.
    app.setDesktopFileName("clusterdesk")
    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "clusterdesk.svg")))

    def show_crash(err: BaseException) -> None:
        QMessageBox.critical(None, APP_NAME, error_text(err))

    install_excepthook(show_crash)
    logger.info("ClusterDesk %s starting on %s (log %s)", __version__, db_path, log_file)

    paths = app_paths()
    from app.single_instance import (
        InstanceLock,
        InstanceServer,
        describe_holder,
        request_activation,
    )

    lock = InstanceLock(db_path)
    try:
        if db_path == paths.default_db:
            ensure_private_dir(db_path.parent)
        if not db_path.parent.is_dir():
            raise KnownError(f"The folder {db_path.parent} does not exist.")
        if not lock.acquire():  # one ClusterDesk per database; a crashed owner's lock is stale
            from app.views.restore_dialog import ask_already_running

            if ask_already_running(describe_holder(lock.holder())) == "activate" and not (
                request_activation(db_path)
            ):
                QMessageBox.information(
                    None, APP_NAME, "The other ClusterDesk window did not answer; switch to it."
                )
            return 0
        if not _healthy_or_restored(db_path):
            lock.release()
            return 1
        db = _open_with_feedback(db_path)
    except KnownError as err:
        lock.release()
        QMessageBox.critical(None, APP_NAME, str(err))
        return 1
    except OSError as err:
        lock.release()
        QMessageBox.critical(
            None, APP_NAME, f"The database {db_path} cannot be opened: {err.strerror}."
        )
        return 1

    from app.views.main_window import MainWindow

    ensure_private_dir(paths.config_dir)
    settings = QSettings(str(paths.config_dir / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db=db, tasks=TaskManager(), settings=settings)
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    server = InstanceServer(db_path)
    server.listen()
    server.activate_requested.connect(window.bring_to_front)
    QTimer.singleShot(0, window.offer_demo_if_empty)
    QTimer.singleShot(0, window.resume_after_crash)
    QTimer.singleShot(0, window.daily_backup)
    QTimer.singleShot(0, window.warn_about_data_folder)
    try:
        return app.exec()
    finally:
        server.close()
        ctx.tasks.shutdown()
        db.dispose()
        lock.release()


def _healthy_or_restored(db_path: Path) -> bool:
    """PRAGMA quick_check before anything opens the file for writing. On damage, offer the
    newest good backup (or another one); False means: do not open, quit."""
    from app.db.backup import newest_good_backup, quick_check, restore
    from app.errors import KnownError
    from app.views.restore_dialog import DamagedPrompt, RestoreDialog

    if not db_path.exists():
        return True
    try:
        problems = quick_check(db_path)
    except KnownError:
        return True  # not a database at all: open_database explains that in its own words
    if not problems:
        return True
    logger.error("quick_check failed on %s: %s", db_path, problems[:3])
    from PySide6.QtWidgets import QMessageBox

    good = newest_good_backup(db_path)
    choice = DamagedPrompt(db_path, problems, good).ask()
    chosen: Path | None = None
    if choice == "restore" and good is not None:
        chosen = good.path
    elif choice == "choose":
        from app.tasks import TaskManager

        tasks = TaskManager()
        dialog = RestoreDialog(None, db_path, tasks)
        picked: list[Path] = []
        dialog.restore_requested.connect(picked.append)
        dialog.exec()
        tasks.shutdown()
        chosen = picked[0] if picked else None
    if chosen is None:
        return False
    try:
        restore(db_path, chosen)
    except KnownError as err:
        QMessageBox.critical(None, APP_NAME, str(err))
        return False
    return True
