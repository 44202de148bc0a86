"""Crash recovery of live meeting mode, for real: a child process runs the live-meeting widget on
a temp database and types notes; it is killed with SIGKILL at different moments; the database
must then be healthy, remember the live meeting, hold everything reported saved (and only a
prefix of what was typed: no torn write), and the Meetings page must reopen live mode on it.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.db import directory as d
from app.db import meetings as m
from app.db.health import check_file
from app.db.migrate import open_database
from app.domain.records import ClusterInput, OfficerInput
from app.domain.records_meetings import MeetingInput
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.meetings_page import MeetingsPage

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
    pytest.mark.timeout(60),
]

ROOT = Path(__file__).resolve().parents[1]
CHILD = ROOT / "tests" / "crash_child_meeting.py"
sys.path.insert(0, str(ROOT / "tests"))
from crash_child_meeting import full_text  # noqa: E402


def make_meeting(db_path: Path) -> int:
    db = open_database(db_path)
    try:
        ane = d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org"))
        gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
        starts = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=20)
        return m.create_meeting(
            db,
            MeetingInput(gaia, starts, starts + dt.timedelta(hours=2), title="GAIA board"),
            officer_ids=(ane,),
            agenda=("Budget 2027", "AOB"),
        )
    finally:
        db.dispose()


class Child:
    """The child process with its stdout read line by line on a thread (never blocking)."""

    def __init__(self, db_path: Path, meeting_id: int, home: Path) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CLUSTERDESK_HOME=str(home))
        env.pop("CLUSTERDESK_DB", None)
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(db_path), str(meeting_id)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def next_line(self, deadline: float) -> str:
        try:
            line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            raise AssertionError(f"the child said nothing in time; it said {self.seen}") from None
        self.seen.append(line)
        if line.startswith("ERROR"):
            raise AssertionError(f"the child failed: {line}")
        return line

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        time.sleep(0.05)
        while not self.lines.empty():  # lines written before the kill still count
            self.seen.append(self.lines.get_nowait())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def open_ctx(tmp_path: Path) -> Iterator[Callable[[Path], AppContext]]:
    """Opens a database with a worker; both are closed after the test's widgets (which
    pytest-qt closes first)."""
    made: list[AppContext] = []

    def make(db_path: Path) -> AppContext:
        settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(db=open_database(db_path), tasks=TaskManager(), settings=settings)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.tasks.wait_idle()
        ctx.tasks.shutdown()
        ctx.db.dispose()


def settle(qtbot: QtBot, ctx: AppContext, page: MeetingsPage) -> None:
    page.flush()
    ctx.tasks.wait_idle()
    qtbot.wait(50)


def saved_lengths(lines: list[str]) -> list[int]:
    out = []
    for line in lines:
        parts = line.split()
        if parts and parts[0] == "TYPED":
            out.append(int(parts[2]))
        elif parts and parts[0] == "SAVED":
            out.append(int(parts[1]))
    return out


@pytest.mark.parametrize(
    ("typed_chunks", "delay"),
    [
        (1, 0.0),  # right after the first confirmed save
        (3, 0.4),  # while typing on, before the next save
        (4, 2.6),  # after more saves of text the child did not wait for
    ],
    ids=["after-1st-save", "mid-typing", "after-unconfirmed-saves"],
)
def test_killed_during_a_live_meeting_nothing_saved_is_lost(
    qtbot: QtBot,
    tmp_path: Path,
    open_ctx: Callable[[Path], AppContext],
    typed_chunks: int,
    delay: float,
) -> None:
    db_path = tmp_path / "crash.sqlite"
    meeting_id = make_meeting(db_path)
    child = Child(db_path, meeting_id, tmp_path / "child-home")
    try:
        deadline = time.monotonic() + 40
        while child.next_line(deadline) != "READY":
            pass
        confirmed = 0
        while confirmed < typed_chunks:
            line = child.next_line(deadline)
            if line.startswith("TYPED"):
                confirmed += 1
        time.sleep(delay)  # the child keeps typing meanwhile
        child.kill()
    finally:
        child.stop()
    assert child.proc.returncode == -signal.SIGKILL

    # 1. The file is a healthy ClusterDesk database (`clusterdesk check`).
    report = check_file(db_path)
    assert report.up_to_date

    # 2. Everything reported saved is there, and nothing but what was typed (a prefix).
    ctx = open_ctx(db_path)
    db = ctx.db
    assert m.live_meeting(db) == meeting_id
    notes = m.get_meeting(db, meeting_id).agenda[0].notes
    reported = saved_lengths(child.seen)
    assert len([x for x in child.seen if x.startswith("TYPED")]) >= typed_chunks
    assert len(notes) >= max(reported)
    assert notes == full_text()[: len(notes)]

    # 3. The next start reopens live mode on that meeting, showing those notes.
    page = MeetingsPage(ctx)
    qtbot.addWidget(page, before_close_func=lambda w: settle(qtbot, ctx, w))
    page.show()
    with qtbot.waitSignal(page.live_ready, timeout=10_000) as blocker:
        page.resume_live_if_any()
    assert blocker.args == [meeting_id]
    live = page.live
    assert live is not None and page.stack.currentWidget() is live
    assert live.agenda.current_title() == "Budget 2027"
    editor = live.agenda.current_editor()
    assert editor is not None and editor.toPlainText() == notes
    assert "stopped during a live meeting" in page.notice.text()
    with qtbot.waitSignal(page.editor_ready, timeout=5000):
        live.leave()  # now left normally: not reopened again
    assert m.live_meeting(db) is None


def test_nothing_is_reopened_after_a_normal_exit(
    qtbot: QtBot, tmp_path: Path, open_ctx: Callable[[Path], AppContext]
) -> None:
    db_path = tmp_path / "calm.sqlite"
    make_meeting(db_path)
    ctx = open_ctx(db_path)
    page = MeetingsPage(ctx)
    qtbot.addWidget(page, before_close_func=lambda w: settle(qtbot, ctx, w))
    page.resume_live_if_any()
    ctx.tasks.wait_idle()
    qtbot.wait(100)
    assert page.live is None and page.notice.text() == ""
