"""E-mail drafts (.eml) with a report attached, for the user's own mail program to send.

``mailto:`` links cannot carry attachments (CONVENTIONS.md), so ClusterDesk writes a complete
message file instead and asks the system to open it: Outlook opens an ``.eml`` that has the
header ``X-Unsent: 1`` as a new message ready to send; Thunderbird and Apple Mail show it and
offer "Edit as new" / "Send again". No ``From`` header: the mail program fills in the account.

Generic part (any capability: minutes, assessments, ...)::

    data = build_draft(to=[("Josu Orbegozo", "josu@acicae.example")], subject="...",
                       body="...", attachments=[pdf_path])
    write_draft(eml_path, to=..., subject=..., body=..., attachments=[...])   # atomic

Headers cannot be injected: the subject and the display names are folded onto one line (any
run of line breaks, tabs or spaces becomes one space) and the messages are built with the
``email`` package's modern policy, which refuses a line break in a header anyway; an address
must be one plain ``local@domain`` (``KnownError`` otherwise).

Minutes (``app/cli.py`` and ``app/views/minutes_actions.py``):

* ``minutes_draft(db, meeting_id, pdf_path, eml_path)`` writes the draft for minutes already
  written to ``pdf_path``;
* ``write_minutes_email(db, meeting_id, folder)`` writes both the PDF and the draft into
  ``folder`` (the GUI's drafts folder), checking the recipient *before* writing anything.

Both address the cluster's contact person and refuse (``KnownError``) a cluster without a
contact e-mail.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.errors import HeaderParseError, MessageDefect
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import KnownError
from app.reports.atomic import atomic_open

if TYPE_CHECKING:
    from app.db.database import Database
    from app.domain.records_meetings import MeetingDetail

logger = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024  # beyond any mail server's limit: surely a wrong file
_FOLD = re.compile(r"[\s\x00-\x1f\x7f\u2028\u2029\x85]+")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+$")


# --------------------------------------------------------------------------- generic drafts
def one_line(text: str) -> str:
    """``text`` folded onto one line: line breaks, tabs and runs of spaces become one space."""
    return _FOLD.sub(" ", _SURROGATES.sub("\ufffd", text or "")).strip()


def _address(name: str, address: str) -> Address:
    raw = (address or "").strip()
    shown = one_line(raw) or "(empty)"
    if not _ADDRESS.match(raw):
        raise KnownError(f"“{shown}” is not an e-mail address ClusterDesk can write a draft to.")
    local, _, domain = raw.rpartition("@")
    if not local.isascii():
        raise KnownError(
            f"“{shown}” has accented letters before the @, which most mail servers refuse. "
            "Check the address."
        )
    try:
        domain = domain.encode("idna").decode("ascii")  # münchen.de → xn--mnchen-3ya.de
    except UnicodeError:
        raise KnownError(f"“{shown}” does not have a valid domain after the @.") from None
    try:
        return Address(display_name=one_line(name), addr_spec=f"{local}@{domain}")
    except (ValueError, IndexError, HeaderParseError, MessageDefect):
        raise KnownError(
            f"“{shown}” is not an e-mail address ClusterDesk can write a draft to."
        ) from None


def _attachment(path: Path) -> tuple[bytes, str, str]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise KnownError(
                f"{path.name} is too large to send by e-mail ({size / 1024 / 1024:.0f} MB)."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise KnownError(f"The file to attach, {path}, does not exist.") from None
    except IsADirectoryError:
        raise KnownError(f"{path} is a folder, not a file to attach.") from None
    except OSError as err:
        raise KnownError(f"{path.name} could not be read: {err.strerror or err}.") from err
    kind, encoding = mimetypes.guess_type(path.name)
    if kind is None or encoding is not None or "/" not in kind:
        kind = "application/octet-stream"
    maintype, subtype = kind.split("/", 1)
    return data, maintype, subtype


def build_message(
    *,
    to: Sequence[tuple[str, str]],
    subject: str,
    body: str,
    attachments: Sequence[Path] = (),
) -> EmailMessage:
    """The draft as an ``EmailMessage`` (see ``build_draft``)."""
    msg = EmailMessage(policy=policy.default)
    if to:
        msg["To"] = [_address(name, address) for name, address in to]
    msg["Subject"] = one_line(subject)
    msg["X-Unsent"] = "1"
    text = _SURROGATES.sub("\ufffd", body or "").replace("\r\n", "\n").replace("\r", "\n")
    msg.set_content(text, charset="utf-8", cte="quoted-printable")
    for path in attachments:
        data, maintype, subtype = _attachment(Path(path))
        msg.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=one_line(Path(path).name)
        )
    return msg


def build_draft(
    *,
    to: Sequence[tuple[str, str]],
    subject: str,
    body: str,
    attachments: Sequence[Path] = (),
) -> bytes:
    """An unsent e-mail (RFC 5322 bytes, CRLF line ends) to ``to`` — (name, address) pairs —
    with ``subject``, a plain-text ``body`` and the ``attachments`` (MIME type from the name).

    Raises ``KnownError`` for an address that is not one plain e-mail address or an attachment
    that cannot be read.
    """
    msg = build_message(to=to, subject=subject, body=body, attachments=attachments)
    return msg.as_bytes(policy=policy.SMTP)


def write_draft(
    path: Path | str,
    *,
    to: Sequence[tuple[str, str]],
    subject: str,
    body: str,
    attachments: Sequence[Path] = (),
) -> Path:
    """``build_draft(...)`` written to ``path`` atomically; returns the path."""
    data = build_draft(to=to, subject=subject, body=body, attachments=attachments)
    target = Path(path).expanduser()
    with atomic_open(target, "wb") as fh:
        fh.write(data)
    logger.info("wrote e-mail draft %s", target)
    return target


# --------------------------------------------------------------------------- minutes
@dataclass(frozen=True)
class MailText:
    """Recipients, subject and body of a templated e-mail."""

    to: list[tuple[str, str]]
    subject: str
    body: str

    @property
    def recipient(self) -> str:
        """ "Name <address>" of the recipients, for people to read (clipboard, messages)."""
        return ", ".join(f"{n} <{a}>" if n else a for n, a in self.to)


@dataclass(frozen=True)
class MinutesEmail:
    """What ``write_minutes_email`` wrote."""

    pdf: Path
    eml: Path
    subject: str
    recipient: str


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def minutes_mail(detail: MeetingDetail, attachment_name: str) -> MailText:
    """The templated e-mail sending the minutes of ``detail`` to the cluster's contact.

    Raises ``KnownError`` when the cluster has no contact e-mail (nothing else to write to).
    """
    from app.reports.minutes_pdf import kind_words, long_date

    row = detail.meeting
    cluster = one_line(row.cluster_short_name)
    address = (detail.cluster_contact_email or "").strip()
    if not address:
        raise KnownError(
            f"The cluster {cluster} has no contact e-mail, so ClusterDesk cannot address the "
            "minutes. Add a contact e-mail to the cluster first (Clusters page), then try again."
        )
    contact = one_line(detail.cluster_contact_name)
    to = [(contact, address)]
    _address(contact, address)  # a clear message now for a malformed address
    what = kind_words(row.kind)
    day = long_date(row.starts_at.date())
    subject = f"Minutes – {cluster} {what}, {day}"

    open_here = sum(1 for a in detail.actions if a.status == "open")
    carried = len(detail.carried_forward)
    if open_here == 1:
        actions = (
            "There is 1 open action item from this meeting; the minutes list it with its "
            "owner and due date."
        )
    elif open_here:
        actions = (
            f"There are {open_here} open action items from this meeting; the minutes list each "
            "one with its owner and due date."
        )
    else:
        actions = "No action items from this meeting remain open."
    if carried:
        actions += (
            f" They also list {_count(carried, 'open item', 'open items')} carried forward from "
            "earlier meetings."
        )
    officers = [a.name for a in detail.attendees if a.is_officer and a.attendance == "present"]
    if len(officers) == 1:
        signature = f"{one_line(officers[0])}\nCluster Liaison Officer"
    else:
        signature = "SPRI cluster liaison"
    body = (
        f"Dear {contact or 'colleague'},\n"
        "\n"
        f"Please find attached the minutes of the {cluster} {what} held on {day} "
        f"({attachment_name}).\n"
        "\n"
        f"{actions}\n"
        "\n"
        "If anything needs correcting, please let me know so that the minutes can be amended "
        "before they are circulated further.\n"
        "\n"
        "Kind regards,\n"
        "\n"
        f"{signature}\n"
        "SPRI – Basque Business Development Agency\n"
    )
    return MailText(to=to, subject=subject, body=body)


def _draft_for(detail: MeetingDetail, pdf_path: Path, eml_path: Path) -> tuple[Path, MailText]:
    mail = minutes_mail(detail, Path(pdf_path).name)
    if not Path(pdf_path).is_file():
        raise KnownError(f"The minutes {Path(pdf_path).name} are not there; write the PDF first.")
    eml = write_draft(
        eml_path, to=mail.to, subject=mail.subject, body=mail.body, attachments=[Path(pdf_path)]
    )
    return eml, mail


def minutes_draft(
    db: Database, meeting_id: int, pdf_path: Path | str, eml_path: Path | str
) -> Path:
    """Write an e-mail draft to ``eml_path`` sending the minutes at ``pdf_path`` (already
    written, e.g. by ``minutes_pdf.write_minutes``) to the cluster's contact; returns the path."""
    from app.db.meetings import get_meeting

    detail = get_meeting(db, meeting_id)
    return _draft_for(detail, Path(pdf_path), Path(eml_path))[0]


def write_minutes_email(db: Database, meeting_id: int, folder: Path | str) -> MinutesEmail:
    """The minutes PDF and its e-mail draft, both written into ``folder`` (created if needed).

    The recipient is checked first: a cluster without a contact e-mail gets a ``KnownError``
    and no file is written.
    """
    from app.config import ensure_private_dir
    from app.db.meetings import get_meeting
    from app.reports.minutes_pdf import build_minutes, minutes_filename

    detail = get_meeting(db, meeting_id)
    name = minutes_filename(detail)
    minutes_mail(detail, name)  # refuse before writing anything
    folder = Path(folder).expanduser()
    try:
        ensure_private_dir(folder)
    except OSError as err:
        raise KnownError(
            f"The folder {folder} could not be created: {err.strerror or err}."
        ) from err
    pdf = build_minutes(detail, folder / name)
    eml, mail = _draft_for(detail, pdf, pdf.with_suffix(".eml"))
    return MinutesEmail(pdf=pdf, eml=eml, subject=mail.subject, recipient=mail.recipient)
