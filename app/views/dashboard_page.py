"""The Dashboard: what the database holds and what needs attention today.

The officers' hours panel (pyqtgraph) arrives with the Hours capability; this page shows only
figures computed from the database."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.db.overview import Overview, overview
from app.domain import vocab
from app.views.context import AppContext
from app.views.messages import tr
from app.views.page import Page


class StatCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.value = QLabel("–")
        self.value.setObjectName("statValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("statCaption")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setAccessibleName(caption)

    def set(self, value: str, caption: str | None = None) -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)
        self.setAccessibleDescription(f"{self.caption.text()}: {value}")


class DashboardPage(Page):
    title = "Dashboard"
    object_name = "dashboard"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: dt.date | None = None  # tests and screenshots may pin the date
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)

        self.heading = QLabel(f"<h2>{tr('Dashboard')}</h2>")
        layout.addWidget(self.heading)
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("subtitle")
        layout.addWidget(self.subtitle)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.cards = {
            "officers": StatCard(tr("officers")),
            "clusters": StatCard(tr("clusters and pre-clusters")),
            "hours": StatCard(tr("hours logged this year")),
            "entries": StatCard(tr("time entries")),
            "meetings": StatCard(tr("meetings")),
            "actions": StatCard(tr("open action items")),
            "assessments": StatCard(tr("action-plan assessments")),
            "profiles": StatCard(tr("maturity profiles")),
        }
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 4, i % 4)
        layout.addLayout(grid)

        lists = QGridLayout()
        lists.setSpacing(12)
        self.labels_box = QGroupBox(tr("ESCA labels expiring within six months"))
        box_layout = QVBoxLayout(self.labels_box)
        self.labels_list = QListWidget()
        self.labels_list.setAccessibleName(tr("ESCA labels expiring within six months"))
        box_layout.addWidget(self.labels_list)
        self.uncovered_box = QGroupBox(tr("Clusters without a liaison officer today"))
        box_layout = QVBoxLayout(self.uncovered_box)
        self.uncovered_list = QListWidget()
        self.uncovered_list.setAccessibleName(tr("Clusters without a liaison officer today"))
        box_layout.addWidget(self.uncovered_list)
        lists.addWidget(self.labels_box, 0, 0)
        lists.addWidget(self.uncovered_box, 0, 1)
        layout.addLayout(lists)

        note = QLabel(
            tr(
                "Charts of every officer's hours against the 100-hour minimum, meeting "
                "follow-up and the maturity scoreboard join this page as those capabilities "
                "are released."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("footnote")
        layout.addWidget(note)
        layout.addStretch(1)

    def refresh(self) -> None:
        today = self.today
        self.load(lambda: overview(self.ctx.db, today), self._show)

    def _show(self, o: Overview) -> None:
        c = o.counts
        years = ""
        if o.first_year is not None:
            years = f" · {tr('hours recorded')} {o.first_year}–{o.last_year}"
        self.subtitle.setText(f"{tr('As of')} {o.today:%d %B %Y}{years}")
        self.cards["officers"].set(f"{c.officers:,}")
        self.cards["clusters"].set(f"{c.clusters:,}")
        self.cards["hours"].set(
            f"{o.hours_this_year:,.1f} h", f"{tr('hours logged in')} {o.today.year}"
        )
        self.cards["entries"].set(f"{c.time_entries:,}")
        self.cards["meetings"].set(f"{c.meetings:,}")
        overdue = f" · {o.overdue_actions:,} {tr('overdue')}" if o.overdue_actions else ""
        self.cards["actions"].set(f"{o.open_actions:,}", f"{tr('open action items')}{overdue}")
        self.cards["assessments"].set(f"{c.assessments:,}")
        self.cards["profiles"].set(f"{c.maturity_profiles:,}")

        self.labels_list.clear()
        for e in o.expiring_labels:
            days = e.days_left(o.today)
            when = (
                tr("expired {n} days ago").format(n=-days)
                if days < 0
                else tr("expires in {n} days").format(n=days)
            )
            label = vocab.ESCA_LABELS.get(e.label, e.label)
            self.labels_list.addItem(f"{e.short_name} — {label}, {when} ({e.expiry:%d %b %Y})")
        if not o.expiring_labels:
            self.labels_list.addItem(tr("None: no label expires in the next six months."))
        self.uncovered_list.clear()
        for name in o.clusters_without_liaison:
            self.uncovered_list.addItem(name)
        if not o.clusters_without_liaison:
            self.uncovered_list.addItem(tr("None: every active cluster has a liaison officer."))
        for lst in (self.labels_list, self.uncovered_list):
            lst.setMinimumHeight(160)
            lst.setAlternatingRowColors(True)
            lst.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
