"""Killing the terminal loses nothing shown as saved: a process making
decisions as fast as it can is SIGKILLed mid-session; every decision it had
confirmed is in the store and the database is intact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from coded_project import coded_template_fixture, project_fixture  # noqa: F401
from conftest import MINI_CODEBOOK, ROOT

from kiicode.store import Store

CODER = """
import sys
from kiicode.codebook import load_codebook
from kiicode.review import ReviewSession
from kiicode.store import Store

store = Store.open(sys.argv[1])
session = ReviewSession(store, load_codebook(sys.argv[2]), "ana")
for segment in session.segments:          # one confirmed code per segment first
    session.go_to(segment.id)
    session.assign("training")
    print("saved code", segment.id, flush=True)
n = 0
while True:                               # then memos, until killed
    n += 1
    session.go_to(session.segments[n % len(session.segments)].id)
    session.memo(f"note {n}")
    print("saved memo", session.current.id, f"note {n}", flush=True)
"""

WANTED = 40


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_mid_session_keeps_every_confirmed_decision(project):
    process = subprocess.Popen([sys.executable, "-c", CODER, str(project), str(MINI_CODEBOOK)],
                               stdout=subprocess.PIPE, text=True, cwd=ROOT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    confirmed: list[list[str]] = []
    deadline = time.monotonic() + 30
    try:
        while len(confirmed) < WANTED and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            confirmed.append(line.rstrip("\n").split(maxsplit=3)[1:])
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    assert len(confirmed) == WANTED, "the coder process stopped early"

    if not project.startswith("postgresql:"):
        with sqlite3.connect(project) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store.open(project) as store:
        codes = {(c.segment, c.code) for c in store.codings(coder="ana")}
        memos = {(m.target_id, m.text) for m in store.memos()}
        for kind, segment, *rest in confirmed:
            if kind == "code":
                assert (segment, "training") in codes
            else:
                assert (segment, rest[0]) in memos
        assert len(memos) >= sum(1 for kind, *_ in confirmed if kind == "memo")
