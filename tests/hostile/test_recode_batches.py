"""Re-coding beside coders: `code` commits in short batches, so decisions made
while it runs are saved (none waits for the whole run), and a run killed
half-way leaves a consistent store that the next run completes to exactly
what an uninterrupted run gives."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time

from hostile_harness import decisions_state
from projects import sample_template_fixture, workdir_fixture  # noqa: F401

from kiicode.codebook import load_codebook
from kiicode.pipeline import code
from kiicode.store import Store


def suggestions(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT segment, code, round(score, 6) FROM coding "
                          "WHERE coder = 'auto' ORDER BY segment, code").fetchall()


def uncode(path) -> None:
    """The project as ingested, before any `kiicode code`."""
    with Store.open(path) as store, store.transaction():
        store.db.execute("DELETE FROM coding WHERE coder = 'auto'")
        store.db.execute("DELETE FROM coded_segment")
        store.db.execute("DELETE FROM meta WHERE key = 'code_fingerprints'")


def _recode(path: str, book: str, batches_done, slow: float) -> None:
    def progress(done: int, total: int) -> None:
        batches_done.value += 1
        time.sleep(slow)   # room for the other process to act between batches
    with Store.open(path) as store:
        code(store, load_codebook(book), on_progress=progress, batch_size=4, jobs=1)
    os._exit(0)


def start_recode(workdir, slow: float = 0.01):
    context = multiprocessing.get_context("fork")
    batches_done = context.Value("i", 0)
    process = context.Process(target=_recode, args=(
        str(workdir / "project.sqlite"), str(workdir / "codebook.yaml"), batches_done, slow))
    process.start()
    return process, batches_done


def test_decisions_while_recoding_are_saved_and_never_wait_long(workdir):
    store = workdir / "project.sqlite"
    expected = suggestions(store)
    uncode(store)
    process, batches_done = start_recode(workdir)
    while batches_done.value == 0:
        time.sleep(0.01)
    saved, waits = [], []
    with Store.open(store) as project:
        segments = [s.id for s in project.segments()]
        while process.is_alive() and len(saved) < len(segments):
            before = time.monotonic()
            project.mark_reviewed(segments[len(saved)], "ana")
            waits.append(time.monotonic() - before)
            saved.append(segments[len(saved)])
    process.join(30)
    assert process.exitcode == 0
    assert len(saved) > 3, "the re-code ended before any decision overlapped it"
    with Store.open(store) as project:
        assert set(saved) <= set(project.reviewed("ana"))
    assert suggestions(store) == expected
    # not a speed target: a decision waiting for the whole run would take seconds here
    assert max(waits) < 5, max(waits)


def test_a_killed_recode_leaves_a_store_the_next_run_completes(workdir):
    store = workdir / "project.sqlite"
    expected = suggestions(store)
    uncode(store)
    people = decisions_state(store)
    process, batches_done = start_recode(workdir, slow=0.02)
    while batches_done.value < 5:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.join()
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        coded = db.execute("SELECT count(*) FROM coded_segment").fetchone()[0]
        total = db.execute("SELECT count(*) FROM segment").fetchone()[0]
    assert 0 < coded < total    # some batches were kept, not the whole run
    with Store.open(store) as project:
        code(project, load_codebook(workdir / "codebook.yaml"), jobs=1)
    assert suggestions(store) == expected
    assert decisions_state(store) == people
