"""Open a ClusterDesk database: identify the file, back it up, migrate it to the current schema.

A database written by a newer ClusterDesk is refused rather than touched; an older one is copied
with SQLite's online backup API before any migration runs.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.orm import configure_mappers

from app.config import backup_dir_for
from app.db.database import APPLICATION_ID, Database, make_engine, online_backup, translate_error
from app.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseNewerError,
    NotAClusterDeskDatabaseError,
)

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class FileState:
    exists: bool
    empty: bool  # no tables at all: a brand-new file
    application_id: int
    revision: str | None


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def inspect_file(path: Path) -> FileState:
    """What is at ``path``, without changing it. Raises for files that are not ClusterDesk's."""
    if not path.exists():
        return FileState(False, True, 0, None)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    if path.stat().st_size == 0:
        return FileState(True, True, 0, None)
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise NotAClusterDeskDatabaseError(f"The file {path} is not a ClusterDesk database.")
    try:
        con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        raise translate_error(err, path) from err
    if not tables:
        return FileState(True, True, app_id, None)
    if app_id != APPLICATION_ID or "alembic_version" not in tables:
        raise NotAClusterDeskDatabaseError(
            f"The file {path} is an SQLite database, but not one of ClusterDesk's."
        )
    return FileState(True, False, app_id, revision)


def check_version(path: Path, state: FileState) -> None:
    if state.revision is not None and state.revision not in known_revisions():
        raise DatabaseNewerError(
            f"The database {path} was written by a newer version of ClusterDesk "
            f"(schema {state.revision}). Install the newer ClusterDesk to open it; "
            "this version leaves the file untouched."
        )


def backup_before_upgrade(path: Path, revision: str | None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = (
        backup_dir_for(path) / f"{path.stem}-before-migration-{revision or 'base'}-{stamp}.sqlite"
    )
    logger.info("backing up %s to %s before migrating", path, target)
    return online_backup(path, target)


def upgrade(path: Path, target: str = "head", progress: Progress | None = None) -> None:
    """Run the migrations up to ``target`` on the file (foreign keys off, as batch mode needs)."""
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            if progress:
                progress("Updating the database structure…")
            command.upgrade(cfg, target)
            bad = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
            if bad:
                raise DatabaseDamagedError(
                    f"The database {path} has {len(bad)} broken references after migrating; "
                    "it was left as it was."
                )
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.commit()
    finally:
        engine.dispose()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_database(path: Path, *, create: bool = True, progress: Progress | None = None) -> Database:
    """Open (creating or migrating as needed) the ClusterDesk database at ``path``."""
    path = Path(path)
    if not path.parent.exists():
        raise DatabaseError(f"The folder {path.parent} does not exist.")
    state = inspect_file(path)
    if not state.exists and not create:
        raise DatabaseError(f"There is no database at {path}.")
    check_version(path, state)
    head = head_revision()
    if state.revision != head:
        if not state.empty:
            if progress:
                progress("Backing up the database before updating it…")
            backup_before_upgrade(path, state.revision)
        try:
            upgrade(path, "head", progress)
        except sqlite3.DatabaseError as err:
            raise translate_error(err, path) from err
        if not state.exists:
            path.chmod(0o600)
        logger.info("database %s now at schema %s", path, head)
    configure_mappers()  # once, at start-up, rather than on the first page that queries
    return Database(path)
