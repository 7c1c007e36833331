"""Conventions every kiicode command follows, checked on every command the CLI
has (a new command is checked the moment it is registered):

- `kiicode --version`, and shell completion;
- help: an example on every command and group, paragraphs not hard-wrapped,
  value placeholders in words (never `<bool>`, `<list[str]>`, `<int range>`,
  `SomeFormat.table`), and examples that use the default store, which
  `make demo` and `make clean` never delete;
- no output line of any command names a Python type or says "Internal error"
  (the runner in conftest.py fails any CLI test whose output does, or whose
  command raised anything but exit), and every command is run here once on a
  small coded project (EVERY_COMMAND; a new command fails until it is added);
- every listing command prints --format table|json|csv through one helper;
- output piped to a file or program is full width; an ASCII-only terminal
  gets '?' for what it cannot show, never a crash.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import typer
from coded_project import MINI_CODEBOOK, coded_template_fixture, project_fixture  # noqa: F401
from conftest import FORBIDDEN_OUTPUT, flat

from kiicode import __version__
from kiicode.cli import app
from kiicode.export import safe_cell
from kiicode.store import Store


def walk(group, prefix: tuple[str, ...] = ()):
    """(path, command) for every group and command under `group`."""
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from walk(command, prefix + (name,))


ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = {path for path, command in walk(ROOT_COMMAND) if not hasattr(command, "commands")}
EVERYTHING = [((), ROOT_COMMAND), *walk(ROOT_COMMAND)]
IDS = [" ".join(path) or "kiicode" for path, _ in EVERYTHING]


def test_version(invoke):
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"kiicode {__version__}"


def test_shell_completion_completes_commands(runner):
    result = runner.invoke(app, [], prog_name="kiicode", env={
        "_KIICODE_COMPLETE": "complete_bash", "COMP_WORDS": "kiicode ing", "COMP_CWORD": "1"})
    assert result.stdout.split() == ["ingest"]
    assert "--install-completion" in invoke_help(runner, ())


def invoke_help(runner, path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path, "--help"], prog_name="kiicode")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(("path", "command"), EVERYTHING, ids=IDS)
def test_help_follows_the_house_style(runner, path, command):
    text = invoke_help(runner, path)
    for line in text.splitlines():
        assert not FORBIDDEN_OUTPUT.search(line), line
    flattened = flat(text)
    assert f"Example: kiicode {' '.join(path)}".rstrip() + " " in flattened, \
        "every command and group shows an example"
    # A docstring's line breaks are not kept: each paragraph is one line at 200 columns.
    lines = [" ".join(line.strip("│ ").split()) for line in text.splitlines()]
    for paragraph in (command.help or "").split("\n\n"):
        assert "\n" not in paragraph
        if len(paragraph) < 150:
            assert any(paragraph in line for line in lines), paragraph
    # The store make demo rebuilds and make clean removes is no place for a coder's work.
    assert "--store out/" not in flattened


def test_help_placeholders_say_what_to_type(runner):
    text = flat(invoke_help(runner, ("tally",)))
    assert "--store -s STORE" in text
    assert "--format [table|csv|json|markdown]" in text
    assert "--status [accepted|reviewed|all]" in text
    code_help = flat(invoke_help(runner, ("code",)))
    assert "--jobs -j JOBS" in code_help and "x>=1" not in code_help
    assert "--coders NAME NAME" in flat(invoke_help(runner, ("agreement",)))
    assert "Usage: kiicode ingest [OPTIONS] {PATHS}..." in flat(invoke_help(runner, ("ingest",)))


def test_forbidden_output_catches_what_it_should():
    for leak in ("--help <bool>", "--finding <list[str]>", "--jobs <int range>",
                 "default: AgreementFormat.table", "Internal error: ValueError('x')",
                 "--coders list[str]", "[x>=1] int range", "default: ImportProfile.auto",
                 "ChartKind.heatmap"):
        assert FORBIDDEN_OUTPUT.search(leak), leak
    for fine in ("--help", "--by [type|region]", "Error: KII-1.md:3: no such code 'x'"):
        assert not FORBIDDEN_OUTPUT.search(fine), fine


def test_checked_runner_fails_a_crashing_command(runner):
    crashing = typer.Typer()

    @crashing.command()
    def boom() -> None:
        raise ValueError("a bug")

    with pytest.raises(AssertionError, match="Internal error"):
        runner.invoke(crashing, [])


def run_kiicode(*args, env: dict | None = None, timeout: float = 60):
    """`python -m kiicode ARGS` in a child process, as a user's shell runs it
    (stdout and stderr are pipes, not a terminal)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "kiicode", *map(str, args)],
                          capture_output=True, text=True, env=environment, timeout=timeout,
                          encoding="utf-8", errors="replace")


def test_piped_output_is_full_width(project):
    with Store.open(project) as store:
        path = store.transcript("KII-T-01").path
    completed = run_kiicode("transcripts", "--store", project)
    assert completed.returncode == 0, completed.stderr
    rows = [line for line in completed.stdout.splitlines() if "KII-T-01" in line]
    assert len(path) > 40 and rows and path in rows[0], completed.stdout   # not cut at 80
    assert "…" not in completed.stdout


def test_an_ascii_terminal_gets_question_marks_not_a_crash(project):
    completed = run_kiicode("show", "KII-T-01", "--codes", "--store", project,
                            env={"PYTHONIOENCODING": "ascii"})
    assert completed.returncode == 0, completed.stderr
    assert "Internal error" not in completed.stderr
    assert "La capacitaci?n fue muy buena" in completed.stdout
    assert "+--" in completed.stdout or "|" in completed.stdout   # ASCII table borders
    completed = run_kiicode("audit", "--store", project, "--codebook", MINI_CODEBOOK,
                            "--status", "all", env={"PYTHONIOENCODING": "ascii"})
    assert completed.returncode in (0, 1)
    assert "Internal error" not in completed.stderr and "Traceback" not in completed.stderr
    assert "Audit " in completed.stderr


def test_docs_cli_md_is_generated_from_the_commands():
    # After adding or changing a command: python -m kiicode.cli.reference
    from conftest import ROOT

    from kiicode.cli.reference import cli_reference

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference(app), \
        "docs/cli.md is stale: run `python -m kiicode.cli.reference`"


def coded_by_two(invoke, project) -> None:
    """The mini project with something on every listing: two coders' decisions
    (one disagreement), a double-coding set, a memo a spreadsheet would run."""
    for args in (("accept", "training", "KII-T-01:1", "--coder", "ana"),
                 ("accept", "turnover", "KII-T-01:2", "--coder", "ana"),
                 ("accept", "training", "KII-T-01:1", "--coder", "luis"),
                 ("reject", "turnover", "KII-T-01:2", "--coder", "luis"),
                 ("memo", "KII-T-01:1", "=2+2 looks like a formula", "--coder", "ana"),
                 ("sample", "--coders", "ana", "--coders", "luis", "--share", "1")):
        result = invoke(*args, "--store", project)
        assert result.exit_code == 0, (args, result.output)


# Every command that lists rows, and the rows it must list on `coded_by_two`
# (0: it may list none). Each prints --format table|json|csv through one
# helper (kiicode.cli.options.print_listing).
LISTINGS = {
    ("transcripts",): 2,
    ("show", "KII-T-01"): 5,
    ("show", "KII-T-01", "--codes"): 5,
    ("memos",): 1,
    ("quote", "list", "F1", "--status", "all"): 2,
    ("adjudicate", "list", "--coders", "ana", "luis"): 1,
    ("sample",): 2,
    ("pii", "decisions"): 0,
}


@pytest.mark.parametrize("args", list(LISTINGS), ids=" ".join)
def test_listings_print_json_and_csv_for_scripts(invoke, project, args):
    import csv
    import io
    import json

    coded_by_two(invoke, project)
    as_json = invoke(*args, "--format", "json", "--store", project)
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)   # stdout is the JSON and nothing else
    assert isinstance(rows, list) and len(rows) >= LISTINGS[args]
    assert all(isinstance(row, dict) and list(row) == list(rows[0]) for row in rows)
    as_csv = invoke(*args, "--format", "csv", "--store", project)
    assert as_csv.exit_code == 0, as_csv.output
    reader = csv.DictReader(io.StringIO(as_csv.stdout))
    table = list(reader)
    assert reader.fieldnames and (not rows or reader.fieldnames == list(rows[0]))
    assert [dict(r) for r in table] == [
        {k: "" if v is None else str(safe_cell(v)) for k, v in row.items()} for row in rows]
    as_table = invoke(*args, "--store", project)
    assert as_table.exit_code == 0 and ("┃" in as_table.stdout or "│" in as_table.stdout)
    if args[0] == "show":
        with Store.open(project) as store:
            text = store.transcript("KII-T-01").text
        spoken = [r for r in rows if r["segment"]]
        assert spoken and all(text[r["start"]:r["end"]] == r["text"] for r in spoken)
    if args[0] == "memos":   # a formula is text in the CSV, as it was written in the JSON
        assert rows[0]["text"] == "=2+2 looks like a formula"
        assert "'=2+2 looks like a formula" in as_csv.stdout


def test_report_listings_print_csv_rows_and_a_json_report(invoke, project):
    """agreement, pii scan and audit: CSV rows through the same helper; their
    JSON is the whole report (agreement's examples, the scan's corpus size,
    the audit's tree)."""
    import csv
    import io
    import json

    coded_by_two(invoke, project)
    for args, key in ((("agreement", "--coders", "ana", "luis"), "per_code"),
                      (("pii", "scan"), "hits"), (("audit", "--status", "all"), "problems")):
        report = json.loads(invoke(*args, "--format", "json", "--store", project).stdout)
        assert key in report
        rows = list(csv.DictReader(io.StringIO(
            invoke(*args, "--format", "csv", "--store", project).stdout)))
        assert len(rows) == len(report[key]) + (args[0] == "agreement")   # + overall
        if args[0] == "audit":
            assert rows and [r["check"] for r in rows] == [p["check"] for p in report[key]]


# One run of every command on the mini project (after `coded_by_two`), in
# this order, with the exit code it must give; {out} is a fresh folder.
# The checked runner fails any run whose output names a Python type, says
# "Internal error" or shows a traceback.
EVERY_COMMAND = [
    (("ingest", "{transcripts}", "--dry-run"), 0),
    (("transcripts",), 0), (("show", "KII-T-01", "--codes"), 0), (("code",), 0),
    (("why", "KII-T-01:1", "training"), 0),
    (("evaluate", "--gold-coder", "ana"), 0),
    (("accept", "specialised_units", "KII-T-01:3", "--coder", "ana"), 0),
    (("reject", "training", "KII-T-02:1", "--coder", "ana"), 0),
    (("assign", "turnover", "KII-T-02:1", "--coder", "ana"), 0),
    (("unassign", "turnover", "KII-T-02:1", "--coder", "ana"), 0),
    (("link", "F1", "KII-T-01:1", "--coder", "ana"), 0),
    (("unlink", "F1", "KII-T-01:1", "--coder", "ana"), 0),
    (("memo", "KII-T-01:3", "units", "--coder", "ana"), 0), (("memos",), 0),
    (("undo", "--coder", "ana"), 0),
    (("agreement", "--coders", "ana", "luis"), 0), (("sample",), 0),
    (("adjudicate", "list", "--coders", "ana", "luis"), 0),
    (("adjudicate", "decide", "KII-T-01:2", "turnover", "accept", "--coders", "ana", "luis",
      "--by", "eva"), 0),
    (("tally", "--status", "all"), 0),
    (("audit", "--strict", "--status", "all"), 1),   # warnings fail --strict: exit 1
    (("quote", "pin", "F1", "KII-T-01:1", "--coder", "ana"), 0),
    (("quote", "exclude", "F1", "KII-T-02:1", "--coder", "ana"), 0),
    (("quote", "clear", "F1", "KII-T-02:1", "--coder", "ana"), 0),
    (("quote", "list", "F1", "--status", "all"), 0),
    (("chart", "strength", "{out}/strength.svg", "--status", "all"), 0),
    (("report", "{out}/report.md", "--status", "all"), 0),
    (("export", "codings", "{out}/codings.csv"), 0),
    (("export", "xlsx", "{out}/matrix.xlsx", "--status", "all"), 0),
    (("export", "csv", "{out}/evidence", "--status", "all"), 0),
    (("export", "jsonl", "{out}/evidence.jsonl", "--status", "all"), 0),
    (("export", "qdpx", "{out}/project.qdpx"), 0), (("export", "qdc", "{out}/codebook.qdc"), 0),
    (("import", "qdpx", "{out}/project.qdpx", "--coder", "maria", "--store", "{out}/in.sqlite"),
     0),
    (("codebook", "check", str(MINI_CODEBOOK)), 0),
    (("codebook", "export", "{out}/codebook.xlsx"), 0),
    (("codebook", "import", "{out}/codebook.xlsx", "{out}/team.yaml"), 0),
    (("pii", "scan"), 0), (("pii", "decisions"), 0),
    (("pii", "dismiss", "0000000000", "--coder", "ana"), 1),   # no such hit: a clear error
    (("pii", "restore", "0000000000"), 0),
    (("pii", "redact", "{out}/redacted"), 0),
    (("store", "copy", "{store}", "{out}/copy.sqlite"), 0),
]
# Screens need a terminal: their help is checked above, their keys in tests/review/.
INTERACTIVE = {("review",), ("adjudicate", "screen")}


def test_every_command_runs_with_clean_output(invoke, coded_template, tmp_path):
    project = tmp_path / "project.sqlite"
    shutil.copy(coded_template, project)
    coded_by_two(invoke, str(project))
    out = tmp_path / "out"
    out.mkdir()
    fill = {"out": str(out), "store": str(project),
            "transcripts": str(coded_template.parent / "transcripts")}
    ran = []
    for args, code in EVERY_COMMAND:
        args = [a.format(**fill) for a in args]
        store = [] if "--store" in args or args[0] in ("store", "codebook") and \
            args[1] != "export" else ["--store", str(project)]
        result = invoke(*args, *store)
        assert result.exit_code == code, (args, result.output)
        ran.append(tuple(args))
    missing = {c for c in COMMANDS - INTERACTIVE if not any(r[:len(c)] == c for r in ran)}
    assert not missing, f"add a run of {missing} to EVERY_COMMAND"
