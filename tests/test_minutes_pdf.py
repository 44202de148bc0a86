"""Minutes PDFs read back with pypdf: attendance, agenda order, decisions in place, action
tables, page numbers, verbatim hostile text, embedded fonts, a megabyte of notes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.db import directory as d
from app.db import meetings as m
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.domain.records_meetings import MeetingInput
from app.errors import KnownError, NotFoundError
from app.reports import minutes_pdf
from app.reports.minutes_pdf import (
    CHUNK,
    build_minutes,
    long_date,
    minutes_filename,
    write_minutes,
)

T = dt.datetime
HOSTILE = "R&D < 1.44% <b"
NOTE = "Budget line: R&D < 1.44% <b> — see </para> and <font name=x>\nsecond line &amp; &#x41;"
GENERATED = dt.datetime(2026, 3, 11, 9, 30)


@pytest.fixture
def meeting(db: Database) -> dict[str, int]:
    ane = d.create_officer(db, OfficerInput("Iñaki Łukasz", "inaki@example.org"))
    gaia = d.create_cluster(
        db,
        ClusterInput(
            "GAIA – ICT & Electronics <Cluster>",
            "GAIA",
            contact_name="Nerea Lasa",
            contact_email="nerea@gaia.example",
        ),
    )
    earlier = m.create_meeting(
        db, MeetingInput(gaia, T(2026, 1, 20, 10), T(2026, 1, 20, 12), title="Q4 board")
    )
    m.add_action(db, earlier, "Book the Cluster Day venue", due_date=dt.date(2026, 2, 1))
    closed = m.add_action(db, earlier, "Already closed item")
    m.set_action_status(db, closed, "done", today=dt.date(2026, 2, 2))
    mid = m.create_meeting(
        db,
        MeetingInput(
            gaia,
            T(2026, 3, 10, 10),
            T(2026, 3, 10, 12, 30),
            title="Q1 board <draft>",
            location="Zamudio & Derio",
            notes="Quorum reached.\nChaired by Mikel Urrutia.",
        ),
        officer_ids=(ane,),
        agenda=("Welcome & apologies", "Budget 2026 </para>", "Talent plan", "AOB"),
    )
    chair = m.add_attendee(db, mid, name="Mikel Urrutia", organisation="Ikerlan", role="Chair")
    m.add_attendee(db, mid, name="Nerea Lasa", organisation="GAIA", attendance="apologised")
    agenda = m.get_meeting(db, mid).agenda
    m.set_agenda_notes(db, agenda[1].id, NOTE)
    m.set_agenda_notes(db, agenda[2].id, "Ñandú € 😀 emoji and שלום עולם RTL text")
    m.add_decision(db, mid, f"Approve the 2026 budget ({HOSTILE})", agenda_item_id=agenda[1].id)
    m.add_decision(db, mid, "Hold the next board in June")
    m.add_action(
        db,
        mid,
        "Send the budget to members",
        owner_attendee_id=chair,
        due_date=dt.date(2026, 3, 31),
        agenda_item_id=agenda[1].id,
    )
    done = m.add_action(db, mid, "Circulate the talent survey", owner_officer_id=ane)
    m.set_action_status(db, done, "done", today=dt.date(2026, 3, 12))
    return {"mid": mid, "gaia": gaia, "ane": ane, "earlier": earlier}


def read(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(path)
    return reader, [page.extract_text() or "" for page in reader.pages]


def flat(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


def test_minutes_show_the_whole_meeting(
    db: Database, meeting: dict[str, int], tmp_path: Path
) -> None:
    out = write_minutes(db, meeting["mid"], tmp_path / "m.pdf", generated=GENERATED)
    reader, pages = read(out)
    text = flat(pages)
    # header: cluster, kind, date, place
    assert "Minutes of the board meeting" in text
    assert "GAIA – ICT & Electronics <Cluster>" in text
    assert "Tuesday 10 March 2026, 10:00–12:30" in text
    assert "Zamudio & Derio" in text and "Q1 board <draft>" in text
    # attendance: officers and external people with organisation and role
    assert "Present (2)" in text and "Apologies (1)" in text
    assert "Iñaki Łukasz" in text and "Liaison officer, SPRI" in text
    assert "Mikel Urrutia" in text and "Chair, Ikerlan" in text
    assert text.index("Apologies (1)") < text.index("Nerea Lasa")
    assert "Quorum reached. Chaired by Mikel Urrutia." in text
    # agenda items numbered, in order
    titles = ["1. Welcome & apologies", "2. Budget 2026 </para>", "3. Talent plan", "4. AOB"]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)
    # a tied decision sits under its item; an untied one in the Decisions section
    decision = f"Decision 1. Approve the 2026 budget ({HOSTILE})"
    assert positions[1] < text.index(decision) < positions[2]
    assert text.index("4. AOB") < text.index("Decisions") < text.index("Decision 2. Hold the")
    # the action table: what, who, due, status
    assert re.search(r"1 Send the budget to members .*Mikel Urrutia 31 Mar 2026 Open", text)
    assert "Agenda item 2" in text
    assert re.search(r"Circulate the talent survey .*Iñaki Łukasz – Done", text)
    assert "2 action items agreed, 1 still open" in text
    # carried forward from the earlier meeting: open items only, overdue at this meeting
    carried = text[text.index("Open items from earlier meetings") :]
    assert "20 Jan 2026 Book the Cluster Day venue – 1 Feb 2026 overdue" in carried
    assert "Already closed item" not in text
    # page numbers and the footer
    n = len(reader.pages)
    assert f"Page 1 of {n}" in pages[0] and f"Page {n} of {n}" in pages[-1]
    assert "Generated 11 Mar 2026 09:30 by ClusterDesk" in pages[0]
    assert reader.metadata is not None and "GAIA" in (reader.metadata.title or "")


def test_user_markup_prints_verbatim_with_line_breaks(
    db: Database, meeting: dict[str, int], tmp_path: Path
) -> None:
    _, pages = read(write_minutes(db, meeting["mid"], tmp_path / "m.pdf"))
    raw = "\n".join(pages)
    assert (
        "Budget line: R&D < 1.44% <b> — see </para> and <font name=x>\nsecond line &amp; &#x41;"
        in raw
    )
    assert HOSTILE in raw and "Ñandú €" in raw and "emoji and" in raw  # 😀: drawn, not copied
    assert "שלום" in raw or "םולש" in raw  # RTL: printed (in logical order), not lost


def test_fonts_are_embedded_dejavu(db: Database, meeting: dict[str, int], tmp_path: Path) -> None:
    reader, _ = read(write_minutes(db, meeting["mid"], tmp_path / "m.pdf"))
    names: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
    assert names and all("DejaVuSans" in n for n in names), names
    assert any(n.endswith("DejaVuSans-Bold") for n in names)


def test_an_empty_meeting_says_so(db: Database, meeting: dict[str, int], tmp_path: Path) -> None:
    mid = m.create_meeting(
        db, MeetingInput(meeting["gaia"], T(2026, 1, 5, 9), kind="working_group", online=True)
    )
    _, pages = read(write_minutes(db, mid, tmp_path / "empty.pdf"))
    text = flat(pages)
    assert "Minutes of the working group meeting" in text
    assert "Place Online" in text and "Monday 5 January 2026, 09:00" in text
    assert "No attendance was recorded" in text
    assert "No agenda items were recorded." in text
    assert "No formal decisions were recorded." in text
    assert "No action items were agreed at this meeting." in text
    assert "No action items from earlier meetings remain open." in text


def test_hostile_and_unusual_text_everywhere_builds(
    db: Database, meeting: dict[str, int], tmp_path: Path
) -> None:
    detail = m.get_meeting(db, meeting["mid"])
    nasty = "</para><para><font size=80>&#0;&bogus; ]]> <!-- x --> \ud800 \x0b 🇪🇸 👍🏽 \u202eevil"
    row = dataclasses.replace(detail.meeting, cluster_short_name=nasty, location=nasty)
    weird = dataclasses.replace(
        detail,
        meeting=row,
        cluster_name=nasty,
        notes=nasty,
        agenda=tuple(dataclasses.replace(a, title=nasty, notes=nasty) for a in detail.agenda),
    )
    _, pages = read(build_minutes(weird, tmp_path / "weird.pdf"))
    assert "</para><para><font size=80>&#0;&bogus; ]]> <!-- x -->" in "\n".join(pages)


def test_a_megabyte_note_flows_across_pages(
    db: Database, meeting: dict[str, int], tmp_path: Path
) -> None:
    detail = m.get_meeting(db, meeting["mid"])
    paragraph = "The board discussed the internationalisation plan at length. " * 40
    note = ("\n".join([paragraph] * 3) + "\n\n") * 140 + "x" * 5000 + "\nEND OF NOTE"
    assert len(note) > 1_000_000
    agenda = list(detail.agenda)
    agenda[2] = dataclasses.replace(agenda[2], notes=note)
    reader, pages = read(
        build_minutes(dataclasses.replace(detail, agenda=tuple(agenda)), tmp_path / "big.pdf")
    )
    n = len(reader.pages)
    assert n > 150
    assert f"Page {n} of {n}" in pages[-1]
    text = flat(pages)
    assert text.index("3. Talent plan") < text.index("END OF NOTE") < text.index("4. AOB")
    assert "Open items from earlier meetings" in pages[-1]


def test_long_text_is_cut_into_bounded_pieces_without_losing_any() -> None:
    text = "alpha beta. " * 500 + "\n" + "y" * (3 * CHUNK) + "\n\nsecond paragraph\n  indented"
    pieces = list(minutes_pdf._pieces(text))
    assert all(len(piece) <= CHUNK + 40 for piece, _ in pieces if "&nbsp;" not in piece)
    assert [ends for _, ends in pieces][-2:] == [True, True]
    joined = "".join(piece.replace("<br/>", "") for piece, _ in pieces).replace(" ", "")
    assert joined.replace("&nbsp;", "") == text.replace("\n", "").replace(" ", "")
    assert pieces[-1][0] == "second paragraph<br/>&nbsp;&nbsp;indented"


def test_a_long_action_is_shortened_in_the_table_and_given_in_full(
    db: Database, meeting: dict[str, int], tmp_path: Path
) -> None:
    long = "Prepare the detailed talent plan with every member. " * 60 + "LAST WORDS"
    m.add_action(db, meeting["mid"], long)
    _, pages = read(write_minutes(db, meeting["mid"], tmp_path / "m.pdf"))
    text = flat(pages)
    assert "Full text below the table." in text
    assert "Action 3, in full. Prepare the detailed" in text and "LAST WORDS" in text


def test_file_name_suggestion_is_safe_everywhere(db: Database, meeting: dict[str, int]) -> None:
    detail = m.get_meeting(db, meeting["mid"])
    assert minutes_filename(detail) == "Minutes_GAIA_2026-03-10.pdf"

    def named(short: str) -> str:
        row = dataclasses.replace(detail.meeting, cluster_short_name=short)
        return minutes_filename(dataclasses.replace(detail, meeting=row))

    assert named('GAIA & Co/<x>: "a|b"?*') == "Minutes_GAIA_Co_x_a_b_2026-03-10.pdf"
    assert named("Łódź Klúster") == "Minutes_Łódź_Klúster_2026-03-10.pdf"
    assert named("..\\..\\etc") == "Minutes_etc_2026-03-10.pdf"
    assert named("  \t\n ") == "Minutes_cluster_2026-03-10.pdf"
    assert named("x" * 200) == f"Minutes_{'x' * 60}_2026-03-10.pdf"
    for short in ('a<>:"/\\|?*b', "CON", "a\x00b", "😀"):
        name = named(short)
        assert not re.search(r'[<>:"/\\|?*\x00-\x1f]', name), name


def test_dates_are_english_whatever_the_locale() -> None:
    assert long_date(dt.date(2026, 3, 10)) == "10 March 2026"


def test_unknown_meeting_and_bad_folder_are_known_errors(
    db: Database, meeting: dict[str, int], tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError):
        write_minutes(db, 9999, tmp_path / "x.pdf")
    with pytest.raises(KnownError, match="does not exist"):
        write_minutes(db, meeting["mid"], tmp_path / "missing" / "x.pdf")
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"old")
    with pytest.raises(NotFoundError):
        write_minutes(db, 9999, target)
    assert target.read_bytes() == b"old"
