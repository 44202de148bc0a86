"""Base class of the main window's pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.views.context import AppContext
from app.views.messages import show_error


class Page(QWidget):
    """A page of the main window. ``refresh()`` reloads it from the database off the UI thread;
    ``loaded`` fires once the new data is on screen (screenshots and tests wait for it)."""

    loaded = Signal()
    title = "Page"
    object_name = "page"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(self.object_name)

    def refresh(self) -> None:
        self.loaded.emit()

    def load(self, fetch: Callable[[], Any], apply: Callable[[Any], None]) -> None:
        """Run ``fetch`` on the database worker, then ``apply`` its result on the UI thread."""

        def done(result: Any) -> None:
            apply(result)
            self.loaded.emit()

        def failed(err: BaseException) -> None:
            show_error(self, err)
            self.loaded.emit()

        self.ctx.tasks.run(fetch, done, failed)
