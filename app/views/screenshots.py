"""Render every main page offscreen to PNG files (``clusterdesk screenshots``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.db.database import Database
from app.errors import KnownError
from app.tasks import TaskManager
from app.views.context import AppContext


def _wait_loaded(page, start) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    page.loaded.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    start()
    loop.exec()
    page.loaded.disconnect(loop.quit)


def render_pages(db: Database, out_dir: Path, size: tuple[int, int] = (1280, 800)) -> list[Path]:
    from app.views.main_window import MainWindow

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KnownError(f"Cannot create the folder {out_dir}: {err.strerror}.") from err
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(db=db, tasks=TaskManager(), settings=settings)
        window = MainWindow(ctx)
        window.resize(*size)
        window.show()
        written: list[Path] = []
        try:
            for name, page in window.pages.items():
                if name == window.current_page_name():
                    _wait_loaded(page, page.refresh)
                else:
                    _wait_loaded(page, lambda n=name: window.show_page(n))
                app.processEvents()
                target = out_dir / f"{name}.png"
                if not window.grab().save(str(target)):
                    raise KnownError(f"Cannot write {target}.")
                written.append(target)
        finally:
            window.close()
            ctx.tasks.shutdown()
    return written
