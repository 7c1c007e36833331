"""Scan speed: `kiicode pii scan` over a generated corpus.

    python benchmarks/pii_speed.py prepare OUT_DIR --words 1000000   # corpus + store
    python benchmarks/pii_speed.py scan OUT_DIR                       # time the library scan

`prepare` writes the benchmark corpus (benchmarks/generate.py: the sample's
sentences recombined; ~1,000 respondent words per transcript, plus the
interviewers' questions) and ingests it. `scan` times `scan_store` in this
process (reading every transcript's full text from the store and scanning
it) and prints words per second. For the whole command, start to exit, use
farm-bench:

    farm-bench -n 3 --timeout 300 -- sh -c \\
        'kiicode pii scan --store OUT_DIR/p.sqlite --format csv > /dev/null'
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def prepare(out: Path, words: int) -> None:
    from generate import generate_corpus

    from kiicode.codebook import load_codebook
    from kiicode.pipeline import ingest
    from kiicode.store import Store

    corpus = out / "corpus"
    stats = generate_corpus(corpus, words)
    with Store.open(out / "p.sqlite", create=True) as store:
        ingest(store, [corpus], load_codebook(Path(__file__).resolve().parent.parent /
                                              "codebooks" / "cpc_peru.yaml"))
    print(f"prepared {stats}")


def scan(out: Path) -> None:
    from kiicode.pii.names import gazetteer
    from kiicode.pii.scan import scan_store
    from kiicode.store import Store

    gazetteer()   # load the shipped name list once, outside the timed scan
    with Store.open(out / "p.sqlite") as store:
        started, cpu = time.perf_counter(), time.process_time()
        summary = scan_store(store)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{summary.words:,} words in {summary.transcripts} transcripts scanned in "
          f"{elapsed:.2f} s wall, {cpu:.2f} s CPU ({summary.words / elapsed:,.0f} words/s "
          f"wall); {len(summary.hits)} hits")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=("prepare", "scan"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--words", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.out, args.words)
    else:
        scan(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
