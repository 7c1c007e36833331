"""Normalisation, lemmas and language detection."""

from __future__ import annotations

import pytest
from conftest import GOOD_FRONT_MATTER

from kiicode.nlp import fold, is_acronym, language_detector, pipeline, sentence_splitter
from kiicode.pipeline import read_transcripts


@pytest.mark.parametrize("word", ["capacitación", "capacitaciones", "capacitacion",
                                  "Capacitaciones", "CAPACITACIÓN"])
def test_spanish_forms_share_one_match_attribute(word):
    assert [t.norm for t in pipeline("es").tokens(word)] == ["capacitacion"]


def test_fold_strips_accents_and_case():
    assert fold("Niñas, NIÑOS y Adolescentes") == "ninas, ninos y adolescentes"


def test_acronyms():
    assert is_acronym("UPE") and is_acronym("UPEs") and is_acronym("CAR/CARE")
    assert not is_acronym("Upe") and not is_acronym("A") and not is_acronym("es")


def test_sentences_have_exact_spans():
    text = "Primera oración. ¿Segunda? Sí, la tercera."
    spans = sentence_splitter("es")(text)
    assert [text[s:e] for s, e in spans] == ["Primera oración.", "¿Segunda?", "Sí, la tercera."]


def test_detector_picks_the_language_with_confidence():
    detect = language_detector(["es", "en"])
    assert detect("La capacitación de los fiscales mejoró bastante desde 2017.")[0] == "es"
    language, confidence = detect("Training for prosecutors improved a lot after 2017.")
    assert language == "en" and confidence > 0.9


def test_missing_language_is_detected_with_a_warning(tmp_path, write_transcript,
                                                      mini_codebook):
    front = {k: v for k, v in GOOD_FRONT_MATTER.items() if k != "language"}
    write_transcript(tmp_path, "t.md", front, "E: ¿Qué cambió?\n\nR: Las capacitaciones a "
                     "los fiscales ayudaron mucho, sobre todo en Cusco y en Puno.\n")
    corpus = read_transcripts([tmp_path], mini_codebook)
    assert corpus.transcripts[0].language == "es"
    assert any("detected 'es'" in str(w) for w in corpus.warnings)


def test_metadata_that_disagrees_with_the_text_warns(tmp_path, write_transcript,
                                                     mini_codebook):
    front = dict(GOOD_FRONT_MATTER, language="en")
    write_transcript(tmp_path, "t.md", front, "E: ¿Qué cambió?\n\nR: Las capacitaciones a los "
                     "fiscales ayudaron mucho, sobre todo en Cusco y en Puno.\n")
    corpus = read_transcripts([tmp_path], mini_codebook)
    assert corpus.transcripts[0].language == "en"   # metadata wins, but we say so
    assert any("metadata says 'en' but the text reads as 'es'" in str(w)
               for w in corpus.warnings)
