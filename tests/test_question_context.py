"""The interviewer's question as context for a segment's findings and line of
inquiry: which question a segment answers, the prior's direction, text
without questions left as it was, and what the explanation shows."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from conftest import GOOD_FRONT_MATTER, ROOT, write_transcript

from kiicode import pipeline
from kiicode.codebook import load_codebook
from kiicode.ranking import Asked, Question, Ranker, describe_asked, outlook_scores
from kiicode.store import Outlook, Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"


@pytest.fixture(scope="module")
def book():
    return load_codebook(CODEBOOK)


@pytest.fixture(scope="module")
def ranker(book):
    return Ranker(book, list(book.codes))


def column_of(book, ranker, loi: str) -> int:
    """A code of this line of inquiry that reaches a finding of the same line."""
    for code_id, code in book.codes.items():
        if code.loi == loi and any(loi == f.loi and code_id in f.evidence.codes
                                   for f in book.findings.values()):
            return ranker.column[code_id]
    raise AssertionError(loi)


def scores(ranker, values: dict[int, float]) -> np.ndarray:
    row = np.zeros(len(ranker.codes), dtype=np.float32)
    for column, value in values.items():
        row[column] = value
    return row


def outlook(ranker, similarity: np.ndarray, question: Question | None):
    return ranker.outlooks_asked(np.zeros((1, len(ranker.codes)), np.float32),
                                 similarity[np.newaxis, :], [question])[0]


def test_a_question_moves_an_undecided_answer_towards_its_line(book, ranker):
    capacity = column_of(book, ranker, "capacity")
    contribution = column_of(book, ranker, "partnership_contribution")
    answer = scores(ranker, {capacity: 0.32, contribution: 0.30})
    asked = Question(7, scores(ranker, {contribution: 0.6}))
    found = outlook(ranker, answer, asked)
    assert found.loi == "partnership_contribution"
    assert found.asked == Asked(7, "partnership_contribution",
                                book.findings[found.findings[0][0]].questions[0], "capacity")
    # without the question the answer's own line stays
    assert outlook(ranker, answer, None).loi == "capacity"


def test_an_answer_that_says_clearly_what_it_is_about_keeps_its_line(book, ranker):
    capacity = column_of(book, ranker, "capacity")
    contribution = column_of(book, ranker, "partnership_contribution")
    answer = scores(ranker, {capacity: 0.9})
    found = outlook(ranker, answer, Question(3, scores(ranker, {contribution: 0.6})))
    assert found.loi == "capacity" and found.asked.alone == "capacity"
    assert found.asked.loi == "partnership_contribution"     # asked, but answered otherwise


def test_no_question_ranks_exactly_as_before(book, ranker):
    capacity = column_of(book, ranker, "capacity")
    answer = scores(ranker, {capacity: 0.4})
    plain = ranker.outlooks(outlook_scores(np.zeros((1, len(ranker.codes)), np.float32),
                                           answer[np.newaxis, :]))
    assert outlook(ranker, answer, None) == plain[0]
    assert outlook(ranker, answer, None).asked is None


def test_a_re_code_is_unsure_of_a_question_it_has_no_previous_scores_for(book, ranker):
    capacity = column_of(book, ranker, "capacity")
    answer = scores(ranker, {capacity: 0.4})[np.newaxis, :]
    question = Question(2, scores(ranker, {capacity: 0.2}))
    assert ranker.same_outcomes([{}], answer, answer, [None]).tolist() == [True]
    assert ranker.same_outcomes([{}], answer, answer, [question]).tolist() == [False]
    known = Question(2, question.similarity, question.similarity)
    assert ranker.same_outcomes([{}], answer, answer, [known]).tolist() == [True]


INTERVIEW = """Interviewer: Thanks. How did the Partnership contribute to changes in capacity?

Respondent: Prosecutors are sharper now; the mentoring helped them build cases.

They also use the toolkits every week.

Interviewer: And what external factors mattered?

Respondent: The political turnover and the Venezuelan migration.
"""

GROUP = """Moderator: What external factors helped or held the work back?

P1: Ministers changed every few months.

P2: And the migration from Venezuela changed the shelters.
"""

SUMMARY = """Interviewer: Summary of the main points raised by the partners.

Respondent: Most partners agreed the aims did not change.

Several noted that the rotation of officials forced repeated courses.
"""


@pytest.fixture(scope="module")
def coded(tmp_path_factory, book):
    folder = tmp_path_factory.mktemp("asked")
    corpus = folder / "transcripts"
    corpus.mkdir()
    english = dict(GOOD_FRONT_MATTER, id="KII-Q-01", language="en")
    write_transcript(corpus, "KII-Q-01.md", english, INTERVIEW)
    group = dict(GOOD_FRONT_MATTER, id="KII-Q-02", language="en", mode="group",
                 participants=[{"label": "P1", "respondent_type": "government_official"},
                               {"label": "P2", "respondent_type": "ngo_staff"}])
    group.pop("respondent_type")
    write_transcript(corpus, "KII-Q-02.md", group, GROUP)
    write_transcript(corpus, "KII-Q-03.md", dict(english, id="KII-Q-03"), SUMMARY)
    path = folder / "project.sqlite"
    with Store.open(path, create=True) as store:
        pipeline.ingest(store, [corpus], book)
        pipeline.code(store, book, jobs=1)
    return path


def test_each_segment_answers_the_nearest_question_before_it(coded):
    with Store.open(coded) as store:
        asked = pipeline.questions_answered(store, store.segments())
        turns = store.interviewer_turns()
    first, second = turns["KII-Q-01"]
    assert first[1].startswith("Thanks. How did the Partnership contribute")
    assert asked["KII-Q-01:1"] == asked["KII-Q-01:2"] == first     # both paragraphs
    assert asked["KII-Q-01:3"] == second
    # a group KII: every participant answers the moderator's question
    assert asked["KII-Q-02:1"] == asked["KII-Q-02:2"] == turns["KII-Q-02"][0]
    # a summary under a heading that asks nothing answers no question
    assert turns["KII-Q-03"] and not any(s.startswith("KII-Q-03") for s in asked)


def test_the_outlook_keeps_what_the_question_pointed_at(coded):
    with Store.open(coded) as store:
        outlooks = store.outlooks()
    asked = Asked.from_json(outlooks["KII-Q-01:3"].asked)
    assert asked.turn == 3 and asked.loi == "context" and asked.question == "EQ9"
    assert outlooks["KII-Q-03:1"].asked == "" and outlooks["KII-Q-03:1"].loi


def test_describe_asked_quotes_the_question_and_the_answer_alone():
    outlook = Outlook("S:1", (("F16", 0.5),), "partnership_contribution",
                      Asked(4, "partnership_contribution", "EQ6", "capacity").as_json())
    line = describe_asked(outlook, {4: "How did the Partnership   contribute?"})
    assert line == ('asked: EQ6 partnership_contribution — "How did the Partnership '
                    'contribute?" (the answer alone: capacity)')
    assert describe_asked(outlook, {}) == ("asked: EQ6 partnership_contribution (turn 4) "
                                           "(the answer alone: capacity)")
    assert describe_asked(Outlook("S:2", (), "capacity"), {}) == ""


def test_why_show_and_export_carry_the_question(coded, invoke, tmp_path):
    with Store.open(coded) as store:
        outlook = store.outlooks()["KII-Q-01:3"]
    expected = describe_asked(outlook, {3: "And what external factors mattered?"})
    why = invoke("why", "KII-Q-01:3", "political_instability", "--store", coded)
    assert why.exit_code == 0, why.output
    assert expected in " ".join(why.stdout.split())
    show = invoke("show", "KII-Q-01", "--codes", "--format", "json", "--store", coded)
    assert show.exit_code == 0, show.output
    row = next(r for r in json.loads(show.stdout) if r["segment"] == "KII-Q-01:3")
    assert expected in row["codes"].splitlines()
    out = tmp_path / "codings.csv"
    export = invoke("export", "codings", out, "--store", coded)
    assert export.exit_code == 0, export.output
    rows = {r["segment"]: r for r in csv.DictReader(out.read_text("utf-8-sig").splitlines())}
    assert rows["KII-Q-01:3"]["asked"] == describe_asked(outlook, {})
    assert rows["KII-Q-03:1"]["asked"] == ""
