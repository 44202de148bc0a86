"""Action items: a reusable table with done / dropped / reopen, and the action tracker (every
open item across meetings, by cluster and owner, overdue and due-today items highlighted with a
colour *and* in words).

Status changes run on the database worker; ``changed`` fires once they are stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.db import meetings as m
from app.domain import vocab
from app.domain.records_meetings import ActionRow
from app.models.filter_proxy import RecordFilterProxy
from app.models.meetings_models import (
    DUE_TODAY_BACKGROUND,
    OVERDUE_BACKGROUND,
    ActionTableModel,
    due_state_text,
)
from app.models.record_table import RECORD_ROLE, Column
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.widgets import (
    hint_label,
    make_action,
    make_filter_edit,
    make_table_view,
    make_tool_button,
    select_record,
    selected_record,
    set_column_widths,
)

ALL = "__all__"


def _when(value: dt.datetime) -> str:
    return f"{value:%Y-%m-%d}"


def action_columns(
    keys: Sequence[str], today: Callable[[], dt.date]
) -> tuple[list[Column[ActionRow]], int]:
    """The columns named by ``keys`` (and the index of the state column, or -1); ``today()``
    gives the day the due states are judged against."""
    state_col = Column(
        tr("State"),
        lambda a: (
            {"overdue": 0, "due_today": 1, "upcoming": 2, "no_date": 3, "closed": 4}[
                a.due_state(today())
            ],
            a.due_date or dt.date.max,
        ),
        text=lambda a: due_state_text(a, today(), tr),
    )
    available: dict[str, tuple[Column[ActionRow], int]] = {
        "state": (state_col, 16),
        "due": (
            Column(
                tr("Due"),
                lambda a: a.due_date,
                text=lambda a: a.due_date.isoformat() if a.due_date else tr("–"),
            ),
            10,
        ),
        "what": (Column(tr("What"), lambda a: a.description, tooltip=lambda a: a.description), 44),
        "owner": (
            Column(
                tr("Owner"),
                lambda a: a.owner_name,
                text=lambda a: a.owner_name or tr("no owner"),
            ),
            20,
        ),
        "status": (
            Column(
                tr("Status"),
                lambda a: a.status,
                text=lambda a: tr(vocab.ACTION_STATUSES.get(a.status, a.status)),
            ),
            9,
        ),
        "cluster": (Column(tr("Cluster"), lambda a: a.cluster_short_name), 14),
        "meeting": (
            Column(
                tr("From meeting"),
                lambda a: a.meeting_starts_at,
                text=lambda a: f"{_when(a.meeting_starts_at)}  {a.meeting_title}",
                tooltip=lambda a: a.meeting_title,
            ),
            34,
        ),
    }
    columns = [available[k][0] for k in keys]
    return columns, (list(keys).index("state") if "state" in keys else -1)


def action_widths(keys: Sequence[str]) -> list[int]:
    widths = {
        "state": 24,
        "due": 11,
        "what": 46,
        "owner": 22,
        "status": 9,
        "cluster": 15,
        "meeting": 34,
    }
    return [widths[k] for k in keys]


class ActionItemsTable(QWidget):
    """A table of action items with "Mark done", "Mark dropped", "Reopen" and "Open meeting".

    ``changed`` fires after a status change is stored; ``open_meeting(id)`` asks the owner to
    open the item's meeting; ``edit_requested(row)`` (only with ``editable``) asks to edit it.
    """

    changed = Signal()
    open_meeting = Signal(int)
    edit_requested = Signal(object)
    delete_requested = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        accessible_name: str,
        keys: Sequence[str],
        *,
        editable: bool = False,
        can_open: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._keys = list(keys)
        self.today = dt.date.today()
        columns, state_index = action_columns(self._keys, lambda: self.today)
        self.model = ActionTableModel(columns, state_index, self.today, self)
        self.model.muted = lambda a: a.status != "open"
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(accessible_name)
        self.table.setModel(self.proxy)
        self.table.setWordWrap(False)
        set_column_widths(self.table, action_widths(self._keys))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.doubleClicked.connect(lambda _i: self._activate())

        self.done_action = make_action(
            self, tr("Mark &done"), tr("The selected action item is done"),
            "Ctrl+Return", lambda: self.set_status("done"),
        )  # fmt: skip
        self.dropped_action = make_action(
            self, tr("Mark d&ropped"), tr("The selected action item will not be done"),
            "Ctrl+Shift+Return", lambda: self.set_status("dropped"),
        )  # fmt: skip
        self.reopen_action = make_action(
            self, tr("Re&open"), tr("Make the selected action item open again"),
            "Ctrl+Shift+R", lambda: self.set_status("open"),
        )  # fmt: skip
        self.open_action = make_action(
            self, tr("Open &meeting"), tr("Open the meeting where this item was agreed"),
            "Ctrl+O", self._open_meeting,
        )  # fmt: skip
        self.open_action.setVisible(can_open)
        self.edit_action = make_action(
            self.table, tr("&Edit…"), tr("Change what, owner or due date of the selected item"),
            ["Return", "Enter", "F2"], self._edit, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.edit_action.setVisible(editable)
        self.edit_action.setEnabled(editable)
        self.delete_action = make_action(
            self.table, tr("De&lete…"), tr("Delete the selected action item"),
            "Delete", self._delete, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.delete_action.setVisible(editable)
        self.delete_action.setEnabled(editable)
        self._editable = editable
        self._can_open = can_open

        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        for action in (self.done_action, self.dropped_action, self.reopen_action):
            self.buttons.addWidget(make_tool_button(action))
        if editable:
            self.buttons.addWidget(make_tool_button(self.edit_action))
            self.buttons.addWidget(make_tool_button(self.delete_action))
        if can_open:
            self.buttons.addWidget(make_tool_button(self.open_action))
        self.buttons.addStretch(1)
        self.empty_label = hint_label("")
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self._update_actions()

    # ------------------------------------------------------------------ data
    def set_rows(self, rows: Sequence[ActionRow], empty_text: str = "") -> None:
        keep = self.current()
        self.today = dt.date.today()
        self.model.set_today(self.today)
        self.model.set_rows(rows)
        if keep is not None:
            select_record(self.table, lambda a: a.id == keep.id)
        self.empty_label.setText(empty_text)
        self.empty_label.setVisible(bool(empty_text) and not rows)
        self._update_actions()

    def rows(self) -> list[ActionRow]:
        return self.model.rows()

    def shown_rows(self) -> list[ActionRow]:
        return [self.proxy.index(r, 0).data(RECORD_ROLE) for r in range(self.proxy.rowCount())]

    def current(self) -> ActionRow | None:
        return selected_record(self.table)

    def select(self, action_id: int) -> bool:
        return select_record(self.table, lambda a: a.id == action_id)

    # ------------------------------------------------------------------ behaviour
    def _update_actions(self) -> None:
        a = self.current()
        self.done_action.setEnabled(a is not None and a.status != "done")
        self.dropped_action.setEnabled(a is not None and a.status != "dropped")
        self.reopen_action.setEnabled(a is not None and a.status != "open")
        self.open_action.setEnabled(a is not None and self._can_open)
        self.edit_action.setEnabled(a is not None and self._editable)
        self.delete_action.setEnabled(a is not None and self._editable)

    def _activate(self) -> None:
        if self._editable:
            self._edit()
        elif self._can_open:
            self._open_meeting()

    def _edit(self) -> None:
        a = self.current()
        if a is not None and self._editable:
            self.edit_requested.emit(a)

    def _delete(self) -> None:
        a = self.current()
        if a is not None and self._editable:
            self.delete_requested.emit(a)

    def _open_meeting(self) -> None:
        a = self.current()
        if a is not None:
            self.open_meeting.emit(a.meeting_id)

    def set_status(self, status: str) -> None:
        a = self.current()
        if a is None or a.status == status:
            return
        db, action_id = self.ctx.db, a.id
        self.ctx.tasks.run(
            lambda: m.set_action_status(db, action_id, status),
            lambda _r: self.changed.emit(),
            self._failed,
        )

    def _failed(self, err: BaseException) -> None:
        show_error(self, err)
        self.changed.emit()


class ActionTracker(QWidget):
    """Every open action item across meetings; filters by cluster and owner.

    ``loaded`` fires once a refresh is on screen; ``open_meeting(id)`` asks to open a meeting.
    """

    loaded = Signal()
    open_meeting = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("action_tracker")
        self.ctx = ctx
        self.items = ActionItemsTable(
            ctx, tr("Open action items"), ("state", "due", "what", "owner", "cluster", "meeting")
        )
        self.items.changed.connect(self.refresh)
        self.items.open_meeting.connect(self.open_meeting)

        self.cluster_combo = QComboBox()
        self.cluster_combo.setAccessibleName(tr("Cluster"))
        self.cluster_combo.addItem(tr("All clusters"), ALL)
        self.owner_combo = QComboBox()
        self.owner_combo.setAccessibleName(tr("Owner"))
        self.owner_combo.addItem(tr("All owners"), ALL)
        self.owner_combo.setMinimumContentsLength(18)
        self.late_check = QCheckBox(tr("Only overdue and due today"))
        self.late_check.setAccessibleName(tr("Only overdue and due today"))
        self.closed_check = QCheckBox(tr("Include done and dropped"))
        self.closed_check.setAccessibleName(tr("Include done and dropped"))
        self.filter_edit = make_filter_edit(tr("Filter by words…"), tr("Filter action items"))
        self.filter_edit.setMinimumWidth(200)
        self.cluster_combo.currentIndexChanged.connect(self._apply_filters)
        self.owner_combo.currentIndexChanged.connect(self._apply_filters)
        self.late_check.toggled.connect(self._apply_filters)
        self.closed_check.toggled.connect(self.refresh)
        self.filter_edit.textChanged.connect(self._apply_filters)

        filters = QHBoxLayout()
        for text, widget in (
            (tr("C&luster:"), self.cluster_combo),
            (tr("O&wner:"), self.owner_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.late_check)
        filters.addWidget(self.closed_check)
        filters.addStretch(1)
        filters.addWidget(self.filter_edit)

        self.summary_label = QLabel("")
        self.summary_label.setAccessibleName(tr("Summary of action items"))
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        legend = hint_label(
            tr(
                "Rows tinted <span style='background:{red}'>&nbsp;red&nbsp;</span> are overdue, "
                "<span style='background:{amber}'>&nbsp;amber&nbsp;</span> are due today; the "
                "State column says so in words."
            ).format(red=OVERDUE_BACKGROUND, amber=DUE_TODAY_BACKGROUND)
        )
        legend.setTextFormat(Qt.TextFormat.RichText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.items, 1)
        layout.addWidget(legend)

        make_action(
            self, tr("Filter"), tr("Filter the action items by words"), "Ctrl+F",
            self._focus_filter,
        )  # fmt: skip

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        db = self.ctx.db
        open_only = not self.closed_check.isChecked()

        def fetch() -> tuple[Any, ...]:
            rows = m.list_actions(db, open_only=open_only)
            clusters = directory.list_clusters(db)
            return rows, clusters

        def failed(err: BaseException) -> None:
            show_error(self, err)
            self.loaded.emit()

        self.ctx.tasks.run(fetch, self._apply, failed)

    def _apply(self, result: tuple[Any, ...]) -> None:
        rows, clusters = result
        self._refill(
            self.cluster_combo,
            tr("All clusters"),
            [(f"{c.short_name}", c.id) for c in clusters],
        )
        owners = sorted({a.owner_name for a in rows if a.owner_name}, key=str.casefold)
        items = [(o, o) for o in owners]
        if any(not a.owner_name for a in rows):
            items.append((tr("(no owner)"), ""))
        self._refill(self.owner_combo, tr("All owners"), items)
        self.items.set_rows(rows)
        self._apply_filters()
        self.loaded.emit()

    @staticmethod
    def _refill(combo: QComboBox, all_text: str, items: list[tuple[str, Any]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, ALL)
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(keep)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # ------------------------------------------------------------------ filtering
    def set_cluster(self, cluster_id: int | None) -> None:
        index = self.cluster_combo.findData(ALL if cluster_id is None else cluster_id)
        self.cluster_combo.setCurrentIndex(max(index, 0))

    def set_owner(self, owner_name: str | None) -> None:
        index = self.owner_combo.findData(ALL if owner_name is None else owner_name)
        self.owner_combo.setCurrentIndex(max(index, 0))

    def _apply_filters(self) -> None:
        proxy = self.items.proxy
        cluster = self.cluster_combo.currentData()
        owner = self.owner_combo.currentData()
        today = self.items.today
        proxy.set_predicate(
            "cluster", None if cluster in (ALL, None) else (lambda a: a.cluster_id == cluster)
        )
        proxy.set_predicate(
            "owner", None if owner in (ALL, None) else (lambda a: a.owner_name == owner)
        )
        proxy.set_predicate(
            "late",
            (lambda a: a.due_state(today) in ("overdue", "due_today"))
            if self.late_check.isChecked()
            else None,
        )
        proxy.set_text(self.filter_edit.text())
        self._update_summary()

    def _update_summary(self) -> None:
        shown = self.items.shown_rows()
        today = self.items.today
        overdue = sum(1 for a in shown if a.due_state(today) == "overdue")
        due_today = sum(1 for a in shown if a.due_state(today) == "due_today")
        open_n = sum(1 for a in shown if a.status == "open")
        self.summary_label.setText(
            tr(
                "<b>{open}</b> open item(s) shown · "
                "<span style='color:#9b1c1c'><b>{overdue}</b> overdue</span> · "
                "<span style='color:#7a4b00'><b>{today}</b> due today</span>"
            ).format(open=open_n, overdue=overdue, today=due_today)
        )
