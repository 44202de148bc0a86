"""Reusable pyqtgraph charts, each with a table twin holding the same numbers.

- ``OfficerBarChart``: one horizontal bar per officer (hours logged), a target mark and an
  "expected by today" mark per bar, status colours *and* the status in words beside each bar.
- ``CumulativeChart``: an officer's cumulative hours through the year against the expected pace
  (target × elapsed share of the service period), the projection to the period's end, the target
  and today's date.
- ``HBarChart``: hours by a category (activity, cluster) as horizontal bars.
- ``ChartPanel``: a titled frame around a chart with a "Chart | Table" switch (the table is what
  screen readers read) and "Save as PNG…".

Every chart has ``save_png(path)`` (written atomically: a temporary file, then ``os.replace``)
and ``table_model()``. Charts receive plain records and never read the database.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.progress import Progress
from app.domain.records_hours import OfficerProgress
from app.errors import KnownError
from app.models.filter_proxy import RecordFilterProxy
from app.models.record_table import Column, RecordTableModel
from app.views.messages import show_error, tr
from app.views.widgets import make_table_view, section_title

logger = logging.getLogger(__name__)

# Bar colours by status; the words are always shown too (never colour alone).
GREEN, AMBER, RED = "#2e7d32", "#f0a202", "#c62828"
STATUS_COLORS: dict[str, str] = {
    "met": GREEN,
    "on_track": GREEN,
    "at_risk": AMBER,
    "behind": RED,
    "missed": RED,
}
# Darker shades for text on white (contrast ≥ 4.5:1).
STATUS_TEXT_COLORS: dict[str, str] = {
    "met": "#1b5e20",
    "on_track": "#1b5e20",
    "at_risk": "#8a5a00",
    "behind": "#b00020",
    "missed": "#b00020",
}
INK = "#1a1a1a"
MUTED = "#5f6b73"
PACE_COLOR = "#5f6b73"
LOGGED_COLOR = "#1f5f8b"
BAR_COLOR = "#3d7ea6"
SELECTED_PEN = "#0b2a3d"
PNG_FILTER = "PNG image (*.png)"


def configure_pyqtgraph() -> None:
    """White background, dark ink, antialiasing: readable on screen and in saved images.

    Called when a chart is created (not at import time), before the PlotWidget exists."""
    pg.setConfigOptions(background="w", foreground=INK, antialias=True)


def fmt_hours(hours: float) -> str:
    """Hours to one decimal, without a trailing ".0" (83.25 → "83.3", 100.0 → "100")."""
    return f"{round(hours, 1):g}"


# --------------------------------------------------------------------------- saving images
def write_image_atomically(image: QImage, path: str | os.PathLike[str]) -> Path:
    """Write ``image`` as PNG to ``path`` through a temporary file in the same folder, so a
    crash or a full disk never leaves a half-written file under the chosen name."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".png", dir=target.parent)
    except OSError as err:
        raise KnownError(
            tr("Cannot save the image in {folder}: {reason}.").format(
                folder=target.parent, reason=err.strerror or err
            )
        ) from err
    os.close(fd)
    try:
        if not image.save(tmp, "PNG"):
            raise KnownError(
                tr("Cannot write the image {path} (is the disk full?).").format(path=target)
            )
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; use the usual mode
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    logger.info("chart saved to %s", target)
    return target


# --------------------------------------------------------------------------- base chart
class ChartWidget(pg.PlotWidget):
    """A static chart: no pan or zoom, no pyqtgraph menu; readable fonts; saves itself as PNG."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        configure_pyqtgraph()
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setAccessibleDescription(
            tr("Chart. Switch to the table beside it to read the same numbers.")
        )
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.plotItem.getViewBox().setDefaultPadding(0.0)
        self._shrinkable_title()
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0))
        self.tick_font = font
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setTickFont(font)
            axis.setTextPen(pg.mkPen(INK))
            axis.setPen(pg.mkPen("#9aa5ad"))

    def set_axis_label(self, axis: str, text: str) -> None:
        # No ``units``: pyqtgraph would rescale hours with SI prefixes ("kh").
        self.setLabel(axis, text, color=INK, **{"font-size": f"{self.tick_font.pointSizeF()}pt"})

    def set_category_ticks(self, labels: Sequence[str], room_for: str = "") -> None:
        """Category names on the left axis, top to bottom; the axis is made wide enough for the
        longest name plus ``room_for`` (pyqtgraph would otherwise hide names that do not fit)."""
        axis = self.getAxis("left")
        axis.setTicks([[(i, label) for i, label in enumerate(labels)]])
        metrics = QFontMetrics(self.tick_font)
        widest = max((metrics.horizontalAdvance(room_for + lb) for lb in labels), default=20)
        axis.setWidth(min(widest + 14, 280))

    def set_heading(self, html: str) -> None:
        """The line(s) above the plot (part of the saved image); "" hides it."""
        self.plotItem.setTitle(html or None, color=INK, size=f"{self.tick_font.pointSizeF()}pt")
        if html:
            height = self.plotItem.titleLabel.itemRect().height() + 2
            self.plotItem.titleLabel.setMaximumHeight(height)
            self.plotItem.layout.setRowFixedHeight(0, height)

    def _shrinkable_title(self) -> None:
        """pyqtgraph makes the plot at least as wide as its title, so a long title on a narrow
        chart pushes the plot out of the widget; here the title asks for its height only."""
        title = self.plotItem.titleLabel

        def update_min() -> None:
            bounds = title.itemRect()
            title.setMinimumWidth(0)
            title.setMinimumHeight(bounds.height())
            title._sizeHint = {
                Qt.SizeHint.MinimumSize: (0, bounds.height()),
                Qt.SizeHint.PreferredSize: (bounds.width(), bounds.height()),
                Qt.SizeHint.MaximumSize: (-1, -1),
                Qt.SizeHint.MinimumDescent: (0, 0),
            }
            title.updateGeometry()

        title.updateMin = update_min

    def render_image(self, scale: float = 2.0) -> QImage:
        """The chart as it looks on screen, at ``scale`` × its size (crisp in documents)."""
        size = self.size()
        w, h = max(size.width(), 320), max(size.height(), 200)
        if (w, h) != (size.width(), size.height()):
            self.resize(w, h)
        image = QImage(int(w * scale), int(h * scale), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # QGraphicsView.render draws the visible part of the scene into the whole target,
        # scaled as vectors: lines and text stay sharp at any scale
        self.render(painter, QRectF(0, 0, w * scale, h * scale), self.viewport().rect())
        painter.end()
        return image

    def save_png(self, path: str | os.PathLike[str]) -> Path:
        return write_image_atomically(self.render_image(), path)

    def table_model(self) -> RecordTableModel[Any]:
        raise NotImplementedError


# --------------------------------------------------------------------------- officers' bars
def officer_columns() -> list[Column[OfficerProgress]]:
    """Status second, so that the words stay in view however narrow the table."""

    def status_color(r: OfficerProgress) -> QColor:
        return QColor(STATUS_TEXT_COLORS[r.progress.status])

    def hours(title: str, get: Any, fmt: str = "g") -> Column[OfficerProgress]:
        return Column(
            title,
            lambda r: get(r.progress),
            text=lambda r: format(get(r.progress), fmt),
            align_right=True,
        )

    return [
        Column(tr("Officer"), lambda r: r.officer, tooltip=lambda r: r.progress.sentence()),
        Column(
            tr("Status"),
            lambda r: r.progress.status_label,
            text=lambda r: tr(r.progress.status_label),
            tooltip=lambda r: r.progress.sentence(),
            foreground=status_color,
        ),
        hours(tr("Logged h"), lambda p: p.logged),
        hours(tr("Target h"), lambda p: p.target),
        hours(tr("Expected h"), lambda p: p.expected, ".1f"),
        hours(tr("Projected h"), lambda p: p.projected, ".0f"),
        hours(tr("Needed h/month"), lambda p: p.needed_per_month, ".1f"),
    ]


class OfficerBarChart(ChartWidget):
    """Hours per officer: one horizontal bar each, top to bottom in the order given."""

    officer_clicked = Signal(int)
    officer_double_clicked = Signal(int)

    BAR_HEIGHT = 0.62

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Hours per officer"), parent)
        self.rows: list[OfficerProgress] = []
        self.selected_id: int | None = None
        self._model: RecordTableModel[OfficerProgress] = RecordTableModel(officer_columns(), self)
        vb = self.plotItem.getViewBox()
        vb.invertY(True)
        self.showGrid(x=True, y=False, alpha=0.25)
        self.set_axis_label("bottom", tr("Hours logged this year (h)"))
        self.set_heading(self._legend_html())
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=self.BAR_HEIGHT)
        self.addItem(self.bars)
        self.target_marks = pg.PlotDataItem(
            [], [], connect="pairs", pen=pg.mkPen(INK, width=3), name=tr("target")
        )
        self.expected_marks = pg.PlotDataItem(
            [],
            [],
            connect="pairs",
            pen=pg.mkPen(INK, width=1.5, style=Qt.PenStyle.DashLine),
            name=tr("expected by today"),
        )
        self.addItem(self.target_marks)
        self.addItem(self.expected_marks)
        self.labels: list[pg.TextItem] = []
        self.empty_text = pg.TextItem("", color=MUTED, anchor=(0.5, 0.5))
        self.addItem(self.empty_text, ignoreBounds=True)
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        vb.sigResized.connect(self._fit_x_range)

    @staticmethod
    def _legend_html() -> str:
        def swatch(color: str, text: str) -> str:
            return f"<span style='color:{color}'>■</span>&nbsp;{text}"

        colours = "&nbsp;&nbsp; ".join(
            [
                swatch(GREEN, tr("met / on track")),
                swatch(AMBER, tr("at risk")),
                swatch(RED, tr("behind / missed")),
            ]
        )
        marks = f"<b>┃</b>&nbsp;{tr('target')} &nbsp;&nbsp; ┆&nbsp;{tr('expected by today')}"
        return f"{colours}<br>{marks}"

    # -- data
    def table_model(self) -> RecordTableModel[OfficerProgress]:
        return self._model

    def set_rows(self, rows: Sequence[OfficerProgress], selected_id: int | None = None) -> None:
        self.rows = list(rows)
        self.selected_id = selected_id
        self._model.set_rows(self.rows)
        for label in self.labels:
            self.removeItem(label)
        self.labels = []
        n = len(self.rows)
        ys = np.arange(n, dtype=float)
        logged = np.array([r.progress.logged for r in self.rows], dtype=float)
        self.bars.setOpts(
            x0=np.zeros(n), y=ys, width=logged, height=self.BAR_HEIGHT, **self._styles()
        )
        half = self.BAR_HEIGHT / 2 + 0.08
        tx = np.repeat([r.progress.target for r in self.rows], 2).astype(float)
        ex = np.repeat([r.progress.expected for r in self.rows], 2).astype(float)
        my = np.ravel(np.column_stack([ys - half, ys + half])) if n else np.array([])
        self.target_marks.setData(tx, my, connect="pairs")
        over = {i for i, r in enumerate(self.rows) if r.progress.over}
        keep = np.array([i // 2 not in over for i in range(2 * n)], dtype=bool)
        self.expected_marks.setData(ex[keep] if n else ex, my[keep] if n else my, connect="pairs")
        for i, r in enumerate(self.rows):
            p = r.progress
            color = STATUS_TEXT_COLORS[p.status]
            text = pg.TextItem(
                html=(
                    f"<span style='color:{color}'><b>{tr(p.status_label)}</b></span>"
                    f"<span style='color:{INK}'> · {fmt_hours(p.logged)} "
                    f"{tr('of')} {p.target:g} h</span>"
                ),
                anchor=(0, 0.5),
            )
            text.setFont(self.tick_font)
            text.setPos(max(p.logged, p.target), i)
            self.addItem(text, ignoreBounds=True)
            self.labels.append(text)
        self._officer_ticks()
        self.empty_text.setText(
            "" if n else tr("No officer served in this year: nothing to compare.")
        )
        self.setMinimumHeight(max(240, 90 + 34 * n))
        self._fit_x_range()

    def _styles(self) -> dict[str, Any]:
        brushes, pens = [], []
        for r in self.rows:
            brushes.append(pg.mkBrush(STATUS_COLORS[r.progress.status]))
            if r.officer_id == self.selected_id:
                pens.append(pg.mkPen(SELECTED_PEN, width=3))
            else:
                pens.append(pg.mkPen("#ffffff", width=1))
        if not pens:  # pyqtgraph 0.14 fails on empty lists (UnboundLocalError in BarGraphItem)
            return {"brushes": None, "pens": None, "brush": pg.mkBrush(GREEN), "pen": None}
        return {"brushes": brushes, "pens": pens}

    def set_selected(self, officer_id: int | None) -> None:
        self.selected_id = officer_id
        if self.rows:
            self.bars.setOpts(**self._styles())
        self._officer_ticks()

    def _officer_ticks(self) -> None:
        self.set_category_ticks(
            [("▶ " if r.officer_id == self.selected_id else "") + r.officer for r in self.rows],
            room_for="▶ ",
        )

    def _fit_x_range(self) -> None:
        """Leave room right of the longest bar for its words, whatever the chart's width."""
        n = len(self.rows)
        vb = self.plotItem.getViewBox()
        if not n:
            vb.setRange(xRange=(0, 100), yRange=(-0.5, 0.5), padding=0)
            self.empty_text.setPos(50, 0)
            return
        ends = [max(r.progress.logged, r.progress.target, 1.0) for r in self.rows]
        widths = [lbl.boundingRect().width() + 12 for lbl in self.labels]
        pixels = max(vb.width(), 100.0)
        # the x range [0, X] must satisfy end_i + w_i · X / pixels ≤ X for every bar
        xmax = max(end / max(1 - w / pixels, 0.25) for end, w in zip(ends, widths, strict=True))
        vb.setRange(xRange=(0, xmax), yRange=(-0.6, n - 0.4), padding=0)

    # -- clicks
    def officer_at(self, scene_pos: QPointF) -> int | None:
        """The officer whose row is at ``scene_pos`` (on the bar, its words or its name)."""
        vb = self.plotItem.getViewBox()
        rect = vb.sceneBoundingRect().united(self.getAxis("left").sceneBoundingRect())
        if not rect.contains(scene_pos) or not self.rows:
            return None
        y = vb.mapSceneToView(scene_pos).y()
        i = int(round(y))
        if 0 <= i < len(self.rows) and abs(y - i) <= 0.5:
            return self.rows[i].officer_id
        return None

    def bar_center(self, officer_id: int) -> QPoint:
        """Where a bar is in widget (viewport) coordinates: for tests and keyboard focus."""
        i = next(k for k, r in enumerate(self.rows) if r.officer_id == officer_id)
        p = self.rows[i].progress
        vb = self.plotItem.getViewBox()
        scene = vb.mapViewToScene(QPointF(max(p.logged, 1.0) / 2, i))
        return self.mapFromScene(scene)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        oid = self.officer_at(scene_pos)
        row = next((r for r in self.rows if r.officer_id == oid), None)
        self.setToolTip(f"{row.officer}: {row.progress.sentence()}" if row else "")

    def _on_scene_clicked(self, ev: Any) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        oid = self.officer_at(ev.scenePos())
        if oid is None:
            return
        ev.accept()
        if ev.double():
            self.officer_double_clicked.emit(oid)
        else:
            self.officer_clicked.emit(oid)


# --------------------------------------------------------------------------- cumulative pace
@dataclass(frozen=True)
class PacePoint:
    """One month of the cumulative chart's table."""

    month: str
    until: dt.date
    logged: float
    cumulative: float
    expected: float

    @property
    def difference(self) -> float:
        return self.cumulative - self.expected


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def expected_at(p: Progress, day: dt.date) -> float:
    """Hours expected by the end of ``day`` at an even pace through the service period."""
    total = (p.period_end - p.period_start).days + 1
    elapsed = min(max((day - p.period_start).days + 1, 0), total)
    return p.target * elapsed / total


def pace_points(
    p: Progress, daily: Sequence[tuple[dt.date, float]], as_of: dt.date
) -> list[PacePoint]:
    """Month by month up to ``as_of``: logged, cumulative, expected at pace (the chart's table)."""
    out: list[PacePoint] = []
    cumulative = 0.0
    last_day = min(as_of, dt.date(p.year, 12, 31))
    for month in range(1, 13):
        first = dt.date(p.year, month, 1)
        if first > last_day:
            break
        end = dt.date(p.year, month, calendar.monthrange(p.year, month)[1])
        until = min(end, last_day)
        logged = sum(h for d, h in daily if first <= d <= until)
        cumulative += logged
        name = f"{calendar.month_name[month]} {p.year}"
        if until < end:
            name += " " + tr("(to the {day})").format(day=_ordinal(until.day))
        out.append(
            PacePoint(
                month=name,
                until=until,
                logged=logged,
                cumulative=cumulative,
                expected=expected_at(p, until),
            )
        )
    return out


def pace_columns() -> list[Column[PacePoint]]:
    return [
        Column(tr("Month"), lambda r: r.until, text=lambda r: r.month),
        Column(
            tr("Logged h"), lambda r: r.logged, text=lambda r: fmt_hours(r.logged), align_right=True
        ),
        Column(
            tr("Cumulative h"),
            lambda r: r.cumulative,
            text=lambda r: fmt_hours(r.cumulative),
            align_right=True,
        ),
        Column(
            tr("Expected h"),
            lambda r: r.expected,
            text=lambda r: f"{r.expected:.1f}",
            align_right=True,
        ),
        Column(
            tr("Ahead (+) / behind (−) h"),
            lambda r: r.difference,
            text=lambda r: f"{r.difference:+.1f}".replace("-", "−"),
            align_right=True,
        ),
    ]


class CumulativeChart(ChartWidget):
    """An officer's cumulative hours through the year against the expected pace line.

    x is days since 1 January (x = n is the end of the n-th day), y is hours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Cumulative hours against the expected pace"), parent)
        self.progress: Progress | None = None
        self.as_of: dt.date | None = None
        self._model: RecordTableModel[PacePoint] = RecordTableModel(pace_columns(), self)
        self.showGrid(x=True, y=True, alpha=0.2)
        self.set_axis_label("left", tr("Cumulative hours (h)"))
        # Top left: every line starts at the bottom left and rises, so this corner stays empty
        # until late in the year; opaque, so a line passing under it does not show through.
        self.legend = self.addLegend(offset=(6, 6), labelTextColor=INK, labelTextSize="9pt")
        self.legend.setBrush(pg.mkBrush("#ffffff"))
        self.legend.setPen(pg.mkPen("#c9d3da"))
        self.legend.setZValue(20)
        self.logged_curve = self.plot(
            [], [], pen=pg.mkPen(LOGGED_COLOR, width=3), name=tr("hours logged")
        )
        self.pace_curve = self.plot(
            [],
            [],
            pen=pg.mkPen(PACE_COLOR, width=2, style=Qt.PenStyle.DashLine),
            name=tr("expected pace"),
        )
        self.projection_curve = self.plot(
            [],
            [],
            pen=pg.mkPen(LOGGED_COLOR, width=2, style=Qt.PenStyle.DotLine),
            name=tr("projection"),
        )
        self.target_line = pg.InfiniteLine(
            angle=0,
            movable=False,
            pen=pg.mkPen(INK, width=1, style=Qt.PenStyle.DashLine),
            label="",
            labelOpts={
                "position": 0.75,
                "color": INK,
                "fill": (255, 255, 255, 230),
                "anchors": [(0.5, 1), (0.5, 1)],
            },
        )
        self.today_line = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pg.mkPen("#b00020", width=1.5),
            label="",
            labelOpts={
                "position": 0.02,
                "color": "#b00020",
                "fill": (255, 255, 255, 230),
                "anchors": [(1, 1), (1, 1)],
            },
        )
        self.addItem(self.target_line, ignoreBounds=True)
        self.addItem(self.today_line, ignoreBounds=True)
        self.empty_text = pg.TextItem("", color=MUTED, anchor=(0.5, 0.5))
        self.addItem(self.empty_text, ignoreBounds=True)
        self._tick_year = dt.date.today().year
        self.getViewBox().sigResized.connect(lambda *_: self._month_ticks())
        self.clear_data(tr("Select an officer\nto see their pace\nthrough the year."))

    def table_model(self) -> RecordTableModel[PacePoint]:
        return self._model

    @staticmethod
    def day_x(year: int, day: dt.date) -> float:
        return float((day - dt.date(year, 1, 1)).days)

    def _month_ticks(self, year: int | None = None) -> None:
        # grid lines at the month starts, the month names in the middle of each month; on a
        # narrow chart the names shrink to their first letter rather than run together
        year = year or self._tick_year
        self._tick_year = year
        metrics = QFontMetrics(self.tick_font)
        room = self.getViewBox().width() / 12
        short = room < metrics.horizontalAdvance("May") + 8
        starts = [(self.day_x(year, dt.date(year, m, 1)), "") for m in range(1, 13)]
        names = [
            (
                self.day_x(year, dt.date(year, m, 15)),
                calendar.month_abbr[m][0] if short else calendar.month_abbr[m],
            )
            for m in range(1, 13)
        ]
        axis = self.getAxis("bottom")
        axis.setTicks([starts, names])
        axis.setStyle(maxTickLevel=1, maxTextLevel=1, textFillLimits=[(0, 0.95), (12, 0.95)])
        # the empty names of the first level would let pyqtgraph shrink the axis to nothing
        axis.setHeight(QFontMetrics(self.tick_font).height() + 10)

    def clear_data(self, message: str, year: int | None = None) -> None:
        self.progress = None
        for curve in (self.pace_curve, self.projection_curve, self.logged_curve):
            curve.setData([], [])
        self.target_line.hide()
        self.today_line.hide()
        self._model.set_rows([])
        year = year or dt.date.today().year
        self._month_ticks(year)
        self.set_heading(tr("Cumulative hours, {year}").format(year=year))
        self.empty_text.setText(message)
        self.empty_text.setPos(182, 50)
        self.legend.hide()  # nothing drawn: a legend would only add noise
        self.setXRange(-4, 366, padding=0)
        self.setYRange(-1.5, 100, padding=0)

    def set_data(
        self,
        name: str,
        p: Progress,
        daily: Sequence[tuple[dt.date, float]],
        as_of: dt.date,
    ) -> None:
        self.progress, self.as_of = p, as_of
        year = p.year
        self.empty_text.setText("")
        self.legend.show()
        self._month_ticks(year)
        self.set_heading(f"<b>{_esc(name)}</b>, {year}")
        last_day = min(as_of, dt.date(year, 12, 31))
        # Logged: a step up on each day with hours, up to the end of ``last_day``.
        xs, ys, cum = [0.0], [0.0], 0.0
        for day, hours in daily:
            if day > last_day:
                break
            x = self.day_x(year, day)
            xs += [x, x]
            ys += [cum, cum + hours]
            cum += hours
        end_x = self.day_x(year, last_day) + 1
        xs.append(end_x)
        ys.append(cum)
        self.logged_curve.setData(np.array(xs), np.array(ys))
        # Pace: 0 at the start of the service period, the target at its end.
        start_x = self.day_x(year, p.period_start)
        stop_x = self.day_x(year, p.period_end) + 1
        self.pace_curve.setData(np.array([start_x, stop_x]), np.array([0.0, p.target]))
        if p.over or end_x >= stop_x:
            self.projection_curve.setData([], [])
        else:
            self.projection_curve.setData(np.array([end_x, stop_x]), np.array([cum, p.projected]))
        self.target_line.show()  # show first: a hidden label ignores new text
        self.target_line.setValue(p.target)
        self.target_line.label.setFormat(f"{tr('target')} {p.target:g} h")
        if as_of.year == year:
            self.today_line.show()
            self.today_line.setValue(end_x)
            self.today_line.label.setFormat(
                f"{tr('today')}, {as_of.day} {calendar.month_abbr[as_of.month]}"
            )
        else:
            self.today_line.hide()
        ymax = max(p.target, cum, p.projected if not p.over else 0.0, 1.0) * 1.12
        self.setXRange(-4, self.day_x(year, dt.date(year, 12, 31)) + 1, padding=0)
        self.setYRange(-ymax * 0.015, ymax, padding=0)
        self._model.set_rows(pace_points(p, daily, as_of))


# --------------------------------------------------------------------------- hours by category
@dataclass(frozen=True)
class ShareRow:
    label: str
    hours: float
    share: float  # of the total, 0..1


def share_rows(rows: Sequence[tuple[str, float]]) -> list[ShareRow]:
    total = sum(h for _, h in rows) or 1.0
    return [ShareRow(label, hours, hours / total) for label, hours in rows]


def share_columns(category: str) -> list[Column[ShareRow]]:
    return [
        Column(category, lambda r: r.label),
        Column(tr("Hours"), lambda r: r.hours, text=lambda r: fmt_hours(r.hours), align_right=True),
        Column(
            tr("Share of hours"),
            lambda r: r.share,
            text=lambda r: f"{r.share:.0%}",
            align_right=True,
        ),
    ]


class HBarChart(ChartWidget):
    """Hours by category, largest first, top to bottom; at most ``max_bars`` bars (the rest are
    summed into one "other" bar; the table always lists every category)."""

    BAR_HEIGHT = 0.66
    MIN_ROWS = 6  # a few categories keep ordinary bars, at the top

    def __init__(
        self, accessible_name: str, category: str, max_bars: int = 12, parent: QWidget | None = None
    ) -> None:
        super().__init__(accessible_name, parent)
        self.category = category
        self.max_bars = max_bars
        self.rows: list[ShareRow] = []
        self.shown: list[tuple[str, float]] = []
        self._model: RecordTableModel[ShareRow] = RecordTableModel(share_columns(category), self)
        self.getViewBox().invertY(True)
        self.showGrid(x=True, y=False, alpha=0.25)
        self.set_axis_label("bottom", tr("Hours (h)"))
        self.bars = pg.BarGraphItem(
            x0=[], y=[], width=[], height=self.BAR_HEIGHT, brush=pg.mkBrush(BAR_COLOR), pen=None
        )
        self.addItem(self.bars)
        self.labels: list[pg.TextItem] = []
        self.empty_text = pg.TextItem("", color=MUTED, anchor=(0.5, 0.5))
        self.addItem(self.empty_text, ignoreBounds=True)
        self.getViewBox().sigResized.connect(self._fit_x_range)

    def table_model(self) -> RecordTableModel[ShareRow]:
        return self._model

    def set_rows(self, rows: Sequence[tuple[str, float]], heading: str = "") -> None:
        ordered = sorted(rows, key=lambda r: -r[1])
        self.rows = share_rows(ordered)
        self._model.set_rows(self.rows)
        shown = list(ordered)
        if len(shown) > self.max_bars:
            rest = shown[self.max_bars - 1 :]
            shown = shown[: self.max_bars - 1]
            shown.append((tr("{n} others").format(n=len(rest)), sum(h for _, h in rest)))
        self.shown = shown
        for label in self.labels:
            self.removeItem(label)
        self.labels = []
        n = len(shown)
        hours = np.array([h for _, h in shown], dtype=float)
        self.bars.setOpts(x0=np.zeros(n), y=np.arange(n, dtype=float), width=hours)
        total = sum(h for _, h in ordered) or 1.0
        for i, (_label, h) in enumerate(shown):
            text = pg.TextItem(f"{fmt_hours(h)} h ({h / total:.0%})", color=INK, anchor=(0, 0.5))
            text.setFont(self.tick_font)
            text.setPos(h, i)
            self.addItem(text, ignoreBounds=True)
            self.labels.append(text)
        self.set_category_ticks([label for label, _h in shown])
        self.set_heading(heading)
        self.empty_text.setText("" if n else tr("No hours logged."))
        self.setMinimumHeight(max(200, 90 + 26 * n))
        self._fit_x_range()

    def _fit_x_range(self) -> None:
        vb = self.getViewBox()
        n = len(self.shown)
        if not n:
            vb.setRange(xRange=(0, 10), yRange=(-0.5, 0.5), padding=0)
            self.empty_text.setPos(5, 0)
            return
        pixels = max(vb.width(), 100.0)
        xmax = max(
            max(h, 0.1) / max(1 - (lbl.boundingRect().width() + 10) / pixels, 0.25)
            for (_l, h), lbl in zip(self.shown, self.labels, strict=True)
        )
        vb.setRange(xRange=(0, xmax), yRange=(-0.6, max(n, self.MIN_ROWS) - 0.4), padding=0)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- the panel
class ChartPanel(QFrame):
    """A chart with its title, a "Chart | Table" switch and "Save as PNG…".

    The table shows the same numbers as the chart, for screen readers and for copying; the
    choice of chart or table is remembered in the settings under ``key``."""

    saved = Signal(str)

    def __init__(
        self,
        title: str,
        chart: ChartWidget,
        key: str,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chartPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chart = chart
        self.key = key
        self.settings = settings
        self.title = section_title(title)
        self.title.setWordWrap(True)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(chart.table_model())
        self.table: QTableView = make_table_view(
            tr("{title}: table").format(title=title), sortable=True
        )
        self.table.setModel(self.proxy)
        self.table.setMinimumHeight(200)

        self.chart_button = QToolButton()
        self.chart_button.setText(tr("Chart"))
        self.table_button = QToolButton()
        self.table_button.setText(tr("Table"))
        group = QButtonGroup(self)
        for i, b in enumerate((self.chart_button, self.table_button)):
            b.setCheckable(True)
            group.addButton(b, i)
        self.chart_button.setToolTip(tr("Show the chart"))
        self.table_button.setToolTip(tr("Show the same numbers as a table (for screen readers)"))
        self.chart_button.setAccessibleName(tr("{title}: show the chart").format(title=title))
        self.table_button.setAccessibleName(tr("{title}: show the table").format(title=title))
        self.save_button = QToolButton()
        self.save_button.setText(tr("Save as PNG…"))
        self.save_button.setToolTip(tr("Save this chart as a PNG image"))
        self.save_button.setAccessibleName(tr("{title}: save as PNG").format(title=title))
        self.save_button.clicked.connect(self.ask_save)

        self.stack = QStackedWidget()
        self.stack.addWidget(chart)
        self.stack.addWidget(self.table)
        group.idClicked.connect(self.show_view)

        head = QHBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.title, 1)
        head.addWidget(self.chart_button)
        head.addWidget(self.table_button)
        head.addSpacing(8)
        head.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.stack, 1)

        chart.customContextMenuRequested.connect(self._context_menu)
        self.save_action = QAction(tr("Save as PNG…"), self)
        self.save_action.triggered.connect(self.ask_save)
        self.table_action = QAction(tr("Show as table"), self)
        self.table_action.triggered.connect(lambda: self.show_view(1))

        start = 0
        if settings is not None:
            start = 1 if settings.value(f"dashboard/{key}/view", "chart") == "table" else 0
        self.show_view(start)

    def set_title(self, title: str) -> None:
        self.title.setText(title)

    def showing_table(self) -> bool:
        return self.stack.currentIndex() == 1

    def show_view(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        (self.chart_button if index == 0 else self.table_button).setChecked(True)
        if self.settings is not None:
            self.settings.setValue(f"dashboard/{self.key}/view", "table" if index else "chart")

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.save_action)
        menu.addAction(self.table_action)
        menu.exec(self.chart.mapToGlobal(pos))

    def default_path(self) -> str:
        folder = ""
        if self.settings is not None:
            folder = str(self.settings.value("dashboard/last_png_folder", "") or "")
        if not folder or not Path(folder).is_dir():
            folder = str(Path.home())
        return str(Path(folder) / f"{self.key}.png")

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save the chart as PNG"), self.default_path(), tr(PNG_FILTER)
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str | os.PathLike[str]) -> Path | None:
        target = Path(path)
        if target.suffix.lower() != ".png":
            target = target.with_name(target.name + ".png")
        try:
            written = self.chart.save_png(target)
        except KnownError as err:
            show_error(self, err, tr("Save as PNG"))
            return None
        if self.settings is not None:
            self.settings.setValue("dashboard/last_png_folder", str(written.parent))
        self.saved.emit(str(written))
        return written
