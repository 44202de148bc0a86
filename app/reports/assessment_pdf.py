"""The PDF of an action-plan assessment, as sent to the cluster association.

Command line (wired in ``app/cli.py``)::

    clusterdesk [--db PATH] assessments report ID --pdf FILE [--eml FILE]

calls ``write_assessment_pdf(db, ID, FILE)`` (and ``assessment_email.assessment_draft``).

The document, A4 on the shared base (``pdf_common``):

1. a cover: cluster, "Assessment of the <year> action plan", assessor, date (finalised, or
   generated for a draft), status, version, rubric, contact;
2. a one-page summary: the overall score, a table of section scores against last year, a vector
   bar chart of the same, and the three top recommendations (the first lines of the assessment's
   recommendations, else the section recommendations, weakest section first);
3. one part per section: every criterion with its weight, score and level label, the level
   descriptor of that score, last year's score, comment and evidence (not applicable and unscored
   criteria said in words), then the section's recommendation and follow-up;
4. strengths, weaknesses and recommendations.

A draft carries a diagonal "DRAFT" watermark on every page. Every user string is escaped
(``p``/``markup``); DejaVu Sans is embedded; the chart is drawn with ``reportlab.graphics``
(vector, sharp in print). The file is written atomically.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from app.db.assessments import get_assessment
from app.db.database import Database
from app.domain import scoring
from app.domain.records_assessments import AssessmentDetail, CriterionSpec, SectionSpec
from app.reports.pdf_common import (
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    MARGIN_BOTTOM,
    MARGIN_X,
    Cell,
    Palette,
    ReportDoc,
    atomic_write_pdf,
    bare_frame,
    callout,
    coloured,
    data_table,
    draw_text,
    drawing,
    esc,
    facts_table,
    fit_text,
    format_date,
    hex_colour,
    level_markup,
    markup,
    p,
    padding,
    pm,
    spri_author,
    styles,
    table_style,
    with_colour,
)

logger = logging.getLogger(__name__)

DEFAULT_LEVEL_LABELS = ("Absent", "Weak", "Partial", "Good", "Exemplary")
# score 0..4: red → green; dark enough for white text, distinct in grey print by their labels
LEVEL_COLOURS = (
    Palette.worst,
    Palette.bad,
    Palette.amber,
    Palette.ok,
    Palette.good,
)
LAST_YEAR_BAR = colors.HexColor("#AEBBC7")
NEUTRAL = colors.HexColor("#7B8794")
WATERMARK = "DRAFT"


# --------------------------------------------------------------------------- names and words
def assessment_filename(detail: AssessmentDetail) -> str:
    """``Assessment_<short name>_<year>.pdf`` (``_v2`` … for amendments), safe on every OS.

    Letters of any alphabet and digits are kept (NFC), everything else becomes ``_``:
    "Foro Marítimo Vasco" → ``Assessment_Foro_Marítimo_Vasco_2026.pdf``.
    """
    row = detail.row
    name = unicodedata.normalize("NFC", row.cluster_short_name or row.cluster_name or "")
    name = re.sub(r"[^\w-]+", "_", name, flags=re.UNICODE)
    name = re.sub(r"_+", "_", name).strip("_-.")[:60].rstrip("_-.") or "cluster"
    version = f"_v{row.version}" if row.version > 1 else ""
    return f"Assessment_{name}_{row.plan_year}{version}.pdf"


def plan_title(detail: AssessmentDetail) -> str:
    """ "Assessment of the 2026 action plan"."""
    return f"Assessment of the {detail.row.plan_year} action plan"


def level_labels(detail: AssessmentDetail) -> tuple[str, ...]:
    labels = tuple(detail.template.level_labels)
    return labels if len(labels) == scoring.MAX_SCORE + 1 else DEFAULT_LEVEL_LABELS


def _items(text: str) -> list[str]:
    """The items of a multi-line text: bullet lines ("- ", "* ", "• ", "1. ") start an item and
    lines without a bullet continue the previous one; without any bullet, every line is one."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    bullet = re.compile(r"^(?:[-*•–·]|\d{1,2}[.)])\s+")
    if not any(bullet.match(ln) for ln in lines):
        return lines
    items: list[str] = []
    for ln in lines:
        m = bullet.match(ln)
        if m or not items:
            items.append(ln[m.end() :] if m else ln)
        else:
            items[-1] += " " + ln
    return [i for i in items if i]


def top_recommendations(detail: AssessmentDetail, n: int = 3) -> list[tuple[str, str]]:
    """Up to ``n`` (section name or "", text): the assessment's own recommendations first; when it
    has none, the section recommendations, weakest section first."""
    own = _items(detail.recommendations)
    if own:
        return [("", t) for t in own[:n]]
    found = []
    for sec in detail.template.sections:
        note = detail.section_notes.get(sec.id)
        if note and note.recommendation.strip():
            found.append((detail.section_scores.get(sec.id), sec.position, sec.name, note))
    found.sort(key=lambda f: (f[0] is None, f[0] or 0.0, f[1]))
    return [(name, note.recommendation.strip()) for _s, _p, name, note in found[:n]]


def _counts(detail: AssessmentDetail, criteria: Sequence[CriterionSpec]) -> tuple[int, int, int]:
    """(scored, not applicable, open) among ``criteria``."""
    scored = na = 0
    for c in criteria:
        sc = detail.scores.get(c.id)
        if sc is not None and sc.not_applicable:
            na += 1
        elif sc is not None and sc.score is not None:
            scored += 1
    return scored, na, len(criteria) - scored - na


def _counts_words(scored: int, na: int, open_: int, noun: str = "") -> str:
    """ "6 of 7 · 1 not scored" (with ``noun``: "6 of 7 criteria scored · 1 not scored")."""
    parts = [f"{scored} of {scored + na + open_}{noun}"]
    if na:
        parts.append(f"{na} not applicable")
    if open_:
        parts.append(f"{open_} not scored")
    return " · ".join(parts)


def _weight(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------- styles
@dataclass(frozen=True)
class _Styles:
    cover_kicker: ParagraphStyle
    cover_title: ParagraphStyle
    cover_sub: ParagraphStyle
    cover_plan: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    big: ParagraphStyle
    big_label: ParagraphStyle
    crit_title: ParagraphStyle
    crit_text: ParagraphStyle
    descriptor: ParagraphStyle
    badge_score: ParagraphStyle
    badge_label: ParagraphStyle
    side: ParagraphStyle
    bullet: ParagraphStyle
    numbered: ParagraphStyle
    section_title: ParagraphStyle
    section_score: ParagraphStyle
    empty: ParagraphStyle


@cache
def _st() -> _Styles:
    st = styles()
    body = st.body
    return _Styles(
        cover_kicker=ParagraphStyle(
            "a_kicker",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=9,
            leading=12,
            textColor=Palette.brand,
            spaceAfter=10,
        ),
        cover_title=ParagraphStyle(
            "a_cover_title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=26,
            leading=31,
            spaceAfter=4,
        ),
        cover_sub=ParagraphStyle(
            "a_cover_sub",
            parent=body,
            fontSize=12,
            leading=16,
            textColor=Palette.muted,
            spaceAfter=18,
        ),
        cover_plan=ParagraphStyle(
            "a_cover_plan",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=22,
            textColor=Palette.brand,
            spaceAfter=26,
        ),
        label=ParagraphStyle(
            "a_label", parent=body, fontSize=8.5, leading=12, textColor=Palette.muted
        ),
        value=ParagraphStyle("a_value", parent=body, fontSize=10, leading=13),
        big=ParagraphStyle(
            "a_big",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=40,
            leading=44,
            textColor=Palette.brand,
        ),
        big_label=ParagraphStyle(
            "a_big_label", parent=body, fontSize=8, leading=10, textColor=Palette.muted
        ),
        crit_title=ParagraphStyle(
            "a_crit_title", parent=body, fontName=FONT_BOLD, fontSize=10, leading=13
        ),
        crit_text=ParagraphStyle(
            "a_crit_text", parent=body, fontSize=8.8, leading=11.4, spaceBefore=1.5
        ),
        descriptor=ParagraphStyle(
            "a_descriptor",
            parent=body,
            fontSize=8.3,
            leading=11,
            textColor=Palette.muted,
            spaceBefore=1,
        ),
        badge_score=ParagraphStyle(
            "a_badge_score",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=17,
            textColor=Palette.white,
            alignment=TA_CENTER,
        ),
        badge_label=ParagraphStyle(
            "a_badge_label",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=8,
            leading=10,
            textColor=Palette.white,
            alignment=TA_CENTER,
        ),
        side=ParagraphStyle(
            "a_side",
            parent=body,
            fontSize=7.5,
            leading=9.5,
            textColor=Palette.muted,
            alignment=TA_CENTER,
        ),
        bullet=ParagraphStyle(
            "a_bullet",
            parent=body,
            leftIndent=12,
            bulletIndent=2,
            bulletFontName=FONT,
            spaceAfter=3,
        ),
        numbered=ParagraphStyle(
            "a_numbered",
            parent=st.callout,
            fontSize=10,
            leading=13.5,
            leftIndent=16,
            bulletIndent=0,
            bulletFontName=FONT_BOLD,
            spaceAfter=5,
        ),
        section_title=ParagraphStyle(
            "a_section_title",
            parent=st.h1,
            fontSize=16,
            leading=20,
            spaceBefore=0,
            spaceAfter=2,
        ),
        section_score=ParagraphStyle(
            "a_section_score",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=16,
            leading=20,
            alignment=TA_RIGHT,
            textColor=Palette.brand,
        ),
        empty=ParagraphStyle("a_empty", parent=st.body, textColor=Palette.muted),
    )


# --------------------------------------------------------------------------- document
COVER_BAND = 46 * mm


class AssessmentDoc(ReportDoc):
    """``ReportDoc`` with a cover page template and, for drafts, a watermark on every page."""

    def __init__(self, *, watermark: bool, cover_lines: tuple[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.watermark = watermark
        self.cover_lines = cover_lines
        width, height = self.pagesize
        frame = bare_frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            width - 2 * MARGIN_X,
            height - COVER_BAND - 16 * mm - MARGIN_BOTTOM,
            "cover",
        )
        cover = PageTemplate(id="cover", frames=[frame], onPage=self._cover_page)
        self.pageTemplates.insert(0, cover)  # the first page uses the cover template

    def _cover_page(self, canv: rl_canvas.Canvas, _doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        canv.saveState()
        canv.setFillColor(Palette.brand)
        canv.rect(0, height - COVER_BAND, width, COVER_BAND, stroke=0, fill=1)
        canv.setFillColor(Palette.white)
        canv.setFont(FONT_BOLD, 11)
        canv.drawString(MARGIN_X, height - 18 * mm, self.cover_lines[0])
        canv.setFont(FONT, 9.5)
        canv.drawString(MARGIN_X, height - 24.5 * mm, self.cover_lines[1])
        self.draw_footer(canv)
        canv.restoreState()

    def draw_page_number(self, canv: rl_canvas.Canvas, page: int, total: int) -> None:
        super().draw_page_number(canv, page, total)
        if self.watermark:  # drawn last, translucent: over tables too, the text stays readable
            draw_watermark(canv, self.pagesize)


def draw_watermark(canv: rl_canvas.Canvas, pagesize: tuple[float, float]) -> None:
    width, height = pagesize
    size = 150
    canv.saveState()
    canv.setFillColor(Palette.worst)
    canv.setFillAlpha(0.09)
    canv.setFont(FONT_BOLD, size)
    canv.translate(width / 2, height / 2)
    canv.rotate(52)
    canv.drawCentredString(0, -size * 0.35, WATERMARK)
    canv.restoreState()


def write_assessment_pdf(
    db: Database,
    assessment_id: int,
    path: Path | str,
    *,
    generated: dt.datetime | None = None,
) -> Path:
    """Write the assessment ``assessment_id`` to ``path`` (PDF); return the path written."""
    detail = get_assessment(db, assessment_id)
    row = detail.row
    generated = (generated or dt.datetime.now()).replace(microsecond=0)
    draft = row.status != "final"
    doc = AssessmentDoc(
        watermark=draft,
        cover_lines=("SPRI · Basque Business Development Agency", "Cluster action-plan assessment"),
        title=plan_title(detail),
        period=f"{row.cluster_short_name} · {row.plan_year}" + (" · Draft" if draft else ""),
        subject=f"{plan_title(detail)} of {row.cluster_name}",
        author=spri_author(row.assessor_name),
        generated=generated,
    )
    story: list[Flowable] = []
    story += _cover(detail, generated)
    story += [NextPageTemplate("page"), PageBreak()]
    story += _summary(detail)
    for number, sec in enumerate(detail.template.sections, start=1):
        story.append(PageBreak())
        story += _section(detail, number, sec)
    story.append(CondPageBreak(90 * mm))
    story += _closing(detail, generated)
    return atomic_write_pdf(path, lambda tmp: doc.build_to(tmp, story))


# --------------------------------------------------------------------------- cover
def _cover(detail: AssessmentDetail, generated: dt.datetime) -> list[Flowable]:
    st, a = styles(), _st()
    row = detail.row
    out: list[Flowable] = [
        p("ACTION-PLAN ASSESSMENT", a.cover_kicker),
        p(row.cluster_name or row.cluster_short_name, a.cover_title),
    ]
    if row.cluster_short_name and row.cluster_short_name != row.cluster_name:
        out.append(p(row.cluster_short_name, a.cover_sub))
    else:
        out.append(Spacer(1, 14))
    out.append(p(plan_title(detail), a.cover_plan))

    if row.status == "final" and row.finalised_at:
        date_label, date_value = "Finalised", format_date(row.finalised_at.date())
        status = "Final"
    else:
        date_label = "Date"
        date_value = f"{format_date(generated.date())} (generated; not finalised)"
        status = "Draft — not final; scores may still change"
    version = f"Version {row.version}"
    if row.version > 1:
        version += f", amending version {row.version - 1}"
    facts: list[tuple[str, str]] = [
        ("Cluster association", row.cluster_name),
        ("Plan year", str(row.plan_year)),
        ("Assessor", row.assessor_name or "Not assigned yet"),
        (date_label, date_value),
        ("Status", f"{status} · {version}"),
        ("Rubric", f"{row.template_name}, version {row.template_version}"),
    ]
    contact = detail.cluster_contact_name
    if detail.cluster_contact_email:
        contact = (
            f"{contact} <{detail.cluster_contact_email}>"
            if contact
            else detail.cluster_contact_email
        )
    if contact:
        facts.append(("Prepared for", contact))
    table = facts_table(
        facts,
        42 * mm,
        a.label,
        a.value,
        pad=6,
        extra_styles=[
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, Palette.brand),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, Palette.rule),
        ],
    )
    out += [table, Spacer(1, 26)]
    names = ", ".join(s.name for s in detail.template.sections)
    out.append(
        p(
            "This report sets out SPRI's assessment of the cluster association's annual action "
            f"plan. It opens with a one-page summary, then takes each strategic area in turn "
            f"({names}) with the score, comment and evidence for every criterion and a "
            "recommendation with its follow-up, and closes with the plan's strengths, weaknesses "
            "and our recommendations.",
            st.muted,
        )
    )
    out.append(Spacer(1, 6))
    out.append(p(SCORING_NOTE, st.muted))
    return out


SCORING_NOTE = (
    "How to read the scores: each criterion is scored from 0 to 4 (Absent, Weak, Partial, Good, "
    "Exemplary) and carries a weight. A section's score and the overall score are the weighted "
    "mean of the scored criteria, shown as a percentage of the maximum; a criterion that is not "
    "applicable carries no weight. Last year's figures come from the assessment of the previous "
    "year's plan."
)


# --------------------------------------------------------------------------- summary
def _change_markup(now: float | None, before: float | None) -> str:
    words = scoring.format_change(now, before)
    if not words:
        return "–"
    colour = Palette.ink
    if words.startswith("+"):
        colour = Palette.good
    elif words.startswith("−"):
        colour = Palette.bad
    return coloured(words, colour)


def _summary(detail: AssessmentDetail) -> list[Flowable]:
    st, a = styles(), _st()
    row = detail.row
    year, last = row.plan_year, row.plan_year - 1
    has_previous = detail.previous_id is not None
    criteria = detail.template.criteria()
    scored, na, open_ = _counts(detail, criteria)
    out: list[Flowable] = [
        p("Summary", st.title),
        p(f"{row.cluster_name} · {plan_title(detail)}", st.subtitle),
    ]

    # the overall score, big, with last year and the change beside it
    mean = None if row.overall is None else row.overall * scoring.MAX_SCORE / 100
    overall_sub = (
        f"weighted mean {mean:.1f} of {scoring.MAX_SCORE}"
        if mean is not None
        else "nothing scored yet"
    )
    nbsp = "\u00a0"  # keeps an empty third line, so that the small tiles line up
    extra = " · ".join(
        filter(None, (f"{na} not applicable" if na else "", f"{open_} not scored" if open_ else ""))
    )
    tiles = [
        [
            p("Overall score", a.big_label),
            p(scoring.format_percent(row.overall), a.big),
            p(overall_sub, a.big_label),
        ],
        [
            p(f"Last year ({last})", a.big_label),
            p(scoring.format_percent(row.previous_overall), st.kpi_value),
            p(nbsp if has_previous else "plan not assessed", a.big_label),
        ],
        [
            p("Change", a.big_label),
            pm(_change_markup(row.overall, row.previous_overall), st.kpi_value),
            p(nbsp, a.big_label),
        ],
        [
            p("Criteria scored", a.big_label),
            p(f"{scored} of {len(criteria)}", st.kpi_value),
            p(extra or nbsp, a.big_label),
        ],
    ]
    big_w = 58 * mm
    rest = (CONTENT_WIDTH - big_w) / 3
    figures = Table([tiles], colWidths=[big_w, rest, rest, rest], hAlign="LEFT")
    figures.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (0, 0), Palette.brand_light),
            ("BACKGROUND", (1, 0), (-1, 0), Palette.zebra),
            ("LINEBEFORE", (0, 0), (0, 0), 3, Palette.brand),
            ("LINEAFTER", (1, 0), (-2, 0), 0.6, Palette.rule),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *padding(top=8, bottom=9, left=10, right=6),
        )
    )
    out += [figures, Spacer(1, 8)]
    if row.status != "final":
        if open_:
            text = (
                f"This is a draft: {scored + na} of {len(criteria)} criteria are assessed so far. "
                "The scores may change before the assessment is finalised."
            )
        else:
            text = "This is a draft: the scores may change before the assessment is finalised."
        out.append(callout(text))
    elif row.version > 1:
        out.append(
            callout(
                f"This is version {row.version} of the assessment; it replaces version "
                f"{row.version - 1}."
            )
        )

    # section table (without last year's columns when there is nothing to compare with)
    out.append(p("Scores by strategic area", st.h1))
    body = []
    for sec in detail.template.sections:
        s_scored, s_na, s_open = _counts(detail, sec.criteria)
        now = detail.section_scores.get(sec.id)
        before = detail.previous_sections.get(sec.name)
        body.append(
            [
                sec.name,
                _counts_words(s_scored, s_na, s_open),
                scoring.format_percent(now),
                scoring.format_percent(before),
                pm(_change_markup(now, before), st.cell_right),
            ]
        )
    total: list[Cell] = [
        "Overall",
        _counts_words(scored, na, open_),
        scoring.format_percent(row.overall),
        scoring.format_percent(row.previous_overall),
        pm(_change_markup(row.overall, row.previous_overall), st.cell_bold_right),
    ]
    header = ["Strategic area", "Criteria scored", str(year), str(last), "Change"]
    widths: list[float] = [0, 150, 52, 52, 58]
    keep = 5 if has_previous else 3
    widths = widths[:keep]
    widths[0] = CONTENT_WIDTH - sum(widths)
    out.append(
        data_table(
            header[:keep],
            [r[:keep] for r in body],
            widths,
            align="llrrr"[:keep],
            total=total[:keep],
        )
    )
    if not has_previous:
        out.append(p(f"There is no assessment of the {last} plan to compare with.", st.note))
    out.append(Spacer(1, 10))
    out.append(KeepTogether([_section_chart(detail), Spacer(1, 2)]))

    # top recommendations
    recs = top_recommendations(detail)
    out.append(p("Top recommendations", st.h1))
    if recs:
        items: list[Flowable] = []
        for i, (section, text) in enumerate(recs, start=1):
            text_markup = markup("<b>{s}:</b> {t}", s=section, t=text) if section else esc(text)
            items.append(Paragraph(text_markup, a.numbered, bulletText=f"{i}."))
        out.append(callout_list(items))
    else:
        out.append(p("No recommendations have been recorded yet.", a.empty))
    return out


def callout_list(items: list[Flowable]) -> Table:
    """Paragraphs in a callout with more air than a one-line callout."""
    return callout(items, top=8, bottom=4, left=10, right=10)


# --------------------------------------------------------------------------- chart
def _section_chart(detail: AssessmentDetail) -> Drawing:
    """Horizontal bars per section and overall: this year (brand) above last year (grey); one
    thicker bar each when last year's plan was not assessed."""
    year, last = detail.row.plan_year, detail.row.plan_year - 1
    compare = detail.previous_id is not None
    groups: list[tuple[str, float | None, float | None, bool]] = [
        (sec.name, detail.section_scores.get(sec.id), detail.previous_sections.get(sec.name), False)
        for sec in detail.template.sections
    ]
    groups.append(("Overall", detail.row.overall, detail.row.previous_overall, True))
    bars = 2 if compare else 1
    bar_h, pair_gap, group_gap = (10, 2, 11) if compare else (13, 0, 10)
    group_h = bars * bar_h + (bars - 1) * pair_gap + group_gap
    title_h, axis_h = 24, 14
    label_w, value_w = 128, 34
    width = CONTENT_WIDTH
    height = title_h + len(groups) * group_h + axis_h
    d = drawing(width, height)
    px, pw = label_w, width - label_w - value_w
    plot_top = height - title_h
    plot_bottom = axis_h

    title = "Section scores, this year and last year" if compare else f"Section scores, {year}"
    draw_text(d, 0, height - 9, title, size=9, colour=Palette.ink, bold=True)
    legend = [(Palette.brand, f"{year} plan")]
    if compare:
        legend.append((LAST_YEAR_BAR, f"{last} plan"))
    lx = px
    for colour, text in legend:
        d.add(Rect(lx, height - 21, 10, 7, fillColor=colour, strokeColor=None))
        draw_text(d, lx + 14, height - 20, text)
        lx += 14 + pdfmetrics.stringWidth(text, FONT, 7) + 14

    # grid: 0, 25, 50, 75, 100 %
    for pct in range(0, 101, 25):
        x = px + pw * pct / 100
        weight = 0.8 if pct == 0 else 0.4
        d.add(Line(x, plot_bottom, x, plot_top, strokeColor=Palette.rule, strokeWidth=weight))
        draw_text(d, x, plot_bottom - 10, f"{pct}%", size=6.5, anchor="middle")

    for i, (name, now, before, is_total) in enumerate(groups):
        top = plot_top - i * group_h - group_gap / 2
        if is_total:
            sep = top + group_gap / 2
            d.add(Line(0, sep, px + pw + value_w, sep, strokeColor=Palette.rule, strokeWidth=0.6))
        mid = top - (bars * bar_h + (bars - 1) * pair_gap) / 2
        font = FONT_BOLD if is_total else FONT
        draw_text(
            d,
            px - 7,
            mid - 3,
            fit_text(name, font, 8, px - 12),
            size=8,
            anchor="end",
            colour=Palette.ink,
            bold=is_total,
        )
        series = [(now, Palette.brand, "not scored yet")]
        if compare:
            series.append((before, LAST_YEAR_BAR, f"no {last} score"))
        for j, (value, colour, missing) in enumerate(series):
            y = top - (j + 1) * bar_h - j * pair_gap
            if value is None:
                draw_text(d, px + 4, y + bar_h / 2 - 2.7, missing, size=6.5)
                continue
            bw = max(pw * min(value, 100) / 100, 0.8)
            d.add(Rect(px, y, bw, bar_h, fillColor=colour, strokeColor=None))
            draw_text(
                d,
                px + bw + 4,
                y + bar_h / 2 - 2.6,
                scoring.format_percent(value),
                size=7,
                colour=Palette.ink if j == 0 else Palette.muted,
                bold=j == 0,
            )
    return d


# --------------------------------------------------------------------------- sections
def _score_side(detail: AssessmentDetail, c: CriterionSpec) -> list[Flowable]:
    """The right-hand column of a criterion: the score badge, then last year."""
    a = _st()
    labels = level_labels(detail)
    sc = detail.scores.get(c.id)
    open_ = False
    if sc is not None and sc.not_applicable:
        top, bottom, fill = "n/a", "Not applicable", NEUTRAL
    elif sc is None or sc.score is None:
        top, bottom, fill, open_ = "?", "Not scored yet", Palette.white, True
    else:
        top = f"{sc.score}/{scoring.MAX_SCORE}"
        bottom, fill = labels[sc.score], LEVEL_COLOURS[sc.score]
    score_style, label_style = a.badge_score, a.badge_label
    if open_:  # an outline in grey, not a block of colour, for a score still to come
        score_style = with_colour(score_style, NEUTRAL)
        label_style = with_colour(label_style, NEUTRAL)
    badge = Table([[p(top, score_style)], [p(bottom, label_style)]], colWidths=[30 * mm])
    badge.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, -1), fill),
            ("BOX", (0, 0), (-1, -1), 0.8, NEUTRAL if open_ else fill),
            *padding(top=4, bottom=0, cells=((0, 0), (-1, 0))),
            *padding(top=0, bottom=5, cells=((0, 1), (-1, 1))),
            *padding(left=2, right=2),
        )
    )
    last = detail.row.plan_year - 1
    if detail.previous_id is None:  # said once, in the section's heading
        return [badge]
    if not c.code or c.code not in detail.previous_scores:
        before = f"{last}: not in that rubric"
    else:
        prev = detail.previous_scores[c.code]
        if prev is None:
            before = f"{last}: not scored"
        else:
            before = f"{last}: {prev}/{scoring.MAX_SCORE} · {labels[prev]}"
            if sc is not None and sc.score is not None and not sc.not_applicable:
                diff = sc.score - prev
                change = (
                    f"{diff:+d}".replace("-", "−") + " on last year"
                    if diff
                    else "same as last year"
                )
                before += f"\n{change}"
    return [badge, Spacer(1, 3), p(before, a.side)]


def _criterion(detail: AssessmentDetail, c: CriterionSpec) -> Flowable:
    a = _st()
    labels = level_labels(detail)
    sc = detail.scores.get(c.id)
    meta = " · ".join(filter(None, (c.code, f"weight {_weight(c.weight)}")))
    title = markup(
        "{name}&nbsp;&nbsp;<font name='{font}' color='{m}' size=7.5>{meta}</font>",
        name=c.name,
        font=FONT,
        m=hex_colour(Palette.muted),
        meta=meta,
    )
    left: list[Flowable] = [pm(title, a.crit_title)]
    if sc is not None and sc.not_applicable:
        left.append(
            p("Not applicable: this criterion carries no weight in the scores.", a.descriptor)
        )
    elif sc is None or sc.score is None:
        left.append(p("Not scored yet.", a.descriptor))
    else:
        descriptor = c.levels[sc.score] if sc.score < len(c.levels) else ""
        descriptor = descriptor or "no descriptor in the rubric"
        left.append(pm(level_markup(sc.score, labels[sc.score], descriptor), a.descriptor))
    if sc is not None and sc.comment.strip():
        left.append(pm(markup("<b>Comment:</b> {t}", t=sc.comment), a.crit_text))
    if sc is not None and sc.evidence.strip():
        left.append(pm(markup("<b>Evidence:</b> {t}", t=sc.evidence), a.crit_text))
    side_w = 34 * mm
    table = Table(
        [[left, _score_side(detail, c)]],
        colWidths=[CONTENT_WIDTH - side_w, side_w],
        hAlign="LEFT",
        splitInRow=1,  # a comment longer than a page continues on the next one
    )
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, Palette.rule),
            *padding(top=4, bottom=5),
            *padding(left=0, right=12, cells=((0, 0), (0, -1))),
            *padding(left=2, right=0, cells=((1, 0), (1, -1))),
        )
    )
    return table


def _section(detail: AssessmentDetail, number: int, sec: SectionSpec) -> list[Flowable]:
    st, a = styles(), _st()
    last = detail.row.plan_year - 1
    now = detail.section_scores.get(sec.id)
    before = detail.previous_sections.get(sec.name)
    scored, na, open_ = _counts(detail, sec.criteria)
    head = Table(
        [
            [
                p(f"{number}. {sec.name}", a.section_title),
                p(scoring.format_percent(now), a.section_score),
            ]
        ],
        colWidths=[CONTENT_WIDTH - 40 * mm, 40 * mm],
        hAlign="LEFT",
    )
    head.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LINEBELOW", (0, 0), (-1, -1), 1.2, Palette.brand),
            *padding(top=0, bottom=4, left=0, right=0),
        )
    )
    facts = [f"Section score {scoring.format_percent(now)}" if now is not None else "No score yet"]
    if before is not None:
        facts.append(f"{last}: {scoring.format_percent(before)}")
        change = scoring.format_change(now, before)
        if change:
            facts.append(change)
    elif detail.previous_id is None:
        facts.append(f"{last}: not assessed")
    facts.append(_counts_words(scored, na, open_, " criteria scored"))
    out: list[Flowable] = [KeepTogether([head, Spacer(1, 4), p(" · ".join(facts), st.muted)])]
    if sec.description:
        out.append(p(sec.description, st.note))
    out.append(Spacer(1, 4))
    blocks: list[Flowable] = [_criterion(detail, c) for c in sec.criteria]
    if not blocks:
        blocks.append(p("This section has no criteria.", a.empty))

    note = detail.section_notes.get(sec.id)
    rec = note.recommendation.strip() if note else ""
    follow = note.follow_up.strip() if note else ""
    box: list[Flowable] = [
        pm(markup("<b>Recommendation:</b> {t}", t=rec or "none recorded yet."), st.body),
        Spacer(1, 3),
        pm(markup("<b>Follow-up:</b> {t}", t=follow or "none recorded yet."), st.body),
    ]
    # the box never stands alone at the top of a page: it keeps the last criterion with it
    out += blocks[:-1]
    out.append(KeepTogether([blocks[-1], Spacer(1, 8), callout_list(box)]))
    return out


# --------------------------------------------------------------------------- closing
def _closing(detail: AssessmentDetail, generated: dt.datetime) -> list[Flowable]:
    st, a = styles(), _st()
    row = detail.row
    final = row.status == "final"
    out: list[Flowable] = [p("Strengths, weaknesses and recommendations", st.h1)]
    for title, text in (
        ("Strengths", detail.strengths),
        ("Weaknesses", detail.weaknesses),
        ("Recommendations", detail.recommendations),
    ):
        items = _items(text)
        block: list[Flowable] = [p(title, st.h2)]
        if not items:
            block.append(p("None recorded." if final else "None recorded yet.", a.empty))
        for item in items:
            block.append(Paragraph(esc(item), a.bullet, bulletText="•"))
        out.append(KeepTogether(block[:2]))
        out += block[2:]
    if final and row.finalised_at:
        when = f"Finalised on {format_date(row.finalised_at.date())}"
    else:
        when = f"Draft of {format_date(generated.date())}, not final"
    who = f"Assessed by {row.assessor_name} for SPRI" if row.assessor_name else "Assessed for SPRI"
    sign = Table([[p(who, a.value)], [p(f"{when} · version {row.version}", st.muted)]])
    sign.setStyle(
        table_style(
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, Palette.brand),
            *padding(left=0),
            *padding(top=6, cells=((0, 0), (-1, 0))),
            *padding(top=1, cells=((0, 1), (-1, 1))),
        )
    )
    sign.hAlign = "LEFT"
    out += [Spacer(1, 22), sign]
    return out
