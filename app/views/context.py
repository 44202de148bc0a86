"""What every page needs: the open database, the database worker and the settings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from app.db.database import Database
from app.tasks import TaskManager


@dataclass
class AppContext:
    db: Database
    tasks: TaskManager
    settings: QSettings
