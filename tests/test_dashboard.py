"""The Dashboard's officers panel through the real layers: temp SQLite, the worker, pyqtgraph."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPointF, QSettings, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.db import directory as d
from app.db import hours as h
from app.db.database import Database
from app.domain.hours import EntryInput
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.errors import KnownError
from app.models.record_table import RECORD_ROLE
from app.tasks import TaskManager
from app.views.charts import CumulativeChart, pace_points
from app.views.context import AppContext
from app.views.dashboard_page import DashboardPage
from app.views.widgets import select_record

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
    # QTest's note when a click lands on empty scene space (pyqtgraph acts on the release)
    pytest.mark.qt_log_ignore('Mouse event "Mouse.*" not accepted'),
]

TODAY = dt.date(2026, 6, 30)  # half the year gone: 181 of 365 days
SHARE = 181 / 365


# --------------------------------------------------------------------------- data
def _entries(
    db: Database,
    officer: int,
    cluster: int | None,
    hours: list[float],
    year: int = 2026,
    activity: str = "board_meeting",
) -> None:
    """One entry per hour count, on successive Mondays from mid-January."""
    day = dt.date(year, 1, 12)
    for n in hours:
        h.add_entry(
            db,
            EntryInput(
                officer_id=officer,
                entry_date=day,
                minutes=int(n * 60),
                activity=activity,
                cluster_id=cluster,
                description="Board",
            ),
            today=TODAY,
        )
        day += dt.timedelta(days=7)


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    """Four officers serving in 2026 at different paces, a coordinator without a target and an
    officer who left in 2025."""
    o = {
        "ane": d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org")),
        "jon": d.create_officer(db, OfficerInput("Jon Agirre", "jon@example.org")),
        "leire": d.create_officer(
            db,
            OfficerInput("Leire Ibarguren", "leire@example.org", service_start=dt.date(2026, 4, 1)),
        ),
        "miren": d.create_officer(db, OfficerInput("Miren Zubizarreta", "miren@example.org")),
        "koldo": d.create_officer(
            db, OfficerInput("Koldo Mendizabal", "koldo@example.org", role="coordinator")
        ),
        "old": d.create_officer(
            db,
            OfficerInput(
                "Xabier Olabarria", "xabier@example.org", service_end=dt.date(2025, 6, 30)
            ),
        ),
        "gaia": d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA")),
        "hegan": d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN")),
    }
    for who in ("ane", "jon", "miren", "old"):
        d.add_assignment(db, AssignmentInput(o[who], o["gaia"], dt.date(2024, 1, 1)))
    d.set_target(db, o["jon"], 2026, 120)
    # By 30 June: Ane 60 h (on track: 49.6 expected), Jon 50 of 120 h (at risk: 59.5
    # expected), Miren 10 h (behind), Leire 40 h since she started on 1 April (her target is
    # pro-rated to 75.5 h; 91 of her 275 days gone → 25 h expected → on track).
    _entries(db, o["ane"], o["gaia"], [5.0] * 10)
    _entries(db, o["ane"], o["hegan"], [2.5] * 4, activity="preparation")
    _entries(db, o["jon"], o["gaia"], [5.0] * 10)
    _entries(db, o["miren"], None, [2.5] * 4, activity="coordination")
    day = dt.date(2026, 4, 6)
    for _ in range(8):
        h.add_entry(
            db,
            EntryInput(o["leire"], day, 300, "assessment", o["hegan"], "Assessment"),
            today=TODAY,
        )
        day += dt.timedelta(days=7)
    _entries(db, o["old"], o["gaia"], [4.0] * 5, year=2025)
    return o


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield AppContext(db=db, tasks=tasks, settings=settings)
    tasks.wait_idle()
    tasks.shutdown()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, people: dict[str, int]) -> Iterator[DashboardPage]:
    p = DashboardPage(ctx)
    p.today = TODAY
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=10_000):
        p.refresh()
    yield p
    ctx.tasks.wait_idle()
    qtbot.wait(20)  # deliver the last results while the page still exists


def table_texts(page: DashboardPage) -> dict[str, list[str]]:
    """The officers table as shown: officer name → the texts of every column."""
    model = page.officer_table.model()
    return {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    }


def header(page: DashboardPage) -> list[str]:
    model = page.officer_table.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def select_in_table(qtbot: QtBot, page: DashboardPage, officer_id: int) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        assert select_record(page.officer_table, lambda r: r.officer_id == officer_id)
    assert page.selected_id == officer_id


# --------------------------------------------------------------------------- the officers table
def test_table_lists_every_officer_who_served_with_numbers_and_status_words(
    page: DashboardPage,
) -> None:
    rows = table_texts(page)
    # the coordinator without a target and the officer who left in 2025 are not listed
    assert sorted(rows) == ["Ane Etxeberria", "Jon Agirre", "Leire Ibarguren", "Miren Zubizarreta"]
    cols = {name: i for i, name in enumerate(header(page))}
    assert {"Officer", "Status", "Logged h", "Target h", "Expected h", "Projected h"} <= set(cols)

    def cell(name: str, column: str) -> str:
        return rows[name][cols[column]]

    assert (cell("Ane Etxeberria", "Logged h"), cell("Ane Etxeberria", "Target h")) == ("60", "100")
    assert cell("Ane Etxeberria", "Status") == "on track"
    assert cell("Ane Etxeberria", "Expected h") == f"{100 * SHARE:.1f}"
    assert (cell("Jon Agirre", "Target h"), cell("Jon Agirre", "Status")) == ("120", "at risk")
    assert (cell("Miren Zubizarreta", "Logged h"), cell("Miren Zubizarreta", "Status")) == (
        "10",
        "behind",
    )
    # Leire started on 1 April: her target is pro-rated (275 of 365 days → 75.5 h)
    assert (cell("Leire Ibarguren", "Target h"), cell("Leire Ibarguren", "Logged h")) == (
        "75.5",
        "40",
    )
    assert cell("Leire Ibarguren", "Status") == "on track"


def test_bar_chart_shows_logged_against_target_with_words(page: DashboardPage) -> None:
    chart = page.officer_chart
    names = [r.officer for r in chart.rows]
    assert names == ["Ane Etxeberria", "Jon Agirre", "Leire Ibarguren", "Miren Zubizarreta"]
    assert list(chart.bars.opts["width"]) == [60.0, 50.0, 40.0, 10.0]
    tx, ty = chart.target_marks.getData()
    assert list(tx[::2]) == [100.0, 120.0, 75.5, 100.0]  # one mark (two points) per bar
    assert list(ty[::2].round()) == [0.0, 1.0, 2.0, 3.0]
    words = [label.textItem.toPlainText() for label in chart.labels]
    assert words[0].startswith("on track") and "60 of 100 h" in words[0]
    assert words[1].startswith("at risk") and "50 of 120 h" in words[1]
    assert words[3].startswith("behind")
    # the status words also head the page when nobody is selected
    summary = page.sentence_text()
    assert "1 behind" in summary and "1 at risk" in summary and "2 on track" in summary


# --------------------------------------------------------------------------- selection
def test_selecting_a_row_draws_that_officers_pace(
    qtbot: QtBot, page: DashboardPage, people: dict[str, int]
) -> None:
    chart = page.cumulative_chart
    x, y = chart.logged_curve.getData()
    assert x is None or len(x) == 0  # nobody selected: no line yet
    assert not page.open_button.isEnabled()

    select_in_table(qtbot, page, people["ane"])
    x, y = chart.logged_curve.getData()
    assert y[0] == 0 and y[-1] == pytest.approx(60.0)
    assert x[-1] == CumulativeChart.day_x(2026, TODAY) + 1  # the end of today
    assert list(y) == sorted(y)  # cumulative: never goes down
    px, py = chart.pace_curve.getData()
    assert list(px) == [0.0, 365.0] and list(py) == [0.0, 100.0]
    assert chart.today_line.isVisible() and chart.today_line.value() == x[-1]
    assert chart.target_line.value() == 100.0
    ane = page.officers[people["ane"]]
    assert page.sentence_text() == f"Ane Etxeberria: {ane.progress.sentence()}"
    assert "60 of 100 h by 30 Jun" in page.sentence_text()
    assert page.open_button.isEnabled()
    assert page.officer_chart.selected_id == people["ane"]

    # activity and cluster charts now cover Ane alone
    assert dict(page.activity_chart.shown) == {"Board meeting": 50.0, "Preparation": 10.0}
    assert dict(page.cluster_chart.shown) == {"GAIA": 50.0, "HEGAN": 10.0}

    # Leire's pace starts with her service on 1 April and reaches her pro-rated target
    select_in_table(qtbot, page, people["leire"])
    px, py = chart.pace_curve.getData()
    assert list(px) == [CumulativeChart.day_x(2026, dt.date(2026, 4, 1)), 365.0]
    assert list(py) == [0.0, 75.5]
    assert chart.logged_curve.getData()[1][-1] == pytest.approx(40.0)
    assert dict(page.cluster_chart.shown) == {"HEGAN": 40.0}


def test_everyone_when_nobody_is_selected(
    qtbot: QtBot, page: DashboardPage, people: dict[str, int]
) -> None:
    assert dict(page.activity_chart.shown) == {
        "Board meeting": 100.0,
        "Assessment": 40.0,
        "Preparation": 10.0,
        "Coordination": 10.0,
    }
    assert dict(page.cluster_chart.shown) == {"GAIA": 100.0, "HEGAN": 50.0, "(no cluster)": 10.0}
    select_in_table(qtbot, page, people["miren"])
    assert dict(page.cluster_chart.shown) == {"(no cluster)": 10.0}
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.everyone_button.click()
    assert page.selected_id is None
    assert dict(page.cluster_chart.shown)["GAIA"] == 100.0
    assert not page.officer_table.selectionModel().hasSelection()


def test_clicking_a_bar_selects_and_double_click_opens_in_hours(
    qtbot: QtBot, page: DashboardPage, people: dict[str, int]
) -> None:
    chart = page.officer_chart
    jon = people["jon"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_center(jon))
    assert page.selected_id == jon
    assert (
        page.officer_table.model()
        .data(page.officer_table.selectionModel().selectedRows()[0], RECORD_ROLE)
        .officer_id
        == jon
    )
    assert page.cumulative_chart.logged_curve.getData()[1][-1] == pytest.approx(50.0)

    # A real double-click: press, release (a click: selects), double-click, release (opens).
    miren = people["miren"]
    at = chart.bar_center(miren)
    with qtbot.waitSignal(page.officer_activated, timeout=5000) as blocker:
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseDClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseRelease(chart.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert blocker.args == [miren, 2026]
    qtbot.waitUntil(lambda: page.selected_id == miren)
    qtbot.waitUntil(lambda: page.cumulative_chart.logged_curve.getData()[1][-1] == 10.0)

    # a click beside the bars (below the last row) selects nobody new
    below = chart.mapFromScene(
        chart.getViewBox().mapViewToScene(QPointF(5, len(chart.rows) - 0.45))
    )
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=below)
    assert page.selected_id == miren


def test_open_button_enter_and_table_double_click_emit_officer_and_year(
    qtbot: QtBot, page: DashboardPage, people: dict[str, int]
) -> None:
    select_in_table(qtbot, page, people["jon"])
    with qtbot.waitSignal(page.officer_activated, timeout=5000) as blocker:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [people["jon"], 2026]

    page.officer_panel.show_view(1)  # the table, as a screen-reader user would
    table = page.officer_table
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Ane Etxeberria")
    rect = table.visualRect(model.index(row, 0))
    with qtbot.waitSignal(page.officer_activated, timeout=5000) as blocker:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [people["ane"], 2026]

    qtbot.waitUntil(lambda: page.selected_id == people["ane"])
    page.ctx.tasks.wait_idle()
    qtbot.wait(20)
    table.setFocus()
    with qtbot.waitSignal(page.officer_activated, timeout=5000) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [people["ane"], 2026]


def test_another_year_lists_who_served_then(
    qtbot: QtBot, page: DashboardPage, people: dict[str, int]
) -> None:
    combo = page.year_combo
    assert combo.currentData() == 2026
    assert [combo.itemData(i) for i in range(combo.count())] == [2026, 2025]
    select_in_table(qtbot, page, people["ane"])
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        combo.setCurrentIndex(combo.findData(2025))
        combo.activated.emit(combo.currentIndex())
    rows = table_texts(page)
    cols = {name: i for i, name in enumerate(header(page))}
    # Xabier served 181 days of 2025 (target 49.5 h) and logged 20 h: the year is over, missed
    xabier = rows["Xabier Olabarria"]
    assert (xabier[cols["Target h"]], xabier[cols["Logged h"]]) == ("49.5", "20")
    assert xabier[cols["Status"]] == "missed"
    assert "Leire Ibarguren" not in rows
    assert rows["Ane Etxeberria"][cols["Status"]] == "missed"
    # Ane served in 2025 too: she stays selected, her pace chart shows the whole past year
    assert page.selected_id == people["ane"]
    assert not page.cumulative_chart.today_line.isVisible()
    assert "Hours per officer, 2025" in page.officer_panel.title.text()


# --------------------------------------------------------------------------- PNG
def test_each_chart_saves_a_png_atomically(page: DashboardPage, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    panels = {
        "officers": page.officer_panel,
        "pace": page.cumulative_panel,
        "activities": page.activity_panel,
        "clusters": page.cluster_panel,
    }
    for name, panel in panels.items():
        written = panel.save_to(out / name)  # the suffix is added
        assert written == out / f"{name}.png"
        data = written.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000
        image = QImage(str(written))
        assert not image.isNull() and image.width() >= panel.chart.width()
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.png" for n in panels)

    # saving over an existing file replaces it; a missing folder is a problem in words
    page.officer_chart.save_png(out / "officers.png")
    assert QImage(str(out / "officers.png")).width() > 0
    with pytest.raises(KnownError, match="Cannot save the image"):
        page.officer_chart.save_png(tmp_path / "missing" / "chart.png")


# --------------------------------------------------------------------------- overview
def test_overview_cards_and_lists_still_show(page: DashboardPage, db: Database) -> None:
    counts = d.summary(db)
    assert page.cards["officers"].value.text() == str(counts.officers) == "6"
    assert page.cards["clusters"].value.text() == "2"
    assert page.cards["entries"].value.text() == str(counts.time_entries)
    assert page.cards["hours"].value.text() == "160.0 h"  # 2026 up to 30 June
    assert "30 June 2026" in page.subtitle.text()
    uncovered = [page.uncovered_list.item(i).text() for i in range(page.uncovered_list.count())]
    assert uncovered == ["HEGAN"]
    assert page.labels_list.count() == 1  # "None: no label expires…"


# --------------------------------------------------------------------------- models
def test_table_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester, page: DashboardPage, people: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    select_in_table(qtbot, page, people["ane"])
    for panel in (
        page.officer_panel,
        page.cumulative_panel,
        page.activity_panel,
        page.cluster_panel,
    ):
        model = panel.chart.table_model()
        assert model.rowCount() > 0
        qtmodeltester.check(model)
        qtmodeltester.check(panel.proxy)
        assert model.rowCount(model.index(0, 0)) == 0
        assert model.data(QModelIndex()) is None


def test_pace_table_month_by_month(page: DashboardPage, people: dict[str, int]) -> None:
    p = page.officers[people["ane"]].progress
    daily = h.daily_hours(page.ctx.db, people["ane"], 2026)
    points = pace_points(p, daily, TODAY)
    assert [pt.month for pt in points][:2] == ["January 2026", "February 2026"]
    assert points[-1].month == "June 2026"
    assert points[-1].cumulative == pytest.approx(60.0)
    assert points[-1].expected == pytest.approx(p.expected)
    assert sum(pt.logged for pt in points) == pytest.approx(60.0)
    # a partial month says so
    mid = pace_points(p, daily, dt.date(2026, 6, 15))
    assert mid[-1].month == "June 2026 (to the 15th)"


def test_an_empty_database_shows_empty_charts_in_words(qtbot: QtBot, ctx: AppContext) -> None:
    p = DashboardPage(ctx)
    p.today = TODAY
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=10_000):
        p.refresh()
    assert p.officer_chart.rows == [] and p.officer_table.model().rowCount() == 0
    assert p.sentence_text() == "No officer served in 2026."
    assert "No officer served" in p.officer_chart.empty_text.textItem.toPlainText()
    assert p.activity_chart.shown == [] and p.cluster_chart.shown == []
    assert p.cards["officers"].value.text() == "0"
    assert not p.open_button.isEnabled()
    assert p.officer_panel.save_to(ctx.db.path.parent / "empty.png") is not None
    ctx.tasks.wait_idle()
    qtbot.wait(20)


def test_maturity_panel_names_shared_weaknesses_and_missing_profiles(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    from app.db import maturity as mt

    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    d.create_cluster(db, ClusterInput("Creative industries", "CREA"))
    dims = mt.list_models(db)[0].dimensions
    today = dt.date.today()
    for cid, level in ((gaia, 2), (hegan, 1)):
        mt.create_profile(db, cid, today, levels={x.id: level for x in dims}, today=today)
    tasks = TaskManager()
    page = DashboardPage(
        AppContext(db, tasks, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    )
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.refresh()
    items = [page.maturity_list.item(i).text() for i in range(page.maturity_list.count())]
    tasks.shutdown()
    assert items[0].endswith("2 clusters weak (level ≤ 2), 0 could mentor (≥ 4)")
    assert items[-1] == "No profile in the last 12 months: CREA"
