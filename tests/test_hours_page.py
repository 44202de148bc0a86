"""The Hours page against a real temporary database: table, filters, form, undo, timer, closing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.db import directory as d
from app.db import hours as h
from app.db.database import Database
from app.domain.hours import EntryInput
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.domain.records_hours import EntryFilter
from app.models.entries_model import LOCK_COLUMN, column_of
from app.models.record_table import RECORD_ROLE
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.hours_page import HoursPage, entries_text

TODAY = dt.date.today()
LAST_YEAR = TODAY.year - 1


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    ane = d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org"))
    jon = d.create_officer(db, OfficerInput("Jon Agirre", "jon@example.org"))
    koldo = d.create_officer(
        db, OfficerInput("Koldo Mendizabal", "koldo@example.org", role="coordinator")
    )
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    d.add_assignment(db, AssignmentInput(ane, gaia, dt.date(LAST_YEAR - 1, 1, 1)))
    d.add_assignment(db, AssignmentInput(jon, hegan, dt.date(LAST_YEAR - 1, 1, 1)))
    p = {"ane": ane, "jon": jon, "koldo": koldo, "gaia": gaia, "hegan": hegan}
    # 12 entries: 6 last year, 6 this year (early dates, never in the future)
    for i in range(12):
        year = LAST_YEAR if i < 6 else TODAY.year
        who, cluster = ("ane", "gaia") if i % 2 == 0 else ("jon", "hegan")
        h.add_entry(
            db,
            EntryInput(
                officer_id=p[who],
                entry_date=dt.date(year, 1, 2 + i),
                minutes=30 * (1 + i % 5),
                activity="board_meeting" if i % 3 else "preparation",
                cluster_id=p[cluster],
                description=f"Board papers {i}" if i % 4 else f"Travel to Bilbao {i}",
            ),
        )
    return p


def make_ctx(db: Database, tmp_path: Path) -> AppContext:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    return AppContext(db=db, tasks=TaskManager(), settings=settings)


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    context = make_ctx(db, tmp_path)
    yield context
    context.tasks.wait_idle()
    QApplication.processEvents()
    context.tasks.shutdown()


def open_page(qtbot, ctx: AppContext) -> HoursPage:  # type: ignore[no-untyped-def]
    page = HoursPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    return page


def reloaded(qtbot, page: HoursPage, action) -> None:  # type: ignore[no-untyped-def]
    """Run ``action`` and wait until the page has reloaded its entries."""
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        action()


def shown_rows(page: HoursPage):  # type: ignore[no-untyped-def]
    model = page.model
    out = []
    for row in range(model.rowCount()):
        rec = model.data(model.index(row, 0), RECORD_ROLE)
        assert rec is not None, "all rows of a small result arrive with the first page"
        out.append(rec)
    return out


def select_rows(page: HoursPage, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(page.model.index(row, 0), flags)
    selection.setCurrentIndex(
        page.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def row_of(page: HoursPage, entry_id: int) -> int:
    return page.model.row_of(entry_id)


# --------------------------------------------------------------------------- table and filters
def test_page_lists_entries_with_totals(qtbot, ctx: AppContext, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    assert page.title == "Hours" and page.objectName() == "hours"
    assert page.model.rowCount() == 12
    n, minutes = h.count_entries(ctx.db, EntryFilter())
    assert page.footer.text() == entries_text(n, minutes)
    dates = [r.entry_date for r in shown_rows(page)]
    assert dates == sorted(dates, reverse=True)  # newest first by default


def test_filters_narrow_rows_and_footer_matches_count(qtbot, ctx: AppContext, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    combo = page.officer_filter
    reloaded(qtbot, page, lambda: combo.setCurrentIndex(combo.findData(people["jon"])))
    f = page.entry_filter
    assert f.officer_id == people["jon"]
    n, minutes = h.count_entries(ctx.db, f)
    assert n == 6 and page.model.rowCount() == n
    assert {r.officer_name for r in shown_rows(page)} == {"Jon Agirre"}
    assert page.footer.text() == entries_text(n, minutes)

    year = page.year_filter
    reloaded(qtbot, page, lambda: year.setCurrentIndex(year.findData(LAST_YEAR)))
    n, minutes = h.count_entries(ctx.db, page.entry_filter)
    assert n == 3 and page.model.rowCount() == 3
    assert page.footer.text() == entries_text(n, minutes)

    activity = page.activity_filter
    reloaded(qtbot, page, lambda: activity.setCurrentIndex(activity.findData("board_meeting")))
    assert page.model.rowCount() == h.count_entries(ctx.db, page.entry_filter)[0]

    reloaded(qtbot, page, page.clear_filters)
    assert page.model.rowCount() == 12
    reloaded(qtbot, page, lambda: qtbot.keyClicks(page.text_filter, "bilbao"))
    assert page.entry_filter.text == "bilbao"
    assert {r.description.split()[0] for r in shown_rows(page)} == {"Travel"}
    n, minutes = h.count_entries(ctx.db, page.entry_filter)
    assert page.model.rowCount() == n == 3
    assert page.footer.text() == entries_text(n, minutes)


def test_clicking_the_hours_header_sorts_in_sql(qtbot, ctx: AppContext, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    header = page.table.horizontalHeader()
    column = column_of("hours")

    def click() -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    reloaded(qtbot, page, click)
    assert page.entry_filter.sort == "hours"
    first = [r.minutes for r in shown_rows(page)]
    reloaded(qtbot, page, click)
    second = [r.minutes for r in shown_rows(page)]
    assert {tuple(first), tuple(second)} == {
        tuple(sorted(first)),
        tuple(sorted(first, reverse=True)),
    }
    assert first != second
    # the status column does not sort: the arrow goes back
    x = header.sectionViewportPosition(LOCK_COLUMN) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.waitUntil(lambda: header.sortIndicatorSection() == column)


def test_show_officer_filters_and_shows_progress(qtbot, ctx: AppContext, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    reloaded(qtbot, page, lambda: page.show_officer(people["ane"], TODAY.year))
    assert page.officer_filter.currentData() == people["ane"]
    assert page.year_filter.currentData() == TODAY.year
    assert {r.officer_name for r in shown_rows(page)} == {"Ane Etxeberria"}
    qtbot.waitUntil(lambda: "Ane Etxeberria" in page.banner.text())
    assert "of 100 h" in page.banner.text()
    assert page.banner.status is not None
    assert page.banner.status_label.text().lower().replace(" ", "_") == page.banner.status


# --------------------------------------------------------------------------- the form
def test_keyboard_entry_is_saved_and_officer_cluster_remembered(
    qtbot, ctx: AppContext, db: Database, tmp_path: Path, people
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    form = page.form
    assert form.entry_date() == TODAY
    form.officer_combo.setFocus()
    qtbot.keyClicks(form.officer_combo, "Jon")
    assert form.officer_id() == people["jon"]
    assert form.cluster_id() == people["hegan"]  # the officer's assigned cluster comes first
    qtbot.keyClicks(form.hours_edit, "1,5")
    qtbot.keyClicks(form.description_edit, "Read the Zumarraga minutes")
    reloaded(qtbot, page, lambda: qtbot.keyClick(form.description_edit, Qt.Key.Key_Return))

    rows = h.page_of_entries(db, EntryFilter(text="Zumarraga"), 0, 10)
    assert len(rows) == 1
    row = rows[0]
    assert (row.officer_id, row.cluster_id, row.minutes, row.entry_date) == (
        people["jon"],
        people["hegan"],
        90,
        TODAY,
    )
    assert page.model.row_of(row.id) >= 0
    # ready for the next entry, same officer and cluster
    assert form.hours_edit.text() == "" and form.description_edit.text() == ""
    assert (form.officer_id(), form.cluster_id()) == (people["jon"], people["hegan"])
    assert "Saved" in form.note_text()

    # a new page on the same settings (the app restarted) remembers them
    ctx2 = AppContext(db=db, tasks=TaskManager(), settings=ctx.settings)
    try:
        page2 = open_page(qtbot, ctx2)
        assert (page2.form.officer_id(), page2.form.cluster_id()) == (
            people["jon"],
            people["hegan"],
        )
    finally:
        ctx2.tasks.wait_idle()
        QApplication.processEvents()
        ctx2.tasks.shutdown()


def test_unassigned_cluster_is_saved_with_a_note(
    qtbot, ctx: AppContext, db: Database, people
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    form = page.form
    form.set_officer(people["ane"])
    form.set_cluster(people["hegan"])
    qtbot.keyClicks(form.hours_edit, "2")
    before = h.count_entries(db, EntryFilter())[0]
    reloaded(qtbot, page, lambda: qtbot.keyClick(form.hours_edit, Qt.Key.Key_Enter))
    assert h.count_entries(db, EntryFilter())[0] == before + 1
    assert "not assigned to HEGAN" in form.note_text()


def test_thirty_hour_day_is_refused_in_words(qtbot, ctx: AppContext, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    form = page.form
    form.set_officer(people["ane"])
    before = h.count_entries(db, EntryFilter())
    qtbot.keyClicks(form.hours_edit, "30")
    qtbot.keyClick(form.hours_edit, Qt.Key.Key_Return)
    assert "24 hours" in form.problem("minutes")
    assert form.errors.shown()["minutes"] == form.problem("minutes")  # shown beside the field
    assert h.count_entries(db, EntryFilter()) == before

    # 20 h logged, then 5 more the same day: the day total is over 24 h
    form.hours_edit.clear()
    qtbot.keyClicks(form.hours_edit, "20:00")
    reloaded(qtbot, page, lambda: qtbot.keyClick(form.hours_edit, Qt.Key.Key_Return))
    after_first = h.count_entries(db, EntryFilter())
    qtbot.keyClicks(form.hours_edit, "5")
    qtbot.keyClick(form.hours_edit, Qt.Key.Key_Return)
    assert "over 24 hours" in form.problem("minutes")
    assert h.count_entries(db, EntryFilter()) == after_first
    # typing in the field again clears the message
    qtbot.keyClicks(form.hours_edit, "0")
    assert form.problem("minutes") == ""


def test_future_date_is_refused(qtbot, ctx: AppContext, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    form = page.form
    form.set_officer(people["jon"])
    form.date_edit.setDate(form.date_edit.date().addDays(1))
    qtbot.keyClicks(form.hours_edit, "1.5")
    before = h.count_entries(db, EntryFilter())
    qtbot.keyClick(form.hours_edit, Qt.Key.Key_Return)
    assert "future" in form.problem("entry_date")
    assert h.count_entries(db, EntryFilter()) == before


def test_bad_hours_text_is_explained(qtbot, ctx: AppContext, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    form = page.form
    form.set_officer(people["jon"])
    qtbot.keyClicks(form.hours_edit, "1:20")
    assert form.hours_read.text() == ""
    qtbot.keyClick(form.hours_edit, Qt.Key.Key_Return)
    assert "quarter-hour" in form.problem("minutes")
    form.hours_edit.clear()
    qtbot.keyClicks(form.hours_edit, "1:30")
    assert form.hours_read.text() == "= 1 h 30 min"


# --------------------------------------------------------------------------- edit, duplicate, delete, undo
def test_edit_then_undo_restores_old_values(qtbot, ctx: AppContext, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    target = shown_rows(page)[0]
    select_rows(page, [0])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on a row edits it
    form = page.form
    assert form.editing_id == target.id
    assert "Editing" in form.title()
    form.hours_edit.selectAll()
    qtbot.keyClicks(form.hours_edit, "3:45")
    form.description_edit.selectAll()
    qtbot.keyClicks(form.description_edit, "Changed")
    reloaded(qtbot, page, lambda: qtbot.keyClick(form.description_edit, Qt.Key.Key_Return))
    changed = h.get_entry(db, target.id)
    assert (changed.minutes, changed.description) == (225, "Changed")
    assert not form.editing

    reloaded(qtbot, page, page.undo_action.trigger)
    back = h.get_entry(db, target.id)
    assert (back.minutes, back.description) == (target.minutes, target.description)
    reloaded(qtbot, page, page.redo_action.trigger)
    assert h.get_entry(db, target.id).minutes == 225


def test_cancel_edit_leaves_the_entry(qtbot, ctx: AppContext, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    target = shown_rows(page)[2]
    select_rows(page, [2])
    assert page.edit_selected()
    page.form.hours_edit.setText("9")
    qtbot.keyClick(page.form.hours_edit, Qt.Key.Key_Escape)
    assert not page.form.editing
    assert h.get_entry(db, target.id) == target


def test_duplicate_copies_the_row_dated_today(qtbot, ctx: AppContext, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    source = shown_rows(page)[3]
    select_rows(page, [3])
    assert page.duplicate_selected()
    form = page.form
    assert not form.editing and form.entry_date() == TODAY
    assert form.description_edit.text() == source.description
    reloaded(qtbot, page, page.save_form)
    copies = h.page_of_entries(db, EntryFilter(text=source.description), 0, 10)
    assert sorted(r.entry_date for r in copies) == sorted([source.entry_date, TODAY])
    assert {r.minutes for r in copies} == {source.minutes}
    reloaded(qtbot, page, page.undo_action.trigger)  # undoing the add deletes the copy
    assert len(h.page_of_entries(db, EntryFilter(text=source.description), 0, 10)) == 1


def test_delete_then_undo_brings_back_the_same_ids(
    qtbot, ctx: AppContext, db: Database, people
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    rows = shown_rows(page)
    victims = [rows[1], rows[4]]
    select_rows(page, [1, 4])
    box = page.delete_selected()
    assert box is not None and "2" in box.text()
    reloaded(qtbot, page, box.ok_button.click)  # type: ignore[attr-defined]
    ids = [r.id for r in victims]
    assert h.entries_by_ids(db, ids) == {}
    assert page.model.rowCount() == 10

    reloaded(qtbot, page, page.undo_action.trigger)
    back = h.entries_by_ids(db, ids)
    assert sorted(back) == sorted(ids)
    assert [back[r.id] for r in victims] == victims
    assert page.model.rowCount() == 12
    reloaded(qtbot, page, page.redo_action.trigger)
    assert h.entries_by_ids(db, ids) == {}


def test_cancelled_delete_keeps_the_entries(qtbot, ctx: AppContext, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    select_rows(page, [0])
    box = page.delete_selected()
    assert box is not None
    box.reject()
    QApplication.processEvents()
    assert h.count_entries(db, EntryFilter())[0] == 12


# --------------------------------------------------------------------------- the timer
def test_timer_survives_a_restart_and_logs_rounded_time(
    qtbot, ctx: AppContext, db: Database, people
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    page.form.set_officer(people["ane"])
    page.form.set_activity("working_group")
    page.form.description_edit.setText("Talent working group")
    started = dt.datetime.now().replace(microsecond=0)
    page.clock = lambda: started
    assert page.start_timer()
    qtbot.waitUntil(lambda: len(page.timer_panel.timers()) == 1)
    assert page.timer_action.text().replace("&", "") == "Stop timer"

    # "restart": a new page on the same database shows the timer still running, ticking
    page2 = open_page(qtbot, ctx)
    timers = page2.timer_panel.timers()
    assert [(t.officer_id, t.activity, t.description) for t in timers] == [
        (people["ane"], "working_group", "Talent working group")
    ]
    page2.timer_panel.clock = lambda: started + dt.timedelta(minutes=12, seconds=5)
    page2.timer_panel.tick()
    assert page2.timer_panel.elapsed_text(people["ane"]) == "0:12:05"

    page2.clock = lambda: started + dt.timedelta(minutes=50)
    before = h.count_entries(db, EntryFilter())[0]
    with qtbot.waitSignal(page2.loaded, timeout=10_000):
        entry_id = page2.stop_timer(people["ane"])
    assert entry_id is not None
    row = h.get_entry(db, entry_id)
    assert (row.minutes, row.activity, row.entry_date) == (45, "working_group", started.date())
    assert h.count_entries(db, EntryFilter())[0] == before + 1
    assert page2.model.row_of(entry_id) >= 0
    qtbot.waitUntil(lambda: page2.timer_panel.timers() == [])
    assert h.running_timers(db) == []


def test_cancelled_timer_logs_nothing(qtbot, ctx: AppContext, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    page.form.set_officer(people["jon"])
    assert page.start_timer()
    qtbot.waitUntil(lambda: len(page.timer_panel.timers()) == 1)
    page.cancel_timer(people["jon"])
    qtbot.waitUntil(lambda: page.timer_panel.timers() == [])
    assert h.count_entries(db, EntryFilter())[0] == 12


# --------------------------------------------------------------------------- closing a year
def test_closing_a_year_makes_its_rows_read_only(
    qtbot, ctx: AppContext, db: Database, people
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    old = next(r for r in shown_rows(page) if r.entry_date.year == LAST_YEAR)
    # an entry of that year is open in the form when the year gets closed elsewhere
    select_rows(page, [row_of(page, old.id)])
    assert page.edit_selected()

    dialog = page.open_close_year()
    qtbot.waitUntil(lambda: dialog.year_combo.count() > 0)
    dialog.set_year(LAST_YEAR)
    assert dialog.coordinator_combo.count() == 1  # only coordinators are listed
    dialog.set_coordinator(people["koldo"])
    dialog.note_edit.setText("Figures sent to the Department")
    assert dialog.apply_button.text() == f"Close {LAST_YEAR}"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        assert dialog.apply()
    assert h.list_closed_years(db) == [LAST_YEAR]
    qtbot.waitUntil(lambda: dialog.history_model.rowCount() == 1)
    assert dialog.apply_button.text() == f"Reopen {LAST_YEAR}"
    dialog.close()

    assert not page.form.editing  # the form let go of the now read-only entry
    row = row_of(page, old.id)
    assert page.model.data(page.model.index(row, LOCK_COLUMN)) == "closed year"
    new_row = next(r for r in shown_rows(page) if r.entry_date.year == TODAY.year)
    assert page.model.data(page.model.index(row_of(page, new_row.id), LOCK_COLUMN)) == ""

    # editing or deleting a closed row is refused with the reason
    select_rows(page, [row])
    assert not page.edit_selected()
    assert "closed" in page.notice.text() and "read-only" in page.notice.text()
    assert page.delete_selected() is None
    assert "closed" in page.notice.text()
    assert h.get_entry(db, old.id) == old


def test_saving_an_entry_of_a_year_closed_meanwhile_is_refused(
    qtbot, ctx: AppContext, db: Database, people
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    old = next(r for r in shown_rows(page) if r.entry_date.year == LAST_YEAR)
    select_rows(page, [row_of(page, old.id)])
    assert page.edit_selected()
    h.close_year(db, LAST_YEAR, by_officer_id=people["koldo"])  # another coordinator, elsewhere
    page.form.hours_edit.setText("4")
    assert not page.save_form()
    assert "closed" in page.form.problem("")
    assert h.get_entry(db, old.id) == old


def test_actions_have_shortcuts_and_tooltips(qtbot, ctx: AppContext, people) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    for action in (
        page.new_action,
        page.edit_action,
        page.duplicate_action,
        page.delete_action,
        page.undo_action,
        page.redo_action,
        page.timer_action,
        page.import_action,
        page.export_action,
        page.pdf_action,
        page.close_year_action,
    ):
        assert action.shortcuts(), action.text()
        assert action.toolTip(), action.text()
    assert page.new_action.shortcut().toString() == "Ctrl+N"
    assert page.duplicate_action.shortcut().toString() == "Ctrl+D"
    assert page.import_action.shortcut().toString() == "Ctrl+I"
    assert page.export_action.shortcut().toString() == "Ctrl+E"
    for widget in (
        page.form.date_edit,
        page.form.officer_combo,
        page.form.cluster_combo,
        page.form.activity_combo,
        page.form.hours_edit,
        page.form.description_edit,
        page.officer_filter,
        page.year_filter,
        page.text_filter,
    ):
        assert widget.accessibleName()


def test_a_large_result_loads_in_stages_and_reads_rows_on_demand(
    qtbot, ctx: AppContext, db: Database, db_path: Path, people
) -> None:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(db_path)
    con.executemany(
        "INSERT INTO time_entry (officer_id, entry_date, minutes, activity, description) "
        "VALUES (?, ?, ?, 'other', ?)",
        [
            (
                people["jon"],
                (dt.date(LAST_YEAR, 1, 1) + dt.timedelta(days=i % 360)).isoformat(),
                15,
                f"bulk {i}",
            )
            for i in range(900)
        ],
    )
    con.commit()
    con.close()
    page = HoursPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    counts: list[int] = []
    page.first_rows_shown.connect(lambda: counts.append(page.model.rowCount()))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    assert counts == [200]  # the first page came first
    n, minutes = h.count_entries(db, EntryFilter())
    assert page.model.rowCount() == n == 912
    assert page.footer.text() == entries_text(n, minutes)
    assert page.model.cache_size() <= page.model.cache_limit
    page.table.scrollToBottom()
    last = page.model.rowCount() - 1
    qtbot.waitUntil(lambda: page.model.entry(last) is not None, timeout=5000)
    assert page.model.entry(last).id == h.entry_ids(db, EntryFilter())[-1]


def test_export_runs_on_the_worker_and_reports_the_file(
    qtbot, ctx: AppContext, db: Database, tmp_path: Path, people
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    reloaded(qtbot, page, lambda: page.show_officer(people["jon"], None))
    target = tmp_path / "jon.csv"
    dialog = page.export_to(target)
    assert dialog is not None
    qtbot.waitUntil(lambda: "exported" in page.notice.text(), timeout=10_000)
    assert "6 entries exported" in page.notice.text() and target.exists()
    assert target.read_text(encoding="utf-8-sig").count("Jon Agirre") == 6


def test_statement_pdf_for_the_filtered_officer(
    qtbot, ctx: AppContext, db: Database, tmp_path: Path, people
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    reloaded(qtbot, page, lambda: page.show_officer(people["ane"], TODAY.year))
    target = tmp_path / "ane.pdf"
    assert page.write_statement(target) is not None
    qtbot.waitUntil(lambda: "PDF written" in page.notice.text(), timeout=20_000)
    assert target.read_bytes().startswith(b"%PDF")
