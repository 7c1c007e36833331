"""Bad transcript input, tested twice: `read_corpus` raises TranscriptError
with the file (and line) of the problem, and `kiicode ingest` exits 1 with a
message naming the file, no traceback, and the store left exactly as it was."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import GOOD_FRONT_MATTER, file_sha, flat, write_transcript

from kiicode.errors import TranscriptError
from kiicode.store import Store
from kiicode.transcripts.corpus import read_corpus

DIALOGUE = "E: ¿Cómo empezó?\n\nR: Con un taller de capacitación.\n"
ROSTER_HEADER = ("transcript_id,label,respondent_id,respondent_type,institution,region,"
                 "language,date,mode,interviewer,speakers\n")


def front(**changes) -> dict:
    """GOOD_FRONT_MATTER with a new id and `changes`; a None value drops the key."""
    values = {**GOOD_FRONT_MATTER, "id": "KII-BAD-01", **changes}
    return {key: value for key, value in values.items() if value is not None}


@dataclass
class Case:
    """A bad input: the files it writes, and what the error must say."""

    name: str
    write: object            # (directory) -> list of paths to pass to ingest
    message: str             # a substring of the problem's message
    line: int | None = None  # the problem's line, where there is one
    file: str = ""           # the file the problem is reported on (default: first path)
    hint: str = ""           # a substring of the hint


def _duplicate(directory: Path) -> list[Path]:
    a = write_transcript(directory, "a.md", front(id="KII-DUP"), DIALOGUE)
    write_transcript(directory, "b.md", front(id="KII-DUP"), DIALOGUE)
    return [a.parent]


def _binary(directory: Path) -> list[Path]:
    path = directory / "scan.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return [path]


def _pdf(directory: Path) -> list[Path]:
    path = directory / "KII-BAD-01.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return [path]


def _roster_conflict(directory: Path) -> list[Path]:
    path = write_transcript(directory, "KII-BAD-01.md", front(), DIALOGUE)
    (directory / "respondents.csv").write_text(
        ROSTER_HEADER + "KII-BAD-01,,,frontline_worker,MIMP,Lima,es,2024-03-14,individual,"
        "EV-2,\n", encoding="utf-8")
    return [path.parent]


def _word_lock_file(directory: Path) -> list[Path]:
    # Word leaves "~$name.docx" beside a document while it is open: not a zip
    (directory / "~$I-BAD-01.docx").write_bytes(b"\x05ana" + b"\x00" * 40)
    return [directory]


def _docx_bad_type(directory: Path) -> list[Path]:
    import docx

    document = docx.Document()
    for line in ("id: KII-BAD-01", "respondent_type: ngo_staf", "language: es", "",
                 "Entrevistadora: ¿Hola?", "Entrevistada: Bien."):
        document.add_paragraph(line)
    path = directory / "KII-BAD-01.docx"
    document.save(path)
    return [path]


CASES = [
    Case("missing-front-matter",
         lambda d: [write_transcript(d, "KII-BAD-01.md", None, DIALOGUE)],
         "no metadata for 'KII-BAD-01': no front matter (or .docx table) in the file and no "
         "roster row names it",
         line=1, hint="add a row with transcript_id KII-BAD-01"),
    Case("malformed-front-matter",
         lambda d: [write_transcript(d, "KII-BAD-01.md",
                                     "id: KII-BAD-01\nregion: Cusco: Sur\nlanguage: es",
                                     DIALOGUE)],
         "malformed front matter: YAML syntax error: mapping values are not allowed", line=3),
    Case("duplicate-front-matter-key",
         lambda d: [write_transcript(d, "KII-BAD-01.md",
                                     "id: KII-BAD-01\nrespondent_type: ngo_staff\n"
                                     "language: es\nlanguage: en", DIALOGUE)],
         "duplicate key 'language' in the front matter", line=5,
         hint="first given at line 4"),
    Case("unknown-respondent-type",
         lambda d: [write_transcript(d, "KII-BAD-01.md", front(respondent_type="ngo_staf"),
                                     DIALOGUE)],
         "unknown respondent type 'ngo_staf'", line=3, hint="did you mean 'ngo_staff'?"),
    Case("undeclared-language",
         lambda d: [write_transcript(d, "KII-BAD-01.md", front(language="fr"), DIALOGUE)],
         "language 'fr' is not declared in the codebook (es, en)", line=6),
    Case("duplicate-id", _duplicate, "duplicate transcript id 'KII-DUP' (also in ",
         file="b.md"),
    Case("empty", lambda d: [write_transcript(d, "KII-BAD-01.md", None, "\n  \n")],
         "the transcript is empty"),
    Case("binary", _binary, "this is a binary file, not a text transcript"),
    Case("pdf", _pdf, "unsupported file type '.pdf'", hint="use .md, .txt, .docx, .vtt or .srt"),
    Case("word-lock-file", _word_lock_file, "not a readable .docx file",
         file="~$I-BAD-01.docx", hint="save it again as .docx"),
    Case("docx-metadata", _docx_bad_type, "unknown respondent type 'ngo_staf'", line=2,
         hint="did you mean 'ngo_staff'?"),
    Case("roster-conflict", _roster_conflict,
         "roster says region 'Lima' (", line=5, file="KII-BAD-01.md"),
    Case("group-without-participants",
         lambda d: [write_transcript(d, "KII-BAD-01.md",
                                     front(mode="group", respondent_type=None), DIALOGUE)],
         "a group KII needs a participants list", hint="P1=government_official"),
    Case("no-respondent-turns",
         lambda d: [write_transcript(d, "KII-BAD-01.md", front(),
                                     "E: ¿Hola?\n\nEntrevistadora: ¿Me escucha?\n")],
         "no respondent turns: every speaker is an interviewer; speakers found: 'E' "
         "(1 turns), 'Entrevistadora' (1 turns)", hint="(Name=R)"),
]


def bad_input(case: Case, tmp_path: Path) -> tuple[list[Path], Path]:
    directory = tmp_path / "bad"
    directory.mkdir()
    paths = case.write(directory)
    reported = directory / case.file if case.file else paths[0]
    return paths, reported


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_read_corpus_rejects(case, tmp_path, mini_codebook):
    paths, reported = bad_input(case, tmp_path)
    with pytest.raises(TranscriptError) as info:
        read_corpus(paths, mini_codebook)
    problem = info.value.problems[0]
    assert len(info.value.problems) == 1, [str(p) for p in info.value.problems]
    assert case.message in problem.message
    assert problem.location.path == str(reported)
    assert problem.location.line == case.line
    assert case.hint in problem.hint


def test_roster_conflict_names_both_values(tmp_path, mini_codebook):
    paths, _ = bad_input(CASES[[c.name for c in CASES].index("roster-conflict")], tmp_path)
    with pytest.raises(TranscriptError) as info:
        read_corpus(paths, mini_codebook)
    message = info.value.problems[0].message
    roster = tmp_path / "bad" / "respondents.csv"
    assert message == (f"roster says region 'Lima' ({roster}:2) but the transcript says "
                       "'Cusco'")


def test_duplicate_id_names_both_files(tmp_path, mini_codebook):
    paths, _ = bad_input(CASES[[c.name for c in CASES].index("duplicate-id")], tmp_path)
    with pytest.raises(TranscriptError) as info:
        read_corpus(paths, mini_codebook)
    assert str(tmp_path / "bad" / "a.md") in info.value.problems[0].message


def test_every_bad_file_is_reported_at_once(tmp_path, mini_codebook):
    directory = tmp_path / "bad"
    directory.mkdir()
    write_transcript(directory, "one.md", front(id="KII-ONE", language="fr"), DIALOGUE)
    write_transcript(directory, "two.md", None, DIALOGUE)
    write_transcript(directory, "ok.md", front(id="KII-OK"), DIALOGUE)
    with pytest.raises(TranscriptError) as info:
        read_corpus([directory], mini_codebook)
    assert [Path(p.location.path).name for p in info.value.problems] == ["one.md", "two.md"]


def test_vtt_without_roster_row(tmp_path, mini_codebook):
    path = tmp_path / "KII-VTT.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Entrevistadora>Hola.\n\n"
                    "00:00:04.000 --> 00:00:06.000\n<v Entrevistada>Hola, buenas.\n")
    with pytest.raises(TranscriptError) as info:
        read_corpus([path], mini_codebook)
    assert info.value.problems[0].message.startswith("no metadata for 'KII-VTT'")
    assert info.value.location.path == str(path)


def test_missing_path(tmp_path, mini_codebook):
    with pytest.raises(TranscriptError) as info:
        read_corpus([tmp_path / "nowhere"], mini_codebook)
    assert info.value.problems[0].message == "no such file or directory"


# --- the same cases through `kiicode ingest` --------------------------------------

@pytest.fixture
def project(tmp_path, invoke, mini_codebook_path):
    """A store holding one good transcript; yields (store path, good dir, counts, sha)."""
    good = tmp_path / "good"
    good.mkdir()
    write_transcript(good, "KII-T-01.md", GOOD_FRONT_MATTER, DIALOGUE)
    store = tmp_path / "project.sqlite"
    result = invoke("ingest", good, "--store", store, "--codebook", mini_codebook_path)
    assert result.exit_code == 0, result.output
    with Store.open(store) as opened:
        counts = opened.counts()
    assert counts["transcript"] == 1
    return store, good, counts, file_sha(store)


def ingest_cli(invoke, project, paths, codebook):
    store, good, _, _ = project
    return invoke("ingest", good, *paths, "--store", store, "--codebook", codebook)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_ingest_cli_rejects_and_leaves_store_unchanged(case, tmp_path, invoke, project,
                                                       mini_codebook_path):
    store, _, counts, sha = project
    paths, reported = bad_input(case, tmp_path)
    result = ingest_cli(invoke, project, paths, mini_codebook_path)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)   # handled, not a crash
    assert "Traceback" not in result.output
    message = flat(result.stderr)
    where = f"{reported}:{case.line}" if case.line else f"{reported}"
    assert message.startswith(f"Error: {where}")
    assert case.message in message
    assert result.stdout == ""   # no summary table for a failed ingest
    with Store.open(store) as opened:
        assert opened.counts() == counts
    assert file_sha(store) == sha


def test_cp1252_file_is_read_with_a_warning(tmp_path, mini_codebook):
    path = write_transcript(tmp_path, "KII-CP.md", front(id="KII-CP"),
                            "E: ¿Qué tal?\n\nR: Muy bien, la capacitación ayudó.\n",
                            encoding="cp1252")
    corpus = read_corpus([path], mini_codebook)
    assert corpus.transcripts[0].segments[0].text == "Muy bien, la capacitación ayudó."
    [warning] = corpus.warnings
    assert warning.location.path == str(path)
    assert warning.location.line == 11   # "E: ¿Qué tal?", the first line that is not UTF-8
    assert "not UTF-8; read as Windows-1252 (cp1252)" in warning.message


def test_cp1252_file_ingests_with_warning(tmp_path, invoke, project, mini_codebook_path):
    store, _, counts, _ = project
    directory = tmp_path / "cp"
    directory.mkdir()
    path = write_transcript(directory, "KII-CP.md", front(id="KII-CP"),
                            "E: ¿Qué tal?\n\nR: Muy bien, la capacitación ayudó.\n",
                            encoding="cp1252")
    result = ingest_cli(invoke, project, [path], mini_codebook_path)
    assert result.exit_code == 0, result.output
    message = flat(result.stderr)
    assert f"Warning: {path}:11: not UTF-8; read as Windows-1252 (cp1252)" in message
    assert "1 added, 0 updated, 1 unchanged" in message
    with Store.open(store) as opened:
        assert opened.counts()["transcript"] == counts["transcript"] + 1
        [segment] = opened.segments("KII-CP")
    assert segment.text == "Muy bien, la capacitación ayudó."


def test_ingest_cli_reports_every_problem(tmp_path, invoke, project, mini_codebook_path):
    store, _, counts, sha = project
    directory = tmp_path / "bad"
    directory.mkdir()
    write_transcript(directory, "one.md", front(id="KII-ONE", language="fr"), DIALOGUE)
    write_transcript(directory, "two.md", None, DIALOGUE)
    result = ingest_cli(invoke, project, [directory], mini_codebook_path)
    assert result.exit_code == 1
    message = flat(result.stderr)
    assert message.startswith("Error: 2 problems")
    assert str(directory / "one.md") in message and str(directory / "two.md") in message
    assert file_sha(store) == sha
