"""An e-mail draft (.eml) sending an assessment's PDF to the cluster contact.

``mailto:`` cannot attach a file (CONVENTIONS.md), so ClusterDesk writes a complete, unsent
message — To: the cluster contact, a subject, a polite body, the PDF attached — with
``app.reports.email_draft.write_draft`` (``X-Unsent: 1``: mail programs open it as a draft to
review and send). The GUI then opens it with ``app.views.email_open.open_draft``.

Command line (wired in ``app/cli.py``)::

    clusterdesk [--db PATH] assessments report ID --pdf FILE --eml FILE

writes the PDF with ``assessment_pdf.write_assessment_pdf``, then calls
``assessment_draft(db, ID, FILE.pdf, FILE.eml)``.

The GUI (``app/views/assessment_actions.py``) checks the recipient with ``check_contact`` before
writing anything, then writes both files into its drafts folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.db.assessments import get_assessment
from app.db.database import Database
from app.domain import scoring
from app.domain.records_assessments import AssessmentDetail
from app.errors import KnownError
from app.reports.email_draft import build_message, write_draft

logger = logging.getLogger(__name__)


def assessment_subject(detail: AssessmentDetail) -> str:
    """ "Assessment of the GAIA 2026 action plan"."""
    row = detail.row
    return f"Assessment of the {row.cluster_short_name or row.cluster_name} {row.plan_year} action plan"


def check_contact(detail: AssessmentDetail) -> list[tuple[str, str]]:
    """The To: line — [(contact name, e-mail)] — or ``KnownError`` in plain words when the cluster
    has no contact e-mail or an address no draft can be written to."""
    address = (detail.cluster_contact_email or "").strip()
    name = detail.row.cluster_short_name or detail.row.cluster_name
    if not address:
        raise KnownError(
            f"{name} has no contact e-mail address, so the assessment cannot be addressed to "
            "anyone. Add the contact person's e-mail to the cluster (Clusters page, Edit) and "
            "try again."
        )
    to = [((detail.cluster_contact_name or "").strip(), address)]
    build_message(to=to, subject="", body="")  # a malformed address: KnownError, now
    return to


def recipient_text(to: list[tuple[str, str]]) -> str:
    """ "Name <address>" for people to read."""
    return ", ".join(f"{n} <{a}>" if n else a for n, a in to)


def assessment_body(detail: AssessmentDetail) -> str:
    """The templated message to the cluster contact, by name, with the overall score."""
    row = detail.row
    cluster = row.cluster_short_name or row.cluster_name
    contact = (detail.cluster_contact_name or "").strip()
    greeting = f"Dear {contact}," if contact else f"Dear {cluster} team,"
    paragraphs = [greeting]
    intro = (
        f"Please find attached SPRI's assessment of the {cluster} {row.plan_year} action plan "
        f"({row.cluster_name})."
        if row.cluster_name and row.cluster_name != cluster
        else f"Please find attached SPRI's assessment of the {cluster} {row.plan_year} action plan."
    )
    if row.status != "final":
        intro += (
            " This is a draft for discussion: the scores may still change before the assessment "
            "is finalised."
        )
    elif row.version > 1:
        intro += f" This is version {row.version}; it replaces the version sent earlier."
    paragraphs.append(intro)
    if row.overall is None:
        paragraphs.append("No criterion has been scored yet.")
    else:
        score = f"The plan scores {scoring.format_percent(row.overall)} overall"
        if row.previous_overall is not None:
            change = scoring.format_change(row.overall, row.previous_overall)
            score += (
                f", against {scoring.format_percent(row.previous_overall)} for the "
                f"{row.plan_year - 1} plan ({change})"
            )
        paragraphs.append(
            score + ". The PDF sets out the score, comment and evidence for each criterion, "
            "a recommendation and follow-up for each strategic area, and the plan's strengths, "
            "weaknesses and our main recommendations."
        )
    paragraphs.append(
        "I would be glad to go through it with you; just reply to this message to arrange a "
        "meeting."
    )
    sign = ["Kind regards,", ""]
    if row.assessor_name:
        sign.append(row.assessor_name)
    sign.append("SPRI – Basque Business Development Agency")
    paragraphs.append("\n".join(sign))
    return "\n\n".join(paragraphs) + "\n"


def assessment_draft(
    db: Database, assessment_id: int, pdf_path: Path | str, eml_path: Path | str
) -> Path:
    """Write an unsent e-mail to the cluster contact with ``pdf_path`` attached; return its path.

    Raises ``KnownError`` when the cluster has no contact e-mail or the PDF is missing.
    """
    detail = get_assessment(db, assessment_id)
    to = check_contact(detail)
    pdf = Path(pdf_path).expanduser()
    if not pdf.is_file():
        raise KnownError(f"The assessment PDF {pdf} is missing; write the PDF first.")
    written = write_draft(
        Path(eml_path).expanduser(),
        to=to,
        subject=assessment_subject(detail),
        body=assessment_body(detail),
        attachments=[pdf],
    )
    logger.info("e-mail draft for assessment %d written to %s", assessment_id, written)
    return Path(written)
