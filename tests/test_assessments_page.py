"""The Assessments page through the real layers: temp SQLite, the worker, the dialogs, the editor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db import assessments as a
from app.db import directory as d
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.models.assessment_models import make_assessment_model
from app.tasks import TaskManager
from app.views.assessments_page import AssessmentsPage
from app.views.context import AppContext
from app.views.rubric_editor import RubricEditor

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

COLUMNS = {
    "cluster": 0,
    "year": 1,
    "version": 2,
    "status": 3,
    "overall": 4,
    "change": 5,
    "scored": 6,
    "assessor": 7,
}


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield AppContext(db=db, tasks=tasks, settings=settings)
    tasks.wait_idle()
    tasks.shutdown()


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    return {
        "ane": d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org")),
        "gaia": d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA")),
        "hegan": d.create_cluster(db, ClusterInput("Basque Aeronautics Cluster", "HEGAN")),
    }


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> Iterator[AssessmentsPage]:
    p = AssessmentsPage(ctx)
    p.resize(1080, 740)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.refresh()
    yield p
    # close here (not by qtbot): closing an editor saves what is pending, and the saves report
    # back to it, so it is deleted only once the worker is idle
    p.close()
    ctx.tasks.wait_idle()
    qtbot.wait(30)
    p.deleteLater()
    qtbot.wait(10)


def reload(qtbot: QtBot, page: AssessmentsPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.refresh()


def score_all(db: Database, aid: int, value: int) -> None:
    for c in a.get_assessment(db, aid).template.criteria():
        a.set_score(db, aid, c.id, value)


def cells(page: AssessmentsPage, column: str) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, COLUMNS[column]).data() for r in range(proxy.rowCount())]


def row_of(page: AssessmentsPage, cluster: str, year: int, version: int = 1) -> dict[str, str]:
    proxy = page.proxy
    for r in range(proxy.rowCount()):
        texts = {name: proxy.index(r, c).data() for name, c in COLUMNS.items()}
        if (texts["cluster"], texts["year"], texts["version"]) == (
            cluster,
            str(year),
            f"v{version}",
        ):
            return texts
    raise AssertionError(f"{cluster} {year} v{version} not shown")


@pytest.fixture
def two_years(db: Database, ids: dict[str, int]) -> dict[str, int]:
    """GAIA: 2025 final at 50 %, 2026 draft at 75 % (all scored); HEGAN: 2026 draft, 1 scored."""
    last = a.create_assessment(db, ids["gaia"], 2025, assessor_id=ids["ane"])
    score_all(db, last, 2)
    a.finalise(db, last)
    now = a.create_assessment(db, ids["gaia"], 2026, assessor_id=ids["ane"])
    score_all(db, now, 3)
    hegan = a.create_assessment(db, ids["hegan"], 2026)
    first = a.get_assessment(db, hegan).template.criteria()[0]
    a.set_score(db, hegan, first.id, 1)
    return {"last": last, "now": now, "hegan": hegan}


# --------------------------------------------------------------------------- the list
def test_empty_page_explains_itself(page: AssessmentsPage) -> None:
    assert page.proxy.rowCount() == 0
    assert page.empty_label.isVisibleTo(page)
    assert page.count_label.text() == "0 of 0 assessments shown"
    assert not page.open_action.isEnabled() and not page.delete_action.isEnabled()


def test_list_shows_overall_and_change(
    qtbot: QtBot, page: AssessmentsPage, two_years: dict[str, int]
) -> None:
    reload(qtbot, page)
    now = row_of(page, "GAIA", 2026)
    assert (now["status"], now["overall"], now["change"], now["scored"], now["assessor"]) == (
        "Draft",
        "75%",
        "▲ +25 pts",
        "28/28",
        "Ane Etxeberria",
    )
    last = row_of(page, "GAIA", 2025)
    assert (last["status"], last["overall"], last["change"]) == ("Final", "50%", "no previous year")
    hegan = row_of(page, "HEGAN", 2026)
    assert (hegan["overall"], hegan["scored"], hegan["assessor"]) == ("25%", "1/28", "")
    assert page.count_label.text() == (
        "3 of 3 assessments shown · 1 final, 2 drafts (1 still being scored)"
    )
    # numbers sort as numbers
    page.table.sortByColumn(COLUMNS["overall"], Qt.SortOrder.AscendingOrder)
    assert cells(page, "overall") == ["25%", "50%", "75%"]
    page.table.sortByColumn(COLUMNS["change"], Qt.SortOrder.DescendingOrder)
    assert cells(page, "change")[0] == "▲ +25 pts"


def test_filters_by_year_cluster_status_and_latest_version(
    qtbot: QtBot,
    page: AssessmentsPage,
    db: Database,
    ids: dict[str, int],
    two_years: dict[str, int],
) -> None:
    amended = a.amend(db, two_years["last"])  # 2025 v2, a draft
    reload(qtbot, page)
    assert page.latest_check.isChecked()  # by default the history is hidden
    assert sorted(cells(page, "version")) == ["v1", "v1", "v2"]
    page.latest_check.setChecked(False)
    assert page.proxy.rowCount() == 4
    v1 = row_of(page, "GAIA", 2025, 1)
    assert v1["status"] == "Final (amended later)"
    page.latest_check.setChecked(True)

    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    assert cells(page, "year") == ["2026", "2026"]
    page.cluster_combo.setCurrentIndex(page.cluster_combo.findData(ids["hegan"]))
    assert cells(page, "cluster") == ["HEGAN"]
    page.cluster_combo.setCurrentIndex(0)
    page.year_combo.setCurrentIndex(0)
    page.status_combo.setCurrentIndex(page.status_combo.findData("final"))
    assert page.proxy.rowCount() == 0  # the final 2025 v1 is an older version
    page.latest_check.setChecked(False)
    assert cells(page, "status") == ["Final (amended later)"]
    page.status_combo.setCurrentIndex(page.status_combo.findData("draft"))
    assert sorted(cells(page, "cluster")) == ["GAIA", "GAIA", "HEGAN"]
    qtbot.keyClicks(page.filter_edit, "hegan")
    assert cells(page, "cluster") == ["HEGAN"]
    # the filters are remembered
    assert page.ctx.settings.value("assessments/status") == "draft"
    assert page.ctx.settings.value("assessments/latest_only", type=bool) is False
    assert amended


def test_model_passes_the_model_tester(
    qtmodeltester, db: Database, ids: dict[str, int], two_years: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    model = make_assessment_model()
    model.set_rows(a.list_assessments(db))
    qtmodeltester.check(model)


# --------------------------------------------------------------------------- creating
def test_create_one_per_cluster_and_year(
    qtbot: QtBot, page: AssessmentsPage, db: Database, ids: dict[str, int]
) -> None:
    reload(qtbot, page)
    dialog = page.open_new_dialog()
    assert dialog.isVisible()
    dialog.cluster_combo.setCurrentIndex(dialog.cluster_combo.findData(ids["gaia"]))
    dialog.year_spin.setValue(2026)
    dialog.assessor_combo.setCurrentIndex(dialog.assessor_combo.findData(ids["ane"]))
    with qtbot.waitSignal(page.editor_ready, timeout=5000) as ready:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [row] = a.list_assessments(db)
    assert (row.cluster_id, row.plan_year, row.assessor_id, row.status) == (
        ids["gaia"],
        2026,
        ids["ane"],
        "draft",
    )
    assert ready.args == [row.id]
    assert page.editor is not None and page.stack.currentWidget() is page.editor
    assert page.heading.text() == "Assessments › GAIA 2026, version 1"
    assert len(page.editor.cards) == 28

    # back to the list: the new assessment is there and selected
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.back_to_list()
    assert page.current_assessment().id == row.id

    # a second one for the same cluster and year is refused, in words, beside the year
    dialog = page.open_new_dialog()
    dialog.cluster_combo.setCurrentIndex(dialog.cluster_combo.findData(ids["gaia"]))
    dialog.year_spin.setValue(2026)
    with qtbot.waitSignal(dialog.problem, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message("plan_year") == (
        "This cluster's 2026 plan is already assessed; open it (or amend it)."
    )
    assert len(a.list_assessments(db)) == 1
    assert dialog.open_button.isVisibleTo(dialog)
    with qtbot.waitSignal(page.editor_ready, timeout=5000) as ready:
        dialog.open_button.click()
    assert ready.args == [row.id]


def test_delete_a_draft_after_confirming(
    qtbot: QtBot, page: AssessmentsPage, db: Database, two_years: dict[str, int]
) -> None:
    reload(qtbot, page)
    assert page.select(two_years["last"])
    assert not page.delete_action.isEnabled()  # a final assessment is never deleted
    assert page.select(two_years["hegan"])
    box = page.delete_selected()
    assert box is not None and "HEGAN" in box.text()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        box.ok_button.click()  # type: ignore[attr-defined]
    assert two_years["hegan"] not in [r.id for r in a.list_assessments(db)]
    assert page.proxy.rowCount() == 2


# --------------------------------------------------------------------------- the editor
def test_open_with_the_keyboard_and_go_back(
    qtbot: QtBot, page: AssessmentsPage, two_years: dict[str, int]
) -> None:
    reload(qtbot, page)
    assert page.select(two_years["now"])
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    with qtbot.waitSignal(page.editor_ready, timeout=5000):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = page.editor
    assert editor is not None and editor.assessment_id == two_years["now"]
    assert editor.overall_label.text() == "75%"
    assert editor.overall_change.text() == "2025: 50% · ▲ +25 pts"
    assert editor.cards[0].previous_label.text() == "2025: 2 – Partial"
    # scoring in the editor shows in the list when going back
    editor.cards[0].choose(0)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        editor.back_action.trigger()
    assert page.stack.currentWidget() is page.browser
    assert page.current_assessment().id == two_years["now"]
    assert row_of(page, "GAIA", 2026)["overall"] != "75%"


def test_amending_from_the_page_lists_the_new_version(
    qtbot: QtBot, page: AssessmentsPage, db: Database, two_years: dict[str, int]
) -> None:
    reload(qtbot, page)
    with qtbot.waitSignal(page.editor_ready, timeout=5000):
        page.open_assessment(two_years["last"])
    editor = page.editor
    assert editor is not None and editor.banner.isVisibleTo(editor)
    box = editor.amend()
    assert box is not None
    with qtbot.waitSignal(page.editor_ready, timeout=5000) as ready:
        box.ok_button.click()  # type: ignore[attr-defined]
    [new_id] = ready.args
    assert a.get_assessment(db, new_id).row.version == 2
    assert page.heading.text() == "Assessments › GAIA 2025, version 2"
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.back_to_list()
    assert page.current_assessment().id == new_id
    assert row_of(page, "GAIA", 2025, 2)["status"] == "Draft"


def test_rubric_templates_open_from_the_page(qtbot: QtBot, page: AssessmentsPage) -> None:
    rubric = page.open_rubric_editor()
    assert isinstance(rubric, RubricEditor)
    qtbot.waitUntil(lambda: rubric.template is not None, timeout=5000)
    assert page.stack.currentWidget() is rubric
    assert page.heading.text() == "Assessments › Rubric templates"
    with qtbot.waitSignal(page.loaded, timeout=5000):
        rubric.back_action.trigger()
    assert page.stack.currentWidget() is page.browser and page.rubric is None


def test_export_year_runs_or_says_it_is_unavailable(
    qtbot: QtBot, page: AssessmentsPage, tmp_path: Path, two_years: dict[str, int]
) -> None:
    reload(qtbot, page)
    dialog = page.export_year()
    assert dialog is not None and dialog.selectedFiles()[0].endswith("Assessments_2026.xlsx")
    dialog.reject()
    target = tmp_path / "scores.xlsx"
    page.write_year_xlsx(2026, target)
    qtbot.waitUntil(
        lambda: (
            "not available" in page.count_label.text() or "written to" in page.count_label.text()
        ),
        timeout=10000,
    )
    if "written to" in page.count_label.text():
        assert target.exists()


def test_every_action_has_a_shortcut_and_tooltip(page: AssessmentsPage) -> None:
    actions = [x for w in (page.browser, page.table) for x in w.actions()]
    assert len(actions) >= 6
    for action in actions:
        assert not action.shortcut().isEmpty(), action.text()
        assert action.toolTip() and action.toolTip() != action.text().replace("&", "")
    for widget in (page.year_combo, page.cluster_combo, page.status_combo, page.filter_edit):
        assert widget.accessibleName()
