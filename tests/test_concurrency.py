"""Several coders at once, on both backends, with real processes: four coders
make 500 decisions each (with undos) while `kiicode code` re-codes with an
edited codebook, back and forth, and a fifth coder is SIGKILLed mid-run.
Afterwards every count is exact: each coder's rows are what their own
sequence of decisions and undos leaves, nobody's undo touched anyone else's
work, the machine's suggestions are the final codebook's, and nothing the
killed coder was told was saved is missing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from coded_project import SUGGESTED, coded_template_fixture, project_fixture  # noqa: F401
from conftest import MINI_CODEBOOK, ROOT

from kiicode.store import AUTO_CODER, Store

DECISIONS = 500
CODERS = ("ana", "luis", "eva", "kim")
KILLED = "rosa"
SEGMENTS = sorted(SUGGESTED)
CODES = ("training", "turnover", "specialised_units")

CODER = """
import sys
from kiicode.store import Store
from test_concurrency import plan

location, coder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Store.open(location) as store:
    for n, (action, segment, code, status) in enumerate(plan(coder, count), 1):
        if action == "undo":
            store.undo_last(coder)
        else:
            store.decide(segment, code, coder, status)
        print("saved", n, flush=True)
"""


def plan(coder: str, count: int) -> list[tuple[str, str, str, str]]:
    """The coder's decisions, the same every run: mostly accept/reject, an
    undo every so often."""
    rng = random.Random(coder)
    steps = []
    for _ in range(count):
        if steps and rng.random() < 0.1:
            steps.append(("undo", "", "", ""))
        else:
            steps.append(("decide", rng.choice(SEGMENTS), rng.choice(CODES),
                          rng.choice(("accepted", "rejected"))))
    return steps


def expected(coder: str, count: int) -> tuple[dict, set, int]:
    """(segment, code) -> status, reviewed segments and log length that the
    first `count` steps of the coder's plan leave, undo included."""
    statuses: dict[tuple[str, str], str] = {}
    reviewed: set[str] = set()
    log: list[tuple] = []
    for action, segment, code, status in plan(coder, count):
        if action == "undo":
            if log:
                key, before, newly_reviewed = log.pop()
                if before is None:
                    statuses.pop(key)
                else:
                    statuses[key] = before
                if newly_reviewed:
                    reviewed.discard(key[0])
            continue
        key = (segment, code)
        log.append((key, statuses.get(key), segment not in reviewed))
        statuses[key] = status
        reviewed.add(segment)
    return statuses, reviewed, len(log)


def _edited_codebook(directory) -> str:
    """The mini codebook with one more term for specialised_units ("equipo"
    is in KII-T-01:1), so re-coding back and forth really rewrites suggestions."""
    text = MINI_CODEBOOK.read_text(encoding="utf-8")
    edited = text.replace('any: ["UPE", "CEM"]', 'any: ["UPE", "CEM", "equipo"]')
    assert edited != text
    path = directory / "edited.yaml"
    path.write_text(edited, encoding="utf-8")
    return str(path)


def _spawn(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"),
                                                        os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)


def test_coders_and_a_recode_at_once_lose_nothing(project, tmp_path):
    edited = _edited_codebook(tmp_path)
    recode = ("import sys\nfrom kiicode.cli import main\n"
              "location, books = sys.argv[1], sys.argv[2:]\n"
              "for book in books:\n"
              "    sys.argv = ['kiicode', 'code', '--store', location, '--codebook', book]\n"
              "    try:\n        main()\n    except SystemExit as stop:\n"
              "        assert not stop.code, stop.code\n")
    books = [edited, str(MINI_CODEBOOK)] * 3
    started = time.monotonic()
    coders = {name: _spawn("-c", CODER, project, name, str(DECISIONS)) for name in CODERS}
    victim = _spawn("-c", CODER, project, KILLED, str(DECISIONS * 4))
    recoder = _spawn("-c", recode, project, *books)

    confirmed = 0            # the killed coder's decisions it was told were saved
    while confirmed < DECISIONS // 2:
        line = victim.stdout.readline()
        assert line, victim.stderr.read()
        confirmed = int(line.split()[1])
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    for line in victim.stdout:   # what it printed before the kill and we had not read
        # A line the kill cut short (no newline yet) was never a confirmation:
        # the coder is told a decision is saved only by a whole "saved N" line.
        if line.endswith("\n"):
            confirmed = int(line.split()[1])
    victim.stdout.close()
    victim.stderr.close()

    for name, process in [*coders.items(), ("recode", recoder)]:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, f"{name}: {err}"
        assert "Traceback" not in err and "Error" not in err, f"{name}: {err}"
        if name != "recode":
            assert out.splitlines()[-1] == f"saved {DECISIONS}"
    assert time.monotonic() - started < 120

    with Store.open(project) as store:
        for coder in CODERS:
            statuses, reviewed, logged = expected(coder, DECISIONS)
            rows = {(c.segment, c.code): c.status for c in store.codings(coder=coder)}
            assert rows == statuses, coder
            assert set(store.reviewed(coder)) == reviewed, coder
            assert store.db.execute("SELECT COUNT(*) FROM decision_log WHERE coder=?",
                                    (coder,)).fetchone()[0] == logged
        # the killed coder: everything confirmed, and at most the one step in flight
        done = [n for n in (confirmed, confirmed + 1)
                if {(c.segment, c.code): c.status for c in store.codings(coder=KILLED)}
                == expected(KILLED, n)[0]]
        assert done, "a decision the killed coder was told was saved is missing"
        # the machine's suggestions are the last codebook's, never a coder's row
        suggested = {(c.segment, c.code) for c in store.codings(coder=AUTO_CODER)}
        assert suggested == {(s, c) for s, codes in SUGGESTED.items() for c in codes}
        stamps = [c.updated for c in store.codings() if c.coder != AUTO_CODER]
        assert all(len(stamp) == len("2026-01-01T00:00:00.000000+00:00") for stamp in stamps)


def test_a_lock_held_too_long_is_a_clear_error(project, invoke, monkeypatch):
    """Another command holding the store past the wait limit: the waiting
    command says so and saves nothing (no driver traceback)."""
    from kiicode.store import backends

    monkeypatch.setattr(backends.SQLite, "BUSY_SECONDS", 1)
    monkeypatch.setattr(backends.Postgres, "BUSY_SECONDS", 1)
    holder = Store.open(project)
    try:
        with holder.transaction():
            holder.lock("coder:ana")      # PostgreSQL: ana's lock; SQLite: the write lock
            holder.db.execute("UPDATE meta SET value=value WHERE key='schema_version'")
            result = invoke("accept", "training", "KII-T-01:1", "--coder", "ana",
                            "--store", project)
    finally:
        holder.close()
    assert result.exit_code == 1, result.output
    assert "the project store stayed busy" in result.stderr
    assert "Traceback" not in result.output
    with Store.open(project) as store:
        assert store.codings(coder="ana") == []


def test_undo_never_undoes_another_coders_decision(project):
    with Store.open(project) as store:
        store.decide("KII-T-01:1", "training", "luis", "accepted")
        assert store.undo_last("ana") is None
        assert [c.coder for c in store.codings(coder="luis")] == ["luis"]
