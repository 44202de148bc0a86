"""The import dialog through the real layers: a temp database, the worker, the preview model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from app.db import directory as d
from app.db import hours as h
from app.db.database import Database
from app.domain.importing import ImportPlan
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.domain.records_hours import EntryFilter
from app.models.import_preview_model import STATUS_ROLE
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.import_dialog import ImportDialog

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

HEADER = "Fecha;Técnico;Cluster;Actividad;Horas;Descripción"
LAST = dt.date.today() - dt.timedelta(days=3)  # the dialog checks against the real today
DAY = LAST.strftime("%d/%m/%Y")


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ane = d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org"))
    d.create_officer(db, OfficerInput("Iñaki Larrañaga", "inaki@example.org"))
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    d.add_assignment(db, AssignmentInput(ane, gaia, dt.date(2020, 1, 1)))
    yield AppContext(db=db, tasks=tasks, settings=settings)
    tasks.wait_idle()
    tasks.shutdown()


@pytest.fixture
def dialog(qtbot: QtBot, ctx: AppContext) -> Iterator[ImportDialog]:
    dlg = ImportDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.open()
    yield dlg
    ctx.tasks.wait_idle()
    qtbot.wait(20)


def write_csv(tmp_path: Path, lines: list[str], name: str = "horas.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def check(qtbot: QtBot, dialog: ImportDialog, path: Path | None = None) -> ImportPlan | None:
    with qtbot.waitSignal(dialog.checked, timeout=10_000) as blocker:
        if path is None:
            dialog.check()
        else:
            dialog.set_file(path)
    return blocker.args[0] if blocker.args else None


def column(dialog: ImportDialog, title: str) -> int:
    model = dialog.model
    for c in range(model.columnCount()):
        if model.headerData(c, Qt.Orientation.Horizontal) == title:
            return c
    raise AssertionError(title)


def shown(dialog: ImportDialog, title: str) -> list[str]:
    c = column(dialog, title)
    return [dialog.proxy.index(r, c).data() for r in range(dialog.proxy.rowCount())]


def stored(db: Database) -> int:
    return h.count_entries(db, EntryFilter())[0]


def test_preview_shows_problems_and_import_stays_disabled(
    qtbot: QtBot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path, qtmodeltester
) -> None:
    path = write_csv(
        tmp_path,
        [
            HEADER,
            f"{DAY};Ane Etxeberria;GAIA;Reunión de junta;2,5;Junta",
            f"{DAY};Mikel;GAIA;otros;1;x",
            f"{DAY};Ane Etxeberria;GAIA;otros;0:10;y",
        ],
    )
    plan = check(qtbot, dialog, path)
    assert plan is not None and not plan.ok
    assert dialog.summary_label.text() == "3 rows: 1 to import, 0 duplicates, 2 problems"
    assert not dialog.import_button.isEnabled()
    assert "Nothing can be imported while a row has a problem" in dialog.message_label.text()
    assert shown(dialog, "Row") == ["2", "3", "4"]
    assert shown(dialog, "Status") == ["To import", "Problem", "Problem"]
    problems = shown(dialog, "Problem")
    assert problems[0] == ""
    assert problems[1].startswith("Técnico: no officer is called “Mikel”")
    assert "quarter-hour steps" in problems[2]
    # colour repeats the words
    bad = dialog.model.index(1, 0)
    assert isinstance(bad.data(Qt.ItemDataRole.BackgroundRole), QBrush)
    assert dialog.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert bad.data(STATUS_ROLE) == "problem"
    assert "no officer is called" in bad.data(Qt.ItemDataRole.ToolTipRole)
    # only the problems
    dialog.show_combo.setCurrentIndex(dialog.show_combo.findData("problem"))
    assert shown(dialog, "Row") == ["3", "4"]
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.proxy)
    assert stored(ctx.db) == 0


def test_a_good_file_imports_and_emits_imported(
    qtbot: QtBot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path,
        [
            HEADER,
            f"{DAY};Ane Etxeberria;GAIA;Reunión de junta;2,5;Junta",
            f"{DAY};inaki@example.org;GAIA;Viaje;1:30;Bilbao",  # not assigned: a warning
        ],
    )
    plan = check(qtbot, dialog, path)
    assert plan is not None and plan.ok
    assert dialog.summary_label.text() == (
        "2 rows: 2 to import (1 with a warning), 0 duplicates, 0 problems"
    )
    assert shown(dialog, "Status") == ["To import", "To import (warning)"]
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import 2 entries"
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [2]
    assert stored(ctx.db) == 2
    assert dialog.result() == dialog.DialogCode.Accepted


def test_second_import_of_the_same_file_has_nothing_to_import(
    qtbot: QtBot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, [HEADER, f"{DAY};Ane Etxeberria;GAIA;otros;1;x"])
    plan = check(qtbot, dialog, path)
    assert plan is not None
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.start_import()
    again = ImportDialog(ctx)
    qtbot.addWidget(again)
    plan = check(qtbot, again, path)
    assert plan is not None and plan.duplicates == [2]
    assert shown(again, "Status") == ["Duplicate (skipped)"]
    assert not again.import_button.isEnabled()
    assert "nothing to import" in again.message_label.text()


def test_file_without_officer_column_needs_an_officer(
    qtbot: QtBot, dialog: ImportDialog, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, ["Fecha;Horas;Concepto", f"{DAY};1,5;Junta"])
    assert check(qtbot, dialog, path) is None
    assert dialog.summary_label.text() == "This file cannot be imported."
    assert "no officer column" in dialog.message_label.text()
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.checked, timeout=10_000) as blocker:
        dialog.set_officer("ane@example.org")
    plan = blocker.args[0]
    assert plan is not None and plan.ok
    assert shown(dialog, "Officer") == ["Ane Etxeberria"]
    assert dialog.import_button.isEnabled()


def test_a_file_that_is_not_a_spreadsheet(
    qtbot: QtBot, dialog: ImportDialog, tmp_path: Path
) -> None:
    path = tmp_path / "foto.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert check(qtbot, dialog, path) is None
    assert "PNG image, not a spreadsheet" in dialog.message_label.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()


def test_workbook_sheets_can_be_chosen(qtbot: QtBot, dialog: ImportDialog, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Notas"
    wb.active["A1"] = "Fecha"
    wb.active["B1"] = "Horas"
    ws = wb.create_sheet("Horas")
    ws.append(["Fecha", "Técnico", "Horas"])
    ws.append([dt.datetime.combine(LAST, dt.time()), "Ane Etxeberria", 2])
    path = tmp_path / "libro.xlsx"
    wb.save(path)
    plan = check(qtbot, dialog, path)
    assert plan is None  # the first sheet has no officer column
    assert dialog.sheet_combo.isVisibleTo(dialog)
    assert [dialog.sheet_combo.itemText(i) for i in range(2)] == ["Notas", "Horas"]
    with qtbot.waitSignal(dialog.checked, timeout=10_000) as blocker:
        dialog.set_sheet("Horas")
    plan = blocker.args[0]
    assert plan is not None and plan.ok and plan.sheet == "Horas"
    assert shown(dialog, "Hours") == ["2"]


def test_closing_while_checking_leaves_nothing_behind(
    qtbot: QtBot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path
) -> None:
    lines = [HEADER] + [f"{DAY};Ane Etxeberria;GAIA;otros;0,25;fila {i}" for i in range(3000)]
    dialog.set_file(write_csv(tmp_path, lines))
    dialog.reject()
    ctx.tasks.wait_idle()
    qtbot.wait(50)
    assert stored(ctx.db) == 0
    assert not dialog.isVisible()
