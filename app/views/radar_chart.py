"""A maturity radar chart drawn with pyqtgraph: polar lines on a ``PlotWidget`` with equal aspect.

One spoke per dimension (the first at the top, then clockwise), rings for levels 1 to 5, the
dimension names around the outside. Up to three series, told apart by colour *and* line style
*and* marker: the profile (solid, filled, circles), the previous profile (dashed, squares) and an
average — the network's or the peers' of the same lifecycle stage (dotted, triangles).

The chart fits itself to its size: the scale is chosen so that every label stays inside the plot
(no clipped names). Its table twin (``table_model()``) holds the same numbers with the change since
the previous profile in words, for screen readers and for reading exact values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem, QWidget

from app.models.maturity_models import (
    DEFAULT_LEVEL_LABELS,
    DimensionTableModel,
    dimension_rows,
    hyphenate,
)
from app.views.charts import INK, MUTED, ChartWidget
from app.views.messages import tr

LATEST_COLOR = "#1f5f8b"
PREVIOUS_COLOR = "#4a4a4a"
AVERAGE_COLOR = "#b35c00"
RING_COLOR = "#c9d3da"
LEVELS = 5
LABEL_RADIUS = 5.35  # where the dimension names sit (level 5 is the outer ring)
PAD_PX = 6.0


@dataclass(frozen=True)
class RadarSeries:
    """A series of the chart: its legend text and its level per dimension name."""

    label: str
    levels: dict[str, float]


def polar(values: Sequence[float | None]) -> tuple[np.ndarray, np.ndarray]:
    """x, y of a closed polygon: value i on spoke i (spoke 0 at the top, then clockwise).

    A missing value is ``nan`` (the line breaks there)."""
    n = len(values)
    if n == 0:
        return np.array([]), np.array([])
    r = np.array([np.nan if v is None else float(v) for v in values] + [values[0] or np.nan])
    theta = np.array([2 * math.pi * i / n for i in range(n)] + [0.0])
    return r * np.sin(theta), r * np.cos(theta)


LABEL_CHARS = 14  # a dimension name wraps at about this many characters


def wrap_label(name: str, width: int = LABEL_CHARS) -> str:
    """The name as HTML on short lines; long words may break at a soft hyphen."""
    words, lines, line = name.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return "<br>".join(_esc(hyphenate(x, width)) for x in lines)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class RadarChart(ChartWidget):
    """The profile, the previous profile and an average on one radar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Maturity radar chart"), parent)
        self.hideAxis("left")
        self.hideAxis("bottom")
        self.setAspectLocked(True)
        self.setMinimumSize(360, 320)
        self.dimensions: list[str] = []
        self.series: dict[str, RadarSeries | None] = {}
        self._model = DimensionTableModel(self)
        self._grid: list[pg.PlotDataItem] = []
        self._ring_labels: list[pg.TextItem] = []
        self.labels: list[pg.TextItem] = []
        self.fill = QGraphicsPolygonItem()
        fill = QColor(LATEST_COLOR)
        fill.setAlpha(45)
        self.fill.setBrush(fill)
        self.fill.setPen(pg.mkPen(None))
        self.addItem(self.fill)
        self.average_curve = pg.PlotDataItem(
            [],
            [],
            pen=pg.mkPen(AVERAGE_COLOR, width=2.2, style=Qt.PenStyle.DotLine),
            symbol="t",
            symbolSize=9,
            symbolBrush=pg.mkBrush(AVERAGE_COLOR),
            symbolPen=pg.mkPen("#ffffff"),
            connect="finite",
        )
        self.previous_curve = pg.PlotDataItem(
            [],
            [],
            pen=pg.mkPen(PREVIOUS_COLOR, width=2, style=Qt.PenStyle.DashLine),
            symbol="s",
            symbolSize=7,
            symbolBrush=pg.mkBrush("#ffffff"),
            symbolPen=pg.mkPen(PREVIOUS_COLOR, width=1.5),
            connect="finite",
        )
        self.latest_curve = pg.PlotDataItem(
            [],
            [],
            pen=pg.mkPen(LATEST_COLOR, width=3),
            symbol="o",
            symbolSize=8,
            symbolBrush=pg.mkBrush(LATEST_COLOR),
            symbolPen=pg.mkPen("#ffffff"),
            connect="finite",
        )
        for curve in (self.average_curve, self.previous_curve, self.latest_curve):
            self.addItem(curve)
        self.empty_text = pg.TextItem("", color=MUTED, anchor=(0.5, 0.5))
        self.addItem(self.empty_text, ignoreBounds=True)
        self.label_font = QFont(self.tick_font)
        self.getViewBox().sigResized.connect(self.fit)
        self.set_profile([], None, None, None)

    # ------------------------------------------------------------------ data
    def table_model(self) -> DimensionTableModel:
        return self._model

    def set_profile(
        self,
        dimensions: Sequence[str],
        latest: RadarSeries | None,
        previous: RadarSeries | None,
        average: RadarSeries | None,
        *,
        level_labels: Sequence[str] = DEFAULT_LEVEL_LABELS,
        average_title: str | None = None,
        empty_message: str = "",
    ) -> None:
        """Draw ``latest`` against ``previous`` and ``average`` on the given dimensions."""
        self.dimensions = list(dimensions)
        self.series = {"latest": latest, "previous": previous, "average": average}
        self._draw_grid()
        for key, curve in (
            ("latest", self.latest_curve),
            ("previous", self.previous_curve),
            ("average", self.average_curve),
        ):
            s = self.series[key]
            if s is None or not self.dimensions:
                curve.setData([], [])
                continue
            xs, ys = polar([s.levels.get(d) for d in self.dimensions])
            curve.setData(xs, ys, connect="finite")
        if latest is not None and self.dimensions:
            xs, ys = polar([latest.levels.get(d) or 0.0 for d in self.dimensions])
            self.fill.setPolygon(QPolygonF([QPointF(x, y) for x, y in zip(xs, ys, strict=True)]))
        else:
            self.fill.setPolygon(QPolygonF())
        self.set_heading(self._legend_html())
        if average_title is not None:
            self._model.set_average_title(average_title)
        self._model.set_rows(
            dimension_rows(
                self.dimensions,
                {k: int(v) for k, v in (latest.levels if latest else {}).items()},
                ({k: int(v) for k, v in previous.levels.items()} if previous is not None else None),
                dict(average.levels) if average else {},
                level_labels,
            )
        )
        self.empty_text.setText(empty_message if not self.dimensions or latest is None else "")
        self.setAccessibleDescription(self.describe())
        self.fit()

    def describe(self) -> str:
        """The chart in one sentence (accessible description)."""
        latest = self.series.get("latest")
        if latest is None or not self.dimensions:
            return tr("Radar chart: no profile to show.")
        parts = [f"{d} {latest.levels[d]:g}" for d in self.dimensions if d in latest.levels]
        return tr(
            "Radar chart of {label}: {levels}. The table beside it has the same numbers."
        ).format(label=latest.label, levels="; ".join(parts))

    def _legend_html(self) -> str:
        entries = []
        styles = {
            "latest": (LATEST_COLOR, "━━●"),
            "previous": (PREVIOUS_COLOR, "╍╍■"),
            "average": (AVERAGE_COLOR, "┈┈▲"),
        }
        for key, (color, mark) in styles.items():
            s = self.series.get(key)
            if s is not None:
                entries.append(
                    f"<span style='color:{color}'><b>{mark}</b></span>&nbsp;{_esc(s.label)}"
                )
        return "<br>".join(entries)

    # ------------------------------------------------------------------ drawing
    def _draw_grid(self) -> None:
        for item in self._grid + self._ring_labels + self.labels:
            self.removeItem(item)
        self._grid, self._ring_labels, self.labels = [], [], []
        n = len(self.dimensions)
        if n < 3:
            return
        ring_pen = pg.mkPen(RING_COLOR, width=1)
        for level in range(1, LEVELS + 1):
            xs, ys = polar([float(level)] * n)
            pen = pg.mkPen("#9aa5ad", width=1.2) if level == LEVELS else ring_pen
            ring = pg.PlotDataItem(xs, ys, pen=pen)
            ring.setZValue(-10)
            self.addItem(ring)
            self._grid.append(ring)
            # on the bisector between the first two spokes: never under a data marker
            tick = pg.TextItem(str(level), color=MUTED, anchor=(0.5, 0.5))
            font = QFont(self.tick_font)
            font.setPointSizeF(max(font.pointSizeF() - 1, 7.5))
            tick.setFont(font)
            half = math.pi / n
            ring_r = level * math.cos(half)  # the ring's edge midway between the spokes
            tick.setPos(ring_r * math.sin(half), ring_r * math.cos(half))
            tick.setZValue(-5)
            self.addItem(tick, ignoreBounds=True)
            self._ring_labels.append(tick)
        spokes_x, spokes_y = [], []
        for i in range(n):
            theta = 2 * math.pi * i / n
            spokes_x += [0.0, LEVELS * math.sin(theta)]
            spokes_y += [0.0, LEVELS * math.cos(theta)]
        spokes = pg.PlotDataItem(
            np.array(spokes_x), np.array(spokes_y), pen=ring_pen, connect="pairs"
        )
        spokes.setZValue(-10)
        self.addItem(spokes)
        self._grid.append(spokes)
        for i, name in enumerate(self.dimensions):
            theta = 2 * math.pi * i / n
            s, c = math.sin(theta), math.cos(theta)
            label = pg.TextItem(
                html=f"<div style='color:{INK}; text-align:center'>{wrap_label(name)}</div>",
                anchor=(0.5 - 0.5 * s, 0.5 + 0.5 * c),
            )
            label.setFont(self.label_font)
            metrics = QFontMetrics(self.label_font)
            natural = label.textItem.boundingRect().width()
            limit = metrics.averageCharWidth() * (LABEL_CHARS + 1) + 8
            if natural > limit:
                label.setTextWidth(limit)  # wraps at the soft hyphens of long words
            label.setPos(LABEL_RADIUS * s, LABEL_RADIUS * c)
            label.setToolTip(name)
            self.addItem(label, ignoreBounds=True)
            self.labels.append(label)

    def fit(self) -> None:
        """Scale the radar to the largest size at which every dimension name fits inside."""
        vb = self.getViewBox()
        width, height = max(vb.width(), 50.0), max(vb.height(), 50.0)
        half_w, half_h = width / 2 - PAD_PX, height / 2 - PAD_PX
        scale = min(half_w, half_h) / (LEVELS + 0.3)
        n = len(self.labels)
        for i, label in enumerate(self.labels):
            rect = label.boundingRect()
            w, h = rect.width(), rect.height()
            theta = 2 * math.pi * i / n
            s, c = abs(math.sin(theta)), abs(math.cos(theta))
            room_x = half_w - (0.5 + 0.5 * s) * w
            room_y = half_h - (0.5 + 0.5 * c) * h
            if s > 1e-6:
                scale = min(scale, room_x / (LABEL_RADIUS * s))
            if c > 1e-6:
                scale = min(scale, room_y / (LABEL_RADIUS * c))
        scale = max(scale, 4.0)
        self.empty_text.setPos(0, 0)
        vb.setRange(
            xRange=(-width / (2 * scale), width / (2 * scale)),
            yRange=(-height / (2 * scale), height / (2 * scale)),
            padding=0,
        )

    # ------------------------------------------------------------------ tests and exports
    def curve_levels(self, which: str) -> list[float]:
        """The levels a curve draws, read back from its points (radius of each vertex)."""
        curve = {
            "latest": self.latest_curve,
            "previous": self.previous_curve,
            "average": self.average_curve,
        }[which]
        xs, ys = curve.getData()
        if xs is None or len(xs) == 0:
            return []
        return [float(v) for v in np.hypot(xs, ys)[:-1]]
