"""Backups of the database file: take them, rotate them, list them, check them, restore one.

No Qt here; the GUI runs these functions on the database worker and the CLI calls them directly.

Backups live in ``backup_dir_for(db_path)`` (a ``backups`` folder beside the database, 0700),
one self-contained SQLite file each (rollback journal, no ``-wal``; 0600), named::

    <db stem>-<YYYY-MM-DD>T<HHMMSS>[_<n>]-<reason>.sqlite   e.g. clusterdesk-2026-11-29T103000-manual.sqlite

``app.db.migrate`` names its own pre-migration copies ``<stem>-before-migration-<rev>-<stamp>``;
both forms are recognised. Files with other names in the folder are never touched.

Every copy is made with SQLite's online backup API (a consistent snapshot even while ClusterDesk
writes), written to a temporary file, flushed to disk, checked with ``PRAGMA integrity_check`` and
only then given its final name, so a backup file is either complete and checked or absent.

``restore`` never overwrites anything without a backup first and is all or nothing: the chosen
backup is copied (and, if older, migrated) into a temporary file beside the database; only then is
the current file locked, backed up ("before-restore") and atomically replaced. Any failure before
the final rename leaves the current file as it was.

Paths are opened with properly quoted ``file:`` URIs: a folder named ``#2026`` or ``100%`` must
not make SQLite open (and create) a different file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.config import backup_dir_for
from app.db.database import APPLICATION_ID, BUSY_TIMEOUT_MS, translate_error
from app.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseNewerError,
    KnownError,
    NotAClusterDeskDatabaseError,
)

logger = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
MAX_BACKUP_BYTES = 2 * 1024**3  # nothing ClusterDesk writes comes near this
LOCK_WAIT_S = 1.0  # how long restore waits for another connection before refusing
KEEP_PRE_MIGRATION = 3  # the newest pre-migration backups always survive pruning
KEEP_BEFORE_RESTORE = 3  # so do the newest safety copies made before a restore
COMPANIONS = ("-wal", "-shm", "-journal")
STALE = ".stale"
TEMP_SUFFIX = ".part"  # a copy being written; removed by prune once a day old (a crash)
STALE_TEMP_AGE = dt.timedelta(
    days=1
)  # a companion file set aside by a restore, beside its safety copy

MANUAL, DAILY, BEFORE_RESTORE, BEFORE_MIGRATION = (
    "manual",
    "daily",
    "before-restore",
    "before-migration",
)
OTHER = "other"  # a file chosen by the user, not named by ClusterDesk

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<date>\d{4}-\d{2}-\d{2})T(?P<time>\d{6})(?:_(?P<seq>\d+))?"
    r"-(?P<reason>[a-z][a-z0-9-]*)\.sqlite$"
)
_MIGRATION_NAME = re.compile(
    r"^(?P<stem>.+)-before-migration-(?P<rev>[^-]+)-(?P<stamp>\d{8}-\d{6})\.sqlite$"
)
_REASON = re.compile(r"^[a-z][a-z0-9-]*$")


IN_USE = (
    "The database {path} is open in another ClusterDesk window or another program, so it cannot "
    "be replaced now. Close the other program and try again; nothing was changed."
)
IN_USE_WRITING = (
    "Another ClusterDesk window or program is writing to the database {path}, so it cannot be "
    "replaced now. Close the other program and try again; nothing was changed."
)


class InvalidBackupError(DatabaseError):
    """The chosen file cannot be a ClusterDesk backup (missing, a folder, far too large)."""


# =========================================================================== policy and names
@dataclass(frozen=True)
class BackupPolicy:
    """How many backups ``prune`` keeps: the newest of each of the last ``daily`` days, ``weekly``
    ISO weeks and ``monthly`` months (grandfather-father-son)."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


@dataclass(frozen=True)
class BackupName:
    stem: str
    taken_at: dt.datetime
    seq: int
    reason: str


def parse_backup_name(name: str) -> BackupName | None:
    """What a backup's file name says (``None`` for a file ClusterDesk did not name)."""
    m = _MIGRATION_NAME.match(name)
    if m:
        try:
            when = dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
        except ValueError:
            return None
        return BackupName(m["stem"], when, 0, BEFORE_MIGRATION)
    m = _NAME.match(name)
    if m:
        try:
            when = dt.datetime.strptime(f"{m['date']}T{m['time']}", "%Y-%m-%dT%H%M%S")
        except ValueError:
            return None
        return BackupName(m["stem"], when, int(m["seq"] or 0), m["reason"])
    return None


def backup_file_name(stem: str, when: dt.datetime, reason: str, seq: int = 0) -> str:
    suffix = f"_{seq}" if seq else ""
    return f"{stem}-{when:%Y-%m-%dT%H%M%S}{suffix}-{reason}.sqlite"


def _sort_key(name: BackupName) -> tuple[dt.datetime, int]:
    return (name.taken_at, name.seq)


# =========================================================================== low-level helpers
def _uri(path: Path, mode: str) -> str:
    return f"{Path(os.path.abspath(path)).as_uri()}?mode={mode}"


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(_uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); neither possible nor needed on Windows."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_with_companions(path: Path) -> None:
    extra = [path.name + s for s in COMPANIONS] + [path.name + s + STALE for s in COMPANIONS]
    for p in (path, *(path.with_name(name) for name in extra)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _os_error(err: OSError, what: str) -> KnownError:
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DatabaseError(f"The disk is full: {what} could not be written. Free some space.")
    if isinstance(err, PermissionError):
        return DatabaseError(f"{what} could not be written: permission denied ({err.filename}).")
    return DatabaseError(f"{what} could not be written: {err.strerror or err}.")


def private_backup_dir(db_path: Path) -> Path:
    """The backups folder of ``db_path``, created if needed, readable by the user only."""
    folder = backup_dir_for(Path(db_path))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            folder.chmod(0o700)
    except OSError as err:
        raise _os_error(err, f"The backups folder {folder}") from err
    return folder


def _checked(con_path: Path, *, quick: bool) -> list[str]:
    con = _connect_ro(con_path)
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
    finally:
        con.close()
    return [] if rows == ["ok"] else rows


def _copy_into(
    source: sqlite3.Connection,
    folder: Path,
    stem: str,
    when: dt.datetime,
    reason: str,
    *,
    require_ok: bool = True,
) -> Path:
    """Copy the database open on ``source`` into ``folder`` under a new backup name.

    The copy is written to a temporary file, switched to a rollback journal (one self-contained
    file), made 0600, flushed to disk and integrity-checked before it gets its name; an existing
    file is never overwritten. With ``require_ok=False`` a copy that fails the check is kept
    anyway (a safety copy of a damaged database is still worth having).
    """
    try:
        fd, name = tempfile.mkstemp(prefix=f".{stem}-", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as err:
        raise _os_error(err, f"A backup in {folder}") from err
    os.close(fd)
    tmp = Path(name)
    try:
        dst = sqlite3.connect(tmp)
        try:
            source.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        os.chmod(tmp, 0o600)
        _fsync_file(tmp)
        problems = _checked(tmp, quick=False)
        if problems:
            logger.warning("backup copy of %s failed its check: %s", stem, problems[:3])
            if require_ok:
                raise DatabaseDamagedError(
                    "The database is damaged, so its copy failed the integrity check "
                    f"({'; '.join(problems[:3])}). The copy was not kept; restore a backup "
                    "(File → Restore…)."
                )
        target = _publish(tmp, folder, stem, when, reason)
    except sqlite3.DatabaseError as err:
        _remove_with_companions(tmp)
        raise translate_error(err) from err
    except OSError as err:
        _remove_with_companions(tmp)
        raise _os_error(err, f"A backup in {folder}") from err
    except BaseException:
        _remove_with_companions(tmp)
        raise
    return target


def _publish(tmp: Path, folder: Path, stem: str, when: dt.datetime, reason: str) -> Path:
    """Give ``tmp`` the first free backup name (never replacing a file), durably."""
    for seq in range(0, 1000):
        target = folder / backup_file_name(stem, when, reason, seq)
        if target.exists():
            continue
        try:
            os.link(tmp, target)  # fails if the name was taken meanwhile: no clobbering
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system (FAT, some network shares)
            if target.exists():
                continue
            os.replace(tmp, target)
        else:
            tmp.unlink()
        _fsync_dir(folder)
        return target
    raise DatabaseError(f"Too many backups named {stem} at {when:%Y-%m-%d %H:%M:%S}.")


# =========================================================================== taking backups
def backup_now(db_path: Path, *, reason: str = MANUAL, now: dt.datetime | None = None) -> Path:
    """Copy the database into its backups folder; return the new backup's path.

    Safe while the application (or another thread) is writing: the copy is one consistent
    snapshot. Raises ``KnownError`` in plain words (no database, damaged, disk full, ...).
    """
    db_path = Path(db_path)
    if not _REASON.match(reason):
        raise ValueError(f"not a backup reason: {reason!r}")
    if not db_path.is_file():
        raise DatabaseError(f"There is no database at {db_path}; nothing was backed up.")
    when = (now or dt.datetime.now()).replace(microsecond=0)
    folder = private_backup_dir(db_path)
    try:
        source = sqlite3.connect(_uri(db_path, "rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.DatabaseError as err:
        raise translate_error(err, db_path) from err
    try:
        target = _copy_into(source, folder, db_path.stem, when, reason)
    finally:
        source.close()
    logger.info("backup of %s written to %s", db_path, target)
    return target


def backup_to(db_path: Path, target: Path, *, overwrite: bool = False) -> Path:
    """Copy the database to a file the user chose (``clusterdesk backup FILE``).

    An existing ``target`` is replaced only with ``overwrite`` (after the user confirmed), and
    then atomically: the old file stays whole until the new copy is complete and checked.
    """
    db_path, target = Path(db_path), Path(target)
    if target.is_dir():
        raise KnownError(f"{target} is a folder; choose a file name.")
    if not target.parent.is_dir():
        raise KnownError(f"The folder {target.parent} does not exist.")
    if target.exists() and not overwrite:
        raise KnownError(f"{target} already exists; choose a new file name.")
    if target.exists() and db_path.exists() and os.path.samefile(target, db_path):
        raise KnownError("That file is the database itself; choose another file name.")
    if not db_path.is_file():
        raise DatabaseError(f"There is no database at {db_path}; nothing was backed up.")
    when = dt.datetime.now().replace(microsecond=0)
    source = sqlite3.connect(_uri(db_path, "rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        made = _copy_into(source, target.parent, target.stem, when, MANUAL)
    finally:
        source.close()
    try:
        os.replace(made, target)
    except OSError as err:
        made.unlink(missing_ok=True)
        raise _os_error(err, str(target)) from err
    _fsync_dir(target.parent)
    return target


def daily_backup_if_due(db_path: Path, *, now: dt.datetime | None = None) -> Path | None:
    """At start-up: back up the database unless a backup from today exists already."""
    db_path = Path(db_path)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    now = now or dt.datetime.now()
    folder = backup_dir_for(db_path)
    if folder.is_dir():
        for entry in folder.iterdir():
            name = parse_backup_name(entry.name)
            if name and name.stem == db_path.stem and name.taken_at.date() == now.date():
                return None
    return backup_now(db_path, reason=DAILY, now=now)


# =========================================================================== rotation
def _keep_set(
    names: list[tuple[BackupName, Path]], policy: BackupPolicy, now: dt.datetime
) -> set[Path]:
    """The backups of one database that the rotation keeps (``names`` sorted newest first)."""
    keep: set[Path] = set()
    if not names:
        return keep
    keep.add(names[0][1])  # never the newest
    future = [p for n, p in names if n.taken_at > now]
    keep.update(future)  # a clock set wrong: keep, do not guess
    past = [(n, p) for n, p in names if n.taken_at <= now]

    def newest_per_period(key: Callable[[dt.datetime], object], count: int) -> None:
        seen: list[object] = []
        for n, p in past:
            k = key(n.taken_at)
            if k in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(k)
            keep.add(p)

    newest_per_period(lambda t: t.date(), policy.daily)
    newest_per_period(lambda t: tuple(t.isocalendar())[:2], policy.weekly)
    newest_per_period(lambda t: (t.year, t.month), policy.monthly)
    for reason, count in (
        (BEFORE_MIGRATION, KEEP_PRE_MIGRATION),
        (BEFORE_RESTORE, KEEP_BEFORE_RESTORE),
    ):
        keep.update([p for n, p in names if n.reason == reason][:count])
    return keep


def _remove_stale_temp(path: Path) -> None:
    """A half-written copy left by a crash (never one being written: those are minutes old)."""
    try:
        age = time.time() - path.stat().st_mtime
        if age > STALE_TEMP_AGE.total_seconds():
            path.unlink()
            logger.info("removed %s, left by an interrupted backup", path)
    except OSError:
        pass


def prune(
    backup_dir: Path, policy: BackupPolicy | None = None, *, now: dt.datetime | None = None
) -> list[Path]:
    """Delete the backups the rotation does not keep; return the deleted files.

    Per database (file-name stem) it keeps: the newest backup; the newest of each of the last
    ``policy.daily`` days, ``policy.weekly`` ISO weeks and ``policy.monthly`` months that have a
    backup (so a laptop left closed for a month still keeps its last days of backups); the newest
    three pre-migration backups and the newest three safety copies made before a restore. Every
    kind of backup counts toward the rotation. Dates come from the file names; files whose names
    ClusterDesk did not write are never deleted.
    """
    backup_dir = Path(backup_dir)
    policy = policy or BackupPolicy()
    now = now or dt.datetime.now()
    if not backup_dir.is_dir():
        return []
    groups: dict[str, list[tuple[BackupName, Path]]] = {}
    for entry in backup_dir.iterdir():
        if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
            _remove_stale_temp(entry)
            continue
        name = parse_backup_name(entry.name)
        if name is not None and entry.is_file():
            groups.setdefault(name.stem, []).append((name, entry))
    deleted: list[Path] = []
    for names in groups.values():
        names.sort(key=lambda item: _sort_key(item[0]), reverse=True)
        keep = _keep_set(names, policy, now)
        for _name, path in names:
            if path in keep:
                continue
            try:
                _remove_with_companions(path)
            except OSError as err:  # in use on Windows, read-only: try again next time
                logger.warning("could not delete old backup %s: %s", path, err)
                continue
            deleted.append(path)
    if deleted:
        logger.info("pruned %d old backups in %s", len(deleted), backup_dir)
    return sorted(deleted)


# =========================================================================== listing and checking
@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    size: int
    reason: str
    revision: str | None  # the schema revision stored in the file
    ok: bool  # a ClusterDesk database this version can restore, passing the check
    problem: str | None = None  # why not, in plain words

    @property
    def name(self) -> str:
        return self.path.name


def _known_revisions() -> tuple[set[str], str]:
    from app.db.migrate import head_revision, known_revisions

    return known_revisions(), head_revision()


def _identify(path: Path, *, quick: bool) -> tuple[str, int]:
    """Check ``path`` as a backup; return (revision, size). Raises ``KnownError`` subclasses."""
    label = path.name
    if not path.exists():
        raise InvalidBackupError(f"There is no file at {path}.")
    if path.is_dir():
        raise InvalidBackupError(f"{path} is a folder; choose a backup file.")
    if not path.is_file():
        raise InvalidBackupError(f"{path} is not a file.")
    size = path.stat().st_size
    if size > MAX_BACKUP_BYTES:
        raise InvalidBackupError(
            f"{label} is {size / 1024**3:.1f} GB, larger than a ClusterDesk backup can be "
            "(2 GB at most); it is not a backup."
        )
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as err:
        raise InvalidBackupError(f"{label} cannot be read: {err.strerror or err}.") from err
    if header != SQLITE_HEADER:
        raise NotAClusterDeskDatabaseError(
            f"{label} is not a ClusterDesk backup: it is not a database file at all."
        )
    try:
        con = _connect_ro(path)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            pragma = "quick_check" if quick else "integrity_check"
            problems = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        text = str(err).lower()
        if "malformed" in text or "corrupt" in text:
            raise DatabaseDamagedError(
                f"{label} is damaged and cannot be restored. Choose another backup."
            ) from err
        if "not a database" in text or "encrypted" in text:
            raise NotAClusterDeskDatabaseError(
                f"{label} is not a ClusterDesk backup: it is not a database file."
            ) from err
        raise translate_error(err, path) from err
    if not tables:
        raise NotAClusterDeskDatabaseError(
            f"{label} is an empty database: it holds no ClusterDesk data."
        )
    if app_id != APPLICATION_ID or "alembic_version" not in tables or revision is None:
        raise NotAClusterDeskDatabaseError(f"{label} is a database, but not one of ClusterDesk's.")
    known, _head = _known_revisions()
    if revision not in known:
        raise DatabaseNewerError(
            f"{label} was made by a newer version of ClusterDesk (schema {revision}). Install "
            "that version to restore it; this one leaves it untouched."
        )
    if problems != ["ok"]:
        raise DatabaseDamagedError(
            f"{label} is damaged ({'; '.join(problems[:3])}) and cannot be restored. "
            "Choose another backup."
        )
    return revision, size


def _examine(path: Path, *, quick: bool) -> tuple[BackupInfo, KnownError | None]:
    """The facts about ``path`` and, if it cannot be restored, the reason as an exception."""
    name = parse_backup_name(path.name)
    try:
        stat = path.stat()
        size, mtime = stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0)
    except OSError:
        size, mtime = 0, dt.datetime.fromtimestamp(0)
    taken_at = name.taken_at if name else mtime
    reason = name.reason if name else OTHER
    try:
        revision, size = _identify(path, quick=quick)
    except KnownError as err:
        readable = _revision_if_readable(path)
        return BackupInfo(path, taken_at, size, reason, readable, False, str(err)), err
    return BackupInfo(path, taken_at, size, reason, revision, True), None


def _revision_if_readable(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        con = _connect_ro(path)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except sqlite3.Error:
        return None


def validate_backup(path: Path) -> BackupInfo:
    """Everything about a file to restore, after a full integrity check. Raises ``KnownError``
    in plain words: not a file, too large, not SQLite, not ClusterDesk's, newer, damaged."""
    info, err = _examine(Path(path), quick=False)
    if err is not None:
        raise err
    return info


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path`` in its backups folder, newest first (quick check each)."""
    db_path = Path(db_path)
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    found: list[tuple[BackupName, Path]] = []
    for entry in folder.iterdir():
        name = parse_backup_name(entry.name)
        if name is not None and name.stem == db_path.stem and entry.is_file():
            found.append((name, entry))
    found.sort(key=lambda item: _sort_key(item[0]), reverse=True)
    return [_examine(path, quick=True)[0] for _name, path in found]


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes the quick check (offered when the database is damaged)."""
    return next((b for b in list_backups(db_path) if b.ok), None)


def quick_check(db_path: Path) -> list[str]:
    """``PRAGMA quick_check`` of the database at start-up: an empty list means all is well.

    A file that cannot be read as a database at all gives one problem in plain words."""
    try:
        return _checked(Path(db_path), quick=True)
    except sqlite3.DatabaseError as err:
        return [str(translate_error(err, Path(db_path)))]


# =========================================================================== restoring
def restore(db_path: Path, backup_path: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Replace the database at ``db_path`` with the backup at ``backup_path``.

    The caller must have closed every connection of its own (``Database.dispose()``); a file
    still open elsewhere is refused with ``DatabaseLockedError`` and left untouched.

    1. The backup is validated (full integrity check) and copied with the backup API into a
       temporary file beside the database; an older schema is migrated forward there, after a
       "before-migration" copy of it is kept in the backups folder.
    2. The current file is locked exclusively (refused if anyone else has it open), its WAL is
       checkpointed into it and removed, and it is backed up ("before-restore").
    3. The temporary file replaces the database with one atomic rename.

    Returns the path of the "before-restore" backup of the data replaced (``None`` when there
    was no database file to protect). Any failure before step 3 leaves the current file as it
    was; the rename itself is atomic.
    """
    db_path = Path(os.path.abspath(db_path))
    backup_path = Path(os.path.abspath(backup_path))
    when = (now or dt.datetime.now()).replace(microsecond=0)
    if not db_path.parent.is_dir():
        raise DatabaseError(f"The folder {db_path.parent} does not exist.")
    if db_path.exists() and backup_path.exists() and os.path.samefile(db_path, backup_path):
        raise KnownError("That file is the database itself; choose a backup to restore.")
    info = validate_backup(backup_path)
    folder = private_backup_dir(db_path)
    replacement = _prepare_replacement(db_path, info, folder, when)
    try:
        with _CurrentFile(db_path) as current:
            safety = current.back_up(folder, when)
            current.replace_with(replacement, folder, safety, when)
    finally:
        _remove_with_companions(replacement)  # nothing left after a successful swap
    logger.info("restored %s from %s (previous data in %s)", db_path, backup_path, safety)
    return safety


def _prepare_replacement(db_path: Path, info: BackupInfo, folder: Path, when: dt.datetime) -> Path:
    """A checked copy of the backup beside ``db_path``, migrated to this version's schema."""
    from app.db.migrate import upgrade

    _known, head = _known_revisions()
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{db_path.name}.restore-", suffix=TEMP_SUFFIX, dir=db_path.parent
        )
    except OSError as err:
        raise _os_error(err, f"A temporary file in {db_path.parent}") from err
    os.close(fd)
    tmp = Path(name)
    try:
        source = _connect_ro(info.path)
        try:
            dst = sqlite3.connect(tmp)
            try:
                source.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            source.close()
        os.chmod(tmp, 0o600)
        if info.revision != head:
            # The restored file is about to change shape: keep it as it was, where backups live.
            con = _connect_ro(tmp)
            try:
                _copy_into(con, folder, db_path.stem, when, BEFORE_MIGRATION)
            finally:
                con.close()
            try:
                upgrade(tmp, "head")
            except KnownError:
                raise
            except Exception as err:
                logger.exception("migrating the restored backup %s failed", info.path)
                raise DatabaseError(
                    f"{info.name} could not be updated to this version of ClusterDesk "
                    f"({err}); nothing was changed."
                ) from err
            con = sqlite3.connect(tmp, isolation_level=None)
            try:  # one self-contained file again: checkpoint, leave WAL
                con.execute("PRAGMA journal_mode = DELETE")
            finally:
                con.close()
        try:
            revision, _size = _identify(tmp, quick=False)
        except KnownError as err:
            raise DatabaseError(
                f"The copy of {info.name} made for the restore failed its check ({err}); "
                "nothing was changed."
            ) from err
        if revision != head:
            raise DatabaseError(
                f"The copy of {info.name} is at schema {revision}, not {head}; nothing was changed."
            )
        _fsync_file(tmp)
    except sqlite3.DatabaseError as err:
        _remove_with_companions(tmp)
        raise translate_error(err, info.path) from err
    except OSError as err:
        _remove_with_companions(tmp)
        raise _os_error(err, f"A temporary copy in {db_path.parent}") from err
    except BaseException:
        _remove_with_companions(tmp)
        raise
    return tmp


def _is_busy(err: sqlite3.Error) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


class _CurrentFile:
    """The database file being replaced, held exclusively while it is backed up and swapped.

    Normal case: one connection switches the file from WAL to a rollback journal (SQLite then
    checkpoints the WAL into the file and deletes ``-wal``/``-shm``; this needs every other
    connection closed) and takes a permanent exclusive lock (``locking_mode=EXCLUSIVE``), so that
    no one can read or write the old file until it has been replaced.

    A file SQLite cannot open (damaged beyond reading) is copied byte for byte instead, with its
    ``-wal``/``-journal`` beside the copy under matching names.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self.con: sqlite3.Connection | None = None
        self.exists = db_path.is_file() and db_path.stat().st_size > 0
        self.raw = False  # copy bytes: SQLite cannot read the file
        self.raw_copied = False  # the safety copy took the companions along
        self.switched = False
        self.swapped = False

    def __enter__(self) -> _CurrentFile:
        if not self.exists:
            return self
        try:
            con = sqlite3.connect(
                _uri(self.path, "rw"), uri=True, timeout=LOCK_WAIT_S, isolation_level=None
            )
        except sqlite3.DatabaseError as err:
            raise translate_error(err, self.path) from err
        self.con = con
        try:
            try:
                con.execute("BEGIN IMMEDIATE")
                con.execute("ROLLBACK")
            except sqlite3.OperationalError as err:
                if _is_busy(err):
                    raise DatabaseLockedError(IN_USE_WRITING.format(path=self.path)) from err
                raise
            try:
                mode = con.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            except sqlite3.OperationalError as err:
                if _is_busy(err):
                    raise DatabaseLockedError(IN_USE.format(path=self.path)) from err
                raise
            if str(mode).lower() != "delete":
                raise DatabaseLockedError(IN_USE.format(path=self.path))
            self.switched = True
            con.execute("PRAGMA locking_mode = EXCLUSIVE")
            try:
                con.execute("BEGIN EXCLUSIVE")
                con.execute("COMMIT")
            except sqlite3.OperationalError as err:
                if _is_busy(err):
                    raise DatabaseLockedError(IN_USE.format(path=self.path)) from err
                raise
        except DatabaseLockedError:
            self._close()
            raise
        except sqlite3.DatabaseError as err:
            if _is_busy(err):
                self._close()
                raise DatabaseLockedError(IN_USE.format(path=self.path)) from err
            logger.warning("restore: %s cannot be read (%s); copying its bytes", self.path, err)
            self._close()
            self.raw = True
        return self

    def back_up(self, folder: Path, when: dt.datetime) -> Path | None:
        """The safety copy of the current data ("before-restore"); ``None`` if there is none."""
        if not self.exists:
            return None
        if self.con is not None:
            try:
                return _copy_into(
                    self.con, folder, self.path.stem, when, BEFORE_RESTORE, require_ok=False
                )
            except DatabaseLockedError:
                raise
            except DatabaseError as err:  # the backup API could not read it: copy the bytes
                logger.warning(
                    "restore: backup API failed on %s (%s); copying bytes", self.path, err
                )
        return self._raw_copy(folder, when)

    def _raw_copy(self, folder: Path, when: dt.datetime) -> Path:
        """Byte copy of the file and its companions (under matching names), then published."""
        try:
            fd, name = tempfile.mkstemp(
                prefix=f".{self.path.stem}-", suffix=TEMP_SUFFIX, dir=folder
            )
        except OSError as err:
            raise _os_error(err, f"A safety copy in {folder}") from err
        os.close(fd)
        tmp = Path(name)
        try:
            shutil.copyfile(self.path, tmp)
            os.chmod(tmp, 0o600)
            _fsync_file(tmp)
            target = _publish(tmp, folder, self.path.stem, when, BEFORE_RESTORE)
            for suffix in ("-wal", "-journal"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    copy = target.with_name(target.name + suffix)
                    shutil.copyfile(companion, copy)
                    os.chmod(copy, 0o600)
                    _fsync_file(copy)
            self.raw_copied = True
            _fsync_dir(folder)
        except OSError as err:
            _remove_with_companions(tmp)
            raise _os_error(err, f"A safety copy in {folder}") from err
        return target

    def replace_with(
        self, replacement: Path, folder: Path, safety: Path | None, when: dt.datetime
    ) -> None:
        """Set the current file's ``-wal``/``-journal`` aside (a stale WAL beside the new file
        would be replayed into it), then rename the replacement over the database."""
        found = [
            self.path.with_name(self.path.name + suffix)
            for suffix in COMPANIONS
            if self.path.with_name(self.path.name + suffix).exists()
        ]
        base = safety.name if safety else backup_file_name(self.path.stem, when, BEFORE_RESTORE)
        try:
            for companion in found:
                suffix = companion.name[len(self.path.name) :]
                if suffix != "-shm" and not self.raw_copied:
                    # None is expected after the switch to a rollback journal; keep it anyway.
                    kept = folder / f"{base}{suffix}{STALE}"
                    shutil.copyfile(companion, kept)
                    os.chmod(kept, 0o600)
            for companion in found:
                companion.unlink()
            if os.name == "nt":  # Windows cannot rename over an open file
                self._close()
            os.replace(replacement, self.path)
        except OSError as err:
            raise _os_error(err, str(self.path)) from err
        self.swapped = True
        _fsync_dir(self.path.parent)

    def _close(self) -> None:
        if self.con is not None:
            with contextlib.suppress(sqlite3.Error):
                self.con.close()
            self.con = None

    def __exit__(self, *exc: object) -> None:
        if self.con is not None and self.switched and not self.swapped:
            # Failed before the swap: hand the file back in WAL mode, as ClusterDesk uses it.
            with contextlib.suppress(sqlite3.Error):
                self.con.execute("PRAGMA locking_mode = NORMAL")
                self.con.execute("PRAGMA journal_mode = WAL")
        self._close()


# =========================================================================== where the file lives
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ncpfs", "9p", "ceph",
    "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.s3fs",
    "fuse.gcsfuse", "fuse.davfs2", "fuse.glusterfs", "fuse.cephfs", "fuse.gvfsd-fuse",
    "fuse.onedriver", "fuse.google-drive-ocamlfuse", "fuse.dropbox", "fuse.seafdav",
}  # fmt: skip
SYNCED_FOLDER_HINTS = (
    ("dropbox", "Dropbox"),
    ("onedrive", "OneDrive"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("icloud", "iCloud"),
    ("mobile documents", "iCloud"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("pcloud", "pCloud"),
    ("box sync", "Box"),
    ("seafile", "Seafile"),
    ("cloudstorage", "a cloud storage service"),
)


def _mount_type(path: Path, mounts: str | None = None) -> str | None:
    """The file-system type of the mount holding ``path`` (Linux ``/proc/mounts``)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    text = mounts
    target = os.path.realpath(path)
    best, best_type = "", None
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), parts[1])
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, best_type = mount, parts[2]
    return best_type


def _windows_remote(path: Path) -> bool:
    text = os.path.abspath(path)
    if text.startswith(("\\\\", "//")):
        return True
    try:
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # type: ignore[attr-defined,unused-ignore]  # windll: Windows only
    except (OSError, AttributeError, ValueError):
        return False


def data_folder_warning(path: Path) -> str | None:
    """A warning in plain words when the database folder is on a network drive or inside a
    folder synced to the cloud; ``None`` for an ordinary local folder."""
    path = Path(os.path.abspath(path))
    folder = path if path.is_dir() else path.parent
    lowered = [part.casefold() for part in folder.parts]
    for hint, service in SYNCED_FOLDER_HINTS:
        if any(hint in part for part in lowered):
            return (
                f"The database is in a folder synced by {service} ({folder}). Sync programs can "
                "copy the file while ClusterDesk is writing it, or keep conflicting copies, and "
                "damage it. Move it to a folder on this computer that is not synced "
                "(ClusterDesk's own backups keep copies of it)."
            )
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    fs_type = None
    if os.name == "nt":
        if _windows_remote(existing):
            fs_type = "network"
    elif Path("/proc/mounts").exists():
        found = _mount_type(existing)
        if found is not None and found.casefold() in NETWORK_FILESYSTEMS:
            fs_type = found
    if fs_type:
        return (
            f"The database is on a network drive ({fs_type}: {folder}). A database used over a "
            "network can be damaged when the connection drops or another computer opens it. "
            "Keep it on this computer's own disk."
        )
    return None
