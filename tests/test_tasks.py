"""The database worker: results come back on the UI thread; nothing is delivered after shutdown."""

from __future__ import annotations

import threading

from app.tasks import TaskManager


def test_results_arrive_on_the_ui_thread(qtbot) -> None:
    tasks = TaskManager()
    seen: list[tuple[int, bool]] = []
    tasks.run(
        lambda: 6 * 7,
        lambda v: seen.append((v, threading.current_thread() is threading.main_thread())),
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [(42, True)]
    tasks.shutdown()


def test_callbacks_of_work_finished_at_shutdown_are_not_run(qtbot) -> None:
    """Closing the window while a page loads: the queued read still runs, but its callback —
    which would chain the next read onto the stopped worker — is dropped, not raised."""
    tasks = TaskManager()
    release = threading.Event()
    ran: list[str] = []
    called: list[str] = []

    def slow_read() -> str:
        release.wait(5)
        ran.append("read")
        return "rows"

    def chain(_rows: str) -> None:
        called.append("callback")
        tasks.run(lambda: None)  # would raise: the worker has been shut down

    tasks.run(slow_read, chain)
    release.set()
    tasks.shutdown()
    qtbot.wait(200)  # let the queued delivery reach the event loop
    assert ran == ["read"]
    assert called == []
    assert not tasks.busy


def test_failures_at_shutdown_are_logged(qtbot, caplog) -> None:
    tasks = TaskManager()
    release = threading.Event()

    def broken() -> None:
        release.wait(5)  # still running when the window closes
        raise ValueError("disk gone")

    tasks.run(broken, lambda _v: None, lambda err: (_ for _ in ()).throw(err))
    release.set()
    tasks.shutdown()
    qtbot.wait(200)
    assert "background task failed during shutdown" in caplog.text
    assert "disk gone" in caplog.text
