"""Text helpers shared by every layer."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form of ``text`` ("Reunión" → "reunion", "Iñaki" → "inaki")."""
    if not text:
        return ""
    norm = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in norm if not unicodedata.combining(ch))


# A spreadsheet evaluates a cell that starts with = + - @ (or tab/CR) as a formula. Exports put
# ONE apostrophe before such text; importers of our CSV files take exactly one away again.
_DANGEROUS = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise_text(text: str) -> str:
    """The CSV form of a text value: one apostrophe added before a would-be formula."""
    return "'" + text if _DANGEROUS.match(text) else text


def restore_text(text: str) -> str:
    """The inverse of ``neutralise_text`` (for CSV files, never for XLSX cells)."""
    return text[1:] if _NEUTRALISED.match(text) else text
