"""The working-group planner: find the clusters weak in the same dimension and propose a group.

1. Choose a dimension. The app ranks them (``rank_dimensions``): most weak clusters first, then
   most potential mentors; the top one is chosen at first.
2. See who is weak in it (level ≤ 2: participants) and who is strong (level ≥ 4: potential
   mentors), with their levels in numbers and words; tick the members.
3. Give a topic and (optionally) a meeting date, and propose the group (``create_working_group``).

Below, the stored groups: export one as a one-page PDF brief, or delete it (asks first).
The planner never reads the database itself: the page feeds it the scoreboard and the groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.db import maturity as mt
from app.domain import maturity as rules
from app.domain.records_maturity import Scoreboard, WorkingGroupRow
from app.errors import KnownError, ValidationError
from app.models.maturity_models import LEVEL_COLORS, level_label
from app.models.record_table import Column, RecordTableModel
from app.views.context import AppContext
from app.views.messages import error_text, tr
from app.views.widgets import (
    ERROR_COLOR,
    OptionalDateEdit,
    ask,
    format_date,
    hint_label,
    make_action,
    make_table_view,
    section_title,
    select_record,
    selected_record,
    set_column_widths,
)

CLUSTER_ROLE = Qt.ItemDataRole.UserRole + 20
LEVEL_ITEM_ROLE = Qt.ItemDataRole.UserRole + 21
MENTORS_TICKED = 2  # the strongest mentors are ticked at first


@dataclass(frozen=True)
class RankRow:
    rank: int
    dimension: str
    weak: int
    strong: int


def _rank_columns() -> list[Column[RankRow]]:
    return [
        Column(tr("#"), lambda r: r.rank, align_right=True),
        Column(tr("Dimension"), lambda r: r.dimension, tooltip=lambda r: r.dimension),
        Column(
            tr("Weak"),
            lambda r: r.weak,
            align_right=True,
            tooltip=lambda r: tr("{n} clusters at level {max} or below").format(
                n=r.weak, max=rules.WEAK_MAX
            ),
        ),
        Column(
            tr("Mentors"),
            lambda r: r.strong,
            align_right=True,
            tooltip=lambda r: tr("{n} clusters at level {min} or above").format(
                n=r.strong, min=rules.STRONG_MIN
            ),
        ),
    ]


def _group_columns() -> list[Column[WorkingGroupRow]]:
    def members(g: WorkingGroupRow) -> str:
        return ", ".join(
            m.cluster_short_name + (tr(" (mentor)") if m.role == "mentor" else "")
            for m in g.members
        )

    return [
        Column(tr("Topic"), lambda g: g.topic, tooltip=lambda g: g.notes or g.topic),
        Column(tr("Dimension"), lambda g: g.dimension),
        Column(tr("Proposed"), lambda g: g.proposed_on),
        Column(
            tr("Meets"),
            lambda g: g.meets_on,
            text=lambda g: format_date(g.meets_on) or tr("not set"),
        ),
        Column(
            tr("Members"),
            lambda g: len(g.members),
            text=lambda g: tr("{n}: {names}").format(n=len(g.members), names=members(g)),
            tooltip=members,
        ),
    ]


class WorkingGroupPlanner(QWidget):
    """The "Working groups" tab."""

    export_pdf_requested = Signal(int)  # group id
    message = Signal(str, str)  # text, kind
    groups_changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        load: Callable[[Callable[[], Any], Callable[[Any], None]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._load = load
        self.board: Scoreboard | None = None
        self.dimension: str | None = None
        self._names: dict[int, str] = {}
        self._latest: dict[int, dict[str, int]] = {}
        self._suggested_topic = ""
        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        # 1. dimensions, ranked
        self.rank_model: RecordTableModel[RankRow] = RecordTableModel(_rank_columns(), self)
        self.rank_table = make_table_view(
            tr("Dimensions ranked for a working group"), sortable=False
        )
        self.rank_table.setModel(self.rank_model)
        set_column_widths(self.rank_table, (3, 27, 6, 8))
        rank_header = self.rank_table.horizontalHeader()
        rank_header.setStretchLastSection(False)
        rank_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rank_table.selectionModel().currentRowChanged.connect(self._on_rank_chosen)
        self.top_action = make_action(
            self, tr("Use the &top-ranked dimension"),
            tr("Let the app choose: the dimension with the most weak clusters"), "Ctrl+T",
            self.choose_top,
        )  # fmt: skip
        rank_box = QGroupBox(tr("1. Choose a dimension"))
        rank_layout = QVBoxLayout(rank_box)
        rank_layout.addWidget(
            hint_label(
                tr(
                    "Ranked by the app: most clusters weak in it first (level ≤ {weak}), then "
                    "most potential mentors (level ≥ {strong})."
                ).format(weak=rules.WEAK_MAX, strong=rules.STRONG_MIN)
            )
        )
        rank_layout.addWidget(self.rank_table, 1)
        top_button = QPushButton()
        top_button.setText(self.top_action.text().replace("&", ""))
        top_button.setToolTip(self.top_action.toolTip())
        top_button.clicked.connect(self.top_action.trigger)
        rank_layout.addWidget(top_button)

        # 2. members
        self.weak_list = self._member_list(tr("Weak clusters: participants"))
        self.strong_list = self._member_list(tr("Strong clusters: potential mentors"))
        self.weak_title = QLabel()
        self.weak_title.setWordWrap(True)
        self.strong_title = QLabel()
        self.strong_title.setWordWrap(True)
        members_box = QGroupBox(tr("2. Choose the members"))
        members_layout = QHBoxLayout(members_box)
        for title, lst in (
            (self.weak_title, self.weak_list),
            (self.strong_title, self.strong_list),
        ):
            column = QVBoxLayout()
            title.setBuddy(lst)
            column.addWidget(title)
            column.addWidget(lst, 1)
            members_layout.addLayout(column, 1)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.setChildrenCollapsible(False)
        top.addWidget(rank_box)
        top.addWidget(members_box)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)
        top.setSizes([400, 620])

        # 3. propose
        self.topic_edit = QLineEdit()
        self.topic_edit.setAccessibleName(tr("Working-group topic"))
        self.topic_edit.setPlaceholderText(tr("What the group will work on"))
        self.meets_edit = OptionalDateEdit(
            tr("First meeting"), check_text=tr("On"), none_text=tr("not set")
        )
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(tr("Working-group notes"))
        self.notes_edit.setPlaceholderText(tr("Aims, format, who convenes (optional)"))
        self.notes_edit.setMaximumHeight(70)
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: 600;")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.summary_label = hint_label()
        self.propose_action = make_action(
            self, tr("&Propose working group"),
            tr("Store the working group with the members ticked"), "Ctrl+Return",
            self.propose,
        )  # fmt: skip
        self.propose_button = QPushButton(tr("Propose working group"))
        self.propose_button.setToolTip(self.propose_action.toolTip())
        self.propose_button.clicked.connect(self.propose_action.trigger)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in (
            (tr("T&opic:"), self.topic_edit),
            (tr("First &meeting:"), self.meets_edit),
            (tr("&Notes:"), self.notes_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        propose_box = QGroupBox(tr("3. Propose the working group"))
        propose_layout = QVBoxLayout(propose_box)
        propose_layout.addLayout(form)
        propose_layout.addWidget(self.summary_label)
        propose_layout.addWidget(self.problem_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.propose_button)
        propose_layout.addLayout(buttons)

        # stored groups
        self.groups_model: RecordTableModel[WorkingGroupRow] = RecordTableModel(
            _group_columns(), self
        )
        self.groups_table = make_table_view(tr("Proposed working groups"), sortable=False)
        self.groups_table.setModel(self.groups_model)
        set_column_widths(self.groups_table, (22, 16, 12, 12))
        self.groups_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.export_action = make_action(
            self, tr("&Brief as PDF…"), tr("Save the selected group as a one-page PDF brief"),
            "Ctrl+P", self._request_export,
        )  # fmt: skip
        self.delete_action = make_action(
            self.groups_table, tr("&Delete group…"),
            tr("Delete the selected working group (asks first)"),
            QKeySequence.StandardKey.Delete, self.delete_selected,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        groups_bar = QToolBar(tr("Working-group actions"))
        groups_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        groups_bar.addAction(self.export_action)
        groups_bar.addAction(self.delete_action)
        groups_box = QWidget()
        groups_layout = QVBoxLayout(groups_box)
        groups_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(section_title(tr("Proposed working groups")), 1)
        head.addWidget(groups_bar)
        groups_layout.addLayout(head)
        groups_layout.addWidget(self.groups_table, 1)

        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setChildrenCollapsible(False)
        bottom.addWidget(propose_box)
        bottom.addWidget(groups_box)
        bottom.setStretchFactor(0, 2)
        bottom.setStretchFactor(1, 3)
        bottom.setSizes([420, 600])

        outer = QSplitter(Qt.Orientation.Vertical)
        outer.setChildrenCollapsible(False)
        outer.addWidget(top)
        outer.addWidget(bottom)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(outer, 1)
        self._update_actions()

    def _member_list(self, name: str) -> QListWidget:
        lst = QListWidget()
        lst.setAccessibleName(name)
        lst.setAlternatingRowColors(False)
        lst.setSpacing(1)
        lst.itemChanged.connect(lambda _i: self._update_summary())
        return lst

    # ------------------------------------------------------------------ data
    def set_board(self, board: Scoreboard) -> None:
        self.board = board
        self._names = {r.cluster_id: r.cluster_short_name for r in board.rows}
        self._latest = {r.cluster_id: r.levels for r in board.rows if r.profile_id is not None}
        ranked = rules.rank_dimensions(self._latest, board.dimensions)
        self.rank_model.set_rows(
            [RankRow(i, d, w, s) for i, (d, w, s) in enumerate(ranked, start=1)]
        )
        keep = self.dimension if self.dimension in board.dimensions else None
        if keep is None and ranked:
            keep = ranked[0][0]
        self.dimension = None
        if keep is not None:
            self.choose_dimension(keep)
        else:
            self._show_members(None)

    def set_groups(self, groups: list[WorkingGroupRow], select_id: int | None = None) -> None:
        keep = select_id
        if keep is None:
            current = selected_record(self.groups_table)
            keep = current.id if current is not None else None
        self.groups_model.set_rows(groups)
        if keep is not None:
            select_record(self.groups_table, lambda g: g.id == keep)
        self._update_actions()

    # ------------------------------------------------------------------ choosing
    def choose_top(self) -> None:
        rows = self.rank_model.rows()
        if rows:
            self.choose_dimension(rows[0].dimension)

    def choose_dimension(self, name: str) -> None:
        select_record(self.rank_table, lambda r: r.dimension == name)
        if self.dimension != name:  # selection did not fire (same row)
            self._show_members(name)

    def _on_rank_chosen(self, current: Any, _previous: Any) -> None:
        rec = self.rank_model.record(current.row()) if current.isValid() else None
        if rec is not None and rec.dimension != self.dimension:
            self._show_members(rec.dimension)

    def _show_members(self, dimension: str | None) -> None:
        self.dimension = dimension
        for lst in (self.weak_list, self.strong_list):
            lst.blockSignals(True)
            lst.clear()
        if dimension is None:
            self.weak_title.setText(tr("No dimension chosen."))
            self.strong_title.setText("")
        else:
            weak, strong = rules.weak_and_strong(self._latest, dimension)
            self.weak_title.setText(
                tr("<b>Weak in {dimension}</b> (level ≤ {n}) — {count} participants").format(
                    dimension=dimension, n=rules.WEAK_MAX, count=len(weak)
                )
            )
            self.strong_title.setText(
                tr("<b>Strong in {dimension}</b> (level ≥ {n}) — {count} potential mentors").format(
                    dimension=dimension, n=rules.STRONG_MIN, count=len(strong)
                )
            )
            for cid, level in weak:
                self._add_member(self.weak_list, cid, level, True)
            for i, (cid, level) in enumerate(strong):
                self._add_member(self.strong_list, cid, level, i < MENTORS_TICKED)
            if not weak:
                self._placeholder(self.weak_list, tr("No cluster is weak in this dimension."))
            if not strong:
                self._placeholder(self.strong_list, tr("No cluster is strong in this dimension."))
            # suggest a topic, unless the coordinator has written one
            typed = self.topic_edit.text().strip()
            if not typed or typed == self._suggested_topic:
                self._suggested_topic = tr("{dimension}: peer learning").format(dimension=dimension)
                self.topic_edit.setText(self._suggested_topic)
        for lst in (self.weak_list, self.strong_list):
            lst.blockSignals(False)
        self.problem_label.hide()
        self._update_summary()

    def _add_member(self, lst: QListWidget, cid: int, level: int, checked: bool) -> None:
        name = self._names.get(cid, "?")
        item = QListWidgetItem(
            tr("{name} — level {n} ({label})").format(name=name, n=level, label=level_label(level))
        )
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(CLUSTER_ROLE, cid)
        item.setData(LEVEL_ITEM_ROLE, level)
        color = QColor(LEVEL_COLORS[level])
        color.setAlpha(110)
        item.setBackground(color)
        lst.addItem(item)

    @staticmethod
    def _placeholder(lst: QListWidget, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        lst.addItem(item)

    @staticmethod
    def _items(lst: QListWidget) -> list[QListWidgetItem]:
        return [
            lst.item(i) for i in range(lst.count()) if lst.item(i).data(CLUSTER_ROLE) is not None
        ]

    def weak_clusters(self) -> list[tuple[int, int]]:
        """(cluster id, level) listed as weak in the chosen dimension."""
        return [
            (i.data(CLUSTER_ROLE), i.data(LEVEL_ITEM_ROLE)) for i in self._items(self.weak_list)
        ]

    def strong_clusters(self) -> list[tuple[int, int]]:
        return [
            (i.data(CLUSTER_ROLE), i.data(LEVEL_ITEM_ROLE)) for i in self._items(self.strong_list)
        ]

    def set_checked(self, cluster_id: int, checked: bool) -> None:
        for lst in (self.weak_list, self.strong_list):
            for item in self._items(lst):
                if item.data(CLUSTER_ROLE) == cluster_id:
                    item.setCheckState(
                        Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )

    def members(self) -> list[tuple[int, str, int | None]]:
        """The ticked clusters as (cluster id, role, level) for ``create_working_group``."""
        out: list[tuple[int, str, int | None]] = []
        for lst, role in ((self.weak_list, "participant"), (self.strong_list, "mentor")):
            for item in self._items(lst):
                if item.checkState() == Qt.CheckState.Checked:
                    out.append(
                        (int(item.data(CLUSTER_ROLE)), role, int(item.data(LEVEL_ITEM_ROLE)))
                    )
        return out

    def _update_summary(self) -> None:
        members = self.members()
        participants = sum(1 for _c, role, _l in members if role == "participant")
        mentors = len(members) - participants
        self.summary_label.setText(
            tr("Ticked: {participants} and {mentors}.").format(
                participants=(
                    tr("1 participant")
                    if participants == 1
                    else tr("{n} participants").format(n=participants)
                ),
                mentors=tr("1 mentor") if mentors == 1 else tr("{n} mentors").format(n=mentors),
            )
        )
        self.propose_action.setEnabled(bool(members) and self.dimension is not None)
        self.propose_button.setEnabled(self.propose_action.isEnabled())

    # ------------------------------------------------------------------ proposing
    def propose(self) -> None:
        if self.dimension is None:
            return
        members = self.members()
        topic = self.topic_edit.text()
        dimension = self.dimension
        meets_on = self.meets_edit.date()
        notes = self.notes_edit.toPlainText()
        db = self.ctx.db

        def done(group_id: int) -> None:
            self.problem_label.hide()
            self.message.emit(
                tr("Working group “{topic}” proposed with {n} clusters.").format(
                    topic=topic.strip(), n=len(members)
                ),
                "info",
            )
            self.notes_edit.clear()
            self.reload_groups(select_id=group_id)

        def failed(err: BaseException) -> None:
            if not isinstance(err, KnownError):
                self.message.emit(error_text(err), "error")
                return
            problems = err.problems if isinstance(err, ValidationError) else {"": str(err)}
            self.problem_label.setText("\n".join(problems.values()))
            self.problem_label.show()

        self.ctx.tasks.run(
            lambda: mt.create_working_group(
                db,
                topic=topic,
                dimension=dimension,
                proposed_on=dt.date.today(),
                members=members,
                meets_on=meets_on,
                notes=notes,
            ),
            done,
            failed,
        )

    def reload_groups(self, select_id: int | None = None) -> None:
        db = self.ctx.db

        def apply(groups: list[WorkingGroupRow]) -> None:
            self.set_groups(groups, select_id)
            self.groups_changed.emit()

        self._load(lambda: mt.list_working_groups(db), apply)

    # ------------------------------------------------------------------ stored groups
    def selected_group(self) -> WorkingGroupRow | None:
        return selected_record(self.groups_table)

    def _update_actions(self) -> None:
        has = self.selected_group() is not None
        self.export_action.setEnabled(has)
        self.delete_action.setEnabled(has)

    def _request_export(self) -> None:
        group = self.selected_group()
        if group is not None:
            self.export_pdf_requested.emit(group.id)

    def delete_selected(self) -> Any:
        group = self.selected_group()
        if group is None:
            return None
        db = self.ctx.db

        def delete() -> None:
            self.ctx.tasks.run(
                lambda: mt.delete_working_group(db, group.id),
                lambda _r: self.reload_groups(),
                lambda err: self.message.emit(error_text(err), "error"),
            )

        return ask(
            self,
            tr("Delete working group"),
            tr("Delete the working group “{topic}” ({n} clusters)?").format(
                topic=group.topic, n=len(group.members)
            ),
            tr("Delete"),
            delete,
        )
