"""The timer strip of the Hours page: start a timer for the form's officer, cluster and activity;
running timers tick every second and can be stopped (logging the time) or cancelled.

Timers live in the database (``start_timer``), so a timer started before closing the app is shown
again, still running, on the next start. This widget only shows them; the page does the writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import vocab
from app.domain.hours import format_minutes, round_to_quarter
from app.domain.records_hours import RunningTimerRow
from app.views.messages import tr
from app.views.widgets import MUTED_COLOR

RUNNING_COLOR = "#1e6b34"


def format_elapsed(seconds: float) -> str:
    """3725 → "1:02:05"."""
    total = max(int(seconds), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def timer_minutes(seconds: float) -> int:
    """What stopping now would log: the nearest quarter hour, at least 15 minutes, at most 24 h."""
    return min(round_to_quarter(max(seconds, 0) / 60), vocab.MAX_MINUTES_PER_DAY)


class _TimerRow(QWidget):
    def __init__(self, timer: RunningTimerRow, panel: TimerPanel) -> None:
        super().__init__(panel)
        self.timer = timer
        what = " · ".join(
            p
            for p in (
                timer.officer_name,
                timer.cluster_short_name,
                tr(vocab.ACTIVITIES.get(timer.activity, timer.activity)),
                timer.description,
            )
            if p
        )
        self.what = QLabel(what)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.elapsed = QLabel("")
        self.elapsed.setAccessibleName(tr("Time running"))
        font = self.elapsed.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.elapsed.setFont(font)
        palette = self.elapsed.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(RUNNING_COLOR))
        self.elapsed.setPalette(palette)
        self.since = QLabel("")
        palette = self.since.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED_COLOR))
        self.since.setPalette(palette)
        self.stop_button = QPushButton(tr("Stop and log"))
        self.stop_button.setToolTip(
            tr("Stop {officer}'s timer and log the time, rounded to the quarter hour").format(
                officer=timer.officer_name
            )
        )
        self.stop_button.clicked.connect(lambda: panel.stop_requested.emit(timer.officer_id))
        self.cancel_button = QPushButton(tr("Discard"))
        self.cancel_button.setToolTip(tr("Stop the timer without logging anything"))
        self.cancel_button.clicked.connect(lambda: panel.cancel_requested.emit(timer.officer_id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.what, 1)
        layout.addWidget(self.since)
        layout.addWidget(self.stop_button)
        layout.addWidget(self.cancel_button)
        self.setAccessibleName(tr("Running timer: {what}").format(what=what))

    def tick(self, now: dt.datetime) -> None:
        seconds = (now - self.timer.started_at).total_seconds()
        self.elapsed.setText(format_elapsed(seconds))
        self.since.setText(
            tr("since {time} · logs {hours} h").format(
                time=self.timer.started_at.strftime("%H:%M")
                if self.timer.started_at.date() == now.date()
                else self.timer.started_at.strftime("%Y-%m-%d %H:%M"),
                hours=format_minutes(timer_minutes(seconds)),
            )
        )


class TimerPanel(QFrame):
    """Running timers, each with Stop and Discard; a Start button for the form's choices."""

    start_requested = Signal()
    stop_requested = Signal(int)  # officer id
    cancel_requested = Signal(int)  # officer id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timer_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.clock: Callable[[], dt.datetime] = dt.datetime.now
        self._rows: list[_TimerRow] = []

        self.title = QLabel(tr("Timer"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.start_button = QPushButton(tr("Start timer"))
        self.start_button.setToolTip(
            tr("Start timing the officer, cluster and activity chosen in the form (Ctrl+T)")
        )
        self.start_button.clicked.connect(self.start_requested)
        self.start_hint = QLabel("")
        self.start_hint.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.start_hint.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED_COLOR))
        self.start_hint.setPalette(palette)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title)
        top.addWidget(self.start_button)
        top.addWidget(self.start_hint, 1)
        self._running = QVBoxLayout()
        self._running.setContentsMargins(0, 0, 0, 0)
        self._running.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(self._running)

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.tick)

    def set_start_target(self, text: str, enabled: bool) -> None:
        """What "Start timer" would time, in words (from the form)."""
        self.start_hint.setText(text)
        self.start_button.setEnabled(enabled)

    def set_timers(self, timers: Sequence[RunningTimerRow]) -> None:
        for row in self._rows:
            self._running.removeWidget(row)
            row.deleteLater()
        self._rows = [_TimerRow(t, self) for t in timers]
        for row in self._rows:
            self._running.addWidget(row)
        self.tick()
        if self._rows:
            self._ticker.start()
        else:
            self._ticker.stop()

    def timers(self) -> list[RunningTimerRow]:
        return [r.timer for r in self._rows]

    def running_for(self, officer_id: int | None) -> RunningTimerRow | None:
        return next((r.timer for r in self._rows if r.timer.officer_id == officer_id), None)

    def elapsed_text(self, officer_id: int) -> str:
        row = next((r for r in self._rows if r.timer.officer_id == officer_id), None)
        return row.elapsed.text() if row else ""

    def tick(self) -> None:
        now = self.clock()
        for row in self._rows:
            row.tick(now)
