"""Shared fixtures: every test gets its own folders and database; nothing touches real user data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from app.db.database import Database  # noqa: E402
from app.db.migrate import open_database  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """All application folders under the test's temporary folder; no inherited database."""
    home = tmp_path / "home"
    monkeypatch.setenv("CLUSTERDESK_HOME", str(home))
    monkeypatch.delenv("CLUSTERDESK_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "clusterdesk.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.dispose()
