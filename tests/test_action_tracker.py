"""The action tracker: every open action item across meetings, filters by cluster and owner,
overdue / due today shown with a colour *and* in words, done / dropped from the list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from app.db import directory as d
from app.db import meetings as m
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.domain.records_meetings import DUE_STATE_LABELS, MeetingInput
from app.models.meetings_models import (
    DUE_TODAY_BACKGROUND,
    OVERDUE_BACKGROUND,
    ActionTableModel,
    due_state_text,
)
from app.tasks import TaskManager
from app.views.action_tracker import ActionTracker
from app.views.context import AppContext

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

TODAY = dt.date.today()


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
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    when = dt.datetime(2026, 3, 10, 10)
    g = m.create_meeting(db, MeetingInput(gaia, when, when + dt.timedelta(hours=2), title="G"))
    h = m.create_meeting(db, MeetingInput(hegan, when, when + dt.timedelta(hours=2), title="H"))
    mikel = m.add_attendee(db, h, name="Mikel Urrutia", organisation="Ikerlan")
    out = {"ane": ane, "gaia": gaia, "hegan": hegan, "g": g, "h": h}
    out["late"] = m.add_action(
        db, g, "Late report", owner_officer_id=ane, due_date=TODAY - dt.timedelta(days=3)
    )
    out["today"] = m.add_action(db, h, "Call Ikerlan", owner_attendee_id=mikel, due_date=TODAY)
    out["later"] = m.add_action(
        db, g, "Plan the assembly", owner_officer_id=ane, due_date=TODAY + dt.timedelta(days=20)
    )
    out["undated"] = m.add_action(db, h, "Think about it")
    done = m.add_action(db, g, "Already done", due_date=TODAY - dt.timedelta(days=9))
    m.set_action_status(db, done, "done")
    return out


@pytest.fixture
def tracker(qtbot: QtBot, ctx: AppContext, ids: dict[str, int]) -> ActionTracker:
    widget = ActionTracker(ctx)
    qtbot.addWidget(widget, before_close_func=lambda _w: (ctx.tasks.wait_idle(), qtbot.wait(50)))
    widget.resize(1200, 600)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=5000):
        widget.refresh()
    return widget


def shown(tracker: ActionTracker) -> list[str]:
    return [a.description for a in tracker.items.shown_rows()]


def row_of(tracker: ActionTracker, description: str) -> int:
    proxy = tracker.items.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, 2).data() == description:
            return r
    raise AssertionError(f"{description} not shown")


def test_open_items_overdue_first_with_words_and_colour(
    qtbot: QtBot, tracker: ActionTracker, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(tracker.items.model)
    assert shown(tracker) == ["Late report", "Call Ikerlan", "Plan the assembly", "Think about it"]
    proxy = tracker.items.proxy
    late, today, later = (
        row_of(tracker, t) for t in ("Late report", "Call Ikerlan", "Plan the assembly")
    )
    # the words (from DUE_STATE_LABELS) ...
    assert proxy.index(late, 0).data() == "Overdue by 3 days"
    assert proxy.index(today, 0).data() == "Due today"
    assert proxy.index(later, 0).data() == "Upcoming"
    assert proxy.index(row_of(tracker, "Think about it"), 0).data() == "No due date"
    assert DUE_STATE_LABELS["overdue"] in proxy.index(late, 0).data().lower()
    assert DUE_STATE_LABELS["due_today"] in proxy.index(today, 0).data().lower()
    # ... and the colour, on the whole row
    for column in range(proxy.columnCount()):
        brush = proxy.index(late, column).data(Qt.ItemDataRole.BackgroundRole)
        assert isinstance(brush, QBrush) and brush.color().name() == OVERDUE_BACKGROUND
        brush = proxy.index(today, column).data(Qt.ItemDataRole.BackgroundRole)
        assert brush.color().name() == DUE_TODAY_BACKGROUND
    assert proxy.index(later, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert proxy.index(late, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert proxy.index(late, 3).data() == "Ane Etxeberria"
    assert proxy.index(today, 3).data() == "Mikel Urrutia"
    assert "<b>4</b> open item(s) shown" in tracker.summary_label.text()
    assert "<b>1</b> overdue" in tracker.summary_label.text()
    assert "<b>1</b> due today" in tracker.summary_label.text()


def test_filters_by_cluster_owner_and_lateness(tracker: ActionTracker, ids: dict[str, int]) -> None:
    tracker.set_cluster(ids["hegan"])
    assert shown(tracker) == ["Call Ikerlan", "Think about it"]
    tracker.set_owner("Mikel Urrutia")
    assert shown(tracker) == ["Call Ikerlan"]
    tracker.set_cluster(None)
    tracker.set_owner("Ane Etxeberria")
    assert shown(tracker) == ["Late report", "Plan the assembly"]
    tracker.set_owner(None)
    tracker.late_check.setChecked(True)
    assert shown(tracker) == ["Late report", "Call Ikerlan"]
    tracker.late_check.setChecked(False)
    tracker.filter_edit.setText("ikerlan")
    assert shown(tracker) == ["Call Ikerlan"]


def test_mark_done_and_dropped_leave_the_list(
    qtbot: QtBot, tracker: ActionTracker, ctx: AppContext, ids: dict[str, int]
) -> None:
    items = tracker.items
    assert items.select(ids["late"])
    with qtbot.waitSignal(tracker.loaded, timeout=5000):
        items.done_action.trigger()
    assert "Late report" not in shown(tracker)
    assert {a.id: a.status for a in m.list_actions(ctx.db)}[ids["late"]] == "done"

    assert items.select(ids["undated"])
    focus_target = items.table
    focus_target.window().activateWindow()
    focus_target.setFocus()
    qtbot.waitUntil(focus_target.hasFocus, timeout=3000)
    with qtbot.waitSignal(tracker.loaded, timeout=5000):
        qtbot.keyClick(
            focus_target,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert shown(tracker) == ["Call Ikerlan", "Plan the assembly"]
    assert {a.id: a.status for a in m.list_actions(ctx.db)}[ids["undated"]] == "dropped"

    # done and dropped items come back with "Include done and dropped", greyed, and can reopen
    with qtbot.waitSignal(tracker.loaded, timeout=5000):
        tracker.closed_check.setChecked(True)
    assert "Late report" in shown(tracker) and "Already done" in shown(tracker)
    row = row_of(tracker, "Late report")
    assert tracker.items.proxy.index(row, 0).data() == "Closed"
    assert items.select(ids["late"])
    assert items.reopen_action.isEnabled() and not items.done_action.isEnabled()
    with qtbot.waitSignal(tracker.loaded, timeout=5000):
        items.reopen_action.trigger()
    assert {a.id: a.status for a in m.list_actions(ctx.db)}[ids["late"]] == "open"


def test_open_meeting_from_the_tracker(
    qtbot: QtBot, tracker: ActionTracker, ids: dict[str, int]
) -> None:
    assert tracker.items.select(ids["today"])
    with qtbot.waitSignal(tracker.open_meeting, timeout=3000) as blocker:
        tracker.items.open_action.trigger()
    assert blocker.args == [ids["h"]]


def test_due_state_text_and_highlight_follow_the_day() -> None:
    from app.domain.records_meetings import ActionRow

    row = ActionRow(
        1,
        1,
        "M",
        dt.datetime(2026, 1, 1),
        1,
        "G",
        None,
        "x",
        None,
        None,
        "",
        dt.date(2026, 5, 1),
        "open",
        None,
    )
    assert due_state_text(row, dt.date(2026, 5, 1)) == "Due today"
    assert due_state_text(row, dt.date(2026, 5, 4)) == "Overdue by 3 days"
    assert due_state_text(row, dt.date(2026, 4, 1)) == "Upcoming"
    from app.views.action_tracker import action_columns

    holder: list[ActionTableModel] = []
    columns, state = action_columns(("state", "what"), lambda: holder[0].today)
    model = ActionTableModel(columns, state, dt.date(2026, 5, 4))
    holder.append(model)
    model.set_rows([row])
    assert model.index(0, 0).data() == "Overdue by 3 days"
    assert (
        model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole).color().name() == OVERDUE_BACKGROUND
    )
    model.set_today(dt.date(2026, 4, 1))
    assert model.index(0, 0).data() == "Upcoming"
    assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
