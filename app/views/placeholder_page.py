"""An honest page for a capability that arrives in a later release: what it will do, and what the
database already holds for it. No invented figures."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.db.directory import summary
from app.domain.records import DatabaseSummary
from app.views.context import AppContext
from app.views.messages import tr
from app.views.page import Page


class PlaceholderPage(Page):
    def __init__(
        self,
        ctx: AppContext,
        *,
        title: str,
        object_name: str,
        promise: str,
        held: Callable[[DatabaseSummary], str],
        parent: QWidget | None = None,
    ) -> None:
        self.title = title
        self.object_name = object_name
        super().__init__(ctx, parent)
        self._held = held
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        state = QLabel(tr("Coming in a later release."))
        state.setObjectName("placeholderState")
        state.setStyleSheet("font-weight: 600; color: #8a5a00;")
        layout.addWidget(state)
        body = QLabel(promise)
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setMaximumWidth(760)
        layout.addWidget(body)
        self.held_label = QLabel("")
        self.held_label.setWordWrap(True)
        self.held_label.setObjectName("placeholderHeld")
        layout.addWidget(self.held_label)
        layout.addStretch(1)

    def refresh(self) -> None:
        self.load(lambda: summary(self.ctx.db), lambda s: self.held_label.setText(self._held(s)))


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def meetings_page(ctx: AppContext) -> PlaceholderPage:
    return PlaceholderPage(
        ctx,
        title=tr("Meetings"),
        object_name="meetings",
        promise=tr(
            "Prepare board meetings, take notes live per agenda item (saved every few seconds, "
            "safe from crashes), record decisions and action items carried forward until done, "
            "and send the minutes as PDF."
        ),
        held=lambda s: tr("The database already holds {n}; they will appear here.").format(
            n=_count(s.meetings, "meeting", "meetings")
        ),
    )
