"""The Meetings page: the list of meetings (filters by cluster, kind, officer and dates), the
action tracker and the search; one meeting's editor; live meeting mode.

The page is a stack of three views: the browser (tabs: Meetings, Action tracker, Search), the
editor of one meeting and live mode. Deleting a meeting keeps a snapshot so that "Undo" puts it
back whole. ``resume_live_if_any()`` (called by the main window at start-up) reopens live mode
on the meeting that was in it when the app stopped — after a crash, with every note as last
autosaved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.db import meetings as m
from app.domain import vocab
from app.domain.records import ClusterRow, OfficerRow
from app.domain.records_meetings import MeetingRow
from app.models.filter_proxy import RecordFilterProxy
from app.models.record_table import RECORD_ROLE, Column, RecordTableModel
from app.views.action_tracker import ActionTracker
from app.views.context import AppContext
from app.views.live_meeting import LiveMeeting
from app.views.log_time_dialog import LogTimeDialog
from app.views.meeting_editor import (
    DuplicateDialog,
    MeetingDialog,
    MeetingEditor,
    meeting_place,
)
from app.views.meeting_search import MeetingSearch
from app.views.messages import show_error, tr
from app.views.page import Page
from app.views.widgets import (
    MUTED_COLOR,
    OptionalDateEdit,
    ask,
    make_action,
    make_filter_edit,
    make_table_view,
    make_tool_button,
    select_record,
    selected_record,
    set_column_widths,
)

ALL = "__all__"
WHEN_CHOICES = (("all", "Upcoming and past"), ("upcoming", "Upcoming"), ("past", "Past"))


def meeting_state(row: MeetingRow, now: dt.datetime) -> str:
    if row.closed:
        return tr("closed")
    if row.starts_at.date() == now.date():
        return tr("today")
    if row.starts_at > now:
        return tr("upcoming")
    return tr("held")


class NoticeBar(QFrame):
    """A one-line notice above the page, with an optional action button (Undo, ...)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingsNotice")
        self.setStyleSheet(
            "QFrame#meetingsNotice { background: #eef5e9; border: 1px solid #b9d3a8; "
            "border-radius: 4px; }"
        )
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setAccessibleName(tr("Notice"))
        self.button = QPushButton("")
        self.close_button = QPushButton(tr("Dismiss"))
        self.close_button.setToolTip(tr("Hide this notice"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        layout.addWidget(self.close_button)
        self._slot: Any = None
        self.button.clicked.connect(self._clicked)
        self.hide()

    def show_message(self, text: str, button: str = "", slot: Any = None) -> None:
        self.label.setText(text)
        self._slot = slot
        self.button.setText(button)
        self.button.setVisible(bool(button))
        self.show()

    def _clicked(self) -> None:
        slot = self._slot
        self.dismiss()
        if slot is not None:
            slot()

    def dismiss(self) -> None:
        self._slot = None
        self.hide()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


class MeetingsPage(Page):
    title = "Meetings"
    object_name = "meetings"

    editor_ready = Signal(int)  # the editor of a meeting is on screen
    live_ready = Signal(int)  # live mode on a meeting is on screen
    live_left = Signal(int)  # live mode was left (or the meeting closed)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.editor: MeetingEditor | None = None
        self.live: LiveMeeting | None = None
        self.log_dialog: LogTimeDialog | None = None
        self._clusters: list[ClusterRow] = []
        self._officers: list[OfficerRow] = []
        self._undo: tuple[m.MeetingSnapshot, str] | None = None
        self._pending_select: int | None = None
        self._tracker_loaded = False
        self._after_live: Any = None
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self.refresh)
        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.notice = NoticeBar()
        self.stack = QStackedWidget()
        self.browser = QTabWidget()
        self.browser.setDocumentMode(True)
        self.browser.addTab(self._build_list(), tr("Meetings"))
        self.tracker = ActionTracker(self.ctx)
        self.tracker.open_meeting.connect(self.open_meeting)
        self.browser.addTab(self.tracker, tr("Action tracker"))
        self.search = MeetingSearch(self.ctx)
        self.search.open_meeting.connect(self.open_meeting)
        self.browser.addTab(self.search, tr("Search"))
        self.browser.currentChanged.connect(self._on_tab_changed)
        self.stack.addWidget(self.browser)

        make_action(
            self.browser, tr("Action tracker"), tr("Show every open action item"),
            "Ctrl+Shift+A", lambda: self.show_tab(1),
        )  # fmt: skip
        make_action(
            self.browser, tr("Search meetings"), tr("Search every meeting's notes"),
            "Ctrl+Shift+F", lambda: self.show_tab(2),
        )  # fmt: skip

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = QLabel(f"<h2>{tr('Meetings')}</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading = heading
        layout.addWidget(heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)

    def _build_list(self) -> QWidget:
        page = QWidget()
        self.list_tab = page
        self._now = dt.datetime.now()
        columns: list[Column[MeetingRow]] = [
            Column(
                tr("When"),
                lambda r: r.starts_at,
                text=lambda r: f"{r.starts_at:%Y-%m-%d %a %H:%M}",
            ),
            Column(tr("Cluster"), lambda r: r.cluster_short_name),
            Column(
                tr("Kind"),
                lambda r: r.kind,
                text=lambda r: tr(vocab.MEETING_KINDS.get(r.kind, r.kind)),
            ),
            Column(tr("Title"), lambda r: r.title, tooltip=lambda r: r.title),
            Column(tr("Officers"), lambda r: r.officers),
            Column(
                tr("Open items"),
                lambda r: r.open_actions,
                align_right=True,
                tooltip=lambda r: tr("Open action items agreed in this meeting"),
            ),
            Column(tr("State"), lambda r: meeting_state(r, self._now)),
            Column(tr("Place"), lambda r: meeting_place(r)),
        ]
        self.model: RecordTableModel[MeetingRow] = RecordTableModel(columns, self)
        self.model.muted = lambda r: (
            r.starts_at < self._now and r.starts_at.date() != self._now.date()
        )
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(tr("Meetings"))
        self.table.setModel(self.proxy)
        set_column_widths(self.table, (22, 16, 15, 40, 24, 9, 10, 30))
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())

        self.cluster_combo = self._combo(tr("Cluster"), tr("All clusters"))
        self.kind_combo = self._combo(tr("Kind"), tr("All kinds"))
        for key, label in vocab.MEETING_KINDS.items():
            self.kind_combo.addItem(tr(label), key)
        self.officer_combo = self._combo(tr("Officer"), tr("All officers"))
        self.from_edit = OptionalDateEdit(tr("From"), check_text=tr("From"), none_text=tr("any"))
        self.to_edit = OptionalDateEdit(tr("Until"), check_text=tr("Until"), none_text=tr("any"))
        self.when_combo = QComboBox()
        self.when_combo.setAccessibleName(tr("Upcoming or past"))
        for key, label in WHEN_CHOICES:
            self.when_combo.addItem(tr(label), key)
        self.filter_edit = make_filter_edit(tr("Filter by words…"), tr("Filter meetings"))
        self.filter_edit.setMinimumWidth(180)
        self.count_label = QLabel("")
        self.count_label.setAccessibleName(tr("Number of meetings shown"))
        for combo in (self.cluster_combo, self.kind_combo, self.officer_combo):
            combo.currentIndexChanged.connect(self._on_db_filter_changed)
        self.from_edit.changed.connect(self._on_db_filter_changed)
        self.to_edit.changed.connect(self._on_db_filter_changed)
        self.when_combo.currentIndexChanged.connect(self._apply_when)
        self.filter_edit.textChanged.connect(self._on_text_filter)

        self.new_action = make_action(
            page, tr("&New meeting…"), tr("Create a meeting"), "Ctrl+N", self.open_new_dialog
        )
        self.open_action = make_action(
            self.table, tr("&Open"), tr("Open the selected meeting"),
            ["Return", "Enter"], self.open_selected, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.live_action = make_action(
            page, tr("&Live mode"), tr("Take notes in the selected meeting as it happens"),
            "Ctrl+L", self._live_selected,
        )  # fmt: skip
        self.duplicate_action = make_action(
            page, tr("D&uplicate…"), tr("Copy the selected meeting to a new date"),
            "Ctrl+Shift+D", lambda: self.open_duplicate_dialog(),
        )  # fmt: skip
        self.delete_action = make_action(
            self.table, tr("&Delete…"), tr("Delete the selected meeting (it can be undone)"),
            "Delete", lambda: self.delete_meeting(), Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.undo_action = make_action(
            page, tr("&Undo delete"), tr("Put back the meeting just deleted"),
            "Ctrl+Z", self.undo_delete,
        )  # fmt: skip
        make_action(
            page, tr("Filter"), tr("Filter the meetings by words"), "Ctrl+F", self._focus_filter
        )

        filters = QHBoxLayout()
        for text, widget in (
            (tr("C&luster:"), self.cluster_combo),
            (tr("&Kind:"), self.kind_combo),
            (tr("Offi&cer:"), self.officer_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addSpacing(8)
        filters.addWidget(self.from_edit)
        filters.addWidget(self.to_edit)
        filters.addStretch(1)

        toolbar = QHBoxLayout()
        toolbar.addWidget(make_tool_button(self.new_action))
        toolbar.addWidget(make_tool_button(self.open_action))
        toolbar.addWidget(make_tool_button(self.live_action))
        toolbar.addWidget(make_tool_button(self.duplicate_action))
        toolbar.addWidget(make_tool_button(self.delete_action))
        toolbar.addWidget(make_tool_button(self.undo_action))
        toolbar.addSpacing(12)
        show_label = QLabel(tr("S&how:"))
        show_label.setBuddy(self.when_combo)
        toolbar.addWidget(show_label)
        toolbar.addWidget(self.when_combo)
        toolbar.addStretch(1)
        toolbar.addWidget(self.filter_edit)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(toolbar)
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        legend = QLabel(tr("Past meetings are greyed; Enter opens, Ctrl+L starts live mode."))
        legend.setStyleSheet(f"color: {MUTED_COLOR};")
        footer.addWidget(legend)
        layout.addLayout(footer)
        self._update_actions()
        return page

    @staticmethod
    def _combo(accessible: str, all_text: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        combo.addItem(all_text, ALL)
        combo.setMinimumContentsLength(12)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    # ------------------------------------------------------------------ loading
    def _filters(self) -> dict[str, Any]:
        def value(combo: QComboBox) -> Any:
            data = combo.currentData()
            return None if data in (ALL, None) else data

        return {
            "cluster_id": value(self.cluster_combo),
            "kind": value(self.kind_combo),
            "officer_id": value(self.officer_combo),
            "start": self.from_edit.date(),
            "end": self.to_edit.date(),
        }

    def refresh(self) -> None:
        """Reload the list (and the filters' choices) on the database worker."""
        self._filter_timer.stop()
        db = self.ctx.db
        filters = self._filters()

        def fetch() -> tuple[Any, ...]:
            return (
                m.list_meetings(db, **filters),
                directory.list_clusters(db, include_archived=False),
                directory.list_officers(db),
            )

        self.load(fetch, self._apply)
        if self._tracker_loaded:
            self.tracker.refresh()
        if self.editor is not None:
            self.editor.reload()

    def _apply(self, result: tuple[Any, ...]) -> None:
        meetings, clusters, officers = result
        self._clusters, self._officers = clusters, officers
        self._refill(self.cluster_combo, [(c.short_name, c.id) for c in clusters])
        self._refill(self.officer_combo, [(o.name, o.id) for o in officers])
        keep = self.current_meeting()
        wanted = self._pending_select or (keep.id if keep else None)
        self._now = dt.datetime.now()
        self.model.set_rows(meetings)
        self._apply_when()
        found = wanted is not None and select_record(self.table, lambda r: r.id == wanted)
        if not found:
            self._select_next_upcoming()
        self._pending_select = None
        self._update_count()
        self._update_actions()

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        keep = combo.currentData()
        all_text = combo.itemText(0)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, ALL)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(keep), 0))
        combo.blockSignals(False)

    def _on_db_filter_changed(self, *_args: Any) -> None:
        self._filter_timer.start()  # one reload for a burst of changes

    def _apply_when(self, *_args: Any) -> None:
        when = self.when_combo.currentData()
        now = dt.datetime.now()
        if when == "upcoming":
            self.proxy.set_predicate(
                "when", lambda r: r.starts_at >= now or r.starts_at.date() == now.date()
            )
            self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        elif when == "past":
            self.proxy.set_predicate("when", lambda r: r.starts_at < now)
            self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        else:
            self.proxy.set_predicate("when", None)
        self._update_count()

    def _on_text_filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _update_count(self) -> None:
        rows = self.shown_meetings()
        now = dt.datetime.now()
        upcoming = sum(1 for r in rows if r is not None and r.starts_at >= now)
        self.count_label.setText(
            tr("{shown} of {total} meetings shown ({upcoming} upcoming)").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount(), upcoming=upcoming
            )
        )

    def shown_meetings(self) -> list[MeetingRow]:
        return [self.proxy.index(r, 0).data(RECORD_ROLE) for r in range(self.proxy.rowCount())]

    def set_filters(
        self,
        *,
        cluster_id: int | None = None,
        kind: str | None = None,
        officer_id: int | None = None,
    ) -> None:
        """Choose the filters in one go (one reload)."""
        for combo, value in (
            (self.cluster_combo, cluster_id),
            (self.kind_combo, kind),
            (self.officer_combo, officer_id),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(ALL if value is None else value), 0))
            combo.blockSignals(False)
        self.refresh()

    # ------------------------------------------------------------------ selection and tabs
    def current_meeting(self) -> MeetingRow | None:
        return selected_record(self.table)

    def _select_next_upcoming(self) -> None:
        """With nothing selected, select the next meeting to come (or the latest one)."""
        rows = self.shown_meetings()
        if not rows:
            return
        today = self._now.replace(hour=0, minute=0, second=0, microsecond=0)
        coming = [r for r in rows if r.starts_at >= today]
        target = min(coming, key=lambda r: r.starts_at) if coming else rows[0]
        select_record(self.table, lambda r: r.id == target.id)

    def select_meeting(self, meeting_id: int) -> bool:
        return select_record(self.table, lambda r: r.id == meeting_id)

    def _update_actions(self) -> None:
        row = self.current_meeting()
        for action in (self.open_action, self.live_action, self.duplicate_action):
            action.setEnabled(row is not None)
        self.delete_action.setEnabled(row is not None)
        self.undo_action.setEnabled(self._undo is not None)

    def show_tab(self, index: int) -> None:
        self.show_browser()
        self.browser.setCurrentIndex(index)
        if index == 2:
            self.search.focus_box()

    def _on_tab_changed(self, index: int) -> None:
        if index == 1 and not self._tracker_loaded:
            self._tracker_loaded = True
            self.tracker.refresh()
        elif index == 1:
            self.tracker.refresh()
        elif index == 2:
            self.search.focus_box()

    def show_browser(self) -> None:
        self.stack.setCurrentWidget(self.browser)
        self.heading.setText(f"<h2>{tr('Meetings')}</h2>")

    # ------------------------------------------------------------------ the editor
    def open_selected(self) -> None:
        row = self.current_meeting()
        if row is not None:
            self.open_meeting(row.id)

    def open_meeting(self, meeting_id: int) -> None:
        """Show the editor of a meeting (leaving live mode first, everything saved)."""
        if self.live is not None:
            self._leave_live_then(lambda: self.open_meeting(meeting_id))
            return
        self._drop_editor()
        editor = MeetingEditor(self.ctx, meeting_id)
        editor.back_requested.connect(self.back_to_list)
        editor.live_requested.connect(self.open_live)
        editor.duplicate_requested.connect(self.open_duplicate_dialog)
        editor.delete_requested.connect(self.delete_meeting)
        editor.open_meeting.connect(self.open_meeting)
        editor.loaded.connect(lambda: self.editor_ready.emit(meeting_id))
        self.editor = editor
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        self.heading.setText(f"<h2>{tr('Meetings')} › {tr('Meeting')}</h2>")
        self._pending_select = meeting_id

    def _drop_editor(self) -> None:
        if self.editor is not None:
            editor, self.editor = self.editor, None
            self.stack.removeWidget(editor)
            editor.dispose()

    def back_to_list(self) -> None:
        if self.editor is not None:
            self._pending_select = self.editor.meeting_id
        self._drop_editor()
        self.show_browser()
        self.refresh()

    # ------------------------------------------------------------------ live mode
    def _live_selected(self) -> None:
        row = self.current_meeting()
        if row is not None:
            self.open_live(row.id)

    def open_live(self, meeting_id: int, *, resumed: bool = False) -> None:
        """Enter live mode on a meeting (the editor's saves are queued first)."""
        if self.live is not None:
            if self.live.meeting_id == meeting_id:
                self.stack.setCurrentWidget(self.live)
                self.live_ready.emit(meeting_id)
                return
            self._leave_live_then(lambda: self.open_live(meeting_id))
            return
        self._drop_editor()  # its saves are queued before live mode reads the meeting
        live = LiveMeeting(self.ctx, meeting_id, resumed=resumed)
        live.ready.connect(lambda: self.live_ready.emit(meeting_id))
        live.left.connect(self._on_live_left)
        live.closed.connect(self._on_live_closed)
        live.open_meeting.connect(self.open_meeting)
        self.live = live
        self.stack.addWidget(live)
        self.stack.setCurrentWidget(live)
        self.heading.setText(f"<h2>{tr('Meetings')} › {tr('Live meeting')}</h2>")

    def _drop_live(self) -> None:
        if self.live is not None:
            live, self.live = self.live, None
            self.stack.removeWidget(live)
            live.deleteLater()

    def _leave_live_then(self, then: Any) -> None:
        """Leave live mode (everything saved), then run ``then`` instead of opening the editor."""
        assert self.live is not None
        self._after_live = then
        self.live.leave()

    def _on_live_left(self, meeting_id: int) -> None:
        self._drop_live()
        self.live_left.emit(meeting_id)
        then, self._after_live = self._after_live, None
        if then is not None:
            then()
        else:
            self.open_meeting(meeting_id)

    def _on_live_closed(self, meeting_id: int) -> None:
        self._drop_live()
        self._after_live = None
        self.live_left.emit(meeting_id)
        self.open_meeting(meeting_id)
        self.notice.show_message(tr("The meeting is closed. Log your time for it below."))
        self.log_dialog = self.open_log_time(meeting_id)

    def resume_live_if_any(self) -> None:
        """At start-up: reopen live mode on the meeting that was in it when the app stopped."""
        db = self.ctx.db

        def done(meeting_id: int | None) -> None:
            if meeting_id is None:
                return
            self.notice.show_message(
                tr(
                    "ClusterDesk stopped during a live meeting. The meeting is open again with "
                    "everything typed up to the last autosave."
                )
            )
            self.open_live(meeting_id, resumed=True)

        self.ctx.tasks.run(lambda: m.live_meeting(db), done, lambda e: show_error(self, e))

    # ------------------------------------------------------------------ dialogs
    def open_new_dialog(self) -> MeetingDialog:
        cluster = self.cluster_combo.currentData()
        dialog = MeetingDialog(
            self.ctx,
            self._clusters,
            self._officers,
            cluster_id=None if cluster in (ALL, None) else int(cluster),
            parent=self,
        )
        dialog.saved.connect(self._after_created)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _after_created(self, meeting_id: int) -> None:
        self._pending_select = meeting_id
        self.open_meeting(meeting_id)

    def open_duplicate_dialog(self, row: MeetingRow | None = None) -> DuplicateDialog | None:
        row = row or self.current_meeting()
        if row is None:
            return None
        if self.editor is not None:
            self.editor.flush()
        dialog = DuplicateDialog(self.ctx, row, self)
        dialog.saved.connect(self._after_duplicated)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _after_duplicated(self, meeting_id: int) -> None:
        self.notice.show_message(
            tr("Meeting duplicated. Notes, decisions and action items were not copied.")
        )
        self._after_created(meeting_id)

    def open_log_time(self, meeting_id: int) -> LogTimeDialog:
        dialog = LogTimeDialog(self.ctx, meeting_id, self)
        dialog.logged.connect(
            lambda ids, warnings: self.notice.show_message(
                " ".join(
                    [tr("{n} time entr(y/ies) logged for this meeting.").format(n=len(ids))]
                    + list(warnings)
                )
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ delete and undo
    def delete_meeting(self, row: MeetingRow | None = None) -> Any:
        """Ask, then delete the meeting; the notice offers Undo."""
        row = row or self.current_meeting()
        if row is None:
            return None

        def delete() -> None:
            db, meeting_id = self.ctx.db, row.id
            if self.editor is not None and self.editor.meeting_id == meeting_id:
                self.editor.flush()

            def done(snapshot: m.MeetingSnapshot) -> None:
                self._undo = (snapshot, row.title)
                if self.editor is not None and self.editor.meeting_id == meeting_id:
                    self._drop_editor()
                self.show_browser()
                self.notice.show_message(
                    tr("Deleted “{title}”.").format(title=row.title), tr("&Undo"), self.undo_delete
                )
                self.undo_action.setEnabled(True)
                self.refresh()

            def failed(err: BaseException) -> None:
                show_error(self, err)
                self.refresh()

            self.ctx.tasks.run(lambda: m.delete_meeting(db, meeting_id), done, failed)

        return ask(
            self,
            tr("Delete meeting"),
            tr("Delete “{title}” ({when}) with its notes, decisions and action items?").format(
                title=row.title, when=f"{row.starts_at:%Y-%m-%d}"
            ),
            tr("Delete"),
            delete,
            informative=tr(
                "You can undo this right after. Hours logged for it stay on the Hours page."
            ),
        )

    def undo_delete(self) -> None:
        if self._undo is None:
            return
        snapshot, title = self._undo
        self._undo = None
        self.undo_action.setEnabled(False)
        db = self.ctx.db

        def done(_r: object) -> None:
            self._pending_select = int(snapshot.meeting["id"])
            self.notice.show_message(tr("“{title}” is back.").format(title=title))
            self.refresh()

        def failed(err: BaseException) -> None:
            show_error(self, err)
            self.refresh()

        self.ctx.tasks.run(lambda: m.restore_meeting(db, snapshot), done, failed)

    # ------------------------------------------------------------------ shutdown
    def flush(self) -> None:
        """Queue every pending save (the main window calls this before closing)."""
        if self.editor is not None:
            self.editor.flush()
        if self.live is not None:
            self.live.flush()

    def closeEvent(self, event: Any) -> None:
        with contextlib.suppress(RuntimeError):
            self.flush()
        super().closeEvent(event)
