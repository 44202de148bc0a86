"""The Meetings page through the real layers: a temp SQLite database, the worker, the dialogs,
the editor, the search and the log-time dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt, QTime
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.db import directory as d
from app.db import meetings as m
from app.db.database import Database
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.domain.records_meetings import MeetingInput
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.log_time_dialog import LogTimeDialog
from app.views.meeting_editor import MeetingEditor, next_title
from app.views.meeting_search import HTML_ROLE
from app.views.meetings_page import MeetingsPage

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

T = dt.datetime
NOW = dt.datetime.now().replace(second=0, microsecond=0)


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    ane = d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org"))
    jon = d.create_officer(db, OfficerInput("Jon Arrieta", "jon@example.org"))
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    d.add_assignment(db, AssignmentInput(ane, gaia, dt.date(2020, 1, 1)))
    d.add_assignment(db, AssignmentInput(jon, hegan, dt.date(2020, 1, 1)))
    return {"ane": ane, "jon": jon, "gaia": gaia, "hegan": hegan}


def meeting(
    db: Database, cluster: int, when: dt.datetime, title: str, kind: str = "board", **kw
) -> int:
    return m.create_meeting(
        db,
        MeetingInput(cluster, when, when + dt.timedelta(hours=2), kind=kind, title=title),
        **kw,
    )


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield AppContext(db=db, tasks=tasks, settings=settings)
    tasks.wait_idle()
    tasks.shutdown()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, ids: dict[str, int]) -> MeetingsPage:
    p = MeetingsPage(ctx)
    qtbot.addWidget(p, before_close_func=lambda w: settle(qtbot, ctx, w))
    p.resize(1280, 800)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.refresh()
    return p


def settle(qtbot: QtBot, ctx: AppContext, page: MeetingsPage) -> None:
    """Before the page closes: queue every pending save, let the worker finish and deliver the
    results while the widgets still exist."""
    page.flush()
    ctx.tasks.wait_idle()
    qtbot.wait(50)


def reload(qtbot: QtBot, page: MeetingsPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.refresh()


def focus(qtbot: QtBot, widget: QWidget) -> None:
    """Give ``widget`` the keyboard focus (its window active), as a click would."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def titles(page: MeetingsPage) -> list[str]:
    return [r.title for r in page.shown_meetings()]


def open_editor(qtbot: QtBot, page: MeetingsPage, meeting_id: int) -> MeetingEditor:
    with qtbot.waitSignal(page.editor_ready, timeout=5000):
        page.open_meeting(meeting_id)
    assert page.editor is not None and page.editor.meeting_id == meeting_id
    return page.editor


def test_create_a_meeting_through_the_dialog(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    dialog = page.open_new_dialog()
    dialog.cluster_combo.setCurrentIndex(dialog.cluster_combo.findData(ids["gaia"]))
    # today's liaison of GAIA is ticked for us
    assert dialog.checked_officer_ids() == (ids["ane"],)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("board"))
    dialog.title_edit.setText("GAIA board – Q1 2027")  # keyClicks types ASCII only
    dialog.date_edit.setDate(QDate(2027, 3, 9))
    dialog.start_edit.setTime(QTime(12, 0))
    dialog.end_edit.setTime(QTime(10, 0))  # ends before it starts
    qtbot.keyClicks(dialog.location_edit, "Zamudio")
    dialog.agenda_edit.setPlainText("Welcome\n\nBudget 2027\nAOB\n")
    dialog.ok_button.click()
    assert "ends before it starts" in dialog.errors.message("ends_at")
    assert dialog.isVisible() and m.list_meetings(ctx.db) == []

    dialog.start_edit.setTime(QTime(10, 0))
    dialog.end_edit.setTime(QTime(12, 30))
    with qtbot.waitSignal(page.editor_ready, timeout=5000):
        dialog.ok_button.click()
    (row,) = m.list_meetings(ctx.db)
    assert (row.title, row.starts_at, row.ends_at, row.location) == (
        "GAIA board – Q1 2027",
        T(2027, 3, 9, 10, 0),
        T(2027, 3, 9, 12, 30),
        "Zamudio",
    )
    detail = m.get_meeting(ctx.db, row.id)
    assert [a.title for a in detail.agenda] == ["Welcome", "Budget 2027", "AOB"]
    assert [a.name for a in detail.attendees] == ["Ane Etxeberria"]
    editor = page.editor
    assert editor is not None and editor.title_label.text() == "GAIA board – Q1 2027"
    assert editor.agenda.titles() == ["Welcome", "Budget 2027", "AOB"]
    # back to the list: the new meeting is there and selected
    with qtbot.waitSignal(page.loaded, timeout=5000):
        editor.back_action.trigger()
    assert page.current_meeting() is not None and page.current_meeting().id == row.id


def test_edit_details_keeps_the_notes_being_typed(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    mid = meeting(ctx.db, ids["gaia"], T(2027, 3, 9, 10), "Board", agenda=("Welcome",))
    editor = open_editor(qtbot, page, mid)
    editor.agenda.select_general()
    general = editor.agenda.current_editor()
    assert general is not None
    qtbot.keyClicks(general, "Quorum reached")
    dialog = editor.open_edit_dialog()
    assert dialog is not None and dialog.title_edit.text() == "Board"
    dialog.title_edit.setText("Extraordinary board")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("general_assembly"))
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        dialog.ok_button.click()
    detail = m.get_meeting(ctx.db, mid)
    assert (detail.meeting.title, detail.meeting.kind) == (
        "Extraordinary board",
        "general_assembly",
    )
    assert detail.notes == "Quorum reached"
    assert editor.title_label.text() == "Extraordinary board"
    assert "General assembly" in editor.info_label.text()


def test_duplicate_a_recurring_board(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    mid = meeting(
        ctx.db,
        ids["gaia"],
        T(2026, 10, 6, 10),
        "GAIA board – Q4 2026",
        officer_ids=(ids["ane"],),
        agenda=("Welcome", "Budget"),
    )
    m.add_decision(ctx.db, mid, "Approved")
    reload(qtbot, page)
    assert page.select_meeting(mid)
    dialog = page.open_duplicate_dialog()
    assert dialog is not None
    assert dialog.date_edit.date() == QDate(2027, 1, 5)  # 13 weeks later, same weekday
    assert dialog.title_edit.text() == "GAIA board – Q1 2027"
    with qtbot.waitSignal(page.editor_ready, timeout=5000):
        dialog.ok_button.click()
    new_id = dialog.saved_id
    assert new_id is not None and new_id != mid
    copy = m.get_meeting(ctx.db, new_id)
    assert copy.meeting.title == "GAIA board – Q1 2027"
    assert copy.meeting.starts_at == T(2027, 1, 5, 10)
    assert [a.title for a in copy.agenda] == ["Welcome", "Budget"]
    assert copy.decisions == ()
    assert [(a.name, a.attendance) for a in copy.attendees] == [("Ane Etxeberria", "invited")]
    assert "duplicated" in page.notice.text()


def test_next_title_follows_the_quarter() -> None:
    assert next_title("Board – Q4 2026", T(2026, 11, 1), T(2027, 2, 1)) == "Board – Q1 2027"
    assert next_title("Assembly 2026", T(2026, 6, 1), T(2027, 6, 1)) == "Assembly 2027"
    assert next_title("Board", T(2026, 6, 1), T(2026, 9, 1)) == "Board"


def test_delete_asks_then_undo_restores_everything(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    mid = meeting(ctx.db, ids["gaia"], T(2026, 3, 10, 10), "Q1 board", agenda=("A", "B"))
    m.add_decision(ctx.db, mid, "Yes")
    m.add_action(ctx.db, mid, "Do it", owner_officer_id=ids["ane"])
    before = m.get_meeting(ctx.db, mid)
    reload(qtbot, page)
    assert page.select_meeting(mid)

    box = page.delete_meeting()
    assert isinstance(box, QMessageBox) and "Q1 board" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()  # changed their mind
    qtbot.wait(50)
    assert m.get_meeting(ctx.db, mid) == before

    box = page.delete_meeting()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        box.ok_button.click()  # type: ignore[attr-defined]
    assert m.list_meetings(ctx.db) == [] and "Q1 board" not in titles(page)
    assert "Deleted “Q1 board”" in page.notice.text()
    assert page.undo_action.isEnabled()

    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.notice.button.click()  # Undo
    assert m.get_meeting(ctx.db, mid) == before
    assert "Q1 board" in titles(page) and page.current_meeting().id == mid
    assert "is back" in page.notice.text() and not page.undo_action.isEnabled()


def test_delete_from_the_editor_goes_back_to_the_list(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    mid = meeting(ctx.db, ids["gaia"], T(2026, 3, 10, 10), "Q1 board", agenda=("A",))
    editor = open_editor(qtbot, page, mid)
    qtbot.keyClicks(editor.agenda.current_editor(), "typed just before deleting")
    editor.delete_action.trigger()
    box = page.findChild(QMessageBox)
    assert box is not None
    with qtbot.waitSignal(page.loaded, timeout=5000):
        box.ok_button.click()  # type: ignore[attr-defined]
    assert page.stack.currentWidget() is page.browser and page.editor is None
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.undo_delete()
    assert m.get_meeting(ctx.db, mid).agenda[0].notes == "typed just before deleting"


def test_filters_by_cluster_kind_officer_and_dates(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    db = ctx.db
    meeting(db, ids["gaia"], T(2026, 2, 10, 10), "GAIA Feb board", officer_ids=(ids["ane"],))
    meeting(db, ids["gaia"], T(2026, 5, 10, 10), "GAIA May WG", kind="working_group")
    meeting(db, ids["hegan"], T(2026, 3, 10, 10), "HEGAN Mar board", officer_ids=(ids["jon"],))
    meeting(db, ids["hegan"], T(2026, 9, 10, 10), "HEGAN Sep assembly", kind="general_assembly")
    reload(qtbot, page)
    assert len(titles(page)) == 4

    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.cluster_combo.setCurrentIndex(page.cluster_combo.findData(ids["gaia"]))
    assert sorted(titles(page)) == ["GAIA Feb board", "GAIA May WG"]

    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.kind_combo.setCurrentIndex(page.kind_combo.findData("working_group"))
    assert titles(page) == ["GAIA May WG"]

    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.set_filters(officer_id=ids["jon"])
    assert titles(page) == ["HEGAN Mar board"]

    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.set_filters()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.from_edit.set_date(dt.date(2026, 3, 1))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.to_edit.set_date(dt.date(2026, 6, 30))
    assert sorted(titles(page)) == ["GAIA May WG", "HEGAN Mar board"]
    assert page.count_label.text().startswith("2 of 2 meetings shown")

    qtbot.keyClicks(page.filter_edit, "hegan")
    assert titles(page) == ["HEGAN Mar board"]


def test_upcoming_and_past(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    meeting(ctx.db, ids["gaia"], NOW + dt.timedelta(days=30), "Next month")
    meeting(ctx.db, ids["gaia"], NOW + dt.timedelta(days=3), "In three days")
    meeting(ctx.db, ids["gaia"], NOW - dt.timedelta(days=30), "Last month")
    reload(qtbot, page)
    assert page.current_meeting().title == "In three days"  # the next one is selected
    page.when_combo.setCurrentIndex(page.when_combo.findData("upcoming"))
    assert titles(page) == ["In three days", "Next month"]  # soonest first
    page.when_combo.setCurrentIndex(page.when_combo.findData("past"))
    assert titles(page) == ["Last month"]


def test_search_without_accents_finds_and_opens_the_meeting(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    target = meeting(ctx.db, ids["gaia"], T(2026, 3, 10, 10), "Reunión del consejo <AOB & más>")
    other = meeting(ctx.db, ids["hegan"], T(2026, 4, 10, 10), "Board", agenda=("Misión",))
    m.set_agenda_notes(ctx.db, m.get_meeting(ctx.db, other).agenda[0].id, "Québec trip")
    page.show_tab(2)
    assert page.search.box.hasFocus() or page.browser.currentWidget() is page.search
    with qtbot.waitSignal(page.search.searched, timeout=5000):
        qtbot.keyClicks(page.search.box, "reunion")
    assert [h.meeting_id for h in page.search.hits] == [target]
    html = page.search.results.item(0).data(HTML_ROLE)
    assert "<b>Reunión</b>" in html
    assert "&lt;AOB &amp; más&gt;" in html  # the rest is escaped
    assert "1 meeting(s) match" in page.search.status_label.text()

    with qtbot.waitSignal(page.search.searched, timeout=5000):
        page.search.set_query("quebec")
    assert [h.meeting_id for h in page.search.hits] == [other]
    assert "<b>Québec</b>" in page.search.results.item(0).data(HTML_ROLE)

    with qtbot.waitSignal(page.search.searched, timeout=5000):
        page.search.set_query("reunion")
    with qtbot.waitSignal(page.editor_ready, timeout=5000) as blocker:
        page.search.results.itemActivated.emit(page.search.results.item(0))
    assert blocker.args == [target]
    assert page.editor is not None and page.editor.meeting_id == target


def test_carried_forward_items_until_done(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    db = ctx.db
    first = meeting(db, ids["gaia"], T(2026, 3, 10, 10), "Q1")
    a1 = m.add_action(db, first, "Draft the talent plan", owner_officer_id=ids["ane"])
    m.add_action(db, first, "Book the venue", due_date=dt.date(2026, 4, 1))
    meeting(db, ids["hegan"], T(2026, 4, 10, 10), "Other cluster")
    nxt = meeting(db, ids["gaia"], T(2026, 6, 10, 10), "Q2")
    editor = open_editor(qtbot, page, nxt)
    carried = editor.carried
    assert {a.description for a in carried.rows()} == {"Draft the talent plan", "Book the venue"}
    assert "Carried forward (2)" in editor.tabs.tabText(4)

    assert carried.select(a1)
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        carried.done_action.trigger()
    assert [a.description for a in carried.rows()] == ["Book the venue"]
    assert m.get_meeting(db, first).actions[0].status == "done"
    assert "Carried forward (1)" in editor.tabs.tabText(4)

    with qtbot.waitSignal(editor.loaded, timeout=5000):
        carried.select(carried.rows()[0].id)
        carried.dropped_action.trigger()
    assert carried.rows() == [] and not carried.empty_label.isHidden()


def test_editor_attendees_decisions_and_actions(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    db = ctx.db
    mid = meeting(db, ids["gaia"], T(2026, 3, 10, 10), "Q1", agenda=("Budget",))
    editor = open_editor(qtbot, page, mid)
    # an officer and an external attendee
    editor.officer_combo.setCurrentIndex(editor.officer_combo.findData(ids["jon"]))
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.add_officer_action.trigger()
    dialog = editor.open_attendee_dialog_new()
    dialog.ok_button.click()
    assert "Enter the name" in dialog.errors.message("name")
    qtbot.keyClicks(dialog.name_edit, "Mikel Urrutia")
    qtbot.keyClicks(dialog.org_edit, "Ikerlan")
    dialog.attendance_combo.setCurrentIndex(dialog.attendance_combo.findData("apologised"))
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        dialog.ok_button.click()
    people = {(a.name, a.organisation, a.attendance) for a in m.get_meeting(db, mid).attendees}
    assert people == {
        ("Jon Arrieta", "SPRI", "present"),
        ("Mikel Urrutia", "Ikerlan", "apologised"),
    }
    assert "Attendees (2)" in editor.tabs.tabText(1)

    # a decision with Ctrl+D, an action item with Ctrl+T owned by the external attendee
    focus(qtbot, editor.agenda.list)
    qtbot.keyClick(editor.agenda.list, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert editor.capture.isVisible() and editor.capture.kind == "decision"
    qtbot.keyClicks(editor.capture.text_edit, "Approve the budget")
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        qtbot.keyClick(editor.capture.text_edit, Qt.Key.Key_Return)
    (decision,) = m.get_meeting(db, mid).decisions
    assert decision.text == "Approve the budget" and decision.agenda_item_id is not None
    assert "Decisions (1)" in editor.tabs.tabText(2)

    editor.capture_action()
    form = editor.capture
    qtbot.keyClicks(form.text_edit, "Send the budget")
    mikel = next(
        i for i in range(form.owner_combo.count()) if "Mikel" in form.owner_combo.itemText(i)
    )
    form.owner_combo.setCurrentIndex(mikel)
    form.due_edit.set_date(dt.date(2026, 3, 31))
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        form.save_action.trigger()
    (action,) = m.get_meeting(db, mid).actions
    assert (action.description, action.owner_name, action.due_date) == (
        "Send the budget",
        "Mikel Urrutia",
        dt.date(2026, 3, 31),
    )
    assert editor.actions_table.rows()[0].id == action.id


def test_log_time_once_and_see_it_logged(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, ids: dict[str, int]
) -> None:
    db = ctx.db
    mid = meeting(db, ids["gaia"], T(2026, 3, 10, 10), "Q1", officer_ids=(ids["ane"],))
    editor = open_editor(qtbot, page, mid)
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.close_action.trigger()  # closing offers to log the time
    assert m.get_meeting(db, mid).meeting.closed
    dialog = editor.log_dialog
    assert isinstance(dialog, LogTimeDialog)
    qtbot.waitUntil(lambda: dialog.meeting_edit.isEnabled(), timeout=5000)
    assert dialog.officer_combo.currentText() == "Ane Etxeberria"
    assert dialog.meeting_edit.text() == "2:00"  # the meeting's length
    assert dialog.already_label.text() == "Nothing yet."
    qtbot.keyClicks(dialog.prep_edit, "1:20")
    dialog.ok_button.click()
    assert "quarter-hour" in dialog.errors.message("preparation")
    dialog.prep_edit.setText("1,5")
    qtbot.keyClicks(dialog.travel_edit, "0:45")
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        dialog.ok_button.click()
    logged = {(t.activity, t.minutes) for t in m.meeting_time(db, mid)}
    assert logged == {("board_meeting", 120), ("preparation", 90), ("travel", 45)}

    again = editor.open_log_time()
    with qtbot.waitSignal(again.loaded, timeout=5000):
        pass
    assert "Ane Etxeberria: Board meeting 2:00, Preparation 1:30, Travel 0:45" in (
        again.already_label.text()
    )
    assert not again.meeting_edit.isEnabled()
    assert again.meeting_edit.text().startswith("already logged")
    assert not again.ok_button.isEnabled()
    assert "already logged all" in again.errors.message("")
    # another officer may still log theirs
    again.officer_combo.setCurrentIndex(again.officer_combo.findData(ids["jon"]))
    assert again.meeting_edit.isEnabled() and again.ok_button.isEnabled()
    again.reject()
    assert len(m.meeting_time(db, mid)) == 3
