"""The assessment actions a page or dialog offers: save the PDF, e-mail it to the cluster contact.

Both read and write on the database worker (``ctx.tasks``) and come back to the UI thread to ask
for a file name or to open the draft; the user is told what happened in the main window's status
bar (or a message box when there is no main window), and problems go to ``show_error``.

* ``export_assessment(parent, ctx, assessment_id)``: a save dialog proposing
  ``Assessment_<cluster>_<year>.pdf`` in the Documents folder, then the PDF.
* ``email_assessment(parent, ctx, assessment_id)``: the PDF and an ``.eml`` draft addressed to the
  cluster contact in ``<data folder>/drafts``, then ``email_open.open_draft`` opens it in the mail
  program (or offers the fallback it has).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QWidget

from app.config import app_paths, ensure_private_dir
from app.db.assessments import get_assessment
from app.domain.records_assessments import AssessmentDetail
from app.errors import KnownError
from app.reports.assessment_email import assessment_draft, assessment_subject, check_contact
from app.reports.assessment_pdf import assessment_filename, write_assessment_pdf
from app.views.context import AppContext
from app.views.email_open import FALLBACK, open_draft, outcome_text
from app.views.messages import show_error

logger = logging.getLogger(__name__)

MESSAGE_MS = 15_000


def tr(text: str) -> str:
    return QCoreApplication.translate("ClusterDesk", text)


def drafts_dir() -> Path:
    """Where e-mail drafts and their PDFs are written (created on first use)."""
    return app_paths().data_dir / "drafts"


def documents_dir() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def main_window(parent: QWidget | None) -> QMainWindow | None:
    """The main window ``parent`` belongs to (through dialogs too), else the application's."""
    widget = parent
    while widget is not None:
        if isinstance(widget, QMainWindow):
            return widget
        widget = widget.parentWidget()
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    return next((w for w in windows if w.isVisible()), None)


def tell(
    parent: QWidget | None, text: str, *, dialog: bool = False, transient: bool = False
) -> None:
    """Tell the user in the main window's status bar; without one (or with ``dialog``) in a
    non-blocking message box. A ``transient`` note ("Writing…") is never worth a box."""
    window = main_window(parent)
    if window is not None and not dialog:
        window.statusBar().showMessage(text, MESSAGE_MS)
        return
    if transient:
        return
    box = QMessageBox(QMessageBox.Icon.Information, tr("ClusterDesk"), text, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def _clear(parent: QWidget | None) -> None:
    window = main_window(parent)
    if window is not None:
        window.statusBar().clearMessage()


def _failed(parent: QWidget | None) -> Callable[[BaseException], None]:
    def failed(err: BaseException) -> None:
        _clear(parent)
        show_error(parent, err)

    return failed


# --------------------------------------------------------------------------- save as PDF
def export_assessment(parent: QWidget | None, ctx: AppContext, assessment_id: int) -> None:
    """Ask where to save the assessment's PDF (Documents/Assessment_<cluster>_<year>.pdf), then
    write it on the worker and say where it went."""
    db = ctx.db

    def ask(detail: AssessmentDetail) -> None:
        row = detail.row
        path, _ = QFileDialog.getSaveFileName(
            parent,
            tr("Save the assessment of the {cluster} {year} action plan").format(
                cluster=row.cluster_short_name, year=row.plan_year
            ),
            str(documents_dir() / assessment_filename(detail)),
            tr("PDF document (*.pdf)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        tell(parent, tr("Writing {name}…").format(name=target.name), transient=True)
        ctx.tasks.run(
            lambda: write_assessment_pdf(db, assessment_id, target),
            lambda written: tell(parent, tr("Assessment saved as {path}").format(path=written)),
            _failed(parent),
        )

    ctx.tasks.run(lambda: get_assessment(db, assessment_id), ask, _failed(parent))


# --------------------------------------------------------------------------- e-mail
@dataclass(frozen=True)
class DraftFiles:
    eml: Path
    pdf: Path
    subject: str
    to: list[tuple[str, str]]


def write_draft_files(
    ctx: AppContext, assessment_id: int, folder: Path | None = None
) -> DraftFiles:
    """The PDF and the .eml draft in ``folder`` (the drafts folder); runs on the worker.

    The recipient is checked first: without a usable contact e-mail nothing is written.
    """
    detail = get_assessment(ctx.db, assessment_id)
    to = check_contact(detail)
    folder = folder or drafts_dir()
    try:
        ensure_private_dir(folder)
    except OSError as err:
        raise KnownError(
            f"The folder {folder} could not be created: {err.strerror or err}."
        ) from err
    pdf = write_assessment_pdf(ctx.db, assessment_id, folder / assessment_filename(detail))
    eml = assessment_draft(ctx.db, assessment_id, pdf, pdf.with_suffix(".eml"))
    return DraftFiles(eml, pdf, assessment_subject(detail), to)


def email_assessment(parent: QWidget | None, ctx: AppContext, assessment_id: int) -> None:
    """Write the PDF and an e-mail draft to the cluster contact, then open the draft in the mail
    program (or, without one, the folder with the PDF, the address and subject on the clipboard)."""

    def written(files: DraftFiles) -> None:
        try:
            how = open_draft(
                parent, files.eml, pdf_path=files.pdf, subject=files.subject, recipient=files.to
            )
        except Exception as err:  # shown (and logged) by show_error; the files are kept
            tell(parent, tr("The e-mail draft is saved as {path}").format(path=files.eml))
            show_error(parent, err)
            return
        text = outcome_text(how, pdf_path=files.pdf, recipient=files.to)
        if how == FALLBACK:  # several steps for the user: a message that stays until read
            _clear(parent)
            tell(parent, text, dialog=True)
        else:
            tell(parent, text)

    tell(parent, tr("Preparing the e-mail…"), transient=True)
    ctx.tasks.run(lambda: write_draft_files(ctx, assessment_id), written, _failed(parent))
