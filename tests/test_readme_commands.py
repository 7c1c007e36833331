"""Every shell block of README.md, run as written and in README order, in a
fresh folder holding a copy of the repository's sample data (so the README's
relative paths work): each `kiicode ...` line must exit 0, or the code its
comment states ("# exit 1 ..."), with no traceback and no "Internal error"
(the checked runner fails on either). Other shell lines (mkdir, cp, printf)
run in bash in that folder. Then every command's --help example runs the
same way on the project the README leaves behind. What is not run is skipped by one of the rules
in SKIPPED, visibly: the test lists them, and fails if a rule matches
nothing (a rule that skips nothing hides a stale README or a stale rule).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from conftest import ROOT, flat

README = ROOT / "README.md"
# The repository's data the README's commands name, copied into the folder.
SAMPLE_DATA = ("transcripts_sample", "codebooks", "tests/fixtures/formats")

# Why a README line is not run: (rule, what it matches in the line).
SKIPPED = {
    "make targets build .venv first (make test runs this suite, make demo scripts/demo.sh)":
        r"^make ",
    "activating the virtual environment (the test already runs inside it)": r"^\. \.venv/",
    "interactive screens (Textual) need a person at the keyboard; "
    "tests/review/ drives them": r"^kiicode (review|adjudicate screen)\b(?!.*--help)",
    "example.org addresses are placeholders for a team's own PostgreSQL server "
    "(tests/test_store_copy.py copies to a real one)": r"example\.org",
}
# What a README line's output must show, so an example that "runs" but shows
# nothing (a `why` for a code that was never suggested, `agreement` with a
# coder who never coded) fails: (line pattern, output pattern).
PROMISES = (
    (r"^kiicode why ", r"Suggested in the (pattern|similar) tier"),
    (r"^kiicode agreement ", r"on [1-9]\d* segments both reviewed"),
    (r"^kiicode adjudicate list ", r"[1-9]\d* disagreements of"),
    (r"^kiicode tally --agreement ", r"\b[1-9]\d* of \d+ respondents|\([1-9]\d* of \d+\)"),
)
# Help examples that exit 1 on the sample, and why (the README says it in a comment).
HELP_EXITS = {
    "kiicode audit --strict": 1,   # the sample, barely reviewed, has gaps
}
# Files the README names that a colleague would send: what stands in for each.
STAND_INS = {
    "maria_nvivo.qdpx": "out/project.qdpx",   # her NVivo project: our own export, as sent
    "team_codebook.xlsx": "out/codebook.xlsx",   # the team's edited codebook spreadsheet
}


@dataclass
class Line:
    """One command of a README shell block."""

    text: str        # as written, continuation lines joined
    number: int      # README line it starts on
    block: int       # which shell block (1 = first)


def readme_lines() -> list[Line]:
    """Every command line of every ```sh block, in README order."""
    lines: list[Line] = []
    in_block, blocks, pending, start = False, 0, "", 0
    for number, raw in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("```"):
            in_block = raw.strip() in ("```sh", "```bash", "```shell")
            blocks += in_block
            continue
        if not in_block or not raw.strip():
            continue
        if not pending:
            start = number
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        lines.append(Line((pending + raw).strip(), start, blocks))
        pending = ""
    return lines


def skip_rule(line: Line) -> str | None:
    for rule, pattern in SKIPPED.items():
        if re.search(pattern, line.text):
            return rule
    return None


def expected_exit(line: Line) -> int:
    """0, unless the line's comment says otherwise ("# exit 1 ...")."""
    if line.text in HELP_EXITS:
        return HELP_EXITS[line.text]
    comment = line.text.split(" #", 1)[1] if " #" in line.text else ""
    said = re.search(r"\bexit (?:code )?(\d)\b", comment)
    return int(said.group(1)) if said else 0


def test_readme_is_read_whole():
    lines = readme_lines()
    blocks = {line.block for line in lines}
    assert len(blocks) >= 8 and sum(line.text.startswith("kiicode ") for line in lines) >= 40
    # Every rule skips something, and no kiicode command is skipped silently.
    used = {skip_rule(line) for line in lines} - {None}
    assert used == set(SKIPPED), f"rules that match nothing: {set(SKIPPED) - used}"


@pytest.fixture
def readme_folder(tmp_path, monkeypatch):
    """A fresh folder with the sample data, as a newcomer's clone has it; HOME
    inside it too, so `~/...` paths stay in the test."""
    for part in SAMPLE_DATA:
        shutil.copytree(ROOT / part, tmp_path / part)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("KIICODE_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def help_examples() -> list[Line]:
    """Every "Example: kiicode ..." of every command's help, as one line each
    (a `&&` chain split, a `> file` redirection dropped)."""
    import typer

    from kiicode.cli import app

    def walk(group, path=()):
        for name, command in group.commands.items():
            yield path + (name,), command
            if hasattr(command, "commands"):
                yield from walk(command, path + (name,))

    found = []
    for _path, command in walk(typer.main.get_command(app)):
        for example in re.findall(r"Example: (kiicode .+?)(?=\n\s*\n|\s*Example: |$)",
                                  command.help or "", re.DOTALL):
            for part in " ".join(example.split()).split(" && "):
                found.append(Line(part.split(" > ")[0], 0, -len(found) - 1))
    return found


def test_every_readme_command_runs_as_written(readme_folder, invoke):
    """The README's blocks in order, then every command's help example on the
    project the README leaves behind."""
    ran, skipped, done = [], [], set()
    for line in readme_lines() + help_examples():
        where = (f"README.md:{line.number}: " if line.number else "--help: ") + line.text
        rule = skip_rule(line)
        if rule:
            skipped.append(f"{where}  [{rule}]")
            continue
        if not line.text.startswith("kiicode "):
            shell = subprocess.run(["bash", "-euo", "pipefail", "-c", line.text],
                                   cwd=readme_folder, capture_output=True, text=True,
                                   timeout=60)
            assert shell.returncode == 0, (where, shell.stderr)
            continue
        args = [os.path.expanduser(a) for a in shlex.split(line.text, comments=True)[1:]]
        if not line.number and tuple(args) in done:   # a help example the README ran
            ran.append(where)
            continue
        done.add(tuple(args))
        for name, stand_in in STAND_INS.items():
            if name in args and not (readme_folder / name).exists():
                shutil.copy(readme_folder / stand_in, readme_folder / name)
        result = invoke(*args)
        assert result.exit_code == expected_exit(line), (where, result.output)
        for command, promise in PROMISES:
            if re.search(command, line.text):
                assert re.search(promise, flat(result.output)), (where, result.output)
        ran.append(where)
    print("Skipped:", *skipped, sep="\n  ")
    assert sum(w.startswith("README") for w in ran) >= 40
    assert sum(w.startswith("--help") for w in ran) >= 40
    # What the README promises about the store: the default one, in this folder.
    assert (readme_folder / "kiicode.sqlite").exists()
    assert not (readme_folder / "out" / "p.sqlite").exists()
