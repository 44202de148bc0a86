"""Every path the application uses, in one place.

Resolution order for the database: ``--db PATH`` > ``$CLUSTERDESK_DB`` > the platform data folder.
``$CLUSTERDESK_HOME`` moves *all* folders (data, logs, settings) under one directory; the test
suite sets it so that no test touches a user's real data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app import APP_AUTHOR, APP_NAME

DB_FILE_NAME = "clusterdesk.sqlite"
ENV_DB = "CLUSTERDESK_DB"
ENV_HOME = "CLUSTERDESK_HOME"
RESOURCES = Path(__file__).resolve().parent / "resources"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    log_dir: Path
    config_dir: Path

    @property
    def default_db(self) -> Path:
        return self.data_dir / DB_FILE_NAME

    @property
    def log_file(self) -> Path:
        return self.log_dir / "clusterdesk.log"


def app_paths() -> Paths:
    home = os.environ.get(ENV_HOME)
    if home:
        root = Path(home).expanduser()
        return Paths(root / "data", root / "logs", root / "config")
    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
    )


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The database file to open: the command line wins, then the environment, then the default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser().resolve()
    return app_paths().default_db


def backup_dir_for(db_path: Path) -> Path:
    """Backups live in a ``backups`` folder beside the database they protect."""
    return db_path.parent / "backups"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (readable by the user only on POSIX) and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
