"""`kiicode export ...`: tables for reports and other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..export.tabular import CODING_COLUMNS, coding_rows, write_rows
from ..store import Store
from . import console
from .options import CodebookOption, StoreOption, codebook_for, default_store

app = typer.Typer(no_args_is_help=True, help="Export codings and evidence.")


@app.command("codings")
def codings_cli(
    out: Annotated[Path, typer.Argument(help="File to write (.csv or .jsonl).")],
    store: StoreOption = None, codebook: CodebookOption = None,
    fmt: Annotated[str | None, typer.Option("--format", help="csv or jsonl (default: from the "
                                            "file extension).")] = None,
    coder: Annotated[str | None, typer.Option(help="Count only this coder's decisions "
                                              "(default: latest decision by anyone).")] = None,
) -> None:
    """One row per segment x code: transcript, respondent, offsets, text, code,
    status, score, patterns fired and the findings the segment supports.

    Example: kiicode export codings out/codings.csv --store out/project.sqlite
    """
    chosen = (fmt or out.suffix.lstrip(".") or "csv").lower()
    if chosen not in ("csv", "jsonl"):
        raise typer.BadParameter("use csv or jsonl", param_hint="--format")
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        count = write_rows(coding_rows(project, book, coder), out, chosen, CODING_COLUMNS)
    console.note(f"Wrote {count} rows to {console.escape(str(out))}")
