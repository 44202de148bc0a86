"""Migration safety: a database from every released schema upgrades to the current one with every
row kept, after a backup (fixtures: tests/fixtures/schemas, made by make_schema_fixtures.py)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.db import assessments as a
from app.db import directory as d
from app.db import hours as h
from app.db import meetings as m
from app.db.health import check_file
from app.db.migrate import head_revision, known_revisions, open_database
from app.domain.records_hours import EntryFilter

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schemas"
TABLES = [
    "officer",
    "annual_target",
    "cluster",
    "assignment",
    "meeting",
    "agenda_item",
    "decision",
    "action_item",
    "time_entry",
    "assessment",
    "assessment_score",
    "maturity_profile",
    "maturity_score",
]


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def test_there_is_a_fixture_for_every_released_schema() -> None:
    assert {
        p.stem.removeprefix("schema-") for p in FIXTURES.glob("schema-*.sqlite")
    } == known_revisions()


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema-*.sqlite")), ids=lambda p: p.stem)
def test_upgrading_keeps_every_row(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "clusterdesk.sqlite"
    shutil.copy(fixture, path)
    before = counts(path)
    assert before["officer"] == 2 and before["time_entry"] == 2

    db = open_database(path)
    assert counts(path) == before
    assert check_file(path).revision == head_revision()

    # the upgraded file works through the data layer, content intact
    officers = {o.name: o for o in d.list_officers(db)}
    assert officers["Ane Etxeberria"].notes == "R&D < 1.44% <b>"
    assert d.list_clusters(db)[0].notes == "Iñaki € ñ"
    entries = [r for batch in h.iter_entries(db, EntryFilter()) for r in batch]
    assert sorted(r.description for r in entries) == ["=not a formula", "Board meeting"]
    detail = m.get_meeting(db, 1)
    assert detail.agenda[0].notes == "Approved <b>unanimously</b>"
    assert m.search(db, "reunion")[0].meeting_id == 1  # the search index covers old rows
    if before["assessment"]:
        row = a.get_assessment(db, 1).row
        assert (row.status, row.overall) == ("final", 75.0)
    db.dispose()

    stem = fixture.stem.removeprefix("schema-")
    if stem != head_revision():
        backups = list((tmp_path / "backups").glob(f"*before-migration-{stem}*"))
        assert len(backups) == 1 and counts(backups[0]) == before
