"""Backups and restore on real SQLite files (app.db.backup): consistent copies while writing,
private permissions, the daily backup, the grandfather-father-son rotation over a simulated year,
every kind of file a restore must refuse, and restores that never lose the current data."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import backup as b
from app.db import directory as d
from app.db.database import Database
from app.db.demo import load_demo
from app.db.health import check_file
from app.db.migrate import head_revision, open_database, upgrade
from app.domain.records import OfficerInput
from app.errors import (
    DatabaseDamagedError,
    DatabaseLockedError,
    DatabaseNewerError,
    KnownError,
    NotAClusterDeskDatabaseError,
)

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[1]

NOW = dt.datetime(2026, 11, 29, 10, 30, 0)
TODAY = NOW.date()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def count(path: Path, table: str) -> int:
    return int(rows(path, f"SELECT count(*) FROM {table}")[0][0])


def officer_names(path: Path) -> set[str]:
    return {r[0] for r in rows(path, "SELECT name FROM officer")}


def companions(path: Path) -> list[str]:
    return [s for s in ("-wal", "-shm", "-journal") if path.with_name(path.name + s).exists()]


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    db = open_database(db_path)
    load_demo(db, today=TODAY)
    db.dispose()
    return db_path


# =========================================================================== taking backups
def test_backup_now_is_consistent_while_another_connection_writes(db: Database) -> None:
    """A writer thread commits batches of 10 officers; every backup holds whole batches only,
    passes its integrity check and never holds fewer batches than the one before."""
    stop = threading.Event()
    errors: list[BaseException] = []
    committed = [0]

    def writer() -> None:
        batch = 0
        try:
            while not stop.is_set():
                with db.write() as s:
                    for i in range(10):
                        s.execute(
                            text(
                                "INSERT INTO officer (name, email, role, active, phone, notes) "
                                "VALUES (:n, :e, 'officer', 1, '', '')"
                            ),
                            {"n": f"batch {batch} #{i}", "e": f"w{batch}-{i}@example.org"},
                        )
                batch += 1
                committed[0] = batch
        except BaseException as err:  # reported below
            errors.append(err)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while committed[0] < 5:
            threading.Event().wait(0.01)
        seen: list[int] = []
        for n in range(8):
            path = b.backup_now(db.path, now=NOW + dt.timedelta(seconds=n))
            per_batch = rows(
                path,
                "SELECT substr(name, 1, instr(name, ' #') - 1), count(*) FROM officer GROUP BY 1",
            )
            assert per_batch, "the backup holds the batches committed before it"
            assert {c for _batch, c in per_batch} == {10}, "a batch was copied half-written"
            assert rows(path, "PRAGMA integrity_check") == [("ok",)]
            seen.append(len(per_batch))
    finally:
        stop.set()
        thread.join(timeout=30)
    assert errors == []
    assert seen == sorted(seen) and seen[-1] > seen[0], seen
    assert len(b.list_backups(db.path)) == 8


def test_backups_are_private_files_in_a_private_folder(db: Database) -> None:
    folder = db.path.parent / "backups"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)  # made by someone else, too open
    path = b.backup_now(db.path, now=NOW)
    assert path.parent == folder
    assert path.name == "clusterdesk-2026-11-29T103000-manual.sqlite"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]
    assert companions(path) == []  # one self-contained file
    assert rows(path, "PRAGMA journal_mode") == [("delete",)]
    # the same second again: a new name, the first file untouched
    before = path.read_bytes()
    second = b.backup_now(db.path, now=NOW)
    assert second != path and second.name == "clusterdesk-2026-11-29T103000_1-manual.sqlite"
    assert path.read_bytes() == before


def test_backup_of_a_missing_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="There is no database"):
        b.backup_now(tmp_path / "nothing.sqlite")


def test_backup_to_a_chosen_file_never_overwrites_unasked(db: Database, tmp_path: Path) -> None:
    d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org"))
    target = tmp_path / "usb" / "copy.sqlite"
    target.parent.mkdir()
    assert b.backup_to(db.path, target) == target
    assert officer_names(target) == {"Ane Etxeberria"}
    with pytest.raises(KnownError, match="already exists"):
        b.backup_to(db.path, target)
    d.create_officer(db, OfficerInput("Jon Agirre", "jon@example.org"))
    b.backup_to(db.path, target, overwrite=True)
    assert officer_names(target) == {"Ane Etxeberria", "Jon Agirre"}
    assert [p.name for p in target.parent.iterdir()] == ["copy.sqlite"]


def test_daily_backup_only_once_per_day(db: Database) -> None:
    first = b.daily_backup_if_due(db.path, now=NOW)
    assert first is not None and first.name.endswith("-daily.sqlite")
    assert b.daily_backup_if_due(db.path, now=NOW.replace(hour=18)) is None
    assert b.daily_backup_if_due(db.path, now=NOW.replace(hour=23, minute=59)) is None
    tomorrow = NOW + dt.timedelta(days=1)
    second = b.daily_backup_if_due(db.path, now=tomorrow.replace(hour=8))
    assert second is not None and second != first
    # a backup made by hand earlier that day counts as the day's backup
    b.backup_now(db.path, now=NOW + dt.timedelta(days=2, hours=-2))
    assert b.daily_backup_if_due(db.path, now=NOW + dt.timedelta(days=2)) is None
    assert len(b.list_backups(db.path)) == 3


def test_no_daily_backup_without_a_database(tmp_path: Path) -> None:
    assert b.daily_backup_if_due(tmp_path / "missing.sqlite", now=NOW) is None
    assert not (tmp_path / "backups").exists()


# =========================================================================== rotation
def expected_gfs(days: list[dt.date], today: dt.date) -> set[dt.date]:
    """The calendar GFS set for one backup a day: the last 7 days, the newest day of each of
    the last 4 ISO weeks, the newest day of each of the last 12 months."""
    have = set(days)
    keep = {today - dt.timedelta(days=n) for n in range(7)} & have
    monday = today - dt.timedelta(days=today.weekday())
    for w in range(4):
        start = monday - dt.timedelta(weeks=w)
        week = [start + dt.timedelta(days=i) for i in range(7)]
        keep.add(max(x for x in week if x in have))
    y, m = today.year, today.month
    for _ in range(12):
        keep.add(max(x for x in have if (x.year, x.month) == (y, m)))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return keep


def test_prune_keeps_exactly_the_gfs_set_over_a_simulated_year(db: Database) -> None:
    template = b.backup_now(db.path, now=dt.datetime(2020, 1, 1))
    folder = template.parent
    template = template.rename(folder / "template.sqlite.bak")  # not a backup name: ignored
    start = TODAY - dt.timedelta(days=364)
    days = [start + dt.timedelta(days=n) for n in range(365)]
    for day in days:  # as the app does: a daily backup at the first start, then a prune
        when = dt.datetime.combine(day, dt.time(9, 0))
        shutil.copyfile(template, folder / b.backup_file_name("clusterdesk", when, b.DAILY))
        deleted = b.prune(folder, b.BackupPolicy(), now=when.replace(hour=9, minute=1))
        newest = folder / b.backup_file_name("clusterdesk", when, b.DAILY)
        assert newest.exists() and newest not in deleted
    kept = sorted(b.parse_backup_name(p.name).taken_at.date() for p in folder.glob("*.sqlite"))
    assert set(kept) == expected_gfs(days, TODAY)
    assert len(kept) == len(set(kept)) and 17 <= len(kept) <= 23
    assert template.exists()
    # pruning again changes nothing
    assert b.prune(folder, now=dt.datetime.combine(TODAY, dt.time(12))) == []


def test_prune_counts_every_kind_keeps_migrations_and_never_the_newest(db: Database) -> None:
    template = b.backup_now(db.path, now=dt.datetime(2020, 1, 1))
    folder = template.parent
    template = template.rename(folder / "template.bak")

    def put(name: str) -> Path:
        path = folder / name
        shutil.copyfile(template, path)
        return path

    # five pre-migration copies (both naming styles), two years old
    migrations = [
        put(f"clusterdesk-before-migration-000{n}-2024010{n}-120000.sqlite") for n in range(1, 4)
    ] + [
        put(b.backup_file_name("clusterdesk", dt.datetime(2024, 2, n, 12), b.BEFORE_MIGRATION))
        for n in (1, 2)
    ]
    for n in range(1, 400):  # a daily backup every day for more than a year
        put(b.backup_file_name("clusterdesk", NOW - dt.timedelta(days=n), b.DAILY))
    manual_today = put(b.backup_file_name("clusterdesk", NOW.replace(hour=8), b.MANUAL))
    daily_today = put(b.backup_file_name("clusterdesk", NOW.replace(hour=7), b.DAILY))
    foreign = put("my own copy.sqlite")
    other_db = put(b.backup_file_name("other", dt.datetime(2023, 1, 1), b.DAILY))
    deleted = b.prune(folder, now=NOW)
    # the newest of the day is the manual one: the daily of the same day goes
    assert daily_today in deleted and manual_today.exists()
    # older than every rotation period: only the newest three pre-migration copies stay
    assert [p.exists() for p in migrations] == [False, False, True, True, True]
    assert foreign.exists() and other_db.exists()  # never other names or other databases

    # a lone ancient backup is the newest of its database: never deleted
    assert b.prune(folder, now=dt.datetime(2030, 1, 1)) == []
    assert other_db.exists()


# =========================================================================== checking files
def corrupt(path: Path) -> None:
    """Scribble over the middle of the officer table's root page (the header stays valid)."""
    root = rows(path, "SELECT rootpage FROM sqlite_master WHERE name = 'officer'")[0][0]
    size = rows(path, "PRAGMA page_size")[0][0]
    with path.open("r+b") as fh:
        fh.seek((root - 1) * size + 8)
        fh.write(b"\xff\x13" * (size // 4))


@pytest.fixture
def good_backup(db: Database) -> Path:
    for n in range(30):
        d.create_officer(db, OfficerInput(f"Officer {n}", f"o{n}@example.org"))
    return b.backup_now(db.path, now=NOW)


def test_list_backups_reads_reason_schema_and_quick_check(good_backup: Path, db: Database) -> None:
    older = b.backup_now(db.path, reason=b.DAILY, now=NOW - dt.timedelta(days=1))
    bad = shutil.copyfile(
        good_backup,
        good_backup.with_name(
            b.backup_file_name("clusterdesk", NOW + dt.timedelta(hours=1), b.MANUAL)
        ),
    )
    corrupt(bad)
    listed = b.list_backups(db.path)
    assert [i.path for i in listed] == [bad, good_backup, older]
    assert [i.ok for i in listed] == [False, True, True]
    assert listed[0].problem and "damaged" in listed[0].problem
    assert listed[1].reason == "manual" and listed[2].reason == "daily"
    assert listed[1].revision == head_revision() and listed[1].size == good_backup.stat().st_size
    assert listed[1].taken_at == NOW
    assert b.newest_good_backup(db.path).path == good_backup


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        ("missing", KnownError, "There is no file"),
        ("folder", KnownError, "is a folder"),
        ("huge", KnownError, "larger than a ClusterDesk backup can be"),
        ("text", NotAClusterDeskDatabaseError, "not a database file"),
        ("foreign", NotAClusterDeskDatabaseError, "not one of ClusterDesk's"),
        ("empty-sqlite", NotAClusterDeskDatabaseError, "empty database"),
        ("newer", DatabaseNewerError, "newer version of ClusterDesk"),
        ("damaged", DatabaseDamagedError, "damaged"),
    ],
)
def test_validate_backup_refuses_each_bad_file_with_its_reason(
    good_backup: Path, tmp_path: Path, make: str, error: type[Exception], words: str
) -> None:
    path = tmp_path / "chosen" / "file.sqlite"
    path.parent.mkdir()
    if make == "folder":
        path.mkdir()
    elif make == "huge":
        with path.open("wb") as fh:
            fh.truncate(2 * 1024**3 + 1)  # sparse
    elif make == "text":
        path.write_text("Fecha;Técnico;Horas\n03/03/2026;Ane;2,5\n" * 50, encoding="utf-8")
    elif make == "foreign":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE notes (x)")
        con.commit()
        con.close()
    elif make == "empty-sqlite":
        con = sqlite3.connect(path)
        con.execute("PRAGMA user_version = 1")
        con.commit()
        con.close()
    elif make == "newer":
        shutil.copyfile(good_backup, path)
        con = sqlite3.connect(path)
        con.execute("UPDATE alembic_version SET version_num = '9999'")
        con.commit()
        con.close()
    elif make == "damaged":
        shutil.copyfile(good_backup, path)
        corrupt(path)
    before = path.read_bytes() if path.is_file() and make != "huge" else None
    with pytest.raises(error, match=words):
        b.validate_backup(path)
    if before is not None:
        assert path.read_bytes() == before  # checking changes nothing
    assert b.validate_backup(good_backup).ok


def test_paths_with_uri_characters_are_checked_as_themselves(
    good_backup: Path, tmp_path: Path
) -> None:
    """'#', '?' and '%' in a folder name must not make SQLite open (and create) another file."""
    odd = tmp_path / "#2026 100% ?copies"
    odd.mkdir()
    copy = Path(shutil.copyfile(good_backup, odd / "b.sqlite"))
    before = {p for p in tmp_path.rglob("*")}
    assert b.validate_backup(copy).revision == head_revision()
    corrupt(copy)
    with pytest.raises(DatabaseDamagedError):
        b.validate_backup(copy)
    assert b.quick_check(copy) != []
    assert {p for p in tmp_path.rglob("*")} == before


# =========================================================================== restoring
def test_restore_round_trip_backs_up_the_current_data_first(demo_db: Path) -> None:
    entries, meetings = count(demo_db, "time_entry"), count(demo_db, "meeting")
    assert entries > 500
    backup = b.backup_now(demo_db, now=NOW)
    db = open_database(demo_db)  # the user goes on working after the backup
    d.create_officer(db, OfficerInput("Added after the backup", "after@example.org"))
    with db.write() as s:
        s.execute(text("DELETE FROM time_entry WHERE id % 2 = 0"))
    db.dispose()  # the caller closes its engine before restoring
    changed_entries = count(demo_db, "time_entry")
    assert changed_entries < entries

    safety = b.restore(demo_db, backup, now=NOW + dt.timedelta(hours=1))

    assert safety is not None and safety.name.endswith("-before-restore.sqlite")
    assert oct(safety.stat().st_mode & 0o777) == "0o600"
    assert "Added after the backup" in officer_names(safety)  # nothing lost
    assert count(safety, "time_entry") == changed_entries
    assert count(demo_db, "time_entry") == entries and count(demo_db, "meeting") == meetings
    assert "Added after the backup" not in officer_names(demo_db)
    assert check_file(demo_db).up_to_date
    assert companions(demo_db) == []
    assert not [p for p in demo_db.parent.iterdir() if p.name.endswith(".part")]
    assert oct(demo_db.stat().st_mode & 0o777) == "0o600"
    db = open_database(demo_db)  # and the app opens it as usual (WAL again)
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("SELECT count(*) FROM time_entry")).scalar() == entries
    db.dispose()
    # the restore can itself be undone
    b.restore(demo_db, safety, now=NOW + dt.timedelta(hours=2))
    assert "Added after the backup" in officer_names(demo_db)
    assert count(demo_db, "time_entry") == changed_entries


WAL_CHILD = """
import sqlite3, sys, os
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA journal_mode = WAL")
con.execute("PRAGMA wal_autocheckpoint = 0")
con.execute(
    "INSERT INTO officer (name, email, role, active, phone, notes) "
    "VALUES ('Only in the WAL', 'wal@example.org', 'officer', 1, '', '')"
)
print("COMMITTED", flush=True)
os._exit(0)  # no close, no checkpoint: the -wal and -shm stay behind as after a crash
"""


def test_restore_with_a_stale_wal_keeps_its_commits_and_leaves_no_wal(demo_db: Path) -> None:
    backup = b.backup_now(demo_db, now=NOW)
    out = subprocess.run(
        [sys.executable, "-c", WAL_CHILD, str(demo_db)], capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == "COMMITTED", out.stderr
    wal = demo_db.with_name(demo_db.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    assert "Only in the WAL" in officer_names(demo_db)  # a reader sees it through the WAL

    safety = b.restore(demo_db, backup, now=NOW + dt.timedelta(minutes=5))

    assert safety is not None and "Only in the WAL" in officer_names(safety)
    assert companions(demo_db) == []  # no stale WAL beside the new file
    assert "Only in the WAL" not in officer_names(demo_db)
    assert check_file(demo_db).up_to_date
    assert check_file(safety).up_to_date


def test_restore_of_an_older_schema_migrates_it_and_keeps_its_rows(
    db_path: Path, tmp_path: Path
) -> None:
    old = tmp_path / "usb stick" / "clusterdesk-2024.sqlite"
    old.parent.mkdir()
    upgrade(old, "0001")  # a database as the first release left it
    con = sqlite3.connect(old)
    con.execute(
        "INSERT INTO officer (name, email, role, active, phone, notes) "
        "VALUES ('Ane from 2024', 'ane@example.org', 'officer', 1, '', '')"
    )
    con.commit()
    con.close()
    old_bytes = old.read_bytes()
    db = open_database(db_path)
    d.create_officer(db, OfficerInput("Current officer", "current@example.org"))
    db.dispose()

    safety = b.restore(db_path, old, now=NOW)

    assert officer_names(db_path) == {"Ane from 2024"}
    assert rows(db_path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert check_file(db_path).up_to_date
    assert safety is not None and officer_names(safety) == {"Current officer"}
    before_migration = [i for i in b.list_backups(db_path) if i.reason == b.BEFORE_MIGRATION]
    assert len(before_migration) == 1 and before_migration[0].revision == "0001"
    assert officer_names(before_migration[0].path) == {"Ane from 2024"}
    assert old.read_bytes() == old_bytes  # the chosen file itself is never changed
    open_database(db_path).dispose()  # already current: no second migration
    assert len([i for i in b.list_backups(db_path) if i.reason == b.BEFORE_MIGRATION]) == 1


@pytest.mark.parametrize("holder", ["writing", "reading", "idle"])
def test_restore_is_refused_while_another_connection_uses_the_file(
    good_backup: Path, db: Database, holder: str
) -> None:
    d.create_officer(db, OfficerInput("Kept as it is", "kept@example.org"))
    db.dispose()
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")
    if holder == "writing":
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "INSERT INTO officer (name, email, role, active, phone, notes) "
            "VALUES ('Uncommitted', 'u@example.org', 'officer', 1, '', '')"
        )
    elif holder == "reading":
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM officer").fetchall()
    files = {p.name: p.read_bytes() for p in db.path.parent.iterdir() if p.is_file()}
    backups = sorted(p.name for p in good_backup.parent.iterdir())
    try:
        with pytest.raises(DatabaseLockedError, match="nothing was changed"):
            b.restore(db.path, good_backup, now=NOW + dt.timedelta(hours=1))
        assert db.path.read_bytes() == files[db.path.name]  # byte-identical
        assert sorted(p.name for p in good_backup.parent.iterdir()) == backups
        assert not [p for p in db.path.parent.iterdir() if ".restore-" in p.name]
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    assert "Kept as it is" in officer_names(db.path)
    assert rows(db.path, "PRAGMA journal_mode") == [("wal",)]  # handed back as it was
    # once the other program is gone, the same restore works
    assert b.restore(db.path, good_backup, now=NOW + dt.timedelta(hours=2)) is not None
    assert "Kept as it is" not in officer_names(db.path)


def test_restore_refuses_a_bad_backup_and_changes_nothing(good_backup: Path, db: Database) -> None:
    db.dispose()
    bad = shutil.copyfile(good_backup, good_backup.with_name("damaged.sqlite"))
    corrupt(bad)
    before = db.path.read_bytes()
    listing = sorted(p.name for p in good_backup.parent.iterdir())
    with pytest.raises(DatabaseDamagedError):
        b.restore(db.path, bad)
    assert db.path.read_bytes() == before
    assert sorted(p.name for p in good_backup.parent.iterdir()) == listing
    with pytest.raises(KnownError, match="the database itself"):
        b.restore(db.path, db.path)


def test_restore_over_a_file_sqlite_cannot_read_keeps_its_bytes(
    good_backup: Path, db: Database
) -> None:
    db.dispose()
    garbage = b"not a database any more, the header was overwritten " * 200
    db.path.write_bytes(garbage)
    safety = b.restore(db.path, good_backup, now=NOW + dt.timedelta(hours=1))
    assert safety is not None and safety.read_bytes() == garbage  # copied byte for byte
    assert check_file(db.path).up_to_date
    assert count(db.path, "officer") == 30


def test_restore_when_the_database_file_is_lost(good_backup: Path, db: Database) -> None:
    db.dispose()
    db.path.unlink()
    for suffix in ("-wal", "-shm"):
        db.path.with_name(db.path.name + suffix).unlink(missing_ok=True)
    assert b.restore(db.path, good_backup) is None  # nothing to protect
    assert count(db.path, "officer") == 30
    assert check_file(db.path).up_to_date


def test_quick_check_at_start(db: Database, good_backup: Path) -> None:
    assert b.quick_check(db.path) == []
    db.dispose()
    bad = shutil.copyfile(good_backup, db.path.with_name("bad.sqlite"))
    corrupt(bad)
    assert b.quick_check(bad) != []


# =========================================================================== where the file lives
def test_data_folder_warning(tmp_path: Path) -> None:
    synced = b.data_folder_warning(Path("/home/ane/Dropbox (SPRI)/ClusterDesk/clusterdesk.sqlite"))
    assert synced is not None and "Dropbox" in synced and "synced" in synced
    assert "OneDrive" in b.data_folder_warning(Path("C:/Users/ane/OneDrive - SPRI/cd.sqlite"))
    assert b.data_folder_warning(tmp_path / "clusterdesk.sqlite") is None
    mounts = (
        "/dev/sda1 / ext4 rw 0 0\n"
        "server:/export /mnt/shared nfs4 rw 0 0\n"
        "//nas/spri /mnt/nas\\040drive cifs rw 0 0\n"
    )
    assert b._mount_type(Path("/mnt/shared/cd/clusterdesk.sqlite"), mounts) == "nfs4"
    assert b._mount_type(Path("/mnt/nas drive/x.sqlite"), mounts) == "cifs"
    assert b._mount_type(Path("/home/ane/x.sqlite"), mounts) == "ext4"


def test_backup_names_round_trip() -> None:
    name = b.backup_file_name("clusterdesk", NOW, b.BEFORE_RESTORE, 2)
    assert name == "clusterdesk-2026-11-29T103000_2-before-restore.sqlite"
    parsed = b.parse_backup_name(name)
    assert parsed == b.BackupName("clusterdesk", NOW, 2, b.BEFORE_RESTORE)
    mig = b.parse_backup_name("my-db-before-migration-0003-20261129-103000.sqlite")
    assert mig == b.BackupName("my-db", NOW, 0, b.BEFORE_MIGRATION)
    assert b.parse_backup_name("clusterdesk.sqlite") is None
    assert b.parse_backup_name("clusterdesk-2026-13-45T999999-manual.sqlite") is None
    assert os.sep not in name


FULL_DISK_CHILD = """
import resource, sys
sys.path.insert(0, sys.argv[4])
from pathlib import Path
from app.db.backup import restore
from app.errors import KnownError
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # files can grow no larger
try:
    restore(Path(sys.argv[1]), Path(sys.argv[2]))
    print("RESTORED")
except KnownError as err:
    print("REFUSED", err)
"""


def test_a_restore_that_cannot_write_its_safety_copy_changes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    """A real write failure (the file-size limit, as on a full disk) while the current data is
    being backed up: the restore stops and the current file keeps all its data, in WAL mode."""
    db = open_database(db_path)
    small = b.backup_now(db_path, now=NOW)  # of the empty database
    load_demo(db, today=TODAY)  # the current data grows far beyond the backup
    db.dispose()
    names, entries = officer_names(db_path), count(db_path, "time_entry")
    limit = small.stat().st_size + 64 * 1024
    assert db_path.stat().st_size > 2 * limit
    out = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, str(db_path), str(small), str(limit), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.stdout.startswith("REFUSED"), out.stdout + out.stderr
    assert officer_names(db_path) == names and count(db_path, "time_entry") == entries
    assert check_file(db_path).up_to_date
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert [i.reason for i in b.list_backups(db_path)] == ["manual"]  # no half safety copy
    leftovers = [p.name for p in tmp_path.rglob("*.part")]
    assert leftovers == []


def test_prune_removes_copies_left_half_written_by_a_crash(db: Database) -> None:
    backup = b.backup_now(db.path, now=NOW)
    old = backup.parent / ".clusterdesk-abc123.part"
    fresh = backup.parent / ".clusterdesk-def456.part"
    for p in (old, fresh):
        p.write_bytes(b"half a copy")
    day_ago = NOW.timestamp() - 2 * 86400
    os.utime(old, (day_ago, day_ago))
    os.utime(fresh, None)
    b.prune(backup.parent, now=NOW)
    assert not old.exists() and fresh.exists() and backup.exists()


def test_the_open_database_object_works_on_after_dispose_and_restore(db: Database) -> None:
    """How the main window restores: dispose its engine, restore, and go on with the same
    ``Database`` (pages keep references to it); new connections open the restored file."""
    d.create_officer(db, OfficerInput("In the backup", "in@example.org"))
    backup = b.backup_now(db.path, now=NOW)
    d.create_officer(db, OfficerInput("Added later", "later@example.org"))
    db.dispose()
    b.restore(db.path, backup, now=NOW + dt.timedelta(minutes=1))
    with db.read() as s:
        names = {r[0] for r in s.execute(text("SELECT name FROM officer"))}
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert names == {"In the backup"}
    d.create_officer(db, OfficerInput("After the restore", "after@example.org"))
    assert officer_names(db.path) == {"In the backup", "After the restore"}
