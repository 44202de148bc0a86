"""The Hours page: log time entries, follow an officer's progress, time work, close years.

Loading is staged so that the first screen appears at once even on a million entries, all on
the database worker: (1) the lists for the combos, the closed years and the first page of rows;
(2) the count and total of the filtered rows, and the progress banner; (3) the full list of ids
for the lazy model, which then reads the rows scrolled into view in chunks. Each stage drops its
result when a newer load has started.

Writes are single rows (or one selection) and run synchronously, each as a command on the page's
undo stack: undoing an add deletes it, undoing a delete restores the same ids, undoing an edit
puts the previous values back.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.db import directory, hours
from app.domain import vocab
from app.domain.hours import EntryInput, format_hours
from app.domain.records import AssignmentRow, ClusterRow, OfficerRow
from app.domain.records_hours import EntryFilter, EntryRow, OfficerProgress, RunningTimerRow
from app.errors import KnownError, ValidationError
from app.models.entries_model import COLUMNS, EntriesModel, column_of
from app.tasks import CancelToken
from app.views.close_year_dialog import CloseYearDialog
from app.views.context import AppContext
from app.views.entry_form import EntryForm
from app.views.messages import error_text, show_error, tr
from app.views.page import Page
from app.views.progress import ProgressRelay
from app.views.timer_panel import TimerPanel
from app.views.widgets import (
    ERROR_COLOR,
    MUTED_COLOR,
    WARNING_COLOR,
    ask,
    make_action,
    make_filter_edit,
    make_table_view,
    set_column_widths,
)

logger = logging.getLogger(__name__)

FIRST_PAGE = 200
MAX_DELETE = 10_000  # one confirmation, one transaction, one undo step
SETTING_OFFICER = "hours/last_officer"
SETTING_CLUSTER = "hours/last_cluster"
SETTING_ACTIVITY = "hours/last_activity"

# status → (background, border, text) — the status is always written in words as well
STATUS_COLORS = {
    "met": ("#e3f3e6", "#1e7b34", "#14532d"),
    "on_track": ("#e3f3e6", "#1e7b34", "#14532d"),
    "at_risk": ("#fff3dc", "#b26a00", "#6b3d00"),
    "behind": ("#fde7e9", "#b00020", "#7a0016"),
    "missed": ("#fde7e9", "#b00020", "#7a0016"),
    None: ("#f1f5f8", "#c9d6df", "#33424d"),
}


@dataclass(frozen=True)
class Lists:
    officers: list[OfficerRow]
    clusters: list[ClusterRow]
    assignments: list[AssignmentRow]
    years: list[int]
    timers: list[RunningTimerRow]


def hours_text(minutes: int) -> str:
    """Total hours with thousands separators: 140730 → "2,345.5"."""
    return f"{minutes / 60:,.2f}".rstrip("0").rstrip(".")


def entries_text(n: int, minutes: int) -> str:
    noun = tr("entry") if n == 1 else tr("entries")
    return tr("{n} {noun} · {hours} h").format(n=f"{n:,}", noun=noun, hours=hours_text(minutes))


# --------------------------------------------------------------------------- small widgets
class ProgressBanner(QFrame):
    """One officer's progress in the year, in words and in colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progress_banner")
        self.status_label = QLabel("")
        self.status_label.setObjectName("progress_status")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text_label = QLabel("")
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.status_label)
        layout.addWidget(self.text_label, 1)
        self.status: str | None = None
        self.show_progress(None, None, dt.date.today().year)

    def show_progress(self, name: str | None, progress: OfficerProgress | None, year: int) -> None:
        if name is None:
            self.status = None
            text = tr("Choose an officer (in the filter or the form) to see their progress.")
        elif progress is None:
            self.status = None
            text = tr("{name} has no hours target in {year}.").format(name=name, year=year)
        else:
            self.status = progress.progress.status
            text = tr("{name}, {year}: {sentence}").format(
                name=name, year=year, sentence=progress.progress.sentence()
            )
        bg, border, fg = STATUS_COLORS.get(self.status, STATUS_COLORS[None])
        self.setStyleSheet(
            f"QFrame#progress_banner {{ background: {bg}; border: 1px solid {border};"
            f" border-left: 6px solid {border}; border-radius: 4px; }}"
            f"QFrame#progress_banner QLabel {{ color: {fg}; background: transparent; border: none; }}"
            f"QLabel#progress_status {{ background: {border}; color: white; font-weight: 600;"
            f" border-radius: 3px; padding: 2px 8px; }}"
        )
        if self.status is None:
            self.status_label.hide()
        else:
            self.status_label.setText(tr(progress.progress.status_label).upper())  # type: ignore[union-attr]
            self.status_label.show()
        self.text_label.setText(text)
        self.setAccessibleName(tr("Progress"))
        self.setAccessibleDescription(text)

    def text(self) -> str:
        return self.text_label.text()


class NoticeBar(QFrame):
    """A message that needs no answer (an edit refused, an export written), with a close button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice_bar")
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(tr("Dismiss this message"))
        self.close_button.setAccessibleName(tr("Dismiss the message"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        color = {"error": ERROR_COLOR, "warning": WARNING_COLOR}.get(kind, "#1f3a4d")
        bg = {"error": "#fde7e9", "warning": "#fff3dc"}.get(kind, "#e8f1f6")
        self.setStyleSheet(
            f"QFrame#notice_bar {{ background: {bg}; border: 1px solid {color}; border-radius: 4px; }}"
            f"QFrame#notice_bar QLabel {{ color: {color}; border: none; background: transparent;"
            f" font-weight: {'600' if kind in ('error', 'warning') else '400'}; }}"
        )
        self.kind = kind
        self.label.setText(text)
        self.setAccessibleName(text)
        self.show()

    def dismiss(self) -> None:
        self.label.clear()
        self.kind = ""
        self.hide()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""


# --------------------------------------------------------------------------- undo commands
class _EntryCommand(QUndoCommand):
    """A change already made once; ``undo``/``redo`` replay it. A replay that the database
    refuses (a year closed meanwhile, ...) is explained on the page and dropped from the stack."""

    def __init__(self, page: HoursPage, text: str) -> None:
        super().__init__(text)
        self.page = page
        self._done_once = True

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._replay(self.do)

    def undo(self) -> None:
        self._replay(self.undo_change)

    def _replay(self, fn: Callable[[], int | None]) -> None:
        try:
            select_id = fn()
        except KnownError as err:
            self.page.show_message(
                tr("Could not {what}: {why}").format(what=self.text().lower(), why=error_text(err)),
                "error",
            )
            self.setObsolete(True)
            self.page.after_change(None)
            return
        self.page.after_change(select_id)

    def do(self) -> int | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def undo_change(self) -> int | None:  # pragma: no cover - overridden
        raise NotImplementedError


class AddEntryCommand(_EntryCommand):
    def __init__(self, page: HoursPage, entry_id: int, data: EntryInput, text: str) -> None:
        super().__init__(page, text)
        self.entry_id = entry_id
        self.data = data

    def do(self) -> int:
        hours.add_entry(self.page.ctx.db, self.data, entry_id=self.entry_id)
        return self.entry_id

    def undo_change(self) -> None:
        hours.delete_entries(self.page.ctx.db, [self.entry_id])
        return None


class EditEntryCommand(_EntryCommand):
    def __init__(
        self, page: HoursPage, entry_id: int, before: EntryInput, after: EntryInput
    ) -> None:
        super().__init__(page, tr("Edit entry"))
        self.entry_id, self.before, self.after = entry_id, before, after

    def do(self) -> int:
        hours.update_entry(self.page.ctx.db, self.entry_id, self.after)
        return self.entry_id

    def undo_change(self) -> int:
        hours.update_entry(self.page.ctx.db, self.entry_id, self.before)
        return self.entry_id


class DeleteEntriesCommand(_EntryCommand):
    def __init__(self, page: HoursPage, rows: Sequence[EntryRow]) -> None:
        n = len(rows)
        super().__init__(
            page, tr("Delete entry") if n == 1 else tr("Delete {n} entries").format(n=n)
        )
        self.rows = list(rows)

    def do(self) -> None:
        hours.delete_entries(self.page.ctx.db, [r.id for r in self.rows])
        return None

    def undo_change(self) -> int | None:
        hours.restore_entries(self.page.ctx.db, self.rows)
        return self.rows[0].id if self.rows else None


# --------------------------------------------------------------------------- the page
class HoursPage(Page):
    title = "Hours"
    object_name = "hours"
    first_rows_shown = Signal()  # the first page of rows is on screen (timing, tests)
    entries_changed = Signal()  # an entry was added, changed or deleted here

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.clock: Callable[[], dt.datetime] = dt.datetime.now  # tests may pin the time
        self._filter = EntryFilter()
        self._lists: Lists | None = None
        self._need_lists = True
        self._load_gen = 0
        self._progress_gen = 0
        self._select_after_load: int | None = None
        self._count: tuple[int, int] | None = None
        self.undo_stack = QUndoStack(self)
        self._build()
        self._update_actions()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.model = EntriesModel(self)
        self.model.rows_wanted.connect(self._read_rows)
        self.model.sort_requested.connect(self._on_sort_requested)
        self.table = make_table_view(tr("Time entries"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setModel(self.model)
        set_column_widths(self.table, [c.chars for c in COLUMNS[:-1]])
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

        # the form and the timer
        self.form = EntryForm(self)
        self.form.save_requested.connect(self.save_form)
        self.form.cancel_requested.connect(self.cancel_edit)
        self.form.officer_changed.connect(self._on_form_officer_changed)
        self.form.cluster_combo.currentIndexChanged.connect(lambda _i: self._update_timer_target())
        self.form.activity_combo.currentIndexChanged.connect(lambda _i: self._update_timer_target())
        self.timer_panel = TimerPanel(self)
        self.timer_panel.start_requested.connect(self.start_timer)
        self.timer_panel.stop_requested.connect(self.stop_timer)
        self.timer_panel.cancel_requested.connect(self.cancel_timer)

        # filters
        self.officer_filter = self._filter_combo(tr("Filter by officer"), tr("All officers"))
        self.cluster_filter = self._filter_combo(tr("Filter by cluster"), tr("All clusters"))
        self.activity_filter = self._filter_combo(tr("Filter by activity"), tr("All activities"))
        for key, label in vocab.ACTIVITIES.items():
            self.activity_filter.addItem(tr(label), key)
        self.year_filter = self._filter_combo(tr("Filter by year"), tr("All years"))
        self.text_filter = make_filter_edit(
            tr("Search descriptions, officers and clusters"), tr("Search entries")
        )
        self.text_filter.setMinimumWidth(220)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(300)
        self._text_timer.timeout.connect(self._on_filters_changed)
        self.text_filter.textChanged.connect(lambda _t: self._text_timer.start())
        for combo in (self.officer_filter, self.cluster_filter, self.activity_filter):
            combo.currentIndexChanged.connect(lambda _i: self._on_filters_changed())
        self.year_filter.currentIndexChanged.connect(lambda _i: self._on_filters_changed())
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters_label = QLabel(tr("Show:"))
        filters.addWidget(filters_label)
        for w in (self.officer_filter, self.cluster_filter, self.activity_filter, self.year_filter):
            filters.addWidget(w)
        filters.addWidget(self.text_filter, 1)
        self.reset_filters_action = make_action(
            self, tr("Show all"), tr("Clear every filter"), "Ctrl+Shift+A", self.clear_filters
        )
        reset_button = QToolButton()
        reset_button.setDefaultAction(self.reset_filters_action)
        filters.addWidget(reset_button)

        self.footer = QLabel("")
        self.footer.setObjectName("hours_footer")
        self.footer.setAccessibleName(tr("Totals of the entries shown"))
        font = self.footer.font()
        font.setBold(True)
        self.footer.setFont(font)
        self.footer_hint = QLabel("")
        palette = self.footer_hint.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED_COLOR))
        self.footer_hint.setPalette(palette)
        footer = QHBoxLayout()
        footer.addWidget(self.footer)
        footer.addStretch(1)
        footer.addWidget(self.footer_hint)

        self.notice = NoticeBar(self)
        self.banner = ProgressBanner(self)
        toolbar = self._build_actions()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        layout.addWidget(toolbar)
        layout.addWidget(self.notice)
        layout.addWidget(self.banner)
        layout.addWidget(self.form)
        layout.addWidget(self.timer_panel)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.setTabOrder(self.form.save_button, self.officer_filter)

    def _filter_combo(self, accessible: str, all_text: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        combo.addItem(all_text, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def _build_actions(self) -> QToolBar:
        self.new_action = make_action(
            self, tr("&New entry"), tr("Clear the form for a new entry"), "Ctrl+N", self.new_entry
        )
        self.edit_action = make_action(
            self.table, tr("&Edit"),
            tr("Load the selected entry into the form to change it (or double-click it)"),
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter), "F2"],
            self.edit_selected, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.duplicate_action = make_action(
            self, tr("D&uplicate"), tr("Copy the selected entry into the form, dated today"),
            "Ctrl+D", self.duplicate_selected,
        )  # fmt: skip
        self.delete_action = make_action(
            self.table, tr("&Delete"), tr("Delete the selected entries (can be undone)"),
            QKeySequence.StandardKey.Delete, self.delete_selected,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.undo_action = make_action(
            self, tr("&Undo"), tr("Undo the last change to the hours"),
            QKeySequence.StandardKey.Undo, self.undo_stack.undo,
        )  # fmt: skip
        self.redo_action = make_action(
            self, tr("&Redo"), tr("Redo the change just undone"),
            ["Ctrl+Shift+Z", "Ctrl+Y"], self.undo_stack.redo,
        )  # fmt: skip
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda text: self.undo_action.setToolTip(
                tr("Undo: {what} (Ctrl+Z)").format(what=text) if text else tr("Nothing to undo")
            )
        )
        self.undo_stack.redoTextChanged.connect(
            lambda text: self.redo_action.setToolTip(
                tr("Redo: {what} (Ctrl+Shift+Z)").format(what=text)
                if text
                else tr("Nothing to redo")
            )
        )
        self.timer_action = make_action(
            self, tr("Start &timer"),
            tr("Start or stop the timer for the officer chosen in the form"), "Ctrl+T",
            self.toggle_timer,
        )  # fmt: skip
        self.import_action = make_action(
            self, tr("&Import…"), tr("Import hours from a spreadsheet (CSV or Excel)"), "Ctrl+I",
            self.open_import,
        )  # fmt: skip
        self.export_action = make_action(
            self, tr("E&xport…"), tr("Export the entries shown to CSV or Excel"), "Ctrl+E",
            self.export_dialog,
        )  # fmt: skip
        self.pdf_action = make_action(
            self, tr("Statement &PDF…"),
            tr("PDF statement of the filtered officer's year, or the programme summary when "
               "all officers are shown"),
            "Ctrl+Shift+P", self.statement_dialog,
        )  # fmt: skip
        self.close_year_action = make_action(
            self, tr("&Close year…"),
            tr("Close a year (its hours become read-only) or reopen it; coordinators only"),
            "Ctrl+Shift+Y", self.open_close_year,
        )  # fmt: skip
        self.find_action = make_action(
            self, tr("Find"), tr("Go to the search box"), QKeySequence.StandardKey.Find,
            self._focus_search,
        )  # fmt: skip

        toolbar = QToolBar(tr("Hours actions"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        groups = (
            (self.new_action, self.edit_action, self.duplicate_action, self.delete_action),
            (self.undo_action, self.redo_action),
            (self.timer_action,),
            (self.import_action, self.export_action, self.pdf_action),
            (self.close_year_action,),
        )
        for i, group in enumerate(groups):
            if i:
                toolbar.addSeparator()
            for action in group:
                toolbar.addAction(action)
        return toolbar

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Reload everything: lists, timers, closed years and the entries."""
        self._need_lists = True
        self._start_load()

    def reload_entries(self, select_id: int | None = None) -> None:
        """Reload the entries (after a change or a new filter), keeping or moving the selection."""
        self._start_load(select_id)

    def _start_load(self, select_id: int | None = None) -> None:
        self._load_gen += 1
        gen = self._load_gen
        if select_id is None:
            current = self.selected_ids()
            select_id = current[0] if current else None
        self._select_after_load = select_id
        db, f, with_lists = self.ctx.db, self._filter, self._need_lists
        self.footer_hint.setText(tr("Loading…"))

        def stale() -> bool:
            return gen != self._load_gen

        # 1. the first page of rows (and the closed years, to mark them): shown at once
        def fetch_first() -> tuple[list[int], list[EntryRow]] | None:
            if stale():
                return None
            return hours.list_closed_years(db), hours.page_of_entries(db, f, 0, FIRST_PAGE)

        def apply_first(result: Any) -> None:
            if result is None or stale():
                return
            closed, rows = result
            self.model.set_closed_years(closed)
            self.model.set_sort(f.sort, f.descending)
            self.model.show_first_page(rows)
            complete = len(rows) < FIRST_PAGE
            if complete:  # the first page holds every row: no need to count or list ids
                self.model.set_ids(self.model.ids())
                self._count = (len(rows), sum(r.minutes for r in rows))
                self.footer.setText(entries_text(*self._count))
            else:
                self._count = None
                self.footer.setText(tr("Counting…"))
            self._restore_selection()
            self._update_actions()
            self.first_rows_shown.emit()
            if with_lists:
                self._run(self._fetch_lists, lambda lists: apply_lists(lists, complete))
            else:
                lists_done(complete)

        # 2. the officers, clusters, years and timers for the combos, the form and the timer
        def apply_lists(lists: Lists, complete: bool) -> None:
            if stale():
                return
            self._apply_lists(lists)
            lists_done(complete)

        def lists_done(complete: bool) -> None:
            self._refresh_progress()
            if complete:
                self._finish_load()
            else:
                self._run(fetch_ids, apply_ids)

        # 3. every matching id, for the lazy model (rows are then read as they scroll into view)
        def fetch_ids() -> list[int] | None:
            if stale():
                return None
            return hours.entry_ids(db, f)

        def apply_ids(result: Any) -> None:
            if result is None or stale():
                return
            self.model.set_ids(result)
            self._restore_selection()
            self.footer.setText(
                tr("{n} entries · adding up the hours…").format(n=f"{len(result):,}")
            )
            self._run(fetch_totals, apply_totals)

        # 4. the number and hours of the matching entries, for the footer
        def fetch_totals() -> tuple[int, int] | None:
            if stale():
                return None
            return hours.count_entries(db, f)

        def apply_totals(result: Any) -> None:
            if result is None or stale():
                return
            self._count = result
            self.footer.setText(entries_text(*result))
            self._finish_load()

        self._run(fetch_first, apply_first)

    def _finish_load(self) -> None:
        self._restore_selection()
        self.footer_hint.setText("")
        self._update_actions()
        self.loaded.emit()

    def _run(self, fetch: Callable[[], Any], apply: Callable[[Any], None]) -> None:
        def failed(err: BaseException) -> None:
            if isinstance(err, KnownError):
                self.show_message(error_text(err), "error")
            else:
                show_error(self, err)
            self.loaded.emit()

        self.ctx.tasks.run(fetch, apply, failed)

    def _fetch_lists(self) -> Lists:
        """Runs on the database worker."""
        db = self.ctx.db
        return Lists(
            officers=directory.list_officers(db),
            clusters=directory.list_clusters(db),
            assignments=directory.list_assignments(db),
            years=hours.entry_years(db),
            timers=hours.running_timers(db),
        )

    def _apply_lists(self, lists: Lists) -> None:
        first_time = self._lists is None
        self._lists = lists
        self._need_lists = False
        self._fill_filter_combos()
        self.form.set_choices(lists.officers, lists.clusters, lists.assignments)
        if first_time and not self.form.editing:
            self._restore_form_choices()
        self.timer_panel.set_timers(lists.timers)
        self._update_timer_target()

    def _restore_form_choices(self) -> None:
        """The officer, cluster and activity of the last entry saved (across restarts)."""
        settings = self.ctx.settings
        try:
            officer = int(settings.value(SETTING_OFFICER, -1))  # type: ignore[arg-type]
            cluster = int(settings.value(SETTING_CLUSTER, -1))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return
        activity = settings.value(SETTING_ACTIVITY, "")
        if officer >= 0:
            self.form.set_officer(officer)
            self.form.set_cluster(None if cluster < 0 else cluster)
        if activity:
            self.form.set_activity(str(activity))

    def _remember_form_choices(self, data: EntryInput) -> None:
        settings = self.ctx.settings
        settings.setValue(SETTING_OFFICER, data.officer_id)
        settings.setValue(SETTING_CLUSTER, -1 if data.cluster_id is None else data.cluster_id)
        settings.setValue(SETTING_ACTIVITY, data.activity)
        settings.sync()

    def _fill_filter_combos(self) -> None:
        lists = self._lists
        if lists is None:
            return
        f = self._filter
        combos = (self.officer_filter, self.cluster_filter, self.activity_filter, self.year_filter)
        for combo in combos:
            combo.blockSignals(True)
        try:
            self._refill(
                self.officer_filter,
                [(o.name if o.active else tr("{name} (archived)").format(name=o.name), o.id)
                 for o in sorted(lists.officers, key=lambda o: (not o.active, o.name.casefold()))],
            )  # fmt: skip
            self._refill(
                self.cluster_filter,
                [(c.short_name, c.id) for c in sorted(lists.clusters, key=lambda c: c.short_name.casefold())],
            )  # fmt: skip
            years = sorted(set(lists.years) | ({f.year} if f.year else set()), reverse=True)
            self._refill(self.year_filter, [(str(y), y) for y in years])
            self._select_data(self.officer_filter, f.officer_id)
            self._select_data(self.cluster_filter, f.cluster_id)
            self._select_data(self.activity_filter, f.activity)
            self._select_data(self.year_filter, f.year)
        finally:
            for combo in combos:
                combo.blockSignals(False)
        if self.text_filter.text() != f.text:
            self.text_filter.blockSignals(True)
            self.text_filter.setText(f.text)
            self.text_filter.blockSignals(False)

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        while combo.count() > 1:
            combo.removeItem(combo.count() - 1)
        for text, data in items:
            combo.addItem(text, data)

    @staticmethod
    def _select_data(combo: QComboBox, data: Any) -> None:
        index = combo.findData(data) if data is not None else 0
        combo.setCurrentIndex(max(index, 0))

    def _read_rows(self, generation: int, ids: list[int]) -> None:
        """The model asks for rows scrolled into view: read them by id on the worker."""
        db = self.ctx.db

        def failed(err: BaseException) -> None:
            logger.warning("could not read rows: %s", err)
            self.model.request_failed(generation, ids)

        self.ctx.tasks.run(
            lambda: hours.entries_by_ids(db, ids),
            lambda rows: self.model.add_rows(generation, ids, rows),
            failed,
        )

    def _restore_selection(self) -> None:
        wanted = self._select_after_load
        if wanted is None:
            return
        row = self.model.row_of(wanted)
        if row < 0:
            if self.model.complete:
                self._select_after_load = None
            return
        index = self.model.index(row, 0)
        selection = self.table.selectionModel()
        selection.setCurrentIndex(
            index,
            selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        if self.model.complete:
            self._select_after_load = None

    # ------------------------------------------------------------------ filters
    @property
    def entry_filter(self) -> EntryFilter:
        return self._filter

    def _on_filters_changed(self) -> None:
        self.set_filter(
            replace(
                self._filter,
                officer_id=self.officer_filter.currentData(),
                cluster_id=self.cluster_filter.currentData(),
                activity=self.activity_filter.currentData(),
                year=self.year_filter.currentData(),
                text=self.text_filter.text().strip(),
            )
        )

    def set_filter(self, f: EntryFilter) -> None:
        """Show the entries matching ``f`` (combos follow)."""
        if f == self._filter:
            return
        self._filter = f
        self._fill_filter_combos()
        self._sync_sort_indicator()
        self._update_close_year_text()
        self.reload_entries()

    def clear_filters(self) -> None:
        self.set_filter(EntryFilter(sort=self._filter.sort, descending=self._filter.descending))

    def show_officer(self, officer_id: int, year: int | None = None) -> None:
        """Show one officer's entries (of ``year``, when given): the dashboard's drill-down."""
        self._text_timer.stop()
        f = EntryFilter(
            officer_id=officer_id,
            year=year if year is not None else self._filter.year,
            sort=self._filter.sort,
            descending=self._filter.descending,
        )
        if not self.form.editing:
            self.form.set_officer(officer_id)
        if f == self._filter:
            self.reload_entries()
        else:
            self.set_filter(f)

    def _on_sort_requested(self, key: str, descending: bool) -> None:
        self.set_filter(replace(self._filter, sort=key, descending=descending))

    def _on_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if COLUMNS[column].key is None:  # the status column: not sortable, put the arrow back
            QTimer.singleShot(0, self._sync_sort_indicator)

    def sort_by(self, key: str, descending: bool = False) -> None:
        """Sort as a click on the column's header would."""
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column_of(key), order)

    def _sync_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        order = (
            Qt.SortOrder.DescendingOrder if self._filter.descending else Qt.SortOrder.AscendingOrder
        )
        column = column_of(self._filter.sort)
        self.model.set_sort(self._filter.sort, self._filter.descending)
        if header.sortIndicatorSection() != column or header.sortIndicatorOrder() != order:
            header.blockSignals(True)
            header.setSortIndicator(column, order)
            header.blockSignals(False)
            header.viewport().update()

    def _focus_search(self) -> None:
        self.text_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_filter.selectAll()

    # ------------------------------------------------------------------ progress banner
    def progress_officer(self) -> int | None:
        """The officer of the banner: the filtered one, else the form's (remembered) one."""
        return self._filter.officer_id or self.form.officer_id()

    def _on_form_officer_changed(self, _officer_id: object) -> None:
        self._update_timer_target()
        if self._filter.officer_id is None and self._lists is not None:
            self._refresh_progress()

    def _refresh_progress(self) -> None:
        officer_id = self.progress_officer()
        year = self._filter.year or dt.date.today().year
        names = {o.id: o.name for o in self._lists.officers} if self._lists else {}
        if officer_id is None or officer_id not in names:
            self.banner.show_progress(None, None, year)
            return
        self._progress_gen += 1
        gen, db = self._progress_gen, self.ctx.db

        def fetch() -> list[OfficerProgress]:
            return hours.progress_for_year(db, year, officer_id=officer_id)

        def apply(result: list[OfficerProgress]) -> None:
            if gen == self._progress_gen:
                self.banner.show_progress(names[officer_id], result[0] if result else None, year)

        self._run(fetch, apply)

    # ------------------------------------------------------------------ selection
    def selected_ids(self) -> list[int]:
        selection = self.table.selectionModel()
        if selection is None:
            return []
        rows = sorted({i.row() for i in selection.selectedRows()})
        return [self.model.entry_id(r) for r in rows if r < self.model.rowCount()]

    def selected_rows(self) -> list[EntryRow]:
        """The selected entries that are read (visible rows always are)."""
        selection = self.table.selectionModel()
        rows = sorted({i.row() for i in selection.selectedRows()})
        out = [self.model.entry(r) for r in rows]
        return [r for r in out if r is not None]

    def select_entry(self, entry_id: int) -> bool:
        row = self.model.row_of(entry_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        selection = self.table.selectionModel()
        selection.setCurrentIndex(
            index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def _current_row(self) -> EntryRow | None:
        current = self.table.currentIndex()
        if current.isValid() and self.table.selectionModel().isRowSelected(current.row()):
            row = self.model.entry(current.row())
            if row is not None:
                return row
        rows = self.selected_rows()
        return rows[0] if rows else None

    def _update_actions(self) -> None:
        n = len(self.table.selectionModel().selectedRows()) if self.table.selectionModel() else 0
        self.edit_action.setEnabled(n == 1)
        self.duplicate_action.setEnabled(n == 1)
        self.delete_action.setEnabled(n >= 1)
        self.delete_action.setText(tr("&Delete") if n <= 1 else tr("&Delete {n}").format(n=n))
        self._update_close_year_text()

    def _update_close_year_text(self) -> None:
        year = self._filter.year
        if year is not None and year in self.model.closed_years:
            self.close_year_action.setText(tr("&Reopen year…"))
        else:
            self.close_year_action.setText(tr("&Close year…"))

    # ------------------------------------------------------------------ messages
    def show_message(self, text: str, kind: str = "info") -> None:
        self.notice.show_message(text, kind)

    def _closed_message(self, year: int) -> str:
        return tr(
            "{year} is closed: its hours are read-only until a coordinator reopens it."
        ).format(year=year)

    # ------------------------------------------------------------------ the form
    def new_entry(self) -> None:
        """Ctrl+N: an empty form dated today (officer and cluster stay)."""
        self.form.start_new(today=dt.date.today())
        self.form.clear_messages()
        self.form.focus_first()

    def edit_selected(self) -> bool:
        """Load the selected entry into the form ("editing" mode)."""
        row = self._current_row()
        if row is None:
            return False
        if row.entry_date.year in self.model.closed_years:
            self.show_message(self._closed_message(row.entry_date.year), "error")
            return False
        self.notice.dismiss()
        self.form.load_entry(row)
        self.form.hours_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.form.hours_edit.selectAll()
        return True

    def duplicate_selected(self) -> bool:
        row = self._current_row()
        if row is None:
            return False
        self.form.load_copy(row, dt.date.today())
        self.form.hours_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.form.hours_edit.selectAll()
        return True

    def cancel_edit(self) -> None:
        if self.form.editing:
            self.form.start_new(today=dt.date.today())
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_form(self) -> bool:
        """Store what the form says (Enter). True when saved."""
        try:
            data = self.form.entry_input()
        except ValidationError as err:
            self.form.show_problems(err.problems)
            return False
        editing = self.form.editing_row
        try:
            if editing is None:
                entry_id, warnings = hours.add_entry(self.ctx.db, data)
            else:
                entry_id = editing.id
                warnings = hours.update_entry(self.ctx.db, entry_id, data)
        except ValidationError as err:
            self.form.show_problems(err.problems)
            return False
        except KnownError as err:
            self.form.show_problems({"": error_text(err)})
            return False
        if self._lists is not None and data.entry_date.year not in self._lists.years:
            self._need_lists = True  # a year the year filter does not list yet
        if editing is None:
            text = tr("Add entry")
            self.undo_stack.push(AddEntryCommand(self, entry_id, data, text))
            self._remember_form_choices(data)
            done = tr("Saved {hours} h on {date}.").format(
                hours=format_hours(data.minutes), date=data.entry_date.isoformat()
            )
            self.form.start_new()
        else:
            self.undo_stack.push(EditEntryCommand(self, entry_id, hours.as_input(editing), data))
            done = tr("Changes saved.")
            self.form.start_new(today=dt.date.today())
        if warnings:
            self.form.show_note(done + " " + " ".join(warnings), "warning")
        else:
            self.form.show_note(done + " " + tr("Ready for the next entry."), "ok")
        self.form.focus_first()
        self.after_change(entry_id)
        return True

    def after_change(self, select_id: int | None) -> None:
        """Reload after a write (or its undo/redo)."""
        self.reload_entries(select_id)
        self.entries_changed.emit()

    # ------------------------------------------------------------------ delete
    def delete_selected(self) -> QMessageBox | None:
        """Ask, then delete the selected entries. Returns the question (its ``ok_button`` agrees)."""
        ids = self.selected_ids()
        if not ids:
            return None
        if len(ids) > MAX_DELETE:
            self.show_message(
                tr("{n} entries are selected; delete at most {max} at a time.").format(
                    n=f"{len(ids):,}", max=f"{MAX_DELETE:,}"
                ),
                "warning",
            )
            return None
        closed = self.model.closed_years
        locked = sorted(
            {r.entry_date.year for r in self.selected_rows() if r.entry_date.year in closed}
        )
        if locked:
            self.show_message(
                tr("{year} is closed: its hours cannot be deleted.").format(year=locked[0]), "error"
            )
            return None
        n = len(ids)
        text = (
            tr("Delete this time entry?")
            if n == 1
            else tr("Delete these {n} time entries?").format(n=f"{n:,}")
        )
        return ask(
            self, tr("Delete entries"), text, tr("Delete"), lambda: self.delete_entries(ids),
            tr("You can undo this with Ctrl+Z."),
        )  # fmt: skip

    def delete_entries(self, ids: Sequence[int]) -> bool:
        try:
            rows = hours.delete_entries(self.ctx.db, ids)
        except KnownError as err:
            self.show_message(error_text(err), "error")
            return False
        if not rows:
            return False
        self.undo_stack.push(DeleteEntriesCommand(self, rows))
        self.show_message(
            (
                tr("Entry deleted.")
                if len(rows) == 1
                else tr("{n} entries deleted.").format(n=len(rows))
            )
            + " "
            + tr("Ctrl+Z brings it back." if len(rows) == 1 else "Ctrl+Z brings them back."),
            "info",
        )
        if self.form.editing_id in {r.id for r in rows}:
            self.form.start_new(today=dt.date.today())
        self.after_change(None)
        return True

    # ------------------------------------------------------------------ timer
    def _update_timer_target(self) -> None:
        officer_id = self.form.officer_id()
        running = self.timer_panel.running_for(officer_id)
        if officer_id is None:
            self.timer_panel.set_start_target(
                tr("Choose an officer in the form to start a timer."), False
            )
        elif running is not None:
            self.timer_panel.set_start_target(
                tr("{name}'s timer is running.").format(name=running.officer_name), False
            )
        else:
            parts = [self.form.officer_combo.currentText()]
            if self.form.cluster_id() is not None:
                parts.append(self.form.cluster_combo.currentText().split(" (")[0])
            parts.append(self.form.activity_combo.currentText())
            self.timer_panel.set_start_target(tr("for {what}").format(what=" · ".join(parts)), True)
        self.timer_action.setText(tr("Stop &timer") if running else tr("Start &timer"))

    def toggle_timer(self) -> None:
        officer_id = self.form.officer_id()
        if officer_id is not None and self.timer_panel.running_for(officer_id):
            self.stop_timer(officer_id)
        else:
            self.start_timer()

    def start_timer(self) -> bool:
        officer_id = self.form.officer_id()
        if officer_id is None:
            self.form.show_problems({"officer_id": tr("Choose an officer.")})
            return False
        try:
            hours.start_timer(
                self.ctx.db,
                officer_id,
                cluster_id=self.form.cluster_id(),
                activity=self.form.activity(),
                description=self.form.description_edit.text(),
                now=self.clock(),
            )
        except KnownError as err:
            self.show_message(error_text(err), "error")
            return False
        self.notice.dismiss()
        self._reload_timers()
        return True

    def stop_timer(self, officer_id: int) -> int | None:
        """Stop the officer's timer and log its time; returns the new entry's id."""
        try:
            entry_id, warnings = hours.stop_timer(self.ctx.db, officer_id, now=self.clock())
        except KnownError as err:
            self.show_message(error_text(err), "error")
            self._reload_timers()
            return None
        row = hours.get_entry(self.ctx.db, entry_id)
        self.undo_stack.push(AddEntryCommand(self, entry_id, hours.as_input(row), tr("Log timer")))
        self.show_message(
            " ".join(
                [
                    tr("Timer stopped: {hours} h logged for {name} on {date}.").format(
                        hours=format_hours(row.minutes),
                        name=row.officer_name,
                        date=row.entry_date.isoformat(),
                    ),
                    *warnings,
                ]
            ),
            "warning" if warnings else "info",
        )
        self._reload_timers()
        self.after_change(entry_id)
        return entry_id

    def cancel_timer(self, officer_id: int) -> None:
        try:
            hours.cancel_timer(self.ctx.db, officer_id)
        except KnownError as err:
            self.show_message(error_text(err), "error")
        self._reload_timers()

    def _reload_timers(self) -> None:
        db = self.ctx.db

        def apply(timers: list[RunningTimerRow]) -> None:
            if self._lists is not None:
                self._lists = replace(self._lists, timers=timers)
            self.timer_panel.set_timers(timers)
            self._update_timer_target()

        self._run(lambda: hours.running_timers(db), apply)

    # ------------------------------------------------------------------ close year
    def open_close_year(self) -> CloseYearDialog:
        year = self._filter.year
        if year is None:
            year = dt.date.today().year - 1
        dialog = CloseYearDialog(self.ctx, self, year=year)
        dialog.changed.connect(self._on_year_closed_or_reopened)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _on_year_closed_or_reopened(self, year: int, closed: bool) -> None:
        editing = self.form.editing_row
        if editing is not None and editing.entry_date.year == year and closed:
            self.form.start_new(today=dt.date.today())
            self.form.show_note(self._closed_message(year), "warning")
        self.show_message(
            (
                tr("{year} is closed: its hours are now read-only.")
                if closed
                else tr("{year} is reopened: its hours can be changed again.")
            ).format(year=year),
            "info",
        )
        self.refresh()

    # ------------------------------------------------------------------ import / export / PDF
    def open_import(self) -> QWidget | None:
        from app.views.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, self)
        dialog.imported.connect(self._on_imported)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _on_imported(self, n: int) -> None:
        self.show_message(tr("{n} entries imported.").format(n=f"{n:,}"), "info")
        self.refresh()
        self.entries_changed.emit()

    def _default_path(self, name: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return str(Path(folder or Path.home()) / name)

    def export_dialog(self) -> None:
        year = self._filter.year
        name = f"clusterdesk-hours-{year}.xlsx" if year else "clusterdesk-hours.xlsx"
        path, chosen = QFileDialog.getSaveFileName(
            self,
            tr("Export the entries shown"),
            self._default_path(name),
            tr("Excel workbook (*.xlsx);;CSV file (*.csv)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
        self.export_to(target)

    def export_to(self, path: Path) -> QProgressDialog | None:
        """Export the filtered entries to ``path`` on the worker, with progress and Cancel."""
        from app.reports.hours_export import export_entries

        db, f = self.ctx.db, self._filter
        token = CancelToken()
        relay = ProgressRelay(self)
        dialog = self._progress_dialog(tr("Exporting the entries…"), token)
        relay.progress.connect(lambda pct, msg: (dialog.setValue(pct), dialog.setLabelText(msg)))

        def done(n: int) -> None:
            dialog.reset()
            relay.deleteLater()
            if token.cancelled():
                self.show_message(tr("Export cancelled."), "info")
            else:
                self.show_message(
                    tr("{n} entries exported to {path}").format(n=f"{n:,}", path=path), "info"
                )

        def failed(err: BaseException) -> None:
            dialog.reset()
            relay.deleteLater()
            if token.cancelled():
                self.show_message(tr("Export cancelled."), "info")
            elif isinstance(err, KnownError | OSError):
                self.show_message(
                    error_text(err) if isinstance(err, KnownError) else str(err), "error"
                )
            else:
                show_error(self, err)

        self.ctx.tasks.run(
            lambda: export_entries(
                db, f, path, progress=relay.emit_progress, cancelled=token.cancelled
            ),
            done,
            failed,
        )
        return dialog

    def statement_dialog(self) -> None:
        officer_id = self._filter.officer_id
        year = self._filter.year or dt.date.today().year
        if officer_id is not None:
            officers = self._lists.officers if self._lists else []
            name = next((o.name for o in officers if o.id == officer_id), "")
            slug = "-".join(name.lower().split()) or str(officer_id)
            suggested = f"hours-statement-{slug}-{year}.pdf"
            title = tr("Save {name}'s statement for {year}").format(name=name, year=year)
        else:
            suggested = f"hours-programme-summary-{year}.pdf"
            title = tr("Save the programme summary for {year}").format(year=year)
        path, _ = QFileDialog.getSaveFileName(
            self, title, self._default_path(suggested), tr("PDF document (*.pdf)")
        )
        if path:
            target = Path(path)
            self.write_statement(target.with_suffix(".pdf") if not target.suffix else target)

    def write_statement(self, path: Path) -> QProgressDialog | None:
        """The filtered officer's statement for the year, or the programme summary."""
        from app.reports.hours_pdf import officer_statement, programme_summary

        db = self.ctx.db
        officer_id = self._filter.officer_id
        year = self._filter.year or dt.date.today().year
        token = CancelToken()
        dialog = self._progress_dialog(tr("Writing the PDF…"), token)
        dialog.setRange(0, 0)

        def work() -> Path:
            if officer_id is not None:
                return officer_statement(db, officer_id, year, path)
            return programme_summary(db, year, path)

        def done(written: Path) -> None:
            dialog.reset()
            if not token.cancelled():
                self.show_message(tr("PDF written to {path}").format(path=written), "info")

        def failed(err: BaseException) -> None:
            dialog.reset()
            if isinstance(err, KnownError):
                self.show_message(error_text(err), "error")
            else:
                show_error(self, err)

        self.ctx.tasks.run(work, done, failed)
        return dialog

    def _progress_dialog(self, label: str, token: CancelToken) -> QProgressDialog:
        dialog = QProgressDialog(label, tr("Cancel"), 0, 100, self)
        dialog.setWindowTitle(tr("Hours"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(True)
        dialog.canceled.connect(token.cancel)
        return dialog
