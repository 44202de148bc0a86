"""E-mail drafts: parsed back with the email package (recipients, subject, X-Unsent, the PDF
attached byte for byte, no injected headers); the minutes draft; the CLI end to end; opening the
draft with its fallback; the Meetings page's two minutes commands."""

from __future__ import annotations

import datetime as dt
import email
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.cli import run
from app.db import directory as d
from app.db import meetings as m
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.domain.records_meetings import MeetingInput
from app.errors import KnownError
from app.reports.email_draft import (
    build_draft,
    minutes_draft,
    write_draft,
    write_minutes_email,
)
from app.reports.minutes_pdf import write_minutes
from app.tasks import TaskManager
from app.views import minutes_actions
from app.views.context import AppContext
from app.views.email_open import FALLBACK, OPENED, clipboard_text, open_draft, outcome_text

PDF_BYTES = b"%PDF-1.4\n% not really a PDF, but bytes to compare\n\x00\xff\x10%%EOF\n"


def parse(data: bytes) -> EmailMessage:
    msg = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def body_text(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def pdf_parts(msg: EmailMessage) -> list[EmailMessage]:
    return [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "Minutes_GAIA_2026-03-10.pdf"
    path.write_bytes(PDF_BYTES)
    return path


@pytest.fixture
def data(db: Database) -> dict[str, int]:
    ane = d.create_officer(db, OfficerInput("Iñaki Łukasz", "inaki@example.org"))
    gaia = d.create_cluster(
        db,
        ClusterInput(
            "GAIA ICT & Electronics",
            "GAIA",
            contact_name="Nerea O'Brien-Lasa",
            contact_email="nerea@gaia.example",
        ),
    )
    bare = d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN"))
    earlier = m.create_meeting(db, MeetingInput(gaia, dt.datetime(2026, 1, 20, 10)))
    m.add_action(db, earlier, "Book the Cluster Day venue")
    mid = m.create_meeting(
        db,
        MeetingInput(gaia, dt.datetime(2026, 3, 10, 10), dt.datetime(2026, 3, 10, 12)),
        officer_ids=(ane,),
        agenda=("Budget",),
    )
    m.add_action(db, mid, "Send the budget", owner_officer_id=ane)
    m.add_action(db, mid, "Book the room")
    done = m.add_action(db, mid, "Done already")
    m.set_action_status(db, done, "done")
    lonely = m.create_meeting(db, MeetingInput(bare, dt.datetime(2026, 3, 12, 10)))
    return {"mid": mid, "lonely": lonely, "gaia": gaia}


# --------------------------------------------------------------------------- generic drafts
def test_draft_parses_back_with_the_pdf_attached(pdf: Path) -> None:
    raw = build_draft(
        to=[("Iñaki Łukasz", "inaki@example.org"), ("", "board@gaia.example")],
        subject="Minutes – GAIA board meeting, 10 March 2026",
        body="Dear Iñaki,\n\nThe minutes (5 €) are attached.\n",
        attachments=[pdf],
    )
    assert raw.count(b"\n") == raw.count(b"\r\n")  # CRLF line ends throughout
    msg = parse(raw)
    assert msg["X-Unsent"] == "1"
    assert msg["Subject"] == "Minutes – GAIA board meeting, 10 March 2026"
    to = msg["To"].addresses
    assert [(a.display_name, a.addr_spec) for a in to] == [
        ("Iñaki Łukasz", "inaki@example.org"),
        ("", "board@gaia.example"),
    ]
    assert body_text(msg) == "Dear Iñaki,\n\nThe minutes (5 €) are attached.\n"
    parts = pdf_parts(msg)
    assert len(parts) == 1 and list(msg.iter_attachments()) == parts
    assert parts[0].get_filename() == "Minutes_GAIA_2026-03-10.pdf"
    assert parts[0].get_content() == PDF_BYTES
    assert "From" not in msg  # the mail program fills in the account


def test_headers_cannot_be_injected(pdf: Path) -> None:
    raw = build_draft(
        to=[("Evil\r\nBcc: spy@x.example", "nerea@gaia.example")],
        subject="Hi\nBcc: evil@x",
        body="Body\nBcc: not a header, just text\n",
        attachments=[pdf],
    )
    msg = parse(raw)
    assert "Bcc" not in msg and "bcc" not in {k.lower() for k in msg}
    assert msg["Subject"] == "Hi Bcc: evil@x"
    assert [a.addr_spec for a in msg["To"].addresses] == ["nerea@gaia.example"]
    assert msg["To"].addresses[0].display_name == "Evil Bcc: spy@x.example"
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert not any(line.lower().startswith(b"bcc") for line in head.split(b"\r\n"))
    for bad in (
        "nerea@gaia.example\r\nBcc: spy@x.example",
        "nerea@gaia.example, spy@x.example",
        "Nerea <nerea@gaia.example>",
        "not an address",
        "",
    ):
        with pytest.raises(KnownError):
            build_draft(to=[("Nerea", bad)], subject="x", body="x", attachments=[])


def test_international_domains_are_encoded(pdf: Path) -> None:
    msg = parse(
        build_draft(to=[("", "info@münchen.example")], subject="x", body="", attachments=[])
    )
    assert msg["To"].addresses[0].addr_spec == "info@xn--mnchen-3ya.example"


def test_write_draft_is_atomic_and_checks_attachments(tmp_path: Path, pdf: Path) -> None:
    target = tmp_path / "draft.eml"
    out = write_draft(target, to=[("", "a@b.example")], subject="s", body="b", attachments=[pdf])
    assert out == target and parse(target.read_bytes())["X-Unsent"] == "1"
    with pytest.raises(KnownError, match="does not exist"):
        write_draft(target, to=[], subject="s", body="b", attachments=[tmp_path / "gone.pdf"])
    assert parse(target.read_bytes())["Subject"] == "s"  # the good draft is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["draft.eml", pdf.name])


# --------------------------------------------------------------------------- minutes
def test_minutes_draft_to_the_cluster_contact(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    pdf = write_minutes(db, data["mid"], tmp_path / "Minutes_GAIA_2026-03-10.pdf")
    eml = minutes_draft(db, data["mid"], pdf, tmp_path / "minutes.eml")
    msg = parse(eml.read_bytes())
    assert msg["Subject"] == "Minutes – GAIA board meeting, 10 March 2026"
    assert str(msg["To"]) == "Nerea O'Brien-Lasa <nerea@gaia.example>"
    assert msg["X-Unsent"] == "1"
    body = body_text(msg)
    assert body.startswith("Dear Nerea O'Brien-Lasa,\n")
    assert "minutes of the GAIA board meeting held on 10 March 2026" in body
    assert "(Minutes_GAIA_2026-03-10.pdf)" in body
    assert "There are 2 open action items from this meeting" in body
    assert "1 open item carried forward from earlier meetings" in body
    assert "Iñaki Łukasz\nCluster Liaison Officer" in body
    (part,) = pdf_parts(msg)
    assert part.get_filename() == pdf.name and part.get_content() == pdf.read_bytes()


def test_no_contact_email_is_refused_before_writing_anything(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    pdf = write_minutes(db, data["lonely"], tmp_path / "m.pdf")
    with pytest.raises(KnownError, match="Add a contact e-mail to the cluster first"):
        minutes_draft(db, data["lonely"], pdf, tmp_path / "m.eml")
    assert not (tmp_path / "m.eml").exists()
    drafts = tmp_path / "drafts"
    with pytest.raises(KnownError, match="HEGAN has no contact e-mail"):
        write_minutes_email(db, data["lonely"], drafts)
    assert not drafts.exists() or not any(drafts.iterdir())


def test_write_minutes_email_writes_both_files(
    db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    result = write_minutes_email(db, data["mid"], tmp_path / "drafts")
    assert result.pdf == tmp_path / "drafts" / "Minutes_GAIA_2026-03-10.pdf"
    assert result.eml == result.pdf.with_suffix(".eml")
    assert result.recipient == "Nerea O'Brien-Lasa <nerea@gaia.example>"
    assert result.subject == "Minutes – GAIA board meeting, 10 March 2026"
    (part,) = pdf_parts(parse(result.eml.read_bytes()))
    assert part.get_content() == result.pdf.read_bytes()


def test_cli_writes_minutes_and_draft(
    db: Database,
    data: dict[str, int],
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pdf, eml = tmp_path / "out.pdf", tmp_path / "out.eml"
    args = ["--db", str(db_path), "meetings", "minutes", str(data["mid"])]
    assert run([*args, "--pdf", str(pdf), "--eml", str(eml)]) == 0
    out = capsys.readouterr().out
    assert f"Minutes written to {pdf}" in out and f"E-mail draft written to {eml}" in out
    assert pdf.read_bytes().startswith(b"%PDF")
    (part,) = pdf_parts(parse(eml.read_bytes()))
    assert part.get_content() == pdf.read_bytes()

    lonely = ["--db", str(db_path), "meetings", "minutes", str(data["lonely"])]
    assert run([*lonely, "--pdf", str(tmp_path / "l.pdf"), "--eml", str(tmp_path / "l.eml")]) == 1
    assert "has no contact e-mail" in capsys.readouterr().err
    assert not (tmp_path / "l.eml").exists()


# --------------------------------------------------------------------------- opening
class Recorder:
    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.urls: list[QUrl] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return self.answers.pop(0) if self.answers else True

    @property
    def paths(self) -> list[Path]:
        return [Path(u.toLocalFile()) for u in self.urls]


def test_open_draft_opens_the_eml(qapp: QApplication, tmp_path: Path) -> None:
    eml, pdf = tmp_path / "m.eml", tmp_path / "m.pdf"
    opener = Recorder(True)
    QGuiApplication.clipboard().setText("untouched")
    outcome = open_draft(None, eml, pdf_path=pdf, subject="S", recipient="R", opener=opener)
    assert outcome == OPENED
    assert opener.paths == [eml.resolve()] and opener.urls[0].isLocalFile()
    assert QGuiApplication.clipboard().text() == "untouched"
    assert "open in your mail program" in outcome_text(outcome, pdf_path=pdf, recipient="R")


def test_open_draft_falls_back_to_the_folder_and_clipboard(
    qapp: QApplication, tmp_path: Path
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    eml, pdf = folder / "m.eml", folder / "m.pdf"
    opener = Recorder(False, True)
    outcome = open_draft(
        None,
        eml,
        pdf_path=pdf,
        subject="Minutes – GAIA board meeting, 10 March 2026",
        recipient="Nerea <nerea@gaia.example>",
        opener=opener,
    )
    assert outcome == FALLBACK
    assert opener.paths == [eml.resolve(), folder.resolve()]
    assert QGuiApplication.clipboard().text() == (
        "Nerea <nerea@gaia.example> — Minutes – GAIA board meeting, 10 March 2026"
    )
    pairs = [("Nerea", "nerea@gaia.example"), ("", "board@gaia.example")]
    assert clipboard_text(pairs, "S") == "Nerea <nerea@gaia.example>, board@gaia.example — S"
    words = outcome_text(outcome, pdf_path=pdf, recipient="Nerea <nerea@gaia.example>")
    assert "could not open an e-mail program" in words and "m.pdf" in words


# --------------------------------------------------------------------------- page commands
@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    context = AppContext(db=db, tasks=TaskManager(), settings=settings)
    yield context
    context.tasks.wait_idle()
    QApplication.processEvents()
    context.tasks.shutdown()


def test_email_minutes_writes_the_drafts_and_tells_the_user(
    qtbot: QtBot, ctx: AppContext, data: dict[str, int]
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    said: list[tuple[str, str]] = []
    opener = Recorder(False, False)
    minutes_actions.email_minutes(
        host, ctx, data["mid"], opener=opener, notify=lambda t, k: said.append((t, k))
    )
    qtbot.waitUntil(lambda: any(k == "action" for _, k in said), timeout=10_000)
    drafts = minutes_actions.drafts_dir()
    pdf, eml = drafts / "Minutes_GAIA_2026-03-10.pdf", drafts / "Minutes_GAIA_2026-03-10.eml"
    assert pdf.is_file() and eml.is_file()
    assert opener.paths == [eml.resolve(), drafts.resolve()]
    text = said[-1][0]
    assert "could not open an e-mail program" in text and "Nerea O'Brien-Lasa" in text
    assert (
        QGuiApplication.clipboard().text().startswith("Nerea O'Brien-Lasa <nerea@gaia.example> — ")
    )


def test_email_minutes_without_a_contact_shows_the_reason(
    qtbot: QtBot, ctx: AppContext, data: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[BaseException] = []
    monkeypatch.setattr(minutes_actions, "show_error", lambda _p, err, _t=None: errors.append(err))
    opener = Recorder()
    minutes_actions.email_minutes(
        None, ctx, data["lonely"], opener=opener, notify=lambda t, k: None
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], KnownError) and "contact e-mail" in str(errors[0])
    assert opener.urls == []


def test_export_minutes_asks_for_a_path_and_writes_there(
    qtbot: QtBot, ctx: AppContext, data: dict[str, int], tmp_path: Path
) -> None:
    asked: list[Path] = []
    target = tmp_path / "out" / "board minutes"
    target.parent.mkdir()

    def ask(_parent: QWidget | None, suggested: Path) -> str:
        asked.append(suggested)
        return str(target)

    said: list[tuple[str, str]] = []
    minutes_actions.export_minutes(
        None, ctx, data["mid"], ask_path=ask, notify=lambda t, k: said.append((t, k))
    )
    qtbot.waitUntil(lambda: any(k == "info" for _, k in said), timeout=10_000)
    written = target.with_name("board minutes.pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert asked[0].name == "Minutes_GAIA_2026-03-10.pdf"
    assert said[-1] == (f"Minutes saved to {written}", "info")
    # the next export starts in the folder chosen this time; cancelling writes nothing
    minutes_actions.export_minutes(
        None, ctx, data["mid"], ask_path=lambda _p, s: asked.append(s) or ""
    )
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
    assert asked[1].parent == target.parent


def test_tell_uses_the_notice_bar_or_status_bar_and_a_box_when_the_user_must_act(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    class PageLike(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.shown: list[tuple[str, str]] = []

        def show_message(self, text: str, kind: str = "info") -> None:
            self.shown.append((text, kind))

    page = PageLike()
    qtbot.addWidget(page)
    minutes_actions.tell(page, "Minutes saved", "info")
    assert page.shown == [("Minutes saved", "info")]

    window = QMainWindow()
    qtbot.addWidget(window)
    inner = QWidget()
    window.setCentralWidget(inner)
    minutes_actions.tell(inner, "Writing the minutes…", "busy")
    assert window.statusBar().currentMessage() == "Writing the minutes…"
    minutes_actions.tell(inner, "Attach the PDF by hand", "action")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert [b.text() for b in boxes if b.isVisible()] == ["Attach the PDF by hand"]
    for box in boxes:
        box.close()
