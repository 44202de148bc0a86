"""PDF reports of cluster maturity: a cluster's profile, the network scoreboard, a working-group brief.

Command line (wired in ``app/cli.py``)::

    clusterdesk [--db PATH] maturity report CLUSTER_ID --pdf FILE
    clusterdesk [--db PATH] maturity scoreboard --pdf FILE [--xlsx FILE]

The GUI (``app/views/maturity_page.py``) calls the same three functions.

``write_profile_pdf`` — A4, sent to the cluster association: the cluster's latest profile as a
vector radar chart (latest, previous profile, network average), lifecycle stage, ESCA label in
words and the ECCP eligibility check criterion by criterion; then every dimension with its level
(number and label), the level's descriptor, the assessor's note and evidence, the network average
and the change since the previous profile; then a short history of earlier profiles.

``write_scoreboard_pdf`` — A4 landscape, for the coordination team and the Department: every
cluster × dimension with the level as a number on a coloured cell (legend below), stage and date,
the network average; then how the clusters spread over the levels of each dimension (a heat map),
the clusters weak in the same dimension (level ≤ 2) with potential mentors (level ≥ 4), and the
averages per lifecycle stage.

``write_working_group_pdf`` — a one-page brief: topic, dimension and its level descriptors (from
the latest maturity model), dates, participants and mentors with their levels, notes and a
suggested agenda derived from the descriptors.

All build on ``pdf_common`` (DejaVu Sans embedded, "Page X of Y", escaped user text); charts are
``reportlab.graphics`` drawings (vector); files are written atomically. Level colours are the
scoreboard's on screen (``app/models/maturity_models.LEVEL_COLORS``), repeated here so that the
command line never imports Qt.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from app.db.database import Database
from app.db.directory import get_cluster
from app.db.maturity import get_profile, get_working_group, list_models, list_profiles, scoreboard
from app.domain import maturity as rules
from app.domain import vocab
from app.domain.records import ClusterRow
from app.domain.records_maturity import (
    DimensionSpec,
    ModelSpec,
    ProfileDetail,
    ProfileRow,
    Scoreboard,
    ScoreboardRow,
    WorkingGroupRow,
)
from app.errors import KnownError
from app.reports.pdf_common import (
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    Palette,
    ReportDoc,
    atomic_write_pdf,
    callout,
    coloured,
    data_table,
    draw_text,
    drawing,
    esc,
    fit_text,
    format_date,
    hex_colour,
    key_figures,
    level_markup,
    markup,
    p,
    padding,
    plural,
    pm,
    side_by_side,
    spri_author,
    stack,
    styles,
    table_style,
    with_colour,
)

logger = logging.getLogger(__name__)

DEFAULT_LEVEL_LABELS = ("Initial", "Repeatable", "Defined", "Managed", "Optimising")
LEVELS = (1, 2, 3, 4, 5)
# the screen scoreboard's colours (app/models/maturity_models.py): red → amber → blue
LEVEL_FILLS: dict[int, colors.Color] = {
    1: colors.HexColor("#E8705F"),
    2: colors.HexColor("#F5B86A"),
    3: colors.HexColor("#F7E59B"),
    4: colors.HexColor("#A9D4E4"),
    5: colors.HexColor("#5B9FD1"),
}
NO_LEVEL_FILL = colors.HexColor("#EEF1F3")
LATEST = colors.HexColor("#1F5F8B")
PREVIOUS = colors.HexColor("#4A4A4A")
AVERAGE = colors.HexColor("#B35C00")
RING = colors.HexColor("#C9D3DA")
UP = Palette.good
DOWN = Palette.worst
AMBER = Palette.amber
SOFT_HYPHEN = "\u00ad"
_VOWELS = frozenset("aeiouyAEIOUYáéíóúàèìòùäëïöüÁÉÍÓÚ")
MENTORS_LISTED = 5  # per dimension in the scoreboard's "weak in the same dimension" table
HISTORY_COLUMNS = 5
MIN_BRIEF_SCALE = 0.75  # a working-group brief shrinks to one page down to 75 % of its size  # profiles shown in a profile's history table (the latest included)

PAGE_LANDSCAPE = landscape(A4)
LANDSCAPE_WIDTH = PAGE_LANDSCAPE[0] - (A4[0] - CONTENT_WIDTH)


# --------------------------------------------------------------------------- words
def level_labels(model: ModelSpec | None) -> tuple[str, ...]:
    labels = tuple(model.level_labels) if model is not None else ()
    return labels if len(labels) == len(LEVELS) else DEFAULT_LEVEL_LABELS


def level_label(level: int | None, labels: Sequence[str] = DEFAULT_LEVEL_LABELS) -> str:
    if level is None or not 1 <= level <= len(labels):
        return "not scored"
    return labels[level - 1]


def level_words(level: int | None, labels: Sequence[str] = DEFAULT_LEVEL_LABELS) -> str:
    """ "3 · Defined" (or "not scored")."""
    return "not scored" if level is None else f"{level} · {level_label(level, labels)}"


def level_fill(level: float | None) -> colors.Color:
    if level is None:
        return NO_LEVEL_FILL
    return LEVEL_FILLS.get(min(max(int(level + 0.5), 1), 5), NO_LEVEL_FILL)


def stage_words(stage: str | None) -> str:
    if not stage:
        return "no profile yet"
    return vocab.LIFECYCLE_STAGES.get(stage, stage)


def kind_words(kind: str) -> str:
    return vocab.CLUSTER_KINDS.get(kind, kind)


def mean_level(levels: Mapping[str, float]) -> float | None:
    return sum(levels.values()) / len(levels) if levels else None


def one_decimal(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def hyphenate(text: str, longer_than: int = 14) -> str:
    """Soft hyphens in long words (before a vowel after a consonant) for narrow column heads."""
    words = []
    for word in text.split(" "):
        if len(word) > longer_than:
            pieces, start = [], 0
            for i in range(5, len(word) - 4):
                before, here = word[i - 1], word[i]
                vowel_after_consonant = before.isalpha() and before not in _VOWELS
                if vowel_after_consonant and here in _VOWELS and i - start >= 5:
                    pieces.append(word[start:i])
                    start = i
            pieces.append(word[start:])
            word = SOFT_HYPHEN.join(pieces)
        words.append(word)
    return " ".join(words)


def _join(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def change_markup(delta: int | None) -> str:
    """``format_delta`` in colour: green up, red down, grey same/new (safe markup)."""
    colour = Palette.muted if not delta else UP if delta > 0 else DOWN
    return coloured(rules.format_delta(delta), colour)


def movement(changes: Mapping[str, int | None] | None) -> tuple[str, colors.Color | None]:
    """Dimensions up and down since the previous profile, in few words, and their colour."""
    if changes is None:
        return "None yet", Palette.muted
    up = sum(1 for v in changes.values() if v is not None and v > 0)
    down = sum(1 for v in changes.values() if v is not None and v < 0)
    if up and down:
        return f"▲ {up}  ▼ {down}", None
    if up:
        return f"▲ {up} up", UP
    if down:
        return f"▼ {down} down", DOWN
    return "No change", None


ECCP_RESULT = {True: "✓ Passed", False: "✗ Failed", None: "? Unknown"}


def eccp_verdict(eligible: bool | None, checks: Sequence[rules.Check]) -> str:
    if eligible is True:
        return (
            "Meets all the ECCP criteria: eligible to register on the European Cluster "
            "Collaboration Platform."
        )
    failed = sum(1 for c in checks if c.passed is False)
    unknown = sum(1 for c in checks if c.passed is None)
    if eligible is False:
        text = f"Not eligible for the ECCP yet: {plural(failed, 'criterion', 'criteria')} not met"
        if unknown:
            text += f" and {unknown} not recorded"
        return text + "."
    return (
        f"ECCP eligibility cannot be decided: {plural(unknown, 'criterion', 'criteria')} "
        "not recorded in ClusterDesk."
    )


def eccp_short(eligible: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not known"}[eligible]


# --------------------------------------------------------------------------- styles
@dataclass(frozen=True)
class _Styles:
    level_num: ParagraphStyle
    level_name: ParagraphStyle
    dim_name: ParagraphStyle
    dim_desc: ParagraphStyle
    descriptor: ParagraphStyle
    text: ParagraphStyle
    board_head: ParagraphStyle
    board_cell: ParagraphStyle
    board_name: ParagraphStyle
    board_level: ParagraphStyle
    board_avg: ParagraphStyle
    agenda: ParagraphStyle
    empty: ParagraphStyle
    status: ParagraphStyle


@cache
def _st() -> _Styles:
    st = styles()
    return _Styles(
        level_num=ParagraphStyle(
            "m_level_num",
            parent=st.cell,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=15,
            alignment=TA_CENTER,
        ),
        level_name=ParagraphStyle(
            "m_level_name", parent=st.cell, fontSize=7.5, leading=9, alignment=TA_CENTER
        ),
        dim_name=ParagraphStyle("m_dim_name", parent=st.cell, fontName=FONT_BOLD),
        dim_desc=ParagraphStyle(
            "m_dim_desc", parent=st.cell, fontSize=7.3, leading=9, textColor=Palette.muted
        ),
        descriptor=ParagraphStyle(
            "m_descriptor", parent=st.cell, fontSize=8, leading=10, textColor=Palette.muted
        ),
        text=ParagraphStyle("m_text", parent=st.cell, spaceBefore=2.5),
        board_head=ParagraphStyle(
            "m_board_head",
            parent=st.header_cell,
            fontSize=7.5,
            leading=9,
            alignment=TA_CENTER,
            embeddedHyphenation=1,
            hyphenationMinWordLength=5,
        ),
        board_cell=ParagraphStyle("m_board_cell", parent=st.cell, fontSize=8, leading=10),
        board_name=ParagraphStyle(
            "m_board_name", parent=st.cell, fontName=FONT_BOLD, fontSize=8, leading=10
        ),
        board_level=ParagraphStyle(
            "m_board_level",
            parent=st.cell,
            fontName=FONT_BOLD,
            fontSize=9,
            leading=10,
            alignment=TA_CENTER,
        ),
        board_avg=ParagraphStyle(
            "m_board_avg",
            parent=st.cell,
            fontName=FONT_BOLD,
            fontSize=8,
            leading=10,
            alignment=TA_CENTER,
        ),
        agenda=ParagraphStyle(
            "m_agenda",
            parent=st.body,
            fontSize=9,
            leading=11.5,
            leftIndent=16,
            bulletIndent=0,
            bulletFontName=FONT_BOLD,
            spaceAfter=3,
        ),
        empty=ParagraphStyle("m_empty", parent=st.body, textColor=Palette.muted),
        status=ParagraphStyle("m_status", parent=st.body, fontSize=9.5, leading=13),
    )


# --------------------------------------------------------------------------- radar chart
@dataclass(frozen=True)
class RadarSeries:
    label: str
    levels: Mapping[str, float]
    colour: colors.Color
    dash: tuple[float, ...] | None
    marker: str  # circle | square | triangle
    fill: bool = False


def _marker(
    d: Drawing, kind: str, x: float, y: float, colour: colors.Color, r: float = 2.3
) -> None:
    if kind == "square":
        d.add(Rect(x - r, y - r, 2 * r, 2 * r, fillColor=Palette.white, strokeColor=colour))
    elif kind == "triangle":
        d.add(
            Polygon(
                [x, y + r * 1.2, x - r * 1.1, y - r * 0.8, x + r * 1.1, y - r * 0.8],
                fillColor=colour,
                strokeColor=colour,
                strokeWidth=0.6,
            )
        )
    else:
        pts = []
        for k in range(12):
            a = 2 * math.pi * k / 12
            pts += [x + r * math.cos(a), y + r * math.sin(a)]
        d.add(Polygon(pts, fillColor=colour, strokeColor=Palette.white, strokeWidth=0.6))


def radar_chart(
    dimensions: Sequence[str],
    series: Sequence[RadarSeries],
    *,
    labels: Sequence[str] = DEFAULT_LEVEL_LABELS,
    width: float = CONTENT_WIDTH,
    height: float = 74 * mm,
    highlight: Mapping[str, int] | None = None,
) -> Drawing:
    """A radar chart: one spoke per dimension (first at the top, clockwise), rings for levels
    1–5, one polygon per series (missing levels break the line), labelled axes and a legend.
    ``highlight`` (dimension → level) adds the level under each dimension name."""
    d = drawing(width, height)
    n = len(dimensions)
    legend_h = 20
    cx = width / 2
    radius = min((height - legend_h - 44) / 2, width / 2 - 150)
    cy = legend_h + 18 + radius
    if n < 3:  # a radar needs three spokes; say so rather than draw nonsense
        draw_text(d, cx, height / 2, "Too few dimensions for a radar chart.", anchor="middle")
        return d

    def point(i: int, level: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n
        r = radius * level / 5
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    # rings and spokes
    for level in LEVELS:
        pts: list[float] = []
        for i in range(n):
            pts += point(i, level)
        d.add(
            Polygon(
                pts,
                fillColor=None,
                strokeColor=RING if level < 5 else Palette.muted,
                strokeWidth=0.5 if level < 5 else 0.8,
            )
        )
    for i in range(n):
        x, y = point(i, 5)
        d.add(Line(cx, cy, x, y, strokeColor=RING, strokeWidth=0.5))
    for level in LEVELS:  # ring numbers just right of the top spoke
        x, y = point(0, level)
        draw_text(d, x + 4, y + 1.5, str(level), size=6, colour=Palette.muted)

    # series: averages first, the latest profile on top
    for s in series:
        values = [s.levels.get(dim) for dim in dimensions]
        pts_xy = [point(i, v) if v is not None else None for i, v in enumerate(values)]
        complete = all(pt is not None for pt in pts_xy)
        if complete:
            flat = [c for pt in pts_xy for c in pt]  # type: ignore[union-attr]
            poly = Polygon(
                flat,
                fillColor=s.colour if s.fill else None,
                strokeColor=s.colour,
                strokeWidth=1.6 if s.fill else 1.2,
                strokeDashArray=list(s.dash) if s.dash else None,
            )
            if s.fill:
                poly.fillOpacity = 0.16
            d.add(poly)
        else:
            for i in range(n):
                a, b = pts_xy[i], pts_xy[(i + 1) % n]
                if a is not None and b is not None:
                    d.add(
                        PolyLine(
                            [*a, *b],
                            strokeColor=s.colour,
                            strokeWidth=1.6 if s.fill else 1.2,
                            strokeDashArray=list(s.dash) if s.dash else None,
                        )
                    )
        for pt in pts_xy:
            if pt is not None:
                _marker(d, s.marker, pt[0], pt[1], s.colour)

    # dimension names around the outside
    label_w = min(width / 2 - radius - 14, 150)
    for i, dim in enumerate(dimensions):
        angle = math.pi / 2 - 2 * math.pi * i / n
        ca, sa = math.cos(angle), math.sin(angle)
        x, y = cx + (radius + 9) * ca, cy + (radius + 9) * sa
        anchor = "start" if ca > 0.25 else "end" if ca < -0.25 else "middle"
        lines = simpleSplit(dim, FONT_BOLD, 7.5, label_w)[:3]
        extra = ""
        if highlight is not None:
            extra = f"Level {level_words(highlight.get(dim), labels)}"
            if highlight.get(dim) is None:
                extra = "Not scored"
        block = len(lines) * 9 + (9 if extra else 0)
        if sa > 0.5:
            top = y + block - 2
        elif sa < -0.5:
            top = y - 4
        else:
            top = y + block / 2 - 2
        yy = top - 7
        for line in lines:
            draw_text(d, x, yy, line, size=7.5, anchor=anchor, colour=Palette.ink, bold=True)
            yy -= 9
        if extra:
            draw_text(d, x, yy, extra, size=7, anchor=anchor, colour=LATEST)

    # legend, centred under the chart
    items = [(s.label, s) for s in series][::-1]  # the latest first
    total = sum(22 + pdfmetrics.stringWidth(t, FONT, 7) + 14 for t, _ in items) - 14
    lx = cx - total / 2
    for text, s in items:
        d.add(
            Line(
                lx,
                5.5,
                lx + 18,
                5.5,
                strokeColor=s.colour,
                strokeWidth=1.6 if s.fill else 1.2,
                strokeDashArray=list(s.dash) if s.dash else None,
            )
        )
        _marker(d, s.marker, lx + 9, 5.5, s.colour, r=2.1)
        draw_text(d, lx + 22, 3, text, size=7, colour=Palette.ink)
        lx += 22 + pdfmetrics.stringWidth(text, FONT, 7) + 14
    return d


# --------------------------------------------------------------------------- profile
def _level_cell(level: int | None, labels: Sequence[str]) -> list[Flowable]:
    a = _st()
    if level is None:
        return [p("–", a.level_num), p("not scored", a.level_name)]
    return [p(str(level), a.level_num), p(level_label(level, labels), a.level_name)]


def _profile_levels(detail: ProfileDetail) -> dict[str, int]:
    names = {dim.id: dim.name for dim in detail.model.dimensions}
    return {names[dim_id]: sc.level for dim_id, sc in detail.scores.items() if dim_id in names}


def write_profile_pdf(
    db: Database,
    cluster_id: int,
    path: Path | str,
    *,
    generated: dt.datetime | None = None,
) -> Path:
    """Write the latest maturity profile of ``cluster_id`` to ``path`` (PDF); return the path.

    ``KnownError`` when the cluster has no profile yet."""
    cluster = get_cluster(db, cluster_id)
    history = list_profiles(db, cluster_id=cluster_id)
    if not history:
        raise KnownError(
            f"{cluster.short_name} has no maturity profile yet, so there is nothing to print. "
            "Record a profile on the Maturity page first."
        )
    detail = get_profile(db, history[0].id)
    board = scoreboard(db)
    generated = (generated or dt.datetime.now()).replace(microsecond=0)
    row = detail.row
    doc = ReportDoc(
        title=f"Maturity profile of {cluster.short_name}",
        period=f"{cluster.short_name} · {format_date(row.assessed_on)}",
        subject=f"Cluster maturity profile of {cluster.name}",
        author=spri_author(row.assessor_name),
        generated=generated,
    )
    story = profile_story(cluster, detail, history, board, generated.date())
    return atomic_write_pdf(path, lambda tmp: doc.build_to(tmp, story))


def profile_story(
    cluster: ClusterRow,
    detail: ProfileDetail,
    history: Sequence[ProfileRow],
    board: Scoreboard,
    today: dt.date,
) -> list[Flowable]:
    st, a = styles(), _st()
    row = detail.row
    labels = level_labels(detail.model)
    dims = detail.model.dimension_names()
    latest = _profile_levels(detail)
    before = detail.previous.levels if detail.previous is not None else None
    changes = rules.deltas(latest, before)
    network = board.network_average
    n_network = sum(1 for r in board.rows if r.profile_id is not None)

    out: list[Flowable] = [p(cluster.name, st.title)]
    facts = [kind_words(cluster.kind)]
    if cluster.cross_border:
        facts.append("cross-border")
    facts.append(f"maturity profile of {format_date(row.assessed_on)}")
    if row.assessor_name:
        facts.append(f"assessed by {row.assessor_name}")
    out.append(p(" · ".join(facts), st.subtitle))

    # key figures
    mean = mean_level(latest)
    net_mean = mean_level({d: network[d] for d in dims if d in network})
    moved, moved_colour = movement(changes if before is not None else None)
    state, esca_text = rules.label_state(cluster.esca_label, cluster.esca_expiry, today)
    checks = rules.eccp_checks(
        management_fte=cluster.management_fte,
        member_count=cluster.member_count,
        helix_types=cluster.helix_types,
        website=cluster.website,
    )
    eligible = rules.eccp_eligible(checks)
    esca_colour = {"valid": Palette.good, "expiring": AMBER, "expired": DOWN}.get(
        state, Palette.muted
    )
    out.append(
        key_figures(
            [
                ("Lifecycle stage", stage_words(row.stage), None),
                (f"Average level · network {one_decimal(net_mean)}", one_decimal(mean), LATEST),
                (
                    "Previous profile"
                    if detail.previous is None
                    else f"Change since {format_date(detail.previous.assessed_on)}",
                    moved,
                    moved_colour,
                ),
                (
                    "ESCA label",
                    vocab.ESCA_LABELS.get(cluster.esca_label, cluster.esca_label),
                    esca_colour,
                ),
                (
                    "ECCP eligible",
                    eccp_short(eligible),
                    {True: Palette.good, False: DOWN}.get(eligible, Palette.muted),
                ),
            ]
        )
    )
    out.append(Spacer(1, 2))

    # radar
    series = [
        RadarSeries(
            f"Network average ({plural(n_network, 'cluster')})",
            network,
            AVERAGE,
            (1, 2),
            "triangle",
        )
    ]
    if detail.previous is not None:
        series.append(
            RadarSeries(
                f"Previous profile, {format_date(detail.previous.assessed_on)}",
                detail.previous.levels,
                PREVIOUS,
                (4, 2),
                "square",
            )
        )
    series.append(
        RadarSeries(
            f"This profile, {format_date(row.assessed_on)}",
            latest,
            LATEST,
            None,
            "circle",
            fill=True,
        )
    )
    out.append(p("Profile at a glance", st.h1))
    out.append(radar_chart(dims, series, labels=labels, highlight=latest))

    # stage, label, eligibility
    status: list[Flowable] = [p("Stage, label and eligibility", st.h1)]
    status.append(
        pm(
            markup(
                "<b>Lifecycle stage:</b> {stage}.&nbsp;&nbsp; <b>ESCA cluster-management "
                "label:</b> <font color='{c}'>{esca}</font>.",
                stage=stage_words(row.stage),
                c=hex_colour(esca_colour),
                esca=esca_text[:1].upper() + esca_text[1:],
            ),
            a.status,
        )
    )
    status.append(Spacer(1, 5))
    result_colour = {True: Palette.good, False: DOWN, None: Palette.muted}
    status.append(
        data_table(
            ["ECCP criterion", "Result", "What ClusterDesk knows"],
            [
                [
                    c.name,
                    p(ECCP_RESULT[c.passed], with_colour(st.cell_bold, result_colour[c.passed])),
                    c.detail,
                ]
                for c in checks
            ],
            [190, 70, CONTENT_WIDTH - 260],
            extra_styles=[
                ("TOPPADDING", (0, 1), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
            ],
        )
    )
    status.append(Spacer(1, 4))
    status.append(p(eccp_verdict(eligible, checks), st.muted))
    out.append(KeepTogether(status))
    out += _history(detail, history, labels)

    # dimension by dimension
    out.append(CondPageBreak(70 * mm))
    out.append(p("Dimension by dimension", st.h1))
    widths = [112, 56, 0, 50, 44]
    widths[2] = CONTENT_WIDTH - sum(widths)
    body: list[list[Any]] = []
    fills: list[tuple[Any, ...]] = []
    in_full: list[tuple[str, str, str]] = []  # (dimension, "Note"|"Evidence", text)
    for r, dim in enumerate(detail.model.dimensions, start=1):
        sc = next((s for s in detail.scores.values() if s.dimension_id == dim.id), None)
        level = sc.level if sc is not None else None
        first = [p(dim.name, a.dim_name)]
        if dim.description:
            first.append(p(dim.description, a.dim_desc))
        middle: list[Flowable] = []
        if level is not None:
            descriptor = dim.levels[level - 1] if level - 1 < len(dim.levels) else ""
            descriptor = descriptor or "no descriptor in the model"
            middle.append(
                pm(level_markup(level, level_label(level, labels), descriptor), a.descriptor)
            )
        else:
            middle.append(p("Not scored in this profile.", a.descriptor))
        for label, text in (
            ("Note", sc.note if sc else ""),
            ("Evidence", sc.evidence if sc else ""),
        ):
            if not text.strip():
                continue
            shown = _cell_text(text)
            if shown != text:  # a table row cannot run over a page: the rest follows the table
                in_full.append((dim.name, label, text))
                shown += " … (in full below the table)"
            middle.append(pm(markup("<b>{label}:</b> {t}", label=label, t=shown), a.text))
        change = changes.get(dim.name) if level is not None else None
        body.append(
            [
                stack(first, widths[0] - 8),
                stack(_level_cell(level, labels), widths[1] - 8),
                stack(middle, widths[2] - 8),
                p(one_decimal(network.get(dim.name)), st.cell_center),
                pm(change_markup(change) if level is not None else "–", st.cell_center),
            ]
        )
        fills.append(("BACKGROUND", (1, r), (1, r), level_fill(level)))
    since = (
        f"“Change”: since the profile of {format_date(detail.previous.assessed_on)}; "
        "“new”: no level in that profile."
        if detail.previous is not None
        else "“Change”: this is the first profile, every level is “new”."
    )
    out.append(
        data_table(
            [
                "Dimension",
                "Level",
                "What the level means · the assessor's note",
                "Network",
                "Change",
            ],
            body,
            widths,
            align="lclcc",
            extra_styles=[
                *fills,
                ("VALIGN", (1, 1), (1, -1), "MIDDLE"),
                ("LINEBELOW", (1, 1), (1, -1), 1.5, Palette.white),
            ],
        )
    )
    if in_full:
        out.append(p("Notes and evidence in full", st.h2))
        for dim_name, label, text in in_full:
            out.append(p(f"{dim_name} — {label.lower()}", st.h3 if hasattr(st, "h3") else st.h2))
            out.extend(p(chunk, st.body) for chunk in _chunks(text))
    out.append(
        p(
            "Levels go from 1 to 5: "
            + ", ".join(f"{i} {lab}" for i, lab in enumerate(labels, start=1))
            + ". “Network”: the average level of the latest profiles of all clusters. "
            + since,
            st.note,
        )
    )
    if row.notes.strip():
        out.append(KeepTogether([p("Profile notes", st.h2), p(row.notes, st.body)]))
    return out


CELL_CHARS, CELL_LINES = 700, 12


def _cell_text(text: str) -> str:
    """What fits in a table cell: at most CELL_CHARS characters and CELL_LINES lines."""
    lines = text.splitlines()
    short = "\n".join(lines[:CELL_LINES])
    return short[:CELL_CHARS] if len(short) > CELL_CHARS else short


def _chunks(text: str, size: int = 1200) -> list[str]:
    """Long text as paragraphs of at most ``size`` characters (ReportLab lays them out fast)."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _history(
    detail: ProfileDetail, history: Sequence[ProfileRow], labels: Sequence[str]
) -> list[Flowable]:
    st = styles()
    shown = list(history[:HISTORY_COLUMNS])[::-1]  # oldest → newest
    if len(shown) < 2:
        return [
            p("Levels over time", st.h1),
            p(
                "This is the cluster's first maturity profile; "
                "the next one will be compared with it.",
                _st().empty,
            ),
        ]
    dims = detail.model.dimension_names()
    for prof in shown:  # dimensions of older model versions, after the current ones
        for name in prof.levels:
            if name not in dims:
                dims.append(name)
    body: list[list[Any]] = []
    fills: list[tuple[Any, ...]] = []
    for r, dim in enumerate(dims, start=1):
        cells: list[Any] = [dim]
        for c, prof in enumerate(shown, start=1):
            level = prof.levels.get(dim)
            style = st.cell_bold if c == len(shown) else st.cell_center
            cells.append(
                p(
                    "–" if level is None else str(level),
                    ParagraphStyle("h", parent=style, alignment=TA_CENTER),
                )
            )
            fills.append(("BACKGROUND", (c, r), (c, r), level_fill(level)))
        body.append(cells)
    body.append(["Lifecycle stage", *[stage_words(prof.stage) for prof in shown]])
    body.append(
        [
            "Average level",
            *[one_decimal(mean_level(prof.levels)) for prof in shown],
        ]
    )
    first_w = 170
    col_w = (CONTENT_WIDTH - first_w) / len(shown)
    table = data_table(
        ["Dimension", *[format_date(prof.assessed_on) for prof in shown]],
        body,
        [first_w] + [col_w] * len(shown),
        align="l" + "c" * len(shown),
        zebra=False,
        extra_styles=[
            *fills,
            ("INNERGRID", (1, 1), (-1, len(dims)), 1, Palette.white),
            ("LINEABOVE", (0, len(dims) + 1), (-1, len(dims) + 1), 0.8, Palette.ink),
            ("BACKGROUND", (0, len(dims) + 1), (-1, -1), Palette.zebra),
            ("TOPPADDING", (0, 1), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
        ],
    )
    earlier = len(history) - len(shown)
    words = f"The last {len(shown)} profiles, oldest first; the latest is on the right."
    if earlier:
        words += f" {plural(earlier, 'earlier profile')} not shown."
    return [KeepTogether([p("Levels over time", st.h1), p(words, st.muted), Spacer(1, 2), table])]


# --------------------------------------------------------------------------- scoreboard
def _filter_words(kind: str | None, stage: str | None) -> str:
    parts = []
    parts.append(f"{kind_words(kind)}s only" if kind else "All clusters and pre-clusters")
    if stage:
        parts.append(f"lifecycle stage {stage_words(stage).lower()}")
    return " · ".join(parts)


def _sorted_rows(board: Scoreboard) -> list[ScoreboardRow]:
    return sorted(board.rows, key=lambda r: (r.cluster_short_name.casefold(), r.cluster_id))


def write_scoreboard_pdf(
    db: Database,
    path: Path | str,
    *,
    kind: str | None = None,
    stage: str | None = None,
    generated: dt.datetime | None = None,
) -> Path:
    """Write the maturity scoreboard (landscape A4) to ``path``; return the path written."""
    board = scoreboard(db, kind=kind, stage=stage)
    models = list_models(db)
    model = models[-1] if models else None
    generated = (generated or dt.datetime.now()).replace(microsecond=0)
    doc = ReportDoc(
        pagesize=PAGE_LANDSCAPE,
        title="Cluster maturity scoreboard",
        period=format_date(generated.date()),
        subject="Comparative maturity scoreboard of the Basque cluster associations",
        generated=generated,
    )
    story = scoreboard_story(board, level_labels(model), kind, stage, generated.date())
    return atomic_write_pdf(path, lambda tmp: doc.build_to(tmp, story))


def scoreboard_story(
    board: Scoreboard,
    labels: Sequence[str],
    kind: str | None,
    stage: str | None,
    today: dt.date,
) -> list[Flowable]:
    st, a = styles(), _st()
    rows = _sorted_rows(board)
    profiled = [r for r in rows if r.profile_id is not None]
    width = LANDSCAPE_WIDTH
    out: list[Flowable] = [p("Cluster maturity scoreboard", st.title)]
    sub = [_filter_words(kind, stage)]
    sub.append(f"latest profile of {len(profiled)} of {plural(len(rows), 'cluster')}")
    old = [r for r in profiled if r.assessed_on and (today - r.assessed_on).days > 366]
    if old:
        sub.append(f"{len(old)} older than a year")
    out.append(p(" · ".join(sub), st.subtitle))
    if not rows:
        out.append(p("No cluster matches these filters.", a.empty))
        return out

    dims = list(board.dimensions)
    widths = _board_widths(len(dims), width)
    head = [
        p("Cluster", st.header_cell),
        p("Stage", st.header_cell),
        p("Profile of", st.header_cell),
        *[Paragraph(esc(hyphenate(dim)), a.board_head) for dim in dims],
        p("Mean", a.board_head),
    ]
    body: list[list[Any]] = [head]
    fills: list[tuple[Any, ...]] = []
    first_dim = 3
    muted_cell = with_colour(a.board_cell, Palette.muted)
    for r, row in enumerate(rows, start=1):
        name = row.cluster_short_name + (" ✱" if row.kind == "pre-cluster" else "")
        cells: list[Any] = [
            p(fit_text(name, FONT_BOLD, 8, widths[0] - 8), a.board_name),
            p(stage_words(row.stage), a.board_cell if row.stage else muted_cell),
            p(format_date(row.assessed_on) if row.assessed_on else "", a.board_cell),
        ]
        for c, dim in enumerate(dims, start=first_dim):
            level = row.levels.get(dim)
            cells.append(p("–" if level is None else str(level), a.board_level))
            fills.append(("BACKGROUND", (c, r), (c, r), level_fill(level)))
        cells.append(p(one_decimal(mean_level(row.levels)), a.board_avg))
        body.append(cells)
    avg = board.network_average
    total_row: list[Any] = [p(f"Network average ({len(profiled)})", a.board_name), "", ""]
    for c, dim in enumerate(dims, start=first_dim):
        total_row.append(p(one_decimal(avg.get(dim)), a.board_avg))
        fills.append(("BACKGROUND", (c, len(body)), (c, len(body)), level_fill(avg.get(dim))))
    means = [m for m in (mean_level(r.levels) for r in profiled) if m is not None]
    total_row.append(p(one_decimal(sum(means) / len(means) if means else None), a.board_avg))
    body.append(total_row)
    table = _board_grid(body, widths, len(dims), fills)
    out.append(table)
    out.append(Spacer(1, 6))
    legend = _level_legend(labels, width)
    notes = "Cells show each cluster's level in its latest profile; “–”: no level recorded."
    if any(r.kind == "pre-cluster" for r in rows):
        notes += " ✱ pre-cluster."
    out.append(KeepTogether([legend, p(notes, st.muted)]))

    # page 2: spread, weak clusters, stage averages
    if profiled:
        out.append(PageBreak())
        out += _spread_section(board, rows, labels, width)
        out += _weak_section(board, rows, width)
        out += _stage_section(board, rows, width)
    return out


def _level_legend(labels: Sequence[str], width: float) -> Drawing:
    d = drawing(width, 16)
    x = 0.0
    draw_text(d, x, 5, "Levels:", size=7.5, colour=Palette.ink, bold=True)
    x += pdfmetrics.stringWidth("Levels:", FONT_BOLD, 7.5) + 8
    for level in LEVELS:
        d.add(Rect(x, 1.5, 18, 12, fillColor=LEVEL_FILLS[level], strokeColor=None))
        draw_text(d, x + 9, 4.5, str(level), size=8, anchor="middle", colour=Palette.ink, bold=True)
        text = level_label(level, labels)
        draw_text(d, x + 22, 5, text, size=7.5, colour=Palette.ink)
        x += 22 + pdfmetrics.stringWidth(text, FONT, 7.5) + 14
    d.add(Rect(x, 1.5, 18, 12, fillColor=NO_LEVEL_FILL, strokeColor=None))
    draw_text(d, x + 9, 4.5, "–", size=8, anchor="middle", colour=Palette.ink, bold=True)
    draw_text(d, x + 22, 5, "no level", size=7.5, colour=Palette.ink)
    return d


def _spread_section(
    board: Scoreboard, rows: Sequence[ScoreboardRow], labels: Sequence[str], width: float
) -> list[Flowable]:
    st = styles()
    profiled = [r for r in rows if r.profile_id is not None]
    out: list[Flowable] = [
        p("How the clusters spread over the levels", st.h1),
        p(
            "Number of clusters at each level in their latest profile, per dimension (darker: "
            "more clusters). The orange marker beside each column shows the network average.",
            st.muted,
        ),
        Spacer(1, 4),
    ]
    out.append(
        spread_heatmap(list(board.dimensions), profiled, board.network_average, labels, width)
    )
    return out


def spread_heatmap(
    dims: Sequence[str],
    rows: Sequence[ScoreboardRow],
    average: Mapping[str, float],
    labels: Sequence[str],
    width: float,
) -> Drawing:
    """Levels (rows, 5 at the top) × dimensions (columns): the count of clusters in each cell."""
    label_w, cell_h, head_h, track, gap = 104.0, 19.0, 30.0, 8.0, 9.0
    col_w = (width - label_w) / max(len(dims), 1)
    height = head_h + 5 * cell_h + 16
    d = drawing(width, height)
    counts = {(dim, lv): 0 for dim in dims for lv in LEVELS}
    for r in rows:
        for dim in dims:
            lv = r.levels.get(dim)
            if lv in LEVELS:
                counts[(dim, lv)] += 1
    top_count = max(counts.values(), default=0) or 1
    grid_top = height - head_h
    for i, lv in enumerate(reversed(LEVELS)):
        y = grid_top - (i + 1) * cell_h
        d.add(Rect(label_w - 12, y + 4, 8, cell_h - 8, fillColor=LEVEL_FILLS[lv], strokeColor=None))
        draw_text(
            d,
            label_w - 16,
            y + cell_h / 2 - 2.6,
            f"{lv} · {level_label(lv, labels)}",
            size=7.5,
            anchor="end",
            colour=Palette.ink,
        )
    for c, dim in enumerate(dims):
        x = label_w + c * col_w
        lines = simpleSplit(dim, FONT_BOLD, 7.5, col_w - 4)[:3]
        yy = grid_top + 4 + (len(lines) - 1) * 8.5
        for line in lines:
            draw_text(
                d,
                x + (col_w - track - gap) / 2,
                yy,
                line,
                size=7.5,
                anchor="middle",
                colour=Palette.ink,
                bold=True,
            )
            yy -= 8.5
        for i, lv in enumerate(reversed(LEVELS)):
            y = grid_top - (i + 1) * cell_h
            count = counts[(dim, lv)]
            share = count / top_count
            cell_w = col_w - track - gap
            d.add(Rect(x + 1, y + 1, cell_w, cell_h - 2, fillColor=NO_LEVEL_FILL, strokeColor=None))
            if count:
                rect = Rect(
                    x + 1, y + 1, cell_w, cell_h - 2, fillColor=Palette.brand, strokeColor=None
                )
                rect.fillOpacity = 0.1 + 0.8 * share
                d.add(rect)
                draw_text(
                    d,
                    x + 1 + cell_w / 2,
                    y + cell_h / 2 - 3,
                    str(count),
                    size=8.5,
                    anchor="middle",
                    colour=Palette.white if share > 0.5 else Palette.ink,
                    bold=True,
                )
        mean = average.get(dim)
        if mean is not None:  # beside the cells: a track from level 1 to 5, a marker at the mean
            xt = x + 1 + cell_w + track / 2
            d.add(
                Line(
                    xt,
                    grid_top - 4.5 * cell_h,
                    xt,
                    grid_top - 0.5 * cell_h,
                    strokeColor=Palette.rule,
                    strokeWidth=0.8,
                )
            )
            ym = grid_top - (5.5 - mean) * cell_h
            d.add(
                Polygon(
                    [xt - 3.5, ym, xt + 3, ym + 4, xt + 3, ym - 4],
                    fillColor=AVERAGE,
                    strokeColor=None,
                )
            )
            draw_text(
                d,
                x + (col_w - track - gap) / 2,
                grid_top - 5 * cell_h - 11,
                f"average {mean:.1f}",
                size=7,
                anchor="middle",
                colour=AVERAGE,
            )
    return d


def _weak_section(board: Scoreboard, rows: Sequence[ScoreboardRow], width: float) -> list[Flowable]:
    st = styles()
    latest = {r.cluster_id: r.levels for r in rows if r.profile_id is not None}
    names = {r.cluster_id: r.cluster_short_name for r in rows}
    ranked = rules.rank_dimensions(latest, board.dimensions)
    body = []
    for dim, n_weak, n_strong in ranked:
        weak, strong = rules.weak_and_strong(latest, dim)
        mentors = ", ".join(f"{names[cid]} ({lv})" for cid, lv in strong[:MENTORS_LISTED])
        if len(strong) > MENTORS_LISTED:
            mentors += f" and {len(strong) - MENTORS_LISTED} more"
        body.append(
            [
                p(dim, st.cell_bold),
                str(n_weak),
                ", ".join(f"{names[cid]} ({lv})" for cid, lv in weak) or "none",
                str(n_strong),
                mentors or "none",
            ]
        )
    widths = [150, 36, 0, 44, 0]
    rest = (width - sum(widths)) / 2
    widths[2] = widths[4] = rest
    return [
        CondPageBreak(60 * mm),
        p("Weak in the same dimension", st.h1),
        p(
            f"Per dimension, the clusters at level {rules.WEAK_MAX} or below — candidates for a "
            f"working group — and the clusters at level {rules.STRONG_MIN} or above who could "
            "mentor them (levels in brackets). Dimensions with the most weak clusters first.",
            st.muted,
        ),
        Spacer(1, 4),
        data_table(
            [
                "Dimension",
                "Weak",
                f"Weak clusters (level ≤ {rules.WEAK_MAX})",
                "Strong",
                f"Potential mentors (level ≥ {rules.STRONG_MIN})",
            ],
            body,
            widths,
            align="lclcl",
        ),
    ]


def _stage_section(
    board: Scoreboard, rows: Sequence[ScoreboardRow], width: float
) -> list[Flowable]:
    st, a = styles(), _st()
    dims = list(board.dimensions)
    counts: dict[str, int] = {}
    for r in rows:
        if r.profile_id is not None:
            counts[r.stage or ""] = counts.get(r.stage or "", 0) + 1
    order = [s for s in vocab.LIFECYCLE_STAGES if s in board.stage_averages]
    order += [s for s in board.stage_averages if s not in order]
    if not order:
        return []
    widths = _board_widths(len(dims), width)
    head = [
        p("Lifecycle stage", st.header_cell),
        p("Clusters", st.header_cell),
        p("", st.header_cell),
        *[Paragraph(esc(hyphenate(dim)), a.board_head) for dim in dims],
        p("Mean", a.board_head),
    ]
    body: list[list[Any]] = [head]
    fills: list[tuple[Any, ...]] = []
    for r, stage in enumerate([*order, None], start=1):
        avg = board.network_average if stage is None else board.stage_averages[stage]
        n = sum(counts.values()) if stage is None else counts.get(stage, 0)
        style = a.board_avg if stage is None else with_colour(a.board_avg, Palette.ink)
        cells: list[Any] = [
            p("Network" if stage is None else stage_words(stage), a.board_name),
            p(plural(n, "cluster"), a.board_cell),
            "",
        ]
        for c, dim in enumerate(dims, start=3):
            cells.append(p(one_decimal(avg.get(dim)), style))
            fills.append(("BACKGROUND", (c, r), (c, r), level_fill(avg.get(dim))))
        cells.append(p(one_decimal(mean_level({d: avg[d] for d in dims if d in avg})), style))
        body.append(cells)
    return [
        CondPageBreak(50 * mm),
        p("Averages by lifecycle stage", st.h1),
        p("The average level of each dimension over the clusters at each stage.", st.muted),
        Spacer(1, 4),
        _board_grid(body, widths, len(dims), fills),
    ]


def _board_widths(n_dims: int, width: float) -> list[float]:
    """Cluster, stage, date, one column per dimension, mean (the scoreboard's grid)."""
    fixed, mean_w = [112.0, 84.0, 60.0], 36.0
    dim_w = (width - sum(fixed) - mean_w) / max(n_dims, 1)
    return [*fixed, *([dim_w] * n_dims), mean_w]


def _board_grid(
    body: list[list[Any]], widths: Sequence[float], n_dims: int, fills: Sequence[tuple[Any, ...]]
) -> Table:
    """The scoreboard's table style: a header row, three text columns, coloured level cells
    with white gaps, a mean column, and a total row (the last) under a rule."""
    first_dim, last_dim = 3, 2 + n_dims
    n = len(body) - 1
    table = Table(body, colWidths=list(widths), repeatRows=1, hAlign="LEFT", splitInRow=1)
    zebra = [("BACKGROUND", (0, r), (2, r), Palette.zebra) for r in range(2, n, 2)]
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, 0), Palette.brand),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            *padding(top=2.2, bottom=2.6),
            *padding(top=4, bottom=4, cells=((0, 0), (-1, 0))),
            *padding(left=4, right=4),
            *padding(left=2, right=2, cells=((first_dim, 0), (-1, -1))),
            ("LINEBELOW", (0, 1), (2, -2), 0.25, Palette.rule),
            *zebra,
            ("BACKGROUND", (0, -1), (2, -1), Palette.total),
            ("BACKGROUND", (-1, 1), (-1, -1), Palette.zebra),
            ("BACKGROUND", (-1, -1), (-1, -1), Palette.total),
            *fills,
            ("GRID", (first_dim, 1), (last_dim, -1), 1.2, Palette.white),
            ("LINEABOVE", (0, -1), (-1, -1), 1.2, Palette.ink),
        )
    )
    return table


# --------------------------------------------------------------------------- working group
def _find_dimension(
    models: Sequence[ModelSpec], name: str
) -> tuple[ModelSpec | None, DimensionSpec | None]:
    """The dimension called ``name`` in the newest model that has it."""
    for model in reversed(models):
        for dim in model.dimensions:
            if dim.name.casefold() == name.strip().casefold():
                return model, dim
    return (models[-1] if models else None), None


def suggested_agenda(
    dimension: str,
    spec: DimensionSpec | None,
    labels: Sequence[str],
    participants: Sequence[tuple[str, int | None]],
    mentors: Sequence[tuple[str, int | None]],
) -> list[str]:
    """Agenda items (plain text) for a working group, derived from the dimension's descriptors:
    one step "from level L 'X' towards level L+1 'Y': <descriptor of L+1>" per level where
    participants stand, then what mentors do at their level, then commitments."""
    items = []
    known = [(name, lv) for name, lv in participants if lv is not None]
    if participants:
        items.append(
            f"Where each cluster stands: every participant presents its current practice in "
            f"{dimension} against the level descriptors."
        )
    for level in sorted({lv for _, lv in known}):
        who = _join([name for name, lv in known if lv == level])
        if level >= len(LEVELS):
            items.append(
                f"Staying at level {level} “{level_label(level, labels)}” ({who}): how to keep "
                "the practice reviewed and benchmarked."
            )
            continue
        target = level + 1
        descriptor = ""
        if spec is not None and target - 1 < len(spec.levels):
            descriptor = spec.levels[target - 1].strip()
        text = (
            f"From level {level} “{level_label(level, labels)}” towards level {target} "
            f"“{level_label(target, labels)}” ({who})"
        )
        items.append(text + (f": {descriptor}" if descriptor else "."))
    strong = [(name, lv) for name, lv in mentors if lv is not None]
    if mentors:
        top = max((lv for _, lv in strong), default=None)
        descriptor = ""
        if spec is not None and top is not None and top - 1 < len(spec.levels):
            descriptor = spec.levels[top - 1].strip()
        who = _join([name for name, _ in mentors])
        text = f"How the mentors work: {who} share what they do"
        if top is not None:
            text += f" at level {top} “{level_label(top, labels)}”"
        items.append(text + (f": {descriptor}" if descriptor else "."))
    items.append(
        "Commitments: each participant chooses one concrete step towards its next level, with an "
        "owner and a date; progress is checked at the next maturity profile."
    )
    return items


def write_working_group_pdf(
    db: Database,
    group_id: int,
    path: Path | str,
    *,
    generated: dt.datetime | None = None,
) -> Path:
    """Write the one-page brief of working group ``group_id`` to ``path``; return the path."""
    group = get_working_group(db, group_id)
    model, spec = _find_dimension(list_models(db), group.dimension)
    board = scoreboard(db)
    generated = (generated or dt.datetime.now()).replace(microsecond=0)
    doc = ReportDoc(
        title="Working-group brief",
        period=format_date(group.meets_on or group.proposed_on),
        subject=f"Working group: {group.topic}",
        generated=generated,
    )
    labels = level_labels(model)
    loose = working_group_story(group, spec, labels, board, keep_together=False)
    scale = _shrink_needed(loose, doc.width, doc.height)
    if 1.0 < scale <= 1 / MIN_BRIEF_SCALE:  # a large group: a little smaller, still one page
        loose = working_group_story(group, spec, labels, board, keep_together=False)
        story: list[Flowable] = [KeepInFrame(doc.width, doc.height, loose, mode="shrink")]
    else:
        story = working_group_story(group, spec, labels, board)
    return atomic_write_pdf(path, lambda tmp: doc.build_to(tmp, story))


def _shrink_needed(story: list[Flowable], width: float, height: float) -> float:
    """How much ``story`` must shrink to fit one ``width`` × ``height`` frame (1.0: it fits)."""
    fit = KeepInFrame(width, height, story, mode="shrink")
    fit.wrapOn(Canvas(io.BytesIO()), width, height)
    return float(getattr(fit, "_scale", 1.0))


def working_group_story(
    group: WorkingGroupRow,
    spec: DimensionSpec | None,
    labels: Sequence[str],
    board: Scoreboard,
    *,
    keep_together: bool = True,
) -> list[Flowable]:
    """The brief's flowables; ``keep_together=False`` leaves out ``KeepTogether`` (which cannot
    be measured, nor shrunk, inside a ``KeepInFrame``)."""
    st, a = styles(), _st()
    by_id = {r.cluster_id: r for r in board.rows}
    participants = [m for m in group.members if m.role != "mentor"]
    mentors = [m for m in group.members if m.role == "mentor"]
    out: list[Flowable] = [
        p(group.topic, st.title),
        p(f"A working group on the maturity dimension “{group.dimension}”", st.subtitle),
        key_figures(
            [
                ("Proposed on", format_date(group.proposed_on), None),
                ("Participants", str(len(participants)), None),
                ("Mentors", str(len(mentors)), None),
                (
                    "First meeting",
                    format_date(group.meets_on) if group.meets_on else "To be set",
                    None if group.meets_on else Palette.muted,
                ),
            ]
        ),
    ]

    # the dimension's ladder, with who stands where
    out.append(p(f"The dimension: {group.dimension}", st.h1))
    if spec is None:
        out.append(
            p(
                f"“{group.dimension}” is not a dimension of the current maturity model, so its "
                "level descriptors cannot be shown.",
                a.empty,
            )
        )
    else:
        if spec.description:
            out.append(p(spec.description, st.muted))
            out.append(Spacer(1, 4))
        at_level: dict[int, list[str]] = {}
        for m in group.members:
            if m.level is not None:
                at_level.setdefault(m.level, []).append(m.cluster_short_name)
        ladder: list[list[Any]] = []
        fills: list[tuple[Any, ...]] = []
        for r, lv in enumerate(LEVELS, start=1):
            descriptor = spec.levels[lv - 1] if lv - 1 < len(spec.levels) else ""
            ladder.append(
                [
                    p(str(lv), a.board_level),
                    p(level_label(lv, labels), st.cell_bold),
                    descriptor or "–",
                    ", ".join(sorted(at_level.get(lv, []), key=str.casefold)),
                ]
            )
            fills.append(("BACKGROUND", (0, r), (0, r), LEVEL_FILLS[lv]))
        out.append(
            data_table(
                ["", "Level", "Descriptor", "Members at this level"],
                ladder,
                [22, 66, CONTENT_WIDTH - 22 - 66 - 160, 160],
                extra_styles=[
                    *fills,
                    ("LINEBELOW", (0, 1), (0, -1), 1, Palette.white),
                    ("TOPPADDING", (0, 1), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
                ],
            )
        )

    # who takes part: two side-by-side tables
    half = (CONTENT_WIDTH - 14) / 2
    blocks: list[Flowable] = []
    for title, members in (("Participants", participants), ("Mentors", mentors)):
        cell: list[Flowable] = [p(f"{title} ({len(members)})", st.h2)]
        if members:
            rows: list[list[Any]] = []
            member_fills: list[tuple[Any, ...]] = []
            for r, m in enumerate(members, start=1):
                current = by_id.get(m.cluster_id)
                now = current.levels.get(group.dimension) if current is not None else None
                rows.append(
                    [
                        p(m.cluster_short_name, st.cell_bold),
                        p("–" if m.level is None else str(m.level), a.board_level),
                        p("–" if now is None else str(now), a.board_level),
                    ]
                )
                member_fills += [
                    ("BACKGROUND", (1, r), (1, r), level_fill(m.level)),
                    ("BACKGROUND", (2, r), (2, r), level_fill(now)),
                ]
            cell.append(_member_table(rows, [half - 112, 56, 56], member_fills))
        else:
            cell.append(p(f"No {title.lower()} yet.", a.empty))
        blocks.append(stack(cell, half))
    out.append(p("Who takes part", st.h1))
    out.append(
        p(
            f"Participants are weak in this dimension (≤ {rules.WEAK_MAX}), mentors strong "
            f"(≥ {rules.STRONG_MIN}): their levels when the group was proposed, and now.",
            st.muted,
        )
    )
    out.append(side_by_side(blocks, [half, half], gap=14))

    if group.notes.strip():
        out.append(p("Notes", st.h2))
        out.append(p(group.notes, st.body))

    agenda = suggested_agenda(
        group.dimension,
        spec,
        labels,
        [(m.cluster_short_name, m.level) for m in participants],
        [(m.cluster_short_name, m.level) for m in mentors],
    )
    items: list[Flowable] = [
        Paragraph(esc(text), a.agenda, bulletText=f"{i}.") for i, text in enumerate(agenda, 1)
    ]
    block = [
        p("Suggested agenda", st.h1),
        callout(stack(items, CONTENT_WIDTH - 17)),
        p("Derived from the dimension's level descriptors; adapt it to the group.", st.note),
    ]
    out += [KeepTogether(block)] if keep_together else block
    return out


def _member_table(
    rows: list[list[Any]], widths: Sequence[float], fills: Sequence[tuple[Any, ...]]
) -> Table:
    st, a = styles(), _st()
    head = [
        p("Cluster", st.header_cell),
        p("Proposed", a.board_head),
        p("Now", a.board_head),
    ]
    table = Table([head, *rows], colWidths=list(widths), repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, 0), Palette.brand),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *padding(top=2, bottom=2.5),
            *padding(top=3, bottom=3.5, cells=((0, 0), (-1, 0))),
            *padding(left=4, right=4),
            ("LINEBELOW", (0, 1), (0, -1), 0.25, Palette.rule),
            *fills,
            ("GRID", (1, 1), (-1, -1), 1, Palette.white),
        )
    )
    return table
