"""Debounced autosave for text that people type (meeting notes, assessment comments, ...).

A save is queued ``delay_ms`` after the last change and at once when the field loses focus; it
runs on the database worker (never blocking typing), in order with every other database task.
A failed save keeps the text pending and retries, and the state says so in words.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.errors import KnownError
from app.tasks import TaskManager
from app.views.messages import tr

logger = logging.getLogger(__name__)

DEFAULT_DELAY_MS = 1000  # the brief allows 3 s; one second keeps the risk window small
RETRY_MS = 3000


class Autosaver(QObject):
    """Saves ``read()`` with ``save(text)`` after changes. Call ``changed()`` on every edit."""

    state_changed = Signal(str)  # a short sentence for a status label
    saved = Signal()

    def __init__(
        self,
        tasks: TaskManager,
        read: Callable[[], str],
        save: Callable[[str], None],
        *,
        delay_ms: int = DEFAULT_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._read = read
        self._save = save
        self._dirty = False
        self._in_flight = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self.state = ""

    def watch_focus(self, widget: QWidget) -> None:
        """Save at once when ``widget`` loses focus."""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False

    @property
    def pending(self) -> bool:
        """True while something typed is not yet in the database."""
        return self._dirty or self._in_flight > 0

    def changed(self) -> None:
        self._dirty = True
        self._set_state(tr("Editing…"))
        self._timer.start()

    def flush(self) -> None:
        """Queue the save now (if anything changed)."""
        self._timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        text = self._read()
        self._in_flight += 1
        self._set_state(tr("Saving…"))
        self._tasks.run(lambda: self._save(text), self._done, self._failed)

    def _done(self, _result: object) -> None:
        self._in_flight -= 1
        if not self.pending:
            self._set_state(
                tr("Saved at {time}").format(time=dt.datetime.now().strftime("%H:%M:%S"))
            )
            self.saved.emit()

    def _failed(self, err: BaseException) -> None:
        self._in_flight -= 1
        self._dirty = True  # keep the text; try again
        reason = str(err) if isinstance(err, KnownError) else type(err).__name__
        if not isinstance(err, KnownError):
            logger.error("autosave failed", exc_info=err)
        self._set_state(tr("Not saved yet ({reason}); retrying…").format(reason=reason))
        self._timer.start(RETRY_MS)

    def _set_state(self, text: str) -> None:
        self.state = text
        self.state_changed.emit(text)
