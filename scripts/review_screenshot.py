"""Regenerate docs/review_screen.svg: the review screen on the sample corpus,
after a coder has made a few decisions of each kind.

Usage: .venv/bin/python scripts/review_screenshot.py [OUT.svg]

The sample is ingested with codebooks/cpc_peru.yaml and auto-coded into a
temporary project, so nothing outside OUT is written."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from kiicode.codebook import load_codebook
from kiicode.pipeline import code, ingest
from kiicode.review import ReviewSession
from kiicode.review.tui import ReviewApp
from kiicode.store import Store

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "review_screen.svg"
SIZE = (150, 44)
SHOWN = "KII-ES-01:8"


def decide(session: ReviewSession) -> None:
    """What a coder might have done by the time they reach SHOWN."""
    for segment in session.segments[:session.segments.index(session.store.segment(SHOWN))]:
        session.go_to(segment.id)
        session.accept_all() or session.mark_reviewed()
    session.go_to(SHOWN)
    # assign/reject work whether or not the current codebook suggests the code
    session.assign("staff_turnover")
    session.assign("staffing_funding_gaps")
    session.reject("specialised_protection_services")
    session.link("F3")
    session.memo("Budget and CAS contracts: compare with KII-ES-04.")


def screenshot(out: Path = OUT, workdir: Path | None = None) -> Path:
    """Build the sample project in `workdir` (a temporary one by default) and
    save the review screen as SVG to `out`."""
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(workdir or scratch)
        book = load_codebook(ROOT / "codebooks" / "cpc_peru.yaml")
        with Store.open(workdir / "sample.sqlite", create=True) as store:
            ingest(store, [ROOT / "transcripts_sample"], book)
            code(store, book)
            session = ReviewSession(store, book, "ana", ["KII-ES-01"])
            decide(session)
            app = ReviewApp(session)

            async def shoot() -> None:
                async with app.run_test(size=SIZE) as pilot:
                    await pilot.pause()
                    app.message = "Saved ✓ memo"
                    app.refresh_all()
                    await pilot.pause()
                    app.save_screenshot(out.name, str(out.parent))

            asyncio.run(shoot())
    return out


if __name__ == "__main__":
    print(screenshot(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
