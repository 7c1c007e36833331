"""A small project whose evidence is known exactly, for the evidence matrix
tests: the tally corpus of analysis_helpers plus KII-X-01, a frontline
worker whose answers start with formula characters (=, +, -, @).

Codings (coder ana unless said):
- accepted: KII-A-01:1 training, KII-A-04:1 training, KII-A-02:1 turnover,
  KII-A-03:1 turnover, KII-X-01:1 training, KII-X-01:2 turnover,
  KII-X-01:3 training, KII-X-01:4 turnover, KII-A-05:3 other_topic (a code
  no finding uses: a quote that supports no finding)
- machine suggestions nobody reviewed: KII-A-05:2 training, KII-G-01:1
  turnover, KII-G-01:3 training, KII-A-01:3 specialised_units
- rejected by ana: the suggestion KII-A-04:2 turnover
- linked by hand: KII-A-02:2 -> F3 (a segment with no codes)
- memos by ana: on segment KII-A-01:1, on finding F1, on the cell KII-A-04 x F1
"""

from __future__ import annotations

from pathlib import Path

from analysis_helpers import accept, codebook_file, suggest, write_corpus
from conftest import GOOD_FRONT_MATTER, write_transcript

from kiicode.codebook import Codebook, load_codebook
from kiicode.pipeline import ingest
from kiicode.store import Store

LINKS = {
    "conclusions": [{"id": "C1", "statement": "Capacity grew.", "findings": ["F1", "F3"]},
                    {"id": "C2", "statement": "Turnover matters.", "findings": ["F2"]}],
    "recommendations": [{"id": "R1", "statement": "Keep training.",
                         "audience": "Government", "conclusions": ["C1", "C2"]}],
}
OTHER_CODE = {"id": "other_topic", "name": "Other topic", "loi": "implementation",
              "questions": ["EQ1"], "themes": ["prevention"], "definition": "Anything else.",
              "use_when": "It fits nothing else.", "do_not_use_when": "=It fits something.",
              "patterns": {"es": ["otro tema"], "en": ["other topic"]}}
INJECTION = ('E: ¿Algo más?\n\nR: =HYPERLINK("http://x","y")\n\n+1 capacitación\n\n'
             "-2 taller de rotación\n\n@SUM(A1) rotación de personal\n")
ACCEPTED = [("KII-A-01:1", "training"), ("KII-A-04:1", "training"),
            ("KII-A-02:1", "turnover"), ("KII-A-03:1", "turnover"),
            ("KII-X-01:1", "training"), ("KII-X-01:2", "turnover"),
            ("KII-X-01:3", "training"), ("KII-X-01:4", "turnover"),
            ("KII-A-05:3", "other_topic")]
SUGGESTED = [("KII-A-05:2", "training"), ("KII-G-01:1", "turnover"),
             ("KII-G-01:3", "training"), ("KII-A-01:3", "specialised_units"),
             ("KII-A-04:2", "turnover")]
MEMOS = [("segment", "KII-A-01:1", "Compare with KII-A-04"),
         ("finding", "F1", "Training is the clearest change."),
         ("cell", "KII-A-04/F1", "Says training reached every district office.")]
FORMULA_SEGMENTS = ["KII-X-01:1", "KII-X-01:2", "KII-X-01:3", "KII-X-01:4"]


def build(directory: Path) -> tuple[Path, Path]:
    """Write, ingest and code the project; returns (store path, codebook path)."""
    book_path = codebook_file(directory, add_codes=[OTHER_CODE], **LINKS)
    book = load_codebook(book_path)
    corpus = write_corpus(directory / "corpus")
    front = dict(GOOD_FRONT_MATTER, id="KII-X-01", region="Tacna")
    write_transcript(corpus, "KII-X-01.md", front, INJECTION)
    store_path = directory / "project.sqlite"
    with Store.open(store_path, create=True) as store:
        ingest(store, [corpus], book)
        suggest(store, *SUGGESTED)
        accept(store, "ana", *ACCEPTED)
        store.decide("KII-A-04:2", "turnover", "ana", "rejected")
        store.link("KII-A-02:2", "F3", "ana")
        for kind, target, text in MEMOS:
            store.add_memo(kind, target, "ana", text)
    return store_path, book_path


def open_project(paths: tuple[Path, Path]) -> tuple[Store, Codebook]:
    return Store.open(paths[0]), load_codebook(paths[1])
