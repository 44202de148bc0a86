"""Validation of what people type, with messages in their terms. Pure functions, no database.

Each ``clean_*`` function returns a normalised copy of its input or raises ``ValidationError``
whose ``problems`` map a field name to one message.
"""

from __future__ import annotations

import dataclasses
import re

from app.domain import vocab
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.errors import ValidationError

EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}$")
URL_RE = re.compile(r"^(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_NOTES = 100_000


def _one_line(value: str) -> str:
    """Collapse runs of white space; drop control characters."""
    return " ".join(CONTROL_RE.sub("", value or "").split())


def _multi_line(value: str) -> str:
    return CONTROL_RE.sub("", (value or "").replace("\r\n", "\n")).strip()


def is_email(value: str) -> bool:
    return bool(EMAIL_RE.match(value))


def clean_officer(data: OfficerInput) -> OfficerInput:
    out = dataclasses.replace(
        data,
        name=_one_line(data.name),
        email=_one_line(data.email).lower(),
        phone=_one_line(data.phone),
        notes=_multi_line(data.notes),
    )
    problems: dict[str, str] = {}
    if not out.name:
        problems["name"] = "Enter the officer's name."
    elif len(out.name) > 120:
        problems["name"] = "The name is too long (120 characters at most)."
    if not out.email:
        problems["email"] = "Enter the officer's e-mail address."
    elif not is_email(out.email) or len(out.email) > 254:
        problems["email"] = f"“{out.email}” is not an e-mail address (name@example.org)."
    if out.role not in vocab.OFFICER_ROLES:
        problems["role"] = "Choose a role: liaison officer or coordinator."
    if out.service_start and out.service_end and out.service_end < out.service_start:
        problems["service_end"] = "The leaving date is before the starting date."
    if len(out.notes) > MAX_NOTES:
        problems["notes"] = "The notes are too long (100,000 characters at most)."
    if problems:
        raise ValidationError(problems)
    return out


def _optional_number(
    problems: dict[str, str],
    field: str,
    value: float | None,
    low: float,
    high: float,
    what: str,
) -> None:
    if value is not None and not (low <= value <= high):
        problems[field] = f"{what} must be between {low:g} and {high:g}."


def clean_cluster(data: ClusterInput) -> ClusterInput:
    website = _one_line(data.website)
    out = dataclasses.replace(
        data,
        name=_one_line(data.name),
        short_name=_one_line(data.short_name),
        sector=_one_line(data.sector),
        contact_name=_one_line(data.contact_name),
        contact_email=_one_line(data.contact_email).lower(),
        website=website,
        notes=_multi_line(data.notes),
    )
    problems: dict[str, str] = {}
    if not out.name:
        problems["name"] = "Enter the cluster's name."
    elif len(out.name) > 200:
        problems["name"] = "The name is too long (200 characters at most)."
    if not out.short_name:
        problems["short_name"] = "Enter a short name (as used in lists and file names)."
    elif len(out.short_name) > 40:
        problems["short_name"] = "The short name is too long (40 characters at most)."
    if out.kind not in vocab.CLUSTER_KINDS:
        problems["kind"] = "Choose a kind: cluster or pre-cluster."
    if out.contact_email and not is_email(out.contact_email):
        problems["contact_email"] = f"“{out.contact_email}” is not an e-mail address."
    if out.website and not URL_RE.match(out.website):
        problems["website"] = f"“{out.website}” is not a web address (www.example.eus)."
    _optional_number(problems, "member_count", out.member_count, 0, 100_000, "Members")
    _optional_number(problems, "sme_share", out.sme_share, 0, 100, "The SME share (%)")
    _optional_number(
        problems, "management_fte", out.management_fte, 0, 100, "Management staff (FTE)"
    )
    _optional_number(problems, "helix_types", out.helix_types, 0, 3, "Triple-helix member types")
    if out.esca_label not in vocab.ESCA_LABELS:
        problems["esca_label"] = "Choose an ESCA label: none, bronze, silver or gold."
    elif out.esca_label == "none" and out.esca_expiry is not None:
        out = dataclasses.replace(out, esca_expiry=None)
    if len(out.notes) > MAX_NOTES:
        problems["notes"] = "The notes are too long (100,000 characters at most)."
    if problems:
        raise ValidationError(problems)
    return out


def clean_assignment(data: AssignmentInput) -> AssignmentInput:
    if data.end_date is not None and data.end_date < data.start_date:
        raise ValidationError({"end_date": "The assignment ends before it starts."})
    return data


def clean_target(year: int, hours: float) -> tuple[int, float]:
    problems: dict[str, str] = {}
    if not 2000 <= year <= 2100:
        problems["year"] = "Choose a year between 2000 and 2100."
    if not 0 <= hours <= 2000:
        problems["hours"] = "A yearly target must be between 0 and 2,000 hours."
    elif round(hours * 2) != hours * 2:
        problems["hours"] = "Give the target in half hours (for example 100 or 62.5)."
    if problems:
        raise ValidationError(problems)
    return year, float(hours)
