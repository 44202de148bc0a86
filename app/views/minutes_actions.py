"""The Meetings page's two minutes commands: save the minutes as PDF, and e-mail them.

* ``export_minutes(parent, ctx, meeting_id)`` asks where to save the PDF (the suggested name is
  ``minutes_pdf.minutes_filename``, in the folder used last time or the user's Documents) and
  writes it on the database worker.
* ``email_minutes(parent, ctx, meeting_id)`` writes the PDF and an ``.eml`` draft addressed to the
  cluster's contact into the per-user drafts folder (``app_paths().data_dir / "drafts"``) on the
  worker, then opens the draft in the mail program (``email_open.open_draft``), or opens the
  folder and fills the clipboard when there is none.

Both tell the user what happened in words: through ``parent.show_message(text, kind)`` when the
page has a notice bar, else the main window's status bar; the e-mail fallback, which asks the
user to act, also gets a message box. Errors (no contact e-mail, a locked file, a full disk)
go to ``messages.show_error``. ``ask_path``,
``opener`` and ``notify`` can be injected (tests).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget
from shiboken6 import Shiboken

from app.config import app_paths
from app.views.context import AppContext
from app.views.email_open import OPENED, Opener, open_draft, outcome_text
from app.views.messages import show_error, tr

logger = logging.getLogger(__name__)

SETTINGS_DIR_KEY = "meetings/minutes_dir"
Notify = Callable[[str, str], None]  # (text, kind: "busy" | "info" | "action")
AskPath = Callable[[QWidget | None, Path], str]


def drafts_dir() -> Path:
    """Where e-mail drafts and their attachments are written (per user, not synced)."""
    return app_paths().data_dir / "drafts"


def documents_dir() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def _alive(widget: QWidget | None) -> QWidget | None:
    return widget if widget is not None and Shiboken.isValid(widget) else None


def _ask_pdf_path(parent: QWidget | None, suggested: Path) -> str:
    path, _ = QFileDialog.getSaveFileName(
        parent, tr("Save the minutes as PDF"), str(suggested), tr("PDF document (*.pdf)")
    )
    return path


def tell(parent: QWidget | None, text: str, kind: str = "info") -> None:
    """Show ``text`` where the user is looking: the page's notice bar, else the status bar; a
    message box too when the user has something to do ("action")."""
    parent = _alive(parent)
    shown = False
    show_message = getattr(parent, "show_message", None)
    if callable(show_message):
        show_message(text, "warning" if kind == "action" else "info")
        shown = True
    elif parent is not None and isinstance(parent.window(), QMainWindow):
        window = parent.window()
        assert isinstance(window, QMainWindow)
        window.statusBar().showMessage(text, 0 if kind == "action" else 15_000)
        shown = True
    if kind == "action" or (not shown and kind != "busy"):
        box = QMessageBox(
            QMessageBox.Icon.Information, tr("Minutes"), text, QMessageBox.StandardButton.Ok, parent
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()


def _failed(parent: QWidget | None) -> Callable[[BaseException], None]:
    def failed(err: BaseException) -> None:
        show_error(_alive(parent), err, tr("Minutes"))

    return failed


def _start_folder(ctx: AppContext) -> Path:
    """The folder minutes were saved to last time, if it still exists; else Documents."""
    last = str(ctx.settings.value(SETTINGS_DIR_KEY) or "")
    return Path(last) if last and Path(last).is_dir() else documents_dir()


def export_minutes(
    parent: QWidget | None,
    ctx: AppContext,
    meeting_id: int,
    *,
    ask_path: AskPath | None = None,
    notify: Notify | None = None,
) -> None:
    """Ask for a file name, then write the meeting's minutes there (on ``ctx.tasks``)."""
    from app.db.meetings import get_meeting
    from app.reports.minutes_pdf import minutes_filename, write_minutes

    say: Notify = notify or (lambda text, kind: tell(parent, text, kind))
    failed = _failed(parent)
    db = ctx.db

    def chosen(detail: Any) -> None:
        suggested = _start_folder(ctx) / minutes_filename(detail)
        path = (ask_path or _ask_pdf_path)(_alive(parent), suggested)
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        ctx.settings.setValue(SETTINGS_DIR_KEY, str(target.parent))
        say(tr("Writing the minutes…"), "busy")
        ctx.tasks.run(
            lambda: write_minutes(db, meeting_id, target),
            lambda written: say(tr("Minutes saved to {path}").format(path=written), "info"),
            failed,
        )

    ctx.tasks.run(lambda: get_meeting(db, meeting_id), chosen, failed)


def email_minutes(
    parent: QWidget | None,
    ctx: AppContext,
    meeting_id: int,
    *,
    opener: Opener | None = None,
    notify: Notify | None = None,
) -> None:
    """Write the minutes and an e-mail draft to the cluster's contact, then open the draft."""
    from app.reports.email_draft import MinutesEmail, write_minutes_email

    say: Notify = notify or (lambda text, kind: tell(parent, text, kind))
    db, folder = ctx.db, drafts_dir()

    def done(result: MinutesEmail) -> None:
        outcome = open_draft(
            _alive(parent),
            result.eml,
            pdf_path=result.pdf,
            subject=result.subject,
            recipient=result.recipient,
            opener=opener,
        )
        text = outcome_text(outcome, pdf_path=result.pdf, recipient=result.recipient)
        say(text, "info" if outcome == OPENED else "action")

    say(tr("Preparing the e-mail with the minutes…"), "busy")
    ctx.tasks.run(lambda: write_minutes_email(db, meeting_id, folder), done, _failed(parent))
