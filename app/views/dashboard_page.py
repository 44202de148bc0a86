"""The Dashboard: every officer's pace against the yearly minimum, and what needs attention today.

- The officers' hours panel (pyqtgraph, ``app.views.charts``): hours per officer against their
  target for the chosen year, with the status in colour and in words; the selected officer's
  cumulative hours against the expected pace; hours by activity and by cluster for the selected
  officer (or everyone). Each chart has a table twin and "Save as PNG…".
- The overview: counts, ESCA labels expiring soon, clusters without a liaison officer.

Clicking an officer (a bar or a table row) selects them; a double-click, Enter or "Open in Hours"
emits ``officer_activated(officer_id, year)`` for the main window to show the Hours page.
All reads run on the database worker through ``Page.load``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.db.hours import daily_hours, entry_years, hours_by, progress_for_year
from app.db.overview import Overview, overview
from app.domain import vocab
from app.domain.records_hours import EntryFilter, OfficerProgress
from app.views.charts import (
    STATUS_TEXT_COLORS,
    ChartPanel,
    CumulativeChart,
    HBarChart,
    OfficerBarChart,
)
from app.views.context import AppContext
from app.views.messages import tr
from app.views.page import Page
from app.views.widgets import make_action, select_record, selected_record


class StatCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.value = QLabel("–")
        self.value.setObjectName("statValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("statCaption")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.setAccessibleName(caption)

    def set(self, value: str, caption: str | None = None) -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)
        self.setAccessibleDescription(f"{self.caption.text()}: {value}")


# --------------------------------------------------------------------------- data (worker side)
@dataclass(frozen=True)
class OfficerDetail:
    """What the lower charts show: one officer's year, or everyone's when ``officer_id`` is None."""

    year: int
    officer_id: int | None
    daily: tuple[tuple[dt.date, float], ...]
    by_activity: tuple[tuple[str, float], ...]
    by_cluster: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class HoursPanel:
    year: int
    as_of: dt.date
    years: tuple[int, ...]
    officers: tuple[OfficerProgress, ...]
    detail: OfficerDetail


@dataclass(frozen=True)
class DashboardData:
    overview: Overview
    hours: HoursPanel


def fetch_detail(db: Database, year: int, officer_id: int | None) -> OfficerDetail:
    f = EntryFilter(officer_id=officer_id, year=year)
    return OfficerDetail(
        year=year,
        officer_id=officer_id,
        daily=tuple(daily_hours(db, officer_id, year)) if officer_id is not None else (),
        by_activity=tuple(hours_by(db, f, "activity")),
        by_cluster=tuple(hours_by(db, f, "cluster")),
    )


def fetch_hours(db: Database, year: int, officer_id: int | None, as_of: dt.date) -> HoursPanel:
    officers = tuple(progress_for_year(db, year, as_of))
    if officer_id is not None and all(o.officer_id != officer_id for o in officers):
        officer_id = None  # did not serve in that year
    years = set(entry_years(db)) | {year, as_of.year}
    return HoursPanel(
        year=year,
        as_of=as_of,
        years=tuple(sorted(years, reverse=True)),
        officers=officers,
        detail=fetch_detail(db, year, officer_id),
    )


# --------------------------------------------------------------------------- the page
class DashboardPage(Page):
    title = "Dashboard"
    object_name = "dashboard"

    officer_activated = Signal(int, int)  # officer id, year: show them on the Hours page

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: dt.date | None = None  # tests and screenshots may pin the date
        self.year: int | None = None  # the year shown; the current year until one is chosen
        self.selected_id: int | None = None
        self.officers: dict[int, OfficerProgress] = {}
        self._as_of: dt.date | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        self.scroll = scroll
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 20)
        layout.setSpacing(14)

        self.heading = QLabel(f"<h2>{tr('Dashboard')}</h2>")
        layout.addWidget(self.heading)
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("subtitle")
        layout.addWidget(self.subtitle)

        self.card_grid = QGridLayout()
        self.card_grid.setSpacing(10)
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
        self._card_columns = 0
        self._place_cards(4)
        layout.addLayout(self.card_grid)

        layout.addWidget(self._build_hours_panel())

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
        self.maturity_box = QGroupBox(tr("Maturity: shared weaknesses and missing profiles"))
        box_layout = QVBoxLayout(self.maturity_box)
        self.maturity_list = QListWidget()
        self.maturity_list.setAccessibleName(tr("Maturity: shared weaknesses and missing profiles"))
        box_layout.addWidget(self.maturity_list)
        lists.addWidget(self.labels_box, 0, 0)
        lists.addWidget(self.uncovered_box, 0, 1)
        lists.addWidget(self.maturity_box, 0, 2)
        layout.addLayout(lists)

        note = QLabel(
            tr(
                "Open action items are followed on the Meetings page (Action tracker); the full "
                "maturity scoreboard and the working-group planner are on the Maturity page."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("footnote")
        layout.addWidget(note)
        layout.addStretch(1)

    # ------------------------------------------------------------------ layout
    def _build_hours_panel(self) -> QGroupBox:
        box = QGroupBox(tr("Officers’ hours against the yearly minimum"))
        self.hours_box = box
        v = QVBoxLayout(box)
        v.setSpacing(10)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        year_label = QLabel(tr("&Year:"))
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName(tr("Year"))
        self.year_combo.setToolTip(tr("The year whose hours the charts show"))
        self.year_combo.setMinimumContentsLength(6)
        year_label.setBuddy(self.year_combo)
        self.year_combo.activated.connect(self._on_year_chosen)
        bar.addWidget(year_label)
        bar.addWidget(self.year_combo)
        bar.addSpacing(16)
        self.open_action = make_action(
            self,
            tr("Open in Hours"),
            tr("Show the selected officer’s time entries on the Hours page"),
            "Ctrl+Shift+H",
            self.open_selected,
        )
        self.open_button = QPushButton(tr("Open in Hours"))
        self.open_button.setToolTip(self.open_action.toolTip())
        self.open_button.clicked.connect(self.open_selected)
        self.everyone_button = QPushButton(tr("Show everyone"))
        self.everyone_button.setToolTip(
            tr("Clear the selection: the activity and cluster charts show every officer")
        )
        self.everyone_button.clicked.connect(lambda: self.select_officer(None))
        bar.addWidget(self.open_button)
        bar.addWidget(self.everyone_button)
        bar.addStretch(1)
        hint = QLabel(tr("Click an officer to select; double-click to open their hours."))
        hint.setObjectName("footnote")
        bar.addWidget(hint)
        v.addLayout(bar)

        self.sentence = QLabel("")
        self.sentence.setObjectName("progressSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.RichText)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence.setStyleSheet(
            "QLabel#progressSentence { font-size: 15px; padding: 8px 12px; "
            "background: #f4f8fa; border: 1px solid #d5e1e8; border-radius: 6px; }"
        )
        self.sentence.setAccessibleName(tr("Progress of the selected officer"))
        v.addWidget(self.sentence)

        settings = self.ctx.settings
        self.officer_chart = OfficerBarChart()
        self.officer_panel = ChartPanel(
            tr("Hours per officer"), self.officer_chart, "officers", settings
        )
        self.officer_table = self.officer_panel.table
        self.cumulative_chart = CumulativeChart()
        self.cumulative_panel = ChartPanel(
            tr("Pace through the year"),
            self.cumulative_chart,
            "pace",
            settings,
        )
        self.activity_chart = HBarChart(tr("Hours by activity"), tr("Activity"))
        self.activity_panel = ChartPanel(
            tr("Hours by activity"), self.activity_chart, "activities", settings
        )
        self.cluster_chart = HBarChart(tr("Hours by cluster"), tr("Cluster"))
        self.cluster_panel = ChartPanel(
            tr("Hours by cluster"), self.cluster_chart, "clusters", settings
        )
        # top: officers (wider: names, bars and words) and pace; below: activity and cluster
        self.top_grid, self.bottom_grid = QGridLayout(), QGridLayout()
        for grid in (self.top_grid, self.bottom_grid):
            grid.setSpacing(10)
            v.addLayout(grid)
        self._panel_columns = 0
        self._place_panels(2)

        self.officer_chart.officer_clicked.connect(self.select_officer)
        self.officer_chart.officer_double_clicked.connect(self._activate)
        self.officer_table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.officer_table.doubleClicked.connect(self._on_table_activated)
        make_action(
            self.officer_table,
            tr("Open in Hours"),
            tr("Show this officer’s time entries on the Hours page"),
            ["Return", "Enter"],
            self.open_selected,
            Qt.ShortcutContext.WidgetShortcut,
        )
        self._update_selection_widgets()
        return box

    def _place_cards(self, columns: int) -> None:
        if columns == self._card_columns:
            return
        self._card_columns = columns
        for card in self.cards.values():
            self.card_grid.removeWidget(card)
        for i, card in enumerate(self.cards.values()):
            self.card_grid.addWidget(card, i // columns, i % columns)
        for c in range(8):
            self.card_grid.setColumnStretch(c, 1 if c < columns else 0)

    def _place_panels(self, columns: int) -> None:
        if columns == self._panel_columns:
            return
        self._panel_columns = columns
        rows = (
            (self.top_grid, (self.officer_panel, self.cumulative_panel), (3, 2)),
            (self.bottom_grid, (self.activity_panel, self.cluster_panel), (1, 1)),
        )
        for grid, panels, stretches in rows:
            for panel in panels:
                grid.removeWidget(panel)
            for i, panel in enumerate(panels):
                grid.addWidget(panel, i // columns, i % columns)
            for c in range(2):
                grid.setColumnStretch(c, stretches[c] if columns == 2 else int(c == 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Wide: one row of cards, charts two by two. Narrow: the charts one under the other,
        # so that names, bars and words stay readable (the page scrolls).
        width = event.size().width()
        self._place_cards(8 if width >= 1240 else 4)
        self._place_panels(2 if width >= 1000 else 1)
        super().resizeEvent(event)

    # ------------------------------------------------------------------ loading
    def as_of(self) -> dt.date:
        return self.today or dt.date.today()

    def refresh(self) -> None:
        db, as_of = self.ctx.db, self.as_of()
        year = self.year or as_of.year
        officer = self.selected_id

        def fetch() -> DashboardData:
            return DashboardData(overview(db, as_of), fetch_hours(db, year, officer, as_of))

        self.load(fetch, self._show)

    def _show(self, data: DashboardData) -> None:
        self._show_overview(data.overview)
        self._show_hours(data.hours)

    def set_year(self, year: int) -> None:
        """Show ``year`` (reloads the officers' panel; the selection stays if they served)."""
        self.year = year
        db, as_of, officer = self.ctx.db, self.as_of(), self.selected_id
        self.load(lambda: fetch_hours(db, year, officer, as_of), self._show_hours)

    def _on_year_chosen(self, index: int) -> None:
        year = self.year_combo.itemData(index)
        if year is not None and year != self.year:
            self.set_year(int(year))

    def _show_hours(self, h: HoursPanel) -> None:
        self.year, self._as_of = h.year, h.as_of
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in h.years:
            self.year_combo.addItem(str(y), y)
        self.year_combo.setCurrentIndex(self.year_combo.findData(h.year))
        self.year_combo.blockSignals(False)
        self.officers = {o.officer_id: o for o in h.officers}
        self.selected_id = h.detail.officer_id
        self.officer_chart.set_rows(h.officers, self.selected_id)
        self.officer_panel.set_title(tr("Hours per officer, {year}").format(year=h.year))
        self.officer_table.resizeColumnsToContents()
        self._sync_table_selection()
        self._show_detail(h.detail)

    def select_officer(self, officer_id: int | None) -> None:
        """Select an officer (None: everyone) and load their charts."""
        if officer_id is not None and officer_id not in self.officers:
            officer_id = None
        if officer_id == self.selected_id:
            self._sync_table_selection()
            return
        self.selected_id = officer_id
        self.officer_chart.set_selected(officer_id)
        self._sync_table_selection()
        self._update_selection_widgets()
        year = self.year or self.as_of().year
        db = self.ctx.db
        self.load(lambda: fetch_detail(db, year, officer_id), self._show_detail)

    def _show_detail(self, d: OfficerDetail) -> None:
        if d.year != self.year or d.officer_id != self.selected_id:
            return  # the user moved on while this was loading; a newer load follows
        as_of = self._as_of or self.as_of()
        who = self.officers.get(d.officer_id) if d.officer_id is not None else None
        if who is None:
            self.cumulative_chart.clear_data(
                tr("Select an officer\n(click a bar or a row)\nto see their pace."), d.year
            )
            scope = tr("all officers, {year}").format(year=d.year)
        else:
            self.cumulative_chart.set_data(who.officer, who.progress, d.daily, as_of)
            scope = f"{who.officer}, {d.year}"
        self.activity_chart.set_rows(d.by_activity)
        self.cluster_chart.set_rows(d.by_cluster)
        self.activity_panel.set_title(tr("Hours by activity — {scope}").format(scope=scope))
        self.cluster_panel.set_title(tr("Hours by cluster — {scope}").format(scope=scope))
        for panel in (self.cumulative_panel, self.activity_panel, self.cluster_panel):
            panel.table.resizeColumnsToContents()
        self._update_selection_widgets()

    # ------------------------------------------------------------------ selection
    def _sync_table_selection(self) -> None:
        view = self.officer_table
        view.selectionModel().blockSignals(True)
        try:
            oid = self.selected_id
            select_record(view, lambda r: r is not None and r.officer_id == oid)
        finally:
            view.selectionModel().blockSignals(False)
        view.viewport().update()

    def _on_table_selection(self, *_args: object) -> None:
        rec = selected_record(self.officer_table)
        if rec is not None:
            self.select_officer(rec.officer_id)

    def _on_table_activated(self, index: object) -> None:
        rec = selected_record(self.officer_table)
        if rec is not None:
            self._activate(rec.officer_id)

    def _update_selection_widgets(self) -> None:
        who = self.officers.get(self.selected_id) if self.selected_id is not None else None
        self.open_button.setEnabled(who is not None)
        self.open_action.setEnabled(who is not None)
        self.everyone_button.setEnabled(who is not None)
        if who is None:
            if self.officers:
                counts: dict[str, int] = {}
                for o in self.officers.values():
                    counts[o.progress.status] = counts.get(o.progress.status, 0) + 1
                parts = [
                    f"<span style='color:{STATUS_TEXT_COLORS[s]}'><b>{n}</b> {tr(label)}</span>"
                    for s, label in _STATUS_ORDER
                    if (n := counts.get(s, 0))
                ]
                plain = [
                    f"{n} {tr(label)}" for s, label in _STATUS_ORDER if (n := counts.get(s, 0))
                ]
                head = f"{len(self.officers)} {tr('officers')}, {self.year}:"
                hint = tr("Select an officer to see their pace.")
                text = (
                    f"<b>{head}</b> "
                    + " · ".join(parts)
                    + f" &nbsp; <span style='color:#4a5a66'>{hint}</span>"
                )
                described = f"{head} {' · '.join(plain)}. {hint}"
            else:
                text = described = tr("No officer served in {year}.").format(year=self.year or "")
            self.sentence.setText(text)
            self.sentence.setAccessibleDescription(described)
            return
        p = who.progress
        color = STATUS_TEXT_COLORS[p.status]
        self.sentence.setText(
            f"<b>{_esc(who.officer)}</b>: <span style='color:{color}'><b>"
            f"{_esc(p.sentence())}</b></span>"
        )
        self.sentence.setAccessibleDescription(f"{who.officer}: {p.sentence()}")

    def sentence_text(self) -> str:
        """The progress line as plain text (tests, screen readers)."""
        return self.sentence.accessibleDescription()

    def open_selected(self) -> None:
        if self.selected_id is not None:
            self._activate(self.selected_id)

    def _activate(self, officer_id: int) -> None:
        if officer_id not in self.officers:
            return
        if officer_id != self.selected_id:
            self.select_officer(officer_id)
        self.officer_activated.emit(officer_id, self.year or self.as_of().year)

    # ------------------------------------------------------------------ overview
    def _show_overview(self, o: Overview) -> None:
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
        self.maturity_list.clear()
        for dim, weak, strong in o.shared_weaknesses:
            self.maturity_list.addItem(
                tr("{dim}: {weak} clusters weak (level ≤ 2), {strong} could mentor (≥ 4)").format(
                    dim=dim, weak=weak, strong=strong
                )
            )
        if o.clusters_without_profile:
            self.maturity_list.addItem(
                tr("No profile in the last 12 months: {names}").format(
                    names=", ".join(o.clusters_without_profile)
                )
            )
        if not o.shared_weaknesses and not o.clusters_without_profile:
            self.maturity_list.addItem(
                tr("Every cluster has a recent profile; no shared weakness.")
            )
        for lst in (self.labels_list, self.uncovered_list, self.maturity_list):
            lst.setMinimumHeight(160)
            lst.setWordWrap(True)
            lst.setAlternatingRowColors(True)
            lst.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


_STATUS_ORDER = (
    ("behind", "behind"),
    ("missed", "missed"),
    ("at_risk", "at risk"),
    ("on_track", "on track"),
    ("met", "met"),
)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
