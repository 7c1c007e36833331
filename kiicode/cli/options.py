"""Options several commands share, defined once."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..analysis import Whose
from ..codebook import Codebook, default_codebook_path, load_codebook
from ..errors import CodebookError, KiicodeError, Location, Problem
from ..store import Store, remove_store, store_exists

DEFAULT_STORE = "kiicode.sqlite"

# A string, not a Path: Path would fold postgresql://host/db into a file name.
StoreOption = Annotated[str | None, typer.Option(
    "--store", "-s", envvar="KIICODE_STORE",
    help="Project store: an SQLite file, or postgresql://USER@HOST:PORT/DBNAME for a "
    "team's shared database (docs/team.md). Default: kiicode.sqlite in the current folder, "
    "or KIICODE_STORE.")]
CodebookOption = Annotated[Path | None, typer.Option(
    "--codebook", "-c", help="Codebook YAML. Default: the one the project was ingested with "
    "(an error if that file is gone), else the CPC Peru codebook shipped with kiicode "
    "(codebooks/cpc_peru.yaml).")]
CoderOption = Annotated[str, typer.Option("--coder", help="Your coder name, kept with every "
                                          "decision.")]



class Status(str, Enum):
    """Which codings count (see docs/reporting.md)."""

    accepted = "accepted"
    reviewed = "reviewed"
    all = "all"


StatusOption = Annotated[Status, typer.Option(
    "--status", help="Which codings count: 'accepted' (accepted or manual codes and manual "
    "links), 'reviewed' (also suggestions left standing on segments a coder reviewed) or "
    "'all' (also unreviewed suggestions: not final). Rejected codings never count.")]
WhoseOption = Annotated[str | None, typer.Option(
    "--coder", help="Count only this coder's decisions and links (default: the latest "
    "decision by anyone).")]
AgreementOption = Annotated[list[str] | None, typer.Option(
    "--agreement", help="Count only what these coders agree on; repeat it: --agreement ana "
    "--agreement luis (instead of --coder).")]


def whose(coder: str | None, agreement: list[str] | None) -> Whose:
    """The counting rule the --coder / --agreement flags choose (analysis.Whose)."""
    if not agreement:
        return coder
    if coder:
        raise typer.BadParameter("choose one counting rule: --coder or --agreement",
                                 param_hint="--agreement")
    if len(set(agreement)) < 2:
        raise typer.BadParameter("name two or more coders", param_hint="--agreement")
    return tuple(dict.fromkeys(agreement))


def default_store() -> str:
    return os.environ.get("KIICODE_STORE") or DEFAULT_STORE


def codebook_for(store: Store | None, path: Path | None) -> Codebook:
    """The codebook a command works with, by one explicit rule (docs/codebook.md):
    the one given with --codebook; else the one the project recorded at ingest,
    and when that file is gone, an error naming it (never a silent switch to
    another codebook, which would move suggestions and counts); else, for a
    project that recorded none, the default CPC Peru codebook shipped inside
    the package (wherever kiicode runs from)."""
    if path is None and store is not None:
        recorded = store.get_meta("codebook_path")
        if recorded:
            if not Path(recorded).exists():
                raise CodebookError(Problem(
                    Location(recorded), "the project's codebook (recorded at ingest) is missing",
                    "restore the file, or pass --codebook FILE to use another one"))
            path = Path(recorded)
    return load_codebook(path or default_codebook_path())


def project_codebook(store: str | None, codebook: Path | None) -> Codebook:
    """`codebook_for` when no store is required: the codebook given, else
    the project's if the store exists, else the default."""
    store_path = store or default_store()
    if codebook is None and store_exists(store_path):
        with Store.open(store_path) as project:
            return codebook_for(project, None)
    return codebook_for(None, codebook)


@contextmanager
def created_store(location: str | Path) -> Iterator[Store]:
    """The store, created if needed; when the command fails on bad input and
    the store is new, no empty project is left behind (a PostgreSQL
    database is never removed)."""
    new_project = not store_exists(location)
    project = Store.open(location, create=True)
    try:
        yield project
    except KiicodeError:
        project.close()
        if new_project:
            remove_store(location)
        raise
    finally:
        project.close()


class ListFormat(str, Enum):
    """How a listing command prints: a table for people, JSON or CSV for scripts."""

    table = "table"
    json = "json"
    csv = "csv"


ListFormatOption = Annotated[ListFormat, typer.Option(
    "--format", help="table (terminal), json or csv (for scripts and spreadsheets).")]


def print_rows(rows: list[dict], columns: list[str], fmt: ListFormat) -> None:
    """A listing as JSON (a list of objects with exactly `columns`, in that
    order, whatever else a row holds) or CSV (a header, then formula-escaped
    cells) on stdout, nothing else: messages go to stderr."""
    from . import console

    if fmt == ListFormat.json:
        stable = [{column: row.get(column) for column in columns} for row in rows]
        console.out.file.write(json.dumps(stable, ensure_ascii=False, indent=2) + "\n")
        return
    console.out.file.write(csv_text(rows, columns))


def csv_text(rows: Iterable[dict], columns: list[str]) -> str:
    """Rows as CSV: a header, then one line per row, every cell a spreadsheet
    would run as a formula escaped (SafeDictWriter)."""
    from ..export import SafeDictWriter

    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=columns, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def print_listing(rows: list[dict], columns: list[str], fmt: ListFormat,
                  table: Table | None = None, headers: list[str] | None = None) -> None:
    """The one way every listing command prints its rows: `table` (or, when
    none is given, a plain table of `columns` under `headers`) for the
    terminal; JSON or CSV of the same rows for scripts (`print_rows`)."""
    from . import console

    if fmt != ListFormat.table:
        print_rows(rows, columns, fmt)
        return
    if table is None:
        table = Table(*(headers or columns))
        for row in rows:
            table.add_row(*(console.escape("" if row.get(c) is None else str(row[c]))
                            for c in columns))
    console.out.print(table)
