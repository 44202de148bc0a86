"""The editor of one action-plan assessment.

A navigable list on the left (one entry per rubric section with its score and how many criteria
are still open, then "Summary" and "Year on year"); on the right, per section, a scroll area of
compact criterion cards. A card holds the score selector (five levels, each with its label; the
descriptor of the level under the mouse — or of the chosen level — is shown beneath, and every
descriptor can be shown at once), a "Not applicable" toggle, last year's score for the same
cluster, a comment and an evidence note. The section ends with its recommendation and follow-up.

Scores are recomputed on screen at once (``LiveScores``, pure ``app.domain.scoring``) and saved
on the database worker; every text is autosaved (``Autosaver``). A final assessment is shown
read-only under a banner, with "Amend…" to make the next version.

Keyboard (the focus anywhere in a section): 0–4 score the current criterion, N toggles not
applicable, Delete clears the score, Ctrl+Down / Ctrl+Up go to the next / previous criterion,
F8 to the next unscored one. Typing in a text field is never taken for a shortcut.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from app.db import assessments as db_assessments
from app.db import directory
from app.domain import scoring, vocab
from app.domain.records import OfficerRow
from app.domain.records_assessments import (
    AssessmentDetail,
    AssessmentRow,
    CriterionSpec,
    SectionSpec,
)
from app.models.assessment_models import (
    DOWN_COLOR,
    OPEN_COLOR,
    UP_COLOR,
    LiveScores,
    SectionComparison,
    change_text,
    comparison_columns,
    comparison_rows,
    level_text,
)
from app.models.record_table import RecordTableModel
from app.views.autosave import Autosaver
from app.views.charts import INK, MUTED, ChartWidget
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.page import Page
from app.views.widgets import (
    MUTED_COLOR,
    ErrorLabel,
    ask,
    hint_label,
    make_action,
    make_table_view,
    make_tool_button,
    section_title,
    set_column_widths,
)

logger = logging.getLogger(__name__)

NOW_COLOR = "#1f5f8b"
BEFORE_COLOR = "#a9bccb"
TEXT_EDIT_LINES = 2

EDITOR_STYLE = """
QWidget#sectionBody { background: #eef3f6; }
QFrame#criterionCard {
    background: white; border: 1px solid #d5e1e8; border-left: 5px solid #d5e1e8;
    border-radius: 4px;
}
QFrame#criterionCard[state="open"] { border-left-color: #f0a202; background: #fffbf2; }
QFrame#criterionCard[state="scored"] { border-left-color: #2e7d32; }
QFrame#criterionCard[state="na"] { border-left-color: #9aa5ad; background: #f7f8f9; }
QFrame#criterionCard[current="true"] { border-color: #2f6f8f; border-left-width: 5px; }
QFrame#criterionCard[current="true"][state="open"] { border-left-color: #f0a202; }
QFrame#criterionCard[current="true"][state="scored"] { border-left-color: #2e7d32; }
QFrame#criterionCard[current="true"][state="na"] { border-left-color: #9aa5ad; }
QFrame#scoreSelector { border: 2px solid transparent; border-radius: 5px; }
QFrame#scoreSelector:focus { border: 2px solid #2f6f8f; }
QToolButton#levelButton {
    padding: 3px 9px; border: 1px solid #b8c7d1; background: #f4f8fa; border-radius: 3px;
    color: #1a1a1a;
}
QToolButton#levelButton:hover:!checked { background: #dfeaf2; border-color: #2f6f8f; }
QToolButton#levelButton:checked {
    background: #1f5f8b; color: white; border-color: #1f5f8b; font-weight: 600;
}
QToolButton#levelButton:disabled { color: #8a949b; }
QToolButton#levelButton:disabled:checked { background: #5f7f95; color: white; }
QLabel#descriptor {
    background: #f4f8fa; border: 1px solid #e0e8ee; border-radius: 3px; padding: 3px 6px;
    color: #1a1a1a;
}
QLabel#marker[state="open"] { color: #8a5a00; font-weight: 600; }
QLabel#marker[state="scored"] { color: #1b5e20; font-weight: 600; }
QLabel#marker[state="na"] { color: #5f6b73; font-weight: 600; }
QFrame#lockBanner { background: #fff4d6; border: 1px solid #e0c36a; border-radius: 4px; }
QFrame#scoreBar { background: #f4f8fa; border: 1px solid #d5e1e8; border-radius: 4px; }
QLabel#overallValue { font-size: 22px; font-weight: 600; color: #1f3a4d; }
QListWidget#sectionNav::item { padding: 6px 8px; }
"""


def keyboard_help() -> str:
    return tr(
        "Keys: 0–4 score · ←/→ change · N not applicable · Delete clear · "
        "Ctrl+↓/↑ next/previous criterion · F8 next unscored"
    )


# --------------------------------------------------------------------------- small helpers
def format_day(value: dt.date | dt.datetime | None) -> str:
    """ "2 Nov 2026"."""
    if value is None:
        return ""
    return f"{value.day} {calendar.month_abbr[value.month]} {value.year}"


def criteria_left_text(n: int) -> str:
    if n == 1:
        return tr("1 criterion not scored yet")
    return tr("{n} criteria not scored yet").format(n=n)


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def _alive(obj: QObject) -> bool:
    return Shiboken.isValid(obj)


def _text_edit(
    accessible_name: str, placeholder: str, lines: int = TEXT_EDIT_LINES
) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(accessible_name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    height = edit.fontMetrics().lineSpacing() * lines + 14
    edit.setFixedHeight(height)
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return edit


def _set_text(edit: QPlainTextEdit, text: str) -> None:
    """Show ``text`` without it counting as an edit (no autosave)."""
    if edit.toPlainText() != text:
        edit.blockSignals(True)
        edit.setPlainText(text)
        edit.blockSignals(False)


# --------------------------------------------------------------------------- saving state
class SaveTracker(QObject):
    """Every autosaver of the assessment plus the score saves in flight, seen as one state."""

    state_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.savers: list[Autosaver] = []
        self.in_flight = 0
        self.failed = False
        self.last_saved = ""
        self.state = ""

    def add(self, saver: Autosaver) -> Autosaver:
        self.savers.append(saver)
        saver.state_changed.connect(lambda _t: self.update_state())
        saver.saved.connect(self.mark_saved)
        return saver

    @property
    def pending(self) -> bool:
        return self.in_flight > 0 or any(s.pending for s in self.savers)

    def flush(self) -> None:
        for saver in self.savers:
            saver.flush()

    def mark_saved(self) -> None:
        self.last_saved = dt.datetime.now().strftime("%H:%M:%S")
        self.update_state()

    def update_state(self) -> None:
        failing = [s.state for s in self.savers if s.pending and "retrying" in s.state]
        if failing:
            text = failing[0]
        elif self.pending:
            text = tr("Saving…")
        elif self.failed:
            text = tr("A score was not saved; it has been reloaded.")
        elif self.last_saved:
            text = tr("All changes saved at {time}").format(time=self.last_saved)
        else:
            text = tr("Everything is saved")
        if text != self.state:
            self.state = text
            self.state_changed.emit(text)


# --------------------------------------------------------------------------- score selector
class ScoreSelector(QFrame):
    """Five levels side by side (0 Absent … 4 Exemplary). One stop in the tab order: digits,
    Left/Right and Home/End choose a level; the buttons are for the mouse."""

    chosen = Signal(int)
    hovered = Signal(object)  # the level under the mouse, or None

    def __init__(
        self,
        criterion: CriterionSpec,
        labels: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scoreSelector")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("Score: {name}").format(name=criterion.name))
        self.setToolTip(keyboard_help())
        self.value: int | None = None
        self._not_applicable = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        self.buttons: list[QToolButton] = []
        self._labels = list(labels)
        self._descriptors = list(criterion.levels)
        for level in range(scoring.MAX_SCORE + 1):
            name = self._labels[level] if level < len(self._labels) else ""
            button = QToolButton()
            button.setObjectName("levelButton")
            button.setText(f"{level} {tr(name)}".strip())
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            descriptor = self.descriptor(level)
            button.setAccessibleName(level_text(level, self._labels))
            button.setAccessibleDescription(descriptor)
            button.setToolTip(
                tr("{level}: {descriptor} (key {key})").format(
                    level=level_text(level, self._labels),
                    descriptor=descriptor or tr("no descriptor"),
                    key=level,
                )
            )
            button.clicked.connect(lambda _c=False, lv=level: self._click(lv))
            button.installEventFilter(self)
            layout.addWidget(button)
            self.buttons.append(button)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def descriptor(self, level: int) -> str:
        return self._descriptors[level] if 0 <= level < len(self._descriptors) else ""

    def set_value(self, value: int | None, not_applicable: bool = False) -> None:
        self.value = value
        self._not_applicable = not_applicable
        for level, button in enumerate(self.buttons):
            button.setChecked(level == value)
            button.setEnabled(not not_applicable and self.isEnabled())
        if not_applicable:
            self.setAccessibleDescription(tr("Not applicable"))
        elif value is None:
            self.setAccessibleDescription(tr("Not scored yet"))
        else:
            self.setAccessibleDescription(
                f"{level_text(value, self._labels)}: {self.descriptor(value)}"
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.EnabledChange:
            for button in self.buttons:
                button.setEnabled(self.isEnabled() and not self._not_applicable)
        super().changeEvent(event)

    def _click(self, level: int) -> None:
        # a click never unchecks: the value stays until another level (or Delete) replaces it
        self.buttons[level].setChecked(True)
        self.chosen.emit(level)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QToolButton) and watched in self.buttons:
            if event.type() == QEvent.Type.Enter:
                self.hovered.emit(self.buttons.index(watched))
            elif event.type() == QEvent.Type.Leave:
                self.hovered.emit(None)
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._not_applicable:
            super().keyPressEvent(event)
            return
        key = event.key()
        current = self.value
        top = scoring.MAX_SCORE
        target: int | None = None
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_4 and not event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier
        ):
            target = key - Qt.Key.Key_0
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            target = 0 if current is None else min(current + 1, top)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            target = 0 if current is None else max(current - 1, 0)
        elif key == Qt.Key.Key_Home:
            target = 0
        elif key == Qt.Key.Key_End:
            target = top
        if target is None or event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().keyPressEvent(event)
            return
        self._click(target)


# --------------------------------------------------------------------------- one criterion
class CriterionCard(QFrame):
    """One criterion: score, not applicable, last year's score, comment and evidence."""

    score_chosen = Signal(int, object, bool)  # criterion id, score or None, not applicable
    activated = Signal(object)  # self: the card got the focus

    def __init__(
        self,
        criterion: CriterionSpec,
        labels: Sequence[str],
        previous: tuple[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self.labels = list(labels)
        self.setObjectName("criterionCard")
        self.setProperty("state", "open")
        self.setProperty("current", "false")
        self.setAccessibleName(criterion.name)
        self._hover: int | None = None
        self._locked = False
        self._all_levels = False

        self.marker = QLabel()
        self.marker.setObjectName("marker")
        self.code_label = QLabel(criterion.code)
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label = QLabel(criterion.name)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setWordWrap(True)
        for label in (self.code_label, self.name_label):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        self.code_label.setStyleSheet(f"color: {MUTED_COLOR};")
        self.weight_label = hint_label(tr("weight {w}").format(w=f"{criterion.weight:g}"))
        self.weight_label.setWordWrap(False)
        self.weight_label.setToolTip(
            tr(
                "Counts {w} times in the weighted mean of its section and of the whole plan."
            ).format(w=f"{criterion.weight:g}")
        )
        previous_text, previous_tip = previous
        self.previous_label = QLabel(previous_text)
        self.previous_label.setObjectName("previousScore")
        self.previous_label.setToolTip(previous_tip)
        self.previous_label.setAccessibleName(tr("Last year"))
        self.previous_label.setAccessibleDescription(previous_tip)
        self.previous_label.setStyleSheet(f"color: {INK};")

        self.description = hint_label(criterion.description)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setVisible(bool(criterion.description))

        self.selector = ScoreSelector(criterion, labels)
        self.selector.chosen.connect(self._on_chosen)
        self.selector.hovered.connect(self._on_hovered)
        self.na_check = QCheckBox(tr("Not applicable"))
        self.na_check.setAccessibleName(tr("Not applicable: {name}").format(name=criterion.name))
        self.na_check.setToolTip(
            tr("The criterion does not apply to this plan: it carries no weight (key N)")
        )
        self.na_check.toggled.connect(self._on_na_toggled)

        self.descriptor = QLabel()
        self.descriptor.setObjectName("descriptor")
        self.descriptor.setWordWrap(True)
        self.descriptor.setTextFormat(Qt.TextFormat.PlainText)
        self.descriptor.setAccessibleName(tr("Level descriptor"))
        self.levels_label = QLabel()
        self.levels_label.setWordWrap(True)
        self.levels_label.setTextFormat(Qt.TextFormat.RichText)
        self.levels_label.setAccessibleName(tr("Every level of {name}").format(name=criterion.name))
        self.levels_label.hide()

        self.comment = _text_edit(
            tr("Comment on {name}").format(name=criterion.name),
            tr("What the plan says or lacks for this criterion"),
        )
        self.evidence = _text_edit(
            tr("Evidence for {name}").format(name=criterion.name),
            tr("Where it is shown: document, page, link"),
        )

        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.marker)
        head.addWidget(self.code_label)
        head.addWidget(self.name_label, 1)
        head.addWidget(self.weight_label)
        head.addSpacing(8)
        head.addWidget(self.previous_label)

        choose = QHBoxLayout()
        choose.setSpacing(12)
        choose.addWidget(self.selector)
        choose.addWidget(self.na_check)
        choose.addStretch(1)

        notes = QGridLayout()
        notes.setHorizontalSpacing(10)
        notes.setVerticalSpacing(2)
        comment_label = QLabel(tr("Comment"))
        comment_label.setBuddy(self.comment)
        evidence_label = QLabel(tr("Evidence"))
        evidence_label.setBuddy(self.evidence)
        for label in (comment_label, evidence_label):
            label.setStyleSheet(f"color: {MUTED_COLOR};")
        notes.addWidget(comment_label, 0, 0)
        notes.addWidget(evidence_label, 0, 1)
        notes.addWidget(self.comment, 1, 0)
        notes.addWidget(self.evidence, 1, 1)
        notes.setColumnStretch(0, 3)
        notes.setColumnStretch(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.description)
        layout.addLayout(choose)
        layout.addWidget(self.descriptor)
        layout.addWidget(self.levels_label)
        layout.addLayout(notes)

        for widget in (self.selector, self.na_check, self.comment, self.evidence):
            widget.installEventFilter(self)
        self.set_value(None, False)

    # -- state
    @property
    def score(self) -> int | None:
        return self.selector.value

    @property
    def not_applicable(self) -> bool:
        return self.na_check.isChecked()

    @property
    def is_open(self) -> bool:
        return self.score is None and not self.not_applicable

    def set_value(self, score: int | None, not_applicable: bool) -> None:
        self.na_check.blockSignals(True)
        self.na_check.setChecked(not_applicable)
        self.na_check.blockSignals(False)
        self.selector.set_value(None if not_applicable else score, not_applicable)
        self._show_state()

    def set_locked(self, locked: bool) -> None:
        self._locked = locked
        self._show_descriptor()
        self.selector.setEnabled(not locked)
        self.na_check.setEnabled(not locked)
        for edit in (self.comment, self.evidence):
            edit.setReadOnly(locked)
            if not edit.property("placeholder"):
                edit.setProperty("placeholder", edit.placeholderText())
            edit.setPlaceholderText("" if locked else edit.property("placeholder"))

    def set_current(self, current: bool) -> None:
        value = "true" if current else "false"
        if self.property("current") != value:
            self.setProperty("current", value)
            _repolish(self)

    def show_all_levels(self, show: bool) -> None:
        """Every level's descriptor (always on an open criterion, where one is being chosen)."""
        self._all_levels = show
        self._show_descriptor()

    @property
    def showing_all_levels(self) -> bool:
        return self._all_levels or (self.is_open and not self._locked)

    def _show_state(self) -> None:
        if self.not_applicable:
            state, text = "na", tr("– Not applicable")
            tip = tr("Not applicable: carries no weight")
        elif self.score is None:
            state, text = "open", tr("● Not scored yet")
            tip = tr("Not scored yet: choose a level or mark it not applicable")
        else:
            state, text = "scored", "✓ " + level_text(self.score, self.labels)
            tip = tr("Scored")
        self.marker.setText(text)
        self.marker.setToolTip(tip)
        self.marker.setProperty("state", state)
        _repolish(self.marker)
        if self.property("state") != state:
            self.setProperty("state", state)
            _repolish(self)
        self.setAccessibleDescription(text)
        self._show_descriptor()

    def _show_descriptor(self) -> None:
        all_levels = self.showing_all_levels
        self.levels_label.setVisible(all_levels)
        self.descriptor.setVisible(not all_levels)
        level = self._hover if self._hover is not None else self.score
        if self.not_applicable and self._hover is None:
            text = tr("Not applicable: this criterion is left out of the scores.")
        elif level is None:
            text = (
                tr("Not scored yet. Point at a level to read what it means; click it or press 0–4.")
                if not self._locked
                else tr("Not scored.")
            )
        else:
            text = f"{level_text(level, self.labels)}: {self.selector.descriptor(level)}"
        self.descriptor.setText(text)
        rows = []
        for lv in range(scoring.MAX_SCORE + 1):
            line = (
                f"<b>{html.escape(level_text(lv, self.labels))}</b>: "
                f"{html.escape(self.selector.descriptor(lv))}"
            )
            if lv == self.score and not self.not_applicable:
                line = f"<span style='color:{NOW_COLOR}'>▶ {line}</span>"
            if lv == self._hover:
                line = f"<span style='background-color:#dfeaf2'>{line}</span>"
            rows.append(line)
        self.levels_label.setText("<br>".join(rows))

    # -- user actions
    def _on_hovered(self, level: int | None) -> None:
        self._hover = level
        self._show_descriptor()

    def _on_chosen(self, level: int) -> None:
        if self._locked or self.not_applicable:
            return
        if level == self.score:
            self.selector.set_value(level)
            return
        self.selector.set_value(level)
        self._show_state()
        self.score_chosen.emit(self.criterion.id, level, False)

    def choose(self, level: int) -> None:
        """Score the criterion (keyboard shortcut or test)."""
        if not self._locked and not self.not_applicable:
            self._on_chosen(level)

    def clear(self) -> None:
        if self._locked or (self.score is None and not self.not_applicable):
            return
        self.set_value(None, False)
        self.score_chosen.emit(self.criterion.id, None, False)

    def toggle_not_applicable(self) -> None:
        if not self._locked:
            self.na_check.setChecked(not self.na_check.isChecked())

    def _on_na_toggled(self, on: bool) -> None:
        self.selector.set_value(None, on)
        self._show_state()
        self.score_chosen.emit(self.criterion.id, None, on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.activated.emit(self)
        return False

    def focus(self) -> None:
        target = self.selector if self.selector.isEnabled() else self.comment
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.activated.emit(self)


# --------------------------------------------------------------------------- year on year
class SectionComparisonChart(ChartWidget):
    """Grouped horizontal bars: each section's score this year against last year (0–100 %)."""

    BAR = 0.36

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Section scores, this year against last year"), parent)
        self.rows: list[SectionComparison] = []
        self.year = dt.date.today().year
        self._model: RecordTableModel[SectionComparison] = RecordTableModel(
            comparison_columns(self.year), self
        )
        self.getViewBox().invertY(True)
        self.showGrid(x=True, y=False, alpha=0.25)
        self.set_axis_label("bottom", tr("Score (% of the maximum)"))
        self.getAxis("bottom").setTicks([[(v, f"{v}%") for v in range(0, 101, 20)]])
        self.now_bars = pg.BarGraphItem(
            x0=[], y=[], width=[], height=self.BAR, brush=pg.mkBrush(NOW_COLOR), pen=None
        )
        self.before_bars = pg.BarGraphItem(
            x0=[],
            y=[],
            width=[],
            height=self.BAR,
            brush=pg.mkBrush(BEFORE_COLOR),
            pen=pg.mkPen("#7d93a3", width=1),
        )
        self.addItem(self.before_bars)
        self.addItem(self.now_bars)
        self.labels: list[pg.TextItem] = []
        self.setMinimumHeight(260)

    def table_model(self) -> RecordTableModel[SectionComparison]:
        return self._model

    def values_now(self) -> list[float | None]:
        return [r.now for r in self.rows]

    def values_before(self) -> list[float | None]:
        return [r.before for r in self.rows]

    def set_rows(self, rows: Sequence[SectionComparison], year: int) -> None:
        if year != self.year:
            self.year = year
            self._model = RecordTableModel(comparison_columns(year), self)
        self.rows = list(rows)
        self._model.set_rows(self.rows)
        n = len(self.rows)
        ys = np.arange(n, dtype=float)
        now = np.array([r.now or 0.0 for r in self.rows], dtype=float)
        before = np.array([r.before or 0.0 for r in self.rows], dtype=float)
        self.now_bars.setOpts(x0=np.zeros(n), y=ys - self.BAR / 2 - 0.01, width=now)
        self.before_bars.setOpts(x0=np.zeros(n), y=ys + self.BAR / 2 + 0.01, width=before)
        for label in self.labels:
            self.removeItem(label)
        self.labels = []
        for i, r in enumerate(self.rows):
            for value, offset, color, empty in (
                (r.now, -self.BAR / 2, INK, tr("not scored")),
                (r.before, self.BAR / 2, MUTED, tr("not assessed")),
            ):
                text = pg.TextItem(
                    scoring.format_percent(value) if value is not None else empty,
                    color=color,
                    anchor=(0, 0.5),
                )
                text.setFont(self.tick_font)
                text.setPos((value or 0.0) + 1.0, i + offset)
                self.addItem(text, ignoreBounds=True)
                self.labels.append(text)
        self.set_category_ticks([r.name for r in self.rows])
        self.set_heading(
            f"<span style='color:{NOW_COLOR}'>■</span>&nbsp;{year} &nbsp;&nbsp; "
            f"<span style='color:{BEFORE_COLOR}'>■</span>&nbsp;{year - 1}"
        )
        self.setXRange(-1, 118, padding=0)
        self.setYRange(-0.6, max(n, 1) - 0.4, padding=0)


class YearOnYearView(QWidget):
    """The chart and, beside it, the same numbers as a table (what screen readers read)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = section_title(tr("Year on year"))
        self.hint = hint_label()
        self.chart = SectionComparisonChart()
        self.table: QTableView = make_table_view(tr("Section scores by year"), sortable=False)
        self.table.setModel(self.chart.table_model())
        self.table.setMinimumWidth(320)
        self._widths_set = False
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([480, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(splitter, 1)

    def show_rows(self, detail: AssessmentDetail, rows: Sequence[SectionComparison]) -> None:
        year = detail.row.plan_year
        self.chart.set_rows(rows, year)
        if self.table.model() is not self.chart.table_model():
            self.table.setModel(self.chart.table_model())
        if not self._widths_set:
            set_column_widths(self.table, (21, 6, 6))
            self._widths_set = True
        if detail.previous_id is None:
            self.hint.setText(
                tr(
                    "There is no assessment of the {year} plan of {cluster}: only {now} is shown."
                ).format(cluster=detail.row.cluster_short_name, year=year - 1, now=year)
            )
        else:
            self.hint.setText(
                tr(
                    "{cluster}: section scores of the {now} plan (as scored so far) against the "
                    "{year} assessment, by section name."
                ).format(cluster=detail.row.cluster_short_name, now=year, year=year - 1)
            )


# --------------------------------------------------------------------------- one section
class SectionView(QWidget):
    """A section's criterion cards in a scroll area, then its recommendation and follow-up."""

    def __init__(self, section: SectionSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.cards: list[CriterionCard] = []
        self.title = section_title(section.name)
        self.score_label = QLabel()
        self.score_label.setAccessibleName(tr("Section score"))
        self.description = hint_label(section.description)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setVisible(bool(section.description))

        self.body = QWidget()
        self.body.setObjectName("sectionBody")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(8, 8, 8, 8)
        self.body_layout.setSpacing(8)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.body)
        self.scroll.setAccessibleName(tr("Criteria of {section}").format(section=section.name))

        self.recommendation = _text_edit(
            tr("Recommendation for {section}").format(section=section.name),
            tr("What the cluster should do next in this area"),
            3,
        )
        self.follow_up = _text_edit(
            tr("Follow-up action for {section}").format(section=section.name),
            tr("What SPRI will check, and when"),
            3,
        )
        notes = QFrame()
        notes.setObjectName("criterionCard")
        notes_layout = QGridLayout(notes)
        notes_layout.setContentsMargins(10, 8, 10, 10)
        rec_label = QLabel(tr("&Recommendation for this section"))
        rec_label.setBuddy(self.recommendation)
        fol_label = QLabel(tr("&Follow-up action"))
        fol_label.setBuddy(self.follow_up)
        for label in (rec_label, fol_label):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        notes_layout.addWidget(rec_label, 0, 0)
        notes_layout.addWidget(fol_label, 0, 1)
        notes_layout.addWidget(self.recommendation, 1, 0)
        notes_layout.addWidget(self.follow_up, 1, 1)
        self.notes_frame = notes

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addSpacing(12)
        head.addWidget(self.score_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = QVBoxLayout()
        top.setContentsMargins(12, 8, 12, 2)
        top.addLayout(head)
        top.addWidget(self.description)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)

    def add_card(self, card: CriterionCard) -> None:
        self.cards.append(card)
        self.body_layout.addWidget(card)

    def finish(self) -> None:
        self.body_layout.addWidget(self.notes_frame)
        self.body_layout.addStretch(1)


# --------------------------------------------------------------------------- finalise dialog
class FinaliseDialog(QDialog):
    """Confirm finalising, naming the assessor. ``confirmed(assessor_id)`` when agreed."""

    confirmed = Signal(int)

    def __init__(
        self,
        row: AssessmentRow,
        officers: Sequence[OfficerRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("finalise_dialog")
        self.setWindowTitle(tr("Finalise assessment"))
        self.setMinimumWidth(460)
        text = QLabel(
            tr(
                "Finalise the assessment of the {year} action plan of {cluster} (version {v})?"
            ).format(cluster=row.cluster_short_name, year=row.plan_year, v=row.version)
        )
        text.setWordWrap(True)
        font = text.font()
        font.setBold(True)
        text.setFont(font)
        info = hint_label(
            tr(
                "A final assessment is locked: scores and notes can no longer change. A later "
                "change makes a new version (Amend…); this one stays as it is."
            )
        )
        self.assessor_combo = QComboBox()
        self.assessor_combo.setAccessibleName(tr("Assessor"))
        self.assessor_combo.addItem(tr("Choose the assessor…"), None)
        for o in officers:
            if o.active or o.id == row.assessor_id:
                self.assessor_combo.addItem(o.name, o.id)
        index = self.assessor_combo.findData(row.assessor_id) if row.assessor_id else 0
        self.assessor_combo.setCurrentIndex(max(index, 0))
        self.error = ErrorLabel()
        form = QFormLayout()
        label = QLabel(tr("&Assessor:"))
        label.setBuddy(self.assessor_combo)
        form.addRow(label, self.assessor_combo)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Finalise"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.button_box)

    def accept(self) -> None:
        assessor = self.assessor_combo.currentData()
        if assessor is None:
            self.error.set_problem(tr("Choose the assessor who signs this assessment."))
            self.assessor_combo.setFocus()
            return
        super().accept()
        self.confirmed.emit(int(assessor))


# --------------------------------------------------------------------------- the editor
Loaded = tuple[AssessmentDetail, list[OfficerRow], list[AssessmentRow]]


class AssessmentEditor(Page):
    """One assessment. ``loaded`` fires when (re)loaded data is on screen."""

    title = "Assessment"
    object_name = "assessment_editor"

    back_requested = Signal()
    opened = Signal(int)  # now showing this assessment (after an amendment, another version)
    changed = Signal()  # the list may need a refresh (status, assessor, a new version)
    message = Signal(str)

    def __init__(self, ctx: AppContext, assessment_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.assessment_id = assessment_id
        self.detail: AssessmentDetail | None = None
        self.live: LiveScores | None = None
        self.officers: list[OfficerRow] = []
        self.versions: list[AssessmentRow] = []
        self.cards: list[CriterionCard] = []
        self.section_views: list[SectionView] = []
        self.current_card: CriterionCard | None = None
        self.tracker = SaveTracker(self)
        self.tracker.state_changed.connect(self._on_save_state)
        self._built_for: int | None = None
        self._filling = False
        self._changes = 0  # scores changed on screen (a load read before them is stale)
        self.setStyleSheet(EDITOR_STYLE)
        self._build()
        self.reload()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.back_action = make_action(
            self, tr("← &Assessments"), tr("Back to the list of assessments (everything is saved)"),
            "Alt+Left", self._go_back,
        )  # fmt: skip
        self.pdf_action = make_action(
            self, tr("Export &PDF…"), tr("Write this assessment as a PDF report"),
            "Ctrl+Shift+P", self.export_pdf,
        )  # fmt: skip
        self.email_action = make_action(
            self, tr("E&mail assessment…"),
            tr("Open an e-mail draft to the cluster contact with the PDF attached"),
            "Ctrl+Shift+M", self.email_assessment,
        )  # fmt: skip
        self.finalise_action = make_action(
            self, tr("&Finalise…"), tr("Lock the assessment once every criterion is scored"),
            "Ctrl+Shift+F", self.open_finalise_dialog,
        )  # fmt: skip
        self.amend_action = make_action(
            self, tr("A&mend…"), tr("Make a new draft version of this final assessment"),
            "Ctrl+Shift+A", self.amend,
        )  # fmt: skip
        self.next_open_action = make_action(
            self, tr("Next &unscored"), tr("Go to the next criterion not scored yet"),
            "F8", self.next_unscored,
        )  # fmt: skip
        self.levels_action = make_action(
            self, tr("Show every &level"),
            tr("Show the descriptors of all five levels on every criterion"),
            "Ctrl+Shift+L", self._toggle_levels,
        )  # fmt: skip
        self.levels_action.setCheckable(True)
        self.levels_action.setChecked(
            bool(self.ctx.settings.value("assessments/show_all_levels", False, type=bool))
        )
        self._build_criterion_actions()

        self.title_label = section_title("")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle = hint_label()
        self.save_label = hint_label(tr("Everything is saved"))
        self.save_label.setWordWrap(False)
        self.save_label.setAccessibleName(tr("Save state"))
        self.notice = hint_label()
        self.notice.setWordWrap(False)
        self.keys_hint = hint_label(keyboard_help())
        self.keys_hint.setWordWrap(False)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(make_tool_button(self.back_action))
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle)
        bar.addLayout(titles, 1)
        self.levels_button = make_tool_button(self.levels_action)
        for button in (
            self.levels_button,
            make_tool_button(self.pdf_action),
            make_tool_button(self.email_action),
        ):
            bar.addWidget(button)

        # banner of a final assessment
        self.banner = QFrame()
        self.banner.setObjectName("lockBanner")
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.banner_label.font()
        font.setBold(True)
        self.banner_label.setFont(font)
        self.banner_label.setAccessibleName(tr("Locked"))
        self.amend_button = make_tool_button(self.amend_action)
        self.latest_button = QPushButton()
        self.latest_button.setAccessibleName(tr("Open the latest version"))
        self.latest_button.clicked.connect(self._open_latest)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.amend_button)
        banner_layout.addWidget(self.latest_button)
        self.banner.hide()

        # the scores bar
        score_bar = QFrame()
        score_bar.setObjectName("scoreBar")
        self.overall_label = QLabel("–")
        self.overall_label.setObjectName("overallValue")
        self.overall_label.setAccessibleName(tr("Overall score"))
        overall_caption = hint_label(tr("Overall (weighted mean)"))
        overall_caption.setWordWrap(False)
        self.overall_change = QLabel()
        self.overall_change.setAccessibleName(tr("Change against last year"))
        self.open_label = QLabel()
        self.open_label.setAccessibleName(tr("Criteria not scored yet"))
        self.next_open_button = make_tool_button(self.next_open_action)
        self.assessor_combo = QComboBox()
        self.assessor_combo.setAccessibleName(tr("Assessor"))
        self.assessor_combo.setMinimumContentsLength(22)
        self.assessor_combo.activated.connect(self._on_assessor_chosen)
        assessor_label = QLabel(tr("A&ssessor:"))
        assessor_label.setBuddy(self.assessor_combo)
        self.finalise_button = QPushButton(tr("&Finalise…"))
        self.finalise_button.setToolTip(self.finalise_action.toolTip())
        self.finalise_button.clicked.connect(self.open_finalise_dialog)
        self.finalise_reason = QLabel()
        self.finalise_reason.setWordWrap(True)
        self.finalise_reason.setAccessibleName(tr("Finalising"))

        overall_box = QVBoxLayout()
        overall_box.setSpacing(0)
        overall_box.addWidget(overall_caption)
        row = QHBoxLayout()
        row.addWidget(self.overall_label)
        row.addSpacing(8)
        row.addWidget(self.overall_change)
        overall_box.addLayout(row)
        open_box = QVBoxLayout()
        open_box.setSpacing(2)
        open_box.addWidget(self.open_label)
        open_row = QHBoxLayout()
        open_row.addWidget(self.next_open_button)
        open_row.addStretch(1)
        open_box.addLayout(open_row)
        assessor_box = QVBoxLayout()
        assessor_box.setSpacing(2)
        assessor_box.addWidget(assessor_label)
        assessor_box.addWidget(self.assessor_combo)
        finalise_box = QVBoxLayout()
        finalise_box.setSpacing(2)
        finalise_box.addWidget(self.finalise_button, 0, Qt.AlignmentFlag.AlignLeft)
        finalise_box.addWidget(self.finalise_reason)
        bar_layout = QHBoxLayout(score_bar)
        bar_layout.setContentsMargins(12, 6, 12, 6)
        bar_layout.setSpacing(18)
        bar_layout.addLayout(overall_box)
        bar_layout.addLayout(open_box)
        bar_layout.addLayout(assessor_box)
        bar_layout.addLayout(finalise_box, 1)

        # navigation and content
        self.nav = QListWidget()
        self.nav.setObjectName("sectionNav")
        self.nav.setAccessibleName(tr("Sections of the assessment"))
        self.nav.setMinimumWidth(200)
        self.nav.setMaximumWidth(260)
        self.nav.currentRowChanged.connect(self._on_nav_changed)
        self.stack = QStackedWidget()
        self.summary = self._build_summary()  # rebuilt with the sections
        self.year_view = YearOnYearView()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 860])

        status = QHBoxLayout()
        status.addWidget(self.keys_hint)
        status.addSpacing(16)
        status.addWidget(self.notice, 1)
        status.addWidget(self.save_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(score_bar)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(status)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def _build_summary(self) -> QWidget:
        page = QWidget()
        self.strengths = _text_edit(
            tr("Strengths"), tr("What the plan does well"), 5
        )  # fmt: skip
        self.weaknesses = _text_edit(tr("Weaknesses"), tr("Where the plan falls short"), 5)
        self.recommendations = _text_edit(
            tr("Recommendations"), tr("What SPRI recommends for next year's plan"), 5
        )
        for edit in (self.strengths, self.weaknesses, self.recommendations):
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            edit.setMinimumHeight(edit.height())
            edit.setMaximumHeight(16777215)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(section_title(tr("Summary")))
        layout.addWidget(
            hint_label(tr("The overall strengths, weaknesses and recommendations of the plan."))
        )
        for text, edit in (
            (tr("S&trengths"), self.strengths),
            (tr("&Weaknesses"), self.weaknesses),
            (tr("R&ecommendations"), self.recommendations),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            layout.addWidget(label)
            layout.addWidget(edit, 1)
        return page

    def _build_criterion_actions(self) -> None:
        """Keys that act on the current criterion, active only while the focus is in a section
        (text fields keep their letters and digits: they take printable keys first)."""
        self.criterion_actions = []
        for level in range(scoring.MAX_SCORE + 1):
            self.criterion_actions.append(
                make_action(
                    self, tr("Score {n}").format(n=level),
                    tr("Give the current criterion the score {n}").format(n=level),
                    str(level), lambda lv=level: self._score_current(lv),
                )
            )  # fmt: skip
        self.na_action = make_action(
            self, tr("Not applicable"),
            tr("Mark the current criterion not applicable (or applicable again)"),
            "N", self._toggle_current_na,
        )  # fmt: skip
        self.clear_action = make_action(
            self, tr("Clear score"), tr("Remove the score of the current criterion"),
            QKeySequence(Qt.Key.Key_Delete), self._clear_current,
        )  # fmt: skip
        self.next_action = make_action(
            self, tr("Next criterion"), tr("Go to the next criterion"),
            "Ctrl+Down", lambda: self.move_criterion(1),
        )  # fmt: skip
        self.previous_action = make_action(
            self, tr("Previous criterion"), tr("Go to the previous criterion"),
            "Ctrl+Up", lambda: self.move_criterion(-1),
        )  # fmt: skip
        self.criterion_actions += [
            self.na_action,
            self.clear_action,
            self.next_action,
            self.previous_action,
        ]
        for action in self.criterion_actions:
            self.removeAction(action)  # attached to each section view instead

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        db, aid = self.ctx.db, self.assessment_id

        def fetch() -> Loaded:
            detail = db_assessments.get_assessment(db, aid)
            officers = directory.list_officers(db)
            versions = db_assessments.list_assessments(
                db, year=detail.row.plan_year, cluster_id=detail.row.cluster_id
            )
            return detail, officers, versions

        changes = self._changes
        self.load(fetch, lambda result: self._apply(result, changes))

    def _apply(self, result: Loaded, changes: int) -> None:
        detail, officers, versions = result
        if detail.row.id != self.assessment_id:
            return  # an older load, superseded
        if changes != self._changes:
            # scored on screen after this was read: read again (queued after those saves)
            self.reload()
            return
        self.detail = detail
        self.officers = officers
        self.versions = versions
        self.live = LiveScores(detail)
        self._filling = True
        try:
            if self._built_for != detail.row.id:
                self._build_content(detail)
            self._fill(detail)
        finally:
            self._filling = False
        self._update_header()
        self._update_scores()

    def _previous_text(self, detail: AssessmentDetail, c: CriterionSpec) -> tuple[str, str]:
        year = detail.row.plan_year - 1
        labels = detail.template.level_labels
        if detail.previous_id is None:
            return (
                tr("{year}: not assessed").format(year=year),
                tr("There is no assessment of this cluster's {year} plan.").format(year=year),
            )
        if not c.code or c.code not in detail.previous_scores:
            return (
                tr("{year}: not in that rubric").format(year=year),
                tr("Last year's rubric had no criterion with the code {code}.").format(
                    code=c.code or "–"
                ),
            )
        score = detail.previous_scores[c.code]
        return (
            tr("{year}: {level}").format(year=year, level=level_text(score, labels)),
            tr("The score given for the same criterion in the {year} assessment.").format(
                year=year
            ),
        )

    def _build_content(self, detail: AssessmentDetail) -> None:
        """One section view per rubric section (rebuilt only when another assessment opens)."""
        self.tracker.flush()  # anything typed for the previous assessment goes first
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            if widget is not self.year_view:
                widget.deleteLater()
        self.section_views = []
        self.cards = []
        self.current_card = None
        self.nav.blockSignals(True)
        self.nav.clear()
        aid = detail.row.id
        db = self.ctx.db
        labels = detail.template.level_labels
        show_levels = self.levels_action.isChecked()
        for section in detail.template.sections:
            view = SectionView(section)
            for action in self.criterion_actions:
                view.addAction(action)
            for c in section.criteria:
                card = CriterionCard(c, labels, self._previous_text(detail, c))
                card.score_chosen.connect(self._on_score_chosen)
                card.activated.connect(self._set_current_card)
                card.show_all_levels(show_levels)
                self._autosave(
                    card.comment,
                    lambda text, cid=c.id: db_assessments.set_criterion_text(
                        db, aid, cid, comment=text
                    ),
                )
                self._autosave(
                    card.evidence,
                    lambda text, cid=c.id: db_assessments.set_criterion_text(
                        db, aid, cid, evidence=text
                    ),
                )
                view.add_card(card)
                self.cards.append(card)
            view.finish()
            self._autosave(
                view.recommendation,
                lambda text, sid=section.id: db_assessments.set_section_note(
                    db, aid, sid, recommendation=text
                ),
            )
            self._autosave(
                view.follow_up,
                lambda text, sid=section.id: db_assessments.set_section_note(
                    db, aid, sid, follow_up=text
                ),
            )
            self.section_views.append(view)
            self.stack.addWidget(view)
            item = QListWidgetItem(section.name)
            self.nav.addItem(item)
        if not detail.template.sections:
            self.stack.addWidget(hint_label(tr("This rubric has no sections.")))
            self.nav.addItem(QListWidgetItem(tr("(no sections)")))
        self.summary = self._build_summary()
        for edit, field in (
            (self.strengths, "strengths"),
            (self.weaknesses, "weaknesses"),
            (self.recommendations, "recommendations"),
        ):
            self._autosave(
                edit,
                lambda text, f=field: db_assessments.set_summary_text(db, aid, **{f: text}),
            )
        self.stack.addWidget(self.summary)
        self.stack.addWidget(self.year_view)
        self.nav.addItem(QListWidgetItem(tr("Summary")))
        self.nav.addItem(QListWidgetItem(tr("Year on year")))
        self.nav.blockSignals(False)
        self._built_for = aid
        self.nav.setCurrentRow(0)
        self.stack.setCurrentIndex(0)

    def _autosave(self, edit: QPlainTextEdit, save: Callable[[str], None]) -> Autosaver:
        def read() -> str:
            return edit.toPlainText() if _alive(edit) else ""

        saver = Autosaver(self.ctx.tasks, read, save, parent=self)
        saver.watch_focus(edit)
        edit.textChanged.connect(saver.changed)
        return self.tracker.add(saver)

    def _fill(self, detail: AssessmentDetail) -> None:
        """Values from the database into the widgets (what is being typed is kept)."""
        locked = detail.locked
        for card in self.cards:
            row = detail.scores.get(card.criterion.id)
            card.set_value(row.score if row else None, row.not_applicable if row else False)
            if not card.comment.hasFocus():
                _set_text(card.comment, row.comment if row else "")
            if not card.evidence.hasFocus():
                _set_text(card.evidence, row.evidence if row else "")
            card.set_locked(locked)
        for view in self.section_views:
            note = detail.section_notes.get(view.section.id)
            for edit, text in (
                (view.recommendation, note.recommendation if note else ""),
                (view.follow_up, note.follow_up if note else ""),
            ):
                if not edit.hasFocus():
                    _set_text(edit, text)
                edit.setReadOnly(locked)
        for edit, text in (
            (self.strengths, detail.strengths),
            (self.weaknesses, detail.weaknesses),
            (self.recommendations, detail.recommendations),
        ):
            if not edit.hasFocus():
                _set_text(edit, text)
            edit.setReadOnly(locked)
        # the assessor
        self.assessor_combo.blockSignals(True)
        self.assessor_combo.clear()
        self.assessor_combo.addItem(tr("(not chosen yet)"), None)
        for o in self.officers:
            if o.active or o.id == detail.row.assessor_id:
                self.assessor_combo.addItem(o.name, o.id)
        index = self.assessor_combo.findData(detail.row.assessor_id)
        self.assessor_combo.setCurrentIndex(max(index, 0))
        self.assessor_combo.setEnabled(not locked)
        self.assessor_combo.blockSignals(False)

    # ------------------------------------------------------------------ header
    def _update_header(self) -> None:
        d = self.detail
        if d is None:
            return
        row = d.row
        self.title_label.setText(
            tr("{cluster} – {year} action plan").format(
                cluster=row.cluster_name or row.cluster_short_name, year=row.plan_year
            )
        )
        status = tr(vocab.ASSESSMENT_STATUSES.get(row.status, row.status))
        parts = [
            row.cluster_short_name,
            tr("version {v}").format(v=row.version),
            status,
            tr("rubric “{name}” v{v}").format(name=row.template_name, v=row.template_version),
        ]
        if row.amends_id:
            parts.insert(2, tr("amends version {v}").format(v=row.version - 1))
        self.subtitle.setText(" · ".join(parts))
        latest = max(self.versions, key=lambda r: r.version) if self.versions else None
        self.banner.setVisible(d.locked)
        if d.locked:
            text = tr("Final — locked on {date} by {who}.").format(
                date=format_day(row.finalised_at),
                who=row.assessor_name or tr("an unknown assessor"),
            )
            if latest is not None and latest.id != row.id:
                text += " " + tr("Version {v} amends it.").format(v=latest.version)
                self.latest_button.setText(tr("Open version {v}").format(v=latest.version))
                self.latest_button.show()
                self.amend_button.hide()
            else:
                text += " " + tr("Amend to change.")
                self.latest_button.hide()
                self.amend_button.show()
            self.banner_label.setText(text)
        self.amend_action.setEnabled(d.locked and (latest is None or latest.id == row.id))
        self.finalise_button.setVisible(not d.locked)

    def _open_latest(self) -> None:
        if self.versions:
            latest = max(self.versions, key=lambda r: r.version)
            self.open_assessment(latest.id)

    # ------------------------------------------------------------------ scores
    def _update_scores(self) -> None:
        d, live = self.detail, self.live
        if d is None or live is None:
            return
        year = d.row.plan_year
        overall = live.overall()
        self.overall_label.setText(scoring.format_percent(overall))
        before = d.row.previous_overall
        if before is None:
            self.overall_change.setText(tr("no {year} assessment").format(year=year - 1))
            self.overall_change.setStyleSheet(f"color: {MUTED_COLOR};")
        else:
            change = change_text(overall, before)
            self.overall_change.setText(
                tr("{year}: {before}").format(year=year - 1, before=scoring.format_percent(before))
                + (f" · {change}" if change else "")
            )
            delta = scoring.format_change(overall, before)
            color = (
                UP_COLOR if delta.startswith("+") else DOWN_COLOR if delta.startswith("−") else INK
            )
            self.overall_change.setStyleSheet(f"color: {color};")
        open_ids = live.open_ids()
        total = len(live.criteria)
        if open_ids:
            self.open_label.setText(criteria_left_text(len(open_ids)))
            self.open_label.setStyleSheet(f"color: {OPEN_COLOR}; font-weight: 600;")
        else:
            self.open_label.setText(tr("All {n} criteria scored or not applicable").format(n=total))
            self.open_label.setStyleSheet(f"color: {UP_COLOR};")
        self.next_open_action.setEnabled(bool(open_ids))
        self.next_open_button.setVisible(bool(open_ids))
        # finalising
        locked = d.locked
        if locked:
            reason = ""
            can = False
        elif open_ids:
            reason = tr("To finalise, score or mark not applicable the {n} open criteria.").format(
                n=len(open_ids)
            )
            if len(open_ids) == 1:
                reason = tr("To finalise, score or mark not applicable the last open criterion.")
            can = False
        elif live.all_not_applicable():
            reason = tr("To finalise, score at least one criterion.")
            can = False
        else:
            reason = tr("Ready to finalise: every criterion is scored or not applicable.")
            can = True
        self.finalise_button.setEnabled(can)
        self.finalise_action.setEnabled(can)
        self.finalise_reason.setText(reason)
        self.finalise_button.setAccessibleDescription(reason)
        self.finalise_reason.setStyleSheet(f"color: {UP_COLOR if can else OPEN_COLOR};")
        # sections
        sections = live.sections()
        for i, view in enumerate(self.section_views):
            sid = view.section.id
            pct = sections.get(sid)
            left = live.open_in(sid)
            before_pct = d.previous_sections.get(view.section.name)
            line = tr("Section score {pct}").format(pct=scoring.format_percent(pct))
            if before_pct is not None:
                line += " · " + tr("{year}: {pct}").format(
                    year=year - 1, pct=scoring.format_percent(before_pct)
                )
                change = change_text(pct, before_pct)
                if change:
                    line += f" ({change})"
            n = len(view.section.criteria)
            line += " · " + (
                tr("{left} of {n} open").format(left=left, n=n) if left else tr("all scored")
            )
            view.score_label.setText(line)
            item = self.nav.item(i)
            if item is not None:
                state = tr("{n} open").format(n=left) if left else tr("✓ done")
                shown = scoring.format_percent(pct) if pct is not None else tr("not scored")
                item.setText(f"{view.section.name}\n{shown} · {state}")
                item.setToolTip(line)
                item.setForeground(Qt.GlobalColor.black)
        rows = comparison_rows(d, sections, overall, use_detail_overall=False)
        self.year_view.show_rows(d, rows)

    def _on_score_chosen(self, criterion_id: int, score: int | None, not_applicable: bool) -> None:
        if self._filling or self.live is None or self.detail is None or self.detail.locked:
            return
        self._changes += 1
        self.live.set(criterion_id, score, not_applicable)
        self._update_scores()
        db, aid = self.ctx.db, self.assessment_id
        self.tracker.in_flight += 1
        self.tracker.failed = False
        self.tracker.update_state()

        def done(_r: object) -> None:
            self.tracker.in_flight -= 1
            self.tracker.mark_saved()

        def failed(err: BaseException) -> None:
            self.tracker.in_flight -= 1
            self.tracker.failed = True
            self.tracker.update_state()
            show_error(self, err)
            self.reload()

        self.ctx.tasks.run(
            lambda: db_assessments.set_score(
                db, aid, criterion_id, score, not_applicable=not_applicable
            ),
            done,
            failed,
        )

    def _on_assessor_chosen(self, _index: int) -> None:
        if self.detail is None or self.detail.locked:
            return
        assessor = self.assessor_combo.currentData()
        db, aid = self.ctx.db, self.assessment_id
        self.ctx.tasks.run(
            lambda: db_assessments.set_assessor(db, aid, assessor),
            lambda _r: (self.tracker.mark_saved(), self.changed.emit()),
            lambda err: (show_error(self, err), self.reload()),
        )

    def _on_save_state(self, text: str) -> None:
        self.save_label.setText(text)

    # ------------------------------------------------------------------ navigation
    def _on_nav_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)

    def show_section(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def show_year_on_year(self) -> None:
        self.nav.setCurrentRow(self.nav.count() - 1)

    def show_summary(self) -> None:
        self.nav.setCurrentRow(self.nav.count() - 2)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not _alive(self) or new is None:
            return
        widget: QObject | None = new
        while widget is not None:
            if isinstance(widget, CriterionCard):
                self._set_current_card(widget)
                return
            if widget is self:
                return
            widget = widget.parent()

    def _set_current_card(self, card: CriterionCard) -> None:
        if card is self.current_card or card not in self.cards:
            return
        if self.current_card is not None and _alive(self.current_card):
            self.current_card.set_current(False)
        self.current_card = card
        card.set_current(True)

    def _card_for_action(self) -> CriterionCard | None:
        focus = QApplication.focusWidget()
        widget: QObject | None = focus
        while widget is not None:
            if isinstance(widget, CriterionCard):
                return widget
            widget = widget.parent()
        return self.current_card

    def _score_current(self, level: int) -> None:
        card = self._card_for_action()
        if card is not None:
            card.choose(level)

    def _toggle_current_na(self) -> None:
        card = self._card_for_action()
        if card is not None:
            card.toggle_not_applicable()

    def _clear_current(self) -> None:
        card = self._card_for_action()
        if card is not None:
            card.clear()

    def go_to_card(self, card: CriterionCard) -> None:
        for i, view in enumerate(self.section_views):
            if card in view.cards:
                self.nav.setCurrentRow(i)
                view.scroll.ensureWidgetVisible(card, 0, 24)
                break
        card.focus()
        self._set_current_card(card)

    def move_criterion(self, step: int) -> None:
        if not self.cards:
            return
        card = self._card_for_action()
        if card is None or card not in self.cards:
            index = 0 if step > 0 else len(self.cards) - 1
        else:
            index = max(0, min(len(self.cards) - 1, self.cards.index(card) + step))
        self.go_to_card(self.cards[index])

    def next_unscored(self) -> CriterionCard | None:
        """Go to the next open criterion after the current one (wrapping round)."""
        if not self.cards:
            return None
        card = self._card_for_action()
        start = self.cards.index(card) + 1 if card in self.cards else 0
        n = len(self.cards)
        for k in range(n):
            candidate = self.cards[(start + k) % n]
            if candidate.is_open:
                self.go_to_card(candidate)
                return candidate
        self.say(tr("Every criterion is scored or marked not applicable."))
        return None

    def _toggle_levels(self) -> None:
        show = self.levels_action.isChecked()
        self.ctx.settings.setValue("assessments/show_all_levels", show)
        for card in self.cards:
            card.show_all_levels(show)

    # ------------------------------------------------------------------ finalise and amend
    def open_finalise_dialog(self) -> FinaliseDialog | None:
        if self.detail is None or not self.finalise_button.isEnabled():
            return None
        self.tracker.flush()
        dialog = FinaliseDialog(self.detail.row, self.officers, self)
        dialog.confirmed.connect(self.finalise)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def finalise(self, assessor_id: int) -> None:
        """Lock the assessment (after every pending save)."""
        self.tracker.flush()
        db, aid = self.ctx.db, self.assessment_id

        def done(_r: object) -> None:
            self.say(tr("Finalised: the assessment is now locked."))
            self.changed.emit()
            self.reload()

        self.ctx.tasks.run(
            lambda: db_assessments.finalise(db, aid, assessor_id=assessor_id),
            done,
            lambda err: (show_error(self, err), self.reload()),
        )

    def amend(self) -> QMessageBox | None:
        d = self.detail
        if d is None or not self.amend_action.isEnabled():
            return None
        return ask(
            self,
            tr("Amend assessment"),
            tr("Make version {v} of the {year} assessment of {cluster}?").format(
                v=d.row.version + 1, cluster=d.row.cluster_short_name, year=d.row.plan_year
            ),
            tr("Make version {v}").format(v=d.row.version + 1),
            self.make_amendment,
            informative=tr(
                "The new version starts as a draft with every score and note copied. "
                "Version {v} stays final and unchanged."
            ).format(v=d.row.version),
        )

    def make_amendment(self) -> None:
        db, aid = self.ctx.db, self.assessment_id

        def done(new_id: int) -> None:
            self.changed.emit()
            self.open_assessment(new_id)
            self.say(tr("Version created: this draft amends the final assessment."))

        self.ctx.tasks.run(
            lambda: db_assessments.amend(db, aid), done, lambda err: show_error(self, err)
        )

    def open_assessment(self, assessment_id: int) -> None:
        """Show another assessment (another version) in this editor."""
        self.tracker.flush()
        self.assessment_id = assessment_id
        self.opened.emit(assessment_id)
        self.reload()

    # ------------------------------------------------------------------ reports
    def _default_folder(self) -> str:
        folder = str(self.ctx.settings.value("assessments/pdf_dir", "") or "")
        if not folder or not Path(folder).is_dir():
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            ) or str(Path.home())
        return folder

    def export_pdf(self) -> QFileDialog | None:
        d = self.detail
        if d is None:
            return None
        from app.reports.assessment_pdf import assessment_filename

        name = assessment_filename(d)
        dialog = QFileDialog(
            self, tr("Save the assessment as PDF"), str(Path(self._default_folder()) / name)
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(tr("PDF files (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self.write_pdf(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def write_pdf(self, path: Path) -> None:
        """Write the PDF on the worker (after every pending save)."""
        self.tracker.flush()
        db, aid = self.ctx.db, self.assessment_id
        self.ctx.settings.setValue("assessments/pdf_dir", str(path.parent))

        def work() -> Path:
            from app.reports.assessment_pdf import write_assessment_pdf

            return write_assessment_pdf(db, aid, path)

        self.say(tr("Writing the PDF…"))
        self.ctx.tasks.run(
            work,
            lambda written: self.say(tr("PDF written to {path}").format(path=written)),
            self._failed,
        )

    def email_assessment(self) -> None:
        """An e-mail draft to the cluster contact with the PDF attached (the shared action)."""
        if self.detail is None:
            return
        self.tracker.flush()
        from app.views.assessment_actions import email_assessment

        email_assessment(self, self.ctx, self.assessment_id)

    def _failed(self, err: BaseException) -> None:
        self.say("")
        show_error(self, err)

    # ------------------------------------------------------------------ misc
    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.message.emit(text)

    def flush(self) -> None:
        self.tracker.flush()

    @property
    def pending(self) -> bool:
        return self.tracker.pending

    def _go_back(self) -> None:
        self.tracker.flush()
        self.back_requested.emit()

    def dispose(self) -> None:
        """Save what is pending, then delete the editor once the saves are done."""
        self.tracker.flush()
        self.hide()
        self.ctx.tasks.run(
            lambda: None, lambda _r: self.deleteLater(), lambda _e: self.deleteLater()
        )

    def hideEvent(self, event: Any) -> None:
        try:
            self.tracker.flush()
        except RuntimeError:  # the worker is already shut down (the app is closing)
            logger.warning("assessment editor hidden after the database worker stopped")
        super().hideEvent(event)

    # ------------------------------------------------------------------ for tests
    def card(self, code_or_id: str | int) -> CriterionCard:
        for card in self.cards:
            if code_or_id in (card.criterion.code, card.criterion.id):
                return card
        raise KeyError(code_or_id)

    def section_score_text(self, index: int) -> str:
        return self.section_views[index].score_label.text()
