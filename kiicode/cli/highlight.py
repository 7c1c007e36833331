"""Segment text with the words that fired patterns marked (shared by show, why, review)."""

from __future__ import annotations

from rich.text import Text


def highlighted(text: str, offset: int, evidence: list[dict]) -> Text:
    """Segment text with the words that fired patterns marked."""
    rendered = Text(text)
    for item in evidence:
        start, end = item["start"] - offset, item["end"] - offset
        if 0 <= start < end <= len(text):
            rendered.stylize("bold reverse", start, end)
    return rendered
