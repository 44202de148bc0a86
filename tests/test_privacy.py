"""Privacy: files readable by the user only; what people type never reaches the log."""

from __future__ import annotations

import datetime as dt
import logging
import stat
from pathlib import Path

import pytest

from app.db import directory as d
from app.db import meetings as m
from app.db.backup import backup_now
from app.db.database import Database
from app.db.hours_import import plan_import
from app.domain.records import ClusterInput
from app.domain.records_meetings import MeetingInput
from app.errors import ValidationError
from app.logging_setup import setup_logging

SECRET = "CONFIDENTIAL-merger-with-Ikerlan-7731"


def test_database_backups_and_logs_are_private(db: Database, isolated_home: Path) -> None:
    assert stat.S_IMODE(db.path.stat().st_mode) == 0o600
    backup = backup_now(db.path)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700


def test_note_text_never_reaches_the_log(
    db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    setup_logging()
    caplog.set_level(logging.DEBUG)
    cluster = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    start = dt.datetime(2026, 3, 10, 10)
    mid = m.create_meeting(db, MeetingInput(cluster, start, start + dt.timedelta(hours=2)))
    item = m.add_agenda_item(db, mid, "Strategy")
    m.set_agenda_notes(db, item, f"Board discussed {SECRET} in confidence")
    m.add_decision(db, mid, f"Approve {SECRET}")
    with pytest.raises(ValidationError):
        m.set_agenda_notes(db, item, SECRET * 20_000)  # too long: refused, and logged?
    bad = tmp_path / "hours.csv"
    bad.write_text(
        f"fecha;técnico;horas;descripción\n31/02/2026;Nobody;30;{SECRET}\n", encoding="utf-8"
    )
    plan = plan_import(db, bad, officer=None)
    assert plan.problems
    backup_now(db.path)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert caplog.records, "the operations above should have logged something"
    assert SECRET not in logged
