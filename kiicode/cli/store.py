"""`kiicode store ...`: move a project between an SQLite file and a shared
PostgreSQL database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ..store import Store, remove_store, store_exists
from ..store.copy import copy_store
from . import console

app = typer.Typer(no_args_is_help=True, help="Move a project between stores.\n\n"
                  "Example: kiicode store copy kiicode.sqlite "
                  "postgresql://ana@db.example.org:5432/cpc")


@app.command("copy")
def copy_cli(
    source: Annotated[str, typer.Argument(help="The project to copy: an SQLite file or a "
                                          "postgresql:// address.")],
    target: Annotated[str, typer.Argument(help="Where to copy it: a new SQLite file, or an "
                                          "empty PostgreSQL database (or schema).")],
) -> None:
    """Copy every table of a project, row for row, into an empty store, and
    verify it: the row count and a content hash of every table must be the
    same on both sides before the copy is committed (else nothing is kept).

    Decisions, links, memos, the undo history, respondent attributes and the
    token cache all come along; the source is only read.

    Example: kiicode store copy kiicode.sqlite postgresql://ana@db.example.org:5432/cpc
    """
    new_target = not store_exists(target)
    with Store.open(source) as origin:
        try:
            with Store.open(target, create=True) as destination:
                copied = copy_store(origin, destination)
        except BaseException:
            if new_target:   # a failed copy leaves no half project behind
                remove_store(target)
            raise
    table = Table(title=f"Copied {console.escape(origin.path)} -> "
                        f"{console.escape(destination.path)}")
    for column in ("table", "rows", "sha256 (same on both sides)"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for item in copied:
        table.add_row(item.table, str(item.rows), item.sha256)
    console.out.print(table)
    console.note(f"Verified: {len(copied)} tables, {sum(c.rows for c in copied)} rows, "
                 "counts and hashes equal.")
