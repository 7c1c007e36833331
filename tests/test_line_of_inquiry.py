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


@pytest.mark.parametrize("unlinked, other, line", [
    # a leak before a raid, read also as (weaker) coordination: blind set 1
    ("corruption", "inter_institutional_coordination", "context"),
    # "two things we planned never happened", with a training word in it
    ("implementation_shortfall", "training_gaps", "implementation"),
    # "nothing has changed here", beside a weaker turnover code
    ("no_change_observed", "staff_turnover", "capacity"),
    ("illegal_mining_logging", "rural_service_gaps", "context"),
])
def test_an_answer_whose_best_code_has_no_finding_keeps_that_codes_line(cpc, unlinked, other,
                                                                         line):
    book, ranker = cpc
    assert reaches_no_finding(book, unlinked) and book.codes[unlinked].loi == line
    assert book.codes[other].loi != line
    # the code without a finding clearly ahead: its line, though only the
    # other code has findings (before the eighth round the other code's line
    # won here, 0.7 + 0.75 x 0.7 against 0.75 x 0.85)
    assert line_of(ranker, {unlinked: 0.85, other: 0.7}) == line
    found = ranker.outlooks(outlook_scores(np.zeros((1, len(ranker.codes)), np.float32),
                                           vector(ranker, {unlinked: 0.85, other: 0.7})))[0]
    # its likely findings are still the findings the evidence reaches
    assert found.findings and all(book.findings[f].evidence.codes for f, _ in found.findings)
    # the other code clearly ahead keeps its own line
    assert line_of(ranker, {unlinked: 0.4, other: 0.7}) == book.codes[other].loi


def test_a_clearly_stronger_finding_is_not_outvoted_by_a_code_without_one(cpc):
    _, ranker = cpc
    # corruption at 0.5 against a capacity finding at 0.75
    assert line_of(ranker, {"corruption": 0.5, "inter_institutional_coordination": 0.75}) \
        == "capacity"


def test_a_general_parent_code_still_counts_at_half_for_its_line(cpc):
    book, ranker = cpc
    # a parent reaches findings through its children: not a code without a finding
    assert not reaches_no_finding(book, "partnership_design")
    assert line_of(ranker, {"partnership_design": 0.6,
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


LEAKED_RAIDS = {
    "en": "Police officers warn the traffickers before the raids; the prosecutors and the "
          "police coordinate the operation together, but someone always tips them off for "
          "money.",
    "es": "Y hay que decirlo: a veces se filtra la información. Alguien avisa antes del "
          "operativo, aunque la fiscalía y la policía coordinan bien. Tenemos casos abiertos "
          "contra funcionarios por eso.",
}


@pytest.fixture(scope="module")
def leaked(tmp_path_factory, cpc):
    folder = tmp_path_factory.mktemp("unlinked")
    corpus = folder / "transcripts"
    corpus.mkdir()
    for n, (language, text) in enumerate(LEAKED_RAIDS.items(), 1):
        write_transcript(corpus, f"KII-U-0{n}.md", dict(GOOD_FRONT_MATTER, id=f"KII-U-0{n}",
                                                        language=language),
                         f"Interviewer: Tell me about your work.\n\nRespondent: {text}\n")
    path = folder / "project.sqlite"
    with Store.open(path, create=True) as store:
        pipeline.ingest(store, [corpus], cpc[0])
        pipeline.code(store, cpc[0], jobs=1)
    return path


def test_an_answer_about_corruption_is_context_though_only_coordination_has_a_finding(leaked):
    # corruption is cited by no finding; the coordination the answer mentions
    # in passing is (F10, capacity). A coder files a leaked raid under
    # context, and so does kiicode (capacity before the eighth round), while
    # the likely findings stay those the evidence reaches.
    with Store.open(leaked) as store:
        outlooks = store.outlooks()
    for segment in ("KII-U-01:1", "KII-U-02:1"):
        assert outlooks[segment].loi == "context"
        assert outlooks[segment].findings[0][0] == "F10"
