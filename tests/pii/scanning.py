"""What the PII tests ask of a scan of one text: the hits that block an
export, and the person names found with their confidence."""

from __future__ import annotations

import sys
from pathlib import Path

from kiicode.pii.names import KnownNames
from kiicode.pii.scan import scan_text


def blocking(text: str) -> list[tuple[str, str]]:
    """(category, text) of every hit confident enough to stop an export."""
    return [(h.category, h.text) for h in scan_text("T", text) if h.high]


def blocks_whole(text: str, category: str, expected: str) -> bool:
    """Whether a hit of `category` that stops an export covers all of `expected`
    (a hit on part of a number or an address leaves the rest readable)."""
    start = text.index(expected)
    return any(h.high and h.category == category and h.start <= start and
               start + len(expected) <= h.end for h in scan_text("T", text))


def names(text: str, known: KnownNames | None = None) -> dict[str, float]:
    """Each person name found, as written, with its confidence."""
    return {h.text: h.confidence for h in scan_text("T", text, known)
            if h.category == "person_name"}


def battery_figures(battery: Path) -> tuple[dict, dict]:
    """benchmarks/pii_eval.py's figures for a battery folder (seeded/, gold.csv,
    clean/): every reported hit, and the hits that block."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "benchmarks"))
    from pii_eval import evaluate, files_of

    result = evaluate(files_of([str(battery / "seeded")]), battery / "gold.csv",
                      files_of([str(battery / "clean")]), "kiicode")
    return result["by_threshold"]["all"], result["by_threshold"]["high"]
