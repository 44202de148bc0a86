"""``clusterdesk hours ...`` commands, in-process against a real temporary database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.cli import run
from app.db import directory as d
from app.db import hours as h
from app.db.migrate import open_database
from app.domain.hours import EntryInput
from app.domain.records import OfficerInput


@pytest.fixture
def filled(db_path: Path) -> Path:
    db = open_database(db_path)
    ane = d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org"))
    d.create_officer(db, OfficerInput("Jon Agirre", "jon@example.org"))
    for day in range(1, 22):  # 21 × 2 h = 42 h in June
        h.add_entry(
            db,
            EntryInput(ane, dt.date(2026, 6, day), 120, "preparation", description="Board pack"),
            today=dt.date(2026, 11, 29),
        )
    db.dispose()
    return db_path


def test_progress_json(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        [
            "--db",
            str(filled),
            "hours",
            "progress",
            "--year",
            "2026",
            "--as-of",
            "2026-06-30",
            "--json",
        ]
    )
    assert code == 0
    rows = {r["officer"]: r for r in json.loads(capsys.readouterr().out)}
    ane = rows["Ane Etxeberria"]
    assert set(ane) >= {
        "officer_id",
        "officer",
        "year",
        "target",
        "logged",
        "expected",
        "projected",
        "needed_per_month",
        "status",
    }
    assert (ane["year"], ane["target"], ane["logged"], ane["status"]) == (
        2026,
        100.0,
        42.0,
        "at risk",
    )
    assert ane["expected"] == pytest.approx(100 * 181 / 365, abs=0.01)
    assert rows["Jon Agirre"]["status"] == "behind"


def test_progress_table_uses_the_sentence(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["--db", str(filled), "hours", "progress", "--year", "2026", "--as-of", "2026-06-30"])
        == 0
    )
    out = capsys.readouterr().out
    assert "42 of 100 h by 30 Jun" in out and "at risk" in out


def test_progress_rejects_an_impossible_date(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        run(["--db", str(filled), "hours", "progress", "--year", "2026", "--as-of", "2026-02-30"])
    assert info.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_unknown_officer_is_one_clear_line(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        [
            "--db",
            str(filled),
            "hours",
            "report",
            "--year",
            "2026",
            "--pdf",
            "x.pdf",
            "--officer",
            "Nobody",
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert (
        err.strip()
        == "clusterdesk: No officer is called “Nobody” (give a name or an e-mail address)."
    )


def test_meetings_and_actions_lists(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.db import meetings as m
    from app.domain.records import ClusterInput
    from app.domain.records_meetings import MeetingInput

    db = open_database(db_path)
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    start = dt.datetime(2026, 3, 10, 10)
    mid = m.create_meeting(
        db, MeetingInput(gaia, start, start + dt.timedelta(hours=2), title="Q1 board")
    )
    m.create_meeting(db, MeetingInput(hegan, start, None, title="HEGAN board"))
    m.add_action(db, mid, "Overdue thing", due_date=dt.date(2020, 1, 1))
    done = m.add_action(db, mid, "Done thing")
    m.set_action_status(db, done, "done")
    db.dispose()

    assert run(["--db", str(db_path), "meetings", "list", "--cluster", str(gaia), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [
        (r["id"], r["cluster"], r["kind"], r["title"], r["open_action_items"]) for r in rows
    ] == [(mid, "GAIA", "board", "Q1 board", 1)]
    assert rows[0]["start"] == "2026-03-10T10:00:00"

    assert run(["--db", str(db_path), "actions", "list", "--open", "--json"]) == 0
    acts = json.loads(capsys.readouterr().out)
    assert [(a["description"], a["due_state"]) for a in acts] == [("Overdue thing", "overdue")]
    assert run(["--db", str(db_path), "actions", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert run(["--db", str(db_path), "actions", "list", "--overdue", "--json"]) == 0
    assert [a["description"] for a in json.loads(capsys.readouterr().out)] == ["Overdue thing"]


def test_minutes_of_an_unknown_meeting(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_database(db_path).dispose()
    assert (
        run(
            [
                "--db",
                str(db_path),
                "meetings",
                "minutes",
                "42",
                "--pdf",
                str(db_path.parent / "m.pdf"),
            ]
        )
        == 1
    )
    assert "no longer exists" in capsys.readouterr().err
    assert not (db_path.parent / "m.pdf").exists()


def test_assessments_list_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.db import assessments as a
    from app.domain.records import ClusterInput

    db = open_database(db_path)
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    aid = a.create_assessment(db, gaia, 2026)
    first = a.get_assessment(db, aid).template.criteria()[0]
    a.set_score(db, aid, first.id, 3)
    db.dispose()
    assert run(["--db", str(db_path), "assessments", "list", "--year", "2026", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["cluster"], r["year"], r["status"], r["overall"]) for r in rows] == [
        (aid, "GAIA", 2026, "draft", 75.0)
    ]
    assert run(["--db", str(db_path), "assessments", "list", "--year", "2025", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_maturity_list_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.db import maturity as mt
    from app.domain.records import ClusterInput

    db = open_database(db_path)
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))  # no profile: not listed
    dims = mt.list_models(db)[0].dimensions
    mt.create_profile(
        db, gaia, dt.date(2025, 4, 1), levels={x.id: 2 for x in dims}, today=dt.date(2026, 1, 1)
    )
    mt.create_profile(
        db,
        gaia,
        dt.date(2026, 4, 1),
        stage="mature",
        levels={x.id: i + 1 for i, x in enumerate(dims[:5])},
        today=dt.date(2026, 11, 29),
    )
    db.dispose()
    assert run(["--db", str(db_path), "maturity", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["cluster_id"], row["cluster"], row["date"], row["stage"]) == (
        gaia,
        "GAIA",
        "2026-04-01",
        "mature",
    )
    assert row["levels"] == {
        "Structure and membership": 1,
        "Governance and management team": 2,
        "Financing": 3,
        "Strategy and action plan": 4,
        "Services and cooperation": 5,
    }


def test_maturity_scoreboard_needs_an_output(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "maturity", "scoreboard"]) == 1
    assert "--pdf FILE and/or --xlsx FILE" in capsys.readouterr().err
