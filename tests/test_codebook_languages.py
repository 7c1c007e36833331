"""Bilingual codebook prose: definition, use_when, do_not_use_when, examples and
finding statements given per language (a plain string stays valid), and the
warnings `codebook check` gives where a declared language lacks them."""

from __future__ import annotations

from pathlib import Path

from conftest import flat
from test_codebook import write_codebook

from kiicode.codebook import load_codebook

BILINGUAL_TRAINING = """\
    definition:
      en: Training of officials.
      es: Capacitación de funcionarios.
    use_when: {en: A course is described., es: Se describe un curso.}
    do_not_use_when: {en: Only planned., es: Solo planificado.}
    examples:
      en: ["They trained judges."]
      es: ["Capacitaron a los jueces."]
"""


def test_prose_per_language_and_default(tmp_path):
    path = write_codebook(tmp_path, ("    definition: Training of officials.\n",
                                     BILINGUAL_TRAINING))
    codebook = load_codebook(path)
    training = codebook.codes["training"]
    # The first language written is the text shown where one language is wanted.
    assert training.definition == "Training of officials."
    assert training.examples == ("They trained judges.",)
    spanish = training.prose_in("es")
    assert spanish.definition == "Capacitación de funcionarios."
    assert spanish.use_when == "Se describe un curso."
    assert spanish.do_not_use_when == "Solo planificado."
    assert spanish.examples == ("Capacitaron a los jueces.",)
    assert training.prose_in("en").definition == "Training of officials."
    # a code written with plain strings serves every language with the same text
    assert codebook.codes["turnover"].prose_in("es").definition == "People leaving posts."
    assert not [w for w in codebook.warnings if "training" in w.message]


def test_mixed_plain_and_per_language_fields(tmp_path):
    path = write_codebook(tmp_path, ("    definition: Training of officials.\n",
                                     "    definition: {es: Capacitación.}\n"
                                     "    use_when: Any course.\n"))
    training = load_codebook(path).codes["training"]
    assert training.definition == "Capacitación."        # the only language given
    assert training.prose_in("es").use_when == "Any course."
    assert training.prose_in("en").use_when == "Any course."


def test_missing_language_is_a_warning_with_line(tmp_path, invoke):
    path = write_codebook(tmp_path, ("    definition: Training of officials.\n",
                                     "    definition: {en: Training of officials.}\n"))
    codebook = load_codebook(path)            # loads: a warning, not an error
    (warning,) = [w for w in codebook.warnings if "training" in w.message]
    assert warning.location.line == 21
    assert "no 'definition' in es" in warning.message
    # the missing language falls back to the default text
    assert codebook.codes["training"].prose_in("es").definition == "Training of officials."
    result = invoke("codebook", "check", path)
    assert result.exit_code == 0, result.output
    assert f"Warning: {path}:21" in flat(result.stderr)
    assert "no 'definition' in es" in flat(result.stderr)
    assert flat(result.stdout).startswith("OK ")


def test_plain_prose_in_a_bilingual_codebook_gets_one_summary_warning(tmp_path, invoke):
    codebook = load_codebook(write_codebook(tmp_path))
    (warning,) = codebook.warnings
    assert "2 codes (first: 'training')" in warning.message
    assert "{es: ..., en: ...}" in warning.hint


def test_finding_statement_per_language(tmp_path):
    path = write_codebook(tmp_path, ("    statement: Training improved capacity.\n",
                                     "    statement: {en: Training improved capacity., "
                                     "es: La capacitación mejoró la capacidad.}\n"))
    finding = load_codebook(path).findings["F1"]
    assert finding.statement == "Training improved capacity."
    assert finding.statement_in("es") == "La capacitación mejoró la capacidad."
    assert finding.statement_in("en") == "Training improved capacity."


def test_finding_statement_missing_language_warns(tmp_path):
    path = write_codebook(tmp_path, ("    statement: Training improved capacity.\n",
                                     "    statement: {en: Training improved capacity.}\n"))
    codebook = load_codebook(path)
    assert any("finding 'F1': no statement in es" in w.message for w in codebook.warnings)
    assert codebook.findings["F1"].statement_in("es") == "Training improved capacity."


def test_unknown_language_in_prose_is_an_error(tmp_path, invoke):
    path = write_codebook(tmp_path, ("    definition: Training of officials.\n",
                                     "    definition: {en: Training., fr: Formation.}\n"))
    result = invoke("codebook", "check", path)
    assert result.exit_code == 1
    assert "unknown key 'fr'" in flat(result.stderr)
    assert "Traceback" not in result.output


def test_empty_statement_mapping_is_an_error(tmp_path, invoke):
    path = write_codebook(tmp_path, ("    statement: Training improved capacity.\n",
                                     "    statement: {}\n"))
    result = invoke("codebook", "check", path)
    assert result.exit_code == 1
    assert "'statement' gives no text" in flat(result.stderr)


def test_talk_per_language_plain_and_as_one_text(tmp_path):
    """`talk` (how respondents say it) is a list of texts per language, a plain
    list serving every language, or a single string."""
    path = write_codebook(tmp_path, ("    definition: Training of officials.\n",
                                     BILINGUAL_TRAINING +
                                     "    talk:\n"
                                     "      en: [\"We ran workshops for the police.\"]\n"
                                     "      es: [\"Dictamos talleres a los policías.\", "
                                     "\"El diplomado duró meses.\"]\n"))
    codebook = load_codebook(path)
    training = codebook.codes["training"]
    assert training.talk == ("We ran workshops for the police.",)
    assert training.prose_in("es").talk == ("Dictamos talleres a los policías.",
                                            "El diplomado duró meses.")
    assert training.prose_in("en").talk == ("We ran workshops for the police.",)
    assert not [w for w in codebook.warnings if "training" in w.message]
    plain = load_codebook(write_codebook(
        tmp_path, ("    definition: Training of officials.\n",
                   "    definition: Training of officials.\n"
                   "    talk: We ran workshops for the police.\n"), name="plain.yaml"))
    assert plain.codes["training"].prose_in("es").talk == ("We ran workshops for the police.",)


def test_talk_missing_a_declared_language_warns_with_line(tmp_path, invoke):
    path = write_codebook(tmp_path, ("    definition: Training of officials.\n",
                                     BILINGUAL_TRAINING +
                                     "    talk: {en: [\"We ran workshops.\"]}\n"))
    codebook = load_codebook(path)
    (warning,) = [w for w in codebook.warnings if "training" in w.message]
    assert "no 'talk' in es" in warning.message
    assert warning.location.line == 29
    # Spanish segments fall back to the default (English) talk
    assert codebook.codes["training"].prose_in("es").talk == ("We ran workshops.",)
    result = invoke("codebook", "check", path)
    assert result.exit_code == 0, result.output
    assert f"Warning: {path}:29" in flat(result.stderr)


def test_talk_that_is_not_text_is_an_error(tmp_path, invoke):
    path = write_codebook(tmp_path, ("    definition: Training of officials.\n",
                                     "    definition: Training of officials.\n"
                                     "    talk: {en: [{a: 1}]}\n"))
    result = invoke("codebook", "check", path)
    assert result.exit_code == 1
    assert "'en' must be a list of texts" in flat(result.stderr)
    assert "Traceback" not in result.output


def test_every_cpc_code_has_talk_in_both_languages():
    codebook = load_codebook(Path(__file__).parents[1] / "codebooks" / "cpc_peru.yaml")
    for code in codebook.codes.values():
        for language in ("en", "es"):
            assert code.prose_in(language).talk, (code.id, language)
    assert code.prose_in("es").talk != code.prose_in("en").talk
    assert not [w for w in codebook.warnings if "talk" in w.message]
