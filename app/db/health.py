"""``clusterdesk check``: is this file a healthy ClusterDesk database this version can open?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.db.database import integrity_check
from app.db.migrate import check_version, head_revision, inspect_file
from app.errors import DatabaseDamagedError, DatabaseError


@dataclass(frozen=True)
class HealthReport:
    path: Path
    revision: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head

    def describe(self) -> str:
        if self.revision is None:
            state = "empty (the schema is created when ClusterDesk opens it)"
        elif self.up_to_date:
            state = f"schema {self.revision} (current)"
        else:
            state = f"schema {self.revision} (older; updated to {self.head} when opened)"
        return f"OK: {self.path}: ClusterDesk database, {state}, integrity ok"


def check_file(path: Path) -> HealthReport:
    """Read-only: never creates, migrates or repairs the file. Raises ``DatabaseError``."""
    if not path.exists():
        raise DatabaseError(f"There is no database at {path}.")
    state = inspect_file(path)
    check_version(path, state)
    if state.exists and not state.empty:
        problems = integrity_check(path)
        if problems:
            shown = "; ".join(problems[:3])
            raise DatabaseDamagedError(
                f"The database {path} is damaged ({shown}). Restore it from a backup."
            )
    return HealthReport(path, state.revision, head_revision())
