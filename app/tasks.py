"""One serialised database worker, as in Anki's ``aqt/taskman.py``.

``TaskManager.run(fn, on_done, on_error)`` runs ``fn`` on a single background thread and delivers
its result (or exception) back on the UI thread through a queued signal. Widgets are only ever
touched from the callbacks, which run on the UI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

logger = logging.getLogger(__name__)


class CancelToken:
    """Cooperative cancellation for long tasks: the task polls ``cancelled()``."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def cancelled(self) -> bool:
        return self._event.is_set()


class TaskManager(QObject):
    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-worker")
        self._finished.connect(self._on_finished)
        self._pending = 0
        self._closed = False

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[Any]:
        if self._closed:
            raise RuntimeError("the database worker has been shut down")
        self._pending += 1
        future = self._executor.submit(fn)

        def deliver(fut: Future[Any]) -> None:
            self._finished.emit((fut, on_done, on_error))

        future.add_done_callback(deliver)
        return future

    @Slot(object)
    def _on_finished(self, payload: tuple[Future[Any], Callable | None, Callable | None]) -> None:
        future, on_done, on_error = payload
        self._pending -= 1
        err = future.exception()
        if self._closed:
            # The window has closed: the work itself ran (shutdown waits for every save), but
            # its callbacks would update widgets that are going away and could chain new work
            # onto a stopped worker. Failures are still logged.
            if err is not None:
                logger.error("background task failed during shutdown", exc_info=err)
            return
        if err is not None:
            if on_error is not None:
                on_error(err)
            else:
                logger.error("background task failed", exc_info=err)
                raise err
        elif on_done is not None:
            on_done(future.result())

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until queued work has run (tests and shutdown)."""
        if self._closed:
            return  # shutdown() already waited for everything
        self._executor.submit(lambda: None).result(timeout=timeout)

    def shutdown(self) -> None:
        """Finish queued work (saves included), then stop the worker. Safe to call twice."""
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=False)
