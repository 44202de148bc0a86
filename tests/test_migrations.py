"""Migrations build the schema from nothing, back up before upgrading, refuse newer files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.db.database import APPLICATION_ID, integrity_check
from app.db.fts import include_in_autogenerate
from app.db.migrate import head_revision, open_database, upgrade
from app.db.models import Base
from app.errors import DatabaseError, DatabaseNewerError, NotAClusterDeskDatabaseError


def test_new_database_gets_the_whole_schema(db_path: Path) -> None:
    db = open_database(db_path)
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": include_in_autogenerate})
        diff = compare_metadata(ctx, Base.metadata)
    db.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_rubric_and_maturity_model_are_loaded(db_path: Path) -> None:
    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)
    sections = [r[0] for r in con.execute("SELECT name FROM template_section ORDER BY position")]
    assert sections == [
        "Internationalisation",
        "Technological Innovation",
        "Business Innovation",
        "Talent",
    ]
    # every criterion has a descriptor for each level 0..4, and a positive weight
    assert (
        con.execute("SELECT count(*) FROM template_criterion WHERE weight <= 0").fetchone()[0] == 0
    )
    per_criterion = con.execute(
        "SELECT min(n), max(n) FROM (SELECT count(*) n FROM criterion_level GROUP BY criterion_id)"
    ).fetchone()
    assert per_criterion == (5, 5)
    dims = con.execute("SELECT count(*) FROM maturity_dimension").fetchone()[0]
    assert dims == 7
    levels = con.execute("SELECT min(level), max(level), count(*) FROM maturity_level").fetchone()
    assert levels == (1, 5, 35)


def test_reopening_does_not_migrate_or_back_up_again(db_path: Path) -> None:
    open_database(db_path).dispose()
    open_database(db_path).dispose()
    assert not (db_path.parent / "backups").exists()


def test_upgrade_backs_up_first_and_keeps_data(db_path: Path) -> None:
    upgrade(db_path, "0001")  # a database as the first release left it
    con = sqlite3.connect(db_path)
    con.execute(
        "INSERT INTO officer (name, email, role, active, phone, notes) "
        "VALUES ('Ane', 'ane@example.org', 'officer', 1, '', '')"
    )
    con.commit()
    con.close()

    open_database(db_path).dispose()

    backups = list((db_path.parent / "backups").glob("*-before-migration-0001-*.sqlite"))
    assert len(backups) == 1
    assert integrity_check(backups[0]) == []
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert old.execute("SELECT name FROM officer").fetchall() == [("Ane",)]
    new = sqlite3.connect(db_path)
    assert new.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert new.execute("SELECT name FROM officer").fetchall() == [("Ane",)]


def test_database_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseNewerError, match="newer version of ClusterDesk"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    with pytest.raises(NotAClusterDeskDatabaseError, match="not one of ClusterDesk's"):
        open_database(db_path)


def test_garbage_file_is_refused_untouched(db_path: Path) -> None:
    db_path.write_bytes(b"this is a spreadsheet, honest\n" * 100)
    before = db_path.read_bytes()
    with pytest.raises(NotAClusterDeskDatabaseError, match="not a ClusterDesk database"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="folder .* does not exist"):
        open_database(tmp_path / "nowhere" / "db.sqlite")
