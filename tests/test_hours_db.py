"""The Hours data layer against real SQLite: entries, day totals, closed years, timers, progress."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from app.db import directory as d
from app.db import hours as h
from app.db.database import Database
from app.domain.hours import EntryInput
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.domain.records_hours import EntryFilter
from app.errors import NotFoundError, ValidationError

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    ane = d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org"))
    jon = d.create_officer(db, OfficerInput("Jon Agirre", "jon@example.org"))
    koldo = d.create_officer(
        db, OfficerInput("Koldo Mendizabal", "koldo@example.org", role="coordinator")
    )
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    d.add_assignment(db, AssignmentInput(ane, gaia, dt.date(2024, 1, 1)))
    return {"ane": ane, "jon": jon, "koldo": koldo, "gaia": gaia, "hegan": hegan}


def entry(p: dict[str, int], **kw) -> EntryInput:  # type: ignore[no-untyped-def]
    base = {
        "officer_id": p["ane"],
        "entry_date": dt.date(2026, 3, 2),
        "minutes": 120,
        "activity": "board_meeting",
        "cluster_id": p["gaia"],
        "description": "Board meeting",
    }
    base.update(kw)
    return EntryInput(**base)


def test_add_and_read_back(db: Database, people: dict[str, int]) -> None:
    eid, warnings = h.add_entry(db, entry(people, description="R&D < 1.44% <b"), today=TODAY)
    assert warnings == []
    row = h.get_entry(db, eid)
    assert (row.officer_name, row.cluster_short_name, row.hours, row.description) == (
        "Ane Etxeberria",
        "GAIA",
        2.0,
        "R&D < 1.44% <b",
    )


def test_unassigned_cluster_is_saved_with_a_warning(db: Database, people: dict[str, int]) -> None:
    _, warnings = h.add_entry(db, entry(people, cluster_id=people["hegan"]), today=TODAY)
    assert "not assigned to HEGAN" in warnings[0]


def test_day_total_counts_existing_entries(db: Database, people: dict[str, int]) -> None:
    h.add_entry(db, entry(people, minutes=20 * 60), today=TODAY)
    with pytest.raises(ValidationError, match="over 24 hours"):
        h.add_entry(db, entry(people, minutes=5 * 60), today=TODAY)
    assert h.count_entries(db, EntryFilter()) == (1, 1200)
    # another officer on the same day is unaffected
    h.add_entry(
        db, entry(people, officer_id=people["jon"], minutes=5 * 60, cluster_id=None), today=TODAY
    )


def test_editing_an_entry_excludes_itself_from_the_day_total(
    db: Database, people: dict[str, int]
) -> None:
    eid, _ = h.add_entry(db, entry(people, minutes=20 * 60), today=TODAY)
    h.update_entry(db, eid, entry(people, minutes=24 * 60), today=TODAY)
    assert h.get_entry(db, eid).minutes == 24 * 60


def test_future_date_is_refused(db: Database, people: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="future"):
        h.add_entry(db, entry(people, entry_date=TODAY + dt.timedelta(days=1)), today=TODAY)


def test_delete_and_undo_restores_the_same_entries(db: Database, people: dict[str, int]) -> None:
    ids = [
        h.add_entry(db, entry(people, entry_date=dt.date(2026, 3, day)), today=TODAY)[0]
        for day in (2, 3, 4)
    ]
    deleted = h.delete_entries(db, ids[:2])
    assert h.count_entries(db, EntryFilter()) == (1, 120)
    h.restore_entries(db, deleted)
    assert sorted(h.entry_ids(db, EntryFilter())) == sorted(ids)
    assert h.get_entry(db, ids[0]) == deleted[0]


def test_filters_sorting_and_paging(db: Database, people: dict[str, int]) -> None:
    for i in range(30):
        h.add_entry(
            db,
            entry(
                people,
                entry_date=dt.date(2024 + i % 2, 1 + i % 12, 1 + i),
                minutes=15 * (i + 1),
                activity="preparation" if i % 3 else "travel",
                description=f"Reunión {i}",
            ),
            today=TODAY,
        )
    f = EntryFilter(year=2025, sort="hours", descending=False)
    ids = h.entry_ids(db, f)
    rows = [r for batch in h.iter_entries(db, f, batch=4) for r in batch]
    assert [r.id for r in rows] == ids
    assert [r.minutes for r in rows] == sorted(r.minutes for r in rows)
    assert len(rows) == 15 and all(r.entry_date.year == 2025 for r in rows)
    assert h.count_entries(db, EntryFilter(activity="travel"))[0] == 10
    # accent- and case-insensitive text filter
    assert h.count_entries(db, EntryFilter(text="REUNION 1"))[0] == 12  # 1, 10..19, 21
    assert h.count_entries(db, EntryFilter(text="reunión 2 ane"))[0] == 12  # 2, 12, 20..29
    page = h.page_of_entries(db, f, 5, 5)
    assert [r.id for r in page] == ids[5:10]


def test_closed_year_is_read_only_everywhere(db: Database, people: dict[str, int]) -> None:
    eid, _ = h.add_entry(db, entry(people, entry_date=dt.date(2025, 6, 2)), today=TODAY)
    with pytest.raises(ValidationError, match="coordinator"):
        h.close_year(db, 2025, by_officer_id=people["ane"])
    h.close_year(db, 2025, by_officer_id=people["koldo"], note="Annual report sent")
    assert h.list_closed_years(db) == [2025]
    with pytest.raises(ValidationError, match="2025 is closed"):
        h.add_entry(db, entry(people, entry_date=dt.date(2025, 6, 3)), today=TODAY)
    with pytest.raises(h.ClosedYearError):
        h.update_entry(
            db, eid, entry(people, entry_date=dt.date(2025, 6, 2), minutes=60), today=TODAY
        )
    with pytest.raises(h.ClosedYearError):
        h.delete_entries(db, [eid])
    # moving an open-year entry into the closed year is refused too
    other, _ = h.add_entry(db, entry(people, entry_date=dt.date(2026, 1, 5)), today=TODAY)
    with pytest.raises(ValidationError):
        h.update_entry(db, other, entry(people, entry_date=dt.date(2025, 1, 5)), today=TODAY)
    # even raw SQL cannot bypass it: the triggers hold
    con = sqlite3.connect(db.path)
    with pytest.raises(sqlite3.IntegrityError, match="CLOSED_YEAR"):
        con.execute("DELETE FROM time_entry WHERE id = ?", (eid,))
    con.close()

    h.reopen_year(db, 2025, by_officer_id=people["koldo"], note="Correction")
    h.update_entry(db, eid, entry(people, entry_date=dt.date(2025, 6, 2), minutes=60), today=TODAY)
    events = h.year_events(db)
    assert [(e.year, e.action, e.by) for e in events] == [
        (2025, "reopened", "Koldo Mendizabal"),
        (2025, "closed", "Koldo Mendizabal"),
    ]


def test_timer_survives_and_logs_rounded_time(db: Database, people: dict[str, int]) -> None:
    start = dt.datetime(2026, 11, 27, 9, 0)
    h.start_timer(db, people["ane"], cluster_id=people["gaia"], activity="preparation", now=start)
    with pytest.raises(ValidationError, match="already running"):
        h.start_timer(db, people["ane"], cluster_id=None, activity="travel", now=start)
    # a "restart": a brand-new Database object on the same file still sees the timer
    again = Database(db.path)
    timers = h.running_timers(again)
    assert [(t.officer_name, t.cluster_short_name, t.started_at) for t in timers] == [
        ("Ane Etxeberria", "GAIA", start)
    ]
    eid, _ = h.stop_timer(again, people["ane"], now=start + dt.timedelta(minutes=98))
    again.dispose()
    row = h.get_entry(db, eid)
    assert (row.minutes, row.entry_date, row.activity) == (105, start.date(), "preparation")
    assert h.running_timers(db) == []
    with pytest.raises(NotFoundError):
        h.stop_timer(db, people["ane"])


def test_progress_for_year_uses_targets_and_service_dates(
    db: Database, people: dict[str, int]
) -> None:
    d.set_target(db, people["jon"], 2026, 120)
    d.update_officer(
        db,
        people["ane"],
        OfficerInput("Ane Etxeberria", "ane@example.org", service_start=dt.date(2026, 5, 1)),
    )
    for day in (1, 2):
        h.add_entry(
            db,
            entry(people, entry_date=dt.date(2026, 6, day), minutes=20 * 60, cluster_id=None),
            today=TODAY,
        )
    h.add_entry(
        db,
        entry(
            people,
            officer_id=people["jon"],
            entry_date=dt.date(2026, 2, 2),
            minutes=24 * 60,
            cluster_id=None,
        ),
        today=TODAY,
    )
    h.add_entry(
        db,
        entry(
            people,
            officer_id=people["jon"],
            entry_date=dt.date(2026, 12, 1),
            minutes=60,
            cluster_id=None,
        ),
        today=dt.date(2026, 12, 1),
    )
    rows = {r.officer: r.progress for r in h.progress_for_year(db, 2026, as_of=TODAY)}
    assert set(rows) == {"Ane Etxeberria", "Jon Agirre"}  # the coordinator owes no hours
    assert rows["Ane Etxeberria"].target == 67.0
    assert rows["Ane Etxeberria"].logged == 40.0
    assert rows["Jon Agirre"].target == 120.0
    assert rows["Jon Agirre"].logged == 24.0  # the December entry is after as_of
    assert rows["Jon Agirre"].status == "behind"


def test_hours_by_cluster_activity_and_month(db: Database, people: dict[str, int]) -> None:
    h.add_entry(db, entry(people, minutes=60), today=TODAY)
    h.add_entry(
        db,
        entry(
            people, entry_date=dt.date(2026, 4, 1), minutes=30, activity="travel", cluster_id=None
        ),
        today=TODAY,
    )
    f = EntryFilter(officer_id=people["ane"], year=2026)
    assert h.hours_by(db, f, "cluster") == [("GAIA", 1.0), ("(no cluster)", 0.5)]
    assert h.hours_by(db, f, "activity") == [("Board meeting", 1.0), ("Travel", 0.5)]
    assert h.hours_by(db, f, "month") == [("2026-03", 1.0), ("2026-04", 0.5)]


def test_daily_hours_sum_per_day(db: Database, people: dict[str, int]) -> None:
    h.add_entry(db, entry(people, minutes=60), today=TODAY)
    h.add_entry(db, entry(people, minutes=30, activity="travel"), today=TODAY)
    h.add_entry(db, entry(people, entry_date=dt.date(2026, 3, 9), minutes=15), today=TODAY)
    h.add_entry(db, entry(people, entry_date=dt.date(2025, 3, 9), minutes=15), today=TODAY)
    assert h.daily_hours(db, people["ane"], 2026) == [
        (dt.date(2026, 3, 2), 1.5),
        (dt.date(2026, 3, 9), 0.25),
    ]
