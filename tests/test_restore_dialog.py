"""File → Restore… (app.views.restore_dialog) on real backups, through the database worker: the
list, refusals in words, the confirmation, and the start-up prompts (already open, damaged)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.db import backup as b
from app.db import directory as d
from app.db.database import Database
from app.domain.records import OfficerInput
from app.tasks import TaskManager
from app.views.restore_dialog import AlreadyRunningPrompt, DamagedPrompt, RestoreDialog

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
    pytest.mark.timeout(60),
]

NOW = dt.datetime(2026, 11, 29, 10, 30)


def corrupt(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'officer'").fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * size + 8)
        fh.write(b"\xff\x13" * (size // 4))


@pytest.fixture
def tasks() -> Iterator[TaskManager]:
    manager = TaskManager()
    yield manager
    manager.wait_idle()
    manager.shutdown()


@pytest.fixture
def backups(db: Database) -> dict[str, Path]:
    for n in range(20):
        d.create_officer(db, OfficerInput(f"Officer {n}", f"o{n}@example.org"))
    daily = b.backup_now(db.path, reason=b.DAILY, now=NOW - dt.timedelta(days=1))
    manual = b.backup_now(db.path, now=NOW)
    damaged = shutil.copyfile(
        manual,
        manual.with_name(b.backup_file_name("clusterdesk", NOW + dt.timedelta(hours=1), b.MANUAL)),
    )
    corrupt(damaged)
    return {"daily": daily, "manual": manual, "damaged": Path(damaged)}


def open_dialog(qtbot: QtBot, db: Database, tasks: TaskManager) -> RestoreDialog:
    dialog = RestoreDialog(None, db.path, tasks)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    return dialog


def test_the_list_shows_every_backup_in_words(
    qtbot: QtBot, db: Database, tasks: TaskManager, backups: dict[str, Path], qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, db, tasks)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    texts = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert [t[0] for t in texts] == ["29/11/2026 11:30", "29/11/2026 10:30", "28/11/2026 10:30"]
    assert [t[1] for t in texts] == ["Made by hand", "Made by hand", "Daily"]
    assert texts[0][4] == "Cannot be restored" and texts[1][4] == "OK"
    assert texts[1][3].endswith("(current)") and texts[1][2].endswith("KB")
    # the newest good backup is selected, ready to restore
    assert dialog.selected().path == backups["manual"]
    assert dialog.restore_button.isEnabled()


def test_restore_selected_asks_then_requests_the_restore(
    qtbot: QtBot, db: Database, tasks: TaskManager, backups: dict[str, Path]
) -> None:
    dialog = open_dialog(qtbot, db, tasks)
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.restore_button.click()
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    assert backups["manual"].name in box.text()
    assert "saved first" in box.informativeText()
    with qtbot.waitSignal(dialog.restore_requested, timeout=5000) as blocker:
        box.ok_button.click()
    assert blocker.args == [backups["manual"]]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_a_damaged_backup_cannot_be_chosen(
    qtbot: QtBot, db: Database, tasks: TaskManager, backups: dict[str, Path]
) -> None:
    dialog = open_dialog(qtbot, db, tasks)
    dialog.view.selectRow(0)
    assert dialog.selected().path == backups["damaged"]
    assert not dialog.restore_button.isEnabled()
    assert "damaged" in dialog.message.text() and dialog.message.isVisibleTo(dialog)


def test_restore_from_a_file_refuses_what_is_not_a_backup(
    qtbot: QtBot, db: Database, tasks: TaskManager, backups: dict[str, Path], tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, db, tasks)
    chooser = dialog.choose_file_dialog()
    assert chooser.isVisible()
    chooser.reject()
    sheet = tmp_path / "horas.csv"
    sheet.write_text("Fecha;Horas\n03/03/2026;2,5\n", encoding="utf-8")
    requested: list[Path] = []
    dialog.restore_requested.connect(requested.append)
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.check(sheet)
    assert "not a database file" in dialog.message.text()
    assert dialog.confirm_box is None and requested == []
    assert dialog.file_button.isEnabled()
    # a good file elsewhere is accepted
    usb = tmp_path / "usb.sqlite"
    shutil.copyfile(backups["daily"], usb)
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.check(usb)
    assert dialog.confirm_box is not None and "usb.sqlite" in dialog.confirm_box.text()
    dialog.confirm_box.reject()
    assert requested == []


def test_already_running_prompt(qtbot: QtBot) -> None:
    prompt = AlreadyRunningPrompt("ClusterDesk is already open on this database (process 1).")
    qtbot.addWidget(prompt.box)
    QTimer.singleShot(0, prompt.activate_button.click)
    assert prompt.ask() == "activate"
    prompt = AlreadyRunningPrompt("ClusterDesk is already open on this database (process 1).")
    qtbot.addWidget(prompt.box)
    QTimer.singleShot(0, prompt.quit_button.click)
    assert prompt.ask() == "quit"
    assert "process 1" in prompt.box.text()


def test_damaged_prompt(qtbot: QtBot, db: Database, backups: dict[str, Path]) -> None:
    good = b.newest_good_backup(db.path)
    prompt = DamagedPrompt(db.path, ["*** in database main ***"], good)
    qtbot.addWidget(prompt.box)
    assert "29/11/2026 10:30" in prompt.box.informativeText()
    QTimer.singleShot(0, prompt.restore_button.click)
    assert prompt.ask() == "restore"
    none = DamagedPrompt(db.path, ["malformed"], None)
    qtbot.addWidget(none.box)
    assert none.restore_button is None
    QTimer.singleShot(0, none.choose_button.click)
    assert none.ask() == "choose"
