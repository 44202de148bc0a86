"""Assessments against real SQLite: scoring, not applicable, finalise lock, amendments,
year on year, and templates that never rewrite history."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from app.db import assessments as a
from app.db import directory as d
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.errors import ValidationError


@pytest.fixture
def ctx(db: Database) -> dict[str, int]:
    return {
        "ane": d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org")),
        "gaia": d.create_cluster(
            db, ClusterInput("GAIA ICT cluster", "GAIA", contact_email="info@gaia.example")
        ),
    }


def score_all(db: Database, aid: int, value: int = 3) -> None:
    detail = a.get_assessment(db, aid)
    for c in detail.template.criteria():
        a.set_score(db, aid, c.id, value)


def test_default_rubric_is_there(db: Database) -> None:
    (t,) = a.list_templates(db)
    assert (t.name, t.version, len(t.sections), len(t.criteria())) == (
        "SPRI action-plan assessment",
        1,
        4,
        28,
    )
    assert t.level_labels == ("Absent", "Weak", "Partial", "Good", "Exemplary")
    assert all(len(c.levels) == 5 and c.levels[4] for c in t.criteria())


def test_scores_update_section_and_overall(db: Database, ctx: dict[str, int]) -> None:
    aid = a.create_assessment(db, ctx["gaia"], 2026, assessor_id=ctx["ane"])
    detail = a.get_assessment(db, aid)
    first_section = detail.template.sections[0]
    c1, c2 = first_section.criteria[:2]  # weights 1.5 and 1.5
    a.set_score(db, aid, c1.id, 4)
    a.set_score(db, aid, c2.id, 2)
    detail = a.get_assessment(db, aid)
    assert detail.section_scores[first_section.id] == pytest.approx(75.0)
    assert detail.row.overall == pytest.approx(75.0)
    assert (detail.row.scored, detail.row.criteria) == (2, 28)
    a.set_score(db, aid, c2.id, None, not_applicable=True)
    assert a.get_assessment(db, aid).row.overall == pytest.approx(100.0)
    with pytest.raises(ValidationError, match="from 0 to 4"):
        a.set_score(db, aid, c1.id, 5)


def test_one_assessment_per_cluster_and_year(db: Database, ctx: dict[str, int]) -> None:
    a.create_assessment(db, ctx["gaia"], 2026)
    with pytest.raises(ValidationError, match="already assessed"):
        a.create_assessment(db, ctx["gaia"], 2026)


def test_finalise_needs_every_criterion_and_an_assessor(db: Database, ctx: dict[str, int]) -> None:
    aid = a.create_assessment(db, ctx["gaia"], 2026)
    detail = a.get_assessment(db, aid)
    first = detail.template.criteria()[0]
    a.set_score(db, aid, first.id, 3)
    with pytest.raises(ValidationError, match="27 criteria are not scored yet"):
        a.finalise(db, aid, assessor_id=ctx["ane"])
    score_all(db, aid)
    a.set_score(db, aid, first.id, None, not_applicable=True)
    with pytest.raises(ValidationError, match="assessor"):
        a.finalise(db, aid)
    a.finalise(db, aid, assessor_id=ctx["ane"], now=dt.datetime(2026, 11, 2, 9, 30))
    row = a.get_assessment(db, aid).row
    assert (row.status, row.finalised_at, row.assessor_name) == (
        "final",
        dt.datetime(2026, 11, 2, 9, 30),
        "Ane Etxeberria",
    )


def test_final_is_locked_everywhere(db: Database, ctx: dict[str, int]) -> None:
    aid = a.create_assessment(db, ctx["gaia"], 2026, assessor_id=ctx["ane"])
    score_all(db, aid)
    a.set_summary_text(db, aid, strengths="Strong SME base")
    a.finalise(db, aid)
    crit = a.get_assessment(db, aid).template.criteria()[0]
    for change in (
        lambda: a.set_score(db, aid, crit.id, 1),
        lambda: a.set_criterion_text(db, aid, crit.id, comment="changed"),
        lambda: a.set_summary_text(db, aid, strengths="changed"),
        lambda: a.delete_draft(db, aid),
    ):
        with pytest.raises(a.LockedError, match="amendment"):
            change()
    con = sqlite3.connect(db.path)  # even raw SQL is refused by the triggers
    with pytest.raises(sqlite3.IntegrityError, match="ASSESSMENT_FINAL"):
        con.execute("UPDATE assessment_score SET score = 0 WHERE assessment_id = ?", (aid,))
    with pytest.raises(sqlite3.IntegrityError, match="ASSESSMENT_FINAL"):
        con.execute("UPDATE assessment SET strengths = 'x' WHERE id = ?", (aid,))
    con.close()
    assert a.get_assessment(db, aid).strengths == "Strong SME base"


def test_amendment_is_a_new_version_and_keeps_the_original(
    db: Database, ctx: dict[str, int]
) -> None:
    aid = a.create_assessment(db, ctx["gaia"], 2026, assessor_id=ctx["ane"])
    score_all(db, aid, 2)
    crit = a.get_assessment(db, aid).template.criteria()[0]
    a.set_criterion_text(db, aid, crit.id, comment="Original comment", evidence="Plan p. 4")
    a.finalise(db, aid)
    new = a.amend(db, aid)
    with pytest.raises(ValidationError, match="already amends"):
        a.amend(db, aid)
    a.set_score(db, new, crit.id, 4)
    original, amended = a.get_assessment(db, aid), a.get_assessment(db, new)
    assert original.scores[crit.id].score == 2 and amended.scores[crit.id].score == 4
    assert amended.scores[crit.id].comment == "Original comment"
    assert (amended.row.version, amended.row.amends_id, amended.row.status) == (2, aid, "draft")
    rows = a.list_assessments(db, year=2026)
    assert [(r.version, r.latest) for r in rows] == [(2, True), (1, False)]
    assert [r.id for r in a.list_assessments(db, year=2026, latest_only=True)] == [new]


def test_year_on_year_by_criterion_code(db: Database, ctx: dict[str, int]) -> None:
    last = a.create_assessment(db, ctx["gaia"], 2025, assessor_id=ctx["ane"])
    score_all(db, last, 2)
    a.finalise(db, last)
    now = a.create_assessment(db, ctx["gaia"], 2026)
    score_all(db, now, 3)
    detail = a.get_assessment(db, now)
    code = detail.template.criteria()[0].code
    assert detail.previous_id == last
    assert detail.previous_scores[code] == 2
    assert detail.previous_sections["Internationalisation"] == pytest.approx(50.0)
    assert detail.row.previous_overall == pytest.approx(50.0)
    assert detail.row.overall == pytest.approx(75.0)


def test_template_copy_edit_never_changes_history(db: Database, ctx: dict[str, int]) -> None:
    (v1,) = a.list_templates(db)
    aid = a.create_assessment(db, ctx["gaia"], 2025, template_id=v1.id)
    crit = v1.criteria()[0]
    a.set_score(db, aid, crit.id, 4)
    with pytest.raises(a.LockedError, match="copy it into a new version"):
        a.update_criterion(db, crit.id, weight=9)
    con = sqlite3.connect(db.path)
    with pytest.raises(sqlite3.IntegrityError, match="TEMPLATE_IN_USE"):
        con.execute("UPDATE template_criterion SET weight = 9 WHERE id = ?", (crit.id,))
    con.close()

    v2_id = a.copy_template(db, v1.id)
    v2 = a.get_template(db, v2_id)
    assert (v2.version, len(v2.criteria())) == (2, 28)
    copy_crit = v2.criteria()[0]
    a.update_criterion(db, copy_crit.id, name="Alignment with RIS3 (2027)", weight=2.0)
    a.delete_criterion(db, v2.criteria()[1].id)
    new_sec = a.add_section(db, v2_id, "Sustainability")
    a.add_criterion(
        db, new_sec, name="Energy transition", weight=1.0, levels=("a", "b", "c", "d", "e")
    )
    v2 = a.get_template(db, v2_id)
    assert len(v2.criteria()) == 28 and v2.sections[-1].name == "Sustainability"
    # the 2025 assessment still shows the rubric it was scored with
    old = a.get_assessment(db, aid)
    assert old.template.id == v1.id and old.template.criteria()[0].weight == 1.5
    assert old.template.criteria()[0].name == crit.name
    # a new assessment can use the new version
    new = a.create_assessment(db, ctx["gaia"], 2026, template_id=v2_id)
    assert a.get_assessment(db, new).template.sections[-1].name == "Sustainability"


def test_criterion_from_another_rubric_is_refused(db: Database, ctx: dict[str, int]) -> None:
    (v1,) = a.list_templates(db)
    v2 = a.get_template(db, a.copy_template(db, v1.id))
    aid = a.create_assessment(db, ctx["gaia"], 2026, template_id=v1.id)
    with pytest.raises(ValidationError, match="not part of this assessment's rubric"):
        a.set_score(db, aid, v2.criteria()[0].id, 3)


def test_section_notes_and_summary_round_trip(db: Database, ctx: dict[str, int]) -> None:
    aid = a.create_assessment(db, ctx["gaia"], 2026)
    sec = a.get_assessment(db, aid).template.sections[0]
    a.set_section_note(
        db, aid, sec.id, recommendation="Join an EU project", follow_up="Check in Q2"
    )
    a.set_summary_text(
        db, aid, strengths="R&D < 1.44% <b>", weaknesses="Few SMEs", recommendations="Grow"
    )
    detail = a.get_assessment(db, aid)
    assert detail.section_notes[sec.id].recommendation == "Join an EU project"
    assert (detail.strengths, detail.weaknesses) == ("R&D < 1.44% <b>", "Few SMEs")
    assert detail.cluster_contact_email == "info@gaia.example"
