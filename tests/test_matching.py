"""The matching engine on a tiny codebook: exact hits for every pattern kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiicode.codebook import load_codebook
from kiicode.errors import CodebookError, KiicodeError
from kiicode.matching import CompiledCodebook
from kiicode.nlp import pipeline
from kiicode.pipeline import code, ingest
from kiicode.store import Store

TINY = """
project: {name: Tiny, languages: [es, en]}
lines_of_inquiry: [{id: capacity, name: Capacity, questions: [EQ1]}]
questions: [{id: EQ1, text: "How did capacity change?"}]
themes: [prosecution, protection, prevention, partnership]
respondent_types: [{id: ngo_staff, label: NGO staff}]
codes:
  - id: training
    name: Training
    patterns:
      es: ["capacitación", "trata de personas"]
      en: ["training"]
  - id: workshops
    name: Workshops
    patterns:
      es: ["taller*"]
      en: ["workshop*"]
  - id: exploitation
    name: Exploitation
    fuzzy_threshold: 85
    patterns:
      es: ["~explotación"]
      en: ["~exploitation"]
  - id: turnover
    name: Turnover
    patterns:
      es: ["rotación de personal"]
      en: ["staff turnover"]
      near: [{terms: [cambio, change], with: [fiscal, prosecutor], within: 3}]
      unless: ["no hubo", "there was no"]
  - id: units
    name: Specialised units
    patterns:
      any: ["UPE", "CEM"]
  - id: gesell
    name: Gesell chamber
    patterns:
      regex: ["c[aá]mara gesell"]
"""


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> CompiledCodebook:
    path = tmp_path_factory.mktemp("tiny") / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    book = load_codebook(path)
    return CompiledCodebook(book, {"es": pipeline("es"), "en": pipeline("en")})


def matched(compiled: CompiledCodebook, language: str, text: str) -> dict[str, list[str]]:
    """code -> the texts of its (non-vetoed) hits."""
    tokens = pipeline(language).tokens(text)
    found = compiled.match(language, text, tokens, 0)
    return {code: [h.text for h in m.hits] for code, m in found.items() if m.hits}


@pytest.mark.parametrize("text, hit", [
    ("Las capacitaciones fueron útiles.", "capacitaciones"),      # inflection
    ("Hubo una capacitacion en Cusco.", "capacitacion"),          # missing accent
    ("CAPACITACIÓN para todos.", "CAPACITACIÓN"),                  # capitals
    ("Casos de Trata de Personas en Loreto.", "Trata de Personas"),  # phrase, capitals
])
def test_spanish_terms_match_on_normalised_lemmas(compiled, text, hit):
    assert matched(compiled, "es", text) == {"training": [hit]}


def test_english_inflection(compiled):
    assert matched(compiled, "en", "Two trainings were held.") == {"training": ["trainings"]}


def test_wildcard_matches_any_ending_in_both_languages(compiled):
    assert matched(compiled, "es", "Los talleres y el tallercito.") == {
        "workshops": ["talleres", "tallercito"]}
    assert matched(compiled, "en", "Workshops helped.") == {"workshops": ["Workshops"]}
    assert matched(compiled, "en", "The work shop.") == {}


def test_fuzzy_catches_a_misspelling_within_the_threshold_only(compiled):
    assert matched(compiled, "es", "La explotasion laboral.") == {"exploitation": ["explotasion"]}
    assert matched(compiled, "en", "Child exploitaton is common.") == {
        "exploitation": ["exploitaton"]}
    # two letters changed: "exportación" is further from "explotación" than 85 allows
    assert matched(compiled, "es", "La exportación creció.") == {}


def test_fuzzy_hit_records_its_similarity(compiled):
    tokens = pipeline("es").tokens("La explotasion laboral.")
    hit = compiled.match("es", "La explotasion laboral.", tokens, 0)["exploitation"].hits[0]
    assert 85 <= hit.similarity < 100
    assert hit.as_evidence()["kind"] == "fuzzy"


def test_proximity_in_and_out_of_range(compiled):
    assert matched(compiled, "es", "Hubo un cambio de fiscal en 2020.") == {
        "turnover": ["cambio de fiscal"]}
    assert matched(compiled, "en", "The prosecutor saw a change.") == {
        "turnover": ["prosecutor saw a change"]}
    far = "Hubo un cambio grande en la forma en que trabaja el fiscal."
    assert matched(compiled, "es", far) == {}


def test_unless_vetoes_a_hit_in_the_same_sentence_only(compiled):
    assert matched(compiled, "es", "No hubo rotación de personal.") == {}
    text = "No hubo problemas. Pero la rotación de personal fue alta."
    assert matched(compiled, "es", text) == {"turnover": ["rotación de personal"]}
    tokens = pipeline("es").tokens("No hubo rotación de personal.")
    vetoed = compiled.match("es", "No hubo rotación de personal.", tokens, 0)["turnover"].vetoed
    assert [v.vetoed_by for v in vetoed] == ["no hubo"]


def test_acronyms_match_in_both_languages_and_only_in_capitals(compiled):
    assert matched(compiled, "es", "Coordinamos con la UPE y el CEM.") == {
        "units": ["UPE", "CEM"]}
    assert matched(compiled, "en", "We referred her to the UPE.") == {"units": ["UPE"]}
    assert matched(compiled, "es", "Las UPEs de Lima.") == {"units": ["UPEs"]}
    assert matched(compiled, "en", "The upe of it.") == {}


def test_regex_reports_its_span(compiled):
    text = "Usamos la Cámara Gesell."
    tokens = pipeline("es").tokens(text)
    hit = compiled.match("es", text, tokens, 100)["gesell"].hits[0]
    assert (hit.start, hit.end, hit.text) == (110, 123, "Cámara Gesell")


def test_hit_offsets_are_absolute_in_the_transcript(compiled):
    text = "Ahora hay más capacitación."
    tokens = pipeline("es").tokens(text)
    hit = compiled.match("es", text, tokens, 1000)["training"].hits[0]
    assert (hit.start, hit.end) == (1014, 1026)


def test_score_combines_distinct_patterns(compiled):
    text = "La capacitación sobre trata de personas."
    tokens = pipeline("es").tokens(text)
    match = compiled.match("es", text, tokens, 0)["training"]
    # 1 - (1 - 0.6) * (1 - 0.8): one single-word phrase and one three-word phrase
    assert match.score == pytest.approx(0.92)


def test_a_regex_that_cannot_compile_names_the_code_and_pattern(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(TINY.replace('regex: ["c[aá]mara gesell"]', 'regex: ["c[amara"]'),
                    encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    message = str(caught.value)
    assert "gesell" in message and "c[amara" in message
    assert caught.value.location.line is not None


# --- the coding job on a store ------------------------------------------------

TRANSCRIPT = """---
id: KII-T-01
respondent_type: ngo_staff
language: es
---
E: ¿Hubo capacitación? ¿Y rotación de personal?

R: Sí, hubo capacitaciones en la UPE.

E: ¿Algo más sobre la UPE?

R: La rotación de personal fue alta.
"""


@pytest.fixture()
def coded_store(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "KII-T-01.md").write_text(TRANSCRIPT, encoding="utf-8")
    book_path = tmp_path / "tiny.yaml"
    book_path.write_text(TINY, encoding="utf-8")
    book = load_codebook(book_path)
    store = Store.open(tmp_path / "p.sqlite", create=True)
    ingest(store, [folder], book)
    report = code(store, book)
    yield store, book, book_path, report
    store.close()


def test_interviewer_turns_are_never_coded(coded_store):
    store, _, _, _ = coded_store
    codings = store.codings()
    assert {(c.segment, c.code) for c in codings} == {
        ("KII-T-01:1", "training"), ("KII-T-01:1", "units"), ("KII-T-01:2", "turnover")}
    text = store.transcript("KII-T-01").text
    interviewer = [t for t in store.turns("KII-T-01") if t.role == "interviewer"]
    for coding in codings:
        for evidence in coding.evidence:
            assert text[evidence["start"]:evidence["end"]] == evidence["text"]
            assert not any(t.start <= evidence["start"] < t.end for t in interviewer)


def test_recoding_is_idempotent_and_uses_the_token_cache(coded_store):
    store, book, _, first = coded_store
    assert first.tokenised == 2 and first.from_cache == 0
    again = code(store, book)
    assert again.segments == 0 and again.tokenised == 0   # nothing changed: nothing to do
    assert again.added == {} and again.removed == {}
    assert len(store.codings()) == 3


def test_recoding_never_touches_decisions_and_reports_changes(coded_store, tmp_path):
    store, _, book_path, _ = coded_store
    store.decide("KII-T-01:1", "training", "ana", "rejected")
    store.decide("KII-T-01:2", "training", "ana", "accepted", origin="manual")
    learned = code(store, load_codebook(book_path))
    assert learned.codes_matched == 1       # the decisions re-score 'training' only
    edited = book_path.read_text(encoding="utf-8").replace(
        'any: ["UPE", "CEM"]', 'any: ["CEM"]')
    book_path.write_text(edited, encoding="utf-8")
    report = code(store, load_codebook(book_path))
    assert report.removed == {"units": 1} and report.added == {}
    assert report.tokenised == 0 and report.from_cache == 2   # only matching re-ran
    assert report.codes_matched == 1                           # ... for the edited code
    decisions = {(c.segment, c.code, c.status) for c in store.codings(coder="ana")}
    assert decisions == {("KII-T-01:1", "training", "rejected"),
                         ("KII-T-01:2", "training", "accepted")}


def test_unsupported_language_names_the_transcript(tmp_path):
    book_path = tmp_path / "zz.yaml"
    head = TINY.split("codes:")[0].replace("languages: [es, en]", "languages: [es, zz]")
    book_path.write_text(head + 'codes:\n  - {id: units, name: Units, patterns: {any: [UPE]}}\n',
                         encoding="utf-8")
    book = load_codebook(book_path)
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "KII-Z.md").write_text(TRANSCRIPT.replace("language: es", "language: zz")
                                     .replace("KII-T-01", "KII-Z"), encoding="utf-8")
    with Store.open(tmp_path / "p.sqlite", create=True) as store:
        ingest(store, [folder], book)
        with pytest.raises(KiicodeError) as caught:
            code(store, book)
    assert "zz" in str(caught.value) and caught.value.location.path == "KII-Z"


def test_codebook_terms_compile_once(compiled):
    # The index is built at compile time: matching twice reuses it.
    matcher = compiled.matchers["es"]
    assert matcher.index is compiled.matchers["es"].index
    assert "capacitacion" in matcher.index.exact


def test_sample_codebook_compiles(tmp_path):
    book = load_codebook(Path(__file__).resolve().parent.parent / "codebooks" / "cpc_peru.yaml")
    compiled = CompiledCodebook(book, {"es": pipeline("es"), "en": pipeline("en")})
    assert set(compiled.matchers) == {"es", "en"}


def test_a_parent_is_not_suggested_when_its_child_fires(tmp_path):
    path = tmp_path / "family.yaml"
    head = TINY.split("codes:")[0]
    path.write_text(head + """codes:
  - {id: capacity, name: Capacity, patterns: {es: [capacidad], en: [capacity]}}
  - {id: training, name: Training, parent: capacity, patterns: {es: [capacitación], en: [training]}}
""", encoding="utf-8")
    compiled = CompiledCodebook(load_codebook(path), {"es": pipeline("es")})
    both = "La capacidad creció con la capacitación."
    found = compiled.match("es", both, pipeline("es").tokens(both), 0)
    assert found["training"].suggested
    assert not found["capacity"].suggested and found["capacity"].implied_by == "training"
    alone = "La capacidad creció."
    assert compiled.match("es", alone, pipeline("es").tokens(alone), 0)["capacity"].suggested


def test_new_segments_are_coded_with_every_code(coded_store, tmp_path):
    store, book, _, _ = coded_store
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "KII-T-02.md").write_text(TRANSCRIPT.replace("KII-T-01", "KII-T-02"),
                                        encoding="utf-8")
    ingest(store, [folder], book)
    report = code(store, book)
    assert report.segments == 2 and report.codes_matched == len(book.codes)
    assert report.tokenised == 0 and report.from_cache == 2   # same texts: cached tokens
    assert {c.segment for c in store.codings()} == {
        "KII-T-01:1", "KII-T-01:2", "KII-T-02:1", "KII-T-02:2"}


def test_a_code_removed_from_the_codebook_loses_its_suggestions(coded_store):
    store, _, book_path, _ = coded_store
    text = book_path.read_text(encoding="utf-8")
    start = text.index("  - id: units")
    end = text.index("  - id: gesell")
    book_path.write_text(text[:start] + text[end:], encoding="utf-8")
    report = code(store, load_codebook(book_path))
    # no pattern is matched again, but with one code fewer every similarity
    # moves: the segments are ranked again, as coding from scratch would
    assert report.removed == {"units": 1} and report.codes_matched == 0
    assert report.tokenised == 0 and report.segments == report.from_cache
    assert "units" not in {c.code for c in store.codings()}


def test_explain_rematches_one_code_from_cached_tokens(coded_store):
    from kiicode.pipeline import explain

    store, book, _, _ = coded_store
    why = explain(store, book, "KII-T-01:2", "turnover")
    assert [h.text for h in why.match.hits] == ["rotación de personal"]
    assert [d.coder for d in why.decisions] == ["auto"]   # the stored suggestion
    nothing = explain(store, book, "KII-T-01:1", "turnover")
    assert nothing.match.hits == [] and nothing.decisions == []
    with pytest.raises(KiicodeError, match="no code 'turnovr'"):
        explain(store, book, "KII-T-01:1", "turnovr")
