"""The first steps a new user takes, run the way they would run them: help,
then ingest the sample corpus, list it, and show the group KII."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import GOOD_FRONT_MATTER, ROOT, flat, write_transcript

from kiicode.cli import app
from kiicode.store import Store

SAMPLE_IDS = sorted([
    "KII-ES-01", "KII-ES-02", "KII-ES-03", "KII-ES-04", "KII-ES-05", "KII-ES-06", "KII-ES-07",
    "KII-ES-09", "KII-ES-10", "KII-GR-01", "KII-EN-01", "KII-EN-02", "KII-EN-03", "KII-EN-04",
])


def leaf_commands(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):   # a group such as `codebook`
            found += leaf_commands(command, prefix + (name,))
        else:
            found.append(prefix + (name,))
    return found


COMMANDS = leaf_commands(typer.main.get_command(app))


def test_top_level_help_lists_commands(invoke):
    result = invoke("--help")
    assert result.exit_code == 0
    listed = re.findall(r"^│ (\w+) ", result.stdout, re.MULTILINE)
    assert {"ingest", "transcripts", "show", "codebook"} <= set(listed)


def test_no_arguments_shows_help(invoke):
    result = invoke()
    assert "Usage: kiicode" in result.output
    assert "ingest" in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_help_has_an_example(invoke, command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert f"Usage: kiicode {' '.join(command)}" in text
    assert f"Example: kiicode {' '.join(command)} " in text


@pytest.fixture
def workdir(tmp_path, sample_dir, mini_codebook_path, monkeypatch):
    """A fresh directory holding a copy of the sample corpus and the mini codebook."""
    shutil.copytree(sample_dir, tmp_path / "transcripts_sample")
    shutil.copy(mini_codebook_path, tmp_path / "mini.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_ingest_list_and_show_the_sample(workdir, invoke):
    result = invoke("ingest", "transcripts_sample", "--store", "S.sqlite",
                    "--codebook", "mini.yaml")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "Ingested into S.sqlite: 14 added, 0 updated, 0 unchanged" in flat(result.stderr)
    summary = flat(result.stdout)
    assert "Transcripts │ 14 (1 group)" in summary
    assert "Languages │ es 10 transcripts, en 4 transcripts" in summary
    assert (workdir / "S.sqlite").exists()

    result = invoke("transcripts", "--store", "S.sqlite")
    assert result.exit_code == 0, result.output
    listed = re.findall(r"^│ (KII-[A-Z]{2}-\d\d) ", result.stdout, re.MULTILINE)
    assert listed == SAMPLE_IDS

    result = invoke("show", "KII-GR-01", "--store", "S.sqlite")
    assert result.exit_code == 0, result.output
    rows = [[cell.strip() for cell in line.split("│")[1:-1]]
            for line in result.stdout.splitlines() if line.startswith("│")]
    with Store.open(workdir / "S.sqlite") as project:
        segments = project.segments("KII-GR-01")
        interviewer_turns = [t for t in project.turns("KII-GR-01") if t.role == "interviewer"]
    shown = {row[0]: row[1] for row in rows if row[0]}   # segment id -> speaker
    for label in ("P1", "P2", "P3"):
        ids = {s.id for s in segments if s.respondent_id == f"KII-GR-01-{label}"}
        assert ids and all(shown[i] == label for i in ids)
    assert {s.id for s in segments} == set(shown)
    interviewer_rows = [row for row in rows if row[2] == "interviewer"]
    assert len(interviewer_rows) == len(interviewer_turns)
    assert all(row[1] == "Moderadora" for row in interviewer_rows)


# The README's own commands are run, every block in order, by
# tests/test_readme_commands.py.


def test_store_from_environment(workdir, invoke, monkeypatch):
    assert invoke("ingest", "transcripts_sample", "--store", "S.sqlite",
                  "--codebook", "mini.yaml").exit_code == 0
    monkeypatch.setenv("KIICODE_STORE", str(workdir / "S.sqlite"))
    result = invoke("show", "KII-ES-10")
    assert result.exit_code == 0, result.output
    assert "Operadora CEM" in result.stdout


def test_mistyped_command_line_exits_2(invoke):
    result = invoke("ingest", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option" in flat(result.output)


def test_ingest_again_changes_nothing(workdir, invoke):
    args = ("ingest", "transcripts_sample", "--store", "S.sqlite", "--codebook", "mini.yaml")
    assert invoke(*args).exit_code == 0
    result = invoke(*args)
    assert result.exit_code == 0
    assert "0 added, 0 updated, 14 unchanged" in flat(result.stderr)


def test_default_store_is_in_the_current_directory(workdir, invoke):
    result = invoke("ingest", "transcripts_sample", "--codebook", "mini.yaml")
    assert result.exit_code == 0, result.output
    assert (workdir / "kiicode.sqlite").exists()
    result = invoke("transcripts")
    assert result.exit_code == 0
    assert "KII-GR-01" in result.stdout


def test_user_text_is_not_rich_markup(workdir, invoke):
    # "[bold]" in a transcript is the respondent's text, not a style
    write_transcript(workdir, "KII-T-01.md", GOOD_FRONT_MATTER,
                     "E: ¿Hola?\n\nR: Dijo [bold]no[/bold] y [risas] se fue.\n")
    assert invoke("ingest", "KII-T-01.md", "--store", "S.sqlite",
                  "--codebook", "mini.yaml").exit_code == 0
    result = invoke("show", "KII-T-01", "--store", "S.sqlite")
    assert result.exit_code == 0, result.output
    assert "Dijo [bold]no[/bold] y [risas] se fue." in result.stdout


def test_failed_first_ingest_creates_no_store(workdir, invoke):
    result = invoke("ingest", "missing_folder", "--store", "S.sqlite",
                    "--codebook", "mini.yaml")
    assert result.exit_code == 1
    assert not (workdir / "S.sqlite").exists()


def test_python_dash_m_kiicode_help():
    env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    completed = subprocess.run([sys.executable, "-m", "kiicode", "--help"], env=env,
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert "Usage:" in completed.stdout
    assert "ingest" in completed.stdout


def kiicode_in(folder, *args, timeout: float = 120) -> subprocess.CompletedProcess:
    """The `kiicode` a user's shell runs (the venv's console script), from `folder`."""
    script = os.path.join(os.path.dirname(sys.executable), "kiicode")
    command = [script] if os.path.exists(script) else [sys.executable, "-m", "kiicode"]
    env = {k: v for k, v in os.environ.items() if k != "KIICODE_STORE"}
    return subprocess.run([*command, *map(str, args)], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_kiicode_works_from_any_folder(tmp_path, sample_dir):
    """From a folder that is not the repository: the default codebook (inside
    the package) is found, the store is made where the README says (the
    current folder), and the project works from elsewhere by --store."""
    work, elsewhere = tmp_path / "cpc", tmp_path / "other"
    work.mkdir()
    elsewhere.mkdir()
    completed = kiicode_in(work, "ingest", sample_dir)
    assert completed.returncode == 0, completed.stderr
    assert (work / "kiicode.sqlite").exists() and not (ROOT / "kiicode.sqlite").exists()
    assert "14 added" in completed.stderr
    completed = kiicode_in(work, "code")
    assert completed.returncode == 0, completed.stderr
    assert "Matched 204 segments against 65 of 65 codes" in flat(completed.stderr)
    with Store.open(work / "kiicode.sqlite") as project:
        recorded = Path(project.get_meta("codebook_path"))
    assert recorded.is_absolute() and recorded.name == "cpc_peru.yaml"
    completed = kiicode_in(elsewhere, "tally", "--status", "all", "--format", "json",
                           "--store", work / "kiicode.sqlite")
    assert completed.returncode == 0, completed.stderr
    assert '"F3"' in completed.stdout
    assert list(elsewhere.iterdir()) == []   # nothing written where it was only read
