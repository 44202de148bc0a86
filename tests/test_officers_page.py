"""The Officers page through the real layers: a temp SQLite database, the worker, the dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db import directory
from app.db.database import Database
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.models.record_table import RECORD_ROLE
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.officer_dialog import OfficerDialog
from app.views.officers_page import OfficersPage
from app.views.widgets import select_record

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # Noise of the offscreen platform plugin whenever a top-level window is shown.
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
def page(qtbot: QtBot, ctx: AppContext) -> Iterator[OfficersPage]:
    p = OfficersPage(ctx)
    qtbot.addWidget(p)
    p.resize(1080, 760)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.refresh()
    yield p
    ctx.tasks.wait_idle()
    qtbot.wait(20)  # deliver the last results while the page still exists


def reload(qtbot: QtBot, page: OfficersPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.refresh()


def select(qtbot: QtBot, page: OfficersPage, name: str) -> None:
    """Select an officer the way a click does; waits for the detail panel to load."""
    with qtbot.waitSignal(page.loaded, timeout=5000):
        assert select_record(page.table, lambda o: o.name == name)
    assert page._detail_id == page.current_officer().id


def shown(page: OfficersPage, column: int = 0) -> list[str]:
    """The texts of a column, as on screen (sorted and filtered)."""
    proxy = page.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def cell(page: OfficersPage, name: str, column: int) -> str:
    proxy = page.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data() == name:
            return proxy.index(r, column).data()
    raise AssertionError(f"{name} not shown")


def add_officer(db: Database, name: str, email: str, **kw: object) -> int:
    return directory.create_officer(db, OfficerInput(name=name, email=email, **kw))  # type: ignore[arg-type]


def add_cluster(db: Database, short: str, name: str, **kw: object) -> int:
    return directory.create_cluster(db, ClusterInput(name=name, short_name=short, **kw))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- officers
def test_empty_page_explains_itself(page: OfficersPage) -> None:
    assert page.proxy.rowCount() == 0
    assert page.count_label.text() == "0 of 0 officers shown"
    assert not page.edit_action.isEnabled()
    assert not page.assignments_box.isEnabled()
    assert "Select an officer" in page.detail_hint.text()


def test_add_officer_through_the_dialog(qtbot: QtBot, page: OfficersPage, db: Database) -> None:
    dialog = page.open_add_dialog()
    assert dialog.isVisible()
    # QTest types ASCII only: the "ñ" goes in as an input method would put it.
    qtbot.keyClicks(dialog.name_edit, "I")
    dialog.name_edit.insert("ñ")
    qtbot.keyClicks(dialog.name_edit, "aki Etxeberria")
    qtbot.keyClicks(dialog.email_edit, "Inaki.Etxeberria@SPRI.eus")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("coordinator"))
    dialog.start_edit.set_date(dt.date(2021, 1, 11))
    qtbot.keyClicks(dialog.phone_edit, "+34 944 037 000")
    qtbot.keyClicks(dialog.notes_edit, "Covers the Gipuzkoa clusters.")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    [row] = directory.list_officers(db)
    assert (row.name, row.email, row.role, row.active) == (
        "Iñaki Etxeberria",
        "inaki.etxeberria@spri.eus",
        "coordinator",
        True,
    )
    assert row.service_start == dt.date(2021, 1, 11) and row.service_end is None
    assert row.phone == "+34 944 037 000" and row.notes == "Covers the Gipuzkoa clusters."
    assert shown(page) == ["Iñaki Etxeberria"]
    assert cell(page, "Iñaki Etxeberria", 2) == "Coordinator"
    assert cell(page, "Iñaki Etxeberria", 3) == "Active"
    assert cell(page, "Iñaki Etxeberria", 4) == "2021-01-11"
    assert cell(page, "Iñaki Etxeberria", 6) == "100 h"
    # the new officer is selected, with the detail panel loaded
    assert page.current_officer().id == row.id
    assert page._detail_id == row.id
    assert page.detail_title.text().startswith("Iñaki Etxeberria")


def test_edit_officer(qtbot: QtBot, page: OfficersPage, db: Database) -> None:
    oid = add_officer(db, "Miren Agirre", "miren@spri.eus", service_start=dt.date(2019, 3, 1))
    reload(qtbot, page)
    select(qtbot, page, "Miren Agirre")
    dialog = page.open_edit_dialog()
    assert dialog is not None
    assert dialog.name_edit.text() == "Miren Agirre"
    assert dialog.start_edit.date() == dt.date(2019, 3, 1)
    assert dialog.end_edit.date() is None
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Miren Agirre Uribe")
    dialog.end_edit.set_date(dt.date(2030, 6, 30))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    row = directory.get_officer(db, oid)
    assert row.name == "Miren Agirre Uribe"
    assert row.service_end == dt.date(2030, 6, 30)
    assert shown(page) == ["Miren Agirre Uribe"]
    assert cell(page, "Miren Agirre Uribe", 5) == "2030-06-30"
    assert page.current_officer().id == oid  # selection kept across the refresh


def test_bad_email_keeps_the_dialog_open(qtbot: QtBot, page: OfficersPage, db: Database) -> None:
    dialog = page.open_add_dialog()
    qtbot.keyClicks(dialog.name_edit, "Ane Zubizarreta")
    qtbot.keyClicks(dialog.email_edit, "ane@spri")
    dialog.start_edit.set_date(dt.date(2024, 1, 1))
    dialog.end_edit.set_date(dt.date(2023, 1, 1))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert "is not an e-mail address" in dialog.errors.message("email")
    assert dialog.errors.message("service_end") == "The leaving date is before the starting date."
    assert dialog.errors.message("name") == ""
    assert dialog.email_edit.accessibleDescription() == dialog.errors.message("email")
    assert dialog.focusWidget() is dialog.email_edit  # the first bad field
    assert dialog.name_edit.text() == "Ane Zubizarreta"  # what was typed is kept
    assert directory.list_officers(db) == []

    # correcting the problems saves and closes
    dialog.email_edit.setText("ane@spri.eus")
    dialog.end_edit.set_date(None)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert [o.email for o in directory.list_officers(db)] == ["ane@spri.eus"]


def test_missing_name_is_reported_beside_the_field(qtbot: QtBot, page: OfficersPage) -> None:
    dialog = page.open_add_dialog()
    qtbot.keyClicks(dialog.email_edit, "jon@spri.eus")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.shown() == {"name": "Enter the officer's name."}
    assert dialog.focusWidget() is dialog.name_edit
    dialog.reject()


def test_duplicate_email_is_refused(qtbot: QtBot, page: OfficersPage, db: Database) -> None:
    add_officer(db, "Miren Agirre", "miren@spri.eus")
    reload(qtbot, page)
    dialog = page.open_add_dialog()
    qtbot.keyClicks(dialog.name_edit, "Another Miren")
    qtbot.keyClicks(dialog.email_edit, "MIREN@spri.eus")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message("email") == (
        "Miren Agirre already uses the e-mail address miren@spri.eus."
    )
    assert [o.name for o in directory.list_officers(db)] == ["Miren Agirre"]
    dialog.reject()


def test_archive_and_restore(qtbot: QtBot, page: OfficersPage, db: Database) -> None:
    jon = add_officer(db, "Jon Larrañaga", "jon@spri.eus")
    add_officer(db, "Miren Agirre", "miren@spri.eus")
    reload(qtbot, page)
    select(qtbot, page, "Jon Larrañaga")
    assert page.archive_action.isEnabled() and not page.restore_action.isEnabled()

    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.archive_action.trigger()
    assert directory.get_officer(db, jon).active is False
    assert shown(page) == ["Miren Agirre"]  # archived officers hidden by default
    assert "1 archived hidden" in page.count_label.text()
    assert page.current_officer() is None and not page.assignments_box.isEnabled()

    page.show_archived_check.setChecked(True)
    assert shown(page) == ["Jon Larrañaga", "Miren Agirre"]
    assert cell(page, "Jon Larrañaga", 3) == "Archived"  # labelled in words...
    row = shown(page).index("Jon Larrañaga")
    grey = page.proxy.index(row, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert grey is not None and grey.color().name() == "#808080"  # ... and greyed
    assert page.ctx.settings.value("officers/show_archived", type=bool) is True

    select(qtbot, page, "Jon Larrañaga")
    assert page.restore_action.isEnabled() and not page.archive_action.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.restore_action.trigger()
    assert directory.get_officer(db, jon).active is True
    assert cell(page, "Jon Larrañaga", 3) == "Active"
    assert page.current_officer().id == jon


def test_filter_is_accent_and_case_insensitive(
    qtbot: QtBot, page: OfficersPage, db: Database
) -> None:
    add_officer(db, "Iñaki Etxeberria", "inaki@spri.eus")
    add_officer(db, "Miren Agirre", "miren@spri.eus", role="coordinator")
    reload(qtbot, page)
    qtbot.keyClicks(page.filter_edit, "INAKI")
    assert shown(page) == ["Iñaki Etxeberria"]
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "coordinator")
    assert shown(page) == ["Miren Agirre"]
    page.filter_edit.clear()
    assert len(shown(page)) == 2


def test_sorting_by_target_uses_numbers(qtbot: QtBot, page: OfficersPage, db: Database) -> None:
    a = add_officer(db, "A", "a@spri.eus")
    b = add_officer(db, "B", "b@spri.eus")
    add_officer(db, "C", "c@spri.eus")
    directory.set_target(db, a, TODAY.year, 9)
    directory.set_target(db, b, TODAY.year, 120)
    reload(qtbot, page)
    page.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    assert shown(page, 6) == ["9 h", "100 h", "120 h"]


def test_edit_with_the_keyboard(qtbot: QtBot, page: OfficersPage, db: Database) -> None:
    add_officer(db, "Miren Agirre", "miren@spri.eus")
    reload(qtbot, page)
    select(qtbot, page, "Miren Agirre")
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialogs = [d for d in page.findChildren(OfficerDialog) if d.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].name_edit.text() == "Miren Agirre"
    dialogs[0].reject()


def test_every_action_has_a_shortcut_and_tooltip(page: OfficersPage) -> None:
    actions = [a for w in (page, page.table, page.assignment_table) for a in w.actions()]
    assert len(actions) >= 9
    for action in actions:
        assert not action.shortcut().isEmpty(), action.text()
        assert action.toolTip() and action.toolTip() != action.text().replace("&", "")


# --------------------------------------------------------------------------- assignments
def test_add_end_and_remove_an_assignment(qtbot: QtBot, page: OfficersPage, db: Database) -> None:
    oid = add_officer(db, "Miren Agirre", "miren@spri.eus")
    hegan = add_cluster(db, "HEGAN", "Basque Aeronautics and Space Cluster")
    old = add_cluster(db, "OLD", "An archived cluster")
    directory.set_cluster_archived(db, old, True)
    reload(qtbot, page)
    select(qtbot, page, "Miren Agirre")
    assert page.assignment_model.rowCount() == 0
    assert "Not on any cluster board today" in page.detail_hint.text()

    dialog = page.open_add_assignment_dialog()
    assert dialog is not None
    combo = dialog.cluster_combo
    assert [combo.itemData(i) for i in range(combo.count())] == [hegan]  # no archived cluster
    dialog.start_edit.setDate(dialog.start_edit.date().addDays(-30))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    [a] = directory.list_assignments(db, officer_id=oid)
    assert (a.cluster_id, a.start_date, a.end_date) == (hegan, TODAY - dt.timedelta(days=30), None)
    assert page.assignment_model.rowCount() == 1
    model = page.assignment_model
    assert [model.index(0, c).data() for c in range(4)] == [
        "HEGAN",
        (TODAY - dt.timedelta(days=30)).isoformat(),
        "open-ended",
        "Current",
    ]
    assert cell(page, "Miren Agirre", 7) == "HEGAN"  # clusters today, in the list
    assert page.detail_hint.text() == "Liaison today for: HEGAN."

    # the same cluster again, overlapping: refused, shown beside "From"
    dialog = page.open_add_assignment_dialog()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "already assigned to this cluster" in dialog.errors.message("start_date")
    dialog.reject()
    assert len(directory.list_assignments(db, officer_id=oid)) == 1

    # end it yesterday
    assert select_record(page.assignment_table, lambda r: r.id == a.id)
    end = page.open_end_assignment_dialog()
    assert end is not None
    end.set_end_date(TODAY - dt.timedelta(days=1))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(end.ok_button, Qt.MouseButton.LeftButton)
    [a] = directory.list_assignments(db, officer_id=oid)
    assert a.end_date == TODAY - dt.timedelta(days=1)
    assert model.index(0, 3).data() == "Ended"
    assert cell(page, "Miren Agirre", 7) == ""

    # an end before the start is refused in words
    assert select_record(page.assignment_table, lambda r: r.id == a.id)
    end = page.open_end_assignment_dialog()
    end.set_end_date(TODAY - dt.timedelta(days=365))
    qtbot.mouseClick(end.ok_button, Qt.MouseButton.LeftButton)
    assert end.errors.message("end_date") == "The assignment cannot end before it starts."
    end.reject()

    # remove it, after confirming
    assert select_record(page.assignment_table, lambda r: r.id == a.id)
    box = page.remove_assignment()
    assert box is not None and "HEGAN" in box.text()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        box.ok_button.click()
    assert directory.list_assignments(db, officer_id=oid) == []
    assert page.assignment_model.rowCount() == 0


def test_cancelling_removal_keeps_the_assignment(
    qtbot: QtBot, page: OfficersPage, db: Database
) -> None:
    oid = add_officer(db, "Miren Agirre", "miren@spri.eus")
    cid = add_cluster(db, "GAIA", "ICT and Electronics Cluster")
    directory.add_assignment(db, AssignmentInput(oid, cid, dt.date(2024, 1, 1)))
    reload(qtbot, page)
    select(qtbot, page, "Miren Agirre")
    assert select_record(page.assignment_table, lambda r: True)
    box = page.remove_assignment()
    box.reject()
    qtbot.wait(20)
    assert len(directory.list_assignments(db, officer_id=oid)) == 1


def test_no_cluster_yet_is_explained(qtbot: QtBot, page: OfficersPage, db: Database) -> None:
    add_officer(db, "Miren Agirre", "miren@spri.eus")
    reload(qtbot, page)
    select(qtbot, page, "Miren Agirre")
    dialog = page.open_add_assignment_dialog()
    assert not dialog.ok_button.isEnabled()
    assert "add one on the Clusters page" in dialog.errors.message("")
    dialog.reject()


# --------------------------------------------------------------------------- targets
def test_set_a_target_and_go_back_to_default(
    qtbot: QtBot, page: OfficersPage, db: Database
) -> None:
    oid = add_officer(db, "Miren Agirre", "miren@spri.eus")
    reload(qtbot, page)
    select(qtbot, page, "Miren Agirre")
    years = [page.target_model.record(r).year for r in range(page.target_model.rowCount())]
    assert years == [TODAY.year - 1, TODAY.year, TODAY.year + 1]
    assert not page.clear_target_action.isEnabled()  # nothing set yet

    page.year_spin.setValue(TODAY.year)
    page.hours_spin.setValue(62.5)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.set_target_action.trigger()
    targets = {t.year: t for t in directory.list_targets(db, oid)}
    assert targets[TODAY.year].hours == 62.5 and targets[TODAY.year].explicit
    row = [t.year for t in page.target_model.rows()].index(TODAY.year)
    assert page.target_model.index(row, 1).data() == "62.5 h"
    assert page.target_model.index(row, 2).data() == "set"
    assert cell(page, "Miren Agirre", 6) == "62.5 h"
    assert page.clear_target_action.isEnabled()

    # quarter hours are refused in words, next to the hours
    page.hours_spin.setValue(62.3)
    page.set_target_action.trigger()
    assert "half hours" in page.target_errors.message("hours")
    assert page.target_errors.general.isVisibleTo(page)  # shown under the buttons
    assert directory.list_targets(db, oid)[0].hours == 62.5

    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.clear_target_action.trigger()
    assert directory.list_targets(db, oid) == []
    assert page.target_model.index(row, 1).data() == "100 h"
    assert page.target_model.index(row, 2).data() == "default"
    assert page.target_errors.message("hours") == ""


def test_choosing_a_target_row_fills_the_controls(
    qtbot: QtBot, page: OfficersPage, db: Database
) -> None:
    oid = add_officer(db, "Miren Agirre", "miren@spri.eus")
    directory.set_target(db, oid, 2020, 80)
    reload(qtbot, page)
    select(qtbot, page, "Miren Agirre")
    assert select_record(page.target_table, lambda t: t.year == 2020)
    assert page.year_spin.value() == 2020 and page.hours_spin.value() == 80
    assert page.clear_target_action.isEnabled()


def test_selection_survives_a_refresh_and_follows_the_record(
    qtbot: QtBot, page: OfficersPage, db: Database
) -> None:
    add_officer(db, "B", "b@spri.eus")
    c = add_officer(db, "C", "c@spri.eus")
    reload(qtbot, page)
    select(qtbot, page, "C")
    add_officer(db, "A", "a@spri.eus")  # sorts before: C moves one row down
    reload(qtbot, page)
    assert page.current_officer().id == c
    index = page.table.selectionModel().selectedRows()[0]
    assert index.row() == 2 and index.data(RECORD_ROLE).id == c
