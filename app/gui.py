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
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.config import app_paths, ensure_private_dir
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

    def show_crash(err: BaseException) -> None:
        QMessageBox.critical(None, APP_NAME, error_text(err))

    install_excepthook(show_crash)
    logger.info("ClusterDesk %s starting on %s (log %s)", __version__, db_path, log_file)

    paths = app_paths()
    try:
        if db_path == paths.default_db:
            ensure_private_dir(db_path.parent)
        db = _open_with_feedback(db_path)
    except KnownError as err:
        QMessageBox.critical(None, APP_NAME, str(err))
        return 1
    except OSError as err:
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
    QTimer.singleShot(0, window.offer_demo_if_empty)
    QTimer.singleShot(0, window.resume_after_crash)
    try:
        return app.exec()
    finally:
        ctx.tasks.shutdown()
        db.dispose()
