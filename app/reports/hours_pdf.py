"""PDF reports of liaison hours: an officer's annual statement and the programme summary.

Command line (wired in ``app/cli.py``)::

    clusterdesk [--db PATH] hours report --year Y --pdf FILE [--officer NAME]

With ``--officer`` (a name or e-mail, resolved by ``app.cli.find_officer``) it calls
``officer_statement(db, officer_id, Y, FILE)``; without, ``programme_summary(db, Y, FILE)``.
Both print the path written.

Figures are "as of" a date (today by default): logged hours, expected hours, projections and
statuses come from ``app.db.hours.progress_for_year`` (``app.domain.progress``), and the tables and
charts count the same entries — those dated in the year up to the as-of date — so every total in a
report adds up. Each PDF is written atomically (``pdf_common.atomic_write_pdf``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from app.db.database import Database
from app.db.directory import get_officer, list_clusters, list_targets
from app.db.hours import iter_entries, progress_for_year
from app.domain import vocab
from app.domain.hours import format_hours
from app.domain.progress import DAYS_PER_MONTH, STATUSES, Progress
from app.domain.records_hours import EntryFilter, EntryRow, OfficerProgress
from app.reports.pdf_common import (
    CONTENT_WIDTH,
    FONT,
    MONTHS,
    Palette,
    ReportDoc,
    atomic_write_pdf,
    callout,
    data_table,
    draw_text,
    drawing,
    fit_text,
    format_date,
    key_figures,
    nice_ceiling,
    p,
    pm,
    side_by_side,
    styles,
    with_notes,
)

logger = logging.getLogger(__name__)

NO_CLUSTER = "(no cluster)"
STATUS_COLOURS: dict[str, colors.Color] = {
    "met": Palette.good,
    "on_track": Palette.ok,
    "at_risk": Palette.amber,
    "behind": Palette.bad,
    "missed": Palette.worst,
}


def status_words(status: str) -> str:
    """ "on_track" → "On track"."""
    label = STATUSES.get(status, status)
    return label[:1].upper() + label[1:]


def h1(hours: float) -> str:
    """Hours with one decimal: 91.3."""
    return f"{hours:,.1f}"


def hq(minutes: int) -> str:
    """Logged hours, exact to the quarter: 42.75."""
    return format_hours(minutes)


# --------------------------------------------------------------------------- gathering
@dataclass
class _Tally:
    """Minutes of a set of entries by month, cluster, activity and officer."""

    minutes: int = 0
    count: int = 0
    by_month: list[int] = field(default_factory=lambda: [0] * 12)
    by_cluster: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_activity: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cluster_entries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cluster_officers: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, r: EntryRow) -> None:
        cluster = r.cluster_short_name or NO_CLUSTER
        self.minutes += r.minutes
        self.count += 1
        self.by_month[r.entry_date.month - 1] += r.minutes
        self.by_cluster[cluster] += r.minutes
        self.by_activity[r.activity] += r.minutes
        self.cluster_entries[cluster] += 1
        self.cluster_officers[cluster].add(r.officer_id)


def _entries(
    db: Database, f: EntryFilter, as_of: dt.date, keep: bool
) -> tuple[_Tally, list[EntryRow]]:
    tally, rows = _Tally(), []
    for batch in iter_entries(db, f):
        for r in batch:
            if r.entry_date <= as_of:
                tally.add(r)
                if keep:
                    rows.append(r)
    return tally, rows


def _period_words(year: int, as_of: dt.date) -> str:
    if as_of >= dt.date(year, 12, 31):
        return f"{year} · full year"
    if as_of < dt.date(year, 1, 1):
        return f"{year} · not started on {format_date(as_of)}"
    return f"{year} · as of {format_date(as_of)}"


def _up_to(year: int, as_of: dt.date) -> str:
    running = dt.date(year, 1, 1) <= as_of < dt.date(year, 12, 31)
    return f" up to {format_date(as_of)}" if running else ""


def _sorted_minutes(d: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(d.items(), key=lambda kv: (-kv[1], kv[0].casefold()))


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


# --------------------------------------------------------------------------- statement
def officer_statement(
    db: Database,
    officer_id: int,
    year: int,
    path: Path | str,
    *,
    as_of: dt.date | None = None,
    generated: dt.datetime | None = None,
) -> Path:
    """Write ``officer_id``'s statement of liaison hours for ``year`` to ``path`` (PDF)."""
    as_of = as_of or dt.date.today()
    officer = get_officer(db, officer_id)
    found = progress_for_year(db, year, as_of, officer_id=officer_id)
    progress = found[0].progress if found else None
    f = EntryFilter(officer_id=officer_id, year=year, sort="date", descending=False)
    tally, rows = _entries(db, f, as_of, keep=True)
    base_target = next(
        (t.hours for t in list_targets(db, officer_id, range(year, year + 1)) if t.year == year),
        vocab.DEFAULT_ANNUAL_TARGET_HOURS,
    )
    cluster_names = {c.short_name: c.name for c in list_clusters(db)}
    st = styles()
    period = _period_words(year, as_of)

    story: list[Flowable] = [
        p(officer.name, st.title),
        p(f"Statement of cluster-liaison hours · {period}", st.subtitle),
    ]
    facts = [officer.email]
    if officer.clusters:
        facts.append("Liaison to " + ", ".join(officer.clusters))
    story.append(p(" · ".join(facts), st.muted))
    story.append(Spacer(1, 8))

    if progress is None:
        story.append(
            callout(
                f"{officer.name} was not serving as a liaison officer in {year}: no target applies."
            )
        )
    else:
        story += _statement_figures(progress, base_target, tally.minutes)

    if not rows:
        story.append(p(f"No hours logged in {year}", st.h1))
        story.append(
            p(f"There are no time entries for {officer.name} dated in {year}{_up_to(year, as_of)}.")
        )
    else:
        story.append(p("Hours month by month", st.h1))
        story.append(_month_charts(tally, progress, year, as_of))
        story.append(
            p(
                "Left: hours logged each month; the dashed line is the monthly pace that meets "
                "the target. Right: hours accumulated through the year against the target pace; "
                "the dotted line continues the pace so far to the year end.",
                st.note,
            )
        )
        story.append(p("Where the time went", st.h1))
        story.append(_cluster_activity_tables(tally, cluster_names))
        story.append(CondPageBreak(60 * mm))
        story.append(p(f"Entries ({tally.count})", st.h1))
        story.append(_entries_table(rows, tally.minutes))

    doc = ReportDoc(
        title="Annual hours statement",
        period=f"{officer.name} · {period}",
        subject=f"Cluster-liaison hours of {officer.name} in {year}",
        generated=generated,
    )
    return atomic_write_pdf(path, lambda tmp: doc.build_to(tmp, story))


def _statement_figures(pr: Progress, base_target: float, minutes: int) -> list[Flowable]:
    st = styles()
    colour = STATUS_COLOURS.get(pr.status)
    status = ("Status", status_words(pr.status), colour)
    if pr.over:
        diff = minutes / 60 - pr.target
        share = f"{100 * minutes / 60 / pr.target:.0f}%" if pr.target else "–"
        items = [
            ("Target", f"{pr.target:g} h", None),
            ("Logged", f"{hq(minutes)} h", None),
            ("Over target" if diff >= 0 else "Short of target", f"{abs(diff):g} h", None),
            ("Share of target", share, None),
            status,
        ]
    else:
        items = [
            ("Target", f"{pr.target:g} h", None),
            ("Logged", f"{hq(minutes)} h", None),
            (
                f"Expected by {pr.as_of.day} {MONTHS[pr.as_of.month - 1]}",
                f"{h1(pr.expected)} h",
                None,
            ),
            ("Projected year end", f"{pr.projected:.0f} h", None),
            ("Still needed per month", f"{pr.needed_per_month:.1f} h", None),
            status,
        ]
    out: list[Flowable] = [key_figures(items), Spacer(1, 8), callout(pr.sentence()), Spacer(1, 4)]
    notes = []
    if pr.target != base_target:
        notes.append(
            f"Service period {format_date(pr.period_start)} – {format_date(pr.period_end)}: "
            f"the {base_target:g} h yearly target is pro-rated to {pr.target:g} h."
        )
    notes.append(STATUS_RULES)
    out += [p(n, st.note) for n in notes]
    return out


STATUS_RULES = (
    "Expected hours are the target spread evenly over the service period; the projection "
    "continues the pace so far to the year end. Status: met once the target is reached; on track "
    "at or above the expected hours; at risk from 75% of them; behind below that; missed when the "
    "year ended short of the target."
)


# --------------------------------------------------------------------------- charts
_text = partial(draw_text, size=6.5)  # the charts' labels are a little smaller


def _dashed(
    d: Drawing, x1: float, y1: float, x2: float, y2: float, colour: colors.Color, dash: list[float]
) -> None:
    d.add(Line(x1, y1, x2, y2, strokeColor=colour, strokeWidth=1.1, strokeDashArray=dash))


def _legend(d: Drawing, x: float, y: float, items: Sequence[tuple[str, str, colors.Color]]) -> None:
    """Legend entries: (kind "bar"|"line"|"dash"|"dot", label, colour) left to right."""
    for kind, label, colour in items:
        if kind == "bar":
            d.add(Rect(x, y - 0.5, 9, 6, fillColor=colour, strokeColor=None))
        elif kind == "line":
            d.add(Line(x, y + 2.5, x + 12, y + 2.5, strokeColor=colour, strokeWidth=1.8))
        else:
            _dashed(d, x, y + 2.5, x + 12, y + 2.5, colour, [4, 2] if kind == "dash" else [1, 2])
        _text(d, x + 15, y, label)
        x += 15 + pdfmetrics.stringWidth(label, FONT, 6.5) + 10


def _axis(d: Drawing, x: float, y: float, w: float, h: float, top: float, step: float) -> None:
    """Horizontal grid lines with hour labels left of the plot area (x, y, w, h)."""
    value = 0.0
    while value <= top + 1e-9:
        yy = y + h * value / top
        d.add(Line(x, yy, x + w, yy, strokeColor=Palette.rule, strokeWidth=0.4))
        _text(d, x - 3, yy - 2.3, f"{value:g}", anchor="end")
        value += step


def _month_charts(tally: _Tally, pr: Progress | None, year: int, as_of: dt.date) -> Drawing:
    width, height = CONTENT_WIDTH, 66 * mm
    d = drawing(width, height)
    gap = 12 * mm
    half = (width - gap) / 2
    _monthly_bars(d, 0, 0, half, height, tally, pr)
    _cumulative(d, half + gap, 0, half, height, tally, pr, year, as_of)
    return d


def _monthly_bars(
    d: Drawing, x0: float, y0: float, w: float, h: float, tally: _Tally, pr: Progress | None
) -> None:
    left, bottom, top_pad = 22, 12, 34
    px, py, pw, ph = x0 + left, y0 + bottom, w - left - 2, h - bottom - top_pad
    hours = [m / 60 for m in tally.by_month]
    pace = 0.0
    if pr is not None and pr.target > 0:
        months = ((pr.period_end - pr.period_start).days + 1) / DAYS_PER_MONTH
        pace = pr.target / max(months, 1.0)
    top, step = nice_ceiling(max(max(hours), pace) * 1.1)
    _text(d, x0, y0 + h - 8, "Hours per month", size=8, colour=Palette.ink, bold=True)
    legend = [("bar", "logged", Palette.brand)]
    if pace:
        legend.append(("dash", f"target pace {pace:.1f} h/month", Palette.reference))
    _legend(d, x0, y0 + h - 20, legend)
    _axis(d, px, py, pw, ph, top, step)
    slot = pw / 12
    bar_w = slot * 0.62
    if pace and pr is not None:
        # across the months of the service period only
        start = (pr.period_start.month - 1) * slot
        end = pr.period_end.month * slot
        yy = py + ph * pace / top
        _dashed(d, px + start, yy, px + end, yy, Palette.reference, [4, 2])
    for i, value in enumerate(hours):
        bx = px + i * slot + (slot - bar_w) / 2
        if value > 0:
            bh = ph * value / top
            d.add(Rect(bx, py, bar_w, bh, fillColor=Palette.brand, strokeColor=None))
            _text(d, bx + bar_w / 2, py + bh + 2, f"{value:g}", size=5.8, anchor="middle",
                  colour=Palette.ink)  # fmt: skip
        _text(d, px + i * slot + slot / 2, py - 8, MONTHS[i], anchor="middle")


def _cumulative(
    d: Drawing,
    x0: float,
    y0: float,
    w: float,
    h: float,
    tally: _Tally,
    pr: Progress | None,
    year: int,
    as_of: dt.date,
) -> None:
    left, bottom, top_pad = 22, 12, 34
    px, py, pw, ph = x0 + left, y0 + bottom, w - left - 2, h - bottom - top_pad
    first = dt.date(year, 1, 1)
    days = 366 if calendar.isleap(year) else 365
    end = min(as_of, dt.date(year, 12, 31))
    logged = tally.minutes / 60
    target = pr.target if pr else 0.0
    projected = pr.projected if pr else logged
    show_projection = pr is not None and not pr.over and end < dt.date(year, 12, 31)
    top, step = nice_ceiling(max(logged, target, projected if show_projection else 0, 1) * 1.05)

    def xy(day: dt.date, value: float) -> tuple[float, float]:
        """Position at the end of ``day``."""
        return px + pw * ((day - first).days + 1) / days, py + ph * value / top

    _text(d, x0, y0 + h - 8, "Cumulative hours", size=8, colour=Palette.ink, bold=True)
    legend = [("line", f"logged {hq(tally.minutes)} h", Palette.brand)]
    if target:
        legend.append(("dash", f"target pace to {target:g} h", Palette.reference))
    if show_projection:
        legend.append(("dot", f"projected {projected:.0f} h", Palette.brand))
    _legend(d, x0, y0 + h - 20, legend)
    _axis(d, px, py, pw, ph, top, step)
    for i in range(12):
        _text(d, xy(dt.date(year, i + 1, 15), 0)[0], py - 8, MONTHS[i][0], anchor="middle")
    if pr is not None and pr.target > 0:
        ax, ay = xy(pr.period_start - dt.timedelta(days=1), 0)
        bx, by = xy(pr.period_end, pr.target)
        _dashed(d, ax, ay, bx, by, Palette.reference, [4, 2])
    # logged: 0 before 1 Jan, then the running total at each month end up to the as-of date
    points: list[float] = [*xy(first - dt.timedelta(days=1), 0)]
    running = 0
    for month in range(1, end.month + 1):
        running += tally.by_month[month - 1]
        last_day = dt.date(year, month, calendar.monthrange(year, month)[1])
        points += xy(min(last_day, end), running / 60)
    d.add(PolyLine(points, strokeColor=Palette.brand, strokeWidth=1.8))
    cx, cy = points[-2], points[-1]
    d.add(Rect(cx - 2, cy - 2, 4, 4, fillColor=Palette.brand, strokeColor=None))
    if show_projection:
        ex, ey = xy(dt.date(year, 12, 31), projected)
        _dashed(d, cx, cy, ex, ey, Palette.brand, [1, 2])


def _name_cell(short: str, names: dict[str, str]) -> Flowable:
    st = styles()
    full = names.get(short, "")
    if full and full != short:
        return pm(with_notes(short, full), st.cell)
    return p(short, st.cell)


def _cluster_activity_tables(tally: _Tally, cluster_names: dict[str, str]) -> Table:
    gap = 8 * mm
    left_w = (CONTENT_WIDTH - gap) * 0.58
    right_w = CONTENT_WIDTH - gap - left_w
    total = tally.minutes
    clusters = data_table(
        ["Cluster", "Hours", "Share"],
        [
            [_name_cell(c, cluster_names), hq(m), _share(m, total)]
            for c, m in _sorted_minutes(tally.by_cluster)
        ],
        [left_w - 84, 44, 40],
        align="lrr",
        total=["Total", hq(total), "100%"],
    )
    activities = data_table(
        ["Activity", "Hours", "Share"],
        [
            [vocab.ACTIVITIES.get(a, a), hq(m), _share(m, total)]
            for a, m in _sorted_minutes(tally.by_activity)
        ],
        [right_w - 84, 44, 40],
        align="lrr",
        total=["Total", hq(total), "100%"],
    )
    return side_by_side([clusters, activities], [left_w, right_w], gap)


def _entries_table(rows: Sequence[EntryRow], minutes: int) -> Table:
    st = styles()
    body = []
    for r in rows:
        if r.meeting_title:
            desc: Flowable = pm(with_notes(r.description, f"Meeting: {r.meeting_title}"), st.cell)
        else:
            desc = p(r.description, st.cell)
        body.append(
            [
                r.entry_date.isoformat(),
                r.cluster_short_name or "–",
                vocab.ACTIVITIES.get(r.activity, r.activity),
                hq(r.minutes),
                desc,
            ]
        )
    widths = [62, 74, 76, 40]
    widths.append(CONTENT_WIDTH - sum(widths))
    return data_table(
        ["Date", "Cluster", "Activity", "Hours", "Description"],
        body,
        widths,
        align="lllrl",
        total=["Total", "", "", hq(minutes), f"{len(rows)} entries"],
    )


# --------------------------------------------------------------------------- programme summary
def programme_summary(
    db: Database,
    year: int,
    path: Path | str,
    *,
    as_of: dt.date | None = None,
    generated: dt.datetime | None = None,
) -> Path:
    """Write the summary of every officer's liaison hours for ``year`` to ``path`` (PDF)."""
    as_of = as_of or dt.date.today()
    officers = progress_for_year(db, year, as_of)
    tally, _ = _entries(db, EntryFilter(year=year), as_of, keep=False)
    cluster_names = {c.short_name: c.name for c in list_clusters(db)}
    st = styles()
    period = _period_words(year, as_of)

    story: list[Flowable] = [
        p(f"Liaison hours {year}: programme summary", st.title),
        p(f"All cluster liaison officers · {period}", st.subtitle),
    ]
    if not officers:
        story.append(callout(f"No liaison officer was serving in {year}."))
    else:
        story += _summary_figures(officers, tally)
        story.append(p("Officers", st.h1))
        story.append(_officers_table(officers))
        story.append(
            p(
                "Expected: the target spread evenly over each officer's service period up to "
                f"{format_date(min(as_of, dt.date(year, 12, 31)))}. Projected: the pace so far "
                "continued to the year end. Status: met once the target is reached; on track at "
                "or above the expected hours; at risk from 75% of them; behind below that; missed "
                "when the year ended short. Targets are pro-rated for officers who started or left "
                "during the year.",
                st.note,
            )
        )
        story.append(
            KeepTogether([p("Logged against target", st.h1), _officers_chart(officers, as_of)])
        )
    if tally.count == 0:
        story.append(p(f"No hours logged in {year}", st.h1))
        story.append(p(f"No officer has time entries dated in {year}{_up_to(year, as_of)}."))
    else:
        story.append(CondPageBreak(45 * mm))
        story.append(p("Hours by activity", st.h1))
        story.append(
            data_table(
                ["Activity", "Hours", "Share"],
                [
                    [vocab.ACTIVITIES.get(a, a), hq(m), _share(m, tally.minutes)]
                    for a, m in _sorted_minutes(tally.by_activity)
                ],
                [230, 60, 60],
                align="lrr",
                total=["Total", hq(tally.minutes), "100%"],
            )
        )
        story.append(CondPageBreak(50 * mm))
        story.append(p("Hours by cluster", st.h1))
        story.append(_clusters_table(tally, cluster_names))

    doc = ReportDoc(
        title="Liaison hours: programme summary",
        period=period,
        subject=f"Cluster-liaison hours of all officers in {year}",
        generated=generated,
    )
    return atomic_write_pdf(path, lambda tmp: doc.build_to(tmp, story))


def _summary_figures(officers: Sequence[OfficerProgress], tally: _Tally) -> list[Flowable]:
    counts: dict[str, int] = defaultdict(int)
    for o in officers:
        counts[o.progress.status] += 1
    n = len(officers)
    good = counts["met"] + counts["on_track"]
    weak = counts["at_risk"] + counts["behind"] + counts["missed"]
    target = sum(o.progress.target for o in officers)
    items = [
        ("Officers", str(n), None),
        ("Hours logged", f"{hq(tally.minutes)} h", None),
        ("Sum of targets", f"{target:,.0f} h", None),
        ("Met or on track", f"{good} of {n}", Palette.good if good else None),
        ("Need attention", f"{weak} of {n}", Palette.bad if weak else None),
    ]
    breakdown = ", ".join(
        f"{counts[k]} {STATUSES[k]}" for k in ("met", "on_track", "at_risk", "behind", "missed")
    )
    return [
        key_figures(items, CONTENT_WIDTH),
        Spacer(1, 4),
        p(f"Status of the {n} officers: {breakdown}.", styles().muted),
    ]


def _officers_table(officers: Sequence[OfficerProgress]) -> Table:
    st = styles()
    rows = []
    extra: list[tuple[object, ...]] = []
    for i, o in enumerate(officers, start=1):
        pr = o.progress
        rows.append(
            [
                o.officer,
                f"{pr.target:g}",
                hq(round(pr.logged * 60)),
                h1(pr.expected),
                f"{pr.projected:.0f}",
                f"{pr.needed_per_month:.1f}",
                p(status_words(pr.status), st.header_cell),
            ]
        )
        colour = STATUS_COLOURS.get(pr.status, Palette.muted)
        extra.append(("BACKGROUND", (6, i), (6, i), colour))
    total_logged = sum(round(o.progress.logged * 60) for o in officers)
    total = [
        f"Total ({len(officers)} officers)",
        f"{sum(o.progress.target for o in officers):g}",
        hq(total_logged),
        h1(sum(o.progress.expected for o in officers)),
        f"{sum(o.progress.projected for o in officers):.0f}",
        f"{sum(o.progress.needed_per_month for o in officers):.1f}",
        "",
    ]
    widths = [140, 46, 50, 56, 58, 58]
    widths.append(CONTENT_WIDTH - sum(widths))
    return data_table(
        ["Officer", "Target", "Logged", "Expected", "Projected", "Needed / month", "Status"],
        rows,
        widths,
        align="lrrrrrl",
        total=total,
        extra_styles=extra,
    )


def _officers_chart(officers: Sequence[OfficerProgress], as_of: dt.date) -> Drawing:
    """One bullet bar per officer: grey = target, coloured = logged (status colour), tick = expected."""
    row_h, label_w, value_w, legend_h, axis_h = 17, 132, 62, 18, 14
    width = CONTENT_WIDTH
    height = len(officers) * row_h + legend_h + axis_h
    d = drawing(width, height)
    bx, bw = label_w, width - label_w - value_w
    top_value = max(
        max(o.progress.target for o in officers), max(o.progress.logged for o in officers), 1
    )
    top, step = nice_ceiling(top_value * 1.05)
    plot_bottom = legend_h + axis_h
    plot_top = height
    # grid
    value = 0.0
    while value <= top + 1e-9:
        xx = bx + bw * value / top
        d.add(Line(xx, plot_bottom, xx, plot_top, strokeColor=Palette.rule, strokeWidth=0.4))
        _text(d, xx, plot_bottom - 9, f"{value:g}", anchor="middle")
        value += step
    _text(d, bx + bw, plot_bottom - 9, "      h")
    for i, o in enumerate(officers):
        pr = o.progress
        cy = height - (i + 0.5) * row_h
        name = fit_text(o.officer, FONT, 7.5, label_w - 10)
        _text(d, bx - 6, cy - 2.5, name, size=7.5, anchor="end", colour=Palette.ink)
        d.add(
            Rect(
                bx,
                cy - 5.5,
                bw * min(pr.target, top) / top,
                11,
                fillColor=colors.HexColor("#E3E8EC"),
                strokeColor=None,
            )
        )
        colour = STATUS_COLOURS.get(pr.status, Palette.brand)
        d.add(
            Rect(bx, cy - 3, bw * min(pr.logged, top) / top, 6, fillColor=colour, strokeColor=None)
        )
        if not pr.over:
            ex = bx + bw * min(pr.expected, top) / top
            d.add(Line(ex, cy - 7, ex, cy + 7, strokeColor=Palette.ink, strokeWidth=1.2))
        figures = f"{pr.logged:g} / {pr.target:g} h"
        _text(d, bx + bw + 6, cy - 2.5, figures, size=7, colour=Palette.ink)
    # legend
    ly = 3
    x = bx
    d.add(Rect(x, ly, 14, 7, fillColor=colors.HexColor("#E3E8EC"), strokeColor=None))
    _text(d, x + 18, ly + 1, "target")
    x += 56
    d.add(Rect(x, ly + 1.5, 14, 4, fillColor=Palette.ok, strokeColor=None))
    _text(d, x + 18, ly + 1, "logged (colour = status)")
    x += 112
    if as_of < dt.date(officers[0].progress.year, 12, 31):
        d.add(Line(x + 4, ly - 1, x + 4, ly + 9, strokeColor=Palette.ink, strokeWidth=1.2))
        _text(d, x + 10, ly + 1, f"expected by {format_date(as_of)}")
    return d


def _clusters_table(tally: _Tally, cluster_names: dict[str, str]) -> Table:
    st = styles()
    total = tally.minutes
    ordered = _sorted_minutes(tally.by_cluster)
    ordered.sort(key=lambda kv: kv[0] == NO_CLUSTER)  # time without a cluster last
    rows = [
        [
            c,
            p(cluster_names.get(c, "") if cluster_names.get(c) != c else "", st.cell_muted),
            str(len(tally.cluster_officers[c])),
            str(tally.cluster_entries[c]),
            hq(m),
            _share(m, total),
        ]
        for c, m in ordered
    ]
    officers = len(set().union(*tally.cluster_officers.values()))
    widths = [112, 0, 52, 46, 48, 40]
    widths[1] = CONTENT_WIDTH - sum(widths)
    return data_table(
        ["Cluster", "Association", "Officers", "Entries", "Hours", "Share"],
        rows,
        widths,
        align="llrrrr",
        total=["Total", "", str(officers), str(tally.count), hq(total), "100%"],
    )
