"""The rubric (template) editor through the real layers: a used version is read-only, a copy is
edited, and assessments keep the version they were scored with."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.db import assessments as a
from app.db import directory as d
from app.db.database import Database
from app.domain.records import ClusterInput
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.rubric_editor import RubricEditor

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield AppContext(db=db, tasks=tasks, settings=settings)
    tasks.wait_idle()
    tasks.shutdown()


@pytest.fixture
def editor(qtbot: QtBot, ctx: AppContext) -> Iterator[RubricEditor]:
    e = RubricEditor(ctx)
    qtbot.addWidget(e)
    e.resize(1080, 740)
    e.show()
    with qtbot.waitSignal(e.loaded, timeout=5000):
        e.refresh()
    yield e
    ctx.tasks.wait_idle()
    qtbot.wait(20)


@pytest.fixture
def used(db: Database) -> int:
    """An assessment scored with version 1."""
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    aid = a.create_assessment(db, gaia, 2025)
    first = a.get_assessment(db, aid).template.criteria()[0]
    a.set_score(db, aid, first.id, 4)
    return aid


def reload(qtbot: QtBot, editor: RubricEditor) -> None:
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.refresh()


def test_a_used_version_is_read_only_with_the_reason(
    qtbot: QtBot, editor: RubricEditor, used: int
) -> None:
    reload(qtbot, editor)
    t = editor.template
    assert t is not None and (t.version, t.in_use) == (1, 1)
    assert editor.state_label.text().startswith("Read-only: version 1 has been used to score 1")
    assert "Copy into new version" in editor.state_label.text()
    assert editor.model.index(0, 4).data() == "1 assessments"
    assert editor.current_criterion() is not None  # the first criterion is shown ...
    assert editor.name_edit.isReadOnly() and not editor.weight_spin.isEnabled()  # ... read-only
    assert all(e.isReadOnly() for e in editor.level_edits)
    for action in (
        editor.add_section_action,
        editor.add_criterion_action,
        editor.delete_action,
        editor.save_action,
    ):
        assert not action.isEnabled(), action.text()
    assert editor.copy_action.isEnabled()
    assert editor.level_labels[2].text() == "2 – Partial:"
    assert editor.level_edits[4].toPlainText()  # descriptors are shown


def test_an_unused_version_is_editable(editor: RubricEditor) -> None:
    t = editor.template
    assert t is not None and t.in_use == 0
    assert editor.state_label.text().startswith("Editable: no assessment uses version 1")
    assert not editor.name_edit.isReadOnly() and editor.add_section_action.isEnabled()


def test_copy_then_edit_weight_keeps_history(
    qtbot: QtBot, editor: RubricEditor, db: Database, used: int
) -> None:
    reload(qtbot, editor)
    old = a.get_assessment(db, used)
    old_first = old.template.criteria()[0]
    assert old_first.weight == 1.5
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.copy_action.trigger()
    t = editor.template
    assert t is not None and (t.version, t.in_use) == (2, 0)
    assert editor.model.rowCount() == 2
    assert editor.state_label.text().startswith("Editable")

    copy_first = t.criteria()[0]
    assert editor.select_item("criterion", copy_first.id)
    assert not editor.name_edit.isReadOnly() and editor.weight_spin.isEnabled()
    editor.weight_spin.setValue(3.0)
    editor.level_edits[4].setPlainText("Every action traced to RIS3, with its contribution.")
    assert editor.save_action.isEnabled()
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.save_action.trigger()
    saved = a.get_template(db, t.id).criteria()[0]
    assert saved.weight == 3.0
    assert saved.levels[4] == "Every action traced to RIS3, with its contribution."
    assert editor.current_criterion().id == copy_first.id  # still selected
    assert editor.weight_spin.value() == 3.0
    # the old assessment still shows the rubric it was scored with
    again = a.get_assessment(db, used)
    assert again.template.id == old.template.id
    assert again.template.criteria()[0].weight == 1.5
    assert again.template.criteria()[0].levels[4] == old_first.levels[4]
    # the old version is still read-only
    assert editor.select_template(old.template.id)
    assert editor.name_edit.isReadOnly()


def test_an_empty_name_is_explained_beside_the_field(
    qtbot: QtBot, editor: RubricEditor, db: Database
) -> None:
    t = editor.template
    assert t is not None
    first = t.criteria()[0]
    editor.name_edit.setText("")
    editor._mark_dirty()
    editor.save_current()
    qtbot.waitUntil(lambda: bool(editor.criterion_errors.message("name")), timeout=5000)
    assert editor.save_action.isEnabled()  # what was typed is kept, to correct it
    assert a.get_template(db, t.id).criteria()[0].name == first.name


def test_sections_and_criteria_are_added_renamed_and_deleted(
    qtbot: QtBot, editor: RubricEditor, db: Database
) -> None:
    t = editor.template
    assert t is not None
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.add_section_action.trigger()
    section = editor.current_section()
    assert section is not None and section.name == "New section"
    assert editor.forms.currentIndex() == 1
    editor.section_name.setText("Sustainability")
    editor._mark_dirty()
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.save_action.trigger()
    assert a.get_template(db, t.id).sections[-1].name == "Sustainability"

    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.add_criterion_action.trigger()
    criterion = editor.current_criterion()
    assert criterion is not None and criterion.name == "New criterion"
    editor.name_edit.setText("Energy transition")
    editor._mark_dirty()
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.save_action.trigger()
    t = a.get_template(db, t.id)
    assert [c.name for c in t.sections[-1].criteria] == ["Energy transition"]
    assert len(t.criteria()) == 29

    box = editor.delete_selected()
    assert box is not None and "Energy transition" in box.text()
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        box.ok_button.click()  # type: ignore[attr-defined]
    assert len(a.get_template(db, t.id).criteria()) == 28


def test_versions_model(qtmodeltester, editor: RubricEditor, used: int) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(editor.model)


def test_every_action_has_a_shortcut_and_tooltip(editor: RubricEditor) -> None:
    actions = editor.actions()
    assert len(actions) >= 6
    for action in actions:
        assert not action.shortcut().isEmpty(), action.text()
        assert action.toolTip() and action.toolTip() != action.text().replace("&", "")


def test_moving_to_another_criterion_saves_the_one_edited(
    qtbot: QtBot, editor: RubricEditor, db: Database
) -> None:
    t = editor.template
    assert t is not None
    first, second = t.criteria()[:2]
    assert editor.select_item("criterion", first.id)
    editor.weight_spin.setValue(2.5)
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        assert editor.select_item("criterion", second.id)
    saved = a.get_template(db, t.id).criteria()
    assert (saved[0].weight, saved[1].weight) == (2.5, second.weight)
    assert editor.current_criterion().id == second.id  # the one clicked stays selected
