"""A cluster's maturity profiles over time, the profile editor, the radar chart and the facts.

Left: the cluster, its profiles by date (New profile starts from the previous levels; Delete asks
first), the cluster facts (members, SME share, kind, cross-border, the ESCA label with a warning
in words when it expires within six months, and each ECCP-eligibility criterion passed, failed
or unknown, in words and with a mark). Right: the profile's date, stage and assessor, then two
tabs: the radar chart against the previous profile and the network (or same-stage peers')
average with the changes in a table beside it, and the levels with every level's descriptor in
view while choosing, a note and evidence per dimension (autosaved) and optional links to one of
the cluster's meetings or assessments.

Reads go through the page's ``load`` (database worker); edits run on ``ctx.tasks`` too, so there
is one writer. Text is saved by ``Autosaver``: a second after typing stops, at once on focus-out,
and before another profile or cluster is loaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.db import directory
from app.db import maturity as mt
from app.db.assessments import list_assessments
from app.db.meetings import list_meetings
from app.domain import maturity as rules
from app.domain import vocab
from app.domain.records import ClusterRow, OfficerRow
from app.domain.records_assessments import AssessmentRow
from app.domain.records_maturity import (
    DimensionSpec,
    ProfileDetail,
    ProfileRow,
    ProfileScore,
    Scoreboard,
)
from app.domain.records_meetings import MeetingRow
from app.errors import KnownError, ValidationError
from app.models.maturity_models import (
    DEFAULT_LEVEL_LABELS,
    LEVEL_COLORS,
    DimensionRow,
    delta_words,
    dimension_rows,
    fmt_average,
    level_label,
    row_mean,
    stage_label,
)
from app.models.record_table import Column, RecordTableModel
from app.views.autosave import Autosaver
from app.views.context import AppContext
from app.views.messages import error_text, tr
from app.views.radar_chart import RadarChart, RadarSeries
from app.views.widgets import (
    ERROR_COLOR,
    MUTED_COLOR,
    WARNING_COLOR,
    ask,
    from_qdate,
    hint_label,
    make_action,
    make_date_edit,
    make_table_view,
    section_title,
    select_record,
    selected_record,
    set_column_widths,
    to_qdate,
)

OK_COLOR = "#1b5e20"
Loader = Callable[[Callable[[], Any], Callable[[Any], None]], None]


# --------------------------------------------------------------------------- data
@dataclass(frozen=True)
class ClusterView:
    """Everything the profile tab shows for one cluster (fetched on the database worker)."""

    cluster: ClusterRow
    profiles: list[ProfileRow]
    detail: ProfileDetail | None
    board: Scoreboard
    meetings: list[MeetingRow]
    assessments: list[AssessmentRow]
    officers: list[OfficerRow]


def fetch_cluster_view(db: Any, cluster_id: int, profile_id: int | None = None) -> ClusterView:
    cluster = directory.get_cluster(db, cluster_id)
    profiles = mt.list_profiles(db, cluster_id=cluster_id)
    ids = [p.id for p in profiles]
    pid = profile_id if profile_id in ids else (ids[0] if ids else None)
    return ClusterView(
        cluster=cluster,
        profiles=profiles,
        detail=mt.get_profile(db, pid) if pid is not None else None,
        board=mt.scoreboard(db),
        meetings=list_meetings(db, cluster_id=cluster_id),
        assessments=list_assessments(db, cluster_id=cluster_id),
        officers=directory.list_officers(db),
    )


# --------------------------------------------------------------------------- facts in words
def eccp_lines(cluster: ClusterRow) -> tuple[bool | None, list[tuple[bool | None, str]]]:
    """The ECCP verdict and each criterion as (passed, words)."""
    checks = rules.eccp_checks(
        management_fte=cluster.management_fte,
        member_count=cluster.member_count,
        helix_types=cluster.helix_types,
        website=cluster.website,
    )
    words = {True: tr("passed"), False: tr("failed"), None: tr("unknown")}
    lines = [
        (c.passed, tr("{result}: {name} — {detail}").format(
            result=words[c.passed].capitalize(), name=tr(c.name), detail=c.detail
        ))
        for c in checks
    ]  # fmt: skip
    return rules.eccp_eligible(checks), lines


def verdict_text(eligible: bool | None) -> str:
    if eligible is True:
        return tr("Eligible for the ECCP: every criterion is met.")
    if eligible is False:
        return tr("Not eligible for the ECCP: at least one criterion fails.")
    return tr("ECCP eligibility not known: some facts are not recorded.")


MARKS = {True: ("✔", OK_COLOR), False: ("✖", ERROR_COLOR), None: ("?", MUTED_COLOR)}
LABEL_MARKS = {
    "valid": ("✔", OK_COLOR),
    "expiring": ("⚠", WARNING_COLOR),
    "expired": ("✖", ERROR_COLOR),
    "no_date": ("?", MUTED_COLOR),
    "none": ("–", MUTED_COLOR),
}


def label_text(cluster: ClusterRow, today: dt.date) -> tuple[str, str]:
    """(state, words) of the ESCA label, with advice when it runs out soon."""
    state, words = rules.label_state(cluster.esca_label, cluster.esca_expiry, today)
    if state == "expiring":
        words = tr("Warning: {words} — plan the renewal now.").format(words=words)
    elif state == "expired":
        words = tr("Warning: {words}.").format(words=words)
    return state, words


def _breakable_url(word: str) -> str:
    """A zero-width space after "/" and "." of a web address, so that it can wrap."""
    if "://" in word or word.startswith("www."):
        return word.replace("/", "/\u200b").replace(".", ".\u200b")
    return word


# --------------------------------------------------------------------------- level chooser
class _LevelRow(QFrame):
    """One level: a radio button and the dimension's descriptor for it (clicking the text
    chooses the level too)."""

    def __init__(self, level: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.setObjectName(f"levelRow{level}")
        self.radio = QRadioButton()
        self.radio.setMinimumWidth(130)
        self.descriptor = QLabel()
        self.descriptor.setWordWrap(True)
        self.descriptor.setTextFormat(Qt.TextFormat.PlainText)
        self.descriptor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.descriptor.installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.descriptor, 1)
        self.set_checked_style(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.descriptor
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and self.radio.isEnabled()
        ):
            self.radio.click()
            return True
        return False

    def set_checked_style(self, checked: bool) -> None:
        color = LEVEL_COLORS[self.level]
        if checked:
            self.setStyleSheet(
                f"QFrame#{self.objectName()} {{ background: {color}; border: 2px solid #1a1a1a;"
                " border-radius: 4px; } QRadioButton { font-weight: 600; }"
            )
        else:
            self.setStyleSheet(
                f"QFrame#{self.objectName()} {{ border: 1px solid #dde5ea;"
                f" border-left: 6px solid {color}; border-radius: 4px; }}"
            )


class LevelChooser(QWidget):
    """The five levels of one dimension, each with its descriptor in view."""

    level_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.rows: list[_LevelRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        for level in range(1, 6):
            row = _LevelRow(level)
            self.group.addButton(row.radio, level)
            self.rows.append(row)
            layout.addWidget(row)
        self.group.idClicked.connect(self._on_clicked)

    def set_dimension(
        self, spec: DimensionSpec, labels: tuple[str, ...], level: int | None
    ) -> None:
        for row in self.rows:
            name = level_label(row.level, labels or DEFAULT_LEVEL_LABELS)
            descriptor = spec.levels[row.level - 1] if row.level <= len(spec.levels) else ""
            row.radio.setText(f"{row.level} · {name}")  # Alt+1…5 are the editor's actions
            row.radio.setAccessibleName(
                tr("{dimension}: level {n}, {name}").format(
                    dimension=spec.name, n=row.level, name=name
                )
            )
            row.radio.setAccessibleDescription(descriptor)
            row.descriptor.setText(descriptor or tr("(no descriptor in this model)"))
        self.set_level(level)

    def set_level(self, level: int | None) -> None:
        self.group.setExclusive(False)
        for row in self.rows:
            row.radio.setChecked(row.level == level)
            row.set_checked_style(row.level == level)
        self.group.setExclusive(True)

    def level(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked > 0 else None

    def _on_clicked(self, level: int) -> None:
        for row in self.rows:
            row.set_checked_style(row.level == level)
        self.level_chosen.emit(level)


# --------------------------------------------------------------------------- the editor
def _stretch_first_column(view: QTableView) -> None:
    """A small fixed table: the names take the room left, never a horizontal scroll bar."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def _history_tooltip(p: ProfileRow) -> str:
    return tr("Profile of {date}, {stage}; assessed by {assessor}").format(
        date=p.assessed_on.isoformat(),
        stage=stage_label(p.stage).lower(),
        assessor=p.assessor_name or tr("(not recorded)"),
    )


def _history_columns() -> list[Column[ProfileRow]]:
    return [
        Column(tr("Date"), lambda p: p.assessed_on, tooltip=_history_tooltip),
        Column(
            tr("Stage"),
            lambda p: p.stage or "",
            text=lambda p: stage_label(p.stage),
            tooltip=_history_tooltip,
        ),
        Column(
            tr("Mean"),
            lambda p: row_mean(p.levels, list(p.levels)),
            text=lambda p: fmt_average(row_mean(p.levels, list(p.levels))),
            align_right=True,
            tooltip=_history_tooltip,
        ),
    ]


def _dimension_list_columns() -> list[Column[DimensionRow]]:
    return [
        Column(tr("Dimension"), lambda r: r.dimension, tooltip=lambda r: r.dimension),
        Column(
            tr("Level"),
            lambda r: r.level,
            text=lambda r: f"{r.level} · {r.label}" if r.level is not None else tr("not scored"),
        ),
        Column(
            tr("Change"),
            lambda r: r.delta,
            text=lambda r: rules.format_delta(r.delta) if r.level is not None else "",
            tooltip=lambda r: delta_words(r.delta) if r.level is not None else "",
        ),
    ]


class ProfileEditor(QWidget):
    """The "Cluster profile" tab."""

    changed = Signal()  # a profile was edited, created or deleted: the scoreboard is stale
    export_pdf_requested = Signal(int)  # cluster id
    message = Signal(str, str)  # text, kind ("info" | "warning" | "error")
    shown = Signal()  # a cluster view or profile was applied (tests and screenshots)

    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._load = load
        self.view: ClusterView | None = None
        self.detail: ProfileDetail | None = None
        self._clusters: list[tuple[int, str]] = []
        self._request = 0
        self.loading_cluster: int | None = None  # a cluster view on its way
        self._applying = False
        self._dim_index = 0
        # autosave state, keyed by (profile id, dimension id, field)
        self._savers: dict[tuple[int, int, str], Autosaver] = {}
        self._texts: dict[tuple[int, int, str], str] = {}
        self._level_store: dict[tuple[int, int], int | None] = {}
        self._header_values: dict[int, tuple[dt.date, str, int | None]] = {}
        self._notes_texts: dict[int, str] = {}
        self._notes_savers: dict[int, Autosaver] = {}
        self._header_timer = QTimer(self)
        self._header_timer.setSingleShot(True)
        self._header_timer.setInterval(700)
        self._header_timer.timeout.connect(self.save_header)
        self._build()
        self._show_empty(tr("Choose a cluster to see its maturity profiles."))

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        # ---- left: cluster, history, facts
        self.cluster_combo = QComboBox()
        self.cluster_combo.setAccessibleName(tr("Cluster"))
        self.cluster_combo.setToolTip(tr("The cluster whose maturity profiles are shown"))
        self.cluster_combo.activated.connect(self._on_cluster_chosen)
        cluster_label = QLabel(tr("C&luster:"))
        cluster_label.setBuddy(self.cluster_combo)

        self.history_model: RecordTableModel[ProfileRow] = RecordTableModel(
            _history_columns(), self
        )
        self.history = make_table_view(tr("Profiles over time, newest first"), sortable=False)
        self.history.setModel(self.history_model)
        set_column_widths(self.history, (12, 11, 5))
        self.history.setMinimumHeight(120)
        self.history.clicked.connect(lambda _i: self._on_history_chosen())
        self.history.activated.connect(lambda _i: self._on_history_chosen())

        self.new_action = make_action(
            self, tr("&New"),
            tr("Start a new profile dated today from the latest levels"), "Ctrl+N",
            self.new_profile,
        )  # fmt: skip
        self.delete_action = make_action(
            self, tr("&Delete…"), tr("Delete the profile shown (asks first)"),
            "Ctrl+Shift+D", self.delete_profile,
        )  # fmt: skip
        self.export_action = make_action(
            self, tr("&PDF…"), tr("Save this cluster's maturity profile as a PDF"),
            "Ctrl+Shift+P", self._request_export,
        )  # fmt: skip
        history_bar = QToolBar(tr("Profile actions"))
        history_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.delete_action, self.export_action):
            history_bar.addAction(action)

        self.facts_box = QGroupBox(tr("Cluster facts"))
        self.facts_label = QLabel()
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextFormat(Qt.TextFormat.RichText)
        self.facts_label.setAccessibleName(tr("Cluster facts"))
        self.label_label = QLabel()
        self.label_label.setWordWrap(True)
        self.label_label.setTextFormat(Qt.TextFormat.RichText)
        self.label_label.setAccessibleName(tr("ESCA label"))
        self.eccp_label = QLabel()
        self.eccp_label.setWordWrap(True)
        self.eccp_label.setTextFormat(Qt.TextFormat.RichText)
        self.eccp_label.setAccessibleName(tr("ECCP eligibility"))
        facts_layout = QVBoxLayout(self.facts_box)
        facts_layout.addWidget(self.facts_label)
        facts_layout.addWidget(self.label_label)
        facts_layout.addWidget(self.eccp_label)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        row = QHBoxLayout()
        row.addWidget(cluster_label)
        row.addWidget(self.cluster_combo, 1)
        left_layout.addLayout(row)
        left_layout.addWidget(section_title(tr("Profiles over time")))
        left_layout.addWidget(history_bar)
        left_layout.addWidget(self.history, 1)
        facts_scroll = QScrollArea()
        facts_scroll.setWidgetResizable(True)
        facts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        facts_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        facts_scroll.setWidget(self.facts_box)
        left_layout.addWidget(facts_scroll, 2)

        # ---- right: header and the two tabs
        self.title_label = section_title("")
        self.title_label.setWordWrap(True)
        self.date_edit = make_date_edit(tr("Profile date"))
        self.date_edit.setMaximumDate(to_qdate(dt.date.today()))
        self.stage_combo = QComboBox()
        self.stage_combo.setAccessibleName(tr("Lifecycle stage"))
        for key, name in vocab.LIFECYCLE_STAGES.items():
            self.stage_combo.addItem(tr(name), key)
        self.assessor_combo = QComboBox()
        self.assessor_combo.setAccessibleName(tr("Assessor"))
        self.date_edit.dateChanged.connect(self._on_header_edited)
        self.stage_combo.currentIndexChanged.connect(self._on_header_edited)
        self.assessor_combo.currentIndexChanged.connect(self._on_header_edited)
        self.save_state = hint_label()
        self.save_state.setAccessibleName(tr("Save state"))
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: 600;")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()

        header = QHBoxLayout()
        for text, widget in (
            (tr("D&ate:"), self.date_edit),
            (tr("S&tage:"), self.stage_combo),
            (tr("Assess&or:"), self.assessor_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            header.addWidget(label)
            header.addWidget(widget)
            header.addSpacing(8)
        header.addStretch(1)
        header.addWidget(self.save_state)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_chart_tab(), tr("Chart and changes"))
        self.tabs.addTab(self._build_levels_tab(), tr("Levels, notes and evidence"))
        self.tabs.setTabToolTip(0, tr("The radar chart and the change since the previous profile"))
        self.tabs.setTabToolTip(1, tr("Set each dimension's level, with a note and evidence"))

        self.empty_label = hint_label()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.right = QWidget()
        right_layout = QVBoxLayout(self.right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.title_label)
        right_layout.addLayout(header)
        right_layout.addWidget(self.problem_label)
        right_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 900])
        left.setMinimumWidth(230)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty_label)

    def _build_chart_tab(self) -> QWidget:
        self.radar = RadarChart()
        self.peers_check = QCheckBox(tr("Compare with &peers of the same lifecycle stage"))
        self.peers_check.setAccessibleName(tr("Compare with peers of the same lifecycle stage"))
        self.peers_check.setToolTip(
            tr("Draw the average of the clusters in this profile's stage instead of the network's")
        )
        self.peers_check.setChecked(
            bool(self.ctx.settings.value("maturity/compare_peers", False, type=bool))
        )
        self.peers_check.toggled.connect(self._on_peers_toggled)
        self.deltas = make_table_view(
            tr("Levels and changes since the previous profile"), sortable=False
        )
        self.deltas.setModel(self.radar.table_model())
        self.deltas.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        set_column_widths(self.deltas, (16, 4, 5, 6, 8))
        _stretch_first_column(self.deltas)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(tr("Profile notes"))
        self.notes_edit.setPlaceholderText(tr("Notes on the whole profile (saved as you type)"))
        self.notes_edit.setMaximumHeight(90)
        self.notes_edit.textChanged.connect(self._on_notes_edited)

        side = QWidget()
        side.setFixedWidth(max(self.fontMetrics().averageCharWidth() * 52, 350))
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.peers_check)
        side_layout.addWidget(self.deltas, 1)
        notes_label = QLabel(tr("Profile &notes:"))
        notes_label.setBuddy(self.notes_edit)
        side_layout.addWidget(notes_label)
        side_layout.addWidget(self.notes_edit)

        tab = QWidget()
        layout = QHBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.radar, 1)
        layout.addWidget(side)
        return tab

    def _build_levels_tab(self) -> QWidget:
        self.dims_model: RecordTableModel[DimensionRow] = RecordTableModel(
            _dimension_list_columns(), self
        )
        self.dims = make_table_view(tr("Dimensions of the profile"), sortable=False)
        self.dims.setModel(self.dims_model)
        set_column_widths(self.dims, (18, 14, 6))
        _stretch_first_column(self.dims)
        self.dims.selectionModel().currentRowChanged.connect(self._on_dimension_changed)
        self.dims.setFixedWidth(max(self.fontMetrics().averageCharWidth() * 45, 330))

        self.dim_title = section_title("")
        self.dim_title.setWordWrap(True)
        self.dim_hint = hint_label()
        self.chooser = LevelChooser()
        self.chooser.level_chosen.connect(self._on_level_chosen)
        self.clear_action = make_action(
            self, tr("&Clear level…"),
            tr("Remove this dimension's level, note and evidence (asks first)"),
            "Ctrl+Shift+Backspace", self.clear_level,
        )  # fmt: skip
        self.level_actions = [
            make_action(
                self,
                tr("Level {n}").format(n=n),
                tr("Set the selected dimension to level {n}").format(n=n),
                f"Alt+{n}",
                lambda n=n: self.choose_level(n),
            )  # fmt: skip
            for n in range(1, 6)
        ]

        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName(tr("Note on this dimension"))
        self.note_edit.setPlaceholderText(tr("Why this level (saved as you type)"))
        self.evidence_edit = QPlainTextEdit()
        self.evidence_edit.setAccessibleName(tr("Evidence for this dimension"))
        self.evidence_edit.setPlaceholderText(tr("Documents, figures, sources (saved as you type)"))
        for edit in (self.note_edit, self.evidence_edit):
            edit.setMinimumHeight(60)
            edit.installEventFilter(self)
        self.note_edit.textChanged.connect(lambda: self._on_text_edited("note"))
        self.evidence_edit.textChanged.connect(lambda: self._on_text_edited("evidence"))
        self.meeting_combo = QComboBox()
        self.meeting_combo.setAccessibleName(tr("Evidence: linked meeting"))
        self.meeting_combo.setToolTip(tr("One of this cluster's meetings that supports the level"))
        self.meeting_combo.activated.connect(lambda _i: self._on_link_chosen("meeting"))
        self.assessment_combo = QComboBox()
        self.assessment_combo.setAccessibleName(tr("Evidence: linked assessment"))
        self.assessment_combo.setToolTip(
            tr("One of this cluster's action-plan assessments that supports the level")
        )
        self.assessment_combo.activated.connect(lambda _i: self._on_link_chosen("assessment"))
        for combo in (self.meeting_combo, self.assessment_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(18)
        self.text_hint = hint_label()

        texts = QGridLayout()
        note_label = QLabel(tr("&Note:"))
        note_label.setBuddy(self.note_edit)
        evidence_label = QLabel(tr("&Evidence:"))
        evidence_label.setBuddy(self.evidence_edit)
        texts.addWidget(note_label, 0, 0)
        texts.addWidget(evidence_label, 0, 1)
        texts.addWidget(self.note_edit, 1, 0)
        texts.addWidget(self.evidence_edit, 1, 1)
        texts.setRowStretch(1, 1)
        links = QFormLayout()
        links.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        meeting_label = QLabel(tr("Linked &meeting:"))
        meeting_label.setBuddy(self.meeting_combo)
        assessment_label = QLabel(tr("Linked a&ssessment:"))
        assessment_label.setBuddy(self.assessment_combo)
        links.addRow(meeting_label, self.meeting_combo)
        links.addRow(assessment_label, self.assessment_combo)

        clear_bar = QToolBar(tr("Level actions"))
        clear_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        clear_bar.addAction(self.clear_action)
        title_row = QHBoxLayout()
        title_row.addWidget(self.dim_title, 1)
        title_row.addWidget(clear_bar)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 4, 0)
        detail_layout.addLayout(title_row)
        detail_layout.addWidget(self.dim_hint)
        detail_layout.addWidget(self.chooser)
        detail_layout.addWidget(self.text_hint)
        detail_layout.addLayout(texts, 1)
        detail_layout.addLayout(links)
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll.setWidget(detail)

        tab = QWidget()
        layout = QHBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.dims, 0)
        layout.addWidget(self.detail_scroll, 1)
        return tab

    # ------------------------------------------------------------------ clusters
    def set_clusters(self, clusters: list[tuple[int, str]]) -> None:
        """(id, name) of every cluster for the chooser."""
        self._clusters = clusters
        current = self.cluster_id()
        self.cluster_combo.blockSignals(True)
        self.cluster_combo.clear()
        for cid, name in clusters:
            self.cluster_combo.addItem(name, cid)
        i = self.cluster_combo.findData(current)
        self.cluster_combo.setCurrentIndex(i if i >= 0 else -1)
        self.cluster_combo.blockSignals(False)

    def cluster_id(self) -> int | None:
        return self.view.cluster.id if self.view is not None else None

    def profile_id(self) -> int | None:
        return self.detail.row.id if self.detail is not None else None

    def _on_cluster_chosen(self, _index: int) -> None:
        cid = self.cluster_combo.currentData()
        if cid is not None and cid != self.cluster_id():
            self.show_cluster(int(cid))

    # ------------------------------------------------------------------ loading
    def show_cluster(self, cluster_id: int, profile_id: int | None = None) -> None:
        """Load a cluster (and select ``profile_id``, else its latest profile)."""
        self.flush()
        self._request += 1
        request, db = self._request, self.ctx.db
        self.loading_cluster = cluster_id

        def apply(view: ClusterView) -> None:
            if request == self._request:
                self.loading_cluster = None
                self.apply_view(view)

        self._load(lambda: fetch_cluster_view(db, cluster_id, profile_id), apply)

    def show_profile(self, profile_id: int) -> None:
        """Load another profile of the cluster shown."""
        if self.view is None:
            return
        self.flush()
        self._request += 1
        request, db = self._request, self.ctx.db

        def apply(detail: ProfileDetail) -> None:
            if request == self._request:
                self.apply_detail(detail)
                self.shown.emit()

        self._load(lambda: mt.get_profile(db, profile_id), apply)

    def reload(self) -> None:
        cid = self.cluster_id()
        if cid is not None:
            self.show_cluster(cid, self.profile_id())

    def apply_view(self, view: ClusterView) -> None:
        self.view = view
        i = self.cluster_combo.findData(view.cluster.id)
        if i < 0:
            self.cluster_combo.addItem(view.cluster.short_name, view.cluster.id)
            i = self.cluster_combo.count() - 1
        self.cluster_combo.blockSignals(True)
        self.cluster_combo.setCurrentIndex(i)
        self.cluster_combo.blockSignals(False)
        self.history_model.set_rows(view.profiles)
        self._show_facts(view.cluster)
        self._fill_links(view)
        self._fill_assessors(view.officers)
        if view.detail is None:
            self.detail = None
            self._show_empty(
                tr(
                    "{cluster} has no maturity profile yet. Start one with “New profile” (Ctrl+N)."
                ).format(cluster=view.cluster.short_name)
            )
        else:
            self.apply_detail(view.detail)
        self.export_action.setEnabled(True)
        self.new_action.setEnabled(True)
        self.shown.emit()

    def _show_empty(self, message: str) -> None:
        self.detail = None
        self.right.setVisible(False)
        self.empty_label.setText(message)
        self.empty_label.setVisible(True)
        self.delete_action.setEnabled(False)
        self.export_action.setEnabled(self.view is not None)
        self.new_action.setEnabled(self.view is not None)
        self.radar.set_profile([], None, None, None)
        self.dims_model.set_rows([])

    def apply_detail(self, detail: ProfileDetail) -> None:
        self._applying = True
        try:
            self.detail = detail
            pid = detail.row.id
            for dim in detail.model.dimensions:
                score = detail.scores.get(dim.id)
                self._level_store[(pid, dim.id)] = score.level if score else None
            self.right.setVisible(True)
            self.empty_label.setVisible(False)
            self.delete_action.setEnabled(True)
            select_record(self.history, lambda p: p.id == pid)
            self._update_title()
            self.date_edit.setDate(to_qdate(detail.row.assessed_on))
            self.stage_combo.setCurrentIndex(max(self.stage_combo.findData(detail.row.stage), 0))
            self.assessor_combo.setCurrentIndex(
                max(self.assessor_combo.findData(detail.row.assessor_id), 0)
            )
            self._header_values[pid] = (
                detail.row.assessed_on,
                detail.row.stage,
                detail.row.assessor_id,
            )
            saver = self._notes_savers.get(pid)
            if saver is None or not saver.pending:
                self._notes_texts[pid] = detail.row.notes
                self.notes_edit.setPlainText(detail.row.notes)
            self.problem_label.hide()
            self._refresh_levels(keep_dimension=True)
        finally:
            self._applying = False
        self._show_dimension()

    def _update_title(self) -> None:
        if self.view is None or self.detail is None:
            return
        row = self.detail.row
        latest = self.view.profiles[0].id == row.id if self.view.profiles else True
        self.title_label.setText(
            tr("{cluster} — profile of {date}{latest}").format(
                cluster=self.view.cluster.name,
                date=row.assessed_on.isoformat(),
                latest=tr(" (latest)") if latest else "",
            )
        )

    def _on_history_chosen(self) -> None:
        rec = selected_record(self.history)
        if rec is not None and rec.id != self.profile_id():
            self.show_profile(rec.id)

    # ------------------------------------------------------------------ facts
    def _show_facts(self, c: ClusterRow) -> None:
        def esc(text: str) -> str:
            return " ".join(_breakable_url(w) for w in html.escape(text).split(" "))

        members = tr("not recorded") if c.member_count is None else str(c.member_count)
        sme = tr("not recorded") if c.sme_share is None else f"{c.sme_share:g} %"
        facts = [
            (tr("Members"), members),
            (tr("SME share"), sme),
            (tr("Kind"), tr(vocab.CLUSTER_KINDS.get(c.kind, c.kind))),
            (tr("Cross-border"), tr("yes") if c.cross_border else tr("no")),
        ]
        if c.sector:
            facts.insert(0, (tr("Sector"), c.sector))
        self.facts_label.setText(
            "<table cellspacing='0' cellpadding='1'>"
            + "".join(
                f"<tr><td style='color:{MUTED_COLOR}; padding-right:8px'>{esc(k)}</td>"
                f"<td>{esc(v)}</td></tr>"
                for k, v in facts
            )
            + "</table>"
        )
        state, words = label_text(c, dt.date.today())
        mark, color = LABEL_MARKS[state]
        self.label_label.setText(
            f"<b>{esc(tr('ESCA label'))}</b><br>"
            f"<span style='color:{color}'><b>{mark}</b> {esc(words)}</span>"
        )
        self.label_label.setAccessibleDescription(words)
        eligible, lines = eccp_lines(c)
        mark, color = MARKS[eligible]
        parts = [
            f"<b>{esc(tr('ECCP eligibility'))}</b><br>"
            f"<span style='color:{color}'><b>{mark} {esc(verdict_text(eligible))}</b></span>"
        ]
        for passed, text in lines:
            m, col = MARKS[passed]
            parts.append(f"<span style='color:{col}'><b>{m}</b> {esc(text)}</span>")
        self.eccp_label.setText("<br>".join(parts))
        self.eccp_label.setAccessibleDescription(
            " ".join([verdict_text(eligible)] + [t for _p, t in lines])
        )

    def facts_text(self) -> str:
        """Every fact in plain words (tests, screen readers)."""
        return " ".join(
            [
                self.facts_label.text(),
                self.label_label.accessibleDescription(),
                self.eccp_label.accessibleDescription(),
            ]
        )

    # ------------------------------------------------------------------ chart and levels
    def _average(self) -> tuple[dict[str, float], str, str]:
        """(levels, legend text, column title) of the comparison average."""
        assert self.view is not None and self.detail is not None
        board = self.view.board
        with_profile = [r for r in board.rows if r.profile_id is not None]
        stage = self.detail.row.stage
        if self.peers_check.isChecked():
            peers = [r for r in with_profile if r.stage == stage]
            return (
                board.stage_averages.get(stage, {}),
                tr("average of {stage} clusters ({n})").format(
                    stage=stage_label(stage).lower(), n=len(peers)
                ),
                tr("Peers"),
            )
        return (
            board.network_average,
            tr("network average ({n} clusters)").format(n=len(with_profile)),
            tr("Network"),
        )

    def _levels(self) -> dict[str, int]:
        assert self.detail is not None
        pid = self.detail.row.id
        out = {}
        for dim in self.detail.model.dimensions:
            level = self._level_store.get((pid, dim.id))
            if level is not None:
                out[dim.name] = level
        return out

    def _refresh_levels(self, keep_dimension: bool = True) -> None:
        """Redraw the radar, the change table and the dimension list from the current levels."""
        if self.detail is None or self.view is None:
            return
        detail = self.detail
        names = detail.model.dimension_names()
        labels = detail.model.level_labels or DEFAULT_LEVEL_LABELS
        levels = self._levels()
        previous = detail.previous
        average, average_text, average_title = self._average()
        self.radar.set_profile(
            names,
            RadarSeries(
                tr("{date} (this profile)").format(date=detail.row.assessed_on.isoformat()),
                {k: float(v) for k, v in levels.items()},
            ),
            (
                RadarSeries(
                    tr("{date} (previous)").format(date=previous.assessed_on.isoformat()),
                    {k: float(v) for k, v in previous.levels.items()},
                )
                if previous is not None
                else None
            ),
            RadarSeries(average_text, average) if average else None,
            level_labels=labels,
            average_title=average_title,
            empty_message=tr("No level set yet."),
        )
        rows = dimension_rows(names, levels, previous.levels if previous else None, average, labels)
        current = self.dims.currentIndex().row() if keep_dimension else 0
        self.dims_model.set_rows(rows)
        row = min(max(current, 0), len(rows) - 1)
        if rows:
            self.dims.selectionModel().blockSignals(True)
            self.dims.selectRow(row)
            self.dims.setCurrentIndex(self.dims_model.index(row, 0))
            self.dims.selectionModel().blockSignals(False)
            self._dim_index = row

    def _on_peers_toggled(self, checked: bool) -> None:
        self.ctx.settings.setValue("maturity/compare_peers", checked)
        self._refresh_levels()

    def current_dimension(self) -> DimensionSpec | None:
        if self.detail is None:
            return None
        dims = self.detail.model.dimensions
        return dims[self._dim_index] if 0 <= self._dim_index < len(dims) else None

    def select_dimension(self, name: str) -> None:
        for i, d in enumerate(self.detail.model.dimensions if self.detail else ()):
            if d.name == name:
                self.dims.setCurrentIndex(self.dims_model.index(i, 0))
                self.dims.selectRow(i)
                return

    def _on_dimension_changed(self, current: Any, _previous: Any) -> None:
        if current.row() < 0 or current.row() == self._dim_index:
            return
        self.flush()
        self._dim_index = current.row()
        self._show_dimension()

    def _show_dimension(self) -> None:
        dim = self.current_dimension()
        detail = self.detail
        if dim is None or detail is None:
            return
        pid = detail.row.id
        level = self._level_store.get((pid, dim.id))
        labels = detail.model.level_labels or DEFAULT_LEVEL_LABELS
        self.dim_title.setText(dim.name)
        hints = [dim.description] if dim.description else []
        before = detail.previous.levels.get(dim.name) if detail.previous else None
        if before is not None:
            hints.append(
                tr("Previous profile ({date}): {n} · {label}.").format(
                    date=detail.previous.assessed_on.isoformat() if detail.previous else "",
                    n=before,
                    label=level_label(before, labels),
                )
            )
        avg = self.view.board.network_average.get(dim.name) if self.view else None
        if avg is not None:
            hints.append(tr("Network average {avg}.").format(avg=fmt_average(avg)))
        self.dim_hint.setText(" ".join(hints))
        self.chooser.set_dimension(dim, labels, level)
        self._applying = True
        try:
            score = detail.scores.get(dim.id)
            for field, edit in (("note", self.note_edit), ("evidence", self.evidence_edit)):
                key = (pid, dim.id, field)
                saver = self._savers.get(key)
                if saver is not None and saver.pending and key in self._texts:
                    text = self._texts[key]
                else:
                    text = (getattr(score, field) if score else "") or ""
                    self._texts[key] = text
                edit.setPlainText(text)
            self._select_link(self.meeting_combo, score.evidence_meeting_id if score else None)
            self._select_link(
                self.assessment_combo, score.evidence_assessment_id if score else None
            )
        finally:
            self._applying = False
        self._update_text_enabled(level)

    def _update_text_enabled(self, level: int | None) -> None:
        enabled = level is not None
        for w in (self.note_edit, self.evidence_edit, self.meeting_combo, self.assessment_combo):
            w.setEnabled(enabled)
        self.clear_action.setEnabled(enabled)
        self.text_hint.setText(
            ""
            if enabled
            else tr("Choose a level first: the note and the evidence belong to the level.")
        )
        self.text_hint.setVisible(not enabled)

    # ------------------------------------------------------------------ editing levels
    def choose_level(self, level: int) -> None:
        """Set the selected dimension's level (as clicking its radio button does)."""
        if self.current_dimension() is None:
            return
        self.tabs.setCurrentIndex(1)  # where the change can be seen
        self.chooser.set_level(level)
        self._on_level_chosen(level)

    def _on_level_chosen(self, level: int) -> None:
        dim, detail = self.current_dimension(), self.detail
        if dim is None or detail is None:
            return
        pid = detail.row.id
        if self._level_store.get((pid, dim.id)) == level:
            return
        self._level_store[(pid, dim.id)] = level
        self._replace_score(dim.id, level=level)
        self._write(lambda: mt.set_level(self.ctx.db, pid, dim.id, level))
        self._refresh_levels()
        self._update_text_enabled(level)

    def clear_level(self) -> Any:
        dim, detail = self.current_dimension(), self.detail
        if dim is None or detail is None or self._level_store.get((detail.row.id, dim.id)) is None:
            return None
        pid = detail.row.id

        def clear() -> None:
            for field in ("note", "evidence"):
                saver = self._savers.pop((pid, dim.id, field), None)
                if saver is not None:
                    saver.flush()
            self._level_store[(pid, dim.id)] = None
            self.detail = dataclasses.replace(
                detail, scores={k: v for k, v in detail.scores.items() if k != dim.id}
            )
            self._write(lambda: mt.set_level(self.ctx.db, pid, dim.id, None))
            self._refresh_levels()
            self._show_dimension()

        return ask(
            self,
            tr("Clear level"),
            tr("Clear the level of “{dimension}” with its note and evidence?").format(
                dimension=dim.name
            ),
            tr("Clear"),
            clear,
        )

    def _replace_score(self, dimension_id: int, **changes: Any) -> None:
        """Keep the local copy of the profile in step with what was saved."""
        if self.detail is None:
            return
        scores = dict(self.detail.scores)
        score = scores.get(dimension_id) or ProfileScore(dimension_id, 0, "", "")
        scores[dimension_id] = dataclasses.replace(score, **changes)
        self.detail = dataclasses.replace(self.detail, scores=scores)

    def _saver(self, key: tuple[int, int, str]) -> Autosaver:
        saver = self._savers.get(key)
        if saver is None:
            pid, did, field = key
            db = self.ctx.db

            def save(text: str) -> None:
                level = self._level_store.get((pid, did))
                if level is None:
                    raise KnownError(tr("Choose a level first: the note belongs to it."))
                mt.set_level(db, pid, did, level, **{field: text})

            saver = Autosaver(self.ctx.tasks, lambda: self._texts.get(key, ""), save, parent=self)
            saver.state_changed.connect(self._on_save_state)
            self._savers[key] = saver
        return saver

    def _on_text_edited(self, field: str) -> None:
        if self._applying or self.detail is None:
            return
        dim = self.current_dimension()
        if dim is None:
            return
        key = (self.detail.row.id, dim.id, field)
        edit = self.note_edit if field == "note" else self.evidence_edit
        self._texts[key] = edit.toPlainText()
        self._replace_score(dim.id, **{field: self._texts[key]})
        self._saver(key).changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (
            self.note_edit,
            self.evidence_edit,
        ):
            self.flush()
        return False

    def _on_notes_edited(self) -> None:
        if self._applying or self.detail is None:
            return
        pid = self.detail.row.id
        self._notes_texts[pid] = self.notes_edit.toPlainText()
        saver = self._notes_savers.get(pid)
        if saver is None:
            db = self.ctx.db

            def save(text: str) -> None:
                assessed_on, stage, assessor = self._header_values[pid]
                mt.update_profile(
                    db, pid, assessed_on=assessed_on, stage=stage, assessor_id=assessor, notes=text
                )

            saver = Autosaver(
                self.ctx.tasks, lambda: self._notes_texts.get(pid, ""), save, parent=self
            )
            saver.state_changed.connect(self._on_save_state)
            self._notes_savers[pid] = saver
        saver.changed()

    def _on_save_state(self, text: str) -> None:
        self.save_state.setText(text)

    @property
    def pending(self) -> bool:
        """True while something typed is not yet in the database."""
        return (
            any(s.pending for s in self._savers.values())
            or any(s.pending for s in self._notes_savers.values())
            or self._header_timer.isActive()
        )

    def flush(self) -> None:
        """Queue every unsaved text and header change now."""
        for saver in list(self._savers.values()) + list(self._notes_savers.values()):
            saver.flush()
        if self._header_timer.isActive():
            self.save_header()

    # ------------------------------------------------------------------ evidence links
    def _fill_links(self, view: ClusterView) -> None:
        self.meeting_combo.clear()
        self.meeting_combo.addItem(tr("— no meeting linked —"), None)
        for m in view.meetings:
            self.meeting_combo.addItem(f"{m.starts_at:%Y-%m-%d} · {m.title}", m.id)
        self.assessment_combo.clear()
        self.assessment_combo.addItem(tr("— no assessment linked —"), None)
        for a in view.assessments:
            status = tr(vocab.ASSESSMENT_STATUSES.get(a.status, a.status))
            overall = "" if a.overall is None else f" · {a.overall:.0f} %"
            self.assessment_combo.addItem(
                tr("{year} plan, version {v} ({status}){overall}").format(
                    year=a.plan_year, v=a.version, status=status.lower(), overall=overall
                ),
                a.id,
            )

    @staticmethod
    def _select_link(combo: QComboBox, item_id: int | None) -> None:
        combo.setCurrentIndex(max(combo.findData(item_id), 0))

    def _on_link_chosen(self, which: str) -> None:
        dim, detail = self.current_dimension(), self.detail
        if dim is None or detail is None:
            return
        pid = detail.row.id
        level = self._level_store.get((pid, dim.id))
        if level is None:
            return
        combo = self.meeting_combo if which == "meeting" else self.assessment_combo
        chosen = combo.currentData()
        score = detail.scores.get(dim.id)
        stored = (
            (score.evidence_meeting_id if which == "meeting" else score.evidence_assessment_id)
            if score
            else None
        )
        if chosen == stored:
            return
        field = "evidence_meeting_id" if which == "meeting" else "evidence_assessment_id"
        self._replace_score(dim.id, **{field: chosen})
        self._write(lambda: mt.set_level(self.ctx.db, pid, dim.id, level, **{field: chosen}))

    # ------------------------------------------------------------------ header
    def _fill_assessors(self, officers: list[OfficerRow]) -> None:
        current = self.assessor_combo.currentData()
        was = self._applying
        self._applying = True
        try:
            self.assessor_combo.clear()
            self.assessor_combo.addItem(tr("— not recorded —"), None)
            for o in officers:
                name = o.name if o.active else tr("{name} (archived)").format(name=o.name)
                self.assessor_combo.addItem(name, o.id)
            self.assessor_combo.setCurrentIndex(max(self.assessor_combo.findData(current), 0))
        finally:
            self._applying = was

    def _on_header_edited(self, *_args: Any) -> None:
        if self._applying or self.detail is None:
            return
        pid = self.detail.row.id
        self._header_values[pid] = (
            from_qdate(self.date_edit.date()),
            self.stage_combo.currentData(),
            self.assessor_combo.currentData(),
        )
        self.save_state.setText(tr("Editing…"))
        self._header_timer.start()

    def save_header(self) -> None:
        """Save the date, stage and assessor of the profile shown (after a short pause)."""
        self._header_timer.stop()
        if self.detail is None:
            return
        pid = self.detail.row.id
        assessed_on, stage, assessor = self._header_values[pid]
        notes = self._notes_texts.get(pid, self.detail.row.notes)
        db = self.ctx.db
        self.save_state.setText(tr("Saving…"))

        def done(_result: object) -> None:
            self.problem_label.hide()
            self.save_state.setText(
                tr("Saved at {time}").format(time=dt.datetime.now().strftime("%H:%M:%S"))
            )
            if self.detail is not None and self.detail.row.id == pid:
                row = dataclasses.replace(
                    self.detail.row, assessed_on=assessed_on, stage=stage, assessor_id=assessor
                )
                self.detail = dataclasses.replace(self.detail, row=row)
                self._update_title()
                self._refresh_levels()
            self.changed.emit()
            self._reload_history()

        def failed(err: BaseException) -> None:
            self.save_state.setText(tr("Not saved"))
            self.problem_label.setText(error_text(err))
            self.problem_label.show()

        self.ctx.tasks.run(
            lambda: mt.update_profile(
                db, pid, assessed_on=assessed_on, stage=stage, assessor_id=assessor, notes=notes
            ),
            done,
            failed,
        )

    def _reload_history(self) -> None:
        cid, db = self.cluster_id(), self.ctx.db
        if cid is None:
            return

        def apply(profiles: list[ProfileRow]) -> None:
            if self.view is None or self.view.cluster.id != cid:
                return
            self.view = dataclasses.replace(self.view, profiles=profiles)
            self.history_model.set_rows(profiles)
            pid = self.profile_id()
            select_record(self.history, lambda p: p.id == pid)
            self._update_title()

        self._load(lambda: mt.list_profiles(db, cluster_id=cid), apply)

    # ------------------------------------------------------------------ writes
    def _write(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None) -> None:
        def done(result: Any) -> None:
            self.changed.emit()
            if on_done is not None:
                on_done(result)

        def failed(err: BaseException) -> None:
            self.message.emit(error_text(err), "error")
            if isinstance(err, KnownError | ValidationError):
                self.reload()

        self.ctx.tasks.run(fn, done, failed)

    def new_profile(self) -> None:
        """A new profile dated today, starting from the latest levels (then change what moved)."""
        if self.view is None:
            return
        self.flush()
        view = self.view
        latest = view.profiles[0] if view.profiles else None
        cid, db = view.cluster.id, self.ctx.db
        stage = latest.stage if latest else "growth"
        assessor = latest.assessor_id if latest else None

        def done(pid: int) -> None:
            self.tabs.setCurrentIndex(1)
            self.message.emit(
                tr("New profile started from the previous levels: change what moved."), "info"
            )
            self.show_cluster(cid, pid)

        self._write(
            lambda: mt.create_profile(db, cid, dt.date.today(), stage=stage, assessor_id=assessor),
            done,
        )

    def delete_profile(self) -> Any:
        if self.detail is None or self.view is None:
            return None
        row, cid, db = self.detail.row, self.view.cluster.id, self.ctx.db

        def delete() -> None:
            self._write(lambda: mt.delete_profile(db, row.id), lambda _r: self.show_cluster(cid))

        return ask(
            self,
            tr("Delete profile"),
            tr("Delete {cluster}'s maturity profile of {date}?").format(
                cluster=row.cluster_short_name, date=row.assessed_on.isoformat()
            ),
            tr("Delete"),
            delete,
            informative=tr(
                "Its levels, notes and evidence are deleted too. This cannot be undone."
            ),
        )

    def _request_export(self) -> None:
        cid = self.cluster_id()
        if cid is not None:
            self.flush()
            self.export_pdf_requested.emit(cid)

    # ------------------------------------------------------------------ tests
    def level_texts(self) -> dict[str, str]:
        """Dimension → the change shown ("▲ +1"), as in the table beside the radar."""
        model = self.radar.table_model()
        return {r.dimension: model.data(model.index(i, 3)) for i, r in enumerate(model.rows())}
