"""Sixth round (issue 10): everyday `talk` for codes whose answers respondents
give in plain words. An answer worded like none of the codebook's analytic
prose still reaches the right code (before the sixth round's talk, the pilot
answer got `territorial_gaps` only)."""

from __future__ import annotations

import pytest
from conftest import GOOD_FRONT_MATTER, ROOT, write_transcript

from kiicode import pipeline
from kiicode.codebook import load_codebook
from kiicode.store import Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"

ANSWERS = {
    # code -> an answer in everyday words (written for this test)
    "adaptive_management": "First we ran it as a pilot in a single district, saw how it "
                           "went, and then took it to two other regions with the changes.",
    "training_activities": "They came to the community twice and gave a course; they "
                           "explained the warning signs and left us materials.",
}


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("talk")
    corpus = folder / "t"
    corpus.mkdir()
    body = "".join(f"\nR: {text}\n" for text in ANSWERS.values())
    write_transcript(corpus, "KII-T-01.md", dict(GOOD_FRONT_MATTER, id="KII-T-01",
                                                 language="en"), body)
    book = load_codebook(CODEBOOK)
    with Store.open(folder / "p.sqlite", create=True) as store:
        pipeline.ingest(store, [corpus], book)
        pipeline.code(store, book, jobs=1)
        segments = store.segments()
        yield {s.text: s.id for s in segments}, {
            s.id: [c.code for c in store.codings([s.id], coder="auto")] for s in segments}


@pytest.mark.parametrize("code_id", sorted(ANSWERS))
def test_an_everyday_answer_is_suggested_its_code(coded, code_id):
    ids, codings = coded
    assert code_id in codings[ids[ANSWERS[code_id]]]
