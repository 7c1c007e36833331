"""Hostile and careless codebooks: each is refused by `kiicode codebook check`
and by the commands that load it, with the file and line, within the time
bound, and the project store is left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOOD_FRONT_MATTER, MINI_CODEBOOK
from hostile_harness import assert_refused, decisions_state, run_bounded, store_state
from projects import sample_template_fixture, workdir_fixture  # noqa: F401

MINI = MINI_CODEBOOK.read_text(encoding="utf-8")


def edit(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


def with_regex(expression: str) -> str:
    return edit('regex: ["\\\\bunidad(es)? especializada?s?\\\\b"]',
                f"regex: ['{expression}']")


BOMB = "\n".join(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]"
                 for previous, name in zip("abcdefgh", "bcdefghi", strict=True))
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BOMB

# name -> (codebook text or bytes, where the error must point, what it must say)
CODEBOOKS = {
    "parent cycle of three": (
        edit("  - id: training\n", "  - id: training\n    parent: specialised_units\n")
        .replace("  - id: turnover\n", "  - id: turnover\n    parent: training\n")
        .replace("  - id: specialised_units\n",
                 "  - id: specialised_units\n    parent: turnover\n"),
        "codebook.yaml:19", "parent links form a cycle"),
    "parent cycle of two": (
        edit("  - id: training\n", "  - id: training\n    parent: turnover\n")
        .replace("  - id: turnover\n", "  - id: turnover\n    parent: training\n"),
        "codebook.yaml:19", "training -> turnover -> training"),
    "own parent": (edit("  - id: training\n", "  - id: training\n    parent: training\n"),
                   "codebook.yaml:19", "cannot be its own parent"),
    "empty regex": (with_regex(""), "codebook.yaml:46", "empty regex"),
    "blank regex": (with_regex("   "), "codebook.yaml:46", "empty regex"),
    "regex that does not compile": (with_regex("(unclosed"), "codebook.yaml:46",
                                    "does not compile"),
    "billion laughs": (BOMB, "codebook.yaml:", "alias bomb"),
    "recursive alias": ("project: &p {name: x, languages: [es], self: *p}\n",
                        "codebook.yaml:1", "refers to itself"),
    "too many aliases": ("x: &x 1\nl: [" + ", ".join(["*x"] * 10_001) + "]\n",
                         "codebook.yaml:1", "more than 10000 YAML aliases"),
    "over the size limit": (MINI + "#" + "x" * 5_000_001 + "\n", "codebook.yaml",
                            "too large"),
    "impossible date": (edit("project: {name: Mini evaluation,",
                             "project: {description: 2024-02-30, name: Mini evaluation,"),
                        "codebook.yaml:2", "'2024-02-30' is not a real date"),
    "impossible month": (edit("project: {name: Mini evaluation,",
                              "project: {description: 2024-13-45, name: Mini evaluation,"),
                         "codebook.yaml:2", "not a real date"),
    "not utf-8": (MINI.replace("capacitación", "capacitaci\xf3n").encode("cp1252"),
                  "codebook.yaml", "not UTF-8"),
    "binary garbage": (bytes(range(256)) * 4, "codebook.yaml", "codebook"),
    "empty file": ("", "codebook.yaml", "must be a YAML mapping"),
    "a list, not a mapping": ("- codes\n- findings\n", "codebook.yaml:1", "YAML mapping"),
    "tab indentation": (edit("    name: Training\n", "\tname: Training\n"), "codebook.yaml:",
                        "YAML syntax error"),
    "duplicate code id": (edit("  - id: turnover\n", "  - id: training\n"), "codebook.yaml:27",
                          "duplicate id 'training'"),
    "undefined parent": (edit("  - id: training\n", "  - id: training\n    parent: nowhere\n"),
                         "codebook.yaml:19", "undefined parent code 'nowhere'"),
    "key without its colon": (edit("    definition: Training of officials.\n",
                                   "    definition Training of officials.\n"),
                              "codebook.yaml:23", "could not find expected ':'"),
}


def write_codebook(directory: Path, content: str | bytes) -> Path:
    path = directory / "codebook.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", CODEBOOKS)
def test_codebook_check_refuses(tmp_path, name):
    content, where, message = CODEBOOKS[name]
    book = write_codebook(tmp_path, content)
    assert_refused(run_bounded(["codebook", "check", book], tmp_path), where, message)


@pytest.mark.parametrize("name", ["parent cycle of three", "billion laughs", "empty regex"])
def test_code_refuses_and_leaves_the_store(workdir, name):
    content, where, message = CODEBOOKS[name]
    (workdir / "bad").mkdir()
    book = write_codebook(workdir / "bad", content)
    store = workdir / "project.sqlite"
    before = store_state(store)
    assert_refused(run_bounded(["code", "--codebook", book, "--store", store], workdir),
                   where.replace("codebook.yaml", "bad/codebook.yaml"), message)
    assert store_state(store) == before


@pytest.mark.parametrize("expression", ["(a+)+$", "(a|aa)+$", "(x+x+)+y"])
def test_a_catastrophic_regex_is_stopped_not_a_hang(workdir, write_transcript, expression):
    # A segment made to trip the expression: a long run of one letter.
    text = "a" * 5000 + "b" if "x" not in expression else "x" * 5000
    book = write_codebook(workdir, with_regex(expression))
    store = workdir / "project.sqlite"
    transcript = write_transcript(workdir, "KII-T-01.md", GOOD_FRONT_MATTER,
                                  f"E: ¿Algo más?\n\nR: {text}\n")
    assert run_bounded(["ingest", transcript, "--codebook", book, "--store", store],
                       workdir).exit_code == 0
    run_bounded(["accept", "all", "KII-ES-01:1", "--coder", "ana", "--store", store], workdir)
    before = decisions_state(store)
    outcome = run_bounded(["code", "--codebook", book, "--store", store], workdir)
    assert_refused(outcome, "codebook.yaml [codes -> specialised_units -> patterns -> regex]",
                   "backtracks catastrophically")
    # Re-coding commits batch by batch: batches before the failing one may be
    # kept, but no decision changes, and a run with the pattern fixed completes.
    assert decisions_state(store) == before
    book.write_text(MINI, encoding="utf-8")
    assert run_bounded(["code", "--codebook", book, "--store", store], workdir).exit_code == 0
    assert decisions_state(store) == before
