"""Where a project store lives and how the store talks to it: an SQLite file
(the embedded default) or a PostgreSQL database a team shares.

The store's SQL is written once, in the spelling both databases accept
(`?` placeholders, `ON CONFLICT ... DO ...`, `RETURNING`, standard types);
what still differs — DDL types, locks, the clock, JSON functions, how a
transaction starts — is answered here by the backend. SQLite keeps the bare
`sqlite3.Connection` (no wrapper, so no cost on the embedded path); PostgreSQL
gets `PostgresConnection`, which offers the same few methods over psycopg 3."""

from __future__ import annotations

import random
import re
import sqlite3
import time
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from ..errors import Location, Problem, StoreError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
# Anything shaped like "scheme:/..." that is not PostgreSQL is a typo or an
# unsupported database, never a file name (a Windows drive is one letter).
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")

HINT_ADDRESS = ("use a .sqlite file path, or postgresql://USER@HOST:PORT/DBNAME "
                "(see docs/team.md)")


def is_postgres(location: str | Path) -> bool:
    return str(location).startswith(POSTGRES_SCHEMES)


def check_location(location: str | Path) -> str:
    """The store address as given, refused when it is neither a file path nor
    a PostgreSQL URL without a password (passwords belong in PGPASSWORD,
    ~/.pgpass or a service file, never in a command line kiicode may echo)."""
    text = str(location)
    if is_postgres(text):
        from psycopg.conninfo import conninfo_to_dict

        try:
            params = conninfo_to_dict(text)
        except Exception as exc:  # psycopg.ProgrammingError: libpq's own words
            raise StoreError(Problem(Location("--store"), f"not a PostgreSQL address "
                                     f"({_first_line(exc)})", HINT_ADDRESS)) from None
        if params.get("password"):
            raise StoreError(Problem(Location("--store"),
                                     "the PostgreSQL address contains a password",
                                     "remove it and set PGPASSWORD or use ~/.pgpass or a "
                                     "service file (docs/team.md)"))
        return text
    if _URL_LIKE.match(text):
        raise StoreError(Problem(Location(text), "not a store kiicode can open", HINT_ADDRESS))
    return text


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


# --- SQLite ---------------------------------------------------------------------

class SQLite:
    """The embedded default: one file, WAL, one writer at a time."""

    name = "sqlite"
    begin = "BEGIN IMMEDIATE"   # take the write lock first: no upgrade deadlock later
    busy_errors: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)
    BUSY_SECONDS = 30

    @staticmethod
    def connect_raw(path: str, readonly: bool = False) -> sqlite3.Connection:
        """A connection that has written nothing yet (see `configure`)."""
        if readonly:   # as_uri() escapes spaces, '#' and '?' in the project's path
            connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                                         timeout=SQLite.BUSY_SECONDS, isolation_level=None)
        else:
            connection = sqlite3.connect(path, timeout=SQLite.BUSY_SECONDS,
                                         isolation_level=None)
        connection.row_factory = sqlite3.Row
        return connection

    @staticmethod
    def configure(connection: sqlite3.Connection, readonly: bool = False) -> None:
        if not readonly:
            connection.execute("PRAGMA journal_mode=WAL")   # the first write to the file
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute(f"PRAGMA busy_timeout={SQLite.BUSY_SECONDS * 1000}")
        connection.execute("PRAGMA synchronous=NORMAL")

    @staticmethod
    def start(db) -> None:
        """BEGIN IMMEDIATE, waiting for another writer in short random naps:
        SQLite's own busy handler backs off to 100 ms sleeps, which under
        several coders at once wastes most of the time asleep."""
        deadline = time.monotonic() + SQLite.BUSY_SECONDS
        db.execute("PRAGMA busy_timeout=0")
        try:
            while True:
                try:
                    db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not SQLite.is_busy(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(random.uniform(0.0005, 0.004))
        finally:
            db.execute(f"PRAGMA busy_timeout={SQLite.BUSY_SECONDS * 1000}")

    @staticmethod
    def ddl(script: str) -> str:
        return script

    @staticmethod
    def has_table(db, name: str) -> bool:
        return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                          (name,)).fetchone() is not None

    @staticmethod
    def table_names(db) -> set[str]:
        return {row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")}

    @staticmethod
    def lock(db, name: str) -> None:
        """BEGIN IMMEDIATE already holds the only write lock there is."""

    @staticmethod
    def clock(db) -> str:
        # The file is on this machine, so this machine's clock is the server's.
        return datetime.now(timezone.utc).isoformat(timespec="microseconds")

    # A JSON array of the distinct patterns in a coding's evidence.
    patterns_sql = ("(SELECT json_group_array(DISTINCT json_extract(e.value, '$.pattern')) "
                    "FROM json_each(c.evidence) AS e)")

    @staticmethod
    def is_busy(exc: BaseException) -> bool:
        text = str(exc)
        return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)

    @staticmethod
    def reset_ids(db, table: str) -> None:
        """AUTOINCREMENT follows the largest id by itself."""


# --- PostgreSQL -------------------------------------------------------------------

@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    # psycopg's placeholder is %s and a literal % must be doubled; the store's
    # SQL never has a '?' inside a string literal.
    return sql.replace("%", "%%").replace("?", "%s")


@lru_cache(maxsize=64)
def _row_class(names: tuple[str, ...]) -> type:
    index = {name: n for n, name in enumerate(names)}

    class Row(tuple):
        """A row readable by column name or position, like sqlite3.Row."""

        __slots__ = ()

        def __getitem__(self, key):
            if isinstance(key, str):
                return tuple.__getitem__(self, index[key])
            return tuple.__getitem__(self, key)

        def keys(self) -> list[str]:
            return list(names)

    return Row


def _named_rows(cursor):
    names = tuple(column.name for column in cursor.description or ())
    row = _row_class(names)
    return row


class _Cursor:
    """`connection.cursor()` with sqlite3's `row_factory = None` for plain tuples."""

    def __init__(self, connection: PostgresConnection):
        self._connection = connection
        self.row_factory = "named"

    def execute(self, sql: str, params=()):
        from psycopg.rows import tuple_row

        factory = tuple_row if self.row_factory is None else _named_rows
        cursor = self._connection.raw.cursor(row_factory=factory)
        return cursor.execute(_pg_sql(sql), params)


class PostgresConnection:
    """The part of sqlite3.Connection's interface the store uses, over psycopg 3."""

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params=()):
        cursor = self.raw.cursor(row_factory=_named_rows)
        return cursor.execute(_pg_sql(sql), params)

    def executemany(self, sql: str, rows):
        cursor = self.raw.cursor()
        cursor.executemany(_pg_sql(sql), rows)
        return cursor

    def cursor(self) -> _Cursor:
        return _Cursor(self)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


class Postgres:
    """A shared database: many writers, row locks, the server's clock."""

    name = "postgresql"
    begin = "BEGIN"   # READ COMMITTED; writers that must not interleave take lock()

    @staticmethod
    def start(db) -> None:
        db.execute(Postgres.begin)
    BUSY_SECONDS = 30

    @staticmethod
    def connect(url: str, readonly: bool = False) -> PostgresConnection:
        import psycopg

        try:
            raw = psycopg.connect(url, autocommit=True, application_name="kiicode")
        except psycopg.Error as exc:
            # libpq's message names host, port and user, never the password.
            raise StoreError(Problem(Location(url), "cannot connect to the PostgreSQL "
                                     f"database ({_first_line(exc)})",
                                     "check the address, that the server runs, and your "
                                     "password in PGPASSWORD or ~/.pgpass")) from None
        raw.execute("SET TIME ZONE 'UTC'")
        raw.execute(f"SET lock_timeout = '{Postgres.BUSY_SECONDS}s'")
        if readonly:
            raw.execute("SET default_transaction_read_only = on")
        return PostgresConnection(raw)

    @staticmethod
    def ddl(script: str) -> str:
        """The schema written in SQLite's words, in PostgreSQL's: ids count up,
        floats are doubles, and text sorts by code point (COLLATE "C") exactly
        as SQLite sorts it, whatever the database's locale."""
        script = re.sub(r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b",
                        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", script)
        script = re.sub(r"\bREAL\b", "DOUBLE PRECISION", script)
        script = re.sub(r"\bBLOB\b", "BYTEA", script)
        return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', script)

    @staticmethod
    def has_table(db, name: str) -> bool:
        return db.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]

    @staticmethod
    def table_names(db) -> set[str]:
        """Tables of the schema kiicode writes to (the first on the search path)."""
        return {row[0] for row in db.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")}

    @staticmethod
    def lock(db, name: str) -> None:
        """Wait for (and hold until commit) the transaction lock called `name`:
        one coder's decisions, or one re-code, at a time."""
        db.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (f"kiicode:{name}",))

    @staticmethod
    def clock(db) -> str:
        # The server's time when the transaction began: one clock for every
        # coder's laptop, and one instant for everything a command writes.
        return db.execute("SELECT to_char(now(), 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
                          ).fetchone()[0]

    patterns_sql = ("COALESCE((SELECT json_agg(DISTINCT e.value ->> 'pattern')::text "
                    "FROM json_array_elements(c.evidence::json) AS e), '[]')")

    @staticmethod
    def is_busy(exc: BaseException) -> bool:
        from psycopg import errors

        return isinstance(exc, (errors.LockNotAvailable, errors.DeadlockDetected,
                                errors.QueryCanceled))

    @staticmethod
    def reset_ids(db, table: str) -> None:
        """After rows were copied with their ids, new ids continue after them."""
        db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                   f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")


def backend_for(location: str) -> type[SQLite] | type[Postgres]:
    return Postgres if is_postgres(location) else SQLite
