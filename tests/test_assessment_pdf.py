"""The assessment PDF read back with pypdf, its e-mail draft parsed back with the email package,
and the GUI actions that write them — all against a real temporary database."""

from __future__ import annotations

import datetime as dt
import email
import re
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMainWindow,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from app.db import assessments as a
from app.db import directory as d
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.errors import KnownError
from app.reports import assessment_pdf
from app.reports.assessment_email import assessment_body, assessment_draft, assessment_subject
from app.reports.assessment_pdf import (
    assessment_filename,
    top_recommendations,
    write_assessment_pdf,
)
from app.tasks import TaskManager
from app.views import assessment_actions
from app.views.context import AppContext

MARKUP = "R&D < 1.44% <b"
GENERATED = dt.datetime(2026, 11, 29, 10, 15)
SECTIONS = ("Internationalisation", "Technological Innovation", "Business Innovation", "Talent")


@pytest.fixture
def data(db: Database) -> dict[str, int]:
    inaki = d.create_officer(db, OfficerInput("Iñaki Łukasz", "inaki@example.org"))
    gaia = d.create_cluster(
        db,
        ClusterInput(
            "GAIA – ICT & Electronics <Cluster>",
            "GAIA",
            contact_name="Arantxa Bengoetxea",
            contact_email="abengoetxea@gaia.example",
        ),
    )
    hegan = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))  # no contact
    # last year: final, every criterion scored 2 (Weak)
    last = a.create_assessment(db, gaia, 2025, assessor_id=inaki)
    detail = a.get_assessment(db, last)
    for c in detail.template.criteria():
        a.set_score(db, last, c.id, 2)
    a.set_summary_text(db, last, strengths="- Solid SME base", recommendations="")
    a.finalise(db, last, now=dt.datetime(2025, 4, 23, 13, 0))
    # this year: a draft, partly scored
    now = a.create_assessment(db, gaia, 2026, assessor_id=inaki)
    crits = detail.template.criteria()
    a.set_score(db, now, crits[0].id, 4)
    a.set_criterion_text(db, now, crits[0].id, comment=MARKUP, evidence="Plan p. 4 & annex <i>")
    a.set_score(db, now, crits[1].id, None, not_applicable=True)
    a.set_score(db, now, crits[7].id, 1)
    first, second = detail.template.sections[:2]
    a.set_section_note(
        db, now, first.id, recommendation="Keep <it> up & share", follow_up="Board, 3 March"
    )
    a.set_section_note(db, now, second.id, recommendation="Fix the KPIs", follow_up="")
    a.set_summary_text(
        db,
        now,
        strengths="- Strong RIS3 alignment\n- Good évaluation",
        weaknesses="Few joint projects",
        recommendations="- First & foremost <b>\n- Second: the KPIs\n  with targets\n- Third\n- Fourth",
    )
    other = a.create_assessment(db, hegan, 2026, assessor_id=inaki)
    return {"inaki": inaki, "gaia": gaia, "hegan": hegan, "last": last, "now": now, "other": other}


def pdf_pages(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(path)
    return reader, [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def assert_only_embedded_dejavu(reader: PdfReader) -> None:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
    assert names and all("DejaVuSans" in n for n in names), names


# --------------------------------------------------------------------------- PDF
def test_draft_report(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = write_assessment_pdf(db, data["now"], tmp_path / "a.pdf", generated=GENERATED)
    assert out == tmp_path / "a.pdf"
    reader, pages = pdf_pages(out)
    n = len(pages)
    assert n >= 7  # cover, summary, four sections, closing
    for i, text in enumerate(pages, start=1):
        assert "DRAFT" in text, f"page {i} has no watermark"
        assert f"Page {i} of {n}" in text

    cover = flat(pages[0])
    for words in (
        "GAIA – ICT & Electronics <Cluster>",
        "Assessment of the 2026 action plan",
        "Iñaki Łukasz",
        "29 Nov 2026 (generated; not finalised)",
        "Draft — not final",
        "Arantxa Bengoetxea <abengoetxea@gaia.example>",
    ):
        assert words in cover, words

    summary = flat(pages[1])
    assert "Summary" in summary and "Overall score" in summary
    assert "Last year (2025)" in summary and "50%" in summary  # every criterion 2 of 4
    assert "This is a draft: 3 of 28 criteria are assessed so far" in summary
    # the three top recommendations are the first three lines of the recommendations
    assert "1. First & foremost <b>" in summary
    assert "2. Second: the KPIs with targets" in summary
    assert "3. Third" in summary and "Fourth" not in summary

    text = flat(" ".join(pages))
    positions = [text.index(f"{i}. {name}") for i, name in enumerate(SECTIONS, start=1)]
    assert positions == sorted(positions)
    assert MARKUP in text  # verbatim, not parsed as markup
    assert "Plan p. 4 & annex <i>" in text
    assert "Level 4 · Exemplary:" in text
    assert "2025: 2/4 · Partial" in text and "+2 on last year" in text
    assert "Not applicable: this criterion carries no weight" in text
    assert "Not scored yet" in text
    assert "Recommendation: Keep <it> up & share" in text
    assert "Follow-up: Board, 3 March" in text
    assert "Good évaluation" in text and "Few joint projects" in text
    assert "Fourth" in flat(pages[-1])
    assert_only_embedded_dejavu(reader)


def test_final_report_has_no_watermark(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = write_assessment_pdf(db, data["last"], tmp_path / "final.pdf", generated=GENERATED)
    reader, pages = pdf_pages(out)
    assert all("DRAFT" not in t for t in pages)
    assert all(f"Page {i} of {len(pages)}" in t for i, t in enumerate(pages, start=1))
    cover = flat(pages[0])
    assert "Finalised 23 Apr 2025" in cover and "Final · Version 1" in cover
    text = flat(" ".join(pages))
    assert "2024: not assessed" in text
    assert "Level 2 · Partial:" in text
    assert "Finalised on 23 Apr 2025" in text
    assert_only_embedded_dejavu(reader)


def test_summary_falls_back_to_section_recommendations(db: Database, data: dict[str, int]) -> None:
    a.set_summary_text(db, data["now"], recommendations="")
    detail = a.get_assessment(db, data["now"])
    # the weakest section first: Technological Innovation (25%) before Internationalisation (100%)
    assert top_recommendations(detail) == [
        ("Technological Innovation", "Fix the KPIs"),
        ("Internationalisation", "Keep <it> up & share"),
    ]


def test_report_without_anything_scored(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = write_assessment_pdf(db, data["other"], tmp_path / "empty.pdf", generated=GENERATED)
    _reader, pages = pdf_pages(out)
    text = flat(" ".join(pages))
    assert "nothing scored yet" in text
    assert "2025: not assessed" in text
    assert "No recommendations have been recorded yet." in text
    assert all("DRAFT" in t for t in pages)


def test_unwritable_place_is_a_known_error(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        write_assessment_pdf(db, data["now"], tmp_path / "missing" / "a.pdf")
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"good")
    with pytest.raises(KnownError):
        write_assessment_pdf(db, 99_999, target)
    assert target.read_bytes() == b"good"


def test_filename(db: Database, data: dict[str, int]) -> None:
    detail = a.get_assessment(db, data["now"])
    assert assessment_filename(detail) == "Assessment_GAIA_2026.pdf"
    odd = d.create_cluster(db, ClusterInput("Odd", 'Foro: Marítimo / "Vasco"? <*>.'))
    aid = a.create_assessment(db, odd, 2026, assessor_id=data["inaki"])
    assert (
        assessment_filename(a.get_assessment(db, aid)) == "Assessment_Foro_Marítimo_Vasco_2026.pdf"
    )
    amended = a.amend(db, data["last"])
    assert assessment_filename(a.get_assessment(db, amended)) == "Assessment_GAIA_2025_v2.pdf"


def test_amendment_says_its_version(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    amended = a.amend(db, data["last"])
    out = write_assessment_pdf(db, amended, tmp_path / "v2.pdf", generated=GENERATED)
    _reader, pages = pdf_pages(out)
    assert "Version 2, amending version 1" in flat(pages[0])


# --------------------------------------------------------------------------- e-mail
def test_email_draft(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    pdf = write_assessment_pdf(db, data["now"], tmp_path / "Assessment_GAIA_2026.pdf")
    eml = assessment_draft(db, data["now"], pdf, tmp_path / "draft.eml")
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert msg["Subject"] == "Assessment of the GAIA 2026 action plan"
    assert "abengoetxea@gaia.example" in msg["To"]
    assert "Arantxa Bengoetxea" in msg["To"]
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert "Dear Arantxa Bengoetxea," in body
    assert "% overall" in body and "attached" in body
    attachments = list(msg.iter_attachments())
    assert [p.get_filename() for p in attachments] == ["Assessment_GAIA_2026.pdf"]
    assert attachments[0].get_content_type() == "application/pdf"
    assert attachments[0].get_content() == pdf.read_bytes()


def test_email_body_and_subject(db: Database, data: dict[str, int]) -> None:
    detail = a.get_assessment(db, data["now"])
    assert assessment_subject(detail) == "Assessment of the GAIA 2026 action plan"
    body = assessment_body(detail)
    assert body.startswith("Dear Arantxa Bengoetxea,\n\n")
    assert "This is a draft for discussion" in body
    assert "against 50% for the 2025 plan" in body
    assert "Iñaki Łukasz" in body
    final = assessment_body(a.get_assessment(db, data["last"]))
    assert "draft" not in final and "The plan scores 50% overall." in final


def test_email_refused_without_contact(db: Database, data: dict[str, int], tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(KnownError, match="HEGAN has no contact e-mail address"):
        assessment_draft(db, data["other"], pdf, tmp_path / "x.eml")
    assert not (tmp_path / "x.eml").exists()


# --------------------------------------------------------------------------- GUI actions
@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield AppContext(db=db, tasks=tasks, settings=settings)
    tasks.wait_idle()
    tasks.shutdown()


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    w = QMainWindow()
    qtbot.addWidget(w)
    return w


def test_export_action_proposes_the_name_and_writes(
    qtbot: QtBot,
    ctx: AppContext,
    window: QMainWindow,
    data: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    target = tmp_path / "chosen"  # no suffix: .pdf is added

    def save_name(_parent: object, _title: str, proposed: str, _filter: str) -> tuple[str, str]:
        asked.append(proposed)
        return str(target), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    dialog = QDialog(window)  # called from a dialog: told in the main window's status bar
    assessment_actions.export_assessment(dialog, ctx, data["now"])
    written = tmp_path / "chosen.pdf"
    qtbot.waitUntil(lambda: "saved" in window.statusBar().currentMessage(), timeout=20_000)
    assert Path(asked[0]).name == "Assessment_GAIA_2026.pdf"
    assert str(written) in window.statusBar().currentMessage()
    assert written.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("mail_program", [True, False])
def test_email_action_writes_the_draft_and_opens_it(
    qtbot: QtBot,
    ctx: AppContext,
    window: QMainWindow,
    data: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    mail_program: bool,
) -> None:
    urls: list[Path] = []

    def open_url(url: QUrl) -> bool:
        urls.append(Path(url.toLocalFile()))
        return mail_program

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    assessment_actions.email_assessment(window, ctx, data["now"])
    qtbot.waitUntil(lambda: bool(urls), timeout=20_000)
    folder = assessment_actions.drafts_dir().resolve()
    eml = folder / "Assessment_GAIA_2026.eml"
    assert urls[0] == eml
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["Subject"] == "Assessment of the GAIA 2026 action plan"
    (pdf,) = msg.iter_attachments()
    assert pdf.get_content() == (folder / "Assessment_GAIA_2026.pdf").read_bytes()
    if mail_program:
        message = window.statusBar().currentMessage()
        assert "open in your mail program" in message
        assert "Arantxa Bengoetxea <abengoetxea@gaia.example>" in message
    else:
        assert urls[1] == folder  # the folder with the PDF, to attach it by hand
        clip = QGuiApplication.clipboard().text()
        assert clip == "Arantxa Bengoetxea <abengoetxea@gaia.example> — " + msg["Subject"]
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        assert any("could not open an e-mail program" in b.text() for b in boxes)
        for b in boxes:
            b.close()


def test_email_action_without_contact_shows_the_reason(
    qtbot: QtBot,
    ctx: AppContext,
    window: QMainWindow,
    data: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(assessment_actions, "show_error", lambda _p, err: shown.append(err))
    assessment_actions.email_assessment(window, ctx, data["other"])
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "no contact e-mail" in str(shown[0])
    assert not assessment_actions.drafts_dir().exists() or not any(
        assessment_actions.drafts_dir().iterdir()
    )


def test_watermark_is_drawn_on_every_page_of_a_draft_only(
    db: Database, data: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []
    real = assessment_pdf.draw_watermark
    monkeypatch.setattr(
        assessment_pdf, "draw_watermark", lambda canv, size: (drawn.append(1), real(canv, size))
    )
    _r, pages = pdf_pages(write_assessment_pdf(db, data["now"], tmp_path / "d.pdf"))
    assert len(drawn) == len(pages)
    drawn.clear()
    write_assessment_pdf(db, data["last"], tmp_path / "f.pdf")
    assert drawn == []
