"""The codebook: loading the mini fixture, and every validation problem at the
library layer (CodebookError with file:line and key path) and through
`kiicode codebook check` (exit 1, the problems listed, no traceback)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import flat

from kiicode.codebook import DEFAULT_REPORTING, Near, load_codebook
from kiicode.errors import CodebookError

# A valid two-language codebook; the tests below break one line at a time, so
# the line numbers in the assertions are the line numbers of this text.
BASE = """\
project:
  name: Tiny
  languages: [es, en]
lines_of_inquiry:
  - id: capacity
    name: Capacity
    questions: [EQ1]
questions:
  - id: EQ1
    text: How did capacity change?
themes: [protection, partnership]
respondent_types:
  - id: ngo_staff
    label: NGO staff
codes:
  - id: training
    name: Training
    loi: capacity
    questions: [EQ1]
    themes: [protection]
    definition: Training of officials.
    patterns:
      es: [capacitación]
      en: [training]
  - id: turnover
    name: Staff turnover
    loi: capacity
    definition: People leaving posts.
    patterns:
      es: [rotación]
      en: [turnover]
      regex: ['\\bre-?assigned\\b']
findings:
  - id: F1
    statement: Training improved capacity.
    evidence:
      any_codes: [training]
conclusions:
  - id: C1
    statement: Capacity grew.
    findings: [F1]
recommendations:
  - id: R1
    statement: Keep training.
    conclusions: [C1]
"""


def write_codebook(tmp_path: Path, *replacements: tuple[str, str], name="codebook.yaml") -> Path:
    """BASE with each (old, new) replaced exactly once, written to tmp_path."""
    text = BASE
    for old, new in replacements:
        assert text.count(old) == 1, f"test setup: {old!r} is not unique in BASE"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(path: Path):
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def assert_check_fails(invoke, path: Path, *expected: str) -> str:
    """`kiicode codebook check PATH` exits 1 with each expected text on stderr."""
    result = invoke("codebook", "check", path)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)   # not a crash
    assert "Traceback" not in result.output
    assert result.stdout == ""
    message = flat(result.stderr)
    assert message.startswith("Error:")
    for text in expected:
        assert text in message
    return message


# --- the mini codebook ------------------------------------------------------

def test_mini_codebook_counts(mini_codebook):
    cb = mini_codebook
    assert cb.name == "Mini evaluation"
    assert cb.languages == ("es", "en")
    assert list(cb.lines_of_inquiry) == ["implementation", "capacity"]
    assert cb.lines_of_inquiry["capacity"].questions == ("EQ2",)
    assert list(cb.questions) == ["EQ1", "EQ2"]
    assert list(cb.themes) == ["prosecution", "protection", "prevention", "partnership"]
    assert len(cb.respondent_types) == 6
    assert list(cb.codes) == ["training", "turnover", "specialised_units"]
    assert list(cb.findings) == ["F1", "F2", "F3"]
    assert list(cb.conclusions) == ["C1"]
    assert list(cb.recommendations) == ["R1"]
    assert cb.conclusions["C1"].findings == ("F1", "F3")
    assert cb.recommendations["R1"].conclusions == ("C1",)
    assert cb.recommendations["R1"].audience == "Government"


def test_mini_codebook_records_its_file(mini_codebook, mini_codebook_path):
    assert Path(mini_codebook.path) == mini_codebook_path
    assert mini_codebook.sha256 == hashlib.sha256(mini_codebook_path.read_bytes()).hexdigest()


def test_mini_codebook_code_fields(mini_codebook):
    training = mini_codebook.codes["training"]
    assert training.name == "Training"
    assert training.loi == "capacity"
    assert training.questions == ("EQ2",)
    assert training.themes == ("prosecution",)
    assert training.definition == "Training of officials."
    assert training.parent == ""
    assert training.fuzzy_threshold == 90   # the default
    turnover = mini_codebook.codes["turnover"]
    assert turnover.fuzzy_threshold == 85
    assert mini_codebook.themes_of()["turnover"] == ("partnership",)


def test_mini_codebook_patterns_parsed(mini_codebook):
    training = mini_codebook.codes["training"].patterns
    assert training.terms["es"] == ("capacitación", "taller*")
    assert training.terms["en"] == ("training", "workshop*")
    assert training.count_for("es") == 2
    turnover = mini_codebook.codes["turnover"].patterns
    assert turnover.terms["es"] == ("rotación de personal", "~rotación")
    assert turnover.near == (Near(("cambio", "change"), ("fiscal", "prosecutor"), 3),)
    assert turnover.unless == ("no hubo rotación", "no turnover")
    units = mini_codebook.codes["specialised_units"].patterns
    assert units.terms["any"] == ("UPE", "CEM")
    assert units.terms["es"] == () and units.terms["en"] == ()
    assert units.count_for("en") == 2   # `any` terms count for every language
    assert units.regex == (r"\bunidad(es)? especializada?s?\b",)


def test_mini_codebook_evidence_rules(mini_codebook):
    themes_of = mini_codebook.themes_of()
    f1, f3 = mini_codebook.findings["F1"], mini_codebook.findings["F3"]
    assert f1.evidence.any_codes == ("training",)
    assert f1.loi == "capacity"
    assert f1.evidence.supported_by({"training", "turnover"}, themes_of)
    assert not f1.evidence.supported_by({"turnover"}, themes_of)
    assert not f1.evidence.supported_by(set(), themes_of)
    assert f3.evidence.themes == ("protection",)
    assert f3.evidence.supported_by({"specialised_units"}, themes_of)


def test_mini_codebook_reporting_defaults(mini_codebook):
    reporting = mini_codebook.reporting
    assert reporting == DEFAULT_REPORTING
    assert [q.word for q in reporting.quantifiers] == [
        "all", "almost all", "most", "some", "a few"]
    most = next(q for q in reporting.quantifiers if q.word == "most")
    assert not most.applies(0.5) and most.applies(0.51)   # "most" means more than half
    assert [(s.name, s.min_respondents, s.min_types, s.min_regions)
            for s in reporting.strength] == [
        ("strong", 6, 3, 2), ("moderate", 3, 2, 1), ("limited", 1, 1, 1)]
    assert reporting.max_unreviewed_share == 0.5


@pytest.mark.parametrize("name, expected", [
    ("ngo_staff", "ngo_staff"),
    ("NGO staff", "ngo_staff"),
    ("personal de ONG", "ngo_staff"),
    ("Government official", "government_official"),
    ("ngo_staf", None),
])
def test_respondent_type_by_id_label_or_alias(mini_codebook, name, expected):
    assert mini_codebook.respondent_type_for(name) == expected


def test_reporting_section_overrides_defaults(tmp_path):
    path = write_codebook(tmp_path, ("recommendations:\n", (
        "reporting:\n"
        "  quantifiers:\n"
        "    - {word: some, min_share: 0.2}\n"
        "    - {word: all, min_share: 1.0}\n"
        "  strength:\n"
        "    strong: {min_respondents: 4, min_types: 2, min_regions: 1}\n"
        "    max_unreviewed_share: 0.25\n"
        "recommendations:\n")))
    reporting = load_codebook(path).reporting
    assert [q.word for q in reporting.quantifiers] == ["all", "some"]   # highest first
    assert [s.name for s in reporting.strength] == ["strong"]
    assert reporting.max_unreviewed_share == 0.25


def test_check_ok_on_mini_codebook(invoke, mini_codebook_path):
    result = invoke("codebook", "check", mini_codebook_path)
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert out.startswith("OK ")
    assert "3 codes, 3 findings, 1 conclusions, 1 recommendations" in out
    assert "languages es, en" in out


def test_base_codebook_is_valid(tmp_path):
    # The variants below are only meaningful if the base loads cleanly.
    codebook = load_codebook(write_codebook(tmp_path))
    assert list(codebook.codes) == ["training", "turnover"]


# --- validation problems ----------------------------------------------------

def test_yaml_syntax_error_has_line_and_column(tmp_path, invoke):
    path = write_codebook(tmp_path, ("    name: Training\n", "    name: Training: basic\n"))
    problem = only_problem(path)
    assert problem.location.path == str(path)
    assert (problem.location.line, problem.location.column) == (17, 19)   # the second colon
    assert problem.message.startswith("YAML syntax error: mapping values are not allowed")
    assert_check_fails(invoke, path, f"{path}:17:19: YAML syntax error")


def test_unknown_key_suggests_the_right_one(tmp_path, invoke):
    path = write_codebook(tmp_path, ("    definition: Training of officials.\n",
                                     "    defintion: Training of officials.\n"))
    problem = only_problem(path)
    assert problem.message == "unknown key 'defintion'"
    assert problem.hint == "did you mean 'definition'?"
    assert problem.location.line == 21
    assert problem.location.key == "codes -> 0 -> defintion"
    assert_check_fails(invoke, path,
                       f"{path}:21 [codes -> 0 -> defintion]: unknown key 'defintion' "
                       "(did you mean 'definition'?)")


def test_unknown_top_level_key(tmp_path):
    path = write_codebook(tmp_path, ("findings:\n", "finding:\n"))
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    unknown = [p for p in info.value.problems if "unknown key 'finding'" in p.message]
    assert len(unknown) == 1
    assert unknown[0].hint == "did you mean 'findings'?"
    assert unknown[0].location.line == 33


def test_duplicate_id(tmp_path, invoke):
    path = write_codebook(tmp_path, ("  - id: turnover\n", "  - id: training\n"))
    problem = only_problem(path)
    assert problem.message == "duplicate id 'training'"
    assert problem.hint == "first defined at codes -> 0"
    assert (problem.location.line, problem.location.key) == (25, "codes -> 1 -> id")
    assert_check_fails(invoke, path, f"{path}:25 [codes -> 1 -> id]: duplicate id 'training'")


def test_duplicate_key_is_not_silently_dropped(tmp_path, invoke):
    # YAML keeps only the last of two equal keys: the first definition would vanish
    path = write_codebook(tmp_path, ("    definition: People leaving posts.\n",
                                     "    definition: People leaving posts.\n"
                                     "    definition: Staff rotation.\n"))
    problem = only_problem(path)
    assert problem.message == "duplicate key 'definition'"
    assert problem.hint.startswith("first given at line 28")
    assert (problem.location.line, problem.location.key) == (29, "codes -> 1 -> definition")
    assert_check_fails(invoke, path,
                       f"{path}:29 [codes -> 1 -> definition]: duplicate key 'definition'")


@pytest.mark.parametrize("old, new, line, key, message, hint", [
    ("      any_codes: [training]\n", "      any_codes: [trainig]\n",
     37, "findings -> 0 -> evidence -> any_codes", "undefined code 'trainig'",
     "did you mean 'training'?"),
    ("    findings: [F1]\n", "    findings: [F9]\n",
     41, "conclusions -> 0 -> findings", "undefined finding 'F9'", "define the finding first"),
    ("    conclusions: [C1]\n", "    conclusions: [C2]\n",
     45, "recommendations -> 0 -> conclusions", "undefined conclusion 'C2'",
     "define the conclusion first"),
    ("    questions: [EQ1]\n    themes", "    questions: [EQ9]\n    themes",
     19, "codes -> 0 -> questions", "undefined question 'EQ9'", None),
    ("    themes: [protection]\n", "    themes: [protecion]\n",
     20, "codes -> 0 -> themes", "undefined theme 'protecion'", "did you mean 'protection'?"),
    ("    name: Staff turnover\n    loi: capacity\n",
     "    name: Staff turnover\n    loi: capacty\n",
     27, "codes -> 1 -> loi", "undefined line of inquiry 'capacty'", "did you mean 'capacity'?"),
    ("    name: Staff turnover\n", "    name: Staff turnover\n    parent: trainin\n",
     27, "codes -> 1 -> parent", "undefined parent code 'trainin'", "did you mean 'training'?"),
], ids=["code", "finding", "conclusion", "question", "theme", "line-of-inquiry", "parent"])
def test_undefined_reference(tmp_path, invoke, old, new, line, key, message, hint):
    path = write_codebook(tmp_path, (old, new))
    problem = only_problem(path)
    assert problem.message == message
    if hint is not None:
        assert problem.hint == hint
    assert (problem.location.path, problem.location.line, problem.location.key) == (
        str(path), line, key)
    assert_check_fails(invoke, path, f"{path}:{line} [{key}]: {message}")


def test_declared_language_without_patterns(tmp_path, invoke):
    path = write_codebook(tmp_path, ("      en: [training]\n", ""))
    problem = only_problem(path)
    assert problem.message == "code 'training' has no patterns for declared language 'en'"
    assert (problem.location.line, problem.location.key) == (22, "codes -> 0 -> patterns")
    assert_check_fails(invoke, path, f"{path}:22 [codes -> 0 -> patterns]: code 'training' "
                       "has no patterns for declared language 'en'")


def test_any_patterns_cover_every_language(tmp_path):
    path = write_codebook(tmp_path, ("      es: [capacitación]\n      en: [training]\n",
                                     "      any: [CEM]\n"))
    assert load_codebook(path).codes["training"].patterns.count_for("en") == 1


def test_invalid_regex_names_code_and_pattern(tmp_path, invoke):
    path = write_codebook(tmp_path, ("      regex: ['\\bre-?assigned\\b']\n",
                                     "      regex: ['re(assigned']\n"))
    problem = only_problem(path)
    assert problem.message.startswith("code 'turnover': regex 're(assigned' does not compile")
    assert (problem.location.line, problem.location.key) == (
        32, "codes -> 1 -> patterns -> regex -> 0")
    assert_check_fails(invoke, path, f"{path}:32 [codes -> 1 -> patterns -> regex -> 0]: "
                       "code 'turnover': regex 're(assigned' does not compile")


def test_double_quoted_regex_backspace_is_a_warning_with_line(tmp_path, invoke):
    # In a double-quoted YAML string "\\b" is a backspace: the pattern loads but can
    # never match as a word boundary, so `codebook check` warns where it is.
    path = write_codebook(tmp_path, ("      regex: ['\\bre-?assigned\\b']\n",
                                     '      regex: ["\\bre-?assigned\\b", "re\\tx"]\n'))
    codebook = load_codebook(path)                   # loads: a warning, not an error
    (warning,) = [w for w in codebook.warnings if "control character" in w.message]
    assert (warning.location.line, warning.location.key) == (
        32, "codes -> 1 -> patterns -> regex -> 0")    # the tab in "re\\tx" is no mistake
    assert "'\\x08'" in warning.message and "single quotes" in warning.hint
    result = invoke("codebook", "check", path)
    assert result.exit_code == 0, result.output
    assert f"Warning: {path}:32" in flat(result.stderr)
    assert "backspace" in flat(result.stderr)


def test_shipped_codebook_has_no_control_characters_in_regexes():
    from kiicode.codebook import default_codebook_path
    codebook = load_codebook(default_codebook_path())
    assert not [w for w in codebook.warnings if "control character" in w.message]
    regexes = [r for code in codebook.codes.values() for r in code.patterns.regex]
    assert "\\b(?:didn't|did not|don't|do not) have (?:the |a )?budget\\b" in regexes


def test_every_problem_is_reported_at_once(tmp_path, invoke):
    path = write_codebook(
        tmp_path,
        ("    definition: Training of officials.\n", "    defintion: Training of officials.\n"),
        ("    findings: [F1]\n", "    findings: [F9]\n"),
        ("      regex: ['\\bre-?assigned\\b']\n", "      regex: ['re(assigned']\n"),
    )
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    problems = info.value.problems
    assert len(problems) == 3, [str(p) for p in problems]
    assert [p.location.line for p in problems] == [21, 32, 41]
    # str(error) lists them all, one a line, for logs and non-CLI callers
    assert len(str(info.value).splitlines()) == 3
    message = assert_check_fails(invoke, path, "Error: 3 problems", "unknown key 'defintion'",
                                 "undefined finding 'F9'", "regex 're(assigned'")
    assert message.count(f"{path}:") == 3


def test_missing_codebook_file(tmp_path, invoke):
    path = tmp_path / "nope.yaml"
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert info.value.location.path == str(path)
    assert "cannot read codebook" in info.value.problems[0].message
    assert_check_fails(invoke, path, f"{path}: cannot read codebook")


def test_codebook_not_a_mapping(tmp_path, invoke):
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n")
    problem = only_problem(path)
    assert "must be a YAML mapping" in problem.message
    assert_check_fails(invoke, path, "must be a YAML mapping")


def test_missing_required_sections(tmp_path):
    path = tmp_path / "bare.yaml"
    path.write_text("project: {name: X, languages: [es]}\n")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    messages = {p.message for p in info.value.problems}
    assert {"missing top-level 'codes'", "missing top-level 'questions'",
            "missing top-level 'themes'"} <= messages
