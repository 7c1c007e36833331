"""How long a coder's decision waits behind a running `kiicode code`.

Generates a corpus (default 200,000 words) and a 300-code codebook, ingests
it, then runs the first `kiicode code` in a child process while this process
saves one decision after another (as the review screen does) and records how
long each took. Prints the longest and median waits.

    .venv/bin/python benchmarks/busy_wait.py [WORDS] [KIICODE_SOURCE_DIR]

KIICODE_SOURCE_DIR runs another checkout's kiicode (e.g. /work/main before a
change) for a before/after comparison on the same data."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_corpus, scale_codebook  # noqa: E402


def main() -> None:
    words = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    source = sys.argv[2] if len(sys.argv) > 2 else str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=source)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        generate_corpus(work / "corpus", words=words)
        scale_codebook(dst=work / "book.yaml", codes=300)
        store = work / "p.sqlite"
        run = [sys.executable, "-m", "kiicode"]
        subprocess.run([*run, "ingest", work / "corpus", "--store", store, "--codebook",
                        work / "book.yaml"], env=env, check=True, capture_output=True)
        sys.path.insert(0, source)
        from kiicode.store import Store

        with Store.open(store) as project:
            segment_ids = [s.id for s in project.segments()][:2000]
        coding = subprocess.Popen([*run, "code", "--store", store], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        waits = []
        started = time.monotonic()
        with Store.open(store) as project:
            n = 0
            while coding.poll() is None:
                before = time.monotonic()
                project.mark_reviewed(segment_ids[n % len(segment_ids)], "ana")
                waits.append(time.monotonic() - before)
                n += 1
                time.sleep(0.05)   # a fast coder: twenty decisions a second
        took = time.monotonic() - started
    print(f"{words:,} words, 300 codes, code ran {took:.1f} s; {len(waits)} decisions: "
          f"longest wait {max(waits):.2f} s, median {statistics.median(waits) * 1000:.0f} ms "
          f"(source: {source})")


if __name__ == "__main__":
    main()
