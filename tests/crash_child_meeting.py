"""Child process of ``test_meeting_crash_recovery.py``: the real live-meeting widget on a real
database, typing into the notes of the first agenda item until it is killed.

    python tests/crash_child_meeting.py DB_PATH MEETING_ID

Protocol on stdout (one line each, flushed):
- ``READY`` once live mode shows the meeting;
- ``TYPED <n> <length>`` after chunk ``n`` of ``CHUNKS`` was typed and its autosave observed
  complete (``Autosaver.saved``): the first ``length`` characters of ``full_text()`` are stored;
- then it keeps typing ``MORE`` without waiting, in bursts, some pauses longer than the autosave
  delay (so that a kill may land before, during or after a save); ``SAVED <length>`` is printed
  whenever a save of that phase is seen complete.

Waits use a ``QEventLoop`` (``QTest.qWait`` would hold the GIL and starve the database worker).
"""

from __future__ import annotations

import faulthandler
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.db.migrate import open_database  # noqa: E402
from app.tasks import TaskManager  # noqa: E402
from app.views.context import AppContext  # noqa: E402
from app.views.live_meeting import LiveMeeting  # noqa: E402

# QTest.keyClicks types ASCII only.
CHUNKS = (
    "Quorum reached, 9 of 11 members. ",
    "Budget 2027: 290k approved; SME share up to 64%. ",
    "Interreg POCTEFA call closes in May <check> & confirm. ",
    "Talent plan delayed to Q2. ",
)
MORE = "More notes typed after the last confirmed save, line {n}. "


def full_text(more_lines: int = 200) -> str:
    """Everything the child types, in order (the database holds a prefix of it)."""
    return "".join(CHUNKS) + "".join(MORE.format(n=n) for n in range(more_lines))


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def pump(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(signal, timeout_ms: int = 10_000) -> bool:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)
    return bool(fired)


def main() -> int:
    faulthandler.enable()
    db_path, meeting_id = Path(sys.argv[1]), int(sys.argv[2])
    app = QApplication([])
    db = open_database(db_path)
    settings = QSettings(str(db_path.with_name("child-settings.ini")), QSettings.Format.IniFormat)
    ctx = AppContext(db=db, tasks=TaskManager(), settings=settings)
    live = LiveMeeting(ctx, meeting_id)
    live.resize(1100, 700)
    live.show()
    if live.detail is None and not wait_for(live.ready):
        say("ERROR live mode did not load")
        return 2
    editor = live.agenda.current_editor()
    saver = live.agenda.saver(live.agenda.current_item_id())
    assert editor is not None and saver is not None
    live.activateWindow()
    editor.setFocus()
    say("READY")

    typed = 0
    for n, chunk in enumerate(CHUNKS, start=1):
        QTest.keyClicks(editor, chunk)
        typed += len(chunk)
        if not wait_for(saver.saved):  # the debounced autosave, a pause > the delay
            say("ERROR no autosave")
            return 3
        say(f"TYPED {n} {typed}")

    # Keep typing without waiting; report saves as they complete.
    flushed: list[int] = []
    saver.state_changed.connect(
        lambda state: (
            flushed.append(len(editor.toPlainText())) if state.startswith("Saving") else None
        )
    )
    saver.saved.connect(lambda: say(f"SAVED {flushed[-1]}") if flushed else None)
    for n in range(200):
        line = MORE.format(n=n)
        for start in range(0, len(line), 6):
            QTest.keyClicks(editor, line[start : start + 6])
            pump(15)
        pump(1200 if n % 3 == 2 else 60)  # now and then a pause longer than the delay
    say("DONE")  # never reached in the test: the parent kills the child first
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
