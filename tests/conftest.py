"""Shared fixtures: a pinned terminal, the CLI runner, the mini codebook and
the sample corpus (each read once per session)."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from pathlib import Path

# Pin the terminal before kiicode.cli creates its rich consoles, so output
# assertions do not depend on the developer's terminal.
os.environ["NO_COLOR"] = "1"
os.environ["COLUMNS"] = "200"
os.environ["TERM"] = "dumb"
os.environ.pop("FORCE_COLOR", None)
os.environ.pop("KIICODE_STORE", None)

import pytest  # noqa: E402
import yaml  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from kiicode.cli import app  # noqa: E402
from kiicode.codebook import Codebook, load_codebook  # noqa: E402
from kiicode.nlp import language_detector, sentence_splitter  # noqa: E402
from kiicode.transcripts.corpus import Corpus, read_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_CODEBOOK = FIXTURES / "mini_codebook.yaml"
SAMPLE_DIR = ROOT / "transcripts_sample"

# Front matter of a valid individual KII, for synthetic transcripts.
GOOD_FRONT_MATTER = {
    "id": "KII-T-01",
    "respondent_type": "frontline_worker",
    "institution": "MIMP",
    "region": "Cusco",
    "language": "es",
    "date": "2024-03-14",
    "mode": "individual",
    "interviewer": "EV-2",
}


# What no kiicode output may ever contain: a crash shown to the user, or a
# Python type leaking into help or messages (tests/test_cli_conventions.py).
FORBIDDEN_OUTPUT = re.compile(
    r"Internal error|Traceback \(most recent call last\)"
    r"|<(?:bool|str|int|float|path|file|dir|list\[[^>]*\]|[a-z]+ range)>"
    r"|\b[A-Z]\w+(?:Format|Status|Enum|Kind|Profile)\.\w+|NoneType|<class '|typing\.\w+"
    r"|\b(?:list|dict|tuple|set|Optional)\[\w+|\bint range\b|\bfloat range\b")


def assert_clean_output(args, output: str) -> None:
    for line in output.splitlines():
        assert not FORBIDDEN_OUTPUT.search(line), f"kiicode {args}: {line!r}\n{output}"


class CheckedRunner(CliRunner):
    """A CliRunner that fails the test when a command crashes: an exception
    other than exit is what a user would see as "Internal error", so it is a
    bug by construction, in every CLI test."""

    def invoke(self, cli, args=None, **kwargs):
        result = super().invoke(cli, args, **kwargs)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"kiicode {args} crashed (a user sees 'Internal error'): "
                                 f"{result.exception!r}") from result.exception
        assert_clean_output(args, result.output)
        return result


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    # typer >= 0.29 (its own CliRunner, like click >= 8.2) always keeps the
    # streams apart: result.stdout is data, result.stderr messages, and
    # result.output both, interleaved as a user would see them.
    return CheckedRunner()


@pytest.fixture(scope="session")
def invoke(runner):
    """Run `kiicode ARGS...` in-process and return the click Result."""

    def run(*args):
        return runner.invoke(app, [str(a) for a in args], prog_name="kiicode")

    return run


# --- the two store backends ----------------------------------------------------------
# Tests that take `store_location` (or a fixture built on it) run once on an
# SQLite file and once on a real PostgreSQL server the session starts itself.

BACKENDS = ("sqlite", "postgresql")
_schemas = itertools.count(1)


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL server; the tests that need it FAIL if it cannot start."""
    from pg_server import PostgresServer, ServerError

    try:
        server = PostgresServer().start()
        server.create_database("kiicode_test")
    except ServerError as exc:
        pytest.fail(f"the PostgreSQL test server could not start: {exc}", pytrace=False)
    yield server
    server.stop()


def postgres_location(server) -> str:
    """A fresh, empty schema of the test database, as a store URL (libpq's
    `options` parameter passes through kiicode untouched)."""
    import psycopg

    name = f"t{next(_schemas)}"
    with psycopg.connect(server.url("kiicode_test"), autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    return server.url("kiicode_test") + f"?options=-csearch_path%3D{name}"


def location_for(backend: str, request, directory: Path, name: str = "project.sqlite") -> str:
    if backend == "sqlite":
        return str(directory / name)
    return postgres_location(request.getfixturevalue("postgres"))


@pytest.fixture(params=BACKENDS)
def store_location(request, tmp_path) -> str:
    """Where a test's new project goes: an SQLite file, then a PostgreSQL schema."""
    return location_for(request.param, request, tmp_path)


@pytest.fixture(scope="session")
def mini_codebook_path() -> Path:
    return MINI_CODEBOOK


@pytest.fixture(scope="session")
def mini_codebook() -> Codebook:
    return load_codebook(MINI_CODEBOOK)


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR


def _read_sample(codebook: Codebook, unit: str) -> Corpus:
    return read_corpus([SAMPLE_DIR], codebook, unit=unit, split_sentences=sentence_splitter,
                       detect_language=language_detector(codebook.languages))


@pytest.fixture(scope="session")
def sample_corpus(mini_codebook) -> Corpus:
    """The sample corpus read the way `kiicode ingest` reads it (paragraph unit)."""
    return _read_sample(mini_codebook, "paragraph")


@pytest.fixture(scope="session")
def sample_corpora(mini_codebook, sample_corpus) -> dict[str, Corpus]:
    """The sample corpus in every coding unit."""
    return {"paragraph": sample_corpus,
            "turn": _read_sample(mini_codebook, "turn"),
            "sentence": _read_sample(mini_codebook, "sentence")}


def write_transcript(directory: Path, name: str, front_matter: dict | str | None,
                     body: str, encoding: str = "utf-8") -> Path:
    """Write a small transcript; a dict front matter is dumped as YAML, a str
    is used verbatim between the `---` fences, None writes no front matter."""
    if front_matter is None:
        text = body
    else:
        if isinstance(front_matter, dict):
            front_matter = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True)
        text = f"---\n{front_matter.rstrip()}\n---\n{body}"
    path = Path(directory) / name
    path.write_bytes(text.encode(encoding))
    return path


def code_answers(folder: Path, transcript_id: str, language: str, answers: list[str],
                 codebook_path: Path) -> dict[str, tuple[set[str], str]]:
    """Code one transcript of respondent answers (one turn each) with a codebook:
    each answer's text, whitespace-flattened -> (its suggested codes, its line
    of inquiry), as a coder would see them after `kiicode code`."""
    from kiicode import pipeline
    from kiicode.store import Store

    book = load_codebook(codebook_path)
    corpus = Path(folder) / language
    corpus.mkdir()
    body = "".join(f"\nR: {text}\n" for text in answers)
    write_transcript(corpus, f"{transcript_id}.md",
                     dict(GOOD_FRONT_MATTER, id=transcript_id, language=language), body)
    found = {}
    with Store.open(Path(folder) / f"{language}.sqlite", create=True) as store:
        pipeline.ingest(store, [corpus], book)
        pipeline.code(store, book, jobs=1)
        segments = store.segments()
        outlooks = store.outlooks([s.id for s in segments])
        for s in segments:
            found[flat(s.text)] = (
                {c.code for c in store.codings([s.id], coder="auto")}, outlooks[s.id].loi)
    return found


def assert_answer_coded(coded: dict[str, tuple[set[str], str]], code_id: str,
                        loi: str | None, text: str) -> set[str]:
    """An answer `code_answers` coded got `code_id`, and the line `loi` unless
    None (where the line is not yet right); returns its codes for more checks."""
    codes, line = coded[flat(text)]
    assert code_id in codes
    if loi:
        assert line == loi
    return codes


@pytest.fixture(name="write_transcript")
def write_transcript_fixture():
    return write_transcript


def file_sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def flat(text: str) -> str:
    """Output with rich's line wrapping undone, for substring assertions."""
    return " ".join(text.split())
