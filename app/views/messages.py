"""Error and confirmation dialogs in the user's words (CONVENTIONS.md, pattern 6)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.config import app_paths
from app.errors import KnownError, ValidationError

logger = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("ClusterDesk", text)


def error_text(err: BaseException) -> str:
    """The message for ``err``: its own words for known problems, the log path for bugs."""
    if isinstance(err, ValidationError):
        return "\n".join(err.problems.values())
    if isinstance(err, KnownError):
        return str(err)
    return tr(
        "Something went wrong inside ClusterDesk ({kind}). Nothing you saved before is lost.\n"
        "Details are in the log file: {log}"
    ).format(kind=type(err).__name__, log=app_paths().log_file)


_open_boxes: set[QMessageBox] = set()  # parentless boxes stay alive until closed


def show_error(parent: QWidget | None, err: BaseException, title: str | None = None) -> QMessageBox:
    """Tell the user, without blocking: the box is window-modal and the event loop (autosaves,
    the database worker's results) keeps running behind it."""
    if not isinstance(err, KnownError):
        logger.error("unexpected error", exc_info=err)
    box = QMessageBox(parent)
    box.setIcon(
        QMessageBox.Icon.Warning if isinstance(err, KnownError) else QMessageBox.Icon.Critical
    )
    box.setWindowTitle(title or tr("ClusterDesk"))
    box.setText(error_text(err))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_boxes.add(box)
    box.finished.connect(lambda _r: _open_boxes.discard(box))
    box.open()
    return box


def confirm(parent: QWidget | None, title: str, text: str, ok: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    ok_button = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ok_button
