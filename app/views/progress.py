"""Progress from the database worker to the UI thread (a signal crosses threads safely)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ProgressRelay(QObject):
    progress = Signal(int, str)

    def emit_progress(self, percent: int, message: str) -> None:
        """Callable from any thread; the connected slots run on the receiver's thread."""
        self.progress.emit(int(percent), message)
