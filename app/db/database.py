"""The engine, sessions and SQLite settings. Everything dialect-specific stays in this module.

Use ``db.read()`` for queries and ``db.write()`` for changes: each is one short transaction
(CONVENTIONS.md, pattern 2). Writers start with ``BEGIN IMMEDIATE`` so that two writers queue on
the busy timeout instead of failing half-way when one upgrades a read lock.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Connection, Engine, create_engine, event, exc
from sqlalchemy.orm import Session

from app.domain.text import fold
from app.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseLockedError,
    NotAClusterDeskDatabaseError,
)

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
# PRAGMA application_id marks a file as a ClusterDesk database ("CDSK").
APPLICATION_ID = 0x4344534B


def _sqlite_url(path: Path) -> URL:
    # built, not parsed: a "?" or "#" in a folder name must not become a query string
    return URL.create("sqlite", database=str(path))


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine for the SQLite file at ``path`` with the project's connection settings."""
    engine = create_engine(
        _sqlite_url(path),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()
        dbapi_conn.create_function("fold", 1, fold, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("begin_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def translate_error(err: BaseException, path: Path | None = None) -> BaseException:
    """Turn a driver error about the *file* into a ``DatabaseError`` in the user's words."""
    orig = getattr(err, "orig", err)
    text = str(orig).lower()
    where = f" ({path})" if path else ""
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"The database{where} is busy: another program or ClusterDesk window is writing to it. "
            "Try again in a moment; close other copies of ClusterDesk if it persists."
        )
    if "file is not a database" in text or "file is encrypted" in text:
        return NotAClusterDeskDatabaseError(f"The file{where} is not a ClusterDesk database.")
    if "malformed" in text or "corrupt" in text:
        return DatabaseDamagedError(
            f"The database{where} is damaged. Restore it from a backup (File → Restore…)."
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DatabaseError(
            f"The disk holding the database{where} is full. Free some space and try again; "
            "nothing was saved from the last change."
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            f"The database{where} cannot be written: the file or its folder is read-only."
        )
    if "unable to open" in text:
        return DatabaseError(
            f"The database{where} cannot be opened: check that its folder exists and is writable."
        )
    if "disk i/o error" in text:
        return DatabaseError(f"The disk reported an error while using the database{where}.")
    return err


class Database:
    """One open ClusterDesk database file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.engine = make_engine(self.path)
        self._write_engine = self.engine.execution_options(begin_immediate=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; objects stay usable after it closes (no lazy loads)."""
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except (exc.OperationalError, exc.DatabaseError) as err:
            raise self._translated(err) from err

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything in the block is committed together, or nothing is."""
        try:
            with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
                yield session
        except (exc.OperationalError, exc.DatabaseError) as err:
            raise self._translated(err) from err

    def _translated(self, err: BaseException) -> BaseException:
        new = translate_error(err, self.path)
        if new is err:
            return err
        logger.warning("database problem on %s: %s", self.path, err)
        return new

    def dispose(self) -> None:
        self.engine.dispose()


def integrity_check(path: Path, *, quick: bool = False) -> list[str]:
    """``PRAGMA integrity_check`` (or quick_check) on ``path``: an empty list means all is well."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = sqlite3.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            rows = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        raise translate_error(err, path) from err
    return [] if rows == ["ok"] else rows


def online_backup(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` with SQLite's online backup API (safe while in use)."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = target.with_name(target.name + ".part")
    src = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except sqlite3.DatabaseError as err:
        tmp.unlink(missing_ok=True)
        raise translate_error(err, source) from err
    finally:
        src.close()
    tmp.chmod(0o600)
    tmp.replace(target)
    problems = integrity_check(target)
    if problems:
        raise DatabaseError(f"The backup written to {target} failed its integrity check.")
    return target
