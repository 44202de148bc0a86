"""Live meeting mode against a real temp database: autosave, one-key capture, the agenda by
keyboard (and by drag and drop), the elapsed time, leaving and closing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from app.db import directory as d
from app.db import meetings as m
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.domain.records_meetings import MeetingInput
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.live_meeting import LiveMeeting, format_elapsed, owner_key
from app.views.log_time_dialog import LogTimeDialog
from app.views.meetings_page import MeetingsPage

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield AppContext(db=db, tasks=tasks, settings=settings)
    tasks.wait_idle()
    tasks.shutdown()


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    ane = d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org"))
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    starts = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=42)
    mid = m.create_meeting(
        db,
        MeetingInput(gaia, starts, starts + dt.timedelta(hours=2), title="GAIA board"),
        officer_ids=(ane,),
        agenda=("Welcome", "Budget 2027", "AOB"),
    )
    mikel = m.add_attendee(db, mid, name="Mikel Urrutia", organisation="Ikerlan")
    return {"ane": ane, "gaia": gaia, "meeting": mid, "mikel": mikel}


def settle(qtbot: QtBot, ctx: AppContext, widget: QWidget) -> None:
    """Before a widget closes: queue pending saves and deliver every result while it exists."""
    flush = getattr(widget, "flush", None)
    if flush is not None:
        flush()
    ctx.tasks.wait_idle()
    qtbot.wait(50)


@pytest.fixture
def live(qtbot: QtBot, ctx: AppContext, ids: dict[str, int]) -> LiveMeeting:
    widget = LiveMeeting(ctx, ids["meeting"])
    qtbot.addWidget(widget, before_close_func=lambda w: settle(qtbot, ctx, w))
    widget.resize(1280, 800)
    with qtbot.waitSignal(widget.ready, timeout=5000):
        widget.show()
    focus(qtbot, widget.agenda.current_editor())
    return widget


def focus(qtbot: QtBot, widget: QWidget | None) -> None:
    assert widget is not None
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def agenda(db: Database, mid: int) -> list[tuple[str, str]]:
    return [(a.title, a.notes) for a in m.get_meeting(db, mid).agenda]


def test_live_mode_is_remembered_until_left_normally(
    qtbot: QtBot, live: LiveMeeting, ctx: AppContext, ids: dict[str, int]
) -> None:
    assert m.live_meeting(ctx.db) == ids["meeting"]
    assert live.title_label.text() == "GAIA board"
    assert live.agenda.titles() == ["Welcome", "Budget 2027", "AOB"]
    qtbot.keyClicks(live.agenda.current_editor(), "Quorum reached")
    with qtbot.waitSignal(live.left, timeout=5000):
        live.leave_action.trigger()  # saves first, then forgets
    assert agenda(ctx.db, ids["meeting"])[0] == ("Welcome", "Quorum reached")
    assert m.live_meeting(ctx.db) is None


def test_typing_is_autosaved_within_three_seconds(
    qtbot: QtBot, live: LiveMeeting, ctx: AppContext, ids: dict[str, int]
) -> None:
    editor = live.agenda.current_editor()
    qtbot.keyClicks(editor, "Members approve the minutes. ")
    assert agenda(ctx.db, ids["meeting"])[0][1] == ""  # not on every keystroke
    assert live.save_label.text().startswith("Editing")
    qtbot.waitUntil(
        lambda: agenda(ctx.db, ids["meeting"])[0][1] == "Members approve the minutes. ",
        timeout=3000,
    )
    qtbot.waitUntil(lambda: live.save_label.text().startswith("Saved at"), timeout=3000)
    assert re.fullmatch(r"Saved at \d\d:\d\d:\d\d", live.save_label.text())

    qtbot.keyClicks(editor, "Next point.")  # and again, after a pause
    qtbot.waitUntil(
        lambda: agenda(ctx.db, ids["meeting"])[0][1] == "Members approve the minutes. Next point.",
        timeout=3000,
    )


def test_leaving_a_field_saves_at_once(
    qtbot: QtBot, live: LiveMeeting, ctx: AppContext, ids: dict[str, int]
) -> None:
    saver = live.agenda.saver(live.agenda.current_item_id())
    assert saver is not None
    qtbot.keyClicks(live.agenda.current_editor(), "Apologies: Nerea")
    focus(qtbot, live.agenda.list)  # focus leaves the notes
    assert live.group.state.startswith("Saving")  # queued now, not after the delay
    with qtbot.waitSignal(saver.saved, timeout=3000):
        pass
    assert agenda(ctx.db, ids["meeting"])[0][1] == "Apologies: Nerea"


def test_each_agenda_item_keeps_its_own_notes(
    qtbot: QtBot, live: LiveMeeting, ctx: AppContext, ids: dict[str, int]
) -> None:
    first = live.agenda.current_editor()
    qtbot.keyClicks(first, "Welcome by the chair")
    qtbot.keyClick(first, Qt.Key.Key_PageDown, CTRL)  # next item, focus stays in the notes
    second = live.agenda.current_editor()
    assert second is not first and second.hasFocus()
    assert live.agenda.item_heading.text() == "2. Budget 2027"
    qtbot.keyClicks(second, "Budget of 290k approved")
    qtbot.keyClick(second, Qt.Key.Key_PageUp, CTRL)
    assert live.agenda.current_editor().toPlainText() == "Welcome by the chair"
    live.flush()
    qtbot.waitUntil(
        lambda: (
            agenda(ctx.db, ids["meeting"])
            == [
                ("Welcome", "Welcome by the chair"),
                ("Budget 2027", "Budget of 290k approved"),
                ("AOB", ""),
            ]
        ),
        timeout=3000,
    )
    # the general notes
    live.agenda.general_button.click()
    qtbot.keyClicks(live.agenda.current_editor(), "Next board in March")
    live.flush()
    qtbot.waitUntil(
        lambda: m.get_meeting(ctx.db, ids["meeting"]).notes == "Next board in March",
        timeout=3000,
    )


def test_one_key_capture_of_a_decision_and_an_action(
    qtbot: QtBot, live: LiveMeeting, ctx: AppContext, ids: dict[str, int]
) -> None:
    db, mid = ctx.db, ids["meeting"]
    live.agenda.step(+1)  # on "Budget 2027"
    notes = live.agenda.current_editor()
    focus(qtbot, notes)
    budget = live.agenda.current_item_id()

    qtbot.keyClick(notes, Qt.Key.Key_D, CTRL)
    form = live.capture
    assert form.isVisible() and form.heading.text() == "New decision"
    assert form.text_edit.hasFocus()
    qtbot.keyClicks(form.text_edit, "The board approves the 2027 budget")
    with qtbot.waitSignal(form.finished, timeout=5000):
        qtbot.keyClick(form.text_edit, Qt.Key.Key_Return)
    assert not form.isVisible()
    (decision,) = m.get_meeting(db, mid).decisions
    assert (decision.text, decision.agenda_item_id) == (
        "The board approves the 2027 budget",
        budget,
    )

    qtbot.waitUntil(notes.hasFocus, timeout=3000)  # back to the notes
    qtbot.keyClick(notes, Qt.Key.Key_T, CTRL)
    assert form.heading.text() == "New action item" and form.owner_combo.isVisible()
    qtbot.keyClicks(form.text_edit, "Send the budget to the members")
    mikel = form.owner_combo.findData(owner_key(None, ids["mikel"]))
    assert mikel > 0
    form.owner_combo.setCurrentIndex(mikel)
    form.due_edit.set_date(dt.date(2027, 1, 15))
    with qtbot.waitSignal(form.finished, timeout=5000):
        qtbot.keyClick(form.text_edit, Qt.Key.Key_Enter)
    (action,) = m.get_meeting(db, mid).actions
    assert (action.description, action.owner_name, action.due_date, action.agenda_item_id) == (
        "Send the budget to the members",
        "Mikel Urrutia",
        dt.date(2027, 1, 15),
        budget,
    )
    qtbot.waitUntil(lambda: live.recorded_list.count() == 2, timeout=3000)
    texts = [live.recorded_list.item(i).text() for i in range(2)]
    assert texts[0] == "Decision (item 2): The board approves the 2027 budget"
    assert texts[1].startswith("Action: Send the budget to the members — Mikel Urrutia, 2027-01-15")
    assert "1 decision(s), 1 action item(s)" in live.tabs.tabText(0)


def test_a_capture_is_saved_while_typed_and_escape_discards_it(
    qtbot: QtBot, live: LiveMeeting, ctx: AppContext, ids: dict[str, int]
) -> None:
    db, mid = ctx.db, ids["meeting"]
    notes = live.agenda.current_editor()
    qtbot.keyClick(notes, Qt.Key.Key_D, CTRL)
    qtbot.keyClicks(live.capture.text_edit, "Half-typed decision")
    # a crash now would not lose it: the draft reaches the database by itself
    qtbot.waitUntil(
        lambda: [x.text for x in m.get_meeting(db, mid).decisions] == ["Half-typed decision"],
        timeout=3000,
    )
    with qtbot.waitSignal(live.capture.cancelled, timeout=3000):
        qtbot.keyClick(live.capture.text_edit, Qt.Key.Key_Escape)
    assert m.get_meeting(db, mid).decisions == ()
    assert not live.capture.isVisible()

    qtbot.keyClick(notes, Qt.Key.Key_T, CTRL)
    qtbot.keyClick(live.capture.text_edit, Qt.Key.Key_Return)  # nothing typed
    assert "Write what is to be done" in live.capture.errors.message("description")
    assert m.get_meeting(db, mid).actions == ()


def test_editing_a_recorded_decision(
    qtbot: QtBot, live: LiveMeeting, ctx: AppContext, ids: dict[str, int]
) -> None:
    db, mid = ctx.db, ids["meeting"]
    m.add_decision(db, mid, "Old wording")
    with qtbot.waitSignal(live.ctx.tasks._finished, timeout=3000):
        live.reload()
    qtbot.waitUntil(lambda: live.recorded_list.count() == 1, timeout=3000)
    live._edit_recorded(live.recorded_list.item(0))
    form = live.capture
    assert form.heading.text() == "Edit decision" and form.text_edit.text() == "Old wording"
    form.text_edit.setText("New wording")
    with qtbot.waitSignal(form.finished, timeout=5000):
        form.save_action.trigger()
    assert [x.text for x in m.get_meeting(db, mid).decisions] == ["New wording"]


def test_agenda_reorders_by_keyboard_and_by_drag(
    qtbot: QtBot, live: LiveMeeting, ctx: AppContext, ids: dict[str, int]
) -> None:
    db, mid = ctx.db, ids["meeting"]
    qtbot.keyClicks(live.agenda.current_editor(), "welcome notes")
    listing = live.agenda.list
    focus(qtbot, listing)
    listing.setCurrentRow(0)
    qtbot.keyClick(listing, Qt.Key.Key_Down, ALT)
    assert live.agenda.titles() == ["Budget 2027", "Welcome", "AOB"]
    assert listing.currentRow() == 1 and listing.item(1).text() == "2. Welcome"
    assert live.agenda.current_editor().toPlainText() == "welcome notes"  # the notes follow
    qtbot.waitUntil(
        lambda: [t for t, _ in agenda(db, mid)] == ["Budget 2027", "Welcome", "AOB"],
        timeout=3000,
    )
    qtbot.keyClick(listing, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(listing, Qt.Key.Key_Up, CTRL)  # Ctrl+Up works too
    qtbot.keyClick(listing, Qt.Key.Key_Up, ALT)
    assert live.agenda.titles() == ["Welcome", "Budget 2027", "AOB"]
    qtbot.waitUntil(
        lambda: [t for t, _ in agenda(db, mid)] == ["Welcome", "Budget 2027", "AOB"],
        timeout=3000,
    )
    assert not live.agenda.up_action.isEnabled()  # first item: cannot move up

    # A drop moves rows in the list's model (rowsMoved), exactly like this:
    assert listing.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    qtbot.waitUntil(
        lambda: [t for t, _ in agenda(db, mid)] == ["AOB", "Welcome", "Budget 2027"],
        timeout=3000,
    )
    assert listing.item(0).text() == "1. AOB"
    assert agenda(db, mid)[1] == ("Welcome", "welcome notes")


def test_add_rename_and_delete_agenda_items(
    qtbot: QtBot, live: LiveMeeting, ctx: AppContext, ids: dict[str, int]
) -> None:
    db, mid = ctx.db, ids["meeting"]
    dialog = live.agenda.prompt_add()
    assert isinstance(dialog, QInputDialog)
    dialog.setTextValue("Interreg call")
    dialog.accept()
    qtbot.waitUntil(lambda: len(agenda(db, mid)) == 4, timeout=3000)
    qtbot.waitUntil(lambda: live.agenda.current_title() == "Interreg call", timeout=3000)
    qtbot.keyClicks(live.agenda.current_editor(), "Deadline in May")

    dialog = live.agenda.prompt_rename()
    assert dialog is not None
    dialog.setTextValue("Interreg POCTEFA call")
    dialog.accept()
    qtbot.waitUntil(
        lambda: agenda(db, mid)[3] == ("Interreg POCTEFA call", "Deadline in May"), timeout=3000
    )

    box = live.agenda.delete_current()  # it has notes: asks first
    assert box is not None
    box.ok_button.click()
    qtbot.waitUntil(lambda: len(agenda(db, mid)) == 3, timeout=3000)
    assert live.agenda.titles() == ["Welcome", "Budget 2027", "AOB"]


def test_elapsed_time_ticks_from_the_start(qtbot: QtBot, live: LiveMeeting) -> None:
    first = live.elapsed_text()
    assert re.fullmatch(r"Elapsed 0:4[23]:\d\d", first)  # the meeting began 42 minutes ago
    qtbot.waitUntil(lambda: live.elapsed_text() != first, timeout=3000)
    assert format_elapsed(3725) == "1:02:05"


def test_page_live_mode_leave_and_close_with_time_logging(
    qtbot: QtBot, ctx: AppContext, ids: dict[str, int]
) -> None:
    db, mid = ctx.db, ids["meeting"]
    page = MeetingsPage(ctx)
    qtbot.addWidget(page, before_close_func=lambda w: settle(qtbot, ctx, w))
    page.resize(1280, 800)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.show()
        page.refresh()
    assert page.select_meeting(mid)
    with qtbot.waitSignal(page.live_ready, timeout=5000):
        page.live_action.trigger()
    live = page.live
    assert live is not None and page.stack.currentWidget() is live
    qtbot.keyClicks(live.agenda.current_editor(), "Notes before leaving")
    with qtbot.waitSignal(page.editor_ready, timeout=5000):
        live.leave()  # back to the meeting's editor, everything saved
    assert page.live is None and m.live_meeting(db) is None
    assert page.editor is not None
    assert page.editor.agenda.notes_text(page.editor.agenda.item_ids()[0]) == (
        "Notes before leaving"
    )

    with qtbot.waitSignal(page.live_ready, timeout=5000):
        page.editor.live_action.trigger()
    assert m.live_meeting(db) == mid
    box = page.live.confirm_close()
    assert "Its end time becomes" in box.text()
    with qtbot.waitSignal(page.editor_ready, timeout=5000):
        box.ok_button.click()
    row = m.get_meeting(db, mid).meeting
    assert row.closed and m.live_meeting(db) is None
    assert row.ends_at is not None and abs(row.ends_at - dt.datetime.now()) < dt.timedelta(
        minutes=2
    )
    dialog = page.log_dialog
    assert isinstance(dialog, LogTimeDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.meeting_edit.isEnabled(), timeout=5000)
    assert dialog.meeting_edit.text() == "0:45"  # 42 minutes, to the quarter hour
    with qtbot.waitSignal(dialog.logged, timeout=3000):
        dialog.ok_button.click()
    assert [(t.activity, t.minutes) for t in m.meeting_time(db, mid)] == [("board_meeting", 45)]
    assert "logged" in page.notice.text()
