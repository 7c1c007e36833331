"""Fifth round, coverage (issue 10): an answer long enough to be about
something that neither a pattern nor the similar threshold reaches is shown its
closest code, marked weak, instead of nothing; short remarks still get nothing."""

from __future__ import annotations

from test_similarity import BOOK

from kiicode.codebook import load_codebook
from kiicode.pipeline import code, explain, ingest
from kiicode.ranking import SIMILAR_TIER, explanation
from kiicode.review.session import plain_evidence
from kiicode.similarity import FLOOR_WORDS, SIMILAR_THRESHOLD
from kiicode.store import Store

# people leaving, in everyday words: no pattern of the codebook, and a
# similarity to `turnover` under the similar tier's threshold
LEAVING = ("People kept going, one after another, so each new one needed training "
           "from the start and we lost months every single time it happened.")
SHORT = "A long year, many new faces."
# people leaving, in a short answer (10-15 words): long enough since the sixth round
BRIEF = "Every year the officials changed and we had to start all over with them."

TRANSCRIPT = f"""---
id: KII-W-01
respondent_type: ngo_staff
language: en
---
E: What got in the way?

R: {LEAVING}

R: {SHORT}

R: We had staff turnover, again.

R: Thank you, good luck with the report.

R: {BRIEF}
"""


def coded(tmp_path, book_text: str = BOOK, name: str = "p") -> tuple[Store, object]:
    folder = tmp_path / "t"
    folder.mkdir(exist_ok=True)
    (folder / "KII-W-01.md").write_text(TRANSCRIPT, encoding="utf-8")
    book_path = tmp_path / f"{name}.yaml"
    book_path.write_text(book_text, encoding="utf-8")
    book = load_codebook(book_path)
    store = Store.open(tmp_path / f"{name}.sqlite", create=True)
    ingest(store, [folder], book)
    code(store, book)
    return store, book


def test_a_longer_answer_below_the_threshold_gets_its_closest_code_marked_weak(tmp_path):
    store, book = coded(tmp_path)
    (coding,) = store.codings(["KII-W-01:1"], coder="auto")
    assert coding.code == "turnover" and coding.tier == SIMILAR_TIER
    assert explain(store, book, "KII-W-01:1", "turnover").similarity < SIMILAR_THRESHOLD
    # `why`, `show --codes` and the export say it is weak, and which words it shares
    line = explanation(coding.evidence)
    assert line.startswith("weak: the closest code")
    assert "training — definition" in line
    assert plain_evidence(coding.evidence).startswith("weak: the closest code")
    store.close()


def test_a_short_answer_of_ten_words_or_more_gets_its_closest_code_marked_weak(tmp_path):
    store, book = coded(tmp_path)
    assert FLOOR_WORDS <= len(BRIEF.split()) < 16
    (coding,) = store.codings(["KII-W-01:5"], coder="auto")
    assert coding.code == "turnover" and coding.tier == SIMILAR_TIER
    assert explanation(coding.evidence).startswith("weak: the closest code")
    store.close()


def test_short_remarks_and_goodbyes_still_get_nothing(tmp_path):
    store, _ = coded(tmp_path)
    assert len(SHORT.split()) < FLOOR_WORDS
    assert store.codings(["KII-W-01:2"], coder="auto") == []
    assert store.codings(["KII-W-01:4"], coder="auto") == []
    store.close()


def test_a_pattern_hit_gets_no_weak_suggestion_beside_it(tmp_path):
    store, _ = coded(tmp_path)
    found = store.codings(["KII-W-01:3"], coder="auto")
    assert [(c.code, c.tier) for c in found] == [("turnover", "pattern")]
    assert all(item.get("kind") != "weak" for c in found for item in c.evidence)
    store.close()


def test_recoding_after_an_edit_gives_the_weak_suggestion_a_fresh_run_gives(tmp_path):
    store, _ = coded(tmp_path)
    edited = BOOK.replace("Officials leave their posts, rotate or are replaced,",
                          "Officials leave their posts, rotate, are replaced or kept going,")
    book_path = tmp_path / "edited.yaml"
    book_path.write_text(edited, encoding="utf-8")
    code(store, load_codebook(book_path))
    fresh, _ = coded(tmp_path, edited, "fresh")

    def outcome(s):
        return sorted((c.segment, c.code, c.tier, c.score) for c in s.codings(coder="auto"))
    assert outcome(store) == outcome(fresh)
    store.close()
    fresh.close()
