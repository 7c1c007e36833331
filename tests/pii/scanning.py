"""What the PII tests ask of a scan of one text: the hits that block an
export, and the person names found with their confidence."""

from __future__ import annotations

from kiicode.pii.names import KnownNames
from kiicode.pii.scan import scan_text


def blocking(text: str) -> list[tuple[str, str]]:
    """(category, text) of every hit confident enough to stop an export."""
    return [(h.category, h.text) for h in scan_text("T", text) if h.high]


def names(text: str, known: KnownNames | None = None) -> dict[str, float]:
    """Each person name found, as written, with its confidence."""
    return {h.text: h.confidence for h in scan_text("T", text, known)
            if h.category == "person_name"}
