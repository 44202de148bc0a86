"""Model testers on the record model and its filter proxy, fed with real rows from the database,
both as built by hand and as the Officers and Clusters pages build them.

Each model is watched by Qt's C++ ``QAbstractItemModelTester`` (problems are Qt warnings, which
fail the test) and by pytest-qt's Python ``ModelTester`` (what ``qtmodeltester`` runs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings, Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.db import directory
from app.db.database import Database
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput, OfficerRow
from app.models.filter_proxy import RecordFilterProxy, fold
from app.models.record_table import RECORD_ROLE, SORT_ROLE, Column, RecordTableModel
from app.tasks import TaskManager
from app.views.clusters_page import ClustersPage
from app.views.context import AppContext
from app.views.officers_page import OfficersPage
from app.views.widgets import select_record

# The C++ model tester reports problems as Qt warnings: make them fail the test.
pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]


Check = Callable[[QAbstractItemModel], None]


@pytest.fixture
def check_model(request: pytest.FixtureRequest) -> Iterator[Check]:
    """Watch a model with Qt's C++ tester *and* pytest-qt's Python one, each model its own
    testers (one pytest-qt tester cannot follow two models), for the rest of the test."""
    cpp: list[QAbstractItemModelTester] = []
    py: list[ModelTester] = []

    def check(model: QAbstractItemModel) -> None:
        cpp.append(
            QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
        )
        tester = ModelTester(request.config)
        tester.check(model, force_py=True)
        py.append(tester)

    yield check
    for tester in py:
        tester._cleanup()
    cpp.clear()


@pytest.fixture
def filled_db(db: Database) -> Database:
    officers = [
        directory.create_officer(db, OfficerInput(name, email, role=role, active=active))
        for name, email, role, active in (
            ("Miren Agirre", "miren@spri.eus", "officer", True),
            ("Iñaki Etxeberria", "inaki@spri.eus", "coordinator", True),
            ("Jon Larrañaga", "jon@spri.eus", "officer", False),
        )
    ]
    clusters = [
        directory.create_cluster(db, ClusterInput(name=name, short_name=short, **kw))  # type: ignore[arg-type]
        for short, name, kw in (
            ("HEGAN", "Aeronautics", {"member_count": 55, "esca_label": "gold"}),
            ("Energía", "Basque Energy Cluster", {"sme_share": 72.5, "cross_border": True}),
            ("EIKEN", "Audiovisual", {"kind": "pre-cluster"}),
        )
    ]
    directory.set_cluster_archived(db, clusters[2], True)
    directory.add_assignment(db, AssignmentInput(officers[0], clusters[0], dt.date(2020, 1, 1)))
    directory.add_assignment(db, AssignmentInput(officers[1], clusters[1], dt.date(2021, 1, 1)))
    directory.set_target(db, officers[0], dt.date.today().year, 62.5)
    return db


def officer_columns() -> list[Column[OfficerRow]]:
    return [
        Column("Name", lambda o: o.name),
        Column("Active", lambda o: o.active),
        Column("Start", lambda o: o.service_start),
        Column("Target", lambda o: o.target_hours, align_right=True),
        Column("Clusters", lambda o: o.clusters, tooltip=lambda o: ", ".join(o.clusters)),
    ]


def test_record_table_model(check_model: Check, filled_db: Database) -> None:
    model: RecordTableModel[OfficerRow] = RecordTableModel(officer_columns())
    model.set_rows(directory.list_officers(filled_db))
    check_model(model)
    assert model.rowCount() == 3 and model.columnCount() == 5
    names = [model.index(r, 0).data() for r in range(3)]
    assert names == ["Iñaki Etxeberria", "Jon Larrañaga", "Miren Agirre"]
    assert model.index(0, 3).data(SORT_ROLE) == 100.0  # Iñaki: the default target
    assert model.index(2, 3).data() == "62.5"
    assert model.index(2, 4).data() == "HEGAN"
    assert model.index(1, 0).data(RECORD_ROLE).name == "Jon Larrañaga"
    assert model.index(1, 2).data(SORT_ROLE) == ""  # no date sorts as text, never None
    # refilling (what every refresh does) keeps the model consistent
    model.set_rows(directory.list_officers(filled_db, include_inactive=False))
    assert model.rowCount() == 2
    model.set_rows([])
    assert model.rowCount() == 0


def test_record_filter_proxy(check_model: Check, filled_db: Database) -> None:
    model: RecordTableModel[OfficerRow] = RecordTableModel(officer_columns())
    model.set_rows(directory.list_officers(filled_db))
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    check_model(proxy)

    def names() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    proxy.sort(3, Qt.SortOrder.AscendingOrder)
    assert names()[0] == "Miren Agirre"  # 62.5 h sorts before 100 h as a number
    proxy.set_text("inaki")
    assert names() == ["Iñaki Etxeberria"]
    proxy.set_text("")
    proxy.set_predicate("active", lambda o: o.active)
    assert sorted(names()) == ["Iñaki Etxeberria", "Miren Agirre"]
    proxy.set_predicate("active", None)
    assert len(names()) == 3
    model.set_rows(directory.list_officers(filled_db))
    assert len(names()) == 3
    assert fold("Larrañaga ENERGÍA") == "larranaga energia"


def test_page_models(qtbot: QtBot, check_model: Check, filled_db: Database, tmp_path: Path) -> None:
    """The models exactly as the pages build them (all columns, colours, tooltips)."""
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db=filled_db, tasks=tasks, settings=settings)
    try:
        for page_class in (OfficersPage, ClustersPage):
            page = page_class(ctx)
            qtbot.addWidget(page)
            check_model(page.model)
            check_model(page.proxy)
            with qtbot.waitSignal(page.loaded, timeout=5000):
                page.refresh()
            assert page.model.rowCount() == 3
            assert page.proxy.rowCount() == 2  # archived hidden
            page.show_archived_check.setChecked(True)
            assert page.proxy.rowCount() == 3
            for model in (page.model, page.proxy):
                for r in range(model.rowCount()):
                    for c in range(model.columnCount()):
                        index = model.index(r, c)
                        for role in (
                            Qt.ItemDataRole.DisplayRole,
                            Qt.ItemDataRole.ToolTipRole,
                            Qt.ItemDataRole.ForegroundRole,
                            Qt.ItemDataRole.TextAlignmentRole,
                            SORT_ROLE,
                        ):
                            index.data(role)
            with qtbot.waitSignal(page.loaded, timeout=5000):
                page.refresh()
    finally:
        tasks.wait_idle()
        qtbot.wait(20)
        tasks.shutdown()


def test_officers_detail_models(
    qtbot: QtBot, check_model: Check, filled_db: Database, tmp_path: Path
) -> None:
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db=filled_db, tasks=tasks, settings=settings)
    try:
        page = OfficersPage(ctx)
        qtbot.addWidget(page)
        check_model(page.assignment_model)
        check_model(page.target_model)
        with qtbot.waitSignal(page.loaded, timeout=5000):
            page.refresh()
        with qtbot.waitSignal(page.loaded, timeout=5000):
            select_record(page.table, lambda o: o.name == "Miren Agirre")
        assert page.assignment_model.rowCount() == 1
        assert page.target_model.rowCount() == 3
    finally:
        tasks.wait_idle()
        qtbot.wait(20)
        tasks.shutdown()
