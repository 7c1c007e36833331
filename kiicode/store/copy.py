"""Move a project between stores (SQLite <-> PostgreSQL, or file to file):
every table, row for row, in one transaction on the target, verified by a
count and a content hash per table before it commits."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from ..errors import Location, Problem, StoreError
from . import MIGRATIONS, SCHEMA, Store

_BATCH = 2000


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    sha256: str        # of the table's rows, in an order and form both databases share


def tables() -> list[str]:
    """Every table, in the order the schema creates them (referenced tables first)."""
    script = SCHEMA + "".join(MIGRATIONS[v] for v in sorted(MIGRATIONS))
    return list(dict.fromkeys(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", script)))


def _with_ids() -> set[str]:
    script = SCHEMA + "".join(MIGRATIONS[v] for v in sorted(MIGRATIONS))
    return set(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\(\s*id INTEGER PRIMARY "
                          r"KEY AUTOINCREMENT", script))


def table_digest(store: Store, table: str) -> TableCopy:
    """Row count and a hash of the rows (each as JSON, sorted in Python so the
    databases' collations do not matter)."""
    lines = sorted(json.dumps(list(row), ensure_ascii=False, default=_plain)
                   for row in _rows(store, table))
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return TableCopy(table, len(lines), digest.hexdigest())


def _plain(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    raise TypeError(type(value).__name__)


def _rows(store: Store, table: str):
    cursor = store.db.cursor()
    cursor.row_factory = None
    return cursor.execute(f"SELECT * FROM {table}").fetchall()


def _columns(store: Store, table: str) -> list[str]:
    row = store.db.execute(f"SELECT * FROM {table} LIMIT 1").fetchone()
    if row is not None:
        return list(row.keys())
    return []


def copy_store(source: Store, target: Store) -> list[TableCopy]:
    """Copy everything in `source` into the empty project `target`; returns
    each table's count and hash, the same on both sides (else StoreError and
    the target is left as it was)."""
    held = {t: n for t, n in target.counts().items() if n}
    if held:
        raise StoreError(Problem(Location(target.path), "the target already holds a project ("
                                 + ", ".join(f"{n} {t}" for t, n in held.items()) + ")",
                                 "copy into a new file or an empty database"))
    if source.get_meta("schema_version") != target.get_meta("schema_version"):
        raise StoreError(Problem(Location(source.path), "the two stores have different "
                                 "schema versions", "open both with this kiicode first"))
    copied = []
    with target.transaction():
        for table in tables():
            rows = _rows(source, table)
            target.db.execute(f"DELETE FROM {table}")   # meta: the target's own first rows
            if rows:
                columns = _columns(source, table)
                names = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join("?" * len(columns))
                for start in range(0, len(rows), _BATCH):
                    target.db.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                                          rows[start:start + _BATCH])
            if table in _with_ids():
                target.backend.reset_ids(target.db, table)
            expected, got = table_digest(source, table), table_digest(target, table)
            if expected != got:
                raise StoreError(Problem(Location(target.path), f"table {table} differs after "
                                         f"copying ({expected.rows} rows read, {got.rows} "
                                         "written)", "nothing was kept; please report this"))
            copied.append(got)
    return copied
