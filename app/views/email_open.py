"""Open an e-mail draft (.eml) in the user's mail program, with a fallback when there is none.

``open_draft`` asks the system to open the draft with its default program (Outlook and most
mail programs open an ``.eml`` carrying ``X-Unsent: 1`` as a message ready to send). When the
system cannot (no program for ``.eml``, a locked-down desktop), it tries to open the folder
holding the PDF instead, so the user can attach it to a new message by hand, and puts
"recipient — subject" on the clipboard. It returns which path was taken; ``outcome_text`` turns that into the words
to show. Shared by the minutes and, later, the assessments.

Call it on the UI thread (it uses ``QDesktopServices`` and the clipboard).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QClipboard, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QWidget

from app.views.messages import tr

logger = logging.getLogger(__name__)

OPENED = "opened"
FALLBACK = "fallback"

Opener = Callable[[QUrl], bool]


Recipient = str | Sequence[tuple[str, str]]


def recipient_text(recipient: Recipient) -> str:
    """ "Name <address>" for people to read; ``recipient`` is that text already, or the
    (name, address) pairs given to ``email_draft.build_draft``."""
    if isinstance(recipient, str):
        return recipient
    return ", ".join(f"{name} <{address}>" if name else address for name, address in recipient)


def clipboard_text(recipient: Recipient, subject: str) -> str:
    return f"{recipient_text(recipient)} — {subject}"


def open_draft(
    parent: QWidget | None,
    eml_path: Path | str,
    *,
    pdf_path: Path | str,
    subject: str,
    recipient: Recipient,
    opener: Opener | None = None,
    clipboard: QClipboard | None = None,
) -> str:
    """Open ``eml_path`` with the system's default program: ``"opened"``. Where that fails,
    open the folder holding ``pdf_path`` and put "recipient — subject" on the clipboard:
    ``"fallback"``.

    ``opener`` (default ``QDesktopServices.openUrl``) and ``clipboard`` (default the
    application's) are there for tests. ``parent`` is the widget the result will be told in.
    """
    del parent  # the caller tells the user (see ``outcome_text``); kept for a uniform call
    open_url = opener or QDesktopServices.openUrl
    eml = Path(eml_path).expanduser().resolve()
    if open_url(QUrl.fromLocalFile(str(eml))):
        logger.info("opened e-mail draft %s", eml)
        return OPENED
    logger.warning("no program opened the e-mail draft %s; opening its folder instead", eml)
    folder = Path(pdf_path).expanduser().resolve().parent
    if not open_url(QUrl.fromLocalFile(str(folder))):
        logger.warning("the folder %s could not be opened either", folder)
    board = clipboard or QGuiApplication.clipboard()
    board.setText(clipboard_text(recipient, subject))
    return FALLBACK


def outcome_text(outcome: str, *, pdf_path: Path | str, recipient: Recipient) -> str:
    """What happened, in the user's words."""
    pdf = Path(pdf_path)
    recipient = recipient_text(recipient)
    if outcome == OPENED:
        return tr(
            "The e-mail to {recipient} is open in your mail program with {name} attached: "
            "check it and send it from there."
        ).format(recipient=recipient, name=pdf.name)
    return tr(
        "ClusterDesk could not open an e-mail program. Attach {name}, in the folder {folder}, "
        "to a new e-mail to {recipient}; the recipient and the subject are on the clipboard, "
        "ready to paste."
    ).format(folder=pdf.parent, name=pdf.name, recipient=recipient)
