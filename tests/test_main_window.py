"""The main window: pages, navigation shortcuts, status bar, first run, backup."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.db import directory as d
from app.db.database import Database
from app.domain.records import OfficerInput
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.main_window import MainWindow

PAGES = ["dashboard", "hours", "meetings", "assessments", "maturity", "clusters", "officers"]


@pytest.fixture
def window(qtbot: QtBot, db: Database, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db=db, tasks=TaskManager(), settings=settings)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    ctx.tasks.wait_idle()
    ctx.tasks.shutdown()


def test_every_page_is_in_the_sidebar_in_order(window: MainWindow) -> None:
    assert list(window.pages) == PAGES
    labels = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert labels == [
        "Dashboard",
        "Hours",
        "Meetings",
        "Assessments",
        "Maturity",
        "Clusters",
        "Officers",
    ]


def test_status_bar_names_the_open_database(window: MainWindow, db: Database) -> None:
    assert str(db.path) in window.db_label.text()


@pytest.mark.parametrize(("key", "page"), [(str(i + 1), name) for i, name in enumerate(PAGES)])
def test_ctrl_number_shows_each_page(qtbot: QtBot, window: MainWindow, key: str, page: str) -> None:
    window.activateWindow()
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{key}"), Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_name() == page


def test_first_run_offers_demo_data_and_loads_it(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    def click_demo() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, click_demo)
            return
        assert "empty" in box.text()
        demo = next(b for b in box.buttons() if b.text() == "Load demo data")
        demo.click()

    QTimer.singleShot(50, click_demo)
    window.offer_demo_if_empty()
    qtbot.waitUntil(lambda: not d.summary(db).empty, timeout=60_000)
    window.ctx.tasks.wait_idle(timeout=120)
    qtbot.waitUntil(lambda: d.summary(db).time_entries > 0, timeout=60_000)
    assert len(d.list_clusters(db)) >= 20


def test_first_run_start_empty_leaves_the_database_empty(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    seen: list[str] = []

    def click_empty() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, click_empty)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == "Start empty").click()

    QTimer.singleShot(50, click_empty)
    window.offer_demo_if_empty()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    window.ctx.tasks.wait_idle()
    assert d.summary(db).empty


def test_no_offer_when_the_database_has_data(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    d.create_officer(db, OfficerInput("Ane", "ane@example.org"))
    window.offer_demo_if_empty()
    window.ctx.tasks.wait_idle()
    qtbot.wait(100)
    assert QApplication.activeModalWidget() is None


def test_backup_now_writes_a_consistent_copy(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    d.create_officer(db, OfficerInput("Ane", "ane@example.org"))
    target = tmp_path / "backup.sqlite"
    window.run_backup(target)
    qtbot.waitUntil(target.exists, timeout=10_000)
    window.ctx.tasks.wait_idle()
    con = sqlite3.connect(target)
    assert con.execute("SELECT email FROM officer").fetchall() == [("ane@example.org",)]
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    qtbot.waitUntil(lambda: "Backup written" in window.statusBar().currentMessage(), timeout=5000)


def test_locations_text_names_every_folder(window: MainWindow, db: Database) -> None:
    text = window.locations_text()
    for word in ("Database", "Backups", "Log file", "Settings"):
        assert word in text
    assert str(db.path) in text


def test_dashboard_drills_into_the_officers_hours(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    import datetime as dt

    from app.db import hours as h
    from app.domain.hours import EntryInput

    ane = d.create_officer(db, OfficerInput("Ane", "ane@example.org"))
    jon = d.create_officer(db, OfficerInput("Jon", "jon@example.org"))
    year = dt.date.today().year
    h.add_entry(db, EntryInput(ane, dt.date(year, 1, 5), 60, "preparation"))
    h.add_entry(db, EntryInput(jon, dt.date(year, 1, 5), 90, "travel"))
    window.pages["dashboard"].officer_activated.emit(ane, year)
    assert window.current_page_name() == "hours"
    hours = window.pages["hours"]
    qtbot.waitUntil(
        lambda: hours.model.rowCount() == 1 and hours.model.entry(0) is not None, timeout=10_000
    )
    assert hours.model.entry(0).officer_name == "Ane"


def test_backup_into_a_missing_folder_is_explained_without_blocking(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.run_backup(tmp_path / "no" / "such" / "folder" / "b.sqlite")
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=10_000
    )
    box = QApplication.activeModalWidget()
    assert "folder" in box.text().lower()
    box.close()


def test_backup_now_goes_into_the_rotation(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    window.backup_now()
    folder = db.path.parent / "backups"
    qtbot.waitUntil(lambda: any(folder.glob("*-manual.sqlite")), timeout=10_000)
    qtbot.waitUntil(lambda: "Backup written" in window.statusBar().currentMessage(), timeout=5000)
