"""The assessment editor through the real layers: a temp SQLite database, the worker, autosave."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.db import assessments as a
from app.db import directory as d
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.tasks import TaskManager
from app.views.assessment_editor import AssessmentEditor, FinaliseDialog
from app.views.context import AppContext

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
def ids(db: Database) -> dict[str, int]:
    return {
        "ane": d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org")),
        "jon": d.create_officer(db, OfficerInput("Jon Arrieta", "jon@example.org")),
        "gaia": d.create_cluster(
            db, ClusterInput("GAIA ICT cluster", "GAIA", contact_email="info@gaia.example")
        ),
    }


def score_all(db: Database, aid: int, value: int) -> None:
    for c in a.get_assessment(db, aid).template.criteria():
        a.set_score(db, aid, c.id, value)


@pytest.fixture
def open_editor(qtbot: QtBot, ctx: AppContext) -> Iterator[Callable[[int], AssessmentEditor]]:
    """Opens editors; closes them at the end once their last saves are done (closing an editor
    saves what is pending, and the saves report back to it)."""
    opened: list[AssessmentEditor] = []

    def open_(aid: int) -> AssessmentEditor:
        editor = AssessmentEditor(ctx, aid)  # its first load is delivered by the event loop
        opened.append(editor)
        editor.resize(1080, 740)
        editor.show()
        with qtbot.waitSignal(editor.loaded, timeout=5000):
            pass
        return editor

    yield open_
    for editor in opened:
        editor.close()
    ctx.tasks.wait_idle()
    qtbot.wait(30)
    for editor in opened:
        editor.deleteLater()
    qtbot.wait(10)


@pytest.fixture
def draft(db: Database, ids: dict[str, int]) -> int:
    """A 2026 draft of GAIA, nothing scored, with a final 2025 assessment before it."""
    last = a.create_assessment(db, ids["gaia"], 2025, assessor_id=ids["ane"])
    score_all(db, last, 2)
    first = a.get_assessment(db, last).template.criteria()[0]
    a.set_score(db, last, first.id, None)  # left unscored ...
    a.set_score(db, last, first.id, None, not_applicable=True)  # ... as not applicable
    a.finalise(db, last)
    return a.create_assessment(db, ids["gaia"], 2026, assessor_id=ids["ane"])


@pytest.fixture
def editor(open_editor: Callable[[int], AssessmentEditor], draft: int) -> AssessmentEditor:
    return open_editor(draft)


def reload(qtbot: QtBot, editor: AssessmentEditor) -> None:
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.reload()


def db_score(db: Database, aid: int, cid: int) -> tuple[int | None, bool] | None:
    row = a.get_assessment(db, aid).scores.get(cid)
    return (row.score, row.not_applicable) if row else None


# --------------------------------------------------------------------------- scoring
def test_scoring_updates_section_and_overall_at_once(
    qtbot: QtBot, editor: AssessmentEditor, db: Database, draft: int
) -> None:
    assert editor.overall_label.text() == "–"
    assert editor.open_label.text() == "28 criteria not scored yet"
    section = editor.section_views[0]
    c1, c2 = section.cards[:2]  # weights 1.5 and 1.5
    qtbot.mouseClick(c1.selector.buttons[4], Qt.MouseButton.LeftButton)
    # on screen at once, before the database has answered
    assert editor.overall_label.text() == "100%"
    assert section.score_label.text().startswith("Section score 100%")
    qtbot.mouseClick(c2.selector.buttons[2], Qt.MouseButton.LeftButton)
    assert editor.overall_label.text() == "75%"
    assert section.score_label.text().startswith("Section score 75%")
    assert editor.open_label.text() == "26 criteria not scored yet"
    assert editor.nav.item(0).text().endswith("75% · 5 open")
    assert c1.marker.text() == "✓ 4 – Exemplary"
    # and in the database shortly after
    qtbot.waitUntil(lambda: db_score(db, draft, c2.criterion.id) == (2, False), timeout=3000)
    detail = a.get_assessment(db, draft)
    assert detail.row.overall == pytest.approx(75.0)
    assert detail.section_scores[section.section.id] == pytest.approx(75.0)
    qtbot.waitUntil(lambda: not editor.pending, timeout=3000)
    assert editor.save_label.text().startswith("All changes saved at")


def test_not_applicable_removes_the_weight(
    qtbot: QtBot, editor: AssessmentEditor, db: Database, draft: int
) -> None:
    c1, c2 = editor.section_views[0].cards[:2]
    c1.choose(4)
    c2.choose(2)
    assert editor.overall_label.text() == "75%"
    c2.na_check.setChecked(True)
    assert editor.overall_label.text() == "100%"
    assert c2.selector.value is None and not c2.selector.buttons[2].isEnabled()
    assert c2.marker.text() == "– Not applicable"
    assert c2.property("state") == "na"
    qtbot.waitUntil(lambda: db_score(db, draft, c2.criterion.id) == (None, True), timeout=3000)
    assert a.get_assessment(db, draft).row.overall == pytest.approx(100.0)
    # applicable again: open, no score
    c2.na_check.setChecked(False)
    assert c2.is_open and c2.marker.text() == "● Not scored yet"
    qtbot.waitUntil(lambda: db_score(db, draft, c2.criterion.id) == (None, False), timeout=3000)


def test_unscored_are_marked_and_next_unscored_finds_them(
    qtbot: QtBot, editor: AssessmentEditor
) -> None:
    for card in editor.cards[:3]:
        card.choose(3)
    assert editor.cards[0].property("state") == "scored"
    assert editor.cards[3].property("state") == "open"
    assert editor.cards[3].marker.text() == "● Not scored yet"
    assert editor.open_label.text() == "25 criteria not scored yet"
    editor.go_to_card(editor.cards[0])
    found = editor.next_unscored()
    assert found is editor.cards[3] and editor.current_card is editor.cards[3]
    # the open criterion shows every level's descriptor while it is being chosen
    assert found.levels_label.isVisibleTo(editor)
    assert "0 – Absent" in found.levels_label.text()
    # wraps round into the next sections
    editor.go_to_card(editor.cards[6])
    assert editor.next_unscored() is editor.cards[7]
    assert editor.nav.currentRow() == 1


def test_level_descriptors_show_while_choosing(qtbot: QtBot, editor: AssessmentEditor) -> None:
    card = editor.cards[0]
    descriptors = card.criterion.levels
    card.choose(3)
    assert card.descriptor.isVisibleTo(editor)
    assert card.descriptor.text() == f"3 – Good: {descriptors[3]}"
    card._on_hovered(1)  # the mouse over "1 Weak"
    assert card.descriptor.text() == f"1 – Weak: {descriptors[1]}"
    card._on_hovered(None)
    assert card.descriptor.text().startswith("3 – Good")
    assert [b.text() for b in card.selector.buttons] == [
        "0 Absent",
        "1 Weak",
        "2 Partial",
        "3 Good",
        "4 Exemplary",
    ]
    assert descriptors[4] in card.selector.buttons[4].toolTip()
    editor.levels_action.trigger()  # every level on every card
    assert card.levels_label.isVisibleTo(editor) and not card.descriptor.isVisibleTo(editor)
    assert editor.ctx.settings.value("assessments/show_all_levels", type=bool) is True


def test_keyboard_scores_the_focused_criterion(
    qtbot: QtBot, editor: AssessmentEditor, db: Database, draft: int
) -> None:
    editor.activateWindow()
    card = editor.cards[0]
    editor.go_to_card(card)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is card.selector)
    qtbot.keyClick(card.selector, Qt.Key.Key_3)
    assert card.score == 3
    qtbot.keyClick(card.selector, Qt.Key.Key_Right)
    assert card.score == 4
    qtbot.keyClick(card.selector, Qt.Key.Key_N)
    assert card.not_applicable
    qtbot.keyClick(card.selector, Qt.Key.Key_N)
    assert not card.not_applicable and card.score is None
    qtbot.keyClick(card.selector, Qt.Key.Key_1)
    assert card.score == 1
    # Ctrl+Down: the next criterion
    qtbot.keyClick(card.selector, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is editor.cards[1].selector
    qtbot.keyClick(editor.cards[1].selector, Qt.Key.Key_0)
    assert editor.cards[1].score == 0
    qtbot.keyClick(editor.cards[1].selector, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is card.selector
    # typing in a comment is never taken for a shortcut
    card.comment.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is card.comment)
    qtbot.keyClicks(card.comment, "N 2 4")
    assert card.comment.toPlainText() == "N 2 4"
    qtbot.keyClick(card.comment, Qt.Key.Key_Backspace)
    qtbot.keyClick(card.comment, Qt.Key.Key_Home)
    qtbot.keyClick(card.comment, Qt.Key.Key_Delete)
    assert card.comment.toPlainText() == " 2 "
    assert card.score == 1 and not card.not_applicable
    # Ctrl+Down works from a comment too
    qtbot.keyClick(card.comment, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is editor.cards[1].selector
    # Delete (outside text) clears the score of the current criterion
    qtbot.keyClick(editor.cards[1].selector, Qt.Key.Key_Delete)
    assert editor.cards[1].score is None and editor.cards[1].is_open
    qtbot.waitUntil(lambda: db_score(db, draft, card.criterion.id) == (1, False), timeout=3000)
    qtbot.waitUntil(
        lambda: db_score(db, draft, editor.cards[1].criterion.id) == (None, False), timeout=3000
    )


def test_comment_is_autosaved_within_3_seconds(
    qtbot: QtBot, editor: AssessmentEditor, db: Database, draft: int
) -> None:
    card = editor.cards[2]
    qtbot.keyClicks(card.comment, "SMEs lead two of the five actions.")
    qtbot.keyClicks(card.evidence, "Plan p. 7")
    section = editor.section_views[0]
    qtbot.keyClicks(section.recommendation, "Open the export programme to SMEs")
    qtbot.keyClicks(editor.strengths, "Strong SME base")

    def saved() -> bool:
        detail = a.get_assessment(db, draft)
        row = detail.scores.get(card.criterion.id)
        note = detail.section_notes.get(section.section.id)
        return (
            row is not None
            and row.comment == "SMEs lead two of the five actions."
            and row.evidence == "Plan p. 7"
            and note is not None
            and note.recommendation == "Open the export programme to SMEs"
            and detail.strengths == "Strong SME base"
        )

    qtbot.waitUntil(saved, timeout=3000)
    assert card.is_open  # a comment is not a score
    # a reload keeps the text where it is
    reload(qtbot, editor)
    assert editor.cards[2].comment.toPlainText() == "SMEs lead two of the five actions."


# --------------------------------------------------------------------------- last year
def test_last_years_score_beside_each_criterion(
    editor: AssessmentEditor, open_editor: Callable[[int], AssessmentEditor], db: Database
) -> None:
    first, second = editor.cards[:2]
    assert first.previous_label.text() == "2025: not scored"  # not applicable last year
    assert second.previous_label.text() == "2025: 2 – Partial"
    # a cluster with no assessment the year before
    other = d.create_cluster(db, ClusterInput("Basque Energy Cluster", "ENERGY"))
    aid = a.create_assessment(db, other, 2026)
    e2 = open_editor(aid)
    assert e2.cards[0].previous_label.text() == "2025: not assessed"
    assert e2.overall_change.text() == "no 2025 assessment"


def test_year_on_year_chart_equals_the_section_scores(
    qtbot: QtBot, editor: AssessmentEditor, db: Database, draft: int
) -> None:
    for i, card in enumerate(editor.cards):
        card.choose(3 if i % 2 else 4)
    editor.cards[5].toggle_not_applicable()
    qtbot.waitUntil(lambda: not editor.pending, timeout=5000)
    reload(qtbot, editor)
    detail = a.get_assessment(db, draft)
    chart = editor.year_view.chart
    sections = detail.template.sections
    assert [r.name for r in chart.rows] == [s.name for s in sections] + ["Overall"]
    assert chart.values_now() == pytest.approx(
        [detail.section_scores[s.id] for s in sections] + [detail.row.overall]
    )
    assert chart.values_before() == pytest.approx(
        [detail.previous_sections[s.name] for s in sections] + [detail.row.previous_overall]
    )
    assert chart.values_before()[1] == pytest.approx(50.0)
    # the table beside it holds the same numbers, in words
    model = editor.year_view.table.model()
    assert model.rowCount() == len(sections) + 1
    assert model.index(1, 2).data() == "50%"
    assert model.index(1, 3).data().endswith("pts")
    # and it follows the scoring at once
    editor.cards[7].choose(0)
    assert chart.values_now()[1] == pytest.approx(
        editor.live.sections()[sections[1].id]  # type: ignore[union-attr]
    )
    assert chart.values_now()[1] < detail.section_scores[sections[1].id]


def test_chart_table_model(qtmodeltester, editor: AssessmentEditor) -> None:  # type: ignore[no-untyped-def]
    editor.cards[0].choose(2)
    qtmodeltester.check(editor.year_view.chart.table_model())


# --------------------------------------------------------------------------- finalise, amend
def test_finalise_then_read_only_then_amend(
    qtbot: QtBot, editor: AssessmentEditor, db: Database, draft: int, ids: dict[str, int]
) -> None:
    assert not editor.finalise_button.isEnabled()
    assert editor.finalise_reason.text() == (
        "To finalise, score or mark not applicable the 28 open criteria."
    )
    assert editor.open_finalise_dialog() is None
    for card in editor.cards[:-1]:
        card.choose(3)
    assert not editor.finalise_button.isEnabled()
    assert "last open criterion" in editor.finalise_reason.text()
    editor.cards[-1].toggle_not_applicable()
    assert editor.finalise_button.isEnabled()
    assert editor.finalise_reason.text().startswith("Ready to finalise")

    dialog = editor.open_finalise_dialog()
    assert isinstance(dialog, FinaliseDialog) and dialog.isVisible()
    assert dialog.assessor_combo.currentData() == ids["ane"]
    dialog.assessor_combo.setCurrentIndex(dialog.assessor_combo.findData(ids["jon"]))
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    row = a.get_assessment(db, draft).row
    assert (row.status, row.assessor_name) == ("final", "Jon Arrieta")
    assert editor.banner.isVisibleTo(editor)
    assert editor.banner_label.text().startswith("Final — locked on ")
    assert editor.banner_label.text().endswith("by Jon Arrieta. Amend to change.")
    card = editor.cards[0]
    assert not card.selector.isEnabled() and not card.na_check.isEnabled()
    assert not card.selector.buttons[3].isEnabled() and card.selector.buttons[3].isChecked()
    assert card.comment.isReadOnly() and editor.strengths.isReadOnly()
    assert not editor.assessor_combo.isEnabled()
    assert not editor.finalise_button.isVisibleTo(editor)
    card.choose(1)  # refused on screen too
    assert card.score == 3
    assert editor.amend_action.isEnabled()

    box = editor.amend()
    assert isinstance(box, QMessageBox) and "version 2" in box.text()
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        box.ok_button.click()  # type: ignore[attr-defined]
    new = editor.assessment_id
    assert new != draft
    amended = a.get_assessment(db, new)
    assert (amended.row.version, amended.row.status, amended.row.amends_id) == (2, "draft", draft)
    assert amended.scores[editor.cards[0].criterion.id].score == 3  # scores copied
    assert not editor.banner.isVisibleTo(editor)
    assert editor.cards[0].selector.isEnabled() and editor.cards[0].score == 3
    assert "amends version 1" in editor.subtitle.text()
    # the amendment can be scored; the original stays as it was
    editor.cards[0].choose(1)
    qtbot.waitUntil(lambda: db_score(db, new, editor.cards[0].criterion.id) == (1, False))
    assert db_score(db, draft, editor.cards[0].criterion.id) == (3, False)


def test_finalise_needs_an_assessor(
    qtbot: QtBot, open_editor: Callable[[int], AssessmentEditor], db: Database, ids: dict[str, int]
) -> None:
    aid = a.create_assessment(db, ids["gaia"], 2027)
    score_all(db, aid, 1)
    editor = open_editor(aid)
    dialog = editor.open_finalise_dialog()
    assert dialog is not None and dialog.assessor_combo.currentData() is None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Choose the assessor" in dialog.error.text()
    dialog.reject()
    assert a.get_assessment(db, aid).row.status == "draft"


def test_an_amended_final_version_points_to_the_newer_one(
    qtbot: QtBot, open_editor: Callable[[int], AssessmentEditor], db: Database, ids: dict[str, int]
) -> None:
    aid = a.create_assessment(db, ids["gaia"], 2027, assessor_id=ids["ane"])
    score_all(db, aid, 3)
    a.finalise(db, aid)
    new = a.amend(db, aid)
    editor = open_editor(aid)
    assert "Version 2 amends it." in editor.banner_label.text()
    assert not editor.amend_action.isEnabled()
    assert editor.latest_button.isVisibleTo(editor)
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.latest_button.click()
    assert editor.assessment_id == new and not editor.banner.isVisibleTo(editor)


# --------------------------------------------------------------------------- the rest
def test_assessor_change_is_saved(
    qtbot: QtBot, editor: AssessmentEditor, db: Database, draft: int, ids: dict[str, int]
) -> None:
    combo = editor.assessor_combo
    combo.setCurrentIndex(combo.findData(ids["jon"]))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: a.get_assessment(db, draft).row.assessor_id == ids["jon"])


def test_reports_run_or_say_they_are_unavailable(
    qtbot: QtBot, editor: AssessmentEditor, tmp_path: Path
) -> None:
    dialog = editor.export_pdf()
    if dialog is None:  # the PDF module is not there yet
        assert "not available" in editor.notice.text()
        for box in editor.findChildren(QMessageBox):
            box.close()
    else:
        dialog.reject()
        editor.write_pdf(tmp_path / "a.pdf")
        qtbot.waitUntil(lambda: "PDF written" in editor.notice.text(), timeout=10000)
        assert (tmp_path / "a.pdf").exists()


def test_every_action_has_a_shortcut_and_tooltip(editor: AssessmentEditor) -> None:
    actions = editor.actions() + editor.criterion_actions
    assert len(actions) >= 15
    for action in actions:
        assert not action.shortcut().isEmpty(), action.text()
        assert action.toolTip() and action.toolTip() != action.text().replace("&", "")
    assert "(F8)" in editor.next_open_action.toolTip()
    names = [editor.cards[0].selector.accessibleName(), editor.cards[0].comment.accessibleName()]
    assert names == [
        "Score: Alignment with RIS3 and the Basque plans",
        "Comment on Alignment with RIS3 and the Basque plans",
    ]
