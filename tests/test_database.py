"""Connection settings and schema constraints, checked against real SQLite."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.db.database import Database, online_backup
from app.db.models import (
    AnnualTarget,
    Assessment,
    AssessmentScore,
    AssessmentTemplate,
    Cluster,
    MaturityModel,
    MaturityProfile,
    MaturityScore,
    Officer,
    TimeEntry,
)
from app.errors import DatabaseLockedError


def _officer_and_cluster(db: Database) -> tuple[int, int]:
    with db.write() as s:
        o = Officer(name="Jon Agirre", email="jon@example.org")
        c = Cluster(name="GAIA ICT cluster", short_name="GAIA")
        s.add_all([o, c])
        s.flush()
        return o.id, c.id


def test_every_connection_has_the_project_settings(db: Database) -> None:
    with db.read() as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


@pytest.mark.parametrize("minutes", [0, -15, 10, 24 * 60 + 15])
def test_time_entry_minutes_must_be_positive_quarter_hours(db: Database, minutes: int) -> None:
    officer_id, _ = _officer_and_cluster(db)
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(TimeEntry(officer_id=officer_id, entry_date=dt.date(2026, 3, 2), minutes=minutes))
    with db.read() as s:
        assert s.query(TimeEntry).count() == 0


def test_time_entry_needs_a_real_officer(db: Database) -> None:
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(TimeEntry(officer_id=999, entry_date=dt.date(2026, 3, 2), minutes=60))


def test_target_is_unique_per_officer_and_year(db: Database) -> None:
    officer_id, _ = _officer_and_cluster(db)
    with db.write() as s:
        s.add(AnnualTarget(officer_id=officer_id, year=2026, hours=100))
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(AnnualTarget(officer_id=officer_id, year=2026, hours=80))


def test_assessment_scores_stay_on_the_scale(db: Database) -> None:
    _, cluster_id = _officer_and_cluster(db)
    with db.write() as s:
        template = s.query(AssessmentTemplate).one()
        criterion = template.sections[0].criteria[0]
        a = Assessment(cluster_id=cluster_id, plan_year=2026, template_id=template.id)
        s.add(a)
        s.flush()
        assessment_id, criterion_id = a.id, criterion.id
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(AssessmentScore(assessment_id=assessment_id, criterion_id=criterion_id, score=5))
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(
            AssessmentScore(
                assessment_id=assessment_id, criterion_id=criterion_id, score=3, not_applicable=True
            )
        )
    with db.write() as s:
        s.add(AssessmentScore(assessment_id=assessment_id, criterion_id=criterion_id, score=4))


def test_maturity_levels_stay_between_one_and_five(db: Database) -> None:
    _, cluster_id = _officer_and_cluster(db)
    with db.write() as s:
        model = s.query(MaturityModel).one()
        p = MaturityProfile(
            cluster_id=cluster_id, model_id=model.id, assessed_on=dt.date(2026, 5, 1)
        )
        s.add(p)
        s.flush()
        profile_id, dim_id = p.id, model.dimensions[0].id
    for bad in (0, 6):
        with pytest.raises(IntegrityError), db.write() as s:
            s.add(MaturityScore(profile_id=profile_id, dimension_id=dim_id, level=bad))


def test_a_failed_write_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(Officer(name="First", email="first@example.org"))
        s.flush()
        s.add(Officer(name="Second", email="first@example.org"))  # duplicate e-mail
    with db.read() as s:
        assert s.query(Officer).count() == 0


def test_a_locked_database_is_reported_in_plain_words(db: Database) -> None:
    blocker = sqlite3.connect(db.path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    db.engine.dispose()
    slow = Database(db.path)
    # shorten the wait so the test is quick
    with slow.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout = 100")
    try:
        with pytest.raises(DatabaseLockedError, match="busy"), slow.write() as s:
            s.add(Officer(name="X", email="x@example.org"))
    finally:
        blocker.rollback()
        blocker.close()
        slow.dispose()


def test_writers_from_two_threads_queue_instead_of_failing(db: Database) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                with db.write() as s:
                    s.add(Officer(name=f"T{n}-{i}", email=f"t{n}-{i}@example.org"))
        except BaseException as err:  # collected for the assertion below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as s:
        assert s.query(Officer).count() == 40


def test_online_backup_is_a_consistent_copy(db: Database, tmp_path) -> None:
    _officer_and_cluster(db)
    target = online_backup(db.path, tmp_path / "b" / "copy.sqlite")
    con = sqlite3.connect(target)
    assert con.execute("SELECT name FROM officer").fetchall() == [("Jon Agirre",)]
    assert oct(target.stat().st_mode & 0o777) == "0o600"
