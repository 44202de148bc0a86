"""PDF hours reports read back with pypdf: verbatim user text, fonts, page numbers, totals."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.db import directory as d
from app.db import hours as h
from app.db.database import Database
from app.domain.hours import EntryInput, format_hours
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.domain.records_hours import EntryFilter
from app.errors import KnownError, NotFoundError
from app.reports import hours_pdf
from app.reports.hours_pdf import officer_statement, programme_summary, status_words

TODAY = dt.date(2026, 11, 29)
AS_OF = dt.date(2026, 9, 30)
GENERATED = dt.datetime(2026, 9, 30, 17, 45)
LONG = " ".join(
    f"Point {i}: follow-up of the internationalisation working group." for i in range(28)
)


@pytest.fixture
def data(db: Database) -> dict[str, int]:
    inaki = d.create_officer(db, OfficerInput("Iñaki Łukasz", "inaki@example.org"))
    ane = d.create_officer(db, OfficerInput("Ane <b>Etxeberria</b> & Co", "ane@example.org"))
    idle = d.create_officer(db, OfficerInput("Jon Agirre", "jon@example.org"))
    gaia = d.create_cluster(db, ClusterInput("GAIA – ICT & Electronics <Cluster>", "GAIA & Co"))
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    d.add_assignment(db, AssignmentInput(inaki, gaia, dt.date(2024, 1, 1)))
    entries = [
        (inaki, dt.date(2026, 1, 15), 120, "board_meeting", gaia, "R&D < 1.44% <b"),
        (inaki, dt.date(2026, 2, 10), 90, "preparation", gaia, "Iñaki Łukasz 5 €"),
        (inaki, dt.date(2026, 3, 5), 45, "travel", None, "Tren a Donostia"),
        (inaki, dt.date(2026, 6, 20), 300, "working_group", hegan, LONG),
        (inaki, dt.date(2026, 10, 20), 60, "other", gaia, "After the as-of date"),
        (inaki, dt.date(2025, 5, 5), 180, "assessment", gaia, "Last year"),
        (ane, dt.date(2026, 4, 1), 4 * 60, "event", hegan, "Cluster Day & <i>friends</i>"),
    ]
    for officer, day, minutes, activity, cluster, text in entries:
        h.add_entry(db, EntryInput(officer, day, minutes, activity, cluster, text), today=TODAY)
    return {"inaki": inaki, "ane": ane, "idle": idle, "gaia": gaia, "hegan": hegan}


def pdf_text(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(path)
    return reader, [page.extract_text() or "" for page in reader.pages]


def flat(pages: list[str]) -> str:
    """All text with line breaks as spaces (wrapped paragraphs read as one line)."""
    return re.sub(r"\s+", " ", " ".join(pages))


def assert_page_numbers(pages: list[str]) -> None:
    n = len(pages)
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} of {n}" in text


def assert_only_embedded_dejavu(reader: PdfReader) -> None:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
    assert names and all("DejaVuSans" in n for n in names), names


def test_statement_prints_user_text_verbatim(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = officer_statement(
        db, data["inaki"], 2026, tmp_path / "s.pdf", as_of=AS_OF, generated=GENERATED
    )
    reader, pages = pdf_text(out)
    text = "\n".join(pages)
    assert "R&D < 1.44% <b" in text
    assert "Iñaki Łukasz 5 €" in text
    assert "GAIA & Co" in text
    assert "&amp;" not in text and "&lt;" not in text
    assert_page_numbers(pages)
    assert_only_embedded_dejavu(reader)
    assert "Generated 30 Sep 2026 17:45" in pages[0]
    assert "Annual hours statement" in pages[0] and "2026 · as of 30 Sep 2026" in pages[0]
    assert reader.metadata.title.startswith("Annual hours statement")


def test_statement_totals_match_the_database(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = officer_statement(db, data["inaki"], 2026, tmp_path / "s.pdf", as_of=AS_OF)
    _, pages = pdf_text(out)
    text = flat(pages)
    # the entry dated after the as-of date is not counted, nor listed
    n, minutes = h.count_entries(db, EntryFilter(officer_id=data["inaki"], year=2026))
    n -= 1
    minutes -= 60
    (progress,) = h.progress_for_year(db, 2026, AS_OF, officer_id=data["inaki"])
    pr = progress.progress
    assert pr.logged * 60 == minutes
    # key figures: labels, then values in the same order
    assert re.search(rf"Target Logged .* Status {pr.target:g} h {format_hours(minutes)} h ", text)
    assert f"Total {format_hours(minutes)} {n} entries" in text
    assert f"Entries ({n})" in text
    assert progress.progress.sentence() in text
    assert status_words(progress.progress.status) in text
    assert "After the as-of date" not in text
    assert "Last year" not in text
    # by cluster: GAIA 2 + 1.5, HEGAN 5, no cluster 0.75 (all with the total)
    assert re.search(r"GAIA & Co GAIA – ICT & Electronics <Cluster> 3\.5 ", text)
    assert "HEGAN HEGAN aerospace 5 " in text
    assert "(no cluster) 0.75 " in text


def test_long_descriptions_wrap(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = officer_statement(db, data["inaki"], 2026, tmp_path / "s.pdf", as_of=AS_OF)
    _, pages = pdf_text(out)
    lines = [line for page in pages for line in page.splitlines()]
    assert any(line.startswith("Point 0:") for line in lines)
    assert any("Point 27:" in line for line in lines)
    assert max(len(line) for line in lines) < 160  # wrapped in the column, not cut off
    assert flat(pages).count("follow-up of the internationalisation working group.") == 28


def test_statement_for_a_year_without_entries(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = officer_statement(db, data["idle"], 2026, tmp_path / "idle.pdf", as_of=AS_OF)
    reader, pages = pdf_text(out)
    text = flat(pages)
    assert "No hours logged in 2026" in text
    assert re.search(r"Target Logged .* Status 100 h 0 h ", text)
    assert "Behind" in text
    assert_page_numbers(pages)
    assert_only_embedded_dejavu(reader)


def test_statement_of_a_closed_year(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = officer_statement(db, data["inaki"], 2025, tmp_path / "2025.pdf", as_of=TODAY)
    _, pages = pdf_text(out)
    text = flat(pages)
    assert "2025 · full year" in text
    assert "Short of target Share of target Status 100 h 3 h 97 h 3% Missed" in text
    assert "Missed" in text and "Last year" in text


def test_unknown_officer(db: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        officer_statement(db, 999, 2026, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_summary_lists_every_officer_with_status(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = programme_summary(db, 2026, tmp_path / "sum.pdf", as_of=AS_OF, generated=GENERATED)
    reader, pages = pdf_text(out)
    text = "\n".join(pages)
    officers = h.progress_for_year(db, 2026, AS_OF)
    assert {o.officer for o in officers} == {
        "Iñaki Łukasz",
        "Ane <b>Etxeberria</b> & Co",
        "Jon Agirre",
    }
    lines = text.splitlines()
    for o in officers:
        assert o.officer in text
        # the table row: name, target, logged, expected, projected, needed/month, status word
        i = lines.index(o.officer)
        row = " ".join(lines[i : i + 7])
        pr = o.progress
        assert f"{pr.target:g}" in row and format_hours(round(pr.logged * 60)) in row
        assert status_words(pr.status) in row
    logged = sum(round(o.progress.logged * 60) for o in officers)
    assert "Total (3 officers)" in text
    assert f"{format_hours(logged)} h" in text  # key figure: hours logged
    assert "Hours by cluster" in text and "GAIA & Co" in text and "HEGAN aerospace" in text
    assert_page_numbers(pages)
    assert_only_embedded_dejavu(reader)


def test_summary_of_a_year_without_entries(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = programme_summary(db, 2024, tmp_path / "2024.pdf", as_of=TODAY)
    _, pages = pdf_text(out)
    text = flat(pages)
    assert "No hours logged in 2024" in text
    assert "Missed" in text  # everyone owed hours and logged none
    assert_page_numbers(pages)


def test_summary_of_an_empty_database(db: Database, tmp_path: Path) -> None:
    out = programme_summary(db, 2026, tmp_path / "empty.pdf", as_of=TODAY)
    _, pages = pdf_text(out)
    assert "No liaison officer was serving in 2026" in flat(pages)
    assert "No hours logged in 2026" in flat(pages)


def test_a_failed_build_keeps_the_previous_pdf(
    db: Database, data: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "summary.pdf"
    programme_summary(db, 2026, out, as_of=AS_OF)
    good = out.read_bytes()

    def broken(self, path, story):  # type: ignore[no-untyped-def]
        Path(path).write_bytes(b"%PDF-1.4 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(hours_pdf.ReportDoc, "build_to", broken)
    with pytest.raises(KnownError, match="disk is full"):
        programme_summary(db, 2026, out, as_of=AS_OF)
    assert out.read_bytes() == good
    assert [p.name for p in folder.iterdir()] == ["summary.pdf"]
