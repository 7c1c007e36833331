"""A segment's line of inquiry: the line whose evidence is strongest, its
best finding and its best code together (`Ranker.outlooks`), not its top
finding alone; and what `why` and `show` report."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import GOOD_FRONT_MATTER, ROOT, flat, write_transcript

from kiicode import pipeline
from kiicode.codebook import load_codebook
from kiicode.ranking import Ranker, outlook_scores
from kiicode.store import Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"


@pytest.fixture(scope="module")
def cpc():
    """The CPC Peru codebook and its ranker."""
    book = load_codebook(CODEBOOK)
    return book, Ranker(book, list(book.codes))


def line_of(ranker, values: dict[str, float]) -> str:
    similarity = vector(ranker, values)
    patterned = np.zeros_like(similarity)
    return ranker.outlooks(outlook_scores(patterned, similarity))[0].loi


def test_the_general_partnership_code_outweighs_a_slightly_stronger_capacity_finding(cpc):
    book, ranker = cpc
    # the parent code reaches its children's findings at half its score only
    assert book.codes["partnership_contribution"].loi == "partnership_contribution"
    assert book.codes["victim_centred_investigation"].loi == "capacity"
    assert line_of(ranker, {"partnership_contribution": 0.6,
                            "victim_centred_investigation": 0.4}) == "partnership_contribution"
    # a capacity code clearly ahead keeps its line
    assert line_of(ranker, {"partnership_contribution": 0.3,
                            "victim_centred_investigation": 0.6}) == "capacity"


def test_a_code_no_finding_cites_still_counts_for_its_line(cpc):
    book, ranker = cpc
    assert book.codes["corruption"].loi == "context"
    assert line_of(ranker, {"corruption": 0.6, "victim_centred_investigation": 0.2}) == "context"
    assert line_of(ranker, {"victim_centred_investigation": 0.2}) == "capacity"


def reaches_no_finding(book, code_id: str) -> bool:
    parents = {c.parent for c in book.codes.values()}
    return code_id not in parents and all(code_id not in f.evidence.codes
                                          and book.codes[code_id].parent not in f.evidence.codes
                                          for f in book.findings.values())


@pytest.mark.parametrize("values, line", [
    ({"corruption": 0.6}, "context"),
    ({"illegal_mining_logging": 0.5, "no_change_observed": 0.3}, "context"),
    ({"no_change_observed": 0.5, "false_job_offers": 0.2}, "capacity"),
    ({"implementation_shortfall": 0.4}, "implementation"),
])
def test_a_segment_whose_codes_reach_no_finding_gets_its_top_codes_line(cpc, values, line):
    book, ranker = cpc
    assert all(reaches_no_finding(book, c) for c in values)
    found = ranker.outlooks(outlook_scores(np.zeros((1, len(ranker.codes)), np.float32),
                                           vector(ranker, values)))[0]
    # no finding is made up for it, and its line is its best code's, not none
    assert found.findings == ()
    assert found.loi == line


def test_a_parent_code_alone_points_at_its_childrens_findings_at_half(cpc):
    book, ranker = cpc
    assert not reaches_no_finding(book, "partnership_design")
    found = ranker.outlooks(outlook_scores(np.zeros((1, len(ranker.codes)), np.float32),
                                           vector(ranker, {"partnership_design": 0.6})))[0]
    # F1 cites the parent's children (vision_stable, policy_alignment)
    assert found.findings[0] == ("F1", 0.3)
    assert found.loi == "implementation"


def test_a_general_parent_code_does_not_outvote_a_clearly_stronger_finding(cpc):
    book, ranker = cpc
    # (counting parents in full for their line was tried in the eighth round:
    # it lost segments whose gold has a finding); a parent leading by less
    # than OWN_LINE_MARGIN does not decide by itself
    assert line_of(ranker, {"partnership_design": 0.58,
                            "victim_centred_investigation": 0.5}) == "capacity"


def vector(ranker, values: dict[str, float]) -> np.ndarray:
    found = np.zeros((1, len(ranker.codes)), dtype=np.float32)
    for code_id, value in values.items():
        found[0, ranker.column[code_id]] = value
    return found


def test_a_question_adds_its_own_line(cpc):
    _, ranker = cpc
    capacity = ranker.column["victim_centred_investigation"]
    answer = np.zeros((1, len(ranker.codes)), dtype=np.float32)
    answer[0, capacity] = 0.35
    asked = np.zeros_like(answer)
    asked[0, ranker.column["justice_skills_contribution"]] = 0.6
    patterned = np.zeros_like(answer)
    plain = ranker.outlooks(outlook_scores(patterned, answer))[0]
    found = ranker.outlooks(outlook_scores(patterned, answer, asked), asked)[0]
    assert plain.loi == "capacity" and found.loi == "partnership_contribution"
    assert found.findings == ranker.outlooks(outlook_scores(patterned, answer, asked))[0].findings


INTERVIEW = """Interviewer: Tell me about your work.

Respondent: There is corruption: some police officers take bribes from the traffickers and \
warn them before a raid, so the cases fall apart.

Respondent: The partnership contributed a lot to what we achieved; the support of the \
partners made the difference.
"""


@pytest.fixture(scope="module")
def coded(tmp_path_factory, cpc):
    folder = tmp_path_factory.mktemp("loi")
    corpus = folder / "transcripts"
    corpus.mkdir()
    write_transcript(corpus, "KII-L-01.md", dict(GOOD_FRONT_MATTER, id="KII-L-01",
                                                 language="en"), INTERVIEW)
    path = folder / "project.sqlite"
    with Store.open(path, create=True) as store:
        pipeline.ingest(store, [corpus], cpc[0])
        pipeline.code(store, cpc[0], jobs=1)
    return path


def test_why_and_show_report_the_line_the_evidence_points_at(coded, invoke):
    with Store.open(coded) as store:
        outlooks = store.outlooks()
    # both segments' top finding is of capacity; their words are not
    assert outlooks["KII-L-01:1"].loi == "context"
    assert outlooks["KII-L-01:2"].loi == "partnership_contribution"
    why = invoke("why", "KII-L-01:2", "partnership_contribution", "--store", coded)
    assert why.exit_code == 0, why.output
    assert "line of inquiry: partnership_contribution" in flat(why.stdout)
    show = invoke("show", "KII-L-01", "--codes", "--store", coded)
    assert show.exit_code == 0, show.output
    out = flat(show.stdout)
    assert "line of inquiry: context" in out
    assert "line of inquiry: partnership_contribution" in out



def test_a_pattern_hit_alone_does_not_outrank_what_the_whole_answer_reads_like(cpc):
    # a pattern of a capacity code fired, while the answer's words as a whole
    # read like the partners' training (and not like the fired code): the
    # findings and the line follow the reading, not the lone hit
    _, ranker = cpc
    patterned = vector(ranker, {"judicial_capacity": 1.0})
    similarity = vector(ranker, {"justice_skills_contribution": 0.55})
    found = ranker.outlooks(outlook_scores(patterned, similarity))[0]
    assert found.findings[0][0] == "F13"
    assert found.loi == "partnership_contribution"
    # with the code's words in the answer too, the hit decides
    similarity = vector(ranker, {"justice_skills_contribution": 0.55, "judicial_capacity": 0.3})
    found = ranker.outlooks(outlook_scores(patterned, similarity))[0]
    assert found.findings[0][0] == "F7" and found.loi == "capacity"


def test_a_lines_best_code_counts_as_much_as_its_best_finding(cpc):
    # a code that reaches no finding (corruption, context) against a finding
    # of another line half as strong: the line whose evidence is stronger wins
    # (leading by less than OWN_LINE_MARGIN, so the sum decides)
    _, ranker = cpc
    assert line_of(ranker, {"corruption": 0.15, "victim_centred_investigation": 0.07}) == "context"
    assert line_of(ranker, {"corruption": 0.13, "victim_centred_investigation": 0.07}) == "capacity"


def test_a_clearly_leading_code_takes_the_line_of_its_finding(cpc):
    # community_prevention is filed under capacity, but its only finding (F15)
    # reports under partnership contribution: an answer it clearly leads
    # (DECISIVE_MARGIN) is about that finding, not about the capacity code
    # beside it
    book, ranker = cpc
    assert book.codes["community_prevention"].loi == "capacity"
    assert book.findings["F15"].loi == "partnership_contribution"
    leading = {"community_prevention": 0.7, "victim_identification_referral": 0.45}
    assert line_of(ranker, leading) == "partnership_contribution"
    # an answer it leads only narrowly is read from all its evidence, as before
    close = {"community_prevention": 0.6, "victim_identification_referral": 0.5}
    assert line_of(ranker, close) == "capacity"


@pytest.mark.parametrize("values, line", [
    # a tip-off (corruption, context) clearly ahead of capacity codes whose
    # findings would otherwise add to capacity's score
    ({"corruption": 0.8, "prosecution_capacity": 0.6, "victim_centred_investigation": 0.55},
     "context"),
    # the general situation clearly ahead of a service gap
    ({"context_factors": 0.76, "mental_health_reintegration": 0.62}, "context"),
    # technical assistance delivered (implementation) clearly ahead of the
    # partnership codes around it
    ({"activity_delivery": 0.8, "multisectoral_commission": 0.63,
      "regional_commissions": 0.55}, "implementation"),
    # a setting (mining camps) clearly ahead of a capacity gap
    ({"illegal_mining_logging": 0.7, "rural_service_gaps": 0.45}, "context"),
])
def test_a_clearly_leading_code_that_is_no_findings_evidence_takes_its_own_line(
        cpc, values, line):
    # (OWN_LINE_MARGIN, twelfth round): no finding rests on the top code in
    # full, so its line has no finding to outweigh the weaker codes' findings
    book, ranker = cpc
    top = max(values, key=values.get)
    assert ranker.reach[:, ranker.column[top]].max() < 1.0
    assert book.codes[top].loi == line
    assert line_of(ranker, values) == line


def test_a_narrowly_leading_code_that_is_no_findings_evidence_does_not_decide(cpc):
    # led by less than OWN_LINE_MARGIN: the line all the evidence points at
    _, ranker = cpc
    assert line_of(ranker, {"illegal_mining_logging": 0.5, "rural_service_gaps": 0.45}) == \
        "capacity"
    assert line_of(ranker, {"corruption": 0.6, "prosecution_capacity": 0.55,
                            "victim_centred_investigation": 0.55}) == "capacity"


def test_a_clear_lead_over_the_questions_line_keeps_the_answers_own_line(cpc):
    # an answer about a tip-off to a question about the prosecutors' capacity:
    # the question alone points at capacity, the answer's clear top code at context
    _, ranker = cpc
    answer = vector(ranker, {"corruption": 0.8, "prosecution_capacity": 0.5})
    asked = vector(ranker, {"prosecutions_convictions": 0.6})
    patterned = np.zeros_like(answer)
    found = ranker.outlooks(outlook_scores(patterned, answer, asked), asked)[0]
    assert ranker.outlooks(asked)[0].loi == "capacity"
    assert found.loi == "context"
    # the likely findings are the same as without the rule: still capacity's
    assert found.findings[0][0] == ranker.outlooks(outlook_scores(patterned, answer, asked))[
        0].findings[0][0]


def test_a_leading_code_of_two_lines_findings_takes_its_first_findings_line(cpc):
    # specialised units are evidence for F7 (capacity) and F14 (partnership
    # contribution): the first finding's line, whatever a partnership code beside
    book, ranker = cpc
    assert book.findings["F7"].loi == "capacity"
    assert book.findings["F14"].loi == "partnership_contribution"
    assert line_of(ranker, {"specialised_justice_units": 0.75,
                            "partnership_contribution": 0.5,
                            "justice_skills_contribution": 0.5}) == "capacity"
