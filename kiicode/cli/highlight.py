"""Segment text with the words that fired patterns marked (shared by show, why, review)."""

from __future__ import annotations

from rich.text import Text


def highlighted(text: str, offset: int, evidence: list[dict]) -> Text:
    """Segment text with the words that fired patterns marked (reversed) and
    the words shared with a "similar" code's codebook text underlined."""
    rendered = Text(text)
    for item in evidence:
        if "start" not in item:      # an exemplar: no span in this segment
            continue
        start, end = item["start"] - offset, item["end"] - offset
        if 0 <= start < end <= len(text):
            style = "underline" if item.get("kind") == "similar" else "bold reverse"
            rendered.stylize(style, start, end)
    return rendered
