"""Run in a fresh process by bench/run.py: time until a page shows its data on a large database
(the Hours page: its first rows; the Maturity page: the scoreboard), against a bare Qt window, and
the process's peak memory once everything is loaded.

    python -m bench.page_probe hours|maturity DB_PATH TMP_DIR

Prints one line: ``first_shown_ms bare_window_ms all_loaded_ms peak_rss_mb``.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])

    def wait(signal, timeout_ms: int = 120_000) -> None:  # type: ignore[no-untyped-def]
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()

    # the floor: a bare window with one label, shown and painted
    t = time.perf_counter()
    bare = QLabel("ClusterDesk")
    bare.resize(1280, 800)
    bare.show()
    app.processEvents()
    bare_ms = (time.perf_counter() - t) * 1000
    bare.close()

    from app.db.migrate import open_database
    from app.tasks import TaskManager
    from app.views.context import AppContext

    which, db_path, tmp = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    db = open_database(db_path)
    settings = QSettings(str(tmp / "probe.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db=db, tasks=TaskManager(), settings=settings)
    # what a user waits for when clicking the page in a running app: modules are imported and
    # the ORM is configured at start-up (open_database), the page's own work is timed
    from app.views.hours_page import HoursPage
    from app.views.maturity_page import MaturityPage

    t = time.perf_counter()
    if which == "hours":
        page = HoursPage(ctx)
        first_signal = page.first_rows_shown
    else:
        page = MaturityPage(ctx)
        first_signal = page.loaded
    page.resize(1280, 800)
    page.show()
    page.refresh()
    wait(first_signal)
    app.processEvents()
    first_ms = (time.perf_counter() - t) * 1000
    if which == "hours":
        assert page.model.rowCount() > 0
        wait(page.loaded)
    all_ms = (time.perf_counter() - t) * 1000
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if sys.platform == "darwin":
        rss_mb /= 1024  # bytes there, kilobytes on Linux
    ctx.tasks.shutdown()
    print(f"{first_ms:.1f} {bare_ms:.1f} {all_ms:.1f} {rss_mb:.0f}")


if __name__ == "__main__":
    main()
