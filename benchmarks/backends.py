"""The same project on SQLite and on PostgreSQL: ingest, first `kiicode code`
and `kiicode tally`, each a fresh process (wall, CPU of the kiicode process,
peak memory), into a Markdown table for benchmarks/results.md.

    python benchmarks/backends.py CORPUS_DIR CODEBOOK.yaml [--url postgresql://...]

Without --url it starts a throwaway PostgreSQL server the way the tests do
(tests/pg_server.py). The server's own CPU is not in the CPU column: compare
wall times, on a machine as quiet as you can get (say how loaded it was)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from run import KIICODE, Step, run_step

HERE = Path(__file__).resolve().parent


def steps(store: str, corpus: Path, codebook: Path, logs: Path) -> list[Step]:
    done = []
    for name, args in (("ingest", ["ingest", str(corpus)]), ("code", ["code"]),
                       ("tally", ["tally", "--status", "all"])):
        step = run_step(Step(name, name), [*KIICODE, *args, "--store", store,
                                           "--codebook", str(codebook)], logs / name)
        done.append(step)
        if step.status != "ok":
            break
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("codebook", type=Path)
    parser.add_argument("--url", help="an empty PostgreSQL database (default: start one)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kiicode-backends-"))
    server = None
    url = args.url
    if url is None:
        sys.path.insert(0, str(HERE.parent / "tests"))
        from pg_server import PostgresServer

        server = PostgresServer().start()
        url = server.create_database("bench")
    try:
        results = {"SQLite": steps(str(work / "p.sqlite"), args.corpus, args.codebook,
                                   work / "sqlite"),
                   "PostgreSQL": steps(url, args.corpus, args.codebook, work / "pg")}
    finally:
        if server is not None:
            server.stop()
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| step | SQLite wall s | PostgreSQL wall s | PG/SQLite | SQLite CPU s | "
          "PostgreSQL client CPU s | SQLite peak MB | PostgreSQL peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    for lite, pg in zip(results["SQLite"], results["PostgreSQL"], strict=False):
        ratio = f"{pg.wall / lite.wall:.2f}" if lite.wall and pg.wall else "-"
        print(f"| {lite.name} | {lite.wall:.1f} | {pg.wall:.1f} | {ratio} | {lite.cpu:.1f} | "
              f"{pg.cpu:.1f} | {lite.peak_mb:.0f} | {pg.peak_mb:.0f} |"
              + ("" if pg.status == "ok" else f" {pg.status}"))


if __name__ == "__main__":
    main()
