"""The working-group planner on the Maturity page, against a real temporary database."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db import directory as d
from app.db import maturity as mt
from app.db.database import Database
from app.domain import maturity as rules
from app.domain.records import ClusterInput
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.maturity_page import MaturityPage
from app.views.working_group_planner import WorkingGroupPlanner

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

WHEN = dt.date(2025, 6, 1)
# dimension order: structure, governance, financing, strategy, services, international, achievements
LEVELS = {
    "ALFA": [1, 4, 2, 3, 3, 1, 2],
    "BETA": [2, 5, 4, 3, 3, 2, 2],
    "GAMMA": [5, 2, 5, 4, 3, 1, 4],
    "DELTA": [4, 3, 1, 5, 3, 5, 3],
}


@pytest.fixture
def clusters(db: Database) -> dict[str, int]:
    ids = {name: d.create_cluster(db, ClusterInput(f"{name} cluster", name)) for name in LEVELS}
    ids["EMPTY"] = d.create_cluster(db, ClusterInput("No profile yet", "EMPTY"))
    dims = [x.id for x in mt.list_models(db)[0].dimensions]
    for name, levels in LEVELS.items():
        mt.create_profile(db, ids[name], WHEN, levels=dict(zip(dims, levels, strict=True)))
    return ids


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    context = AppContext(db=db, tasks=TaskManager(), settings=settings)
    yield context
    context.tasks.wait_idle()
    QApplication.processEvents()
    context.tasks.shutdown()


def open_planner(qtbot: QtBot, ctx: AppContext) -> tuple[MaturityPage, WorkingGroupPlanner]:
    page = MaturityPage(ctx)
    qtbot.addWidget(page)
    page.resize(1080, 760)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    page.tabs.setCurrentWidget(page.planner)
    return page, page.planner


def test_dimensions_are_ranked_by_weak_then_strong(
    qtbot: QtBot, ctx: AppContext, db, clusters
) -> None:  # type: ignore[no-untyped-def]
    _page, planner = open_planner(qtbot, ctx)
    latest = {clusters[n]: r.levels for n, r in _latest(db, clusters).items()}
    expected = rules.rank_dimensions(latest, mt.list_models(db)[0].dimension_names())
    shown = [(r.dimension, r.weak, r.strong) for r in planner.rank_model.rows()]
    assert shown == expected
    assert shown[0] == ("Internationalisation", 3, 1)  # ALFA 1, GAMMA 1, BETA 2; mentor DELTA
    assert planner.dimension == "Internationalisation"  # the app's choice at first
    planner.choose_dimension("Financing")
    planner.choose_top()
    assert planner.dimension == "Internationalisation"


def _latest(db: Database, ids: dict[str, int]):  # type: ignore[no-untyped-def]
    rows = {r.cluster_id: r for r in mt.scoreboard(db).rows if r.profile_id is not None}
    return {name: rows[cid] for name, cid in ids.items() if cid in rows}


def test_planner_lists_weak_and_strong_clusters(qtbot: QtBot, ctx: AppContext, clusters) -> None:  # type: ignore[no-untyped-def]
    _page, planner = open_planner(qtbot, ctx)
    planner.choose_dimension("Financing")  # ALFA 2, BETA 4, GAMMA 5, DELTA 1
    assert planner.weak_clusters() == [(clusters["DELTA"], 1), (clusters["ALFA"], 2)]
    assert planner.strong_clusters() == [(clusters["GAMMA"], 5), (clusters["BETA"], 4)]
    texts = [planner.weak_list.item(i).text() for i in range(planner.weak_list.count())]
    assert texts == ["DELTA — level 1 (Initial)", "ALFA — level 2 (Repeatable)"]
    assert "Weak in Financing" in planner.weak_title.text()
    assert "2 potential mentors" in planner.strong_title.text()
    # participants ticked; the two strongest mentors ticked too
    assert planner.members() == [
        (clusters["DELTA"], "participant", 1),
        (clusters["ALFA"], "participant", 2),
        (clusters["GAMMA"], "mentor", 5),
        (clusters["BETA"], "mentor", 4),
    ]
    assert planner.topic_edit.text() == "Financing: peer learning"
    planner.choose_dimension("Services and cooperation")  # everybody at 3
    assert planner.weak_clusters() == [] and planner.strong_clusters() == []
    assert planner.weak_list.item(0).text() == "No cluster is weak in this dimension."
    assert not planner.propose_action.isEnabled()


def test_proposing_a_group_stores_it_with_the_right_members(
    qtbot: QtBot, ctx: AppContext, db, clusters
) -> None:  # type: ignore[no-untyped-def]
    _page, planner = open_planner(qtbot, ctx)
    planner.choose_dimension("Financing")
    planner.set_checked(clusters["BETA"], False)  # one mentor is enough
    planner.topic_edit.setText("Diversifying private income")
    planner.meets_edit.set_date(dt.date(2026, 3, 12))
    planner.notes_edit.setPlainText("Convened by SPRI; GAMMA presents its service catalogue.")
    assert planner.summary_label.text() == "Ticked: 2 participants and 1 mentor."
    with qtbot.waitSignal(planner.groups_changed, timeout=10_000):
        qtbot.mouseClick(planner.propose_button, Qt.MouseButton.LeftButton)
    (group,) = mt.list_working_groups(db)
    assert group.topic == "Diversifying private income" and group.dimension == "Financing"
    assert group.meets_on == dt.date(2026, 3, 12) and group.proposed_on == dt.date.today()
    assert {(m.cluster_id, m.role, m.level) for m in group.members} == {
        (clusters["DELTA"], "participant", 1),
        (clusters["ALFA"], "participant", 2),
        (clusters["GAMMA"], "mentor", 5),
    }
    assert planner.groups_model.rows()[0].id == group.id
    assert planner.selected_group() is not None and planner.selected_group().id == group.id
    assert planner.export_action.isEnabled() and planner.delete_action.isEnabled()
    assert "GAMMA (mentor)" in planner.groups_model.index(0, 4).data()
    assert "proposed with 3 clusters" in _page.notice.text()


def test_a_group_needs_a_topic(qtbot: QtBot, ctx: AppContext, db, clusters) -> None:  # type: ignore[no-untyped-def]
    _page, planner = open_planner(qtbot, ctx)
    planner.topic_edit.setText("   ")
    planner.propose()
    qtbot.waitUntil(planner.problem_label.isVisible, timeout=5000)
    assert planner.problem_label.text()
    assert mt.list_working_groups(db) == []


def test_deleting_a_group_asks_first(qtbot: QtBot, ctx: AppContext, db, clusters) -> None:  # type: ignore[no-untyped-def]
    gid = mt.create_working_group(
        db,
        topic="Going abroad together",
        dimension="Internationalisation",
        proposed_on=dt.date(2025, 7, 1),
        members=[(clusters["ALFA"], "participant", 1), (clusters["DELTA"], "mentor", 5)],
    )
    _page, planner = open_planner(qtbot, ctx)
    assert [g.id for g in planner.groups_model.rows()] == [gid]
    planner.groups_table.selectRow(0)
    box = planner.delete_selected()
    assert box is not None and "Going abroad together" in box.text()
    with qtbot.waitSignal(planner.groups_changed, timeout=10_000):
        box.ok_button.click()
    assert mt.list_working_groups(db) == []
    assert planner.groups_model.rowCount() == 0 and not planner.delete_action.isEnabled()


def test_group_brief_export(qtbot: QtBot, ctx: AppContext, db, clusters, tmp_path) -> None:  # type: ignore[no-untyped-def]
    gid = mt.create_working_group(
        db,
        topic="Funding mix",
        dimension="Financing",
        proposed_on=dt.date(2025, 7, 1),
        members=[(clusters["DELTA"], "participant", 1)],
    )
    page, _planner = open_planner(qtbot, ctx)
    target = tmp_path / "brief.pdf"
    if importlib.util.find_spec("app.reports.maturity_pdf") is None:
        assert page.export_group(gid, target) is False
        assert "not available" in page.notice.text()
    else:
        with qtbot.waitSignal(page.exported, timeout=20_000):
            assert page.export_group(gid, target) is True
        assert target.exists()


def test_a_typed_topic_survives_a_reload(qtbot: QtBot, ctx: AppContext, db, clusters) -> None:  # type: ignore[no-untyped-def]
    _page, planner = open_planner(qtbot, ctx)
    assert planner.topic_edit.text() == "Internationalisation: peer learning"
    planner.topic_edit.setText("Joint stand at the Hannover fair")
    planner.set_board(mt.scoreboard(db))
    assert planner.topic_edit.text() == "Joint stand at the Hannover fair"
    planner.topic_edit.setText("")
    planner.choose_dimension("Financing")
    assert planner.topic_edit.text() == "Financing: peer learning"
