"""Run one hostile input the way a user meets it, and check what every bad
input must get: exit code 1, a message that says where (file, and line where
there is one), no traceback, no "Internal error", an answer within a time
bound (a hang is a failure, not a stuck test run), and the project store
exactly as it was.

Each case runs `kiicode ARGS` in a forked child process (cheap: the parent
has imported and warmed everything), so a hang or a runaway allocation can be
killed at the bound."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import sqlite3
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FORBIDDEN_OUTPUT
from typer.testing import CliRunner

from kiicode.cli import app

BOUND_SECONDS = 10.0


@dataclass
class Outcome:
    exit_code: int | None
    stdout: str
    stderr: str
    crash: str          # a traceback of an exception other than exit, or ""
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _child(connection, args: list[str], cwd: str, env: dict[str, str]) -> None:
    try:
        os.chdir(cwd)
        os.environ.update(env)
        result = CliRunner().invoke(app, args, prog_name="kiicode")
        crash = ""
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crash = "".join(traceback.format_exception(result.exception))
        connection.send((result.exit_code, result.stdout, result.stderr, crash))
    except BaseException:   # noqa: BLE001 - report anything to the parent, then exit
        connection.send((None, "", "", traceback.format_exc()))
    finally:
        connection.close()
        os._exit(0)


def run_bounded(args, cwd: Path, env: dict[str, str] | None = None,
                seconds: float = BOUND_SECONDS) -> Outcome:
    """`kiicode ARGS` in a forked child; fails the test if it runs past `seconds`."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, [str(a) for a in args], str(cwd),
                                                   env or {}))
    start = time.monotonic()
    process.start()
    send.close()
    if not receive.poll(seconds):
        process.kill()
        process.join()
        pytest.fail(f"kiicode {' '.join(map(str, args))} ran past {seconds:.0f} s (a hang)")
    exit_code, stdout, stderr, crash = receive.recv()
    elapsed = time.monotonic() - start
    process.join()
    return Outcome(exit_code, stdout, stderr, crash, elapsed)


def store_state(path: Path) -> str:
    """A digest of the store's content (a logical dump, so a write that sits in
    the -wal file counts), or of the file's bytes when it is not SQLite."""
    if not path.exists():
        return "absent"
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            dump = "\n".join(db.iterdump())
        return hashlib.sha256(dump.encode()).hexdigest()
    except sqlite3.DatabaseError:
        return hashlib.sha256(path.read_bytes()).hexdigest()


def decisions_state(path: Path) -> str:
    """A digest of what people did: coders' decisions, links, memos, reviews
    and the undo log (re-coding may change machine suggestions, never these)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = [db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in
                ("finding_link", "memo", "review", "decision_log")]
        rows.append(db.execute("SELECT * FROM coding WHERE coder <> 'auto' "
                               "ORDER BY segment, code, coder").fetchall())
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def file_bytes(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def assert_refused(outcome: Outcome, where: str, message: str = "") -> None:
    """Exit 1 with a located message: `where` (e.g. 'codebook.yaml:7' or
    'respondents.csv:2') and `message` are substrings of the error."""
    text = " ".join(outcome.stderr.split())
    assert not outcome.crash, outcome.crash
    assert outcome.exit_code == 1, (outcome.exit_code, outcome.output)
    assert "Traceback" not in outcome.output and "Internal error" not in outcome.output
    for line in outcome.output.splitlines():
        assert not FORBIDDEN_OUTPUT.search(line), line
    assert "Error:" in text, outcome.output
    assert where in text, f"the error does not say where ({where!r}): {outcome.output}"
    assert message.lower() in text.lower(), (message, outcome.output)
    assert outcome.seconds < BOUND_SECONDS


def copy_project(template: Path, target_dir: Path) -> Path:
    """A private copy of a project store (its -wal folded in first)."""
    with sqlite3.connect(template) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target = target_dir / "project.sqlite"
    shutil.copy(template, target)
    return target
