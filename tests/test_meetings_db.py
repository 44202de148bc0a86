"""The Meetings data layer against real SQLite: agenda, decisions, actions carried forward,
search, live-meeting recovery and logging a meeting's time."""

from __future__ import annotations

import datetime as dt

import pytest

from app.db import directory as d
from app.db import hours as h
from app.db import meetings as m
from app.db.database import Database
from app.domain.meetings import fts_query, meeting_minutes_for_hours
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.domain.records_hours import EntryFilter
from app.domain.records_meetings import HIT_END, HIT_START, MeetingInput
from app.errors import NotFoundError, ValidationError

TODAY = dt.date(2026, 11, 29)
T = dt.datetime


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    ane = d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org"))
    gaia = d.create_cluster(
        db, ClusterInput("GAIA ICT cluster", "GAIA", contact_email="info@gaia.example")
    )
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    d.add_assignment(db, AssignmentInput(ane, gaia, dt.date(2024, 1, 1)))
    return {"ane": ane, "gaia": gaia, "hegan": hegan}


def board(ids: dict[str, int], when: dt.datetime, **kw) -> MeetingInput:  # type: ignore[no-untyped-def]
    return MeetingInput(
        cluster_id=ids["gaia"], starts_at=when, ends_at=when + dt.timedelta(hours=2), **kw
    )


def test_create_and_read_a_whole_meeting(db: Database, ids: dict[str, int]) -> None:
    mid = m.create_meeting(
        db,
        board(ids, T(2026, 3, 10, 10), title="Q1 board", location="Zamudio"),
        officer_ids=(ids["ane"],),
        agenda=("Welcome", "Budget 2026", "AOB"),
    )
    ext = m.add_attendee(db, mid, name="Mikel Urrutia", organisation="Ikerlan", role="Chair")
    m.add_attendee(db, mid, name="Nerea Lasa", organisation="GAIA", attendance="apologised")
    detail = m.get_meeting(db, mid)
    budget = detail.agenda[1]
    m.set_agenda_notes(db, budget.id, "R&D < 1.44% <b> — approved\nsecond line")
    m.add_decision(db, mid, "Approve the 2026 budget", agenda_item_id=budget.id)
    m.add_action(
        db, mid, "Send the budget to members", owner_attendee_id=ext, due_date=dt.date(2026, 3, 31)
    )

    detail = m.get_meeting(db, mid)
    assert [a.title for a in detail.agenda] == ["Welcome", "Budget 2026", "AOB"]
    assert detail.agenda[1].notes == "R&D < 1.44% <b> — approved\nsecond line"
    assert [(a.name, a.attendance) for a in detail.attendees] == [
        ("Ane Etxeberria", "present"),
        ("Mikel Urrutia", "present"),
        ("Nerea Lasa", "apologised"),
    ]
    assert detail.decisions[0].text == "Approve the 2026 budget"
    assert (detail.actions[0].owner_name, detail.actions[0].status) == ("Mikel Urrutia", "open")
    assert detail.meeting.open_actions == 1 and detail.meeting.officers == ("Ane Etxeberria",)
    assert detail.cluster_contact_email == "info@gaia.example"


def test_bad_input_is_refused(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="ends before"):
        m.create_meeting(db, MeetingInput(ids["gaia"], T(2026, 3, 10, 12), T(2026, 3, 10, 10)))
    with pytest.raises(ValidationError, match="kind"):
        m.create_meeting(db, board(ids, T(2026, 3, 10, 10), kind="party"))
    mid = m.create_meeting(db, board(ids, T(2026, 3, 10, 10)))
    with pytest.raises(ValidationError):
        m.add_attendee(db, mid, name="   ")
    with pytest.raises(ValidationError, match="already on the list"):
        m.add_attendee(db, mid, officer_id=ids["ane"])
        m.add_attendee(db, mid, officer_id=ids["ane"])
    other = m.create_meeting(db, board(ids, T(2026, 4, 10, 10)))
    stranger = m.add_attendee(db, other, name="Someone Else")
    with pytest.raises(ValidationError, match="attendee of this meeting"):
        m.add_action(db, mid, "Do it", owner_attendee_id=stranger)
    with pytest.raises(ValidationError, match="one owner"):
        m.add_action(db, mid, "Do it", owner_attendee_id=stranger, owner_officer_id=ids["ane"])


def test_agenda_reorders_by_keyboard_moves(db: Database, ids: dict[str, int]) -> None:
    mid = m.create_meeting(db, board(ids, T(2026, 3, 10, 10)), agenda=("A", "B", "C"))
    a, b, c = (x.id for x in m.get_meeting(db, mid).agenda)
    m.move_agenda_item(db, c, -1)
    assert [x.title for x in m.get_meeting(db, mid).agenda] == ["A", "C", "B"]
    m.move_agenda_item(db, a, +5)
    assert [x.title for x in m.get_meeting(db, mid).agenda] == ["C", "B", "A"]
    with pytest.raises(ValidationError):
        m.reorder_agenda(db, mid, [a, b])


def test_open_actions_are_carried_forward_until_closed(db: Database, ids: dict[str, int]) -> None:
    first = m.create_meeting(db, board(ids, T(2026, 3, 10, 10), title="Q1"))
    a1 = m.add_action(
        db,
        first,
        "Draft the talent plan",
        owner_officer_id=ids["ane"],
        due_date=dt.date(2026, 5, 1),
    )
    a2 = m.add_action(db, first, "Book the venue")
    m.create_meeting(db, MeetingInput(ids["hegan"], T(2026, 5, 1, 10)))  # another cluster
    second = m.create_meeting(db, board(ids, T(2026, 6, 10, 10), title="Q2"))
    carried = m.get_meeting(db, second).carried_forward
    assert [c.description for c in carried] == ["Draft the talent plan", "Book the venue"]
    assert carried[0].due_state(TODAY) == "overdue" and carried[1].due_state(TODAY) == "no_date"
    assert m.get_meeting(db, first).carried_forward == ()  # nothing earlier

    m.set_action_status(db, a1, "done", today=dt.date(2026, 6, 10))
    m.set_action_status(db, a2, "dropped", today=dt.date(2026, 6, 10))
    assert m.get_meeting(db, second).carried_forward == ()
    done = m.list_actions(db)
    assert {(x.status, x.closed_on) for x in done} == {
        ("done", dt.date(2026, 6, 10)),
        ("dropped", dt.date(2026, 6, 10)),
    }
    m.set_action_status(db, a1, "open")
    assert m.list_actions(db, open_only=True)[0].closed_on is None


def test_action_tracker_filters(db: Database, ids: dict[str, int]) -> None:
    mid = m.create_meeting(db, board(ids, T(2026, 10, 1, 10)))
    m.add_action(
        db, mid, "Overdue", due_date=TODAY - dt.timedelta(days=3), owner_officer_id=ids["ane"]
    )
    m.add_action(db, mid, "Today", due_date=TODAY)
    m.add_action(db, mid, "Later", due_date=TODAY + dt.timedelta(days=9))
    assert [a.description for a in m.list_actions(db, overdue_only=True, today=TODAY)] == [
        "Overdue"
    ]
    states = {a.description: a.due_state(TODAY) for a in m.list_actions(db, open_only=True)}
    assert states == {"Overdue": "overdue", "Today": "due_today", "Later": "upcoming"}
    assert [a.description for a in m.list_actions(db, owner_officer_id=ids["ane"])] == ["Overdue"]


def test_search_ignores_accents_and_highlights(db: Database, ids: dict[str, int]) -> None:
    mid = m.create_meeting(db, board(ids, T(2026, 3, 10, 10), title="Reunión del consejo"))
    other = m.create_meeting(db, board(ids, T(2026, 4, 10, 10), title="Board"))
    item = m.add_agenda_item(db, other, "Internacionalización")
    m.set_agenda_notes(db, item, "Misión comercial a Québec con PYMEs")
    m.add_decision(db, other, "Aprobar la misión")

    hits = m.search(db, "reunion")
    assert [hh.meeting_id for hh in hits] == [mid]
    assert f"{HIT_START}Reunión{HIT_END}" in hits[0].snippet
    assert [hh.meeting_id for hh in m.search(db, "QUEBEC pymes")] == [other]
    assert m.search(db, "internac")[0].where == "agenda item"  # prefix match
    # notes edited later are found by their new words only
    m.set_agenda_notes(db, item, "Nothing left")
    assert m.search(db, "quebec") == []
    # deleting the meeting removes it from the index
    m.delete_meeting(db, other)
    assert m.search(db, "aprobar") == []


@pytest.mark.parametrize(
    "typed", ['"unbalanced', "NEAR(a b)", "a OR b", "col:value", "*", "()", "-x"]
)
def test_search_survives_fts_syntax_typed_by_people(
    db: Database, ids: dict[str, int], typed: str
) -> None:
    m.create_meeting(db, board(ids, T(2026, 3, 10, 10), title="a b x value"))
    m.search(db, typed)  # no exception is the point; results may be empty


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('budget "2026" OR(x)') == '"budget"* "2026"* "OR"* "x"*'
    assert fts_query("  ") == ""


def test_delete_and_undo_restores_everything(db: Database, ids: dict[str, int]) -> None:
    mid = m.create_meeting(
        db, board(ids, T(2026, 3, 10, 10)), officer_ids=(ids["ane"],), agenda=("A", "B")
    )
    ext = m.add_attendee(db, mid, name="Mikel", organisation="Ikerlan")
    m.add_decision(db, mid, "Yes")
    m.add_action(db, mid, "Do it", owner_attendee_id=ext)
    m.log_meeting_time(db, mid, ids["ane"], meeting_minutes=120, today=TODAY)
    before = m.get_meeting(db, mid)
    snap = m.delete_meeting(db, mid)
    with pytest.raises(NotFoundError):
        m.get_meeting(db, mid)
    assert h.count_entries(db, EntryFilter())[0] == 1  # the hours stay, unlinked
    m.restore_meeting(db, snap)
    assert m.get_meeting(db, mid) == before
    assert m.search(db, "Yes")[0].meeting_id == mid


def test_duplicate_for_a_recurring_board(db: Database, ids: dict[str, int]) -> None:
    mid = m.create_meeting(
        db,
        board(ids, T(2026, 3, 10, 10), title="Board", location="Zamudio"),
        officer_ids=(ids["ane"],),
        agenda=("Welcome", "Budget"),
    )
    m.set_agenda_notes(db, m.get_meeting(db, mid).agenda[0].id, "private notes")
    m.add_decision(db, mid, "Decided")
    new = m.duplicate_meeting(db, mid, T(2026, 6, 9, 10))
    copy = m.get_meeting(db, new)
    assert (
        copy.meeting.title,
        copy.meeting.location,
        copy.meeting.starts_at,
        copy.meeting.ends_at,
    ) == ("Board", "Zamudio", T(2026, 6, 9, 10), T(2026, 6, 9, 12))
    assert [a.title for a in copy.agenda] == ["Welcome", "Budget"]
    assert all(a.notes == "" for a in copy.agenda) and copy.decisions == ()
    assert [(a.name, a.attendance) for a in copy.attendees] == [("Ane Etxeberria", "invited")]


def test_live_meeting_is_remembered_across_restarts(db: Database, ids: dict[str, int]) -> None:
    mid = m.create_meeting(db, board(ids, T(2026, 3, 10, 10)))
    assert m.live_meeting(db) is None
    m.set_live_meeting(db, mid)
    assert m.live_meeting(Database(db.path)) == mid
    m.set_live_meeting(db, None)
    assert m.live_meeting(db) is None
    m.set_live_meeting(db, mid)
    m.delete_meeting(db, mid)
    assert m.live_meeting(db) is None  # a deleted meeting is not reopened


def test_log_meeting_time_once(db: Database, ids: dict[str, int]) -> None:
    mid = m.create_meeting(db, board(ids, T(2026, 3, 10, 10)))
    entry_ids, warnings = m.log_meeting_time(
        db,
        mid,
        ids["ane"],
        meeting_minutes=120,
        preparation_minutes=60,
        travel_minutes=45,
        today=TODAY,
    )
    assert len(entry_ids) == 3 and warnings == []
    logged = {(t.activity, t.minutes, t.entry_date) for t in m.meeting_time(db, mid)}
    assert logged == {
        ("board_meeting", 120, dt.date(2026, 3, 10)),
        ("preparation", 60, dt.date(2026, 3, 10)),
        ("travel", 45, dt.date(2026, 3, 10)),
    }
    with pytest.raises(ValidationError, match="Already logged"):
        m.log_meeting_time(db, mid, ids["ane"], meeting_minutes=120, today=TODAY)
    assert len(m.meeting_time(db, mid)) == 3


def test_log_meeting_time_is_all_or_nothing(db: Database, ids: dict[str, int]) -> None:
    mid = m.create_meeting(db, board(ids, T(2026, 3, 10, 10)))
    h.add_entry(db, h.EntryInput(ids["ane"], dt.date(2026, 3, 10), 21 * 60, "other"), today=TODAY)
    with pytest.raises(ValidationError, match="over 24 hours"):
        m.log_meeting_time(
            db, mid, ids["ane"], meeting_minutes=120, travel_minutes=120, today=TODAY
        )
    assert m.meeting_time(db, mid) == []


def test_meeting_minutes_round_to_quarter_hours() -> None:
    assert meeting_minutes_for_hours(T(2026, 1, 1, 10), T(2026, 1, 1, 12, 7)) == 120
    assert meeting_minutes_for_hours(T(2026, 1, 1, 10), T(2026, 1, 1, 12, 8)) == 135
    assert meeting_minutes_for_hours(T(2026, 1, 1, 10), None) == 0
