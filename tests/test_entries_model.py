"""The lazy time-entry model: ids plus a bounded row cache, fed from a real SQLite database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.db import directory as d
from app.db import hours as h
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.domain.records_hours import EntryFilter
from app.models.entries_model import (
    COLUMNS,
    ENTRY_ID_ROLE,
    LOCK_COLUMN,
    PLACEHOLDER,
    EntriesModel,
    column_of,
)
from app.models.record_table import RECORD_ROLE


def bulk_entries(db_path: Path, officer_ids: list[int], cluster_ids: list[int], n: int) -> None:
    """``n`` entries written straight into the file (fast), spread over 2024–2025."""
    start = dt.date(2024, 1, 1)
    rows = [
        (
            officer_ids[i % len(officer_ids)],
            (start + dt.timedelta(days=i % 700)).isoformat(),
            15 * (1 + i % 16),
            "board_meeting" if i % 3 else "preparation",
            cluster_ids[i % len(cluster_ids)] if i % 5 else None,
            f"Entry number {i}",
        )
        for i in range(n)
    ]
    con = sqlite3.connect(db_path)
    try:
        con.executemany(
            "INSERT INTO time_entry (officer_id, entry_date, minutes, activity, cluster_id, "
            "description) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        con.commit()
    finally:
        con.close()


@pytest.fixture
def filled(db: Database, db_path: Path) -> Database:
    officers = [
        d.create_officer(db, OfficerInput(f"Officer {i:02d}", f"o{i}@example.org"))
        for i in range(4)
    ]
    clusters = [d.create_cluster(db, ClusterInput(f"Cluster {i}", f"CL{i}")) for i in range(3)]
    bulk_entries(db_path, officers, clusters, 5000)
    return db


def feed(model: EntriesModel, db: Database, asked: list[list[int]] | None = None) -> None:
    """Answer the model's requests synchronously from the database, as the page does."""

    def on_wanted(generation: int, ids: list[int]) -> None:
        if asked is not None:
            asked.append(list(ids))
        model.add_rows(generation, ids, h.entries_by_ids(db, ids))

    model.rows_wanted.connect(on_wanted)


def load(model: EntriesModel, db: Database, f: EntryFilter = EntryFilter()) -> None:  # noqa: B008
    model.set_sort(f.sort, f.descending)
    model.show_first_page(h.page_of_entries(db, f, 0, 200))
    model.set_ids(h.entry_ids(db, f))


def test_model_passes_qtmodeltester(qtmodeltester, filled: Database) -> None:
    model = EntriesModel(chunk=50, cache_limit=120)
    feed(model, filled)
    f = EntryFilter(year=2025, officer_id=1)
    model.show_first_page(h.page_of_entries(filled, f, 0, 20))
    qtmodeltester.check(model)
    # the tester stays attached: growing the list, reading rows and resetting must stay valid
    model.set_ids(h.entry_ids(filled, f))
    for row in range(0, model.rowCount(), 7):
        model.data(model.index(row, 0))
    QApplication.processEvents()
    model.set_closed_years([2025])
    g = EntryFilter(year=2024, officer_id=2, sort="hours")
    model.show_first_page(h.page_of_entries(filled, g, 0, 30))
    model.set_ids(list(reversed(h.entry_ids(filled, g))))  # not a prefix: reset
    QApplication.processEvents()
    qtmodeltester.check(model)


def test_first_page_then_ids_appends_without_reset(qtbot, filled: Database) -> None:
    model = EntriesModel()
    f = EntryFilter()
    first = h.page_of_entries(filled, f, 0, 200)
    model.show_first_page(first)
    assert model.rowCount() == 200 and not model.complete
    assert model.data(model.index(0, 0)) == first[0].entry_date.isoformat()
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted):
        model.set_ids(h.entry_ids(filled, f))
    assert model.rowCount() == 5000 and model.complete
    assert model.cache_size() == 200  # only the first page is held


def test_cache_stays_bounded_while_scrolling_through_5000_entries(filled: Database) -> None:
    model = EntriesModel(chunk=200, cache_limit=600)
    asked: list[list[int]] = []
    feed(model, filled, asked)
    load(model, filled)
    n = model.rowCount()
    assert n == 5000
    largest = 0
    for top in range(0, n, 40):  # a screenful of 40 rows at a time, top to bottom
        for row in range(top, min(top + 40, n)):
            for column in range(len(COLUMNS)):
                model.data(model.index(row, column))
        QApplication.processEvents()
        largest = max(largest, model.cache_size())
        shown = model.data(model.index(top, 0))
        assert shown != PLACEHOLDER
    assert largest <= 600
    assert all(len(ids) <= 400 for ids in asked)  # reads are chunks, never the whole list
    # the rows shown are the right ones, in SQL order
    ids = h.entry_ids(filled, EntryFilter())
    for row in (0, 1234, 4999):
        model.data(model.index(row, 0))
        QApplication.processEvents()
        rec = model.data(model.index(row, 0), RECORD_ROLE)
        assert rec.id == ids[row] == model.data(model.index(row, 0), ENTRY_ID_ROLE)


def test_uncached_rows_show_a_placeholder_until_read(qtbot, filled: Database) -> None:
    model = EntriesModel()
    load(model, filled)
    with qtbot.waitSignal(model.rows_wanted) as blocker:
        assert model.data(model.index(3000, 0)) == PLACEHOLDER
        assert model.data(model.index(3000, 1)) == ""
    generation, ids = blocker.args
    assert model.entry_id(3000) in ids and len(ids) <= model.chunk
    rows = h.entries_by_ids(filled, ids)
    with qtbot.waitSignal(model.dataChanged):
        model.add_rows(generation, ids, rows)
    assert model.data(model.index(3000, 1)).startswith("Officer")
    # a stale answer (older generation) is dropped
    model.show_first_page([])
    model.add_rows(generation, ids, rows)
    assert model.cache_size() == 0


def test_deleted_rows_are_not_asked_for_again(qtbot, filled: Database) -> None:
    model = EntriesModel()
    load(model, filled)
    with qtbot.waitSignal(model.rows_wanted) as blocker:
        model.data(model.index(4000, 0))
    generation, ids = blocker.args
    model.add_rows(generation, ids, {})  # as if they were all deleted meanwhile
    with qtbot.assertNotEmitted(model.rows_wanted, wait=50):
        assert model.data(model.index(4000, 0)) == "(deleted)"


def test_header_click_asks_for_sql_sort(qtbot, filled: Database) -> None:
    model = EntriesModel()
    load(model, filled)
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(column_of("hours"), Qt.SortOrder.AscendingOrder)
    assert blocker.args == ["hours", False]
    with qtbot.assertNotEmitted(model.sort_requested):
        model.sort(LOCK_COLUMN, Qt.SortOrder.AscendingOrder)  # the status column: no SQL sort
        model.sort(column_of("hours"), Qt.SortOrder.AscendingOrder)  # already so


def test_closed_years_show_a_lock_word(filled: Database) -> None:
    model = EntriesModel()
    f = EntryFilter(year=2024)
    model.show_first_page(h.page_of_entries(filled, f, 0, 10))
    assert model.data(model.index(0, LOCK_COLUMN)) == ""
    model.set_closed_years([2024])
    assert model.data(model.index(0, LOCK_COLUMN)) == "closed year"
    assert "read-only" in model.data(model.index(0, LOCK_COLUMN), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
