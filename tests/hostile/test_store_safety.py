"""Data safety: kiicode never writes where it must not, never replaces one
interview with another, and never switches codebooks behind a user's back."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from hostile_harness import assert_refused, file_bytes, run_bounded, store_state
from projects import sample_template_fixture, workdir_fixture  # noqa: F401

from kiicode.store import Store


def other_application_db(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO users VALUES (1, 'maria')")
    return path


@pytest.mark.parametrize("args", [
    ["transcripts"], ["show", "KII-ES-01"], ["tally"], ["code"],
    ["ingest", "transcripts"], ["accept", "all", "KII-ES-01:1", "--coder", "ana"],
], ids=lambda a: a[0])
def test_another_applications_database_is_never_written(workdir, args):
    target = other_application_db(workdir / "crm.sqlite")
    before = file_bytes(target)
    outcome = run_bounded([*args, "--store", target], workdir)
    assert_refused(outcome, "crm.sqlite", "not a kiicode project")
    assert "users" in outcome.stderr
    assert file_bytes(target) == before                      # byte for byte
    assert not Path(f"{target}-wal").exists()                 # not even switched to WAL


@pytest.mark.parametrize("content", [b"", b"hello, not a database\n" * 10],
                         ids=["empty file", "text file"])
def test_a_file_that_is_no_project_is_refused_by_a_reading_command(workdir, content):
    target = workdir / "p.sqlite"
    target.write_bytes(content)
    outcome = run_bounded(["transcripts", "--store", target], workdir)
    assert_refused(outcome, "p.sqlite", "project")
    assert target.read_bytes() == content


def test_a_new_file_claiming_a_stored_id_is_a_clash_naming_both(workdir):
    store = workdir / "project.sqlite"
    with Store.open(store) as project:
        stored_path = project.transcript("KII-EN-01").path
    copy = workdir / "KII-EN-01-copy.md"
    copy.write_text(Path(stored_path).read_text(encoding="utf-8").replace("training", "courses"),
                    encoding="utf-8")
    before = store_state(store)
    outcome = run_bounded(["ingest", copy, "--store", store], workdir)
    assert_refused(outcome, "KII-EN-01-copy.md", "id 'KII-EN-01' is already the transcript")
    assert stored_path in " ".join(outcome.stderr.split())
    assert store_state(store) == before


def test_a_moved_transcript_is_updated_with_a_warning(workdir):
    store = workdir / "project.sqlite"
    with Store.open(store) as project:
        stored_path = Path(project.transcript("KII-EN-02").path)
    moved = workdir / "moved" / "KII-EN-02.md"
    moved.parent.mkdir()
    shutil.copy(stored_path, moved)
    with sqlite3.connect(store) as db:   # as if the old file had been moved away
        db.execute("UPDATE transcript SET path=? WHERE id='KII-EN-02'",
                   (str(workdir / "gone" / "KII-EN-02.md"),))
    outcome = run_bounded(["ingest", moved, "--store", store], workdir)
    assert outcome.exit_code == 0, outcome.output
    assert "which is gone: taken as moved here" in " ".join(outcome.stderr.split())


def test_a_missing_project_codebook_is_an_error_naming_it(workdir):
    store = workdir / "project.sqlite"
    with Store.open(store) as project:
        recorded = project.get_meta("codebook_path")
    hidden = Path(recorded).with_suffix(".hidden")
    os.rename(recorded, hidden)
    try:
        before = store_state(store)
        for args in (["code"], ["tally"], ["ingest", "transcripts"]):
            outcome = run_bounded([*args, "--store", store], workdir)
            assert_refused(outcome, recorded, "the project's codebook (recorded at ingest) "
                           "is missing")
            assert "cpc_peru" not in outcome.stderr   # no silent fallback, not even named
        assert store_state(store) == before
    finally:
        os.rename(hidden, recorded)


def test_ingest_without_codebook_uses_the_projects(workdir):
    # The project was ingested with the mini codebook; the default CPC one
    # would reject its respondent types if ingest fell back to it.
    store = workdir / "project.sqlite"
    with Store.open(store) as project:
        recorded = project.get_meta("codebook_path")
    outcome = run_bounded(["ingest", "transcripts", "--store", store], workdir)
    assert outcome.exit_code == 1                    # a clash: same ids, other files
    assert "is already the transcript" in outcome.stderr
    assert "respondent type" not in outcome.stderr   # read with the project's codebook
    with Store.open(store) as project:
        assert project.get_meta("codebook_path") == recorded


def _make_immutable(path: Path) -> bool:
    """The store and its folder read-only, even for root (CI runs as root):
    chattr +i, where the filesystem has it."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        path.parent.chmod(0o555)
        return True
    done = subprocess.run(["chattr", "+i", str(path), str(path.parent)], capture_output=True)
    return done.returncode == 0


def _make_mutable(path: Path) -> None:
    if os.geteuid() != 0:
        path.parent.chmod(0o755)
        path.chmod(0o644)
    else:
        subprocess.run(["chattr", "-i", str(path), str(path.parent)], capture_output=True)


def test_a_read_only_store_on_accept_is_a_located_error(workdir):
    store = workdir / "locked" / "project.sqlite"
    store.parent.mkdir()
    shutil.move(workdir / "project.sqlite", store)
    if shutil.which("chattr") is None or not _make_immutable(store):
        pytest.skip("this filesystem cannot make a file read-only for root (chattr +i)")
    try:
        before = file_bytes(store)
        outcome = run_bounded(["accept", "all", "KII-ES-01:1", "--coder", "ana",
                               "--store", store], workdir)
        assert_refused(outcome, "project.sqlite", "writable")
        assert "Saved" not in outcome.stderr
        assert file_bytes(store) == before
    finally:
        _make_mutable(store)
