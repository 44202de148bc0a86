"""Text helpers shared by every layer."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form of ``text`` ("Reunión" → "reunion", "Iñaki" → "inaki")."""
    if not text:
        return ""
    norm = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in norm if not unicodedata.combining(ch))
