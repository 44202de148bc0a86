"""Autosave: debounced, on focus-out, off the UI thread, retried after a failure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.errors import DatabaseLockedError
from app.tasks import TaskManager
from app.views.autosave import Autosaver


@pytest.fixture
def tasks() -> Iterator[TaskManager]:
    t = TaskManager()
    yield t
    t.shutdown()


def make(qtbot: QtBot, tasks: TaskManager, save, delay_ms: int = 200):  # type: ignore[no-untyped-def]
    host = QWidget()
    layout = QVBoxLayout(host)
    edit = QPlainTextEdit()
    other = QLineEdit()
    layout.addWidget(edit)
    layout.addWidget(other)
    qtbot.addWidget(host)
    host.show()
    saver = Autosaver(tasks, edit.toPlainText, save, delay_ms=delay_ms, parent=host)
    edit.textChanged.connect(saver.changed)
    saver.watch_focus(edit)
    saver.host = host  # keep the widgets alive for the test
    return edit, other, saver


def test_typing_is_saved_once_after_a_pause(qtbot: QtBot, tasks: TaskManager) -> None:
    saved: list[str] = []
    edit, _, saver = make(qtbot, tasks, saved.append)
    qtbot.keyClicks(edit, "Budget approved")
    assert saved == []  # nothing on each keystroke
    with qtbot.waitSignal(saver.saved, timeout=3000):
        pass
    assert saved == ["Budget approved"]
    assert not saver.pending and saver.state.startswith("Saved at")


def test_focus_out_saves_at_once(qtbot: QtBot, tasks: TaskManager) -> None:
    saved: list[str] = []
    edit, other, saver = make(qtbot, tasks, saved.append, delay_ms=60_000)
    saver.host.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=3000)
    qtbot.keyClicks(edit, "Action: call Ikerlan")
    with qtbot.waitSignal(saver.saved, timeout=3000):
        other.setFocus()
    assert saved == ["Action: call Ikerlan"]


def test_a_failed_save_keeps_the_text_and_retries(qtbot: QtBot, tasks: TaskManager) -> None:
    calls: list[str] = []

    def flaky(text: str) -> None:
        calls.append(text)
        if len(calls) == 1:
            raise DatabaseLockedError("The database is busy")

    edit, _, saver = make(qtbot, tasks, flaky)
    states: list[str] = []
    saver.state_changed.connect(states.append)
    qtbot.keyClicks(edit, "Notes")
    saver.flush()
    qtbot.waitUntil(lambda: any("Not saved yet" in s for s in states), timeout=3000)
    assert saver.pending
    with qtbot.waitSignal(saver.saved, timeout=10_000):
        pass
    assert calls == ["Notes", "Notes"]
    assert not saver.pending
