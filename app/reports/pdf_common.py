"""What every ClusterDesk PDF shares: fonts, styles, safe paragraphs, page frame, tables, charts.

Hours statements, meeting minutes, assessments and maturity profiles all build on this module so
that they look alike and avoid ReportLab's two classic traps (CONVENTIONS.md):

* ``Paragraph`` parses its text as markup. **Never** pass user text to ``Paragraph`` directly:
  use ``p(text, style)``, which escapes it, or ``markup(template, **values)``, which escapes the
  values put into a trusted template (``markup("<b>{name}</b>", name=officer)``).
  Strings drawn in ``reportlab.graphics`` drawings are not parsed: pass them raw.
* The standard PDF fonts are Latin-1 only. ``register_fonts()`` embeds DejaVu Sans (regular,
  bold, oblique, bold oblique; ``app/resources/fonts``) so that ñ, Ł, € and the rest print.

Typical use::

    story = [p(officer.name, st.title), p(description, st.body)]
    doc = ReportDoc(title="Annual hours statement", period="2026", subject=officer.name)
    atomic_write_pdf(path, lambda tmp: doc.build_to(tmp, story))

``ReportDoc`` is A4 with margins, a header (report title left, period right), a footer (generation
date left, "Page X of Y" right), and PDF metadata.

Tables: ``data_table`` (header row, zebra, total), ``facts_table`` (label–value rows),
``plain_table``, ``key_figures``, ``callout``, ``side_by_side`` and ``stack``. A report's own table
takes its style from ``table_style`` (DejaVu Sans for plain-string cells) and ``padding``. Charts are
``drawing``s labelled with ``draw_text``.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus import TableStyle as RLTableStyle

from app import __version__
from app.reports.atomic import atomic_path

logger = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Palette:
    """ClusterDesk's report colours (sober; readable when printed in grey)."""

    ink = colors.HexColor("#1F2933")
    muted = colors.HexColor("#616E7C")
    brand = colors.HexColor("#0B4F6C")  # deep teal-blue: headings, table headers, bars
    brand_light = colors.HexColor("#DCEBF2")
    rule = colors.HexColor("#C7D0D9")
    zebra = colors.HexColor("#F3F6F8")
    total = colors.HexColor("#E4EAEE")
    reference = colors.HexColor("#C2410C")  # target / reference lines
    good = colors.HexColor("#1B7F3B")
    ok = colors.HexColor("#2F9E44")
    warn = colors.HexColor("#C98A00")
    amber = colors.HexColor("#A86B00")  # darker than warn: readable as text and under white text
    bad = colors.HexColor("#D9480F")
    worst = colors.HexColor("#B00020")
    white = colors.white


# --------------------------------------------------------------------------- fonts
_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans (and its family, so ``<b>``/``<i>`` work). Idempotent."""
    global _registered
    if _registered:
        return
    for name, file in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    _registered = True


# --------------------------------------------------------------------------- text
def esc(text: object) -> str:
    """Escape user text for ``Paragraph`` markup; line breaks are kept as ``<br/>``."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _xml_escape(s).replace("\n", "<br/>")


def markup(template: str, /, **values: object) -> str:
    """``template.format(**values)`` with every value escaped; the template is trusted markup."""
    return template.format(**{k: esc(v) for k, v in values.items()})


def p(text: object, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph showing ``text`` verbatim (escaped), in ``style`` (body by default)."""
    return Paragraph(esc(text), style or styles().body)


def pm(trusted_markup: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph from markup that is already safe (built with ``markup`` or ``esc``)."""
    return Paragraph(trusted_markup, style or styles().body)


def hex_colour(colour: colors.Color) -> str:
    """``#rrggbb`` for ``<font color=...>`` in markup."""
    return "#" + colour.hexval()[2:]


def coloured(text: object, colour: colors.Color) -> str:
    """``text`` (escaped) in ``colour``, as safe markup for ``pm``."""
    return markup("<font color='{c}'>{t}</font>", c=hex_colour(colour), t=text)


def with_notes(text: object, *notes: object, colour: colors.Color = Palette.muted) -> str:
    """``text`` with each of ``notes`` on a small line under it (7 pt, in ``colour``), all
    escaped: safe markup for a table cell."""
    small = [
        markup("<font size=7 color='{c}'>{n}</font>", c=hex_colour(colour), n=n) for n in notes
    ]
    return "<br/>".join([esc(text), *small])


def level_markup(level: int, label: str, descriptor: str) -> str:
    """ "<b>Level 3 · Good:</b> <i>descriptor</i>" with the values escaped: a level and what it
    means."""
    return markup(
        "<b>Level {n} · {label}:</b> <i>{text}</i>", n=level, label=label, text=descriptor
    )


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 cluster", "3 clusters", "2 criteria" (with ``many``)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def format_date(day: dt.date) -> str:
    """29 Nov 2026 (English month names whatever the system locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_datetime(moment: dt.datetime) -> str:
    return f"{format_date(moment.date())} {moment:%H:%M}"


def safe_filename(text: str) -> str:
    """A file-name fragment from free text ("Iñaki Łukasz" → "Iñaki_Łukasz")."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "", text).strip().replace(" ", "_")
    return cleaned[:80] or "report"


# --------------------------------------------------------------------------- styles
@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    note: ParagraphStyle
    callout: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_bold_right: ParagraphStyle
    cell_muted: ParagraphStyle
    header_cell: ParagraphStyle
    header_cell_right: ParagraphStyle
    kpi_label: ParagraphStyle
    kpi_value: ParagraphStyle


_styles: Styles | None = None


def styles() -> Styles:
    """The shared paragraph styles (DejaVu Sans; fonts registered on first use)."""
    global _styles
    if _styles is not None:
        return _styles
    register_fonts()
    ink, muted = Palette.ink, Palette.muted
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=ink)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    header_cell = ParagraphStyle(
        "header_cell", parent=cell, fontName=FONT_BOLD, textColor=Palette.white
    )
    _styles = Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=2
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=10.5, leading=14, textColor=muted, spaceAfter=10
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=16,
            textColor=Palette.brand,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=True,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=True,
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        muted=ParagraphStyle("muted", parent=body, fontSize=8, leading=10, textColor=muted),
        note=ParagraphStyle(
            "note",
            parent=body,
            fontName=FONT_ITALIC,
            fontSize=8,
            leading=10,
            textColor=muted,
            spaceBefore=4,
        ),
        callout=ParagraphStyle("callout", parent=body, fontSize=10.5, leading=14),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        cell_bold_right=ParagraphStyle(
            "cell_bold_right", parent=cell, fontName=FONT_BOLD, alignment=TA_RIGHT
        ),
        cell_muted=ParagraphStyle("cell_muted", parent=cell, fontSize=7.5, textColor=muted),
        header_cell=header_cell,
        header_cell_right=ParagraphStyle(
            "header_cell_right", parent=header_cell, alignment=TA_RIGHT
        ),
        kpi_label=ParagraphStyle(
            "kpi_label", parent=body, fontSize=7.5, leading=9, textColor=muted, alignment=TA_LEFT
        ),
        kpi_value=ParagraphStyle(
            "kpi_value", parent=body, fontName=FONT_BOLD, fontSize=14, leading=17
        ),
    )
    return _styles


def with_colour(style: ParagraphStyle, colour: colors.Color) -> ParagraphStyle:
    """``style`` with another text colour."""
    return ParagraphStyle(f"{style.name}_{hex_colour(colour)}", parent=style, textColor=colour)


# --------------------------------------------------------------------------- page frame
DEFAULT_AUTHOR = "SPRI — ClusterDesk"


def spri_author(person: str | None) -> str:
    """The PDF's author: "<person> — SPRI" for a report someone signs, else ``DEFAULT_AUTHOR``."""
    return f"{person} — SPRI" if person else DEFAULT_AUTHOR


def bare_frame(x: float, y: float, width: float, height: float, frame_id: str) -> Frame:
    """A frame without inner padding: the story starts exactly at the margins."""
    return Frame(
        x,
        y,
        width,
        height,
        id=frame_id,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def _numbered_canvas_class(doc: ReportDoc) -> type[rl_canvas.Canvas]:
    """A canvas that holds pages back until the end, then stamps "Page X of Y" on each."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                doc.draw_page_number(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class ReportDoc(BaseDocTemplate):
    """A ClusterDesk report (A4 unless ``pagesize`` says otherwise): header with title and period,
    footer with date and page X of Y."""

    def __init__(
        self,
        *,
        title: str,
        period: str,
        subject: str = "",
        author: str = DEFAULT_AUTHOR,
        generated: dt.datetime | None = None,
        pagesize: tuple[float, float] = PAGE_SIZE,
        **kwargs: Any,
    ) -> None:
        register_fonts()
        self.report_title = title
        self.period = period
        self.generated = (generated or dt.datetime.now()).replace(microsecond=0)
        super().__init__(
            None,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{title} — {period}" if period else title,
            subject=subject,
            author=author,
            creator=f"ClusterDesk {__version__}",
            lang="en",
            initialFontName=FONT,  # no unembedded Helvetica in the page resources
            initialFontSize=9.5,
            displayDocTitle=True,
            **kwargs,
        )
        frame = bare_frame(self.leftMargin, self.bottomMargin, self.width, self.height, "body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    # header and footer (strings drawn on the canvas are not markup: no escaping)
    def _decorate(self, canv: rl_canvas.Canvas, _doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        top = height - 13 * mm
        canv.saveState()
        canv.setFillColor(Palette.brand)
        canv.setFont(FONT_BOLD, 8.5)
        canv.drawString(left, top, "SPRI · ClusterDesk")
        brand_w = pdfmetrics.stringWidth("SPRI · ClusterDesk", FONT_BOLD, 8.5)
        canv.setFillColor(Palette.ink)
        canv.setFont(FONT, 8.5)
        room = right - left - brand_w - 12 - pdfmetrics.stringWidth(self.period, FONT, 8.5) - 12
        canv.drawString(left + brand_w + 12, top, fit_text(self.report_title, FONT, 8.5, room))
        canv.setFillColor(Palette.muted)
        canv.drawRightString(right, top, self.period)
        canv.setStrokeColor(Palette.rule)
        canv.setLineWidth(0.6)
        canv.line(left, top - 4, right, top - 4)
        self.draw_footer(canv)
        canv.restoreState()

    def draw_footer(self, canv: rl_canvas.Canvas) -> None:
        """The footer's rule and generation date ("Page X of Y" is stamped at the end)."""
        left, right = self.leftMargin, self.pagesize[0] - self.rightMargin
        bottom = 11 * mm
        canv.setStrokeColor(Palette.rule)
        canv.setLineWidth(0.6)
        canv.line(left, bottom + 9, right, bottom + 9)
        canv.setFillColor(Palette.muted)
        canv.setFont(FONT, 7.5)
        canv.drawString(left, bottom, f"Generated {format_datetime(self.generated)} by ClusterDesk")

    def draw_page_number(self, canv: rl_canvas.Canvas, page: int, total: int) -> None:
        canv.saveState()
        canv.setFont(FONT, 7.5)
        canv.setFillColor(Palette.muted)
        canv.drawRightString(
            self.pagesize[0] - self.rightMargin, 11 * mm, f"Page {page} of {total}"
        )
        canv.restoreState()

    def build_to(self, path: Path | str, story: list[Flowable]) -> None:
        """Write the story to ``path`` (use inside ``atomic_write_pdf``)."""
        self.filename = str(path)
        self.build(story, canvasmaker=_numbered_canvas_class(self))


def atomic_write_pdf(path: Path | str, build_fn: Callable[[Path], None]) -> Path:
    """Run ``build_fn(temp_path)`` and move the finished PDF to ``path`` atomically.

    A failure while building leaves no half-written file and never replaces a good one.
    """
    target = Path(path).expanduser()
    with atomic_path(target) as tmp:
        build_fn(tmp)
    logger.info("wrote %s", target)
    return target


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points (for canvas/graphics strings)."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --------------------------------------------------------------------------- tables
Cell = str | Flowable | None
ALL_CELLS = ((0, 0), (-1, -1))


def table_style(*commands: tuple[Any, ...]) -> RLTableStyle:
    """A table style of ``commands`` over DejaVu Sans for plain-string cells (never a Latin-1
    standard font)."""
    return RLTableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def padding(
    *,
    top: float | None = None,
    bottom: float | None = None,
    left: float | None = None,
    right: float | None = None,
    cells: tuple[tuple[int, int], tuple[int, int]] = ALL_CELLS,
) -> list[tuple[Any, ...]]:
    """The padding commands of ``cells`` (first and last cell; all cells by default)."""
    sides = (("TOP", top), ("BOTTOM", bottom), ("LEFT", left), ("RIGHT", right))
    return [(f"{side}PADDING", *cells, value) for side, value in sides if value is not None]


NO_PADDING = tuple(padding(top=0, bottom=0, left=0, right=0))


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[float],
    *,
    align: str = "",
    total: Sequence[Cell] | None = None,
    zebra: bool = True,
    extra_styles: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table with a repeated bold header row, zebra rows and an optional bold total row.

    ``align`` has one letter per column: "l" (default), "r" or "c". String cells are escaped and
    wrapped in the column; Flowable cells (e.g. ``p(...)`` or a drawing) are used as they are.
    """
    st = styles()
    aligns = (align or "").ljust(len(header), "l")
    by_align = {"l": st.cell, "r": st.cell_right, "c": st.cell_center}
    bold_by_align = {"l": st.cell_bold, "r": st.cell_bold_right, "c": st.cell_bold}

    def cell(value: Cell, col: int, bold: bool = False) -> Cell:
        if value is None:
            return ""
        if isinstance(value, Flowable):
            return value
        style = (bold_by_align if bold else by_align)[aligns[col]]
        return p(value, style)

    head = [
        p(h, st.header_cell_right if aligns[i] == "r" else st.header_cell)
        for i, h in enumerate(header)
    ]
    data: list[list[Cell]] = [head]
    data += [[cell(v, i) for i, v in enumerate(r)] for r in rows]
    if total is not None:
        data.append([cell(v, i, bold=True) for i, v in enumerate(total)])
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), Palette.brand),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *padding(top=3, bottom=3.5, left=4, right=4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, Palette.rule),
    ]
    if zebra:
        for r in range(2, len(rows) + 1, 2):
            commands.append(("BACKGROUND", (0, r), (-1, r), Palette.zebra))
    if total is not None:
        commands += [
            ("BACKGROUND", (0, -1), (-1, -1), Palette.total),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, Palette.ink),
        ]
    commands += list(extra_styles)
    # splitInRow: a row taller than a page (a very long note) continues on the next page
    table = Table(data, colWidths=list(col_widths), repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(table_style(*commands))
    return table


def plain_table(
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[float],
    *,
    pad: float = 1.5,
    extra_styles: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table without rules or shading: top-aligned cells flush left, 6 pt apart, ``pad`` points
    above and below each row (``extra_styles`` add rules and the like)."""
    table = Table(rows, colWidths=list(col_widths), hAlign="LEFT")
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *padding(top=pad, bottom=pad, left=0, right=6),
            *extra_styles,
        )
    )
    return table


def facts_table(
    facts: Sequence[tuple[str, str]],
    label_width: float,
    label_style: ParagraphStyle,
    value_style: ParagraphStyle,
    *,
    width: float = CONTENT_WIDTH,
    pad: float = 1.5,
    extra_styles: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """Label–value rows ("Cluster", "Date", …): the labels in a column ``label_width`` wide, the
    values (escaped) in the rest of ``width``."""
    rows = [[p(label, label_style), p(value, value_style)] for label, value in facts]
    return plain_table(rows, [label_width, width - label_width], pad=pad, extra_styles=extra_styles)


def key_figures(
    items: Sequence[tuple[str, str, colors.Color | None]], width: float = CONTENT_WIDTH
) -> Table:
    """A row of tiles: a small label above a large value (optionally coloured).

    Labels and values sit in two table rows, so values line up even when a label wraps.
    """
    st = styles()
    labels, values = [], []
    for label, value, colour in items:
        vstyle = st.kpi_value if colour is None else with_colour(st.kpi_value, colour)
        labels.append(p(label, st.kpi_label))
        values.append(p(value, vstyle))
    n = max(len(items), 1)
    table = Table([labels, values], colWidths=[width / n] * n, hAlign="LEFT")
    table.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 0.6, Palette.rule),
            ("LINEAFTER", (0, 0), (-2, -1), 0.6, Palette.rule),
            ("BACKGROUND", (0, 0), (-1, -1), Palette.zebra),
            ("VALIGN", (0, 0), (-1, 0), "TOP"),
            ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
            *padding(top=6, bottom=1, cells=((0, 0), (-1, 0))),
            *padding(top=1, bottom=7, cells=((0, 1), (-1, 1))),
            *padding(left=7, right=5),
        )
    )
    return table


def callout(
    body: str | Flowable | Sequence[Flowable],
    width: float = CONTENT_WIDTH,
    *,
    top: float = 6,
    bottom: float = 7,
    left: float = 9,
    right: float = 8,
) -> Table:
    """A highlighted box ``width`` wide, a bar on its left, holding ``body``: a text (escaped),
    a flowable or flowables one under the other; ``top`` … ``right`` are its inner margins."""
    content = p(body, styles().callout) if isinstance(body, str) else body
    table = Table([[content]], colWidths=[width], hAlign="LEFT")
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, -1), Palette.brand_light),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, Palette.brand),
            *padding(top=top, bottom=bottom, left=left, right=right),
        )
    )
    return table


def drawing(width: float, height: float) -> Drawing:
    """A vector drawing whose text defaults to DejaVu Sans (no unembedded Helvetica)."""
    register_fonts()
    d = Drawing(width, height)
    d.initialFontName = FONT
    d.initialFontSize = 7
    return d


def draw_text(
    d: Drawing,
    x: float,
    y: float,
    text: str,
    *,
    size: float = 7,
    anchor: str = "start",
    colour: colors.Color = Palette.muted,
    bold: bool = False,
) -> None:
    """A string in a drawing (graphics strings are not markup: no escaping)."""
    d.add(
        String(
            x,
            y,
            text,
            fontName=FONT_BOLD if bold else FONT,
            fontSize=size,
            textAnchor=anchor,
            fillColor=colour,
        )
    )


def side_by_side(cells: Sequence[Flowable], widths: Sequence[float], gap: float = 0) -> Table:
    """Flowables next to each other (e.g. two tables), top-aligned, ``gap`` points apart."""
    row: list[Flowable | str] = []
    col_widths: list[float] = []
    for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if i and gap:
            row.append("")
            col_widths.append(gap)
        row.append(cell)
        col_widths.append(width)
    table = Table([row], colWidths=col_widths, hAlign="LEFT")
    table.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING))
    return table


def stack(flowables: Sequence[Flowable], width: float) -> Table:
    """Flowables one above the other as one flowable ``width`` wide (for a table cell)."""
    table = Table([[list(flowables)]], colWidths=[width], hAlign="LEFT")
    table.setStyle(table_style(*NO_PADDING))
    return table


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round axis maximum ≥ ``value`` and its tick step (4–6 ticks): 87 → (100, 20)."""
    if value <= 0:
        return 1.0, 0.25
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if value / step <= 5:
            top = math.ceil(value / step - 1e-9) * step
            return float(top), float(step)
    return float(value), float(value)
