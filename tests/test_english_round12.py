"""Twelfth round (issue 10): English patterns for answers respondents give in their
own words, and vetoes for codes named in passing. Every answer here was written
for this test in the plain words of respondents, not taken from any evaluation
set. With the codebook before this round, specialised prosecutors named in a
budget, in what Lima has or among the people a partner trained suggested
`specialised_justice_units`; officers described as "better-trained" and a
one-day course compared with something else suggested
`justice_skills_contribution`; a count of identified victims and a course on
spotting them suggested `victim_identification_referral`; and the answers below
about the new staff nobody trains, the country's general situation, a partner's
technical assistance, its relationships, a driver who calls the police and what
the partnership's idea was got no pattern for their code."""

from __future__ import annotations

import pytest
from conftest import GOOD_FRONT_MATTER, ROOT, assert_answer_coded, flat, write_transcript

from kiicode import pipeline
from kiicode.codebook import load_codebook
from kiicode.store import Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"

# answer -> the code a passing mention's pattern used to suggest, and no longer does
# (the vetoes are about patterns; the similar tier may still offer a code)
IN_PASSING = {
    "Most of the ministry's budget now goes to the specialised prosecutors and the shelters.":
        "specialised_justice_units",
    "Lima has the specialised prosecutors and the psychologists; out here we have almost "
    "nothing.": "specialised_justice_units",
    "Over two years we trained the specialised prosecutors of both regions.":
        "specialised_justice_units",
    "The better-trained officers all end up in the capital sooner or later.":
        "justice_skills_contribution",
    "Working case by case with them worked better than any one-day workshop.":
        "justice_skills_contribution",
    "We counted how many children were identified as victims last year, and nobody agrees "
    "on the number.": "victim_identification_referral",
    "Two courses on spotting victims were given to the border staff.":
        "victim_identification_referral",
    "Now the offices pick up the phone to each other when a case comes in.":
        "relationship_building",
}
# answer -> (the code it gets, its line of inquiry or None where not asserted)
STILL_CODED = {
    "Now there is a specialised office in each district, with prosecutors who only see "
    "trafficking cases.": ("specialised_justice_units", "capacity"),
    "There is a specialised police unit in the port now that did not exist before.":
        ("specialised_justice_units", "capacity"),
    "Thanks to the training the prosecutors now write much better charges.":
        ("justice_skills_contribution", "partnership_contribution"),
}
# everyday answers that the new English patterns reach
OWN_WORDS = {
    "The officers who rotate in get no induction course, so they learn it on the job.":
        ("training_gaps", "capacity"),
    "Nobody trains the new staff at the health posts on any of this.":
        ("training_gaps", "capacity"),
    "The general situation did not help either: prices up, floods, one election after "
    "another.": ("context_factors", "context"),
    "So much here is informality and weak institutions, and a project cannot change that.":
        ("context_factors", "context"),
    "Mostly technical assistance to the regional offices, and a lot of accompaniment on "
    "their cases.": ("activity_delivery", "implementation"),
    "It was the relationships, more than anything: years of knowing the people in each "
    "office.": ("relationship_building", "implementation"),
    "Our staff could pick up the phone and get a director on the line the same day.":
        ("relationship_building", "implementation"),
    "When the bus driver sees a girl with an adult who is not family, he knows to call the "
    "police.": ("victim_identification_referral", "capacity"),
    "The idea was one shared plan between both governments, with a goal for each of the "
    "three areas.": ("partnership_design", "implementation"),
}


@pytest.fixture(scope="module")
def coded_tiers(tmp_path_factory):
    """answer text -> (suggested codes, line of inquiry, codes a pattern suggested),
    all answers in one English KII."""
    corpus = tmp_path_factory.mktemp("en12")
    answers = "".join(f"\nR: {text}\n" for text in [*IN_PASSING, *STILL_CODED, *OWN_WORDS])
    write_transcript(corpus, "KII-T12-en.md",
                     dict(GOOD_FRONT_MATTER, id="KII-T12-en", language="en"), answers)
    book = load_codebook(CODEBOOK)
    with Store.open(corpus.parent / "en12.sqlite", create=True) as store:
        pipeline.ingest(store, [corpus], book)
        pipeline.code(store, book, jobs=1)
        looks = store.outlooks()
        found = {}
        for s in store.segments():
            codings = store.codings([s.id], coder="auto")
            found[flat(s.text)] = ({c.code for c in codings}, looks[s.id].loi,
                                   {c.code for c in codings if c.tier == "pattern"})
        return found


@pytest.fixture(scope="module")
def coded(coded_tiers):
    """answer text -> (suggested codes, line of inquiry), as `assert_answer_coded` reads it."""
    return {text: (codes, loi) for text, (codes, loi, _) in coded_tiers.items()}


@pytest.mark.parametrize("text", sorted(IN_PASSING))
def test_a_passing_mention_does_not_suggest_the_code(coded_tiers, text):
    _, _, by_pattern = coded_tiers[flat(text)]
    assert IN_PASSING[text] not in by_pattern


@pytest.mark.parametrize("text", sorted(STILL_CODED))
def test_the_topic_itself_is_still_coded(coded, text):
    assert_answer_coded(coded, *STILL_CODED[text], text)


@pytest.mark.parametrize("text", sorted(OWN_WORDS))
def test_an_answer_in_own_words_gets_its_code(coded, text):
    assert_answer_coded(coded, *OWN_WORDS[text], text)
