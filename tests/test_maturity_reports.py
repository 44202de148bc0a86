"""Maturity reports read back: the profile PDF, the landscape scoreboard PDF, the working-group
brief (pypdf) and the scoreboard workbook (openpyxl), against a real temporary database; and the
command line end to end."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app import cli
from app.db import directory as d
from app.db import maturity as mt
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.domain.records_maturity import DimensionSpec
from app.errors import KnownError
from app.reports.maturity_export import write_scoreboard_xlsx
from app.reports.maturity_pdf import (
    suggested_agenda,
    write_profile_pdf,
    write_scoreboard_pdf,
    write_working_group_pdf,
)

TODAY = dt.date(2026, 11, 29)
GENERATED = dt.datetime(2026, 11, 29, 10, 15)
MARKUP = "R&D < 1.44% <b"
FORMULA = '=HYPERLINK("http://x","click")'
GAIA_NAME = "GAIA – ICT & Electronics <Cluster>"
DIMENSIONS = (
    "Structure and membership",
    "Governance and management team",
    "Financing",
    "Strategy and action plan",
    "Services and cooperation",
    "Internationalisation",
    "Achievements and recognition",
)


def dims(db: Database) -> list[int]:
    return [x.id for x in mt.list_models(db)[0].dimensions]


def profile(
    db: Database,
    cluster: int,
    when: dt.date,
    levels: list[int],
    stage: str = "growth",
    assessor: int | None = None,
) -> int:
    return mt.create_profile(
        db,
        cluster,
        when,
        stage=stage,
        assessor_id=assessor,
        levels=dict(zip(dims(db), levels, strict=True)),
        today=TODAY,
    )


@pytest.fixture
def data(db: Database) -> dict[str, int]:
    inaki = d.create_officer(db, OfficerInput("Iñaki Łukasz", "inaki@example.org"))
    gaia = d.create_cluster(
        db,
        ClusterInput(
            GAIA_NAME,
            "GAIA",
            member_count=276,
            management_fte=12,
            helix_types=3,
            website="https://www.gaia.example",
            esca_label="gold",
            esca_expiry=dt.date(2028, 3, 23),
        ),
    )
    hegan = d.create_cluster(
        db, ClusterInput("HEGAN aerospace", "HEGAN", member_count=10, helix_types=1)
    )
    crea = d.create_cluster(
        db, ClusterInput("Creative industries", "CREA", kind="pre-cluster", website="crea.eus")
    )
    empty = d.create_cluster(db, ClusterInput("Nuevo Clúster Ñ", "NUEVO"))
    old = profile(db, gaia, dt.date(2025, 10, 1), [5, 4, 3, 4, 4, 4, 3], "mature", inaki)
    now = profile(db, gaia, dt.date(2026, 10, 6), [5, 4, 4, 4, 4, 5, 3], "mature", inaki)
    financing = dims(db)[2]
    mt.set_level(db, now, financing, 4, note=MARKUP, evidence="Audited accounts 2025")
    mt.update_profile(
        db,
        now,
        assessed_on=dt.date(2026, 10, 6),
        stage="mature",
        assessor_id=inaki,
        notes=FORMULA,
        today=TODAY,
    )
    profile(db, hegan, dt.date(2026, 9, 1), [2, 2, 2, 3, 3, 4, 2], "growth")
    profile(db, crea, dt.date(2026, 6, 1), [1, 2, 1, 2, 2, 1, 1], "emerging")
    group = mt.create_working_group(
        db,
        topic="Diversifying private funding",
        dimension="Financing",
        proposed_on=TODAY,
        meets_on=dt.date(2027, 1, 20),
        members=[(crea, "participant", 1), (hegan, "participant", 2), (gaia, "mentor", 4)],
        notes=MARKUP,
    )
    return {
        "inaki": inaki,
        "gaia": gaia,
        "hegan": hegan,
        "crea": crea,
        "empty": empty,
        "old": old,
        "now": now,
        "group": group,
    }


def pdf_text(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(path)
    return reader, [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def assert_dejavu_embedded_and_vector(reader: PdfReader) -> None:
    names = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
        for xobject in resources.get("/XObject", {}).values():  # charts are vector, no images
            assert xobject.get_object().get("/Subtype") != "/Image"
    assert names and all("DejaVuSans" in n for n in names), names


def assert_page_numbers(pages: list[str]) -> None:
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in text


# --------------------------------------------------------------------------- profile PDF
def test_profile_pdf(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = write_profile_pdf(db, data["gaia"], tmp_path / "gaia.pdf", generated=GENERATED)
    assert out == tmp_path / "gaia.pdf"
    reader, pages = pdf_text(out)
    text = flat(" ".join(pages))
    assert GAIA_NAME in text  # escaped: printed verbatim
    assert MARKUP in text
    for name in DIMENSIONS:
        assert name in text
    # levels as number and label, the descriptor of the level, the change since last time
    assert "Level 5 · Optimising" in text and "Level 3 · Defined" in text
    assert "Diversified funding with a substantial private share" in text  # level 4 descriptor
    assert "▲ +1" in text and "= 0" in text
    assert "Mature" in text and "assessed by Iñaki Łukasz" in text
    # ESCA in words, every ECCP criterion passed, the verdict
    assert "Gold label valid until 23 Mar 2028" in text
    assert text.count("Passed") == 4 and "eligible to register" in text
    # history: both profile dates, oldest first
    assert text.index("1 Oct 2025") < text.index("6 Oct 2026", text.index("Levels over time"))
    assert FORMULA in text  # the profile notes, verbatim
    assert_page_numbers(pages)
    assert_dejavu_embedded_and_vector(reader)
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height


def test_profile_pdf_failed_and_unknown_criteria(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = write_profile_pdf(db, data["hegan"], tmp_path / "hegan.pdf", generated=GENERATED)
    text = flat(" ".join(pdf_text(out)[1]))
    assert "Failed" in text and "Unknown" in text and "Not eligible for the ECCP yet" in text
    assert "only 10 members (15 needed)" in text
    assert "management staff not recorded" in text
    assert "ESCA cluster-management label: No ESCA label" in text
    assert "None yet" in text and "this is the first profile" in text  # every level is "new"


def test_profile_with_unscored_dimension(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    pid = mt.create_profile(db, data["empty"], TODAY, stage="emerging", today=TODAY)
    mt.set_level(db, pid, dims(db)[0], 2, note="Only a founding core")
    out = write_profile_pdf(db, data["empty"], tmp_path / "n.pdf", generated=GENERATED)
    text = flat(" ".join(pdf_text(out)[1]))
    assert "Nuevo Clúster Ñ" in text and "Only a founding core" in text
    assert "Not scored in this profile." in text


def test_profile_refused_without_profile(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    target = tmp_path / "none.pdf"
    with pytest.raises(KnownError, match="NUEVO has no maturity profile yet"):
        write_profile_pdf(db, data["empty"], target)
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".none.pdf")]  # no temp file


# --------------------------------------------------------------------------- scoreboard PDF
def test_scoreboard_pdf(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = write_scoreboard_pdf(db, tmp_path / "board.pdf", generated=GENERATED)
    reader, pages = pdf_text(out)
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape
    first = flat(pages[0])
    for short in ("CREA", "GAIA", "HEGAN", "NUEVO"):
        assert short in first
    assert first.index("CREA") < first.index("GAIA") < first.index("HEGAN") < first.index("NUEVO")
    assert "no profile yet" in first and "Network average (3)" in first
    assert "Optimising" in first  # the legend
    text = flat(" ".join(pages))
    assert "Weak in the same dimension" in text
    weak = text[text.index("Weak in the same dimension") :]
    assert "CREA (1), HEGAN (2)" in weak  # Financing: both weak, lowest first
    assert "GAIA (4)" in weak
    assert "Averages by lifecycle stage" in text and "Emerging" in text
    assert_page_numbers(pages)
    assert_dejavu_embedded_and_vector(reader)


def test_scoreboard_pdf_filters(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = write_scoreboard_pdf(db, tmp_path / "pre.pdf", kind="pre-cluster")
    text = flat(" ".join(pdf_text(out)[1]))
    assert "Pre-clusters only" in text and "CREA" in text
    assert "GAIA" not in text and "HEGAN" not in text
    out = write_scoreboard_pdf(db, tmp_path / "none.pdf", stage="decline_renewal")
    text = flat(" ".join(pdf_text(out)[1]))
    assert "No cluster matches these filters." in text


def test_scoreboard_pdf_without_profiles(db: Database, tmp_path: Path) -> None:
    d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    reader, pages = pdf_text(write_scoreboard_pdf(db, tmp_path / "b.pdf"))
    assert len(pages) == 1 and "HEGAN" in pages[0] and "no profile yet" in flat(pages[0])


# --------------------------------------------------------------------------- working group
def test_working_group_brief(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = write_working_group_pdf(db, data["group"], tmp_path / "wg.pdf", generated=GENERATED)
    reader, pages = pdf_text(out)
    assert len(pages) == 1  # a one-page brief
    text = flat(pages[0])
    assert "Diversifying private funding" in text and "Financing" in text
    assert "29 Nov 2026" in text and "20 Jan 2027" in text
    participants = text[text.index("Participants (2)") : text.index("Mentors (1)")]
    assert "CREA" in participants and "HEGAN" in participants
    assert "GAIA" in text[text.index("Mentors (1)") :]
    for descriptor in ("Dependent on one public grant.", "Membership fees cover a small share."):
        assert descriptor in text  # the level descriptors of the latest model
    assert MARKUP in text
    assert "From level 1 “Initial” towards level 2 “Repeatable” (CREA)" in text
    assert "From level 2 “Repeatable” towards level 3 “Defined” (HEGAN)" in text
    assert "Page 1 of 1" in text
    assert_dejavu_embedded_and_vector(reader)


def test_large_working_group_stays_on_one_page(db: Database, tmp_path: Path) -> None:
    members = []
    for i in range(12):
        cid = d.create_cluster(db, ClusterInput(f"Cluster number {i}", f"CL{i:02d}"))
        level = 5 if i < 4 else 1 + i % 2
        profile(db, cid, dt.date(2026, 5, 1), [level] * 7)
        members.append((cid, "mentor" if i < 4 else "participant", level))
    gid = mt.create_working_group(
        db,
        topic="Telling our success stories: User's Voice results and visibility",
        dimension="Achievements and recognition",
        proposed_on=TODAY,
        members=members,
        notes="Bring last year's User's Voice results.\nAnd two success stories each.",
    )
    reader, pages = pdf_text(write_working_group_pdf(db, gid, tmp_path / "big.pdf"))
    text = flat(pages[0])
    assert len(pages) == 1 and "Participants (8)" in text and "Mentors (4)" in text
    assert "CL00" in text and "CL11" in text and "Commitments" in text


def test_suggested_agenda() -> None:
    spec = DimensionSpec(1, 0, "Financing", "", ("one", "two", "three", "four", "five"))
    items = suggested_agenda(
        "Financing",
        spec,
        ("Initial", "Repeatable", "Defined", "Managed", "Optimising"),
        [("A", 2), ("B", 1), ("C", 2), ("D", None)],
        [("M", 5)],
    )
    assert items[1] == "From level 1 “Initial” towards level 2 “Repeatable” (B): two"
    assert items[2] == "From level 2 “Repeatable” towards level 3 “Defined” (A and C): three"
    assert "M share what they do at level 5 “Optimising”: five" in items[3]
    assert items[-1].startswith("Commitments")
    # no descriptors (a dimension no longer in the model): still an agenda, without them
    bare = suggested_agenda("Old", None, ("I", "R", "D", "M", "O"), [("A", 2)], [])
    assert bare[1] == "From level 2 “R” towards level 3 “D” (A)."


def test_working_group_with_unknown_dimension(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    gid = mt.create_working_group(
        db,
        topic="Old topic",
        dimension="Talent",
        proposed_on=TODAY,
        members=[(data["hegan"], "participant", 2)],
    )
    text = flat(pdf_text(write_working_group_pdf(db, gid, tmp_path / "o.pdf"))[1][0])
    assert "is not a dimension of the current maturity model" in text
    assert "meeting" in text and "To be set" in text and "No mentors yet." in text


# --------------------------------------------------------------------------- XLSX
def test_scoreboard_xlsx(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = write_scoreboard_xlsx(db, tmp_path / "board.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Scoreboard", "History"]
    ws = wb["Scoreboard"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["cluster", "short name", "kind", "stage", "date"]
    assert tuple(header[5:]) == DIMENSIONS
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "C2"
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[1]}
    assert set(rows) == {"CREA", "GAIA", "HEGAN", "NUEVO"}  # one row per cluster
    assert rows["GAIA"][0] == GAIA_NAME and rows["GAIA"][3] == "Mature"
    assert list(rows["GAIA"][5:]) == [5, 4, 4, 4, 4, 5, 3]
    assert list(rows["CREA"][5:]) == [1, 2, 1, 2, 2, 1, 1] and rows["CREA"][2] == "Pre-cluster"
    assert rows["NUEVO"][4] is None and rows["NUEVO"][5] is None
    assert rows["GAIA"][4].date() == dt.date(2026, 10, 6)
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == "Network average (3 clusters)"
    assert last[5] == pytest.approx((5 + 2 + 1) / 3, abs=0.01)
    assert ws.conditional_formatting  # the fills per level

    hist = wb["History"]
    assert [c.value for c in hist[1]][:5] == ["cluster", "short name", "date", "stage", "assessor"]
    hrows = list(hist.iter_rows(min_row=2, values_only=True))
    assert len(hrows) == 4  # every profile
    gaia = [r for r in hrows if r[1] == "GAIA"]
    assert [r[2].date() for r in gaia] == [dt.date(2025, 10, 1), dt.date(2026, 10, 6)]
    assert list(gaia[0][5:12]) == [5, 4, 3, 4, 4, 4, 3] and gaia[1][-1] == FORMULA
    for sheet in wb:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"


def test_scoreboard_xlsx_filters(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_scoreboard_xlsx(db, tmp_path / "b.xlsx", stage="growth"))
    shorts = [r[1] for r in wb["Scoreboard"].iter_rows(min_row=2, values_only=True) if r[1]]
    assert shorts == ["HEGAN"]
    assert [r[1] for r in wb["History"].iter_rows(min_row=2, values_only=True)] == ["HEGAN"]


def test_unwritable_target(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        write_scoreboard_xlsx(db, tmp_path / "missing" / "b.xlsx")
    with pytest.raises(KnownError, match="does not exist"):
        write_scoreboard_pdf(db, tmp_path / "missing" / "b.pdf")


# --------------------------------------------------------------------------- command line
def test_cli_end_to_end(db: Database, data: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    db.dispose()
    profile_pdf = tmp_path / "profile.pdf"
    assert (
        cli.run(
            [
                "--db",
                str(db_path),
                "maturity",
                "report",
                str(data["gaia"]),
                "--pdf",
                str(profile_pdf),
            ]
        )
        == 0
    )
    assert GAIA_NAME in flat(" ".join(pdf_text(profile_pdf)[1]))
    board_pdf, board_xlsx = tmp_path / "board.pdf", tmp_path / "board.xlsx"
    argv = ["--db", str(db_path), "maturity", "scoreboard", "--pdf", str(board_pdf)]
    assert cli.run([*argv, "--xlsx", str(board_xlsx)]) == 0
    assert PdfReader(board_pdf).pages[0].mediabox.width > 800
    assert openpyxl.load_workbook(board_xlsx)["Scoreboard"]["B2"].value == "CREA"
    # a cluster without a profile: refused in plain words, no file
    refused = tmp_path / "none.pdf"
    argv = ["--db", str(db_path), "maturity", "report", str(data["empty"]), "--pdf", str(refused)]
    assert cli.run(argv) != 0
    assert not refused.exists()
