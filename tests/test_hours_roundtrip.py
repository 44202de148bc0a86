"""An export imported into a database with the same officers and clusters gives back the same
entries — including descriptions a spreadsheet would take for formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.db import directory as d
from app.db import hours as h
from app.db.database import Database
from app.db.hours_import import apply_import, plan_import
from app.db.migrate import open_database
from app.domain.hours import EntryInput
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.domain.records_hours import EntryFilter
from app.reports.hours_export import export_entries

TODAY = dt.date(2026, 11, 29)
HOSTILE = [
    '=HYPERLINK("http://x")',
    "+34 600 000 000",
    "-5 h travel",
    "@SUM(A1)",
    "'=already quoted",
    "R&D < 1.44% <b> ñ Ł €",
    "plain words",
    "",
]


def people(db: Database) -> dict[str, int]:
    ids = {
        "ane": d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org")),
        "jon": d.create_officer(db, OfficerInput("Jon Agirre", "jon@example.org")),
        "gaia": d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA")),
    }
    d.add_assignment(db, AssignmentInput(ids["ane"], ids["gaia"], dt.date(2024, 1, 1)))
    return ids


def snapshot(db: Database) -> list[tuple[object, ...]]:
    rows = [
        r for batch in h.iter_entries(db, EntryFilter(sort="date", descending=False)) for r in batch
    ]
    return sorted(
        (r.officer_name, r.entry_date, r.minutes, r.cluster_short_name, r.activity, r.description)
        for r in rows
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_gives_the_same_entries(
    db: Database, tmp_path: Path, suffix: str
) -> None:
    ids = people(db)
    for i, text in enumerate(HOSTILE):
        h.add_entry(
            db,
            EntryInput(
                ids["ane"] if i % 2 else ids["jon"],
                dt.date(2026, 3, 1 + i),
                15 * (i + 1),
                ["preparation", "travel", "board_meeting", "event"][i % 4],
                cluster_id=ids["gaia"] if i % 2 else None,
                description=text,
            ),
            today=TODAY,
        )
    exported = tmp_path / f"hours{suffix}"
    assert export_entries(db, EntryFilter(), exported) == len(HOSTILE)

    other = open_database(tmp_path / "other.sqlite")
    people(other)
    plan = plan_import(other, exported, today=TODAY)
    assert plan.problems == []
    assert apply_import(other, plan) == len(HOSTILE)
    assert snapshot(other) == snapshot(db)
    # importing the same file again adds nothing: every row is a duplicate
    again = plan_import(other, exported, today=TODAY)
    assert len(again.duplicates) == len(HOSTILE) and again.entries == []
    other.dispose()
