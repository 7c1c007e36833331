"""What SQLAlchemy Core would cost the store on SQLite, for the choice of
hand-written two-dialect SQL (README, "Two databases"): the store's two hot
paths, written the way kiicode writes them and the way SQLAlchemy Core would.

    pip install sqlalchemy      # not a kiicode dependency; only for this measurement
    python benchmarks/sqlalchemy_overhead.py raw|core [ROWS]

Each run writes ROWS machine suggestions (executemany, as
Store.replace_suggestions does) into a fresh file, then reads every coding
row back as tuples (as Store.coding_statuses does for tally and audit), and
prints the seconds of each. Time the two as whole processes side by side."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time

SCHEMA = ("CREATE TABLE coding (segment TEXT NOT NULL, code TEXT NOT NULL, coder TEXT NOT NULL, "
          "origin TEXT NOT NULL, status TEXT NOT NULL, score REAL, evidence TEXT NOT NULL, "
          "created TEXT NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (segment, code, coder))")
INSERT = ("INSERT INTO coding VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(segment, code, "
          "coder) DO UPDATE SET score=excluded.score, evidence=excluded.evidence")
SELECT = "SELECT segment, code, coder, status, updated FROM coding"


def rows(count: int) -> list[tuple]:
    evidence = json.dumps([{"pattern": "capacitación", "start": 10, "end": 22}])
    stamp = "2026-12-01T20:00:00.000000+00:00"
    return [(f"KII-{n // 40:05d}:{n % 40}", f"code_{n % 300}", "auto", "auto", "suggested",
             0.5, evidence, stamp, stamp) for n in range(count)]


def raw(path: str, data: list[tuple]) -> tuple[float, float]:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(SCHEMA)
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.executemany(INSERT, data)
    db.execute("COMMIT")
    wrote = time.perf_counter() - start
    start = time.perf_counter()
    cursor = db.cursor()
    cursor.row_factory = None
    assert len(cursor.execute(SELECT).fetchall()) == len(data)
    return wrote, time.perf_counter() - start


def core(path: str, data: list[tuple]) -> tuple[float, float]:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{path}")
    names = ["segment", "code", "coder", "origin", "status", "score", "evidence", "created",
             "updated"]
    insert = text(INSERT.replace("VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 "VALUES (" + ", ".join(f":{n}" for n in names) + ")"))
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        connection.exec_driver_sql(SCHEMA)
    start = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(insert, [dict(zip(names, row, strict=True)) for row in data])
    wrote = time.perf_counter() - start
    start = time.perf_counter()
    with engine.connect() as connection:
        assert len(connection.execute(text(SELECT)).fetchall()) == len(data)
    return wrote, time.perf_counter() - start


def main() -> None:
    which = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    data = rows(count)
    with tempfile.TemporaryDirectory() as folder:
        wrote, read = {"raw": raw, "core": core}[which](os.path.join(folder, "p.sqlite"), data)
    print(f"{which}: {count} rows written in {wrote:.3f} s, read in {read:.3f} s")


if __name__ == "__main__":
    main()
