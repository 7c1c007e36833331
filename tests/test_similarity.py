# ruff: noqa: E501  (the codebook and transcript texts are long lines)
"""The second signal: BM25 similarity to each code's codebook text, fusion
with pattern hits, the two tiers and their cap, explanations, likely findings
through parent codes, and learning from coders' decisions."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import flat

from kiicode.codebook import load_codebook
from kiicode.nlp import pipeline
from kiicode.pipeline import code, explain, ingest, similarity_indexes
from kiicode.ranking import SIMILAR_TIER, explanation
from kiicode.similarity import SIMILAR_THRESHOLD, fuse
from kiicode.store import Store

BOOK = """
project: {name: Similar, languages: [es, en]}
lines_of_inquiry:
  - {id: implementation, name: Implementation, questions: [EQ1]}
  - {id: capacity, name: Capacity, questions: [EQ1]}
questions: [{id: EQ1, text: "What happened?"}]
themes: [partnership]
respondent_types: [{id: ngo_staff, label: NGO staff}]
codes:
  - id: challenges
    name: Implementation challenges
    loi: implementation
    definition: {en: Problems that slowed the work., es: Problemas que frenaron el trabajo.}
    patterns: {en: [obstacle], es: [obstáculo]}
  - id: turnover
    name: Staff turnover
    parent: challenges
    loi: implementation
    definition:
      en: Officials leave their posts, rotate or are replaced, and new officials must be trained again.
      es: Los funcionarios dejan sus cargos, rotan o son reemplazados y hay que capacitar de nuevo.
    do_not_use_when: {en: Volunteers at a fair., es: Voluntarios en una feria.}
    patterns: {en: [staff turnover], es: [rotación de personal]}
  - id: shelters
    name: Shelters for child victims
    loi: capacity
    definition:
      en: Residential care homes and shelters that house rescued children.
      es: Albergues y hogares de acogida que reciben a niñas y niños rescatados.
    patterns: {en: [shelter], es: [albergue]}
  - id: fairs
    name: Awareness fairs
    loi: capacity
    definition: {en: Volunteers ran awareness fairs in markets., es: Voluntarios hicieron ferias.}
    patterns: {en: [awareness fair], es: [feria informativa]}
findings:
  - id: F1
    statement: {en: Turnover slowed the work., es: La rotación frenó el trabajo.}
    loi: implementation
    evidence: {any_codes: [turnover]}
  - id: F2
    statement: {en: Shelters improved., es: Los albergues mejoraron.}
    loi: capacity
    evidence: {any_codes: [shelters]}
"""

TRANSCRIPT = """---
id: KII-S-01
respondent_type: ngo_staff
language: en
---
E: Tell me about the work.

R: Every year the officials leave their posts and the new officials replace them, so we train them again.

R: The prosecutors also rotate and are replaced; new prosecutors arrive and must be trained again.

R: We had staff turnover and an obstacle with the budget.

R: The children rescued were housed in residential care homes.

R: Good morning, thank you.
"""

# another interview, where KII-S-01's decisions may serve as exemplars
OTHER_INTERVIEW = """---
id: KII-S-02
respondent_type: ngo_staff
language: en
---
E: And in your office?

R: The prosecutors also rotate and are replaced; new prosecutors arrive and must be trained again.
"""


@pytest.fixture()
def project(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "KII-S-01.md").write_text(TRANSCRIPT, encoding="utf-8")
    (folder / "KII-S-02.md").write_text(OTHER_INTERVIEW, encoding="utf-8")
    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    store = Store.open(tmp_path / "p.sqlite", create=True)
    ingest(store, [folder], book)
    code(store, book)
    yield store, book, book_path
    store.close()


def suggestions(store: Store, segment: str) -> dict[str, tuple[str, float]]:
    return {c.code: (c.tier, c.score) for c in store.codings([segment], coder="auto")}


def test_fusion_raises_a_pattern_hit_and_similarity_alone_counts_less():
    assert fuse(0.6, 0.0) == 0.6
    assert fuse(0.6, 0.8) > 0.6
    assert fuse(0.0, 0.8) < fuse(0.6, 0.0) + 0.5
    assert fuse(0.0, 0.0) == 0.0


def test_a_segment_close_to_a_definition_is_suggested_in_the_similar_tier(project):
    store, _, _ = project
    # no pattern of 'turnover' matches, but the words of its definition do
    found = suggestions(store, "KII-S-01:1")
    assert found["turnover"][0] == SIMILAR_TIER
    assert "challenges" not in found          # its child is suggested: the parent is not
    # a pattern hit stays in the pattern tier
    assert suggestions(store, "KII-S-01:3")["turnover"][0] == "pattern"
    # a greeting gets nothing
    assert suggestions(store, "KII-S-01:5") == {}


def test_the_similar_tier_has_a_threshold_and_a_cap(project):
    store, book, _ = project
    for coding in store.codings(coder="auto"):
        if coding.tier == SIMILAR_TIER:
            why = explain(store, book, coding.segment, coding.code)
            assert why.similarity >= SIMILAR_THRESHOLD
    for segment in store.segments():
        similar = [c for c in store.codings([segment.id], coder="auto") if c.tier == SIMILAR_TIER]
        assert len(similar) <= 2


def test_explanations_name_shared_words_and_their_fields(project):
    store, book, _ = project
    why = explain(store, book, "KII-S-01:1", "turnover")
    words = {w.text.lower(): w for w in why.similar_words}
    assert "officials" in words
    assert "definition" in words["officials"].fields
    assert why.similar_words == sorted(why.similar_words, key=lambda w: -w.weight)
    (coding,) = store.codings(["KII-S-01:1"], coder="auto", code="turnover")
    text = explanation(coding.evidence)
    assert "officials — definition" in text


def test_do_not_use_when_counts_against_a_code(project):
    store, book, _ = project
    nlp = pipeline("en")
    index = similarity_indexes(store, book, {"en": nlp}, {})["en"]
    plain = index.score(nlp.tokens("Awareness fairs in the markets."))
    against = index.score(nlp.tokens("Volunteers ran awareness fairs in the markets."))
    column = index.code_index["turnover"]
    assert against.raw[column] < plain.raw[column] <= 0.0 or against.raw[column] < 0
    assert against.raw[index.code_index["fairs"]] > 0


def test_likely_findings_are_ranked_and_reach_findings_through_parent_codes(project):
    store, _, _ = project
    outlook = store.outlooks(["KII-S-01:4", "KII-S-01:3"])
    shelters = outlook["KII-S-01:4"]
    assert shelters.findings[0][0] == "F2" and shelters.loi == "capacity"
    assert [score for _, score in shelters.findings] == sorted(
        [score for _, score in shelters.findings], reverse=True)
    assert len(shelters.findings) <= 3
    # 'challenges' is no finding's evidence; its child 'turnover' is F1's
    assert outlook["KII-S-01:3"].findings[0][0] == "F1"


def test_a_parent_only_segment_still_reaches_its_childrens_findings(tmp_path):
    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    from kiicode.ranking import OUTLOOK_PATTERN_SHARE, PARENT_SHARE, Ranker

    ranker = Ranker(book, list(book.codes))
    ranked, outlook = ranker.rank({"challenges": (0.6, "[]")}, None, "", 0)
    assert [r.code for r in ranked] == ["challenges"]
    # at half the parent's outlook score (a pattern hit counts at its share there)
    assert outlook.findings == (("F1", round(0.6 * OUTLOOK_PATTERN_SHARE * PARENT_SHARE, 3)),)
    assert outlook.loi == "implementation"


def test_an_accepted_segment_becomes_an_exemplar_and_changes_the_next_run(project):
    store, book, book_path = project
    before = explain(store, book, "KII-S-02:1", "turnover").similarity
    same_interview_before = explain(store, book, "KII-S-01:2", "turnover").similarity
    store.decide("KII-S-01:1", "turnover", "ana", "accepted")
    report = code(store, load_codebook(book_path))
    assert report.codes_matched == 2            # the code's family, not every code
    after = explain(store, book, "KII-S-02:1", "turnover")
    assert after.similarity > before
    assert after.nearest is not None and after.nearest.segment == "KII-S-01:1"
    assert after.nearest.coder == "ana"
    (coding,) = store.codings(["KII-S-02:1"], coder="auto", code="turnover")
    if coding.tier == SIMILAR_TIER:
        assert "like KII-S-01:1, accepted by ana" in explanation(coding.evidence)
    # an exemplar from the segment's own interview does not count: it shares the
    # interview's people and topics whatever the code
    same_interview = explain(store, book, "KII-S-01:2", "turnover")
    assert same_interview.similarity == same_interview_before
    assert same_interview.nearest is None


def test_a_rejected_segment_counts_against_its_code(project):
    store, book, book_path = project
    store.decide("KII-S-01:1", "turnover", "ana", "accepted")
    code(store, load_codebook(book_path))
    accepted_only = explain(store, book, "KII-S-01:2", "turnover").similarity
    store.decide("KII-S-01:2", "turnover", "luis", "rejected")
    code(store, load_codebook(book_path))
    # scored for a third, similar segment: the rejection pulls it down
    nlp = pipeline("en")
    from kiicode.pipeline import decided_exemplars

    segments = {s.id: s for s in store.segments()}
    exemplars = decided_exemplars(store, book, segments, {"en": nlp})
    index = similarity_indexes(store, book, {"en": nlp}, exemplars)["en"]
    tokens = nlp.tokens("Prosecutors rotate and are replaced; new prosecutors must be trained.")
    with_rejection = index.score(tokens).similarity()[index.code_index["turnover"]]
    without = similarity_indexes(store, book, {"en": nlp}, {k: [e for e in v if e.accepted]
                                                             for k, v in exemplars.items()})
    kept = without["en"].score(tokens).similarity()[index.code_index["turnover"]]
    assert with_rejection < kept
    assert accepted_only > 0


def test_cli_why_show_and_export_carry_tiers_findings_and_loi(project, invoke, tmp_path):
    store, _, book_path = project
    path = store.path
    why = invoke("why", "KII-S-01:1", "turnover", "--store", path, "--codebook", book_path)
    assert why.exit_code == 0, why.output
    out = flat(why.stdout)
    assert "similar tier" in out and "officials" in out and "definition" in out
    assert "Likely findings: F1" in out
    shown = invoke("show", "KII-S-01", "--codes", "--store", path)
    assert shown.exit_code == 0, shown.output
    out = flat(shown.stdout)
    assert "~turnover" in out and "likely findings: F1" in out
    assert "line of inquiry: implementation" in out
    target = tmp_path / "codings.csv"
    exported = invoke("export", "codings", target, "--store", path, "--codebook", book_path)
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    first = next(r for r in rows if r["segment"] == "KII-S-01:1" and r["code"] == "turnover")
    assert first["tier"] == SIMILAR_TIER
    assert "officials — definition" in first["explanation"]
    assert first["findings"].startswith("F1 ") and first["loi"] == "implementation"
    pattern = next(r for r in rows if r["segment"] == "KII-S-01:3" and r["code"] == "turnover")
    assert pattern["tier"] == "pattern" and 'staff turnover "staff turnover"' in \
        pattern["explanation"]


def test_evaluate_reports_loi_finding_at_3_tiers_and_baselines(project, invoke, tmp_path):
    store, _, book_path = project
    gold = tmp_path / "gold.csv"
    gold.write_text("segment,codes,finding,loi\nKII-S-01:1,turnover,F1,implementation\n"
                    "KII-S-01:3,turnover;challenges,F1,implementation\n"
                    "KII-S-01:4,shelters,F2,capacity\nKII-S-01:5,,,\n", encoding="utf-8")
    result = invoke("evaluate", gold, "--store", store.path, "--codebook", book_path,
                    "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["segment_figures"]["en"]
    assert data["loi_accuracy"]["value"] == 1.0
    assert data["loi_accuracy"]["baseline"] == pytest.approx(2 / 3, abs=0.001)
    assert data["finding_at_3"]["value"] == 1.0
    assert data["with_suggestion"]["value"] == 0.75
    assert set(data["tiers"]) == {"pattern", "similar"}
    table = invoke("evaluate", gold, "--store", store.path, "--codebook", book_path)
    assert "most common" in flat(table.stdout)


def test_gold_with_an_unknown_finding_is_a_clear_error(project, invoke, tmp_path):
    store, _, book_path = project
    gold = tmp_path / "gold.csv"
    gold.write_text("segment,codes,finding,loi\nKII-S-01:1,turnover,F9,implementation\n",
                    encoding="utf-8")
    result = invoke("evaluate", gold, "--store", store.path, "--codebook", book_path)
    assert result.exit_code == 1
    assert f"{gold}:2" in flat(result.stderr) and "unknown finding 'F9'" in flat(result.stderr)


def test_a_batch_scores_and_ranks_each_segment_as_it_would_alone(project):
    # `code` scores and ranks a whole batch with matrix operations; a segment's
    # similarity, suggestions and likely findings must not depend on its batch
    from kiicode.ranking import Ranker

    store, book, _ = project
    nlp = pipeline("en")
    index = similarity_indexes(store, book, {"en": nlp}, {})["en"]
    ranker = Ranker(book, index.codes)
    texts = ["Every year the officials leave their posts and new officials replace them.",
             "", "Good morning.", "The children were housed in residential care shelters."]
    tokens = [nlp.tokens(t) for t in texts]
    batch = index.score_batch(tokens)
    patterns = [{}, {}, {"challenges": (0.6, "[]")}, {"shelters": (0.7, "[]")}]
    ranked, outlooks = ranker.rank_batch(patterns, batch, texts, [0] * len(texts))
    for i, segment_tokens in enumerate(tokens):
        alone = index.score(segment_tokens)
        assert list(alone.similarity()) == pytest.approx(list(batch[i].similarity()), abs=1e-6)
        assert ranker.rank(patterns[i], alone, texts[i], 0) == (ranked[i], outlooks[i])
    assert not ranked[1] and not outlooks[1].findings      # an empty segment has nothing
    assert outlooks[3].findings[0][0] == "F2"              # shelters -> F2
    assert any(r.code == "turnover" for r in ranked[0])    # close to turnover's definition


def test_talk_counts_towards_a_code_and_is_named_in_the_explanation(tmp_path):
    """A code's `talk` (how respondents say it) is part of its document: words
    only the talk holds raise the code's similarity, and `why` names the field."""
    plain_path = tmp_path / "plain.yaml"
    plain_path.write_text(BOOK, encoding="utf-8")
    talk_path = tmp_path / "talk.yaml"
    talk_path.write_text(BOOK.replace(
        "    patterns: {en: [shelter], es: [albergue]}",
        "    talk:\n"
        "      en: [\"The girls sleep at the home while the psychologist sees them.\"]\n"
        "      es: [\"Las chicas duermen en el hogar y la psicóloga las atiende.\"]\n"
        "    patterns: {en: [shelter], es: [albergue]}"), encoding="utf-8")
    nlp = {"en": pipeline("en")}
    tokens = nlp["en"].tokens("The psychologist sees the girls every week.")
    scores = {}
    for name, path in (("plain", plain_path), ("talk", talk_path)):
        book = load_codebook(path)
        store = Store.open(tmp_path / f"{name}.sqlite", create=True)
        index = similarity_indexes(store, book, nlp, {})["en"]
        result = index.score(tokens)
        scores[name] = result.similarity()[index.code_index["shelters"]]
        words = {w.term: w.fields for w in result.explain("shelters", "The psychologist sees the girls every week.")}
        store.close()
    assert scores["talk"] > scores["plain"]
    assert "talk" in words[next(t for t in words if t.startswith("psycholog"))]


def test_exemplars_count_only_in_their_own_language(project):
    """A Spanish segment accepted for a code is no exemplar for English
    segments: its words are Spanish lemmas, stemmed by Spanish rules."""
    store, book, _ = project
    from kiicode.similarity import Exemplar

    pipes = {"en": pipeline("en"), "es": pipeline("es")}
    english = "Prosecutors rotate and are replaced; new prosecutors must be trained."
    spanish = Exemplar("KII-X-01:1", "turnover", "ana", True,
                       pipes["es"].tokens(english), "KII-X-01", "es")
    english_exemplar = Exemplar("KII-X-01:1", "turnover", "ana", True,
                                pipes["en"].tokens(english), "KII-X-01", "en")
    tokens = pipes["en"].tokens(english)
    column = list(book.codes).index("turnover")

    def exemplar_share(exemplars):
        index = similarity_indexes(store, book, pipes, {"turnover": exemplars})["en"]
        return index.score(tokens).exemplar[column]
    assert exemplar_share([english_exemplar]) > 0      # the same words, same language
    assert exemplar_share([spanish]) == 0              # the same text, labelled Spanish


def test_a_loosely_similar_exemplar_does_not_move_the_rest(project):
    """Only a nearest exemplar sharing at least EXEMPLAR_FLOOR of the words'
    weight counts: below it, on the retired sets, it named a wrong code four
    times in five; a close one still raises its code."""
    store, book, _ = project
    from kiicode.similarity import Exemplar

    pipes = {"en": pipeline("en")}
    accepted = Exemplar("KII-X-01:1", "shelters", "ana", True, pipes["en"].tokens(
        "The children rescued were housed in residential care homes near the river."),
        "KII-X-01", "en")
    column = list(book.codes).index("shelters")
    index = similarity_indexes(store, book, pipes, {"shelters": [accepted]})["en"]
    plain = similarity_indexes(store, book, pipes, {})["en"]
    close = pipes["en"].tokens("The rescued children were housed in residential care homes.")
    loose = pipes["en"].tokens("Children in the river towns work with their families every day.")
    assert index.score(close).exemplar[column] > 0
    assert index.score(close).similarity()[column] > plain.score(close).similarity()[column]
    assert index.score(loose).exemplar[column] == 0
    assert index.score(loose).similarity()[column] == plain.score(loose).similarity()[column]
