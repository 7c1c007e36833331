"""Eleventh round (issue 10): English patterns that named a sector or an actor in
passing, and English talk for codes whose answers read like another code's.
Every answer here was written for this test in the plain words of respondents,
not taken from any evaluation set. With the codebook before this round, judges
listed among the people a plan worked with suggested `judicial_capacity`,
mentoring named as an activity suggested `justice_skills_contribution` (and
took the answer to partnership contribution), the mining areas as a place
suggested `illegal_mining_logging`, an institution's "own" rule beside "some
regions" suggested `uneven_buy_in`; the why-it-worked, the place-as-context and
the new-official answers got another code (training, success factors,
political instability)."""

from __future__ import annotations

import pytest
from conftest import GOOD_FRONT_MATTER, ROOT, flat, write_transcript

from kiicode import pipeline
from kiicode.codebook import load_codebook
from kiicode.store import Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"

# answer -> the code a passing mention used to suggest, and no longer does
IN_PASSING = {
    "The plan was to work with prosecutors and judges in both regions.": "judicial_capacity",
    "We ran mentoring for the prosecutors in Puno, one file at a time.":
        "justice_skills_contribution",
    "We could not travel much because of the security situation in the mining areas.":
        "illegal_mining_logging",
    "The ministry said the new rule is their own, and some regions applied it.":
        "uneven_buy_in",
}
# answer -> (the code it gets, its line of inquiry or None where not asserted)
STILL_CODED = {
    "Some judges still doubt the girl when she changes her story.":
        ("judicial_capacity", "capacity"),
    "The mentoring made a real difference: their charges are much stronger now.":
        ("justice_skills_contribution", "partnership_contribution"),
    "Around the mines there are bars where girls from the villages are exploited.":
        ("illegal_mining_logging", "context"),
}
# everyday answers that the new talk sentences reach (their line is not asserted
# where another code's line still wins: the place-as-context answer reads as capacity)
TALK_LIKE = {
    "Why did it work in some places? Because the offices felt the work belonged to them; "
    "where it stalled, the money ran out.": ("success_factors", "partnership_contribution"),
    "Out here the state hardly exists, most people work informally and families move all "
    "the time, and that limits everything.": ("context_factors", None),
    "Every time a new director arrived we went to see them, explained the work again and "
    "stayed in touch by phone.": ("relationship_building", "implementation"),
}


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """answer text -> (suggested codes, line of inquiry), all answers in one English KII."""
    corpus = tmp_path_factory.mktemp("en11")
    answers = "".join(f"\nR: {text}\n" for text in [*IN_PASSING, *STILL_CODED, *TALK_LIKE])
    write_transcript(corpus, "KII-T11-en.md",
                     dict(GOOD_FRONT_MATTER, id="KII-T11-en", language="en"), answers)
    book = load_codebook(CODEBOOK)
    with Store.open(corpus.parent / "en11.sqlite", create=True) as store:
        pipeline.ingest(store, [corpus], book)
        pipeline.code(store, book, jobs=1)
        looks = store.outlooks()
        return {flat(s.text): ({c.code for c in store.codings([s.id], coder="auto")},
                               looks[s.id].loi) for s in store.segments()}


@pytest.mark.parametrize("text", sorted(IN_PASSING))
def test_a_passing_mention_does_not_suggest_the_code(coded, text):
    codes, _ = coded[flat(text)]
    assert IN_PASSING[text] not in codes


@pytest.mark.parametrize("text", sorted(STILL_CODED))
def test_the_topic_itself_is_still_coded(coded, text):
    code, loi = STILL_CODED[text]
    codes, line = coded[flat(text)]
    assert code in codes
    assert line == loi


@pytest.mark.parametrize("text", sorted(TALK_LIKE))
def test_an_everyday_answer_gets_its_code(coded, text):
    code, loi = TALK_LIKE[text]
    codes, line = coded[flat(text)]
    assert code in codes
    if loi:
        assert line == loi
