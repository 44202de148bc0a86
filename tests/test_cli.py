"""Every command of the headless CLI, in-process and (for the entry points) as a real process."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli import run
from app.db import directory as d
from app.db.migrate import open_database
from app.domain.records import ClusterInput, OfficerInput

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> int:
    return run(list(args))


def test_version_from_main_py_as_a_real_process() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    assert out.stdout.strip() == f"ClusterDesk {__version__}"


def test_officers_and_clusters_list_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(db_path)
    d.create_officer(db, OfficerInput("Iñaki Goikoetxea", "inaki@spri.example.eus"))
    d.create_cluster(
        db, ClusterInput("Basque Health Cluster", "BHC", contact_email="info@bhc.example.eus")
    )
    db.dispose()

    assert cli("--db", str(db_path), "officers", "list", "--json") == 0
    officers = json.loads(capsys.readouterr().out)
    assert [(o["name"], o["email"]) for o in officers] == [
        ("Iñaki Goikoetxea", "inaki@spri.example.eus")
    ]
    assert isinstance(officers[0]["id"], int)

    assert cli("--db", str(db_path), "clusters", "list", "--json") == 0
    clusters = json.loads(capsys.readouterr().out)
    assert [(c["name"], c["short_name"], c["contact_email"]) for c in clusters] == [
        ("Basque Health Cluster", "BHC", "info@bhc.example.eus")
    ]

    assert cli("--db", str(db_path), "clusters", "list") == 0
    table = capsys.readouterr().out
    assert "BHC" in table and "Basque Health Cluster" in table


def test_db_from_environment_variable(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLUSTERDESK_DB", str(db_path))
    assert cli("officers", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert db_path.exists()


def test_default_database_lives_under_the_data_folder(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("clusters", "list", "--json") == 0
    assert (isolated_home / "data" / "clusterdesk.sqlite").exists()


def test_check_good_file(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_database(db_path).dispose()
    assert cli("--db", str(db_path), "check") == 0
    out = capsys.readouterr().out
    assert out.startswith("OK:") and "integrity ok" in out and "(current)" in out


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.sqlite"
    assert cli("--db", str(missing), "check") == 1
    err = capsys.readouterr().err
    assert err.startswith("clusterdesk: There is no database")
    assert "Traceback" not in err
    assert not missing.exists()


def test_check_damaged_file(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(db_path)
    for i in range(300):
        d.create_officer(db, OfficerInput(f"Officer {i}", f"o{i}@example.org", notes="x" * 500))
    db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 2 * page):  # wreck several b-tree pages
        data[offset : offset + 200] = os.urandom(200)
    db_path.write_bytes(bytes(data))
    assert cli("--db", str(db_path), "check") == 1
    err = capsys.readouterr().err
    assert "damaged" in err or "not a ClusterDesk database" in err
    assert "Traceback" not in err


def test_check_newer_file(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    con.commit()
    con.close()
    assert cli("--db", str(db_path), "check") == 1
    assert "newer version of ClusterDesk" in capsys.readouterr().err


def test_check_non_clusterdesk_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "photo.sqlite"
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    assert cli("--db", str(other), "check") == 1
    assert "not a ClusterDesk database" in capsys.readouterr().err


def test_demo_fills_an_empty_database_once(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("--db", str(db_path), "demo") == 0
    assert "Demo data loaded" in capsys.readouterr().out
    db = open_database(db_path)
    officers, clusters = d.list_officers(db), d.list_clusters(db)
    before = d.summary(db)
    db.dispose()
    assert len(officers) >= 8 and len(clusters) >= 20
    assert before.time_entries > 0 and before.meetings > 0

    assert cli("--db", str(db_path), "demo") == 1
    err = capsys.readouterr().err
    assert "already holds data" in err and "Traceback" not in err
    db = open_database(db_path)
    assert d.summary(db) == before
    db.dispose()


def test_screenshots_writes_every_page(db_path: Path, tmp_path: Path, qapp) -> None:  # noqa: ANN001
    open_database(db_path).dispose()
    out = tmp_path / "shots"
    assert cli("--db", str(db_path), "screenshots", "--out", str(out), "--size", "1000x700") == 0
    names = {p.stem for p in out.glob("*.png")}
    assert {
        "dashboard",
        "hours",
        "meetings",
        "assessments",
        "maturity",
        "clusters",
        "officers",
    } <= names
    from PySide6.QtGui import QImage

    img = QImage(str(out / "clusters.png"))
    assert (img.width(), img.height()) == (1000, 700)


def test_bad_size_is_a_clear_error(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("--db", str(db_path), "screenshots", "--out", "x", "--size", "big") == 1
    assert "WIDTHxHEIGHT" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli("frobnicate")
    assert info.value.code == 2


def test_backup_backups_list_and_restore(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(db_path)
    d.create_officer(db, OfficerInput("Ane", "ane@example.org"))
    db.dispose()
    assert cli("--db", str(db_path), "backup") == 0
    assert "Backup written to" in capsys.readouterr().out
    assert cli("--db", str(db_path), "backups", "list", "--json") == 0
    (info,) = [b for b in json.loads(capsys.readouterr().out) if b["reason"] == "manual"]
    assert info["ok"] is True and info["revision"]

    db = open_database(db_path)  # a change after the backup
    d.create_officer(db, OfficerInput("Jon", "jon@example.org"))
    db.dispose()
    assert cli("--db", str(db_path), "restore", info["path"]) == 0
    out = capsys.readouterr().out
    assert "The data it replaced is kept in" in out
    db = open_database(db_path)
    assert [o.name for o in d.list_officers(db)] == ["Ane"]
    db.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(db_path).dispose()
    before = db_path.read_bytes()
    photo = tmp_path / "holiday.sqlite"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    assert cli("--db", str(db_path), "restore", str(photo)) == 1
    err = capsys.readouterr().err
    assert "is not a ClusterDesk backup" in err and "Traceback" not in err
    assert db_path.read_bytes() == before


def test_backup_to_a_file_never_overwrites(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(db_path).dispose()
    target = tmp_path / "copy.sqlite"
    assert cli("--db", str(db_path), "backup", str(target)) == 0
    assert cli("--db", str(db_path), "backup", str(target)) == 1
    assert "clusterdesk:" in capsys.readouterr().err


def test_check_a_database_in_a_folder_with_uri_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "we#ird?dir %20"
    folder.mkdir()
    path = folder / "x.sqlite"
    open_database(path).dispose()
    assert cli("--db", str(path), "check") == 0
    assert "integrity ok" in capsys.readouterr().out
    # nothing opened (or created) a file elsewhere, e.g. "we" cut at the "#"
    assert {p.name for p in tmp_path.iterdir()} <= {"home", "we#ird?dir %20"}
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith("x.sqlite")) == []
